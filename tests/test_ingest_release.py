"""Trade-site section labels, run-on bylines, press-release and government-notice furniture, and the
date shapes that go with them. Whole pages are in tests/fixtures/ingest; each rule is also checked alone,
with the near misses that must stay article text."""

from __future__ import annotations

from datetime import datetime

import pytest
from _ingest_helpers import INGEST, body, only_article

from kbio_tui.ingest import boilerplate as bp
from kbio_tui.ingest.byline import parse_byline
from kbio_tui.ingest.captions import is_caption
from kbio_tui.ingest.clean import clean_text
from kbio_tui.ingest.dates import date_line, split_trailing_date
from kbio_tui.ingest.header import title_candidate

HEAD = "Hallim Cell wins approval for knee cartilage therapy"
P1 = "Hallim Cell said on Thursday that regulators approved its cartilage cell therapy for damaged knees."
P2 = "The company expects the first patients to be treated at three university hospitals in the spring."
P3 = "Analysts said the approval could lift sales by about a fifth next year, though pricing is not yet set."


def _page(*lines: str) -> str:
    return "\n\n".join(lines) + "\n"


# --- whole pages -----------------------------------------------------------------------------------------


def test_business_daily_with_section_label_spaced_menu_and_run_on_byline() -> None:
    art = only_article(INGEST / "biz_section_label.txt")
    assert art.title == "Tonghae Bio raises $60 mn in series C to fund obesity trials"
    assert art.author == "Ahn Da-eun"
    assert art.published == datetime(2026, 3, 3)
    assert art.outlet == "Seoul Markets Wire"
    assert art.deck == [
        "The round was led by a Singapore sovereign fund and values the company at about $400 million"
    ]
    assert len(art.paragraphs) == 3
    assert art.paragraphs[-1].startswith("Next steps for the company")  # a sentence, not a next-article link
    for junk in ("Science & Tech", "Min read", "LinkedIn", "Write to", "@marketswire"):
        assert junk not in body(art)


def test_newspaper_with_domain_masthead_and_posted_on_line_above_the_headline() -> None:
    art = only_article(INGEST / "ledger_posted_on.txt")
    assert art.title == "Rural clinics lose their last pediatricians as trainees head for the capital"
    assert art.published == datetime(2026, 4, 2, 10, 5)
    assert art.outlet == "The Seoul Ledger"
    assert art.author == "Moon Ga-young"  # "By Moon Ga-young, staff writer" under the story
    assert art.deck == [
        "Three provinces now have no hospital able to admit a child overnight, health data show"
    ]
    assert art.captions == [
        "A nurse checks a child's temperature at a county clinic. (Seoul Ledger archive photo)"
    ]
    assert art.paragraphs[1].startswith("About 40 percent")  # "About" + a number is prose, not a footer
    for junk in ("Posted on", "Japanese", "staff writer", "Most viewed", "Subway", "seoulledger"):
        assert junk not in body(art)


def test_wire_press_release_credits_the_issuer_and_drops_the_boilerplate() -> None:
    art = only_article(INGEST / "wire_release.txt")
    assert art.title.startswith("Dasan Genomics and Northgate Labs Sign Agreement")
    assert art.author == "Dasan Genomics Co., Ltd."  # "News provided by", never the media contact
    assert art.published == datetime(2026, 3, 9, 7, 30)
    assert (
        art.paragraphs[-1]
        == "The companies expect to file for regulatory clearance in both countries in 2028."
    )
    junk_lines = (
        "About Dasan",
        "Seoul-based company that",
        "forward-looking",
        "Helen Brooks",
        "ir@",
        "SOURCE",
    )
    for junk in (*junk_lines, "News provided"):
        assert junk not in body(art)


def test_government_notice_metadata_and_neighbour_links_are_not_article_text() -> None:
    art = only_article(INGEST / "ministry_notice.txt")
    assert art.title == "Ministry to expand home visits for patients with rare diseases"
    assert art.published == datetime(2026, 4, 1)
    assert art.author is None
    assert art.outlet == "Ministry of Health Policy"
    assert art.deck == []
    assert len(art.paragraphs) == 3
    assert art.paragraphs[-1].startswith('"No family should')  # the credit line mid-body did not end it
    metadata = ("Department in charge", "Contact:", "Attachment", ".pdf", "Views", "Source:")
    links = ("Previous", "regional rare disease centers", "nursing fee schedule", "List | Print")
    for junk in (*metadata, *links):
        assert junk not in body(art)


