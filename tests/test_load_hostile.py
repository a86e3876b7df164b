"""The hostile corpus (tests/hostile.py): every input loaded or rejected with the right reason, the
right characters decoded, nothing executed or written; property tests on arbitrary files."""

from __future__ import annotations

import csv
import os
import re
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hostile import INJECTION, QUOTE, hostile_expectations, write_hostile_corpus
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.encoding import repair_mojibake
from toolkit.load import load_corpus

MOJIBAKE = re.compile("â€|Ã.|Â|\ufffd")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """(folder, expectations, corpus indexed by doc_id), loaded once for the module."""
    folder = tmp_path_factory.mktemp("hostile")
    expected = write_hostile_corpus(folder)
    return folder, expected, load_corpus(folder).set_index("doc_id")


def test_one_row_per_input_and_nothing_else(hostile):
    _, expected, corpus = hostile
    assert sorted(corpus.index) == sorted(expected)
    assert not corpus.index.str.contains("hidden").any()
    assert "manifest" not in corpus.index


@pytest.mark.parametrize("doc_id", sorted(hostile_expectations()))
def test_each_input_loaded_or_rejected_as_expected(hostile, doc_id):
    _, expected, corpus = hostile
    want, row = expected[doc_id], corpus.loc[doc_id]
    assert row["path"] == want["path"]
    assert row["status"] == want["status"], row["reason"]
    if want["reason"] is None:
        assert pd.isna(row["reason"])
    else:
        assert want["reason"] in row["reason"]
    if want["outlet"] is not None:
        assert row["outlet"] == want["outlet"]
    for fragment in want["contains"]:
        assert fragment in row["text"]
    if row["status"] == "loaded":
        assert not MOJIBAKE.search(row["text"]), MOJIBAKE.search(row["text"])
        assert row["n_words"] > 0
    else:
        assert row["n_words"] == 0


def test_encodings_are_named(hostile):
    _, _, corpus = hostile
    assert corpus.loc[
        ["utf8", "utf8_bom", "utf16le_bom", "utf16be_bom", "cp1252", "latin1"], "encoding"
    ].tolist() == [
        "utf-8",
        "utf-8-sig",
        "utf-16-le",
        "utf-16-be",
        "cp1252",
        "latin-1",
    ]
    assert corpus.loc["cp1252", "raw"].startswith(QUOTE)


def test_zero_width_characters_do_not_split_words(hostile):
    _, _, corpus = hostile
    text = corpus.loc["zero_width", "text"]
    assert re.findall(r"\w+", text)[:5] == ["The", "minister", "said", "the", "government"]
    assert corpus.loc["zero_width", "n_words"] == 13


def test_outlet_names_are_data(hostile):
    folder, _, corpus = hostile
    assert corpus.loc["utf8", "outlet"] == INJECTION
    assert corpus.loc["utf8", "topic"] == "security"  # extra manifest column kept
    assert not (folder / "PWNED").exists() and not Path("PWNED").exists()
    assert not any("\n" in outlet for outlet in corpus["outlet"])


def test_loading_writes_nothing(tmp_path, monkeypatch):
    folder = tmp_path / "corpus"
    folder.mkdir()
    write_hostile_corpus(folder)
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    monkeypatch.chdir(workdir)

    def snapshot():
        return sorted(
            (path.relative_to(tmp_path).as_posix(), path.stat().st_mtime_ns) for path in tmp_path.rglob("*")
        )

    before = snapshot()
    load_corpus(folder)
    load_corpus(folder / "utf8.txt")
    assert snapshot() == before


def test_unreadable_links_and_special_files_are_rejected(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    outside = tmp_path / "secret.txt"
    outside.write_text("A secret outside the corpus folder.", encoding="utf-8")
    (folder / "link.txt").symlink_to(outside)
    (folder / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (folder / "folder.txt").mkdir()
    os.mkfifo(folder / "pipe.txt")
    corpus = load_corpus(folder).set_index("doc_id")
    assert corpus.loc["link", "reason"] == "link to a file outside the corpus folder"
    assert corpus.loc["pipe", "reason"] == "not a regular file"
    assert corpus.loc["dangling", "status"] == "rejected"
    assert (corpus["status"] == "rejected").all()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_-", min_size=1, max_size=12),
        st.tuples(st.text(max_size=400), st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1"])),
        max_size=6,
    )
)
def test_any_folder_of_unicode_files_loads_one_row_per_file(files):
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        for name, (text, encoding) in files.items():
            (folder / f"{name}.txt").write_bytes(text.encode(encoding, errors="replace"))
        corpus = load_corpus(folder)
    assert sorted(corpus["path"]) == sorted(f"{name}.txt" for name in files)
    assert corpus["doc_id"].is_unique
    assert set(corpus["status"]) <= {"loaded", "rejected"}
    assert corpus.loc[corpus["status"] == "rejected", "reason"].notna().all()


OUTLET_TEXT = st.text(
    alphabet=st.one_of(st.characters(blacklist_categories=("Cc", "Cf", "Cs")), st.sampled_from("\n\t \"',;")),
    max_size=60,
)


@settings(max_examples=40, deadline=None)
@given(outlet=OUTLET_TEXT, title=OUTLET_TEXT)
def test_any_manifest_outlet_is_kept_as_one_line_of_data(outlet, title):
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        (folder / "a.txt").write_text(
            "The minister spoke to reporters in Paris on Thursday.", encoding="utf-8"
        )
        with open(folder / "manifest.csv", "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([["file", "outlet", "title"], ["a.txt", outlet, title]])
        row = load_corpus(folder).iloc[0]
        assert sorted(path.name for path in folder.iterdir()) == ["a.txt", "manifest.csv"]
    outlet, title = repair_mojibake(outlet)[0], repair_mojibake(title)[0]  # the manifest is decoded too
    assert row["status"] == "loaded"
    assert row["outlet"] == (" ".join(outlet.split()) or "unknown")
    assert row["outlet_source"] == ("manifest" if outlet.split() else "unknown")
    if title.split():
        assert row["title"] == " ".join(title.split())
