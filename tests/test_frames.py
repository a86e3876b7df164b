"""frames: the YAML lexicons, evidence traceable to its sentence, scores, outlet profiles."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.frames import frame_evidence, frame_profile, frame_scores, load_frames
from toolkit.segment import sentences

GENERIC = {"conflict", "responsibility", "economic", "human_interest", "morality"}
DOMAIN = {"military_security", "diplomacy_negotiation", "sanctions_economy", "humanitarian"}


def sentence_table(texts_by_doc: dict[str, list[str]], outlet_of=None) -> pd.DataFrame:
    """A sentence table built by hand: each document's sentences joined by one space."""
    rows = []
    for doc_id, texts in texts_by_doc.items():
        start = 0
        for sent_id, text in enumerate(texts):
            rows.append((doc_id, (outlet_of or {}).get(doc_id, doc_id.upper()), sent_id, start, start + len(text),
                         text, "narrator", 0.0))
            start += len(text) + 1
    return pd.DataFrame(rows, columns=["doc_id", "outlet", "sent_id", "start", "end", "text", "voice", "quoted_fraction"])


def test_default_frames_are_documented_data():
    frames = load_frames()
    assert {n for n, f in frames.items() if f["family"] == "generic"} == GENERIC
    assert {n for n, f in frames.items() if f["family"] == "domain"} == DOMAIN
    for frame in frames.values():
        assert frame["indicators"]
        for indicator in frame["indicators"].values():
            assert indicator["question"].endswith("?")
    # Semetko & Valkenburg's conflict questions are all there
    assert set(frames["conflict"]["indicators"]) == {"disagreement", "reproach", "two_sides", "winners_losers"}


def test_cues_match_words_not_substrings():
    s = sentence_table({"d": [
        "According to officials, Russia rejected the plan.",  # "according" is not an agreement
        "Kyiv is determined; the deal is done.",  # "determined" is not deterrence
        "The cease-fire held and sanctions were tightened.",
    ]})
    ev = frame_evidence(s)
    cues = set(zip(ev["frame"], ev["cue"].str.lower(), strict=True))
    assert ("conflict", "rejected") in cues
    assert ("diplomacy_negotiation", "deal") in cues
    assert ("diplomacy_negotiation", "cease-fire") in cues  # a space in a cue matches a hyphen
    assert ("sanctions_economy", "sanctions") in cues
    assert not {c for f, c in cues if c.startswith(("accord", "determin"))}


def test_scores_are_sentence_shares_over_the_full_grid():
    s = sentence_table({"a": ["Sanctions on oil were tightened.", "The weather was mild.", "More sanctions."],
                        "b": ["Nothing happened here."]})
    scores = frame_scores(s).set_index(["doc_id", "frame"])
    row = scores.loc[("a", "sanctions_economy")]
    assert (row["hits"], row["n_sentences"], row["score"]) == (3, 3, pytest.approx(2 / 3))  # 2 of 3 sentences
    assert row["indicators"] == 2  # sanctions and energy
    assert len(scores) == 2 * len(load_frames())  # every article x frame, zeros included
    assert scores.loc[("b", "sanctions_economy"), "score"] == 0
    assert set(scores.reset_index()["family"]) == {"generic", "domain"}


def test_researcher_yaml(tmp_path):
    path = tmp_path / "frames.yml"
    path.write_text(
        "frames:\n"
        "  energy:\n"
        "    family: domain\n"
        "    indicators:\n"
        "      fuel:\n"
        "        question: Does it speak of fuel?\n"
        "        cues: [oil, gas*]\n"
        "        patterns: ['\\bLNG\\b']\n",
        encoding="utf-8",
    )
    s = sentence_table({"a": ["Gasoline and LNG prices rose.", "Oil fell."]})
    ev = frame_evidence(s, frames=path)
    assert list(ev["cue"]) == ["Gasoline", "LNG", "Oil"]
    assert frame_scores(s, frames=load_frames(path))["score"].tolist() == [1.0]
    bad = tmp_path / "bad.yml"
    bad.write_text("frames:\n  x:\n    family: other\n    indicators: {}\n", encoding="utf-8")
    with pytest.raises(ValueError):
        load_frames(bad)


