"""Every pattern and word list the quote engine uses, gathered in one place.

Word lists live in ``toolkit/data`` (``reporting_verbs.csv``, ``speakers.yml``); this module reads
them once and compiles the regular expressions built from them.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from toolkit.actors import trie_pattern
from toolkit.segment import ENGLISH_STOP_WORDS  # scikit-learn's list, without importing scikit-learn

# --- quotation marks ---------------------------------------------------------------------------
DOUBLE_OPEN = "“„‟«"
DOUBLE_CLOSE = "”»"
DOUBLE_BOTH = '"'
SINGLE_OPEN = "‘‚‹"
SINGLE_CLOSE = "’›"
SINGLE_BOTH = "'"
DOUBLE_MARK = re.compile(f"[{DOUBLE_OPEN}{DOUBLE_CLOSE}{DOUBLE_BOTH}]")
SINGLE_MARK = re.compile(f"[{SINGLE_OPEN}{SINGLE_CLOSE}{SINGLE_BOTH}]")
# a mark that may open a single quote (’ never does: it closes one or is an apostrophe, as in Trump’s)
SINGLE_OPENER = re.compile(f"[{SINGLE_OPEN}{SINGLE_BOTH}]")
ASCII_DOUBLE = re.compile(r"''")  # old ASCII double quotes (NYT archive): ''This isn't tax reform,'' said …
ALL_MARKS = DOUBLE_OPEN + DOUBLE_CLOSE + DOUBLE_BOTH + SINGLE_OPEN + SINGLE_CLOSE + SINGLE_BOTH
ANY_MARK = re.compile(f"[{ALL_MARKS}]")
# what may stand before an opening mark / after a closing one
BEFORE_OPEN = "([{—–-/" + DOUBLE_OPEN + SINGLE_OPEN
AFTER_CLOSE = ",.;:!?)]}—–-…" + DOUBLE_CLOSE + SINGLE_CLOSE + DOUBLE_BOTH + SINGLE_BOTH
# a quote ends with one of these when its opening mark was lost ('… prove it," Zelensky wrote')
QUOTE_FINAL = ",.!?…"
# apostrophes that open a word rather than a quote: 'em, 'til, ’90s, rock ’n’ roll
ELISION = re.compile(r"['‘’](?:em|til|tis|twas|cause|n|\d\d)(?![\w])", re.I)
MARKUP_TAG = re.compile(r"<[A-Za-z/][^<>]*>")  # tags left in scraped text; their attribute quotes are no speech

# --- words and phrases -------------------------------------------------------------------------
UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĢĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŹŻŽ"
TITLE_ABBREVIATIONS = "Mr Mrs Ms Dr Sen Rep Gov Gen Lt Col Capt Sgt Prof Rev St Jr Sr".split()
# one capitalised token: U.S., Mr., J., Caliber.Az, O’Neill, Jean-Noel; written as its capital and the
# rest (CAP_REST), so that a pattern may test what stands before the token right after that capital
CAP_REST = (
    rf"(?:\.(?:[{UPPER}]\.)+|(?:{'|'.join(f'(?<={a[0]}){a[1:]}' for a in TITLE_ABBREVIATIONS)})\."
    rf"|\.(?=[ \t\xa0][{UPPER}])|[\w’'&-]*(?:\.[A-Za-z]\w*)*)"
)
CAP = rf"[{UPPER}]{CAP_REST}"
PARTICLES = ("de", "da", "del", "der", "den", "van", "von", "bin", "al", "la", "le", "du", "dos", "di", "ibn", "ben", "y", "of")
PARTICLE = f"(?:{'|'.join(PARTICLES)})"  # lower-case words inside a name: Bill de Blasio, Ludwig van Beethoven
NAME_REST = rf"(?:[ \t\xa0]+(?:{PARTICLE}[ \t\xa0]+)*{CAP})*"  # the tokens after a name's first
NAME = rf"{CAP}{NAME_REST}"
MONTHS_DAYS = frozenset((
    "january february march april may june july august september october november december jan feb mar "
    "apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday"
).split())
SENTENCE_WORDS = ENGLISH_STOP_WORDS | {
    "meanwhile", "however", "still", "asked", "speaking", "earlier", "following", "according", "despite",
}

ADVERBIAL_END = re.compile(
    r"(?:[ \t,]+(?:also|then|later|previously|earlier|again|recently|once|still|now|just|repeatedly|often|always|"
    r"publicly|privately|reportedly|allegedly|however|nonetheless|too|instead|"
    r"has|have|had|would|will|could|can|may|might|did|does|do|"
    r"not|never|[a-z]+ly|yesterday|today|tonight|"
    r"(?:on|last|this|next|early|late|in|at|during|earlier|on\s+a)[ \t\xa0]+(?:[A-Z][a-z]+\.?(?:[ \t\xa0]+\d{1,2})?|"
    r"week|month|year|weekend|night|morning|afternoon|evening|call|trip|visit|(?:19|20)\d\d)|"
    r"in[ \t\xa0]+(?:a|an|his|her|their|its)[ \t\xa0]+(?:[\w-]+[ \t\xa0]+)?(?:statement|interview|speech|post|letter|"
    r"tweet|video|briefing|address|op-ed|message|conversation|email|call)"
    r"(?:[ \t\xa0]+(?:on|with|to)[ \t\xa0]+[\w’'.-]+(?:[ \t\xa0]+[\w’'.-]+){0,3})?))+[ \t\xa0]*$"
)
# a coordinated verb before the reporting verb: "I laughed and said", "Trump paused and added"
COORDINATED_END = re.compile(r"[ \t\xa0]+[a-z]{3,}ed(?:[ \t\xa0]+[a-z]+ly)?[ \t\xa0]+and[ \t\xa0]*$")
AUXILIARY_END = re.compile(r"(?:[’']s|[’']re|[ \t\xa0]+(?:is|are|was|were|been|be|being|am))[ \t\xa0]*$")
AGE_END = re.compile(r",[ \t\xa0]*\d{1,3}[ \t\xa0]*$")
PAREN_END = re.compile(r"[ \t\xa0]*\([^()\n]{1,40}\),?[ \t\xa0]*$")
APPOSITIVE_END = re.compile(r",[^,;:\n]{1,120},?[ \t\xa0]*$")
# the end of the last character that no speaker phrase (``Lexicon.np_end``) can hold: a phrase ending a
# segment starts after it (its characters are word characters, ’'.&%-, blanks, and a comma only in a
# number, "1,000", or before "who": ", who asked not to be named"), so the search for it starts there
NP_BARRIER = re.compile(r"(?s:.*)(?:[^\w’'.&%, \t\xa0-]|(?<![\d.,]),(?![ \t\xa0]+who\b))")
# ", Joe Kasper," after a lower-case description ("Hunter’s chief of staff"): a full name, not a place
NAME_APPOSITIVE = re.compile(rf"(?<=[a-z]),[ \t\xa0]*({CAP}(?:[ \t\xa0]+(?:{PARTICLE}[ \t\xa0]+)*{CAP})+),[ \t\xa0]*")


# --- quote kinds (scare quotes, headings, transcripts) ----------------------------------------------
# quotation marks that name a term or a source rather than report speech
SCARE_BEFORE = re.compile(
    r"(?:so-called|so called|the (?:term|word|phrase|label|slogan|motto|hashtag|name|title|headline|"
    r"catchphrase|tagline)|(?:pseudonym|alias|moniker|nickname|code ?name|screen name|handle)|goes by|went by|"
    r"known as|self-styled|according to|reported by|quoted by|published by)\s*,?\s*$",
    re.I,
)
# a crowd's words: chants of “U-S-A! U-S-A!”, shouting “Lock her up!”
CHANT_BEFORE = re.compile(
    r"\b(?:(?:chants?|cries|cry|shouts?|calls|roars?|choruse?s?|refrains?)[ \t\xa0]+of|chant(?:ed|ing)|shout(?:ed|ing)|"
    r"yell(?:ed|ing)|scream(?:ed|ing)|cried|crying)[ \t\xa0]*[:,]?[ \t\xa0]*$",
    re.I,
)
# naming verbs: scare quotes when no one in the clause speaks, the speaker's words when someone does
# ("Trump dubbed him “Little Marco”")
NAMING_BEFORE = re.compile(r"(?:dubbed|nicknamed|branded|billed as|labell?ed|styled|termed)(?:\s+as)?\s*$", re.I)
# a work's genre right before a Title Case quote: the documentary “Weiner”, the podcast, “So, That Happened.”
TITLE_NOUN_BEFORE = re.compile(
    r"\b(?:show|series|sitcom|drama|thriller|comedy|film|movie|documentary|podcast|book|memoir|novel|song|"
    r"album|play|musical|program|programme|ad|video|episode|column|essay|poster|initiative)s?,?\s*$",
    re.I,
)
# a determiner or possessive right before a Title Case quote makes it a name: a “Commander-in-Chief Forum”
TITLE_DETERMINER_BEFORE = re.compile(r"(?:\b(?:a|an|the|his|her|its|their|our|my|your)|[’']s|\b\d{4})\s+$", re.I)
# a genre noun right after a Title Case quote: the “Keepin' It Real” radio program
TITLE_NOUN_AFTER = re.compile(
    r",?[ \t\xa0]+(?:radio|TV|television|talk|news|cable|web|online)?[ \t\xa0]*"
    r"(?:show|series|program|programme|podcast|forum|campaign|tour|event|initiative|act|bill|rally|summit)s?\b",
    re.I,
)
# a headline with its byline after it, as newsletters cite articles: “Pop-up show opens,” by DNAinfo's Eddie Small
BYLINE_AFTER = re.compile(r"[ \t\xa0]*by[ \t\xa0]+(?:the[ \t\xa0]+)?[A-Z][\w.&-]*(?:[ \t\xa0]+[A-Z][\w.&-]*)*[’']s?[ \t\xa0]")
# the sentence runs on after a quote: a lower-case word or an aside (the word is checked against the cues)
RUN_ON_AFTER = re.compile(r"[ \t\xa0]+(?:\(|([a-z][\w’'-]*))")
DETERMINER_BEFORE = re.compile(r"(?:\b(?:a|an|the|its|their|his|her|our|this|that|these|those)\s+)$", re.I)
PREPOSITION_BEFORE = re.compile(r"\b(?:on|about|of|for|with|from|into|over|against|under|like)\s*$")
FUNCTION_AFTER = re.compile(
    r"\s+(?:and|or|but|to|as|in|on|at|for|from|with|by|of|that|which|who|while|when|because|if|than|after|"
    r"before|since|until|unless|whether|is|are|was|were|be|been|will|would|could|should|may|might|can|"
    r"must|he|she|they|it|we|said|says|added)\b",
    re.I,
)
HEADING_MAX_WORDS = 8
TITLE_WORD = re.compile(r"[^\W_][\w’'-]*")  # a word of a title, for its capitals: “The Art of the Deal”
INTRODUCED_BEFORE = re.compile(r"[:,]\s*$")  # a quote introduced by a colon or a comma
# a possessive or a naming preposition right before a quote: NBC's “Nightly News”, a book titled “…”
NAMED_BEFORE = re.compile(r"(?:[’']s|\b(?:on|in|of|with|titled|called|named|headlined))\s*$")
LOWER_WORD_AFTER = re.compile(r"\s+[a-z]")  # the sentence goes on in lower case after a quote
CLAUSE_PUNCTUATION = re.compile(r"[,;:—–]")  # between a cue and its quote: the cue does not govern it
# the head of a described speaker, before a complement naming someone else
HEAD_OF_PHRASE = re.compile(
    r"(?i:a|an|the|one|another)\s+(?:\S+\s+){0,3}?\S+(?=\s+(?:for|at|from|with|to|of\s+the)\s)"
)
COMPLEMENT_PREPOSITIONS = {"of", "from", "at", "for", "with", "in"}
PHRASE_RETRIES = 4  # later starts tried when the leftmost speaker phrase is not a valid one
FAR_CUE_WORDS = 8  # a quoted modifier this many words past its clause's cue is a term, not speech
WINDOW = 400  # characters of context searched on each side of a quote (keeps the cost linear)
TRANSCRIPT = re.compile(r"([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3}):\s*")  # "PENCE: ", the turn's words after it
TITLE_SMALL_WORDS = frozenset(
    "a an the and or but nor of in on at to for from with into over under about as by vs via de la".split()
)

# --- attribution cues and speaker phrases -----------------------------------------------------------
SAY_TO_BE = re.compile(r"\s+to\s+be\b")  # "said to be": no speech
# a reported clause that ends in its own attribution: "…, the official said"
TRAILING_ATTRIBUTION = re.compile(r",\s+(?:according to|[a-z]+ (?:said|says|added))\b")
BE = re.compile(r"(?:\b(?:is|are|was|were|be|been|being|get|got|gets|am)\s+|\w[’']s\s+|\w[’']re\s+)$", re.I)
SUBJECT_BEFORE = re.compile(r"(?:\b[A-Z][\w’'-]*|\b(?:he|she|they|it|we))\s+$")
NOUN_BEFORE = re.compile(
    r"(?:\b(?:the|a|an|his|her|their|its|our|this|that|these|those|of|in|on|for|with|by|to|from|as)\s+)$", re.I
)
AUX_BEFORE = re.compile(
    r"(?:\b(?:they|we|i|you|did|does|do|will|would|can|could|should|may|might|must|not|n't|to)\s+)$", re.I
)
PARTICIPLE_BEFORE = re.compile(r"(?:,|\band|\bwhile|\bafter|\bbefore|\bwhen)\s*$|^\s*$")
AS_SAYING = re.compile(r"\s+as\s+(?:saying|telling|writing|stating)\b", re.I)
# = \baccording\s+to\s+ ignoring case, its word start tested after the "a" so that re scans for "a"s in C
ACCORDING = re.compile(r"[Aa](?<!\w.)(?i:ccording\s+to\s+)")
# what may open a sentence before its "according to": "But according to …", "(According to …", "In addition, according to …"
ACCORDING_LEAD = re.compile(r"(?:\(|(?:but|and|yet|so|still|however|also|now|meanwhile|instead|in addition)[ \t\xa0,]+)?(?=according\s+to\s)", re.I)
# an "according to" source no speaker pattern knows: the words up to the next comma or the sentence end
SOURCE_WORDS = re.compile(r"[\w’'.&/-]+(?:[ \t\xa0]+[\w’'.&/-]+){0,11}(?=[ \t\xa0]*(?:[,;:)—–]|[.!?]?$|[.!?][ \t\xa0\n]))")
FOR_SOURCE = re.compile(r"\s*For\s+")
OBJECT_BEFORE = re.compile(
    r"\b(?:in|at|on|of|for|with|by|from|to|into|about|after|before|during|over|under|against|through|"
    r"than|like|via|[a-z]+ed|[a-z]+s)\s+$"
)
OTHER_VERB = re.compile(r"([a-z]{3,}ed)(?=[ \t\xa0]*(?:[.,;!?]|$|[ \t\xa0]+(?:and|as|before|after|at|to|in|on)\b))")
# a past-tense verb missing from the lexicon, inverted onto a name: "“…,” reacted Trump."
OTHER_INVERTED = re.compile(r"[a-z]{3,}ed(?=[ \t\xa0]+[A-Z])")
# a verb followed by one of these does not invert onto its speaker: "“…,” compared to what X …"
NOT_INVERTED = re.compile(
    r"[ \t\xa0]+(?:to|what|by|about|on|with|that|as|in|at|from|for|of|into|how|why|when|if|whether|up|out)\b"
)
SUBORDINATOR = re.compile(r"(?:when|while|because|after|before|if|since|although|though|until|unless|whereas)\b")
# an adverbial clause that an attribution may carry on into: "“…?” Clinton asks as a guy walks by."
ATTRIBUTION_CONTINUES = re.compile(r"[ \t\xa0,]*(?:as|when|while|after|before|during|at|in|on)\b")
PRONOUNS = {"he", "she", "they", "He", "She", "They"}
SAID_THAT_END = re.compile(
    r"\s(said|says|told \w+|added|wrote|argued|insisted|explained)"
    r"(?:\s+(?:on|in|at|to|during)\s+[^,.;:\n]{1,40}?)?(?:\s+that)?\s+$"  # "said on Twitter that he …"
)
# a reported question after "asked" and its object (up to six words): "asked workers if …", "asked Sanders how …"
QUESTION_START = re.compile(
    r"(?:[ \t\xa0]+(?!(?:whether|if|how|what|who|why|when|where|which)(?![\w’'-]))[\w’'.-]+){0,6}?[ \t\xa0]+"
    r"(?=(?:whether|if|how|what|who|why|when|where|which)(?![\w’'-]))"
)
# what may stand right before a plural or first/second person present verb ("officials say", "police say")
PLURAL_SUBJECT_END = re.compile(
    r"(?:\w+s|\b[A-Z]\w*|\b(?:police|people|they|we|you|men|women|children|folks|staff|clergy|public|\d+))\s+$"
)
# where a reported clause may end before a new reporting verb: "… and calls her", "…, telling reporters"
NEXT_CLAUSE = re.compile(r"(?:,[ \t\xa0]+|[ \t\xa0]+and[ \t\xa0]+(?:then[ \t\xa0]+)?)(?=[a-z])")
# a verb coordinated with the clause's first one: "… and said", "…, but said", "…, then says"
COORDINATED_VERB_BEFORE = re.compile(r"(?:,?[ \t\xa0]+(?:and|but)|,[ \t\xa0]+then|[ \t\xa0]+and[ \t\xa0]+then)[ \t\xa0]+$")
# a determiner opening a phrase; a lower-case word going on after a phrase (its clause's verb)
DETERMINER_START = re.compile(r"(?:the|a|an|another|one|two|three|several|some|many|most|other|both|all|his|her|their|its|our|my|your|this|these|those)\b", re.I)
LOWER_WORD_NEXT = re.compile(r"[ \t\xa0]+[a-z]")
# an interposed attribution ("…, X said, …") that is none: a passive ("were charged") or a noun ("secretary of state")
PASSIVE_OR_NOUN = re.compile(r"\b(?:is|are|was|were|be|been|being)\b|\bof\s+$")
# what follows an attribution without being the reported words going on: ", adding …", ", compared with …", ''…''
TRAILING_CLAUSE = re.compile(r"(?:[a-z]+ing|[a-z]+ed|according|who|whose|which|although|though|because|while|when|as|but|and|or)\b|''")
# a first part that stops on a link word: "…, which, Tompkins said, is …"
LINK_END = re.compile(r"\b(?:which|who|that|and|but|or|because|if|when|where)\s*$")
POSTMODIFIER = {"familiar", "close", "with", "briefed", "knowledgeable", "involved", "who"}
PHRASE_PREPOSITIONS = {"of", "for", "at", "from", "in"}  # a bare speaker's tail: "delegates at the convention"
LEAD = re.compile(r"(?:[\s,;:—–-]|'')*")  # '' is an old ASCII closing quote
ADVERBS = re.compile(
    r"(?:[ \t\xa0]+(?:also|then|later|earlier|again|once|still|now|just|further|simply|only|quickly|often|always|"
    r"[a-z]+ly|has|have|had|would|will|could|can|may|might|did|does|do|not))*[ \t\xa0]+"
)
CLAUSE_BREAK = re.compile(r";|,\s+(?:but|while|whereas|although|though)\s+|\s+[―—–]\s+")
DASH_SOURCE = re.compile(r"[^\S\n]*[―—–][^\S\n]*")
# a signature after a quote, on its line or the next: “…” -Michelle Marks, Philadelphia. / "…"\n\n- Sanders.
DASH_LINE = re.compile(r"[^\S\n]*(?:\n[^\S\n]*){0,2}[―—–-][^\S\n]*(?=[A-Z])")
SIGNATURE_MAX_WORDS = 12
PAREN = re.compile(r"[ \t\xa0]*\([^()\n]{1,40}\)")
APPOSITIVE = re.compile(r",[^,;:\n“”\"]{1,120},")
# "WASHINGTON — ", "PHILADELPHIA, July 25 (UPI) — ": a dateline before the sentence's subject
DATELINE = re.compile(r"[A-Z][A-Z .,'’-]{2,}(?:[ \t\xa0]*[A-Z][a-z]{2,}\.?[ \t\xa0]+\d{1,2})?[ \t\xa0]*(?:\([^)]*\))?\s*[―—–-]+\s*")
INTRO = re.compile(r"[^,]{1,40},\s+")
# a time adverbial opening a sentence without a comma: "A month ago he …", "Last week Trump …"
LEADING_TIME = re.compile(
    r"(?:(?:(?:A|An|One|Two|Three|Four|Five|Several|Some|\d+)[ \t\xa0]+(?:day|week|month|year|hour|minute)s?"
    r"[ \t\xa0]+(?:ago|later|earlier))|(?:Last|This|Next|Earlier|Later)[ \t\xa0]+(?:week|month|year|night|morning|"
    r"afternoon|evening|weekend|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)),?[ \t\xa0]+"
)
LEADING_CONJUNCTION = re.compile(
    r"(?:And|But|So|Yet|Or|Still|Now|Instead|Then)(?:[ \t\xa0]+(?:then|now|so|yet|also|still|again))?"
    r"[ \t\xa0]+(?=[A-Z]|(?:he|she|they|we|it)\b)"
)
# words that open an introductory phrase, so the subject comes after its comma
INTRO_OPENER = re.compile(
    r"(?:At|In|On|During|After|Before|For|With|From|Despite|Following|When|While|As|Although|Since|"
    r"Because|If|Asked|Speaking|Writing|Addressing|Referring|Earlier|Later|Last|This|Over|Under|Amid|"
    r"Among|Without|Unlike|Like|By|Through|Throughout|Ahead|Upon|[A-Z][a-z]{2,}(?:ing|ly|ed)(?=\s+[a-z]))\b"
)

# --- reported speech --------------------------------------------------------------------------------
TELL = {"tell", "inform", "assure", "reassure", "remind", "brief", "promise", "warn", "urge", "accuse"}
NOT_CLAUSE = re.compile(
    r"(?:to|by|with|for|of|about|in|on|at|from|so|not|nothing|something|anything|yes|no|goodbye|hello|"
    r"sorry|thanks|otherwise)\b[^\w’'-]*|[.,;:!?)\]]",
    re.I,
)
THAT = re.compile(r"\bthat\b")
CONTENT_SKIP = re.compile(
    r"(?:[ \t,]+(?:on|last|this|in|at|during|earlier|late|early)[ \t\xa0]+(?:[A-Z][a-z]+\.?(?:[ \t\xa0]+\d{1,2})?|"
    r"week|month|year|weekend|night|morning|afternoon|evening|"
    r"(?:a|an|the|his|her|their|its)[ \t\xa0]+(?:[\w-]+[ \t\xa0]+){0,2}?(?:rally|event|speech|interview|statement|"
    r"briefing|hearing|meeting|debate|forum|conference|appearance|panel|show|dinner|luncheon|breakfast|town hall)"
    r"(?:[ \t\xa0]+(?:in|at|on)[ \t\xa0]+[A-Z][\w.-]*(?:[ \t\xa0]+[A-Z][\w.-]*)*)?"
    r"|(?:a|an|his|her|their|its)[ \t\xa0]+[\w-]+)"
    r"|[ \t,]+(?:yesterday|today|tonight|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|also|repeatedly|publicly|previously|again|recently|then|earlier|later))*[ \t,]*"
)
END_PUNCT = " \t.!?;:,—–-"
MIN_WORDS = 3
AFTER_ATTRIBUTION = re.compile(
    r"\s*(?:$|[.;:!?]|,\s+(?:[a-z]+ing|[a-z]+ed|according|although|though|but|and|as|because|while|when|after|before|"
    r"the|a|an|who|whose|one|[A-Z])\b)"
)
NOT_SOURCES = {"note", "breaking", "update", "watch", "exclusive", "opinion", "analysis", "video", "photos",
                "live", "read", "related", "correction", "transcript", "editor", "source", "sources", "more",
                "clarification", "latest", "updated", "summary"}
# stop words that are also names or name particles ("Bill Clinton:", "De Blasio:", "Will Hurd:")
NAME_STOP_WORDS = frozenset({"bill", "will", "de", "mill"})
NOT_IN_NAMES = SENTENCE_WORDS - NAME_STOP_WORDS  # the sentence words a name cannot hold
COLON_LEAD = re.compile(rf"({NAME})[ \t\xa0]*:[ \t\xa0]+")


@dataclass(frozen=True)
class Lexicon:
    """Reporting verbs and speaker vocabulary, with the regexes compiled from them."""

    verbs: dict[str, tuple[str, str, str, str]]  # form -> (lemma, tense, stance, complement)
    verb_re: re.Pattern
    any_cue: re.Pattern  # a verb form or "according to", even inside a word: no attribution without one
    titles: frozenset[str]
    male: frozenset[str]
    female: frozenset[str]
    nouns: frozenset[str]
    pronouns: dict[str, str]
    word_names: frozenset[str]  # names that are also function words ("Will wrote", "From said")
    anonymous: tuple[tuple[str, re.Pattern], ...]
    np_end: re.Pattern
    np_start: re.Pattern
    nominal: re.Pattern  # a speech noun with its possessor and clause: "Trump’s claim that"

    def verb(self, form: str) -> tuple[str, str, str, str] | None:
        return self.verbs.get(form.lower())


def word_count(text: str) -> int:
    """Words separated by white space (all the engine's length limits count these)."""
    return len(text.split())


def _data(name: str) -> str:
    return resources.files("toolkit").joinpath("data", name).read_text(encoding="utf-8")


def _plural(noun: str) -> str:
    if noun.endswith(("s", "sh", "ch", "x")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in set("aeiou"):
        return noun[:-1] + "ies"
    if noun.endswith("man"):
        return noun[:-3] + "men"
    return noun + "s"


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Read the data files once."""
    verbs = {}
    for row in csv.DictReader(_data("reporting_verbs.csv").splitlines()):
        if row["tense"] != "construction":
            verbs.setdefault(row["form"].lower(), (row["lemma"], row["tense"], row["stance"], row["complement"]))
    spk = yaml.safe_load(_data("speakers.yml"))
    nouns = {n.lower() for n in spk["speaker_nouns"]}
    nouns |= {_plural(n) for n in nouns}
    pronouns = {k.lower(): v for k, v in spk["pronouns"].items()}
    anonymous = tuple(
        (name, re.compile(p, re.I)) for name, pats in spk["anonymous"].items() for p in pats
    )
    verb_re = re.compile(rf"(?<![\w’'-])(?:{trie_pattern(sorted(verbs))})(?![\w’'-])")
    any_cue = re.compile(trie_pattern(sorted([*verbs, "according to", "According to"])))
    noun_alt = trie_pattern(sorted(nouns))
    det = "(?:" + trie_pattern(  # always followed by a blank: a trie finds the one that can be
        "the a an another one two three four five six several some many most other both all his her their its our "
        "my your this these those".split()
    ) + ")"
    anon_tail = (
        r"(?:[ \t\xa0]+(?:familiar[ \t\xa0]+with|close[ \t\xa0]+to|with[ \t\xa0]+(?:direct[ \t\xa0]+)?knowledge[ \t\xa0]+of|briefed[ \t\xa0]+on|"
        r"knowledgeable[ \t\xa0]+about|involved[ \t\xa0]+in)(?:[ \t\xa0]+(?:the|a|an|their|his|her|its|these|those|this))?"
        r"(?:[ \t\xa0]+[\w’'-]+){1,3}?[ \t\xa0]+(?:matter|matters|talks|discussions?|plans?|negotiations?|situation|"
        r"thinking|deliberations|issue|case|investigation|process|decision|conversations?|meetings?|deal|"
        r"proposal|call|operation|report|effort|review|documents?|probe|request|visit|summit))?"
        r"(?:,?[ \t\xa0]+who[ \t\xa0]+(?:asked|requested|spoke|declined|was|were)[ \t\xa0]+(?:not[ \t\xa0]+to[ \t\xa0]+be[ \t\xa0]+"
        r"(?:named|identified)|on[ \t\xa0]+(?:the[ \t\xa0]+)?condition[ \t\xa0]+of[ \t\xa0]+anonymity|anonymity|"
        r"anonymously|to[ \t\xa0]+be[ \t\xa0]+identified|not[ \t\xa0]+authori[sz]ed(?:[ \t\xa0]+to[ \t\xa0]+[\w-]+){0,3})"
        r"(?:[ \t\xa0]+(?:to|because|as)(?:[ \t\xa0]+[\w’'-]+){1,6})?)?"
    )
    # "a spokeswoman for Hillary Clinton", "the head of the Sierra Club"
    of_name = rf"(?:[ \t\xa0]+(?:for|of|at|from|with|to)[ \t\xa0]+(?:the[ \t\xa0]+)?{NAME})?"
    # "residents of the town", "delegates at the convention in Philadelphia": a short prepositional tail
    tail_word = r"(?!(?:and|or|but|while|as|when|who|which|that|after|before)(?![\w’'-]))[\w’'&-]+"
    of_phrase = (rf"(?:[ \t\xa0]+(?:of|for|at|from|in)[ \t\xa0]+(?:(?i:{det})[ \t\xa0]+)?"
                 rf"(?:{tail_word}[ \t\xa0]+){{0,2}}{tail_word}){{0,2}}")
    pron_start = r"(?:[Hh]e|[Ss]he|[Tt]hey|[Ii]t|[Ww]e|I)"
    # a relative "who" and a quantifier ("Several said", "Others say") can only stand before their verb
    pron = rf"(?:{pron_start[3:-1]}|who|(?i:others|several|many|some|most|few|someone|somebody))"
    word = r"[\w’'.&-]+"
    np_end = re.compile(
        rf"(?<![\w’'-])(?:(?P<pron>{pron})"  # each phrase starts a word
        rf"|(?P<det>(?i:{det})[ \t\xa0]+(?:{word}[ \t\xa0]+){{0,5}}?(?i:{noun_alt}){of_name}(?:{anon_tail}|{of_phrase}))"
        rf"|(?P<poss>[{UPPER}][\w.&-]*[’']s[ \t\xa0]+(?:{word}[ \t\xa0]+){{0,3}}?(?i:{noun_alt}))"
        rf"|(?P<bare>(?:[\w-]+[ \t\xa0]+){{0,2}}?(?i:{noun_alt})(?:{anon_tail}|{of_phrase}))"
        rf"|(?P<name>{NAME})"
        rf"|(?P<share>(?:\d[\d,.]*[ \t\xa0]*(?:%|percent)|(?:\d+|[A-Za-z]+)[ \t\xa0]+in[ \t\xa0]+(?:10|ten)|half)"
        rf"(?:[ \t\xa0]+of[ \t\xa0]+(?:[\w-]+[ \t\xa0]+){{0,2}}[\w-]+)?)"
        rf"|(?P<gdet>(?i:{det})[ \t\xa0]+(?:[\w’'-]+[ \t\xa0]+){{0,3}}[\w’'-]+)"
        rf"|(?P<gposs>[{UPPER}][\w.&-]*[’']s[ \t\xa0]+(?:[\w’'-]+[ \t\xa0]+){{0,2}}[\w’'-]+))$"
    )
    np_start = re.compile(
        rf"(?:(?P<pron>{pron_start})(?![\w’'-])"
        rf"|(?P<det>(?i:{det})[ \t\xa0]+(?:{word}[ \t\xa0]+){{0,5}}?(?i:{noun_alt})(?![\w’'-]){anon_tail})"
        rf"|(?P<poss>[{UPPER}][\w.&-]*[’']s[ \t\xa0]+(?:{word}[ \t\xa0]+){{0,3}}?(?i:{noun_alt})(?![\w’'-]))"
        rf"|(?P<name>(?!(?i:{det})[ \t\xa0]+[a-z])(?:(?:[a-z\d/-]+[ \t\xa0]+){{0,2}}(?={CAP}))?{NAME})"
        rf"|(?P<bare>(?:[\w-]+[ \t\xa0]+){{0,2}}?(?i:{noun_alt})(?![\w’'-]){anon_tail})"
        rf"|(?P<gdet>(?i:{det})[ \t\xa0]+(?:[\w’'-]+[ \t\xa0]+){{0,3}}?[\w’'-]+(?![\w’'-])))"
    )
    speech_nouns = {n.lower() for n in spk["speech_nouns"]}
    speech_nouns |= {_plural(n) for n in speech_nouns}
    nominal = re.compile(
        rf"(?P<owner>(?<![\w’'-])(?:{NAME}(?:[’']s|(?<=s)[’'])|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts))"
        rf"[ \t\xa0]+(?:[a-z-]+[ \t\xa0]+){{0,2}}?(?P<noun>(?i:{trie_pattern(sorted(speech_nouns))}))"
        rf"[ \t\xa0]+that\b"
    )
    return Lexicon(
        verbs=verbs,
        verb_re=verb_re,
        any_cue=any_cue,
        titles=frozenset(t.lower() for t in spk["titles"]),
        male=frozenset(spk["male_titles"]),
        female=frozenset(spk["female_titles"]),
        nouns=frozenset(nouns),
        pronouns=pronouns,
        word_names=frozenset(w.lower() for w in spk["word_names"]),
        anonymous=anonymous,
        np_end=np_end,
        np_start=np_start,
        nominal=nominal,
    )
