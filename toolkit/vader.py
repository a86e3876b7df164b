"""VADER sentence scores, exactly as vaderSentiment 3.3.2 computes them, about 3× faster.

A port of ``SentimentIntensityAnalyzer.polarity_scores`` from vaderSentiment 3.3.2
(C.J. Hutto, MIT licence; Hutto & Gilbert, "VADER: A Parsimonious Rule-based Model for Sentiment
Analysis of Social Media Text", ICWSM-14). Same lexicon and emoji table (read by the installed
package's own loader), same rules, constants, floating-point operation order and rounding, so every
score is the same float, sign of zero included (``tests/test_vader.py`` checks this against
vaderSentiment). It is faster because each distinct word is stripped and lowercased once (a
bounded memo, per analyzer), each sentence's words are then looked up in one pass, the rules
look words up in sets instead of rebuilding lowercased word lists for every lexicon word, words
outside the lexicon cost nothing, and a text without emoji skips the emoji pass.

``SentimentIntensityAnalyzer().lexicon`` is a plain dict that callers may edit (lexicon overrides);
every rule reads it at call time.
"""

from __future__ import annotations

import math
import string
from functools import lru_cache

from vaderSentiment import vaderSentiment as _reference

B_INCR, B_DECR = _reference.B_INCR, _reference.B_DECR  # booster / dampener increments
C_INCR = _reference.C_INCR  # ALL CAPS emphasis
N_SCALAR = _reference.N_SCALAR  # negation
BOOSTERS = dict(_reference.BOOSTER_DICT)
SPECIAL_CASES = dict(_reference.SPECIAL_CASES)
NEGATIONS = frozenset(_reference.NEGATE)
PUNCTUATION = string.punctuation
# Words of the multi-word special cases and boosters: an idiom check can only match when one of
# these is next to the lexicon word.
_IDIOM_WORDS = frozenset(w for key in (*SPECIAL_CASES, *BOOSTERS) if " " in key for w in key.split())
_NEVER_WORDS = ("so", "this")
_NO_SCORE = {"neg": 0.0, "neu": 0.0, "pos": 0.0, "compound": 0.0}  # no words at all
_NEUTRAL = {"neg": 0.0, "neu": 1.0, "pos": 0.0, "compound": 0.0}  # words, none scored


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, float], dict[str, str]]:
    """The package's lexicon and emoji table, loaded once by vaderSentiment itself."""
    analyzer = _reference.SentimentIntensityAnalyzer()
    return analyzer.lexicon, analyzer.emojis


#: distinct words an analyzer remembers the preprocessing of (then it starts afresh: flat memory)
_MAX_WORDS = 200_000


def _token(word: str) -> str:
    """vaderSentiment's token for a whitespace-separated word: stripped of punctuation unless that
    leaves two characters or fewer."""
    return s if len(s := word.strip(PUNCTUATION)) > 2 else word


class _WordMemo(dict):
    """word -> ``convert(_token(word))``, worked out once per distinct word: a sentence's words are
    then looked up in one C-level pass instead of being stripped and case-folded one by one."""

    def __init__(self, convert):
        super().__init__()
        self.convert = convert

    def __missing__(self, word: str):
        if len(self) >= _MAX_WORDS:
            self.clear()
        value = self[word] = self.convert(_token(word))
        return value


def _negated(word: str) -> bool:
    """vaderSentiment's ``negated([word])`` for one lowercased word."""
    return word in NEGATIONS or "n't" in word


