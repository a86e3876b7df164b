"""The quote engine: who is quoted, in which words, attributed how.

``extract_quotes(text)`` returns one row per quote (direct, partial, transcript turns "NAME: …",
indirect, or scare quotes that are nobody's speech); ``quote_table(corpus)`` does it per loaded document. The steps, one module
each: pair quotation marks (``marks``), find the attribution cue and the speaker mention around each
quote (``cues``), find reported speech in unquoted sentences (``indirect``), and resolve each speaker
mention to a canonical actor (``speakers``, with the registry of ``toolkit.actors``).
Everything works on bounded windows around sentences and quotes, so the cost is linear in the text.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from toolkit.actors import ActorRegistry, as_date, as_registry
from toolkit.quotes import cues
from toolkit.quotes import resources as R
from toolkit.quotes.indirect import final_attribution, find_reported, reported_before_quote
from toolkit.quotes.marks import Marked, find_marked
from toolkit.quotes.speakers import SpeakerResolver, actor_kind
from toolkit.segment import split_sentences

__all__ = ["QUOTE_COLUMNS", "extract_quotes", "quote_records", "quote_table"]

QUOTE_COLUMNS = [
    "start", "end", "text", "kind", "speaker", "speaker_start", "speaker_end", "actor",
    "cue", "cue_start", "cue_end",
]
TABLE_COLUMNS = ["doc_id", "outlet", "quote_id", *QUOTE_COLUMNS, "actor_kind", "bloc", "n_words"]



@dataclass(slots=True)
class _Quote:
    """A quote under construction."""

    start: int
    end: int
    kind: str
    speaker: tuple[int, int] | None = None
    cue: tuple[int, int] | None = None


class _Document:
    """A text with its sentence and line offsets, for window lookups by position.

    ``sentences`` are the text's ``split_sentences`` spans when the caller has them already.
    """

    def __init__(self, text: str, sentences: list[tuple[int, int]] | None = None) -> None:
        self.text = text
        self.sentences = split_sentences(text) if sentences is None else sentences
        self.sent_starts = [s for s, _ in self.sentences]
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def sentence(self, pos: int) -> tuple[int, int, int]:
        """(index, start, end) of the sentence holding ``pos`` (or the one before a gap)."""
        k = max(bisect_right(self.sent_starts, pos) - 1, 0)
        if not self.sentences:
            return 0, 0, len(self.text)
        s, e = self.sentences[k]
        return k, s, e

    def line_bounds(self, pos: int) -> tuple[int, int]:
        """(start, end) of the line (paragraph) holding ``pos``."""
        k = bisect_right(self.line_starts, pos) - 1
        end = self.line_starts[k + 1] - 1 if k + 1 < len(self.line_starts) else len(self.text)
        return self.line_starts[k], end


def _is_heading(doc: _Document, q: Marked) -> bool:
    """A line that is nothing but a short quoted phrase (‘Robust Peace’, 'All Bets Are Off.') is a
    heading, not a quote."""
    ls, le = doc.line_bounds(q.start)
    if q.start - ls > 4 or le - q.end > 4:
        return False
    inner = doc.text[q.start : q.end]
    return (
        not doc.text[ls : q.outer_start].strip()
        and not doc.text[q.outer_end : le].strip()
        and R.word_count(inner) <= R.HEADING_MAX_WORDS
        and (inner.rstrip()[-1:] not in ".!?," or _title_case(inner))
    )


def _headline(text: str) -> tuple[int, int]:
    """Span of the first line if it reads as a headline (short, and set off by a blank line or in
    Title Case, or ending in ";" before its dek line, which it then includes): quotes there repeat
    or tease the body's and are not counted."""
    m = re.search(r"\S[^\n]*", text)
    if m is None or R.word_count(m.group()) > 25 or not text[m.end() : m.end() + 2000].strip():
        return 0, 0  # no body after it: the line is the text, not its headline
    words = [w for w in re.findall(r"[^\W\d_][\w’'-]*", m.group()) if len(w) > 3]
    title_case = bool(words) and sum(w[0].isupper() for w in words) >= 0.7 * len(words)
    blank_after = re.match(r"[ \t]*\n[ \t]*\n", text[m.end() :]) is not None
    if m.group().rstrip().endswith(";"):  # "Headline; \nDek.\n\n": a newspaper's headline and its dek
        dek = re.match(r"[ \t]*\n([^\n]+)(?=[ \t]*\n[ \t]*\n)", text[m.end() :])
        if dek is not None and R.word_count(dek.group(1)) <= 40:
            return m.start(), m.end() + dek.end()
        return m.span()
    return m.span() if title_case or blank_after else (0, 0)




