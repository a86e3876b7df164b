"""`python -m toolkit report seeds` end to end: every report written, no errors, no code in the HTML,
numbers in quotes.csv that can be checked by reading the articles, and a run.json that describes it."""

from __future__ import annotations

import ast
import fcntl
import hashlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pandas as pd
import pytest

from toolkit.report import (
    COMPARATIVE_NOTEBOOK,
    NOTEBOOK_DIR,
    OUTLET_NOTEBOOK,
    NotebookRun,
    ReportResult,
    run_report,
)

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SLUGS = ["caliber-az", "ndtv-profit", "outlet-a-unattributed", "outlet-d-unattributed", "outlet-e-unattributed-blog"]


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "CI": "true", "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "toolkit", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600)


def tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run_once(tmp_path_factory, worker_id: str, name: str, produce: Callable[[Path], dict]) -> tuple[Path, dict]:
    """``produce(folder)`` once per test session, even when pytest-xdist spreads a module's tests over workers.

    The first worker to get here runs it under a file lock in a folder all workers share; the others
    wait and reuse that folder and the JSON result, so a report is never built twice.
    """
    if worker_id == "master":
        folder = tmp_path_factory.mktemp(name)
        return folder, produce(folder)
    shared = tmp_path_factory.getbasetemp().parent
    folder, done = shared / name, shared / f"{name}.json"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            folder.mkdir()
            done.write_text(json.dumps(produce(folder)), encoding="utf-8")
    return folder, json.loads(done.read_text(encoding="utf-8"))


def _seeds_report(base: Path) -> dict:
    cwd = base / "cwd"
    cwd.mkdir()
    before = tree(SEEDS)
    proc = run_cli("report", str(SEEDS), "--out", str(base / "out"), "--jobs", "2", cwd=cwd)
    return {"returncode": proc.returncode, "stderr": proc.stderr, "before": before}


@pytest.fixture(scope="module")
def seeds_run(tmp_path_factory, worker_id):
    """One report run on the demo corpus, shared by this module's tests (run from an empty folder)."""
    base, run = run_once(tmp_path_factory, worker_id, "seeds-report", _seeds_report)
    proc = SimpleNamespace(returncode=run["returncode"], stderr=run["stderr"])
    return proc, base / "out", base / "cwd", run["before"]


def test_report_exits_zero_and_writes_every_report(seeds_run):
    proc, out, _, _ = seeds_run
    assert proc.returncode == 0, proc.stderr
    reports = out / "reports"
    for name in [*SLUGS, "comparison"]:
        assert (reports / f"{name}.ipynb").is_file() and (reports / f"{name}.html").is_file(), name
    index = (reports / "index.html").read_text(encoding="utf-8")
    for name in [*SLUGS, "comparison"]:
        assert f'href="{name}.html"' in index
    assert "Rejected inputs" in index
    # no kernel noise and no progress bar under CI: stderr holds only the list of rejected inputs
    assert all(line.startswith("rejected ") for line in proc.stderr.splitlines()), proc.stderr


def test_no_notebook_output_is_an_error(seeds_run):
    _, out, _, _ = seeds_run
    for path in sorted((out / "reports").glob("*.ipynb")):
        nb = nbformat.read(str(path), as_version=4)
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                assert output.output_type != "error", (path.name, output.get("ename"), output.get("evalue"))
                assert not (output.output_type == "stream" and output.name == "stderr"), (path.name, output.text)


def test_html_reports_show_no_code_and_no_parameters(seeds_run):
    _, out, _, _ = seeds_run
    template = nbformat.read(str(NOTEBOOK_DIR / OUTLET_NOTEBOOK), as_version=4)
    code_lines = [c.source.splitlines()[0] for c in template.cells if c.cell_type == "code"]
    for path in sorted((out / "reports").glob("*.html")):
        if path.name == "index.html":
            continue
        page = path.read_text(encoding="utf-8")
        code_cells = re.findall(r'class="jp-Cell jp-CodeCell[^"]*"', page)
        assert code_cells and all("jp-mod-noInput" in c for c in code_cells), path.name
        assert 'class="jp-InputPrompt' not in page and 'class="highlight' not in page
        assert "analysis_dir" not in page, "the injected-parameters cell is removed"
        for line in code_lines:
            assert line not in page, (path.name, line)
        assert "<img" in page, "figures are embedded"


def test_figures_are_saved_as_png_and_svg(seeds_run):
    _, out, _, _ = seeds_run
    for slug in [*SLUGS, "comparison"]:
        pngs = sorted(p.stem for p in (out / "figures" / slug).glob("*.png"))
        svgs = sorted(p.stem for p in (out / "figures" / slug).glob("*.svg"))
        assert pngs and pngs == svgs, slug
    assert {"quote_share_heatmap", "frame_profile", "similarity", "tone"} <= {
        p.stem for p in (out / "figures" / "comparison").glob("*.png")}


