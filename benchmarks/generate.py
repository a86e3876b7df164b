"""Synthetic corpora for benchmarks: realistic articles recombined from the demo corpus.

``python -m benchmarks.generate N OUTDIR [--seed S] [--format folder|jsonl|parquet]``

Each article samples paragraphs from the five ``seeds/`` articles, swaps actors' names for others
from ``benchmarks/generator.yml`` (consistently within the article), picks one of 20 outlets, aims
at a length between 200 and 2,000 words and wraps the text in page furniture (ADVERTISEMENT,
newsletter and comment footers) so the cleaning stage has real work to do. Article ``i`` depends
only on ``(seed, i)``, so output is deterministic and articles are written one at a time: memory
stays flat however large ``N`` is.

Output formats: ``folder`` (one ``.txt`` per article plus ``manifest.csv``), ``jsonl`` and
``parquet`` (Media-Cloud-style rows: ``stories_id, media_name, publish_date, title, url, text``).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import math
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from toolkit.slug import slugify

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
VOCABULARY = Path(__file__).with_name("generator.yml")
FORMATS = ("folder", "jsonl", "parquet")
MIN_WORDS, MAX_WORDS = 200, 2000
MIN_PARAGRAPH_WORDS = 15  # shorter seed lines are headings or furniture, not paragraphs
FIRST_DATE = dt.date(2025, 9, 1)
PARQUET_BATCH = 1000
COLUMNS = ("stories_id", "media_name", "publish_date", "title", "url", "text")


@dataclass(frozen=True)
class _Actor:
    pattern: re.Pattern[str]  # matches "First Surname" or "Surname"
    alternates: tuple[str, ...]


@dataclass(frozen=True)
class Material:
    """What articles are built from: seed paragraphs and headings plus the vocabulary file."""

    paragraphs: tuple[str, ...]
    headings: tuple[str, ...]
    actors: tuple[_Actor, ...]
    outlets: tuple[str, ...]
    bylines: tuple[str, ...]
    boilerplate: dict[str, tuple[str, ...]]


def load_material(seeds: Path = SEEDS, vocabulary: Path = VOCABULARY) -> Material:
    """Split the seed articles into paragraphs and headings and read the generator vocabulary."""
    paragraphs, headings = set(), set()
    for path in sorted(seeds.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = " ".join(line.split())
            if not line or "<" in line:  # skip blank lines and pasted HTML
                continue
            n = len(line.split())
            if n >= MIN_PARAGRAPH_WORDS:
                paragraphs.add(line)
            elif 4 <= n <= 12 and line[-1] not in ".:!?" and not line.startswith("By "):
                headings.add(line)
    vocab = yaml.safe_load(vocabulary.read_text(encoding="utf-8"))
    actors = tuple(
        _Actor(
            pattern=re.compile(
                rf"\b(?:(?P<first>{re.escape(a['first'])})\s+)?(?:{'|'.join(map(re.escape, a['surnames']))})\b"
            ),
            alternates=tuple(a["alternates"]),
        )
        for a in vocab["actors"]
    )
    return Material(
        paragraphs=tuple(sorted(paragraphs)),
        headings=tuple(sorted(headings)),
        actors=actors,
        outlets=tuple(vocab["outlets"]),
        bylines=tuple(vocab["bylines"]),
        boilerplate={part: tuple(lines) for part, lines in vocab["boilerplate"].items()},
    )


def make_article(i: int, material: Material, *, seed: int = 0) -> dict:
    """Return article ``i`` as a Media-Cloud-style record; it depends only on ``(seed, i)``."""
    rng = random.Random(f"{seed}:{i}")
    outlet = rng.choice(material.outlets)
    title = rng.choice(material.headings)
    target = round(math.exp(rng.uniform(math.log(MIN_WORDS), math.log(MAX_WORDS))))
    body, n_words = [], 0
    while n_words < target:
        paragraph = rng.choice(material.paragraphs)
        if n_words + len(paragraph.split()) > MAX_WORDS:
            break
        body.append(paragraph)
        n_words += len(paragraph.split())
        if rng.random() < 0.08:
            body.append(rng.choice(material.headings))
    text = "\n\n".join(body)
    for actor in material.actors:
        text = actor.pattern.sub(_renamer(rng.choice(actor.alternates)), text)
    furniture = material.boilerplate
    lines = [*rng.sample(furniture["header"], k=rng.randint(0, 2)), title]
    if rng.random() < 0.6:
        lines.append(f"By {rng.choice(material.bylines)}")
    paragraphs = text.split("\n\n")
    if len(paragraphs) > 3 and rng.random() < 0.5:
        cut = rng.randint(1, len(paragraphs) - 1)
        paragraphs.insert(cut, rng.choice(furniture["middle"]))
    lines += paragraphs
    lines += rng.sample(furniture["footer"], k=rng.randint(1, 3))
    page = "\n\n".join(lines).replace("{outlet}", outlet).replace("{title}", title)
    date = FIRST_DATE + dt.timedelta(days=rng.randint(0, 29))
    return {
        "stories_id": i + 1,
        "media_name": outlet,
        "publish_date": date.isoformat(),
        "title": title,
        "url": f"https://{slugify(outlet)}.example/{date:%Y/%m/%d}/{i + 1}-{slugify(title, max_len=40)}",
        "text": page + "\n",
    }


def _renamer(full_name: str):
    surname = full_name.split()[-1]
    return lambda m: full_name if m.group("first") else surname


def articles(n: int, *, seed: int = 0, material: Material | None = None) -> Iterator[dict]:
    """Yield ``n`` articles one at a time."""
    material = material or load_material()
    for i in range(n):
        yield make_article(i, material, seed=seed)


def write_corpus(n: int, out_dir: Path | str, *, seed: int = 0, fmt: str = "folder") -> Path:
    """Write ``n`` articles to ``out_dir`` in ``fmt``; return the path to load (folder or file)."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    stream = articles(n, seed=seed)
    if fmt == "folder":
        return _write_folder(stream, out)
    if fmt == "jsonl":
        path = out / "stories.jsonl"
        with path.open("w", encoding="utf-8") as f:
            for record in stream:
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
        return path
    return _write_parquet(stream, out / "stories.parquet")


def _write_folder(stream: Iterator[dict], out: Path) -> Path:
    with (out / "manifest.csv").open("w", encoding="utf-8", newline="") as f:
        manifest = csv.writer(f)
        manifest.writerow(["file", "outlet", "title", "date", "url", "language"])
        for record in stream:
            name = f"{record['stories_id']:07d}_{slugify(record['media_name'], max_len=30)}.txt"
            (out / name).write_text(record["text"], encoding="utf-8")
            manifest.writerow(
                [name, record["media_name"], record["title"], record["publish_date"], record["url"], "en"]
            )
    return out


def _write_parquet(stream: Iterator[dict], path: Path) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema(
        [("stories_id", pa.int64())] + [(name, pa.string()) for name in COLUMNS[1:]]
    )
    with pq.ParquetWriter(path, schema) as writer:
        batch: list[dict] = []
        for record in stream:
            batch.append(record)
            if len(batch) == PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch = []
        if batch:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--format", choices=FORMATS, default="folder")
    args = parser.parse_args(argv)
    path = write_corpus(args.n, args.out_dir, seed=args.seed, fmt=args.format)
    print(f"wrote {args.n} articles to {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
