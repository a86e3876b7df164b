"""Sentence splitting and tokenisation on hard news cases, the seeds, and fuzzed input."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.segment import ENGLISH_STOP_WORDS, STOP_WORDS, sentences, split_sentences, tokenize, word_spans


def split(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "European leaders are holding talks on Sept. 4 with Ukrainian President Volodymyr Zelenskyy. "
            "The summit is in Paris.",
            [
                "European leaders are holding talks on Sept. 4 with Ukrainian President Volodymyr Zelenskyy.",
                "The summit is in Paris.",
            ],
        ),
        (
            "During a meeting at the White House on Aug. 18, U.S. President Donald Trump said the "
            "United States would help. He spoke briefly.",
            [
                "During a meeting at the White House on Aug. 18, U.S. President Donald Trump said the "
                "United States would help.",
                "He spoke briefly.",
            ],
        ),
        (
            "Ukraine wants a security guarantee from the U.S. The coalition agreed.",
            ["Ukraine wants a security guarantee from the U.S.", "The coalition agreed."],
        ),
        (
            "Gen. Valery Gerasimov met Mr. Witkoff at 10 a.m. Tuesday in St. Petersburg.",
            ["Gen. Valery Gerasimov met Mr. Witkoff at 10 a.m. Tuesday in St. Petersburg."],
        ),
        (
            "The letter reached No. 10 Downing St. on Friday. Martin Luther King Jr. was cited.",
            ["The letter reached No. 10 Downing St. on Friday.", "Martin Luther King Jr. was cited."],
        ),
        ("J. K. Rowling donated. Fine.", ["J. K. Rowling donated.", "Fine."]),
        (
            "Inflation rose 3.5% in May. Prices fell 0.2 points.",
            ["Inflation rose 3.5% in May.", "Prices fell 0.2 points."],
        ),
        (
            "“We are ready to see the sincerity of Russia.” Macron said. The summit opened.",
            ["“We are ready to see the sincerity of Russia.” Macron said.", "The summit opened."],
        ),
        (
            "“We are ready to see the sincerity of Russia.” The summit opened.",
            ["“We are ready to see the sincerity of Russia.”", "The summit opened."],
        ),
        ("“Why now?” she asked. Nobody knew.", ["“Why now?” she asked.", "Nobody knew."]),
        (
            "He hesitated... then went on. Wait… The talks resumed!",
            ["He hesitated... then went on.", "Wait…", "The talks resumed!"],
        ),
        ("‘Robust Peace’\nMacron said, “We are ready.”", ["‘Robust Peace’", "Macron said, “We are ready.”"]),
        (
            "Central role for the Ukrainian army\nMacron stressed that a strong army is key.",
            ["Central role for the Ukrainian army", "Macron stressed that a strong army is key."],
        ),
        (
            "First paragraph without a stop\n\nSecond paragraph.",
            ["First paragraph without a stop", "Second paragraph."],
        ),
        (
            "Ukrainian President Volodymyr Zelensky said the\ncoalition would meet again. Next one.",
            ["Ukrainian President Volodymyr Zelensky said the\ncoalition would meet again.", "Next one."],
        ),
        ("What to pack\nbottled water\nbaby carrier", ["What to pack", "bottled water", "baby carrier"]),
        ("26 countries agreed. 30 leaders came.", ["26 countries agreed.", "30 leaders came."]),
        ("The report on p. 5 cites Oscar P. Quintero.", ["The report on p. 5 cites Oscar P. Quintero."]),
        (
            "ROANOKE, Va. - The mayor spoke. An adviser in Eau Claire, Wis. And more.",
            ["ROANOKE, Va. - The mayor spoke.", "An adviser in Eau Claire, Wis.", "And more."],
        ),
        ("He fell ill. Putin arrived.", ["He fell ill.", "Putin arrived."]),
        (
            "Key points:\n1. The summit opened. It was long.\n  a. Leaders met in 2014. The end.",
            ["Key points:", "1. The summit opened.", "It was long.", "a. Leaders met in 2014.", "The end."],
        ),
        ("Getty Images.\n\n”Mr. Trump is transparent.", ["Getty Images.", "”Mr. Trump is transparent."]),
        ('Unless "she" is a "he"? A loud one.', ['Unless "she" is a "he"?', "A loud one."]),
        ("", []),
        ("   \n\n ", []),
    ],
)
def test_news_cases(text, expected):
    assert split(text) == expected


def test_seed_heading_and_quote_paragraphs(seed_corpus):
    text = seed_corpus.set_index("doc_id").loc[lambda d: d.index.str.startswith("000"), "text"].iloc[0]
    got = split(text)
    assert "‘Robust Peace’" in got
    assert any(
        s.startswith("During a meeting at the White House on Aug. 18, U.S. President Donald Trump")
        for s in got
    )
    assert all(not s.startswith(("4 ", "18,", "S. ", "President Donald")) for s in got)


def _check_spans(text: str, spans: list[tuple[int, int]]) -> None:
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        previous_end = end
    covered = set()
    for start, end in spans:
        covered.update(range(start, end))
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())


NEWSY = st.lists(
    st.sampled_from(
        list("aZ .!?…\n\t“”‘’\"'()3,-")
        + ["Sept. ", "No. 1", "” He", ". The ", "Mr.", "U.S.", " said.", "J. ", "...", "\n\n"]
    ),
    max_size=60,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=200), NEWSY))
def test_split_sentences_property(text):
    _check_spans(text, split_sentences(text))


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=120), NEWSY))
def test_word_spans_and_tokens_agree(text):
    spans = word_spans(text)
    assert all(0 <= s < e <= len(text) for s, e in spans)
    expected = []
    for s, e in spans:  # token i is span i with a straight apostrophe, no final stop, lower-cased
        word = text[s:e].replace("’", "'")
        expected.append((word[:-1] if word.endswith(".") else word).lower())
    assert tokenize(text) == expected
    assert all(t and t.strip() == t for t in expected)


def test_seed_spans_cover_text(seed_corpus):
    for text in seed_corpus.loc[seed_corpus["status"] == "loaded", "text"]:
        _check_spans(text, split_sentences(text))


def test_tokenize_news_words():
    assert tokenize("Russia’s cease-fire: U.S. troops, 3.5% and 2,000 allies’ don't.") == [
        "russia",
        "cease-fire",
        "u.s",
        "troops",
        "3.5",
        "and",
        "2,000",
        "allies",
        "don't",
    ]
    assert tokenize("Russia's") == tokenize("Russia’s") == ["russia"]
    assert tokenize("—“quoted”—") == ["quoted"]


def test_stop_words_extend_sklearn():
    assert {"the", "and", "said", "told", "according", "mr"} <= STOP_WORDS
    assert not {"war", "peace", "claimed", "ukraine"} & STOP_WORDS


def test_english_stop_words_are_sklearns():
    """The shipped list (data/stopwords_english.txt) is scikit-learn's, word for word."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS as sklearn_words

    assert ENGLISH_STOP_WORDS == frozenset(sklearn_words)
    assert ENGLISH_STOP_WORDS <= STOP_WORDS


