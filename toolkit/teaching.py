"""Checks and helpers for the teaching lessons in ``notebooks/teaching/``.

Every exercise in a lesson has one ``check_…`` function. A check never raises on a student's
answer and never prints the right answer: it says whether the answer is right and, if not, points
at what to look at again (a hint, not a spoiler). Checks return a :class:`Feedback`, which shows
as its message in a notebook and is truthy only when the answer is right.

Answers about the demo corpus (``seeds/``) are fixed facts of those five articles, read by hand;
answers about a table the student computed are checked against that table, so they stay right
whatever the toolkit's numbers are.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from toolkit.agreement import percent_agreement

# The demo corpus's outlet labels, as given in seeds/manifest.csv.
OUTLET_A, NDTV, CALIBER, OUTLET_D, OUTLET_E = (
    "Outlet A (unattributed)",
    "NDTV Profit",
    "Caliber.Az",
    "Outlet D (unattributed)",
    "Outlet E (unattributed blog)",
)
SEED_OUTLETS = (OUTLET_A, NDTV, CALIBER, OUTLET_D, OUTLET_E)

# The sentence lesson 3 asks VADER to score.
CEASEFIRE_SENTENCE = "The ceasefire ended the war."


@dataclass(frozen=True)
class Feedback:
    """The outcome of a check: ``ok`` and a one-paragraph message for the student."""

    ok: bool
    message: str

    def __bool__(self) -> bool:
        return self.ok

    def __str__(self) -> str:
        return ("✔ " if self.ok else "✘ ") + self.message

    __repr__ = __str__


def _right(message: str = "Right.") -> Feedback:
    return Feedback(True, message)


def _wrong(message: str) -> Feedback:
    return Feedback(False, message)


def _unanswered(answer) -> bool:
    """True for the placeholders a lesson starts with (``None``, ``...``) and for empty answers."""
    if answer is None or answer is Ellipsis:
        return True
    if isinstance(answer, float) and math.isnan(answer):
        return True
    return isinstance(answer, str | dict | list | set | tuple) and len(answer) == 0


NOT_ANSWERED = Feedback(False, "Not answered yet: replace the placeholder with your answer and run the cell again.")


def _norm(text) -> str:
    """Lower-case, quotes and punctuation at the ends stripped, inner spaces collapsed."""
    return re.sub(r"\s+", " ", str(text)).strip().strip("\"'‘’“”.,;:!? ").lower()


def _number(answer) -> float | None:
    """The answer as a number, or None when it is not one (a student may type "5" or 5)."""
    if isinstance(answer, bool):
        return None
    try:
        return float(str(answer).strip().rstrip("%"))
    except ValueError:
        return None


def _outlet(answer, outlets=SEED_OUTLETS) -> str | None:
    """The outlet label an answer names: the full label, or its start ("Outlet D", "NDTV")."""
    given = _norm(answer)
    if len(given) < 4:
        return None
    for outlet in outlets:
        if _norm(outlet) == given or _norm(outlet).startswith(given):
            return outlet
    return None


def locate(path: str | Path) -> Path:
    """Resolve a lesson's path parameter (``corpus_dir``, ``codebook_file``): as given, else by name upwards.

    Lessons run with the notebook's folder as working directory (Jupyter, papermill) or from
    elsewhere in the repository; looking in parent folders finds the demo corpus ``seeds/`` from either.
    """
    given = Path(path).expanduser()
    if given.exists():
        return given.resolve()
    if not given.is_absolute():
        for parent in Path.cwd().resolve().parents:
            if (parent / given.name).exists():
                return parent / given.name
    raise FileNotFoundError(f"no file or folder {str(path)!r} here or in a parent folder")


def load_codebook(path: str | Path) -> pd.DataFrame:
    """A frame codebook (YAML: frame → yes/no questions) as a tidy table ``frame, q_id, question``."""
    book = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    rows = [
        {"frame": frame, "q_id": f"{frame}_{i}", "question": question}
        for frame, entry in book["frames"].items()
        for i, question in enumerate(entry["questions"], start=1)
    ]
    return pd.DataFrame(rows, columns=["frame", "q_id", "question"])


def coding_sheet(doc_ids, frames) -> pd.DataFrame:
    """An empty coding sheet to fill in: one row per article × frame, ``present`` left as None."""
    rows = [{"doc_id": doc, "frame": frame, "present": None} for doc in doc_ids for frame in frames]
    return pd.DataFrame(rows, columns=["doc_id", "frame", "present"]).astype({"present": object})


# --- lesson 1: who gets to speak ------------------------------------------------------------------


def check_quote_count(answer) -> Feedback:
    """Lesson 1, exercise 1: how many quotations of speech (direct or partial) article 000 has."""
    if _unanswered(answer):
        return NOT_ANSWERED
    n = _number(answer)
    if n is None:
        return _wrong("Answer with a number: how many stretches of quoted speech you found.")
    if n == 5:
        return _right("Right: four full quotations and one partial one.")
    if n in (6, 7):
        return _wrong(
            "Too many. Not every pair of quotation marks is speech: a term the writer puts in quotes "
            "(a scare quote) and a subheading echoing a quote are not something a person said there."
        )
    if n == 4:
        return _wrong(
            "Close. A few quoted words inside a longer sentence (a partial quote) count too, and so does a "
            "quote whose words the article repeats later."
        )
    if n < 4:
        return _wrong(
            "Too few. Quotes can be marked with single curly marks ‘ ’ as well as double ones, and the "
            "first line of the article is one."
        )
    return _wrong("Too many. Count only stretches inside quotation marks that a named person said.")


def check_quoted_speaker(answer) -> Feedback:
    """Lesson 1, exercise 2: who speaks in Caliber.Az's first direct quote."""
    if _unanswered(answer):
        return NOT_ANSWERED
    given = _norm(answer)
    if given in ("macron", "emmanuel macron", "french president emmanuel macron", "president macron"):
        return _right("Right: in 'X quotes Y as saying', Y is the speaker; X only passes the words on.")
    if "caliber" in given:
        return _wrong(
            "That is the outlet passing the words on. In 'X quotes Y as saying', who is saying them?"
        )
    if "zelensk" in given:
        return _wrong("He stands alongside the speaker, but he is not the one being quoted here.")
    if "french media" in given:
        return _wrong("The French media are where the outlet found the quote, not who spoke it.")
    return _wrong("Read the sentence after the closing quotation mark: which person is 'saying' the words?")


