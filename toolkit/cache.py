"""Re-use saved work: a whole analysis for an unchanged corpus, per-document tables for unchanged files.

Two levels, both under ``OUTDIR/analysis/.cache/`` (never in the corpus folder or the working
directory):

* :func:`corpus_fingerprint` hashes the input files' bytes together with the toolkit version and
  its data files (lexicons, rules) and any extra settings; :func:`is_fresh` / :func:`mark_fresh`
  tell the report whether the saved analysis was made from exactly that.
* :class:`DocumentCache` keeps each document's per-document tables (sentences, quotes, …) under a
  hash of its content and the settings, so after one file changes only that file is re-analysed.
  Tables are pickled pandas tables (as ``joblib.Memory`` does): they are read back exactly, with
  their dtypes, so cached and fresh results are byte-identical. Only read caches you wrote.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

CACHE_DIR = Path("analysis") / ".cache"
CORPUS_KEY_FILE = "analysis.key"


def cache_dir(out_dir: Path | str) -> Path:
    """The cache folder of an output folder: ``OUTDIR/analysis/.cache``."""
    return Path(out_dir) / CACHE_DIR


def _digest(parts: Iterable[bytes | str]) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))  # length-prefixed: ("ab","c") != ("a","bc")
        h.update(data)
    return h.hexdigest()


@lru_cache(maxsize=1)
def toolkit_fingerprint() -> str:
    """Hash of the toolkit version, its code and every file in ``toolkit/data`` (rules and lexicons).

    The code is included so that an edited toolkit (a development checkout) never reuses results
    computed by the old one.
    """
    from toolkit import __version__

    root = Path(str(resources.files("toolkit")))
    files = sorted(p for p in [*root.rglob("*.py"), *(root / "data").iterdir()] if p.is_file())
    return _digest([__version__, *(x for p in files for x in (p.relative_to(root).as_posix(), p.read_bytes()))])


def _input_files(paths: Iterable[Path | str]) -> list[tuple[str, Path]]:
    """(label, file) for every file under ``paths``; labels are relative to the path given."""
    found = []
    for given in paths:
        root = Path(given)
        if root.is_dir():
            files = sorted(p for p in root.rglob("*") if p.is_file() and not _hidden(p.relative_to(root)))
            found += [(f"{root.name}/{p.relative_to(root).as_posix()}", p) for p in files]
        else:
            found.append((root.name, root))
    return found


def _hidden(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts)


def file_digest(path: Path | str) -> str:
    """sha256 of a file's bytes, read in blocks."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def corpus_fingerprint(paths: Iterable[Path | str] | Path | str, *, settings: Iterable[str] = ()) -> str:
    """One key for an analysis run: input files (names and bytes), toolkit version and data, settings.

    ``settings`` are any further strings the result depends on (an actors file's contents, lexicon
    overrides, command-line options).
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    files = [x for label, path in _input_files(paths) for x in (label, file_digest(path))]
    return _digest([toolkit_fingerprint(), *settings, *files])


def setting(name: str, value) -> str:
    """A settings string for a key: a file path stands for its bytes (an edited file changes it)."""
    if isinstance(value, str | os.PathLike) and Path(value).is_file():
        return f"{name}=file:{file_digest(value)}"
    return f"{name}={value!r}"


def is_fresh(out_dir: Path | str, key: str) -> bool:
    """True if the analysis saved in ``out_dir`` was made with the same :func:`corpus_fingerprint`."""
    path = cache_dir(out_dir) / CORPUS_KEY_FILE
    return path.is_file() and path.read_text(encoding="utf-8").strip() == key


def mark_fresh(out_dir: Path | str, key: str) -> None:
    """Record that the analysis now saved in ``out_dir`` was made with ``key`` (call after saving)."""
    _atomic_write_bytes(cache_dir(out_dir) / CORPUS_KEY_FILE, (key + "\n").encode("utf-8"))


class DocumentCache:
    """Per-document tables keyed by a hash of the document and the settings that shaped them.

    ``settings`` should name everything besides the document that changes the result (actor
    registry, lexicon overrides); the toolkit version and data files are always included.
    The documents processed together are stored as one bundle of tables (``bundles/<hash>.pkl``)
    with one index beside it (``entries/<hash>.pkl``: each document's key → its rows in each
    table): reading a corpus back loads each bundle once and takes rows in runs, instead of
    unpickling and concatenating one small table per document and table, and a run writes two
    files, not one per document.
    """

    KEY_COLUMNS = ("doc_id", "outlet", "title", "date", "raw", "text")  # raw: the cleaning audit reads it

    def __init__(self, out_dir: Path | str, *, settings: Iterable[str] = ()):
        self.root = cache_dir(out_dir) / "documents"
        self.settings = _digest([toolkit_fingerprint(), *settings])

    def key(self, doc: dict) -> str:
        """The cache key of one corpus row (as a dict)."""
        return _digest([self.settings, *(f"{c}={doc.get(c)!s}" for c in self.KEY_COLUMNS)])

    def _index_path(self, name: str) -> Path:
        return self.root / "entries" / f"{name}.pkl"

    def _bundle_path(self, name: str) -> Path:
        return self.root / "bundles" / f"{name}.pkl"

    def _entries(self) -> dict[str, tuple[str, dict[str, np.ndarray]]]:
        """Every stored document's entry, from the bundles' indexes."""
        found: dict[str, tuple[str, dict[str, np.ndarray]]] = {}
        for path in sorted((self.root / "entries").glob("*.pkl")):
            index = _read_pickle(path)
            found.update((key, (path.stem, rows)) for key, rows in index.items())
        return found

    def get(self, key: str) -> tuple[str, dict[str, np.ndarray]] | None:
        """A document's entry: ``(bundle name, {table: its row positions in the bundle})``, or None."""
        return self._entries().get(key)

    def map(
        self,
        process: Callable[[pd.DataFrame], dict[str, pd.DataFrame]],
        corpus: pd.DataFrame,
        run: Callable[[Callable, pd.DataFrame], list[dict[str, pd.DataFrame]]] | None = None,
    ) -> dict[str, pd.DataFrame]:
        """``process`` the documents not in the cache, store their tables, and return all tables.

        ``run(process, misses)`` returns one result per chunk (default: one call in this process;
        pass ``functools.partial(map_chunks, jobs=…)`` to spread the misses over workers). Each
        result is a dict of tables with a ``doc_id`` column. The returned tables hold every
        document's rows, in corpus order.
        """
        keys = [self.key(row) for row in corpus.to_dict("records")]
        stored = self._entries()
        entries = {k: stored.get(k) for k in dict.fromkeys(keys)}
        bundles: dict[str, dict[str, pd.DataFrame]] = {}
        misses = corpus[[entries[k] is None for k in keys]]
        if len(misses):
            results = run(process, misses) if run is not None else [process(misses)]
            tables = {name: pd.concat([r[name] for r in results], ignore_index=True) for name in results[0]}
            bundle = _digest([self.settings, *(k for k in keys if entries[k] is None)])
            _atomic_write_bytes(self._bundle_path(bundle), pickle.dumps(tables, protocol=pickle.HIGHEST_PROTOCOL))
            bundles[bundle] = tables
            rows = {name: table.groupby("doc_id", sort=False).indices for name, table in tables.items()}
            index = {}
            for key, doc_id in zip(keys, corpus["doc_id"].tolist(), strict=True):
                if entries[key] is None:
                    index[key] = {name: rows[name].get(doc_id, _NO_ROWS) for name in tables}
                    entries[key] = (bundle, index[key])
            _atomic_write_bytes(self._index_path(bundle), pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL))
        for name, _ in entries.values():
            if name not in bundles:
                bundles[name] = _read_pickle(self._bundle_path(name))
        names = list(dict.fromkeys(table for _, rows in entries.values() for table in rows))
        return {name: _gather(name, [entries[k] for k in keys], bundles) for name in names}


_NO_ROWS = np.empty(0, dtype=np.intp)


def _gather(table: str, entries: list[tuple[str, dict]], bundles: dict[str, dict[str, pd.DataFrame]]) -> pd.DataFrame:
    """One table's rows for the documents' ``entries`` in order: consecutive documents of one
    bundle are taken from it in a single run, so the pieces are few."""
    runs: list[tuple[str, list[np.ndarray]]] = []
    for bundle, rows in entries:
        if not runs or runs[-1][0] != bundle:
            runs.append((bundle, []))
        runs[-1][1].append(rows[table])
    pieces = [bundles[bundle][table].take(np.concatenate(positions)) for bundle, positions in runs]
    return pd.concat(pieces, ignore_index=True)


def _read_pickle(path: Path):
    if not path.is_file():
        return None
    with open(path, "rb") as f:
        return pickle.load(f)


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
