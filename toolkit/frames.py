"""News frames: which sentences carry which frame, traced to the cue words that triggered it.

Frames and their indicators are data (``toolkit/data/frames.yml``): the five generic frames of
Semetko & Valkenburg (2000) with one indicator per coding question, plus domain frames for the demo
story. Each indicator's cues compile to one case-insensitive regex; every hit becomes an evidence
row (the sentence and the exact cue text), so any score can be checked by reading its sentences.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
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
    return r"[\s\-]+".join(words) + (r"" if cue.endswith("*") else r"\b")


def _compile(indicator: dict) -> dict:
    """An indicator's cue regexes (one per cue, ``cue_regexes``) and its researcher patterns as
    one regex (``pattern_regex``, searched everywhere)."""
    cues = [c for c in indicator.get("cues", []) or [] if c.strip("* ")]
    patterns = list(indicator.get("patterns", []) or [])
    if not cues and not patterns:
        raise ValueError("a frame indicator needs at least one cue or pattern")
    for cue in cues:
        if not re.match(r"\w", cue):
            raise ValueError(f"cue {cue!r} must start with a letter or digit (use a pattern instead)")
    return {
        "cue_regexes": {c: _cue_regex(c) for c in cues},
        "pattern_regex": re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE) if patterns else None,
    }


def load_frames(path: str | Path | None = None) -> dict:
    """Read a frames YAML (default ``toolkit/data/frames.yml``) into ``{frame: {family, label, indicators}}``.

    Each indicator gets its ``cue_regexes``/``pattern_regex`` next to its ``question``, ``cues`` and
    ``patterns``.
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
            ind_name: {**ind, **_compile(ind)} for ind_name, ind in (frame.get("indicators") or {}).items()
        }
        frames[name] = {"family": family, "label": frame.get("label", name), "indicators": indicators}
    if not frames:
        raise ValueError("no frames defined (expected a top-level 'frames:' mapping)")
    return frames


@lru_cache(maxsize=1)
def _default_frames() -> dict:
    return load_frames()


_NOWHERE = re.compile(r"(?!)")


def _starts(cue_regexes: set[str]) -> re.Pattern:
    """One regex matching (empty) at each word start where any of ``cue_regexes`` matches.

    The cues are grouped by their first two letters (a two-level trie), so a word start costs two
    character tests, not one per cue; a cue that does not begin with two literal letters stays whole.
    """
    grouped: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    whole = []
    for rx in sorted(cue_regexes):
        if re.match(r"\w\w", rx):
            grouped[rx[0]][rx[1]].append(rx[2:])
        else:
            whole.append(rx)
    branches = [
        first + "(?:" + "|".join(second + "(?:" + "|".join(rests) + ")" for second, rests in sorted(seconds.items())) + ")"
        for first, seconds in sorted(grouped.items())
    ]
    if not branches and not whole:
        return _NOWHERE
    first = "" if whole else "(?=[" + "".join(sorted(grouped)) + "])"  # one class test before the branches
    return re.compile(r"\b" + first + "(?=" + "|".join(branches + whole) + ")", re.IGNORECASE)