def check_anonymous_outlet(answer) -> Feedback:
    """Lesson 1, exercise 3: which outlet leans most on unnamed sources."""
    if _unanswered(answer):
        return NOT_ANSWERED
    outlet = _outlet(answer)
    if outlet is None:
        return _wrong("Name one of the five outlets, as labelled in the corpus's outlet column.")
    if outlet == NDTV:
        return _right(
            "Right: 'an official familiar with discussions', 'people familiar with the matter who asked "
            "not to be named'. Readers cannot check who these are or why they speak."
        )
    if outlet == CALIBER:
        return _wrong(
            "It has one ('Officials say ...'), but another outlet attributes several statements to "
            "people it does not name."
        )
    return _wrong(
        "Search the texts for 'official', 'familiar with' and 'asked not to be named': which outlet "
        "has the most?"
    )


# --- lesson 2: words that frame -------------------------------------------------------------------

SPELLINGS = {OUTLET_A: "zelenskyy", NDTV: "zelenskiy", CALIBER: "zelenskyy", OUTLET_D: "zelensky", OUTLET_E: "zelensky"}


def check_spellings(answer) -> Feedback:
    """Lesson 2, exercise 1: the spelling of the Ukrainian president's name in each outlet's text."""
    if _unanswered(answer):
        return NOT_ANSWERED
    if not isinstance(answer, dict):
        return _wrong("Answer with a dict from outlet to spelling, e.g. {'NDTV Profit': 'Z...', ...}.")
    given = {_outlet(key): _norm(value) for key, value in answer.items() if not _unanswered(value)}
    if not given:
        return NOT_ANSWERED
    wrong = [outlet for outlet in SEED_OUTLETS if outlet in given and given[outlet] != SPELLINGS[outlet]]
    missing = [outlet for outlet in SEED_OUTLETS if outlet not in given]
    if not wrong and not missing:
        return _right(
            "Right: three transliterations (from Ukrainian, from Russian, and the wire agencies' style); "
            "a count of 'Zelensky' alone misses two outlets."
        )
    parts = []
    if wrong:
        parts.append(f"look again at {', '.join(wrong)} (spell the name exactly as the cleaned text does)")
    if missing:
        parts.append(f"still missing: {', '.join(missing)}")
    return _wrong(f"{len(SEED_OUTLETS) - len(wrong) - len(missing)} of 5 right; " + "; ".join(parts) + ".")


def check_loaded_verb(answer) -> Feedback:
    """Lesson 2, exercise 2: the verb Caliber.Az uses that casts doubt on Putin's own statement."""
    if _unanswered(answer):
        return NOT_ANSWERED
    given = _norm(answer)
    if given in ("claimed", "claim", "claims"):
        return _right("Right: 'claimed' tells the reader to doubt the statement; 'said' would not.")
    if given in ("said", "say", "says"):
        return _wrong("'said' is the neutral default. Look for a verb that hints the statement may be untrue.")
    if given in ("branded", "described", "called", "dismissed"):
        return _wrong(
            "That verb is loaded too, but there Putin is not the speaker. Find the sentence in which "
            "he is the one talking."
        )
    return _wrong("Find the sentence where Putin speaks in Beijing and read every verb that introduces his words.")


