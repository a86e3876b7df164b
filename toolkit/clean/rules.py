"""Named furniture patterns (layer 1 of cleaning): ``toolkit/data/boilerplate.yml`` applied per line.

Each rule is a list of regular expressions that must match a whole normalised line (case
insensitive). Lines longer than ``MAX_RULE_CHARS`` are never furniture and are not tried, which also
bounds the cost of any pattern on pathological input.

Most lines are prose that no pattern can match, and a regex call per pattern (or one alternation of
them all) costs every paragraph microseconds. So each pattern's possible matches are summarised from
its parsed regex: how short and how long they can be, and the few lower-cased strings one of which
each match starts with (its *heads*, up to ``_EDGE_CHARS`` characters: "shar", "(ap ", "©") and
ends with (its *tails*). A dictionary per edge maps each such string to the patterns it admits, so
a handful of look-ups of the line's first and last characters leaves the patterns that can match
it; only those are tried, in rule order, each on its own. A paragraph usually meets one or two.

Patterns that can start anywhere in a line (a leading ``.{0,400}``, a run of words, a name) cost
a scan of the line each, paid by every paragraph. Each such pattern's *guard* is a set of literal
strings one of which any line it matches must contain (``(photo``, …), read off the parsed regex.
When a guarded pattern is left after the edge look-ups, one search of a trie of all guard strings
over the lower-cased line tells which guarded patterns can match at all. A pattern left out cannot
match, so the first matching rule is the same as trying every pattern in order.

Two rules are not plain line patterns:

* ``html_fragment`` looks at the raw line: one that is wholly markup (``<div …><p>…</p></div>``);
* ``with_next_line`` rules (e.g. ``related_link``: "Opinion" + the next article's title, ``byline``:
  "By" + the name on the next line) remove a label line and the short line after it;
* ``at_body_end`` rules (an author's bio, a company profile, reporting credits) remove lines that
  trail the body's last paragraph only (the classifier applies them, since it knows the body).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from re import _casefix

from toolkit.actors import trie_pattern
from toolkit.clean.normalize import _TAG, is_tag

try:  # the regex parser (its name changed in Python 3.11)
    from re import _parser
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _parser
from toolkit.clean.resources import BOILERPLATE, read_yaml

__all__ = ["RuleSet", "load_rules", "default_rules", "is_html_fragment", "byline_name", "MAX_RULE_CHARS"]

MAX_RULE_CHARS = 3000
MAX_LABEL_CHARS = 60
_MACRO = re.compile(r"\{\{(\w+)\}\}")
_RESERVED = {"macros", "with_next_line", "at_body_end"}


def _expand(pattern: str, macros: dict[str, str], depth: int = 0) -> str:
    if depth > 5:
        raise ValueError("boilerplate macros nest too deeply")

    def sub(match: re.Match) -> str:
        name = match.group(1)
        if name not in macros:
            raise ValueError(f"unknown macro {{{{{name}}}}} in a boilerplate pattern")
        return _expand(macros[name], macros, depth + 1)

    return _MACRO.sub(sub, pattern)




# --- guards: literal strings that a pattern's every match contains ---------------------------------

_GUARD_LIMIT = 64  # most strings in one guard (and in any set of alternatives built on the way)
_MIN_GUARD_SCORE = 4  # weaker guards ("ap", "min", ",") would be found in most paragraphs
_ENOUGH = 6  # letters: a guard word of six letters is already rare in prose
_RARE = frozenset("/|·•©@[]{}<>»›«‹℗®™#*~^_=+\\:")
_REPEATS = (_parser.MAX_REPEAT, _parser.MIN_REPEAT, _parser.POSSESSIVE_REPEAT)
_ZERO_WIDTH = (_parser.AT, _parser.ASSERT, _parser.ASSERT_NOT)
_EMPTY = frozenset([""])
Strings = frozenset[str]


def _product(a: Strings, b: Strings) -> Strings | None:
    return frozenset(x + y for x in a for y in b) if len(a) * len(b) <= _GUARD_LIMIT else None


def _exact(op, av) -> Strings | None:
    """Every string one parsed item can match, when they are few and fixed (else None)."""
    if op is _parser.LITERAL:
        return frozenset([chr(av)])
    if op is _parser.IN:
        return frozenset(chr(c) for _, c in av) if all(o is _parser.LITERAL for o, _ in av) else None
    if op in _ZERO_WIDTH:
        return _EMPTY
    if op in (_parser.SUBPATTERN, _parser.ATOMIC_GROUP):
        return _seq_exact(av[-1] if op is _parser.SUBPATTERN else av)
    if op is _parser.BRANCH:
        alternatives = [_seq_exact(alt) for alt in av[1]]
        if any(alt is None for alt in alternatives):
            return None
        union = frozenset().union(*alternatives)
        return union if len(union) <= _GUARD_LIMIT else None
    if op in _REPEATS and av[1] <= 1:
        body = _EMPTY if av[1] == 0 else _seq_exact(av[2])
        if body is None:
            return None
        return (body | _EMPTY) if av[0] == 0 else body
    return None


def _seq_exact(seq) -> Strings | None:
    run: Strings | None = _EMPTY
    for item in seq:
        strings = _exact(*item)
        run = None if strings is None else _product(run, strings)
        if run is None:
            return None
    return run


def _edge(op, av, end: bool) -> Strings:
    """Strings one of which an item's match starts with (``end``: ends with); {""} if unknown."""
    strings = _exact(op, av)
    if strings is not None:
        return strings
    if op in (_parser.SUBPATTERN, _parser.ATOMIC_GROUP):
        return _seq_edge(av[-1] if op is _parser.SUBPATTERN else av, end)
    if op is _parser.BRANCH:
        union = frozenset().union(*(_seq_edge(alt, end) for alt in av[1]))
        return union if len(union) <= _GUARD_LIMIT else _EMPTY
    if op in _REPEATS and av[0] >= 1:
        return _seq_edge(av[2], end)
    return _EMPTY


