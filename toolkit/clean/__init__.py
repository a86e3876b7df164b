"""Cleaning: strip page furniture from an article's text, keeping title, headings and body.

``clean(raw) -> Cleaned`` runs, per document:

1. normalisation (``normalize.py``): HTML entities decoded, stray tags stripped, no-break spaces
   folded, zero-width and bidi characters removed; words and curly quotes are never changed;
2. named furniture patterns (``rules.py`` with ``toolkit/data/boilerplate.yml``): ADVERTISEMENT,
   captions, newsletter and terms footers, share rows, bylines, related links, …;
3. the general line classifier (``classify.py``): the main content block of prose lines is kept,
   the page head and tail around it and menu runs inside it are removed.

Steps 2–3 are repeated on their own output until nothing more goes, so cleaning is idempotent:
``clean_text(clean_text(x)) == clean_text(x)``. Every removed line is reported as a
``Removal(line_no, text, rule)``; ``line_no`` indexes the raw input's lines (CRLF/CR/LF).

``cleaning_audit(corpus)`` tabulates the removals of every loaded document; ``extract_html`` (in
``toolkit.clean.html``) does the same for HTML pages, after trafilatura has found the article.
``clean_document`` is what the loader calls: it also remembers the document's removals, so that
the audit of a corpus loaded in the same process does not clean every text a second time.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from toolkit.clean.classify import classify_lines, features, is_headline_like, is_prose
from toolkit.clean.normalize import normalize_line, split_lines
from toolkit.clean.rules import RuleSet, byline_name, default_rules, is_html_fragment

__all__ = ["Removal", "Cleaned", "clean", "clean_document", "clean_text", "cleaning_audit"]

_MAX_ROUNDS = 6
_TEASER_MAX_WORDS = 16


@dataclass(frozen=True)
class Removal:
    """One removed input line: its 0-based number in the raw text, its text, the rule that removed it."""

    line_no: int
    text: str
    rule: str


@dataclass(frozen=True)
class Cleaned:
    """A cleaned document.

    ``text``: the kept lines (normalised) joined by newlines, one blank line between paragraphs
    where the input had any; ``removed``: every removed line, in input order; ``title``: the
    recognised title line (it stays in ``text``) or None; ``byline``: the author's name from a
    removed byline line or None; ``headings``: subheadings recognised in the body (they stay too).
    """

    text: str
    removed: list[Removal] = field(default_factory=list)
    title: str | None = None
    byline: str | None = None
    headings: list[str] = field(default_factory=list)


def _rule_pass(
    texts: list[str], raws: list[str] | None, rules: RuleSet, memo: dict[str, str | None]
) -> list[str | None]:
    """Layer 1 on one view of the document: each line's rule name, or None.

    ``raws`` (the raw lines) is given in the first round only: later rounds look at lines that
    round 1 kept, which no line pattern matched, so only the context rules are tried again."""
    verdict: list[str | None] = [None] * len(texts)
    if raws is not None:
        fragments = [i for i, raw in enumerate(raws) if raw and is_html_fragment(raw)]
        non_blank = sum(1 for t in texts if t)
        # A document that is mostly markup is a page, not a text with a stray fragment: keep its text.
        if fragments and len(fragments) * 2 <= non_blank:
            for i in fragments:
                verdict[i] = "html_fragment"
        for i, text in enumerate(texts):
            if text and verdict[i] is None:
                if text not in memo:
                    memo[text] = rules.match(text)
                verdict[i] = memo[text]
    # Context rules: a label line ("Opinion", "By") and the short line after it (blank lines between
    # them do not count, so folding blank lines cannot change the verdict).
    following = _next_non_blank(texts)
    for i, text in enumerate(texts):
        if not text or (verdict[i] is not None and verdict[i] not in rules.next_names):
            continue
        rule = rules.match_label(text)
        if rule is None:
            continue
        j = following[i]
        if j is None or verdict[j] is not None:
            continue
        nxt = features(j, texts[j])
        if nxt.n_words <= _TEASER_MAX_WORDS and is_headline_like(nxt):
            verdict[i] = verdict[j] = rule
    return verdict


def _next_non_blank(texts: list[str]) -> list[int | None]:
    """For each line, the index of the next non-blank line after it (None at the end)."""
    following: list[int | None] = [None] * len(texts)
    nxt = None
    for i in range(len(texts) - 1, -1, -1):
        following[i] = nxt
        if texts[i]:
            nxt = i
    return following


_BREAK = -1  # a paragraph break in a view of the document


def _view(texts: list[str], reason: list[str | None]) -> list[int]:
    """The lines the output keeps, as line numbers, with ``_BREAK`` where a paragraph break goes."""
    out: list[int] = []
    pending_break = False
    for i, text in enumerate(texts):
        if not text:
            pending_break = bool(out)
        elif reason[i] is None:
            if pending_break:
                out.append(_BREAK)
            pending_break = False
            out.append(i)
    return out


def clean(raw: str, *, extracted: bool = False) -> Cleaned:
    """Clean one document's raw text (see the module docstring).

    ``extracted=True`` says the text is already an article body that an extractor (trafilatura,
    in ``extract_html``) cut out of its page: the named rules and the checks inside the body
    apply, but the body is not searched for again (lists and tables at its edges stay)."""
    raw_lines = split_lines(raw if isinstance(raw, str) else str(raw))
    texts = [normalize_line(line) for line in raw_lines]
    rules = default_rules()
    reason: list[str | None] = [None] * len(texts)
    # Round 1 looks at every line; each later round at what the output would be (kept lines and
    # paragraph breaks), exactly as cleaning the output again would see it.
    order = list(range(len(texts)))
    title_line: int | None = None
    rule_memo: dict[str, str | None] = {}
    end_memo: dict[str, str | None] = {}
    feature_memo: dict = {}

    def end_rule(text: str) -> str | None:
        if text not in end_memo:
            end_memo[text] = rules.match_end(text)
        return end_memo[text]

    for round_no in range(_MAX_ROUNDS):
        view_texts = [texts[i] if i != _BREAK else "" for i in order]
        view_raws = raw_lines if round_no == 0 else None
        verdict = _rule_pass(view_texts, view_raws, rules, rule_memo)
        verdict, title_pos = classify_lines(view_texts, verdict, whole=extracted, memo=feature_memo, ends=end_rule)
        title_line = order[title_pos] if title_pos is not None else None
        removed_any = False
        for pos, why in enumerate(verdict):
            if why is not None and view_texts[pos]:
                reason[order[pos]] = why
                removed_any = True
        if not removed_any:
            break
        order = _view(texts, reason)
    return _assemble(raw_lines, texts, reason, title_line, feature_memo)


def _assemble(
    raw_lines: list[str], texts: list[str], reason: list[str | None], title_line: int | None, memo: dict
) -> Cleaned:
    keep = [why is None for why in reason]
    view = _view(texts, reason)
    out = [texts[i] if i != _BREAK else "" for i in view]
    kept_lines = [i for i in view if i != _BREAK]
    removed = [Removal(i, raw_lines[i], reason[i]) for i in range(len(texts)) if reason[i] is not None]
    title = texts[title_line] if title_line is not None and keep[title_line] else None
    return Cleaned(
        text="\n".join(out),
        removed=removed,
        title=title,
        byline=_byline(texts, reason),
        headings=_headings(texts, kept_lines, title_line, memo),
    )


def _byline(texts: list[str], reason: list[str | None]) -> str | None:
    for i, why in enumerate(reason):
        if why != "byline":
            continue
        name = byline_name(texts[i])
        if name:
            return name
    return None


def _headings(texts: list[str], kept_lines: list[int], title_line: int | None, memo: dict) -> list[str]:
    """Kept short lines that introduce prose: the body's subheadings."""

    def line_features(i: int):
        if texts[i] not in memo:
            memo[texts[i]] = features(i, texts[i])
        return memo[texts[i]]

    headings = []
    for pos, i in enumerate(kept_lines[:-1]):
        if i == title_line:
            continue
        line = line_features(i)
        if line.n_words > 15 or is_prose(line) or not is_headline_like(line):
            continue
        if is_prose(line_features(kept_lines[pos + 1])):
            headings.append(texts[i])
    return headings