def _title_case(inner: str) -> bool:
    """“Midday with Charlie Sykes”, “The Art of the Deal”: every word but small ones capitalised."""
    words = [w for w in R.TITLE_WORD.findall(inner) if w.lower() not in R.TITLE_SMALL_WORDS]
    return bool(words) and (inner[:1].isupper() or inner[:1].isdigit()) and all(
        w[0].isupper() or w[0].isdigit() for w in words)


def _scare(doc: _Document, q: Marked, has_speaker: bool, close_cue: bool, cue_words: int) -> bool:
    """Marks around a term, a title or a name, not around anyone's words.

    ``has_speaker``: someone speaks in the clause (an "according to" source does not count);
    ``close_cue``: a reporting verb governs the quote directly ("called the plan “…”");
    ``cue_words``: words between the cue and the quote."""
    text = doc.text
    inner = text[q.start : q.end]
    n = R.word_count(inner)
    if inner.rstrip()[-1:] == "," and R.BYLINE_AFTER.match(text, q.outer_end):
        return True  # a cited article's headline: “Met accused of whitewashing baby Jesus,” by Post's Kathianne Boniello
    if n > R.HEADING_MAX_WORDS:
        return False  # every test below is for a short quote: a term, a title, a name
    before = text[max(0, q.outer_start - 40) : q.outer_start]
    after = text[q.outer_end : q.outer_end + 12]
    introduced = R.INTRODUCED_BEFORE.search(before) or not before.strip()
    if R.CHANT_BEFORE.search(before):
        return False  # a crowd's words: greeted with chants of “Bobby!”
    named = R.NAMED_BEFORE.search(before)
    sentence_like = inner.rstrip(" ”’\"'")[-1:] in ".!?"
    title = _title_case(inner)
    if n <= 6 and title and (named or not (close_cue or has_speaker or sentence_like)) and not introduced:
        return True  # a title or a name: NBC's “Nightly News”, according to “Reuters“
    if n <= R.HEADING_MAX_WORDS and title and R.TITLE_NOUN_BEFORE.search(before):
        return True  # a work's title: the podcast “So, That Happened.”
    if n <= 6 and title and not introduced and (
        R.TITLE_DETERMINER_BEFORE.search(before) or R.TITLE_NOUN_AFTER.match(text, q.outer_end)
    ):
        return True  # a named thing: his 1994 “Contract with America.”, his “Keepin' It Real” radio program
    if n <= 6 and not text[doc.line_bounds(q.outer_start)[0] : q.outer_start].strip() and _subject_term(text, q, inner):
        return True  # a term opening its sentence: “Refoulement” (forcible return) is forbidden by law
    if n <= 6 and (R.SCARE_BEFORE.search(before) or not has_speaker and R.NAMING_BEFORE.search(before)):
        return True  # the so-called “coalition of the willing”, a plan dubbed “Operation Hope”
    if close_cue:
        return False  # Sanders says he’s determined to end a “rigged economy”
    ends_clause = inner.rstrip()[-1:] in ".!?,"
    far = not has_speaker or cue_words > R.FAR_CUE_WORDS
    if n <= 2 and not ends_clause and R.LOWER_WORD_AFTER.match(after) and not R.FUNCTION_AFTER.match(after) and far:
        return True  # a modifier far from any speech: Officials say … and U.S. “backstop” support
    if n <= 3 and not ends_clause and R.DETERMINER_BEFORE.search(before) and not has_speaker:
        return True  # a term used as a noun, no one speaking: on the “front line”
    return n <= 4 and not has_speaker and not ends_clause and bool(R.PREPOSITION_BEFORE.search(before))


