"""Article text from an HTML page: trafilatura finds the main content, then the text cleaning runs.

``extract_html(html) -> str`` never touches the network and never raises: a page with no article
(or bytes that are not HTML at all) gives ``""``. Trafilatura's settings are the ones that measured
best on real news pages (see ``benchmarks/bench_clean.py``): precision-leaning extraction without
comment sections, with its own fallback extractors; if that finds nothing, a recall-leaning pass.
"""

from __future__ import annotations

import logging
import re
import warnings

__all__ = ["extract_html", "clean_html", "html_to_text", "looks_like_html"]

# A page, as the loader decides it too: an HTML doctype or <html> tag first (comments allowed).
_HTML_START = re.compile(r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL)


def looks_like_html(text: str) -> bool:
    """Whether a document is an HTML page rather than text (judged on its first 2 KB)."""
    return isinstance(text, str) and _HTML_START.match(text[:2048]) is not None

_PRECISION = {"favor_precision": True, "include_comments": False, "include_tables": True}
_RECALL = {"favor_recall": True, "include_comments": False, "include_tables": True}
_COMMON = {"output_format": "txt", "with_metadata": False, "deduplicate": False}


def _trafilatura(html: str, options: dict) -> str:
    import trafilatura

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        text = trafilatura.extract(html, **_COMMON, **options)
    return text or ""


def html_to_text(html: str) -> str:
    """The article text trafilatura finds in ``html`` (no cleaning), or "" if it finds none."""
    if not isinstance(html, str) or "<" not in html:
        return ""
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    try:
        text = _trafilatura(html, _PRECISION)
        if not text.strip():
            text = _trafilatura(html, _RECALL)
    except Exception:  # trafilatura/lxml on junk input: no article
        return ""
    return text


def clean_html(html: str):
    """``Cleaned`` for an HTML page: trafilatura's article text, then the text cleaning (its
    ``removed`` line numbers index the lines of the extracted text, not of the page)."""
    from toolkit.clean import Cleaned, clean

    text = html_to_text(html)
    if not text.strip():
        return Cleaned(text="")
    try:
        return clean(text, extracted=True)
    except Exception:  # cleaning is total, but a page must never take the caller down
        return Cleaned(text=text.strip())


def extract_html(html: str) -> str:
    """The cleaned article text of an HTML page ("" when there is none)."""
    return clean_html(html).text
