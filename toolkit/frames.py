"""News frames: which sentences carry which frame, traced to the cue words that triggered it.

Frames and their indicators are data (``toolkit/data/frames.yml``): the five generic frames of
Semetko & Valkenburg (2000) with one indicator per coding question, plus domain frames for the demo
story. Each indicator's cues compile to one case-insensitive regex; every hit becomes an evidence
row (the sentence and the exact cue text), so any score can be checked by reading its sentences.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd
import yaml

from toolkit.stats import bootstrap_ci

EVIDENCE_COLUMNS = ["doc_id", "outlet", "sent_id", "frame", "family", "indicator", "cue", "start", "end", "text"]
SCORE_COLUMNS = ["doc_id", "outlet", "frame", "family", "hits", "indicators", "n_sentences", "score"]
PROFILE_COLUMNS = ["outlet", "frame", "family", "n_docs", "mean_score", "ci_low", "ci_high"]


def _cue_regex(cue: str) -> str:
    """A cue word/phrase as a regex: ``*`` = any word ending, a space = spaces or hyphens."""
    words = [r"\w*".join(re.escape(part) for part in word.split("*")) for word in cue.lower().split()]
    return r"\b" + r"[\s\-]+".join(words) + (r"" if cue.endswith("*") else r"\b")


def _compile(indicator: dict) -> re.Pattern:
    cues = sorted({_cue_regex(c) for c in indicator.get("cues", []) or []}, key=lambda p: (-len(p), p))
    alternatives = cues + list(indicator.get("patterns", []) or [])
    if not alternatives:
        raise ValueError("a frame indicator needs at least one cue or pattern")
    return re.compile("|".join(f"(?:{a})" for a in alternatives), re.IGNORECASE)


def load_frames(path: str | Path | None = None) -> dict:
    """Read a frames YAML (default ``toolkit/data/frames.yml``) into ``{frame: {family, label, indicators}}``.

    Each indicator gets a compiled ``regex`` next to its ``question``, ``cues`` and ``patterns``.
    """
    if path is None:
        text = resources.files("toolkit").joinpath("data", "frames.yml").read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    return _parse(text)


def _parse(text: str) -> dict:
    spec = yaml.safe_load(text) or {}
    frames = {}
    for name, frame in (spec.get("frames") or {}).items():
        family = frame.get("family", "domain")
        if family not in ("generic", "domain"):
            raise ValueError(f"frame {name!r}: family must be 'generic' or 'domain', not {family!r}")
        indicators = {
            ind_name: {**ind, "regex": _compile(ind)} for ind_name, ind in (frame.get("indicators") or {}).items()
        }
        frames[name] = {"family": family, "label": frame.get("label", name), "indicators": indicators}
    if not frames:
        raise ValueError("no frames defined (expected a top-level 'frames:' mapping)")
    return frames


@lru_cache(maxsize=1)
def _default_frames() -> dict:
    return load_frames()


def frame_evidence(sentences: pd.DataFrame, *, frames: dict | str | Path | None = None) -> pd.DataFrame:
    """Every cue hit in every sentence: ``doc_id, outlet, sent_id, frame, family, indicator, cue, start, end, text``.

    ``cue`` is the matched text as written in the sentence; ``start``/``end`` are its offsets in the
    article's cleaned text. ``frames`` is a ``load_frames`` result or a YAML path (default frames if None).
    """
    spec = _resolve(frames)
    rows = []
    for doc_id, outlet, sent_id, offset, text in sentences[["doc_id", "outlet", "sent_id", "start", "text"]].itertuples(index=False):
        for frame, fspec in spec.items():
            for indicator, ispec in fspec["indicators"].items():
                for m in ispec["regex"].finditer(text):
                    if m.end() > m.start():
                        rows.append((doc_id, outlet, sent_id, frame, fspec["family"], indicator, m.group(),
                                     offset + m.start(), offset + m.end(), text))
    table = pd.DataFrame(rows, columns=EVIDENCE_COLUMNS)
    return table.sort_values(["doc_id", "sent_id", "frame", "indicator", "start"], kind="stable").reset_index(drop=True)


def _resolve(frames) -> dict:
    if frames is None:
        return _default_frames()
    if isinstance(frames, (str, Path)):
        return load_frames(frames)
    return frames


def frame_scores(sentences: pd.DataFrame, *, frames: dict | str | Path | None = None) -> pd.DataFrame:
    """Per article and frame: ``hits`` (cue matches), ``indicators`` (distinct indicators present),
    ``n_sentences`` and ``score``, the share of the article's sentences with at least one hit.

    The sentence share is used rather than raw hits so long and short articles compare, and one
    sentence packed with cue words counts once. Every article × frame appears, zeros included.
    """
    spec = _resolve(frames)
    evidence = frame_evidence(sentences, frames=spec)
    docs = sentences.groupby(["doc_id", "outlet"], sort=True).size().rename("n_sentences").reset_index()
    grid = docs.merge(pd.DataFrame({"frame": list(spec), "family": [f["family"] for f in spec.values()]}), how="cross")
    stats = evidence.groupby(["doc_id", "frame"]).agg(
        hits=("cue", "size"), indicators=("indicator", "nunique"), sentences_hit=("sent_id", "nunique")
    ).reset_index()
    table = grid.merge(stats, on=["doc_id", "frame"], how="left").fillna(
        {"hits": 0, "indicators": 0, "sentences_hit": 0})
    table = table.astype({"hits": "int64", "indicators": "int64", "sentences_hit": "int64"})
    table["score"] = table["sentences_hit"] / table["n_sentences"]
    return table.sort_values(["doc_id", "frame"], kind="stable").reset_index(drop=True)[SCORE_COLUMNS]


def frame_profile(scores: pd.DataFrame, *, n_boot: int = 2000, seed: int = 0) -> pd.DataFrame:
    """Mean frame score per outlet with a percentile bootstrap CI over its articles.

    With one article per outlet the interval collapses to the point (nothing to resample).
    """
    rows = []
    for (outlet, frame, family), group in scores.groupby(["outlet", "frame", "family"], sort=True):
        est, low, high = bootstrap_ci(group["score"].to_numpy(), n_boot=n_boot, seed=seed)
        rows.append((outlet, frame, family, len(group), est, low, high))
    return pd.DataFrame(rows, columns=PROFILE_COLUMNS)
