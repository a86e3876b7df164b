"""Named furniture patterns (layer 1 of cleaning): ``toolkit/data/boilerplate.yml`` applied per line.

Each rule is a list of regular expressions that must match a whole normalised line (case
insensitive). All of a rule set's patterns are compiled into one alternation with a named group per
rule, so a line costs one ``fullmatch`` call whatever the number of rules. Lines longer than
``MAX_RULE_CHARS`` are never furniture and are not tried, which also bounds the cost of any
pattern on pathological input.

Patterns that can start anywhere in a line (a leading ``.{0,400}``, a run of words, a name) cost
a scan of the line each, paid by every paragraph. Each such pattern's *guard* is a set of literal
strings one of which any line it matches must contain (``(photo``, …), read off the parsed regex.
One search of a trie of all guard strings over the lower-cased line tells which guarded patterns
can match at all. The line meets the alternation of the unguarded patterns, then, on their own and
in rule order, those guarded patterns of earlier rules than the one that matched. A pattern left
out cannot match, so the first matching rule is the same.

Two rules are not plain line patterns:

* ``html_fragment`` looks at the raw line: one that is wholly markup (``<div …><p>…</p></div>``);
* ``with_next_line`` rules (e.g. ``related_link``: "Opinion" + the next article's title, ``byline``:
  "By" + the name on the next line) remove a label line and the short line after it;
* ``at_body_end`` rules (an author's bio, a company profile, reporting credits) remove lines that
  trail the body's last paragraph only (the classifier applies them, since it knows the body).
"""

from __future__ import annotations

import re
from bisect import bisect_right
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




# Line-length tiers: a line of length L is only tried against the patterns that can match L
# characters, so a long paragraph meets a few patterns (cookie notices, captions, terms) and a
# short line all of them. The tiers are lower bounds on L.
_TIERS = (0, 40, 80, 160, 320, 640)

# --- guards: literal strings that a pattern's every match contains ---------------------------------

_GUARD_LIMIT = 64  # most strings in one guard (and in any set of alternatives built on the way)
_MIN_GUARD_SCORE = 4  # weaker guards ("ap", "min", ",") would be found in most paragraphs
_ENOUGH = 6  # letters: a guard word of six letters is already rare in prose
_RARE = frozenset("/|·•©@[]{}<>»›«‹℗®™#*~^_=+\\")
_REPEATS = (_parser.MAX_REPEAT, _parser.MIN_REPEAT, _parser.POSSESSIVE_REPEAT)
_ZERO_WIDTH = (_parser.AT, _parser.ASSERT, _parser.ASSERT_NOT)
_EMPTY = frozenset([""])
_NONE: frozenset[int] = frozenset()
_NOT_YET = object()
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


