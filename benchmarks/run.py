"""Benchmarks: words per second and peak memory per stage and end to end, with two reference costs.

``python -m benchmarks.run [--sizes 1000,5000] [--corpus PATH] [--jobs 2] [--engine local|dask]
[--scheduler ADDR] [--stream-sizes 10000,100000] [--profile] [--micro]``

For each size a corpus is generated (``benchmarks/generate.py``, JSONL, cached in ``--workdir``) and
every measurement runs in a fresh subprocess, so its peak resident memory (``ru_maxrss``) is its own
(``--corpus`` adds a corpus of your own: the generated ones recombine five articles, real news is
more varied):

* stages (one process): load (decode + clean + duplicate flags), clean alone, quotes, mentions,
  sentences, sentiment, terms, frames; and the reference costs on the same text: a regex word scan
  (the floor) and vaderSentiment alone over the same sentences (and ``toolkit.vader`` alone, its exact port);
* end to end: ``analyze()`` in one process, and the per-document work (``process_documents``)
  with 1 and ``--jobs`` workers on the chosen engine;
* streaming: ``analyze_stream`` in one process at each ``--stream-sizes`` size, for the memory curve.

It prints figures and the targets (end to end ≥ 0.5 × VADER alone; ``--jobs 2`` ≥ 1.7 × one
worker; streaming peak memory within 1.5× from the smallest to the largest stream size); it
asserts nothing, since machine load moves the numbers. ``--profile`` prints cProfile's top costs
of ``analyze()`` on the smallest size; ``--micro`` also runs the per-stage micro-benchmarks.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
import inspect
import io
import json
import pstats
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SIZES = (1000, 5000)
MICRO = ("bench_clean", "bench_quotes", "bench_metrics_a", "bench_metrics_b", "bench_report")
WORD = re.compile(r"\w+")
TARGET_VADER_RATIO = 0.5
TARGET_SPEEDUP = 1.7
TARGET_MEMORY_GROWTH = 1.5


# --- measurements (each runs in its own subprocess) -------------------------------------------------


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def _start() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _row(stage: str, words: int, start: tuple[float, float], *, in_process: bool = True, **extra) -> dict:
    """A result row: wall seconds since ``start``, this process's CPU seconds (when all work ran
    here: on a busy machine words per CPU-second is the steadier figure), peak memory."""
    wall, cpu = time.perf_counter() - start[0], time.process_time() - start[1]
    return {"stage": stage, "words": words, "seconds": wall, "cpu": cpu if in_process else None,
            "peak_mb": _peak_mb(), **extra}


def _timed(rows: list[dict], stage: str, words: int, func: Callable[[], object]):
    """Run ``func``, append its row, return its result (None when its stage is not installed yet)."""
    start = _start()
    try:
        result = func()
    except ImportError as error:
        rows.append({"stage": stage, "error": f"not installed ({error})"})
        return None
    rows.append(_row(stage, words, start))
    return result


def _load(path: str):
    from toolkit.load import load_corpus
    from toolkit.terms import loaded

    corpus = load_corpus(path)
    return corpus, loaded(corpus)


def measure_stages(path: str, **_) -> list[dict]:
    """Each per-document stage once over the whole corpus, plus the two reference costs."""
    from toolkit.actors import as_registry

    rows: list[dict] = []
    start = _start()
    corpus, docs = _load(path)
    words = int(docs["n_words"].sum())
    rows.append(_row("load", words, start))
    texts = docs["text"].tolist()
    _timed(rows, "floor: regex word scan", words, lambda: sum(len(WORD.findall(t)) for t in texts))
    _timed(rows, "clean", words, lambda: [_api("clean", "clean")(raw) for raw in docs["raw"]])
    actors = as_registry(None)
    quotes = _timed(rows, "quotes", words, lambda: _api("quotes", "quote_table")(docs, actors=actors))
    _timed(rows, "mentions", words, lambda: _api("actors", "mention_table")(docs, actors=actors))
    sents = _timed(rows, "sentences", words, lambda: _api("segment", "sentences")(docs, quotes=quotes))
    if sents is not None:
        _timed(rows, "sentiment", words, lambda: _api("sentiment", "sentence_sentiment")(sents))
        _timed(rows, "reference: VADER alone", words, partial(_vader_alone, sents["text"].tolist()))
        _timed(rows, "toolkit VADER alone", words, partial(_vader_alone, sents["text"].tolist(), ours=True))
        _timed(rows, "frames", words,  # evidence, and the scores from it, as process_documents runs them
               lambda: _api("frames", "frame_scores")(sents, evidence=_api("frames", "frame_evidence")(sents)))
    _timed(rows, "terms", words, lambda: _api("terms", "term_counts")(docs))
    return rows


def _vader_alone(texts: list[str], *, ours: bool = False) -> None:
    """``polarity_scores`` of every text: vaderSentiment's (the reference), or ``toolkit.vader``'s (same scores)."""
    if ours:
        from toolkit.vader import SentimentIntensityAnalyzer
    else:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    for text in texts:
        analyzer.polarity_scores(text)


def _api(module: str, name: str):
    return getattr(importlib.import_module(f"toolkit.{module}"), name)


def measure_end_to_end(path: str, *, jobs: int, engine: str, scheduler: str | None) -> list[dict]:
    """``analyze()`` in one process (with ``jobs`` when it takes them), and the per-document work on the engine."""
    from toolkit.analysis import analyze
    from toolkit.engine import map_chunks, process_documents

    rows: list[dict] = []
    start = _start()
    corpus, docs = _load(path)
    words = int(docs["n_words"].sum())
    load = _row("load", words, start)
    accepted = inspect.signature(analyze).parameters
    takes_jobs = "jobs" in accepted
    for n in sorted({1, jobs} if takes_jobs else {1}):
        wanted = {"jobs": n, "engine": engine if n > 1 else "local", "scheduler": scheduler}
        options = {k: v for k, v in wanted.items() if k in accepted}
        start = _start()
        analyze(corpus, **options)
        row = _row(f"end to end: load + analyze(), {n} worker(s)", words, start, in_process=n == 1, jobs=n)
        row["seconds"] += load["seconds"]
        row["cpu"] = row["cpu"] + load["cpu"] if n == 1 else None
        rows.append(row)
    for n in sorted({1, jobs}):
        start = _start()
        map_chunks(process_documents, docs, jobs=n, engine=engine if n > 1 else "local", scheduler=scheduler)
        label = f"per-document tables, {n} worker(s) [{engine if n > 1 else 'in-process'}]"
        rows.append(_row(label, words, start, in_process=n == 1, jobs=n))
    return rows


def measure_stream(path: str, *, jobs: int, engine: str, scheduler: str | None) -> list[dict]:
    """``analyze_stream`` over the JSONL export in one process: the memory-flatness measurement."""
    from toolkit.engine import analyze_stream

    words = sum(len(WORD.findall(json.loads(line)["text"])) for line in open(path, encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="bench-stream-") as out:
        start = _start()
        analyze_stream(path, out)
        return [_row("streaming analysis, 1 process", words, start)]


MEASURES = {"stages": measure_stages, "end_to_end": measure_end_to_end, "stream": measure_stream}


def profile(path: str, top: int = 20) -> str:
    """cProfile's top functions by own time for ``analyze()`` on the corpus at ``path``."""
    from toolkit.analysis import analyze

    corpus, _ = _load(path)
    profiler = cProfile.Profile()
    profiler.runcall(analyze, corpus)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    return out.getvalue()


