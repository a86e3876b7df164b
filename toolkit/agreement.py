"""Inter-coder reliability for hand coding: percent agreement and Krippendorff's alpha.

Used in the teaching lessons to compare a student's codes with a partner's and with the toolkit's
indicators. Alpha follows the coincidence-matrix definition in Krippendorff (2011), "Computing
Krippendorff's Alpha-Reliability": it corrects agreement for chance, accepts any number of coders
and tolerates missing values (``None``/``NaN``), which percent agreement does not.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import permutations

import numpy as np
import pandas as pd

LEVELS = ("nominal", "ordinal", "interval")


def _is_missing(value) -> bool:
    """True for ``None``, ``NaN`` and ``pd.NA`` (the ways a cell can be left uncoded)."""
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def percent_agreement(codes_a: Sequence, codes_b: Sequence) -> float:
    """Share of units that two coders coded identically, among units both coded.

    Units where either coder left a missing value are skipped. Returns ``NaN`` when no unit was
    coded by both, so an unfinished coding sheet gives a visible "not yet" rather than an error.
    """
    a, b = list(codes_a), list(codes_b)
    if len(a) != len(b):
        raise ValueError(f"the two coders coded different numbers of units ({len(a)} vs {len(b)})")
    pairs = [(x, y) for x, y in zip(a, b, strict=True) if not (_is_missing(x) or _is_missing(y))]
    if not pairs:
        return float("nan")
    return sum(x == y for x, y in pairs) / len(pairs)


def _units(data) -> list[list]:
    """Coders × units input → for each unit, the list of values actually coded (missing dropped)."""
    if isinstance(data, pd.DataFrame):
        rows = data.to_numpy(dtype=object).tolist()
    else:
        rows = [list(row) for row in data]
    if not rows:
        return []
    n_units = len(rows[0])
    if any(len(row) != n_units for row in rows):
        raise ValueError("every coder needs one value per unit (use None for a unit left uncoded)")
    return [[row[u] for row in rows if not _is_missing(row[u])] for u in range(n_units)]


def _coincidences(units: list[list], level: str) -> tuple[list, np.ndarray]:
    """Coincidence matrix o[c, k]: each ordered pair of values within a unit, weighted 1/(m_u − 1)."""
    pairable = [values for values in units if len(values) >= 2]
    distinct = {value for values in pairable for value in values}
    try:
        categories = sorted(distinct)
    except TypeError:
        if level != "nominal":
            raise ValueError(f"{level} alpha needs values that can be ordered; got {distinct}") from None
        categories = sorted(distinct, key=repr)  # nominal: order is irrelevant, only needs to be fixed
    index = {value: i for i, value in enumerate(categories)}
    o = np.zeros((len(categories), len(categories)))
    for values in pairable:
        weight = 1.0 / (len(values) - 1)
        for c, k in permutations(values, 2):
            o[index[c], index[k]] += weight
    return categories, o


def _squared_distances(categories: list, n_c: np.ndarray, level: str) -> np.ndarray:
    """Difference function δ²(c, k) for the chosen level of measurement."""
    if level == "nominal":
        return 1.0 - np.eye(len(categories))
    if level == "interval":
        values = np.asarray(categories, dtype=float)
        return (values[:, None] - values[None, :]) ** 2
    # ordinal: the distance between two ranks is the mass of values between them, ends halved
    cumulative = np.concatenate([[0.0], np.cumsum(n_c)])
    lo = np.minimum.outer(np.arange(len(categories)), np.arange(len(categories)))
    hi = np.maximum.outer(np.arange(len(categories)), np.arange(len(categories)))
    between = cumulative[hi + 1] - cumulative[lo]
    return (between - (n_c[lo] + n_c[hi]) / 2.0) ** 2


def krippendorff_alpha(data, *, level: str = "nominal") -> float:
    """Krippendorff's alpha for coders × units ``data`` (list of lists or DataFrame).

    ``None``/``NaN`` marks a unit a coder did not code; units coded by fewer than two coders carry
    no pairable information and are ignored. ``level`` is ``"nominal"`` (categories),
    ``"ordinal"`` (ranked categories; values must sort in rank order) or ``"interval"`` (numbers).
    Returns ``NaN`` when alpha is undefined: no pairable values, or every value identical (no
    variation, so agreement cannot be told apart from chance).
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}; got {level!r}")
    categories, o = _coincidences(_units(data), level)
    n_c = o.sum(axis=1)
    n = n_c.sum()
    if len(categories) < 2:
        return float("nan")
    delta = _squared_distances(categories, n_c, level)
    observed = (o * delta).sum()
    expected = (np.outer(n_c, n_c) * delta).sum()
    return float(1.0 - (n - 1.0) * observed / expected)
