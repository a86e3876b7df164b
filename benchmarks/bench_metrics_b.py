"""Throughput of the comparison metrics on the seed articles repeated (five outlets kept).

``python -m benchmarks.bench_metrics_b [--repeat N]`` prints words/second for ``term_counts``
(unigrams and bigrams), ``keyness`` (from the terms table), ``tfidf``, ``collocations``,
``frame_scores`` (from the sentence table), ``document_items`` (the per-document dates, numbers and
places), ``coverage`` and ``event_consistency`` (each alone, and from the items table as
``analyze`` runs them), ``outlet_similarity`` and ``wire_copies`` (alone, and with the tokens
``corpus_tokens`` makes once for all four token statistics, as in ``analyze``).
``--corpus stories.jsonl`` (a ``benchmarks.generate`` corpus) also times the per-document actor,
frame and item scans and the corpus comparisons on it, in CPU seconds (see ``generated_corpus``).
Words are the corpus's whitespace words, so every stage is on the same scale. Figures, not
assertions: machine load moves them.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pandas as pd

from toolkit.clean import clean_text
from toolkit.compare import coverage, document_items, event_consistency, outlet_similarity, wire_copies
from toolkit.frames import frame_scores
from toolkit.keyness import keyness
from toolkit.segment import sentences
from toolkit.terms import collocations, corpus_tokens, term_counts, tfidf

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _rate(label: str, words: int, func):
    start = time.perf_counter()
    result = func()
    seconds = time.perf_counter() - start
    print(f"{label:<40} {words / seconds:>12,.0f} words/s  ({words:,} words, {seconds:.3f} s)")
    return result


def seed_corpus(repeat: int) -> pd.DataFrame:
    """The five seed articles ``repeat`` times over, each copy keeping its outlet from the manifest."""
    manifest = pd.read_csv(SEEDS / "manifest.csv")
    texts = [clean_text((SEEDS / f).read_text(encoding="utf-8")) for f in manifest["file"]]
    rows = [(f"d{k:04d}_{i}", outlet, text, "loaded")
            for k in range(repeat) for i, (outlet, text) in enumerate(zip(manifest["outlet"], texts, strict=True))]
    return pd.DataFrame(rows, columns=["doc_id", "outlet", "text", "status"])


def generated_corpus(path: str) -> None:
    """CPU seconds of the stages that find actors, frame cues and items per article, and of the
    comparisons across articles, on a loaded corpus: a generated one shares wire copy between most
    pairs of articles, so ``wire_copies`` there grows with the square of its size."""
    from toolkit.actors import as_date, default_actors
    from toolkit.engine import process_documents
    from toolkit.frames import frame_evidence
    from toolkit.load import load_corpus
    from toolkit.terms import loaded

    docs = loaded(load_corpus(path)).reset_index(drop=True)
    words = int(docs["n_words"].sum())
    tables = process_documents(docs)
    registry, tokens = default_actors(), corpus_tokens(docs)
    dates = [as_date(d) for d in docs["date"]] if "date" in docs.columns else [None] * len(docs)
    stages = {
        "actors: registry.find": lambda: [registry.find(t, date=d) for t, d in zip(docs["text"], dates, strict=True)],
        "frame_evidence": lambda: frame_evidence(tables["sentences"]),
        "document_items": lambda: document_items(docs, actors=registry),
        "event_consistency (from items)": lambda: event_consistency(docs, tables["mentions"],
                                                                    items=tables["doc_items"]),
        "wire_copies (shared tokens)": lambda: wire_copies(docs, tokens=tokens),
    }
    print(f"\n{path}: {len(docs):,} articles, {words:,} words")
    for label, func in stages.items():
        start = time.process_time()
        func()
        seconds = time.process_time() - start
        print(f"{label:<40} {words / seconds:>12,.0f} words/CPU-s ({seconds:.3f} s CPU)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=40, help="copies of the seed corpus (default 40)")
    parser.add_argument("--corpus", help="also time the scans and comparisons on this generated corpus")
    args = parser.parse_args(argv)
    corpus = seed_corpus(args.repeat)
    words = int(corpus["text"].str.split().str.len().sum())
    sents = sentences(corpus, pd.DataFrame(columns=["doc_id", "start", "end", "kind"]))

    terms = _rate("term_counts (unigrams)", words, lambda: term_counts(corpus))
    _rate("term_counts (bigrams)", words, lambda: term_counts(corpus, ngram_range=(2, 2)))
    _rate("keyness (from terms)", words, lambda: keyness(terms))
    _rate("tfidf (by article)", words, lambda: tfidf(corpus))
    _rate("collocations (by outlet)", words, lambda: collocations(corpus))
    _rate("frame_scores (from sentences)", words, lambda: frame_scores(sents))
    items = _rate("document_items (dates, numbers, places)", words, lambda: document_items(corpus))
    _rate("coverage (numbers, places, dates)", words, lambda: coverage(corpus))
    _rate("coverage (from items)", words, lambda: coverage(corpus, items=items))
    _rate("event_consistency", words, lambda: event_consistency(corpus))
    _rate("event_consistency (from items)", words, lambda: event_consistency(corpus, items=items))
    _rate("outlet_similarity", words, lambda: outlet_similarity(corpus))
    _rate("wire_copies (all article pairs)", words, lambda: wire_copies(corpus))
    tokens = _rate("corpus_tokens (once for the four)", words, lambda: corpus_tokens(corpus))
    _rate("tfidf (shared tokens)", words, lambda: tfidf(corpus, tokens=tokens))
    _rate("collocations (shared tokens)", words, lambda: collocations(corpus, tokens=tokens))
    _rate("outlet_similarity (shared tokens)", words, lambda: outlet_similarity(corpus, tokens=tokens))
    _rate("wire_copies (shared tokens)", words, lambda: wire_copies(corpus, tokens=tokens))
    if args.corpus:
        generated_corpus(args.corpus)


if __name__ == "__main__":
    main()
