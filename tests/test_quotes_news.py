"""Quote constructions met in news text, one test per phenomenon (sentences written for the tests):
speech nouns owned by their speaker, naming verbs, dash attributions after a quote paragraph."""

from __future__ import annotations

import pytest

from toolkit.actors import ActorRegistry
from toolkit.quotes import extract_quotes

EMPTY = ActorRegistry.empty()


def _speech(text: str):
    table = extract_quotes(text, EMPTY)
    return table[table["kind"].isin(["direct", "partial"])]


@pytest.mark.parametrize("text, speaker, cue", [
    ("The fact-checkers looked at Donald Trump’s claim that crime had risen “by leaps and bounds” in Ohio.",
     "Donald Trump’s", "claim"),
    ("The newspaper seized on Warren’s repeated assertion that the bank was “rotten to the core.”",
     "Warren’s", "assertion"),
    ("The senator drew anger over her remark that “nobody in this town reads the bills.”", "her", "remark"),
    ("Critics pounced on Sanders’ promise that tuition would be “free for every student.”", "Sanders’", "promise"),
])
def test_speech_noun_gives_its_possessor_as_speaker(text, speaker, cue):
    row = _speech(text).iloc[0]
    assert (row.kind, row.speaker, row.cue) == ("partial", speaker, cue)


def test_a_reporting_verb_outranks_the_speech_noun_it_reports_on():
    text = "Tom Fisher, the party chairman, said Smith’s claim that the vote was rigged is “simply false.”"
    row = _speech(text).iloc[0]
    assert row.speaker == "Tom Fisher" and row.cue == "said"


def test_a_speech_noun_without_its_clause_is_no_cue():
    text = "The mayor called Smith’s comments “a disgrace” on Friday."
    row = _speech(text).iloc[0]
    assert row.speaker == "The mayor" and row.cue == "called"


@pytest.mark.parametrize("text, speaker", [
    # a determiner phrase with a noun the lexicon does not know is still the subject
    ("The retired surgeon spoke for an hour, saying that the hospital was “a disgrace to the city.”",
     "The retired"),
    # a participial opener is no name
    ("Thanking the crowd for coming out, she closed the rally, saying, “We could not have done it without you.”", "she"),
    # a leading conjunction or time adverbial is skipped
    ("And he went on, promising that “every road in this county will be repaired.”", "he"),
    ("A week ago she toured the plant, warning that jobs were “at real risk.”", "she"),
    # a name set off by an interrupting phrase
    ("Ramirez, during a visit to a school in Toledo, Ohio, said she was “going to fix every roof.”", "Ramirez"),
    # a quantifier as subject
    ("Several said they wanted the money in “block grants” to the states.", "Several"),
])
def test_subject_of_a_cue_without_its_own(text, speaker):
    assert _speech(text).iloc[0].speaker == speaker


def test_a_closing_attribution_outranks_the_sentence_subject():
    text = "The collapse of the talks signals “the end of an era” for the party, said Anna Berg, a historian."
    row = _speech(text).iloc[0]
    assert row.speaker == "Anna Berg" and row.cue == "said"


@pytest.mark.parametrize("text, title", [
    ("She spoke on the politics podcast “So, That Happened.” Listen to the interview below.", "So, That Happened."),
    ("He starred in the hit Broadway play, “Eclipsed,” last year.", "Eclipsed,"),
    ("The director makes this clear in her new documentary “13th.” The film debuts on Friday.", "13th."),
])
def test_a_title_after_its_genre_is_no_speech(text, title):
    table = extract_quotes(text, EMPTY)
    assert table[table["text"] == title]["kind"].tolist() == ["scare"]


def test_attribute_quotes_of_a_tag_broken_over_lines_are_no_quotes():
    text = 'Cruz wrote.\n\n<tweet author="@cruz" date="May 1,\n2016">I love this state. I will be back.</tweet>\n'
    assert extract_quotes(text, EMPTY).empty