# --- dates -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "published", "updated"),
    [
        ("10:42 March 4, 2026", datetime(2026, 3, 4, 10, 42), None),  # clock before the date (wire shape)
        ("2026-03-04 10:42 KST", datetime(2026, 3, 4, 10, 42), None),
        ("Mar 4, 2026 (GMT+09:00)", datetime(2026, 3, 4), None),
        ("Mar. 4, 2026, 21:05 ET", datetime(2026, 3, 4, 21, 5), None),
        ("Jul.9,2026", datetime(2026, 7, 9), None),  # no spaces at all
        (
            "Posted : Jul.9,2026 08:15 KST  Modified : Jul.9,2026 09:00 KST",
            datetime(2026, 7, 9, 8, 15),
            datetime(2026, 7, 9, 9),
        ),
        ("Date 2026-07-09", datetime(2026, 7, 9), None),  # a label without a colon
        ("Date 2026-07-09 | Hits 2,310", datetime(2026, 7, 9), None),  # a view counter beside it
        ("Views: 88 | 2026.07.09 14:00", datetime(2026, 7, 9, 14), None),
        ("Jul 9, 2026 | 5 min read", datetime(2026, 7, 9), None),
    ],
)
def test_date_line_shapes(line: str, published: datetime, updated: datetime | None) -> None:
    assert date_line(line) == (published, updated)


@pytest.mark.parametrize(
    "line",
    [
        "2026-07-09 hit the market with a new drug",  # "hit" is not a counter without its number
        "Shares rose 4% on Jul 9, 2026 after the report",
        "Jul 9, 2026 et al. reported the findings",
    ],
)
def test_sentences_with_dates_are_not_date_lines(line: str) -> None:
    assert date_line(line) is None


def test_split_trailing_date_only_when_a_date_ends_the_line() -> None:
    split = split_trailing_date("By Seo Yu-na Jul 9, 2026 (GMT+09:00)")
    assert split == ("By Seo Yu-na", datetime(2026, 7, 9), None)
    assert split_trailing_date("By Seo Yu-na on Jul 9, 2026 in Busan") is None


# --- bylines ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "author", "published"),
    [
        ("By Seo Yu-na Jul 9, 2026 (GMT+09:00)", "Seo Yu-na", datetime(2026, 7, 9)),
        ("By Seo Yu-na, staff writer", "Seo Yu-na", None),
        ("By Seo Yu-na, senior reporter", "Seo Yu-na", None),
        ("Seo Yu-na, staff writer", "Seo Yu-na", None),
    ],
)
def test_byline_run_on_date_and_role_suffix(line: str, author: str, published: datetime | None) -> None:
    byline = parse_byline(line)
    assert byline is not None
    assert (byline.author, byline.published) == (author, published)


def test_sentence_with_a_date_is_not_a_byline() -> None:
    assert parse_byline("By March 2027 the plant will be running at full capacity") is None


# --- headlines, mastheads, menus ---------------------------------------------------------------------------


@pytest.mark.parametrize("label", ["Science & Tech", "Health and Medicine", "Policy & Regulation"])
def test_short_capitalised_section_label_is_not_a_headline(label: str) -> None:
    assert title_candidate(label) is None
    cleaned = clean_text(_page("Home > Biotech", label, HEAD, "By Kang Ji-ho", P1, P2))
    assert cleaned.title == HEAD


def test_longer_headline_with_ampersand_is_kept() -> None:
    assert title_candidate("Samsung & Celltrion Race to Launch Biosimilar") is not None


def test_menu_laid_out_with_runs_of_spaces_is_navigation() -> None:
    page = "Pulse Bio Daily\nNews  Deals  Clinical  Policy  People\n" + HEAD + "\n\n" + P1 + "\n\n" + P2
    cleaned = clean_text(page)
    assert cleaned.title == HEAD
    assert cleaned.deck == []


def test_headline_with_stray_double_spaces_is_still_the_headline() -> None:
    title = "Hallim Cell  wins approval  for knee cartilage therapy"
    assert clean_text(_page(title, P1, P2)).title == HEAD


@pytest.mark.parametrize(
    ("line", "site"),
    [
        ("seoulledger.example.kr | The Seoul Ledger", "The Seoul Ledger"),
        ("www.biotimes.example.com", "www.biotimes.example.com"),
        ("The Seoul Ledger · seoulledger.example.kr", "The Seoul Ledger"),
    ],
)
def test_domain_masthead_names_the_site(line: str, site: str) -> None:
    assert bp.site_from_domain_line(line) == site


