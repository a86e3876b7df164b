"""Bootstrap confidence intervals: seeded, vectorised, the same numbers on every run."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

# resample matrices are built in blocks of at most this many values, to bound memory on large inputs
_BLOCK_VALUES = 4_000_000


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
    data = np.asarray(values, dtype=float).ravel()
    data = data[~np.isnan(data)]
    if data.size == 0:
        return (float("nan"),) * 3
    estimate = float(stat(data))
    if data.size == 1:
        return estimate, estimate, estimate
    rng = np.random.default_rng(seed)
    block = max(1, min(n_boot, _BLOCK_VALUES // data.size))
    stats = []
    for done in range(0, n_boot, block):
        idx = rng.integers(0, data.size, size=(min(block, n_boot - done), data.size))
        stats.append(np.asarray(stat(data[idx], axis=1), dtype=float))
    tail = (1 - ci) / 2 * 100
    low, high = np.percentile(np.concatenate(stats), [tail, 100 - tail])
    return estimate, float(low), float(high)
