"""The actor registry: loading, mentions by name/alias/surname/role, dated roles, linear matching."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.actors import (
    Actor,
    ActorRegistry,
    Role,
    default_actors,
    find_mentions,
    load_actors,
    mention_table,
    trie_pattern,
)

ROOT = Path(__file__).resolve().parents[1]
SEEDS_REGISTRY = ROOT / "seeds" / "actors.yml"


def test_default_registry_has_blocs_and_kinds():
    reg = default_actors()
    assert len(reg) > 40
    zelensky = reg.get("Volodymyr Zelensky")
    assert zelensky.kind == "person" and zelensky.gender == "male" and zelensky.bloc == "Ukraine"
    assert {"Zelenskyy", "Zelenskiy"} <= set(zelensky.aliases)
    assert reg.get("Kremlin").kind == "institution"
    assert {a.bloc for a in reg} >= {"Ukraine", "Europe", "Russia", "United States"}


def test_seed_registry_loads_with_gold_names():
    reg = load_actors(SEEDS_REGISTRY)
    for name in ["Volodymyr Zelensky", "Emmanuel Macron", "French presidency", "South Korean military",
                 "Sebastien Lecornu", "Maria Zakharova", "Marco Rubio", "Mark Rutte", "Sergei Lavrov"]:
        assert name in reg


def test_mentions_by_name_alias_surname_and_role():
    text = ("Ukrainian President Volodymyr Zelenskiy met Emmanuel Macron. Zelensky said the French leader "
            "was ready; Macron’s aides agreed, and the Kremlin's spokesman dismissed it.")
    table = find_mentions(text)
    assert list(table.columns) == ["start", "end", "surface", "actor", "form"]
    assert table["start"].is_monotonic_increasing
    got = list(zip(table["surface"], table["actor"], table["form"], strict=True))
    assert ("Volodymyr Zelenskiy", "Volodymyr Zelensky", "alias") in got
    assert ("Zelensky", "Volodymyr Zelensky", "alias") in got
    assert ("the French leader", "Emmanuel Macron", "role") in got
    assert ("Macron", "Emmanuel Macron", "alias") in got  # possessive ’s does not hide the name
    assert ("the Kremlin's spokesman", "Dmitry Peskov", "role") in got
    # "Ukrainian President" is the title of the name that follows, not a second mention
    assert not any(s.startswith("Ukrainian President") for s in table["surface"])
    for start, end, surface in zip(table["start"], table["end"], table["surface"], strict=True):
        assert text[start:end] == surface


def test_roles_follow_the_date():
    text = "The German chancellor spoke first."
    assert find_mentions(text, date="2025-03-27")["actor"].tolist() == ["Olaf Scholz"]
    assert find_mentions(text, date="2025-09-04")["actor"].tolist() == ["Friedrich Merz"]
    assert find_mentions(text)["actor"].tolist() == ["Friedrich Merz"]  # undated: current holder


def test_surname_of_a_person_is_a_mention_but_not_a_shared_one(tmp_path):
    path = tmp_path / "reg.yml"
    path.write_text(
        "actors:\n"
        "- {name: Anna Smith, kind: person}\n"
        "- {name: Bob Smith, kind: person}\n"
        "- {name: Carla Jones, kind: person}\n",
        encoding="utf-8",
    )
    reg = load_actors(path)
    table = find_mentions("Smith and Jones spoke.", reg)
    assert table["actor"].tolist() == ["Carla Jones"]
    assert table["form"].tolist() == ["surname"]


def test_empty_registry_finds_nothing():
    assert find_mentions("Emmanuel Macron said so.", ActorRegistry.empty()).empty


def test_mention_table_over_a_corpus():
    corpus = pd.DataFrame({
        "doc_id": ["b", "a", "c"],
        "outlet": ["Y", "X", "Z"],
        "status": ["loaded", "loaded", "rejected"],
        "text": ["Putin and Lavrov.", "Macron spoke.", "Macron again."],
    })
    table = mention_table(corpus)
    assert list(table.columns) == ["doc_id", "outlet", "start", "end", "surface", "actor", "form"]
    assert table["doc_id"].tolist() == ["a", "b", "b"]
    assert table["actor"].tolist() == ["Emmanuel Macron", "Vladimir Putin", "Sergei Lavrov"]


def test_matching_a_big_text_with_many_aliases():
    names = [f"Person{i:05d} Name{i:05d}" for i in range(3000)]
    registry = ActorRegistry([Actor(n) for n in names])
    text = " ".join(f"{names[i % 3000]} said." for i in range(20_000))
    table = find_mentions(text, registry)
    assert len(table) == 20_000


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="abcz’. -", min_size=1, max_size=6), min_size=1, max_size=12, unique=True))
def test_trie_pattern_matches_exactly_its_words(words):
    pattern = re.compile(f"(?:{trie_pattern(words)})")
    for word in words:
        assert pattern.fullmatch(word)
    assert not pattern.fullmatch("".join(words) + "q")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="abAz- ", min_size=1, max_size=4), min_size=1, max_size=8, unique=True),
       st.text(alphabet="abAz-_ é\n", max_size=30))
def test_a_lookbehind_after_the_first_character_matches_as_one_before_the_word(words, text):
    before = re.compile(rf"(?<![\w-])(?:{trie_pattern(words)})")
    after = re.compile(trie_pattern(words, after_first=r"(?<![\w-].)"))
    assert [m.span() for m in after.finditer(text)] == [m.span() for m in before.finditer(text)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["the", "a", "an", "x", "The", "y-z", "an-x"]), min_size=1, max_size=3)
                .map(" ".join), min_size=1, max_size=4, unique=True),
       st.lists(st.sampled_from(["the", "The", "a", "AN", "an", "x", "y-z", "y", "z", " ", " ", "\t", "-", "_", "é"]),
                max_size=16).map("".join))
def test_role_mentions_take_in_the_article_before_them_as_one_pattern_would(roles, text):
    registry = ActorRegistry([Actor(f"Actor {i}", roles=(Role(role),)) for i, role in enumerate(roles)])
    pattern = re.compile(rf"(?<![\w-])(?:(?:the|a|an)\s+)?(?:{trie_pattern(registry._roles)})(?![\w-])", re.I)
    assert list(registry._role_spans(text)) == [m.span() for m in pattern.finditer(text)]


def test_a_capital_speaks_for_its_government_but_is_not_mentioned_as_one():
    from toolkit import extract_quotes, find_mentions

    text = ("Leaders met in Moscow on Friday. Moscow says the draft should serve as the basis for talks. "
            "Washington insists that sanctions must stay in place.")
    quotes = extract_quotes(text)
    assert list(quotes["actor"]) == ["Russian government", "US government"]
    assert "Russian government" not in set(find_mentions(text)["actor"])


def test_iso_dates_read_as_pandas_reads_them():
    from toolkit.actors import as_date

    for text in ("2024-02-29", "1500-01-01", "2024-03-01T10:00:00Z", "March 3, 2024", "2023-02-29", "2024-13-01"):
        try:
            expected = pd.Timestamp(text).date()
        except ValueError:
            expected = None
        assert as_date(text) == expected


def test_mention_table_with_mentions_found_already_is_the_same():
    registry = load_actors(SEEDS_REGISTRY)
    corpus = pd.DataFrame({
        "doc_id": ["a", "b", "c"], "outlet": ["X", "Y", "X"], "status": ["loaded"] * 3, "date": [None, "2014-06-01", None],
        "text": ["Putin met Zelensky.", "No one here.", "The Ukrainian president spoke to Macron."],
    })
    found = [registry.find(text, date=date) for text, date in
             zip(corpus["text"], [None, pd.Timestamp("2014-06-01").date(), None], strict=True)]
    expected = mention_table(corpus, registry)
    pd.testing.assert_frame_equal(mention_table(corpus, registry, found=found), expected)
    assert set(expected["doc_id"]) == {"a", "c"}


def test_a_role_matched_only_ignoring_case_resolves_instead_of_raising():
    # "ſ" (long s) matches "s" ignoring case; the role is looked up casefolded, as it was matched
    registry = default_actors()
    assert [m[2] for m in registry.find("The Ukrainian preſident said so.")] == ["Volodymyr Zelensky"]
