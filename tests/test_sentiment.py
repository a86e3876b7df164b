"""Sentence sentiment, lexicon overrides, summaries with CIs and actor-targeted sentiment."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.segment import sentences
from toolkit.sentiment import (
    DEFAULT_OVERRIDES,
    actor_sentiment,
    actor_sentiment_evidence,
    load_overrides,
    sentence_sentiment,
    sentiment_summary,
)

NO_QUOTES = pd.DataFrame(columns=["doc_id", "start", "end", "kind"])


def one_sentence(text: str, voice: str = "narrator") -> pd.DataFrame:
    return pd.DataFrame({"doc_id": ["d"], "outlet": ["A"], "sent_id": [0], "voice": [voice], "text": [text]})


@pytest.fixture
def seed_sentences(seed_corpus):
    return sentences(seed_corpus, NO_QUOTES)


@pytest.fixture
def seed_scores(seed_sentences):
    return sentence_sentiment(seed_sentences), sentence_sentiment(
        seed_sentences, lexicon_overrides=DEFAULT_OVERRIDES
    )


def test_event_words_dominate_shipped_vader_and_overrides_neutralise_them():
    text = one_sentence("The ceasefire ended the war.")
    shipped = sentence_sentiment(text).iloc[0]
    neutralised = sentence_sentiment(text, lexicon_overrides=DEFAULT_OVERRIDES).iloc[0]
    assert shipped["compound"] < -0.3 and shipped["label"] == "negative"
    assert neutralised["compound"] == pytest.approx(0) and neutralised["label"] == "neutral"
    assert "neutralised" in neutralised["measure"] and "neutralised" not in shipped["measure"]


def test_tone_words_survive_overrides():
    text = one_sentence("The brutal aggression was condemned as unacceptable.")
    assert sentence_sentiment(text, lexicon_overrides=DEFAULT_OVERRIDES)["compound"].iloc[0] < -0.5


def test_overrides_from_dict_path_and_no_shared_mutation():
    text = one_sentence("Peace talks collapsed.")
    before = sentence_sentiment(text)["compound"].iloc[0]
    as_dict = sentence_sentiment(text, lexicon_overrides={"peace": 0, "collapsed": -3.0})
    assert as_dict["compound"].iloc[0] < before
    assert "1 topic words neutralised, 1 words re-weighted" in as_dict["measure"].iloc[0]
    assert sentence_sentiment(text)["compound"].iloc[0] == before  # shipped lexicon untouched
    from_file = load_overrides(DEFAULT_OVERRIDES)
    assert from_file["war"] == 0 and "aggression" not in from_file
    assert load_overrides(str(DEFAULT_OVERRIDES)) == from_file


def test_sentiment_table_shape_and_labels(seed_sentences, seed_scores):
    shipped, _ = seed_scores
    assert list(shipped.columns) == [
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
    assert len(shipped) == len(seed_sentences)
    assert shipped["compound"].between(-1, 1).all()
    expected = shipped["compound"].map(
        lambda c: "positive" if c >= 0.05 else "negative" if c <= -0.05 else "neutral"
    )
    assert (shipped["label"] == expected).all()


def test_overrides_change_seed_outlet_means(seed_scores):
    shipped, neutralised = seed_scores
    before = sentiment_summary(shipped, by="outlet").set_index("outlet")["mean"]
    after = sentiment_summary(neutralised, by="outlet").set_index("outlet")["mean"]
    assert (after > before + 0.01).any()  # outlets heavy on war/attack words read less negative
    assert (after < before - 0.01).any()  # outlets heavy on "peace"/"security guarantees" less positive


def test_summary_intervals_and_determinism(seed_scores):
    _, scores = seed_scores
    summary = sentiment_summary(scores, n_boot=500, seed=7)
    assert list(summary.columns[:10]) == [
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
    ]
    assert (summary["ci_low"] <= summary["mean"]).all() and (summary["mean"] <= summary["ci_high"]).all()
    assert summary["note"].str.startswith("one article").all()
    pd.testing.assert_frame_equal(
        summary, sentiment_summary(scores.sample(frac=1, random_state=1), n_boot=500, seed=7)
    )
    by_outlet = sentiment_summary(scores, by="outlet", n_boot=500)
    assert (by_outlet["voice"] == "all").all() and by_outlet["n"].sum() == len(scores)


def test_article_level_averages_articles_first():
    table = pd.DataFrame(
        {
            "doc_id": ["a", "a", "a", "b"],
            "outlet": ["X"] * 4,
            "sent_id": [0, 1, 2, 0],
            "voice": ["narrator"] * 4,
            "compound": [0.5, 0.5, 0.5, -0.5],
            "label": ["positive"] * 3 + ["negative"],
            "measure": ["m"] * 4,
        }
    )
    sent = sentiment_summary(table, by="outlet", level="sentence").iloc[0]
    art = sentiment_summary(table, by="outlet", level="article").iloc[0]
    assert sent["mean"] == pytest.approx(0.25) and sent["n"] == 4
    assert art["mean"] == pytest.approx(0.0) and art["n"] == 2 and art["share_pos"] == pytest.approx(0.5)
    assert art["ci_low"] <= art["mean"] <= art["ci_high"]
    with pytest.raises(ValueError):
        sentiment_summary(table, level="word")


def _mentions(corpus: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    rows = []
    for doc_id, outlet, text in zip(corpus["doc_id"], corpus["outlet"], corpus["text"], strict=True):
        for surface, actor in names.items():
            for m in re.finditer(rf"\b{surface}\b", text):
                rows.append((doc_id, outlet, m.start(), m.end(), surface, actor, "surname"))
    return pd.DataFrame(rows, columns=["doc_id", "outlet", "start", "end", "surface", "actor", "form"])


def test_actor_sentiment_on_seeds(seed_corpus, seed_sentences, seed_scores):
    _, scores = seed_scores
    mentions = _mentions(seed_corpus, {"Macron": "Emmanuel Macron", "Putin": "Vladimir Putin"})
    evidence = actor_sentiment_evidence(scores, mentions, seed_sentences)
    assert list(evidence.columns) == ["doc_id", "outlet", "actor", "sent_id", "compound", "text"]
    assert not evidence.duplicated(["doc_id", "actor", "sent_id"]).any()
    for actor, surface in (("Emmanuel Macron", "Macron"), ("Vladimir Putin", "Putin")):
        assert evidence.loc[evidence["actor"] == actor, "text"].str.contains(surface).all()
    table = actor_sentiment(scores, mentions, seed_sentences, n_boot=300)
    assert list(table.columns) == ["outlet", "actor", "n_sentences", "mean", "ci_low", "ci_high", "evidence"]
    counts = evidence.groupby(["outlet", "actor"]).size()
    assert table.set_index(["outlet", "actor"])["n_sentences"].equals(counts.rename("n_sentences"))
    assert ((table["ci_low"] <= table["mean"]) & (table["mean"] <= table["ci_high"])).all()
    row = table.iloc[0]
    assert row["evidence"].count(" ‖ ") == row["n_sentences"] - 1


def test_actor_sentiment_empty_mentions(seed_sentences, seed_scores):
    empty = pd.DataFrame(columns=["doc_id", "outlet", "start", "end", "surface", "actor", "form"])
    assert actor_sentiment(seed_scores[0], empty, seed_sentences).empty


def test_empty_corpus_gives_empty_typed_tables():
    corpus = pd.DataFrame(columns=["doc_id", "outlet", "text", "status"])
    sents = sentences(corpus, NO_QUOTES)
    scores = sentence_sentiment(sents)
    assert scores.empty and scores["compound"].dtype == "float64" and sents["start"].dtype == "int64"
    assert sentiment_summary(scores).empty and sentiment_summary(scores, level="article").empty


@settings(max_examples=25, deadline=None)
@given(st.lists(st.text(max_size=80), min_size=1, max_size=5))
def test_any_text_scores_within_bounds(texts):
    table = pd.DataFrame(
        {"doc_id": "d", "outlet": "A", "sent_id": range(len(texts)), "voice": "narrator", "text": texts}
    )
    for overrides in (None, DEFAULT_OVERRIDES):
        scores = sentence_sentiment(table, lexicon_overrides=overrides)
        assert scores["compound"].between(-1, 1).all() and len(scores) == len(texts)
        summary = sentiment_summary(scores, n_boot=200)
        assert (summary["ci_low"] <= summary["mean"] + 1e-12).all()
        assert (summary["mean"] <= summary["ci_high"] + 1e-12).all()


def test_every_stage_survives_the_hostile_corpus(hostile_corpus_dir):
    from toolkit.load import load_corpus

    corpus = load_corpus(hostile_corpus_dir())
    loaded = corpus[corpus["status"] == "loaded"]
    sents = sentences(corpus, NO_QUOTES)
    assert set(sents["doc_id"]) <= set(loaded["doc_id"])
    texts = loaded.set_index("doc_id")["text"]
    assert all(
        texts[d][s:e] == t
        for d, s, e, t in zip(sents["doc_id"], sents["start"], sents["end"], sents["text"], strict=True)
    )
    scores = sentence_sentiment(sents, lexicon_overrides=DEFAULT_OVERRIDES)
    summary = sentiment_summary(scores, n_boot=200)
    assert len(scores) == len(sents) and (summary["ci_low"] <= summary["ci_high"]).all()
