"""Execution engine: run per-document work over corpus chunks, in-process, in local processes or on Dask.

Per-document stages (sentences, quotes, mentions, sentiment, frame hits, term counts) never look at
another document, so a corpus can be cut into chunks of rows and each chunk processed anywhere.
:func:`map_chunks` does that with one of two engines and returns the results in chunk order, whatever
order the workers finish in, so every engine and any number of workers give the same tables:

* ``engine="local"``: ``jobs=1`` runs in this process; ``jobs>1`` uses a
  :class:`~concurrent.futures.ProcessPoolExecutor` with ``jobs`` worker processes.
* ``engine="dask"``: a ``dask.bag`` of chunks mapped on a ``distributed`` cluster: a
  ``LocalCluster`` with ``jobs`` single-threaded workers by default, the cluster at ``scheduler``
  when an address (``"tcp://host:8786"``) is given, or an existing ``distributed.Client``.

:func:`imap_chunks` is the streaming form: it takes an iterator of chunks and keeps only a small
window of them in flight, which is what :func:`analyze_stream` builds on to keep memory flat.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

import pandas as pd

ENGINES = ("local", "dask")
DEFAULT_CHUNK_SIZE = 100  # documents per chunk: big enough to amortise task overhead, small for memory
WINDOW_PER_JOB = 4  # chunks in flight per worker when streaming


def iter_chunks(corpus: pd.DataFrame, chunk_size: int = DEFAULT_CHUNK_SIZE) -> Iterator[pd.DataFrame]:
    """Consecutive row slices of ``corpus`` with at most ``chunk_size`` rows (none for an empty table)."""
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, not {chunk_size}")
    for start in range(0, len(corpus), chunk_size):
        yield corpus.iloc[start : start + chunk_size]


def map_chunks(
    func: Callable[[Any], Any],
    corpus: pd.DataFrame,
    *,
    jobs: int = 1,
    engine: str = "local",
    scheduler=None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> list:
    """Apply ``func`` to each chunk of ``corpus`` rows; results are returned in chunk order.

    ``func`` must be picklable (a module-level function or a ``functools.partial`` of one) when it
    runs in other processes.
    """
    return list(imap_chunks(func, iter_chunks(corpus, chunk_size), jobs=jobs, engine=engine, scheduler=scheduler))


def imap_chunks(
    func: Callable[[Any], Any],
    chunks: Iterable,
    *,
    jobs: int = 1,
    engine: str = "local",
    scheduler=None,
) -> Iterator:
    """Yield ``func(chunk)`` for each chunk, in input order, with at most a few chunks per worker in flight.

    ``chunks`` is consumed lazily, a window of ``WINDOW_PER_JOB * jobs`` at a time, so a generator
    reading a large corpus from disk is never held in memory at once.
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    with _runner(engine, jobs, scheduler) as run:
        for window in _batched(chunks, WINDOW_PER_JOB * jobs):
            yield from run(func, window)


def _batched(items: Iterable, n: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) == n:
            yield batch
            batch = []
    if batch:
        yield batch


@contextmanager
def _runner(engine: str, jobs: int, scheduler):
    """Yield ``run(func, items) -> list`` (results in item order) for the chosen engine."""
    if engine == "dask":
        import dask.bag as db

        with _dask_client(jobs, scheduler) as client:
            yield lambda func, items: db.from_sequence(items, partition_size=1).map(func).compute(scheduler=client)
    elif jobs == 1:
        yield lambda func, items: [func(item) for item in items]
    else:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=_mp_context()) as pool:
            yield lambda func, items: list(pool.map(func, items))


def _mp_context():
    """``forkserver`` where available (no fork of a threaded parent), else ``spawn``."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


@contextmanager
def _dask_client(jobs: int, scheduler):
    """A ``distributed.Client``: the one given, one connected to an address, or a new LocalCluster's."""
    from distributed import Client, LocalCluster

    if isinstance(scheduler, Client):
        yield scheduler  # the caller owns it and closes it
    elif scheduler is not None:
        with Client(scheduler) as client:
            yield client
    else:
        with (
            LocalCluster(n_workers=jobs, threads_per_worker=1, dashboard_address=None) as cluster,
            Client(cluster) as client,
        ):
            yield client


# --- the unit of work: every per-document table of a chunk of the corpus ---------------------------

