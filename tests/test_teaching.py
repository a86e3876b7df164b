"""The lessons' checks: right answers pass, wrong ones get a hint that does not give the answer away."""

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from toolkit import teaching as t

ROOT = Path(__file__).resolve().parents[1]

KEYNESS = pd.DataFrame(
    {
        "outlet": ["Caliber.Az", "Caliber.Az", "Caliber.Az", "NDTV Profit"],
        "term": ["zakharova", "ogre", "criminal", "porcupine"],
        "z": [2.9, 3.4, 1.2, 4.0],
    }
)
SENTIMENT = pd.DataFrame(
    {
        "voice": ["narrator", "narrator", "quoted", "quoted"],
        "compound": [0.1, -0.2, -0.6, 0.2],
    }
)
REMOVED = pd.DataFrame(
    {
        "outlet": ["NDTV Profit"] * 7 + ["Outlet E (unattributed blog)"] * 2,
        "rule": ["advert"] * 9,
    }
)
CODER_A = [1, 0, 0, 1, 0, 0, 0, 0, 1, 0]
CODER_B = [1, 0, 0, 0, 0, 0, 1, 0, 1, 0]  # 8 of 10 the same

# (check, extra args, right answer, wrong answers, words of the right answer that a hint must not show)
CASES = [
    (t.check_quote_count, (), 5, [4, 6, 7, 2, 12, "many"], ["5", "five"]),
    (t.check_quoted_speaker, (), "Emmanuel Macron", ["Caliber.Az", "Zelenskyy", "French media", "Putin"], ["macron"]),
    (t.check_anonymous_outlet, (), "NDTV Profit", ["Caliber.Az", "Outlet A", "The Guardian"], ["ndtv"]),
    (
        t.check_spellings,
        (),
        {
            "Outlet A (unattributed)": "Zelenskyy",
            "NDTV Profit": "Zelenskiy",
            "Caliber.Az": "Zelenskyy",
            "Outlet D (unattributed)": "Zelensky",
            "Outlet E (unattributed blog)": "Zelensky",
        },
        [{"NDTV Profit": "Zelensky"}, {o: "Zelensky" for o in t.SEED_OUTLETS}, "Zelensky"],
        ["zelenskiy", "zelenskyy"],
    ),
    (t.check_loaded_verb, (), "claimed", ["said", "branded", "showcased"], ["claim"]),
    (t.check_top_key_term, (KEYNESS, "Caliber.Az"), "ogre", ["zakharova", "porcupine", "war"], ["ogre"]),
    (t.check_ceasefire_sign, (), "negative", ["positive", "neutral"], ["negative"]),
    (t.check_overrides, (), {"war": 0.0}, [{"ceasefire": 0.0}, {"war": -1.0}, {"war": "zero"}, ["war"]], ["war"]),
    (t.check_more_negative_voice, (SENTIMENT,), "quoted", ["narrator"], ["quoted"]),
    (t.check_off_event, (), "004_a32e0580cd2cbc42", ["001_bc9fb1cf91c94744", "Outlet D", "Caliber.Az"], ["004", "outlet e"]),
    (t.check_chancellor, (), "Olaf Scholz", ["Friedrich Merz", "Angela Merkel"], ["scholz"]),
    (
        t.check_quoted_by,
        (),
        ["Caliber.Az", "Outlet D (unattributed)"],
        [["Caliber.Az"], ["Caliber.Az", "NDTV Profit"], "Outlet D", ["Pravda"]],
        ["caliber", "outlet d"],
    ),
    (t.check_removed_lines, (REMOVED, "NDTV Profit"), 7, [9, 2, "all"], ["7", "seven"]),
    (t.check_percent_agreement, (CODER_A, CODER_B), 0.8, [0.5, 8, "most"], ["0.8", "80"]),
    (t.check_alpha_reading, (), "b", ["a", "c", "d"], ["chance"]),
]
IDS = [case[0].__name__ for case in CASES]


@pytest.mark.parametrize(("check", "args", "right", "wrongs", "secrets"), CASES, ids=IDS)
def test_right_answer_passes(check, args, right, wrongs, secrets):
    feedback = check(right, *args)
    assert feedback.ok and bool(feedback)
    assert str(feedback).startswith("✔")


@pytest.mark.parametrize(("check", "args", "right", "wrongs", "secrets"), CASES, ids=IDS)
def test_wrong_answer_gets_a_hint_without_the_answer(check, args, right, wrongs, secrets):
    for wrong in wrongs:
        feedback = check(wrong, *args)
        assert not feedback.ok, wrong
        assert str(feedback).startswith("✘") and len(feedback.message) > 15
        for secret in secrets:
            assert secret not in feedback.message.lower(), (wrong, feedback.message)


