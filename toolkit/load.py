"""Load a corpus: a folder of .txt/.html files (with a manifest), or a CSV/JSONL/Parquet export.

Every input becomes exactly one row of the corpus table, ``loaded`` or ``rejected`` with a plain
reason, so nothing is dropped silently: unreadable, binary, empty and unsupported files, manifest
entries whose file is missing, repeated ids, and table rows without text all appear as rejected rows.
Outlet names, titles and other metadata are data only; they are never used to build a path, and only
files found by walking the corpus folder are ever opened.
"""

from __future__ import annotations

import io
import json
import os
import posixpath
import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd
import yaml

from toolkit.clean import Cleaned, clean_document
from toolkit.dedup import flag_duplicates
from toolkit.encoding import UndecodableError, decode_bytes, normalize_newlines, repair_mojibake
from toolkit.terms import text_token_ids

__all__ = ["COLUMNS", "CorpusError", "column_aliases", "corpus_from_texts", "load_corpus"]

COLUMNS = (
    "doc_id", "outlet", "title", "date", "url", "path", "status", "reason", "encoding", "text", "raw",
    "n_words", "duplicate_of", "near_duplicate_of", "outlet_source",
)  # fmt: skip
#: always present after COLUMNS; further manifest/table columns follow them
OPTIONAL_COLUMNS = ("byline", "language")
TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
TABLE_SUFFIXES = (".csv", ".tsv", ".jsonl", ".ndjson", ".json", ".parquet")
MANIFEST_NAMES = ("manifest.csv", "manifest.yml", "manifest.yaml")
#: metadata beside the articles (manifests, actor registries, notes) is not an input; a folder's
#: table lists these files in ``attrs["sidecar_files"]``
SIDECAR_SUFFIXES = (".csv", ".tsv", ".yml", ".yaml", ".json", ".md")
MAX_FILE_BYTES = 100 * 2**20
UNKNOWN = "unknown"

_SPACE_RE = re.compile(r"\s+")
_INVISIBLE_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]")
_HTML_START_RE = re.compile(r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)
_RESERVED = set(COLUMNS) | set(OPTIONAL_COLUMNS)


class CorpusError(Exception):
    """The corpus cannot be read as configured (missing path, malformed manifest, no text column)."""


@lru_cache(maxsize=1)
def column_aliases() -> dict[str, tuple[str, ...]]:
    """Recognised column names per field, from ``data/input_columns.yml`` (lower case, in priority order)."""
    text = resources.files("toolkit").joinpath("data/input_columns.yml").read_text(encoding="utf-8")
    return {field: tuple(name.lower() for name in names) for field, names in yaml.safe_load(text).items()}


# --------------------------------------------------------------------------- values and rows


def _value(value) -> str | None:
    """A metadata value as one line of text: whitespace collapsed, control characters gone; None if empty."""
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return _SPACE_RE.sub(" ", _INVISIBLE_RE.sub("", text)).strip() or None


def _first_line(error: Exception) -> str:
    """An exception's message cut to its first line, for one-sentence errors."""
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def _is_blank(text: str) -> bool:
    """Only whitespace and invisible format characters (zero-width spaces, bidi controls)?"""
    return not any(not ch.isspace() and unicodedata.category(ch) != "Cf" for ch in text)


def _count_words(text: str) -> int:
    """Words as the rest of the pipeline counts them (``toolkit.segment.WORD``: ``U.S.``, ``2,000`` are one);
    the text's token ids are kept, so the later stages of this process do not tokenise it again."""
    return len(text_token_ids(text))


def _looks_like_html(text: str) -> bool:
    return bool(_HTML_START_RE.match(text[:2048]))


def _new_row(**fields) -> dict:
    row = dict.fromkeys(COLUMNS + OPTIONAL_COLUMNS)
    row.update(status="rejected", n_words=0, outlet=UNKNOWN, outlet_source=UNKNOWN)
    row.update(fields)
    return row


def _set_outlet(row: dict, outlet, source: str) -> None:
    outlet = _value(outlet)
    if outlet is not None:
        row.update(outlet=outlet, outlet_source=source)