class SentimentIntensityAnalyzer:
    """Drop-in for vaderSentiment's analyzer: ``polarity_scores(text) -> {neg, neu, pos, compound}``."""

    def __init__(self) -> None:
        lexicon, emojis = _tables()
        self.lexicon: dict[str, float] = dict(lexicon)
        self.emojis: dict[str, str] = emojis
        # vaderSentiment replaces character by character, so only one-character entries can match
        self._emoji_chars = frozenset(e for e in emojis if len(e) == 1)
        self._lower = _WordMemo(str.lower)  # word -> its token, lower-cased
        self._upper = _WordMemo(str.isupper)  # word -> whether its token is in capitals

    def _describe_emojis(self, text: str) -> str:
        """Each emoji character replaced by its description, spaced as vaderSentiment does."""
        out: list[str] = []
        prev_space = True
        for char in text:
            if char in self.emojis:
                if not prev_space:
                    out.append(" ")
                out.append(self.emojis[char])
                prev_space = False
            else:
                out.append(char)
                prev_space = char == " "
        return "".join(out)

    def polarity_scores(self, text: str) -> dict[str, float]:
        """VADER's ``neg``, ``neu``, ``pos`` (3 decimals) and ``compound`` (4 decimals) of ``text``."""
        if not text.isascii() and not self._emoji_chars.isdisjoint(text):  # every emoji is non-ASCII
            text = self._describe_emojis(text)
        words = text.split()
        if not words:
            return dict(_NO_SCORE)
        lexicon = self.lexicon
        lowers = list(map(self._lower.__getitem__, words))
        if lexicon.keys().isdisjoint(lowers):
            return dict(_NEUTRAL)
        n = len(lowers)
        caps = sum(map(self._upper.__getitem__, words))
        cap_diff = 0 < caps < n
        sentiments: list[float] = [0] * n
        # boosters and "kind" before "of" are modifiers: they score 0 even when in the lexicon
        scored = [
            i
            for i, lower in enumerate(lowers)
            if lower in lexicon
            and lower not in BOOSTERS
            and not (lower == "kind" and i < n - 1 and lowers[i + 1] == "of")
        ]
        for i in scored:
            sentiments[i] = self._valence(i, words, lowers, cap_diff)
        if "but" in lowers:
            _but_check(sentiments, scored, lowers.index("but"))
        return _score(sentiments, scored, text)

    def _valence(self, i: int, words: list[str], lowers: list[str], cap_diff: bool) -> float:
        """vaderSentiment's ``sentiment_valence`` for the lexicon word at ``i``."""
        lexicon = self.lexicon
        n = len(lowers)
        word = lowers[i]
        valence = lexicon[word]
        if word == "no" and i != n - 1 and lowers[i + 1] in lexicon:
            valence = 0.0  # "no" negates the next lexicon word instead of scoring itself
        if (
            (i > 0 and lowers[i - 1] == "no")
            or (i > 1 and lowers[i - 2] == "no")
            or (i > 2 and lowers[i - 3] == "no" and lowers[i - 1] in ("or", "nor"))
        ):
            valence = lexicon[word] * N_SCALAR
        if cap_diff and self._upper[words[i]]:
            valence = valence + C_INCR if valence > 0 else valence - C_INCR
        for start_i in (0, 1, 2):
            j = i - start_i - 1
            if j < 0:
                break
            before = lowers[j]
            if before in lexicon:
                continue
            scalar = 0.0
            if before in BOOSTERS:
                scalar = BOOSTERS[before]
                if valence < 0:
                    scalar *= -1
                if cap_diff and self._upper[words[j]]:
                    scalar = scalar + C_INCR if valence > 0 else scalar - C_INCR
                if start_i == 1 and scalar != 0:
                    scalar = scalar * 0.95
                elif start_i == 2 and scalar != 0:
                    scalar = scalar * 0.9
            valence = valence + scalar
            valence = _negation_check(valence, lowers, start_i, i)
            if start_i == 2:
                valence = _special_idioms_check(valence, lowers, i)
        if i > 0 and lowers[i - 1] == "least" and "least" not in lexicon:  # "least" negates, "at least" does not
            if i == 1 or lowers[i - 2] not in ("at", "very"):
                valence = valence * N_SCALAR
        return valence


