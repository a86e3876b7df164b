"""analyze → Analysis.save → load_analysis: every table, sorted, byte-reproducible, round-tripping."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from toolkit.analysis import TABLE_KEYS, Analysis, analyze, coverage_gaps, load_analysis, sort_table
from toolkit.load import load_corpus

ROOT = Path(__file__).resolve().parents[1]
BRIEF_TABLES = {
    "articles", "removed", "sentences", "quotes", "mentions", "sentiment", "sentiment_summary", "actor_sentiment",
    "actor_sentiment_evidence", "quote_share", "bloc_share", "anonymous_share", "first_quoted", "attribution_verbs",
    "naming_choices", "terms", "keyness", "tfidf", "collocations", "frames", "frame_evidence", "frame_profile",
    "coverage", "events", "similarity", "wire_copies",
}


@pytest.fixture(scope="module")
def seeds_analysis():
    return analyze(load_corpus(ROOT / "seeds"), actors=None)


def test_every_table_is_computed_with_outlet_carried_through(seeds_analysis):
    assert set(seeds_analysis.tables) == BRIEF_TABLES == set(TABLE_KEYS)
    for name, table in seeds_analysis.tables.items():
        if name not in ("similarity", "wire_copies"):
            assert "outlet" in table.columns, name
    assert seeds_analysis.outlets == sorted(pd.read_csv(ROOT / "seeds" / "manifest.csv")["outlet"])
    assert seeds_analysis.quotes is seeds_analysis["quotes"]
    with pytest.raises(AttributeError, match="no table 'nonsense'"):
        _ = seeds_analysis.nonsense


def test_tables_are_sorted_by_their_keys(seeds_analysis):
    for name, table in seeds_analysis.tables.items():
        assert table.equals(sort_table(name, table)), name
        assert list(table.index) == list(range(len(table))), name
    assert seeds_analysis.quotes[["doc_id", "start"]].apply(tuple, axis=1).is_monotonic_increasing


def test_offsets_index_the_cleaned_text(seeds_analysis):
    text = seeds_analysis.articles.set_index("doc_id")["text"]
    for row in seeds_analysis.quotes.itertuples():
        assert text[row.doc_id][row.start:row.end] == row.text
    for row in seeds_analysis.sentences.head(40).itertuples():
        assert text[row.doc_id][row.start:row.end] == row.text


def _plain(table: pd.DataFrame) -> pd.DataFrame:
    """Values only: every column as objects with None for missing."""
    return table.astype(object).where(table.notna(), None)


def test_save_and_load_round_trip(seeds_analysis, tmp_path):
    seeds_analysis.save(tmp_path / "analysis")
    loaded = load_analysis(tmp_path / "analysis")
    assert set(loaded.tables) == set(seeds_analysis.tables)
    for name, table in seeds_analysis.tables.items():
        # Parquet gives pandas' string dtype back where the stage made object columns; the values must match
        pd.testing.assert_frame_equal(_plain(loaded[name]), _plain(table), check_dtype=False, obj=name)
    index = json.loads((tmp_path / "analysis" / "tables.json").read_text())
    assert index["tables"]["quotes"]["rows"] == len(seeds_analysis.quotes)


def test_saving_twice_gives_identical_bytes_and_no_temporary_files(seeds_analysis, tmp_path):
    again = analyze(load_corpus(ROOT / "seeds"))
    seeds_analysis.save(tmp_path / "a")
    again.save(tmp_path / "b")
    files = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert files == sorted(p.name for p in (tmp_path / "b").iterdir())
    assert not [f for f in files if f.startswith(".") or f.endswith(".tmp")]
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    seeds_analysis.save(tmp_path / "a")  # overwriting in place keeps the same bytes
    assert all((tmp_path / "a" / n).read_bytes() == (tmp_path / "b" / n).read_bytes() for n in files)


def test_csv_copies_are_readable_and_leave_out_raw(seeds_analysis, tmp_path):
    seeds_analysis.save(tmp_path)
    articles = pd.read_csv(tmp_path / "articles.csv")
    assert "raw" not in articles.columns and "text" in articles.columns
    quotes = pd.read_csv(tmp_path / "quotes.csv")
    assert len(quotes) == len(seeds_analysis.quotes)
    means = pd.read_csv(tmp_path / "sentiment_summary.csv", dtype=str)["mean"].dropna()
    digits = means.str.replace(r"e[-+]\d+$", "", regex=True).str.replace(r"[-.]", "", regex=True).str.lstrip("0")
    assert (digits.str.len() <= 6).all(), "floats are written with 6 significant digits"


def test_load_analysis_of_a_folder_without_one_says_so(tmp_path):
    with pytest.raises(FileNotFoundError, match="no saved analysis"):
        load_analysis(tmp_path)


def test_rejected_inputs_stay_in_articles_and_are_not_analysed(seed_corpus):
    corpus = seed_corpus.copy()
    corpus.loc[corpus["outlet"] == "NDTV Profit", ["status", "reason"]] = ["rejected", "test"]
    result = analyze(corpus)
    assert result.articles["doc_id"].tolist() == sorted(seed_corpus["doc_id"])
    assert "NDTV Profit" not in result.outlets
    assert "NDTV Profit" not in set(result.quotes["outlet"]) | set(result.sentences["outlet"])


def test_a_single_outlet_or_nothing_loaded_still_gives_every_table(seed_corpus):
    single = analyze(seed_corpus[seed_corpus["outlet"] == "NDTV Profit"])
    assert single.keyness.empty and not single.quotes.empty
    nothing = analyze(seed_corpus.assign(status="rejected"))
    assert set(nothing.tables) == BRIEF_TABLES
    assert all(table.empty for name, table in nothing.tables.items() if name != "articles")


def test_for_outlet_keeps_only_that_outlets_rows(seeds_analysis):
    view = seeds_analysis.for_outlet("Caliber.Az")
    assert set(view.quotes["outlet"]) == {"Caliber.Az"}
    assert len(view.articles) == 1
    assert (view.similarity[["outlet_a", "outlet_b"]] == "Caliber.Az").any(axis=1).all()
    overview = seeds_analysis.overview()
    assert list(overview["outlet"]) == seeds_analysis.outlets
    assert overview.set_index("outlet").loc["NDTV Profit", "quotes"] == (seeds_analysis.quotes["outlet"] == "NDTV Profit").sum()


def test_coverage_gaps_finds_what_only_one_outlet_reports_and_what_it_leaves_out():
    coverage = pd.DataFrame(
        [(o, "actor", item, 1, present) for o, item, present in [
            ("A", "Macron", True), ("B", "Macron", True), ("C", "Macron", True),
            ("A", "Lavrov", True), ("B", "Lavrov", False), ("C", "Lavrov", False),
            ("A", "Rutte", False), ("B", "Rutte", True), ("C", "Rutte", True),
        ]],
        columns=["outlet", "item_type", "item", "count", "present"],
    )
    gaps = coverage_gaps(coverage, "A")
    assert gaps[["side", "item"]].values.tolist() == [["only here", "Lavrov"], ["missing here", "Rutte"]]
    assert gaps.set_index("item").loc["Rutte", "n_others"] == 2
    assert coverage_gaps(coverage.iloc[:0], "A").empty
    alone = coverage_gaps(coverage[coverage["outlet"] == "A"], "A")
    assert alone["item"].tolist() == ["Lavrov", "Macron"] and set(alone["side"]) == {"only here"}


def test_analysis_from_a_mapping_of_tables():
    table = pd.DataFrame({"outlet": ["b", "a"], "term": ["x", "y"], "count": [1, 2]})
    analysis = Analysis({"terms": sort_table("terms", table)})
    assert analysis.terms["outlet"].tolist() == ["a", "b"]
    assert "terms" in analysis and "quotes" not in analysis
