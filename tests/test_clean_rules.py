"""Cleaning layer 1 (normalisation and the named furniture patterns) on realistic lines."""

from __future__ import annotations

import pytest

from toolkit.clean import clean
from toolkit.clean.normalize import normalize_line, split_lines
from toolkit.clean.rules import byline_name, default_rules, is_html_fragment, load_rules

RULES = default_rules()


# --- normalisation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Zelensky and&nbsp;European leaders", "Zelensky and European leaders"),
        ("Terms &amp; Conditions", "Terms & Conditions"),
        ("AT&amp;amp;T and &amp;#8217;", "AT&T and ’"),
        ("Trump&#8217;s call &#x2014; again", "Trump’s call — again"),
        ("?a=1&para=2&copy", "?a=1&para=2&copy"),  # legacy references without ';' keep their words
        ("&unknownname; stays", "&unknownname; stays"),
        ("Zel<b>en</b>sky <a href=\"/x\" class='y'>said</a><br/>more", "Zelensky said more"),
        ('<div class="paragraphs"><p>One</p><p>Two</p></div>', "One Two"),
        ("<The Palace: Tale of Jang Noksu> opens", "<The Palace: Tale of Jang Noksu> opens"),
        ("if a < b and c > d", "if a < b and c > d"),
        ("text <!-- a comment --> more", "text more"),
        ("an <!-- unclosed comment", "an <!-- unclosed comment"),
        ("no\u00a0break\u202fnarrow\u2009thin", "no break narrow thin"),
        ("zero\u200bwidth\u200d join\ufeff bom\u00ad", "zerowidth join bom"),
        ("bidi \u202bembedded\u202c \u2066isolate\u2069", "bidi embedded isolate"),
        ("  spaced \t out  ", "spaced out"),
        ("“curly” ‘quotes’ and \"straight\" 'ones'", "“curly” ‘quotes’ and \"straight\" 'ones'"),
    ],
)
def test_normalize_line(raw, expected):
    assert normalize_line(raw) == expected
    assert normalize_line(expected) == expected  # a fixed point


def test_line_ends_crlf_cr_lf():
    assert split_lines("a\r\nb\rc\nd") == ["a", "b", "c", "d"]
    assert clean("Title line here\r\n\r\nBody one is a sentence.\rBody two is a sentence.").text == (
        "Title line here\n\nBody one is a sentence.\nBody two is a sentence."
    )


def test_unicode_line_separators_do_not_split_a_line():
    assert normalize_line("one\u2028two\u2029three\x85four") == "one two three four"


