"""Shared fixtures: the demo corpus as loaded, and a factory for the hostile corpus folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hostile import write_hostile_corpus
from hypothesis import HealthCheck, settings

from toolkit.load import load_corpus

ROOT = Path(__file__).resolve().parents[1]

# Property tests never fail on a slow machine (no per-example deadline); under CI they replay the
# same examples every run (derandomized), so a landing is never decided by a lucky draw.
settings.register_profile("project", deadline=None, suppress_health_check=[HealthCheck.too_slow],
                          derandomize=os.environ.get("CI") == "true")
settings.load_profile("project")


@pytest.fixture(scope="session")
def _seed_corpus_once():
    return load_corpus(ROOT / "seeds")


@pytest.fixture
def seed_corpus(_seed_corpus_once):
    """``load_corpus("seeds")``: the five demo articles (a fresh copy per test, loaded once per session)."""
    return _seed_corpus_once.copy()


@pytest.fixture
def hostile_corpus_dir(tmp_path):
    """Factory: ``hostile_corpus_dir(name="hostile")`` writes the hostile corpus (``tests/hostile.py``)
    into ``tmp_path / name`` and returns the folder; ``write_hostile_corpus`` gives the expectations."""

    def make(name: str = "hostile") -> Path:
        folder = tmp_path / name
        folder.mkdir()
        write_hostile_corpus(folder)
        return folder

    return make