def test_quotes_csv_has_the_quotes_a_reader_finds_in_the_articles(seeds_run):
    _, out, _, _ = seeds_run
    quotes = pd.read_csv(out / "analysis" / "quotes.csv")
    assert {"doc_id", "outlet", "kind", "speaker", "actor", "cue", "text"} <= set(quotes.columns)
    ndtv_macron = quotes[(quotes["outlet"] == "NDTV Profit") & (quotes["actor"] == "Emmanuel Macron")]
    # NDTV Profit's article quotes Macron once in full and once in part ("on the ground, at sea, or in the air")
    direct = ndtv_macron[ndtv_macron["kind"] == "direct"]
    assert len(direct) == 1 and direct["text"].iloc[0].startswith("This force does not want to")
    partial = ndtv_macron[ndtv_macron["kind"] == "partial"]
    assert partial["text"].tolist() == ["on the ground, at sea, or in the air"]
    caliber = quotes[(quotes["outlet"] == "Caliber.Az") & (quotes["kind"] == "direct")]
    assert caliber["text"].str.contains("We need an alliance between Europe and the United States").any()


def test_articles_csv_has_one_row_per_input_without_raw_text(seeds_run):
    _, out, _, _ = seeds_run
    articles = pd.read_csv(out / "analysis" / "articles.csv")
    manifest = pd.read_csv(SEEDS / "manifest.csv")
    assert list(articles.columns[:2]) == ["doc_id", "outlet"]
    assert {"path", "status", "reason", "text"} <= set(articles.columns) and "raw" not in articles.columns
    assert articles["doc_id"].is_monotonic_increasing and articles["doc_id"].is_unique
    loaded = articles[articles["status"] == "loaded"]
    assert sorted(Path(p).name for p in loaded["path"]) == sorted(manifest["file"])
    assert sorted(loaded["outlet"]) == sorted(manifest["outlet"])
    assert articles.loc[articles["status"] != "loaded", "reason"].notna().all(), "every rejection has a reason"


def test_run_json_records_parameters_versions_hashes_and_timings(seeds_run):
    _, out, _, _ = seeds_run
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["parameters"]["jobs"] == 2 and run["parameters"]["engine"] == "local"
    assert run["versions"]["pandas"] == pd.__version__ and run["versions"]["papermill"]
    hashes = {Path(row["path"]).name: row["sha256"] for row in run["inputs"]}
    for path in SEEDS.glob("*.txt"):
        assert hashes[path.name] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert {"load", "analyze", "notebooks", "total"} <= set(run["timings"])
    assert len(run["notebooks"]) == 6 and all(nb["ok"] for nb in run["notebooks"])


def test_nothing_is_written_to_the_corpus_or_the_working_folder(seeds_run):
    _, _, cwd, before = seeds_run
    assert tree(SEEDS) == before
    assert list(cwd.iterdir()) == []


