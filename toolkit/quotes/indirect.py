"""Reported speech without quotation marks: the content clause and who it is attributed to.

Three frames, tried per sentence (sentences holding quotation marks are left to the quote pass):

* ``According to X, <content>.`` / ``<content>, according to X.``
* ``X said (that) <content>.`` / ``X told Y that <content>.`` (speech verbs that take a clause)
* ``<content>, X said.`` / ``<content>, said X.`` (the attribution closes the sentence)

plus a headline's ``Name: what was said`` and old ASCII ``''…''`` speech continued in the next sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.quotes import cues
from toolkit.quotes import resources as R


@dataclass(slots=True)
class Reported:
    """The content span of reported speech and its attribution."""

    start: int
    end: int
    attribution: cues.Attribution


def _trim_end(text: str, s: int, e: int) -> int:
    while e > s and text[e - 1] in R.END_PUNCT:
        e -= 1
    return e


def final_attribution(
    text: str, s: int, e: int, *, min_words: int = 0, strict: bool = True
) -> cues.Attribution | None:
    """The ``…, X said.`` that closes the window ``text[s:e]``: each comma tried left to right.

    ``strict`` demands that only a few words follow the verb before the sentence ends or turns into a
    trailing clause; otherwise any comma after it will do (enough for a quote's own sentence)."""
    pos = s
    cue = -1  # where the first verb form or "according to" after the comma starts
    while True:
        comma = text.find(",", pos, e)
        if comma < 0:
            return None
        pos = comma + 1
        if cue <= comma:
            found_cue = R.lexicon().any_cue.search(text, pos, e)
            if found_cue is None:
                return None  # no cue after this comma (or any later one): no attribution
            cue = found_cue.start()
        if min_words and R.word_count(text[s : min(comma, s + 30 * min_words)]) < min_words:
            continue
        found = cues.right_attribution(text, comma, e)
        if found is None or found.speaker is None or text[comma + 1 : min(found.speaker[0], found.cue[0])].strip(" \t'"):
            continue  # ", though Mrs. Fiorina said she …" opens a clause, it does not close one
        after = text[found.cue[1] : e]
        if _closes(text, max(found.cue[1], found.speaker[1]), e) if strict else "," in after or R.word_count(after) <= 6:
            return found




def _closes(text: str, pos: int, e: int) -> bool:
    """An attribution closes its sentence: at most a few words ("on Thursday", "in a statement")
    and then the end or a trailing clause (", adding …", ", declining to be named")."""
    comma = text.find(",", pos, e)
    stop = e if comma < 0 else comma
    return R.word_count(text[pos:stop]) <= 6 and bool(R.AFTER_ATTRIBUTION.match(text, stop, e))


def _final_attribution(text: str, s: int, e: int) -> Reported | None:
    """``<content>, X said.``"""
    found = final_attribution(text, s, e, min_words=R.MIN_WORDS + 1)
    if found is None:
        return None
    comma = text.rfind(",", s, min(found.speaker[0], found.cue[0]))
    return Reported(s, _trim_end(text, s, comma), found)


def _leading_according(text: str, s: int, e: int) -> Reported | None:
    """``According to X, <content>.`` (also after "But", "(", "In addition,")."""
    lead = R.ACCORDING_LEAD.match(text, s, e)
    if lead is None:
        return None
    found = cues.according_to(text, lead.end(), e)
    if found is None or found.speaker is None:
        return None
    comma = text.find(",", found.speaker[1], e)
    if comma < 0 or comma - found.speaker[1] > 40:
        return None
    start = comma + 1
    while start < e and text[start].isspace():
        start += 1
    end = _trim_end(text, start, e)
    return Reported(start, end, found) if R.word_count(text[start:end]) >= R.MIN_WORDS else None


def _takes_clause(verb: tuple[str, str, str, str]) -> bool:
    """A speech verb (not a thought verb) that takes a clause: said (that) …, asked whether …"""
    _, _, stance, complement = verb
    return complement in ("clause", "that-clause", "question") and stance != "thought"


def _verb_frame(text: str, s: int, e: int) -> Reported | None:
    """``X said (that) <content>`` with a speech verb that takes a clause."""
    lex = R.lexicon()
    for m in cues.verbs_in(text, s, e, wanted=_takes_clause):
        lemma, tense, _, complement = lex.verb(m.group())
        start = m.end()
        if complement == "question":  # "asked workers if they planned to attend": the question reported
            asked = R.QUESTION_START.match(text, start, min(e, start + 80))
            if not asked:
                continue
            start = asked.end()
        elif lemma in R.TELL:
            that = R.THAT.search(text, start, min(e, start + 80))
            if not that:
                continue
            start = that.start()
        else:
            start = R.CONTENT_SKIP.match(text, start, e).end()
            if R.NOT_CLAUSE.match(text, start, e):
                continue
            if complement == "that-clause" and not text.startswith("that ", start):
                continue  # "charged a $100,000 fee", "announced new sanctions": an object, not speech
        end = _trim_end(text, start, e)
        tail = R.TRAILING_ATTRIBUTION.search(text[start:end])
        if tail:
            end = _trim_end(text, start, start + tail.start())
        if R.word_count(text[start:end]) < R.MIN_WORDS:
            continue
        subject = cues.np_before(text, s, m.start())  # the costliest test, so the last
        if subject is None and (
            tense == "participle" and text[s : m.start()].rstrip().endswith(",")
            or tense in ("past", "present") and R.COORDINATED_VERB_BEFORE.search(text, max(s, m.start() - 12), m.start())
        ):  # "X defended the plan, saying …", "X tweeted a photo and said …": the clause's subject says
            subject = cues.sentence_subject(text, s, m.start())
        if subject is not None:
            return Reported(start, end, cues.Attribution(subject, m.span()))
    return None


def _trailing_according(text: str, s: int, e: int) -> Reported | None:
    """``<content>, according to X.``"""
    acc = cues.according_to(text, s, e)
    if acc is None or acc.speaker is None:
        return None
    rest = text[acc.speaker[1] : e]
    if R.word_count(text[s : acc.cue[0]]) < R.MIN_WORDS:
        return None
    if "," in rest and rest.lstrip().startswith(",") and R.word_count(rest) >= R.MIN_WORDS:
        return Reported(s, _trim_end(text, s, e), acc)  # "<content>, according to X, <content>."
    if "," in rest or len(rest.split()) > 10:
        return None
    end = _trim_end(text, s, acc.cue[0])
    return Reported(s, end, acc)




def _colon_headline(text: str, s: int, e: int) -> Reported | None:
    """``Lynch: No outside influence on FBI probe`` (a name, a colon, what the person said)."""
    if text.find(":", s, e) < 0:
        return None  # no colon, no frame: the name pattern costs more than this test
    m = R.COLON_LEAD.match(text, s, e)
    if m is None:
        return None
    words = m.group(1).split()
    if len(words) > 3 or any(w.lower() in R.NOT_IN_NAMES or w[-2:] in ("’s", "'s") for w in words):
        return None  # "The Latest:", "CLARIFICATION:", "Stealth Over Health:" are no speakers
    if words[-1].lower() in R.NOT_SOURCES:
        return None
    end = _trim_end(text, m.end(), e)
    if R.word_count(text[m.end() : end]) < R.MIN_WORDS:
        return None
    return Reported(m.end(), end, cues.Attribution(m.span(1), (m.end(1), m.end(1) + 1)))


def reported_before_quote(text: str, s: int, quote_start: int) -> Reported | None:
    """``X said <content> and called her “…”``, ``X said <content>, telling Y that “…”``: reported
    speech whose clause ends, at a new reporting verb, before the sentence's first quote (a clause
    that runs on into the quote is the quote's)."""
    verb_re = R.lexicon().verb_re
    breaks = [b.start() for b in R.NEXT_CLAUSE.finditer(text, s, quote_start) if verb_re.match(text, b.end())]
    if not breaks or R.word_count(text[s:quote_start]) < R.MIN_WORDS + 2:
        return None  # no new reporting verb before the quote: checked first, the frame search costs more
    found = _verb_frame(text, s, quote_start)
    if found is None:
        return None
    for brk in breaks:
        if brk >= found.start:
            end = _trim_end(text, found.start, brk)
            return Reported(found.start, end, found.attribution) if R.word_count(text[found.start : end]) >= R.MIN_WORDS else None
    return None


def _interposed(text: str, s: int, e: int) -> list[Reported]:
    """``<content>, X said, <content>.``: an attribution set off by commas inside the reported
    sentence; both parts are the speaker's (two rows, one attribution)."""
    c1 = text.find(",", s, e)
    while 0 <= c1 < e:
        c2 = text.find(",", c1 + 1, e)
        if c2 < 0:
            return []
        short = R.word_count(text[c1:c2]) <= 6  # tested first: the cue search costs more
        cue = short and R.lexicon().any_cue.search(text, c1, c2)  # no reporting verb between the commas, no attribution
        found = cues.right_attribution(text, c1, c2) if cue else None
        if found is not None and found.speaker is not None and found.cue is not None:
            lead = text[c1 + 1 : min(found.speaker[0], found.cue[0])]
            verb = R.lexicon().verb(text[found.cue[0] : found.cue[1]])
            said = (verb is not None and verb[3] in ("clause", "that-clause") and verb[1] in ("past", "present")
                    and found.speaker[0] < found.cue[0]  # "…, said X, the lawyer for …": an appositive follows
                    and not R.PASSIVE_OR_NOUN.search(text, c1, found.cue[0]))
            rest = c2 + 1
            while rest < e and text[rest].isspace():
                rest += 1
            if (said and not lead.strip() and R.word_count(text[found.cue[1] : c2]) <= 3
                    and R.word_count(text[s:c1]) >= R.MIN_WORDS and R.word_count(text[rest:e]) >= R.MIN_WORDS
                    and not R.TRAILING_CLAUSE.match(text, rest, e) and not R.LINK_END.search(text, max(s, c1 - 12), c1)):
                first = _trim_end(text, s, c1)
                return [Reported(s, first, found), Reported(rest, _trim_end(text, rest, e), found)]
        c1 = c2
    return []


def find_reported(text: str, sentences: list[tuple[int, int]]) -> list[Reported]:
    """Reported speech in the given sentences (callers pass the ones without quotation marks)."""
    out: list[Reported] = []
    for s, e in sentences:
        words = R.word_count(text[s:e])
        if words < R.MIN_WORDS:
            continue
        found = None
        if words >= R.MIN_WORDS + 2:
            both = _interposed(text, s, e)
            if both:
                out.extend(both)
                continue
            found = _leading_according(text, s, e) or _final_attribution(text, s, e) or _verb_frame(text, s, e)
            if found is None:
                found = _trailing_according(text, s, e) or _colon_headline(text, s, e)
        if found is None and out and text.startswith("''", s) and text.startswith("''", out[-1].start):
            # ''A,'' said X. ''B.'': old ASCII-quoted speech goes on in the next sentence of the paragraph
            if "\n" not in text[out[-1].end : s]:
                found = Reported(s, _trim_end(text, s, e), out[-1].attribution)
        if found is not None:
            out.append(found)
    return out