@pytest.mark.parametrize("text, speaker", [
    ("“We did our best,” Senate majority whip Ana Ruiz said at a briefing on Monday.",
     "Senate majority whip Ana Ruiz"),
    ("“It is not over,” said 9/11 widow Carol Dunn.", "9/11 widow Carol Dunn"),
])
def test_a_title_chain_before_the_name_after_the_quote(text, speaker):
    assert _speech(text).iloc[0].speaker == speaker


@pytest.mark.parametrize("text, speaker", [
    ('The bill stalled.\n\n"Big companies pay no tax at all."\n\n- Sanders.\n\nThe issue is complex.', "Sanders"),
    ('Readers wrote in.\n\n"It needs to stop."  -Maria Lopez, Philadelphia.', "Maria Lopez"),
    ("Intro.\n\n”The winter was hard on all of us and nobody helped.” ― Maria Lopez", "Maria Lopez"),
])
def test_a_dash_signature_after_the_quote_names_the_speaker(text, speaker):
    row = _speech(text).iloc[0]
    assert row.kind == "direct" and row.speaker == speaker


def test_a_long_line_after_a_dash_is_no_signature():
    text = ('Intro.\n\n"We will win."\n\n- Sanders and his aides spent the whole of the next week touring '
            "the state in a bus, stopping at diners.")
    assert _speech(text).iloc[0].speaker is None


def test_a_verb_with_a_preposition_does_not_invert():
    text = "Intro.\n\nTrump said waterboarding is “peanuts,” compared to what Islamic State militants do."
    assert _speech(text).iloc[0].speaker == "Trump"


def test_former_opens_a_described_speaker():
    text = 'Intro.\n\n"They are moving up," former presidential candidate Herman Cain said.'
    assert _speech(text).iloc[0].speaker == "Herman Cain"


def test_a_clause_after_the_quote_is_no_attribution():
    text = "Intro.\n\nTrump replied, “That makes me smart,” when Clinton attacked him for it."
    row = _speech(text).iloc[0]
    assert row.speaker == "Trump"


def test_two_appositives_between_the_name_and_the_verb():
    text = ("Intro.\n\n“It is an invasion,” Ann Cole, the attorney general of Kansas, one of the states suing, "
            "said at an event.")
    assert _speech(text).iloc[0].speaker == "Ann Cole"


def test_a_participle_after_a_comma_belongs_to_the_clause_subject():
    text = ("Intro.\n\nHillary Clinton spoke about the death of Terence Crutcher in Tulsa, Oklahoma, arguing that "
            "the killings should be recognised as “intolerable.”")
    row = _speech(text).iloc[0]
    assert row.speaker == "Hillary Clinton" and row.cue == "arguing"


def test_singing_is_a_way_of_quoting():
    text = "Intro.\n\n“Keep your hands in sight,” Blige sings to the candidate."
    assert _speech(text).iloc[0].speaker == "Blige"


def test_a_closing_style_mark_opening_a_paragraph_opens_the_quote():
    text = "Obama spoke at length.\n\n” … what I learned from these families is that words matter,” he said."
    row = _speech(text).iloc[0]
    assert row.kind == "direct" and row.text.startswith("… what I learned") and row.speaker == "he"


@pytest.mark.parametrize("text, speaker", [
    # a verb inside an introductory phrase is not the attribution
    ("Intro.\n\nDespite what he wrote in the speech, Ross said he “may yet vote for her.”", "Ross"),
    # an adverb between the name and its verb
    ("Intro.\n\nCarter however said he would welcome a “principled security network” for Asia.", "Carter"),
    # the named speaker of the reported clause, past a short prepositional phrase
    ("Intro.\n\nMcCain said on Twitter that he was referring to policy, “not to the President himself.”", "McCain"),
])
def test_the_outer_speaker_of_a_reported_clause(text, speaker):
    assert _speech(text).iloc[0].speaker == speaker


@pytest.mark.parametrize("text", [
    "Intro.\n\nImmediately after the attacks, Trump issued a statement, “Our nation was attacked last night.”",
    "Intro.\n\nPreceded by the sheriff, Trump lamented the “countless Americans” who are “victims of violence” here.",
])
def test_an_adverb_or_participle_opener_is_no_speaker(text):
    assert _speech(text).iloc[-1].speaker == "Trump"


