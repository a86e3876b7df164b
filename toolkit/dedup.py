"""Exact and near-duplicate documents, flagged (never dropped) in about linear time.

Exact duplicates share the same normalised text (case-folded words). Near duplicates share at least
``threshold`` of their word 5-shingles (Jaccard similarity). Candidates come from MinHash signatures
split into LSH bands, so only documents that collide in some band are compared; each candidate pair is
then verified with the exact Jaccard similarity of the two shingle sets.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np

__all__ = ["flag_duplicates", "jaccard", "shingle_hashes"]

SHINGLE_SIZE = 5
BANDS, ROWS = 20, 6  # 120 MinHash values; a pair at Jaccard 0.8 shares a band with probability 0.998
SEED = 20240901
#: work caps that keep a bucket of many near-identical documents linear, not quadratic
MAX_BUCKET = 32
MAX_CHECKS = 64
_CHUNK = 4096
_RECENT = 4096  # documents whose shingles are kept for verifying candidates (older ones are recomputed)

_WORD_RE = re.compile(r"\w+")


def _random_uint64(seed: int, size: int, *, odd: bool = False) -> np.ndarray:
    """Seeded 64-bit hash parameters (odd ones for multiply-shift hashing)."""
    values = np.random.default_rng(seed).integers(0, 2**63, size=size, dtype=np.uint64)
    return values * np.uint64(2) + np.uint64(1) if odd else values


_PERM_A = _random_uint64(SEED, BANDS * ROWS, odd=True)
_PERM_B = _random_uint64(SEED + 1, BANDS * ROWS)
_BAND_MIX = _random_uint64(SEED + 2, ROWS, odd=True)


def _words(text: str) -> list[str]:
    return _WORD_RE.findall(text.casefold())


class _WordHashes(dict):
    """word → its 64-bit hash (BLAKE2b), computed on first look-up: ``map(hashes.__getitem__, words)``
    costs a dictionary look-up per word. Bounded: emptied when it holds ``_MAX_WORDS`` words."""

    def __missing__(self, word: str) -> int:
        if len(self) >= _MAX_WORDS:
            self.clear()
        value = self[word] = int.from_bytes(
            hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little"
        )
        return value


_MAX_WORDS = 200_000
_WORD_HASHES = _WordHashes()


def shingle_hashes(text: str, k: int = SHINGLE_SIZE) -> np.ndarray:
    """Sorted unique 64-bit hashes of the text's case-folded word ``k``-shingles (one shingle if shorter)."""
    return _shingles(_words(text), k)


def _shingles(words: list[str], k: int = SHINGLE_SIZE) -> np.ndarray:
    if not words:
        return np.empty(0, dtype=np.uint64)
    hashes = np.fromiter(map(_WORD_HASHES.__getitem__, words), dtype=np.uint64, count=len(words))
    n = max(len(words) - k + 1, 1)
    combined = np.zeros(n, dtype=np.uint64)
    prime = np.uint64(1099511628211)
    for offset in range(min(k, len(words))):
        combined = combined * prime + hashes[offset : offset + n]
    return _sorted_unique(combined)


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique`` for a 1-D integer array (sort, keep the first of each run): several times faster."""
    ordered = np.sort(values)
    first = np.empty(len(ordered), dtype=bool)
    first[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    return ordered[first]


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard similarity of two sorted unique hash arrays."""
    if not len(a) or not len(b):
        return 0.0
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return shared / (len(a) + len(b) - shared)


def _minhash(shingles: np.ndarray) -> np.ndarray:
    """Per permutation, the least multiply-shift hash ``(a * x + b) >> 32`` (wrapping mod 2**64) of
    the shingles. The shift keeps order, so it is applied to the least value only. One row per
    permutation: the least of a row is a reduction over contiguous memory."""
    signature = np.full(BANDS * ROWS, np.iinfo(np.uint64).max, dtype=np.uint64)
    for start in range(0, len(shingles), _CHUNK):
        values = _PERM_A[:, None] * shingles[None, start : start + _CHUNK]
        values += _PERM_B[:, None]
        np.minimum(signature, values.min(axis=1) >> np.uint64(32), out=signature)
    return signature


def flag_duplicates(
    ids: Sequence[str], texts: Sequence[str], *, threshold: float = 0.8
) -> tuple[list[str | None], list[str | None]]:
    """For each document: ``(duplicate_of, near_duplicate_of)``, each the earliest other ``id`` or None.

    "Earliest" is in sorted-``id`` order, so the first copy of a text is the original and later copies
    point to it. Exact duplicates are not also reported as near duplicates; texts without words get
    no flags.
    """
    order = sorted(range(len(ids)), key=lambda i: ids[i])
    duplicate_of: list[str | None] = [None] * len(ids)
    near_of: list[str | None] = [None] * len(ids)
    first_by_key: dict[bytes, int] = {}
    buckets: list[dict[int, list[int]]] = [{} for _ in range(BANDS)]
    recent: dict[int, np.ndarray] = {}  # shingles of the latest documents, to verify candidates

    def shingles_of(j: int) -> np.ndarray:
        known = recent.get(j)
        return shingle_hashes(texts[j]) if known is None else known

    for i in order:
        words = _words(texts[i])
        if not words:
            continue
        key = hashlib.blake2b(" ".join(words).encode("utf-8", "surrogatepass"), digest_size=16).digest()
        first = first_by_key.setdefault(key, i)
        if first != i:
            duplicate_of[i] = ids[first]
            continue
        shingles = _shingles(words)
        recent[i] = shingles
        if len(recent) > _RECENT:
            del recent[next(iter(recent))]
        signature = _minhash(shingles)
        band_keys = (signature.reshape(BANDS, ROWS) * _BAND_MIX).sum(axis=1).tolist()  # wraps mod 2**64
        candidates = sorted(
            {j for band, key in zip(buckets, band_keys, strict=True) for j in band.get(key, ())},
            key=lambda j: ids[j],
        )
        near_of[i] = next(
            (ids[j] for j in candidates[:MAX_CHECKS] if jaccard(shingles, shingles_of(j)) >= threshold),
            None,
        )
        for band, key in zip(buckets, band_keys, strict=True):
            members = band.setdefault(key, [])
            if len(members) < MAX_BUCKET:
                members.append(i)
    return duplicate_of, near_of