@pytest.mark.parametrize(("check", "args", "right", "wrongs", "secrets"), CASES, ids=IDS)
@pytest.mark.parametrize("placeholder", [None, ..., "", {}])
def test_unanswered_placeholder_prints_guidance_and_does_not_raise(check, args, right, wrongs, secrets, placeholder):
    feedback = check(placeholder, *args)
    assert feedback == t.NOT_ANSWERED
    assert "Not answered yet" in repr(feedback)


@pytest.mark.parametrize(("check", "args", "right", "wrongs", "secrets"), CASES, ids=IDS)
@given(junk=st.one_of(st.text(max_size=30), st.integers(), st.floats(), st.lists(st.text(max_size=5), max_size=3)))
def test_no_answer_makes_a_check_raise(check, args, right, wrongs, secrets, junk):
    assert isinstance(check(junk, *args).message, str)


def test_a_template_with_every_blank_left_is_unanswered():
    assert t.check_spellings(dict.fromkeys(t.SEED_OUTLETS)) == t.NOT_ANSWERED


def test_answers_are_normalised_like_a_reader_would():
    assert t.check_quoted_speaker("  macron. ")
    assert t.check_quote_count("5")
    assert t.check_percent_agreement("80%", CODER_A, CODER_B)
    assert t.check_alpha_reading("(B)")
    assert t.check_spellings({"outlet a": "zelenskyy", "ndtv": "Zelenskiy", "caliber.az": "ZELENSKYY",
                              "Outlet D": "Zelensky", "Outlet E": "Zelensky"})


def test_a_closed_question_answered_off_the_menu_lists_the_choices():
    assert "'positive', 'negative' or 'neutral'" in t.check_ceasefire_sign("bad").message
    assert "'narrator' or 'quoted'" in t.check_more_negative_voice("both", SENTIMENT).message
    assert "a, b, c" in t.check_alpha_reading("z").message


def test_spelling_hint_names_the_outlets_to_recheck():
    answer = {o: "Zelenskyy" for o in t.SEED_OUTLETS}
    message = t.check_spellings(answer).message
    assert message.startswith("2 of 5 right")
    assert "NDTV Profit" in message and "Outlet D" in message and "Caliber" not in message


def test_ceasefire_sentence_really_is_negative_for_vader():
    # The lesson's premise: the sign a student is asked to discover.
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    assert SentimentIntensityAnalyzer().polarity_scores(t.CEASEFIRE_SENTENCE)["compound"] < -0.05


def test_coding_sheet_is_checked_for_completeness_and_codes():
    sheet = t.coding_sheet(["002", "003"], ["conflict", "economic"])
    assert list(sheet.columns) == ["doc_id", "frame", "present"] and len(sheet) == 4
    assert t.check_coding_sheet(sheet) == t.NOT_ANSWERED
    sheet.loc[0, "present"] = 1
    assert "3 of 4 cells still empty" in t.check_coding_sheet(sheet).message
    sheet["present"] = [1, 0, "yes", 0]
    assert "'yes'" in t.check_coding_sheet(sheet).message
    sheet["present"] = [1, 0, 1, 0]
    assert t.check_coding_sheet(sheet)


def test_codebook_lists_the_five_generic_frames():
    book = t.load_codebook(ROOT / "notebooks" / "teaching" / "codebook.yml")
    assert list(book.columns) == ["frame", "q_id", "question"]
    assert book["frame"].nunique() == 5
    assert book["question"].str.endswith("?").all()


def test_locate_looks_in_parent_folders(tmp_path, monkeypatch):
    (tmp_path / "seeds").mkdir()
    deep = tmp_path / "notebooks" / "teaching"
    deep.mkdir(parents=True)
    (deep / "codebook.yml").write_text("frames: {}\n")
    monkeypatch.chdir(deep)
    assert t.locate("seeds") == (tmp_path / "seeds").resolve()
    assert t.locate("../../seeds") == (tmp_path / "seeds").resolve()
    assert t.locate("codebook.yml") == (deep / "codebook.yml").resolve()
    monkeypatch.chdir(tmp_path / "notebooks")
    assert t.locate("../../seeds") == (tmp_path / "seeds").resolve()  # run from another folder
    with pytest.raises(FileNotFoundError, match="no file or folder"):
        t.locate("no_such_corpus")
