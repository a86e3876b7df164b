"""Execution engine: run per-document work over corpus chunks, in-process, in local processes or on Dask.

Per-document stages (sentences, quotes, mentions, sentiment, frame hits, term counts) never look at
another document, so a corpus can be cut into chunks of rows and each chunk processed anywhere.
:func:`map_chunks` does that with one of two engines and returns the results in chunk order, whatever
order the workers finish in, so every engine and any number of workers give the same tables:

* ``engine="local"``: ``jobs=1`` runs in this process; ``jobs>1`` uses a
  :class:`~concurrent.futures.ProcessPoolExecutor` with ``jobs`` worker processes.
* ``engine="dask"``: tasks submitted to a ``distributed`` cluster: a ``LocalCluster`` with
  ``jobs`` single-threaded workers by default, the cluster at ``scheduler`` when an address
  (``"tcp://host:8786"``) is given, or an existing ``distributed.Client``.

:func:`imap_chunks` is the streaming form: it takes an iterator of chunks and keeps only a small
window of them in flight, which is what :func:`analyze_stream` builds on to keep memory flat.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import shutil
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

ENGINES = ("local", "dask")
DEFAULT_CHUNK_SIZE = 100  # documents per chunk: big enough to amortise task overhead, small for memory
WINDOW_PER_JOB = 4  # chunks in flight per worker when streaming
# modules a local worker process needs for process_documents, imported once by the fork server
PRELOAD = ("toolkit.engine", "toolkit.analysis", "toolkit.load", "toolkit.clean", "toolkit.segment",
           "toolkit.quotes", "toolkit.actors", "toolkit.sentiment", "toolkit.frames", "toolkit.terms",
           "toolkit.compare")


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
    chunks = iter_chunks(corpus, chunk_size)
    if (jobs > 1 or engine == "dask") and "raw" in corpus.columns:
        from toolkit.clean import remembered_removals

        chunks = ((chunk, remembered_removals(chunk["raw"].tolist())) for chunk in chunks)
        func = partial(_with_removals, func)
    return list(imap_chunks(func, chunks, jobs=jobs, engine=engine, scheduler=scheduler))


def _with_removals(func: Callable[[Any], Any], item: tuple[pd.DataFrame, dict]):
    """``func(chunk)`` in a worker process, after remembering the cleaning removals the loader found
    for the chunk's texts in the parent, so that the cleaning audit does not clean them again."""
    from toolkit.clean import remember_removals

    chunk, removals = item
    remember_removals(removals)
    return func(chunk)


def imap_chunks(
    func: Callable[[Any], Any],
    chunks: Iterable,
    *,
    jobs: int = 1,
    engine: str = "local",
    scheduler=None,
) -> Iterator:
    """Yield ``func(chunk)`` for each chunk, in input order, with at most a few chunks per worker in flight.

    ``chunks`` is consumed lazily: a sliding window of ``WINDOW_PER_JOB * jobs`` chunks is
    submitted (one at a time in-process), and the oldest result is yielded before the next chunk is
    read, so a generator reading a large corpus from disk is never held in memory at once and no
    worker waits for a slow chunk elsewhere.
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    with _submitter(engine, jobs, scheduler) as (submit, window):
        pending: deque = deque()
        for chunk in chunks:
            pending.append(submit(func, chunk))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


@contextmanager
def _submitter(engine: str, jobs: int, scheduler):
    """Yield ``(submit, window)``: ``submit(func, item)`` returns a future with ``.result()``."""
    if engine == "dask":
        with _dask_client(jobs, scheduler) as client:
            yield (lambda func, item: client.submit(func, item, pure=False)), WINDOW_PER_JOB * jobs
    elif jobs == 1:
        yield _run_here, 1
    else:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=_mp_context()) as pool:
            yield pool.submit, WINDOW_PER_JOB * jobs


def _run_here(func: Callable[[Any], Any], item) -> Future:
    future: Future = Future()
    future.set_result(func(item))
    return future


def _batched(items: Iterable, n: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) == n:
            yield batch
            batch = []
    if batch:
        yield batch


def _mp_context():
    """``forkserver`` where available (no fork of a threaded parent), else ``spawn``.

    The fork server imports the stage modules once, so workers start with them loaded instead of
    each paying a second or so of imports (pandas, pyarrow, the rule patterns) before its first chunk.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(PRELOAD))
    return context


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
    "doc_words", "doc_items",
)


