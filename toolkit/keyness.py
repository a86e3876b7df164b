"""Keyness: which words each outlet uses more (or less) than the other outlets together.

Two statistics, both for every outlet against the rest of the corpus (so k >= 2 outlets at once):

* weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008,
  "Fightin' Words", Political Analysis 16(4)), whose z-score shrinks rare words toward zero, and
* log-likelihood G² (Rayson & Garside 2000) with Hardie's Log Ratio effect size (binary log of the
  ratio of relative frequencies, 0.5 added to both counts so words one side never uses stay finite).

Input is the ``term_counts`` table; the outlet totals are the sums of its counts, i.e. the number of
counted content tokens.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

KEYNESS_COLUMNS = ["outlet", "term", "count", "log_odds", "z", "g2", "effect", "direction"]
_METHODS = ("both", "log_odds", "g2")


def _prior(totals: pd.Series, n: float, prior) -> tuple[np.ndarray, float]:
    """Pseudo-counts α_w and the prior size α0 = Σ α_w over the whole vocabulary.

    ``totals`` are the corpus counts of the terms kept, ``n`` the corpus size (all terms). ``prior``
    may be None (α_w = corpus count of w, so α0 = n: the common "corpus as prior" choice), a
    number (α0 itself, α_w = α0 × the corpus share of w), or a mapping/Series term -> count from a
    reference corpus, rescaled to α0 = n (terms missing from it get half a count). With the first
    two the prior rate is the pooled rate, so the sign of z always agrees with the observed rates.
    """
    if prior is None:
        return totals.to_numpy(dtype=float), n
    if np.isscalar(prior):
        if not prior > 0:
            raise ValueError("prior size must be positive")
        return totals.to_numpy(dtype=float) / n * float(prior), float(prior)
    reference = pd.Series(prior, dtype=float).reindex(totals.index).fillna(0.5)
    return reference.to_numpy() / reference.sum() * n, n


def _log_odds(y_i, n_i, y_j, n_j, alpha, a0):
    """Monroe et al.'s δ (eq. 16) and its z-score (eq. 18-19), outlet i against the rest j.

    NaN when a side has no other words at all (a one-word vocabulary: nothing to compare).
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = (np.log((y_i + alpha) / (n_i + a0 - y_i - alpha))
                 - np.log((y_j + alpha) / (n_j + a0 - y_j - alpha)))
    delta = np.where(np.isfinite(delta), delta, np.nan)
    return delta, delta / np.sqrt(1.0 / (y_i + alpha) + 1.0 / (y_j + alpha))


def log_likelihood(a, b, c, d):
    """Rayson & Garside's G² for a word seen ``a`` times in ``c`` tokens against ``b`` times in ``d``.

    G² = 2 Σ O ln(O/E) over the two corpora, with E the counts expected if both used the word at the
    same rate; 0 ln 0 counts as 0. Always >= 0: the direction is reported separately.
    """
    a, b, c, d = (np.asarray(x, dtype=float) for x in (a, b, c, d))
    e1 = c * (a + b) / (c + d)
    e2 = d * (a + b) / (c + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        t1 = np.where(a > 0, a * np.log(a / e1), 0.0)
        t2 = np.where(b > 0, b * np.log(b / e2), 0.0)
    return 2.0 * (t1 + t2)


def log_ratio(a, b, c, d):
    """Hardie's Log Ratio: log2 of the ratio of relative frequencies, 0.5 added to each count."""
    return np.log2(((np.asarray(a, dtype=float) + 0.5) / c) / ((np.asarray(b, dtype=float) + 0.5) / d))


def keyness(terms: pd.DataFrame, *, method: str = "both", prior=None, min_count: int = 3) -> pd.DataFrame:
    """Keyness of every term for every outlet against all other outlets pooled.

    ``terms`` is a ``term_counts`` table (``outlet, term, count``; at least two outlets). Terms with a
    corpus-wide count below ``min_count`` are left out (they cannot be told from chance); every
    remaining term gets a row for every outlet, a count of 0 included, so an outlet that never uses
    a word shows it as ``under``. ``method`` picks the statistics computed (``"both"``,
    ``"log_odds"``: ``log_odds``/``z``; ``"g2"``: ``g2``/``effect``); the others are NaN. ``prior``
    is the Dirichlet prior (see ``_prior``). ``direction`` is ``over`` when the outlet's relative
    frequency is higher than the rest's, ``under`` when lower, ``even`` when equal.
    Sorted by ``outlet, term``; rank with ``top_terms``.
    """
    if method not in _METHODS:
        raise ValueError(f"method must be one of {_METHODS}, not {method!r}")
    wide = terms.pivot_table(index="term", columns="outlet", values="count", aggfunc="sum", fill_value=0)
    if wide.shape[1] < 2:
        raise ValueError("keyness compares outlets: the terms table needs at least two outlets")
    wide = wide.sort_index().sort_index(axis=1)
    totals = wide.sum(axis=1)
    keep = totals >= min_count
    outlet_sizes = wide.sum(axis=0)  # token totals use every term, kept or not
    wide, totals = wide[keep], totals[keep]
    n_all = float(outlet_sizes.sum())
    alpha, a0 = _prior(totals, n_all, prior)
    frames = []
    for outlet in wide.columns:
        y_i = wide[outlet].to_numpy(dtype=float)
        y_j = totals.to_numpy(dtype=float) - y_i
        n_i = float(outlet_sizes[outlet])
        n_j = n_all - n_i
        out = pd.DataFrame({"outlet": outlet, "term": wide.index, "count": y_i.astype("int64")})
        if method in ("both", "log_odds"):
            out["log_odds"], out["z"] = _log_odds(y_i, n_i, y_j, n_j, alpha, a0)
        if method in ("both", "g2"):
            out["g2"] = log_likelihood(y_i, y_j, n_i, n_j)
            out["effect"] = log_ratio(y_i, y_j, n_i, n_j)
        diff = y_i * n_j - y_j * n_i  # sign of the difference of relative frequencies
        out["direction"] = np.select([diff > 0, diff < 0], ["over", "under"], "even")
        frames.append(out.reindex(columns=KEYNESS_COLUMNS))
    table = pd.concat(frames, ignore_index=True)
    return table.sort_values(["outlet", "term"], kind="stable").reset_index(drop=True)


def top_terms(kn: pd.DataFrame, *, n: int = 15, by: str = "z") -> pd.DataFrame:
    """The ``n`` most distinctive over-used terms per outlet, ranked by ``by`` (z, g2, effect, log_odds).

    Adds a ``rank`` column (1 = most distinctive); ties are broken alphabetically.
    """
    if by not in ("z", "g2", "effect", "log_odds"):
        raise ValueError(f"by must be one of z, g2, effect, log_odds, not {by!r}")
    over = kn[(kn["direction"] == "over") & kn[by].notna()]
    ranked = over.sort_values(["outlet", by, "term"], ascending=[True, False, True], kind="stable")
    top = ranked.groupby("outlet", sort=True).head(n).copy()
    top["rank"] = top.groupby("outlet").cumcount() + 1
    return top.reset_index(drop=True)
