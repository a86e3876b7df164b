"""Comparative media-framing analysis: who speaks, in what words, in what tone, and what is left out.

The public API is re-exported here lazily (PEP 562), so ``import toolkit`` stays fast and each
pipeline stage imports only what it needs. The pipeline reads in file names:
load → clean → segment → actors & quotes → sentiment, terms, frames → compare → report.
"""

from __future__ import annotations

import importlib
import sys
import types

__version__ = "0.1.0"

# public name -> module that defines it
_API = {
    # load
    "load_corpus": "toolkit.load",
    "corpus_from_texts": "toolkit.load",
    "CorpusError": "toolkit.load",
    "decode_bytes": "toolkit.encoding",
    "UndecodableError": "toolkit.encoding",
    "flag_duplicates": "toolkit.dedup",
    # clean
    "clean": "toolkit.clean",
    "clean_text": "toolkit.clean",
    "Cleaned": "toolkit.clean",
    "extract_html": "toolkit.clean.html",
    "cleaning_audit": "toolkit.clean",
    # segment
    "sentences": "toolkit.segment",
    "split_sentences": "toolkit.segment",
    "tokenize": "toolkit.segment",
    "word_spans": "toolkit.segment",
    # actors & quotes
    "ActorRegistry": "toolkit.actors",
    "load_actors": "toolkit.actors",
    "default_actors": "toolkit.actors",
    "find_mentions": "toolkit.actors",
    "mention_table": "toolkit.actors",
    "extract_quotes": "toolkit.quotes",
    "quote_table": "toolkit.quotes",
    # voice metrics
    "quote_share": "toolkit.voice",
    "first_quoted": "toolkit.voice",
    "anonymous_share": "toolkit.voice",
    "attribution_verbs": "toolkit.voice",
    "naming_choices": "toolkit.voice",
    # sentiment
    "sentence_sentiment": "toolkit.sentiment",
    "sentiment_summary": "toolkit.sentiment",
    "actor_sentiment": "toolkit.sentiment",
    "actor_sentiment_evidence": "toolkit.sentiment",
    # terms & keyness
    "term_counts": "toolkit.terms",
    "tfidf": "toolkit.terms",
    "collocations": "toolkit.terms",
    "kwic": "toolkit.terms",
    "keyness": "toolkit.keyness",
    "top_terms": "toolkit.keyness",
    # frames
    "frame_scores": "toolkit.frames",
    "frame_evidence": "toolkit.frames",
    "load_frames": "toolkit.frames",
    "frame_profile": "toolkit.frames",
    # compare
    "coverage": "toolkit.compare",
    "coverage_matrix": "toolkit.compare",
    "wire_copies": "toolkit.compare",
    "event_consistency": "toolkit.compare",
    "outlet_similarity": "toolkit.compare",
    # statistics
    "bootstrap_ci": "toolkit.stats",
    "percent_agreement": "toolkit.agreement",
    "krippendorff_alpha": "toolkit.agreement",
    # analysis & report
    "Analysis": "toolkit.analysis",
    "analyze": "toolkit.analysis",
    "load_analysis": "toolkit.analysis",
    "run_report": "toolkit.report",
    # engine
    "map_chunks": "toolkit.engine",
    "analyze_stream": "toolkit.engine",
}

__all__ = sorted(_API) + ["__version__"]



class _Package(types.ModuleType):
    """The package module: a submodule named like the function it defines (``toolkit.clean``,
    ``toolkit.keyness``) must not hide that function when the import system binds it here."""

    def __setattr__(self, name: str, value) -> None:
        if isinstance(value, types.ModuleType) and _API.get(name) == value.__name__:
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str):
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'toolkit' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__():
    return __all__
