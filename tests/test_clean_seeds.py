"""The demo corpus against its hand annotation: every gold boilerplate line goes, every other line
stays; title, byline and headings are recognised; the audit table names the rule of each removal."""

from __future__ import annotations

import html
import json
import re
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from toolkit.clean import clean, clean_text, cleaning_audit

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
GOLD = json.loads((ROOT / "tests" / "data" / "seeds_gold.json").read_text(encoding="utf-8"))


def fold(text: str) -> str:
    """Compare as the seed scorer does: entities decoded, NFKC, whitespace folded."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", html.unescape(text))).strip()


@pytest.mark.parametrize("name", sorted(GOLD))
def test_seed_boilerplate_goes_and_content_stays(name):
    raw = (SEEDS / name).read_text(encoding="utf-8")
    kept = {fold(line) for line in clean_text(raw).split("\n")}
    boilerplate = {fold(line) for line in GOLD[name]["boilerplate_lines"]}
    for line in raw.split("\n"):
        folded = fold(line)
        if not folded:
            continue
        if folded in boilerplate:
            assert folded not in kept, f"boilerplate left: {folded[:60]}"
        else:
            assert folded in kept, f"content lost: {folded[:60]}"


@pytest.mark.parametrize("name", sorted(GOLD))
def test_seed_title_byline_headings(name):
    cleaned = clean((SEEDS / name).read_text(encoding="utf-8"))
    gold = GOLD[name]
    assert cleaned.title == gold["title"]
    assert cleaned.byline == gold["byline"]
    assert [fold(h) for h in cleaned.headings] == [fold(h) for h in gold["heading_lines"]]
    if cleaned.title:
        assert cleaned.text.split("\n")[0] == cleaned.title  # the title stays in the text


def test_seed_removals_name_their_rules():
    cleaned = clean((SEEDS / "001_bc9fb1cf91c94744.txt").read_text(encoding="utf-8"))
    rules = [(r.line_no, r.rule) for r in cleaned.removed]
    assert rules == [
        (0, "advertisement"),
        (6, "html_fragment"),
        (7, "caption"),
        (8, "ai_summary"),
        (9, "ai_summary"),
        (47, "related_link"),
        (48, "related_link"),
        (49, "newsletter"),
        (50, "terms"),
    ]


def test_seed_deck_that_repeats_a_body_sentence_stays():
    text = clean_text((SEEDS / "001_bc9fb1cf91c94744.txt").read_text(encoding="utf-8"))
    deck = "French President Emmanuel Macron said 26 countries are prepared to contribute to guarantees, including troops."
    assert text.split("\n")[2] == deck
    assert text.count(deck) == 2  # once as the deck, once opening the second body paragraph


def test_cleaned_text_keeps_curly_quotes_and_words():
    raw = (SEEDS / "000_fc8b324fe441b7d8.txt").read_text(encoding="utf-8")
    text = clean_text(raw)
    assert "‘We are ready for a robust peace" in text and "“coalition of the willing”" in text


def _corpus() -> pd.DataFrame:
    names = sorted(GOLD)
    rows = [
        {"doc_id": f"d{i}", "outlet": f"Outlet {i}", "status": "loaded", "raw": (SEEDS / n).read_text(encoding="utf-8")}
        for i, n in enumerate(names)
    ]
    rows.append({"doc_id": "bad", "outlet": "X", "status": "rejected", "raw": "ADVERTISEMENT\nBody text here."})
    return pd.DataFrame(rows).iloc[::-1].reset_index(drop=True)


def test_cleaning_audit_table():
    audit = cleaning_audit(_corpus())
    assert list(audit.columns) == ["doc_id", "outlet", "line_no", "rule", "text"]
    assert "bad" not in set(audit["doc_id"])  # rejected rows are skipped
    assert audit.equals(audit.sort_values(["doc_id", "line_no"]).reset_index(drop=True))
    one = audit[audit["doc_id"] == "d1"]
    assert list(one["rule"]) == [
        "advertisement", "html_fragment", "caption", "ai_summary", "ai_summary",
        "related_link", "related_link", "newsletter", "terms",
    ]
    assert set(one["outlet"]) == {"Outlet 1"}
    assert one.iloc[0]["text"] == "ADVERTISEMENT"
    two = audit[audit["doc_id"] == "d2"]
    assert list(zip(two["line_no"], two["rule"], strict=True)) == [(10, "byline")]


def test_cleaning_audit_of_an_empty_corpus():
    empty = cleaning_audit(pd.DataFrame(columns=["doc_id", "outlet", "status", "raw"]))
    assert list(empty.columns) == ["doc_id", "outlet", "line_no", "rule", "text"] and empty.empty


def test_cleaning_audit_on_the_loaded_demo_corpus(seed_corpus):
    audit = cleaning_audit(seed_corpus)
    assert not audit.empty
    assert set(audit["doc_id"]) <= set(seed_corpus["doc_id"])
    assert (audit["rule"] != "").all()


def test_audit_of_a_loaded_corpus_reuses_the_removals_and_equals_a_fresh_audit(tmp_path):
    import sys

    from toolkit.load import load_corpus

    for i, name in enumerate(sorted(GOLD)):
        (tmp_path / f"{i:03d}.txt").write_text((SEEDS / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "page.html").write_text(
        "<!doctype html><html><body><article><p>ADVERTISEMENT</p>"
        "<p>European leaders met in Paris on Thursday and pledged support for Ukraine, officials said.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    corpus = load_corpus(tmp_path)
    module = sys.modules["toolkit.clean"]
    assert len(module._REMOVALS) >= len(GOLD)  # the loader remembered each document's removals
    remembered = cleaning_audit(corpus)
    module._REMOVALS.clear()
    fresh = cleaning_audit(corpus)
    assert not fresh.empty and remembered.equals(fresh)


def test_remembered_removals_are_bounded(monkeypatch):
    import sys

    from toolkit.clean import clean_document

    module = sys.modules["toolkit.clean"]
    monkeypatch.setattr(module, "_MAX_REMEMBERED", 3)
    monkeypatch.setattr(module, "_REMOVALS", {})
    for n in range(10):
        clean_document(f"ADVERTISEMENT\nA sentence that is body text number {n}, as the reporter said.", html=False)
    assert len(module._REMOVALS) == 3
