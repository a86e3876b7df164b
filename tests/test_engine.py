"""The execution engine, the caches and the benchmark corpus generator.

Engines must not change results: local processes, Dask and in-process runs give byte-identical
tables in corpus order. Caches must re-use exactly what was saved and notice any changed byte.
"""

from __future__ import annotations

import functools
import io
import json
import tempfile
import time
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks import generate  # the project root is on pytest's pythonpath (pyproject.toml)
from toolkit import cache, engine
from toolkit.analysis import sort_table
from toolkit.load import corpus_from_texts, load_corpus

ROOT = Path(__file__).resolve().parents[1]

SEEDS = ROOT / "seeds"
MATERIAL = generate.load_material()


def _words(chunk: pd.DataFrame) -> pd.DataFrame:
    """A picklable per-chunk function; sleeps longer on early chunks so workers finish out of order."""
    time.sleep(0.02 * (chunk.index[0] % 3 == 0))
    return pd.DataFrame({"doc_id": chunk["doc_id"], "n": chunk["text"].str.split().str.len()})


def _seed_corpus() -> pd.DataFrame:
    return load_corpus(SEEDS)


def _generated_corpus(n: int, seed: int = 3) -> pd.DataFrame:
    """``n`` generated articles as ``load_corpus`` reads them from a Media Cloud JSONL export."""
    with tempfile.TemporaryDirectory() as tmp:
        return load_corpus(generate.write_corpus(n, tmp, seed=seed, fmt="jsonl"))


# --- chunking and engines --------------------------------------------------------------------------


@given(n=st.integers(0, 60), size=st.integers(1, 25))
def test_chunks_cover_every_row_once_in_order(n, size):
    corpus = pd.DataFrame({"x": range(n)})
    chunks = list(engine.iter_chunks(corpus, size))
    assert all(0 < len(c) <= size for c in chunks)
    flat = pd.concat(chunks)["x"].tolist() if chunks else []
    assert flat == list(range(n))


def test_bad_options_are_refused():
    corpus = _seed_corpus()
    with pytest.raises(ValueError, match="engine"):
        engine.map_chunks(_words, corpus, engine="spark")
    with pytest.raises(ValueError, match="jobs"):
        engine.map_chunks(_words, corpus, jobs=0)
    with pytest.raises(ValueError, match="chunk_size"):
        engine.map_chunks(_words, corpus, chunk_size=0)


def test_local_processes_return_results_in_chunk_order():
    corpus = _generated_corpus(30)
    one = engine.map_chunks(_words, corpus, chunk_size=4)
    two = engine.map_chunks(_words, corpus, jobs=2, chunk_size=4)
    assert len(one) == 8
    assert pd.concat(two)["doc_id"].tolist() == corpus["doc_id"].tolist()
    assert all(a.equals(b) for a, b in zip(one, two, strict=True))


def test_imap_consumes_its_input_lazily():
    pulled = []

    def chunks():
        for i in range(100):
            pulled.append(i)
            yield pd.DataFrame({"doc_id": [f"d{i}"], "text": ["a b c"]}, index=[i])

    in_process = engine.imap_chunks(_words, chunks())
    next(in_process)
    assert len(pulled) == 1
    pulled.clear()
    with_workers = engine.imap_chunks(_words, chunks(), jobs=2)
    next(with_workers)
    assert len(pulled) == 2 * engine.WINDOW_PER_JOB  # one window in flight, not the whole corpus
    with_workers.close()


@pytest.fixture(scope="module")
def dask_client():
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as c,
        distributed.Client(c) as client,
    ):
        yield client


def test_dask_and_local_engines_give_the_same_results(dask_client):
    corpus = _generated_corpus(25)
    local = engine.map_chunks(_words, corpus, jobs=1, chunk_size=6)
    dask = engine.map_chunks(_words, corpus, engine="dask", scheduler=dask_client, chunk_size=6)
    assert all(a.equals(b) for a, b in zip(local, dask, strict=True))