def _subject_term(text: str, q: Marked, inner: str) -> bool:
    """A word or a Title Case name that opens its paragraph and runs on into the sentence ("“The
    Walking Dead” is an AMC drama", "“Orange is the New Black” star Dascha Polanco"): a term or a
    title as the sentence's subject, not words spoken."""
    if inner.rstrip()[-1:] in ".!?,;:…—-" or not (_title_case(inner) or R.word_count(inner) == 1):
        return False  # "“We are frustrated and horrified” by the shooting": words, cut short
    after = R.RUN_ON_AFTER.match(text, q.outer_end)
    return after is not None and (after.group(1) or "").lower() not in R.lexicon().verbs


def _open_paren(text: str, lo: int, hi: int) -> int:
    """Offset of the last "(" in ``text[lo:hi]`` that is not closed before ``hi``, else -1."""
    k = text.rfind("(", lo, hi)
    return k if k >= 0 and text.find(")", k, hi) < 0 else -1


def _clause_window(doc: _Document, q: Marked, prev_mark: Marked | None) -> tuple[int, int]:
    """Left window: sentence start (or the previous quote's end in the same sentence) to the mark."""
    _, s, _ = doc.sentence(q.outer_start)
    ls, _ = doc.line_bounds(q.outer_start)
    lo = max(s, ls, q.outer_start - R.WINDOW)
    paren = _open_paren(doc.text, lo, q.outer_start)
    if paren >= 0:  # "(Raphael Lemkin, who coined the word, once said, “…”)": the aside speaks
        lo = paren + 1
    if prev_mark is not None and prev_mark.outer_end > lo:
        lo = min(prev_mark.outer_end, q.outer_start)
    return lo, q.outer_start


def _right_window(doc: _Document, q: Marked, next_mark: Marked | None) -> tuple[int, int, bool]:
    """Right window: after the closing mark to the sentence end (or the next quote)."""
    text = doc.text
    pos = q.outer_end
    _, le = doc.line_bounds(max(pos - 1, 0))
    probe = pos
    while probe < le and text[probe] in " \t\xa0":
        probe += 1
    if probe < le and text[probe] in ",;—–-":
        probe_sentence = doc.sentence(pos - 1)
    else:
        probe_sentence = doc.sentence(probe)
    _, s, e = probe_sentence
    hi = min(max(e, pos), le, pos + R.WINDOW)
    new_sentence = s >= pos
    if next_mark is not None and next_mark.outer_start < hi:
        hi = next_mark.outer_start
    return pos, hi, new_sentence


