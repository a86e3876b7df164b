"""Text normalisation that never changes words.

What it does, per line:

* CRLF / CR → LF (so a "line" is what ``raw.replace("\\r\\n", "\\n").replace("\\r", "\\n").split("\\n")``
  gives; ``line_no`` everywhere in the cleaning stage indexes that list);
* HTML character references with a closing ``;`` are decoded (``&amp;`` ``&nbsp;`` ``&#8217;``
  ``&#x2019;``); doubly escaped ones (``&amp;amp;``, ``&amp;#8217;``) are decoded in the same pass.
  Legacy references without ``;`` are left alone (``?a=1&para=2`` keeps its words);
* stray markup is stripped: tags (``<p>``, ``</div>``, ``<br/>``, ``<a href="…">``) and ``<!-- … -->``
  comments; a ``<`` that does not open a tag (``a < b``) stays;
* no-break and other Unicode spaces → a plain space; zero-width characters, bidi controls, the BOM
  and other control characters are removed; runs of spaces are collapsed and each line is stripped.

Curly quotes and apostrophes are kept as they are: the quote engine needs ``“ ” ‘ ’`` distinct from
``" '``. Every step is a single left-to-right regex pass, so the cost is linear in the input.
"""

from __future__ import annotations

import html
import re

__all__ = ["split_lines", "normalize_line", "normalize_lines", "strip_markup", "decode_entities"]

# &name; &#123; &#x1F; with any number of leading "amp;" (double escaping: &amp;amp;lt; → <).
_ENTITY = re.compile(
    r"&(?:amp;|#0*38;|#[xX]0*26;)*"
    r"(?:(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)?"
)
# An HTML tag: a known element name (or a custom element, which has a hyphen) and well-formed
# attributes. "<The Palace: Tale of Jang Noksu>" and "a < b > c" are text, not markup. Every
# repeat is bounded and the alternatives are disjoint, so scanning is linear.
_ELEMENTS = (
    "a abbr address area article aside audio b base bdi bdo blockquote body br button canvas "
    "caption center cite code col colgroup data datalist dd del details dfn dialog div dl dt em "
    "embed fieldset figcaption figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head header "
    "hgroup hr html i iframe img input ins kbd label legend li link main map mark menu meta meter "
    "nav noscript object ol optgroup option output p param picture pre progress q rp rt ruby s "
    "samp script section select small source span strike strong style sub summary sup svg table "
    "tbody td template textarea tfoot th thead time title tr track tt u ul var video wbr path g"
)
_ATTRS = r"""(?:\s{1,20}[\w:@.-]{1,60}(?:\s{0,5}=\s{0,5}(?:"[^"<>]{0,2000}"|'[^'<>]{0,2000}'|[^\s"'<>=`]{1,2000}))?){0,60}"""
_ELEMENT_NAMES = frozenset(_ELEMENTS.split())
_TAG = re.compile(
    r"</?([A-Za-z][A-Za-z0-9]{0,30}(?:-[A-Za-z0-9-]{1,40})?)(?![\w-])" + _ATTRS + r"\s{0,20}/?>"
    r"|<![A-Za-z][^<>]{0,2000}>"
)


def is_tag(match: re.Match) -> bool:
    """Whether a ``_TAG`` match is markup: a known element, a custom element, or a declaration."""
    name = match.group(1)
    return name is None or "-" in name or name.lower() in _ELEMENT_NAMES
# Inline elements vanish without a trace (``Zel<b>en</b>sky`` stays one word); any other tag
# (p, div, br, li, td, …) separates the text on either side by a space.
_INLINE = frozenset(
    "a abbr b bdi bdo cite code data dfn em font i kbd mark q s samp small span strong sub sup "
    "time tt u var wbr".split()
)
_COMMENT_OPEN = "<!--"
_COMMENT_CLOSE = "-->"

# Characters removed outright: zero-width (ZWSP, ZWNJ, ZWJ, word joiner, invisible operators),
# BOM, soft hyphen, bidi embeddings/overrides/isolates/marks, C0/C1 controls except tab.
_DROP_CHARS = (
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\u00ad\u180e"
    "\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f"
)
_DROP = re.compile(f"[{_DROP_CHARS}]")
# Whitespace of every kind (NBSP, narrow NBSP, en/em spaces, ideographic space, tab, vertical tab,
# form feed, NEL and the Unicode line/paragraph separators, which must not split a line either, and
# a stray CR/LF if a caller passes more than one line) → one plain space.
_OTHER_SPACES = "\t\n\r\x0b\x0c\x85\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_SPACE = re.compile(f"[{_OTHER_SPACES} ]+")
_OTHER_SPACE = re.compile(f"[{_OTHER_SPACES}]")  # a line without these or "  " needs no folding
# a line with none of these (most lines of a plain text) only needs stripping: one search decides
_NEEDS_WORK = re.compile(f"[<&{_DROP_CHARS}{_OTHER_SPACES}]|  ")


def split_lines(raw: str) -> list[str]:
    """The input's lines: CRLF and lone CR count as line ends, nothing else does."""
    return raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _entity(match: re.Match) -> str:
    name = match.group(1)
    if name is None:
        return "&"
    # an unknown name comes back unchanged ("&foo;"), its escaped ampersands decoded
    return html.unescape(f"&{name};")


def decode_entities(text: str) -> str:
    """Decode ``&…;`` character references (one pass, double escaping included)."""
    if "&" not in text:
        return text
    return _ENTITY.sub(_entity, text)


def _strip_comments(text: str) -> str:
    if _COMMENT_OPEN not in text:
        return text
    out = []
    pos = 0
    while True:
        start = text.find(_COMMENT_OPEN, pos)
        if start < 0:
            break
        end = text.find(_COMMENT_CLOSE, start + 4)
        if end < 0:  # an unclosed comment: nothing after it can close one either
            break
        out.append(text[pos:start])
        out.append(" ")
        pos = end + 3
    out.append(text[pos:])
    return "".join(out)


def _tag(match: re.Match) -> str:
    if not is_tag(match):  # "<The Palace: Tale of Jang Noksu>": text in angle brackets
        return match.group(0)
    name = match.group(1)
    return "" if name is not None and name.lower() in _INLINE else " "


def strip_markup(text: str) -> str:
    """Remove HTML comments and tags; the text between them stays."""
    if "<" not in text:
        return text
    return _TAG.sub(_tag, _strip_comments(text))


def normalize_line(line: str) -> str:
    """One line, normalised: entities decoded, markup stripped, spaces folded, stripped.

    The result is a fixed point for realistic input: decoding can reveal markup (``&lt;p&gt;``) and
    removing a tag or an invisible character can join an entity, so the steps are repeated until
    nothing changes (at most four rounds, each linear)."""
    if _NEEDS_WORK.search(line) is None:
        return line.strip()
    text = line
    for _ in range(4):
        before = text
        text = _DROP.sub("", text)
        if "<" in text:
            text = strip_markup(text)
        if "&" in text:
            text = decode_entities(text)
        if text == before:
            break
    if "  " in text or _OTHER_SPACE.search(text):
        text = _SPACE.sub(" ", text)
    return text.strip()


def normalize_lines(raw: str) -> list[str]:
    """All lines of ``raw``, each normalised; the list is as long as :func:`split_lines` gives."""
    return [normalize_line(line) for line in split_lines(raw)]