def test_loading_does_not_import_sklearn():
    """Loading and segmenting a corpus never imports scikit-learn (half a second of start-up)."""
    code = (
        "import sys; from toolkit.load import corpus_from_texts; from toolkit.segment import split_sentences; "
        "corpus_from_texts(['Russia said no. Talks went on.'], 'A'); split_sentences('A b. C d.'); "
        "print('sklearn' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_sentence_table_from_quotes_table():
    text = "Macron said the talks went well. “We are ready for a robust peace,” he said. Russia objected."
    corpus = pd.DataFrame(
        {
            "doc_id": ["d1", "d0"],
            "outlet": ["A", "B"],
            "text": [text, "Short one."],
            "status": ["loaded", "loaded"],
        }
    )
    start = text.index("We are")
    quotes = pd.DataFrame(
        {"doc_id": ["d1", "d1"], "start": [start, 0], "end": [start + 33, 6], "kind": ["direct", "scare"]}
    )
    table = sentences(corpus, quotes)
    assert list(table.columns) == [
        "doc_id",
        "outlet",
        "sent_id",
        "start",
        "end",
        "text",
        "voice",
        "quoted_fraction",
    ]
    assert list(table["doc_id"]) == ["d0", "d1", "d1", "d1"]
    d1 = table[table["doc_id"] == "d1"]
    assert list(d1["voice"]) == ["narrator", "quoted", "narrator"]
    assert d1["quoted_fraction"].iloc[0] == 0  # scare quotes are not speech
    assert d1["quoted_fraction"].iloc[1] == pytest.approx(33 / len(d1["text"].iloc[1]))
    assert all(text[s:e] == t for s, e, t in zip(d1["start"], d1["end"], d1["text"], strict=True))


def test_sentence_table_skips_rejected_and_is_deterministic(seed_corpus):
    corpus = pd.concat(
        [
            seed_corpus,
            pd.DataFrame({"doc_id": ["zz"], "outlet": ["X"], "text": [None], "status": ["rejected"]}),
        ],
        ignore_index=True,
    )
    empty_quotes = pd.DataFrame(columns=["doc_id", "start", "end", "kind"])
    first, second = sentences(corpus, empty_quotes), sentences(corpus.iloc[::-1], empty_quotes)
    pd.testing.assert_frame_equal(first, second)
    assert "zz" not in set(first["doc_id"])
    assert (first["voice"] == "narrator").all()
    assert first.groupby("doc_id")["sent_id"].apply(lambda s: list(s) == list(range(len(s)))).all()


@settings(max_examples=100, deadline=None)
@given(
    text=st.one_of(st.text(max_size=150), NEWSY),
    spans=st.lists(
        st.tuples(
            st.integers(-5, 160),
            st.integers(-5, 160),
            st.sampled_from(["direct", "partial", "transcript", "indirect", "scare"]),
        ),
        max_size=6,
    ),
)
def test_sentence_table_properties(text, spans):
    corpus = pd.DataFrame({"doc_id": ["d"], "outlet": ["A"], "text": [text], "status": ["loaded"]})
    quotes = pd.DataFrame([("d", s, e, k) for s, e, k in spans], columns=["doc_id", "start", "end", "kind"])
    table = sentences(corpus, quotes)
    assert table["quoted_fraction"].between(0, 1).all()
    assert ((table["quoted_fraction"] >= 0.5) == (table["voice"] == "quoted")).all()
    assert [text[s:e] for s, e in zip(table["start"], table["end"], strict=True)] == list(table["text"])


def test_voice_from_the_quote_engine_when_no_table_is_given(seed_corpus):
    pytest.importorskip("toolkit.quotes")
    table = sentences(seed_corpus)
    outlet_a = table[table["doc_id"].str.startswith("000")].set_index("text")["voice"]
    assert outlet_a[next(t for t in outlet_a.index if t.startswith("Referring to the meetings"))] == "quoted"
    assert (
        outlet_a[next(t for t in outlet_a.index if t.startswith("The coalition of the willing has"))]
        == "narrator"
    )
