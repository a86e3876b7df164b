"""Voice metrics on a small hand-built quotes table with hand-computed answers."""

from __future__ import annotations

import pandas as pd
import pytest

from toolkit.voice import anonymous_share, attribution_verbs, first_quoted, naming_choices, quote_share

COLUMNS = [
    "doc_id",
    "outlet",
    "quote_id",
    "start",
    "end",
    "text",
    "kind",
    "speaker",
    "actor",
    "actor_kind",
    "bloc",
    "cue",
    "n_words",
]
# outlet A: Macron 2 direct (10 + 6 words), Zakharova 1 partial (2 words), one unattributed (4 words),
# one scare quote;
# outlet B: anonymous official (indirect, 8 words), Zelensky (direct, 12 words)
QUOTES = pd.DataFrame(
    [
        (
            "a1",
            "A",
            0,
            120,
            180,
            "We are ready ...",
            "direct",
            "Macron",
            "Emmanuel Macron",
            "person",
            "Europe",
            "said",
            10,
        ),
        (
            "a1",
            "A",
            1,
            40,
            60,
            "absolutely unacceptable",
            "partial",
            "Zakharova",
            "Maria Zakharova",
            "person",
            "Russia",
            "called",
            2,
        ),
        ("a1", "A", 2, 5, 12, "coalition of the willing", "scare", None, None, None, None, None, 4),
        ("a2", "A", 0, 300, 340, "This will not work", "direct", None, None, None, None, None, 4),
        (
            "a2",
            "A",
            1,
            30,
            70,
            "It enables us to say",
            "direct",
            "he",
            "Emmanuel Macron",
            "person",
            "Europe",
            "claimed",
            6,
        ),
        (
            "b1",
            "B",
            0,
            10,
            80,
            "tougher sanctions are key",
            "indirect",
            "the official",
            "Anonymous official",
            "anonymous",
            None,
            "according to",
            8,
        ),
        (
            "b1",
            "B",
            1,
            200,
            260,
            "We need an alliance",
            "direct",
            "Zelensky",
            "Volodymyr Zelensky",
            "person",
            "Ukraine",
            "told reporters",
            12,
        ),
    ],
    columns=COLUMNS,
)


def test_quote_share_by_count_hand_computed():
    table = quote_share(QUOTES)
    assert list(table.columns) == ["outlet", "actor", "n_quotes", "words", "share"]
    a = table[table["outlet"] == "A"].set_index("actor")
    assert a.loc["Emmanuel Macron", "n_quotes"] == 2 and a.loc["Emmanuel Macron", "share"] == pytest.approx(
        2 / 4
    )
    assert a.loc["(unattributed)", "share"] == pytest.approx(1 / 4)
    assert a.loc["Maria Zakharova", "words"] == 2
    assert table.groupby("outlet")["share"].sum().tolist() == pytest.approx([1, 1])


def test_quote_share_by_words_and_bloc():
    words = quote_share(QUOTES, weight="words").set_index(["outlet", "actor"])["share"]
    assert words["A", "Emmanuel Macron"] == pytest.approx(16 / 22)
    assert words["B", "Volodymyr Zelensky"] == pytest.approx(12 / 20)
    bloc = quote_share(QUOTES, by="bloc")
    assert list(bloc.columns) == ["outlet", "bloc", "n_quotes", "words", "share"]
    shares = bloc.set_index(["outlet", "bloc"])["share"]
    assert shares["A", "(unattributed)"] == pytest.approx(0.25)  # no speaker found
    assert shares["B", "(no bloc)"] == pytest.approx(0.5)  # an anonymous official: attributed, but no camp
    only_direct = quote_share(QUOTES, kinds=("direct",))
    assert only_direct["n_quotes"].sum() == 4
    with pytest.raises(ValueError):
        quote_share(QUOTES, weight="chars")


def test_anonymous_share():
    table = anonymous_share(QUOTES)
    assert table.to_dict("records") == [
        {"outlet": "A", "n_quotes": 4, "n_anonymous": 0, "share": 0.0},
        {"outlet": "B", "n_quotes": 2, "n_anonymous": 1, "share": 0.5},
    ]


