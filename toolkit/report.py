"""The report run: analyse a corpus once, then execute the report notebooks with papermill.

``run_report`` loads and analyses the corpus into ``OUT/analysis/``, runs
``notebooks/outlet_report.ipynb`` once per outlet and ``notebooks/comparative_report.ipynb`` once
(in parallel with ``jobs``; one kernel per notebook), exports each to HTML without code, writes an
index page and ``OUT/run.json`` (parameters, versions, input hashes, timings). Everything goes under
``OUT``; outlet names reach file names only as slugs and reach notebooks only as parameter values.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import json
import os
import platform
import signal
import subprocess
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from functools import cache, partial
from importlib import metadata
from pathlib import Path

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
# What the report notebooks import: loaded once by the kernel fork server (or by each kernel as it
# starts, where processes cannot fork), so a notebook's own imports find them already loaded.
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

    # The kernels' fork server imports pandas, matplotlib and toolkit while the corpus is analysed.
    with KernelPool(out / "reports", quiet=not debug, ahead=jobs) as kernels:
        analysis = analyse_corpus(corpus, out / "analysis", manifest=manifest, actors=actors, jobs=jobs,
                                  engine=engine, scheduler=scheduler, timings=timings)
        analysis_dir = out / "analysis"
        inputs = file_hashes([*_corpus_files(corpus), *(Path(p) for p in (manifest, actors) if p is not None)])
        result = ReportResult(out=str(out), timings=timings)
        result.rejected = _rejected(analysis.articles)
        result.notebooks = _plan(analysis.outlets, out, analysis_dir, top_n=top_n)

        t0 = time.perf_counter()
        kernels.start(len(result.notebooks))
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
    analysis = analyze(docs, actors=actors, jobs=jobs, engine=engine, scheduler=scheduler, cache_dir=out)
    timings["analyze"] = round(time.perf_counter() - t0, 3)
    t0 = time.perf_counter()
    analysis.save(analysis_dir)
    cache.mark_fresh(out, key)
    timings["save"] = round(time.perf_counter() - t0, 3)
    return analysis


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
    runs one notebook (default: papermill with quiet kernels).
    """
    from tqdm.auto import tqdm

    cwd.mkdir(parents=True, exist_ok=True)
    execute = execute or _execute
    show = _show_progress() if progress is None else progress
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool, \
            tqdm(total=len(runs), desc="reports", unit="notebook", disable=not show, file=sys.stderr) as bar:
        futures = {pool.submit(_execute_and_export, run, notebook_dir, cwd, execute): run for run in runs}
        for future in as_completed(futures):
            future.result()
            bar.update(1)


def _show_progress() -> bool:
    return sys.stderr.isatty() and os.environ.get("CI", "").lower() != "true"


def _execute_and_export(run: NotebookRun, notebook_dir: Path, cwd: Path, execute) -> None:
    t0 = time.perf_counter()
    try:
        execute(run, notebook_dir / run.name, cwd)
        run.ok = True
    except Exception as exc:  # any failure of one report is recorded, the others go on
        run.error = _describe_failure(run, exc)
    if Path(run.notebook).is_file():
        try:
            export_html(run.notebook, run.html, title=run.label)
        except Exception as exc:
            run.ok = False
            run.error = run.error or f"The report {Path(run.html).name} could not be exported to HTML ({exc})."
    run.seconds = round(time.perf_counter() - t0, 3)


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
                                   kernel_manager_class=_kernel_manager(str(cwd.resolve()), quiet),
                                   shutdown_kernel="immediate", km=km)
    finally:
        if km is not None:
            _stop(km)


