"""load_corpus: the demo corpus, manifests (CSV, YAML), table exports (Media Cloud CSV/JSONL/Parquet)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

from toolkit.load import COLUMNS, CorpusError, corpus_from_texts, load_corpus

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED_OUTLETS = {
    "Outlet A (unattributed)",
    "NDTV Profit",
    "Caliber.Az",
    "Outlet D (unattributed)",
    "Outlet E (unattributed blog)",
}
STORY = (
    "French President Emmanuel Macron said, “We are ready to provide security guarantees to Ukraine.”\n"
    "European leaders met in Paris on Thursday to discuss the shape of a post-ceasefire force."
)


def _story(n: int) -> str:
    return f"{STORY}\nStory {n}: officials in capital {n} described talk number {n * 37} as productive."


# --------------------------------------------------------------------------- the demo corpus


def test_seed_files_are_present_and_the_manifest_lists_each_exactly_once():
    with open(SEEDS / "manifest.csv", encoding="utf-8", newline="") as handle:
        listed = [row["file"] for row in csv.DictReader(handle)]
    assert sorted(listed) == sorted(path.name for path in SEEDS.glob("*.txt"))
    assert len(listed) == len(set(listed)) == 5


def test_seeds_load_with_their_five_outlets(seed_corpus):
    assert list(seed_corpus.columns[: len(COLUMNS)]) == list(COLUMNS)
    assert set(seed_corpus["outlet"]) == SEED_OUTLETS
    assert (seed_corpus["status"] == "loaded").all()
    assert (seed_corpus["outlet_source"] == "manifest").all()
    assert (seed_corpus["encoding"] == "utf-8").all()
    assert seed_corpus["doc_id"].tolist() == sorted(path.stem for path in SEEDS.glob("*.txt"))
    assert (seed_corpus["n_words"] > 300).all()
    assert seed_corpus["duplicate_of"].isna().all()
    assert seed_corpus["near_duplicate_of"].isna().all()
    caliber = seed_corpus.set_index("outlet").loc["Caliber.Az"]
    assert caliber["title"] == "Europe ready to pledge security guarantees for Ukraine, Macron says"
    assert caliber["language"] == "en"
    assert "outlet_evidence" in seed_corpus.columns  # extra manifest columns are kept
    assert "Macron" in caliber["text"] and caliber["raw"].startswith(caliber["raw"].lstrip())


def test_loading_is_deterministic():
    first, second = load_corpus(SEEDS), load_corpus(str(SEEDS))
    pd.testing.assert_frame_equal(first, second)


# --------------------------------------------------------------------------- manifests


def _folder(tmp_path: Path, names=("a.txt", "b.txt", "c.txt")) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for n, name in enumerate(names):
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).write_text(_story(n), encoding="utf-8")
    return folder


def test_csv_manifest_with_extra_and_missing_optional_columns(tmp_path):
    folder = _folder(tmp_path)
    (folder / "manifest.csv").write_text(
        "file,outlet,stance\na.txt,Daily A,pro\nb.txt,Daily B,\n", encoding="utf-8"
    )
    corpus = load_corpus(folder).set_index("doc_id")
    assert corpus.loc["a", ["outlet", "outlet_source", "stance"]].tolist() == ["Daily A", "manifest", "pro"]
    assert pd.isna(corpus.loc["b", "stance"])
    assert corpus.loc["c", "outlet"] == "unknown" and corpus.loc["c", "status"] == "loaded"
    assert "not in manifest" in corpus.loc["c", "reason"]
    assert corpus["date"].isna().all() and corpus["url"].isna().all()


def test_cp1252_manifest_with_header_case_and_spaces(tmp_path):
    folder = _folder(tmp_path)
    (folder / "manifest.csv").write_bytes(
        " File , Outlet ,Title\na.txt,Le Monde,\x93Paris\x94 summit\n".encode("latin-1")
    )
    row = load_corpus(folder).set_index("doc_id").loc["a"]
    assert (row["outlet"], row["title"]) == ("Le Monde", "“Paris” summit")


@pytest.mark.parametrize("name", ["manifest.yml", "manifest.yaml"])
def test_yaml_manifest_list(tmp_path, name):
    folder = _folder(tmp_path)
    (folder / name).write_text(
        "- file: a.txt\n  outlet: Daily A\n  date: 2025-09-04\n- file: b.txt\n  outlet: Daily B\n  tags: [x, y]\n",
        encoding="utf-8",
    )
    corpus = load_corpus(folder).set_index("doc_id")
    assert corpus.loc["a", "outlet"] == "Daily A"
    assert corpus.loc["a", "date"] == "2025-09-04"
    assert corpus.loc["b", "tags"] == ["x", "y"]


def test_yaml_manifest_mapping_file_to_outlet(tmp_path):
    folder = _folder(tmp_path)
    (folder / "meta.yaml").write_text(
        "a.txt: Daily A\nb.txt: {outlet: Daily B, title: Summit}\n", encoding="utf-8"
    )
    corpus = load_corpus(folder, manifest=folder / "meta.yaml").set_index("doc_id")
    assert corpus.loc["a", "outlet"] == "Daily A"
    assert corpus.loc["b", ["outlet", "title"]].tolist() == ["Daily B", "Summit"]
    assert "meta" not in corpus.index  # the manifest itself is not an input


def test_manifest_as_dataframe_and_relative_name(tmp_path):
    folder = _folder(tmp_path)
    table = pd.DataFrame({"file": ["a.txt"], "outlet": ["Daily A"]})
    assert load_corpus(folder, manifest=table).set_index("doc_id").loc["a", "outlet"] == "Daily A"
    table.to_csv(folder / "sources.csv", index=False)
    corpus = load_corpus(folder, manifest="sources.csv")
    assert corpus.set_index("doc_id").loc["a", "outlet"] == "Daily A"
    assert "sources" not in set(corpus["doc_id"])


def test_manifest_entry_problems_are_rejected_rows(tmp_path):
    folder = _folder(tmp_path)
    (folder / "manifest.csv").write_text(
        "file,outlet\na.txt,A\nmissing.txt,M\na.txt,Again\n../outside.txt,Evil\n,Blank\nb.txt,\n",
        encoding="utf-8",
    )
    corpus = load_corpus(folder)
    reasons = dict(zip(corpus["doc_id"], corpus["reason"], strict=True))
    assert corpus.set_index("doc_id").loc["a", "outlet"] == "A"
    assert reasons["missing"] == "listed in manifest but file not found"
    assert reasons["a-2"].startswith("repeated manifest entry")
    assert "outside the corpus folder" in reasons["manifest-row-4"]
    assert reasons["manifest-row-5"] == "manifest row 5 names no file"
    assert "gives no outlet" in reasons["b"]
    assert (
        corpus.set_index("doc_id").loc[["missing", "a-2", "manifest-row-4"], "status"] == "rejected"
    ).all()


def test_manifest_id_column_gives_doc_ids_and_repeats_are_rejected(tmp_path):
    folder = _folder(tmp_path)
    (folder / "manifest.csv").write_text("file,id,outlet\na.txt,X1,A\nb.txt,X1,B\n", encoding="utf-8")
    corpus = load_corpus(folder).set_index("doc_id")
    assert corpus.loc["X1", "path"] == "a.txt"
    assert corpus.loc["X1-2", "status"] == "rejected"
    assert "repeated manifest id 'X1'" in corpus.loc["X1-2", "reason"]
    assert corpus.loc["b", "outlet"] == "unknown"  # the file still loads, as not in the manifest


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("manifest.csv", "name,outlet\na.txt,A\n", "no 'file' column"),
        ("manifest.yml", "- file: a.txt\n  outlet: [unclosed\n", "not valid YAML"),
        ("manifest.yml", "just a sentence\n", "list of entries"),
        ("manifest.csv", 'file,outlet\n"a.txt,A\n', "not a readable CSV"),
    ],
)
def test_bad_manifest_is_a_corpus_error(tmp_path, name, content, message):
    folder = _folder(tmp_path)
    (folder / name).write_text(content, encoding="utf-8")
    with pytest.raises(CorpusError, match=message):
        load_corpus(folder)


def test_missing_path_and_missing_manifest_are_corpus_errors(tmp_path):
    with pytest.raises(CorpusError, match="does not exist"):
        load_corpus(tmp_path / "nowhere")
    with pytest.raises(CorpusError, match="manifest .* does not exist"):
        load_corpus(_folder(tmp_path), manifest="nope.csv")


def test_metadata_files_beside_the_articles_are_not_inputs(tmp_path):
    folder = _folder(tmp_path)
    for name in ("actors.yml", "README.md", "notes/coding.csv", "manifest.csv"):
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).write_text("file,outlet\na.txt,A\n", encoding="utf-8")
    corpus = load_corpus(folder)
    assert corpus["doc_id"].tolist() == ["a", "b", "c"]
    assert corpus.attrs["sidecar_files"] == [
        "README.md",
        "actors.yml",
        "notes/coding.csv",
    ]  # and the manifest
    assert load_corpus(folder / "README.md")["status"].tolist() == ["rejected"]  # named explicitly: a row


def test_subfolders_and_colliding_stems(tmp_path):
    folder = _folder(tmp_path, names=("a.txt", "a.html", "x/a.txt"))
    corpus = load_corpus(folder)
    assert corpus["doc_id"].tolist() == ["a", "a-2", "x/a"]
    assert corpus.set_index("doc_id").loc["x/a", "path"] == "x/a.txt"


def test_single_file_uses_the_manifest_beside_it(tmp_path):
    folder = _folder(tmp_path)
    (folder / "manifest.csv").write_text("file,outlet\na.txt,A\nb.txt,B\ngone.txt,G\n", encoding="utf-8")
    corpus = load_corpus(folder / "b.txt")
    assert corpus[["doc_id", "outlet", "status"]].values.tolist() == [["b", "B", "loaded"]]


def test_empty_folder_gives_an_empty_table(tmp_path):
    corpus = load_corpus(_folder(tmp_path, names=()))
    assert corpus.empty and list(corpus.columns[: len(COLUMNS)]) == list(COLUMNS)


# --------------------------------------------------------------------------- table exports

MEDIA_CLOUD = pd.DataFrame(
    {
        "stories_id": [2001, 2002, 2003, 2004],
        "media_name": ["Daily A", "Daily B", "Daily C", "Daily A"],
        "publish_date": ["2025-09-04 10:00:00", "2025-09-04 11:30:00", "2025-09-05 08:00:00", "2025-09-05"],
        "title": ["Summit one", "Summit two", "Summit three", "Empty one"],
        "url": [f"https://example.org/{n}" for n in range(4)],
        "language": ["en"] * 4,
        "media_url": ["a.example", "b.example", "c.example", "a.example"],
        "text": [_story(1), _story(2), _story(3), ""],
    }
)


def _check_media_cloud(corpus: pd.DataFrame, encoding: str = "utf-8") -> None:
    assert corpus["doc_id"].tolist() == ["2001", "2002", "2003", "2004"]
    assert corpus["status"].tolist() == ["loaded", "loaded", "loaded", "rejected"]
    assert corpus["reason"].iloc[3] == "empty text"
    assert corpus["outlet"].tolist() == ["Daily A", "Daily B", "Daily C", "Daily A"]
    assert (corpus["outlet_source"] == "column").all()
    assert corpus["date"].iloc[0] == "2025-09-04 10:00:00"
    assert corpus["url"].iloc[2] == "https://example.org/2"
    assert corpus["media_url"].iloc[1] == "b.example"
    assert corpus["text"].iloc[0].startswith("French President Emmanuel Macron said")
    assert corpus["encoding"].iloc[0] == encoding


def test_media_cloud_csv(tmp_path):
    MEDIA_CLOUD.to_csv(tmp_path / "export.csv", index=False)
    corpus = load_corpus(tmp_path / "export.csv")
    _check_media_cloud(corpus)
    assert corpus["path"].iloc[1] == "export.csv#row=2"


def test_media_cloud_jsonl(tmp_path):
    lines = [json.dumps(record, ensure_ascii=False) for record in MEDIA_CLOUD.to_dict("records")]
    (tmp_path / "export.jsonl").write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    _check_media_cloud(load_corpus(tmp_path / "export.jsonl"))


def test_media_cloud_parquet(tmp_path):
    MEDIA_CLOUD.to_parquet(tmp_path / "export.parquet")
    _check_media_cloud(load_corpus(tmp_path / "export.parquet"))


def test_mojibake_in_table_cells_is_repaired(tmp_path):
    table = pd.DataFrame({"id": ["a"], "text": [_story(1).replace("“", "â€œ").replace("Paris", "ParÃ­s")]})
    table.to_parquet(tmp_path / "t.parquet")
    table.to_csv(tmp_path / "t.csv", index=False)
    for name in ("t.parquet", "t.csv"):
        row = load_corpus(tmp_path / name).iloc[0]
        assert "“We are ready" in row["text"] and "París" in row["text"]
        assert row["encoding"] == "utf-8+mojibake-repaired"


def test_alternate_column_names_and_cp1252_csv(tmp_path):
    table = pd.DataFrame(
        {"Source": ["Le Monde", None], "Date": ["2025-09-04", ""], "Content": [_story(1), _story(2)]}
    )
    table["Content"] = table["Content"].str.replace("“", "\u201c")
    (tmp_path / "export.csv").write_bytes(table.to_csv(index=False).encode("cp1252"))
    corpus = load_corpus(tmp_path / "export.csv")
    assert corpus["doc_id"].tolist() == ["row-1", "row-2"]
    assert corpus["outlet"].tolist() == ["Le Monde", "unknown"]
    assert corpus["reason"].iloc[1] == "no outlet given — outlet unknown"
    assert corpus["encoding"].iloc[0] == "cp1252"
    assert "“We are ready" in corpus["text"].iloc[0]


def test_explicit_columns(tmp_path):
    table = pd.DataFrame(
        {"key": ["k1", "k2"], "paper": ["P", "Q"], "words": [_story(1), _story(2)], "text": ["x", "y"]}
    )
    table.to_csv(tmp_path / "t.csv", index=False)
    corpus = load_corpus(tmp_path / "t.csv", text_column="words", id_column="key", outlet_column="paper")
    assert corpus[["doc_id", "outlet"]].values.tolist() == [["k1", "P"], ["k2", "Q"]]
    assert corpus["text"].iloc[0].startswith("French President")
    assert corpus["source_text"].tolist() == ["x", "y"]  # an unused column named like a corpus column
    with pytest.raises(CorpusError, match="no column 'body'"):
        load_corpus(tmp_path / "t.csv", text_column="body")


def test_table_without_text_column_is_a_corpus_error(tmp_path):
    pd.DataFrame({"id": [1], "headline": ["Summit"]}).to_csv(tmp_path / "t.csv", index=False)
    with pytest.raises(CorpusError, match="no text column"):
        load_corpus(tmp_path / "t.csv")


def test_table_rows_problems_are_rejected_rows(tmp_path):
    lines = [
        json.dumps({"id": "a", "outlet": "A", "text": _story(1)}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": "a", "outlet": "A", "text": _story(2)}),
        json.dumps({"id": "b", "outlet": "B", "text": " \u200b\n "}),
        json.dumps({"id": "c", "outlet": "C", "text": None}),
        json.dumps("a bare string"),
    ]
    (tmp_path / "t.jsonl").write_text("\n".join(lines), encoding="utf-8")
    corpus = load_corpus(tmp_path / "t.jsonl")
    reasons = dict(zip(corpus["doc_id"], corpus["reason"], strict=True))
    assert len(corpus) == 7
    assert reasons["row-2"] == "line 2 is not valid JSON"
    assert reasons["row-3"] == "line 3 is not a JSON object"
    assert reasons["a-2"] == "repeated id 'a' (first at line 1)"
    assert reasons["b"] == "only whitespace"
    assert reasons["c"] == "empty text"
    assert reasons["row-7"] == "line 7 is not a JSON object"
    assert corpus.set_index("doc_id").loc["a", "status"] == "loaded"


def test_json_array_and_manifest_with_table_is_an_error(tmp_path):
    (tmp_path / "t.json").write_text(
        json.dumps({"stories": [{"id": 1, "body": _story(1)}]}), encoding="utf-8"
    )
    corpus = load_corpus(tmp_path / "t.json")
    assert corpus[["doc_id", "status"]].values.tolist() == [["1", "loaded"]]
    with pytest.raises(CorpusError, match="manifest applies to a folder"):
        load_corpus(tmp_path / "t.json", manifest=tmp_path / "m.csv")


# --------------------------------------------------------------------------- texts in memory


def test_corpus_from_texts():
    corpus = corpus_from_texts({"b": _story(2), "a": _story(1), "c": "  "}, outlets={"a": "A", "b": "B"})
    assert list(corpus.columns[: len(COLUMNS)]) == list(COLUMNS)
    assert corpus[["doc_id", "outlet", "status"]].values.tolist() == [
        ["a", "A", "loaded"],
        ["b", "B", "loaded"],
        ["c", "unknown", "rejected"],
    ]
    listed = corpus_from_texts([_story(1), _story(1)], outlets="Same")
    assert listed["doc_id"].tolist() == ["doc_000", "doc_001"]
    assert listed["duplicate_of"].tolist()[1] == "doc_000"
    assert set(listed["outlet"]) == {"Same"}


def test_html_page_metadata_fills_gaps_but_the_manifest_wins(tmp_path):
    paragraphs = "".join(
        f"<p>{line} Paragraph {n} adds detail about the summit and its aftermath.</p>"
        for n, line in enumerate(STORY.split("\n") * 3)
    )
    page = (
        "<html><head><title>Leaders meet in Paris | Daily Planet</title>"
        '<meta property="og:site_name" content="Daily Planet">'
        '<meta property="og:title" content="Leaders meet in Paris">'
        '<meta name="author" content="Lois Lane">'
        '<meta property="article:published_time" content="2025-09-04T10:00:00Z">'
        f"</head><body><article><h1>Leaders meet in Paris</h1>{paragraphs}</article></body></html>"
    )
    folder = _folder(tmp_path, names=())
    (folder / "page.htm").write_text(page, encoding="utf-8")
    row = load_corpus(folder).iloc[0]
    assert row["status"] == "loaded"
    assert (row["title"], row["byline"], row["date"]) == ("Leaders meet in Paris", "Lois Lane", "2025-09-04")
    assert row["outlet"] == "unknown" and "names its site 'Daily Planet'" in row["reason"]
    assert "<p>" not in row["text"] and "Emmanuel Macron" in row["text"]
    (folder / "manifest.csv").write_text("file,outlet,title\npage.htm,Planet,Own title\n", encoding="utf-8")
    row = load_corpus(folder).iloc[0]
    assert (row["outlet"], row["title"]) == ("Planet", "Own title")
    assert pd.isna(row["reason"])


def test_excel_style_csv_and_tsv_exports(tmp_path):
    table = MEDIA_CLOUD.rename(columns={"text": "Body", "media_name": "Publisher"})
    (tmp_path / "excel.csv").write_bytes(
        table.to_csv(index=False, sep=";", lineterminator="\r\n").encode("utf-8-sig")
    )
    table.to_csv(tmp_path / "export.tsv", index=False, sep="\t")
    for name, encoding in (("excel.csv", "utf-8-sig"), ("export.tsv", "utf-8")):
        corpus = load_corpus(tmp_path / name)
        _check_media_cloud(corpus, encoding=encoding)
        assert "\r" not in corpus["text"].iloc[0]


def test_damaged_parquet_is_a_corpus_error(tmp_path):
    (tmp_path / "broken.parquet").write_bytes(b"PAR1 this is not really parquet")
    with pytest.raises(CorpusError, match="cannot be read as a table"):
        load_corpus(tmp_path / "broken.parquet")


def test_a_saved_page_with_a_txt_name_is_read_as_html(tmp_path):
    body = "".join(
        f"<p>{line} More words follow here about the summit talks in Paris.</p>"
        for line in STORY.split("\n") * 3
    )
    folder = _folder(tmp_path, names=())
    (folder / "saved.txt").write_text(
        f"<!DOCTYPE html>\n<html><body><article>{body}</article></body></html>", encoding="utf-16"
    )
    row = load_corpus(folder).iloc[0]
    assert (row["status"], row["encoding"]) == ("loaded", "utf-16-le")
    assert "<p>" not in row["text"] and "Emmanuel Macron said" in row["text"]
    assert row["raw"].startswith("<!DOCTYPE html>")
