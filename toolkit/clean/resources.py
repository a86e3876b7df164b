"""The cleaning stage's data files, read once per process.

``toolkit/data/boilerplate.yml``  named furniture patterns (rule name → regexes), see rules.py
``toolkit/data/clean_lexicon.yml`` word lists the line classifier uses (function words, labels)
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parents[1] / "data"
BOILERPLATE = DATA / "boilerplate.yml"
LEXICON = DATA / "clean_lexicon.yml"


def read_yaml(path: Path) -> dict:
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path.name}: expected a mapping at the top level")
    return data


@lru_cache(maxsize=1)
def lexicon() -> dict[str, frozenset[str]]:
    """Word lists from ``clean_lexicon.yml``, lower-cased, as frozensets: a string is split on
    commas when it has any (phrases), else on spaces (words); a YAML list is taken as it is."""
    lists = {}
    for name, value in read_yaml(LEXICON).items():
        if isinstance(value, str):
            items = value.split(",") if "," in value else value.split()
        else:
            items = value or ()
        lists[name] = frozenset(" ".join(str(item).lower().split()) for item in items if str(item).strip())
    return lists
