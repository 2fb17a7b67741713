"""Each speaker and quote-mark strategy added for real news, tested on its own with sentences written
here (invented people, invented outlets): the shapes come from real pages, the words do not."""

from __future__ import annotations

from _extract_helpers import article_from_paragraphs

from kbio_tui.extract import extract
from kbio_tui.extract.given_names import gender_of, is_given_name
from kbio_tui.extract.marks import find_spans
from kbio_tui.models import Article, EntityType, QuoteKind, SpeakerKind


def _run(paragraphs: list[str], **kw: object) -> Article:
    return extract(article_from_paragraphs(paragraphs, **kw))


def _said(art: Article) -> list[tuple[str, str | None]]:
    """(first words, speaker) of every direct or partial quote, in order."""
    return [(q.text[:30], q.speaker) for q in art.quotes if q.kind is not QuoteKind.INDIRECT]


def _speaker_of(art: Article, starts: str) -> str | None:
    hits = [q for q in art.quotes if q.text.startswith(starts)]
    assert hits, f"no quote starting {starts!r} in {_said(art)}"
    return hits[0].speaker


def _people(art: Article) -> set[str]:
    return {e.name for e in art.entities if e.type is EntityType.PERSON}


# -- the person recogniser -----------------------------------------------------------------------------


def test_the_given_name_lexicon_knows_names_and_refuses_words() -> None:
    assert is_given_name("Marta") and is_given_name("Erik") and is_given_name("Anne-Marie")
    assert not is_given_name("May") and not is_given_name("China") and not is_given_name("Will")
    assert not is_given_name("marta")  # a lower-case word is never a name
    assert gender_of("Robert") == "m" and gender_of("Janet") == "f" and gender_of("Zelvix") is None


def test_a_full_name_is_a_person_without_any_role_word_beside_it() -> None:
    art = _run(
        [
            "Marta Lindqvist spent a decade running rural clinics before the province hired her.",
            "\u201cWe waited three years for a single dialysis chair,\u201d Lindqvist said.",
        ]
    )
    assert "Marta Lindqvist" in _people(art)
    assert _speaker_of(art, "We waited three years") == "Marta Lindqvist"


def test_titles_and_party_labels_are_not_part_of_the_name() -> None:
    art = _run(
        [
            "\u201cThe budget leaves nurses behind,\u201d said Opposition Leader Grant Halvorsen.",
            "Republican Dana Whitcomb disagreed. \u201cIt funds every ward we promised,\u201d Whitcomb said.",
        ]
    )
    assert {"Grant Halvorsen", "Dana Whitcomb"} <= _people(art)
    assert not any(n.startswith(("Leader", "Republican", "Opposition")) for n in _people(art))
    assert _speaker_of(art, "The budget leaves nurses") == "Grant Halvorsen"
    assert _speaker_of(art, "It funds every ward") == "Dana Whitcomb"


def test_places_and_bodies_named_after_them_are_not_people() -> None:
    art = _run(
        [
            "Shipments left Hong Kong on Monday, and the Kenya Red Cross received the first crates "
            "in Nairobi while San Jose waited.",
        ]
    )
    assert not {"Hong Kong", "Kenya Red Cross", "San Jose"} & _people(art)


def test_an_unlisted_name_is_a_person_once_its_surname_speaks() -> None:
    art = _run(
        [
            "Oumarou Tandjigora drove the last truck across the bridge before it closed.",
            "\u201cThe water was already at the wheels,\u201d Tandjigora said.",
        ]
    )
    assert "Oumarou Tandjigora" in _people(art)
    assert _speaker_of(art, "The water was already") == "Oumarou Tandjigora"


def test_a_western_name_starts_at_its_given_name_inside_a_longer_run() -> None:
    art = _run(
        [
            "Photo agency file: Northwind Images Harriet Olander at the harbour opening.",
            "\u201cWe built this for the fishing families,\u201d Olander said.",
        ]
    )
    assert "Harriet Olander" in _people(art)
    assert _speaker_of(art, "We built this") == "Harriet Olander"


