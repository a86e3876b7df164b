"""Turn the bytes of an input file into text, or say plainly why they are not text.

``decode_bytes`` tries, in order: a byte-order mark (UTF-8/16/32); known binary signatures
(``data/file_signatures.csv``); BOM-less UTF-16 recognised by its NUL pattern; strict UTF-8;
UTF-8 with a few stray Windows-1252 bytes (files pasted together from two sources); the charset an
HTML/XML document declares; and finally 8-bit text. That is read as Windows-1252 when it uses the
bytes 0x80-0x9F (curly quotes, dashes) and as Latin-1 otherwise, unless Windows-1250/ISO-8859-2
fits a Central European language clearly better (``data/language_letters.yml``) or the text is in
another script, which charset-normalizer then names. Mojibake (UTF-8 once misread as Windows-1252)
is repaired, and line endings come out as ``\\n``.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections import Counter
from functools import lru_cache
from importlib import resources

import yaml

__all__ = ["UndecodableError", "decode_bytes", "normalize_newlines", "repair_mojibake"]

#: byte-order marks, longest first (the UTF-32-LE mark starts with the UTF-16-LE one)
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: share of control characters (or undecodable bytes) above which decoded "text" is called binary
MAX_CONTROL_SHARE = 0.05
#: BOM-less UTF-16: at least this share of the odd (LE) or even (BE) bytes are NUL, and the other
#: side has at most this many NULs per NUL on that side
UTF16_NUL_SHARE = 0.05
UTF16_OTHER_SIDE_NUL = 0.1
#: share of non-ASCII letters above which 8-bit text is probably not a Western European language
MAX_WESTERN_NON_ASCII_SHARE = 0.25
#: Central European code pages tried against Windows-1252, and how much better one must fit (share
#: of accented letters that one language in ``data/language_letters.yml`` explains) to be chosen
CENTRAL_EUROPEAN_8BIT = (("cp1250", "cp1250"), ("iso8859_2", "iso-8859-2"))
MIN_LANGUAGE_FIT_GAIN = 0.1
WESTERN_8BIT = {"cp1252", "latin_1", "iso8859_15", "ascii", "mac_roman", "cp850", "cp437"}

_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
_NEWLINE_RE = re.compile("\r\n?")
_UTF8_MULTIBYTE_RE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_C1_BYTES_RE = re.compile(rb"[\x80-\x9f]")
_DECLARED_CHARSET_RE = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)
_LETTER_RE = re.compile(r"[^\W\d_]")
# Mojibake: UTF-8 bytes that were once read as Windows-1252 (or Latin-1, for the five bytes cp1252
# leaves undefined), e.g. "â€œ" for "“" and "Ã©" for "é". A lead character then its continuations.
_CONTINUATION_BYTE = {bytes([b]).decode("cp1252", errors="ignore") or chr(b): b for b in range(0x80, 0xC0)}
_CONT = "[" + re.escape("".join(_CONTINUATION_BYTE)) + "]"
_MOJIBAKE_RE = re.compile(f"[\u00c2-\u00df]{_CONT}|[\u00e0-\u00ef]{_CONT}{{2}}|[\u00f0-\u00f4]{_CONT}{{3}}")
_MOJIBAKE_LEAD_RE = re.compile("[\u00c2-\u00f4]")  # the first character of every _MOJIBAKE_RE match
#: what a repaired sequence may decode to: Latin-1 and Central European letters, news punctuation,
#: €, ™ and emoji. Anything else ("ß“" would give an N'Ko letter, "É”" an IPA letter) means the
#: characters were genuine, not mojibake.
_REPAIRABLE_RE = re.compile("[\u00a0-\u017f\u2013-\u2026\u2030\u2039\u203a\u20ac\u2122\U0001f300-\U0001faff]")
#: Greek and Cyrillic letters are repaired only in runs (text that is systematically mojibake), since
#: a lone "Î" before a no-break space is more likely French than a Greek "Π".
_REPAIRABLE_IN_RUNS_RE = re.compile("[\u0386-\u03ce\u0400-\u045f]")
MIN_MOJIBAKE_RUN = 3
_NON_ASCII_LETTER_RE = re.compile(r"[^\W\d_\x00-\x7f]")
# an accented letter, or a Latin-1 symbol inside a word ("Pary¿u": Polish "Paryżu" misread)
_ACCENTED_RE = re.compile(r"[^\W\d_\x00-\x7f]|(?<=[^\W\d_])[\u00a0-\u00bf\u00d7\u00f7](?=[^\W\d_])")
_C1_CHARS_RE = re.compile("[\x80-\x9f]")


class UndecodableError(ValueError):
    """The bytes are not text (an image, archive, document or other binary file)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _cp1252_fallback(error: UnicodeDecodeError) -> tuple[str, int]:
    """Codec error handler: read bytes that are not UTF-8 as Windows-1252 instead."""
    bad = error.object[error.start : error.end]
    return bad.decode("cp1252", errors="replace"), error.end


