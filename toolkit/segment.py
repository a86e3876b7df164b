"""Sentences and word tokens: the units every later stage counts in.

``split_sentences`` is a data-free, linear regex splitter tuned for news English: a full stop, ``?``,
``!`` or ellipsis (plus any closing quotes/brackets) followed by white space is a boundary unless the
word before it is a known abbreviation (``toolkit/data/news_abbreviations.txt``), a dotted acronym or an
initial followed by a name/number, or the next word starts in lower case. Line breaks are boundaries too
(headings, list items and paragraphs are never merged), except a single break inside a hard-wrapped
sentence (a line of 40+ characters ends without terminal punctuation and the next begins in lower
case). ``sentences`` builds the tidy sentence table and marks each sentence's voice from quote spans.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources

import pandas as pd

# --- resources: every pattern and word list in one place -------------------------------------------

_TERMINAL = ".!?…"
_OPENERS = "“‘\"'«([{"
_CLOSERS = "”’\"'»)]}"
_OPENERS_ONLY = "“‘«([{"
_QUOTE_CLOSERS = "”’\"'»"

# candidate boundary: terminal punctuation run + closers, then white space (or end of text);
# or a line break, with the blank lines after it (a paragraph break: always a boundary, one candidate).
_CANDIDATE = re.compile(rf"[{re.escape(_TERMINAL)}]+[{re.escape(_CLOSERS)}]*(?=\s|$)|\n(?:[ \t]*\n)*")
# the word after a candidate, past white space and opening quotes/brackets
_NEXT_WORD = re.compile(rf"\s*[{re.escape(_OPENERS)}]*([^\s{re.escape(_OPENERS)}]*)")
_MIN_WRAPPED_LINE = 40  # characters: shorter lines ending without punctuation are headings or list items
_LINE_START = re.compile(r"[ \t]*(.?)", re.DOTALL)  # first character of the next line
_LAST_TOKEN = re.compile(r"\S+$")  # the word before a full stop (searched in a bounded window)
_MAX_TOKEN = 40  # longer "words" are never abbreviations; bounding the look-back keeps splitting linear
_LIST_NUMBER = re.compile(r"\d{1,3}|[a-z]|[ivx]{1,4}")  # 1. / a. / iv. at the start of a line
_DOTTED_ACRONYM = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")  # U.S, a.m, e.u (final stop excluded)
# speech verbs that close a post-quote attribution ('“…of Russia.” Macron said.'): the single-word
# forms of the quote engine's data/reporting_verbs.csv, or the commonest few if it is absent
_FALLBACK_VERBS = ("said", "says", "added", "told", "wrote", "asked")

WORD = re.compile(r"(?:[^\W\d_]\.){2,}(?=\W|$)|\d+(?:[.,]\d+)+|\w+(?:[-’']\w+)*")
_POSSESSIVE = re.compile(r"[’']s$", re.IGNORECASE)


def _read_data(name: str) -> list[str]:
    """Non-empty, non-comment lines of a data file in ``toolkit/data``."""
    text = resources.files("toolkit").joinpath("data", name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, str]:
    """Abbreviation (no final stop) -> class (``title``/``number``/``other``).

    Lower-case entries match any case; capitalised entries (US states: ``Ill``) match only as written.
    """
    table = {}
    for line in _read_data("news_abbreviations.txt"):
        word, *kind = line.split()
        table[word] = kind[0] if kind else "other"
    return table


def _speech_verbs() -> list[str]:
    """Single-word speech verbs (neutral or loaded stance) from the quote engine's lexicon."""
    if not resources.files("toolkit").joinpath("data", "reporting_verbs.csv").is_file():
        return list(_FALLBACK_VERBS)
    rows = csv.DictReader(_read_data("reporting_verbs.csv"))
    forms = {(r.get("form") or "").strip() for r in rows if r.get("stance") in ("neutral", "loaded")}
    return sorted(f for f in forms if f and " " not in f) or list(_FALLBACK_VERBS)


# a closing quote followed by a short attribution belongs to the quote: '“…of Russia.” Macron said.'
_ATTRIBUTION_TAIL = re.compile(
    r"\s+(?:[A-Z][\w’'.-]*\s+){1,4}(?:" + "|".join(map(re.escape, _speech_verbs())) + r")"
    r"(?:\s+(?:on|in|at|during|after|before|to|from|later|earlier|yesterday|today|tonight|this|last)\b"
    r"[^.!?“”\"]{0,60})?[.!?]"
)

