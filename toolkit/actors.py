"""The actor registry: who is who, under which names, titles and roles ("who speaks").

An :class:`ActorRegistry` is read from YAML (``toolkit/data/actors.yml`` is the bundled default, a
general international-affairs registry; ``seeds/actors.yml`` is the demo corpus's). Each actor has a
canonical ``name``, a ``kind`` (person/institution/group/anonymous/media), ``aliases`` (spelling
variants, transliterations), ``roles`` (descriptors such as "the Ukrainian president", optionally
dated with ``from``/``to`` so that an office changes hands), ``gender`` (for pronouns), ``country``
and ``bloc`` (the camp used for aggregation).

Mentions are found in linear time: every surface form goes into one trie-shaped regular expression,
so the text is scanned once however many aliases the registry holds.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd
import yaml

KINDS = ("person", "institution", "group", "anonymous", "media")
MENTION_COLUMNS = ["start", "end", "surface", "actor", "form"]
_FORM_RANK = {"name": 0, "alias": 1, "role": 2, "surname": 3}
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# a role followed by a name is that person's title ("French President Nicolas Sarkozy"), not a mention
_TITLE_BEFORE_NAME = re.compile(
    r"\s+(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|On|In|At|And|But)\b)[A-Z][\w’'-]+"
)


def trie_pattern(words: Iterable[str], *, after_first: str = "") -> str:
    r"""A regex alternation of ``words`` shaped as a prefix trie (no backtracking over siblings).

    Matching it costs at most the length of the longest word per text position, however many words.
    ``after_first`` (an assertion) is written right after each word's first character: a lookbehind
    such as ``(?<![\w-].)`` there tests what ``(?<![\w-])`` before the word would, and a case-sensitive
    pattern that starts with literal characters is scanned for them in C rather than tried at every
    position (several times faster).
    """
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict, after: str = "") -> str:
        ends = "" in node
        branches = [re.escape(char) + after + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return "(?:" + body + ")?"
        return body

    return build(trie, after_first)


def _date(value) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


@dataclass(frozen=True)
class Role:
    """A descriptor that resolves to an actor while it holds the office (``start`` <= date < ``end``)."""

    text: str
    start: dt.date | None = None
    end: dt.date | None = None

    def holds(self, date: dt.date | None) -> bool:
        if date is None:
            return self.end is None  # undated text: the current office holder
        return (self.start is None or self.start <= date) and (self.end is None or date < self.end)


@dataclass(frozen=True)
class Actor:
    """One actor of the registry."""

    name: str
    kind: str = "person"
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    gender: str | None = None
    country: str | None = None
    bloc: str | None = None
    # names that stand for the actor only as a speaker: "Moscow says" is the Russian government,
    # "talks in Moscow" is a place, so these never count as mentions
    speaker_aliases: tuple[str, ...] = ()

    def surnames(self) -> set[str]:
        """Last words of the multi-word names of a person ("Volodymyr Zelenskyy" -> "Zelenskyy")."""
        if self.kind != "person":
            return set()
        return {n.split()[-1] for n in (self.name, *self.aliases) if len(n.split()) > 1}


def _role(entry) -> Role:
    if isinstance(entry, str):
        return Role(entry)
    return Role(str(entry["text"]), _date(entry.get("from")), _date(entry.get("to")))


def _actor(entry: dict) -> Actor:
    kind = entry.get("kind", "person")
    if kind not in KINDS:
        raise ValueError(f"actor {entry.get('name')!r}: kind must be one of {KINDS}, not {kind!r}")
    gender = entry.get("gender")
    return Actor(
        name=str(entry["name"]),
        kind=kind,
        aliases=tuple(str(a) for a in entry.get("aliases") or ()),
        roles=tuple(_role(r) for r in entry.get("roles") or ()),
        gender={"m": "male", "f": "female"}.get(gender, gender),
        country=entry.get("country"),
        bloc=entry.get("bloc"),
        speaker_aliases=tuple(str(a) for a in entry.get("speaker_aliases") or ()),
    )


_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)
_ARTICLES = ("the", "a", "an")  # case-insensitively: no other character folds to their letters


def _strip_article(text: str) -> str:
    return _ARTICLE.sub("", text.strip())


@dataclass
class ActorRegistry:
    """Actors plus one compiled matcher over all their names, aliases, surnames and roles."""

    actors: list[Actor] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_name = {a.name: a for a in self.actors}
        self._speakers = {_strip_article(s).lower(): a.name for a in self.actors for s in a.speaker_aliases}
        names: dict[str, tuple[str, str]] = {}  # exact-case surface -> (actor, form)
        roles: dict[str, list[tuple[Actor, Role]]] = {}  # lower-case role text -> holders
        surnames: dict[str, set[str]] = {}
        for actor in self.actors:
            names.setdefault(actor.name, (actor.name, "name"))
            for alias in actor.aliases:
                names.setdefault(alias, (actor.name, "alias"))
            for surname in actor.surnames():
                surnames.setdefault(surname, set()).add(actor.name)
            for role in actor.roles:
                roles.setdefault(_strip_article(role.text).lower(), []).append((actor, role))
        for surname, owners in surnames.items():  # a surname shared by two actors is ambiguous
            if len(owners) == 1 and surname not in names:
                names[surname] = (next(iter(owners)), "surname")
        self._names = names
        self._roles: dict[str, list[tuple[Actor, Role]]] = {}  # casefolded, as the role pattern ignores case
        for role_text, holders in roles.items():  # so that "preſident" (long s) finds "president"
            self._roles.setdefault(role_text.casefold(), []).extend(holders)
        name_trie = trie_pattern(names, after_first=r"(?<![\w-].)")  # = (?<![\w-]) before the name, faster
        self._name_re = re.compile(rf"(?:{name_trie})(?![\w-])") if names else None
        # a role that itself starts with an article word would compete with the article: then the
        # articles stay in the pattern, else _role_spans adds them after finding the roles alone
        self._articles_apart = not any(re.match(r"(?:the|a|an)(?:\s|$)", role) for role in roles)
        article = "" if self._articles_apart else r"(?:(?:the|a|an)\s+)?"
        self._role_re = re.compile(rf"(?<![\w-]){article}(?:{trie_pattern(roles)})(?![\w-])", re.I) if roles else None

    # --- construction --------------------------------------------------------------------------
    @classmethod
    def empty(cls) -> ActorRegistry:
        """No registry: the quote engine still names speakers from the text itself."""
        return cls([])

    @classmethod
    def from_yaml(cls, path: str | Path) -> ActorRegistry:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        return cls([_actor(e) for e in data.get("actors") or []])

    # --- lookup --------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.actors)

    def __iter__(self) -> Iterator[Actor]:
        return iter(self.actors)

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def get(self, name: str | None) -> Actor | None:
        return self._by_name.get(name) if name else None

    def speaker(self, surface: str) -> str | None:
        """The actor a speaker-only alias stands for ("Moscow" in "Moscow says"), else None."""
        return self._speakers.get(_strip_article(surface).lower())

    def _role_spans(self, text: str) -> Iterator[tuple[int, int]]:
        r"""The role mentions, with the article before them: the spans that
        ``(?<![\w-])(?:(?:the|a|an)\s+)?<role>(?![\w-])`` (case-insensitive) finds, in the same order.

        The roles are found on their own and a role right after "the", "a" or "an" and blanks takes
        that word in (trying the articles at every word of the text cost a quarter of the scan).
        """
        last_end = 0
        for m in self._role_re.finditer(text) if self._role_re is not None else ():
            start, end = m.span()
            if not self._articles_apart:
                yield start, end
                continue
            blank = start
            while blank and text[blank - 1].isspace():
                blank -= 1
            word = blank  # the word before the blanks: \w characters, as re has them
            while word and (text[word - 1].isalnum() or text[word - 1] == "_"):
                word -= 1
            if (word < blank < start and word >= last_end and text[word - 1:word] != "-"
                    and text[word:blank].lower() in _ARTICLES):
                start = word
            last_end = end
            yield start, end

    def find(self, text: str, *, date: dt.date | None = None) -> list[tuple[int, int, str, str]]:
        """Non-overlapping ``(start, end, actor, form)`` mentions, leftmost-longest, in text order."""
        found = []
        if self._name_re is not None:
            for m in self._name_re.finditer(text):
                actor, form = self._names[m.group()]
                found.append((m.start(), m.end(), actor, form))
        for start, end in self._role_spans(text):
            holders = self._roles[_strip_article(text[start:end]).casefold()]
            current = [a for a, r in holders if r.holds(date)] or [a for a, _ in holders]
            if len({a.name for a in current}) == 1 and not _TITLE_BEFORE_NAME.match(text, end):
                found.append((start, end, current[0].name, "role"))
        found.sort(key=lambda f: (f[0], -(f[1] - f[0]), _FORM_RANK[f[3]]))
        kept, last_end = [], -1
        for f in found:
            if f[0] >= last_end:
                kept.append(f)
                last_end = f[1]
        return kept


def load_actors(path: str | Path | None = None) -> ActorRegistry:
    """Read a registry from YAML; ``None`` gives the bundled default (``toolkit/data/actors.yml``)."""
    if path is None:
        return default_actors()
    return ActorRegistry.from_yaml(path)


@lru_cache(maxsize=1)
def default_actors() -> ActorRegistry:
    """The bundled general international-affairs registry."""
    with resources.as_file(resources.files("toolkit").joinpath("data", "actors.yml")) as path:
        return ActorRegistry.from_yaml(path)


def as_registry(actors: ActorRegistry | str | Path | None) -> ActorRegistry:
    """Accept a registry, a YAML path, or None (the bundled default)."""
    if isinstance(actors, ActorRegistry):
        return actors
    return load_actors(actors)


def as_date(date) -> dt.date | None:
    """A document date (string, Timestamp, date, NaN/None) as a ``datetime.date`` or None."""
    if date is None or (isinstance(date, float) and date != date):
        return None
    if isinstance(date, dt.datetime):
        return date.date()
    if isinstance(date, dt.date):
        return date
    if isinstance(date, str) and _ISO_DATE.fullmatch(date):  # the common case, without pandas' slow parser
        with contextlib.suppress(ValueError):  # 2024-02-30: left to pandas, which decides as always
            return dt.date.fromisoformat(date)
    try:
        return pd.Timestamp(date).date()
    except (ValueError, TypeError):
        return None


def _mention_frame(rows: list[tuple]) -> pd.DataFrame:
    """Mention rows (``MENTION_COLUMNS`` order) as a table with int64 offsets."""
    return pd.DataFrame(rows, columns=MENTION_COLUMNS).astype({"start": "int64", "end": "int64"})


def find_mentions(text: str, actors: ActorRegistry | str | Path | None = None, *, date=None) -> pd.DataFrame:
    """Mentions of registry actors in ``text``: ``start, end, surface, actor, form``, sorted by offset.

    ``form`` is ``name``, ``alias``, ``surname`` or ``role``; roles resolve to whoever holds them on
    ``date`` (an undated text gets the current holder).
    """
    registry = as_registry(actors)
    return _mention_frame([(s, e, text[s:e], a, f) for s, e, a, f in registry.find(text, date=as_date(date))])


def mention_table(
    corpus: pd.DataFrame, actors: ActorRegistry | str | Path | None = None, *, found: list | None = None
) -> pd.DataFrame:
    """``find_mentions`` over the loaded rows of a corpus, with ``doc_id, outlet`` first.

    ``found`` optionally gives ``ActorRegistry.find``'s result for each loaded row with a text, when the
    caller has it already. One table is built for the whole corpus, not one per text.
    """
    registry = as_registry(actors)
    docs = corpus[corpus["status"] == "loaded"] if "status" in corpus.columns else corpus
    dates = docs["date"].tolist() if "date" in docs.columns else [None] * len(docs)
    columns = ["doc_id", "outlet", *MENTION_COLUMNS]
    doc_ids, outlets, rows, empty, k = [], [], [], None, 0
    for doc_id, outlet, text, date in zip(docs["doc_id"].tolist(), docs["outlet"].tolist(), docs["text"].tolist(),
                                          dates, strict=True):
        if not isinstance(text, str):
            continue
        mentions = found[k] if found is not None else registry.find(text, date=as_date(date))
        k += 1
        if not mentions and empty is None:
            empty = (doc_id, outlet)
        doc_ids += [doc_id] * len(mentions)
        outlets += [outlet] * len(mentions)
        rows += [(s, e, text[s:e], a, f) for s, e, a, f in mentions]
    if not rows and empty is None:
        return pd.DataFrame(columns=columns)
    parts = [_mention_frame(rows).assign(doc_id=doc_ids, outlet=outlets)] if rows else []
    if empty is not None:  # a text without mentions: its empty table decides the dtypes, as one table per text did
        parts.append(_mention_frame([]).assign(doc_id=empty[0], outlet=empty[1]))
    table = (pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0])[columns]
    return table.sort_values(["doc_id", "start", "end"], kind="stable").reset_index(drop=True)