@pytest.mark.parametrize("text, kind, speaker", [
    ("Intro.\n\nHe took swipes at Rubio, who he dubbed “the little senator.”", "partial", "he"),
    ("Intro.\n\nThe senator called the plan “a disaster for farmers.”", "partial", "The senator"),
    ("Intro.\n\nThe rescue, dubbed “Operation Hope,” began at dawn.", "scare", None),
    ("Intro.\n\nIt was what Bay Lee, an aide to the governor, called “hand-to-hand combat.”", "partial", "Bay Lee"),
    ("Intro.\n\nLeaders of the so-called “coalition of the willing” met in Paris.", "scare", None),
])
def test_naming_verbs_quote_their_subject_and_so_called_stays_a_term(text, kind, speaker):
    row = extract_quotes(text, EMPTY).iloc[0]
    assert (row.kind, row.speaker) == (kind, speaker)


@pytest.mark.parametrize("text, speaker", [
    ("Intro.\n\n“We are very disappointed,” the ACU said in statement.", "ACU"),
    ("Intro.\n\n“We will not run his columns,” Daily News opinion editor Jo Green told the Beast.",
     "Daily News opinion editor Jo Green"),
    ("Intro.\n\nShe lifted a sign of her own. “I am still with Sanders,” it read.", "it"),
])
def test_speakers_after_the_quote(text, speaker):
    assert _speech(text).iloc[0].speaker == speaker


# --- transcripts, named introducers, inverted verbs, named things ----------------------------------
def test_transcript_turns_are_their_own_kind_with_the_label_as_speaker():
    text = ('Partial transcript as follows:\n\n"HOST: Will you attend the summit next week?\n\n'
            '"MINISTER: I will. We have prepared for months.\n\n"And we expect results.\n\n'
            'The minister left for Brussels on Monday.')
    table = extract_quotes(text, EMPTY)
    turns = table[table["kind"] == "transcript"]
    assert list(turns["speaker"]) == ["HOST", "MINISTER", "MINISTER"]
    assert turns.iloc[0].text == "Will you attend the summit next week?"  # the label is not the quote
    assert not table["kind"].isin(["direct", "partial"]).any()


def test_the_mention_nearest_the_quote_speaks_and_the_next_quote_continues_it():
    text = ("Senator Claire Dunn scolded him: “The evidence is against you,” she said. "
            "“When you call a product a miracle, people believe you.”")
    table = extract_quotes(text)
    assert list(table["speaker"]) == ["she", "she"]
    assert list(table["actor"]) == ["Claire Dunn", "Claire Dunn"]


def test_an_inverted_past_tense_verb_missing_from_the_lexicon():
    row = _speech("“What sport is he talking about?” reacted Trump.").iloc[0]
    assert (row.speaker, row.cue) == ("Trump", "reacted")


def test_a_participle_cue_takes_the_subject_after_a_leading_conjunction_and_adverb():
    row = _speech('And then Trump went on the attack, saying, "Is the president going to apologise?"').iloc[0]
    assert row.speaker == "Trump"


@pytest.mark.parametrize("text", [
    "Newt Gingrich included it in his 1994 “Contract with America.”",
    "Al Sharpton took calls from listeners to his “Keepin' It Real” radio program on Sunday.",
    "The senator spoke during a “Commander-in-Chief Forum” sponsored by a network.",
])
def test_a_title_case_name_after_a_determiner_or_before_a_genre_noun_is_no_speech(text):
    assert extract_quotes(text, EMPTY)["kind"].tolist() == ["scare"]


@pytest.mark.parametrize("text, speaker", [
    ('"We live in Satan\'s kingdom," my father often said.', "my father"),
    ('Clinton "is the only candidate with the experience," retired Air Force general Lloyd Newton said.',
     "retired Air Force general Lloyd Newton"),
    ('Someone called it a "quiet revolution," and I agree.', "Someone"),
])
def test_described_speakers_of_everyday_news(text, speaker):
    assert _speech(text).iloc[0].speaker == speaker