def test_first_quoted_skips_scare_quotes():
    table = first_quoted(QUOTES)
    assert table.to_dict("records") == [
        {"doc_id": "a1", "outlet": "A", "actor": "Maria Zakharova", "kind": "partial", "start": 40},
        {"doc_id": "a2", "outlet": "A", "actor": "Emmanuel Macron", "kind": "direct", "start": 30},
        {"doc_id": "b1", "outlet": "B", "actor": "Anonymous official", "kind": "indirect", "start": 10},
    ]


def test_attribution_verbs_lemmas_and_stance(tmp_path):
    table = attribution_verbs(QUOTES)
    assert list(table.columns) == ["outlet", "cue_lemma", "stance", "count", "share"]
    b = table[table["outlet"] == "B"].set_index("cue_lemma")
    assert b.loc["tell", "stance"] == "neutral"  # "told reporters" -> longest known leading phrase "told"
    assert "according to" in b.index
    assert table.set_index(["outlet", "cue_lemma"]).loc[("A", "say"), "share"] == pytest.approx(1 / 3)
    verbs = tmp_path / "verbs.csv"
    verbs.write_text("form,lemma,stance\nclaimed,claim,loaded\nsaid,say,neutral\n", encoding="utf-8")
    a = attribution_verbs(QUOTES, verbs_file=verbs).query("outlet == 'A'").set_index("cue_lemma")
    assert a.loc["claim", "stance"] == "loaded" and a.loc["called", "stance"] == "unknown"
    per_actor = attribution_verbs(QUOTES, by=("outlet", "actor"))
    assert per_actor.groupby(["outlet", "actor"])["share"].sum().tolist() == pytest.approx([1] * 4)
    missing = attribution_verbs(QUOTES, verbs_file=tmp_path / "absent.csv")
    assert set(missing["stance"]) == {"unknown"} and "told reporters" in set(missing["cue_lemma"])


def test_naming_choices():
    mentions = pd.DataFrame(
        [
            ("a1", "A", 0, 8, "Zelensky", "Volodymyr Zelensky", "alias"),
            ("a1", "A", 20, 29, "Zelenskyy", "Volodymyr Zelensky", "alias"),
            ("a2", "A", 5, 14, "Zelenskyy", "Volodymyr Zelensky", "alias"),
            ("a2", "A", 30, 32, "he", "Volodymyr Zelensky", "pronoun"),
            ("b1", "B", 0, 26, "the Ukrainian president", "Volodymyr Zelensky", "role"),
            ("b1", "B", 40, 46, "Kyiv", None, "name"),
        ],
        columns=["doc_id", "outlet", "start", "end", "surface", "actor", "form"],
    )
    table = naming_choices(mentions)
    assert table.to_dict("records") == [
        {
            "outlet": "A",
            "actor": "Volodymyr Zelensky",
            "surface": "Zelenskyy",
            "form": "alias",
            "count": 2,
            "share": pytest.approx(2 / 3),
        },
        {
            "outlet": "A",
            "actor": "Volodymyr Zelensky",
            "surface": "Zelensky",
            "form": "alias",
            "count": 1,
            "share": pytest.approx(1 / 3),
        },
        {
            "outlet": "B",
            "actor": "Volodymyr Zelensky",
            "surface": "the Ukrainian president",
            "form": "role",
            "count": 1,
            "share": 1.0,
        },
    ]


def test_deterministic_under_row_order():
    shuffled = QUOTES.sample(frac=1, random_state=3)
    for func in (quote_share, anonymous_share, first_quoted, attribution_verbs):
        pd.testing.assert_frame_equal(func(QUOTES), func(shuffled))


def test_empty_tables_keep_their_columns():
    empty = QUOTES.iloc[0:0]
    assert list(quote_share(empty).columns) == ["outlet", "actor", "n_quotes", "words", "share"]
    assert list(anonymous_share(empty).columns) == ["outlet", "n_quotes", "n_anonymous", "share"]
    assert list(first_quoted(empty).columns) == ["doc_id", "outlet", "actor", "kind", "start"]
    assert list(attribution_verbs(empty).columns) == ["outlet", "cue_lemma", "stance", "count", "share"]
    mentions = pd.DataFrame(columns=["doc_id", "outlet", "start", "end", "surface", "actor", "form"])
    assert list(naming_choices(mentions).columns) == ["outlet", "actor", "surface", "form", "count", "share"]
