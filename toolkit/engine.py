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