@cache
def _kernel_manager(cwd: str, quiet: bool) -> type:
    """A kernel manager whose kernels start in ``cwd`` with ``WARM_MODULES`` loaded and, if ``quiet``, silent.

    Cell output is captured in the notebook either way; quiet kernels keep the terminal to the
    command's own messages (start-up warnings go nowhere). ``--debug`` lets them through. A manager
    given a ``forks`` server forks its kernel from it instead of starting a new Python. It
    remembers its clients so that stopping a kernel it was handed also closes their sockets.
    """
    from jupyter_client.manager import AsyncKernelManager

    class ReportKernelManager(AsyncKernelManager):
        forks: KernelForkServer | None = None

        async def start_kernel(self, **kw):
            kw["cwd"] = cwd
            if self.forks is None:  # ``del toolkit`` leaves the namespace as a fresh kernel's
                warm = (f"import {', '.join(WARM_MODULES)}", "del toolkit")
                kw["extra_arguments"] = [*kw.get("extra_arguments", []),
                                         *(f"--IPKernelApp.exec_lines={line}" for line in warm)]
            if quiet:
                kw.setdefault("stdout", subprocess.DEVNULL)
                kw.setdefault("stderr", subprocess.DEVNULL)
            return await super().start_kernel(**kw)

        async def _async_launch_kernel(self, kernel_cmd, **kw):
            if self.forks is None:
                return await super()._async_launch_kernel(kernel_cmd, **kw)
            # kernel_cmd is ``python -m ipykernel_launcher -f CONNECTION_FILE ...``: the fork runs the same app
            process = self.forks.spawn(kernel_cmd[3:], cwd)
            self.provisioner.process, self.provisioner.pid, self.provisioner.pgid = process, process.pid, process.pid
            self._reconcile_connection_info(self.provisioner.connection_info)

        def client(self, **kw):
            kc = super().client(**kw)
            self.__dict__.setdefault("_report_clients", []).append(kc)
            return kc

    return ReportKernelManager


def _stop(km) -> None:
    """Stop a kernel at once (its notebook is written) and close the clients' sockets."""
    from jupyter_core.utils import run_sync

    try:
        run_sync(km.shutdown_kernel)(now=True)
    finally:
        for kc in km.__dict__.get("_report_clients", []):
            kc.stop_channels()