def check_top_key_term(answer, keyness: pd.DataFrame, outlet: str) -> Feedback:
    """Lesson 2, exercise 3: the term with the highest keyness z-score for ``outlet``."""
    if _unanswered(answer):
        return NOT_ANSWERED
    rows = keyness[keyness["outlet"] == outlet].sort_values(["z", "term"], ascending=[False, True])
    if rows.empty:
        return _wrong(f"The keyness table has no rows for {outlet!r}: check the outlet name.")
    given = _norm(answer)
    if given == _norm(rows["term"].iloc[0]):
        return _right("Right: now read it in context before you interpret it.")
    terms = [_norm(term) for term in rows["term"]]
    if given in terms:
        return _wrong(f"That term is in {outlet}'s rows but not at the top: sort them by z, largest first.")
    return _wrong(f"That term is not in {outlet}'s rows: filter the table by outlet first, then sort by z.")


# --- lesson 3: tone and its traps -----------------------------------------------------------------


def check_ceasefire_sign(answer) -> Feedback:
    """Lesson 3, exercise 1: the sign VADER gives "The ceasefire ended the war."."""
    if _unanswered(answer):
        return NOT_ANSWERED
    given = _norm(answer)
    if given in ("negative", "neg", "-"):
        return _right("Right: good news for people, a negative score for the lexicon.")
    if given in ("positive", "pos", "+", "neutral", "neu", "0"):
        return _wrong(
            "That is what a reader would say. Run the analyzer on the sentence and look at the sign of "
            "'compound'."
        )
    return _wrong("Answer 'positive', 'negative' or 'neutral'.")


def check_overrides(answer) -> Feedback:
    """Lesson 3, exercise 2: lexicon overrides (word → valence) that make the ceasefire sentence neutral."""
    if _unanswered(answer):
        return NOT_ANSWERED
    if not isinstance(answer, dict):
        return _wrong("Answer with a dict from word to valence, e.g. {'some_word': 0.0}.")
    analyzer = SentimentIntensityAnalyzer()
    before = analyzer.polarity_scores(CEASEFIRE_SENTENCE)["compound"]
    try:
        analyzer.lexicon.update({str(word).lower(): float(value) for word, value in answer.items()})
    except (TypeError, ValueError):
        return _wrong("Every value must be a number (the new valence), e.g. 0.0.")
    after = analyzer.polarity_scores(CEASEFIRE_SENTENCE)["compound"]
    if abs(after) < 0.05:
        if len(answer) > 2:
            return _right("Neutral now, but you changed more words than needed: each override is a judgement.")
        return _right(f"Right: the score moves from {before:+.2f} to {after:+.2f}.")
    if after == before:
        return _wrong(
            f"The score is still {after:+.2f}: none of your words is one the lexicon scores here. Look up "
            "each word of the sentence in analyzer.lexicon."
        )
    return _wrong(f"The score moved from {before:+.2f} to {after:+.2f}; aim for 0 (neutral).")


def check_more_negative_voice(answer, sentiment: pd.DataFrame) -> Feedback:
    """Lesson 3, exercise 3: which voice (narrator or quoted) has the lower mean compound score."""
    if _unanswered(answer):
        return NOT_ANSWERED
    means = sentiment.groupby("voice")["compound"].mean()
    if not {"narrator", "quoted"} <= set(means.index):
        return _wrong("The sentiment table needs both voices; build sentences with the quotes passed in.")
    given = _norm(answer)
    if given not in ("narrator", "quoted"):
        return _wrong("Answer 'narrator' or 'quoted'.")
    if given == means.idxmin():
        return _right(f"Right: narrator {means['narrator']:+.3f}, quoted {means['quoted']:+.3f}.")
    return _wrong("Compare the mean 'compound' of the two voices again: group by voice, then take the mean.")


# --- lesson 4: selection and omission ------------------------------------------------------------


def check_off_event(answer) -> Feedback:
    """Lesson 4, exercise 1: the article that reports a different summit (by doc_id or outlet)."""
    if _unanswered(answer):
        return NOT_ANSWERED
    given = _norm(answer)
    if given.startswith("004") or _outlet(answer) == OUTLET_E:
        return _right(
            "Right: same city, same coalition, same words, but a different meeting: the March 2025 one."
        )
    return _wrong(
        "Not that one. Look for an article whose cast and news do not fit early September 2025: who "
        "holds office, and which truce is in the news?"
    )