# --- named patterns ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rule, lines",
    [
        ("advertisement", ["ADVERTISEMENT", "Advertisement", "Sponsored content", "Story continues below advertisement",
                           "Continue reading below", "[Ad]"]),
        ("ai_summary", ["Show Quick Read", "Summary is AI Generated. Newsroom Reviewed", "Quick Read"]),
        ("newsletter", ["OUR NEWSLETTERS", "Newsletter", "Sign up for our daily briefing newsletter",
                        "Get the latest headlines delivered to your inbox", "Enter your email address:",
                        "Subscribe to our newsletter.", "Please, fill the form to subscribe to our newsletter"]),
        ("terms", ["By signing up you agree to the Terms & Conditions of NDTV Profit",
                   "By clicking Subscribe, you agree to our Terms of Use and Privacy Policy.",
                   "Privacy Policy | Terms of Service", "Terms of Use"]),
        ("cookie", ["We use cookies to improve your experience on our site.",
                    "This website uses cookies to improve your experience while you navigate.",
                    "Accept all cookies", "Learn more or change your cookie preferences."]),
        ("caption", ["Zelensky and Ursula von der Leyen welcomed the plan.(Image: Bloomberg)",
                     "Leaders meet in Paris. (Photo: AP)", "Photo: Damian Dovarganes, AP",
                     "Natalie Naccache | Bloomberg | Getty Images", "Photograph: Tim Robberts/Getty Images",
                     "Spain's Rafael Nadal celebrates a point (AP Photo/Manu Fernandez)",
                     "Photo by Jason Kempin/Getty Images", "© Reuters / David Mercado", "1 / 23",
                     "Back to Gallery"]),
        ("copyright", ["© 2019 CBS Interactive Inc. All Rights Reserved.", "Copyright © 2018 Penske Media",
                       "All rights reserved."]),
        ("related_link", ["Related:", "Related: From Big Bang to Present: Snapshots of Our Universe",
                          "READ MORE: China plague outbreak confirmed", "Read more", "Related Articles",
                          "You may also like...", "Most Popular", "More from Sportsnet", "Also on rt.com",
                          "[Related: Salesforce Dreamforce Keynote]", "Tags: Kristi Noem South Dakota",
                          "Filed Under:Eastern Equine Encephalitis, EEE",
                          "Plane passengers quarantined after BUBONIC PLAGUE outbreak [NEWS]"]),
        ("comment_footer", ["No comments:", "Post a Comment", "Leave a Reply", "Comments", "0 Comments",
                            "10 thoughts on “Business Focus”", "Join the Conversation",
                            "You must log in to post a comment."]),
        ("byline", ["By Aghakazim Guliyev", "By Tess Bonn - 11/19/19 06:56 AM EST",
                    "By Mike Wuerthele and Malcolm Owen", "by Finian Cunningham", "By Sandee LaMotte, CNN",
                    "@catherineshu", "Chris Davies - Nov 19, 2019, 10:31 pm CST", "The Associated Press"]),
        ("share_follow", ["Share this article", "Share", "Tweet", "Facebook", "Share on Facebook",
                          "Follow us on Twitter", "Follow RT on", "Sharing is caring!", "858 shares",
                          "Get short URL", "Like this story? Share it with a friend!"]),
        ("navigation", ["Skip to main content", "Home", "Menu", "Search", "Back to top", "Log In",
                        "Home » Dare to Play »", "News > World > Europe"]),
        ("timestamp", ["November 19, 2019, 9:02 AM", "Nov 18, 2019 @17:19 PM", "13 hours ago",
                       "Published Nov 18, 2019 at 4:07 PM", "2019-11-19T12:48:14Z", "Updated: 10:43, Tue, Nov 19, 2019",
                       "• 2 min read", "Today 12:01 AM"]),
    ],
)
def test_rule_family(rule, lines):
    for line in lines:
        assert RULES.match(normalize_line(line)) == rule, line


@pytest.mark.parametrize(
    "line",
    [
        "French President Emmanuel Macron said 26 countries are prepared to contribute to guarantees.",
        "The story was first reported by Reuters.",
        "Facebook changed its privacy policy last year, prompting outrage among users.",
        "In this article, and in the coming weeks, I’m sharing my approach to online business growth.",
        "By Monday, the Senate had voted to adjourn.",
        "By contrast, the European plan is detailed.",
        "Photographs from the scene show the damage.",
        "Find him on the beach, where he spends his days.",
        "Putin-Zelenskiy Summit",
        "‘Robust Peace’",
        "Central role for the Ukrainian army",
        "Sanctions against Russia",
        "Europe Edges Forward On Ukraine Security Guarantees As US Stalls",
        "Copyright law changed in 2019, the court said.",
        "Published reports said 20 people died.",
        "Comments by the minister drew criticism.",
        "Share prices fell sharply on Tuesday.",
    ],
)
def test_content_lines_match_no_rule(line):
    assert RULES.match(line) is None


def test_label_rules_take_the_next_line():
    cleaned = clean(
        "Europe Edges Forward On Ukraine Security Guarantees\n\n"
        "Leaders pledged security guarantees for Ukraine on Thursday in Paris.\n\n"
        "The plan needs support from Washington, officials said.\n\n"
        "Opinion\nTrump Promises More Weapons For Ukraine, Paid For By Europe\n"
    )
    rules = {r.text: r.rule for r in cleaned.removed}
    assert rules == {"Opinion": "related_link", "Trump Promises More Weapons For Ukraine, Paid For By Europe": "related_link"}


def test_label_keeps_a_following_paragraph():
    text = (
        "Analysis\nThe summit produced pledges but no timetable, and the officials who attended said the "
        "details would take weeks to settle.\nA second paragraph follows with more detail about it."
    )
    assert "The summit produced pledges" in clean(text).text


