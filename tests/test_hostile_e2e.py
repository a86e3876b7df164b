"""Reliability: `python -m toolkit report` on the hostile corpus (tests/hostile.py) end to end.

Every input is loaded or rejected with a reason, text in any encoding keeps its quotes without
mojibake, outlet names that try to be code, paths or markup stay data, nothing is written outside
``--out``, and a second run gives byte-identical tables.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from hostile import QUOTE, SCRIPT, hostile_expectations, write_hostile_corpus
from test_report_e2e import run_once

ROOT = Path(__file__).resolve().parents[1]
MOJIBAKE = ("â€", "Ã©", "Ã¼", "\ufffd")


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "CI": "true", "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "toolkit", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=900)


def snapshot(folder: Path, *, skip: Path | None = None) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and (skip is None or skip not in p.parents)}


def _hostile_report(base: Path) -> dict:
    corpus = base / "hostile"
    corpus.mkdir()
    write_hostile_corpus(corpus)
    before = snapshot(base)
    proc = run_cli("report", "hostile", "--out", "out", "--jobs", "2", cwd=base)
    return {"returncode": proc.returncode, "stderr": proc.stderr, "before": before}


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory, worker_id):
    """One report run on the hostile corpus, from the folder that holds it (so --out is relative)."""
    base, run = run_once(tmp_path_factory, worker_id, "hostile-report", _hostile_report)
    proc = SimpleNamespace(returncode=run["returncode"], stderr=run["stderr"])
    return proc, base, base / "out", run["before"]


def test_report_completes_and_lists_rejected_inputs(hostile_run):
    proc, _, out, _ = hostile_run
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert (out / "reports" / "index.html").is_file() and (out / "reports" / "comparison.html").is_file()
    assert "rejected empty.txt: empty file" in proc.stderr


def test_every_input_is_loaded_or_rejected_with_its_reason(hostile_run):
    _, _, out, _ = hostile_run
    articles = pd.read_csv(out / "analysis" / "articles.csv", keep_default_na=False).set_index("doc_id")
    expected = hostile_expectations()
    assert set(articles.index) == set(expected)
    for doc_id, want in expected.items():
        row = articles.loc[doc_id]
        assert row["status"] == want["status"], doc_id
        if want["reason"]:
            assert want["reason"] in row["reason"], (doc_id, row["reason"])
        if want["outlet"]:
            assert row["outlet"] == want["outlet"], doc_id
        for fragment in want["contains"]:
            assert fragment in row["text"], (doc_id, fragment)


def test_quotes_in_cp1252_and_utf16_files_are_found_without_mojibake(hostile_run):
    _, _, out, _ = hostile_run
    quotes = pd.read_csv(out / "analysis" / "quotes.csv", keep_default_na=False)
    spoken = QUOTE.split("“")[1].split(",")[0]  # We will not retreat
    for doc_id in ("cp1252", "utf16le_bom", "utf16be_bom", "utf8_bom"):
        texts = quotes.loc[quotes["doc_id"] == doc_id, "text"]
        assert texts.str.contains(spoken).any(), doc_id
    for name in ("quotes.csv", "articles.csv"):
        content = (out / "analysis" / name).read_text(encoding="utf-8")
        assert not any(bad in content for bad in MOJIBAKE), name


def test_nothing_is_written_outside_out_and_no_code_runs(hostile_run):
    _, base, out, before = hostile_run
    assert snapshot(base, skip=out) == before
    assert not list(base.rglob("PWNED")), "the injected outlet name never ran as code"
    assert not (ROOT / "PWNED").exists() and not (Path.cwd() / "PWNED").exists()


def test_outlet_names_are_slugs_on_disk_and_escaped_in_html(hostile_run):
    _, _, out, _ = hostile_run
    assert all(p.resolve().is_relative_to(out.resolve()) for p in out.rglob("*"))
    names = {p.name for p in (out / "reports").iterdir()}
    assert all(re.fullmatch(r"[a-z0-9-]+\.(html|ipynb)", name) for name in names), names
    for page in (out / "reports").glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert SCRIPT not in text and "alert(1)</script>" not in text, page.name
    index = (out / "reports" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in index
    assert "x&#x27;); import os; os.system(&#x27;touch PWNED&#x27;) #" in index


def test_second_run_gives_byte_identical_tables(hostile_run, tmp_path):
    _, base, out, _ = hostile_run
    again = run_cli("analyze", str(base / "hostile"), "--out", str(tmp_path / "again"), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    # the tables a researcher reads; the per-document cache is an implementation detail (how it
    # bundles documents depends on how many workers made them)
    first = snapshot(out / "analysis", skip=out / "analysis" / ".cache")
    second = snapshot(tmp_path / "again" / "analysis", skip=tmp_path / "again" / "analysis" / ".cache")
    assert first.keys() == second.keys() and any(name.endswith(".parquet") for name in first)
    assert first == second


def test_missing_corpus_is_one_line_and_nonzero(tmp_path):
    proc = run_cli("report", "nowhere", "--out", "out", cwd=tmp_path)
    assert proc.returncode != 0
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
    assert list(tmp_path.iterdir()) == []