def _attribute(doc: _Document, marks: list[Marked]) -> list[_Quote]:
    text = doc.text
    out: list[_Quote] = []
    prev: _Quote | None = None
    prev_mark: Marked | None = None
    for i, q in enumerate(marks):
        next_mark = marks[i + 1] if i + 1 < len(marks) else None
        lo, hi = _clause_window(doc, q, prev_mark)
        left_text = text[lo:hi].strip().strip(R.ALL_MARKS)
        r_lo, r_hi, new_sentence = _right_window(doc, q, next_mark)
        inner = text[q.start : q.end]
        last = inner.rstrip(" '’”\"")[-1:]
        ends_clause = last in ".!?,…—-" or text[r_lo : r_lo + 2].strip()[:1] in (",", "—", "–", "―")
        cut_by_quote = next_mark is not None and next_mark.outer_start == r_hi
        right = None
        if (ends_clause or r_lo == r_hi) and not (new_sentence and cut_by_quote):
            right = cues.right_attribution(text, r_lo, r_hi, final_only=new_sentence, loose=True)
        left = cues.left_attribution(text, lo, hi) if lo < hi else None
        attr = right if right is not None and right.speaker is not None else left
        same_sentence = prev_mark is not None and (
            doc.sentence(prev_mark.outer_end - 1)[0] == doc.sentence(q.outer_start)[0]
        )
        if attr is not None and attr.speaker is None and attr.inherit:
            late = final_attribution(text, r_lo, r_hi, strict=False) if r_lo < r_hi and not new_sentence else None
            if same_sentence and prev.speaker is not None:
                attr = cues.Attribution(prev.speaker, attr.cue)
            elif late is not None:  # "The rejection signals “…” for the EU, said Geert Wilders"
                attr = late
            else:
                _, s, _ = doc.sentence(q.outer_start)
                first = cues.sentence_subject(text, max(s, doc.line_bounds(q.outer_start)[0]), attr.cue[0])
                attr = cues.Attribution(first, attr.cue) if first else attr
        speaker = attr.speaker if attr is not None else None
        cue = attr.cue if attr is not None else None
        start = q.start
        label = R.TRANSCRIPT.match(text, q.start, q.end) if speaker is None else None
        if label and label.end() < q.end:  # "PENCE: Well, look, …": a turn, its words after the label
            speaker, cue, start = label.span(1), (label.end(1), label.end(1) + 1), label.end()
        turn = start > q.start
        if speaker is None:  # “…”\n\n- Sanders.
            signed = cues.signature(text, q.outer_end)
            if signed is not None:
                speaker, cue = signed.speaker, signed.cue
        if speaker is None and r_lo < r_hi:  # “…” as part of a deal, Macron told journalists
            late = final_attribution(text, r_lo, r_hi, strict=False)
            if late is not None:
                speaker, cue = late.speaker, late.cue
        if speaker is None and same_sentence and prev.speaker is not None:
            speaker, cue = prev.speaker, prev.cue  # “will not be easy” and “will take time”
        starts_sentence = not left_text or left_text[-1:] in ":," and left is not None and left.cue is not None
        first_char = inner.lstrip("(…. ")[:1]
        elided = inner.lstrip().startswith(("…", "..."))  # “… what I learned is …”: a sentence cut at its start
        whole = q.open < 0 or first_char.isupper() or first_char.isdigit() or elided
        kind = "direct" if starts_sentence and whole else "partial"
        if speaker is None and kind == "direct":
            speaker, cue = _carry_over(doc, q, prev, prev_mark)
            # a turn's next paragraph: "But the truth is …"
            turn = prev is not None and prev.kind == "transcript" and speaker == prev.speaker is not None
        if turn:
            kind = "transcript"
        close_cue = (
            speaker is not None and cue is not None and cue[1] <= q.outer_start
            and text[cue[0] : cue[1]].lower() in R.lexicon().verbs
            and not R.CLAUSE_PUNCTUATION.search(text[cue[1] : q.outer_start])
        )
        sourced = cue is not None and text[cue[0] : cue[1]].lower() in ("according to", "for")
        cue_words = 99 if cue is None else R.word_count(  # words between the quote and its cue, either side
            text[cue[1] : q.outer_start] if cue[1] <= q.outer_start else text[q.outer_end : cue[0]])
        if not turn and _scare(doc, q, speaker is not None and not sourced, close_cue, cue_words):
            kind, speaker, cue = "scare", None, None
        elif speaker is None and kind == "partial" and lo < hi:
            # no cue: words quoted inside a clause belong to its subject ("Rubio bemoaned … “…”")
            _, s, _ = doc.sentence(q.outer_start)
            speaker = cues.sentence_subject(text, max(s, lo), hi)
        record = _Quote(start, q.end, kind, speaker, cue)
        out.append(record)
        if kind != "scare":
            prev, prev_mark = record, q
    return out


