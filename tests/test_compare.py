"""compare: coverage grid (numbers, places, dates, actors), off-event flag, similarity, wire copies."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import toolkit.compare
from toolkit.actors import mention_table
from toolkit.compare import (
    _alternation,
    _cluster_names,
    _cosine_similarity,
    _shared_columns,
    _word_start,
    coverage,
    coverage_matrix,
    document_items,
    event_consistency,
    find_dates,
    find_numbers,
    find_places,
    outlet_similarity,
    same_person,
    wire_copies,
)

NDTV, OUTLET_A, BLOG = "NDTV Profit", "Outlet A (unattributed)", "Outlet E (unattributed blog)"
OFF_EVENT = "004_a32e0580cd2cbc42"


def corpus_of(texts: dict[str, tuple[str, str]]) -> pd.DataFrame:
    rows = [(d, o, t, "loaded") for d, (o, t) in texts.items()]
    return pd.DataFrame(rows, columns=["doc_id", "outlet", "text", "status"])


def items(found) -> list[str]:
    return [f[2] for f in found]


def test_numbers_with_unit_nouns_normalised():
    text = ("Some 26 countries sent 100,000 soldiers; up to thirty leaders met. Paris pledged two billion "
            "euros and €3bn more for 2,033 square kilometers (0.3% of the area) on Sept. 4, 2025. "
            "Seven European leaders agreed a 30-day truce, but 11,000 already left in 2022.")
    assert items(find_numbers(text)) == [
        "26 countries", "100,000 soldiers", "30 leaders", "2,000,000,000 euros", "3,000,000,000 euros",
        "2,033 square kilometers", "0.3 percent", "7 european leaders", "30 day",
    ]
    for start, end, _ in find_numbers(text):
        assert text[start:end].strip()
    assert find_numbers("On the one hand, talks; on the other hand, one official.") == []


def test_dates_canonical():
    text = ("Leaders met on Sept. 4 and again on September 4, 4 September and Sept 4th. The March 2025 "
            "summit, mid-February talks and the May-August campaign; Thursday, as in 2022. "
            "Talks may resume; Theresa May said nothing.")
    found = find_dates(text)
    assert [d.item for d in found] == [
        "09-04", "09-04", "09-04", "09-04", "2025-03", "february", "may", "august", "thursday", "2022"]
    assert [d.month for d in found][:6] == [9, 9, 9, 9, 3, 2]
    assert find_dates("Aug. 18, 2025")[0].item == "2025-08-18"


def test_may_is_a_month_only_after_a_time_word_or_before_another_month():
    text = ("Talks in May, since May and until May; from May to early May or late May, mid-May too. "
            "Theresa May said talks May resume in Mayfair; the May-June round, then May.")
    may = [d for d in find_dates(text) if d.item == "may"]
    starts = [m.start() for m in re.finditer("May", text)]
    assert [d.start for d in may] == starts[:7] + [text.index("May-June")]
    assert all(text[d.start:d.end] == "May" and d.month == 5 for d in may)


def test_document_items_are_the_extractors_rows_per_article():
    text = "On Sept. 4, 2025 leaders in Paris pledged 26 jets; talks resume on Thursday, as in 2022."
    corpus = corpus_of({"b": ("O2", "Nothing to count here."), "a": ("O1", text)})
    table = document_items(corpus)
    assert list(table.columns) == ["doc_id", "outlet", "item_type", "item", "start", "end", "month", "year"]
    assert set(table["doc_id"]) == {"a"} and set(table["outlet"]) == {"O1"}
    dates = find_dates(text)
    expected = ([("date", d.item, d.start, d.end) for d in dates]
                + [("number", i, s, e) for s, e, i in find_numbers(text, dates=dates)]
                + [("place", i, s, e) for s, e, i in find_places(text)])
    assert list(table[["item_type", "item", "start", "end"]].itertuples(index=False, name=None)) == expected
    assert table["month"].tolist()[:3] == [9, pd.NA, pd.NA] and table["year"].tolist()[:3] == [2025, pd.NA, 2022]
    only_dates = document_items(corpus, item_types=("date",))
    assert only_dates.equals(table[table["item_type"] == "date"].reset_index(drop=True))
    with pytest.raises(ValueError, match="item_types"):
        document_items(corpus, item_types=("actor",))


def test_coverage_and_events_from_given_items_equal_their_own(seed_corpus):
    mentions = mention_table(seed_corpus)
    table = document_items(seed_corpus)
    assert coverage(seed_corpus, mentions, items=table).equals(coverage(seed_corpus, mentions))
    assert event_consistency(seed_corpus, mentions, items=table).equals(event_consistency(seed_corpus, mentions))
    some = seed_corpus.iloc[:3]  # a table of more articles than the corpus: the others are ignored
    assert coverage(some, items=table).equals(coverage(some))
    assert event_consistency(some, items=table).equals(event_consistency(some))


def test_places_from_gazetteer_not_surnames():
    text = "In Kiev and the Élysée Palace, Luís Montenegro met leaders of Portugal and Eastern Europe."
    assert items(find_places(text)) == ["Kyiv", "Elysee Palace", "Portugal", "Europe"]


def test_coverage_cells_on_seeds(seed_corpus):
    cov = coverage(seed_corpus, mention_table(seed_corpus))
    assert cov["outlet"].nunique() == 5
    assert set(cov["item_type"]) == {"actor", "number", "place", "date"}  # no quotes table given
    cell = cov.set_index(["outlet", "item_type", "item"])
    assert cell.loc[(NDTV, "number", "26 countries"), "present"]
    assert not cell.loc[(OUTLET_A, "number", "26 countries"), "present"]
    assert cell.loc[(OUTLET_A, "number", "26 countries"), "count"] == 0
    assert cell.loc[(NDTV, "number", "100,000 soldiers"), "count"] == 1
    assert cell.loc[(BLOG, "number", "2,000,000,000 euros"), "present"]
    assert cell.loc[(OUTLET_A, "date", "09-04"), "present"] and not cell.loc[(BLOG, "date", "09-04"), "present"]
    assert cell.loc[(BLOG, "actor", "Olaf Scholz"), "present"]
    assert not cell.loc[(NDTV, "place", "Saudi Arabia"), "present"]
    # the full grid: every item for every outlet
    assert (cov.groupby(["item_type", "item"]).size() == 5).all()
    assert coverage(seed_corpus.iloc[::-1], mention_table(seed_corpus)).equals(cov)


def test_coverage_quoted_actors_and_matrix():
    corpus = corpus_of({"1": ("A", "Talks in Paris."), "2": ("B", "Talks in Kyiv.")})
    quotes = pd.DataFrame({"doc_id": ["1", "1", "2"], "outlet": ["A", "A", "B"],
                           "actor": ["Emmanuel Macron", "Reuters", None], "kind": ["direct", "scare", "direct"]})
    cov = coverage(corpus, quotes=quotes).set_index(["outlet", "item_type", "item"])
    assert cov.loc[("A", "quoted_actor", "Emmanuel Macron"), "count"] == 1
    assert not cov.loc[("B", "quoted_actor", "Emmanuel Macron"), "present"]
    assert ("A", "quoted_actor", "Reuters") not in cov.index  # scare quotes are nobody's speech
    matrix = coverage_matrix(cov.reset_index(), "place", values="present")
    assert matrix.loc["Paris"].to_dict() == {"A": True, "B": False}
    with pytest.raises(ValueError):
        coverage_matrix(cov.reset_index(), "people")


@pytest.mark.parametrize("with_mentions", [False, True])
def test_off_event_article_flagged_on_seeds(seed_corpus, with_mentions):
    mentions = mention_table(seed_corpus) if with_mentions else None
    events = event_consistency(seed_corpus, mentions).set_index("doc_id")
    assert len(events) == 5
    assert events.loc[OFF_EVENT, "off_event"]
    assert not events.drop(OFF_EVENT)["off_event"].any()
    reason = events.loc[OFF_EVENT, "reason"]
    assert "Olaf Scholz" in reason and "Friedrich Merz" in reason and "february" in reason
    assert events.loc[OFF_EVENT, "score"] > events.drop(OFF_EVENT)["score"].max()


def test_off_event_generalises_to_another_story():
    base = "The Berlin summit on energy opened on June 12. German Chancellor {name} spoke in Berlin on June {day}."
    corpus = corpus_of({
        "1": ("A", base.format(name="Friedrich Merz", day=12)),
        "2": ("B", base.format(name="Friedrich Merz Thursday", day=13)),  # a weekday is no surname
        "3": ("C", base.format(name="Friedrich Merz", day=12).replace("German Chancellor", "former German Chancellor Olaf Scholz and German Chancellor")),
        "4": ("D", "The Berlin summit on energy opened on Nov. 3. German Chancellor Olaf Scholz spoke in Berlin."),
        "5": ("E", "Energy talks went on."),
        # background dates with a year are not the event's dates
        "6": ("F", "Since the February 2022 invasion and the March 2023 talks, energy has been a weapon."),
        "7": ("G", "The summit on June 12 recalled the October 2022 attacks and the November 2022 strikes."),
    })
    events = event_consistency(corpus).set_index("doc_id")
    assert events["off_event"].to_dict() == {
        "1": False, "2": False, "3": False, "4": True, "5": False, "6": False, "7": False}
    assert events.loc["5", "reason"] == "no dates or office-holders to compare"
    assert events.loc["2", "reason"] == "consistent"
    assert pd.isna(events.loc["5", "score"])


def test_same_person_spelling_variants():
    assert same_person("Volodymyr Zelenskyy", "Volodymyr Zelenskiy")
    assert same_person("Alexander Stubbs", "Alexander Stubb")
    assert same_person("Zelensky", "Volodymyr Zelenskyy")
    assert not same_person("Olaf Scholz", "Friedrich Merz")
    assert not same_person("Donald Trump", "Donald Tusk")


VARIANTS = ["Volodymyr Zelenskyy", "Zelenskiy", "Zelensky’s", "Alexander Stubb", "Stubbs", "Olaf Scholz",
            "Friedrich Merz", "Merz", "Donald Trump", "Donald Tusk", "Donald Trumpf", "Владимир", "Luís Montenegro"]


def naive_clusters(names, doc_ids):
    """The definition: each occurrence joins the first person with any name it matches."""
    persons, doc_person = [], {}
    for doc_id, name in zip(doc_ids, names, strict=True):
        idx = next((i for i, ns in enumerate(persons) if any(same_person(name, n) for n in ns)), None)
        if idx is None:
            persons.append([])
            idx = len(persons) - 1
        persons[idx].append(name)
        doc_person.setdefault(doc_id, set()).add(idx)
    return [list(dict.fromkeys(ns)) for ns in persons], doc_person


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abcdef"), st.sampled_from(VARIANTS)), max_size=40))
def test_name_clusters_equal_the_first_match_definition(occurrences):
    doc_ids, names = [d for d, _ in occurrences], [n for _, n in occurrences]
    persons, doc_person = _cluster_names(names, doc_ids)
    assert (persons, dict(doc_person)) == naive_clusters(names, doc_ids)


def test_holder_comparisons_grow_with_distinct_names_not_articles(monkeypatch):
    """Ten times the articles naming the same people cost no further name comparisons."""
    calls = []

    def counted(a, b):
        calls.append((a, b))
        return same_person(a, b)

    monkeypatch.setattr(toolkit.compare, "same_person", counted)
    story = "The energy summit opened in Berlin. German Chancellor {} spoke there."
    names = ["Friedrich Merz", "Friedrich Merz", "Olaf Scholz", "Fredrich Merz"]

    def run(copies):
        calls.clear()
        corpus = corpus_of({f"{i:04d}": (f"O{i % 3}", story.format(names[i % 4])) for i in range(4 * copies)})
        events = event_consistency(corpus).set_index("doc_id")
        return len(calls), events

    small, events_small = run(2)
    large, events_large = run(20)
    assert small == large
    assert events_large["off_event"].sum() == 20 and events_small["off_event"].sum() == 2
    assert events_large.loc["0002", "off_event"] and not events_large.loc["0003", "off_event"]


def test_outlet_similarity_on_seeds(seed_corpus):
    sim = outlet_similarity(seed_corpus)
    assert len(sim) == 25
    wide = sim.pivot(index="outlet_a", columns="outlet_b", values="cosine")
    assert (wide.values.diagonal() == pytest.approx(1.0))
    assert (wide.values == pytest.approx(wide.values.T))
    assert ((sim["cosine"] > 0) & (sim["cosine"] <= 1 + 1e-9)).all()


@pytest.mark.parametrize("seed", range(4))
def test_cosine_similarity_is_scikit_learns_bit_for_bit(seed):
    from scipy import sparse
    from sklearn.metrics.pairwise import cosine_similarity

    rng = np.random.default_rng(seed)
    x = sparse.random(12, 3000, density=rng.choice([0.002, 0.05, 0.4]), format="csr", random_state=seed)
    x.data = rng.lognormal(size=x.nnz)  # rows of a few to a thousand terms, one row possibly empty
    assert (_cosine_similarity(x) == cosine_similarity(x)).all()


def test_outlet_similarity_is_scikit_learns_bit_for_bit(seed_corpus):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    from toolkit.terms import _grouped_content, _pretokenised, corpus_tokens

    groups, pieces = _grouped_content(seed_corpus, ["outlet"], corpus_tokens(seed_corpus))
    vectorizer = TfidfVectorizer(tokenizer=_pretokenised, lowercase=False, token_pattern=None)
    expected = cosine_similarity(vectorizer.fit_transform(pieces))
    sim = outlet_similarity(seed_corpus).pivot(index="outlet_a", columns="outlet_b", values="cosine")
    outlets = [outlet for (outlet,) in groups]
    assert (sim.loc[outlets, outlets].to_numpy() == expected).all()


def test_wire_copies():
    wire = ("European leaders forged ahead with pledges to provide Ukraine with security guarantees in the "
            "event of a ceasefire even as little clarity emerged over concrete commitments")
    corpus = corpus_of({
        "a": ("A", wire + ". More from our correspondent in Paris about the talks and the weather."),
        "b": ("B", "Headline. " + wire + "."),
        "c": ("A", wire),  # same outlet as a: not a cross-outlet copy
        "d": ("C", "Completely different reporting about energy prices in Asia this week and beyond."),
    })
    pairs = wire_copies(corpus)
    assert list(zip(pairs["doc_id_a"], pairs["doc_id_b"], strict=True)) == [("a", "b"), ("b", "c")]
    assert pairs["overlap"].iloc[0] == pytest.approx(22 / 23)  # b's first shingle has its headline
    assert pairs["overlap"].iloc[1] == pytest.approx(1.0)
    assert wire_copies(corpus, threshold=1.01).empty


@settings(max_examples=40)
@given(st.lists(st.tuples(st.sampled_from("XYZ"), st.lists(st.sampled_from("ab cd ef gh".split()), max_size=14)),
                max_size=8),
       st.integers(1, 3))
def test_wire_copies_equal_pairwise_containment(articles, block):
    corpus = corpus_of({f"d{i}": (outlet, " ".join(words)) for i, (outlet, words) in enumerate(articles)})
    shingles = {d: {" ".join(w[i:i + 3]) for i in range(len(w) - 2)}
                for d, w in ((f"d{i}", words) for i, (_, words) in enumerate(articles))}
    expected = []
    for a, (oa, _) in corpus.set_index("doc_id")[["outlet", "text"]].iterrows():
        for b, (ob, _) in corpus.set_index("doc_id")[["outlet", "text"]].iterrows():
            if a < b and oa != ob and shingles[a] and shingles[b]:
                overlap = len(shingles[a] & shingles[b]) / min(len(shingles[a]), len(shingles[b]))
                if overlap >= 0.5:
                    expected.append((a, oa, b, ob, overlap))
    got = wire_copies(corpus, shingle=3, block=block)
    assert list(got.itertuples(index=False, name=None)) == sorted(expected)


@pytest.mark.parametrize("colliding", [False, True])
def test_shared_columns_count_shared_shingles_exactly(monkeypatch, colliding):
    """Merged columns give the same pair counts as one column per shingle, even when every column's
    article sums collide (then each merge is refused by the article-by-article check)."""
    rng = np.random.default_rng(1)
    incidence = rng.random((30, 60)) < 0.3
    incidence[:, 40:] = incidence[:, [0] * 10 + [1] * 10]  # copied passages: repeated columns
    shingles, rows = np.nonzero(incidence.T)  # sorted by shingle, then article
    if colliding:
        zeros = type("Zeros", (), {"integers": lambda self, low, high, size, dtype: np.zeros(size, dtype=dtype)})
        monkeypatch.setattr(toolkit.compare.np.random, "default_rng", lambda seed: zeros())
    x, weight = _shared_columns(shingles, rows, 30)
    counts = (x.multiply(weight) @ x.T).toarray()
    expected = incidence.astype(int) @ incidence.T.astype(int)
    off_diagonal = ~np.eye(30, dtype=bool)
    assert (counts[off_diagonal] == expected[off_diagonal]).all()
    if not colliding:  # one column per distinct article set
        assert x.shape[1] == np.unique(incidence[:, incidence.sum(axis=0) > 1], axis=1).shape[1]


def test_seed_articles_share_no_wire_copy(seed_corpus):
    assert wire_copies(seed_corpus).empty


@given(st.text(alphabet=st.sampled_from(list("MayJunJanuary -x_1é\n.")), max_size=40))
def test_word_start_matches_as_a_lookbehind_before_the_alternation(text):
    words = ["May", "Jan", "January", "June", "J", "é", "y-Ma"]
    for not_after in (r"\w", r"\w-"):
        before = re.compile(rf"(?<![{not_after}])" + _alternation(words))
        after = re.compile(_word_start(words, not_after=not_after))
        assert [m.span() for m in after.finditer(text)] == [m.span() for m in before.finditer(text)]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(["0", "1", "9", "2", "٣", ",", ".", "/", "-", " ", "€", "$", "ſ", "İ", "x",
                                  *"SsIiXxTtWwOoNnEeHhRrVvDdZz", "in", "IN", "ſince", "20", "19", "_", "\t"]), max_size=30).map("".join))
@example("ſIX, €5, ٣ and Twenty-one/two; ſince 2022, In 1999, mid-2020, x_in 2021 in-\t 1998")
def test_numbers_and_years_are_tried_wherever_their_patterns_match(text):
    p = toolkit.compare._default_patterns()
    tried = {m.start() for m in p.number_start.finditer(text)}
    assert {m.start() for m in p.number.finditer(text)} <= tried
    assert [m.span() for m in toolkit.compare._years(text, p)] == [m.span() for m in p.year.finditer(text)]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789,. -€%abs Sept.MayJunethreeonebillion\n")), max_size=60))
def test_extractors_never_fail_and_offsets_are_in_range(text):
    for start, end, item in find_numbers(text) + find_places(text):
        assert 0 <= start < end <= len(text) and item
    for d in find_dates(text):
        assert 0 <= d.start < d.end <= len(text)


@pytest.mark.parametrize("texts", [[], [""], ["", "!!! ..."]])
def test_empty_inputs_give_empty_or_undefined_tables(texts):
    corpus = corpus_of({str(i): (f"O{i}", t) for i, t in enumerate(texts)})
    assert coverage(corpus).empty and wire_copies(corpus).empty
    sim = outlet_similarity(corpus)
    assert len(sim) == len(texts) ** 2 and sim["cosine"].isna().all()
    events = event_consistency(corpus)
    assert len(events) == len(texts) and not events["off_event"].any()


def test_every_metric_survives_the_hostile_corpus(hostile_corpus_dir):
    from toolkit.frames import frame_evidence, frame_profile, frame_scores
    from toolkit.keyness import keyness
    from toolkit.load import load_corpus
    from toolkit.segment import sentences
    from toolkit.terms import collocations, kwic, term_counts, tfidf

    corpus = load_corpus(hostile_corpus_dir())
    loaded = corpus[corpus["status"] == "loaded"]
    terms = term_counts(corpus)
    assert set(terms["outlet"]) == set(loaded["outlet"])  # outlet names that try to be code stay data
    assert keyness(terms)["outlet"].nunique() == loaded["outlet"].nunique()
    assert not tfidf(corpus).empty and not collocations(corpus).empty
    texts = dict(zip(loaded["doc_id"], loaded["text"], strict=True))
    for row in kwic(corpus, "security guarantee*").itertuples():
        assert texts[row.doc_id][row.start:row.end] == row.match
    sents = sentences(corpus)
    evidence = frame_evidence(sents)
    assert all(cue in text for cue, text in zip(evidence["cue"], evidence["text"], strict=True))
    assert frame_profile(frame_scores(sents))["outlet"].nunique() == loaded["outlet"].nunique()
    cov = coverage(corpus)
    # the 1 MB line's "Delegation 12 discussed ..." and "envoy 1903" are neither quantities nor years
    assert not cov["item"].str.contains("discussed").any() and "1903" not in set(cov["item"])
    assert set(cov.loc[cov["item_type"] == "place", "item"]) >= {"Paris", "Elysee Palace"}
    assert len(event_consistency(corpus)) == len(loaded)
    assert len(outlet_similarity(corpus)) == loaded["outlet"].nunique() ** 2
    assert (wire_copies(corpus)["overlap"] >= 0.5).all()


def test_number_words_that_match_only_ignoring_case_are_read_not_crashed_on():
    # "ſ" (long s) matches "s" ignoring case, so the pattern takes "ſix"; its value comes from casefolding
    assert find_numbers("They sent ſix hundred soldiers.") == [(10, 21, "600 soldiers")]
    assert find_numbers("It cost ſix MILLION dollars.") == [(8, 19, "6,000,000 dollars")]


def test_an_office_matched_only_ignoring_case_is_read_not_crashed_on():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["x", "y"], "status": ["loaded", "loaded"],
                         "text": ["The French Prime Miniſter Jean Dupont spoke on 4 May 2025.",
                                  "The French Prime Minister Jean Dupont spoke on 4 May 2025."]})
    events = toolkit.compare.event_consistency(docs, None)
    assert events["off_event"].tolist() == [False, False]