# per-document tables, in the order process_documents makes them
DOCUMENT_TABLES = (
    "removed", "quotes", "mentions", "sentences", "sentiment", "frames", "frame_evidence", "doc_terms",
    "doc_words",
)


def process_documents(corpus_chunk: pd.DataFrame, *, actors=None, overrides=None) -> dict[str, pd.DataFrame]:
    """Every per-document table for a chunk of loaded corpus rows (cleaning is done at load time).

    Calls the same stage functions as ``toolkit.analyze``: cleaning audit, quotes and mentions one
    document at a time, then sentences (with quote voice), sentiment, frame scores and evidence.
    ``doc_terms`` (``doc_id, outlet, term, count``) and ``doc_words`` (``doc_id, outlet, words``)
    are the per-document pieces :func:`aggregate_terms` sums into the corpus ``terms`` table.
    ``actors`` is an actor registry (not a path), ``overrides`` the sentiment lexicon overrides.
    """
    from toolkit.actors import mention_table
    from toolkit.analysis import per_document
    from toolkit.clean import cleaning_audit
    from toolkit.frames import frame_evidence, frame_scores
    from toolkit.quotes import quote_table
    from toolkit.segment import sentences
    from toolkit.sentiment import sentence_sentiment

    docs = corpus_chunk.reset_index(drop=True)
    quotes = per_document(docs, quote_table, actors=actors)
    sents = sentences(docs, quotes=quotes)
    doc_terms, doc_words = document_terms(docs)
    return {
        "removed": cleaning_audit(docs),
        "quotes": quotes,
        "mentions": per_document(docs, mention_table, actors=actors),
        "sentences": sents,
        "sentiment": sentence_sentiment(sents, lexicon_overrides=overrides),
        "frames": frame_scores(sents),
        "frame_evidence": frame_evidence(sents),
        "doc_terms": doc_terms,
        "doc_words": doc_words,
    }


def document_terms(docs: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Term counts per document (``doc_id, outlet, term, count``) and word tokens per document.

    ``toolkit.terms.term_counts`` groups by outlet; giving each document its own "outlet" makes it
    count per document with exactly the same tokens, so summing these gives the outlet table.
    """
    from toolkit.segment import tokenize
    from toolkit.terms import loaded, term_counts

    docs = loaded(docs)
    outlet_of = dict(zip(docs["doc_id"], docs["outlet"], strict=True))
    counts = term_counts(docs.assign(outlet=docs["doc_id"]))
    doc_terms = pd.DataFrame({
        "doc_id": counts["outlet"],
        "outlet": counts["outlet"].map(outlet_of),
        "term": counts["term"],
        "count": counts["count"],
    })
    words = pd.DataFrame({
        "doc_id": docs["doc_id"],
        "outlet": docs["outlet"],
        "words": pd.array([len(tokenize(t)) for t in docs["text"]], dtype="int64"),
    }).reset_index(drop=True)
    return doc_terms, words


def aggregate_terms(doc_terms: pd.DataFrame, doc_words: pd.DataFrame) -> pd.DataFrame:
    """The corpus ``terms`` table (``outlet, term, count, per_1000, n_docs``) from per-document pieces.

    Equal to ``term_counts(corpus)``: counts summed, ``n_docs`` the documents using the term,
    ``per_1000`` per 1,000 word tokens of the outlet. Also sums partial aggregates (see
    :func:`analyze_stream`), since ``n_docs`` and ``words`` add up across chunks.
    """
    from toolkit.terms import TERM_COLUMNS

    if "n_docs" not in doc_terms.columns:
        doc_terms = doc_terms.assign(n_docs=1)
    terms = (
        doc_terms.groupby(["outlet", "term"], sort=True)[["count", "n_docs"]].sum().reset_index()
    )
    words = doc_words.groupby("outlet")["words"].sum()
    totals = terms["outlet"].map(words).fillna(0).astype("int64").clip(lower=1)
    terms["per_1000"] = terms["count"] * 1000.0 / totals
    terms[["count", "n_docs"]] = terms[["count", "n_docs"]].astype("int64")
    return terms[TERM_COLUMNS].reset_index(drop=True)


def combine(results: Iterable[dict[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """Stack the chunk results of :func:`process_documents` table by table, in chunk order."""
    results = list(results)
    if not results:
        return {}
    return {name: pd.concat([r[name] for r in results], ignore_index=True) for name in results[0]}
