"""How long the report takes against papermill alone on empty notebooks (prints, never asserts).

    .venv/bin/python -m benchmarks.bench_report [CORPUS] [--jobs N] [--repeat R]

Runs ``python -m toolkit report CORPUS --jobs N`` and, as the baseline, papermill on the same
number of empty parameterised notebooks (one per outlet plus the comparison) with the same
``--jobs``, both as fresh processes, alternating R times; prints the median wall and CPU times and
their ratios (target: report ≤ 1.5 × baseline), and the median of each phase the report's
``run.json`` times (load, analyze, notebooks…). On a shared machine the CPU ratio is the steadier one.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

# The baseline: the same thread pool the report uses, each thread running papermill on an empty
# notebook whose only cell is the tagged parameters cell.
BASELINE = """
import sys
from concurrent.futures import ThreadPoolExecutor
import papermill

template, out, n, jobs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])

def run(i):
    papermill.execute_notebook(template, f"{out}/empty-{i}.ipynb", parameters={"outlet": f"outlet {i}"},
                               kernel_name="python3", progress_bar=False, cwd=out)

with ThreadPoolExecutor(max_workers=jobs) as pool:
    list(pool.map(run, range(n)))
"""


def _empty_notebook(path: Path) -> None:
    cell = new_code_cell('outlet = ""  # parameter')
    cell.metadata["tags"] = ["parameters"]
    nb = new_notebook(cells=[cell])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, str(path))


def _timed(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system, the command and all its kernels) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="?", default="seeds")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    report_times, baseline_times, phases = [], [], []
    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        root = Path(tmp)
        template = root / "empty.ipynb"
        _empty_notebook(template)
        n_notebooks = None
        for i in range(args.repeat):
            out = root / f"report-{i}"
            report_times.append(_timed([sys.executable, "-m", "toolkit", "report", args.corpus, "--out", str(out),
                                        "--jobs", str(args.jobs)]))
            run = json.loads((out / "run.json").read_text(encoding="utf-8"))
            n_notebooks = len(run["notebooks"])
            phases.append(run["timings"])
            base = root / f"baseline-{i}"
            base.mkdir()
            baseline_times.append(_timed([sys.executable, "-c", BASELINE, str(template), str(base),
                                          str(n_notebooks), str(args.jobs)]))
    print(f"notebooks={n_notebooks} jobs={args.jobs} repeat={args.repeat} load_average={os.getloadavg()[0]:.1f}")
    for i, what in enumerate(("seconds", "cpu_seconds")):
        report = statistics.median(t[i] for t in report_times)
        baseline = statistics.median(t[i] for t in baseline_times)
        print(f"report_{what}={report:.2f} (runs: {', '.join(f'{t[i]:.2f}' for t in report_times)})")
        print(f"baseline_{what}={baseline:.2f} (runs: {', '.join(f'{t[i]:.2f}' for t in baseline_times)})")
        print(f"ratio_{what}={report / baseline:.2f} (target <= 1.5)")
    names = dict.fromkeys(name for timings in phases for name in timings)
    print("report_phases_seconds:", ", ".join(
        f"{name}={statistics.median(t.get(name, 0.0) for t in phases):.2f}" for name in names))


if __name__ == "__main__":
    main()
