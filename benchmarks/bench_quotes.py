"""Throughput of the quote engine, in words per second (prints figures; asserts nothing).

    .venv/bin/python benchmarks/bench_quotes.py [--copies N]

Two inputs: the demo corpus repeated, and a synthetic article in the shape of US political news
(quote paragraphs, "X said" attributions, reported speech, pronouns), generated from templates.
First, the one-time costs every worker process and report pays, measured in a fresh interpreter:
importing the engine, and its first call (data files read, patterns compiled).
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import toolkit  # noqa: E402
from toolkit.quotes import extract_quotes  # noqa: E402

NAMES = ["Sen. Ana Ruiz", "Gov. Tom Becker", "Rep. Lee Carter (D-Ohio)", "Maya Hill, a campaign spokeswoman,"]
CLAIMS = [
    "the bill would cut costs for working families",
    "the campaign had raised more money than expected",
    "voters were tired of the gridlock in Washington",
    "the plan was never going to pass the Senate",
]
TEMPLATES = [
    "“{c},” {n} said on {d}.",
    "{n} told reporters that {c}.",
    "“We are not going anywhere. {C},” {n} said. “This fight is just beginning.”",
    "{C}, {n} said in a statement.",
    "According to {n}, {c}.",
    "{n} called the proposal “a disaster for the middle class” and said {c}.",
    "The hearing lasted four hours and ended without a vote.",
    "“{C},” she added.",
]


def synthetic_article(n_paragraphs: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    days = ["Monday", "Tuesday", "Thursday"]
    paragraphs = []
    for _ in range(n_paragraphs):
        claim = rng.choice(CLAIMS)
        paragraphs.append(rng.choice(TEMPLATES).format(
            c=claim, C=claim[0].upper() + claim[1:], n=rng.choice(NAMES), d=rng.choice(days)))
    return "\n\n".join(paragraphs)


def one_time_costs() -> tuple[float, float]:
    """CPU seconds of ``import toolkit.quotes`` and of the first ``extract_quotes`` call, in a fresh
    interpreter."""
    code = (
        "import time; t = time.process_time(); import toolkit.quotes as q; t1 = time.process_time(); "
        "q.extract_quotes('“We will win,” she said.'); print(t1 - t, time.process_time() - t1)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    imported, first = map(float, done.stdout.split())
    return imported, first


def rate(text: str) -> tuple[float, int, int]:
    start = time.perf_counter()
    table = extract_quotes(text)
    seconds = time.perf_counter() - start
    return len(text.split()) / seconds, len(text.split()), len(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20, help="times the demo corpus is repeated")
    args = parser.parse_args()
    seeds = "\n".join(
        toolkit.clean_text(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "seeds").glob("0*.txt"))
    )
    inputs = {
        f"seeds x{args.copies}": (seeds + "\n") * args.copies,
        "synthetic news (2,000 paragraphs)": synthetic_article(2000),
    }
    imported, first = one_time_costs()
    print(f"one-time: import toolkit.quotes {imported:.2f} s CPU, first call {first:.2f} s CPU")
    extract_quotes("warm-up: “caches,” he said.")
    for name, text in inputs.items():
        words_per_second, words, rows = rate(text)
        print(f"{name}: {words:,} words, {rows:,} rows, {words_per_second:,.0f} words/second")


if __name__ == "__main__":
    main()
