"""toolkit.vader gives exactly vaderSentiment 3.3.2's scores (same floats, sign of zero included)."""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from vaderSentiment import vaderSentiment as reference

from benchmarks import generate  # the project root is on pytest's pythonpath (pyproject.toml)
from toolkit import vader
from toolkit.clean import clean_text
from toolkit.segment import split_sentences
from toolkit.sentiment import DEFAULT_OVERRIDES, load_overrides, sentence_sentiment

ROOT = Path(__file__).resolve().parents[1]
SHIPPED: dict[str, float] = {}
DEFAULTS = load_overrides(DEFAULT_OVERRIDES)
# Overrides that reach every rule's lexicon test: modifiers and "least"/"no" made lexicon words,
# lexicon words removed, others re-weighted.
RULE_OVERRIDES = {"least": -1.0, "very": 0.5, "but": 1.2, "no": 0.0, "kind": 0.0, "good": -2.0, "doubt": 0.0,
                  "so": 1.0, "shit": 0.0}
OVERRIDE_SETS = {"shipped": SHIPPED, "default overrides": DEFAULTS, "rule overrides": RULE_OVERRIDES}


def _with(analyzer, overrides: dict[str, float]):
    """The lexicon edit of ``toolkit.sentiment._analyzer``: valence 0 removes the word."""
    for word, valence in overrides.items():
        if valence == 0:
            analyzer.lexicon.pop(word, None)
        else:
            analyzer.lexicon[word] = valence
    return analyzer


@cache
def _pair(name: str):
    overrides = OVERRIDE_SETS[name]
    return _with(reference.SentimentIntensityAnalyzer(), overrides), _with(vader.SentimentIntensityAnalyzer(), overrides)


def _exact(scores: dict) -> list:
    """Keys in order, each value's type and exact bits (``float.hex`` keeps the sign of zero)."""
    return [(key, type(value).__name__, float.hex(value)) for key, value in scores.items()]


def _assert_same(texts, name: str = "shipped") -> None:
    ref, fast = _pair(name)
    mismatches = [t for t in texts if _exact(ref.polarity_scores(t)) != _exact(fast.polarity_scores(t))]
    assert not mismatches, f"{len(mismatches)} of {len(texts)} differ ({name}), e.g. {mismatches[:3]!r}"


def _sentences(raw_texts) -> list[str]:
    out = []
    for raw in raw_texts:
        text = clean_text(raw)
        out.extend(text[start:end] for start, end in split_sentences(text))
    return out


@pytest.fixture(scope="module")
def seed_sentences() -> list[str]:
    return _sentences(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))


@pytest.mark.parametrize("name", list(OVERRIDE_SETS))
def test_every_seed_sentence(seed_sentences, name):
    assert len(seed_sentences) > 100
    _assert_same(seed_sentences, name)


@pytest.mark.parametrize("name", list(OVERRIDE_SETS))
def test_generated_corpus_sample(name):
    raw = [article["text"] for article in generate.articles(40, seed=7)]
    _assert_same(_sentences(raw) + raw, name)  # sentences, and whole pages with their furniture


# One or more cases per vaderSentiment rule.
EDGE_CASES = [
    "", " ", "\n\t", ".", "!!!", "?", "...", "— –", ":)", ":-(", "<3", ":D and :P",
    "good", "GOOD", "Good!", "good!!!!!!", "good??", "good???", "good????", "bad!?!?", "bad?",
    "The book was good.", "The book was GOOD.", "THE BOOK WAS GOOD.", "The BOOK was good.",
    "The book was very good.", "The book was VERY good.",
    "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
    "not good", "isn't good", "it ain't bad", "uh-uh, nice", "never good", "nothing nice", "doesnt help",
    "not very good", "not at all good", "never so good", "never this good", "never really this good",
    "he was so good", "this is good", "without doubt good", "without a doubt, good", "without doubt the best",
    "no good", "no, good", "no problem", "no no no", "no", "no or nor good", "no joy or love", "no fun nor joy",
    "least good", "at least good", "very least good", "the least good", "Least good",
    "least good at", "least bad very", "he got a kiss of death", "wouldn't've been good", "it'tis good",
    "kind of good", "kind of", "kind", "a kind man", "kinda good", "sort of bad", "just enough good",
    "it is kind of the worst", "it was sort of really bad", "kind to good", "it was sort to the worst",
    "it was sort of the worst", "he is quite bad man", "he is quite bad ass",
    "good but bad", "bad but good", "but", "good but", "but good", "good good but good good",
    "great, but great great but bad", "fine but fine, not fine; BUT fine", "love love love but hate",
    "the shit", "this is the shit", "the bomb", "that was the bomb!", "bad ass", "quite bad ass", "badass",
    "bus stop", "the bus stop was ugly", "yeah right", "oh yeah right sure", "kiss of death", "a kiss of death",
    "to die for", "a cake to die for", "beating heart", "a good beating heart", "cut the mustard",
    "extremely good", "EXTREMELY good", "extremely GOOD", "barely good", "hardly bad", "very very very good",
    "really, truly, deeply good", "Good. Bad. Ugly.", "good-bad", "'good'", '"good"', "(good)", "good's",
    "Catch utf-8 emoji such as 💘 and 💋 and 😁", "😁", "😁😁", "x😁", "😁x", "a 😁 b", "💔 broken",
    "🔛 go", "🆙?", "good\u00a0bad", "GOOD\u2003BAD good", "ÉLITE good", "Straße gut good", "ΟΔΟΣ good",
    "İstanbul is great", "don’t like it", "don't like it", "won't win", "I can't stand it", "n't good",
]


