"""Attribution cues: the reporting verb or construction that ties a quote to its speaker.

Works on character windows of the text (one clause or sentence), never on the whole article, so the
cost per quote is bounded. Recognised frames, as news writes them:

* after the quote: ``“…,” X said`` · ``“…,” said X`` · ``“…,” he added`` · ``“…,” according to X`` ·
  ``“…,” Caliber.Az quotes Macron as saying`` (the speaker is the one quoted, not the quoting outlet) ·
  ``“…” ― Maria Lopez`` (a vox-pop dash);
* before the quote: ``X said, “…”`` · ``X told reporters: “…”`` · ``X called the plan “…”`` ·
  ``According to X, “…”`` · ``For X, …`` (a source-introducing "for" at the start of a sentence).

A speaker phrase is a pronoun, a name (titles included: "Finnish President Alexander Stubb"), a
described speaker ("the Ukrainian president", "an official familiar with the discussions") or, as a
last resort, any determiner phrase; adverbials, appositives and party tags ("(D-Wis.)") between the
phrase and its verb are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from toolkit.quotes import resources as R


@dataclass(slots=True)
class Attribution:
    """Speaker mention span and cue span (either may be None); ``inherit`` when a cue has no
    subject of its own ("… and said …", "…, warning that …") and the clause's speaker applies."""

    speaker: tuple[int, int] | None
    cue: tuple[int, int] | None
    inherit: bool = False


def _trim_name(text: str, s: int, e: int) -> tuple[int, int] | None:
    """Drop sentence words and weekdays that a capitalised run picked up ("But Mr. Trump")."""
    phrase = text[s:e]
    tokens = phrase.split()
    if len(tokens) == 1 and tokens[0].lower() in R.lexicon().word_names and _finite_verb_at(text, e):
        return s, e  # "“…,” Will wrote.", "From said": a name that is also a function word
    start = 0  # where the name's first token starts in the phrase
    while tokens and (tokens[0].lower().strip(",.") in R.NOT_IN_NAMES or tokens[0].lower().strip(".") in R.MONTHS_DAYS):
        if len(tokens) == 1:
            return None
        start = phrase.find(tokens[0], start) + len(tokens.pop(0))
    if not tokens or len(tokens) == 1 and (R.lexicon().verb(tokens[0].strip(",.")) or ("", ""))[1] == "participle":
        return None  # "Adding, “…”": a reporting participle opening its sentence is no name
    return s + phrase.find(tokens[0], start), e


def _finite_verb_at(text: str, pos: int) -> bool:
    """A past or present reporting verb right after ``pos`` (one space between)."""
    m = R.lexicon().verb_re.match(text, pos + 1) if text[pos : pos + 1] == " " else None
    return m is not None and R.lexicon().verb(m.group())[1] in ("past", "present")


def _clause_word(word: str) -> bool:
    """A function word that opens or links clauses; title words that are stop words ("former") are not."""
    return word.lower() in R.SENTENCE_WORDS and word.lower() not in R.lexicon().titles


def _valid_phrase(text: str, s: int, e: int, kind: str) -> tuple[int, int] | None:
    """Reject descriptive phrases that swallowed a verb or a clause word."""
    if kind == "name":
        return _trim_name(text, s, e)
    if kind in ("gdet", "gposs"):  # any determiner phrase: every word after the determiner must be content
        lex = R.lexicon()
        words = text[s:e].split()[1:]
        if any(lex.verb(w) or w.lower() in R.SENTENCE_WORDS for w in words):
            return None
        return s, e
    core = text[s:e].split()
    for i, w in enumerate(core[1:], 1):  # "people familiar with …", "an official who asked not to be named"
        if w.lower().strip(",") in R.POSTMODIFIER or (
            kind == "bare" and w.lower() in R.PHRASE_PREPOSITIONS and core[i - 1].lower() in R.lexicon().nouns
        ):  # "delegates at the convention": the tail after the head noun
            core = core[:i]
            break
    if kind == "bare" and any(_clause_word(w) or w.endswith("ed") for w in core[:-1]):
        return None  # "addressed the supporters" is no speaker
    if kind in ("det", "bare", "poss"):
        lex = R.lexicon()
        words = core
        cut = 0
        for i, w in enumerate(words[:-1]):
            lw = w.lower()
            if lex.verb(lw) or lw in ("that", "which", "or", "but", "as", "if", "when", "while"):
                if kind != "det" or i == 0:
                    cut = i + 1
                else:
                    return None
        if cut:
            if cut >= len(words):
                return None
            rest = text[s:e]
            offset = len(rest) - len(" ".join(words[cut:]))
            s = s + max(offset, 0)
        return s, e
    return s, e


