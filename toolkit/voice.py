"""Who gets to speak: quote shares, anonymous sourcing, first voice, attribution verbs, naming choices.

All functions take the tidy ``quotes`` table (``quote_table``) or ``mentions`` table (``mention_table``)
and return tidy tables with shares that sum to 1 within each outlet (or each grouping).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

UNATTRIBUTED = "(unattributed)"
SPEECH_KINDS = ("direct", "partial", "transcript", "indirect")
ANONYMOUS_KIND = "anonymous"
VERBS_FILE = Path(__file__).parent / "data" / "reporting_verbs.csv"


def _speech(quotes: pd.DataFrame, kinds=SPEECH_KINDS) -> pd.DataFrame:
    """Quotes of the given kinds (scare quotes are nobody's speech)."""
    return quotes[quotes["kind"].isin(kinds)]


def _group_keys(by) -> list[str]:
    """``"actor"`` -> ``["outlet", "actor"]``; tuples are used as given."""
    return ["outlet", by] if isinstance(by, str) else list(by)


def _with_share(table: pd.DataFrame, value: str, within: list[str]) -> pd.DataFrame:
    """Add ``share`` = value / group total, with groups given by ``within`` (0 when the total is 0)."""
    total = table.groupby(within, dropna=False)[value].transform("sum")
    table["share"] = (table[value] / total).where(total > 0, 0.0)
    return table


def _fill_missing(data: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Label missing grouping values: ``(unattributed)`` when no actor was resolved, else ``(no <key>)``
    (an attributed speaker without a bloc is not an unattributed quote)."""
    unresolved = data["actor"].isna() if "actor" in data.columns else pd.Series(True, index=data.index)
    fills = {
        key: data[key].where(data[key].notna(), unresolved.map({True: UNATTRIBUTED, False: f"(no {key})"}))
        for key in keys
    }
    return data.assign(**fills)


def _words(quotes: pd.DataFrame) -> pd.Series:
    """Words per quote: ``n_words`` when present, else counted in ``text``."""
    if "n_words" in quotes.columns:
        return quotes["n_words"].fillna(0).astype(int)
    return quotes["text"].fillna("").str.split().str.len().astype(int)


def quote_share(
    quotes: pd.DataFrame, *, by=("outlet", "actor"), weight: str = "count", kinds=SPEECH_KINDS
) -> pd.DataFrame:
    """Share of each outlet's quotes per actor (or bloc): ``outlet, actor, n_quotes, words, share``.

    ``weight="count"`` shares quotes, ``weight="words"`` shares quoted words. Quotes whose speaker
    is unresolved count as ``(unattributed)`` so shares still sum to 1 within each outlet.
    """
    if weight not in ("count", "words"):
        raise ValueError(f"weight must be 'count' or 'words', not {weight!r}")
    keys = _group_keys(by)
    speech = _speech(quotes, kinds)
    data = speech.assign(words=_words(speech))
    data = _fill_missing(data, keys[1:])
    table = data.groupby(keys, sort=True).agg(n_quotes=("kind", "size"), words=("words", "sum")).reset_index()
    table = _with_share(table, "n_quotes" if weight == "count" else "words", keys[:1])
    return (
        table[[*keys, "n_quotes", "words", "share"]].sort_values(keys, kind="stable").reset_index(drop=True)
    )


def anonymous_share(quotes: pd.DataFrame, *, kinds=SPEECH_KINDS) -> pd.DataFrame:
    """Share of each outlet's quotes given to anonymous sources: ``outlet, n_quotes, n_anonymous, share``.

    A quote is anonymous when its actor is of kind ``anonymous`` ("Anonymous official", "people
    familiar with the matter"); unattributed quotes (no speaker found) are not anonymous sourcing.
    """
    speech = _speech(quotes, kinds)
    anonymous = (
        speech["actor_kind"].eq(ANONYMOUS_KIND)
        if "actor_kind" in speech.columns
        else speech["actor"].fillna("").str.startswith("Anonymous")
    )
    table = (
        speech.assign(anonymous=anonymous.astype(int))
        .groupby("outlet", sort=True)
        .agg(n_quotes=("kind", "size"), n_anonymous=("anonymous", "sum"))
        .reset_index()
    )
    table["share"] = table["n_anonymous"] / table["n_quotes"]
    return table


def first_quoted(quotes: pd.DataFrame, *, kinds=SPEECH_KINDS) -> pd.DataFrame:
    """The first quoted actor of each article (who frames the story).

    Columns ``doc_id, outlet, actor, kind, start``; unresolved speakers are ``(unattributed)``.
    """
    columns = ["doc_id", "outlet", "actor", "kind", "start"]
    speech = _speech(quotes, kinds)
    first = speech.sort_values(["doc_id", "start"], kind="stable").drop_duplicates("doc_id")
    first = first.assign(actor=first["actor"].fillna(UNATTRIBUTED))
    return first[columns].sort_values(["outlet", "doc_id"], kind="stable").reset_index(drop=True)


@lru_cache(maxsize=4)
def _verb_lexicon(path: Path) -> dict[str, tuple[str, str]]:
    """Attribution form -> (lemma, stance) from ``reporting_verbs.csv`` (empty if the file is absent)."""
    if not path.exists():
        return {}
    table = pd.read_csv(path, comment="#", dtype=str)
    return {
        form.strip().lower(): (lemma, stance)
        for form, lemma, stance in zip(table["form"], table["lemma"], table["stance"], strict=True)
    }


def _lemma_stance(cue: str, lexicon: dict[str, tuple[str, str]]) -> tuple[str, str]:
    """(lemma, stance) of a cue as written; the longest known leading phrase wins.

    "told reporters" -> ("tell", ...); "according to" -> ("according to", ...).
    """
    words = cue.lower().split()
    for n in range(len(words), 0, -1):
        known = lexicon.get(" ".join(words[:n]))
        if known:
            return known
    return (" ".join(words), "unknown")


def attribution_verbs(quotes: pd.DataFrame, *, by=("outlet",), verbs_file: Path = VERBS_FILE) -> pd.DataFrame:
    """How each outlet introduces speech: ``outlet[, actor], cue_lemma, stance, count, share``.

    Cues are lemmatised and given a stance (neutral "said" vs loaded "claimed", "admitted") from
    ``toolkit/data/reporting_verbs.csv``; unknown cues keep their wording with stance ``unknown``.
    Shares sum to 1 within each ``by`` group. Quotes without a cue are left out.
    """
    keys = _group_keys(by)
    lexicon = _verb_lexicon(Path(verbs_file))
    cued = quotes.dropna(subset=["cue"])
    cued = cued[cued["cue"].str.strip() != ""]
    pairs = [_lemma_stance(cue, lexicon) for cue in cued["cue"]]
    data = cued.assign(cue_lemma=[p[0] for p in pairs], stance=[p[1] for p in pairs])
    data = _fill_missing(data, keys[1:])
    table = data.groupby([*keys, "cue_lemma", "stance"], sort=True).size().rename("count").reset_index()
    table = _with_share(table, "count", keys)
    return table.sort_values(
        [*keys, "count", "cue_lemma"], ascending=[True] * len(keys) + [False, True], kind="stable"
    ).reset_index(drop=True)


def naming_choices(mentions: pd.DataFrame) -> pd.DataFrame:
    """Which name each outlet uses for each actor: ``outlet, actor, surface, form, count, share``.

    Pronouns are left out (they are not naming choices); shares sum to 1 per outlet × actor.
    """
    named = mentions.dropna(subset=["actor"])
    named = named[named["form"] != "pronoun"]
    table = (
        named.groupby(["outlet", "actor", "surface", "form"], sort=True).size().rename("count").reset_index()
    )
    table = _with_share(table, "count", ["outlet", "actor"])
    return table.sort_values(
        ["outlet", "actor", "count", "surface"], ascending=[True, True, False, True], kind="stable"
    ).reset_index(drop=True)