def _seq_edge(seq, end: bool) -> Strings:
    run = _EMPTY
    for item in reversed(seq) if end else seq:
        strings = _exact(*item)
        step = _edge(*item, end) if strings is None else strings
        joined = _product(step, run) if end else _product(run, step)
        if joined is None:
            return run
        run = joined
        if strings is None:
            return run
    return run


def _minimal(strings: Strings) -> Strings:
    """Drop strings that contain another one: finding the shorter is implied."""
    return frozenset(s for s in strings if not any(t != s and t in s for t in strings))


def _score(strings: Strings) -> tuple[float, int]:
    """How rarely prose contains one of the strings (letters count 1, a space ½, a rare sign 4; a
    word of six letters is rare enough), then how few strings there are to search for."""
    rarity = min(sum(4 if ch in _RARE else 0.5 if ch == " " else 1 for ch in s) for s in strings)
    return min(rarity, _ENOUGH), -len(strings)


def _usable(strings: Strings) -> bool:
    """Strings a lower-cased line can be searched for: ASCII, or signs without case."""
    return all(ch.isascii() or (ch.lower() == ch.upper() == ch and ord(ch) not in _casefix._EXTRA_CASES)
               for s in strings for ch in s)


def _required(seq) -> Strings | None:
    """The best set of strings one of which every match of the parsed sequence contains."""
    found = []
    run = _EMPTY
    literal = ""  # the current run of plain characters ("cookie"): a candidate of its own
    for op, av in seq:
        strings = _exact(op, av)
        if strings is not None and len(strings) == 1:
            literal += next(iter(strings))
        elif literal:
            found.append(frozenset([literal]))
            literal = ""
        joined = None if strings is None else _product(run, strings)
        if joined is not None:
            run = joined
            continue
        if strings is not None:  # too many combinations: a new run starts here
            found.append(run)
            run = strings
            continue
        found.append(_product(run, _edge(op, av, False)) or run)
        if op in (_parser.SUBPATTERN, _parser.ATOMIC_GROUP):
            found.append(_required(av[-1] if op is _parser.SUBPATTERN else av))
        elif op is _parser.BRANCH:
            alternatives = [_required(alt) for alt in av[1]]
            if all(alternatives):
                found.append(frozenset().union(*alternatives))
        elif op in _REPEATS and av[0] >= 1:
            found.append(_required(av[2]))
        run = _edge(op, av, True)
    found += [run, frozenset([literal])]
    # spaces at the ends make poor search anchors (every space is a candidate start): trimmed
    trimmed = [frozenset(s.strip(" ") for s in f) for f in found if f]
    usable = [_minimal(f) for f in trimmed if "" not in f and _usable(f)]
    return max(usable, key=_score, default=None)