# --- driver -----------------------------------------------------------------------------------------


def corpus_for(size: int, workdir: Path, seed: int) -> Path:
    """The generated JSONL corpus of ``size`` articles (made once per size and seed)."""
    from benchmarks.generate import write_corpus

    folder = workdir / f"corpus-{size}-seed{seed}"
    path = folder / "stories.jsonl"
    if not path.is_file():
        write_corpus(size, folder, seed=seed, fmt="jsonl")
    return path


def _label(path: Path) -> str:
    """A short name for a given corpus in the tables: its file or folder name (the folder's for a
    generated ``stories.*`` file)."""
    name = path.parent.name if path.stem == "stories" else path.stem
    return name[:8]


def _child(kind: str, path: Path, args) -> list[dict]:
    command = [sys.executable, "-m", "benchmarks.run", "--child", kind, str(path),
               "--jobs", str(args.jobs), "--engine", args.engine]
    if args.scheduler:
        command += ["--scheduler", args.scheduler]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        return [{"stage": kind, "error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed"}]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _print_rows(label: str, rows: list[dict], floor: float | None) -> None:
    for row in rows:
        if "error" in row:
            print(f"{label:>8} {row['stage']:<52} {row['error']}")
            continue
        rate = row["words"] / row["seconds"]
        cpu_rate = f"{row['words'] / row['cpu']:>12,.0f}" if row.get("cpu") else f"{'':>12}"
        times_floor = f"{floor / rate:9.1f}" if floor else f"{'':9}"
        print(f"{label:>8} {row['stage']:<52} {row['words']:>11,} {row['seconds']:>8.2f} {rate:>12,.0f}"
              f" {cpu_rate} {times_floor} {row['peak_mb']:>8.0f}")