def _cleaned(raw: str, *, html: bool) -> Cleaned:
    """The cleaned text; for a page only its text (title and byline come from the page's metadata)."""
    cleaned = clean_document(raw, html=html)
    return Cleaned(text=cleaned.text) if html else cleaned


def _html_metadata(page: str) -> dict[str, str | None]:
    """Title, byline, date, url and site name that an HTML page declares (meta tags, JSON-LD, <title>)."""
    import trafilatura

    try:
        meta = trafilatura.extract_metadata(page)
    except Exception:  # metadata is a bonus: a page trafilatura cannot parse simply has none
        meta = None
    fields = {"title": "title", "byline": "author", "date": "date", "url": "url", "site": "sitename"}
    return {field: _value(getattr(meta, name, None)) for field, name in fields.items()}


def _fill_text(row: dict, raw: str, *, html: bool) -> dict:
    """Clean the decoded input ``raw`` into ``row`` and decide ``loaded`` or ``rejected``.

    Metadata already in ``row`` (from the manifest or table) wins over what the text or page declares.
    """
    row["raw"] = raw
    if not raw:
        return {**row, "status": "rejected", "reason": "empty text"}
    if _is_blank(raw):
        return {**row, "status": "rejected", "reason": "only whitespace"}
    try:
        cleaned = _cleaned(raw, html=html)
    except Exception as error:  # one bad document must not stop a corpus; the reason names the failure
        return {**row, "status": "rejected", "reason": f"cleaning failed ({type(error).__name__}: {error})"}
    if _is_blank(cleaned.text):
        what = "no article text found in the HTML page" if html else "no text left after cleaning"
        return {**row, "status": "rejected", "reason": what}
    declared = _html_metadata(raw) if html else {}
    if row["outlet_source"] == UNKNOWN and declared.get("site"):
        row["reason"] = f"{row['reason'] or 'outlet unknown'} (the page names its site {declared['site']!r})"
    return {
        **row,
        "status": "loaded",
        "text": cleaned.text,
        "title": row["title"] or _value(cleaned.title) or declared.get("title"),
        "byline": row["byline"] or _value(cleaned.byline) or declared.get("byline"),
        "date": row["date"] or declared.get("date"),
        "url": row["url"] or declared.get("url"),
        "n_words": _count_words(cleaned.text),
    }


def _extras(record: Mapping, used: Iterable[str], prefix: str) -> dict:
    """Columns not consumed as known fields, kept under their own name (prefixed if it clashes)."""
    used = set(used)
    return {
        (f"{prefix}_{key}" if str(key) in _RESERVED else str(key)): None if _value(value) is None else value
        for key, value in record.items()
        if key not in used
    }


def _match_columns(columns: Iterable, overrides: Mapping[str, str | None], where: str) -> dict[str, str]:
    """field → actual column name, by explicit override or by the aliases in ``input_columns.yml``."""
    by_lower = {}
    for column in columns:
        by_lower.setdefault(str(column).strip().lower(), column)
    matched = {}
    for field, aliases in column_aliases().items():
        wanted = overrides.get(field)
        if wanted is not None:
            if str(wanted).strip().lower() not in by_lower:
                raise CorpusError(
                    f"{where} has no column {wanted!r}; its columns are {', '.join(map(str, columns))}."
                )
            matched[field] = by_lower[str(wanted).strip().lower()]
            continue
        found = next((by_lower[name] for name in aliases if name in by_lower), None)
        if found is not None:
            matched[field] = found
    return matched


def _unique_ids(rows: list[dict]) -> None:
    """Make ``doc_id`` unique in row order: later repeats get ``-2``, ``-3``, …"""
    seen: set[str] = set()
    for row in rows:
        base = candidate = row["doc_id"]
        n = 1
        while candidate in seen:
            n += 1
            candidate = f"{base}-{n}"
        seen.add(candidate)
        row["doc_id"] = candidate