def _starts_anywhere(seq) -> bool:
    """Whether a pattern's match can begin with a run of any characters (so it costs a scan of the
    line) rather than with fixed words or signs (which fail at once on a paragraph)."""
    for op, av in seq:
        if op in _ZERO_WIDTH:
            continue
        if op is _parser.LITERAL:
            return False
        if op is _parser.IN:
            return not all(o is _parser.LITERAL for o, _ in av)
        if op is _parser.SUBPATTERN:
            return _starts_anywhere(list(av[-1]))
        if op is _parser.BRANCH:
            return any(_starts_anywhere(list(alt)) for alt in av[1])
        if op in _REPEATS and av[1] <= 1:
            body = list(av[2])
            if len(body) == 1 and body[0][0] is _parser.IN:  # one optional character ("\s?")
                continue
            if _starts_anywhere(body):
                return True
            continue
        return True
    return True


def _parse(pattern: str):
    return _parser.parse(pattern, re.IGNORECASE)


def _guard(parsed) -> Strings | None:
    """Lower-cased strings one of which every line the parsed pattern matches contains, or None when
    the pattern is cheap to try anyway or no such strings are rare enough to be worth a search."""
    if not _starts_anywhere(list(parsed)):
        return None
    strings = _required(parsed)
    if strings is None or _score(strings)[0] < _MIN_GUARD_SCORE:
        return None
    return frozenset(s.lower() for s in strings)


_BY_FREQUENCY = "etaoinshrdlcumwfgypbvkjxqz"  # English letters, the most frequent first


def _rarity(ch: str) -> int:
    """How seldom prose holds the character: a rare sign most, then letters by frequency, then
    digits and other signs; a space least."""
    if ch in _RARE:
        return len(_BY_FREQUENCY) + 1
    if ch in _BY_FREQUENCY:
        return _BY_FREQUENCY.index(ch)
    return -1 if ch == " " else len(_BY_FREQUENCY) // 2


_SEARCHED_CHARS = 4  # the least a guard string's searched rest holds (when the string has as many)


def _search_offset(text: str) -> int:
    """Where a search for the guard string starts: at its rarest character, with a few characters
    from there on (a lone "y", or "ved", would be found all over prose)."""
    return max(range(max(0, len(text) - _SEARCHED_CHARS) + 1), key=lambda i: _rarity(text[i]))


# --- edges: the strings a pattern's every match starts (ends) with ----------------------------------

_EDGE_CHARS = 4  # characters of a line's start and end looked up
_EDGE_LIMIT = 1024  # most edge strings followed through a pattern before settling for shorter ones
_CLASSES = {_parser.CATEGORY_DIGIT: "0123456789", _parser.CATEGORY_SPACE: " "}
_RANGE_LIMIT = 64
_ZERO = (frozenset([""]), frozenset())  # matches only the empty string: nothing to add
_OPEN = (frozenset(), frozenset([""]))  # can start with anything
Edges = tuple[frozenset[str], frozenset[str]]  # (whole matches, beginnings of longer ones)


def _comparable(ch: str) -> bool:
    """A character whose lower-case form tells what it matches case-insensitively: ASCII but for the
    spaces other than " ", or a sign without case, letter, digit or space nature ("©", "|", "“").
    A line edge with any other character is not looked up (it might match a letter of another case,
    a digit or a space class), so it meets every pattern."""
    if ch.isascii():
        return ch == " " or not ch.isspace()
    return ch.lower() == ch == ch.upper() and not ch.isalnum() and not ch.isspace() and ord(ch) not in _casefix._EXTRA_CASES


