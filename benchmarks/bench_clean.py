"""Throughput of the cleaning stage (prints figures, never asserts: machine load moves them).

``python -m benchmarks.bench_clean [--repeat N] [--page-lines N]`` prints words/second of
``clean_text`` on

* the five seed articles, each cleaned N times (one article at a time: the usual case);
* one generated web page of many lines (menus, a long body with headings and furniture, related
  stories, comments, footer): the classifier's cost on a big document;
* one 4 MB single line of prose: the normalisation and rule costs on a pathological line;

and, for scale, a regex word scan over the same text (the cheapest possible pass). Last, the
cleaning audit of the seeds loaded N times: it reuses the removals the loader found, so it should
cost a small fraction of cleaning them.
"""

from __future__ import annotations

import argparse
import random
import re
import time
from pathlib import Path

from toolkit.clean import clean_text

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
WORD = re.compile(r"\w+")

MENU = ["Home", "News", "World", "Politics", "Business", "Sport", "Culture", "Opinion", "Video", "Log In"]
FURNITURE = ["ADVERTISEMENT", "Share this article", "(Photo: AP)", "Related: Leaders meet in Paris", "Tweet"]


def _rate(label: str, texts: list[str]) -> None:
    words = sum(len(WORD.findall(t)) for t in texts)
    start = time.perf_counter()
    for text in texts:
        clean_text(text)
    seconds = time.perf_counter() - start
    start = time.perf_counter()
    for text in texts:
        WORD.findall(text)
    floor = time.perf_counter() - start
    print(
        f"{label:<40} {words / seconds:>12,.0f} words/s  ({words:,} words, {seconds:.3f} s; "
        f"{seconds / floor if floor else float('nan'):.0f}× a regex word scan)"
    )


def big_page(lines: int, seed: int = 0) -> str:
    """A synthetic web page of about ``lines`` lines built from the seed paragraphs."""
    rng = random.Random(seed)
    paragraphs = [
        line
        for path in sorted(SEEDS.glob("*.txt"))
        for line in path.read_text(encoding="utf-8").split("\n")
        if len(line.split()) >= 15
    ]
    out = MENU * 3 + ["Europe pledges security guarantees for Ukraine", "By Jane Doe", "November 19, 2019"]
    body = max(1, lines - len(out) - 60)
    for i in range(body):
        roll = rng.random()
        if roll < 0.05:
            out.append(rng.choice(FURNITURE))
        elif roll < 0.1:
            out.append(f"Subheading number {i}")
        else:
            out.append(f"{rng.choice(paragraphs)} (Paragraph {i}.)")
    out += ["Related Articles"] + [f"Headline Number {i} About Something Else" for i in range(20)]
    out += ["Comments"] + [f"Reader {i} wrote a comment about the summit and the plan." for i in range(30)]
    out += ["© 2024 Example News. All rights reserved.", "Privacy Policy", "Terms of Use"]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=100, help="times each seed is cleaned (default 100)")
    parser.add_argument("--page-lines", type=int, default=20_000, help="lines of the generated page (default 20,000)")
    args = parser.parse_args(argv)
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    _rate(f"seed articles × {args.repeat}", seeds * args.repeat)
    _rate(f"one generated page, {args.page_lines:,} lines", [big_page(args.page_lines)])
    line = " ".join(seeds).replace("\n", " ")
    _rate("one 4 MB line", [(line + " ") * (4_000_000 // (len(line) + 1))])
    _audit(seeds * args.repeat)


def _audit(texts: list[str]) -> None:
    from toolkit.clean import cleaning_audit
    from toolkit.load import corpus_from_texts

    corpus = corpus_from_texts(texts)
    start = time.perf_counter()
    removed = cleaning_audit(corpus)
    seconds = time.perf_counter() - start
    print(f"{'audit of those seed articles, loaded':<40} {seconds:>12.3f} s      ({len(removed):,} removed lines)")


if __name__ == "__main__":
    main()
