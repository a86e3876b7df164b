"""From a speaker mention to an actor: registry names and roles, anonymous sourcing, names met in
the article (a surname links to the full name met earlier), and pronouns (nearest compatible
antecedent, searching the pronoun's sentence and then earlier sentences, subjects first).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from toolkit.actors import ActorRegistry
from toolkit.quotes import cues
from toolkit.quotes import resources as R

# (?<![\w’'-]) before a name, tested after its capital: re then scans for capitals in C (twice as fast)
_NAME_RE = re.compile(rf"[{R.UPPER}](?<![\w’'-].){R.CAP_REST}{R.NAME_REST}")
# a character that no name run holds (runs are word characters, ’'&.- and blanks): the runs of a stretch
# between two of them are the runs that the whole text's scan finds there
_NAME_BREAK = re.compile(r"[^\w’'&. \t\xa0-]")
_POSSESSIVE = re.compile(r"[’']s$")
_SEARCH_BACK = 3  # sentences searched for a pronoun's antecedent


@dataclass(slots=True)
class Candidate:
    """A possible pronoun antecedent."""

    pos: int
    actor: str
    gender: str | None  # male / female / None (unknown)
    number: str  # singular / plural
    person: bool


def name_tokens(surface: str) -> list[str]:
    """The name part of a capitalised mention: titles and office words dropped."""
    lex = R.lexicon()
    tokens = [_POSSESSIVE.sub("", t) for t in surface.split()]
    last_title = -1
    for i, tok in enumerate(tokens):
        if tok.lower() in lex.titles or tok.lower().rstrip(".") in lex.titles:
            last_title = i
    tokens = [t for t in tokens[last_title + 1 :] if t]
    capitals = [i for i, t in enumerate(tokens) if t[0].isupper()]
    if not capitals:
        return []
    return [t for i, t in enumerate(tokens) if t[0].isupper() or (  # "Bill de Blasio": particles inside a name
        capitals[0] < i < capitals[-1] and t in R.PARTICLES)]


def _gender_from_titles(surface: str) -> str | None:
    lex = R.lexicon()
    words = {w.lower() for w in surface.split()}
    if words & lex.male:
        return "male"
    if words & lex.female:
        return "female"
    return None


class SpeakerResolver:
    """Resolves speaker spans of one document to canonical actor names, in text order."""

    def __init__(
        self,
        text: str,
        registry: ActorRegistry,
        sentences: list[tuple[int, int]],
        quoted: list[tuple[int, int]],
        date=None,
        mentions: list[tuple[int, int, str, str]] | None = None,
    ) -> None:
        """``mentions`` is ``registry.find(text, date=date)`` when the caller has it already."""
        self.text, self.registry = text, registry
        self.sent_starts = [s for s, _ in sentences]
        self._cache: dict[tuple[int, int], str | None] = {}
        self._last: Candidate | None = None  # the latest resolved speaker
        if mentions is None:
            mentions = registry.find(text, date=date)
        self._mentions = mentions
        self._mention_starts = [m[0] for m in mentions]
        q_starts = [s for s, _ in quoted]

        def inside_quote(pos: int) -> bool:
            k = bisect_right(q_starts, pos) - 1
            return k >= 0 and pos < quoted[k][1]

        self._inside_quote = inside_quote
        self.candidates: list[Candidate] = []
        for s, _, name, _ in mentions:
            actor = registry.get(name)
            if actor is not None and not inside_quote(s):
                person = actor.kind == "person"
                number = "plural" if actor.kind in ("group", "anonymous") else "singular"
                self.candidates.append(Candidate(s, name, actor.gender, number, person))
        self._cand_pos = [c.pos for c in self.candidates]
        self._line_names: dict[int, list[tuple[int, str]]] = {}  # see _names_in_line
        self._full_names: dict[str, list[tuple[int, str]]] = {}

    # --- helpers -------------------------------------------------------------------------------
    def _names_in_line(self, start: int) -> list[tuple[int, str]]:
        """``(position, surface)`` of the capitalised runs of two or more words (one word is never a
        full name) in the line (paragraph) that begins at ``start``, in text order. A run never
        crosses a line break, so a line's runs are those of the whole text; only the lines that a
        lookup needs are scanned."""
        if start not in self._line_names:
            end = self.text.find("\n", start)
            end = len(self.text) if end < 0 else end + 1
            self._line_names[start] = [(m.start(), m.group()) for m in _NAME_RE.finditer(self.text, start, end)
                                       if len(m.group().split()) >= 2]
        return self._line_names[start]

    def _line_start(self, pos: int) -> int:
        return self.text.rfind("\n", 0, pos) + 1

    def _names_around(self, pos: int, end: int, floor: int) -> tuple[list[tuple[int, str]], int]:
        """The capitalised runs of two or more words in the stretch that holds ``text[pos:end]`` and
        that no run crosses (from the last comma or line break before it, or ``floor``, to the first
        character after it that no run holds), and the end of that stretch."""
        start = max(self.text.rfind(",", 0, pos) + 1, self.text.rfind("\n", 0, pos) + 1, floor)
        stop = _NAME_BREAK.search(self.text, end)
        stop = len(self.text) if stop is None else stop.end()
        return [(m.start(), m.group()) for m in _NAME_RE.finditer(self.text, start, stop)
                if len(m.group().split()) >= 2], stop

    def _full_names_of(self, surname: str) -> list[tuple[int, str]]:
        """``(position, full name)`` of the names met in the text whose last word is ``surname``, for
        surname links (searched only around the surname's occurrences)."""
        if surname not in self._full_names:
            found = []
            at, stop = self.text.find(surname), 0
            while at >= 0:
                names, stop = self._names_around(at, at + len(surname), stop)  # stretches do not overlap
                for pos, surface in names:
                    if surname in surface:  # name_tokens only drops words and a final ’s
                        tokens = name_tokens(surface)
                        if len(tokens) >= 2 and tokens[-1] == surname:
                            found.append((pos, " ".join(tokens)))
                at = self.text.find(surname, stop)
            self._full_names[surname] = found
        return self._full_names[surname]

    def _titled_names(self, lo: int, hi: int) -> list[Candidate]:
        """People named with a title ("Senator Claire Dunn", "Mr. Barrett") in ``text[lo:hi]``, outside
        quotes and not already candidates: pronoun antecedents the registry does not know."""
        out = []
        start = self._line_start(lo)
        while start < hi:
            for pos, surface in self._names_in_line(start):
                if pos < lo or pos >= hi:
                    continue
                tokens = name_tokens(surface)
                if not tokens or len(tokens) == len(surface.split()) or self._inside_quote(pos):
                    continue  # no title before the name: a place or an organisation as likely as a person
                k = bisect_left(self._mention_starts, pos)
                if k < len(self._mentions) and self._mentions[k][0] < pos + len(surface):
                    continue  # the registry knows this one (under its canonical name)
                if pos in self._cand_pos:
                    continue
                if any(t.lower() in R.NOT_IN_NAMES for t in tokens):
                    continue
                out.append(Candidate(pos, self._by_name(pos, " ".join(tokens)) or " ".join(tokens),
                                     _gender_from_titles(surface), "singular", True))
            end = self.text.find("\n", start)
            if end < 0:
                break
            start = end + 1
        return out

    def sentence_of(self, pos: int) -> int:
        return max(bisect_right(self.sent_starts, pos) - 1, 0)

    def _registry_actor(self, s: int, e: int) -> str | None:
        i = bisect_left(self._mention_starts, s)
        best = None
        while i < len(self._mentions) and self._mentions[i][1] <= e:
            mention = self._mentions[i]
            if best is None or (best[3] == "role" and mention[3] != "role"):
                best = mention
            elif mention[3] != "role":
                best = mention  # the head of "X spokeswoman Maria Zakharova" is the last name
            i += 1
        return best[2] if best else None

    def _anonymous(self, surface: str) -> str | None:
        lowered = surface.lower().strip(" ,")
        for name, pattern in R.lexicon().anonymous:
            if pattern.search(lowered):
                return name
        return None

    def _by_name(self, s: int, surface: str) -> str | None:
        tokens = name_tokens(surface)
        rest = surface.split()[-len(tokens) :] if tokens else []
        if not tokens or rest != [t for t in surface.split()[-len(tokens) :] if t[:1].isupper() or t in R.PARTICLES]:
            return None
        if any(t.lower() in R.NOT_IN_NAMES for t in tokens):
            return None
        if len(tokens) >= 2:
            return " ".join(tokens)
        earlier = [full for pos, full in self._full_names_of(tokens[0]) if pos < s]
        return earlier[-1] if earlier else tokens[0]

    def _pronoun(self, s: int, pronoun: str) -> str | None:
        need = R.lexicon().pronouns.get(pronoun.lower())
        if need in (None, "any"):
            return None
        here = self.sentence_of(s)
        first = self.sent_starts[max(here - _SEARCH_BACK, 0)] if self.sent_starts else 0
        pool = self.candidates[bisect_left(self._cand_pos, first) : bisect_left(self._cand_pos, s)]
        titled = self._titled_names(first, s)
        if titled:  # "Senator Claire Dunn scolded him: “…,” she said": named people who have not spoken yet
            pool = sorted(pool + titled, key=lambda c: c.pos)
        for sent in range(here, max(here - _SEARCH_BACK, 0) - 1, -1):
            if sent == here - 1 and self._last is not None and self._fits(self._last, need):
                if here - self.sentence_of(self._last.pos) <= 2:
                    return self._last.actor  # the speaker just quoted keeps the floor
            for c in pool:  # subjects first: left to right within a sentence
                if self.sentence_of(c.pos) == sent and self._fits(c, need):
                    return c.actor
        return None

    @staticmethod
    def _fits(c: Candidate, need: str) -> bool:
        if need in ("male", "female"):
            return c.person and c.gender in (need, None) and c.number == "singular"
        if need == "plural":
            return c.number == "plural"
        return not c.person and c.number == "singular"

    # --- public --------------------------------------------------------------------------------
    def resolve(self, s: int, e: int) -> str | None:
        """Canonical actor of the speaker mention ``text[s:e]`` (cached per span)."""
        key = (s, e)
        if key in self._cache:
            return self._cache[key]
        surface = self.text[s:e]
        if surface == "who":  # "Jeb Bush and Chris Christie, who say …": the phrase before
            head = cues.np_before(self.text, max(0, s - 120), s - 1 if self.text[s - 2 : s] == ", " else s)
            actor = self.resolve(*head) if head else None
        elif surface.lower() in R.lexicon().pronouns:
            actor = self._pronoun(s, surface)
            gender = R.lexicon().pronouns[surface.lower()]
            if actor is not None:
                self._last = Candidate(s, actor, gender if gender in ("male", "female") else None,
                                       "plural" if gender == "plural" else "singular", gender != "neuter")
        else:
            head = R.HEAD_OF_PHRASE.match(surface)
            if head:  # "a spokeswoman for Hillary Clinton" is not Hillary Clinton
                e = s + head.end()
                surface = surface[: head.end()]
            actor = (self._registry_actor(s, e) or self.registry.speaker(surface) or self._anonymous(surface)
                     or self._by_name(s, surface))
            if actor is not None:
                self._last = self._add_candidate(s, surface, actor)
        self._cache[key] = actor
        return actor

    def _add_candidate(self, s: int, surface: str, actor: str) -> Candidate:
        known = self.registry.get(actor)
        if known is not None:  # registry mentions are candidates already
            number = "plural" if known.kind in ("group", "anonymous") else "singular"
            return Candidate(s, actor, known.gender, number, known.kind == "person")
        plural = actor.startswith("Anonymous") and surface.lower().rstrip().endswith("s")
        person = not actor.startswith("Anonymous")
        cand = Candidate(s, actor, _gender_from_titles(surface), "plural" if plural else "singular", person)
        i = bisect_left(self._cand_pos, s)
        self.candidates.insert(i, cand)
        self._cand_pos.insert(i, s)
        return cand


def actor_kind(registry: ActorRegistry, actor: str | None) -> str | None:
    """Kind of a resolved actor: the registry's, else anonymous or (a name met in the text) person."""
    if actor is None:
        return None
    known = registry.get(actor)
    if known is not None:
        return known.kind
    return "anonymous" if actor.startswith("Anonymous ") else "person"