class KernelPool:
    """Kernels started before their notebooks need them: one fresh kernel per notebook, ready sooner.

    A kernel takes about a second to start a Python and import IPython, pandas, matplotlib and
    toolkit. Where processes can fork (Linux), one ``KernelForkServer``, started with the pool, does
    that once (run_report creates the pool before the analysis, which overlaps it) and each kernel
    is forked from it; elsewhere each kernel imports them as it starts. ``start(total)`` starts
    ``ahead`` kernels in a background thread, and each time a notebook takes one the next is started
    while fewer than ``total`` have been. Leaving the ``with`` block stops the kernels nobody took
    and the fork server. Thread-safe: notebooks take kernels from threads.
    """

    def __init__(self, cwd: Path, *, quiet: bool = True, ahead: int = 1):
        from concurrent.futures import ThreadPoolExecutor

        self.cwd = Path(cwd).resolve()
        self.quiet = quiet
        self.total = 0  # kernels needed in all
        self._ahead = max(1, ahead)
        self._started = 0
        self._ready: deque = deque()  # futures of started kernels' managers
        self._lock = threading.Lock()
        self._starter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kernel-start")
        self._forks = KernelForkServer(quiet=quiet) if KernelForkServer.available() else None

    def start(self, total: int) -> None:
        """Start the first kernels (in ``cwd``, created) for ``total`` notebooks."""
        self.cwd.mkdir(parents=True, exist_ok=True)
        with self._lock:
            self.total = total
            self._top_up()

    def take(self):
        """A started kernel's manager for one notebook (the caller stops it); starts the next one."""
        with self._lock:
            pending = self._ready.popleft() if self._ready else self._start()
            self._top_up()
        return pending.result()

    def close(self) -> None:
        """Stop the kernels that were started but not taken, then the fork server."""
        with self._lock:
            idle, self._ready = list(self._ready), deque()
        try:
            for pending in idle:
                if pending.exception() is None:
                    _stop(pending.result())
        finally:
            self._starter.shutdown()
            if self._forks is not None:
                self._forks.close()

    def _top_up(self) -> None:
        while len(self._ready) < self._ahead and self._started < self.total:
            self._ready.append(self._start())

    def _start(self):
        self._started += 1
        return self._starter.submit(self._launch)

    def _launch(self):
        from jupyter_core.utils import run_sync

        km = _kernel_manager(str(self.cwd), self.quiet)(kernel_name=KERNEL)
        km.forks = self._forks
        run_sync(km.start_kernel)()
        return km

    def __enter__(self) -> KernelPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class KernelForkServer:
    """A Python that imports ipykernel and ``WARM_MODULES`` once, then forks one kernel per request.

    A forked kernel is a new process running the usual ``ipykernel_launcher`` app with its own
    connection file, in its own session (so stopping its process group stops only it), reaped by
    the server; only the imports are shared. Requests are JSON lines on the server's stdin; each
    reply is the forked kernel's pid on a pipe of its own (the kernels keep stdout and stderr).
    """

    def __init__(self, *, quiet: bool = True):
        read_fd, write_fd = os.pipe()
        out = subprocess.DEVNULL if quiet else None
        self._process = subprocess.Popen(
            [sys.executable, "-c", "from toolkit.report import _fork_server; _fork_server()", str(write_fd)],
            stdin=subprocess.PIPE, stdout=out, stderr=out, pass_fds=(write_fd,))
        os.close(write_fd)
        self._replies = os.fdopen(read_fd, "r", encoding="utf-8")
        self._lock = threading.Lock()
        self._spawned = 0

    @staticmethod
    def available() -> bool:
        """Only on Linux: forking after importing GUI frameworks' code is unsafe on macOS."""
        return sys.platform.startswith("linux")

    def spawn(self, argv: list[str], cwd: str) -> _ForkedKernel:
        """Fork a kernel running ``ipykernel_launcher`` with ``argv`` in ``cwd``; its Popen-like handle."""
        with self._lock:
            self._process.stdin.write((json.dumps({"argv": argv, "cwd": cwd}) + "\n").encode("utf-8"))
            self._process.stdin.flush()
            reply = self._replies.readline()
            self._spawned += 1
        if not reply.strip().isdigit():
            raise RuntimeError("the kernel fork server stopped before starting a kernel")
        return _ForkedKernel(int(reply))

    def close(self) -> None:
        """End the requests; the server stops any kernel still running, reaps them all and exits.

        A server that never forked (the run failed before any notebook) is stopped at once.
        """
        try:
            if not self._spawned:
                self._process.kill()
            self._process.stdin.close()
            self._process.wait(timeout=30)
        finally:
            self._replies.close()


class _ForkedKernel:
    """The handle jupyter_client keeps for a forked kernel, as for a ``subprocess.Popen``.

    The fork server (its parent) reaps it at once, so it has ended when its pid is gone.
    """

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = 0  # its exit status went to the fork server
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.02)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def _fork_server() -> None:
    """Body of the ``KernelForkServer`` process (``python -c``; argv[1] is the reply pipe)."""
    import importlib

    from ipykernel import kernelapp

    for name in WARM_MODULES:
        importlib.import_module(name)
    replies = os.fdopen(int(sys.argv[1]), "w", encoding="utf-8")
    kernels: set[int] = set()

    def reap(*_) -> None:
        while True:
            try:
                pid, _status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            kernels.discard(pid)

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the report's to handle
    signal.signal(signal.SIGCHLD, reap)
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            code = 1
            try:  # as a kernel launched by jupyter_client: own session, stdin closed, parent watched
                replies.close()
                os.setsid()
                os.chdir(request["cwd"])
                null = os.open(os.devnull, os.O_RDONLY)
                os.dup2(null, 0)
                os.close(null)
                os.environ["JPY_PARENT_PID"] = str(os.getppid())
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                signal.signal(signal.SIGINT, signal.default_int_handler)
                kernelapp.launch_new_instance(argv=request["argv"])
                code = 0
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(code)
        kernels.add(pid)
        replies.write(f"{pid}\n")
        replies.flush()
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    for pid in list(kernels):  # the report has ended: no kernel outlives it
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
    for pid in kernels:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
    os._exit(0)  # nothing to flush or clean up: skip tearing down pandas and matplotlib


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

    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
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
