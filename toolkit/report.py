"""The report run: analyse a corpus once, then execute the report notebooks with papermill.

``run_report`` loads and analyses the corpus into ``OUT/analysis/``, runs
``notebooks/outlet_report.ipynb`` once per outlet and ``notebooks/comparative_report.ipynb`` once
(in parallel with ``jobs``; a fresh kernel per notebook, started ahead by ``toolkit.kernels``),
exports each to HTML without code, writes an index page and ``OUT/run.json`` (parameters, versions,
input hashes, timings). Everything goes under ``OUT``; outlet names reach file names only as slugs
and reach notebooks only as parameter values.
"""

from __future__ import annotations

import gc
import hashlib
import html
import json
import os
import platform
import sys
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from functools import cache, partial
from importlib import metadata
from pathlib import Path

from toolkit.kernels import KernelPool, kernel_manager
from toolkit.slug import atomic_write, safe_child, unique_slugs

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
OUTLET_NOTEBOOK = "outlet_report.ipynb"
COMPARATIVE_NOTEBOOK = "comparative_report.ipynb"
COMPARISON = "comparison"
KERNEL = "python3"
TOP_N = 15
VERSIONED = ("framing-toolkit", "pandas", "numpy", "pyarrow", "scikit-learn", "nltk", "vaderSentiment",
             "trafilatura", "matplotlib", "papermill", "nbconvert", "nbformat", "ipykernel")
HIDDEN_TAGS = {"injected-parameters", "parameters"}
# What the report notebooks import: loaded before a notebook arrives (see toolkit.kernels), so its own
# imports find them loaded.
WARM_MODULES = ("toolkit.analysis", "toolkit.figures", "toolkit.keyness")


class ReportError(Exception):
    """A fatal problem with the run, stated in one plain sentence."""


@dataclass
class NotebookRun:
    """One executed report notebook: where it went and whether it worked."""

    name: str
    label: str
    notebook: str
    html: str
    parameters: dict
    ok: bool = False
    error: str = ""
    seconds: float = 0.0


@dataclass
class ReportResult:
    """What a report run produced (also written to ``run.json``)."""

    out: str
    notebooks: list[NotebookRun] = field(default_factory=list)
    rejected: list[dict] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def failed(self) -> list[NotebookRun]:
        return [nb for nb in self.notebooks if not nb.ok]


def run_report(
    corpus: Path | str = "seeds",
    out: Path | str = "outputs",
    *,
    manifest: Path | str | None = None,
    actors: Path | str | None = None,
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    top_n: int = TOP_N,
    progress: bool | None = None,
    debug: bool = False,
    notebook_dir: Path | str = NOTEBOOK_DIR,
) -> ReportResult:
    """Analyse ``corpus`` once and write every report under ``out`` (see the module docstring).

    ``actors`` defaults to an ``actors.yml`` beside the corpus, if there is one. ``jobs`` is both the
    number of notebooks run at once and of analysis processes; ``engine`` is the analysis engine
    (``local`` or ``dask``, see ``toolkit.engine``; ``scheduler`` a Dask cluster's address).
    An unchanged corpus re-uses the analysis saved in ``out``. ``progress`` shows a
    progress bar (default: only on a terminal and not under ``CI=true``); ``debug`` lets the kernels'
    own messages through to the terminal. Raises ``ReportError`` or
    ``toolkit.load.CorpusError`` for fatal problems; a failing notebook is recorded in the result
    (``result.failed``) while the other reports still complete.
    """
    started = time.perf_counter()
    corpus, out = Path(corpus).resolve(), Path(out).resolve()
    actors = default_actors_path(corpus) if actors is None else Path(actors)
    timings: dict[str, float] = {}

    # The kernels' fork server imports pandas, matplotlib and toolkit, and the first kernels start,
    # while the corpus is analysed: there are at least two notebooks (the comparison and an outlet's).
    with KernelPool(out / "reports", KERNEL, quiet=not debug, ahead=jobs, warm=WARM_MODULES) as kernels:
        kernels.start(2)
        analysis = analyse_corpus(corpus, out / "analysis", manifest=manifest, actors=actors, jobs=jobs,
                                  engine=engine, scheduler=scheduler, timings=timings)
        analysis_dir = out / "analysis"
        inputs = file_hashes([*_corpus_files(corpus), *(Path(p) for p in (manifest, actors) if p is not None)])
        result = ReportResult(out=str(out), timings=timings)
        result.rejected = _rejected(analysis.articles)
        result.notebooks = _plan(analysis.outlets, out, analysis_dir, top_n=top_n)

        t0 = time.perf_counter()
        kernels.start(len(result.notebooks))
        with _frozen():  # the modules and the analysis stay to the end of the run
            run_notebooks(result.notebooks, Path(notebook_dir), cwd=out / "reports", jobs=jobs, progress=progress,
                          execute=partial(_execute, quiet=not debug, kernels=kernels))
        timings["notebooks"] = round(time.perf_counter() - t0, 3)
    write_index(result, analysis.articles)
    timings["total"] = round(time.perf_counter() - started, 3)
    _write_run_json(result, inputs, corpus=corpus, manifest=manifest, actors=actors, jobs=jobs, engine=engine,
                    scheduler=scheduler, top_n=top_n)
    return result


