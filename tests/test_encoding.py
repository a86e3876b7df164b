"""decode_bytes: every encoding a news archive throws at us, and binary files refused with a reason."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.encoding import UndecodableError, decode_bytes, normalize_newlines, repair_mojibake

ARTICLE = (
    "“We will not retreat,” the minister said – and the café in Zürich stayed open.\n"
    "‘Robust peace’ was the phrase of the day… The talks cost €2m."
)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (ARTICLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + ARTICLE.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be"), "utf-16-be"),
        (ARTICLE.encode("utf-16-le"), "utf-16-le"),
        (ARTICLE.encode("utf-16-be"), "utf-16-be"),
        (codecs.BOM_UTF32_LE + ARTICLE.encode("utf-32-le"), "utf-32-le"),
        (ARTICLE.encode("cp1252"), "cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le", "utf16be", "utf32le-bom", "cp1252"],
)
def test_each_encoding_decodes_to_the_same_text(data, encoding):
    assert decode_bytes(data) == (ARTICLE, encoding)


def test_written_file_round_trip(tmp_path):
    for codec in ("utf-8", "utf-8-sig", "utf-16", "cp1252"):
        path = tmp_path / f"{codec}.txt"
        path.write_text(ARTICLE, encoding=codec)
        assert decode_bytes(path.read_bytes())[0] == ARTICLE


def test_cp1252_punctuation_is_not_mojibake():
    text, encoding = decode_bytes(b"\x93We will not retreat,\x94 the minister said \x96 firmly.")
    assert encoding == "cp1252"
    assert text == "“We will not retreat,” the minister said – firmly."
    assert "â€" not in text and "\x93" not in text


def test_latin1_without_cp1252_bytes_is_latin1():
    text, encoding = decode_bytes("Le café de Zürich était fermé; über alles.".encode("latin-1"))
    assert (text, encoding) == ("Le café de Zürich était fermé; über alles.", "latin-1")


def test_utf8_with_a_few_stray_cp1252_bytes_keeps_both():
    data = "Zelenskyy’s café".encode() + b" and a pasted \x93quote\x94 from an old file."
    text, encoding = decode_bytes(data)
    assert encoding == "utf-8+cp1252"
    assert text == "Zelenskyy’s café and a pasted “quote” from an old file."


def test_non_western_8bit_text_is_recognised():
    russian = "Президент Франции заявил, что Европа готова предоставить гарантии безопасности Украине."
    text, encoding = decode_bytes(russian.encode("cp1251"))
    assert text == russian
    assert encoding == "cp1251"


def test_declared_html_charset_is_used():
    page = '<html><head><meta charset="windows-1251"></head><body>Киев и Париж</body></html>'
    assert decode_bytes(page.encode("cp1251")) == (page, "cp1251")


def test_line_endings_become_lf():
    assert decode_bytes(b"one\r\ntwo\rthree\nfour")[0] == "one\ntwo\nthree\nfour"
    assert normalize_newlines("a\r\n\r\nb\r") == "a\n\nb\n"


def test_empty_and_bom_only_input():
    assert decode_bytes(b"") == ("", "utf-8")
    assert decode_bytes(codecs.BOM_UTF8) == ("", "utf-8-sig")


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (bytes.fromhex("89504e470d0a1a0a0000000d49484452"), "PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "JPEG image"),
        (b"GIF89a\x01\x00\x01\x00", "GIF image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP archive"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "GZIP archive"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "old Microsoft Office document"),
    ],
)
def test_binary_signatures_are_named(data, kind):
    with pytest.raises(UndecodableError) as caught:
        decode_bytes(data + b"\x00" * 64)
    assert caught.value.reason.startswith(f"binary content ({kind}")
    assert str(caught.value) == caught.value.reason


def test_nul_bytes_outside_utf16_are_binary():
    with pytest.raises(UndecodableError, match="NUL"):
        decode_bytes(b"An article\x00\x00\x01 with a binary tail \x00\xff\x00\x10")


def test_control_characters_are_binary():
    with pytest.raises(UndecodableError, match="control characters"):
        decode_bytes(bytes(range(1, 9)) * 20 + b"some text")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600))
def test_arbitrary_bytes_decode_or_raise_undecodable(data):
    try:
        text, encoding = decode_bytes(data)
    except UndecodableError as error:
        assert error.reason.startswith("binary content")
        return
    assert isinstance(text, str) and isinstance(encoding, str)
    assert "\r" not in text


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffd"),
        min_size=1,
        max_size=300,
    )
)
def test_any_utf8_text_round_trips(text):
    expected, repairs = repair_mojibake(text.removeprefix("\ufeff"))
    assert decode_bytes(text.encode("utf-8")) == (expected, "utf-8+mojibake-repaired" if repairs else "utf-8")


@pytest.mark.parametrize(
    ("broken", "repaired"),
    [
        (
            "â€œWe will not retreat,â€\x9d the minister said â€“ firmly.",
            "“We will not retreat,” the minister said – firmly.",
        ),
        ("Zelenskyyâ€™s cafÃ© in GuantÃ¡namo costs Â£5", "Zelenskyy’s café in Guantánamo costs £5"),
        ("FranÃ§ois said: Ã€ bientôt", "François said: À bientôt"),
        ("ÐŸÑ€Ð¸Ð²ÐµÑ‚", "Привет"),
    ],
)
def test_mojibake_is_repaired(broken, repaired):
    assert decode_bytes(broken.encode("utf-8")) == (repaired, "utf-8+mojibake-repaired")


@pytest.mark.parametrize(
    "genuine",
    [
        "„Straße“ und „Maß“ sind Wörter.",
        "SÃO PAULO — Ação e reação",
        "Ångström, Øresund, þorn, Ð",
        "Привет, мир",
        "“CAFÉ” and “DÉJÀ VU…”",
        "ÎLE-DE-FRANCE\u00a0: Î\u00a0»",
    ],
)
def test_genuine_text_is_not_repaired(genuine):
    assert decode_bytes(genuine.encode("utf-8")) == (genuine, "utf-8")


WESTERN = {
    "fr": "Les dirigeants européens se sont réunis jeudi à Paris pour discuter des garanties de sécurité.",
    "de": "Die europäischen Staats- und Regierungschefs berieten über Sicherheitsgarantien für die Ukraine.",
    "pt": "Os líderes europeus reuniram-se em Paris para discutir as garantias de segurança para a Ucrânia.",
    "is": "Evrópskir leiðtogar hittust í París á fimmtudag til að ræða öryggistryggingar fyrir Úkraínu.",
}
CENTRAL = {
    "pl": "Przywódcy europejscy spotkali się w czwartek w Paryżu, aby omówić gwarancje bezpieczeństwa.",
    "cs": "Evropští lídři se ve čtvrtek sešli v Paříži, aby projednali bezpečnostní záruky pro Ukrajinu.",
    "hu": "Az európai vezetők csütörtökön Párizsban találkoztak, hogy megvitassák a garanciákat.",
}


@pytest.mark.parametrize("language", sorted(WESTERN))
def test_western_8bit_text_stays_western(language):
    text = WESTERN[language]
    assert decode_bytes(text.encode("latin-1")) == (text, "latin-1")
    assert decode_bytes((text + " – “ok”").encode("cp1252")) == (text + " – “ok”", "cp1252")


@pytest.mark.parametrize("language", sorted(CENTRAL))
@pytest.mark.parametrize("codec", ["cp1250", "iso8859_2"])
def test_central_european_8bit_text_is_recognised(language, codec):
    text, encoding = decode_bytes(CENTRAL[language].encode(codec))
    assert text == CENTRAL[language]
    assert encoding in ("cp1250", "iso-8859-2")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize(
    "text",
    [
        "Президент Франции заявил, что Европа готова предоставить гарантии безопасности.",
        "Οι Ευρωπαίοι ηγέτες συναντήθηκαν στο Παρίσι την Πέμπτη.",
    ],
)
def test_bom_less_utf16_in_other_scripts(codec, text):
    assert decode_bytes(text.encode(codec)) == (text, codec)
