"""The quote engine's shortcuts equal the definitions they stand in for: a line's name runs, and the
full names found around a surname, are the whole text's; a name trimmed by string splits is the one
its regex tokens give."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from toolkit.actors import ActorRegistry
from toolkit.quotes import cues
from toolkit.quotes import resources as R
from toolkit.quotes.speakers import _NAME_RE, SpeakerResolver, name_tokens

PIECES = [
    " ", "  ", "\n", "\n\n", "\t", "\xa0", ".", ",", "-", "’s", "'", "Mr.", "Sen.", "U.S.", "J.", "de", "van", "of",
    "Bill", "de Blasio", "Joe", "Kasper", "Caliber.Az", "O’Neill", "Jean-Noel", "the", "said", "a", "to", "x",
    "Reuters", "“", "”", "(", ")", ";", ":", "!", "/", "Kasper’s",
]

texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def _line_starts(text: str) -> list[int]:
    return [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]


@settings(max_examples=300, deadline=None)
@given(texts)
def test_name_runs_by_line_are_the_whole_texts(text):
    resolver = SpeakerResolver(text, ActorRegistry.empty(), [], [], mentions=[])
    by_line = [name for start in _line_starts(text) for name in resolver._names_in_line(start)]
    whole = [(m.start(), m.group()) for m in _NAME_RE.finditer(text) if len(m.group().split()) >= 2]
    assert by_line == whole


@settings(max_examples=300, deadline=None)
@example("Joe Kasper “Kasper, Joe Kasper", "Kasper")  # stretches around the occurrences do not overlap
@given(texts, st.sampled_from(["Kasper", "Blasio", "Noel", "Jean-Noel", "Reuters", "Joe", "Az", "O’Neill"]))
def test_full_names_of_a_surname_are_the_whole_texts(text, surname):
    resolver = SpeakerResolver(text, ActorRegistry.empty(), [], [], mentions=[])
    whole = []
    for m in _NAME_RE.finditer(text):
        tokens = name_tokens(m.group())
        if len(m.group().split()) >= 2 and len(tokens) >= 2 and tokens[-1] == surname:
            whole.append((m.start(), " ".join(tokens)))
    assert resolver._full_names_of(surname) == whole


def _trim_name_by_tokens(text: str, s: int, e: int):
    """``cues._trim_name`` written with a regex token per word: the definition its string splits follow."""
    tokens = list(re.finditer(r"\S+", text[s:e]))
    lex = R.lexicon()
    if len(tokens) == 1 and tokens[0].group().lower() in lex.word_names and cues._finite_verb_at(text, e):
        return s, e
    while tokens and (tokens[0].group().lower().strip(",.") in R.NOT_IN_NAMES
                      or tokens[0].group().lower().strip(".") in R.MONTHS_DAYS):
        if len(tokens) == 1:
            return None
        tokens.pop(0)
    if not tokens or len(tokens) == 1 and (lex.verb(tokens[0].group().strip(",.")) or ("", ""))[1] == "participle":
        return None
    return s + tokens[0].start(), e


NAME_WORDS = ["But", "But,", "Mr.", "Trump", "Will", "will", "Monday", "monday.", "Adding", "adding,", "The", "the",
              "de", "Blasio", "From", "Jan.", " ", "  ", "\t", "\xa0", "\u2009", "said"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(NAME_WORDS), max_size=8).map("".join), st.sampled_from(["", " said", " wrote", ".", " x"]))
def test_trim_name_is_its_token_definition(phrase, after):
    text = "x " + phrase + after
    s, e = 2, 2 + len(phrase)
    assert cues._trim_name(text, s, e) == _trim_name_by_tokens(text, s, e)
