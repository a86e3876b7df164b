"""Cleaning layer 2: the general line classifier on whole pages (menus, head, body, tail)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.clean import classify, clean, clean_text
from toolkit.clean.classify import features, is_headline_like, is_prose

BODY = [
    "PARIS — European leaders pledged on Thursday to provide security guarantees for Ukraine once a "
    "ceasefire is agreed, even as Washington gave few details of its own role.",
    "French President Emmanuel Macron said 26 countries were ready to contribute, including with "
    "troops on the ground, at sea or in the air.",
    "Central role for the Ukrainian army",
    "Macron stressed that a strong Ukrainian army must be the basis of all guarantees after the war, "
    "and that the allies would pay to rebuild it.",
    "“We are ready,” he told reporters at the Elysée Palace, adding that the plan was detailed.",
    "Russian refusal",
    "The Kremlin rejected any foreign military presence in Ukraine, a spokeswoman said on Friday.",
]

PAGE = "\n".join(
    [
        "Skip to main content",
        "News",
        "World",
        "Politics",
        "Business",
        "Sport",
        "Culture",
        "Log In",
        "Europe pledges security guarantees for Ukraine",
        "By Jane Doe",
        "November 19, 2019, 9:02 AM",
        "Share",
        "Tweet",
        "Email",
        BODY[0],
        BODY[1],
        "ADVERTISEMENT",
        BODY[2],
        BODY[3],
        BODY[4],
        BODY[5],
        BODY[6],
        "Related Articles",
        "Macron Hosts Coalition Leaders In Paris",
        "Zelensky Meets Trump At The White House",
        "Comments",
        "This is a great article, thanks for writing it and I agree with every word.",
        "I disagree with most of it, but the reporting from Paris is good and fair.",
        "© 2019 Example News. All rights reserved.",
        "Privacy Policy",
        "Terms of Use",
    ]
)


def test_page_keeps_title_and_body_only():
    cleaned = clean(PAGE)
    assert cleaned.text.split("\n") == ["Europe pledges security guarantees for Ukraine", *BODY]
    assert cleaned.title == "Europe pledges security guarantees for Ukraine"
    assert cleaned.byline == "Jane Doe"
    assert cleaned.headings == ["Central role for the Ukrainian army", "Russian refusal"]


def test_page_removals_name_their_rule():
    rules = {r.text: r.rule for r in clean(PAGE).removed}
    assert rules["ADVERTISEMENT"] == "advertisement"
    assert rules["By Jane Doe"] == "byline"
    assert rules["Comments"] == "comment_footer"
    assert rules["World"] == "classifier:head"
    assert rules["Macron Hosts Coalition Leaders In Paris"] == "classifier:tail"
    assert rules["This is a great article, thanks for writing it and I agree with every word."] == "classifier:tail"
    assert all(r.rule for r in clean(PAGE).removed)


def test_line_numbers_index_the_raw_input():
    raw = PAGE.replace("\n", "\r\n")
    lines = PAGE.split("\n")
    for removal in clean(raw).removed:
        assert lines[removal.line_no] == removal.text


def test_comment_section_is_never_part_of_the_body():
    comments = "\n".join(
        f"Reader {i} wrote a long and thoughtful comment about the summit, which is also prose text." for i in range(30)
    )
    text = clean("\n".join([*BODY, "Leave a Reply", comments])).text
    assert "Reader" not in text
    assert text.split("\n") == BODY


def test_menu_runs_inside_the_body_go_but_single_headings_stay():
    text = "\n".join([BODY[0], BODY[1], "Facebook", "Twitter", "Reddit", BODY[2], BODY[3], BODY[4]])
    kept = clean_text(text).split("\n")
    assert kept == [BODY[0], BODY[1], BODY[2], BODY[3], BODY[4]]


def test_teaser_list_is_not_the_body():
    teasers = []
    for i in range(8):
        teasers.append(f"Headline Number {i} About Something Else Entirely")
        teasers.append(f"NEW DELHI: The government said on Wednesday that the plan number {i} would go ahead as...")
    page = "\n".join([*teasers, "Europe pledges security guarantees for Ukraine", "By Jane Doe", *BODY, "Most Popular", *teasers])
    kept = clean_text(page).split("\n")
    assert kept == ["Europe pledges security guarantees for Ukraine", *BODY]


def test_second_copy_of_the_text_is_dropped():
    text = "\n".join([*BODY, "Share", *BODY])
    cleaned = clean(text)
    assert cleaned.text.split("\n") == BODY
    assert {r.rule for r in cleaned.removed} >= {"classifier:duplicate"}


def test_paragraph_breaks_are_kept_and_folded():
    text = "\n\n\n".join(BODY[:2]) + "\n\n\nADVERTISEMENT\n\n\n" + "\n\n".join(BODY[3:5]) + "\n\n"
    assert clean_text(text) == "\n\n".join([BODY[0], BODY[1], BODY[3], BODY[4]])


def test_text_without_prose_is_left_alone():
    assert clean_text("Hello") == "Hello"
    assert clean_text("Putin-Zelenskiy Summit\n\nRobust Peace") == "Putin-Zelenskiy Summit\n\nRobust Peace"
    assert clean_text("") == ""
    assert clean_text("\n\n  \n") == ""


def test_short_article_lines_survive():
    text = "\n".join(
        [
            "Leaders gathered in Paris on Thursday to discuss the plan for Ukraine.",
            "It was short.",
            "“Yes,” he said.",
            "The meeting ended late in the evening, officials said afterwards.",
        ]
    )
    assert clean_text(text) == text


def test_unpunctuated_first_paragraph_joins_the_body():
    page = "\n".join(
        [
            "Home",
            "Sport",
            "Chelsea have this morning paid the fee to the Spanish league to secure the world record signing of the goalkeeper",
            BODY[0],
            BODY[1],
        ]
    )
    assert clean_text(page).split("\n")[0].startswith("Chelsea have this morning")


def test_features():
    prose = features(0, BODY[1])
    assert is_prose(prose) and prose.ends_sentence and prose.function_ratio > 0.2
    heading = features(0, "Central role for the Ukrainian army")
    assert not is_prose(heading) and is_headline_like(heading)
    headline = features(0, "Customers Leave Without Paying $690 Bill At Troy Steakhouse Then Go Home.")
    assert headline.headline_case >= 2
    teaser = features(0, "NEW DELHI: The government said that close to two million residents may soon...")
    assert teaser.truncated and not is_prose(teaser)
    assert not features(0, "He said it was over …").truncated


def test_text_in_another_language_is_judged_by_length_and_punctuation():
    body = [
        "Die Staats- und Regierungschefs Europas sagten am Donnerstag in Paris der Ukraine Sicherheitsgarantien zu.",
        "Frankreichs Präsident Emmanuel Macron erklärte, sechsundzwanzig Länder seien zu Beiträgen bereit.",
    ]
    page = "\n".join(["Startseite", "Politik", "Wirtschaft", "Sport", *body, "Impressum", "Datenschutz"])
    assert clean_text(page).split("\n") == body


def test_bio_and_credits_go_only_after_the_last_paragraph():
    bio = "Jane Doe (@janedoe) is a staff writer at Example News covering European politics."
    credits = "(Reporting by Jane Doe; Editing by John Roe)"
    cleaned = clean("\n".join([*BODY, bio, credits]))
    assert cleaned.text.split("\n") == BODY
    assert {(r.text, r.rule) for r in cleaned.removed} == {(bio, "author_bio"), (credits, "credits")}
    middle = "\n".join([BODY[0], "Smith is a reporter who covered the trial for years before joining the campaign.", BODY[1]])
    assert clean_text(middle) == middle


def test_company_profile_after_a_press_release():
    profile = "Example Corp is a global provider of healthcare software, headquartered in Basel, Switzerland."
    cleaned = clean("\n".join([*BODY, profile, "Example Corp is headquartered in Basel and employs 1,300 people."]))
    assert cleaned.text.split("\n") == BODY
    assert {r.rule for r in cleaned.removed} == {"company_profile"}


# --- a line a named rule removed is classified without counting its words ---------------------------

_PIECES = BODY + [
    "Skip to main content", "News", "By Jane Doe", "Share", "12 Comments", "Leave a Reply", "Related",
    "Jane Doe is a reporter who covered the trial.", "© 2024 Example News", "", "", "About the author",
    "Read more...", "Residents of the state may soon...", "| a | b |", "- baby carrier",
]  # fmt: skip
_RULES = [None, None, None, "advertisement", "comment_footer", "related_link", "byline", "copyright", "navigation"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from(_RULES)), max_size=30), st.booleans())
def test_lines_a_rule_removed_classify_as_if_their_words_were_counted(rows, whole):
    lines = [text for text, _ in rows]
    rules = [rule if text else None for text, rule in rows]
    ends = {"Jane Doe is a reporter who covered the trial.": "author_bio"}.get
    fast = classify.classify_lines(lines, rules, whole=whole, ends=ends)
    original = classify._ruled
    try:  # the reference: every line's features counted
        classify._ruled = lambda index, text, rule: classify.features(index, text, rule)
        reference = classify.classify_lines(lines, rules, whole=whole, ends=ends)
    finally:
        classify._ruled = original
    assert fast == reference