def _frame(rows: list[dict]) -> pd.DataFrame:
    """The corpus table: unique ids, duplicate flags on loaded rows, fixed column order, sorted by doc_id."""
    _unique_ids(rows)
    loaded = [row for row in rows if row["status"] == "loaded"]
    exact, near = flag_duplicates([row["doc_id"] for row in loaded], [row["text"] for row in loaded])
    for row, duplicate_of, near_duplicate_of in zip(loaded, exact, near, strict=True):
        row.update(duplicate_of=duplicate_of, near_duplicate_of=near_duplicate_of)
    columns = list(dict.fromkeys([*COLUMNS, *OPTIONAL_COLUMNS, *(key for row in rows for key in row)]))
    dtypes = {column: "str" for column in COLUMNS + OPTIONAL_COLUMNS} | {"n_words": "int64"}
    frame = pd.DataFrame(rows, columns=columns).astype(dtypes)
    return frame.sort_values("doc_id", kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- folders and manifests


def _read_csv(text: str) -> pd.DataFrame:
    """A CSV/TSV table of strings; the separator (comma, semicolon as Excel writes in much of Europe,
    or tab) is the one the header line uses most."""
    header = text.split("\n", 1)[0]
    separator = max((",", ";", "\t"), key=header.count)
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, sep=separator)


def _read_manifest_file(path: Path) -> list[dict]:
    """Manifest rows (CSV/TSV, or YAML: a list of entries, ``{articles: [...]}``, or ``{file: outlet}``)."""
    try:
        text, _ = decode_bytes(path.read_bytes())
    except (OSError, UndecodableError) as error:
        raise CorpusError(
            f"The manifest {path} cannot be read ({_first_line(error)}); fix or replace it."
        ) from error
    if path.suffix.lower() in (".yml", ".yaml"):
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as error:
            raise CorpusError(
                f"The manifest {path} is not valid YAML ({_first_line(error)}); fix its syntax."
            ) from error
        if isinstance(data, dict) and len(data) == 1 and isinstance(next(iter(data.values())), list):
            data = next(iter(data.values()))
        elif isinstance(data, dict):
            data = [
                {"file": key, **(value if isinstance(value, dict) else {"outlet": value})}
                for key, value in data.items()
            ]
        if not isinstance(data, list) or not all(isinstance(entry, dict) for entry in data):
            raise CorpusError(
                f"The manifest {path} should be a list of entries like '- file: a.txt' with 'outlet: …'; "
                "rewrite it in that form."
            )
        return data
    try:
        table = _read_csv(text)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as error:
        raise CorpusError(
            f"The manifest {path} is not a readable CSV table ({_first_line(error)}); fix it."
        ) from error
    return table.to_dict("records")


def _find_manifest(root: Path, manifest) -> tuple[list[dict] | None, Path | None]:
    if isinstance(manifest, pd.DataFrame):
        return manifest.to_dict("records"), None
    if manifest is None:
        path = next((root / name for name in MANIFEST_NAMES if (root / name).is_file()), None)
        return (None, None) if path is None else (_read_manifest_file(path), path)
    path = Path(manifest)
    if not path.is_absolute() and not path.exists() and (root / path).is_file():
        path = root / path
    if not path.is_file():
        raise CorpusError(f"The manifest {path} does not exist; correct the path, or leave manifest out.")
    return _read_manifest_file(path), path


def _entry_path(value) -> str | None:
    """A manifest ``file`` entry as a normalised relative POSIX path ('..' when it leaves the folder)."""
    text = _value(value)
    if text is None:
        return None
    path = posixpath.normpath(text.replace("\\", "/"))
    if path.startswith("/") or re.match(r"[A-Za-z]:/", path) or path == ".." or path.startswith("../"):
        return ".."
    return path