@pytest.mark.parametrize("text, speaker, cue", [
    ("“This is fantastic!” beamed Donald Hartley of Madison, Alabama, who came with his wife.",
     "Donald Hartley of Madison", "beamed"),
    ("When Brown criticised her husband, Hillary shot back, “I suppose I could have stayed home.”",
     "Hillary", "shot back"),
    ("Some still deny it (Raphael Lemkin, who coined the word genocide, once said, “It happened so many times.”).",
     "Raphael Lemkin", "said"),
    ("“Positions are going to soften,” Rep. Duncan Hunter’s chief of staff, Joe Kasper, told reporters.",
     "Joe Kasper", "told"),
])
def test_speakers_behind_phrasal_verbs_asides_and_appositives(text, speaker, cue):
    row = _speech(text).iloc[0]
    assert (row.speaker, row.cue) == (speaker, cue)


@pytest.mark.parametrize("text, speakers", [
    ("“The eruption of war is a reminder,” Will wrote.", ["Will"]),
    ('"The circumstances changed after the recession," From said.', ["From"]),
    ('As the columnist Dana Milbank puts it, "Senate Republicans are unmoved."', ["the columnist Dana Milbank"]),
    ("“Would it be negotiable?” Hannity pressed. “Maybe let some people stay?”", ["Hannity", "Hannity"]),
    ("“Who can remember how many states I’ve lost? Is it two?” Clinton asks as a janitor walks past her.",
     ["Clinton"]),
])
def test_names_that_are_function_words_put_it_and_attributions_between_quotes(text, speakers):
    assert _speech(text)["speaker"].tolist() == speakers


def test_a_quote_after_the_attribution_sentence_of_the_one_before_continues_its_speaker():
    text = "“Would it be negotiable?” Hannity pressed. “Maybe let some people stay?” “No,” Trump said."
    assert _speech(text)["speaker"].tolist() == ["Hannity", "Hannity", "Trump"]


def test_an_unattributed_quote_later_in_the_same_paragraph_continues_its_speaker():
    text = ('The president met his Russian counterpart on Monday.\n\n'
            '"We have had problems with intrusions before," Obama said after the meeting. The talks had lasted '
            'two hours. "Our goal is to start instituting some norms."\n\n"It is a mistake," Schiff said.')
    assert _speech(text)["speaker"].tolist() == ["Obama", "Obama", "Schiff"]


@pytest.mark.parametrize("text, speaker", [
    ('When my mother mentioned the devil on the highway, I laughed and said, "I don\'t believe in the devil."', "I"),
    ('Mitch McConnell, who in 2010 said the goal was to make Obama a "one-term president," spoke.', "who"),
])
def test_coordinated_verbs_and_year_adverbials_before_the_cue(text, speaker):
    assert _speech(text).iloc[0].speaker == speaker


@pytest.mark.parametrize("text", [
    "The governor was greeted with chants of “Bobby!” at a labour conference last month.",
    "Supporters rose from their seats, chanting “U-S-A! U-S-A!” as he spoke.",
])
def test_a_crowds_chant_is_speech_not_a_scare_quote(text):
    assert extract_quotes(text, EMPTY)["kind"].tolist() in (["partial"], ["direct"])


@pytest.mark.parametrize("text, speaker, cue", [
    ("In the primary, Gov. John Kasich (R-Ohio), said, “I’m getting ready to rent a covered wagon.”",
     "Gov. John Kasich", "said"),
    ("Whatever she thought of the gesture, Woods concluded that “it would have been an insult” to refuse it.",
     "Woods", "concluded"),
])
def test_party_tags_before_a_comma_and_less_common_reporting_verbs(text, speaker, cue):
    row = _speech(text).iloc[0]
    assert (row.speaker, row.cue) == (speaker, cue)


@pytest.mark.parametrize("text, term", [
    ("The senator wrote under the pseudonym “Carlos Danger,” but it did not help him.", "Carlos Danger,"),
    ("Her aides knew her by a moniker, “The Boss.”", "The Boss."),
    ("“We will win,” Clinton said in an interview with “Fox News Sunday.”", "Fox News Sunday."),
])
def test_a_name_or_a_programme_inside_an_attribution_is_no_speech(text, term):
    table = extract_quotes(text, EMPTY)
    row = table[table["text"] == term].iloc[0]
    assert row.kind == "scare" and row.speaker is None
    assert not _speech(text)["text"].isin([term]).any()