#: scikit-learn's English stop list, read from ``data/stopwords_english.txt`` (the same words: a test
#: checks), so that segmenting and loading do not import scikit-learn (half a second)
ENGLISH_STOP_WORDS: frozenset[str] = frozenset(_read_data("stopwords_english.txt"))
STOP_WORDS: frozenset[str] = ENGLISH_STOP_WORDS | frozenset(
    w.lower() for w in _read_data("stopwords_news.txt")
)
# capitalised common words that can start a sentence after an ambiguous abbreviation ("U.S. The ...")
_SENTENCE_STARTERS = ENGLISH_STOP_WORDS


# --- sentences --------------------------------------------------------------------------------------


def _abbreviation_class(token: str) -> str | None:
    """Class of the word before a full stop, or None if it is an ordinary word."""
    word = token.lstrip(_OPENERS + _CLOSERS)  # also a misplaced closing mark: ”Mr. Trump
    if not word:
        return None
    if len(word) == 1 and word.isupper():
        return "other"  # an initial (J. K. Rowling), not p. for page
    known = abbreviations().get(word) or abbreviations().get(word.lower())
    if known:
        return known
    return "other" if _DOTTED_ACRONYM.fullmatch(word) else None


def _opens_line(text: str, pos: int) -> bool:
    """Whether only indentation stands between the start of the line and ``pos``."""
    while pos > 0 and text[pos - 1] in " \t":
        pos -= 1
    return pos == 0 or text[pos - 1] == "\n"


def _is_boundary(text: str, match: re.Match) -> bool:
    """Decide whether a candidate (terminal punctuation or line break) ends a sentence."""
    start, end = match.span()
    if text[start] == "\n":
        if end - start > 1:
            return True  # a blank line follows
        j = start - 1
        while j >= 0 and text[j] in " \t\r\f\v":
            j -= 1
        if j < 0 or text[j] in _TERMINAL + _CLOSERS + "\n":
            return True
        # a hard-wrapped sentence: a long line whose next line continues in lower case (list items are short)
        wrapped = start - text.rfind("\n", 0, start) > _MIN_WRAPPED_LINE
        return not (wrapped and _LINE_START.match(text, end).group(1).islower())
    if (
        start == 0
        or text[start - 1].isspace()
        or text[start - 1] in _OPENERS_ONLY
        or (text[start - 1] in _OPENERS and (start < 2 or text[start - 2].isspace()))
    ):
        return False  # leading ellipsis ("… we will", "\"... we") is not an ending
    next_word = _NEXT_WORD.match(text, end).group(1)
    if not next_word:
        return True  # end of text, or only quotes/brackets follow
    first = next_word[0]
    if first.islower():
        return False
    punct = match.group().rstrip(_CLOSERS)
    if punct == "." and not any(c in _QUOTE_CLOSERS for c in match.group()):
        before = _LAST_TOKEN.search(text, max(0, start - _MAX_TOKEN), start)
        if before and _LIST_NUMBER.fullmatch(before.group()) and _opens_line(text, before.start()):
            return False  # "1. The first point" - a list number opening the line
        kind = _abbreviation_class(before.group() if before else "")
        if kind == "title":
            return False
        if kind == "number" and first.isdigit():
            return False
        if kind == "other" and next_word.strip(_CLOSERS + ".,;:").lower() not in _SENTENCE_STARTERS:
            return False
    if any(c in _QUOTE_CLOSERS for c in match.group()[len(punct) :]) and _ATTRIBUTION_TAIL.match(text, end):
        return False
    return True


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character offsets ``(start, end)`` of the sentences of ``text``, stripped of edge white space.

    Linear in the text; never merges lines that form headings or separate paragraphs.
    """
    spans: list[tuple[int, int]] = []
    cursor = 0
    for match in _CANDIDATE.finditer(text):
        if _is_boundary(text, match):
            _append_stripped(text, cursor, match.end(), spans)
            cursor = match.end()
    _append_stripped(text, cursor, len(text), spans)
    return spans


def _append_stripped(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


# --- words ------------------------------------------------------------------------------------------


def word_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of the word tokens of ``text`` (possessive ’s excluded, hyphens and inner apostrophes kept)."""
    spans = []
    for m in WORD.finditer(text):
        start, end = m.span()
        if end - start > 2 and _POSSESSIVE.search(m.group()):
            end -= 2
        spans.append((start, end))
    return spans


def _token(word: str) -> str:
    """Normal form of one ``WORD`` match: straight apostrophe, no possessive, no final stop, lower case."""
    if word[-1] == ".":  # only dotted acronyms end in a stop: U.S. -> u.s
        word = word[:-1]
    elif "’" in word or "'" in word:
        word = word.replace("’", "'")
        if len(word) > 2 and word[-2:] in ("'s", "'S"):
            word = word[:-2]
    return word.lower()


