"""Named furniture patterns (layer 1 of cleaning): ``toolkit/data/boilerplate.yml`` applied per line.

Each rule is a list of regular expressions that must match a whole normalised line (case
insensitive). All of a rule set's patterns are compiled into one alternation with a named group per
rule, so a line costs one ``fullmatch`` call whatever the number of rules. Lines longer than
``MAX_RULE_CHARS`` are never furniture and are not tried, which also bounds the cost of any
pattern on pathological input.

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


def _alternation(named: dict[str, list[str]], min_width: int = 0) -> re.Pattern[str] | None:
    """One regex for all rules, a named group per rule (r0, r1, … in rule order), keeping only
    the patterns that can match a line of ``min_width`` characters or more."""
    parts = []
    for index, patterns in enumerate(named.values()):
        kept = [p for p in patterns if _max_width(p) >= min_width]
        if kept:
            body = "|".join(f"(?:{p})" for p in kept)
            parts.append(f"(?P<r{index}>{body})")
    if not parts:
        return None
    return re.compile("|".join(parts), re.IGNORECASE)


def _max_width(pattern: str) -> int:
    """The longest text the pattern can match (from the parsed regex; huge when unbounded)."""
    return _parser.parse(pattern, re.IGNORECASE).getwidth()[1]


# Line-length tiers: a line of length L is only tried against the patterns that can match L
# characters, so a long paragraph meets a few patterns (cookie notices, captions, terms) and a
# short line all of them. The tiers are lower bounds on L.
_TIERS = (0, 40, 80, 160, 320, 640)


@dataclass(frozen=True)
class RuleSet:
    """Compiled rules: ``match(line)`` → rule name or None."""

    names: tuple[str, ...]
    patterns: dict[str, tuple[str, ...]]
    _line: tuple[re.Pattern[str] | None, ...]  # one per length tier
    next_names: tuple[str, ...]
    _next: re.Pattern[str] | None
    end_names: tuple[str, ...] = ()
    _end: re.Pattern[str] | None = None

    @staticmethod
    def _which(regex: re.Pattern[str] | None, names: tuple[str, ...], line: str) -> str | None:
        if regex is None or not line or len(line) > MAX_RULE_CHARS:
            return None
        match = regex.fullmatch(line)
        if match is None:
            return None
        for key, value in match.groupdict().items():  # the outer groups are r0, r1, … in rule order
            if value is not None and key[:1] == "r" and key[1:].isdigit():
                return names[int(key[1:])]
        return None

    def match(self, line: str) -> str | None:
        """The first rule (in file order) whose pattern matches the whole normalised line."""
        tier = bisect_right(_TIERS, len(line)) - 1
        return self._which(self._line[tier], self.names, line)

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
        _line=tuple(_alternation(line_rules, width) for width in _TIERS),
        next_names=tuple(next_rules),
        _next=_alternation(next_rules),
        end_names=tuple(end_rules),
        _end=_alternation(end_rules),
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