def _manifest_entries(
    entries: list[dict], files: set[str], only: str | None, where: str
) -> tuple[dict[str, dict], list[dict]]:
    """Match manifest entries to files: ``{file: entry}`` plus rejected rows for bad entries."""
    keys = dict.fromkeys(key for entry in entries for key in entry)
    if entries and "file" not in _match_columns(keys, {}, where):
        raise CorpusError(
            f"The manifest {where} has no 'file' column; add one naming each article's file "
            "(e.g. 001.txt, relative to the corpus folder)."
        )
    matched: dict[str, dict] = {}
    rejected: list[dict] = []
    first_row_of_file: dict[str, int] = {}
    first_row_of_id: dict[str, int] = {}
    for number, entry in enumerate(entries, start=1):
        columns = _match_columns(entry, {}, where)
        columns.pop("text", None)
        file = _entry_path(entry.get(columns.get("file")))
        if only is not None and file != only:
            continue
        row = _new_row(
            **{field: _value(entry[column]) for field, column in columns.items() if field != "outlet"}
        )
        row.update(_extras(entry, columns.values(), "manifest"))
        row["path"] = row.pop("file")
        _set_outlet(row, entry.get(columns.get("outlet")), "manifest")
        if file is None:
            reason = f"manifest row {number} names no file"
        elif file == "..":
            reason = f"manifest row {number} points outside the corpus folder"
        elif file in first_row_of_file:
            reason = (
                f"repeated manifest entry: row {number} lists the same file as row {first_row_of_file[file]}"
            )
        elif row["doc_id"] is not None and row["doc_id"] in first_row_of_id:
            reason = f"repeated manifest id {row['doc_id']!r}: row {number} repeats row {first_row_of_id[row['doc_id']]}"
        elif file not in files:
            reason = "listed in manifest but file not found"
        else:
            reason = None
        if file and file != "..":
            first_row_of_file.setdefault(file, number)
        if row["doc_id"] is not None:
            first_row_of_id.setdefault(row["doc_id"], number)
        if reason is None:
            matched[file] = row
        else:
            inside = file is not None and file != ".."
            row.update(
                reason=reason, doc_id=row["doc_id"] or (_stem(file) if inside else f"manifest-row-{number}")
            )
            rejected.append(row)
    return matched, rejected


def _stem(rel: str) -> str:
    """doc_id of a file: its path relative to the corpus folder, without the suffix."""
    root, _ = posixpath.splitext(rel)
    return root or rel


def _list_files(root: Path, skip: set[str]) -> tuple[list[str], list[dict]]:
    """Relative paths of the non-hidden files under ``root``, sorted; rejected rows for unlistable folders."""
    files, problems = [], []

    def unlistable(error: OSError) -> None:
        rel = Path(error.filename).relative_to(root).as_posix() if error.filename else "."
        problems.append(
            _new_row(doc_id=rel, path=rel, reason=f"could not list the folder ({error.strerror})")
        )

    for folder, dirnames, filenames in os.walk(root, onerror=unlistable):
        dirnames[:] = sorted(name for name in dirnames if not name.startswith("."))
        for name in filenames:
            rel = (Path(folder) / name).relative_to(root).as_posix()
            if not name.startswith(".") and rel not in skip:
                files.append(rel)
    return sorted(files), problems


def _file_row(root: Path, rel: str, row: dict) -> dict:
    """Read, decode and clean one file of a folder corpus into ``row``."""
    full = root / rel
    suffix = full.suffix.lower()
    if suffix not in TEXT_SUFFIXES + HTML_SUFFIXES:
        kind = f"'{full.suffix}'" if full.suffix else "without an extension"
        return {**row, "reason": f"unsupported file type {kind} (load .txt, .html or .htm files)"}
    if full.is_symlink() and not full.resolve().is_relative_to(root.resolve()):
        return {**row, "reason": "link to a file outside the corpus folder"}
    try:
        if not full.is_file():
            return {**row, "reason": "not a regular file"}
        if full.stat().st_size > MAX_FILE_BYTES:
            return {
                **row,
                "reason": f"file too large ({full.stat().st_size // 2**20} MB; limit {MAX_FILE_BYTES // 2**20} MB)",
            }
        data = full.read_bytes()
    except OSError as error:
        return {**row, "reason": f"could not read the file ({error.strerror or error})"}
    if not data:
        return {**row, "reason": "empty file"}
    try:
        raw, encoding = decode_bytes(data)
    except UndecodableError as error:
        return {**row, "reason": error.reason}
    row["encoding"] = encoding
    return _fill_text(row, raw, html=suffix in HTML_SUFFIXES or _looks_like_html(raw))


