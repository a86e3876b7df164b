"""The general line classifier (layer 2 of cleaning): furniture that no named pattern lists.

The idea is the "main content block": an article body is a dense run of prose lines (long lines
that read as sentences: many function words, ending in a full stop, question mark or quote), while
menus, footers, headline lists, share rows, captions and teaser lists are runs of short lines,
title-case lines without verbs, or sentence fragments without a full stop. Each line gets a weight
and the block is the contiguous run of lines with the largest total (Kadane's maximum-sum segment).

Weights: a prose line counts its words; a short sentence ("It was short.") a little; anything else
costs a small penalty, as do lines the named patterns removed (an ad inside the body costs nothing,
a "Related" header or a copyright line a lot); a comment header is a wall the block never crosses
(and the block before the first wall wins when it is substantial: comments follow the article).
Cues that a sentence-like line is really furniture: it opens in Title Case with capitalised
function words ("…Bill At Troy Steakhouse"), it is cut off mid-sentence ("…may soon..."), or it is
a lone sentence between non-prose lines (a teaser's excerpt), which counts half.

* Lines before the block are page head (menus, title, byline, dateline, captions), lines after it
  page tail (related stories, comments, footer): removed as ``classifier:head`` / ``classifier:tail``.
  The block grows over adjacent unpunctuated paragraphs. The title stays: the headline-like line
  above the body, past bylines, dates, captions and at most one deck sentence.
* Inside the block, prose and headings stay (a short line followed by prose is a heading); what is
  removed is a second copy of a line (``classifier:duplicate``), a run of menu-like short lines
  (``classifier:menu``), and short lines that occur elsewhere on the page too
  (``classifier:repeated``). ``at_body_end`` rules (bio, credits) trim the block's end.
* A text with no prose at all (a list, a single heading) is left alone: there is no block to find.

Everything is a fixed number of passes over the lines, so the cost is linear.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

try:  # the regex parser (its name changed in Python 3.11)
    from re import _parser
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _parser

from toolkit.clean.resources import lexicon

__all__ = ["Line", "features", "classify_lines", "is_prose", "is_headline_like"]

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_CLOSERS = "\"'”’»)]*"
_SENTENCE_END = ".!?…:;"
_HARD = float("-inf")


@dataclass
class Line:
    """Features of one non-blank line (``index`` is its position in the line list).

    ``n_capital`` and ``n_alpha`` are counted from ``words`` on first use: only title and menu
    candidates need them, and most lines are prose."""

    index: int
    text: str
    n_words: int
    n_function: int
    ends_sentence: bool
    headline_case: int = 0  # capitalised function words ("To", "At", "Of") among the first words
    truncated: bool = False  # ends cut off mid-sentence ("…may soon...")
    rule: str | None = None
    key: str = ""  # the words, lower-cased: lines with the same key are the same line
    words: list[str] = field(default_factory=list, repr=False)  # the line's words, as _WORD finds them

    def at(self, index: int, rule: str | None) -> Line:
        """The same features for the line at ``index`` with layer 1's verdict ``rule``."""
        line = object.__new__(Line)
        line.__dict__.update(self.__dict__)  # counts already made come along
        line.index, line.rule = index, rule
        return line

    @cached_property
    def _case_counts(self) -> tuple[int, int]:
        alpha = [word for word in self.words[1:] if len(word) > 1 and word.isalpha()]
        capital = [word.lower() for word in alpha if word[0].isupper()]
        return len(capital) - sum(map(lexicon()["function_words"].__contains__, capital)), len(alpha)

    @property
    def n_capital(self) -> int:
        """Alphabetic words after the first that start with a capital letter, function words aside."""
        return self._case_counts[0]

    @property
    def n_alpha(self) -> int:
        """Words of two letters or more after the first that are alphabetic."""
        return self._case_counts[1]

    @property
    def function_ratio(self) -> float:
        return self.n_function / self.n_words if self.n_words else 0.0

    @property
    def capital_ratio(self) -> float:
        return self.n_capital / self.n_alpha if self.n_alpha else 0.0


