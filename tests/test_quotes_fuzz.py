"""Hostile and random input: the quote engine never raises, its rows are always consistent with the
text, and big inputs finish (the cost is linear; nothing here is timed)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import toolkit
from toolkit.actors import ActorRegistry
from toolkit.quotes import QUOTE_COLUMNS, cues, extract_quotes
from toolkit.quotes import resources as R

ROOT = Path(__file__).resolve().parents[1]
KINDS = {"direct", "partial", "transcript", "indirect", "scare"}

# pieces of news text, marks and punctuation that the engine has to cope with in any order
PIECES = [
    "“", "”", "‘", "’", '"', "'", "''", "„", "«", "»", "“Reuters“", ",”", ".”", ':', ",", ".", "?", " — ", "―",
    "\n", "\n\n", " ", "said", "says", "told reporters", "according to", "quotes", "as saying", "he", "she",
    "they", "it", "who", "Macron", "Volodymyr Zelenskiy", "the Ukrainian president", "an official familiar with",
    "the matter", "Mr.", "U.S.", "so-called", "coalition of the willing", "We will win", "Trump’s", "’90s",
    "rock ’n’ roll", "(D-Wis.)", "PENCE:", "<tweet author=\"x\">", "that", "and", "For Emmanuel Macron,",
    "’s claim that", "her remark that", "dubbed", "\n\n- ", " -", "however", "Immediately", "…", "<b\n>",
]


# speaker-phrase material with the characters around it (separators, and the ones a phrase may hold)
PHRASE_PIECES = [
    "the", "a", "his", "spokeswoman", "officials", "aide", "familiar with the matter", "who", "1,000",
    "1,000 percent", "officials, who asked not to be named", "3 in 10", "half", "of", "for", "at the", "Hillary Clinton",
    "Trump’s", "Mr.", "U.S.", "Jean-Noel", "AT&T", "he", "Several", "said", ",", ", ", ";", ":", "(D-Wis.)", "“", "”",
    "\n", " — ", "-", ".",
]


def check_rows(text: str, table) -> None:
    assert list(table.columns) == QUOTE_COLUMNS
    assert table["start"].is_monotonic_increasing
    for row in table.itertuples():
        assert 0 <= row.start < row.end <= len(text)
        assert text[row.start : row.end] == row.text
        assert row.kind in KINDS
        if row.speaker_start >= 0:
            assert 0 <= row.speaker_start < row.speaker_end <= len(text)
            assert text[row.speaker_start : row.speaker_end] == row.speaker
        else:
            assert row.speaker is None and row.speaker_end == -1
        if row.cue_start >= 0:
            assert text[row.cue_start : row.cue_end] == row.cue
        if row.kind == "scare":
            assert row.speaker is None and row.actor is None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=60))
def test_news_like_pieces_in_any_order(pieces):
    text = " ".join(pieces)
    check_rows(text, extract_quotes(text))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_unicode(text):
    check_rows(text, extract_quotes(text, ActorRegistry.empty()))


def test_hostile_shapes_finish_and_stay_consistent():
    cases = [
        '"' * 20_000,
        "“‘’”'\" " * 5_000,
        "“a” he said, " * 5_000,
        "a, " * 20_000,
        "the minister said that the plan would work " * 3_000,
        "Mr. John Smith Jones Brown " * 3_000,
        "“" + "We will win. " * 5_000,
    ]
    for text in cases:
        check_rows(text, extract_quotes(text))


def test_a_four_megabyte_article():
    seeds = "\n".join(
        toolkit.clean_text(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "seeds").glob("0*.txt"))
    )
    text = (seeds + "\n") * (4_000_000 // (len(seeds) + 1) + 1)
    assert len(text) >= 4_000_000
    table = extract_quotes(text)
    per_copy = len(extract_quotes(seeds + "\n"))
    assert abs(len(table) - per_copy * (len(text) // (len(seeds) + 1))) <= per_copy


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PHRASE_PIECES), max_size=25), st.sampled_from([" ", ""]))
def test_no_speaker_phrase_spans_the_barrier(pieces, sep):
    """``np_before`` searches for the phrase ending a segment from ``NP_BARRIER`` on: no phrase found
    from an earlier start may begin before it."""
    seg = sep.join(pieces).rstrip()
    barrier = R.NP_BARRIER.match(seg)
    floor = barrier.end() if barrier else 0
    for pos in range(len(seg) + 1):
        phrase = R.lexicon().np_end.search(seg, pos)
        assert phrase is None or phrase.start() >= floor, (seg, phrase)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30), st.lists(st.sampled_from([
    ",", ".", "—", "according to", "According to", "he", "Macron", "Sen. Ana Ruiz", "the Ukrainian president",
    "officials", "on Monday", "“We will win”", "and", "(D-Wis.)",
]), max_size=12))
def test_no_attribution_after_the_last_cue(head, tail):
    """``final_attribution`` stops at a comma with no reporting-verb form or "according to" after it
    (``Lexicon.any_cue``): ``right_attribution`` finds nothing there. ``tail`` holds no verb."""
    text = " ".join([*head, ",", *tail])
    for comma in (i for i, char in enumerate(text) if char == ","):
        if R.lexicon().any_cue.search(text, comma + 1) is None:
            assert cues.right_attribution(text, comma, len(text)) is None, text[comma:]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*PIECES, "his warning about", "Trump’s claim about", "the claim that"]), max_size=40))
def test_every_nominal_attribution_holds_that(pieces):
    """``_nominal`` skips windows without "that": every speech noun it finds takes its clause."""
    text = " ".join(pieces)
    for m in R.lexicon().nominal.finditer(text):
        assert "that" in m.group(), m.group()
