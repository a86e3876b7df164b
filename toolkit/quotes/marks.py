"""Quotation-mark pairing: which marks open and close quotes, and which are apostrophes.

Marks are paired within a paragraph (a line). Each mark's role comes from its shape and its
neighbours, so that wrong marks still pair ("“Reuters“": the second “ closes), a closing mark with
no opener starts its quote at the paragraph start (a lost opening mark), and an opener left open
runs to the paragraph end (a quote continued in the next paragraph). Single marks are paired only
outside double-quoted text and only where they cannot be apostrophes (Trump’s, ’90s, rock ’n’ roll).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from toolkit.quotes import resources as R


@dataclass(slots=True)
class Marked:
    """A quoted stretch: ``start, end`` are the quoted words (marks and edge spaces excluded);
    ``open``/``close`` are the mark offsets, -1 when that mark is missing."""

    start: int
    end: int
    open: int
    close: int
    single: bool = False
    outer_start: int = field(init=False)  # the opening mark, or the words' start when it is missing
    outer_end: int = field(init=False)  # past the closing mark, or the words' end when it is missing

    def __post_init__(self) -> None:  # set once: the attribution reads them many times per quote
        self.outer_start = self.open if self.open >= 0 else self.start
        self.outer_end = self.close + 1 if self.close >= 0 else self.end


def _context(line: str, i: int) -> tuple[bool, bool]:
    """(may open: start/space/bracket before; may close: end/space/punctuation after)."""
    before = line[i - 1] if i > 0 else " "
    after = line[i + 1] if i + 1 < len(line) else " "
    return before.isspace() or before in R.BEFORE_OPEN, after.isspace() or after in R.AFTER_CLOSE


def _double_role(line: str, i: int) -> str:
    char = line[i]
    if not line[:i].strip():
        return "open"  # a paragraph's first mark opens, whatever its shape: ” … what I learned …,” he said
    may_open, may_close = _context(line, i)
    if char in R.DOUBLE_OPEN:
        return "close" if may_close and not may_open else "open"
    if char in R.DOUBLE_CLOSE:
        return "open" if may_open and not may_close else "close"
    if may_open and not may_close:
        return "open"
    if may_close and not may_open:
        return "close"
    return "either"


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _family(char: str) -> str:
    return "straight" if char in R.DOUBLE_BOTH else "curly"


def _pair_double(text: str, base: int, line: str, tags: list[tuple[int, int]]) -> list[Marked]:
    out: list[Marked] = []
    opened = -1
    nested = False  # inside a quote of the other style, nested in the open one
    segment_start = 0  # where a quote with a lost opening mark may begin
    tag_starts = [a for a, _ in tags]
    marks = []
    for m in R.DOUBLE_MARK.finditer(line):
        i = m.start()
        k = bisect_right(tag_starts, base + i) - 1
        if k >= 0 and base + i < tags[k][1]:
            continue  # attribute values of markup: <tweet author="…" date="…\n">
        role = _double_role(line, i)
        if role != "close" and line[i + 1 : i + 2] and line[i + 1] in R.DOUBLE_OPEN + R.DOUBLE_BOTH:
            continue  # a stray mark doubling the real opener at a paragraph start
        marks.append((i, role))
    closes_after = [0] * (len(marks) + 1)  # curly closers still to come, for nesting decisions
    for j in range(len(marks) - 1, -1, -1):
        i, role = marks[j]
        closes_after[j] = closes_after[j + 1] + (role == "close" and _family(line[i]) == "curly")
    inner = False  # inside a quote of the same style nested in the open one: “… what he calls “hell” than …”
    for j, (i, role) in enumerate(marks):
        if inner:
            inner = role != "close"
            continue
        if opened >= 0 and role == "open" and _family(line[i]) == _family(line[opened]) == "curly":
            if closes_after[j + 1] >= 2:
                inner = True
                continue
        if opened >= 0 and _family(line[i]) != _family(line[opened]):
            if nested:
                nested = role == "open"
                continue
            if role == "open" or (role == "either" and _family(line[opened]) == "curly" and line[i - 1].isspace()):
                nested = True
                continue
        if opened < 0 and role in ("open", "either"):
            opened = i
        elif opened >= 0 and role in ("close", "either"):
            s, e = _strip(text, base + opened + 1, base + i)
            if e > s:
                out.append(Marked(s, e, base + opened, base + i))
            opened, segment_start, nested = -1, i + 1, False
        elif opened >= 0:  # a second opener: the first quote lost its closing mark
            s, e = _strip(text, base + opened + 1, base + i)
            if e > s:
                out.append(Marked(s, e, base + opened, -1))
            opened = i
        elif i > 0 and line[i - 1] in R.QUOTE_FINAL:  # closer with no opener: the opener was lost
            s, e = _strip(text, base + segment_start, base + i)
            if e > s:
                out.append(Marked(s, e, -1, base + i))
            segment_start = i + 1
    if opened >= 0:
        s, e = _strip(text, base + opened + 1, base + len(line))
        if e > s:
            out.append(Marked(s, e, base + opened, -1))
    return out


def _single_opens(line: str, i: int) -> bool:
    char = line[i]
    if char in R.SINGLE_CLOSE or R.ELISION.match(line, i):
        return False
    if "'" in (line[i - 1 : i], line[i + 1 : i + 2]):
        return False  # '' is not a pair of single quotes
    may_open, _ = _context(line, i)
    after = line[i + 1 : i + 2]
    return may_open and after.isalnum()


def _single_closes(line: str, i: int) -> bool:
    if line[i] in R.SINGLE_OPEN or "'" in (line[i - 1 : i], line[i + 1 : i + 2]):
        return False
    before = line[i - 1] if i > 0 else " "
    _, may_close = _context(line, i)
    return not before.isspace() and may_close and not R.ELISION.match(line, i)


def _pair_single(text: str, base: int, line: str, taken: list[tuple[int, int]]) -> list[Marked]:
    out: list[Marked] = []
    opened = -1
    starts = [a for a, _ in taken]
    for m in R.SINGLE_MARK.finditer(line):
        i = m.start()
        k = bisect_right(starts, base + i) - 1
        if k >= 0 and base + i < taken[k][1]:
            continue  # nested inside a double-quoted stretch
        if opened < 0:
            if _single_opens(line, i):
                opened = i
        elif _single_closes(line, i):
            s, e = _strip(text, base + opened + 1, base + i)
            if e > s:
                out.append(Marked(s, e, base + opened, base + i, single=True))
            opened = -1
    return out


def _ascii_double_spans(base: int, line: str) -> list[tuple[int, int]]:
    """Spans of ''…'' quotes in a line, paired in order; an opener left open runs to the line end."""
    marks = [m.start() for m in R.ASCII_DOUBLE.finditer(line)]
    marks.append(len(line))
    return [(base + marks[k], base + marks[k + 1] + 2) for k in range(0, len(marks) - 1, 2)]


def find_marked(text: str) -> list[Marked]:
    """All quoted stretches of ``text`` in order. Linear in the text."""
    found: list[Marked] = []
    tags = [m.span() for m in R.MARKUP_TAG.finditer(text)] if "<" in text else []  # may span lines
    mark = R.ANY_MARK.search(text)
    while mark is not None:  # the lines (paragraphs) that hold a mark: the others quote nothing
        base = text.rfind("\n", 0, mark.start()) + 1
        end = text.find("\n", mark.start())
        end = len(text) if end < 0 else end
        line = text[base:end]
        mark = R.ANY_MARK.search(text, end)
        doubles = _pair_double(text, base, line, tags) if R.DOUBLE_MARK.search(line) else []
        taken = [(q.outer_start, q.outer_end) for q in doubles]
        if "''" in line:  # single marks inside old ASCII ''…'' quotes are quotes within the quote
            taken = sorted(taken + _ascii_double_spans(base, line))
        singles = _pair_single(text, base, line, taken) if R.SINGLE_OPENER.search(line) else []
        found.extend(doubles)
        found.extend(singles)
    found.sort(key=lambda q: q.start)
    return found