def _negation_check(valence: float, lowers: list[str], start_i: int, i: int) -> float:
    """vaderSentiment's ``_negation_check``: negation, "never so/this", "without doubt"."""
    if start_i == 0:
        if _negated(lowers[i - 1]):
            valence = valence * N_SCALAR
    elif start_i == 1:
        if lowers[i - 2] == "never" and lowers[i - 1] in _NEVER_WORDS:
            valence = valence * 1.25
        elif lowers[i - 2] == "without" and lowers[i - 1] == "doubt":
            pass
        elif _negated(lowers[i - 2]):
            valence = valence * N_SCALAR
    else:
        if (lowers[i - 3] == "never" and lowers[i - 2] in _NEVER_WORDS) or lowers[i - 1] in _NEVER_WORDS:
            valence = valence * 1.25
        elif lowers[i - 3] == "without" and (lowers[i - 2] == "doubt" or lowers[i - 1] == "doubt"):
            pass
        elif _negated(lowers[i - 3]):
            valence = valence * N_SCALAR
    return valence


def _special_idioms_check(valence: float, lowers: list[str], i: int) -> float:
    """vaderSentiment's ``_special_idioms_check`` (idioms such as "the bomb", "kind of" before a word)."""
    window = lowers[max(i - 3, 0) : i + 3]
    if _IDIOM_WORDS.isdisjoint(window):
        return valence
    w3, w2, w1, w0 = lowers[i - 3], lowers[i - 2], lowers[i - 1], lowers[i]
    two_one, three_two_one, three_two = f"{w2} {w1}", f"{w3} {w2} {w1}", f"{w3} {w2}"
    for seq in (f"{w1} {w0}", f"{w2} {w1} {w0}", two_one, three_two_one, three_two):
        if seq in SPECIAL_CASES:
            valence = SPECIAL_CASES[seq]
            break
    n = len(lowers)
    if n - 1 > i and (seq := f"{w0} {lowers[i + 1]}") in SPECIAL_CASES:
        valence = SPECIAL_CASES[seq]
    if n - 1 > i + 1 and (seq := f"{w0} {lowers[i + 1]} {lowers[i + 2]}") in SPECIAL_CASES:
        valence = SPECIAL_CASES[seq]
    for n_gram in (three_two_one, three_two, two_one):
        if n_gram in BOOSTERS:
            valence = valence + BOOSTERS[n_gram]
    return valence


def _but_check(sentiments: list[float], scored: list[int], but: int) -> None:
    """vaderSentiment's ``_but_check``, in place: halve before the first "but", ×1.5 after it.

    Like the original, each value is located with ``list.index`` (its first equal value), so repeated
    values behave as in vaderSentiment. Zeros are skipped: scaling a zero leaves a zero, and zeros
    count the same whatever their sign.
    """
    for k in scored:
        value = sentiments[k]
        if value == 0:
            continue
        at = sentiments.index(value)
        if at < but:
            sentiments[at] = value * 0.5
        elif at > but:
            sentiments[at] = value * 1.5


def _score(sentiments: list[float], scored: list[int], text: str) -> dict[str, float]:
    """vaderSentiment's ``score_valence``: compound from the sum, proportions from the signs."""
    sum_s = float(sum(sentiments))
    ep_count = min(text.count("!"), 4)
    qm_count = text.count("?")
    qm_amplifier = 0 if qm_count <= 1 else qm_count * 0.18 if qm_count <= 3 else 0.96
    amplifier = ep_count * 0.292 + qm_amplifier
    if sum_s > 0:
        sum_s += amplifier
    elif sum_s < 0:
        sum_s -= amplifier
    compound = sum_s / math.sqrt((sum_s * sum_s) + 15)
    compound = -1.0 if compound < -1.0 else 1.0 if compound > 1.0 else compound
    pos_sum = 0.0
    neg_sum = 0.0
    neu_count = len(sentiments) - len(scored)
    for k in scored:
        value = sentiments[k]
        if value > 0:
            pos_sum += value + 1
        elif value < 0:
            neg_sum += value - 1
        elif value == 0:
            neu_count += 1
    if pos_sum > math.fabs(neg_sum):
        pos_sum += amplifier
    elif pos_sum < math.fabs(neg_sum):
        neg_sum -= amplifier
    total = pos_sum + math.fabs(neg_sum) + neu_count
    return {
        "neg": round(math.fabs(neg_sum / total), 3),
        "neu": round(math.fabs(neu_count / total), 3),
        "pos": round(math.fabs(pos_sum / total), 3),
        "compound": round(compound, 4),
    }
