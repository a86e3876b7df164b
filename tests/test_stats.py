"""bootstrap_ci: deterministic, correct edge cases, sensible intervals."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.stats import bootstrap_ci


def test_deterministic_with_seed_and_varies_with_seed():
    values = np.random.default_rng(1).normal(size=300)
    assert bootstrap_ci(values, seed=3) == bootstrap_ci(values, seed=3)
    assert bootstrap_ci(values, seed=3)[1:] != bootstrap_ci(values, seed=4)[1:]


def test_empty_single_and_nan():
    assert all(math.isnan(x) for x in bootstrap_ci([]))
    assert all(math.isnan(x) for x in bootstrap_ci([np.nan, np.nan]))
    assert bootstrap_ci([0.4]) == (0.4, 0.4, 0.4)
    assert bootstrap_ci([0.2, np.nan, 0.4])[0] == np.mean([0.2, 0.4])


def test_interval_covers_known_mean_and_narrows_with_n():
    rng = np.random.default_rng(0)
    small, large = rng.normal(0.3, 1, size=50), rng.normal(0.3, 1, size=5000)
    est, low, high = bootstrap_ci(large)
    assert low < 0.3 < high and low < est < high
    # standard error shrinks ~ 1/sqrt(n): a 100x bigger sample gives a ~10x narrower interval
    ratio = (bootstrap_ci(small)[2] - bootstrap_ci(small)[1]) / (high - low)
    assert 6 < ratio < 15


def test_other_statistics_and_ci_levels():
    values = np.arange(101, dtype=float)
    est, low, high = bootstrap_ci(values, stat=np.median, n_boot=500)
    assert est == 50 and low <= 50 <= high
    narrow = bootstrap_ci(values, ci=0.5)
    wide = bootstrap_ci(values, ci=0.99)
    assert wide[1] < narrow[1] < narrow[2] < wide[2]


def test_large_input_is_blocked_not_exploding():
    values = np.random.default_rng(2).random(200_000)
    est, low, high = bootstrap_ci(values, n_boot=200)
    assert low < est < high and high - low < 0.01


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(-1, 1, allow_nan=False), min_size=1, max_size=40))
def test_mean_inside_interval(values):
    est, low, high = bootstrap_ci(values, n_boot=300)
    assert low - 1e-12 <= est <= high + 1e-12


def _reference_ci(values: np.ndarray, n_boot: int, seed: int) -> tuple[float, float, float]:
    """The percentile bootstrap written out: one fresh generator per call, one resample matrix."""
    idx = np.random.default_rng(seed).integers(0, values.size, size=(n_boot, values.size))
    tail = (1 - 0.95) / 2 * 100
    low, high = np.percentile(values[idx].mean(axis=1), [tail, 100 - tail])
    return float(values.mean()), float(low), float(high)


@settings(max_examples=60)
@given(st.integers(2, 80), st.integers(0, 2), st.sampled_from([50, 2000]))
def test_groups_of_the_same_size_resample_as_a_fresh_generator_would(size, seed, n_boot):
    """Remembered resample indices (many groups share a size) give exactly the fresh generator's CI."""
    for k in range(3):  # the first call makes the indices, the next ones reuse them
        values = np.random.default_rng(100 + k).normal(size=size)
        assert bootstrap_ci(values, n_boot=n_boot, seed=seed) == _reference_ci(values, n_boot, seed)


@settings(max_examples=8, deadline=None)
@given(st.integers(131, 2500), st.integers(0, 2))
def test_samples_resampled_in_blocks_give_the_one_matrix_ci(size, seed):
    """Large samples are resampled in blocks of rows (bounded memory, cache-sized), and the blocks of
    up to 2 M indices are remembered: the generator's stream runs on across blocks, so every CI is
    exactly that of one fresh resample matrix, the first time and when the blocks are re-used."""
    for k in range(2):
        values = np.random.default_rng(size + k).normal(size=size)
        assert bootstrap_ci(values, seed=seed) == _reference_ci(values, 2000, seed)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.one_of(st.floats(-1, 1), st.just(float("nan"))), max_size=12), max_size=8),
       st.integers(0, 2))
def test_many_samples_at_once_are_each_samples_ci(samples, seed):
    """bootstrap_cis shares resample indices between samples of the same size (after dropping NaNs):
    every CI is still exactly the written-out bootstrap's for that sample alone."""
    from toolkit.stats import bootstrap_cis

    found = bootstrap_cis(samples, n_boot=300, seed=seed)
    assert len(found) == len(samples)
    for values, ci in zip(samples, found, strict=True):
        values = np.array([v for v in values if not math.isnan(v)])
        if len(values) > 1:
            assert ci == _reference_ci(values, 300, seed)
        elif len(values) == 1:
            assert ci == (values[0],) * 3
        else:
            assert all(math.isnan(x) for x in ci)