# --- per-document terms add up to the corpus table -------------------------------------------------


def _stop_words_only() -> pd.DataFrame:
    """A document with words but no counted term beside ordinary ones: its words still count."""
    texts = {"a": "It was what it was, and then it was not.", "b": "Ministers met in Paris on Thursday.",
             "c": "Paris talks: ministers agreed.", "d": "So it is.", "e": "Talks, talks and talks."}
    return corpus_from_texts(texts, outlets=["X", "X", "Y", "Y", "Y"])


@pytest.mark.parametrize("corpus", [_seed_corpus(), _generated_corpus(12), _stop_words_only()],
                         ids=["seeds", "generated", "stop-words-only"])
def test_per_document_terms_sum_to_term_counts(corpus):
    from toolkit.terms import term_counts

    doc_terms, doc_words = engine.document_terms(corpus)
    assert set(doc_terms["doc_id"]) <= set(corpus["doc_id"]) == set(doc_words["doc_id"])
    expected = term_counts(corpus)
    assert_bytes_equal(engine.aggregate_terms(doc_terms, doc_words), expected)
    # chunk-wise partial sums (what streaming keeps) give the same table
    halves = [engine.document_terms(corpus.iloc[:3]), engine.document_terms(corpus.iloc[3:])]
    partial = [engine.aggregate_terms(*half).assign(per_1000=0.0) for half in halves]
    words = pd.concat([w for _, w in halves])
    assert_bytes_equal(engine.aggregate_terms(pd.concat(partial), words), expected)


def test_document_terms_counts_each_document_in_term_order():
    """Rows per document in term order with its content-token counts; texts sharing an id count together;
    a text with only stop words has no rows but keeps its word count."""
    from collections import Counter

    from toolkit.terms import content_tokens

    texts = ["Zelensky met Macron. Macron’s talks, talks!", "It is what it is.", "Talks in Kyiv: 2,000 troops."]
    docs = pd.DataFrame({"doc_id": ["b", "a", "b"], "outlet": ["X", "Y", "X"], "text": texts, "status": "loaded"})
    doc_terms, doc_words = engine.document_terms(docs)
    expected = Counter(content_tokens(texts[0])) + Counter(content_tokens(texts[2]))
    assert list(doc_terms["doc_id"]) == ["b"] * len(expected)
    assert list(doc_terms["term"]) == sorted(expected)
    assert list(doc_terms["count"]) == [expected[t] for t in sorted(expected)]
    assert doc_words["words"].tolist() == [11, 5, 11]  # the id's total, or the text's own if it has no terms


def assert_bytes_equal(a: pd.DataFrame, b: pd.DataFrame) -> None:
    """Same columns, dtypes and values, down to the Parquet bytes."""
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True), check_exact=True)
    buf_a, buf_b = io.BytesIO(), io.BytesIO()
    a.reset_index(drop=True).to_parquet(buf_a, index=False)
    b.reset_index(drop=True).to_parquet(buf_b, index=False)
    assert buf_a.getvalue() == buf_b.getvalue()


# --- caches ----------------------------------------------------------------------------------------


def _count_calls(calls: list, chunk: pd.DataFrame) -> dict[str, pd.DataFrame]:
    calls.append(list(chunk["doc_id"]))
    words = chunk["text"].str.split()
    return {
        "sizes": pd.DataFrame({"doc_id": chunk["doc_id"], "n": words.str.len().astype("int64")}),
        "firsts": pd.DataFrame({"doc_id": chunk["doc_id"], "first": words.str[0]})[words.str.len() > 3],
    }