def test_a_surname_with_its_particle_is_the_person_named_in_full() -> None:
    art = _run(
        [
            "Layla Al Rashid opened her bakery in a rented garage in 2017.",
            "\u201cThe first winter nobody came,\u201d Al Rashid said.",
        ]
    )
    assert _speaker_of(art, "The first winter") == "Layla Al Rashid"
    assert "Al Rashid" not in _people(art)


def test_a_name_inside_a_disease_or_prize_name_is_not_a_person() -> None:
    art = _run(["The trial enrolls children with Lena Varga syndrome and won the Tomas Brandt Prize."])
    assert not {"Lena Varga", "Tomas Brandt"} & _people(art)


def test_a_bracketed_photo_credit_names_the_photographer() -> None:
    art = _run(
        ["Rates rose again in March."],
        captions=["Traders watch the screens in Yeouido on Monday. [DANA KOWALSKI]"],
    )
    people = {e.name: e.role for e in art.entities if e.type is EntityType.PERSON}
    assert people.get("Dana Kowalski") == "photographer"


def test_a_korean_hyphenated_given_name_counts_however_it_is_romanised() -> None:
    art = _run(["The founder's nephew, Seo Yeon-serk has led the plant since spring."])
    assert "Seo Yeon-serk" in _people(art)


# -- quote marks ---------------------------------------------------------------------------------------


def _inner(text: str) -> list[str]:
    spans = find_spans(text)
    return [text[slice(*s.inner)] for s in spans]


def test_nested_quotes_of_the_same_kind_stay_inside_the_outer_quote() -> None:
    text = "\u201cWe went \u201call in\u201d on the plant,\u201d she said."
    assert _inner(text) == ["We went \u201call in\u201d on the plant,"]


def test_an_unclosed_opening_costs_only_its_own_quote() -> None:
    text = '\u201cThe first part never closes. Then she said "the second one is fine," and left.'
    assert _inner(text) == ["the second one is fine,"]


def test_a_quote_opened_with_one_kind_and_closed_with_the_other_is_paired() -> None:
    text = "She added, 'Nobody will lose their job this year.\" The board agreed."
    assert _inner(text) == ["Nobody will lose their job this year."]


def test_two_single_marks_typed_as_a_double_make_one_quote() -> None:
    text = "''We will not sell the land,'' the mayor said."
    assert _inner(text) == ["We will not sell the land,"]


def test_a_quote_broken_over_lines_continues_into_the_paragraph_that_closes_it() -> None:
    art = _run(
        [
            "\u201cWe cannot promise a date for the second plant.",
            "The permits are still with the county, and we are waiting,\u201d chief executive Rhea "
            "Sandoval said.",
        ]
    )
    said = _said(art)
    assert len(said) == 1 and said[0][1] == "Rhea Sandoval"
    quote = art.quotes[0].text
    assert quote.startswith("We cannot promise") and "The permits are still with the county" in quote


def test_a_quote_cut_off_by_the_scrape_at_the_end_is_kept() -> None:
    art = _run(
        [
            "Imogen Trask, head of research at Calder Labs, spoke first.",
            "Trask said, \u201cThe second cohort starts in May, and we expect to enrol",
        ]
    )
    assert _said(art) == [("The second cohort starts in Ma", "Imogen Trask")]


def test_a_lost_closing_mark_mid_article_drops_only_that_quote() -> None:
    art = _run(
        [
            "Imogen Trask said \u201cthe numbers look weaker than last year and I worry.",
            "The shares closed flat. \u201cWe will report in June,\u201d Trask said.",
            "Analysts expect a cut.",
        ]
    )
    assert _said(art) == [("We will report in June", "Imogen Trask")]


# -- attribution strategies ----------------------------------------------------------------------------


def test_whoever_is_told_is_the_listener_not_the_speaker() -> None:
    art = _run(["\u201cWe have not seen the letter,\u201d Corinne Abara told Harbor Radio on Friday."])
    assert _said(art)[0][1] == "Corinne Abara"


def test_a_lone_given_name_before_a_speech_verb_is_the_speaker_as_written() -> None:
    art = _run(["\u201cThe road floods every spring,\u201d Megan told reporters."])
    assert _said(art)[0][1] == "Megan"