def test_byline_on_two_lines():
    cleaned = clean(
        "Leaders meet in Paris to discuss Ukraine\nBy\nScott Gordon\n"
        "European leaders met in Paris on Thursday to discuss security guarantees for Ukraine.\n"
        "The meeting ended without a timetable, according to officials who attended it.\n"
    )
    assert cleaned.byline == "Scott Gordon"
    assert [r.rule for r in cleaned.removed] == ["byline", "byline"]


@pytest.mark.parametrize(
    "line, name",
    [
        ("By Aghakazim Guliyev", "Aghakazim Guliyev"),
        ("By Tess Bonn - 11/19/19 06:56 AM EST", "Tess Bonn"),
        ("By Sandee LaMotte, CNN", "Sandee LaMotte"),
        ("Written by Jane van der Berg", "Jane van der Berg"),
        ("By Monday, the Senate had voted", None),
        ("By", None),
        ("@catherineshu", None),
    ],
)
def test_byline_name(line, name):
    assert byline_name(line) == name


def test_html_fragment_line():
    assert is_html_fragment('<div class="paragraphs"><p>Zelensky and&nbsp;von der Leyen.</p></div>')
    assert is_html_fragment("<br/>")
    assert not is_html_fragment("<The Palace: Tale of Jang Noksu>")
    assert not is_html_fragment("Text with <b>bold</b> inside")
    cleaned = clean(
        "Leaders pledged security guarantees for Ukraine on Thursday in Paris.\n"
        '<div class="x"><p>Zelensky welcomed it.(Image: Bloomberg)</p></div>\n'
        "Zelensky welcomed it.(Image: Bloomberg)\n"
        "The plan needs support from Washington, officials said on Friday.\n"
    )
    assert [(r.line_no, r.rule) for r in cleaned.removed] == [(1, "html_fragment"), (2, "caption")]


def test_a_page_of_markup_keeps_its_text():
    page = "\n".join(f"<p>Paragraph {i} of the story says something about the summit in Paris.</p>" for i in range(6))
    text = clean(page).text
    assert text.count("Paragraph") == 6


def test_rules_file_is_data(tmp_path):
    custom = tmp_path / "rules.yml"
    custom.write_text(
        "macros:\n  x: 'promo'\nmy_rule:\n  - '{{x}} code \\w+'\nwith_next_line:\n  teaser:\n    - 'see this'\n",
        encoding="utf-8",
    )
    rules = load_rules(custom)
    assert rules.match("Promo code SAVE10") == "my_rule"
    assert rules.match("Something else") is None
    assert rules.match_label("See this") == "teaser"
    bad = tmp_path / "bad.yml"
    bad.write_text("broken:\n  - '(unclosed'\n", encoding="utf-8")
    with pytest.raises(ValueError, match="broken"):
        load_rules(bad)
    unknown = tmp_path / "unknown.yml"
    unknown.write_text("r:\n  - '{{nope}}'\n", encoding="utf-8")
    with pytest.raises(ValueError, match="nope"):
        load_rules(unknown)


def test_every_rule_name_is_reported():
    assert set(RULES.names) >= {
        "advertisement", "ai_summary", "newsletter", "terms", "cookie", "caption", "copyright",
        "related_link", "comment_footer", "byline", "share_follow", "navigation", "timestamp",
    }


def test_legal_disclaimers_are_terms():
    for line in [
        "*These statements have not been evaluated by the Food and Drug Administration.",
        "Apple logo, Apple TV and iPhone are registered trademarks of Apple Inc.",
        "+Results vary depending on starting point, goals and effort.",
    ]:
        assert RULES.match(line) == "terms", line


def test_end_rules_are_data():
    assert RULES.match_end("Brigit Katz is a freelance writer based in Toronto.") == "author_bio"
    assert RULES.match_end("Keith Bradsher contributed reporting from Hong Kong.") == "credits"
    assert RULES.match_end("The plan is a provider of hope for many.") is None
    assert RULES.match("Brigit Katz is a freelance writer based in Toronto.") is None  # not a line rule


# --- guards: the literal strings that let a paragraph skip the patterns that scan a whole line ------


