"""Command line: ``python -m toolkit report [CORPUS] --out DIR`` and ``python -m toolkit analyze``.

Exit codes: 0 when the reports are written (rejected inputs are listed, not fatal); 1 when a report
notebook failed (the others are still written); 2 for a fatal problem (no corpus, nothing loadable,
unreadable manifest), reported as one plain sentence on stderr. ``--debug`` shows tracebacks.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from toolkit.report import TOP_N

EXIT_OK, EXIT_NOTEBOOK_FAILED, EXIT_FATAL = 0, 1, 2
ENGINES = ("local", "dask")  # toolkit.engine.ENGINES, listed here so --help needs no pandas import


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="framing-toolkit", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add_common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("corpus", nargs="?", default="seeds",
                         help="folder of .txt/.html files or a CSV/JSONL/Parquet export (default: seeds)")
        sub.add_argument("--out", default="outputs", help="output folder (default: outputs)")
        sub.add_argument("--manifest", help="manifest CSV naming each file's outlet (default: the corpus's own)")
        sub.add_argument("--actors", help="actor registry YAML (default: actors.yml beside the corpus, if any)")
        sub.add_argument("--jobs", type=_positive, default=1,
                         help="notebooks and analysis processes run at the same time (default: 1)")
        sub.add_argument("--engine", choices=ENGINES, default="local",
                         help="analysis engine: local processes or a Dask cluster (default: local)")
        sub.add_argument("--scheduler", metavar="ADDRESS",
                         help="with --engine dask: a running cluster's scheduler, e.g. tcp://host:8786 "
                              "(default: a local cluster)")
        sub.add_argument("--debug", action="store_true", help="show tracebacks and the notebook kernels' messages")

    report = commands.add_parser("report", help="analyse a corpus and write the per-outlet and comparative reports")
    add_common(report)
    report.add_argument("--top-n", type=_positive, default=TOP_N, help=f"rows in top-N tables (default: {TOP_N})")
    analyze = commands.add_parser("analyze", help="analyse a corpus and save the tables only")
    add_common(analyze)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _report(args) if args.command == "report" else _analyze(args)
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return EXIT_FATAL
    except Exception as exc:
        if args.debug:
            raise
        print(_sentence(exc), file=sys.stderr)
        return EXIT_FATAL


def _report(args: argparse.Namespace) -> int:
    from toolkit.report import run_report

    _skip_iri_grammar()

    result = run_report(args.corpus, args.out, manifest=args.manifest, actors=args.actors, jobs=args.jobs,
                        engine=args.engine, scheduler=args.scheduler, top_n=args.top_n, debug=args.debug)
    for row in result.rejected:
        print(f"rejected {row['path']}: {row['reason']}", file=sys.stderr)
    for run in result.failed:
        print(run.error, file=sys.stderr)
    print(f"Reports written to {Path(result.out) / 'reports' / 'index.html'}")
    return EXIT_NOTEBOOK_FAILED if result.failed else EXIT_OK


def _skip_iri_grammar() -> None:
    """Keep jsonschema from loading its optional IRI checker, whose grammar takes ~1 s to build at import.

    papermill and nbconvert import jsonschema (through nbformat), which loads ``rfc3987_syntax`` when
    it is installed; no notebook schema uses the ``iri`` format, so the report never needs it. Only
    this command's own process is affected.
    """
    sys.modules.setdefault("rfc3987_syntax", None)


def _analyze(args: argparse.Namespace) -> int:
    from toolkit.report import analyse_corpus, default_actors_path

    actors = args.actors or default_actors_path(Path(args.corpus))
    out = Path(args.out) / "analysis"
    analyse_corpus(args.corpus, out, manifest=args.manifest, actors=actors, jobs=args.jobs, engine=args.engine,
                   scheduler=args.scheduler)
    print(f"Analysis written to {out}")
    return EXIT_OK


def _sentence(exc: Exception) -> str:
    """One plain line for a fatal error: our own errors as written, others with their type named."""
    from toolkit.report import ReportError

    text = " ".join(str(exc).split()) or type(exc).__name__
    if isinstance(exc, ReportError) or type(exc).__name__ == "CorpusError":
        return text
    if isinstance(exc, OSError):
        return f"Could not read or write a file: {text}."
    return f"The run failed ({type(exc).__name__}: {text}); rerun with --debug for details."


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number
