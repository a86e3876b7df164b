"""Tone per sentence (VADER), outlet summaries with bootstrap CIs, and sentiment near each actor.

VADER scores words, not stance: in conflict reporting the topic words themselves (war, killed, peace,
security) dominate the score. ``lexicon_overrides`` (e.g. ``DEFAULT_OVERRIDES``, which neutralises
event words) lets a researcher separate tone from topic; every table says which measure it holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from os import PathLike
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit.stats import bootstrap_cis
from toolkit.vader import SentimentIntensityAnalyzer  # vaderSentiment's scores, exactly, faster

DEFAULT_OVERRIDES = Path(__file__).parent / "data" / "sentiment_overrides.csv"
POSITIVE, NEGATIVE = 0.05, -0.05  # VADER's recommended compound thresholds
EVIDENCE_SEPARATOR = " ‖ "

SENTIMENT_COLUMNS = [
    "doc_id",
    "outlet",
    "sent_id",
    "voice",
    "compound",
    "pos",
    "neu",
    "neg",
    "label",
    "measure",
]
SUMMARY_COLUMNS = [
    "outlet",
    "voice",
    "level",
    "n",
    "mean",
    "ci_low",
    "ci_high",
    "share_pos",
    "share_neg",
    "measure",
    "note",
]


def load_overrides(overrides: str | PathLike | Mapping[str, float] | None) -> dict[str, float]:
    """``word -> valence`` from a ``word,valence`` CSV (``#`` comment lines allowed) or a mapping."""
    if overrides is None:
        return {}
    if isinstance(overrides, Mapping):
        items = overrides.items()
    else:
        table = pd.read_csv(overrides, comment="#", dtype={"word": str, "valence": float})
        items = zip(table["word"], table["valence"], strict=True)
    return {str(word).strip().lower(): float(valence) for word, valence in items}


@lru_cache(maxsize=8)
def _analyzer(overrides: tuple[tuple[str, float], ...]) -> SentimentIntensityAnalyzer:
    """One analyzer per overrides set, with its own lexicon copy (valence 0 removes the word)."""
    analyzer = SentimentIntensityAnalyzer()
    for word, valence in overrides:
        if valence == 0:
            analyzer.lexicon.pop(word, None)
        else:
            analyzer.lexicon[word] = valence
    return analyzer


def describe_measure(overrides: Mapping[str, float]) -> str:
    """Short label of what the compound score measures under these overrides."""
    if not overrides:
        return "VADER compound (shipped lexicon; topic/event words scored)"
    neutral = sum(1 for v in overrides.values() if v == 0)
    parts = [f"{neutral} topic words neutralised"] if neutral else []
    if len(overrides) - neutral:
        parts.append(f"{len(overrides) - neutral} words re-weighted")
    return "VADER compound (" + ", ".join(parts) + ")"


def label(compound: float) -> str:
    """``positive``/``negative``/``neutral`` by VADER's ±0.05 convention."""
    return "positive" if compound >= POSITIVE else "negative" if compound <= NEGATIVE else "neutral"


def sentence_sentiment(sentences: pd.DataFrame, *, lexicon_overrides=None) -> pd.DataFrame:
    """VADER scores for every sentence of a ``sentences`` table.

    ``lexicon_overrides``: None (VADER as shipped), a ``word,valence`` CSV path, or a dict;
    ``DEFAULT_OVERRIDES`` neutralises war/diplomacy event words.
    """
    overrides = load_overrides(lexicon_overrides)
    analyzer = _analyzer(tuple(sorted(overrides.items())))
    scores = pd.DataFrame(
        [analyzer.polarity_scores(text) for text in sentences["text"].tolist()],  # plain str: no per-item array access
        columns=["neg", "neu", "pos", "compound"],
        index=sentences.index,
        dtype="float64",
    )
    table = sentences[["doc_id", "outlet", "sent_id", "voice"]].join(scores)
    table["label"] = [label(c) for c in table["compound"].tolist()]
    table["measure"] = describe_measure(overrides)
    return table[SENTIMENT_COLUMNS].sort_values(["doc_id", "sent_id"], kind="stable").reset_index(drop=True)


def sentiment_summary(
    sentiment: pd.DataFrame,
    *,
    by=("outlet", "voice"),
    level: str = "sentence",
    n_boot: int = 2000,
    seed: int = 0,
) -> pd.DataFrame:
    """Mean compound per group with a percentile bootstrap CI and shares of positive/negative.

    ``level="sentence"`` resamples sentences; ``level="article"`` averages each article first and
    resamples articles. Sentence-level CIs treat sentences as independent, so they are too narrow
    when an outlet has several articles; with a single article per outlet only sentence-level CIs are
    informative (there is no between-article variation). The ``note`` column says which case applies.
    Grouping columns absent from ``by`` (outlet, voice) are reported as ``"all"``.
    """
    if level not in ("sentence", "article"):
        raise ValueError(f"level must be 'sentence' or 'article', not {level!r}")
    keys = [by] if isinstance(by, str) else list(by)
    order = [c for c in ("doc_id", "sent_id") if c in sentiment.columns]  # row order must not move the CI
    data = sentiment.sort_values(order, kind="stable") if order else sentiment
    data = data.assign(_pos=data["label"].eq("positive"), _neg=data["label"].eq("negative"))
    if level == "article":
        data = (
            data.groupby(list(dict.fromkeys([*keys, "doc_id"])), sort=True, dropna=False)
            .agg(
                compound=("compound", "mean"),
                _pos=("_pos", "mean"),
                _neg=("_neg", "mean"),
                measure=("measure", "first"),
            )
            .reset_index()
        )
    rows, samples = [], []
    for key, group in data.groupby(keys, sort=True, dropna=False):
        key = key if isinstance(key, tuple) else (key,)
        pos, neg = group["_pos"].to_numpy(), group["_neg"].to_numpy()
        samples.append(group["compound"].to_numpy())
        rows.append({
            **dict(zip(keys, key, strict=True)),
            "n": len(group),
            "share_pos": float(np.mean(pos)) if len(pos) else np.nan,
            "share_neg": float(np.mean(neg)) if len(neg) else np.nan,
            "measure": "; ".join(sorted(group["measure"].dropna().unique())),
            "note": _note(group["doc_id"].nunique(), level),
        })
    for row, (mean, low, high) in zip(rows, bootstrap_cis(samples, n_boot=n_boot, seed=seed), strict=True):
        row.update(mean=mean, ci_low=low, ci_high=high)
    table = pd.DataFrame(rows)
    for col in ("outlet", "voice"):
        if col not in keys:
            table[col] = "all"
    table["level"] = level
    extra = [k for k in keys if k not in SUMMARY_COLUMNS]
    columns = SUMMARY_COLUMNS[:2] + extra + SUMMARY_COLUMNS[2:]
    if table.empty:
        return pd.DataFrame(columns=columns)
    return table[columns].sort_values(["outlet", "voice", *extra], kind="stable").reset_index(drop=True)


def _note(n_articles: int, level: str) -> str:
    if n_articles == 1:
        return (
            "one article: CI covers sentence-to-sentence variation only"
            if level == "sentence"
            else "one article: no between-article interval"
        )
    if level == "sentence":
        return f"{n_articles} articles: sentence CI ignores clustering by article; see level='article'"
    return ""


def actor_sentiment_evidence(
    sentiment: pd.DataFrame, mentions: pd.DataFrame, sentences: pd.DataFrame
) -> pd.DataFrame:
    """The sentences that mention each actor: ``doc_id, outlet, actor, sent_id, compound, text``.

    A sentence mentioning an actor several times counts once for that actor.
    """
    columns = ["doc_id", "outlet", "actor", "sent_id", "compound", "text"]
    found = mentions.dropna(subset=["actor"])
    if found.empty or sentences.empty:
        return pd.DataFrame(columns=columns)
    spans = sentences[["doc_id", "sent_id", "start", "end", "text"]].rename(columns={"start": "s_start"})
    located = pd.merge_asof(
        found[["doc_id", "start", "actor"]].astype({"start": "int64"}).sort_values("start"),
        spans.astype({"s_start": "int64"}).sort_values("s_start"),
        left_on="start",
        right_on="s_start",
        by="doc_id",
        direction="backward",
    )
    located = located[located["start"] < located["end"]].drop_duplicates(["doc_id", "actor", "sent_id"])
    table = located.merge(sentiment[["doc_id", "outlet", "sent_id", "compound"]], on=["doc_id", "sent_id"])
    return (
        table[columns]
        .sort_values(["outlet", "actor", "doc_id", "sent_id"], kind="stable")
        .reset_index(drop=True)
    )


def actor_sentiment(
    sentiment: pd.DataFrame,
    mentions: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    n_boot: int = 2000,
    seed: int = 0,
) -> pd.DataFrame:
    """Mean compound of the sentences mentioning each actor, per outlet, with a bootstrap CI.

    ``evidence`` joins those sentences with " ‖ " so a reader can check what the number rests on;
    ``actor_sentiment_evidence`` gives the same as a long table. This is the tone of the sentences
    around an actor, not a stance towards it: a sentence naming two actors counts for both, and every
    mention form in ``mentions`` (names, roles, resolved pronouns) places the actor in a sentence.
    """
    evidence = actor_sentiment_evidence(sentiment, mentions, sentences)
    compound, texts = evidence["compound"].to_numpy(), evidence["text"].tolist()  # plain values: no per-row access
    groups = evidence.groupby(["outlet", "actor"], sort=True).indices
    cis = bootstrap_cis([compound[at] for at in groups.values()], n_boot=n_boot, seed=seed)
    rows = [(outlet, actor, len(at), mean, low, high, EVIDENCE_SEPARATOR.join([texts[i] for i in at]))
            for ((outlet, actor), at), (mean, low, high) in zip(groups.items(), cis, strict=True)]
    return pd.DataFrame(
        rows, columns=["outlet", "actor", "n_sentences", "mean", "ci_low", "ci_high", "evidence"]
    )
