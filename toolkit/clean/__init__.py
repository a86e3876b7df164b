"""Cleaning (placeholder until the cleaning module lands): the API other stages code against."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Removal:
    line_no: int
    text: str
    rule: str


@dataclass(frozen=True)
class Cleaned:
    text: str
    removed: list[Removal] = field(default_factory=list)
    title: str | None = None
    byline: str | None = None
    headings: list[str] = field(default_factory=list)


def clean(raw: str) -> Cleaned:
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return Cleaned(text="\n".join(line.strip() for line in lines).strip())


def clean_text(raw: str) -> str:
    return clean(raw).text
