"""The demo corpus as a tidy table for the metric tests (``load_corpus`` when it exists)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@lru_cache(maxsize=1)
def seed_corpus() -> pd.DataFrame:
    """Loaded seed articles: ``doc_id, outlet, text, status``."""
    try:
        from toolkit.load import load_corpus
    except ImportError:
        from toolkit.clean import clean_text

        manifest = pd.read_csv(SEEDS / "manifest.csv")
        texts = [clean_text((SEEDS / name).read_text(encoding="utf-8")) for name in manifest["file"]]
        return pd.DataFrame({"doc_id": manifest["file"].str.removesuffix(".txt"), "outlet": manifest["outlet"],
                             "text": texts, "status": "loaded"})
    corpus = load_corpus(SEEDS)
    return corpus[corpus["status"] == "loaded"].reset_index(drop=True)