# A teaser's excerpt is cut off mid-sentence: "…residents of the state may soon..." (no space
# before the dots; prose that trails off writes "to be alive ..." or "on …").
_TRUNCATED = re.compile(r"[^\W_,;](?:\.{3}|…)[\"”’]?$|[,;]\s?(?:\.{3}|…)$|\[(?:\.{3}|…)\]$")


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS + " ")
    return bool(stripped) and stripped[-1] in _SENTENCE_END


def features(index: int, text: str, rule: str | None = None) -> Line:
    """The classifier's features of one line's text."""
    words = _WORD.findall(text.replace("’", "'"))
    function = lexicon()["function_words"]
    key = " ".join(words).lower()  # words hold no spaces, and lower-casing a word ignores its neighbours
    n_function = sum(map(function.__contains__, key.split(" "))) if words else 0
    truncated = _truncated(text)
    return Line(
        index, text, len(words), n_function, _ends_sentence(text) and not truncated,
        _headline_case(text, function), truncated, rule, key, words,
    )


# every match of _TRUNCATED ends the line: only its last few characters are searched
_TRUNCATED_TAIL = _parser.parse(_TRUNCATED.pattern).getwidth()[1] + 1  # + a final "\n" before "$"


def _truncated(text: str) -> bool:
    return _TRUNCATED.search(text, max(0, len(text) - _TRUNCATED_TAIL)) is not None


_HEADLINE_PREFIX_TOKENS = 12
_TOKEN_EDGE = "\"'“”‘’«»()[]"


def _headline_case(text: str, function: frozenset[str]) -> int:
    """How many function words are capitalised mid-sentence in the line's first dozen tokens: Title
    Case Headlines Do That ("Bill At Troy"), prose does not (only after a full stop or colon)."""
    count = 0
    tokens = text[:400].split(None, _HEADLINE_PREFIX_TOKENS)[:_HEADLINE_PREFIX_TOKENS]
    for previous, token in zip(tokens, tokens[1:], strict=False):
        # a token opening with a quote or bracket is a quoted title ("of 'Are You Smarter…'"), not
        # headline case; those signs are not upper case, so one test skips them and lower-case words
        if not token[0].isupper():
            continue
        word = token.strip(_TOKEN_EDGE)
        if len(word) < 2 or word.lower() not in function or not word[1:].islower():
            continue
        if previous.rstrip(_TOKEN_EDGE)[-1:] in ".!?:;—–-|" or previous in ("-", "–", "—"):
            continue
        count += 1  # a capitalised function word of two letters or more ("I" is not one)
    return count


def is_prose(line: Line, *, use_function_words: bool = True) -> bool:
    """A line that reads as running text: a sentence, or a long stretch of words."""
    n = line.n_words
    if n < 6 or line.truncated:
        return False
    if use_function_words and line.function_ratio < (0.12 if n < 15 else 0.05):
        return False  # a long sentence dense with names (a wire lede) still reads as prose
    if line.ends_sentence:
        return True
    return n >= 30 and (not use_function_words or line.function_ratio >= 0.25)


def is_headline_like(line: Line) -> bool:
    """A title or heading: 2–25 words, no closing full stop, not a byline or a list of links."""
    n = line.n_words
    if not 1 <= n <= 25 or line.rule is not None:
        return False
    stripped = line.text.rstrip(_CLOSERS + " ")
    if stripped.endswith((".", ";", ",")) and not stripped.endswith("..."):
        return False
    return not any(sep in line.text for sep in (" | ", " • ", " · "))


# Weights for the maximum-sum block.
_PENALTY_SHORT = -3.0  # a short non-prose line (menu item, heading, date)
_PENALTY_FRAGMENT = -2.0  # a longer line that is not a sentence (teaser, caption, headline)
_SHORT_SENTENCE = 1.0  # "It was short." "“Yes,” he said." — part of a body, not a menu
_ISOLATED_FACTOR = 0.5  # a prose line with no prose neighbour (a teaser's excerpt) counts half
_HEADLINE_CASE_TEASER = 2  # a "paragraph" that opens in Title Case is a headline glued to a teaser
_MIN_BLOCK_BEFORE_WALL = 40.0  # words of prose
_SHARE_BEFORE_WALL = 0.1  # comment sections can dwarf the article they follow
_FUNCTION_SHARE = 0.12  # English running text: about 40% function words; other languages: a few %
_RULE_WEIGHT = {  # lines a named pattern removes: most are neutral, some end the article
    "comment_footer": _HARD,
    "related_link": -8.0,
    "share_follow": -2.0,
    "copyright": -8.0,
    "terms": -4.0,
    "newsletter": -6.0,
    "navigation": -3.0,
    "cookie": -4.0,
}
_COUNT = re.compile(r"\(?\d")  # "12 Comments", "(3) comments": a count, not a comment section
_WALL_MARKERS = ("comment", "leave", "post a", "join the", "add a", "write a")


