"""Every table of a comparative analysis, computed once and saved for the report notebooks.

``analyze(corpus)`` runs the pipeline stages on the tidy corpus from ``load_corpus``: the
per-document stages (quotes, mentions, sentences, sentiment, frame hits) through
``toolkit.engine`` in chunks of documents (in this process, local processes or Dask), then the
corpus-level statistics. ``Analysis.save`` writes each table as Parquet (plus CSV copies of the
tables a researcher opens first) with sorted rows and atomic, byte-reproducible writes;
``load_analysis`` reads them back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from toolkit.slug import atomic_write

# Sort keys per table: rows are sorted by these (those present) with a stable sort, so the stage
# order breaks ties and the same input always gives the same bytes.
TABLE_KEYS: dict[str, tuple[str, ...]] = {
    "articles": ("doc_id",),
    "removed": ("doc_id", "line_no"),
    "sentences": ("doc_id", "sent_id"),
    "quotes": ("doc_id", "start", "end"),
    "mentions": ("doc_id", "start", "end"),
    "sentiment": ("doc_id", "sent_id"),
    "sentiment_summary": ("outlet", "voice", "level"),
    "actor_sentiment": ("outlet", "actor"),
    "actor_sentiment_evidence": ("outlet", "actor", "doc_id", "sent_id"),
    "quote_share": ("outlet", "actor"),
    "bloc_share": ("outlet", "bloc"),
    "anonymous_share": ("outlet",),
    "first_quoted": ("outlet", "doc_id"),
    "attribution_verbs": ("outlet", "cue_lemma", "stance"),
    "naming_choices": ("outlet", "actor", "form", "surface"),
    "terms": ("outlet", "term"),
    "keyness": ("outlet", "term"),
    "tfidf": ("doc_id", "outlet", "rank"),
    "collocations": ("outlet", "bigram"),
    "frames": ("doc_id", "frame"),
    "frame_evidence": ("doc_id", "sent_id", "frame", "cue"),
    "frame_profile": ("outlet", "frame"),
    "coverage": ("outlet", "item_type", "item"),
    "events": ("doc_id",),
    "similarity": ("outlet_a", "outlet_b"),
    "wire_copies": ("doc_id", "doc_id_a", "doc_id_b"),
}

# Tables also written as CSV, for opening in a spreadsheet; ``articles.csv`` leaves out ``raw``.
CSV_TABLES = ("articles", "quotes", "quote_share", "sentiment_summary", "keyness", "frame_profile",
              "coverage", "events", "similarity", "removed")
CSV_DROP = {"articles": ("raw",)}
FLOAT_FORMAT = "%.6g"
INDEX_FILE = "tables.json"


@dataclass
class Analysis:
    """The analysis tables by name; ``analysis.quotes`` is ``analysis.tables["quotes"]``."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(f"no table {name!r} in this analysis (tables: {', '.join(sorted(tables))})")

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    def __contains__(self, name: object) -> bool:
        return name in self.tables

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(self.tables))

    @property
    def outlets(self) -> list[str]:
        """Outlets with at least one loaded article, sorted."""
        return sorted({str(o) for o in _loaded(self.tables["articles"])["outlet"].dropna()})

    def for_outlet(self, outlet: str) -> Analysis:
        """The rows of every table that belong to one outlet (pair tables: either side).

        Tables with no outlet column are kept whole; comparisons against the other outlets
        (keyness, coverage) should use the full analysis.
        """
        picked = {}
        for name, table in self.tables.items():
            if "outlet" in table.columns:
                keep = table["outlet"].astype(str) == str(outlet)
            elif {"outlet_a", "outlet_b"} <= set(table.columns):
                keep = (table["outlet_a"].astype(str) == str(outlet)) | (table["outlet_b"].astype(str) == str(outlet))
            else:
                keep = pd.Series(True, index=table.index)
            picked[name] = table[keep].reset_index(drop=True)
        return Analysis(picked)

    def overview(self) -> pd.DataFrame:
        """One row per outlet: articles loaded and rejected, words, sentences, quotes."""
        articles = self.tables["articles"]
        loaded = _loaded(articles)
        table = pd.DataFrame({"outlet": self.outlets})
        counts = {
            "articles": loaded.groupby("outlet").size(),
            "rejected": articles[articles["status"] != "loaded"].groupby("outlet").size(),
            "words": loaded.groupby("outlet")["n_words"].sum(),
            "sentences": self.tables["sentences"].groupby("outlet").size(),
            "quotes": self.tables["quotes"].groupby("outlet").size(),
        }
        for column, series in counts.items():
            table[column] = table["outlet"].map(series).fillna(0).astype("int64")
        return table

    def save(self, directory: Path | str) -> Path:
        """Write every table to ``directory`` as Parquet, plus CSV copies; returns the directory.

        Each file is written to a temporary name in the same folder and moved into place, so a
        reader never sees half a table. ``tables.json`` lists the tables with their row counts.
        """
        out = Path(directory)
        index: dict = {"tables": {}}
        for name in sorted(self.tables):
            table = sort_table(name, self.tables[name])
            atomic_write(out / f"{name}.parquet", _parquet_bytes(table))
            if name in CSV_TABLES:
                csv = table.drop(columns=[c for c in CSV_DROP.get(name, ()) if c in table.columns])
                atomic_write(out / f"{name}.csv",
                             csv.to_csv(index=False, float_format=FLOAT_FORMAT, lineterminator="\n"))
            index["tables"][name] = {"rows": len(table), "columns": [str(c) for c in table.columns]}
        atomic_write(out / INDEX_FILE, json.dumps(index, indent=1, sort_keys=True) + "\n")
        return out