def _class_chars(items) -> frozenset[str] | None:
    """The lower-cased characters a ``[...]`` class matches, when it is a short list of comparable
    ones (the ASCII digits stand for \\d and " " for \\s: other digits and spaces are not
    comparable); None otherwise."""
    chars = []
    for op, av in items:
        if op is _parser.LITERAL:
            chars.append(chr(av))
        elif op is _parser.RANGE and av[1] - av[0] < _RANGE_LIMIT:
            chars.extend(map(chr, range(av[0], av[1] + 1)))
        elif op is _parser.CATEGORY and av in _CLASSES:
            chars.extend(_CLASSES[av])
        else:
            return None
    return frozenset(ch.lower() for ch in chars) if all(map(_comparable, chars)) else None


def _item_edges(op, av, end: bool) -> Edges:
    """The whole matches (when few and short) and the starts (``end``: ends) of one parsed item,
    lower-cased; a character that is not comparable ends what is known."""
    if op is _parser.LITERAL:
        return (frozenset([chr(av).lower()]), frozenset()) if _comparable(chr(av)) else _OPEN
    if op is _parser.IN:
        chars = _class_chars(av)
        return _OPEN if chars is None else (chars, frozenset())
    if op in _ZERO_WIDTH:
        return _ZERO
    if op in (_parser.SUBPATTERN, _parser.ATOMIC_GROUP):
        return _seq_edges(av[-1] if op is _parser.SUBPATTERN else av, end)
    if op is _parser.BRANCH:
        alternatives = [_seq_edges(alt, end) for alt in av[1]]
        return frozenset().union(*(w for w, _ in alternatives)), frozenset().union(*(b for _, b in alternatives))
    if op in _REPEATS:
        low, high, body = av
        if high == 0:
            return _ZERO
        whole, begun = _seq_edges(body, end)
        if high == 1:
            return (whole | _EMPTY if low == 0 else whole), begun
        return (_EMPTY if low == 0 else frozenset()), whole | begun  # a longer match starts with one
    return _OPEN


def _seq_edges(seq, end: bool) -> Edges:
    """Whole matches shorter than ``_EDGE_CHARS``, and strings of at most that length one of which
    every longer match starts with (``end``: ends with), of a parsed sequence; lower-cased."""
    whole: set[str] = {""}
    begun: set[str] = set()
    items = list(seq)
    for op, av in reversed(items) if end else items:
        if not whole:
            break
        item_whole, item_begun = _item_edges(op, av, end)
        grown = set()
        for done in whole:
            grown.update(b + done if end else done + b for b in item_whole)
            begun.update((b + done)[-_EDGE_CHARS:] if end else (done + b)[:_EDGE_CHARS] for b in item_begun)
        whole = {w for w in grown if len(w) < _EDGE_CHARS}
        begun.update(w[-_EDGE_CHARS:] if end else w[:_EDGE_CHARS] for w in grown if len(w) >= _EDGE_CHARS)
        if len(whole) + len(begun) > _EDGE_LIMIT:  # enough: the strings so far begin every match
            begun |= whole
            whole = set()
    return frozenset(whole), frozenset(begun)


def _edges(parsed, end: bool) -> frozenset[str]:
    """Lower-cased strings one of which every match of the parsed pattern starts (ends) with; {""}
    when nothing is known."""
    whole, begun = _seq_edges(parsed, end)
    return whole | begun


def _edge_index(edges: list[frozenset[str]]) -> dict[str, int]:
    """Edge string → the patterns (bit k for pattern k) that admit a line with that edge."""
    index: dict[str, int] = {}
    for k, strings in enumerate(edges):
        for text in strings:
            index[text] = index.get(text, 0) | 1 << k
    return index


def _line_edge(text: str) -> str | None:
    """A line's first (last) characters as the edge indexes hold them, or None if not comparable."""
    if text.isascii() and text.isprintable():
        return text.lower()
    return text.lower() if all(map(_comparable, text)) else None