class _Alternation:
    """Named rules' patterns; ``first(line)`` is the index of the first rule (in order) with a
    pattern that matches the whole line. The unguarded patterns form one alternation (a named group
    per rule: r0, r1, …) per line-length tier; a guarded pattern is tried on its own, only when the
    line holds one of its guard strings and no earlier rule has matched."""

    def __init__(self, named: dict[str, list[str]], *, guarded: bool = True):
        parsed = [(index, p, _parse(p)) for index, ps in enumerate(named.values()) for p in ps]
        # (rule index, pattern, the longest text it can match: huge when unbounded), in rule order
        self._entries = [(index, p, tree.getwidth()[1]) for index, p, tree in parsed]
        guards = {k: g for k, (_, _, tree) in enumerate(parsed) if guarded and (g := _guard(tree))}
        by_string: dict[str, set[int]] = {}
        for k, strings in guards.items():
            for text in strings:
                by_string.setdefault(text, set()).add(k)
        # a string found also means the shorter guard strings that are its prefixes were found
        self._live = {
            text: frozenset().union(*(by_string[t] for t in by_string if text.startswith(t)))
            for text in by_string
        }
        self._guarded = frozenset(guards)
        self._finder = re.compile(trie_pattern(by_string)) if by_string else None
        # a line with one of these characters can match a guard string (case-insensitively) without
        # containing it once lower-cased (dotless i, long s, "İ" → "i̇"): every guarded pattern is tried
        alphabet = {ch for text in by_string for ch in text}
        self._unfolded = "".join(
            sorted({chr(c) for ch in alphabet for c in _casefix._EXTRA_CASES.get(ord(ch), ())} | {"\u0307"})
        )
        self._tiers: dict[int, re.Pattern[str] | None] = {}  # min width → unguarded alternation
        self._alone: dict[int, re.Pattern[str]] = {}  # guarded pattern → its own regex

    def _present(self, line: str) -> frozenset[int]:
        """The guarded patterns whose guard strings occur in the line."""
        if self._finder is None:
            return _NONE
        low = line.lower()
        if any(ch in low for ch in self._unfolded):
            return self._guarded
        found = self._finder.search(low)
        if found is None:
            return _NONE
        live: set[int] = set()
        while found is not None:  # from the next character on: guard strings may overlap
            live |= self._live[found.group()]
            found = self._finder.search(low, found.start() + 1)
        return frozenset(live)

    def _unguarded(self, min_width: int) -> re.Pattern[str] | None:
        regex = self._tiers.get(min_width, _NOT_YET)
        if regex is _NOT_YET:
            kept: dict[int, list[str]] = {}
            for k, (index, pattern, width) in enumerate(self._entries):
                if width >= min_width and k not in self._guarded:
                    kept.setdefault(index, []).append(pattern)
            parts = [f"(?P<r{index}>{'|'.join(f'(?:{p})' for p in ps)})" for index, ps in kept.items()]
            regex = self._tiers[min_width] = re.compile("|".join(parts), re.IGNORECASE) if parts else None
        return regex

    def first(self, line: str, min_width: int = 0) -> int | None:
        """The first rule with a pattern that matches the whole line, of the patterns that can
        match ``min_width`` characters or more (None if none does)."""
        regex = self._unguarded(min_width)
        match = None if regex is None else regex.fullmatch(line)
        best = None
        if match is not None:
            best = next(int(key[1:]) for key, value in match.groupdict().items()
                        if value is not None and key[:1] == "r" and key[1:].isdigit())
        for k in sorted(self._present(line)):  # in rule order
            index, pattern, width = self._entries[k]
            if best is not None and index >= best:
                break
            if width < min_width:
                continue
            alone = self._alone.get(k)
            if alone is None:
                alone = self._alone[k] = re.compile(pattern, re.IGNORECASE)
            if alone.fullmatch(line):
                return index
        return best


@dataclass(frozen=True)
class RuleSet:
    """Compiled rules: ``match(line)`` → rule name or None."""

    names: tuple[str, ...]
    patterns: dict[str, tuple[str, ...]]
    _line: _Alternation
    next_names: tuple[str, ...]
    _next: _Alternation
    end_names: tuple[str, ...] = ()
    _end: _Alternation | None = None

    @staticmethod
    def _which(rules: _Alternation | None, names: tuple[str, ...], line: str, min_width: int = 0) -> str | None:
        if rules is None or not line or len(line) > MAX_RULE_CHARS:
            return None
        index = rules.first(line, min_width)
        return None if index is None else names[index]

    def match(self, line: str) -> str | None:
        """The first rule (in file order) whose pattern matches the whole normalised line."""
        tier = _TIERS[bisect_right(_TIERS, len(line)) - 1]
        return self._which(self._line, self.names, line, tier)

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
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValueError(f"boilerplate rule {rule!r}: bad pattern {pattern!r}: {error}") from error
    return RuleSet(
        names=tuple(line_rules),
        patterns={rule: tuple(p) for rule, p in line_rules.items()},
        _line=_Alternation(line_rules),
        next_names=tuple(next_rules),
        _next=_Alternation(next_rules),
        end_names=tuple(end_rules),
        # the end rules' guards would be words news prose uses ("leader", "company", "editor"): a
        # search for them costs more than the patterns, which fail at once on most lines
        _end=_Alternation(end_rules, guarded=False),
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