def test_a_cited_headline_with_its_byline_is_no_speech():
    text = ("READS:\n\n—\"Pop-up art show strives to confront gentrification,\" by DNAinfo's Eddie Small: "
            "\"Curators of a pop-up show are determined to listen.\" http://example.com/1\n\n"
            "—\"An NYPD sketch artist gets a gallery show,\" by the New York Post's Amy Spencer http://example.com/2\n")
    table = extract_quotes(text, EMPTY)
    headlines = table[table["text"].str.endswith("show,") | table["text"].str.endswith("gentrification,")]
    assert len(headlines) == 2 and (headlines["kind"] == "scare").all()
    excerpt = table[table["text"].str.startswith("Curators")].iloc[0]
    assert excerpt.kind == "direct" and excerpt.speaker == "DNAinfo's Eddie Small"


def test_single_quotes_inside_old_ascii_double_quotes_are_part_of_the_outer_quote():
    text = ("Intro.\n\n''When Twitter says, 'We can't do this,' I don't believe that,'' said Hany Farid, "
            "a computer scientist.\n")
    table = extract_quotes(text, EMPTY)
    assert not table["text"].str.startswith("We can't").any()
    reported = table[table["kind"] == "indirect"]
    assert reported["speaker"].tolist() == ["Hany Farid"]


def test_quotes_in_a_headline_and_its_dek_are_not_counted():
    text = ("Ginsburg apologizes for Trump comments; \nJustice vows to be 'more circumspect' with her opinions.\n\n"
            "Ruth Bader Ginsburg said Thursday that she regrets her remarks. \"On reflection, my recent remarks "
            "were ill-advised,\" Ginsburg said.\n")
    speech = _speech(text)
    assert speech["text"].tolist() == ["On reflection, my recent remarks were ill-advised,"]


@pytest.mark.parametrize("text, term", [
    ("Intro.\n\n“Refoulement” (forcible return) is forbidden by international law.", "Refoulement"),
    ("Intro.\n\n\"Sons of Trump\" is an adaptation of a show called \"Bad Hombres.\"", "Sons of Trump"),
])
def test_a_term_or_title_opening_its_sentence_is_no_speech(text, term):
    row = extract_quotes(text, EMPTY).iloc[0]
    assert (row.text, row.kind) == (term, "scare")


def test_words_cut_short_at_a_sentence_start_stay_speech():
    text = "Intro.\n\n“I held and hugged” grieving family members, Obama said."
    row = extract_quotes(text, EMPTY).iloc[0]
    assert row.kind != "scare" and row.speaker == "Obama"


def test_a_quoted_word_near_a_closing_attribution_is_speech():
    text = "Intro.\n\nThose who take on heavy debt struggle, even with a \"good\" job, he said.\n"
    row = extract_quotes(text, EMPTY).iloc[0]
    assert (row.text, row.kind, row.speaker) == ("good", "partial", "he")


@pytest.mark.parametrize("sentence, speaker", [
    ("Residents of the town said the plant should close.", "Residents of the town"),
    ("Officials at the State Department said the plant should close.", "Officials at the State Department"),
    ("Leaders from both parties said the plant should close.", "Leaders from both parties"),
])
def test_a_described_speaker_keeps_its_prepositional_tail(sentence, speaker):
    table = extract_quotes("Intro.\n\n" + sentence, EMPTY)
    assert table[["kind", "speaker"]].values.tolist() == [["indirect", speaker]]


def test_a_prepositional_tail_stops_at_a_conjunction():
    text = "Intro.\n\nProPublica obtained a video of the speech and said she \"steered a middle ground\" in it."
    assert _speech(text)["speaker"].tolist() == ["ProPublica"]


@pytest.mark.parametrize("sentence, speaker, content", [
    ("At the casino, he asked workers if they planned to attend the caucuses.", "he",
     "if they planned to attend the caucuses"),
    ("Last month, reporter Scott Conroy asked Sanders whether questions about his age were fair game.",
     "Scott Conroy", "whether questions about his age were fair game"),
])
def test_a_reported_question_is_reported_speech(sentence, speaker, content):
    table = extract_quotes("Intro.\n\n" + sentence, EMPTY)
    assert table[["kind", "speaker", "text"]].values.tolist() == [["indirect", speaker, content]]