def test_said_name_after_a_clause_credits_that_person_not_the_subject_company() -> None:
    art = _run(
        [
            "Arden Biologics expects sales to double by 2027, said Park Min-seo, chief financial officer "
            "of Arden Biologics."
        ]
    )
    reported = [q for q in art.quotes if q.kind is QuoteKind.INDIRECT]
    assert reported and reported[0].speaker == "Park Min-seo"
    assert reported[0].text.startswith("Arden Biologics expects sales")


def test_a_speech_verb_before_a_quoted_event_name_introduces_the_later_quote() -> None:
    art = _run(
        [
            "Bae Ji-ho, chairman of the growers' union, stated in his address at the \u201cHarvest Forum "
            "2031\u201d held in Daegu on Monday that \u201cPrices set in Seoul must reflect what farms "
            "actually spend.\u201d"
        ]
    )
    assert _said(art) == [("Prices set in Seoul must refle", "Bae Ji-ho")]


def test_a_quote_joined_to_the_one_before_it_is_speech_too() -> None:
    art = _run(
        [
            "Noh Eun-bi, head of Lantern Bio, noted, 'The delay will be explained within a month,' and "
            "'If we refile in spring, the answer could come by autumn.'"
        ]
    )
    assert [s for _, s in _said(art)] == ["Noh Eun-bi", "Noh Eun-bi"]


def test_a_long_appositive_may_separate_the_speaker_from_the_verb() -> None:
    art = _run(
        [
            "\u201cThe port will not reopen before winter,\u201d Harriet Q. Olander, director of freight "
            "studies at the Halifax-based Institute for Coastal Trade, said in an e-mailed statement."
        ]
    )
    assert _said(art)[0][1] == "Harriet Q. Olander"


def test_she_skips_a_last_subject_whose_given_name_is_a_mans() -> None:
    art = _run(
        [
            "Robert Vance chaired the meeting. For Janet Okafor, the vote was personal.",
            "\u201cMy father built that school,\u201d she said.",
        ]
    )
    assert _said(art)[0][1] == "Janet Okafor"


def test_a_quote_only_paragraph_belongs_to_who_spoke_just_before_it() -> None:
    art = _run(
        [
            "\u201cWe were told to wait,\u201d said Dorian Pike, a paramedic.",
            "Colette Amsel with the health authority says there are several reasons for the delays.",
            "\u201cBeds upstairs are full, so patients wait downstairs.\u201d",
        ]
    )
    assert _speaker_of(art, "Beds upstairs are full") == "Colette Amsel"


def test_the_paragraph_after_a_quote_can_say_whose_it_was() -> None:
    art = _run(
        [
            "\u201cThis is not something to rush. The industry and the ministry should sit down first.\u201d",
            "Kim Ha-rin, head of Meadow Pharm, said this at a policy debate in Yeouido on Tuesday.",
        ]
    )
    assert _said(art)[0][1] == "Kim Ha-rin"


def test_labelled_transcript_turns_are_credited_to_the_label_person() -> None:
    art = _run(
        [
            "Harbor Review met Oh Ji-won, chief executive of Tidewell Bio, in Boston.",
            "Harbor Review: Why open an office in Europe before the US approval?",
            "Oh: We want a partner in place on the day the approval arrives.",
        ]
    )
    assert _speaker_of(art, "We want a partner") == "Oh Ji-won"


def test_an_ampersand_company_is_found_and_speaks() -> None:
    art = _run(
        [
            "Johnson & Johnson welcomed the ruling by calling the therapy \u201cthe first option that "
            "spares patients chemotherapy.\u201d"
        ]
    )
    said = [q for q in art.quotes if q.kind is not QuoteKind.INDIRECT]
    assert said and said[0].speaker == "Johnson & Johnson"
    assert said[0].speaker_kind is SpeakerKind.ORGANIZATION


def test_a_short_quoted_name_followed_by_a_verb_is_not_speech() -> None:
    art = _run(
        [
            "Lantern Bio said on Monday that its candidate \u201czelvamab\u201d under review confirmed a "
            "strong response."
        ]
    )
    assert not [q for q in art.quotes if q.text.startswith("zelvamab")]