def process_documents(corpus_chunk: pd.DataFrame, *, actors=None, overrides=None) -> dict[str, pd.DataFrame]:
    """Every per-document table for a chunk of loaded corpus rows (cleaning is done at load time).

    The stages, each called once on the chunk (they work document by document inside, and one call
    saves building a small table per document): cleaning audit, quotes, mentions, sentences (with
    quote voice), sentiment, frame scores and evidence. Each text is split into sentences and
    scanned for registry mentions once, and the quote, mention and sentence stages share the result.
    ``doc_terms`` (``doc_id, outlet, term, count``) and ``doc_words`` (``doc_id, outlet, words``)
    are the per-document pieces :func:`aggregate_terms` sums into the corpus ``terms`` table;
    ``doc_items`` (``compare.document_items``) the dates, numbers and places that ``coverage`` and
    ``event_consistency`` aggregate. ``actors`` is an actor registry (not a path), ``overrides``
    the sentiment lexicon overrides.
    """
    from toolkit.actors import as_date, as_registry, mention_table
    from toolkit.clean import cleaning_audit
    from toolkit.compare import document_items
    from toolkit.frames import frame_evidence, frame_scores
    from toolkit.quotes import quote_table
    from toolkit.segment import sentences, split_sentences
    from toolkit.sentiment import sentence_sentiment

    docs = corpus_chunk.reset_index(drop=True)
    analysed = _with_text(docs)
    registry = as_registry(actors)
    texts = analysed["text"].tolist()
    dates = analysed["date"].tolist() if "date" in analysed.columns else [None] * len(texts)
    spans = [split_sentences(text) for text in texts]
    found = [registry.find(text, date=as_date(date)) for text, date in zip(texts, dates, strict=True)]
    quotes = quote_table(analysed, actors=registry, sentences=spans, mentions=found)
    sents = sentences(analysed, quotes=quotes, spans=spans)
    doc_terms, doc_words = document_terms(docs)
    evidence = frame_evidence(sents)
    return {
        "removed": cleaning_audit(docs),
        "quotes": quotes,
        "mentions": mention_table(analysed, actors=registry, found=found),
        "sentences": sents,
        "sentiment": sentence_sentiment(sents, lexicon_overrides=overrides),
        "frames": frame_scores(sents, evidence=evidence),
        "frame_evidence": evidence,
        "doc_terms": doc_terms,
        "doc_words": doc_words,
        "doc_items": document_items(docs, actors=registry),
    }


def _with_text(docs: pd.DataFrame) -> pd.DataFrame:
    """The loaded rows that have a text: what the quote, mention and sentence stages analyse."""
    keep = [isinstance(text, str) for text in docs["text"].tolist()]
    if "status" in docs.columns:
        keep = [k and status == "loaded" for k, status in zip(keep, docs["status"].tolist(), strict=True)]
    return docs[keep] if not all(keep) else docs


