"""extract_html: trafilatura finds the article in a page (no network), then the text cleaning runs."""

from __future__ import annotations

import pandas as pd
import pytest

from toolkit import extract_html
from toolkit.clean import cleaning_audit
from toolkit.clean.html import clean_html, html_to_text, looks_like_html

PARAGRAPHS = [
    "European leaders pledged on Thursday to provide security guarantees for Ukraine once a ceasefire is "
    "agreed, even as Washington gave few details about the role it intends to play in the plan.",
    "French President Emmanuel Macron said twenty-six countries were ready to contribute, including with "
    "troops on the ground, at sea or in the air, after a meeting of the coalition in Paris.",
    "“This force does not want to wage any war against Russia,” Macron told reporters alongside the "
    "Ukrainian president, who called the talks detailed and useful for his country.",
    "The Kremlin has rejected any foreign military presence in Ukraine, and a spokeswoman for the foreign "
    "ministry said Moscow would not discuss the proposal in any form or format at all.",
]

PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Europe pledges guarantees | Example News</title>
<script>var tracking = "do not extract me";</script><style>p {{ color: red; }}</style></head>
<body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/politics">Politics</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<main><article>
<h1>Europe pledges security guarantees for Ukraine</h1>
<p class="byline">By Jane Doe</p>
<figure><img src="a.jpg" alt=""><figcaption>Leaders meet in Paris. (Photo: AP)</figcaption></figure>
<p>{PARAGRAPHS[0]}</p>
<p>{PARAGRAPHS[1]}</p>
<div class="ad">ADVERTISEMENT</div>
<p>READ MORE: Zelensky meets Trump at the White House</p>
<h2>Russian refusal</h2>
<p>{PARAGRAPHS[2].replace("“", "&ldquo;").replace("”", "&rdquo;")}</p>
<p>{PARAGRAPHS[3]}</p>
</article>
<aside><h3>Related stories</h3><ul><li><a href="/a">Macron Hosts Coalition Leaders In Paris</a></li>
<li><a href="/b">Zelensky Meets Trump At The White House</a></li></ul></aside>
<section id="comments"><h3>Comments</h3><p>Great article, I agree with every single word of it.</p></section>
</main>
<footer><p>© 2024 Example News. All rights reserved.</p><a href="/privacy">Privacy Policy</a></footer>
</body></html>"""


def test_extract_html_finds_the_article():
    text = extract_html(PAGE)
    for paragraph in PARAGRAPHS:
        assert paragraph in text
    assert "“This force" in text  # entities decoded, curly quotes kept
    for furniture in ["Home", "Politics", "ADVERTISEMENT", "READ MORE", "Macron Hosts", "Great article", "All rights",
                      "tracking"]:
        assert furniture not in text


def test_extract_html_output_is_clean_text():
    text = extract_html(PAGE)
    assert "<" not in text and "&rdquo;" not in text
    assert text == text.strip()


@pytest.mark.parametrize(
    "junk",
    [
        "",
        "   ",
        "plain text, not a page",
        "<html></html>",
        "<html><body></body></html>",
        "<<<>>>" * 1000,
        "\x00\x01\x02 binary \xff\xfe",
        "<html><body><p>" + "x" * 100_000,
        "<!DOCTYPE html><html><head><title>Only a title</title></head><body></body></html>",
        None,
        b"<html><body><p>bytes are not text</p></body></html>",
    ],
)
def test_extract_html_returns_empty_string_on_junk(junk):
    assert isinstance(extract_html(junk), str)
    assert html_to_text(junk) == "" or isinstance(html_to_text(junk), str)


def test_extract_html_on_junk_is_empty():
    assert extract_html("") == ""
    assert extract_html("<html><body></body></html>") == ""
    assert extract_html(None) == ""


def test_clean_html_reports_removals_of_the_extracted_text():
    cleaned = clean_html(PAGE)
    assert cleaned.text == extract_html(PAGE)
    extracted = html_to_text(PAGE).split("\n")
    for removal in cleaned.removed:
        assert extracted[removal.line_no] == removal.text


def test_audit_of_an_html_row_is_the_audit_of_its_article_text():
    assert looks_like_html(PAGE) and not looks_like_html("ADVERTISEMENT\nText")
    corpus = pd.DataFrame([{"doc_id": "p", "outlet": "Example", "status": "loaded", "raw": PAGE}])
    audit = cleaning_audit(corpus)
    expected = [(r.line_no, r.rule, r.text) for r in clean_html(PAGE).removed]
    assert ("related_link", "READ MORE: Zelensky meets Trump at the White House") in [(r, t) for _, r, t in expected]
    assert list(zip(audit["line_no"], audit["rule"], audit["text"], strict=True)) == expected