def test_initials_of_a_given_name_are_the_person_named_in_full() -> None:
    art = _run(["Tae-Han Kim founded Orbis Cell in 2019.", "\u201cWe had one freezer,\u201d TH Kim said."])
    assert _said(art) == [("We had one freezer", "Tae-Han Kim")]
    assert _people(art) == {"Tae-Han Kim"}


def test_a_surname_run_into_the_given_name_keeps_one_id_for_the_person() -> None:
    from kbio_tui.extract.names import parse_person_name

    glued, spaced = parse_person_name("Jinyang Gon"), parse_person_name("Jin Yang-gon")
    assert glued is not None and spaced is not None and glued.key == spaced.key
    western = parse_person_name("Simone Gon")
    assert western is not None and western.surname == "Gon"  # a known given name is never split


def test_a_description_after_the_verb_is_the_person_just_introduced() -> None:
    art = _run(
        [
            "The shop belongs to Daniel Wielgus, who like his uncle left Gdansk young.",
            "\u201cWe print anything by anyone,\u201d says the 41-year-old founder of Inkwell Press.",
        ]
    )
    assert _said(art)[0][1] == "Daniel Wielgus"


def test_the_same_description_of_an_anonymous_source_stays_anonymous() -> None:
    art = _run(
        [
            "Daniel Wielgus led the sale. One banker involved in the talks said the price rose by a third.",
            "\u201cThree buyers stayed in until the last night,\u201d the banker said.",
        ]
    )
    quote = next(q for q in art.quotes if q.text.startswith("Three buyers"))
    assert quote.speaker_kind is SpeakerKind.ANONYMOUS and "banker" in (quote.speaker or "")


def test_photo_credits_in_the_forms_outlets_print_them() -> None:
    art = _run(
        ["Rates rose again in March."],
        captions=[
            "The new plant in Osong. [Photo by Nam Gi-hoon]",
            "Workers on the line. (Baek So-yeon/The Harbor Times)",
        ],
    )
    people = {e.name: e.role for e in art.entities if e.type is EntityType.PERSON}
    assert people.get("Nam Gi-hoon") == "photographer" and people.get("Baek So-yeon") == "photographer"


def test_an_owner_and_a_lower_case_title_before_a_name_give_role_and_organisation() -> None:
    art = _run(["Meadow Pharm\u2019s chief executive Yoo Jin-ho said the plant would open in May."])
    person = next(e for e in art.entities if e.name == "Yoo Jin-ho")
    assert (person.role, person.org) == ("chief executive", "Meadow Pharm")


def test_firms_places_and_titles_that_start_with_a_given_name_are_not_people() -> None:
    art = _run(
        [
            "Hana Asset Management bought the stake, and the talks were held near Kendall Square and "
            "the Lincoln Memorial before the Carol Burnett Award dinner.",
            "A Freedom Mobile spokesperson declined to comment.",
        ]
    )
    assert not _people(art)


def test_an_abbreviated_title_after_the_verb_does_not_end_the_speaker() -> None:
    art = _run(["\u201cThe vote is not close,\u201d said Sen. Margaret Oyelaran, D-Ohio."])
    assert _said(art)[0][1] == "Margaret Oyelaran"


def test_her_statement_is_the_statement_of_the_woman_just_named() -> None:
    art = _run(
        [
            "Prime Minister Victor Hale said on Monday that nobody had been pressured.",
            "After Helen Okoro-Brandt was moved to another ministry, Okoro-Brandt published a letter.",
            "\u201cIt is a pillar of our democracy that prosecutors act alone,\u201d her statement said.",
        ]
    )
    assert _said(art)[0][1] == "Helen Okoro-Brandt"


def test_a_subject_behind_titles_and_a_dash_appositive_is_the_next_he() -> None:
    art = _run(
        [
            "Opposition MP Daniel Ferreira \u2014 a former prosecutor and a critic of the bill \u2014 "
            "went on the radio later in the day.",
            "\u201cNobody was directed and nobody was pressured,\u201d he said.",
        ]
    )
    assert _said(art)[0][1] == "Daniel Ferreira"