class _Patterns:
    """Named rules' patterns; ``first(line)`` is the index of the first rule (in order) with a
    pattern that matches the whole line. Only the patterns whose length bounds and edges admit the
    line are tried, each on its own; a guarded one only when the line holds one of its guard
    strings."""

    def __init__(self, named: dict[str, list[str]], *, guarded: bool = True):
        parsed = [(index, p, _parse(p)) for index, ps in enumerate(named.values()) for p in ps]
        # (rule index, pattern), in rule order: pattern k is bit k of a candidate mask
        self._entries = [(index, p) for index, p, _ in parsed]
        # the patterns that can match n characters: those whose longest match is the first of
        # _longest >= n or longer, and whose shortest is the last of _shortest <= n or shorter
        widths = [tree.getwidth() for _, _, tree in parsed]
        self._longest = sorted({high for _, high in widths})
        self._long_enough = [_bits(k for k, (_, high) in enumerate(widths) if high >= n) for n in self._longest]
        self._shortest = sorted({low for low, _ in widths})
        self._short_enough = [_bits(k for k, (low, _) in enumerate(widths) if low <= n) for n in self._shortest]
        self._heads = _edge_index([_edges(tree, end=False) for _, _, tree in parsed])
        self._tails = _edge_index([_edges(tree, end=True) for _, _, tree in parsed])
        guards = {k: g for k, (_, _, tree) in enumerate(parsed) if guarded and (g := _guard(tree))}
        by_string: dict[str, set[int]] = {}
        for k, strings in guards.items():
            for text in strings:
                by_string.setdefault(text, set()).add(k)
        self._guarded = _bits(guards)
        self._guard_strings = frozenset(by_string)
        # each guard string is searched for from its rarest character on (few places in prose hold
        # one of those), and what precedes is checked where that rest is found
        offsets = {text: _search_offset(text) for text in by_string}
        rests = {text[offsets[text]:] for text in by_string}
        self._finder = re.compile(trie_pattern(rests)) if rests else None
        # a rest found (the longest at its place) also means the rests that are its prefixes were found
        self._found = {
            rest: tuple((text, offsets[text], _bits(by_string[text]))
                        for text in by_string if rest.startswith(text[offsets[text]:]))
            for rest in rests
        }
        # a line with one of these characters can match a guard string (case-insensitively) without
        # containing it once lower-cased (dotless i, long s, "İ" → "i̇"): every guarded pattern is tried
        alphabet = {ch for text in by_string for ch in text}
        self._unfolded = "".join(
            sorted({chr(c) for ch in alphabet for c in _casefix._EXTRA_CASES.get(ord(ch), ())} | {"\u0307"})
        )
        self._tests: dict[int, Callable[[str], object]] = {}  # pattern → whether it matches a line, made when first tried
        # a line's first (last) characters → the patterns its edge admits: a bounded memo
        self._head_masks: dict[str, int] = {}
        self._tail_masks: dict[str, int] = {}

    def _present(self, line: str) -> int:
        """The guarded patterns (as a mask) whose guard strings occur in the line."""
        if self._finder is None:
            return 0
        low = line.lower()
        if any(ch in low for ch in self._unfolded):
            return self._guarded
        found = self._finder.search(low)
        live = 0
        while found is not None:  # from the next character on: guard strings may overlap
            at = found.start()
            for text, offset, mask in self._found[found.group()]:
                if at >= offset and low.startswith(text, at - offset):
                    live |= mask
            found = self._finder.search(low, at + 1)
        return live

    def candidates(self, line: str) -> int:
        """The patterns (bit k for pattern k) whose length bounds and edges admit the line."""
        n = len(line)
        at = bisect_left(self._longest, n)
        if at == len(self._longest):
            return 0
        shortest = bisect_right(self._shortest, n) - 1
        if shortest < 0:
            return 0
        mask = self._long_enough[at] & self._short_enough[shortest]
        head = self._head_masks.get(line[:_EDGE_CHARS])
        if head is None:
            head = _remember(self._head_masks, line[:_EDGE_CHARS], self._heads, end=False)
        tail = self._tail_masks.get(line[-_EDGE_CHARS:])
        if tail is None:
            tail = _remember(self._tail_masks, line[-_EDGE_CHARS:], self._tails, end=True)
        return mask & head & tail

    def first(self, line: str) -> int | None:
        """The first rule with a pattern that matches the whole line (None if none does)."""
        mask = self.candidates(line)
        if mask & self._guarded:
            mask &= ~self._guarded | self._present(line)
        while mask:
            bit = mask & -mask
            mask ^= bit
            k = bit.bit_length() - 1
            test = self._tests.get(k)
            if test is None:
                test = self._tests[k] = _whole_line_test(self._entries[k][1])
            if test(line):
                return self._entries[k][0]
        return None