def _load_folder(root: Path, manifest, only: str | None = None) -> pd.DataFrame:
    entries, manifest_path = _find_manifest(root, manifest)
    skip = set()
    if manifest_path is not None and manifest_path.resolve().is_relative_to(root.resolve()):
        skip.add(manifest_path.resolve().relative_to(root.resolve()).as_posix())
    found, rows = ([only], []) if only is not None else _list_files(root, skip)
    sidecars = [
        rel for rel in found if only is None and posixpath.splitext(rel)[1].lower() in SIDECAR_SUFFIXES
    ]
    files = [rel for rel in found if rel not in sidecars]
    matched, rejected = _manifest_entries(entries or [], set(files), only, str(manifest_path or "manifest"))
    for rel in files:
        row = matched.get(rel)
        if row is None:
            row = _new_row(
                reason=f"{'no manifest' if entries is None else 'not in manifest'} — outlet unknown"
            )
        elif row["outlet_source"] == UNKNOWN:
            row["reason"] = "manifest gives no outlet — outlet unknown"
        row.update(path=rel, doc_id=row["doc_id"] or _stem(rel))
        rows.append(_file_row(root, rel, row))
    frame = _frame(rows + rejected)
    frame.attrs["sidecar_files"] = sidecars
    return frame


# --------------------------------------------------------------------------- table exports


def _json_record(location: str, record) -> tuple[str, dict | None, str | None]:
    if isinstance(record, dict):
        return location, record, None
    return location, None, f"{location.replace('=', ' ')} is not a JSON object"