def test_domain_inside_a_sentence_is_not_a_masthead() -> None:
    assert bp.site_from_domain_line("Visit trials.example.org | for details on enrolment") is None


def test_outlet_beside_date_gives_outlet_and_date_not_deck() -> None:
    cleaned = clean_text(_page("Busan Health Journal | 2026-01-01", HEAD, P1, P2))
    assert cleaned.outlet == "Busan Health Journal"
    assert cleaned.published == datetime(2026, 1, 1)
    assert cleaned.title == HEAD
    assert cleaned.deck == []


# --- release and notice furniture --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Division in charge: Vaccine Policy Division | Contact: Deputy Director Choi Min (+82-43-000-0000)",
        "Person in charge: Lee Na-rae",
        "Media contact: Jin Ha-eun, press@example.kr",
        "Attachment: Briefing slides.pdf",
        "Tel: +82-2-000-1111",
    ],
)
def test_release_metadata_label_lines(line: str) -> None:
    assert bp.is_metadata_label(line)
    cleaned = clean_text(_page(HEAD, line, P1, P2))
    assert cleaned.title == HEAD
    assert line not in cleaned.paragraphs and line not in cleaned.deck


def test_colon_headline_is_not_release_metadata() -> None:
    assert not bp.is_metadata_label("Department of Health: new rules for clinics")
    assert not bp.is_metadata_label("Contact lenses: a market in focus")


@pytest.mark.parametrize(
    "heading",
    [
        "About Hallim Cell",
        "Forward-Looking Statements",
        "Safe Harbor Statement",
        "Media Contact:",
        "Investor Contacts",
        "SOURCE Hallim Cell Co., Ltd.",
        "###",
    ],
)
def test_release_footer_heading_ends_the_body(heading: str) -> None:
    about = "Hallim Cell is a Seoul-based company founded in 2011."
    cleaned = clean_text(_page(HEAD, P1, P2, heading, about, P3))
    assert cleaned.paragraphs == [P1, P2]


@pytest.mark.parametrize(
    "line",
    [
        "About 30 patients took part in the study, which ran for a year.",
        "About the trial",  # a sub-heading in lower case after "About"
        "Contacts between the two companies began last spring, the report said.",
    ],
)
def test_prose_starting_like_a_footer_keeps_the_body_going(line: str) -> None:
    cleaned = clean_text(_page(HEAD, P1, line, P2))
    assert cleaned.paragraphs[-1] == P2


def test_media_contact_name_is_not_the_author() -> None:
    page = _page(HEAD, P1, P2, "Media Contact:", "Nam Yu-jin", "press@hallimcell.example", "+82-2-000-2222")
    cleaned = clean_text(page)
    assert cleaned.author is None
    assert cleaned.paragraphs == [P1, P2]


def test_provided_by_on_one_line() -> None:
    cleaned = clean_text(_page(HEAD, "News provided by Hallim Cell Co., Ltd.", P1, P2))
    assert cleaned.author == "Hallim Cell Co., Ltd."


def test_source_credit_is_dropped_without_ending_the_body() -> None:
    cleaned = clean_text(_page(HEAD, P1, "Source: Korea Health Statistics", P2, P3))
    assert cleaned.paragraphs == [P1, P2, P3]


@pytest.mark.parametrize(
    "links",
    [
        ("Previous  Hallim Cell names new research chief", "Next  Ministry updates cell therapy rules"),
        ("Previous article: Hallim Cell names new research chief",),
        ("Next article Ministry updates cell therapy rules",),
        ("Prev Hallim Cell names new research chief",),
    ],
)
def test_previous_and_next_article_links_end_the_body(links: tuple[str, ...]) -> None:
    cleaned = clean_text(_page(HEAD, P1, P2, *links))
    assert cleaned.paragraphs == [P1, P2]


def test_next_as_an_ordinary_word_stays() -> None:
    line = "Next Generation Sequencing Centre opens in Osong"  # a sub-heading, no Previous link beside it
    cleaned = clean_text(_page(HEAD, P1, line, P2))
    assert line in cleaned.paragraphs


# --- captions --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "caption"),
    [
        ("Technicians inspect a bioreactor in Songdo. (Busan Health Journal file photo)", True),
        ("Researchers at work in the lab (Hallim Cell handout image)", True),
        ("The agency released the figures on Monday (see photo).", False),
        ("Shares rose 3 percent (Korea Exchange data).", False),
    ],
)
def test_credit_in_parentheses_marks_a_caption(line: str, caption: bool) -> None:
    assert is_caption(line) is caption