def _english_like(items: list[Line]) -> bool:
    """Whether function words are a usable cue: the longer lines have a fair share of them."""
    words = function = 0
    for item in items:
        if item.n_words >= 6 and item.rule is None:
            words += item.n_words
            function += item.n_function
    return words > 0 and function >= _FUNCTION_SHARE * words


def _weight(line: Line, end_markers: frozenset[str], use_function_words: bool) -> float:
    if line.rule is not None:
        if line.rule == "comment_footer" and _COUNT.match(line.text):
            return _PENALTY_SHORT  # a comment count sits in page heads too
        return _RULE_WEIGHT.get(line.rule, 0.0)
    if line.key in end_markers:
        return _HARD if line.key.startswith(_WALL_MARKERS) else _RULE_WEIGHT["related_link"]
    if is_prose(line, use_function_words=use_function_words) and line.headline_case < _HEADLINE_CASE_TEASER:
        return float(min(line.n_words, 150))
    if line.n_words >= 8:
        return _PENALTY_FRAGMENT
    if _short_sentence(line, use_function_words):
        return _SHORT_SENTENCE
    return _PENALTY_SHORT


def _short_sentence(line: Line, use_function_words: bool) -> bool:
    """A sentence of two to five words: it ends in a full stop and reads as prose."""
    return (
        2 <= line.n_words < 6
        and line.ends_sentence
        and not line.text.rstrip(_CLOSERS + " ").endswith(":")
        and line.headline_case == 0
        and (line.n_function > 0 or not use_function_words)
    )


def _discount_isolated(weights: list[float]) -> None:
    """A prose line with no prose line next to it (a teaser's one-sentence excerpt between two
    headlines) counts for less than a paragraph among paragraphs."""
    positive = [w > 0 for w in weights]
    for k, w in enumerate(weights):
        if w > 0 and not (k > 0 and positive[k - 1]) and not (k + 1 < len(weights) and positive[k + 1]):
            weights[k] = w * _ISOLATED_FACTOR


def _kadane(weights: list[float], lo: int, hi: int) -> tuple[int, int, float]:
    """(start, end inclusive, total) of the maximum-sum run of weights[lo:hi] that crosses no wall;
    (-1, -1, 0) if no run is positive."""
    best = (-1, -1, 0.0)
    start, total = lo, 0.0
    for i in range(lo, hi):
        w = weights[i]
        if w == _HARD:
            start, total = i + 1, 0.0
            continue
        if total <= 0:
            start, total = i, w
        else:
            total += w
        if total > best[2]:
            best = (start, i, total)
    return best


def _whole_block(weights: list[float]) -> tuple[int, int, float]:
    """Everything before the first wall (a comment header) is the block."""
    end = next((i for i, w in enumerate(weights) if w == _HARD), len(weights))
    if not any(w > 0 for w in weights[:end]):
        return (-1, -1, 0.0)
    return (0, end - 1, sum(w for w in weights[:end] if w > 0))


def _best_block(weights: list[float]) -> tuple[int, int, float]:
    """The main content block. An article comes before its comments: when a wall (a comment
    header) stands after a substantial block, that block wins over anything after the wall."""
    overall = _kadane(weights, 0, len(weights))
    walls = [i for i, w in enumerate(weights) if w == _HARD]
    if not walls or overall[0] < walls[0]:
        return overall
    before = _kadane(weights, 0, walls[0])
    if before[2] >= max(_MIN_BLOCK_BEFORE_WALL, _SHARE_BEFORE_WALL * overall[2]):
        return before
    return overall


