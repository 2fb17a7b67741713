"""Cleaning rules, each on text shaped like a different outlet (never the seeds' own strings)."""

from __future__ import annotations

import time
from datetime import datetime

import pytest
from _ingest_helpers import INGEST, body, only_article

from kbio_tui.ingest.clean import Hints, TitleSource, clean_text, has_article_text


def _clean(*lines: str) -> tuple[str, list[str]]:
    c = clean_text("\n".join(lines))
    return c.title, c.paragraphs


BODY = "Hyundai Bioscience said Monday it has started a phase 2 trial of its antiviral drug in 120 patients."


# --- whole articles shaped like four outlets -------------------------------------------------------------


def test_korea_biomedical_review_shape() -> None:
    art = only_article(INGEST / "kbr_exclusive.txt")
    assert art.title == "Hanbit Therapeutics to seek FDA nod for its oral GLP-1 candidate next year"
    assert art.author == "Kim Ji-hoon"
    assert art.published == datetime(2025, 11, 20, 14, 3)  # published preferred over "Updated"
    assert art.outlet == "Korea Biomedical Review"
    assert art.captions == [
        "Hanbit Therapeutics' research center in Pangyo (Photo courtesy of Hanbit Therapeutics)"
    ]
    assert len(art.paragraphs) == 4  # the repeated paragraph appears once
    text = body(art)
    for junk in ("Share", "Print", "Font size", ".png", "@example.co.kr", "Copyright", "Unauthorized",
                 "Related articles", "Series D"):  # fmt: skip
        assert junk not in text


def test_yonhap_shape() -> None:
    art = only_article(INGEST / "yonhap_lead.txt")
    # "(LEAD)" is a label
    assert art.title == "Seoul Bio wins 1.2 tln-won manufacturing order from European drugmaker"
    assert art.published == datetime(2025, 12, 3, 16, 45)
    assert art.outlet == "Yonhap News Agency"  # from the wire dateline, in its canonical spelling
    assert art.author is None
    assert art.captions == [
        "This photo provided by Seoul Bio shows its fourth plant in Songdo, west of Seoul. /Yonhap"
    ]
    assert art.paragraphs[0].startswith("SEOUL, Dec. 3 (Yonhap) -- Seoul Bio Co.")
    assert "(END)" not in body(art) and "@example" not in body(art)
    assert len(art.paragraphs) == 4


def test_korea_herald_shape() -> None:
    art = only_article(INGEST / "herald_feature.txt")
    assert art.title == "Biosimilar pioneer bets on antibody-drug conjugates"  # <Interview> dropped
    assert art.author == "Lee Hye-seon"
    assert art.published == datetime(2025, 12, 15, 10, 0)
    assert art.outlet == "The Korea Herald"  # masthead
    assert art.deck == [
        "Veteran executive says Korea can lead next wave of cancer drugs",
        "Partnerships with US biotechs to be expanded",
    ]
    assert art.captions == [
        "Photo: Park Sung-ho, chief executive of Mirae Bio, speaks during an interview in Seoul on Dec. 10."
    ]
    text = body(art)
    assert "댓글" not in text and "Samsung heir" not in text and "Subscribe" not in text
    assert art.paragraphs[-1].startswith("Park added that")


def test_company_press_page_shape() -> None:
    art = only_article(INGEST / "company_press.txt")
    assert art.title.startswith("Hanul Genex announces positive topline results")
    assert art.author == "Hanul Genex PR"
    assert art.outlet == "Hanul Genex"
    assert art.published == datetime(2025, 12, 15)
    assert art.deck == [
        "Objective response rate of 38 percent in patients who failed prior immunotherapy",
        "Company to request end-of-phase 2 meeting with the FDA in the first quarter",
    ]
    text = body(art)
    assert "• 0" not in text and "pr@hanulgenex" not in text and "Stay up to date" not in text
    assert "Newsroom" not in text and "Press Releases" not in text