def load_analysis(directory: Path | str) -> Analysis:
    """Read an analysis written by :meth:`Analysis.save` (the tables listed in ``tables.json``)."""
    root = Path(directory)
    index_path = root / INDEX_FILE
    if not index_path.is_file():
        raise FileNotFoundError(f"no saved analysis in {root} ({INDEX_FILE} is missing)")
    index = json.loads(index_path.read_text(encoding="utf-8"))
    tables = {name: pd.read_parquet(root / f"{name}.parquet") for name in sorted(index["tables"])}
    return Analysis(tables)


def analyze(corpus: pd.DataFrame, *, actors=None, lexicon_overrides=None, jobs: int = 1,
            engine: str = "local", scheduler: str | None = None, cache_dir=None) -> Analysis:
    """Compute every analysis table from a loaded corpus (the table ``load_corpus`` returns).

    ``actors`` is an actor registry or a path to an ``actors.yml`` (default: the package's
    registry); ``lexicon_overrides`` adjusts the sentiment lexicon (see ``sentence_sentiment``).
    Rejected inputs stay in ``articles`` with their reason; only loaded ones are analysed. The
    per-document tables are computed chunk by chunk by ``toolkit.engine`` (``jobs`` processes, or
    ``engine="dask"``, on the cluster at ``scheduler`` or a local one); the corpus-level
    statistics are then computed from them here. With ``cache_dir`` (an output folder) documents
    analysed before with the same settings are not analysed again.
    """
    from toolkit import compare, frames, sentiment, terms, voice
    from toolkit.actors import as_registry
    from toolkit.engine import DEFAULT_CHUNK_SIZE, aggregate_terms, document_tables
    from toolkit.keyness import KEYNESS_COLUMNS, keyness

    docs = _loaded(corpus).reset_index(drop=True)
    n_chunks = max(1, -(-len(docs) // DEFAULT_CHUNK_SIZE))  # no worker processes for a single chunk
    registry = as_registry(actors)
    t = document_tables(docs, actors=registry, overrides=lexicon_overrides, jobs=min(jobs, n_chunks),
                        engine=engine, scheduler=scheduler, cache_dir=cache_dir)
    t["articles"] = corpus.reset_index(drop=True)
    t["terms"] = aggregate_terms(t.pop("doc_terms"), t.pop("doc_words"))

    t["sentiment_summary"] = pd.concat([sentiment.sentiment_summary(t["sentiment"], level=level)
                                        for level in ("sentence", "article")], ignore_index=True)
    t["actor_sentiment"] = sentiment.actor_sentiment(t["sentiment"], t["mentions"], t["sentences"])
    t["actor_sentiment_evidence"] = sentiment.actor_sentiment_evidence(t["sentiment"], t["mentions"], t["sentences"])
    t["quote_share"] = voice.quote_share(t["quotes"], by="actor")
    t["bloc_share"] = voice.quote_share(t["quotes"], by="bloc")
    t["anonymous_share"] = voice.anonymous_share(t["quotes"])
    t["first_quoted"] = voice.first_quoted(t["quotes"])
    t["attribution_verbs"] = voice.attribution_verbs(t["quotes"])
    t["naming_choices"] = voice.naming_choices(t["mentions"])
    # keyness compares outlets: with fewer than two there is nothing to compare
    several = t["terms"]["outlet"].nunique() >= 2
    t["keyness"] = keyness(t["terms"]) if several else pd.DataFrame(columns=KEYNESS_COLUMNS)
    tokens = terms.corpus_tokens(docs)  # tokenised once for tfidf, collocations, similarity, wire copies
    t["tfidf"] = terms.tfidf(docs, tokens=tokens)
    t["collocations"] = terms.collocations(docs, tokens=tokens)
    t["frame_profile"] = frames.frame_profile(t["frames"])
    items = t.pop("doc_items")  # dates, numbers and places per article, read once for both tables
    t["coverage"] = compare.coverage(docs, t["mentions"], t["quotes"], actors=registry, items=items)
    t["events"] = compare.event_consistency(docs, t["mentions"], items=items)
    t["similarity"] = compare.outlet_similarity(docs, tokens=tokens)
    t["wire_copies"] = compare.wire_copies(docs, tokens=tokens)
    return Analysis({name: sort_table(name, table) for name, table in t.items()})


def sort_table(name: str, table: pd.DataFrame) -> pd.DataFrame:
    """Rows sorted (stably) by the table's key columns, with a fresh 0..n-1 index."""
    keys = [k for k in TABLE_KEYS.get(name, ()) if k in table.columns]
    if keys and len(table) > 1:
        table = table.sort_values(keys, kind="mergesort", na_position="last")
    return table.reset_index(drop=True)


def _loaded(corpus: pd.DataFrame) -> pd.DataFrame:
    if "status" not in corpus.columns:
        return corpus
    return corpus[corpus["status"] == "loaded"]


def _parquet_bytes(table: pd.DataFrame) -> bytes:
    """The table as Parquet; no statistics or timestamps, so the same table gives the same bytes."""
    buffer = pa.BufferOutputStream()
    pq.write_table(pa.Table.from_pandas(table, preserve_index=False), buffer, compression="zstd",
                   write_statistics=False)
    return buffer.getvalue().to_pybytes()


def coverage_gaps(coverage: pd.DataFrame, outlet: str) -> pd.DataFrame:
    """What ``outlet`` reports that no other outlet does, and what most others report but it omits.

    From the ``coverage`` table (``outlet, item_type, item, count, present``): ``side`` is
    ``only here`` or ``missing here``; ``n_others`` is how many other outlets mention the item and
    ``count`` how often (this outlet's count for ``only here``, the others' for ``missing here``).
    """
    keys = ["item_type", "item"]
    columns = ["side", *keys, "count", "n_others"]
    present = coverage[coverage["present"].astype(bool)]
    is_here = present["outlet"].astype(str) == str(outlet)
    n_other_outlets = coverage.loc[coverage["outlet"].astype(str) != str(outlet), "outlet"].nunique()
    others = (present[~is_here].groupby(keys, as_index=False)
              .agg(n_others=("outlet", "nunique"), count=("count", "sum")))
    here = present.loc[is_here, [*keys, "count"]]
    only = here.merge(others[[*keys, "n_others"]], on=keys, how="left").fillna({"n_others": 0})
    only = only[only["n_others"] == 0].assign(side="only here")
    common = others[others["n_others"] >= max(1, -(-n_other_outlets // 2))]
    missing = common.merge(here[keys], on=keys, how="left", indicator=True)
    missing = missing[missing["_merge"] == "left_only"].assign(side="missing here")
    table = pd.concat([only[columns], missing[columns]], ignore_index=True).astype({"n_others": "int64"})
    return table.sort_values(["side", "item_type", "n_others", "item"], ascending=[False, True, False, True],
                             kind="mergesort").reset_index(drop=True)