def tokenize(text: str) -> list[str]:
    """Lower-case word tokens: ``"Russia’s cease-fire"`` -> ``["russia", "cease-fire"]``.

    Curly apostrophes become ``'``; dotted acronyms keep inner stops (``u.s``); numbers stay whole
    (``3.5``, ``2,000``); punctuation is dropped. Token ``i`` is the text of ``word_spans(text)[i]``
    normalised this way.
    """
    return [_token(word) for word in WORD.findall(text)]


# --- the sentence table -----------------------------------------------------------------------------

SENTENCE_COLUMNS = ["doc_id", "outlet", "sent_id", "start", "end", "text", "voice", "quoted_fraction"]
QUOTED_KINDS = ("direct", "partial", "transcript")


def _quote_spans(corpus: pd.DataFrame, quotes: pd.DataFrame | None) -> pd.DataFrame:
    """Direct/partial quote spans per document, from ``quotes`` or from ``toolkit.quotes`` if present."""
    if quotes is None:
        try:
            from toolkit.quotes import extract_quotes
        except (ImportError, AttributeError):
            return pd.DataFrame(columns=["doc_id", "start", "end"])
        frames = [
            extract_quotes(text).assign(doc_id=doc_id)
            for doc_id, text in zip(corpus["doc_id"], corpus["text"], strict=True)
        ]
        if not frames:
            return pd.DataFrame(columns=["doc_id", "start", "end"])
        quotes = pd.concat(frames, ignore_index=True)
    if quotes.empty:
        return pd.DataFrame(columns=["doc_id", "start", "end"])
    return quotes.loc[quotes["kind"].isin(QUOTED_KINDS), ["doc_id", "start", "end"]]


def _quoted_fractions(spans: list[tuple[int, int]], quote_spans: list[tuple[int, int]], length: int) -> list[float]:
    """Share of each sentence's characters that lie inside a quote span (spans clipped to the text)."""
    inside: list[list[int]] = []  # the union of the quote spans, as sorted disjoint [start, end)
    for start, end in sorted((max(s, 0), min(e, length)) for s, e in quote_spans):
        if end <= start:
            continue
        if inside and start <= inside[-1][1]:
            inside[-1][1] = max(inside[-1][1], end)
        else:
            inside.append([start, end])
    fractions, k = [], 0
    for start, end in spans:  # sentences are in text order, so one pass over the union
        while k < len(inside) and inside[k][1] <= start:
            k += 1
        covered, j = 0, k
        while j < len(inside) and inside[j][0] < end:
            covered += min(end, inside[j][1]) - max(start, inside[j][0])
            j += 1
        fractions.append(covered / (end - start))
    return fractions


def sentences(corpus: pd.DataFrame, quotes: pd.DataFrame | None = None, *, spans: list | None = None) -> pd.DataFrame:
    """One row per sentence of each loaded article, with its voice.

    ``quoted_fraction`` is the share of the sentence's characters inside direct/partial quote spans
    (from ``quotes``, a ``quote_table``; if None, from ``toolkit.quotes.extract_quotes`` when that
    module is available, else 0). ``voice`` is ``quoted`` when that share is at least 0.5.
    ``spans`` optionally gives ``split_sentences`` of each loaded text, when the caller has them already.
    """
    docs = corpus
    if "status" in docs.columns:
        docs = docs[docs["status"] == "loaded"]
    docs = docs.dropna(subset=["text"])
    quote_spans = _quote_spans(docs, quotes)
    by_doc: dict = {}
    for doc_id, start, end in zip(*(quote_spans[c].tolist() for c in ("doc_id", "start", "end")), strict=True):
        by_doc.setdefault(doc_id, []).append((int(start), int(end)))
    rows = []
    texts = docs["text"].tolist()
    for k, (doc_id, outlet, text) in enumerate(zip(docs["doc_id"].tolist(), docs["outlet"].tolist(), texts,
                                                   strict=True)):
        doc_spans = split_sentences(text) if spans is None else spans[k]
        fractions = _quoted_fractions(doc_spans, by_doc.get(doc_id, ()), len(text))
        for sent_id, ((start, end), fraction) in enumerate(zip(doc_spans, fractions, strict=True)):
            rows.append(
                (
                    doc_id,
                    outlet,
                    sent_id,
                    start,
                    end,
                    text[start:end],
                    "quoted" if fraction >= 0.5 else "narrator",
                    round(fraction, 6),
                )
            )
    table = pd.DataFrame(rows, columns=SENTENCE_COLUMNS).astype(
        {"sent_id": "int64", "start": "int64", "end": "int64", "quoted_fraction": "float64"}
    )
    return table.sort_values(["doc_id", "sent_id"], kind="stable").reset_index(drop=True)