@dataclass(frozen=True)
class _CueIndex:
    """Cue regexes bucketed by their first two letters, so each word start tries only the few
    cues that can begin there (a regex alternation of every cue would try them all); ``starts``
    finds, in one scan, the word starts where any cue matches, and only those are tried."""

    keys: list[tuple[str, str, str]]  # (frame, family, indicator) per indicator number
    buckets: dict[str, list[tuple[int, re.Pattern]]]  # two letters -> (indicator number, its cues there), then always's
    always: list[tuple[int, re.Pattern]]  # cues with fewer than two literal letters
    patterns: list[tuple[int, re.Pattern]]
    starts: re.Pattern  # the word starts where some cue matches: only those are tried one by one

    @classmethod
    def build(cls, spec: dict) -> _CueIndex:
        keys, grouped, patterns = [], defaultdict(lambda: defaultdict(list)), []
        for frame, fs in spec.items():
            for indicator, ind in fs["indicators"].items():
                k = len(keys)
                keys.append((frame, fs["family"], indicator))
                for cue, rx in ind.get("cue_regexes", {}).items():
                    head = cue.lower().split("*")[0]
                    grouped[head[:2] if len(head) >= 2 and " " not in head[:2] else ""][k].append(rx)
                if ind.get("pattern_regex") is not None:
                    patterns.append((k, ind["pattern_regex"]))

        def compiled(by_indicator):  # longest first within an indicator, as one regex per indicator
            return [(k, re.compile(r"\b(?:" + "|".join(sorted(set(rxs), key=lambda p: (-len(p), p))) + ")",
                                   re.IGNORECASE)) for k, rxs in sorted(by_indicator.items())]

        starts = _starts({rx for by_indicator in grouped.values() for rxs in by_indicator.values() for rx in rxs})
        always = compiled(grouped.pop("", {}))
        return cls(keys, {head: compiled(g) + always for head, g in grouped.items()}, always, patterns, starts)

    def hits(self, text: str) -> list[tuple[int, int, int]]:
        """``(indicator number, start, end)`` of every hit: non-overlapping per indicator, like finditer."""
        found, last_end, buckets, always = [], {}, self.buckets, self.always
        for m in self.starts.finditer(text):
            start = m.start()
            for k, rx in buckets.get(text[start:start + 2].lower(), always):
                if start >= last_end.get(k, 0):
                    hit = rx.match(text, start)
                    end = hit.end() if hit else start
                    if end > start:
                        found.append((k, start, end))
                        last_end[k] = end
        for k, rx in self.patterns:
            found += [(k, m.start(), m.end()) for m in rx.finditer(text) if m.end() > m.start()]
        return found


EXCERPT_LIMIT = 1000


def _excerpt(text: str, start: int, end: int) -> str:
    """The sentence, or for an over-long one the cue with ``EXCERPT_LIMIT // 4`` characters either side."""
    if len(text) <= EXCERPT_LIMIT:
        return text
    margin = EXCERPT_LIMIT // 4
    left, right = max(start - margin, 0), min(end + margin, len(text))
    return ("…" if left else "") + text[left:right] + ("…" if right < len(text) else "")


def frame_evidence(sentences: pd.DataFrame, *, frames: dict | str | Path | None = None) -> pd.DataFrame:
    """Every cue hit in every sentence: ``doc_id, outlet, sent_id, frame, family, indicator, cue, start, end, text``.

    ``cue`` is the matched text as written in the sentence; ``start``/``end`` are its offsets in the
    article's cleaned text; ``text`` is the sentence (for a run-on "sentence" over
    ``EXCERPT_LIMIT`` characters, an excerpt around the cue, so one bad page cannot blow up the table). ``frames`` is a ``load_frames`` result or a YAML path (default frames if None).
    """
    index = _CueIndex.build(_resolve(frames))
    rows = [
        (doc_id, outlet, sent_id, *index.keys[k], text[s:e], offset + s, offset + e, _excerpt(text, s, e))
        for doc_id, outlet, sent_id, offset, text in zip(
            *(sentences[c].tolist() for c in ("doc_id", "outlet", "sent_id", "start", "text")), strict=True)
        for k, s, e in index.hits(text)
    ]
    table = pd.DataFrame(rows, columns=EVIDENCE_COLUMNS)
    return table.sort_values(["doc_id", "sent_id", "frame", "indicator", "start"], kind="stable").reset_index(drop=True)


def _resolve(frames) -> dict:
    if frames is None:
        return _default_frames()
    if isinstance(frames, (str, Path)):
        return load_frames(frames)
    return frames


def frame_scores(
    sentences: pd.DataFrame,
    *,
    frames: dict | str | Path | None = None,
    evidence: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Per article and frame: ``hits`` (cue matches), ``indicators`` (distinct indicators present),
    ``n_sentences`` and ``score``, the share of the article's sentences with at least one hit.

    The sentence share is used rather than raw hits so long and short articles compare, and one
    sentence packed with cue words counts once. Every article × frame appears, zeros included.
    ``evidence`` is a ``frame_evidence(sentences, frames=frames)`` table already computed (a
    pipeline that saves the evidence too need not match every cue twice); None computes it.
    """
    spec = _resolve(frames)
    if evidence is None:
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
