"""Bootstrap confidence intervals: seeded, vectorised, the same numbers on every run."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

import numpy as np

# resample matrices are made in blocks of at most this many values, one at a time: bounded memory, and
# blocks that stay in cache (4 M-value blocks were a quarter slower); the stream runs on: same numbers
_BLOCK_VALUES = 1 << 18
# Resample indices depend only on (sample size, n_boot, seed), and an analysis bootstraps many groups
# of the same size (the frames of an outlet's articles, actors per outlet): the index blocks of
# resamples of up to _REMEMBER_MATRIX values are kept, at most _REMEMBER_VALUES indices in all (64 MB).
_REMEMBER_MATRIX = 2_000_000
_REMEMBER_VALUES = 8_000_000
_remembered: dict[tuple[int, int, int], tuple[np.ndarray, ...]] = {}


def _indices(size: int, n_boot: int, seed) -> Iterator[np.ndarray]:
    """The resample index blocks of ``default_rng(seed)``: ``integers(0, size, (rows, size))`` each,
    made one at a time (only remembered ones are all kept)."""
    key = (size, n_boot, seed)
    kept = size * n_boot <= _REMEMBER_MATRIX and type(seed) is int
    known = _remembered.get(key) if kept else None
    if known is not None:
        yield from known
        return
    rng = np.random.default_rng(seed)
    block = max(1, min(n_boot, _BLOCK_VALUES // size))
    blocks = (rng.integers(0, size, size=(min(block, n_boot - done), size)) for done in range(0, n_boot, block))
    if not kept:
        yield from blocks
        return
    blocks = tuple(blocks)
    if sum(b.size for blocks_of in _remembered.values() for b in blocks_of) + size * n_boot > _REMEMBER_VALUES:
        _remembered.clear()
    for b in blocks:
        b.flags.writeable = False
    _remembered[key] = blocks
    yield from blocks


def bootstrap_ci(
    values,
    *,
    stat: Callable = np.mean,
    n_boot: int = 2000,
    ci: float = 0.95,
    seed: int = 0,
) -> tuple[float, float, float]:
    """Percentile bootstrap ``(estimate, low, high)`` of ``stat`` over ``values``.

    NaNs are dropped; empty input gives NaNs; one value gives a degenerate interval. ``stat`` must accept
    an ``axis`` keyword (numpy reductions do); resampling uses ``numpy.random.default_rng(seed)``.
    """
    return bootstrap_cis([values], stat=stat, n_boot=n_boot, ci=ci, seed=seed)[0]


def bootstrap_cis(
    samples: Iterable,
    *,
    stat: Callable = np.mean,
    n_boot: int = 2000,
    ci: float = 0.95,
    seed: int = 0,
) -> list[tuple[float, float, float]]:
    """``bootstrap_ci`` of each sample, the same numbers, in order: samples of the same size are
    resampled together, so each resample index block is drawn once for all of them (the random
    draws are most of a bootstrap's cost, and an analysis has many groups of the same size)."""
    data = [np.asarray(values, dtype=float).ravel() for values in samples]
    data = [values[~np.isnan(values)] for values in data]
    results: list[tuple[float, float, float]] = [(float("nan"),) * 3] * len(data)
    by_size: dict[int, list[int]] = {}
    for k, values in enumerate(data):
        if values.size:
            estimate = float(stat(values))
            results[k] = (estimate, estimate, estimate)
            if values.size > 1:
                by_size.setdefault(values.size, []).append(k)
    tail = (1 - ci) / 2 * 100
    for size, same in by_size.items():
        stats: list[list[np.ndarray]] = [[] for _ in same]
        for idx in _indices(size, n_boot, seed):
            for found, k in zip(stats, same, strict=True):
                found.append(np.asarray(stat(data[k][idx], axis=1), dtype=float))
        for found, k in zip(stats, same, strict=True):
            low, high = np.percentile(np.concatenate(found), [tail, 100 - tail])
            results[k] = (results[k][0], float(low), float(high))
    return results