def analyse_corpus(corpus: Path | str, analysis_dir: Path | str, *, manifest=None, actors=None, jobs: int = 1,
                   engine: str = "local", scheduler: str | None = None, timings: dict | None = None):
    """Load ``corpus``, analyse it and save the tables to ``analysis_dir``; returns the Analysis.

    When ``analysis_dir`` already holds an analysis of the same inputs (file bytes, manifest, actor
    registry, toolkit code and data), it is read back instead; otherwise only new or changed
    documents are analysed (per-document cache under ``analysis_dir/.cache``).
    Raises ``ReportError`` when there is no corpus or nothing in it could be loaded.
    """
    from toolkit import cache
    from toolkit.analysis import analyze, load_analysis
    from toolkit.load import load_corpus

    corpus, analysis_dir = Path(corpus), Path(analysis_dir)
    timings = {} if timings is None else timings
    if not corpus.exists():
        raise ReportError(f"There is no corpus at {corpus}.")
    out = analysis_dir.parent
    key = cache.corpus_fingerprint([corpus, *([manifest] if manifest else [])],
                                   settings=[cache.setting("actors", actors)])
    if cache.is_fresh(out, key) and (analysis_dir / "tables.json").is_file():
        t0 = time.perf_counter()
        analysis = load_analysis(analysis_dir)
        timings["analysis_reused"] = round(time.perf_counter() - t0, 3)
        return analysis
    t0 = time.perf_counter()
    docs = load_corpus(corpus, manifest=manifest)
    timings["load"] = round(time.perf_counter() - t0, 3)
    if docs.empty:
        raise ReportError(f"There is nothing to load in {corpus} (no .txt or .html files, no rows).")
    if not (docs["status"] == "loaded").any():
        reasons = "; ".join(f"{Path(str(r.path)).name}: {r.reason}" for r in docs.head(3).itertuples())
        more = f"; and {len(docs) - 3} more" if len(docs) > 3 else ""
        raise ReportError(f"None of the {len(docs)} inputs in {corpus} could be loaded ({reasons}{more}).")
    t0 = time.perf_counter()
    with _frozen():  # the loaded corpus and modules are not garbage; collections during the analysis skip them
        analysis = analyze(docs, actors=actors, jobs=jobs, engine=engine, scheduler=scheduler, cache_dir=out)
    timings["analyze"] = round(time.perf_counter() - t0, 3)
    t0 = time.perf_counter()
    analysis.save(analysis_dir)
    cache.mark_fresh(out, key)
    timings["save"] = round(time.perf_counter() - t0, 3)
    return analysis


@contextmanager
def _frozen():
    """Leave every object that exists now out of garbage collection until the block ends (``gc.freeze``).

    For objects known to outlive the block (imported modules, the corpus, the analysis): the
    collections that the block's imports and allocations set off would otherwise walk all of them
    again each time (~0.2 s CPU per phase of a report run). They are collected as usual afterwards.
    Where objects are frozen already (a kernel forked from ``toolkit.kernels``' server), nothing
    changes: unfreezing at the end would undo that freeze too.
    """
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def default_actors_path(corpus: Path) -> Path | None:
    """The ``actors.yml`` beside the corpus (in its folder), if there is one."""
    folder = corpus if corpus.is_dir() else corpus.parent
    candidate = folder / "actors.yml"
    return candidate if candidate.is_file() else None


def _rejected(articles) -> list[dict]:
    rows = articles[articles["status"] != "loaded"]
    return [{"doc_id": str(r.doc_id), "path": str(r.path), "reason": str(r.reason)} for r in rows.itertuples()]