_ANY_RUN = re.compile(r"\.\{(\d*),(\d+)\}")  # ".{0,400}": a leading run of any characters


def _whole_line_test(pattern: str) -> Callable[[str], object]:
    """A test of whether the pattern matches a whole line (case-insensitively): true or false.

    A pattern ``.{lo,hi}REST`` ("a caption ending in (AP)") matches when REST matches the line's
    end from a place between ``lo`` and ``hi`` with no newline before it; REST can only start within
    its widest match of the end, so the search for it starts there instead of backtracking from
    ``hi`` over the whole line."""
    regex = re.compile(pattern, re.IGNORECASE)
    run = _ANY_RUN.match(pattern)
    if run is None:
        return regex.fullmatch
    lowest, highest = int(run[1] or 0), int(run[2])
    parsed = _parse(pattern)
    op, av = parsed[0]
    if op is not _parser.MAX_REPEAT or av[:2] != (lowest, highest) or list(av[2]) != [(_parser.ANY, None)]:
        return regex.fullmatch  # the run is not the pattern's first item (".{0,9}x|y")
    rest = pattern[run.end():]
    widest = _parse(rest).getwidth()[1]
    if widest >= _parser.MAXREPEAT:
        return regex.fullmatch
    at_end = re.compile(f"(?:{rest})\\Z", re.IGNORECASE)

    def test(line: str) -> bool:
        found = at_end.search(line, max(lowest, len(line) - widest))
        return found is not None and found.start() <= highest and "\n" not in line[:found.start()]

    return test


def _bits(indexes) -> int:
    """A mask with bit k set for each pattern index k."""
    mask = 0
    for k in indexes:
        mask |= 1 << k
    return mask


_MAX_EDGES_REMEMBERED = 50_000


def _admitted(index: dict[str, int], text: str, *, end: bool) -> int:
    """The patterns an edge index admits for a line whose first (``end``: last) characters are
    ``text``: those with an edge string that begins (ends) it, and those whose edges are unknown."""
    edge = _line_edge(text)
    if edge is None:
        return -1  # every pattern
    mask = index.get("", 0)
    for size in range(1, len(edge) + 1):
        mask |= index.get(edge[-size:] if end else edge[:size], 0)
    return mask


def _remember(memo: dict[str, int], text: str, index: dict[str, int], *, end: bool) -> int:
    if len(memo) >= _MAX_EDGES_REMEMBERED:
        memo.clear()
    mask = memo[text] = _admitted(index, text, end=end)
    return mask


@dataclass(frozen=True)
class RuleSet:
    """Compiled rules: ``match(line)`` → rule name or None."""

    names: tuple[str, ...]
    patterns: dict[str, tuple[str, ...]]
    _line: _Patterns
    next_names: tuple[str, ...]
    _next: _Patterns
    end_names: tuple[str, ...] = ()
    _end: _Patterns | None = None

    @staticmethod
    def _which(rules: _Patterns | None, names: tuple[str, ...], line: str) -> str | None:
        if rules is None or not line or len(line) > MAX_RULE_CHARS:
            return None
        index = rules.first(line)
        return None if index is None else names[index]

    def match(self, line: str) -> str | None:
        """The first rule (in file order) whose pattern matches the whole normalised line."""
        return self._which(self._line, self.names, line)

    def match_end(self, line: str) -> str | None:
        """The ``at_body_end`` rule that matches the line (applied only after the body's last paragraph)."""
        return self._which(self._end, self.end_names, line)

    def match_label(self, line: str) -> str | None:
        """The ``with_next_line`` rule whose label matches the line (it then takes the next line too).
        Labels are a few words: longer lines are not tried."""
        if len(line) > MAX_LABEL_CHARS:
            return None
        return self._which(self._next, self.next_names, line)


