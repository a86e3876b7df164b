"""Comparing outlets: what each reports and omits, which article is off-event, who copies whom.

* ``coverage``: actors mentioned and quoted, numbers with their unit noun, places and dates, as a full
  outlet × item grid, so an item an outlet leaves out is a row with ``present=False``.
* ``event_consistency``: flags an article whose dates and office-holders disagree with the rest of
  the corpus (a piece about another summit that slipped into the sample).
* ``outlet_similarity`` and ``wire_copies``: vocabulary similarity between outlets and shared
  wire copy between articles.

The word lists (number words, units, months, place gazetteer, office titles) are data in
``toolkit/data/coverage_patterns.yml``; the code only applies them.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from scipy import sparse

from toolkit.actors import trie_pattern
from toolkit.segment import ENGLISH_STOP_WORDS
from toolkit.terms import Tokens, _grouped_content, _texts_tokens, l2_normalized, loaded, tfidf_matrix

COVERAGE_COLUMNS = ["outlet", "item_type", "item", "count", "present"]
ITEM_TYPES = ("actor", "quoted_actor", "number", "place", "date")
EVENT_COLUMNS = ["doc_id", "outlet", "off_event", "score", "reason"]
ITEM_COLUMNS = ["doc_id", "outlet", "item_type", "item", "start", "end", "month", "year"]
TEXT_ITEM_TYPES = ("date", "number", "place")  # the item types read from the text itself
_YEAR = r"(?:19|20)\d\d"  # the years the date patterns take
_BLANK_YEAR = re.compile(r"(?:19|20)(?<=[\s-]..)\d\d")  # a year after a blank or hyphen (re scans for 1 and 2)


# --- resources: the patterns built from the data file ----------------------------------------------


def _alternation(words, *, flags: str = "") -> str:
    """A regex alternation of literal ``words``, longest first (so "Saudi Arabia" beats "Arabia")."""
    body = "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))
    return f"(?{flags}:{body})" if flags else f"(?:{body})"


def _word_start(words, *, not_after: str = r"\w") -> str:
    r"""``_alternation(words)`` matching only where no ``not_after`` character (a class body) precedes.

    The same matches as ``(?<![\w])`` (or ``\b`` before a word character) in front of the alternation,
    but each word's first character comes first and the lookbehind after it (``(?<![\w].)``), so a
    pattern that starts with it begins with literal characters, which Python's re scans for in C; a
    pattern that starts with an assertion is tried at every position of the text, four times slower.
    """
    rests = defaultdict(list)
    for w in sorted(set(words), key=lambda w: (-len(w), w)):  # longest first within each first character
        rests[w[0]].append(re.escape(w[1:]))
    return "(?:" + "|".join(f"{re.escape(first)}(?<![{not_after}].)(?:{'|'.join(tails)})"
                            for first, tails in sorted(rests.items())) + ")"


def _first_letters(words) -> str:
    """A class body of the characters that may begin one of ``words`` regardless of case: the ASCII
    characters that match a first character case-insensitively (asked of re itself) and every
    non-ASCII character, so that no case-folding rule is left out (a superset: the caller matches
    the words afterwards). A case-sensitive class, which re scans for in C."""
    initials = re.escape("".join(sorted({w[0] for w in words})))
    ascii_forms = (c for c in map(chr, range(128)) if re.fullmatch(f"(?i:[{initials}])", c))
    return "".join(re.escape(c) for c in ascii_forms) + "\x80-\U0010ffff"


def _rests(words) -> str:
    """What may follow the first character of one of ``words``, case-insensitively, as a trie."""
    return "(?i:" + trie_pattern(sorted({w[1:] for w in words})) + ")"


@dataclass(frozen=True)
class Patterns:
    """Compiled extraction patterns for numbers, dates, places and office-holders."""

    spec: dict
    number: re.Pattern
    number_start: re.Pattern
    unit_word: re.Pattern
    multiword_unit: re.Pattern
    day_month: re.Pattern
    month_day: re.Pattern
    month_year: re.Pattern
    month_alone: re.Pattern
    may: re.Pattern
    weekday: re.Pattern
    year: re.Pattern
    year_cue_words: bool  # every year cue is one word (\w+): see _years
    place: re.Pattern
    place_names: dict
    office: re.Pattern
    past_holder: re.Pattern
    name_before: re.Pattern

    def with_places(self, names) -> Patterns:
        """These patterns with extra place names (e.g. the countries of an actor registry) added."""
        places = dict(self.spec["places"])
        for name in names:
            if name not in self.place_names:
                places[name] = []
        return self if places == self.spec["places"] else Patterns.from_spec({**self.spec, "places": places})

    @classmethod
    def from_spec(cls, spec: dict) -> Patterns:
        months = spec["months"]
        month = _alternation([m.capitalize() for m in months])
        month_start = _word_start(m.capitalize() for m in months)
        longest = {}
        for word, number in months.items():
            longest[number] = max(longest.get(number, ""), word, key=len)
        full_months = [m.capitalize() for m in longest.values()]
        numbers = _alternation(spec["number_words"])
        mult = _alternation(spec["multipliers"])
        signs = "".join(re.escape(s) for s in spec["currency_signs"])
        digits = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
        place_names = {}
        for canonical, aliases in spec["places"].items():
            for name in [canonical, *(aliases or [])]:
                place_names[name] = canonical
        qualifiers = _word_start(spec["qualifiers"], not_after=r"\w-")
        roles = _alternation(spec["roles"], flags="i")
        particle = r"(?:von|van|der|den|de|la|le|du|da|di|al|bin|ibn)"
        calendar = _alternation([d.capitalize() for d in spec["weekdays"]] + full_months)
        name = rf"[A-Z][\w’'.-]*(?:\s+(?:{particle}\s+)*(?!{calendar}\b)[A-Z][\w’'-]+){{1,3}}"
        return cls(
            spec=spec,
            number=re.compile(
                rf"(?<![\w.,\-/])(?P<sign>[{signs}]\s?)?"
                rf"(?P<num>{digits}|(?i:{numbers})(?:[\s-]+(?i:{numbers}|and))*(?<!and)\b)"
                rf"(?:\s*(?P<mult>(?i:{mult}))\b)?(?![\w,]*\d)"
            ),
            # where a number may start: a sign, a digit or a number word (a superset, ``number`` decides)
            number_start=re.compile(rf"[{signs}\d{_first_letters(spec['number_words'])}](?<![\w.,\-/].)"
                                    rf"(?:(?<=[{signs}\d])|{_rests(spec['number_words'])})"),
            unit_word=re.compile(r"(?P<sep>[\s-]+|\s*(?=%))(?P<word>%|[^\W\d_][\w’'-]*)"),
            multiword_unit=re.compile(r"[\s-]+" + _alternation(spec["multiword_units"], flags="i") + r"\b"),
            day_month=re.compile(rf"(?P<day>\d(?<!\w.)\d?)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{month})\b\.?"
                                 rf"(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"),
            month_day=re.compile(rf"(?P<month>{month_start})\b\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?!,\d)"
                                 rf"(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"),
            month_year=re.compile(rf"(?P<month>{_word_start(full_months)})\s+(?P<year>(?:19|20)\d\d)\b"),
            month_alone=re.compile(_word_start(m for m in full_months if m != "May") + r"\b"),
            # the month "May" only in a date's context: "in May", "mid-May", "May-June" (else the modal)
            may=re.compile(r"May(?:(?<=\bin May)|(?<=\bsince May)|(?<=\buntil May)|(?<=\bfrom May)"
                           r"|(?<=\bearly May)|(?<=\blate May)|(?<=-May))\b|M(?<!\w.)ay(?=-[A-Z])"),
            weekday=re.compile(_word_start(d.capitalize() for d in spec["weekdays"]) + r"\b"),
            year=re.compile(r"(?i:\b" + _alternation(spec["year_cues"]) + rf")[\s-]+(?P<year>{_YEAR})(?![\w,]*\d)"),
            year_cue_words=all(re.fullmatch(r"\w+", cue) for cue in spec["year_cues"]),
            place=re.compile(_word_start((n for n in place_names if re.match("[A-ZÀ-Þ]", n)), not_after=r"\w-")
                             + r"(?![\w-])"),
            place_names=place_names,
            office=re.compile(rf"(?P<qual>{qualifiers})\s+(?P<role>{roles})\s+(?P<name>{name})"),
            # a capitalised word that does not start a sentence, right before a match
            # (the lookbehind after the first blank, so that re scans for blanks: it tests the same character)
            name_before=re.compile(r"[ \t](?<![.!?\n“‘\"(\s].)[ \t]*(?P<word>[A-Z](?:(?![A-Z])[^\W\d_])+)[ \t]+$"),
            past_holder=re.compile(r"\b" + _alternation(spec["past_holder_words"], flags="i") + r"[\s-]*$"),
        )


@lru_cache(maxsize=1)
def _default_patterns() -> Patterns:
    return load_patterns()


def load_patterns(path: str | Path | None = None) -> Patterns:
    """Read ``coverage_patterns.yml`` (or a researcher's copy) into compiled patterns."""
    if path is None:
        text = resources.files("toolkit").joinpath("data", "coverage_patterns.yml").read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    return Patterns.from_spec(yaml.safe_load(text))


def _resolve(patterns) -> Patterns:
    if patterns is None:
        return _default_patterns()
    return patterns if isinstance(patterns, Patterns) else load_patterns(patterns)


# --- extractors: one string in, (start, end, item) out ---------------------------------------------


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    item: str  # canonical: "09-04", "2025-09-04", "2025-03", "february", "thursday", "2022"
    month: int | None
    year: int | None


def _tried(pattern: re.Pattern, starts: re.Pattern, text: str) -> Iterator[re.Match]:
    """``pattern.finditer(text)`` for a pattern that can only match where ``starts`` does (one
    character long): ``pattern`` is tried at those places only, not at every position."""
    last_end = 0
    for start in starts.finditer(text):
        m = pattern.match(text, start.start()) if start.start() >= last_end else None
        if m is not None:
            last_end = m.end()
            yield m


def _years(text: str, p: Patterns) -> Iterator[re.Match]:
    r"""``p.year.finditer(text)``, tried only at the word before each year that follows blanks.

    When every year cue is one word, a match can start nowhere else: its cue is the whole word
    (``\w`` characters, as re has them) right before the blanks and hyphens before the year.
    Years are rare, so this skips the cue alternation at every word of the text.
    """
    if not p.year_cue_words:
        yield from p.year.finditer(text)
        return
    last_end = 0
    for year in _BLANK_YEAR.finditer(text):
        start = year.start()
        while start and (text[start - 1].isspace() or text[start - 1] == "-"):
            start -= 1
        while start and (text[start - 1].isalnum() or text[start - 1] == "_"):
            start -= 1
        m = p.year.match(text, start) if start >= last_end else None
        if m is not None:
            last_end = m.end()
            yield m


def find_dates(text: str, *, patterns: Patterns | None = None) -> list[DateMention]:
    """Dates in ``text`` in canonical form: month-day ``"09-04"`` (``"2025-09-04"`` with a year),
    month-year ``"2025-03"``, a month alone ``"february"``, a weekday ``"thursday"``, a year ``"2022"``
    (only after a cue such as "in", "since", "of": a bare four-digit number may be anything).

    "Sept. 4", "September 4" and "4 September" give the same item. Earlier (more specific) patterns
    win where matches overlap; the modal "may" is not a month.
    """
    p = _resolve(patterns)
    months = p.spec["months"]
    taken = bytearray(len(text) + 1)  # 1 where a date was found
    found = []

    def add(m: re.Match, item: str, month: int | None, year: int | None, group: int | str = 0) -> None:
        start, end = m.span(group)
        if taken.find(1, start, end) < 0:
            taken[start:end] = b"\1" * (end - start)
            found.append(DateMention(start, end, item, month, year))

    for rx in (p.day_month, p.month_day):
        for m in rx.finditer(text):
            month, day = months[m["month"].lower()], int(m["day"])
            if 1 <= day <= 31:
                year = int(m["year"]) if m["year"] else None
                add(m, (f"{year}-" if year else "") + f"{month:02d}-{day:02d}", month, year)
    for m in p.month_year.finditer(text):
        month = months[m["month"].lower()]
        add(m, f"{m['year']}-{month:02d}", month, int(m["year"]))
    for rx in (p.month_alone, p.may):  # never the same word: the order of adding them does not matter
        for m in rx.finditer(text):
            word = m.group().lower()
            add(m, word, months[word], None)
    for m in p.weekday.finditer(text):
        add(m, m.group().lower(), None, None)
    for m in _years(text, p):
        add(m, m["year"], None, int(m["year"]), "year")
    return sorted(found, key=lambda d: d.start)


def _number_value(m: re.Match, spec: dict) -> float | None:
    """The value of a matched number: digits, or number words summed ("thirty-five", "two hundred")."""
    raw = m["num"]
    if raw[0].isdigit():
        value = float(raw.replace(",", ""))
    else:
        # casefold, as the pattern matched ignoring case: "ſix" (long s) is "six", not a missing key
        words = [w for w in re.split(r"[\s-]+", raw.casefold()) if w != "and"]
        total, current = 0, 0
        for w in words:
            if w == "hundred":
                current = max(current, 1) * 100
            elif w in spec["multipliers"]:
                total, current = total + max(current, 1) * spec["multipliers"][w], 0
            else:
                current += spec["number_words"][w]
        value = float(total + current)
    if m["mult"]:
        value *= spec["multipliers"][m["mult"].casefold()]
    return value


def _unit_after(text: str, end: int, p: Patterns, *, strict: bool) -> str | None:
    """The unit noun after a number: a listed multiword unit, "%", or the first plural-looking word
    within three words; None if there is none.

    Words between the number and the noun must look like adjectives (capitalised, "European", or
    with an adjective ending from the data, "military"); a verb straight after the number ("1
    discussed") means it is no quantity. ``strict`` (for number words, which double as pronouns:
    "the one hand") accepts only plurals.
    """
    multi = p.multiword_unit.match(text, end)
    if multi:
        return " ".join(multi.group().split()).lower()
    words, pos = [], end
    for i in range(3):
        m = p.unit_word.match(text, pos)
        if not m or (i and "-" in m["sep"]) or "\n" in m["sep"]:
            break
        word = m["word"].lower().replace("’", "'")
        if word == "%":
            return "percent"
        if word in ENGLISH_STOP_WORDS or word in p.spec["not_units"]:  # "days", "years" are units
            break
        words.append(word)
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            return " ".join(words)
        if not (m["word"][0].isupper() or word.endswith(tuple(p.spec["adjective_endings"]))):
            break  # not an adjective: the noun did not come
        pos = m.end()
    if words and not strict and text[end:end + 1] == "-":
        return words[0]  # "30-day ceasefire" -> "day"
    return None


def _format_number(value: float) -> str:
    return f"{int(value):,}" if value == int(value) else f"{value:,.6g}"


def find_numbers(
    text: str, *, patterns: Patterns | None = None, dates: list[DateMention] | None = None
) -> list[tuple[int, int, str]]:
    """Numbers with their unit noun, normalised: ``(start, end, "2,000,000,000 euros")``.

    Number words become digits, currency signs become the unit ("€2bn" -> "2,000,000,000 euros"),
    dates and bare years are left to ``find_dates`` (pass its result as ``dates`` to save a second
    pass); a number without a unit noun is skipped.
    """
    p = _resolve(patterns)
    if dates is None:
        dates = find_dates(text, patterns=p)
    in_date = bytearray(len(text) + 1)
    for d in dates:
        in_date[d.start:d.end] = b"\1" * (d.end - d.start)
    found = []
    for m in _tried(p.number, p.number_start, text):
        if in_date.find(1, m.start(), m.end()) >= 0:
            continue
        sign = (m["sign"] or "").strip()
        unit = p.spec["currency_signs"][sign] if sign else _unit_after(text, m.end(), p, strict=not m["num"][0].isdigit())
        if unit is None:
            continue
        value = _number_value(m, p.spec)
        found.append((m.start(), m.end(), f"{_format_number(value)} {unit}"))
    return found


def find_places(text: str, *, patterns: Patterns | None = None) -> list[tuple[int, int, str]]:
    """Gazetteer places in ``text`` (case-sensitive, whole capitalised names): ``(start, end, canonical name)``.

    A place name right after a capitalised word inside a sentence is taken for a surname and
    skipped ("Luís Montenegro", "Michael Jordan"), unless that word is a direction ("Eastern Europe").
    """
    p = _resolve(patterns)
    found = []
    for m in p.place.finditer(text):
        before = p.name_before.search(text, max(m.start() - 40, 0), m.start())
        if before and before["word"].lower() not in p.spec["place_prefixes"]:
            continue
        found.append((m.start(), m.end(), p.place_names[m.group()]))
    return found


# --- items per article: what coverage counts and event consistency dates -----------------------------


def document_items(
    corpus: pd.DataFrame,
    *,
    patterns: Patterns | str | Path | None = None,
    actors=None,
    item_types: tuple[str, ...] = TEXT_ITEM_TYPES,
) -> pd.DataFrame:
    """The dates, numbers and places of each article: ``doc_id, outlet, item_type, item, start, end,
    month, year``.

    Each text is read once for both corpus-level uses: ``coverage`` counts the items per outlet,
    ``event_consistency`` compares the dates (``month``/``year``, empty for other items and for
    dates without them). Places are those of ``coverage`` (gazetteer plus the countries of the
    actor registry ``actors``). Rows follow the corpus order, then dates, numbers and places, each
    by position; ``item_types`` picks a subset.
    """
    unknown = set(item_types) - set(TEXT_ITEM_TYPES)
    if unknown:
        raise ValueError(f"item_types must be among {TEXT_ITEM_TYPES}, not {sorted(unknown)}")
    p = _resolve(patterns)
    if "place" in item_types:
        from toolkit.actors import as_registry

        p = p.with_places(sorted({a.country for a in as_registry(actors) if a.country}))
    docs = loaded(corpus)
    rows = []
    for doc_id, outlet, text in zip(docs["doc_id"].tolist(), docs["outlet"].tolist(), docs["text"].tolist(),
                                    strict=True):
        dates = find_dates(text, patterns=p) if {"date", "number"} & set(item_types) else []
        if "date" in item_types:
            rows += [(doc_id, outlet, "date", d.item, d.start, d.end, d.month, d.year) for d in dates]
        if "number" in item_types:
            rows += [(doc_id, outlet, "number", item, start, end, None, None)
                     for start, end, item in find_numbers(text, patterns=p, dates=dates)]
        if "place" in item_types:
            rows += [(doc_id, outlet, "place", item, start, end, None, None)
                     for start, end, item in find_places(text, patterns=p)]
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(ITEM_COLUMNS)
    dtypes = [object, object, object, object, "int64", "int64", "Int64", "Int64"]
    return pd.DataFrame({name: pd.array(list(values), dtype=dtype)
                         for name, values, dtype in zip(ITEM_COLUMNS, columns, dtypes, strict=True)})


def _of_docs(items: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """The rows of a ``document_items`` table that belong to the articles of ``docs``."""
    return items[items["doc_id"].isin(docs["doc_id"])]


# --- coverage ---------------------------------------------------------------------------------------


def coverage(
    corpus: pd.DataFrame,
    mentions: pd.DataFrame | None = None,
    quotes: pd.DataFrame | None = None,
    *,
    patterns: Patterns | str | Path | None = None,
    actors=None,
    items: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """What each outlet reports: ``outlet, item_type, item, count, present`` over the full grid.

    Item types: ``actor`` (canonical actors in ``mentions``), ``quoted_actor`` (actors of
    non-scare ``quotes``), ``number`` (number + unit noun), ``place`` (the gazetteer of
    ``patterns`` plus the countries of the actor registry ``actors``, default registry if None),
    ``date`` (canonical dates). Every item any outlet reports gets a row for every outlet, so
    omissions are rows with ``count=0, present=False``. Actor types are skipped when their table
    is not given. ``items`` is a ``document_items`` table when already made (with the same
    ``patterns`` and ``actors``; rows of other articles are ignored), so the texts are not read again.
    """
    docs = loaded(corpus)
    items = document_items(docs, patterns=patterns, actors=actors) if items is None else _of_docs(items, docs)
    outlets = sorted(docs["outlet"].unique())
    found = list(zip(items["outlet"].tolist(), items["item_type"].tolist(), items["item"].tolist(), strict=True))
    for item_type, table in (("actor", mentions), ("quoted_actor", quotes)):
        if table is None or table.empty:
            continue
        rows = table.dropna(subset=["actor"])
        if item_type == "quoted_actor" and "kind" in rows.columns:
            rows = rows[rows["kind"] != "scare"]
        found += [(o, item_type, a) for o, a in zip(rows["outlet"].tolist(), rows["actor"].tolist(), strict=True)]
    counts = Counter(found)
    items = sorted({(t, i) for _, t, i in counts})
    rows = [(o, t, i, counts.get((o, t, i), 0)) for o in outlets for t, i in items]
    table = pd.DataFrame(rows, columns=COVERAGE_COLUMNS[:4]).astype({"count": "int64"})
    table["present"] = table["count"] > 0
    return table.sort_values(["outlet", "item_type", "item"], kind="stable").reset_index(drop=True)


def coverage_matrix(cov: pd.DataFrame, item_type: str = "number", *, values: str = "count") -> pd.DataFrame:
    """Wide item × outlet table of one item type for display (``values``: ``count`` or ``present``).

    Rows are ordered by how many outlets report the item (most shared first), then alphabetically.
    """
    if item_type not in ITEM_TYPES:
        raise ValueError(f"item_type must be one of {ITEM_TYPES}, not {item_type!r}")
    sub = cov[cov["item_type"] == item_type]
    wide = sub.pivot(index="item", columns="outlet", values=values)
    order = sub.groupby("item")["present"].sum().rename("n").reset_index()
    order = order.sort_values(["n", "item"], ascending=[False, True], kind="stable")["item"]
    return wide.reindex(order).rename_axis(index="item", columns="outlet")


# --- event consistency ------------------------------------------------------------------------------


_POSSESSIVE = re.compile(r"[’']s$")
_LETTERS = re.compile(r"[a-z]+")


def _plain(name: str) -> list[str]:
    """Accent-free, lower-case name tokens without possessive: "Luís Montenegro’s" -> [luis, montenegro]."""
    name = _POSSESSIVE.sub("", name)
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return _LETTERS.findall(folded)


def same_person(a: str, b: str) -> bool:
    """Whether two name strings plausibly name one person: surnames that are spelling variants
    ("Zelensky"/"Zelenskyy"/"Zelenskiy", "Stubb"/"Stubbs"; a surname alone matches the full name),
    or the same first name with a looser surname match. "Donald Trump" and "Donald Tusk" differ.
    """
    ta, tb = _plain(a), _plain(b)
    if not ta or not tb:
        return False
    surnames = _surname_ratio(ta[-1], tb[-1])
    return surnames >= 0.8 or (len(ta) > 1 and len(tb) > 1 and ta[0] == tb[0] and surnames >= 0.5)


@lru_cache(maxsize=65536)
def _surname_ratio(a: str, b: str) -> float:
    """difflib similarity of two folded surnames, cached: a corpus repeats the same few names.

    Below 0.5 it is reported as 0.0 without running difflib when the lengths alone rule a match
    out (the ratio is at most ``2 * shorter / (len(a) + len(b))``)."""
    if 4 * min(len(a), len(b)) < len(a) + len(b):
        return 0.0
    return SequenceMatcher(None, a, b).ratio()


def _office_holders(docs: pd.DataFrame, mentions: pd.DataFrame | None, p: Patterns) -> pd.DataFrame:
    """``doc_id, office, name`` for every "<qualifier> <role> <Name>" in the texts.

    ``office`` is "<country/organisation> <office>" from the data's canonical forms; ``name`` is the
    canonical actor of an overlapping mention when ``mentions`` is given, else the name as written.
    """
    by_doc = defaultdict(list)  # doc_id -> its named mentions (start, end, actor), in table order
    if mentions is not None:
        named = mentions.dropna(subset=["actor", "doc_id"])
        for doc_id, *mention in zip(*(named[c].tolist() for c in ("doc_id", "start", "end", "actor")), strict=True):
            by_doc[doc_id].append(mention)
    roles = {k.casefold(): v for k, v in p.spec["roles"].items()}  # matched ignoring case: casefold both
    rows = []
    for doc_id, text in zip(docs["doc_id"].tolist(), docs["text"].tolist(), strict=True):
        for m in p.office.finditer(text):
            if p.past_holder.search(text, max(m.start() - 20, 0), m.start()):
                continue  # "former German Chancellor Angela Merkel" holds no office now
            office = f"{p.spec['qualifiers'][m['qual']]} {roles[' '.join(m['role'].split()).casefold()]}"
            name = _POSSESSIVE.sub("", m["name"])
            name_start, name_end = m.span("name")
            for start, end, actor in by_doc.get(doc_id, ()):
                if start < name_end and end > name_start:  # the first mention over the name
                    name = str(actor)
                    break
            rows.append((doc_id, office, name))
    return pd.DataFrame(rows, columns=["doc_id", "office", "name"]).drop_duplicates()


def _holder_conflicts(holders: pd.DataFrame) -> dict[str, list[str]]:
    """Per document, the offices where it names someone other than the corpus-majority holder.

    Names are grouped into persons with ``same_person``, in order of appearance: a name joins the
    first person with a name it matches, else starts a new one. The majority person must be named
    by more documents than any other (a tie decides nothing).
    """
    conflicts: dict[str, list[str]] = defaultdict(list)
    for office, group in holders.groupby("office", sort=True):
        persons, doc_person = _cluster_names(list(group["name"]), list(group["doc_id"]))
        support = Counter(i for ids in doc_person.values() for i in ids).most_common()
        if len(support) < 2 or support[0][1] == support[1][1]:
            continue
        top = support[0][0]
        for doc_id, ids in doc_person.items():
            if top not in ids:
                named = "/".join(sorted({n for i in ids for n in persons[i]}))
                conflicts[doc_id].append(f"{office} {named} (others: {persons[top][0]})")
    return conflicts


def _cluster_names(names: list[str], doc_ids: list[str]) -> tuple[list[list[str]], dict[str, set[int]]]:
    """Persons (distinct names, first-seen first) and the persons each document names.

    Each occurrence joins the first person holding a name it matches. Persons only grow, so a
    repeated name need only be checked against the names added since it was last placed: every
    pair of distinct names is compared at most once, and the work grows with the distinct names,
    not with the number of articles.
    """
    persons: list[list[str]] = []
    added: list[tuple[str, int]] = []  # (name, person) in the order names joined persons
    placed: dict[str, tuple[int, int]] = {}  # name -> (first matching person, len(added) checked)
    doc_person: dict[str, set[int]] = defaultdict(set)
    for doc_id, name in zip(doc_ids, names, strict=True):
        best, seen = placed.get(name, (len(persons), 0))
        for other, idx in added[seen:]:
            if idx < best and same_person(name, other):
                best = idx
        if best == len(persons):
            persons.append([])
        if name not in persons[best]:
            persons[best].append(name)
            added.append((name, best))
        if _plain(name):  # a name without letters matches nothing, itself included
            placed[name] = (best, len(added))
        doc_person[doc_id].add(best)
    return persons, doc_person


def _majority(values_per_doc: list[list]):
    """The value most documents mention (each document votes once per value): at least two
    documents and no tie, else None."""
    support = Counter(v for vs in values_per_doc for v in set(vs)).most_common()
    if not support or support[0][1] < 2 or (len(support) > 1 and support[0][1] == support[1][1]):
        return None
    return support[0][0]


def _date_evidence(dates: dict[str, list[DateMention]]) -> tuple[dict[str, list[DateMention]], int | None, int | None]:
    """The dates that place each article against the corpus event, and the event month and year.

    News writes the event's own dates without a year ("on Sept. 4") and background with one ("the
    February 2022 invasion"), so when the corpus has year-less dates only those count. A corpus that
    always writes years gets an event year (most articles) and its dates are all compared. The event
    month is the month most articles mention among the dates that count.
    """
    if any(d.year is None for ds in dates.values() for d in ds):
        placed = {doc: [d for d in ds if d.year is None] for doc, ds in dates.items()}
        year = None
    else:
        placed = dates
        year = _majority([[d.year for d in ds] for ds in dates.values()])
    month = _majority([[d.month for d in ds if d.year == year] for ds in placed.values()])
    return placed, month, year


def event_consistency(
    corpus: pd.DataFrame,
    mentions: pd.DataFrame | None = None,
    *,
    patterns: Patterns | str | Path | None = None,
    threshold: float = 0.5,
    items: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Flag articles about a different event than the rest: ``doc_id, outlet, off_event, score, reason``.

    Two kinds of evidence, each a majority vote over the corpus, no event hard-coded:

    * dates: the share of the article's month-bearing dates more than one month from the corpus
      event month (the month most articles mention), or in another year than the corpus year
      (background dates with a year set aside, see ``_date_evidence``), counted as ``off / (dates + 1)``: one stray date is weak evidence;
    * office-holders: 1 if the article names a different holder of an office ("German Chancellor
      Olaf Scholz") than the majority of articles naming that office ("Friedrich Merz"), else 0.

    ``score`` is the mean of the kinds the article has evidence for (NaN if none); ``off_event`` is
    ``score > threshold``. ``mentions`` (from ``mention_table``) lets office-holder names resolve to
    canonical actors, so spelling variants agree. ``items`` is a ``document_items`` table when
    already made (its dates are used, rows of other articles ignored; same ``patterns``).
    """
    p = _resolve(patterns)
    docs = loaded(corpus).sort_values("doc_id", kind="stable")
    items = document_items(docs, patterns=p, item_types=("date",)) if items is None else _of_docs(items, docs)
    dated = items[(items["item_type"] == "date") & items["month"].notna()]
    dates: dict[str, list[DateMention]] = {doc_id: [] for doc_id in docs["doc_id"].tolist()}
    years = [None if pd.isna(y) else int(y) for y in dated["year"].tolist()]
    for doc_id, *mention in zip(*(dated[c].tolist() for c in ("doc_id", "start", "end", "item", "month")), years,
                                strict=True):
        dates[doc_id].append(DateMention(*mention))
    dates, month, year = _date_evidence(dates)
    holders = _office_holders(docs, mentions, p)
    conflicts, compared = _holder_conflicts(holders), _compared_docs(holders)
    rows = []
    for doc_id, outlet in zip(docs["doc_id"], docs["outlet"], strict=True):
        parts, reasons = [], []
        if month is not None and dates[doc_id]:
            off = [d.item for d in dates[doc_id]
                   if min((d.month - month) % 12, (month - d.month) % 12) > 1 or (year and d.year and d.year != year)]
            parts.append(len(off) / (len(dates[doc_id]) + 1))
            if off:
                window = f"{year}-{month:02d}" if year else f"month {month:02d}"
                reasons.append(f"dates away from the corpus event ({window} ±1 month): {', '.join(off)}")
        if doc_id in compared:
            parts.append(1.0 if conflicts.get(doc_id) else 0.0)
            if conflicts.get(doc_id):
                reasons.append("office-holder differs from the corpus majority: " + "; ".join(conflicts[doc_id]))
        score = float(np.mean(parts)) if parts else float("nan")
        rows.append((doc_id, outlet, bool(score > threshold), score,
                     "; ".join(reasons) if reasons else ("consistent" if parts else "no dates or office-holders to compare")))
    return pd.DataFrame(rows, columns=EVENT_COLUMNS)


def _compared_docs(holders: pd.DataFrame) -> set[str]:
    """Documents naming at least one office that another document also names."""
    shared = holders.groupby("office")["doc_id"].transform("nunique") > 1
    return set(holders.loc[shared, "doc_id"])


# --- similarity and wire copy -----------------------------------------------------------------------


def _cosine_similarity(x: sparse.csr_matrix) -> np.ndarray:
    """scikit-learn's ``cosine_similarity(x)`` of a sparse matrix, the same floats operation for
    operation, without importing it (half a second): the L2-normalised rows' dense product."""
    rows = l2_normalized(x)
    return (rows @ rows.T).toarray()


def outlet_similarity(corpus: pd.DataFrame, *, tokens: Tokens | None = None) -> pd.DataFrame:
    """Cosine similarity of the outlets' TF-IDF vectors (each outlet's articles concatenated).

    All ordered pairs including the diagonal (1.0), so the table pivots straight into a square
    matrix. ``tokens`` is ``terms.corpus_tokens(corpus)`` when already made.
    """
    docs = loaded(corpus)
    groups, pieces = _grouped_content(docs, ["outlet"], _texts_tokens(docs, tokens, whole=True))
    try:
        sim = _cosine_similarity(tfidf_matrix(pieces)[0])
    except ValueError:  # no content words anywhere: similarity is undefined
        sim = np.full((len(groups), len(groups)), np.nan)
    outlets = [outlet for (outlet,) in groups]
    rows = [(a, b, float(sim[i, j])) for i, a in enumerate(outlets) for j, b in enumerate(outlets)]
    return pd.DataFrame(rows, columns=["outlet_a", "outlet_b", "cosine"])


def _shingles(ids: list[np.ndarray], k: int) -> tuple[np.ndarray, np.ndarray]:
    """Each text's distinct word ``k``-grams as ``(shingle, text)`` pairs, sorted by shingle then text.

    Shingle codes are exact (equal codes, equal tokens: the token ids are folded one column at a
    time, renumbered densely only before an overflow), not hashes, and need not be consecutive; a
    text shorter than ``k`` tokens has none.
    """
    lengths = np.array([len(t) for t in ids], dtype=np.int64)
    windows = np.maximum(lengths - k + 1, 0)
    if not windows.sum():
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    flat = np.concatenate(ids).astype(np.int64)
    owner = np.repeat(np.arange(len(ids)), windows)
    first = np.arange(int(windows.sum())) + np.repeat(np.cumsum(lengths) - lengths - (np.cumsum(windows) - windows),
                                                      windows)  # each window's first token in flat

    def fold(code: np.ndarray, column: np.ndarray, width: int) -> np.ndarray:
        if int(code.max()) >= (2**63 - width) // width:
            code = np.unique(code, return_inverse=True)[1].astype(np.int64)
        return code * width + column

    code, width = flat[first], int(flat.max()) + 1
    for offset in range(1, k):
        code = fold(code, flat[first + offset], width)
    pairs = np.sort(fold(code, owner, len(ids)))  # distinct (shingle, text), sorted: sorted, then
    pairs = pairs[np.r_[True, pairs[1:] != pairs[:-1]]]  # deduplicated (cheaper than numpy's hashing unique)
    return pairs // len(ids), pairs % len(ids)


def _shared_columns(shingles: np.ndarray, docs_of: np.ndarray, n_docs: int) -> tuple[sparse.csr_matrix, np.ndarray]:
    """The article × shingle incidence of the shingles held by two or more articles, with shingles that
    occur in exactly the same articles merged into one column: ``(x, weight)``, ``weight`` counting the
    shingles of each column, so that ``x @ diag(weight) @ x.T`` counts the shingles two articles share.

    ``(shingles, docs_of)`` are ``_shingles``' pairs. A passage copied between articles gives one
    column for all its shingles, so the pair counts cost per passage rather than per shingle. Columns
    are grouped by two random 64-bit sums of their articles and each merge is then checked article by
    article (a column whose list differs from its group's first keeps its own column), so the counts
    are exact.
    """
    starts = np.flatnonzero(np.r_[True, shingles[1:] != shingles[:-1]])
    df = np.diff(np.r_[starts, len(shingles)])
    shared = np.repeat(df > 1, df)  # a shingle of one article pairs it with none
    docs_of, starts, df = docs_of[shared], np.r_[0, np.cumsum(df[df > 1])[:-1]], df[df > 1]
    if not len(df):
        return sparse.csr_matrix((n_docs, 0), dtype=np.int32), np.zeros(0, dtype=np.int32)
    keys = np.random.default_rng(0).integers(0, 2**63, size=(2, n_docs), dtype=np.uint64)
    sums = [np.add.reduceat(k[docs_of], starts) for k in keys]
    _, first, group = np.unique(np.stack([df.astype(np.uint64), *sums], axis=1), axis=0,
                                return_index=True, return_inverse=True)
    rep = first[group.ravel()]  # each column's group representative
    offsets = np.arange(len(docs_of)) - np.repeat(starts, df)
    differs = docs_of != docs_of[np.repeat(starts[rep], df) + offsets]
    rep[np.bincount(np.repeat(np.arange(len(df)), df), weights=differs, minlength=len(df)) > 0] = -1
    rep = np.where(rep < 0, np.arange(len(df)), rep)  # a colliding column stays alone
    keep, column = np.unique(rep, return_inverse=True)
    weight = np.bincount(column).astype(np.int32)
    mine = np.repeat(rep == np.arange(len(df)), df)  # the articles of the kept columns
    x = sparse.csr_matrix((np.ones(int(mine.sum()), dtype=np.int32),
                           (docs_of[mine], np.repeat(np.arange(len(keep)), df[keep]))),
                          shape=(n_docs, len(keep)))
    return x, weight


def wire_copies(
    corpus: pd.DataFrame, *, threshold: float = 0.5, shingle: int = 5, block: int = 256,
    tokens: Tokens | None = None,
) -> pd.DataFrame:
    """Pairs of articles from different outlets that share wire copy:
    ``doc_id_a, outlet_a, doc_id_b, outlet_b, overlap``.

    ``overlap`` is the containment of the shorter article's word ``shingle``-grams in the other's
    (1.0 = the shorter text is wholly inside the longer, as when an outlet runs a trimmed wire story);
    pairs at or above ``threshold`` are kept, ``doc_id_a < doc_id_b``. Shared shingles are counted
    exactly with a sparse article × shingle product, ``block`` articles at a time, the shingles of a
    passage found in the same articles counted as one column (``_shared_columns``), so only pairs
    that share a passage cost anything and memory stays bounded by the block. That cost, like the
    table, grows with the pairs that share copy: with the square of the corpus when most articles
    reprint the same few wire stories (10,000 generated articles give 4.2 million pairs). ``tokens``
    is ``terms.corpus_tokens(corpus)`` when already made.
    """
    docs = loaded(corpus).reset_index(drop=True)
    tokens = _texts_tokens(docs, tokens, whole=True)
    order = docs.sort_values("doc_id", kind="stable").index.to_numpy()
    docs = docs.iloc[order].reset_index(drop=True)
    columns = ["doc_id_a", "outlet_a", "doc_id_b", "outlet_b", "overlap"]
    shingles, rows = _shingles([tokens.ids[i] for i in order], shingle)
    if not len(rows):  # no article long enough for one shingle
        return pd.DataFrame(columns=columns)
    sizes = np.bincount(rows, minlength=len(docs))
    x, weight = _shared_columns(shingles, rows, len(docs))
    weighted = x.multiply(weight).tocsr()  # x @ diag(weight)
    outlet_code = pd.factorize(docs["outlet"])[0]  # a missing outlet is like no other (NaN != NaN)
    outlet_code[outlet_code < 0] = -1 - np.flatnonzero(outlet_code < 0)
    pairs = []
    for lo in range(0, len(docs), block):
        hi = min(lo + block, len(docs))
        for first, last in ((lo, hi), (hi, len(docs))):  # pairs (a, b): b in the block (b > a kept), b after it
            shared = weighted[lo:hi] @ x[first:last].T
            i = np.repeat(np.arange(lo, hi), np.diff(shared.indptr))
            j, n = shared.indices + first, shared.data
            if first == lo:
                i, j, n = i[j > i], j[j > i], n[j > i]
            overlap = n / np.minimum(sizes[i], sizes[j])
            keep = overlap >= threshold
            i, j, overlap = i[keep], j[keep], overlap[keep]
            keep = outlet_code[i] != outlet_code[j]
            pairs.append((i[keep], j[keep], overlap[keep]))
    a, b, overlap = (np.concatenate(parts) for parts in zip(*pairs, strict=True))
    if not len(a):
        return pd.DataFrame(columns=columns)
    ids, outlets = (pd.Series(docs[c].to_numpy()) for c in ("doc_id", "outlet"))  # their dtypes inferred once
    sorted_ids = ids.to_numpy()
    rank = np.r_[0, np.cumsum(sorted_ids[1:] != sorted_ids[:-1])]  # docs are sorted by doc_id: its order
    by_ids = np.lexsort((b, a, rank[b], rank[a]))  # = sorting by (doc_id_a, doc_id_b), ties in (a, b) order
    a, b, overlap = a[by_ids], b[by_ids], overlap[by_ids]
    return pd.DataFrame({"doc_id_a": ids.take(a).array, "outlet_a": outlets.take(a).array,
                         "doc_id_b": ids.take(b).array, "outlet_b": outlets.take(b).array,
                         "overlap": overlap.astype(float)})
