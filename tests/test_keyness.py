"""keyness: hand-computed G², Log Ratio and Monroe log-odds; directions; all seed outlets."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.keyness import keyness, log_likelihood, log_ratio, top_terms
from toolkit.terms import term_counts


def counts(table: dict[str, dict[str, int]]) -> pd.DataFrame:
    rows = [(o, t, c) for o, terms in table.items() for t, c in terms.items()]
    return pd.DataFrame(rows, columns=["outlet", "term", "count"])


def test_g2_and_log_ratio_hand_computed_on_a_2x2_table():
    # 10 of 1,000 tokens against 5 of 2,000: expected 5 and 10, G² = 2(10 ln 2 + 5 ln ½) = 10 ln 2
    assert log_likelihood(10, 5, 1000, 2000) == pytest.approx(10 * math.log(2))
    assert log_likelihood(0, 5, 1000, 2000) == pytest.approx(2 * 5 * math.log(5 / (2000 * 5 / 3000)))
    assert log_likelihood(4, 8, 1000, 2000) == pytest.approx(0.0)  # same rate: no evidence
    assert log_ratio(10, 5, 1000, 2000) == pytest.approx(math.log2((10.5 / 1000) / (5.5 / 2000)))


def test_monroe_log_odds_hand_computed():
    # two outlets, two words; prior alpha_w = corpus count (default), alpha_0 = corpus size
    kn = keyness(counts({"A": {"war": 6, "peace": 2}, "B": {"war": 2, "peace": 6}}), min_count=1)
    row = kn.set_index(["outlet", "term"]).loc[("A", "war")]
    alpha, a0 = 8.0, 16.0
    delta = math.log((6 + alpha) / (8 + a0 - 6 - alpha)) - math.log((2 + alpha) / (8 + a0 - 2 - alpha))
    assert row["log_odds"] == pytest.approx(delta)
    assert row["z"] == pytest.approx(delta / math.sqrt(1 / (6 + alpha) + 1 / (2 + alpha)))
    assert row["g2"] == pytest.approx(log_likelihood(6, 2, 8, 8))
    assert row["direction"] == "over"
    mirror = kn.set_index(["outlet", "term"]).loc[("B", "war")]
    assert mirror["z"] == pytest.approx(-row["z"]) and mirror["direction"] == "under"


def test_a_term_only_one_outlet_uses_is_over_for_it_and_under_for_the_rest():
    table = counts({
        "A": {"porcupine": 4, "troops": 5, "peace": 5},
        "B": {"troops": 5, "peace": 6},
        "C": {"troops": 4, "peace": 5},
    })
    kn = keyness(table)
    rows = kn[kn["term"] == "porcupine"].set_index("outlet")
    assert rows.loc["A", "direction"] == "over" and rows.loc["A", "z"] > 0 and rows.loc["A", "g2"] > 0
    assert rows.loc["A", "effect"] > 0
    assert (rows.loc[["B", "C"], "direction"] == "under").all() and (rows.loc[["B", "C"], "z"] < 0).all()
    assert (rows.loc[["B", "C"], "count"] == 0).all()  # full grid: zero counts are rows
    assert top_terms(kn, n=1).set_index("outlet").loc["A", "term"] == "porcupine"


def test_prior_size_and_reference_prior():
    table = counts({"A": {"war": 30, "peace": 10, "talks": 5}, "B": {"war": 10, "peace": 30, "talks": 5}})
    strong = keyness(table, prior=1e6).set_index(["outlet", "term"])["z"]
    weak = keyness(table, prior=1.0).set_index(["outlet", "term"])["z"]
    assert abs(strong[("A", "war")]) < abs(weak[("A", "war")])  # a strong prior shrinks toward 0
    ref = keyness(table, prior={"war": 100, "peace": 100, "talks": 1})
    assert np.isfinite(ref["z"]).all()
    with pytest.raises(ValueError):
        keyness(table, prior=0)


def test_method_selects_statistics_and_input_checks():
    table = counts({"A": {"war": 3, "peace": 1}, "B": {"war": 1, "peace": 3}})
    g2 = keyness(table, method="g2", min_count=1)
    assert g2["z"].isna().all() and g2["g2"].notna().all()
    lo = keyness(table, method="log_odds", min_count=1)
    assert lo["g2"].isna().all() and lo["z"].notna().all()
    with pytest.raises(ValueError):
        keyness(table, method="chi2")
    with pytest.raises(ValueError):
        keyness(counts({"A": {"war": 3}}))
    with pytest.raises(ValueError):
        top_terms(lo, by="count")


def test_keyness_on_seeds_every_outlet_and_deterministic(seed_corpus):
    terms = term_counts(seed_corpus)
    kn = keyness(terms)
    assert kn["outlet"].nunique() == 5
    assert list(kn.columns) == ["outlet", "term", "count", "log_odds", "z", "g2", "effect", "direction"]
    assert (kn.groupby("term").size() == 5).all()  # every kept term has a row for every outlet
    assert (kn["g2"] >= 0).all() and set(kn["direction"]) <= {"over", "under", "even"}
    over = kn["direction"] == "over"
    assert (np.sign(kn.loc[over, "z"]) > 0).all() and (kn.loc[~over & (kn["direction"] == "under"), "z"] < 0).all()
    top = top_terms(kn, n=5)
    assert top["outlet"].nunique() == 5 and (top.groupby("outlet").size() == 5).all()
    # Outlet E is the blog covering the March summit: Kyiv and "agreement" are its words
    assert {"agreement", "kyiv"} <= set(top.loc[top["outlet"] == "Outlet E (unattributed blog)", "term"])
    assert kn.equals(keyness(terms.sample(frac=1, random_state=3)))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("ABC"), st.sampled_from(["war", "peace", "talks", "oil"]),
                          st.integers(1, 50)), min_size=2, max_size=12))
def test_z_sign_agrees_with_direction(rows):
    table = pd.DataFrame(rows, columns=["outlet", "term", "count"])
    if table["outlet"].nunique() < 2:
        return
    for min_count in (1, 20):  # also when rare terms are dropped
        kn = keyness(table, min_count=min_count)
        assert (kn.loc[kn["direction"] == "over", "z"] > 0).all()
        assert (kn.loc[kn["direction"] == "under", "z"] < 0).all()