def classify_lines(
    lines: list[str],
    rules: list[str | None],
    *,
    whole: bool = False,
    memo: dict[str, Line] | None = None,
    ends: Callable[[str], str | None] | None = None,
) -> tuple[list[str | None], int | None]:
    """Decide each line's fate: a list parallel to ``lines`` (None = keep, else the reason), and the
    index of the recognised title line (or None). ``rules`` holds layer 1's verdicts: lines it
    already removed keep their rule name. Blank lines are always None (the caller folds them).

    ``whole=True`` is for text an extractor already cut out of a page: all of it is the main
    block (up to a comment wall, if any), so only the checks inside the block apply.

    ``ends(text)`` names the ``at_body_end`` rule a line matches, if any: such lines are removed
    when they trail the body's last paragraph (an author's bio, credits). It is asked only about
    the lines at the block's end, so those patterns are not tried on the whole body."""
    verdict: list[str | None] = list(rules)
    memo = {} if memo is None else memo  # text → features: a line's features depend on its text only
    items = []
    for i, text in enumerate(lines):
        if not text:
            continue
        if rules[i] is not None:
            items.append(_ruled(i, text, rules[i]))
            continue
        base = memo.get(text)
        if base is None:
            base = memo[text] = features(-1, text)
        items.append(base.at(i, None))
    if not items:
        return verdict, None
    use_fw = _english_like(items)
    end_markers = lexicon()["end_markers"]
    weights = [_weight(item, end_markers, use_fw) for item in items]
    _discount_isolated(weights)
    a, b, _total = _whole_block(weights) if whole else _best_block(weights)
    if a < 0:  # no prose anywhere: nothing to anchor on, keep what the rules left
        first = _first_unruled(items)
        title = items[first].index if first >= 0 and _title_like(items[first], first=True) else None
        return verdict, title
    title = _find_title(items, weights, a)
    a, b = _extend(items, weights, a, b, stop=title)
    if ends is not None:
        _trim_end(items, weights, a, b, ends, verdict)
    counts = Counter(item.key for item in items if item.rule is None)
    seen: set[str] = set()
    for k, item in enumerate(items):
        if verdict[item.index] is not None or item.index == title:  # a rule's line, or trimmed above
            continue
        if k < a:
            verdict[item.index] = "classifier:head"
        elif k > b:
            verdict[item.index] = "classifier:tail"
        else:
            if item.text.startswith("|"):  # a table row: header rows repeat, cells are short
                continue
            key = item.key
            if key in seen and item.n_words >= _DUPLICATE_MIN_WORDS:
                # the same paragraph or caption again: a second copy of the text
                verdict[item.index] = "classifier:duplicate"
                continue
            seen.add(key)
            if weights[k] <= 0:
                verdict[item.index] = _inside(items, k, a, b, weights, counts)
    return verdict, title


def _ruled(index: int, text: str, rule: str) -> Line:
    """A line a named rule removed, its words not counted: its weight comes from the rule, and every
    test of a line's words asks first whether a rule removed it (or skips such lines)."""
    return Line(index, text, 0, 0, False, rule=rule)


_DUPLICATE_MIN_WORDS = 3  # table cells ("DL", "63") repeat legitimately; sentences do not
_EXTEND_MIN_WORDS = 8
_EXTEND_MIN_FUNCTION = 0.2


def _sentence_like(line: Line) -> bool:
    """Running text that lacks only its full stop: a paragraph a careless page left unpunctuated."""
    return (
        line.rule is None
        and line.n_words >= _EXTEND_MIN_WORDS
        and line.function_ratio >= _EXTEND_MIN_FUNCTION
        and line.headline_case < _HEADLINE_CASE_TEASER
        and not line.truncated
        and not any(sep in line.text for sep in (" | ", " • ", " · "))
    )


def _extend(items: list[Line], weights: list[float], a: int, b: int, stop: int | None) -> tuple[int, int]:
    """Grow the block over directly adjacent sentence-like lines (unpunctuated paragraphs), but
    not over the title (line index ``stop``)."""
    while a > 0 and weights[a - 1] != _HARD and items[a - 1].index != stop and _sentence_like(items[a - 1]):
        a -= 1
    while b + 1 < len(items) and weights[b + 1] != _HARD and _sentence_like(items[b + 1]):
        b += 1
    return a, b


