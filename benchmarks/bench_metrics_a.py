"""Throughput of the sentence, token and sentiment stages on the seed text repeated.

``python -m benchmarks.bench_metrics_a [--repeat N]`` prints words/second for ``split_sentences``,
``tokenize``, ``sentence_sentiment`` (with and without overrides), vaderSentiment alone on the
same sentences (the reference cost) and ``toolkit.vader`` alone (its exact, faster port).
Figures, not assertions: machine load moves them.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pandas as pd
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from toolkit import vader
from toolkit.clean import clean_text
from toolkit.segment import sentences, split_sentences, tokenize
from toolkit.sentiment import DEFAULT_OVERRIDES, sentence_sentiment

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _rate(label: str, words: int, func) -> None:
    start = time.perf_counter()
    func()
    seconds = time.perf_counter() - start
    print(f"{label:<34} {words / seconds:>12,.0f} words/s  ({words:,} words, {seconds:.3f} s)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200, help="copies of the seed corpus (default 200)")
    args = parser.parse_args(argv)
    seed_texts = [clean_text(p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
    text = "\n\n".join(seed_texts * args.repeat)
    words = len(text.split())
    corpus = pd.DataFrame(
        {
            "doc_id": [f"d{i:06d}" for i in range(len(seed_texts) * args.repeat)],
            "outlet": "bench",
            "text": seed_texts * args.repeat,
        }
    )
    table = sentences(corpus, pd.DataFrame(columns=["doc_id", "start", "end", "kind"]))
    analyzer = SentimentIntensityAnalyzer()
    ours = vader.SentimentIntensityAnalyzer()

    _rate("split_sentences (one long text)", words, lambda: split_sentences(text))
    _rate("tokenize", words, lambda: tokenize(text))
    _rate(
        "sentences (table, per document)",
        words,
        lambda: sentences(corpus, pd.DataFrame(columns=["doc_id", "start", "end", "kind"])),
    )
    _rate("sentence_sentiment (shipped)", words, lambda: sentence_sentiment(table))
    _rate(
        "sentence_sentiment (overrides)",
        words,
        lambda: sentence_sentiment(table, lexicon_overrides=DEFAULT_OVERRIDES),
    )
    _rate(
        "vaderSentiment alone (reference)",
        words,
        lambda: [analyzer.polarity_scores(s) for s in table["text"]],
    )
    _rate(
        "toolkit.vader alone (same scores)",
        words,
        lambda: [ours.polarity_scores(s) for s in table["text"]],
    )


if __name__ == "__main__":
    main()