def test_missing_corpus_is_one_plain_sentence_and_exit_2(tmp_path):
    proc = run_cli("report", str(tmp_path / "no-such-corpus"), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "no-such-corpus" in lines[0] and "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()


EDGE_OUTLETS = ["Le Monde / Économie", "<b>\"Quoted\" & 'Co'</b>"]


def _edge_report(base: Path) -> dict:
    """Two seed articles under awkward outlet names, with an outlet notebook that fails in its last cell."""
    corpus = base / "corpus"
    corpus.mkdir()
    names = sorted(p.name for p in SEEDS.glob("*.txt"))[:2]
    for name in names:
        (corpus / name).write_bytes((SEEDS / name).read_bytes())
    pd.DataFrame({"file": names, "outlet": EDGE_OUTLETS}).to_csv(corpus / "manifest.csv", index=False)
    templates = base / "templates"
    templates.mkdir()
    (templates / COMPARATIVE_NOTEBOOK).write_bytes((NOTEBOOK_DIR / COMPARATIVE_NOTEBOOK).read_bytes())
    failing = nbformat.read(str(NOTEBOOK_DIR / OUTLET_NOTEBOOK), as_version=4)
    failing.cells.append(nbformat.v4.new_code_cell('raise RuntimeError("deliberate failure")'))
    nbformat.write(failing, str(templates / OUTLET_NOTEBOOK))
    run_report(corpus, base / "out", jobs=2, progress=False, notebook_dir=templates)
    return json.loads((base / "out" / "run.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def edge_run(tmp_path_factory, worker_id):
    base, run = run_once(tmp_path_factory, worker_id, "edge-report", _edge_report)
    result = ReportResult(out=str(base / "out"), notebooks=[NotebookRun(**nb) for nb in run["notebooks"]])
    return result, base / "out"


def test_outlet_names_become_safe_slugs_and_escaped_html(edge_run):
    result, out = edge_run
    files = sorted(p.name for p in (out / "reports").glob("*.ipynb"))
    assert files == ["b-quoted-co-b.ipynb", "comparison.ipynb", "le-monde-economie.ipynb"]
    assert sorted(p.name for p in (out / "figures").iterdir()) == ["b-quoted-co-b", "comparison", "le-monde-economie"]
    index = (out / "reports" / "index.html").read_text(encoding="utf-8")
    assert "<b>" not in index and "&lt;b&gt;&quot;Quoted&quot; &amp; &#x27;Co&#x27;&lt;/b&gt;" in index
    assert "Le Monde / Économie" in index
    for page in (out / "reports").glob("*.html"):
        assert "<b>\"Quoted\"" not in page.read_text(encoding="utf-8"), page.name
    nb = nbformat.read(str(out / "reports" / "b-quoted-co-b.ipynb"), as_version=4)
    injected = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
    values = {node.targets[0].id: ast.literal_eval(node.value) for node in ast.parse(injected.source).body}
    assert values["outlet"] == EDGE_OUTLETS[1], "the outlet name reaches the notebook as a value, unchanged"


def test_a_failing_notebook_keeps_its_partial_output_and_the_others_complete(edge_run):
    result, out = edge_run
    failed = {Path(run.notebook).name: run for run in result.failed}
    assert sorted(failed) == ["b-quoted-co-b.ipynb", "le-monde-economie.ipynb"]
    comparison = next(run for run in result.notebooks if run.label == "Comparison across outlets")
    assert comparison.ok and Path(comparison.html).is_file()
    for name, run in failed.items():
        assert "\n" not in run.error and "RuntimeError: deliberate failure" in run.error
        assert re.search(r"cell \d+", run.error) and str(out / "reports" / name) in run.error
        nb = nbformat.read(run.notebook, as_version=4)
        ran = [c for c in nb.cells if c.cell_type == "code" and c.outputs]
        assert len(ran) > 10, "the cells before the failure kept their output"
        assert Path(run.html).is_file(), "the partial report is still exported"
    index = (out / "reports" / "index.html").read_text(encoding="utf-8")
    assert index.count("failed</strong>") == 2


def test_cli_exit_code_is_1_when_a_notebook_failed(edge_run, monkeypatch, capsys):
    from toolkit import cli

    result, _ = edge_run
    monkeypatch.setattr("toolkit.report.run_report", lambda *a, **k: result)
    assert cli.main(["report", "anything", "--out", "x"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all("deliberate failure" in line for line in err)


def test_explore_notebook_runs_on_a_saved_analysis(seeds_run, tmp_path):
    import papermill

    from toolkit.kernels import kernel_manager
    from toolkit.report import KERNEL

    _, out, _, _ = seeds_run
    result = tmp_path / "explore.ipynb"
    papermill.execute_notebook(str(NOTEBOOK_DIR / "explore.ipynb"), str(result), kernel_name=KERNEL,
                               parameters={"analysis_dir": str(out / "analysis"), "pattern": "security guarantee*"},
                               progress_bar=False, kernel_manager_class=kernel_manager(str(tmp_path), True))
    nb = nbformat.read(str(result), as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    shown = " ".join(o.get("data", {}).get("text/plain", "") for o in outputs)
    assert "security guarantee" in shown.lower(), "the KWIC cell finds the pattern"
    assert "NDTV Profit" in shown and "Caliber.Az" in shown, "Macron's quotes are listed per outlet"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["explore.ipynb"]


def test_a_single_outlet_corpus_renders_with_empty_comparisons(tmp_path):
    """One outlet: no keyness, no similarity, nothing 'missing here'; the reports still render."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    name = sorted(p.name for p in SEEDS.glob("*.txt"))[1]
    (corpus / name).write_bytes((SEEDS / name).read_bytes())
    pd.DataFrame([{"file": name, "outlet": "NDTV Profit"}]).to_csv(corpus / "manifest.csv", index=False)
    result = run_report(corpus, tmp_path / "out", jobs=2, progress=False)
    assert [run.ok for run in result.notebooks] == [True, True], [run.error for run in result.failed]
    page = (tmp_path / "out" / "reports" / "comparison.html").read_text(encoding="utf-8")
    assert "Keyness needs at least two outlets." in page