def np_before(text: str, lo: int, end: int) -> tuple[int, int] | None:
    """The speaker phrase that ends right before ``end`` (past adverbials and an appositive)."""
    lo = max(lo, end - 220)
    seg_end = end
    comma_cut = False  # an adverbial cut off with its comma: "Lemkin, who coined the word, once said"
    for _ in range(4):
        seg = text[lo:seg_end]
        m = (R.ADVERBIAL_END.search(seg) or R.AUXILIARY_END.search(seg) or R.PAREN_END.search(seg)
             or R.COORDINATED_END.search(seg))
        if m and m.start() > 0:
            seg_end = lo + m.start()
            comma_cut = m.group().lstrip(" \t\xa0").startswith(",")
            continue
        stripped = seg.rstrip()
        age = R.AGE_END.search(stripped)
        if age and age.start() > 0:  # "Benford, 58, who lives outside Minneapolis,"
            seg_end = lo + age.start()
            continue
        if stripped.endswith(",") or comma_cut:
            comma_cut = False
            m = R.APPOSITIVE_END.search(stripped)
            if m and m.start() > 0:
                name = R.NAME_APPOSITIVE.fullmatch(stripped, m.start())
                if name:  # "Hunter’s chief of staff, Joe Kasper, told": the name in the appositive
                    return _Phrase(lo + name.start(1), lo + name.end(1), "name")
                seg_end = lo + m.start()
                continue
        break
    seg = text[lo:seg_end].rstrip()
    barrier = R.NP_BARRIER.match(seg)
    pos = barrier.end() if barrier else 0
    for _ in range(R.PHRASE_RETRIES):  # an invalid long phrase may hide a valid shorter one at its end
        m = R.lexicon().np_end.search(seg, pos)
        if not m:
            return None
        pos = m.start() + 1
        if m.lastgroup in ("det", "gdet", "bare") and R.OBJECT_BEFORE.search(seg, 0, m.start()):
            continue  # "at the time", "released the following statement": not a subject
        span = _valid_phrase(text, lo + m.start(), lo + m.end(), m.lastgroup)
        if span:
            return _Phrase(span[0], span[1], m.lastgroup)
    return None


class _Phrase(tuple):
    """A speaker phrase span ``(start, end)`` that remembers which pattern found it."""

    kind: str

    def __new__(cls, start: int, end: int, kind: str):
        obj = super().__new__(cls, (start, end))
        obj.kind = kind
        return obj


def np_after(text: str, pos: int, hi: int) -> tuple[int, int] | None:
    """The speaker phrase that starts at ``pos`` ("said Caddell", "according to the official")."""
    lex = R.lexicon()
    m = lex.np_start.match(text, pos, min(hi, pos + 220))
    if not m:
        return None
    span = _valid_phrase(text, m.start(), m.end(), m.lastgroup)
    verb = lex.verb_re.search(text, pos, m.end()) if span is None else None
    if verb is not None and verb.start() > pos:  # "the ACU said in statement": the phrase ends before its verb
        m = lex.np_start.match(text, pos, verb.start())
        span = _valid_phrase(text, m.start(), m.end(), m.lastgroup) if m else None
    return span