def test_seed_evidence_is_traceable_and_every_outlet_scored(seed_corpus):
    sents = sentences(seed_corpus)
    ev = frame_evidence(sents)
    texts = dict(zip(seed_corpus["doc_id"], seed_corpus["text"], strict=True))
    assert len(ev) > 100
    for row in ev.itertuples():
        assert row.cue in row.text  # the cue is in its evidence sentence
        assert texts[row.doc_id][row.start:row.end] == row.cue  # and at its offsets in the article
    scores = frame_scores(sents)
    assert scores["outlet"].nunique() == 5
    assert ((scores["score"] >= 0) & (scores["score"] <= 1)).all()
    # every outlet of this security-guarantees story carries the military/security frame
    assert (scores.loc[scores["frame"] == "military_security", "score"] > 0.3).all()
    assert frame_scores(sents).equals(scores) and frame_evidence(sents).equals(ev)  # deterministic
    assert frame_scores(sents, evidence=ev).equals(scores)  # precomputed evidence: the same table


def test_scores_from_given_evidence_use_that_evidence():
    s = sentence_table({"a": ["Sanctions on oil were tightened.", "The weather was mild."]})
    ev = frame_evidence(s)
    scores = frame_scores(s, evidence=ev.iloc[0:0]).set_index(["doc_id", "frame"])
    assert (scores["hits"] == 0).all() and len(scores) == len(load_frames())  # the grid stays whole


def test_profile_bootstraps_over_articles():
    s = sentence_table(
        {"a1": ["Troops moved.", "Talks began."], "a2": ["Troops moved."], "b1": ["Talks began."]},
        outlet_of={"a1": "A", "a2": "A", "b1": "B"},
    )
    profile = frame_profile(frame_scores(s), n_boot=500, seed=1).set_index(["outlet", "frame"])
    mil = profile.loc[("A", "military_security")]
    assert mil["n_docs"] == 2 and mil["mean_score"] == pytest.approx(0.75)
    assert mil["ci_low"] <= mil["mean_score"] <= mil["ci_high"]
    assert (mil["ci_low"], mil["ci_high"]) == (pytest.approx(0.5), pytest.approx(1.0))
    one = profile.loc[("B", "diplomacy_negotiation")]
    assert one["ci_low"] == one["ci_high"] == one["mean_score"] == 1.0  # one article: nothing to resample
    assert frame_profile(frame_scores(s), n_boot=500, seed=1).equals(profile.reset_index())


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("war peace-talks sanction oil AGREE’.,\n*()")), max_size=60),
                min_size=1, max_size=4))
def test_evidence_cue_always_inside_its_sentence(texts):
    s = sentence_table({"d": texts})
    for row in frame_evidence(s).itertuples():
        assert row.text[row.start - s.loc[row.sent_id, "start"]:][: len(row.cue)] == row.cue


def test_run_on_sentence_evidence_is_an_excerpt():
    text = ("filler words here " * 200) + "the troops moved " + ("more filler " * 200)
    ev = frame_evidence(sentence_table({"d": [text]}))
    row = ev[ev["cue"] == "troops"].iloc[0]
    assert "troops" in row["text"] and len(row["text"]) < 600 and row["text"].startswith("…")
    assert text[row["start"]:row["end"]] == "troops"


def _hits_at_every_word_start(index, text: str) -> list[tuple[int, int, int]]:
    """The cue index's hits found the plain way: every word start tried against its cues."""
    import re
    from collections import defaultdict

    found, last_end = [], defaultdict(int)
    for m in re.finditer(r"\b(?=\w)", text):
        start = m.start()
        for k, rx in index.buckets.get(text[start:start + 2].lower(), []) + index.always:
            if start >= last_end[k] and (hit := rx.match(text, start)) and hit.end() > start:
                found.append((k, start, hit.end()))
                last_end[k] = hit.end()
    for k, rx in index.patterns:
        found += [(k, m.start(), m.end()) for m in rx.finditer(text) if m.end() > m.start()]
    return found


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["war", "WAR", "peace", "talks", "peace-talks", "Sanctions", "oil", "troops", "aid",
                                 "killed", "agree", "ſanction", "\u212aill", "İ", "x", "’", "-", ".", "$5 billion"]),
                max_size=30), st.lists(st.sampled_from([" ", "  ", "-", "\n", ""]), min_size=30, max_size=30))
def test_hits_only_skip_word_starts_where_no_cue_matches(words, gaps):
    from toolkit.frames import _CueIndex, _default_frames

    index = _CueIndex.build(_default_frames())
    text = "".join(w + g for w, g in zip(words, gaps, strict=False))
    assert index.hits(text) == _hits_at_every_word_start(index, text)


def test_hits_on_the_seed_sentences_equal_trying_every_word_start(seed_corpus):
    from toolkit.frames import _CueIndex, _default_frames

    index = _CueIndex.build(_default_frames())
    texts = sentences(seed_corpus)["text"].tolist()
    assert sum(len(index.hits(t)) for t in texts) > 100
    assert [index.hits(t) for t in texts] == [_hits_at_every_word_start(index, t) for t in texts]