@pytest.mark.parametrize(
    "pattern, strings",
    [
        (r".{0,400}\((?:image|photo)s?\)", {"(image)", "(images)", "(photo)", "(photos)"}),
        (r".{0,120}all rights reserved\.?.{0,200}", {"all rights reserved"}),
        (r".{0,80}\b(?:learn more|read|see) (?:our |the )?cookies? (?:policy|settings)\b.{0,300}", {"cookie"}),
        (r".{0,400}(?:/|\||·)\s?(?:getty images?|shutterstock)", {"getty image", "shutterstock"}),
        (r".{0,400}(?:/|\||·)\s?(?:ap|afp)", {"/", "|", "·"}),  # a rare sign beats a short word
        (r"(?:[\w.-]{1,30} ){0,3}(?:uses?|sets?) cookies\b.*", {"cookies"}),  # one word beats many
    ],
)
def test_guard_strings_are_read_off_the_pattern(pattern, strings):
    from toolkit.clean.rules import _guard, _parse

    assert _guard(_parse(pattern)) == strings


@pytest.mark.parametrize(
    "pattern",
    [
        r"advertisement\s?[-:|]\s?.{1,80}",  # starts with fixed words: fails at once on prose, no guard
        r".{0,400}(?:[-,]\s?|\()(?:ap|afp)\)?",  # "ap", "," are in most paragraphs: not worth a search
        r"(?-i:[A-Z][\w.'-]{0,30}(?: [A-Z][\w.'-]{0,30}){1,3})\s?[-|,]\s?\d{4}",
    ],
)
def test_no_guard_when_it_would_not_pay(pattern):
    from toolkit.clean.rules import _guard, _parse

    assert _guard(_parse(pattern)) is None


def _reference_rule(line: str, rules) -> str | None:
    """What one plain alternation of every pattern (no tiers, no guards) says: the first rule in
    file order with a pattern that matches the whole line."""
    import re

    from toolkit.clean.rules import MAX_RULE_CHARS

    if not line or len(line) > MAX_RULE_CHARS:
        return None
    for name, patterns in rules.patterns.items():
        if any(re.fullmatch(p, line, re.IGNORECASE) for p in patterns):
            return name
    return None


GUARDED_LINES = [
    "Ukraine's president met European leaders in Paris. (Photo: AP)",
    "Leaders at the summit in Paris on Thursday, September 4, 2025 (AFP via Getty Images)",
    "© 2025 Example Media. All rights reserved.",
    "COPYRIGHT © 2025 EXAMPLE MEDIA. ALL RIGHTS RESERVED.",
    "We may earn a commission when you buy through links on our site.",
    "The European Commission said the plan would take effect next year, officials told reporters.",
    "This website uses cookies to improve your experience. Read our cookie policy for more.",
    "By using this site you agree to our Terms of Use and Privacy Policy.",
    "Macron welcomes Zelensky at the Élysée Palace | Getty Images",
    "Macron welcomes Zelensky / Shutterstock",
    "The opinions expressed here do not necessarily reflect those of the publisher.",
    # case-insensitive matching also pairs ı with i and ſ with s: "ıſtock", "All rıghts reserved"
    "Soldiers on the front line near Pokrovsk, Ukraine / ıſtock",
    "© 2025 Example Media. All rıghts reſerved.",
    "Photo illustration: İmage by Jane Doe / Shutterstock",
    "Zelensky said Kyiv would keep fighting, and the allies pledged more air defence (Reuters photo)",
]


@pytest.mark.parametrize("line", GUARDED_LINES)
def test_guarded_rules_give_what_one_plain_alternation_gives(line):
    assert RULES.match(line) == _reference_rule(line, RULES)
    assert RULES.match(line.upper()) == _reference_rule(line.upper(), RULES)


def test_every_character_that_matches_a_guard_character_is_caught_after_lower_casing():
    """The guard search looks at the lower-cased line; re's case-insensitive matching also pairs
    characters that lower-casing does not (ı and i, ſ and s; İ lower-cases to two characters).
    Every such character must make the line try all guarded patterns."""
    import re

    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    for alternation in (RULES._line, RULES._next):
        alphabet = {ch for text in alternation._guard_strings for ch in text}
        for ch in alphabet:
            assert ch == ch.lower()
            for other in set(re.findall(re.escape(ch), every, re.IGNORECASE)):
                folded = other.lower()
                assert folded == ch or any(u in folded for u in alternation._unfolded), (ch, other)