def _verb_ok(text: str, lo: int, m: re.Match) -> bool:
    """A reporting-verb form used as a verb: not passive, not a noun ("the report")."""
    before = text[max(lo, m.start() - 12) : m.start()]
    lex = R.lexicon()
    lemma, tense, stance, _ = lex.verb(m.group())
    if stance == "naming" and tense == "past" and before.rstrip().endswith(",") and _quote_next(text, m.end()):
        wide = text[max(lo, m.start() - 160) : m.start()].rstrip()
        app = R.APPOSITIVE_END.search(wide)
        if not (app and re.search(rf"[{R.UPPER}][\w’'.-]*$", wide[: app.start()])):
            return False  # "The rescue, dubbed “Operation Hope”,": a passive participle; not "X, an aide, called “…”"
    if tense == "participle":  # "…, warning that", "is calling", "Clinton asking": not "by continuing"
        return bool(R.PARTICIPLE_BEFORE.search(before) or R.BE.search(before) or R.SUBJECT_BEFORE.search(before))
    if R.BE.search(before) and not (lemma in ("quote", "cite") and R.AS_SAYING.match(text, m.end())):
        return False  # passive: "was told"
    if tense in ("base", "present") and R.NOUN_BEFORE.search(before):
        return False
    if tense == "base" and not R.AUX_BEFORE.search(before):
        return bool(R.PLURAL_SUBJECT_END.search(before))  # "officials say", "Police say", "who say", "Six in 10 say"
    return not (lemma == "say" and R.SAY_TO_BE.match(text[m.end() :m.end() + 8]))


def _quote_next(text: str, pos: int) -> bool:
    """A quotation mark opens right after ``pos`` (past white space)."""
    rest = text[pos : pos + 3].lstrip()
    return rest[:1] in R.ALL_MARKS if rest else False


def verbs_in(text: str, lo: int, hi: int, wanted=None) -> list[re.Match]:
    """Reporting-verb matches in ``text[lo:hi]`` that are used as verbs; ``wanted``, a test of the
    verb's lexicon entry (cheaper than the usage test, so tried first), keeps only some verbs."""
    lex = R.lexicon()
    return [m for m in lex.verb_re.finditer(text, lo, hi)
            if (wanted is None or wanted(lex.verb(m.group()))) and _verb_ok(text, lo, m)]


def _quoting(text: str, m: re.Match, hi: int) -> Attribution | None:
    """``X quotes Y as saying``: the speaker is Y; the cue spans "quotes … as saying"."""
    pos = m.end()
    while pos < hi and text[pos] in " \t":
        pos += 1
    np = np_after(text, pos, hi)
    if np is None:
        return None
    said = R.AS_SAYING.match(text, np[1])
    if not said:
        return None
    return Attribution(np, (m.start(), said.end()))


def according_to(text: str, lo: int, hi: int) -> Attribution | None:
    """``according to X`` anywhere in the window."""
    m = R.ACCORDING.search(text, lo, hi)
    if not m:
        return None
    np = np_after(text, m.end(), hi)
    if np is None:  # "according to early results of exit polls": any short source phrase
        words = R.SOURCE_WORDS.match(text, m.end(), hi)
        if words:  # the sentence's full stop is not the source's ("exit polls.") unless it ends "U.S."
            end = words.end() - (words.group().endswith(".") and words.group()[-2:-1].islower())
            np = (words.start(), end)
    return Attribution(np, (m.start(), m.end() - 1)) if np else None