def _carry_over(doc: _Document, q: Marked, prev: _Quote | None, prev_mark: Marked | None):
    """Speaker of an unattributed whole-sentence quote: a colon introduction in the sentence before,
    or the speaker of the quote just before (same or previous sentence/paragraph)."""
    text = doc.text
    k, s, _ = doc.sentence(q.outer_start)
    if k > 0:
        ps, pe = doc.sentences[k - 1]
        ps = max(ps, pe - R.WINDOW)
        if text[ps:pe].rstrip().endswith(":") and (prev_mark is None or prev_mark.outer_end <= ps):
            colon = ps + len(text[ps:pe].rstrip()) - 1
            found = cues.left_attribution(text, ps, colon + 1)
            if found is not None and found.speaker is not None:
                return found.speaker, found.cue
    if k > 0 and (prev_mark is None or prev_mark.outer_end <= doc.sentences[k - 1][0]):
        ps, pe = doc.sentences[k - 1]  # "X called him a master at … . “He showed again …”"
        if text[pe:s].count("\n") <= 2:
            found = cues.left_attribution(text, max(ps, pe - R.WINDOW), pe)
            if found is not None and found.speaker is not None:
                return found.speaker, found.cue
    if prev is None or prev.speaker is None or prev_mark is None:
        return None, None
    prev_end = max(prev_mark.outer_end, prev.cue[1] if prev.cue else 0)  # “…?” Hannity pressed. “…”
    prev_k = doc.sentence(max(prev_end - 1, 0))[0]
    if k - prev_k <= 1:
        return prev.speaker, prev.cue
    if k - prev_k <= 3 and doc.line_bounds(q.outer_start) == doc.line_bounds(prev_end - 1):
        return prev.speaker, prev.cue  # “…,” Obama said. He did not suggest retaliation. “Our goal is …”
    # a quote paragraph right after an attributed quote paragraph
    ls, _ = doc.line_bounds(q.outer_start)
    _, ple = doc.line_bounds(prev_mark.outer_start)
    between = text[ple:ls]
    if not between.strip() and text[ls:q.outer_start].strip() == "":
        return prev.speaker, prev.cue
    return None, None


def _quoted_spans(marks: list[Marked]) -> list[tuple[int, int]]:
    return [(q.outer_start, q.outer_end) for q in marks]


def _unquoted_sentences(doc: _Document, marks: list[Marked]) -> list[tuple[int, int]]:
    spans = _quoted_spans(marks)
    starts = [s for s, _ in spans]
    out = []
    for s, e in doc.sentences:
        k = bisect_right(starts, e) - 1
        if k >= 0 and spans[k][1] > s:
            continue
        out.append((s, e))
    return out


def _reported_before_quotes(doc: _Document, marks: list[Marked], head_end: int) -> list:
    """Reported speech that ends before the first quote of its sentence (``reported_before_quote``)."""
    out, seen = [], set()
    for q in marks:
        k, s, _ = doc.sentence(q.outer_start)
        if k in seen or s < head_end:
            continue
        seen.add(k)
        found = reported_before_quote(doc.text, max(s, doc.line_bounds(q.outer_start)[0]), q.outer_start)
        if found is not None:
            out.append(found)
    return out


def quote_records(
    text: str,
    registry: ActorRegistry,
    *,
    date: dt.date | None = None,
    sentences: list[tuple[int, int]] | None = None,
    mentions: list[tuple[int, int, str, str]] | None = None,
) -> list[tuple]:
    """The quotes of one text as row tuples in ``QUOTE_COLUMNS`` order, sorted by ``start, end``.

    The core of :func:`extract_quotes` and :func:`quote_table`, without a table per text.
    ``sentences`` (``split_sentences(text)``) and ``mentions`` (``registry.find(text, date=date)``)
    may be passed when the caller computed them already.
    """
    doc = _Document(text, sentences)
    head_start, head_end = _headline(text)
    marks = [q for q in find_marked(text) if not _is_heading(doc, q) and not head_start <= q.start < head_end]
    quotes = _attribute(doc, marks)
    headline = [(s, e) for s, e in doc.sentences if head_start <= s < head_end]
    reported = find_reported(text, sorted(set(_unquoted_sentences(doc, marks)) | set(headline)))
    reported += _reported_before_quotes(doc, marks, head_end)
    for rep in reported:
        attr = rep.attribution
        quotes.append(_Quote(rep.start, rep.end, "indirect", attr.speaker, attr.cue))
    resolver = SpeakerResolver(text, registry, doc.sentences, _quoted_spans(marks), date=date, mentions=mentions)
    actor_of = {}
    for q in sorted((q for q in quotes if q.speaker is not None), key=lambda q: q.speaker):
        actor_of[q.speaker] = resolver.resolve(*q.speaker)
    rows = []
    for q in sorted(quotes, key=lambda q: (q.start, q.end)):
        ss, se = q.speaker if q.speaker else (-1, -1)
        cs, ce = q.cue if q.cue else (-1, -1)
        rows.append((
            q.start, q.end, text[q.start : q.end], q.kind,
            text[ss:se] if q.speaker else None, ss, se, actor_of.get(q.speaker),
            text[cs:ce] if q.cue else None, cs, ce,
        ))
    return rows