def load_rules(path: str | Path = BOILERPLATE) -> RuleSet:
    """Read and compile a boilerplate YAML file (see ``toolkit/data/boilerplate.yml`` for the format)."""
    data = read_yaml(Path(path))
    macros = {str(k): str(v) for k, v in (data.get("macros") or {}).items()}
    line_rules: dict[str, list[str]] = {}
    for rule, patterns in data.items():
        if rule in _RESERVED:
            continue
        if not isinstance(patterns, list):
            raise ValueError(f"boilerplate rule {rule!r}: expected a list of patterns")
        line_rules[str(rule)] = [_expand(str(p), macros) for p in patterns]
    next_rules = {
        str(rule): [_expand(str(p), macros) for p in patterns or ()]
        for rule, patterns in (data.get("with_next_line") or {}).items()
    }
    end_rules = {
        str(rule): [_expand(str(p), macros) for p in patterns or ()]
        for rule, patterns in (data.get("at_body_end") or {}).items()
    }
    for rule, patterns in {**line_rules, **next_rules, **end_rules}.items():
        for pattern in patterns:
            try:  # as the matcher compiles it: it then finds it in re's cache
                re.compile(pattern, re.IGNORECASE)
            except re.error as error:
                raise ValueError(f"boilerplate rule {rule!r}: bad pattern {pattern!r}: {error}") from error
    return RuleSet(
        names=tuple(line_rules),
        patterns={rule: tuple(p) for rule, p in line_rules.items()},
        _line=_Patterns(line_rules),
        next_names=tuple(next_rules),
        _next=_Patterns(next_rules),
        end_names=tuple(end_rules),
        # the end rules' guards would be words news prose uses ("leader", "company", "editor"): a
        # search for them costs more than the patterns, which fail at once on most lines
        _end=_Patterns(end_rules, guarded=False),
    )


@lru_cache(maxsize=1)
def default_rules() -> RuleSet:
    return load_rules(BOILERPLATE)


def is_html_fragment(raw_line: str) -> bool:
    """True for a raw line that is wholly markup: it opens with a tag and closes with one."""
    text = raw_line.strip()
    if len(text) < 3 or text[0] != "<" or text[-1] != ">":
        return False
    first = _TAG.match(text)
    if first is None or not is_tag(first):
        return False
    last = _TAG.match(text, text.rfind("<"))
    return last is not None and is_tag(last)


# "By Jane Doe, Reuters" → "Jane Doe"; "By Tess Bonn - 11/19/19 06:56 AM EST" → "Tess Bonn".
_BY = re.compile(
    r"(?:by|written by|words by|reported by|posted by|published by|story by|text by|authors?\s?:)\s+",
    re.IGNORECASE,
)
_KEYWORDS = frozenset(["by", "written by", "posted by", "author", "authors", "words by", "reported by", "about the author"])
_NAME_END = re.compile(r"\s?(?:[,|–—]|\s-\s|\s\d).*$")
_NOT_NAME = frozenset(
    "the a an this that these those its his her their our my your in on at for of to from with and or "
    "but if when while after before since until during monday tuesday wednesday thursday friday "
    "saturday sunday january february march april may june july august september october november "
    "december contrast comparison then now far all some most many".split()
)


def byline_name(line: str) -> str | None:
    """The author named by a byline line, or None when the line does not read as one."""
    match = _BY.match(line)
    name = line[match.end():] if match else line
    name = _NAME_END.sub("", name).strip(" .:")
    words = name.split()
    if not words or len(words) > 8 or "@" in name or any(ch.isdigit() for ch in name):
        return None
    if name.lower() in _KEYWORDS:  # "By" alone: the name is on the next line
        return None
    if words[0].lower() in _NOT_NAME or not words[0][:1].isupper():
        return None
    if any(w.lower().strip(",.") in _NOT_NAME - {"and"} for w in words):
        return None
    return name