def document_terms(docs: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Term counts per document (``doc_id, outlet, term, count``) and word tokens per document.

    The counts are ``toolkit.terms.term_counts``'s, with each document as its own "outlet" (its
    content tokens, counted; texts sharing a ``doc_id`` count together). The chunk is tokenised
    once as token ids (``terms.tokenize_texts``: each distinct word normalised once) and counted
    with numpy, rows ordered by document then term, so summing them gives the outlet table.
    """
    import numpy as np

    from toolkit.terms import loaded, tokenize_texts

    docs = loaded(docs)
    doc_ids, texts = docs["doc_id"].tolist(), docs["text"].tolist()
    outlet_of = dict(zip(doc_ids, docs["outlet"].tolist(), strict=True))
    tokens = tokenize_texts(texts)
    n_vocab = max(len(tokens.vocab), 1)
    order = np.argsort(tokens.vocab, kind="stable")  # the vocabulary in string order
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    group_of: dict = {}  # doc_id -> its number, first seen first
    groups = [group_of.setdefault(doc_id, len(group_of)) for doc_id in doc_ids]
    names = pd.Series(list(group_of))  # numbered again in doc_id order, so the rows come out sorted
    by_name = names.sort_values(kind="stable").index.to_numpy()
    names = names.to_numpy(dtype=object)[by_name]
    renumber = np.empty(len(by_name), dtype=np.int64)
    renumber[by_name] = np.arange(len(by_name))
    groups = renumber[groups].tolist() if groups else []
    own = [len(ids) for ids in tokens.ids]  # word tokens of each text
    ids = np.concatenate(tokens.ids) if texts else np.empty(0, np.int32)
    content = tokens.content[ids]
    codes = np.repeat(np.asarray(groups, dtype=np.int64), own)[content] * n_vocab + rank[ids[content]]
    codes, numbers = np.unique(codes, return_counts=True)  # by document, then term
    row_group = codes // n_vocab
    has_terms = np.bincount(row_group, minlength=len(group_of)) > 0
    if len(codes):
        doc_terms = pd.DataFrame({
            "doc_id": names[row_group],
            "outlet": np.array([outlet_of[name] for name in names], dtype=object)[row_group],
            # a text without terms made term_counts' column object (an empty array joined the strings)
            "term": pd.Series(tokens.vocab[order[codes % n_vocab]], dtype=object) if not has_terms.all()
            else tokens.vocab[order[codes % n_vocab]].tolist(),
            "count": pd.array(numbers, dtype="int64"),
        })
    else:  # the dtypes of term_counts' empty table, mapped as before
        doc_terms = pd.DataFrame({"doc_id": pd.Series(dtype=object), "outlet": pd.Series(dtype="float64"),
                                  "term": pd.Series(dtype=object), "count": pd.Series(dtype="int64")})
    totals = np.bincount(groups, weights=own, minlength=len(group_of)).astype(np.int64).tolist() if groups else []
    words = [totals[g] if has_terms[g] else n for g, n in zip(groups, own, strict=True)]
    doc_words = pd.DataFrame({
        "doc_id": docs["doc_id"].to_numpy(),
        "outlet": docs["outlet"].to_numpy(),
        "words": pd.array(words, dtype="int64"),
    })
    return doc_terms, doc_words


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


def document_tables(
    docs: pd.DataFrame,
    *,
    actors=None,
    overrides=None,
    jobs: int = 1,
    engine: str = "local",
    scheduler=None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    cache_dir: Path | str | None = None,
) -> dict[str, pd.DataFrame]:
    """Every per-document table of the loaded ``docs``, computed on the engine, optionally cached.

    The one call ``analyze`` needs: :func:`process_documents` mapped over chunks, results stacked
    in corpus order. With ``cache_dir`` (an output folder), documents analysed before with the same
    settings are read from ``cache_dir/analysis/.cache`` and only new or changed ones are processed.
    """
    from toolkit.cache import DocumentCache, setting

    work = partial(process_documents, actors=actors, overrides=overrides)
    if docs.empty:
        return work(docs)
    run = partial(map_chunks, jobs=jobs, engine=engine, scheduler=scheduler, chunk_size=chunk_size)
    if cache_dir is None:
        return combine(run(work, docs))
    settings = [setting("actors", actors), setting("overrides", overrides)]
    return DocumentCache(cache_dir, settings=settings).map(work, docs, run=run)


def combine(results: Iterable[dict[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """Stack the chunk results of :func:`process_documents` table by table, in chunk order."""
    results = list(results)
    if not results:
        return {}
    return {name: pd.concat([r[name] for r in results], ignore_index=True) for name in results[0]}


# --- streaming: bounded memory for corpora that do not fit -------------------------------------------

STREAM_SUFFIXES = (".jsonl", ".ndjson", ".parquet", ".csv", ".tsv")
SENTIMENT_TOTALS = ["outlet", "voice", "n", "mean", "share_pos", "share_neg"]


@dataclass(frozen=True)
class RawChunk:
    """A slice of a table export, as the bytes of a small file of the same format.

    Workers write it to a private temporary file and read it with ``load_corpus``, so loading is
    exactly the full loader's and works on a remote Dask worker that cannot see the input path.
    """

    suffix: str
    data: bytes


def read_chunks(path: Path | str, chunk_size: int = DEFAULT_CHUNK_SIZE) -> Iterator[RawChunk]:
    """Cut a JSONL, Parquet or CSV/TSV export into :class:`RawChunk` s of ``chunk_size`` rows, lazily."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in STREAM_SUFFIXES:
        raise ValueError(f"streaming reads {', '.join(STREAM_SUFFIXES)} exports, not {path.name!r}")
    if suffix in (".jsonl", ".ndjson"):
        with path.open("rb") as f:
            lines = (line for line in f if line.strip())
            for batch in _batched(lines, chunk_size):
                yield RawChunk(suffix, b"".join(line if line.endswith(b"\n") else line + b"\n" for line in batch))
    elif suffix == ".parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        for batch in pq.ParquetFile(path).iter_batches(batch_size=chunk_size):
            sink = io.BytesIO()
            pq.write_table(pa.Table.from_batches([batch]), sink)
            yield RawChunk(suffix, sink.getvalue())
    else:
        sep = "\t" if suffix == ".tsv" else ","
        for frame in pd.read_csv(path, dtype=str, keep_default_na=False, sep=sep, chunksize=chunk_size):
            yield RawChunk(suffix, frame.to_csv(index=False, sep=sep).encode("utf-8"))