def test_document_cache_reanalyses_only_the_changed_document(tmp_path):
    corpus = _seed_corpus()
    calls: list = []
    process = functools.partial(_count_calls, calls)
    docs = cache.DocumentCache(tmp_path, settings=["actors=seeds"])
    first = docs.map(process, corpus)
    assert calls == [list(corpus["doc_id"])]
    assert all(p.suffix == ".pkl" for p in (tmp_path / "analysis" / ".cache").rglob("*") if p.is_file())

    again = cache.DocumentCache(tmp_path, settings=["actors=seeds"]).map(process, corpus)
    assert len(calls) == 1  # nothing re-analysed
    for name in first:
        assert_bytes_equal(again[name], first[name])

    changed = corpus.copy()
    changed.loc[2, "text"] = "A short one."  # now below the 'firsts' threshold: an empty slice
    result = docs.map(process, changed, run=functools.partial(engine.map_chunks, chunk_size=2))
    assert calls[1:] == [[corpus.loc[2, "doc_id"]]]
    assert_bytes_equal(result["sizes"], process(changed)["sizes"])
    assert_bytes_equal(result["firsts"], process(changed)["firsts"])

    cache.DocumentCache(tmp_path, settings=["actors=other"]).map(process, corpus)
    assert calls[-1] == list(corpus["doc_id"])  # other settings: nothing re-used


