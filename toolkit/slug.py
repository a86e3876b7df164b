"""Safe output paths: slugs for outlet names, paths kept inside the output folder, atomic writes.

Outlet names come from manifests and CSV exports written by anyone, so they may hold slashes,
dots, quotes, HTML or code. They reach the file system only through :func:`slugify` (ASCII
``[a-z0-9-]``, bounded length, never empty), :func:`unique_slugs` (a stable suffix when two names
collide) and :func:`safe_child` (the final path, checked to stay inside its parent after
``Path.resolve()``). :func:`atomic_write` puts a file in place in one step, so a reader (or a
crash) never leaves half a file.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
import unicodedata
from collections.abc import Iterable
from pathlib import Path

MAX_LEN = 60
FALLBACK = "outlet"
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(name: object, *, max_len: int = MAX_LEN, fallback: str = FALLBACK) -> str:
    """Return an ASCII slug of ``name``: lower-case ``[a-z0-9-]``, at most ``max_len`` characters.

    Accents are folded (``Zürich`` → ``zurich``); everything else becomes a single hyphen. A name
    with nothing left (``"///"``, ``"新闻"``) gets ``fallback`` plus a short hash of the name, so
    different names still get different slugs.
    """
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", text.lower()).strip("-")[:max_len].rstrip("-")
    if slug:
        return slug
    return f"{fallback}-{_short_hash(name)}"[:max_len]


def unique_slugs(names: Iterable[object], *, max_len: int = MAX_LEN) -> dict[object, str]:
    """Map each distinct name to a slug that no other name in ``names`` shares.

    Names are processed in sorted order, so the mapping does not depend on input order; the first
    name keeps the plain slug, later ones get ``-<hash>`` of their own name (stable across runs).
    ``"comparison"`` and ``"index"`` are reserved for the cross-outlet report and the index page.
    """
    taken = {"comparison", "index"}
    out: dict[object, str] = {}
    for name in sorted(set(names), key=str):
        slug = slugify(name, max_len=max_len)
        if slug in taken:
            suffix = _short_hash(name)
            slug = f"{slug[: max_len - len(suffix) - 1]}-{suffix}"
        n = 2
        while slug in taken:  # a hash collision on top of a slug collision: count up
            slug = f"{slug[: max_len - len(str(n)) - 1]}-{n}"
            n += 1
        taken.add(slug)
        out[name] = slug
    return out


def safe_child(parent: Path | str, name: str) -> Path:
    """Return ``parent / name`` resolved, raising ``ValueError`` if it would leave ``parent``."""
    root = Path(parent).resolve()
    child = (root / name).resolve()
    if child == root or root not in child.parents:
        raise ValueError(f"refusing to write {name!r} outside {root}")
    return child


def atomic_write(path: Path | str, data: bytes | str) -> Path:
    """Write ``data`` (text as UTF-8) to a temporary file beside ``path``, then move it into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _short_hash(name: object) -> str:
    return hashlib.sha256(str(name).encode("utf-8", "surrogatepass")).hexdigest()[:8]