def load_chunk(chunk: RawChunk | pd.DataFrame) -> pd.DataFrame:
    """The corpus table of one chunk: ``load_corpus`` on a :class:`RawChunk`, a loaded table as is."""
    if isinstance(chunk, pd.DataFrame):
        return chunk
    from toolkit.load import load_corpus

    with tempfile.TemporaryDirectory(prefix="toolkit-chunk-") as tmp:
        path = Path(tmp) / f"chunk{chunk.suffix}"
        path.write_bytes(chunk.data)
        corpus = load_corpus(path)
    # paths name the temporary file; point them at the chunk's rows instead
    return corpus.assign(path=corpus["path"].str.replace(path.name, "chunk", regex=False))


def load_and_process(chunk: RawChunk | pd.DataFrame, *, actors=None, overrides=None) -> dict[str, pd.DataFrame]:
    """Load one chunk and make its per-document tables.

    Adds ``articles`` (the chunk's corpus table) and ``coverage_counts`` (the chunk's non-zero
    ``coverage`` rows, which add up across chunks).
    """
    from toolkit.compare import coverage
    from toolkit.terms import loaded

    corpus = load_chunk(chunk)
    docs = loaded(corpus)
    tables = process_documents(docs, actors=actors, overrides=overrides)
    counts = coverage(docs, tables["mentions"], tables["quotes"], actors=actors, items=tables["doc_items"])
    return {"articles": corpus, **tables, "coverage_counts": counts[counts["count"] > 0].drop(columns="present")}


def analyze_stream(
    inputs,
    out_dir: Path | str,
    *,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    jobs: int = 1,
    engine: str = "local",
    scheduler=None,
    actors=None,
    overrides=None,
) -> Path:
    """Analyse a corpus chunk by chunk with flat memory; returns ``OUT_DIR/analysis``.

    ``inputs`` is a JSONL/Parquet/CSV export (or a list of them), read ``chunk_size`` rows at a
    time, a loaded corpus table, or any iterable of loaded corpus tables (a folder corpus: load it
    with ``load_corpus`` first; only exports are read lazily). Each chunk is loaded and processed
    by the engine and its tables written as ``analysis/parts/<table>/part-NNNNNN.parquet`` as
    results arrive (``pd.read_parquet("…/parts/sentences")`` reads a whole table). Corpus-level
    tables that add up are kept as running sums and saved with ``Analysis.save`` at the end:
    ``terms`` and ``coverage`` (equal to ``term_counts`` and ``compare.coverage`` on the whole
    corpus), ``keyness``, and ``sentiment_totals`` (per outlet and voice: sentences, mean compound,
    shares of positive/negative sentences; no bootstrap CIs, which need every sentence at once).
    Duplicate flags only compare articles within a chunk; ids must be unique across the corpus
    (Media Cloud's ``stories_id`` is).
    """
    from toolkit.actors import as_registry
    from toolkit.analysis import Analysis

    out = Path(out_dir) / "analysis"
    parts = out / "parts"
    if parts.exists():
        shutil.rmtree(parts)
    work = partial(load_and_process, actors=as_registry(actors), overrides=overrides)
    totals = _Totals()
    for number, tables in enumerate(imap_chunks(work, _stream_inputs(inputs, chunk_size), jobs=jobs,
                                                engine=engine, scheduler=scheduler)):
        totals.add(tables)
        for name, table in tables.items():
            folder = parts / name
            folder.mkdir(parents=True, exist_ok=True)
            table.to_parquet(folder / f"part-{number:06d}.parquet", index=False)
    Analysis(totals.tables()).save(out)
    return out