def left_attribution(text: str, lo: int, hi: int) -> Attribution | None:
    """The attribution standing before a quote that begins at ``hi`` (window starts at ``lo``)."""
    lex = R.lexicon()
    verbs = verbs_in(text, lo, hi)
    if verbs:  # the clause and opener tests only choose among the verbs
        lo, verbs = _last_clause_verbs(text, lo, hi, verbs)
    else:
        nominal = _nominal(text, lo, hi)
        if nominal is not None:
            return nominal  # "Politifact seized on Trump’s claim that there were “…”": the claim's owner
    if text[lo:hi].rstrip()[-1:] in (",", ":"):
        verbs = verbs[::-1]  # "So when Patriot signaled …, Mr. Barrett said, “…”": the introducing verb
    verbs.sort(key=lambda m: lex.verb(m.group())[2] == "thought")  # said before expected
    subjectless = None
    weak = None  # a speaker found only as "a/the <anything>" ("In a Facebook message posted Friday")
    for m in verbs:  # else the outermost attribution of the clause: "Clinton says she … what she calls “…”"
        lemma, tense, _, complement = lex.verb(m.group())
        if complement == "quoting":
            found = _quoting(text, m, hi)
            if found:
                return found
            continue
        adjunct = tense == "participle" and text[max(lo, m.start() - 3) : m.start()].rstrip().endswith(",")
        subject = None if adjunct else np_before(text, lo, m.start())  # "…, arguing that": the clause's subject
        if subject is None:
            if subjectless is None:
                subjectless = Attribution(None, (m.start(), m.end()), inherit=True)
            continue
        found = Attribution(tuple(subject), (m.start(), m.end()))
        if subject.kind in ("gdet", "gposs"):
            weak = weak or found
            continue
        if subject.kind == "pron" and weak is None:  # "Lynch said she recalled …": the outer speaker
            outer = _outer_speaker(text, lo, subject[0])
            if outer is not None:
                return outer
        return found
    if weak is not None:
        return weak
    acc = according_to(text, lo, hi)
    if acc:
        return acc
    head = R.FOR_SOURCE.match(text, lo, hi)
    if head:
        np = np_after(text, head.end(), hi)
        if np and text[np[0]].isupper() and len(text[np[0] : np[1]].split()) >= 2 and text[np[1] : np[1] + 1] == ",":
            return Attribution(np, (head.end() - 4, head.end() - 1))
    tail = text[lo:hi].rstrip()
    if tail.endswith(":"):  # "Caddell continued:", "17-year-old Jared Potts echoed:"
        colon = lo + len(tail) - 1
        np = np_before(text, lo, colon)
        last_word = re.search(r"[a-z]+$", tail[:-1])
        if np is None and last_word:
            np = np_before(text, lo, lo + last_word.start())
        if np is None:  # "President Clinton released the following statement:"
            np = sentence_subject(text, lo, colon)
        if np:
            return Attribution(np, (colon, colon + 1))
    return subjectless




def _last_clause_verbs(text: str, lo: int, hi: int, verbs: list[re.Match]) -> tuple[int, list[re.Match]]:
    """The window start and the verbs of the clause that introduces a quote at ``hi``: the last
    clause after a break, and past an introductory phrase's comma."""
    cut = max(R.CLAUSE_BREAK.finditer(text, lo, hi), key=lambda m: m.start(), default=None)
    if cut is not None and any(m.start() >= cut.end() for m in verbs):
        lo = cut.end()  # "…, but Trump called the deal “…”": the last clause speaks
        verbs = [m for m in verbs if m.start() >= lo]
    start = lo + len(text[lo:hi]) - len(text[lo:hi].lstrip())
    opener = R.INTRO_OPENER.match(text, start, hi)
    comma = text.find(",", opener.end(), hi) if opener else -1
    if comma >= 0 and any(m.start() > comma for m in verbs):
        verbs = [m for m in verbs if m.start() > comma]  # "Despite what he wrote …, Cross said he “…”"
    return lo, verbs


def _nominal(text: str, lo: int, hi: int) -> Attribution | None:
    """The last speech noun of the window with its possessor ("Donald Trump’s claim that", "his
    warning about"): the possessor, possessive included, is the speaker; the noun is the cue."""
    found = None
    if text.find("that", lo, hi) < 0:
        return None  # every speech noun takes its clause: "claim that"
    for m in R.lexicon().nominal.finditer(text, lo, hi):
        found = m
    if found is None:
        return None
    owner = found.span("owner")
    if found.group("owner").lower() not in R.lexicon().pronouns:
        owner = _trim_name(text, *owner)  # "But Trump’s claim"
    return Attribution(owner, found.span("noun")) if owner else None