def _plan(outlets: list[str], out: Path, analysis_dir: Path, *, top_n: int) -> list[NotebookRun]:
    """The comparison, then one report per outlet, each with its slug-named paths.

    The comparison comes first in the index and in the queue: it is the longest notebook, so
    starting it first keeps it from being the one the whole run waits for at the end.
    """
    reports = out / "reports"
    params = {"analysis_dir": str(analysis_dir), "top_n": top_n,
              "figures_dir": str(safe_child(out / "figures", COMPARISON))}
    runs = [_run(COMPARATIVE_NOTEBOOK, "Comparison across outlets", reports, COMPARISON, params)]
    for outlet, slug in sorted(unique_slugs(outlets).items(), key=lambda kv: kv[1]):
        params = {"analysis_dir": str(analysis_dir), "outlet": outlet, "top_n": top_n,
                  "figures_dir": str(safe_child(out / "figures", slug))}
        runs.append(_run(OUTLET_NOTEBOOK, outlet, reports, slug, params))
    return runs


def _run(template: str, label: str, reports: Path, slug: str, params: dict) -> NotebookRun:
    return NotebookRun(name=template, label=label, parameters=params,
                       notebook=str(safe_child(reports, f"{slug}.ipynb")),
                       html=str(safe_child(reports, f"{slug}.html")))


def run_notebooks(
    runs: list[NotebookRun], notebook_dir: Path, *, cwd: Path, jobs: int = 1, progress: bool | None = None,
    execute: Callable[[NotebookRun, Path, Path], None] | None = None,
) -> None:
    """Execute and export ``runs`` with up to ``jobs`` at a time; failures are recorded, not raised.

    Kernels are separate processes, so threads are enough to run them side by side. ``execute``
    runs one notebook (default: papermill with quiet kernels). Exports to HTML go to a thread of
    their own, so a notebook's thread starts the next notebook at once; that thread loads nbconvert
    at the first export, not while the first notebooks start (the threads share one interpreter lock).
    """
    from tqdm.auto import tqdm

    cwd.mkdir(parents=True, exist_ok=True)
    execute = execute or _execute
    show = _show_progress() if progress is None else progress
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool, \
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="export") as exports, \
            tqdm(total=len(runs), desc="reports", unit="notebook", disable=not show, file=sys.stderr) as bar:
        def execute_then_export(run: NotebookRun):
            t0 = time.perf_counter()
            _execute_one(run, notebook_dir, cwd, execute)
            exported = exports.submit(_export_one, run, t0)
            exported.add_done_callback(lambda _: bar.update(1))
            return exported

        executed = [pool.submit(execute_then_export, run) for run in runs]
        for exported in [future.result() for future in as_completed(executed)]:
            exported.result()


def _show_progress() -> bool:
    return sys.stderr.isatty() and os.environ.get("CI", "").lower() != "true"


def _execute_one(run: NotebookRun, notebook_dir: Path, cwd: Path, execute) -> None:
    try:
        execute(run, notebook_dir / run.name, cwd)
        run.ok = True
    except Exception as exc:  # any failure of one report is recorded, the others go on
        run.error = _describe_failure(run, exc)


def _export_one(run: NotebookRun, started: float) -> None:
    """Export the notebook (also a failed one's partial output) and record the run's time."""
    if Path(run.notebook).is_file():
        try:
            export_html(run.notebook, run.html, title=run.label)
        except Exception as exc:
            run.ok = False
            run.error = run.error or f"The report {Path(run.html).name} could not be exported to HTML ({exc})."
    run.seconds = round(time.perf_counter() - started, 3)


def _execute(run: NotebookRun, template: Path, cwd: Path, *, quiet: bool = True,
             kernels: KernelPool | None = None) -> None:
    """Run ``template`` into ``run.notebook`` with papermill, in a kernel from ``kernels`` or a new one."""
    import papermill

    # The kernel starts in ``cwd`` through its kernel manager; papermill's own ``cwd`` option would
    # chdir this whole process, which races between the threads running notebooks side by side.
    # request_save_on_cell_execute=False: rewriting the notebook (figures included) after every cell
    # costs seconds; papermill still writes it at the end, with the failing cell's error if one fails.
    # shutdown_kernel="immediate": every output is already in the notebook, so the kernel is stopped
    # without the graceful shutdown's wait.
    km = kernels.take() if kernels is not None else None
    try:
        papermill.execute_notebook(str(template), run.notebook, parameters=run.parameters, kernel_name=KERNEL,
                                   progress_bar=False, request_save_on_cell_execute=False,
                                   kernel_manager_class=kernel_manager(str(cwd.resolve()), quiet, WARM_MODULES),
                                   shutdown_kernel="immediate", km=km)
    finally:
        if km is not None:
            kernels.release(km)