def _trim_end(
    items: list[Line], weights: list[float], a: int, b: int, ends: Callable[[str], str | None],
    verdict: list[str | None],
) -> None:
    """Remove ``at_body_end`` lines (bio, company profile, credits) that come after the body's last
    paragraph: walking back from the block's end until a paragraph that matches none."""
    for k in range(b, a, -1):
        item = items[k]
        if item.rule is not None:
            continue
        end = ends(item.text)
        if end is not None:
            verdict[item.index] = end
        elif weights[k] > 0:
            return


def _inside(items: list[Line], k: int, a: int, b: int, weights: list[float], counts: Counter) -> str | None:
    """Why a non-prose line inside the block goes, or None if it stays (heading, list item, …)."""
    item = items[k]
    heading = k < b and weights[k + 1] > 0  # a short line that introduces prose
    if heading:
        return None
    if counts[item.key] > 1 and item.n_words < 12:
        return "classifier:repeated"
    if _menu_like(item) and (
        (k > a and _menu_like(items[k - 1])) or (k < b and _menu_like(items[k + 1]))
    ):
        return "classifier:menu"
    return None


_BULLET = re.compile(r"^(?:[-–—*•·▪◦●]|\d{1,3}[.)])\s")


def _menu_like(line: Line) -> bool:
    """A navigation or share item: 1–4 capitalised words, no function words, no punctuation at the
    end, no list bullet ("- baby carrier" and "Bugs fixed" are list items, not menu entries)."""
    if line.rule is not None or not 1 <= line.n_words <= 4 or line.n_function or line.ends_sentence:
        return False
    if _BULLET.match(line.text) or line.text[:1].islower():
        return False
    return line.n_capital == line.n_alpha


_TITLE_LOOKBACK = 12  # lines between a title and the body: byline, date, share row, caption, deck
_META_MAX_WORDS = 4  # an author's name, a handle, a section label between title and body


def _title_like(line: Line, *, first: bool = False) -> bool:
    """A headline: 2–25 words, not cut off, no "@", no list separators; without a closing full
    stop, or else written in Title Case. The first line of a pasted article may also be a short
    sentence ("A Big Bet on Nostalgia."). Elsewhere a line of names ("Adam Clark Estes", "Jane
    Doe, Reuters": no function words) is an author, not a title."""
    if line.rule is not None or line.truncated or not 2 <= line.n_words <= 25 or "@" in line.text:
        return False
    if any(sep in line.text for sep in (" | ", " • ", " · ")):
        return False
    if not first and (line.n_words < _WEB_TITLE_MIN_WORDS or _names_only(line)):
        return False
    if is_headline_like(line):
        return True
    if line.headline_case >= 1 or line.capital_ratio >= 0.6:
        return True
    return first and line.n_words <= 12


_WEB_TITLE_MIN_WORDS = 4
_NAME_JOINERS = frozenset(["and", "&", "with"])


def _names_only(line: Line) -> bool:
    """"Jane Doe", "Jane Doe and John Roe", "Jane Doe, Reuters": capitalised words and joiners."""
    words = _WORD.findall(line.text)
    return all(w[:1].isupper() or w.lower() in _NAME_JOINERS for w in words) and all(
        w.lower() not in lexicon()["function_words"] or w.lower() in _NAME_JOINERS for w in words
    )


def _find_title(items: list[Line], weights: list[float], a: int) -> int | None:
    """Index (into the line list) of the title line, or None.

    Looking back from the start of the body, past named furniture (byline, date, share row,
    caption), short meta lines (an author's name) and at most one deck sentence, the first
    headline-like line is the title. A text whose block starts at its first line has none."""
    deck_seen = False
    first = _first_unruled(items)
    for k in range(a - 1, max(-1, a - 1 - _TITLE_LOOKBACK), -1):
        line = items[k]
        if line.rule is not None:
            continue
        if _title_like(line, first=k == first):
            return line.index
        if line.n_words <= _META_MAX_WORDS:
            continue
        if not deck_seen and (weights[k] > 0 or _sentence_like(line)):
            deck_seen = True
            continue
        return None
    return None


def _first_unruled(items: list[Line]) -> int:
    for k, line in enumerate(items):
        if line.rule is None:
            return k
    return -1
