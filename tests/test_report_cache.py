"""An unchanged corpus re-uses its saved analysis; a changed file is analysed again."""

from __future__ import annotations

import shutil
from pathlib import Path

from toolkit.report import analyse_corpus

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def test_saved_analysis_is_reused_until_an_input_changes(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    analysis_dir = tmp_path / "out" / "analysis"

    first: dict = {}
    before = analyse_corpus(corpus, analysis_dir, timings=first)
    assert "analyze" in first and "analysis_reused" not in first

    again: dict = {}
    reused = analyse_corpus(corpus, analysis_dir, timings=again)
    assert "analysis_reused" in again and "analyze" not in again
    assert reused.quotes["text"].tolist() == before.quotes["text"].tolist()
    assert reused.quotes["actor"].fillna("").tolist() == before.quotes["actor"].fillna("").tolist()

    article = corpus / "002_c014c445cac2ae77.txt"
    article.write_text(article.read_text(encoding="utf-8") + "\nThe talks ended on Friday.\n", encoding="utf-8")
    changed: dict = {}
    after = analyse_corpus(corpus, analysis_dir, timings=changed)
    assert "analyze" in changed
    assert after.articles.set_index("doc_id").loc["002_c014c445cac2ae77", "text"].endswith("ended on Friday.")