codecs.register_error("toolkit.cp1252_fallback", _cp1252_fallback)


@lru_cache(maxsize=1)
def _signatures() -> tuple[tuple[int, bytes, str], ...]:
    """Binary signatures from ``data/file_signatures.csv`` as (offset, bytes, name)."""
    text = resources.files("toolkit").joinpath("data/file_signatures.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return tuple((int(row["offset"]), bytes.fromhex(row["hex"]), row["name"]) for row in rows)


def normalize_newlines(text: str) -> str:
    """Windows (CRLF) and old Mac (CR) line endings → ``\\n``."""
    return _NEWLINE_RE.sub("\n", text)


def _undo_mojibake(sequence: str) -> str | None:
    data = bytes([ord(sequence[0])]) + bytes(_CONTINUATION_BYTE[char] for char in sequence[1:])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _mojibake_matches(text: str):
    """What ``_MOJIBAKE_RE.finditer(text)`` yields, tried only where a lead character stands: a
    scan for one character class is several times faster than trying the pattern everywhere."""
    end = 0
    for lead in _MOJIBAKE_LEAD_RE.finditer(text):
        if lead.start() >= end and (match := _MOJIBAKE_RE.match(text, lead.start())):
            end = match.end()
            yield match


def repair_mojibake(text: str) -> tuple[str, int]:
    """Undo UTF-8 text that was decoded as Windows-1252 ("â€œ" → "“", "Ã©" → "é"): (text, repairs made).

    Only sequences that decode to ordinary letters or news punctuation are replaced (Greek and
    Cyrillic only where at least ``MIN_MOJIBAKE_RUN`` of them occur), so genuine text such as
    "Straße“" or "CAFÉ”" is left alone.
    """
    matches = [(match, _undo_mojibake(match.group())) for match in _mojibake_matches(text)]
    in_runs = sum(1 for _, fixed in matches if fixed and _REPAIRABLE_IN_RUNS_RE.fullmatch(fixed))
    parts, end, repairs = [], 0, 0
    for match, fixed in matches:
        if fixed and (
            _REPAIRABLE_RE.fullmatch(fixed)
            or (in_runs >= MIN_MOJIBAKE_RUN and _REPAIRABLE_IN_RUNS_RE.fullmatch(fixed))
        ):
            parts += [text[end : match.start()], fixed]
            end, repairs = match.end(), repairs + 1
    return "".join(parts) + text[end:], repairs


def _binary_signature(data: bytes) -> str | None:
    for offset, magic, name in _signatures():
        if data[offset : offset + len(magic)] == magic:
            return name
    return None


def _control_share(text: str) -> float:
    return len(_CONTROL_RE.findall(text)) / len(text) if text else 0.0


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when the NUL bytes sit on one side of the byte pairs, as the high bytes
    of ASCII characters do in BOM-less UTF-16 (every other byte in English; spaces and punctuation in
    Greek or Russian), and the bytes decode as UTF-16 without error."""
    half = len(data) // 2
    even_nul, odd_nul = data[0 : 2 * half : 2].count(0), data[1 : 2 * half : 2].count(0)
    if odd_nul >= UTF16_NUL_SHARE * half and even_nul <= UTF16_OTHER_SIDE_NUL * odd_nul:
        encoding = "utf-16-le"
    elif even_nul >= UTF16_NUL_SHARE * half and odd_nul <= UTF16_OTHER_SIDE_NUL * even_nul:
        encoding = "utf-16-be"
    else:
        return None
    try:
        data[: 2 * half].decode(encoding)
    except UnicodeDecodeError:
        return None
    return encoding


def _declared_charset(data: bytes) -> str | None:
    """Python codec name of a charset declared in an HTML ``<meta>`` or XML prolog, if known."""
    head = data[:4096]
    if b"<" not in head:
        return None
    match = _DECLARED_CHARSET_RE.search(head)
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None


def _mostly_ascii_letters(text: str) -> bool:
    letters = len(_LETTER_RE.findall(text))
    return not letters or len(_NON_ASCII_LETTER_RE.findall(text)) / letters <= MAX_WESTERN_NON_ASCII_SHARE


@lru_cache(maxsize=1)
def _language_letters() -> dict[str, tuple[frozenset[str], ...]]:
    """Accented-letter inventories of western and central languages, from ``data/language_letters.yml``."""
    text = resources.files("toolkit").joinpath("data/language_letters.yml").read_text(encoding="utf-8")
    groups = yaml.safe_load(text)
    return {group: tuple(frozenset(letters) for letters in groups[group].values()) for group in groups}


def _language_fit(text: str, group: str) -> float:
    """Share of the text's accented letters (and symbols inside words) that one language explains."""
    counts = Counter(char.lower() for char in _ACCENTED_RE.findall(text))
    total = sum(counts.values())
    if not total:
        return 1.0
    inventories = _language_letters()[group]
    return max(sum(n for char, n in counts.items() if char in letters) for letters in inventories) / total


def _guess_8bit(data: bytes) -> tuple[str, str]:
    """8-bit text: Windows-1252 if it uses 0x80-0x9F, else Latin-1; a Central European code page when
    it fits a language clearly better; charset-normalizer for non-Latin scripts."""
    encoding = "cp1252" if _C1_BYTES_RE.search(data) else "latin-1"
    text = data.decode(encoding, errors="replace")
    if _mostly_ascii_letters(text):
        best, threshold = (text, encoding), _language_fit(text, "western") + MIN_LANGUAGE_FIT_GAIN
        for codec, name in CENTRAL_EUROPEAN_8BIT:
            try:
                alternative = data.decode(codec)
            except UnicodeDecodeError:
                continue
            fit = _language_fit(alternative, "central")
            if fit > threshold and not _C1_CHARS_RE.search(alternative):
                best, threshold = (alternative, name), fit
        return best
    from charset_normalizer import from_bytes

    try:
        guess = from_bytes(data).best()
    except Exception:  # charset-normalizer is a heuristic; any failure just means "no better guess"
        guess = None
    if guess is None or codecs.lookup(guess.encoding).name in WESTERN_8BIT:
        return text, encoding
    return str(guess), codecs.lookup(guess.encoding).name


def _decode_unchecked(data: bytes) -> tuple[str, str]:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            codec = "utf-8" if encoding == "utf-8-sig" else encoding
            return data[len(bom) :].decode(codec, errors="replace"), encoding
    kind = _binary_signature(data)
    if kind:
        raise UndecodableError(f"binary content ({kind})")
    if b"\x00" in data:
        encoding = _utf16_without_bom(data)
        if encoding is None:
            raise UndecodableError("binary content (contains NUL bytes, which text files do not)")
        return data[: len(data) // 2 * 2].decode(encoding, errors="replace"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    n_valid = len(_UTF8_MULTIBYTE_RE.findall(data))
    n_invalid = data.decode("utf-8", errors="replace").count("\ufffd")
    if n_valid and n_valid >= n_invalid:
        return data.decode("utf-8", errors="toolkit.cp1252_fallback"), "utf-8+cp1252"
    declared = _declared_charset(data)
    if declared and declared not in WESTERN_8BIT and declared != "utf_8":
        try:
            return data.decode(declared), declared
        except (UnicodeDecodeError, LookupError):
            pass
    return _guess_8bit(data)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode an input file's bytes: ``(text, encoding name)``, line endings normalised to ``\\n``.

    Mojibake already in the text (UTF-8 once misread as Windows-1252) is repaired, and the encoding
    name then ends in ``+mojibake-repaired``.

    Raises ``UndecodableError`` with a plain-English ``reason`` when the bytes are binary: a known
    file signature (PNG, PDF, ZIP, …), NUL bytes outside UTF-16, or too many control characters.
    """
    text, encoding = _decode_unchecked(bytes(data))
    text, repairs = repair_mojibake(text.removeprefix("\ufeff"))
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise UndecodableError("binary content (too many control characters to be text)")
    return normalize_newlines(text), f"{encoding}+mojibake-repaired" if repairs else encoding