def clean_text(raw: str) -> str:
    """The cleaned text of one document: ``clean(raw).text``."""
    return clean(raw).text


#: removals of the documents cleaned by ``clean_document`` lately, by (digest of the raw text, HTML?):
#: bounded (oldest first out), so a long stream of chunks keeps a flat memory
_REMOVALS: dict[tuple[bytes, bool], tuple[Removal, ...]] = {}
_MAX_REMEMBERED = 16_384


def _digest(raw: str) -> bytes:
    return hashlib.blake2b(raw.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def clean_document(raw: str, *, html: bool) -> Cleaned:
    """``clean(raw)``, or ``clean_html(raw)`` for an HTML page, remembering the removals for
    :func:`cleaning_audit` (keyed by the raw text, so an edited text is never confused with it)."""
    if html:
        from toolkit.clean.html import clean_html

        cleaned = clean_html(raw)
    else:
        cleaned = clean(raw)
    if len(_REMOVALS) >= _MAX_REMEMBERED:
        del _REMOVALS[next(iter(_REMOVALS))]
    _REMOVALS[_digest(raw), html] = tuple(cleaned.removed)
    return cleaned


def remembered_removals(raws) -> dict:
    """The removals this process remembers for these raw texts (as :func:`remember_removals` takes
    them): sent along with documents audited in another process, they spare it cleaning them again."""
    out = {}
    for raw in raws:
        if isinstance(raw, str):
            digest = _digest(raw)
            for html in (False, True):
                if (digest, html) in _REMOVALS:
                    out[digest, html] = _REMOVALS[digest, html]
    return out


def remember_removals(removals: dict) -> None:
    """Remember removals another process found (see :func:`remembered_removals`)."""
    for key, found in removals.items():
        if len(_REMOVALS) >= _MAX_REMEMBERED:
            del _REMOVALS[next(iter(_REMOVALS))]
        _REMOVALS[key] = found


def _removals(raw: str) -> tuple[Removal, ...]:
    """The removals of one raw text, as ``cleaning_audit`` judges it (a page or a text)."""
    from toolkit.clean.html import clean_html, looks_like_html

    html = looks_like_html(raw)
    known = _REMOVALS.get((_digest(raw), html))
    if known is not None:
        return known
    return tuple((clean_html(raw) if html else clean(raw)).removed)


def cleaning_audit(corpus):
    """One row per removed line of every loaded document: ``doc_id, outlet, line_no, rule, text``.

    ``corpus`` is a ``load_corpus`` table; rows whose ``status`` is not ``loaded`` are skipped.
    A row whose ``raw`` is an HTML page is audited as it was loaded: the removals from the article
    text trafilatura extracted (``line_no`` then indexes that text's lines). Sorted by
    ``doc_id, line_no``. Texts the loader cleaned in this process are not cleaned again."""
    import pandas as pd

    columns = ["doc_id", "outlet", "line_no", "rule", "text"]
    rows = []
    if len(corpus):
        loaded = corpus if "status" not in corpus.columns else corpus[corpus["status"] == "loaded"]
        for doc_id, outlet, raw in zip(loaded["doc_id"], loaded["outlet"], loaded["raw"], strict=True):
            if not isinstance(raw, str):
                continue
            for removal in _removals(raw):
                rows.append((doc_id, outlet, removal.line_no, removal.rule, removal.text))
    table = pd.DataFrame(rows, columns=columns)
    table["line_no"] = table["line_no"].astype("int64")
    return table.sort_values(["doc_id", "line_no"], kind="stable").reset_index(drop=True)
