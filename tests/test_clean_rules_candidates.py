"""The rule matcher tries only the patterns a line's length, first and last characters and guard
strings admit: it must name the same rule as trying every pattern in order (the reference)."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.clean.rules import MAX_LABEL_CHARS, MAX_RULE_CHARS, _comparable, _whole_line_test, default_rules

RULES = default_rules()

# Furniture pieces and characters that fold case in unusual ways (dotless i, long s, Kelvin sign,
# "İ"), other digits and spaces, so the edge and guard look-ups meet what they must not miss.
PIECES = [
    "Share", "this article", "ADVERTISEMENT", "(AP Photo/Jane Doe)", "(AP)", "(Reuters)", "- AP", ", AFP",
    "Getty Images", "/ Getty", "| Shutterstock", "©", "© 2024", "2024", "Reuters", "By", "By Jane Doe",
    "Jane Doe", "—", "-", "|", "»", ">", "Published", "Updated:", "March 3, 2024", "10:30 a.m. ET",
    "Mon", "cookies", "We use cookies", "Privacy Policy", "Terms of Use", "all rights reserved",
    "Comments", "12 comments", "Related:", "Read more", "Follow us on Twitter", "Sign up", "newsletter",
    "[VIDEO]", "@jdoe", "jane@example.com", "Photo:", "Image 1 of 5", "The leaders met in Paris.",
    "İ", "ı", "ſ", "\u212a", "ß", "٣", "\u00a0", "\u2003", "\t", "\n", "“", "”", "’", "…",
]  # fmt: skip
# letters another character matches case-insensitively: "ſhare" is "share" to the patterns
ODD_CASES = str.maketrans({"s": "ſ", "k": "\u212a", "i": "İ", "S": "ſ", "K": "\u212a", "I": "ı"})
piece = st.one_of(st.sampled_from(PIECES), st.sampled_from(PIECES).map(lambda p: p.translate(ODD_CASES)))
line = st.lists(st.one_of(piece, piece, st.text(max_size=12)), min_size=1, max_size=8).map(
    lambda parts: " ".join(parts).strip(" ")
)


def _reference(entries, names, text: str) -> str | None:
    """The first rule with a pattern that matches the whole line, trying every pattern in order."""
    if not text or len(text) > MAX_RULE_CHARS:
        return None
    for index, pattern in entries:
        if re.fullmatch(pattern, text, re.IGNORECASE):
            return names[index]
    return None


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(line)
def test_line_rules_name_the_first_matching_rule(text):
    assert RULES.match(text) == _reference(RULES._line._entries, RULES.names, text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(line)
def test_label_and_end_rules_name_the_first_matching_rule(text):
    label = None if len(text) > MAX_LABEL_CHARS else _reference(RULES._next._entries, RULES.next_names, text)
    assert RULES.match_label(text) == label
    assert RULES.match_end(text) == _reference(RULES._end._entries, RULES.end_names, text)


def test_every_pattern_of_furniture_lines_is_found():
    samples = [
        "Police said the man was detained. (AP Photo/Jane Doe)",
        "Protesters gather outside parliament, Reuters",
        "A boy waves a flag in Kyiv. - AFP/Getty",
        "Copyright © 2024 Example Media. All rights reserved.",
        "We use cookies to improve your experience.",
        "Published March 3, 2024 10:30 a.m. ET",
        "Jane Doe - March 3, 2024",
        "Home > World > Europe",
        "Share this article",
    ]
    for text in samples:
        assert RULES.match(text) == _reference(RULES._line._entries, RULES.names, text)
        assert RULES.match(text) is not None


LEADING_RUNS = [pattern for _, pattern in RULES._line._entries if pattern.startswith(".{")]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(LEADING_RUNS), line, st.sampled_from(["", "x", "\n", "a\nb "]))
def test_a_leading_run_is_matched_from_the_end(pattern, text, prefix):
    """``.{lo,hi}REST`` is tested by searching REST at the line's end: the same verdict as fullmatch."""
    text = prefix + text
    assert bool(_whole_line_test(pattern)(text)) == bool(re.fullmatch(pattern, text, re.IGNORECASE))


def test_comparable_characters_match_case_insensitively_only_their_lower_case_forms():
    """The edge look-ups compare lower-cased characters: for every comparable pattern character, each
    comparable character that re pairs with it ignoring case has the same lower-case form, and the
    comparable characters \\d matches are the ASCII digits, and \\s only " "."""
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    for ch in [chr(c) for c in range(32, 127)] + ["©", "|", "»", "“", "”", "’", "—", "–", "•", "·"]:
        assert _comparable(ch)
        for other in set(re.findall(re.escape(ch), every, re.IGNORECASE)):
            assert not _comparable(other) or other.lower() == ch.lower(), (ch, other)
    assert {d for d in re.findall(r"\d", every) if _comparable(d)} == set("0123456789")
    assert {s for s in re.findall(r"\s", every) if _comparable(s)} == {" "}
