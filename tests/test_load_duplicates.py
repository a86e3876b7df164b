"""Duplicate flags: exact copies (same normalised words) and near copies (word 5-shingle Jaccard ≥ 0.8)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from toolkit.dedup import flag_duplicates, jaccard, shingle_hashes
from toolkit.load import corpus_from_texts

SEED = next(iter(sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))))


@pytest.fixture(scope="module")
def article() -> str:
    return SEED.read_text(encoding="utf-8")


def _edit(text: str, every: int) -> str:
    """Replace every ``every``-th word, as a sub-editor's light rewrite would."""
    words = text.split(" ")
    return " ".join("changed" if n % every == 0 else word for n, word in enumerate(words, 1))


def test_exact_and_near_duplicates_are_flagged_not_dropped(article):
    other = (SEED.parent / "002_c014c445cac2ae77.txt").read_text(encoding="utf-8")
    corpus = corpus_from_texts(
        {
            "b_original": article,
            "c_shouting_copy": "  " + article.upper().replace("\n", "\n\n"),
            "d_light_edit": _edit(article, 60),
            "e_heavy_edit": _edit(article, 3),
            "a_other_story": other,
        }
    ).set_index("doc_id")
    assert len(corpus) == 5 and (corpus["status"] == "loaded").all()
    assert corpus["duplicate_of"].fillna("").to_dict() == {
        "a_other_story": "",
        "b_original": "",
        "c_shouting_copy": "b_original",
        "d_light_edit": "",
        "e_heavy_edit": "",
    }
    assert corpus["near_duplicate_of"].fillna("").to_dict() == {
        "a_other_story": "",
        "b_original": "",
        "c_shouting_copy": "",
        "d_light_edit": "b_original",
        "e_heavy_edit": "",
    }


def test_shingle_jaccard_matches_the_definition():
    a = "one two three four five six seven eight"
    b = "one two three four five six seven nine"
    # shingles of a: 4, of b: 4, shared: 3 → 3 / 5
    assert jaccard(shingle_hashes(a), shingle_hashes(b)) == pytest.approx(3 / 5)
    assert jaccard(shingle_hashes("Short text"), shingle_hashes("short TEXT!")) == 1.0
    assert len(shingle_hashes("")) == 0


def test_threshold_is_applied_to_the_true_jaccard(article):
    words = article.split()
    for every in (8, 12, 20, 30, 60):
        edited = _edit(article, every)
        similarity = jaccard(shingle_hashes(article), shingle_hashes(edited))
        _, near = flag_duplicates(["a", "b"], [article, edited])
        assert (near[1] == "a") == (similarity >= 0.8), (every, similarity, len(words))


def test_earliest_id_wins_whatever_the_input_order(article):
    ids = ["z", "m", "a"]
    exact, near = flag_duplicates(ids, [article, article, _edit(article, 50)])
    assert exact == ["m", None, None]
    assert near == [None, "a", None]  # "a" sorts first, so the edited text counts as the original


def test_many_near_copies_all_point_to_the_first():
    rng = random.Random(7)
    vocabulary = [f"word{n}" for n in range(3000)]
    base = [rng.choice(vocabulary) for _ in range(400)]
    texts, ids = [], []
    for n in range(400):
        words = list(base)
        words[rng.randrange(400)] = f"variant{n}"
        texts.append(" ".join(words))
        ids.append(f"copy{n:04d}")
    texts += [" ".join(rng.choice(vocabulary) for _ in range(400)) for _ in range(100)]
    ids += [f"unrelated{n:03d}" for n in range(100)]
    exact, near = flag_duplicates(ids, texts)
    assert exact == [None] * 500
    assert near[0] is None and set(near[1:400]) == {"copy0000"}
    assert near[400:] == [None] * 100


def test_rejected_and_empty_texts_get_no_flags():
    corpus = corpus_from_texts({"a": "", "b": "", "c": "Same words here.", "d": "same words, here"})
    assert corpus["duplicate_of"].fillna("").tolist() == ["", "", "", "c"]


@pytest.mark.parametrize("size", [0, 1, 2, 50, 5000])  # 5000 + repeats: two MinHash chunks
def test_sorted_unique_is_numpys_unique(size):
    import numpy as np

    from toolkit.dedup import _minhash, _sorted_unique

    rng = np.random.default_rng(size)
    values = rng.integers(0, 2**64 - 1, size=size, dtype=np.uint64, endpoint=True)
    values = np.concatenate([values, values[: size // 3]])  # repeats
    assert np.array_equal(_sorted_unique(values), np.unique(values))
    if size:  # MinHash: the least shifted hash per permutation, as the definition reads
        from toolkit.dedup import _PERM_A, _PERM_B

        expected = ((values[:, None] * _PERM_A + _PERM_B) >> np.uint64(32)).min(axis=0)
        assert np.array_equal(_minhash(_sorted_unique(values)), expected)
