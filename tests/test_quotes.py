"""The quote engine on the demo corpus (every gold quote, speaker and actor) and on the constructions
news writes: speaker before/after, colon introductions, according to, "X quotes Y as saying", pronouns,
roles, multi-paragraph quotes, lost and wrong marks, partial quotes, scare quotes, reported speech."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

import toolkit
from toolkit.actors import ActorRegistry, load_actors
from toolkit.quotes import QUOTE_COLUMNS, extract_quotes, quote_table

ROOT = Path(__file__).resolve().parents[1]
GOLD = json.loads((ROOT / "tests" / "data" / "seeds_gold.json").read_text(encoding="utf-8"))
SEEDS = sorted(GOLD)
EMPTY = ActorRegistry.empty()


def _norm(s: str) -> list[str]:
    return re.sub(r"[^\w]+", " ", s.lower()).split()


def _overlap(a: str, b: str) -> float:
    wa, wb = _norm(a), _norm(b)
    if not wa or not wb:
        return 0.0
    return sum(min(wa.count(w), wb.count(w)) for w in set(wa)) / min(len(wa), len(wb))


@pytest.fixture(scope="module")
def seed_quotes():
    out = {}
    for name in SEEDS:
        text = toolkit.clean_text((ROOT / "seeds" / name).read_text(encoding="utf-8"))
        out[name] = (text, extract_quotes(text))
    return out


def _speech(table: pd.DataFrame) -> pd.DataFrame:
    return table[table["kind"].isin(["direct", "partial"])]


@pytest.mark.parametrize("name", SEEDS)
def test_every_gold_quote_is_found_with_its_actor(seed_quotes, name):
    _, table = seed_quotes[name]
    speech = _speech(table)
    for gold in GOLD[name]["quotes"]:
        best = max(speech.itertuples(), key=lambda r: _overlap(gold["text"], r.text), default=None)
        assert best is not None and _overlap(gold["text"], best.text) >= 0.5, gold["text"]
        assert best.actor == gold["actor"], (gold["text"], best.speaker)


@pytest.mark.parametrize("name", SEEDS)
def test_no_scare_quote_is_taken_as_speech(seed_quotes, name):
    _, table = seed_quotes[name]
    gold = [q["text"] for q in GOLD[name]["quotes"]]
    extra = [t for t in _speech(table)["text"] if not any(_overlap(g, t) >= 0.5 for g in gold)]
    for scare in GOLD[name]["scare_quotes"]:
        assert not any(_overlap(scare, t) >= 0.5 for t in extra), scare


def test_seed_registry_gives_the_same_actors(seed_quotes):
    registry = load_actors(ROOT / "seeds" / "actors.yml")
    for name in SEEDS:
        text, default = seed_quotes[name]
        demo = extract_quotes(text, registry)
        assert _speech(demo)["actor"].tolist() == _speech(default)["actor"].tolist()


def test_seed_rows_are_consistent(seed_quotes):
    for text, table in seed_quotes.values():
        assert list(table.columns) == QUOTE_COLUMNS
        assert table["start"].is_monotonic_increasing
        for row in table.itertuples():
            assert text[row.start : row.end] == row.text
            if row.speaker_start >= 0:
                assert text[row.speaker_start : row.speaker_end] == row.speaker
            if row.cue_start >= 0:
                assert text[row.cue_start : row.cue_end] == row.cue


def _one(text: str, kind: str | None = None, actors=None) -> pd.Series:
    table = extract_quotes(text, EMPTY if actors is None else actors)
    if kind:
        table = table[table["kind"] == kind]
    assert len(table) == 1, table
    return table.iloc[0]


# --- where the speaker stands ---------------------------------------------------------------------
def test_speaker_after_the_quote():
    row = _one("“We will not retreat from the port,” Finnish President Alexander Stubb said on Monday.")
    assert row.kind == "direct" and row.text == "We will not retreat from the port,"
    assert row.speaker == "Finnish President Alexander Stubb" and row.actor == "Alexander Stubb"
    assert row.cue == "said"


def test_inverted_attribution():
    row = _one('"The talks were useful," said Dmitry Peskov, the Kremlin spokesman.')
    assert row.speaker == "Dmitry Peskov" and row.cue == "said" and row.actor == "Dmitry Peskov"


def test_speaker_before_with_comma_and_colon():
    row = _one("Kaja Kallas told reporters in Brussels: “Europe must pay for its own defence.”")
    assert row.kind == "direct" and row.speaker == "Kaja Kallas" and row.cue == "told"
    row = _one("Mette Frederiksen said, “Denmark will send more air defence.”")
    assert row.speaker == "Mette Frederiksen" and row.cue == "said"


def test_according_to_names_the_source():
    row = _one("According to Dmitry Peskov, “there is no date for a meeting yet.”")
    assert row.speaker == "Dmitry Peskov" and row.cue == "According to"


def test_outlet_quoting_someone_gives_the_quoted_speaker():
    row = _one("“We are ready to help,” Caliber.Az quotes Macron as saying at the Elysée Palace.",
               actors=toolkit.default_actors())
    assert row.speaker == "Macron" and row.actor == "Emmanuel Macron"
    assert row.cue == "quotes Macron as saying"


def test_dash_attribution_of_a_vox_pop():
    row = _one("“I am afraid of what comes next.” ― Maria Lopez")
    assert row.speaker == "Maria Lopez" and row.actor == "Maria Lopez"


def test_transcript_label():
    row = _one('"WALLACE: Will you attend the debate tomorrow night?"')
    assert row.speaker == "WALLACE"


# --- who the speaker is -------------------------------------------------------------------------
def test_pronoun_resolves_to_the_person_just_quoted_not_the_last_name():
    text = ("Giorgia Meloni told a newspaper that the plan “might not be enough” to deter Vladimir Putin. "
            "“We need the Americans with us,” she said.")
    table = extract_quotes(text)
    last = table.iloc[-1]
    assert last.speaker == "she" and last.actor == "Giorgia Meloni"
    assert text[last.speaker_start : last.speaker_end] == "she"


def test_pronoun_agrees_in_gender_across_sentences():
    text = ("Ursula von der Leyen met Keir Starmer in London on Monday. The two discussed sanctions. "
            "“We will keep up the pressure,” he said.")
    assert extract_quotes(text).iloc[-1].actor == "Keir Starmer"


def test_role_descriptor_resolves_through_the_registry():
    row = _one("“Russia is playing for time,” the Ukrainian president added on Wednesday evening.")
    assert row.actor is None  # no registry: a role is not a name
    row = _one("“Russia is playing for time,” the Ukrainian president added on Wednesday evening.",
               actors=toolkit.default_actors())
    assert row.speaker == "the Ukrainian president" and row.actor == "Volodymyr Zelensky"


def test_surname_links_to_the_full_name_met_earlier():
    text = ("Defence analyst Jana Novak said the front was stable. "
            "“The next month decides everything,” Novak said.")
    table = extract_quotes(text, EMPTY)
    assert table[table["kind"] == "direct"].iloc[0].actor == "Jana Novak"


@pytest.mark.parametrize("phrase, actor", [
    ("an official familiar with the discussions", "Anonymous official"),
    ("a senior official who asked not to be named", "Anonymous official"),
    ("people familiar with the matter", "Anonymous source"),
])
def test_anonymous_sourcing(phrase, actor):
    row = _one(f"“The deal is close,” {phrase} said.", kind="direct")
    assert row.actor == actor


# --- marks ----------------------------------------------------------------------------------------
def test_lost_opening_mark_runs_from_the_paragraph_start():
    text = 'Europe can defend itself. We need to prove it," Volodymyr Zelensky wrote on social media.'
    row = _one(text)
    assert row.text == "Europe can defend itself. We need to prove it," and row.actor == "Volodymyr Zelensky"


def test_quote_continued_over_paragraphs_keeps_its_speaker():
    text = ("Stubb said: “The first paragraph of a long statement.\n"
            "“The second paragraph goes on.”\n"
            "“And a third one ends it.”")
    table = extract_quotes(text, EMPTY)
    assert table["kind"].tolist() == ["direct", "direct", "direct"]
    assert set(table["speaker"]) == {"Stubb"}


def test_apostrophes_are_not_quotes():
    text = "Trump’s aides liked the ’90s and rock ’n’ roll, and the Smiths’ house; it’s late."
    assert extract_quotes(text, EMPTY).empty


def test_single_quotes_pair_and_a_heading_is_not_a_quote():
    text = ("Emmanuel Macron said, ‘We are ready for a robust peace.’\n"
            "‘Robust Peace’\n"
            "The meeting went on.")
    table = extract_quotes(text)
    assert table["text"].tolist() == ["We are ready for a robust peace."]


# --- kinds ---------------------------------------------------------------------------------------
def test_partial_quote_inside_reported_speech():
    row = _one("Maria Zakharova called the guarantees “absolutely unacceptable” on Thursday.")
    assert row.kind == "partial" and row.speaker == "Maria Zakharova" and row.cue == "called"


def test_second_partial_in_the_same_sentence_keeps_the_speaker():
    text = 'Marco Rubio acknowledged that a deal "will not be easy" and "will take time".'
    table = extract_quotes(text, EMPTY)
    assert table["kind"].tolist() == ["partial", "partial"]
    assert table["actor"].tolist() == ["Marco Rubio", "Marco Rubio"]


@pytest.mark.parametrize("text, term", [
    ("Leaders of the so-called “coalition of the willing” met in Paris.", "coalition of the willing"),
    ("According to “Reuters“, the leaders agreed on sanctions.", "Reuters"),
    ("The plan includes U.S. “backstop” support for the force.", "backstop"),
    ("Countries began discussions on “security guarantees” for Ukraine.", "security guarantees"),
])
def test_scare_quotes_are_not_speech(text, term):
    table = extract_quotes(text)
    assert table[table["text"] == term]["kind"].tolist() == ["scare"]


def test_indirect_speech_with_its_speaker():
    table = extract_quotes("Emmanuel Macron said on Thursday that 26 countries are ready to send troops.")
    row = table[table["kind"] == "indirect"].iloc[0]
    assert row.text == "that 26 countries are ready to send troops"
    assert row.speaker == "Emmanuel Macron" and row.cue == "said"


def test_indirect_speech_closed_by_the_attribution():
    text = "Allies agreed to turn Ukraine into a porcupine, the official said, declining to be named."
    row = _one(text, kind="indirect")
    assert row.text == "Allies agreed to turn Ukraine into a porcupine"
    assert row.speaker == "the official" and row.actor == "Anonymous official"


def test_indirect_according_to():
    row = _one("US support will be finalised in the coming days, according to France's leader.",
               kind="indirect", actors=toolkit.default_actors())
    assert row.text == "US support will be finalised in the coming days" and row.actor == "Emmanuel Macron"


# --- tables ---------------------------------------------------------------------------------------
def test_quote_table_adds_ids_kinds_and_blocs():
    corpus = pd.DataFrame({
        "doc_id": ["d2", "d1", "d3"],
        "outlet": ["B", "A", "C"],
        "status": ["loaded", "loaded", "rejected"],
        "text": ["“We will win,” Zelensky said. “And soon,” he added.",
                 "Lavrov said the plan was a “road to nowhere.”", None],
    })
    table = quote_table(corpus)
    assert list(table.columns[:3]) == ["doc_id", "outlet", "quote_id"]
    assert list(table.columns[-3:]) == ["actor_kind", "bloc", "n_words"]
    assert table["doc_id"].tolist()[0] == "d1"
    d2 = table[table["doc_id"] == "d2"]
    assert d2["quote_id"].tolist() == [0, 1]
    assert d2["bloc"].tolist() == ["Ukraine", "Ukraine"]
    assert table[table["doc_id"] == "d1"]["actor_kind"].iloc[0] == "person"
    assert table["n_words"].tolist() == [len(t.split()) for t in table["text"]]


def test_empty_and_quote_free_text():
    for text in ["", "   ", "No one said anything here at all."]:
        table = extract_quotes(text)
        assert list(table.columns) == QUOTE_COLUMNS
        assert table[table["kind"] != "indirect"].empty


# --- more attribution shapes ---------------------------------------------------------------------
def test_postmodified_speaker_and_parenthetical_party():
    row = _one('"It was the least bad outcome," Mr. Morgan of the Sierra Club said.')
    assert row.speaker.startswith("Mr. Morgan")
    row = _one("“It’s a dog whistle,” Rep. Gwen Moore (D-Wis.) said Friday.")
    assert row.speaker == "Rep. Gwen Moore" and row.actor == "Gwen Moore"


def test_named_speaker_over_the_pronoun_of_the_reported_clause():
    row = _one("Loretta Lynch said she recalled thinking, “This is what people have talked about.”")
    assert row.speaker == "Loretta Lynch" and row.cue == "said"


def test_subject_after_an_introductory_phrase_speaks_an_uncued_partial():
    text = "At a rally in Ohio on Monday, Trump went after Bush, calling him “a total stiff” again."
    row = _one(text, kind="partial")
    assert row.speaker == "Trump"


def test_show_titles_are_not_speech():
    table = extract_quotes("Pence said on CNN's “State of the Union” that the race was close.", EMPTY)
    assert table[table["text"] == "State of the Union"]["kind"].tolist() == ["scare"]


def test_stray_doubled_opening_mark():
    row = _one('It is an open question.\n\n"“You don’t win the nomination by states,” Rubio replied.')
    assert row.kind == "direct" and row.text == "You don’t win the nomination by states,"
    assert row.speaker == "Rubio"


def test_roles_follow_the_document_date():
    text = "“We will not send troops,” the German chancellor said."
    assert _one(text, actors=toolkit.default_actors()).actor == "Friedrich Merz"
    dated = extract_quotes(text, toolkit.default_actors(), date="2025-03-27")
    assert dated.iloc[0].actor == "Olaf Scholz"


def test_described_speaker_with_a_complement():
    text = "Intro.\n\nA spokeswoman for Hillary Clinton says neither the nominee nor her campaign helped her."
    row = _one(text, kind="indirect")
    assert row.speaker == "A spokeswoman for Hillary Clinton" and row.actor is None
    row = _one("“It is fine,” the president of Ukraine said.", actors=toolkit.default_actors())
    assert row.actor == "Volodymyr Zelensky"


def test_same_style_quote_nested_in_a_quote():
    text = "Intro.\n\n“I’d rather live in what he calls “hell” than live in his world.” ― Adriana Rodarte"
    row = _one(text)
    assert row.text == "I’d rather live in what he calls “hell” than live in his world."
    assert row.speaker == "Adriana Rodarte"