def sentence_subject(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The subject of a sentence's main clause (a dateline and one introductory phrase skipped):
    the speaker of a cue that has none of its own ("…, saying that …")."""
    pos = start
    for skip in (R.DATELINE, R.LEADING_CONJUNCTION, R.LEADING_TIME):  # "WASHINGTON — ", "And ", "A week ago "
        m = skip.match(text, pos, end)
        if m:
            pos = m.end()
    opener = R.INTRO_OPENER.match(text, pos, end)
    if opener:  # "At an incendiary press conference in Florida on Wednesday, Trump …"
        comma = text.find(",", opener.end(), min(end, opener.end() + 150))
        if comma < 0:
            return None
        pos = comma + 1
        while pos < end and text[pos].isspace():
            pos += 1
    set_off = None  # "Clinton, during a town hall in Ohio, said …": a name before an interruption
    for candidate in (pos, R.INTRO.match(text, pos, end)):
        if candidate is None:
            continue
        at = candidate if isinstance(candidate, int) else candidate.end()
        np = np_after(text, at, end)
        if np is not None and text[np[1] : np[1] + 1] != ",":
            return np
        if set_off is None and np is not None and text[np[0]].isupper():
            set_off = np
    return set_off


def _outer_speaker(text: str, lo: int, pronoun_start: int) -> Attribution | None:
    """``X said (that) he …``: the named speaker whose reported clause the pronoun opens."""
    m = R.SAID_THAT_END.search(text, max(lo, pronoun_start - 60), pronoun_start)
    if m is None:
        return None
    subject = np_before(text, lo, m.start())
    if subject is None or subject.kind == "pron":
        return None
    return Attribution(tuple(subject), m.span(1))


def _name_complement(tail: str) -> bool:
    """" of the Sierra Club", " from Ohio", " in a statement": a short prepositional complement."""
    words = tail.split()
    return (
        0 < len(words) <= 6
        and words[0] in R.COMPLEMENT_PREPOSITIONS
        and not any(w.endswith(("ed", "ing")) or R.lexicon().verb(w) for w in words[1:])
        and not re.search(r"[.;:!?,]\s", tail + " ")
    )


def signature(text: str, pos: int) -> Attribution | None:
    """A dash signature right after a quote that ends at ``pos``, on the same line or alone on the
    next one ("“…” -Michelle Marks, Philadelphia."): the name after the dash is the speaker."""
    dash = R.DASH_LINE.match(text, pos)
    if dash is None:
        return None
    bound = min(len(text), dash.end() + R.WINDOW)  # bounded: the cost per quote stays constant
    line_end = text.find("\n", dash.end(), bound)
    line_end = bound if line_end < 0 else line_end
    if R.word_count(text[dash.end() : line_end]) > R.SIGNATURE_MAX_WORDS:
        return None
    np = np_after(text, dash.end(), line_end)
    if np is None or not text[np[0]].isupper() or text[np[1] : np[1] + 1] not in ",.;:(" and np[1] < line_end:
        return None
    mark = dash.end() - len(dash.group().lstrip())
    return Attribution(np, (mark, mark + 1))


def right_attribution(
    text: str, lo: int, hi: int, *, final_only: bool = False, loose: bool = False
) -> Attribution | None:
    """The attribution right after a quote that ends at ``lo``: ``, X said`` or ``, said X``.

    ``loose`` (right after a closing mark) also accepts a past-tense verb missing from the lexicon
    ("“Go back,” Trump barked"). ``final_only`` demands that the attribution ends its sentence (used
    when it stands in the next
    sentence: ``“….” The president said.``).
    """
    lex = R.lexicon()
    pos = R.LEAD.match(text, lo, hi).end()
    if pos >= hi or R.SUBORDINATOR.match(text, pos, hi):
        return None  # "“That makes me smart,” when Clinton blasted him": another clause, not the attribution
    if text.startswith("according to", pos) or text.startswith("According to", pos):
        return according_to(text, pos, hi)
    found = None
    dash = R.DASH_SOURCE.match(text, lo, hi)
    if dash:  # “…” ― Pamela Padilla
        np = np_after(text, dash.end(), hi)
        if np and text[np[0]].isupper() and not text[np[1] : hi].strip(" .,;\t\xa0"):
            return Attribution(np, (dash.start() + len(dash.group()) - len(dash.group().lstrip()), dash.end()))
    inverted = lex.verb_re.match(text, pos, hi)
    if inverted and lex.verb(inverted.group())[1] in ("past", "present") and not R.NOT_INVERTED.match(text, inverted.end()):
        np = np_after(text, inverted.end() + 1, hi) if text[inverted.end() : inverted.end() + 1] == " " else None
        if np and text[np[0] : np[1]].lower() not in R.lexicon().pronouns:  # "said he would" is no inversion
            bare = text[np[0] : np[1]].islower() and not R.DETERMINER_START.match(text, np[0])
            if not (bare and R.LOWER_WORD_NEXT.match(text, np[1], hi)):  # "said parents still want …" is no inversion
                found = Attribution(np, inverted.span())
    if found is None and inverted is None and loose:
        other = R.OTHER_INVERTED.match(text, pos, hi)
        np = np_after(text, other.end() + 1, hi) if other else None
        if np and text[np[0]].isupper() and re.match(r"[ \t\xa0]*(?:[.;,]|$)", text[np[1] : hi]):
            return Attribution(np, other.span())
    if found is None:
        np = np_after(text, pos, hi)
        if np is None:
            return None
        after = np[1]
        paren = R.PAREN.match(text, after, hi)
        if paren:
            after = paren.end()
        app = R.APPOSITIVE.match(text, after, hi)
        if app:
            after = app.end()
            more = R.APPOSITIVE.match(text, after - 1, hi)  # "X, the attorney general of Oklahoma, one of …, said"
            adv = R.ADVERBS.match(text, after, hi)
            if more and not lex.verb_re.match(text, adv.end() if adv else after, hi):
                after = more.end()
        adv = R.ADVERBS.match(text, after, hi)
        if adv:
            after = adv.end()
        verb = lex.verb_re.match(text, after, hi)
        other = R.OTHER_VERB.match(text, after, hi) if verb is None and loose else None
        if other is not None and text[np[0]].isupper() or other is not None and text[np[0] : np[1]] in R.PRONOUNS:
            return Attribution(np, other.span(1))  # “Go back to Univision,” Trump barked.
        if verb is None:  # "Tulsa police Chief Chuck Jordan said": the phrase ends right before the verb
            verb = lex.verb_re.search(text, after, min(hi, pos + 120))
            first = np
            np = np_before(text, pos, verb.start()) if verb is not None else None
            gap = text[pos : np[0]] if np is not None else ""
            if any(_clause_word(w) and w.lower() not in ("of", "the") for w in gap.split()):
                return None  # ", while Macron last month described": another clause
            words = gap.split()
            if np is not None and words and (
                all(w[0].isupper() or w.lower() in lex.titles for w in words)
                or len(words) <= 5 and not re.search(r"[,.;:!?()]", gap) and text[pos].isupper()
                and not any(lex.verb(w) or w.endswith(("ed", "ing")) for w in words)
            ):  # "White House press secretary Josh Earnest said", "Daily News opinion editor Josh Greenman told"
                np = (pos, np[1])
            elif np is not None and text[pos : np[0]].rstrip().endswith(",") and text[np[1] : verb.start()].strip() == ",":
                pass  # "Hunter’s chief of staff, Joe Kasper, told": the name set off after its description
            elif np is None or R.word_count(gap) > 3 or re.search(r"[.;:!?]", gap):
                # "Mr. Morgan of the Sierra Club said": a short postmodifier before the verb
                tail = text[first[1] : verb.start()] if verb is not None else ""
                lead = text[pos : first[0]]
                if verb is None or not _name_complement(tail) or lead.strip():
                    return None
                np = first
        if lex.verb(verb.group())[1] not in ("past", "present", "base"):
            return None
        if lex.verb(verb.group())[3] == "quoting":
            found = _quoting(text, verb, hi)
            if found is None:
                return None
        else:
            found = Attribution(np, verb.span())
    if final_only:
        rest = text[found.cue[1] : hi]
        if len(rest.split()) > 6 and not R.ATTRIBUTION_CONTINUES.match(rest):
            return None  # "“…?” Clinton asks as a guy walks by" still ends on its attribution
    return found
