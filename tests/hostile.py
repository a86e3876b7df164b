"""A hostile corpus folder: every encoding, binary files in disguise, empty files, invisible
characters, a 1 MB single-line article, a broken manifest and outlet names that try to be code or paths.

``write_hostile_corpus(folder)`` writes it and returns what loading must make of each input, keyed
by the ``doc_id`` it gets: ``status``, a fragment of ``reason`` (or None), the ``path``, the
``outlet`` (for rows whose outlet the manifest gives) and strings the loaded ``text`` must contain.
"""

from __future__ import annotations

import codecs
import io
import zipfile
from pathlib import Path

QUOTE = "“We will not retreat,” the minister said."
INJECTION = "x'); import os; os.system('touch PWNED') #"
TRAVERSAL = "../../etc/evil"
SCRIPT = "<script>alert(1)</script>"

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x1f\x15\xc4\x89" * 8
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("article.txt", "This is an article inside an archive.")
    return buffer.getvalue()


def _article(extra: str) -> str:
    """A short news-like text with a quotation, made distinct by ``extra`` so no two are duplicates."""
    return (
        f"{QUOTE}\nThe talks in Paris continued on Thursday as {extra}.\n"
        "Officials said a further meeting would be held next week."
    )


def _long_line() -> str:
    """About 1 MB of varied prose on a single line."""
    words = "security guarantees coalition leaders summit ceasefire talks troops".split()
    sentences = [
        f"Delegation {n} discussed {words[n % 8]} and {words[(n * 3) % 8]} with envoy {n * 7919 % 10007}."
        for n in range(15000)
    ]
    return " ".join(sentences)


HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Leaders meet in Paris</title></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Leaders meet in Paris</h1>
<p>European leaders met in Paris on Thursday to discuss security guarantees for Ukraine after a
ceasefire, with up to thirty countries taking part in person or by video link.</p>
<p>“We are ready to provide security guarantees,” the French president told reporters at the
Elysee Palace, adding that the coalition would finalise its plans within weeks.</p>
<p>The meeting brought together the leaders of France, Britain and Germany, as well as several other
members of the NATO alliance, and officials said a further session was planned.</p>
</article><footer>Copyright 2025 Example News. All rights reserved.</footer></body></html>
"""


def write_hostile_corpus(folder) -> dict[str, dict]:
    """Write the hostile corpus into ``folder`` and return the expectations, keyed by doc_id."""
    folder = Path(folder)
    (folder / "sub").mkdir(parents=True, exist_ok=True)
    files: dict[str, bytes] = {
        "utf8.txt": _article("the UTF-8 file says: café, naïve, Zürich").encode("utf-8"),
        "utf8_bom.txt": codecs.BOM_UTF8 + _article("the BOM file says: déjà vu").encode("utf-8"),
        "utf16le_bom.txt": codecs.BOM_UTF16_LE + _article("little-endian: Ελλάδα").encode("utf-16-le"),
        "utf16be_bom.txt": codecs.BOM_UTF16_BE + _article("big-endian: Київ").encode("utf-16-be"),
        "cp1252.txt": _article("Windows text – with an en dash and ‘single quotes’").encode("cp1252"),
        "latin1.txt": (
            '"Nous ne reculerons pas", a déclaré le ministre à Paris.\n'
            "Le café de Zürich était fermé, über alles, à côté de la gare."
        ).encode("latin-1"),
        "line_endings.txt": b"First line ends CRLF.\r\nSecond line ends CR.\rThird line ends LF.\nLast line.",
        "image.txt": PNG,
        "document.txt": PDF,
        "archive.txt": _zip_bytes(),
        "empty.txt": b"",
        "whitespace.txt": b"  \n\t \r\n   \n",
        "page.html": HTML.encode("utf-8"),
        "zero_width.txt": (
            "The mini\u200bster said the gov\u200dern\u2060ment would act. "
            "Ne\u202egoti\u202cations con\u200etinued in Paris on Thursday."
        ).encode("utf-8"),
        "long_line.txt": _long_line().encode("utf-8"),
        "unclosed_quote.txt": "The spokesman said: “We will respond in kind. Talks went on all night.".encode(),
        "not_listed.txt": _article("this file is missing from the manifest").encode("utf-8"),
        "scan.png": PNG,
        "notes.docx": _zip_bytes(),
        "sub/nested.txt": _article("a file in a subfolder").encode("utf-8"),
        ".hidden.txt": b"Hidden files are not inputs.",
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    manifest = (
        "file,outlet,title,topic\n"
        f'utf8.txt,"{INJECTION}",Plain UTF-8,security\n'
        f"utf8_bom.txt,{TRAVERSAL},,security\n"
        f"utf16le_bom.txt,{SCRIPT},,\n"
        'utf16be_bom.txt,"Newline\nOutlet",,\n'
        "cp1252.txt,Windows Weekly,,\n"
        "latin1.txt,Gazette,,\n"
        "line_endings.txt,Gazette,,\n"
        "image.txt,Gazette,,\n"
        "document.txt,Gazette,,\n"
        "archive.txt,Gazette,,\n"
        "empty.txt,Gazette,,\n"
        "whitespace.txt,Gazette,,\n"
        "page.html,Web Daily,,\n"
        "zero_width.txt,Gazette,,\n"
        "long_line.txt,Gazette,,\n"
        "unclosed_quote.txt,Gazette,,\n"
        "sub/nested.txt,Gazette,,\n"
        "missing.txt,Gazette,,\n"
        "utf8.txt,Repeat Times,,\n"
    )
    (folder / "manifest.csv").write_text(manifest, encoding="utf-8")
    return hostile_expectations()


def _loaded(path, outlet=None, contains=()):
    return {"path": path, "status": "loaded", "reason": None, "outlet": outlet, "contains": list(contains)}


def _rejected(path, reason):
    return {"path": path, "status": "rejected", "reason": reason, "outlet": None, "contains": []}


def hostile_expectations() -> dict[str, dict]:
    """What loading the hostile corpus must give, keyed by doc_id."""
    return {
        "utf8": _loaded("utf8.txt", INJECTION, [QUOTE, "café, naïve, Zürich"]),
        "utf8_bom": _loaded("utf8_bom.txt", TRAVERSAL, [QUOTE, "déjà vu"]),
        "utf16le_bom": _loaded("utf16le_bom.txt", SCRIPT, [QUOTE, "Ελλάδα"]),
        "utf16be_bom": _loaded("utf16be_bom.txt", "Newline Outlet", [QUOTE, "Київ"]),
        "cp1252": _loaded("cp1252.txt", "Windows Weekly", [QUOTE, "Windows text – with", "‘single quotes’"]),
        "latin1": _loaded(
            "latin1.txt", "Gazette", ["a déclaré le ministre à Paris", "Zürich était fermé, über"]
        ),
        "line_endings": _loaded("line_endings.txt", "Gazette", ["CRLF.\nSecond", "CR.\nThird", "LF.\nLast"]),
        "image": _rejected("image.txt", "binary content (PNG image)"),
        "document": _rejected("document.txt", "binary content (PDF document)"),
        "archive": _rejected("archive.txt", "binary content (ZIP archive"),
        "empty": _rejected("empty.txt", "empty file"),
        "whitespace": _rejected("whitespace.txt", "only whitespace"),
        "page": _loaded("page.html", "Web Daily", ["We are ready to provide security guarantees"]),
        "zero_width": _loaded(
            "zero_width.txt", "Gazette", ["minister", "government", "Negotiations", "continued"]
        ),
        "long_line": _loaded("long_line.txt", "Gazette", ["Delegation 14999 discussed"]),
        "unclosed_quote": _loaded("unclosed_quote.txt", "Gazette", ["“We will respond in kind."]),
        "not_listed": {**_loaded("not_listed.txt", "unknown", [QUOTE]), "reason": "not in manifest"},
        "scan": _rejected("scan.png", "unsupported file type '.png'"),
        "notes": _rejected("notes.docx", "unsupported file type '.docx'"),
        "sub/nested": _loaded("sub/nested.txt", "Gazette", ["a file in a subfolder"]),
        "missing": _rejected("missing.txt", "listed in manifest but file not found"),
        "utf8-2": _rejected("utf8.txt", "repeated manifest entry"),
    }