def _rate(rows: list[dict], prefix: str, jobs: int | None = None, *, cpu: bool = False) -> float | None:
    """Words per second (or per CPU-second) of the first row whose stage starts with ``prefix``."""
    for row in rows:
        if row["stage"].startswith(prefix) and "error" not in row and (jobs is None or row.get("jobs") == jobs):
            seconds = row.get("cpu") if cpu else row["seconds"]
            return row["words"] / seconds if seconds else None
    return None


def _verdict(value: float | None, target: float, *, at_most: bool = False) -> str:
    if value is None:
        return "n/a"
    ok = value <= target if at_most else value >= target
    return f"{value:.2f} ({'≤' if at_most else '≥'} {target}: {'met' if ok else 'NOT met'})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                        help="corpus sizes in articles, comma-separated (default %(default)s)")
    parser.add_argument("--stream-sizes", default=None,
                        help="sizes for the streaming memory curve (default: --sizes); e.g. 10000,100000")
    parser.add_argument("--jobs", type=int, default=2, help="workers for the parallel runs (default 2)")
    parser.add_argument("--engine", choices=("local", "dask"), default="local")
    parser.add_argument("--scheduler", default=None, help="Dask scheduler address, e.g. tcp://host:8786")
    parser.add_argument("--corpus", type=Path, action="append", default=[],
                        help="also measure this corpus (anything load_corpus reads: your own export, "
                             "real text rather than the generated recombinations); repeatable")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "toolkit-bench")
    parser.add_argument("--profile", action="store_true",
                        help="print cProfile's top costs of analyze() on the first corpus")
    parser.add_argument("--micro", action="store_true", help="also run the per-stage micro-benchmarks")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:  # inside a measurement subprocess: print the rows as JSON
        kind, path = args.child
        rows = MEASURES[kind](path, jobs=args.jobs, engine=args.engine, scheduler=args.scheduler)
        print(json.dumps(rows))
        return 0

    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else []
    stream_sizes = [int(s) for s in (args.stream_sizes or args.sizes).split(",") if s]
    args.workdir.mkdir(parents=True, exist_ok=True)
    print("Figures move with machine load: take final numbers on a quiet machine.")
    print(f"{'articles':>8} {'stage':<52} {'words':>11} {'seconds':>8} {'words/s':>12} {'words/cpu-s':>12}"
          f" {'× floor':>9} {'peak MB':>8}")
    corpora = {f"{size:,}": corpus_for(size, args.workdir, args.seed) for size in sizes}
    corpora |= {_label(path): path for path in args.corpus}
    results: dict[str, list[dict]] = {}
    for label, path in corpora.items():
        stages = _child("stages", path, args)
        floor = _rate(stages, "floor")
        rows = stages + _child("end_to_end", path, args)
        _print_rows(label, rows, floor)
        results[label] = rows
    streams = {}
    for size in stream_sizes if not args.corpus or args.stream_sizes else ():
        rows = _child("stream", corpus_for(size, args.workdir, args.seed), args)
        _print_rows(f"{size:,}", rows, None)
        streams[size] = rows[0].get("peak_mb")

    print("\nTargets")
    for label, rows in results.items():
        for cpu in (True, False):
            vader, e2e = _rate(rows, "reference: VADER", cpu=cpu), _rate(rows, "end to end", jobs=1, cpu=cpu)
            print(f"  {label:>8} articles: end to end / VADER alone ({'CPU' if cpu else 'wall'} time) = "
                  f"{_verdict(e2e / vader if e2e and vader else None, TARGET_VADER_RATIO)}")
        one, many = _rate(rows, "per-document tables, 1 "), _rate(rows, "per-document tables", jobs=args.jobs)
        if args.jobs > 1:
            print(f"  {label:>8} articles: {args.jobs} workers / 1 = "
                  f"{_verdict(many / one if many and one else None, TARGET_SPEEDUP)}")
    if len(streams) > 1 and streams[min(streams)] and streams[max(streams)]:
        small, large = min(streams), max(streams)
        print(f"  streaming peak memory {large:,} / {small:,} articles = "
              f"{_verdict(streams[large] / streams[small], TARGET_MEMORY_GROWTH, at_most=True)}")

    if args.profile and corpora:
        label, path = next(iter(corpora.items()))
        print(f"\ncProfile of analyze() on {label} articles, top functions by own time")
        print(profile(str(path)))
    if args.micro:
        for name in MICRO:
            try:
                module = importlib.import_module(f"benchmarks.{name}")
            except ImportError:
                continue
            print(f"\n{name}")
            module.main([])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