def _stream_inputs(inputs, chunk_size: int) -> Iterator[RawChunk | pd.DataFrame]:
    if isinstance(inputs, pd.DataFrame):  # a loaded corpus: cut it into chunks
        inputs = iter_chunks(inputs, chunk_size)
    elif isinstance(inputs, str | os.PathLike):
        inputs = [inputs]
    for item in inputs:
        if isinstance(item, pd.DataFrame):
            yield item
        else:
            yield from read_chunks(item, chunk_size)


class _Totals:
    """Running sums of the additive corpus-level statistics, and a check that ids never repeat."""

    def __init__(self):
        self.doc_ids: set[str] = set()
        self.terms: list[pd.DataFrame] = []
        self.words: list[pd.DataFrame] = []
        self.sentiment: list[pd.DataFrame] = []
        self.coverage: list[pd.DataFrame] = []

    def add(self, tables: dict[str, pd.DataFrame]) -> None:
        ids = set(tables["articles"]["doc_id"])
        repeated = self.doc_ids & ids
        if repeated:
            raise ValueError(f"doc_id {min(repeated)!r} occurs in two chunks; give the export an id column")
        self.doc_ids |= ids
        self.terms = [_sum(self.terms + [aggregate_terms(tables["doc_terms"], tables["doc_words"])],
                           ["outlet", "term"], ["count", "n_docs"])]
        self.words = [_sum(self.words + [tables["doc_words"]], ["outlet"], ["words"])]
        scores = tables["sentiment"].assign(
            n=1, pos=lambda t: (t["label"] == "positive").astype("int64"),
            neg=lambda t: (t["label"] == "negative").astype("int64"),
        )
        self.sentiment = [_sum(self.sentiment + [scores], ["outlet", "voice"], ["n", "compound", "pos", "neg"])]
        self.coverage = [_sum(self.coverage + [tables["coverage_counts"]], ["outlet", "item_type", "item"], ["count"])]

    def tables(self) -> dict[str, pd.DataFrame]:
        from toolkit.keyness import KEYNESS_COLUMNS, keyness

        if not self.doc_ids:
            return {}
        terms = aggregate_terms(self.terms[0], self.words[0])
        several = terms["outlet"].nunique() >= 2  # keyness compares outlets
        s = self.sentiment[0]
        sentiment = s.assign(mean=s["compound"] / s["n"], share_pos=s["pos"] / s["n"], share_neg=s["neg"] / s["n"])
        return {"terms": terms, "keyness": keyness(terms) if several else pd.DataFrame(columns=KEYNESS_COLUMNS),
                "sentiment_totals": sentiment[SENTIMENT_TOTALS], "coverage": self._coverage_grid()}

    def _coverage_grid(self) -> pd.DataFrame:
        """Summed coverage counts on the full outlet × item grid, as ``compare.coverage`` returns it."""
        counts = self.coverage[0]
        outlets = sorted(self.words[0]["outlet"])
        items = counts[["item_type", "item"]].drop_duplicates()
        grid = pd.DataFrame({"outlet": outlets}).merge(items, how="cross")
        table = grid.merge(counts, on=["outlet", "item_type", "item"], how="left")
        table["count"] = table["count"].fillna(0).astype("int64")
        table["present"] = table["count"] > 0
        return table.sort_values(["outlet", "item_type", "item"], kind="stable").reset_index(drop=True)


def _sum(tables: list[pd.DataFrame], keys: list[str], values: list[str]) -> pd.DataFrame:
    return pd.concat(tables, ignore_index=True).groupby(keys, sort=True)[values].sum().reset_index()
