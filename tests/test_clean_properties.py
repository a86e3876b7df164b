"""Property-based tests of cleaning on arbitrary text, and big inputs (linear time, not timed)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.clean import clean, clean_text
from toolkit.clean.normalize import normalize_line, split_lines

# Lines built from realistic pieces (furniture, headings, prose, markup, entities, odd spaces)
# mixed with arbitrary Unicode, so the strategies reach the rules and the classifier's branches.
PIECES = [
    "ADVERTISEMENT", "Share", "By Jane Doe", "Opinion", "Related:", "No comments:", "Comments",
    "Leave a Reply", "© 2024 Example News", "Photo: AP", "(Image: Bloomberg)", "Home", "Menu",
    "Putin-Zelenskiy Summit", "‘Robust Peace’", "The leaders met in Paris on Thursday to talk about it.",
    "“We are ready,” Macron said.", "It was short.", "<p>", "</div>", "<b>x</b>", "&amp;", "&nbsp;",
    "&lt;p&gt;", "&amp;lt;", "\u00a0", "\u200b", "\u202e", "\r", "\r\n", "...", "…", "|", "—",
]
piece = st.sampled_from(PIECES)
line = st.lists(st.one_of(piece, st.text(max_size=25)), max_size=6).map(" ".join)
document = st.lists(st.one_of(line, st.just("")), max_size=30).map("\n".join)
anything = st.one_of(document, st.text(max_size=400))


def _normalised(raw: str) -> list[str]:
    return [normalize_line(x) for x in split_lines(raw)]


def _is_subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(any(x == y for y in it) for x in short)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(anything)
def test_clean_never_raises_and_keeps_a_subsequence_of_lines(raw):
    cleaned = clean(raw)
    out = [x for x in cleaned.text.split("\n") if x]
    assert _is_subsequence(out, [x for x in _normalised(raw) if x])
    lines = split_lines(raw)
    for removal in cleaned.removed:
        assert lines[removal.line_no] == removal.text and removal.rule
    assert cleaned.text == cleaned.text.strip("\n")
    assert "\n\n\n" not in cleaned.text
    if cleaned.title is not None:
        assert cleaned.title in out


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(anything)
def test_clean_text_is_idempotent(raw):
    once = clean_text(raw)
    assert clean_text(once) == once


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_normalize_line_is_a_fixed_point(text):
    once = normalize_line(text)
    assert normalize_line(once) == once
    assert "\n" not in once and "\r" not in once


def test_huge_single_line():
    big = "The coalition met in Paris and agreed on security guarantees for Ukraine. " * 55_000  # ~4 MB
    text = clean_text(big)
    assert len(text) > 3_900_000


def test_huge_single_line_of_markup_and_entities():
    big = ('<div class="x"><p>' + "&amp;" * 10 + "<a " * 10) * 40_000
    assert isinstance(clean_text(big), str)


def test_hundred_thousand_lines():
    lines = []
    for i in range(100_000):
        if i % 50 == 0:
            lines.append("ADVERTISEMENT")
        elif i % 25 == 0:
            lines.append(f"Subheading number {i}")
        elif i % 2:
            lines.append("")
        else:
            lines.append(f"Paragraph {i} says that the coalition met in Paris on day {i % 31} of the month.")
    cleaned = clean("\n".join(lines))
    kept = [x for x in cleaned.text.split("\n") if x]
    assert len(kept) > 45_000
    assert sum(r.rule == "advertisement" for r in cleaned.removed) == 2_000