def test_asking_for_something_is_no_reported_question():
    table = extract_quotes("Intro.\n\nThe pastor asked the congregation to stand for a minute of silence.", EMPTY)
    assert table.empty


@pytest.mark.parametrize("sentence, content", [
    ("The New York Times reported it obtained 72 emails that Carter sent.", "it obtained 72 emails that Carter sent"),
    ("Lynch announced a federal lawsuit against the state of North Carolina.",
     "a federal lawsuit against the state of North Carolina"),
    ("Ryan Grim reported from Washington.", None),
])
def test_announcing_and_reporting_take_a_clause_or_an_object_without_that(sentence, content):
    table = extract_quotes("Intro.\n\n" + sentence, EMPTY)
    assert table["text"].tolist() == ([content] if content else [])


@pytest.mark.parametrize("sentence, speaker", [
    ("But Cologne police say they have not yet determined who the attackers were.", "Cologne police"),
    ("Six in 10 say he is at least somewhat decisive.", "Six in 10"),
])
def test_a_present_plural_verb_after_an_irregular_plural_or_a_share(sentence, speaker):
    table = extract_quotes("Intro.\n\n" + sentence, EMPTY)
    assert table[["kind", "speaker"]].values.tolist() == [["indirect", speaker]]


@pytest.mark.parametrize("sentence, expected", [
    ("Clinton said Trump is responsible for what happens at his events and accused him of “inciting violence.”",
     [["indirect", "Clinton", "Trump is responsible for what happens at his events"],
      ["partial", "Clinton", "inciting violence."]]),
    ("He says he respects Clinton and calls her “an extremely intelligent woman.”",
     [["indirect", "He", "he respects Clinton"], ["partial", "He", "an extremely intelligent woman."]]),
    ("Clinton said Trump is responsible, but “we will keep going.”", [["partial", "Clinton", "we will keep going."]]),
])
def test_reported_speech_that_ends_at_a_new_reporting_verb_before_a_quote(sentence, expected):
    table = extract_quotes("Intro.\n\n" + sentence, EMPTY)
    assert table[["kind", "speaker", "text"]].values.tolist() == expected


def test_the_occasion_of_a_statement_is_not_its_content():
    table = extract_quotes("Intro.\n\nTrump said at a campaign rally in San Diego that the judge was biased.", EMPTY)
    assert table["text"].tolist() == ["that the judge was biased"]


@pytest.mark.parametrize("sentence, speaker, content", [
    ("But according to the department, nearly nine million more workers will be protected.",
     "the department", "nearly nine million more workers will be protected"),
    ("One of the decisions they made, according to a person close to the process, is to ignore his attacks.",
     "a person close to the process",
     "One of the decisions they made, according to a person close to the process, is to ignore his attacks"),
    ("Clinton leads Sanders by 271 pledged delegates, according to early results of exit polls.",
     "early results of exit polls", "Clinton leads Sanders by 271 pledged delegates"),
])
def test_according_to_in_all_its_positions(sentence, speaker, content):
    table = extract_quotes("Intro.\n\n" + sentence, EMPTY)
    assert table[["kind", "speaker", "text"]].values.tolist() == [["indirect", speaker, content]]


def test_a_participle_after_the_main_clause_reports_its_subjects_words():
    text = "Intro.\n\nSanders defended his call for a $15 wage, saying the stimulus would outweigh any job losses."
    table = extract_quotes(text, EMPTY)
    assert table[["kind", "speaker", "text"]].values.tolist() == [
        ["indirect", "Sanders", "the stimulus would outweigh any job losses"]]


@pytest.mark.parametrize("sentence, speaker, content", [
    ("Fields later tweeted a photograph of her bruised forearm and said she had been yanked backward.",
     "Fields", "she had been yanked backward"),
    ("Carson apologized to the students on Friday, but said his campaign would release the article.",
     "Carson", "his campaign would release the article"),
])
def test_a_reporting_verb_coordinated_with_the_first_verb_reports_the_subjects_words(sentence, speaker, content):
    table = extract_quotes("Intro.\n\n" + sentence, EMPTY)
    assert [speaker, content] in table[table["kind"] == "indirect"][["speaker", "text"]].values.tolist()