def _table_records(path: Path) -> tuple[list[tuple[str, dict | None, str | None]], str]:
    """(location, record, problem) per input row of a CSV/TSV/JSONL/JSON/Parquet file, and its encoding.

    A row that cannot be read (a malformed JSON line) has ``record`` None and says why in ``problem``.
    """
    suffix = path.suffix.lower()
    try:
        if suffix == ".parquet":
            frame = pd.read_parquet(path)
            return [
                (f"row={n}", record, None) for n, record in enumerate(frame.to_dict("records"), 1)
            ], "utf-8"
        text, encoding = decode_bytes(path.read_bytes())
    except (OSError, UndecodableError, ValueError) as error:
        raise CorpusError(
            f"The file {path} cannot be read as a table ({_first_line(error)}); check that it is not damaged."
        ) from error
    if suffix in (".jsonl", ".ndjson"):
        records = []
        for n, line in enumerate(text.split("\n"), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                records.append((f"line={n}", None, f"line {n} is not valid JSON"))
                continue
            records.append(_json_record(f"line={n}", record))
        return records, encoding
    if suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise CorpusError(
                f"The file {path} is not valid JSON ({_first_line(error)}); fix it or export JSON Lines."
            ) from error
        if isinstance(data, dict):
            data = next((value for value in data.values() if isinstance(value, list)), None)
        if not isinstance(data, list):
            raise CorpusError(
                f"The file {path} holds no list of articles; export a list of objects or JSON Lines."
            )
        return [_json_record(f"item={n}", record) for n, record in enumerate(data, 1)], encoding
    try:
        frame = _read_csv(text)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as error:
        raise CorpusError(
            f"The file {path} is not a readable CSV table ({_first_line(error)}); fix it."
        ) from error
    return [(f"row={n}", record, None) for n, record in enumerate(frame.to_dict("records"), 1)], encoding


def _load_table(path: Path, overrides: dict[str, str | None]) -> list[dict]:
    records, encoding = _table_records(path)
    keys = list(dict.fromkeys(key for _, record, _ in records if record is not None for key in record))
    columns = _match_columns(keys, overrides, f"The file {path}")
    columns.pop("file", None)
    if records and "text" not in columns:
        looked = ", ".join(column_aliases()["text"])
        raise CorpusError(
            f"The file {path} has no text column (looked for {looked}); name it with text_column=."
        )
    width = len(str(len(records)))
    rows, first_of_id = [], {}
    for n, (location, record, problem) in enumerate(records, 1):
        row = _new_row(path=f"{path.name}#{location}", encoding=encoding, doc_id=f"row-{n:0{width}d}")
        if record is None:
            rows.append({**row, "reason": problem})
            continue
        meta = {field: _value(record.get(column)) for field, column in columns.items() if field != "text"}
        row.update({key: value for key, value in meta.items() if value is not None and key != "outlet"})
        row.update(_extras(record, columns.values(), "source"))
        _set_outlet(row, meta.get("outlet"), "column")
        if row["outlet_source"] == UNKNOWN:
            row["reason"] = (
                "no outlet column" if "outlet" not in columns else "no outlet given"
            ) + " — outlet unknown"
        doc_id = row["doc_id"]
        if doc_id in first_of_id:
            rows.append({**row, "reason": f"repeated id {doc_id!r} (first at {first_of_id[doc_id]})"})
            continue
        first_of_id[doc_id] = location.replace("=", " ")
        raw = record.get(columns["text"])
        raw = normalize_newlines(raw if isinstance(raw, str) else _value(raw) or "")
        if path.suffix.lower() == ".parquet":  # text files were repaired as a whole by decode_bytes
            raw, repairs = repair_mojibake(raw)
            row["encoding"] += "+mojibake-repaired" if repairs else ""
        rows.append(_fill_text(row, raw, html=_looks_like_html(raw)))
    return rows


# --------------------------------------------------------------------------- public API


def load_corpus(
    path,
    manifest=None,
    *,
    text_column: str | None = None,
    id_column: str | None = None,
    outlet_column: str | None = None,
) -> pd.DataFrame:
    """Load a corpus into the tidy ``articles`` table: one row per input, sorted by ``doc_id``.

    ``path`` is a folder of .txt/.html/.htm files (subfolders included; an optional manifest
    ``manifest.csv``/``manifest.yml`` beside them, or ``manifest=`` a path or DataFrame, maps files
    to outlet, title, date, url, language and any extra columns), a single such file, or a CSV, TSV,
    JSONL or Parquet export whose text, id and outlet columns are found by name (Media Cloud's load
    with no options) or given explicitly. In a folder, hidden files and metadata files (.csv, .yml,
    .json, .md: manifests, actor registries, notes) are not inputs; the latter are listed in
    ``attrs["sidecar_files"]``. Raises ``CorpusError`` only for misconfiguration.
    """
    path = Path(path)
    if not path.exists():
        raise CorpusError(
            f"The corpus path {path} does not exist; give a folder of .txt/.html files "
            "or a CSV, JSONL or Parquet file."
        )
    if path.is_file() and path.suffix.lower() in TABLE_SUFFIXES:
        if manifest is not None:
            raise CorpusError(
                f"A manifest applies to a folder of files, but {path} is a table; "
                "put the metadata in its columns and leave manifest out."
            )
        overrides = {"text": text_column, "doc_id": id_column, "outlet": outlet_column}
        return _frame(_load_table(path, overrides))
    if path.is_dir():
        return _load_folder(path, manifest)
    return _load_folder(path.parent, manifest, only=path.name)


def corpus_from_texts(texts: Mapping[str, str] | list[str], outlets=None) -> pd.DataFrame:
    """A corpus table from texts in memory (notebooks, tests): same columns as ``load_corpus``.

    ``texts`` is ``{doc_id: text}`` or a list (ids ``doc_000``, ``doc_001``, …); ``outlets`` is one
    outlet for all, a list aligned with ``texts``, or ``{doc_id: outlet}``.
    """
    if not isinstance(texts, Mapping):
        width = max(3, len(str(len(texts) - 1)))
        texts = {f"doc_{n:0{width}d}": text for n, text in enumerate(texts)}
    ids = [str(doc_id) for doc_id in texts]
    if outlets is None or isinstance(outlets, str):
        outlets = dict.fromkeys(ids, outlets)
    elif not isinstance(outlets, Mapping):
        outlets = dict(zip(ids, outlets, strict=True))
    rows = []
    for doc_id, text in zip(ids, texts.values(), strict=True):
        row = _new_row(doc_id=doc_id)
        _set_outlet(row, outlets.get(doc_id), "column")
        raw = normalize_newlines(text or "")
        rows.append(_fill_text(row, raw, html=_looks_like_html(raw)))
    return _frame(rows)