def test_corpus_fingerprint_follows_file_bytes_and_settings(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in SEEDS.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    out = tmp_path / "out"
    key = cache.corpus_fingerprint(folder)
    assert not cache.is_fresh(out, key)
    cache.mark_fresh(out, key)
    assert cache.is_fresh(out, key)
    assert list(folder.iterdir()) and not any(p.name.startswith(".") for p in folder.iterdir())

    assert cache.corpus_fingerprint(folder) == key
    assert cache.corpus_fingerprint(folder, settings=["jobs=2"]) != key
    (folder / ".ipynb_checkpoints").mkdir()  # hidden clutter does not count
    (folder / ".ipynb_checkpoints" / "x.txt").write_text("x")
    assert cache.corpus_fingerprint(folder) == key
    seed = next(folder.glob("000_*.txt"))
    seed.write_bytes(seed.read_bytes() + b" ")
    assert not cache.is_fresh(out, cache.corpus_fingerprint(folder))


# --- corpus generator ------------------------------------------------------------------------------


def test_generator_is_deterministic_and_varied():
    a = list(generate.articles(40, seed=7))
    assert a == list(generate.articles(40, seed=7))
    assert a != list(generate.articles(40, seed=8))
    lengths = [len(r["text"].split()) for r in a]
    assert min(lengths) >= generate.MIN_WORDS and max(lengths) <= generate.MAX_WORDS + 100
    assert len({r["media_name"] for r in a}) >= 10
    assert any("ADVERTISEMENT" in r["text"] or "newsletter" in r["text"].lower() for r in a)
    assert any("Claire Dubois" in r["text"] or "Olena Kovalenko" in r["text"] for r in a)
    # article i depends only on (seed, i): a longer run starts with the same articles
    assert list(generate.articles(10, seed=7)) == a[:10]


@pytest.mark.parametrize("fmt", generate.FORMATS)
def test_generator_formats_hold_the_same_articles(tmp_path, fmt):
    path = generate.write_corpus(6, tmp_path, seed=1, fmt=fmt)
    expected = list(generate.articles(6, seed=1))
    if fmt == "folder":
        manifest = pd.read_csv(path / "manifest.csv")
        texts = [(path / f).read_text(encoding="utf-8") for f in manifest["file"]]
        outlets = manifest["outlet"].tolist()
    elif fmt == "jsonl":
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        assert list(rows[0]) == list(generate.COLUMNS)
        texts, outlets = [r["text"] for r in rows], [r["media_name"] for r in rows]
    else:
        table = pd.read_parquet(path)
        assert list(table.columns) == list(generate.COLUMNS)
        texts, outlets = table["text"].tolist(), table["media_name"].tolist()
    assert texts == [r["text"] for r in expected]
    assert outlets == [r["media_name"] for r in expected]


@settings(max_examples=20, deadline=None)
@given(i=st.integers(0, 10**9), seed=st.integers(0, 2**32))
def test_any_generated_article_is_well_formed(i, seed):
    record = generate.make_article(i, MATERIAL, seed=seed)
    assert record["stories_id"] == i + 1
    assert record["url"].startswith("https://") and " " not in record["url"]
    assert record["title"] in record["text"] and record["text"].endswith("\n")


# --- the real per-document work on every engine ----------------------------------------------------


@pytest.fixture(scope="module")
def corpora():
    return {"seeds": _seed_corpus(), "generated": _generated_corpus(8)}


def _assert_same_tables(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> None:
    assert list(a) == list(b) == list(engine.DOCUMENT_TABLES)
    for name in a:
        assert_bytes_equal(a[name], b[name])


@pytest.mark.parametrize("name", ["seeds", "generated"])
def test_every_engine_gives_byte_identical_tables(corpora, name, dask_client):
    docs = corpora[name]
    whole = engine.process_documents(docs)
    assert len(whole["sentences"]) and set(whole["sentences"]["doc_id"]) == set(docs["doc_id"])
    local = engine.document_tables(docs, chunk_size=2)
    processes = engine.document_tables(docs, jobs=2, chunk_size=2)
    dask = engine.document_tables(docs, engine="dask", scheduler=dask_client, chunk_size=2)
    for tables in (local, processes, dask):
        _assert_same_tables(tables, whole)


def test_cached_document_tables_equal_fresh_ones(corpora, tmp_path):
    docs = corpora["seeds"]
    fresh = engine.document_tables(docs)
    first = engine.document_tables(docs, cache_dir=tmp_path)
    entries = sorted((tmp_path / "analysis" / ".cache").rglob("*.pkl"))
    assert len(entries) == 2  # the bundle of the documents' tables, and its index of their rows
    second = engine.document_tables(docs, cache_dir=tmp_path)
    _assert_same_tables(first, fresh)
    _assert_same_tables(second, fresh)
    assert sorted((tmp_path / "analysis" / ".cache").rglob("*.pkl")) == entries


def test_empty_corpus_gives_empty_tables_with_columns(corpora):
    tables = engine.document_tables(corpora["seeds"].iloc[:0])
    assert list(tables) == list(engine.DOCUMENT_TABLES)
    assert all(t.empty and len(t.columns) for t in tables.values())



def test_shared_sentences_and_mentions_give_each_stage_its_own_tables(corpora):
    """process_documents splits and scans each text once for several stages, and builds one table per
    stage for the chunk: the tables are those of the stages run alone, and of the texts one by one."""
    from toolkit.actors import find_mentions, mention_table
    from toolkit.quotes import QUOTE_COLUMNS, extract_quotes, quote_table
    from toolkit.segment import sentences

    docs = corpora["generated"].iloc[:4].copy()
    docs.loc[docs.index[1], "text"] = "Nobody is quoted or named here. Nothing at all."  # no quotes, no mentions
    docs.loc[docs.index[2], ["status", "text"]] = ["rejected", None]
    tables = engine.process_documents(docs)
    quotes = quote_table(docs)
    assert_bytes_equal(tables["quotes"], quotes)
    assert_bytes_equal(tables["mentions"], mention_table(docs))
    assert_bytes_equal(tables["sentences"], sentences(docs, quotes=quotes))
    loaded = docs[docs["status"] == "loaded"]
    texts = list(zip(loaded["text"], loaded["date"], strict=True))
    one_by_one = pd.concat([extract_quotes(t, date=d) for t, d in texts], ignore_index=True)
    pd.testing.assert_frame_equal(quotes[QUOTE_COLUMNS], one_by_one, check_exact=True)
    mentions = pd.concat([find_mentions(t, date=d) for t, d in texts], ignore_index=True)
    pd.testing.assert_frame_equal(tables["mentions"].drop(columns=["doc_id", "outlet"]), mentions, check_exact=True)


# --- streaming -------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_streaming_equals_the_whole_corpus_at_once(tmp_path, fmt):
    export = generate.write_corpus(11, tmp_path / "corpus", seed=5, fmt=fmt)
    corpus = load_corpus(export)
    out = engine.analyze_stream(export, tmp_path / "out", chunk_size=4)
    assert out == tmp_path / "out" / "analysis"
    parts = sorted((out / "parts" / "sentences").glob("part-*.parquet"))
    assert [p.name for p in parts] == [f"part-{i:06d}.parquet" for i in range(3)]

    # parts follow the input's order (chunk by chunk); sorted, they are the whole corpus's tables
    whole = engine.process_documents(corpus)
    for name in ("sentences", "quotes", "frame_evidence"):
        streamed = sort_table(name, pd.read_parquet(out / "parts" / name))
        pd.testing.assert_frame_equal(streamed, sort_table(name, whole[name]), check_dtype=False, check_exact=True)
    articles = pd.read_parquet(out / "parts" / "articles")
    assert sorted(articles["doc_id"]) == sorted(corpus["doc_id"]) and articles["doc_id"].is_unique

    from toolkit.terms import term_counts

    terms = pd.read_parquet(out / "terms.parquet")
    pd.testing.assert_frame_equal(terms, term_counts(corpus), check_dtype=False, check_exact=True)
    from toolkit.compare import coverage

    expected = coverage(corpus, whole["mentions"], whole["quotes"])
    pd.testing.assert_frame_equal(pd.read_parquet(out / "coverage.parquet"), expected, check_dtype=False)
    totals = pd.read_parquet(out / "sentiment_totals.parquet")
    assert totals["n"].sum() == len(whole["sentiment"])
    assert (out / "keyness.parquet").is_file()


def test_streaming_refuses_ids_that_repeat_across_chunks(tmp_path):
    export = tmp_path / "no_ids.jsonl"
    rows = [{"media_name": r["media_name"], "text": r["text"]} for r in generate.articles(4, seed=2)]
    export.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with pytest.raises(ValueError, match="id column"):
        engine.analyze_stream(export, tmp_path / "out", chunk_size=2)


def test_streaming_a_loaded_corpus_and_refusing_a_folder(corpora, tmp_path):
    from toolkit.terms import term_counts

    seeds = corpora["seeds"]
    out = engine.analyze_stream(seeds, tmp_path / "out", chunk_size=2)
    assert len(list((out / "parts" / "articles").glob("*.parquet"))) == 3
    pd.testing.assert_frame_equal(pd.read_parquet(out / "terms.parquet"), term_counts(seeds),
                                  check_dtype=False, check_exact=True)
    keyness = pd.read_parquet(out / "keyness.parquet")
    assert set(keyness["outlet"]) == set(seeds["outlet"])
    with pytest.raises(ValueError, match="exports"):
        engine.analyze_stream(SEEDS, tmp_path / "again")


def test_workers_get_the_loaders_cleaning_removals_and_do_not_clean_again():
    """Chunks sent to worker processes carry the removals the loader found in this process; the
    worker remembers them, so its cleaning audit reads them instead of cleaning the texts again."""
    from toolkit.clean import Removal, cleaning_audit, remembered_removals

    corpus = load_corpus(SEEDS).iloc[:2]
    sent = remembered_removals(corpus["raw"].tolist())
    assert len(sent) == 2 and any(sent.values())  # known answers, "nothing removed" included
    marked = {key: (Removal(1, "x", "sent along"),) for key in sent}  # as if another process found these
    audit = engine._with_removals(cleaning_audit, (corpus, marked))
    assert set(audit["rule"]) == {"sent along"} and len(audit) == 2
    engine._with_removals(cleaning_audit, (corpus, sent))  # put the real ones back for other tests
    assert cleaning_audit(corpus)["rule"].ne("sent along").all()