# --- individual rules ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headline", "title"),
    [
        ("[News] Celltrion expands Incheon plant", "Celltrion expands Incheon plant"),
        ("[Exclusive][Bio] Celltrion expands Incheon plant", "Celltrion expands Incheon plant"),
        ("<Interview> Celltrion chief on Incheon plant", "Celltrion chief on Incheon plant"),
        ("(2nd LD) Celltrion expands Incheon plant", "Celltrion expands Incheon plant"),
        ("[단독] Celltrion expands Incheon plant", "Celltrion expands Incheon plant"),
        ("• “Celltrion expands Incheon plant”", "Celltrion expands Incheon plant"),
        ("'Celltrion expands Incheon plant'", "Celltrion expands Incheon plant"),
        ('"Why we expand," says Celltrion chief', '"Why we expand," says Celltrion chief'),
        ("[bold] markup is not a label here", "[bold] markup is not a label here"),
        ("(Celltrion) expands Incheon plant", "(Celltrion) expands Incheon plant"),
    ],
)
def test_title_labels_and_quote_marks(headline: str, title: str) -> None:
    got, paragraphs = _clean(headline, BODY)
    assert got == title
    assert paragraphs == [BODY]  # the quoted headline is not body


@pytest.mark.parametrize(
    ("line", "site"),
    [
        ("Pharma Times Live Search Close", "Pharma Times"),
        ("Stay up to date with the latest news from Medigate", "Medigate"),
        ("Copyright © 2025 Hit News. All rights reserved.", "Hit News"),
    ],
)
def test_outlet_from_site_chrome(line: str, site: str) -> None:
    c = clean_text(f"{line}\nCelltrion expands Incheon plant\n\n{BODY}\n")
    assert c.outlet == site
    assert c.paragraphs == [BODY]


def test_outlet_hint_beats_chrome() -> None:
    text = f"Medigate Search\nCelltrion expands Incheon plant\n\n{BODY}"
    c = clean_text(text, Hints(outlet="BioSpectator"))
    assert c.outlet == "BioSpectator"


@pytest.mark.parametrize(
    "noise",
    [
        "Live Search Close",
        "Media",
        "Share  Print  Font size",
        "Subscribe",
        "If you want to see the full article, please JOIN US (click)",
        "Subscribe to read the full story",
        "Log in to continue reading",
        "Copyright 2025 Example Bio News",
        "Unauthorized reproduction and redistribution prohibited",
        "ⓒ Example Bio News. All rights reserved.",
        "reporter@example-news.co.kr",
        "E-mail: desk@example-news.co.kr",
        "IMG_1234.png",
        "c0ffee12ab34.JPG",
        "• 0",
        "0",
        "***",
    ],
)
def test_noise_lines_are_dropped_from_the_body(noise: str) -> None:
    second = "The trial will enroll patients at 14 hospitals in Seoul and Busan through 2026."
    _, paragraphs = _clean("Hyundai Bioscience starts antiviral trial", "", BODY, "", noise, "", second)
    assert paragraphs == [BODY, second]


def test_comment_widget_and_related_list_end_the_article() -> None:
    _, paragraphs = _clean(
        "Hyundai Bioscience starts antiviral trial", "", BODY, "", "Comments (3)", "Great news for patients!",
        "Kim: I disagree with this completely.",
    )  # fmt: skip
    assert paragraphs == [BODY]
    for heading in ("Related Articles", "Most Viewed", "댓글 운영원칙", "Leave a reply"):
        other = "Another company announces a completely different deal today."
        _, paragraphs = _clean("Hyundai Bioscience starts antiviral trial", "", BODY, "", heading, other)
        assert paragraphs == [BODY]


def test_mostly_hangul_paragraph_dropped_from_english_article_only() -> None:
    korean = "이 기사는 영문으로 번역된 기사입니다. 원문은 한국어판에서 확인할 수 있습니다."
    mixed = "The company's Korean name is 현대바이오사이언스, and its shares rose 4 percent on Monday."
    _, paragraphs = _clean("Hyundai Bioscience starts antiviral trial", "", BODY, "", korean, "", mixed)
    assert paragraphs == [BODY, mixed]
    title, paragraphs = _clean("현대바이오 항바이러스제 임상 2상 개시", "", korean + " 임상은 서울에서.")
    assert title == "현대바이오 항바이러스제 임상 2상 개시"
    assert paragraphs  # a Korean article keeps its Korean text


def test_repeated_paragraph_kept_once_ignoring_case_and_spacing() -> None:
    _, paragraphs = _clean("Hyundai Bioscience starts antiviral trial", "", BODY, "", BODY.upper(), "",
                           "  " + BODY.replace(" ", "   ") + "  ")  # fmt: skip
    assert paragraphs == [BODY]