@pytest.mark.parametrize("name", list(OVERRIDE_SETS))
def test_rule_edge_cases(name):
    _assert_same(EDGE_CASES, name)


def test_edge_cases_exercise_the_rules():
    """The rules change scores on these cases, so the equality above checks each of them."""
    ref, _ = _pair("shipped")
    compound = {text: ref.polarity_scores(text)["compound"] for text in EDGE_CASES}
    for plain, modified in [("good", "not good"), ("The book was good.", "The book was GOOD."), ("The book was very good.", "The book was VERY good."),
                            ("good", "good!!!!!!"), ("good", "good???"), ("good", "extremely good"),
                            ("kind to good", "kind of good"), ("it was sort to the worst", "it was sort of the worst"), ("good", "least good"), ("good", "no good"),
                            ("good but bad", "bad but good"), ("never good", "never so good"),
                            ("he is quite bad man", "he is quite bad ass"), ("good", "without doubt good")]:
        assert compound[plain] != compound[modified], (plain, modified)


def test_empty_and_unscored_texts():
    fast = vader.SentimentIntensityAnalyzer()
    assert fast.polarity_scores("") == {"neg": 0.0, "neu": 0.0, "pos": 0.0, "compound": 0.0}
    assert fast.polarity_scores("The table is in the room.") == {"neg": 0.0, "neu": 1.0, "pos": 0.0, "compound": 0.0}


def test_lexicon_edits_after_construction_apply():
    fast = vader.SentimentIntensityAnalyzer()
    assert fast.polarity_scores("war")["compound"] < 0
    fast.lexicon.pop("war")
    assert fast.polarity_scores("war")["compound"] == 0.0
    assert vader.SentimentIntensityAnalyzer().polarity_scores("war")["compound"] < 0  # its own copy


def test_sentence_sentiment_scores_are_vaders(seed_corpus):
    from toolkit.segment import sentences

    table = sentences(seed_corpus)
    for name, overrides in (("shipped", None), ("default overrides", DEFAULT_OVERRIDES)):
        ref, _ = _pair(name)
        scores = sentence_sentiment(table, lexicon_overrides=overrides)
        by_sentence = table.set_index(["doc_id", "sent_id"])["text"]
        for row in scores.itertuples():
            expected = ref.polarity_scores(by_sentence[(row.doc_id, row.sent_id)])
            assert [row.neg, row.neu, row.pos, row.compound] == list(expected.values())


# --- property: arbitrary text built from the words the rules look at ---------------------------------

_EMOJI = sorted(e for e in reference.SentimentIntensityAnalyzer().emojis if len(e) == 1)[::40]
_RULE_WORDS = [
    "no", "not", "never", "without", "doubt", "least", "at", "very", "so", "this", "or", "nor", "but", "BUT",
    "kind", "of", "sort", "just", "enough", "the", "shit", "bomb", "bad", "ass", "bus", "stop", "yeah", "right",
    "kiss", "death", "to", "die", "for", "beating", "heart", "isn't", "don't", "n't", "ain't", "uh-uh", "despite",
]
_LEXICON_WORDS = ["good", "great", "love", "hate", "war", "killed", "peace", "security", "happy", "sad", "ok",
                  "fine", "terrible", "best", "worst", "joy", "lol", "sux", ":)", ":(", "<3", ":D", "attack"]
_WORD = st.sampled_from(_RULE_WORDS + _LEXICON_WORDS + sorted(reference.BOOSTER_DICT) + reference.NEGATE
                        + _EMOJI + ["table", "said", "x", "I", "A", "it"])
_PUNCT = st.sampled_from(["", "", "", "!", "?", ".", ",", "!!", "??", "?!", "'", '"', "“", "”", "…", "(", ")", "-"])
_CASE = st.sampled_from([str, str, str, str.upper, str.title, str.lower])
_SPACE = st.sampled_from([" ", " ", " ", "  ", "\n", "\t", "\u00a0", ""])


@st.composite
def _texts(draw) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 25))):
        parts.append(draw(_PUNCT) + draw(_CASE)(draw(_WORD)) + draw(_PUNCT) + draw(_SPACE))
    return "".join(parts)


_OVERRIDES = st.dictionaries(st.sampled_from(_RULE_WORDS + _LEXICON_WORDS + ["very", "kinda", "really"]),
                             st.sampled_from([0.0, -3.1, -0.5, 0.7, 2.0]), max_size=6)


@settings(max_examples=400)
@given(text=_texts(), name=st.sampled_from(list(OVERRIDE_SETS)))
def test_property_rule_words(text, name):
    _assert_same([text], name)


@settings(max_examples=150)
@given(text=_texts(), overrides=_OVERRIDES)
def test_property_random_overrides(text, overrides):
    ref, fast = (copy.copy(analyzer) for analyzer in _pair("shipped"))
    ref.lexicon, fast.lexicon = dict(ref.lexicon), dict(fast.lexicon)
    _with(ref, overrides)
    _with(fast, overrides)
    assert _exact(fast.polarity_scores(text)) == _exact(ref.polarity_scores(text))


@settings(max_examples=300)
@given(text=st.text(st.characters() | st.sampled_from([*_EMOJI, " ", "\n", "!", "?", "'", "A", "İ", "Σ"]), max_size=60))
def test_property_arbitrary_text(text):
    _assert_same([text])


def test_no_emoji_is_ascii():
    """``polarity_scores`` skips the emoji pass for ASCII text, which needs every emoji to be non-ASCII."""
    assert not any(e.isascii() for e in vader.SentimentIntensityAnalyzer().emojis)