def check_chancellor(answer) -> Feedback:
    """Lesson 4, exercise 2: the German chancellor named by the off-event article."""
    if _unanswered(answer):
        return NOT_ANSWERED
    given = _norm(answer)
    if given in ("scholz", "olaf scholz"):
        return _right("Right: he left office in May 2025, so the article cannot be about September's summit.")
    if "merz" in given:
        return _wrong("That is the chancellor the other articles name. Read the off-event article's guest list.")
    return _wrong("Search the off-event article for 'Chancellor'.")


def check_quoted_by(answer) -> Feedback:
    """Lesson 4, exercise 3: the outlets that quote Russia's foreign ministry spokeswoman."""
    if _unanswered(answer):
        return NOT_ANSWERED
    items = answer if isinstance(answer, list | tuple | set) else [answer]
    given = {_outlet(item) for item in items}
    right = {CALIBER, OUTLET_D}
    if None in given:
        return _wrong("Name outlets as labelled in the corpus's outlet column.")
    if given == right:
        return _right("Right: two outlets give Moscow's official reply a voice; three do not quote it at all.")
    if given < right:
        return _wrong("Part of it: more outlets than that quote her.")
    return _wrong(
        "At least one of these does not quote her. Use the coverage table (item_type 'quoted_actor') or "
        "search the texts for her name."
    )


def check_removed_lines(answer, removed: pd.DataFrame, outlet: str) -> Feedback:
    """Lesson 4, exercise 4: how many lines cleaning removed from ``outlet`` (from the audit table)."""
    if _unanswered(answer):
        return NOT_ANSWERED
    n = _number(answer)
    if n is None:
        return _wrong("Answer with a number of lines.")
    expected = int((removed["outlet"] == outlet).sum())
    if n == expected:
        return _right("Right, and every one of them is listed with the rule that removed it.")
    direction = "high" if n > expected else "low"
    return _wrong(f"Too {direction}. Count the audit rows whose outlet is {outlet!r}.")


# --- lesson 5: code it yourself -------------------------------------------------------------------


def check_coding_sheet(sheet: pd.DataFrame) -> Feedback:
    """Lesson 5, exercise 1: a coding sheet is complete and every code is 0 (no) or 1 (yes)."""
    if _unanswered(sheet) or not isinstance(sheet, pd.DataFrame):
        return NOT_ANSWERED
    if not {"doc_id", "frame", "present"} <= set(sheet.columns):
        return _wrong("The sheet needs the columns doc_id, frame and present: start from coding_sheet().")
    empty = int(sheet["present"].map(_unanswered).sum())
    if empty == len(sheet):
        return NOT_ANSWERED
    bad = sorted({repr(v) for v in sheet["present"] if not _unanswered(v) and v not in (0, 1)})
    if bad:
        return _wrong(f"Code each cell 1 (yes) or 0 (no); found {', '.join(bad)}.")
    if empty:
        return _wrong(f"{empty} of {len(sheet)} cells still empty.")
    return _right(f"Complete: {len(sheet)} codes.")


def check_percent_agreement(answer, codes_a, codes_b) -> Feedback:
    """Lesson 5, exercise 2: percent agreement of two coders, worked out by hand."""
    if _unanswered(answer):
        return NOT_ANSWERED
    n = _number(answer)
    if n is None:
        return _wrong("Answer with a number: a share (0 to 1) or a percentage.")
    expected = percent_agreement(codes_a, codes_b)
    if math.isclose(n, expected, abs_tol=0.005) or math.isclose(n, 100 * expected, abs_tol=0.5):
        return _right("Right: the share of units on which the two coders gave the same code.")
    return _wrong(
        "Count the units where both coders wrote the same code, then divide by the number of units "
        "both coded."
    )


ALPHA_CHOICES = {
    "a": "Alpha rounds more strictly than percent agreement.",
    "b": "Alpha subtracts the agreement expected by chance, which is high when most codes are the same.",
    "c": "Alpha counts every missing code as a disagreement.",
}


def check_alpha_reading(answer) -> Feedback:
    """Lesson 5, exercise 3: why alpha is lower than percent agreement (choice among ALPHA_CHOICES)."""
    if _unanswered(answer):
        return NOT_ANSWERED
    given = _norm(answer).strip("()")
    if given == "b":
        return _right(
            "Right: when most codes are the same, two coders who guessed would still agree most of the "
            "time; alpha only credits agreement beyond that."
        )
    if given == "a":
        return _wrong("No rounding is involved: both are exact. Think about what two coders would agree on by luck.")
    if given == "c":
        return _wrong("Missing codes are skipped by alpha, not counted against the coders. Try again.")
    return _wrong(f"Answer with one letter: {', '.join(ALPHA_CHOICES)}.")