def test_a_bare_noun_after_said_is_the_contents_subject_not_an_inverted_speaker():
    text = ("Intro.\n\nMegan Hester, senior associate at the Annenberg Institute, said parents still want "
            "neighborhood schools.")
    table = extract_quotes(text, EMPTY)
    assert table[["kind", "speaker", "text"]].values.tolist() == [
        ["indirect", "Megan Hester", "parents still want neighborhood schools"]]


def test_advocates_and_delegates_are_speakers():
    text = "Intro.\n\nSome advocates for stem cell research said that overlooked the benefits of new cures."
    assert extract_quotes(text, EMPTY)["speaker"].tolist() == ["Some advocates for stem cell research"]


def test_the_quote_lexicons_are_well_formed():
    """Each speaker noun once; each reporting-verb form once, with a complement the engine knows."""
    import csv
    from importlib.resources import files

    import yaml

    data = files("toolkit") / "data"
    nouns = yaml.safe_load((data / "speakers.yml").read_text(encoding="utf-8"))["speaker_nouns"]
    assert len(nouns) == len(set(nouns))
    rows = list(csv.DictReader((data / "reporting_verbs.csv").read_text(encoding="utf-8").splitlines()))
    forms = [(r["form"], r["tense"]) for r in rows]
    assert len(forms) == len(set(forms))
    known = {"clause", "that-clause", "question", "object", "quote", "quoting", "colon", "source"}
    assert {r["complement"] for r in rows} <= known


@pytest.mark.parametrize("sentence, expected", [
    ("If the law conflicts with God's orders, Rubio said, Christians must ignore the law.",
     [["Rubio", "If the law conflicts with God's orders"], ["Rubio", "Christians must ignore the law"]]),
    ("The top 1 percent would see a tax cut of $275,000, the group said, compared with $2,700 for others.",
     [["the group", "The top 1 percent would see a tax cut of $275,000"]]),
    ("Its first ad could start this week, said Brian Baker, a longtime adviser to the family.",
     [["Brian Baker", "Its first ad could start this week"]]),
])
def test_an_interposed_attribution_splits_the_reported_words(sentence, expected):
    table = extract_quotes("Intro.\n\n" + sentence, EMPTY)
    assert table[table["kind"] == "indirect"][["speaker", "text"]].values.tolist() == expected


def test_a_phrase_of_the_verb_object_is_no_speaker():
    text = ("Intro.\n\nTrump unleashed a series of tweets early Friday saying that Clinton had used Machado "
            "“as a paragon of virtue.”")
    assert _speech(text)["speaker"].tolist() == ["Trump"]


@pytest.mark.parametrize("sentence, speaker, actor", [
    ("“We will win,” Bill Clinton said.", "Bill Clinton", "Bill Clinton"),
    ("“It is over,” said Bill de Blasio.", "Bill de Blasio", "Bill de Blasio"),
    ("Mayor Bill de Blasio said the city was safe.", "Mayor Bill de Blasio", "Bill de Blasio"),
])
def test_names_that_hold_a_stop_word_or_a_particle(sentence, speaker, actor):
    row = extract_quotes("Intro.\n\n" + sentence, EMPTY).iloc[0]
    assert (row.speaker, row.actor) == (speaker, actor)


def test_a_dateline_with_its_date_is_no_speaker():
    text = ("Intro.\n\nPHILADELPHIA, July 25 (UPI) — The Democratic National Committee released a statement, "
            "offering “a deep and sincere apology” to Sanders.")
    assert _speech(text)["speaker"].tolist() == ["The Democratic National Committee"]


def test_a_reporting_participle_opening_a_sentence_is_no_speaker():
    text = "Intro.\n\nMaher said the report was not good. Adding, “Now, like with all scandals, it is never that bad.”"
    assert "Adding" not in _speech(text)["speaker"].tolist()
