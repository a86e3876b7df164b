"""Percent agreement and Krippendorff's alpha against hand-computed values and invariants."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from toolkit.agreement import krippendorff_alpha, percent_agreement

N = None
# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers,
# 12 units, values 1-5, with missing data. The paper gives alpha for each level of measurement.
PAPER_EXAMPLE = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]


@pytest.mark.parametrize(("level", "expected"), [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849)])
def test_paper_example_with_missing_data(level, expected):
    assert krippendorff_alpha(PAPER_EXAMPLE, level=level) == pytest.approx(expected, abs=5e-4)


def test_dataframe_with_nan_equals_list_with_none():
    frame = pd.DataFrame(PAPER_EXAMPLE, dtype=float, index=["A", "B", "C", "D"])
    assert krippendorff_alpha(frame) == pytest.approx(krippendorff_alpha(PAPER_EXAMPLE))


def test_two_coders_binary_by_hand():
    # Pairs per unit: five 0-0, one 1-1, four 0-1. Coincidences (each pair counted both ways,
    # weight 1/(2-1)): o00 = 10, o11 = 2, o01 = o10 = 4; n0 = 14, n1 = 6, n = 20.
    # alpha = 1 - (n - 1) * (o01 + o10) / (n0*n1 + n1*n0) = 1 - 19 * 8 / 168 = 16/168.
    a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    assert krippendorff_alpha([a, b]) == pytest.approx(16 / 168)
    assert percent_agreement(a, b) == pytest.approx(0.6)


def test_perfect_agreement_is_one_at_every_level():
    codes = [[1, 2, 3, 1, 2], [1, 2, 3, 1, 2], [1, 2, N, 1, 2]]
    for level in ("nominal", "ordinal", "interval"):
        assert krippendorff_alpha(codes, level=level) == pytest.approx(1.0)


def test_yes_no_strings_work_as_nominal_codes():
    assert krippendorff_alpha([["yes", "no", "yes"], ["yes", "no", "no"]]) == pytest.approx(1 - 5 * 2 / (3 * 3 * 2))


def test_mixed_value_types_are_fine_for_nominal_but_not_ordinal():
    codes = [["yes", 1, "no"], ["yes", 1, "yes"]]
    assert not math.isnan(krippendorff_alpha(codes))
    with pytest.raises(ValueError, match="ordered"):
        krippendorff_alpha(codes, level="ordinal")


def test_undefined_cases_give_nan_not_an_error():
    assert math.isnan(krippendorff_alpha([[1, 1, 1], [1, 1, 1]]))  # no variation
    assert math.isnan(krippendorff_alpha([[1, N, N], [N, 2, N]]))  # nothing pairable
    assert math.isnan(krippendorff_alpha([]))
    assert math.isnan(percent_agreement([N, 1], [0, N]))


def test_bad_input_is_explained():
    with pytest.raises(ValueError, match="level"):
        krippendorff_alpha(PAPER_EXAMPLE, level="ratio")
    with pytest.raises(ValueError, match="one value per unit"):
        krippendorff_alpha([[1, 2, 3], [1, 2]])
    with pytest.raises(ValueError, match="different numbers"):
        percent_agreement([1, 2, 3], [1, 2])


codes_matrix = st.integers(min_value=2, max_value=4).flatmap(
    lambda n_coders: st.integers(min_value=1, max_value=12).flatmap(
        lambda n_units: st.lists(
            st.lists(st.one_of(st.none(), st.integers(0, 3)), min_size=n_units, max_size=n_units),
            min_size=n_coders,
            max_size=n_coders,
        )
    )
)


@given(codes_matrix)
def test_alpha_is_at_most_one_and_ignores_coder_and_unit_order(codes):
    alpha = krippendorff_alpha(codes)
    if math.isnan(alpha):
        return
    assert alpha <= 1 + 1e-9
    assert krippendorff_alpha(codes[::-1]) == pytest.approx(alpha)
    assert krippendorff_alpha([row[::-1] for row in codes]) == pytest.approx(alpha)


@given(codes_matrix)
def test_nominal_alpha_ignores_category_labels(codes):
    relabel = {0: "conflict", 1: "economic", 2: "morality", 3: "human interest", None: None}
    alpha = krippendorff_alpha(codes)
    relabelled = krippendorff_alpha([[relabel[v] for v in row] for row in codes])
    assert (math.isnan(alpha) and math.isnan(relabelled)) or relabelled == pytest.approx(alpha)


@given(st.lists(st.tuples(st.sampled_from([0, 1, None, np.nan]), st.sampled_from([0, 1, None])), max_size=20))
def test_percent_agreement_is_a_symmetric_share(pairs):
    a = [x for x, _ in pairs]
    b = [y for _, y in pairs]
    share = percent_agreement(a, b)
    if math.isnan(share):
        return
    assert 0.0 <= share <= 1.0
    assert percent_agreement(b, a) == share