def test_deck_lines_and_highlight_bars() -> None:
    c = clean_text(
        "Hyundai Bioscience starts antiviral trial\n"
        "Company aims for conditional approval by 2027\n"
        "| Trial to enroll 120 patients\n"
        "|Results expected next year\n\n"
        f"{BODY}\n"
    )
    assert c.deck == [
        "Company aims for conditional approval by 2027",
        "Trial to enroll 120 patients",
        "Results expected next year",
    ]
    assert c.paragraphs == [BODY]


@pytest.mark.parametrize(
    "caption",
    [
        "(from left) Lee Jin-ho (CEO, Hyundai Bioscience) and Choi Mi-ra (CTO, Hyundai Bioscience)",
        "Photo: The company's research lab in Seoul",
        "▲ The company's research lab in Seoul",
        "Researchers work at the lab in Seoul. /Yonhap",
        "The company's research lab in Seoul (Photo courtesy of Hyundai Bioscience)",
    ],
)
def test_captions_are_kept_apart(caption: str) -> None:
    c = clean_text(f"Hyundai Bioscience starts antiviral trial\n{caption}\n\n{BODY}\n\n{caption}\n")
    assert c.captions == [caption.removeprefix("▲ ")]
    assert c.paragraphs == [BODY]


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("by Park, Seo-jun | translator | 2025-11-02 08:05:00", "Park Seo-jun"),
        ("By Lee Hye-seon", "Lee Hye-seon"),
        ("Reporter Park Ji-min", "Park Ji-min"),
        ("Kim Ji-hoon (jhkim@example.co.kr)", "Kim Ji-hoon"),
        ("Medytox PR", "Medytox PR"),
        ("Written by Jeon So-yeon", "Jeon So-yeon"),
    ],
)
def test_bylines(byline: str, author: str) -> None:
    c = clean_text(f"Hyundai Bioscience starts antiviral trial\n{byline}\n\n{BODY}\n")
    assert c.author == author
    assert c.paragraphs == [BODY]


def test_organisation_byline_names_the_outlet() -> None:
    c = clean_text(f"Medytox PR\nMedytox wins approval for toxin in Brazil\n\n{BODY}\n")
    assert c.author == "Medytox PR"
    assert c.outlet == "Medytox"


def test_sentence_starting_with_by_is_not_a_byline() -> None:
    sentence = "By the end of the year, the company expects to finish enrollment."
    c = clean_text(f"Hyundai Bioscience starts antiviral trial\n\n{BODY}\n\n{sentence}\n")
    assert c.author is None
    assert c.paragraphs == [BODY, sentence]


def test_hard_wrapped_paragraph_is_rejoined() -> None:
    c = clean_text(
        "Hyundai Bioscience starts antiviral trial\n\n"
        "Hyundai Bioscience said Monday it has started a phase 2\n"
        "trial of its antiviral drug in 120 patients.\n"
    )
    assert c.paragraphs == [BODY]


def test_whitespace_normalised_inside_paragraphs() -> None:
    spaced = BODY.replace(" Bioscience said ", "\u00a0Bioscience\tsaid  ")
    _, paragraphs = _clean("Hyundai Bioscience starts antiviral trial", "", " " + spaced + " ")
    assert paragraphs == [BODY]


def test_navigation_leftovers_are_not_article_text() -> None:
    c = clean_text("Home\nIndustry\nPolicy\nPeople\nOpinion\nEvents", Hints(title="Menu"))
    assert not has_article_text(c)


def test_record_without_title_has_no_headline() -> None:
    c = clean_text(BODY + " More detail follows here.", Hints(title=None))
    assert c.title == ""
    assert c.title_source is TitleSource.NONE


def test_long_unpunctuated_paragraph_is_cheap() -> None:
    text = "Headline of a long one here\n\n" + ("word " * 20000) + "\n\n" + ("x" * 30000)
    start = time.perf_counter()
    c = clean_text(text)
    assert time.perf_counter() - start < 1.0  # generous: a super-linear regex would take minutes
    assert len(c.paragraphs) == 2


def test_subheading_inside_the_article_does_not_end_it() -> None:
    later = "Kim said the company would also consider a listing in New York within three years."
    heading = "More from the interview"
    _, paragraphs = _clean("Hyundai Bioscience starts antiviral trial", "", BODY, "", heading, "", later)
    assert paragraphs == [BODY, heading, later]