def _quote_frame(rows: list[tuple], leading: dict[str, list] | None = None) -> pd.DataFrame:
    """Quote rows as a table: the ``leading`` columns, then ``QUOTE_COLUMNS`` with int64 offsets and a
    missing speaker/actor/cue as None, never NaN."""
    table = pd.DataFrame(rows, columns=QUOTE_COLUMNS)
    for column in ("speaker", "actor", "cue"):
        table[column] = table[column].astype(object).where(table[column].notna(), None)
    for position, (column, values) in enumerate((leading or {}).items()):
        table.insert(position, column, values)
    return table.astype({c: "int64" for c in ("start", "end", "speaker_start", "speaker_end", "cue_start", "cue_end")})


def extract_quotes(text: str, actors: ActorRegistry | str | Path | None = None, *, date=None) -> pd.DataFrame:
    """Quotes of one (cleaned) text, one row per quote, sorted by ``start``.

    ``actors`` is an :class:`~toolkit.actors.ActorRegistry`, a YAML path, or None for the bundled
    default registry (``ActorRegistry.empty()`` for none). ``date`` picks role holders ("the German
    chancellor") when roles change hands.
    """
    return _quote_frame(quote_records(text, as_registry(actors), date=as_date(date)))


def quote_table(
    corpus: pd.DataFrame,
    actors: ActorRegistry | str | Path | None = None,
    *,
    sentences: list | None = None,
    mentions: list | None = None,
) -> pd.DataFrame:
    """``extract_quotes`` over the loaded rows of a corpus, with ``doc_id, outlet, quote_id`` first and
    ``actor_kind, bloc, n_words`` after; sorted by ``doc_id, start``.

    ``sentences`` and ``mentions`` optionally give, per loaded row with a text, its sentence spans
    and registry mentions (see :func:`quote_records`) when the caller has them already.
    """
    registry = as_registry(actors)
    docs = corpus[corpus["status"] == "loaded"] if "status" in corpus.columns else corpus
    dates = docs["date"].tolist() if "date" in docs.columns else [None] * len(docs)
    doc_ids, outlets, quote_ids, rows, empty = [], [], [], [], None
    k = 0  # index among the rows with a text, which ``sentences``/``mentions`` follow
    for doc_id, outlet, text, date in zip(docs["doc_id"].tolist(), docs["outlet"].tolist(), docs["text"].tolist(),
                                          dates, strict=True):
        if not isinstance(text, str):
            continue
        found = quote_records(text, registry, date=as_date(date), sentences=sentences[k] if sentences else None,
                              mentions=mentions[k] if mentions else None)
        k += 1
        if not found and empty is None:
            empty = (doc_id, outlet)
        doc_ids += [doc_id] * len(found)
        outlets += [outlet] * len(found)
        quote_ids += range(len(found))
        rows += found
    if not rows and empty is None:
        return pd.DataFrame(columns=TABLE_COLUMNS)
    parts = [_quote_frame(rows, {"doc_id": doc_ids, "outlet": outlets, "quote_id": quote_ids})] if rows else []
    if empty is not None:  # a text without quotes: its empty table decides the dtypes, as one table per text did
        doc_id, outlet = empty
        parts.append(_quote_frame([], {"doc_id": doc_id, "outlet": outlet, "quote_id": range(0)}))
    table = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    actors_col = table["actor"].tolist()
    table["actor_kind"] = [actor_kind(registry, a) for a in actors_col]
    table["bloc"] = [registry.get(a).bloc if registry.get(a) is not None else None for a in actors_col]
    table["n_words"] = [R.word_count(t) for t in table["text"].tolist()]
    return table[TABLE_COLUMNS].sort_values(["doc_id", "start", "quote_id"], kind="stable").reset_index(drop=True)