def _describe_failure(run: NotebookRun, exc: Exception) -> str:
    where = f"its partial output is in {run.notebook}" if Path(run.notebook).is_file() else "no output was written"
    cell = getattr(exc, "exec_count", None)
    if getattr(exc, "ename", None):
        cause = f"cell {cell if cell is not None else '?'} raised {exc.ename}: {str(exc.evalue).strip()}"
    else:
        cause = f"{type(exc).__name__}: {str(exc).strip() or 'no message'}"
    cause = " ".join(cause.split())[:300]
    return f"The notebook {run.name} for {run.label!r} failed ({cause}); {where}."


def export_html(notebook: Path | str, html_path: Path | str, *, title: str) -> None:
    """Export an executed notebook to HTML with code, prompts and the parameters cell hidden."""
    import nbformat

    nb = nbformat.read(str(notebook), as_version=4)
    exporter, lock = _html_exporter()
    with lock:  # the exporter registers per-notebook filters on itself: one export at a time
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    atomic_write(Path(html_path), body)


@cache
def _html_exporter():
    """One HTML exporter (templates loaded and compiled once) for every report, and its lock."""
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    # optimistic_validation: the notebook is validated once after the preprocessors, not after each one
    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
                            optimistic_validation=True)
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags=HIDDEN_TAGS, enabled=True), enabled=True)
    return exporter, threading.Lock()


def write_index(result: ReportResult, articles) -> Path:
    """Write ``reports/index.html`` linking every report; all data in it is HTML-escaped."""
    esc = html.escape
    counts = articles[articles["status"] == "loaded"].groupby("outlet").size()
    items = []
    for run in result.notebooks:
        link = f'<a href="{esc(Path(run.html).name)}">{esc(run.label)}</a>'
        n = counts.get(run.label, 0)
        extra = "" if run.name != OUTLET_NOTEBOOK else f" ({n} article{'' if n == 1 else 's'})"
        status = "" if run.ok else f' <strong class="failed">failed</strong>: {esc(run.error)}'
        items.append(f"<li>{link}{esc(extra)}{status}</li>")
    rejected = "".join(f"<li><code>{esc(r['path'])}</code>: {esc(r['reason'])}</li>" for r in result.rejected)
    page = "\n".join([
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        "<title>Framing reports</title>",
        "<style>body{font-family:sans-serif;max-width:48em;margin:2em auto;line-height:1.5}"
        ".failed{color:#b00}</style></head><body>",
        "<h1>Framing reports</h1>", "<h2>Reports</h2>", f"<ul>{''.join(items)}</ul>",
        "<h2>Rejected inputs</h2>", f"<ul>{rejected}</ul>" if rejected else "<p>None.</p>",
        "<h2>Data</h2>",
        '<p>Every table is in <a href="../analysis/">analysis/</a> (Parquet, and CSV for '
        '<a href="../analysis/articles.csv">articles</a> and <a href="../analysis/quotes.csv">quotes</a>); '
        'figures are in <a href="../figures/">figures/</a>; the run is described in '
        '<a href="../run.json">run.json</a>.</p>',
        "</body></html>", "",
    ])
    path = safe_child(Path(result.out) / "reports", "index.html")
    atomic_write(path, page)
    return path


def _write_run_json(result: ReportResult, inputs: list[dict], *, corpus: Path, manifest, actors, jobs: int,
                    engine: str, scheduler: str | None, top_n: int) -> Path:
    info = {
        "parameters": {"corpus": str(corpus), "out": result.out, "manifest": _str(manifest),
                       "actors": _str(actors), "jobs": jobs, "top_n": top_n, "engine": engine,
                       "scheduler": scheduler},
        "versions": {"python": platform.python_version(), **_versions(VERSIONED)},
        "inputs": inputs,
        "rejected": result.rejected,
        "notebooks": [asdict(nb) for nb in result.notebooks],
        "timings": result.timings,
    }
    path = Path(result.out) / "run.json"
    atomic_write(path, json.dumps(info, indent=1, ensure_ascii=False) + "\n")
    return path


def _corpus_files(corpus: Path) -> list[Path]:
    if corpus.is_file():
        return [corpus]
    return sorted(p for p in corpus.rglob("*") if p.is_file() and not p.name.startswith("."))


def file_hashes(paths: Iterable[Path]) -> list[dict]:
    """``path``, ``bytes`` and ``sha256`` of each file, in path order."""
    rows = []
    for path in sorted(set(paths), key=str):
        digest = hashlib.sha256()
        with open(path, "rb") as fh:
            for block in iter(lambda fh=fh: fh.read(1 << 20), b""):
                digest.update(block)
        rows.append({"path": str(path), "bytes": path.stat().st_size, "sha256": digest.hexdigest()})
    return rows


def _versions(names: Iterable[str]) -> dict[str, str]:
    found = {}
    for name in names:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def _str(value) -> str | None:
    return None if value is None else str(value)
