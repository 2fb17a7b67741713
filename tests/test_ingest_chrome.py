"""Site chrome around the headline and after the body: menus, breadcrumbs, mastheads, bare bylines,
footers. Each rule is checked on its own and on whole pages shaped like other outlets."""

from __future__ import annotations

from datetime import datetime

import pytest
from _ingest_helpers import INGEST, body, only_article

from kbio_tui.ingest.boilerplate import is_navigation, is_tag_line
from kbio_tui.ingest.byline import bare_name, normalize_author, parse_byline
from kbio_tui.ingest.clean import clean_text

TITLE = "Daewon Biologics opens single-use antibody plant in Osong"
BODY = "Daewon Biologics said Tuesday that its second plant in Osong has started commercial production."
LATER = "The company expects the plant to reach full utilization by the end of next year."


# --- whole pages -----------------------------------------------------------------------------------------


def test_trade_journal_with_breadcrumb_and_tag_footer() -> None:
    art = only_article(INGEST / "pharmtech_breadcrumb.txt")
    assert art.title == TITLE
    assert art.deck == ["Facility doubles the company's contract capacity to 60,000 liters"]
    assert art.author == "Yoon Seo-hyun"
    assert art.outlet == "Pharmaceutical Technology Korea"
    assert art.published == datetime(2026, 2, 17, 10, 42)
    assert len(art.paragraphs) == 4
    text = body(art)
    for junk in ("Subscribe", "HOME", "URL copy", "@pharmtech", "Keywords", "#CDMO", "Top 5", "Celltrion"):
        assert junk not in text


def test_newspaper_with_menu_bar_and_bare_name_byline() -> None:
    art = only_article(INGEST / "hankyoreh_bare_byline.txt")
    assert art.title == "Hospitals brace for shortage of pediatric fever syrups as makers halt output"
    assert art.author == "Lee Seo-yeon"  # a name on its own line next to the date line
    assert art.outlet == "The Hankyoreh"
    assert art.published == datetime(2026, 3, 2, 14, 11)
    assert art.deck == []
    assert art.paragraphs[-1].startswith("The health ministry said")
    text = body(art)
    for junk in ("Politics", "Economy >", "Print", "Lee Seo-yeon", "@hani", "Hot Issues", "Family Sites"):
        assert junk not in text


def test_masthead_first_line_is_not_the_headline() -> None:
    art = only_article(INGEST / "maeil_masthead_first.txt")
    assert art.title == "Korean biotechs flock to Boston as US licensing talks heat up"
    assert art.outlet == "Maeil Business Newspaper"
    assert art.deck == ["Twelve firms to open local offices this year, industry group says"]
    assert art.author == "Kang Min-seo"  # an upper-case name line, in the usual case
    assert art.published == datetime(2026, 4, 21, 9, 30, 12)
    assert "Unauthorized" not in body(art) and "Maeil" not in body(art)


def test_hospital_press_page_keeps_subheading_but_not_contact_block() -> None:
    art = only_article(INGEST / "hospital_press.txt")
    assert art.title.startswith("Hanbyeol University Hospital team develops AI model")
    assert art.author is None
    assert art.outlet == "Hanbyeol University Hospital"
    assert art.published == datetime(2026, 5, 8)
    assert art.paragraphs[-2:] == [
        "About the Study",
        "The findings were published in the journal Critical Care Medicine this month.",
    ]
    text = body(art)
    for junk in ("Departments", "Press Releases", "Media Contact", "Office of Communications", "List",
                 "Related Sites"):  # fmt: skip
        assert junk not in text


def test_association_newsletter_with_dot_menu_and_tags_line() -> None:
    art = only_article(INGEST / "koreabio_newsletter.txt")
    assert art.title == "Seorin Therapeutics joins European consortium on rare-disease gene therapy"
    assert art.outlet == "KoreaBIO Newsletter"
    assert art.published == datetime(2026, 3, 11)
    assert len(art.paragraphs) == 3
    text = body(art)
    for junk in ("Members", "Member News", "Email", "Tags", "Most Read", "partnering mission"):
        assert junk not in text


# --- navigation lines ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "HOME > Policy > Regulation",
        "Home › Policy",
        "World | Business | Culture | Sports | S. Korea",
        "Log In | Register",
        "Register | Login | Sign up",
        "Science > Bio · Medicine",
        "Newsroom / Press Releases",
        "Life & Style > Wellness",
        "News | Markets | Opinion | \ub274\uc2a4 | \u4e2d\u6587 | \u65e5\u672c\u8a9e",  # editions
    ],
)
def test_menus_and_breadcrumbs_are_navigation(line: str) -> None:
    assert is_navigation(line)


@pytest.mark.parametrize(
    "line",
    [
        "Exclusive | Celltrion wins approval for its subcutaneous infliximab in Japan",
        "Samsung · SK bet on new plants",
        "Revenue rose | the company said",
        "Daewon Biologics opens single-use antibody plant in Osong",
        "Home",
        "Celltrion·Samsung Bioepis",
        "Sales > 10 billion won",
    ],
)
def test_headlines_and_prose_are_not_navigation(line: str) -> None:
    assert not is_navigation(line)


@pytest.mark.parametrize("nav", ["HOME > Medical & Devices", "Opinion | Finance | Tech | Bio | Culture"])
def test_headline_is_taken_after_the_last_menu(nav: str) -> None:
    c = clean_text(
        f"MedWorld Korea\n{nav}\nRegister  Join\n\n{TITLE}\nBy Jung Min-ho\n2026.02.11 09:14\n\n{BODY}\n"
    )
    assert c.title == TITLE
    assert c.deck == []
    assert c.paragraphs == [BODY]


def test_related_headlines_above_a_menu_are_not_the_title() -> None:
    related = "Celltrion files for approval of subcutaneous infliximab in Canada"
    c = clean_text(f"{related}\nHome > Bio\n{TITLE}\nBy Jung Min-ho\n2026.02.11\n\n{BODY}\n")
    assert c.title == TITLE
    assert related not in c.deck


def test_headline_and_deck_before_a_share_bar_stay_together() -> None:
    deck = "Facility doubles the company's contract capacity"
    c = clean_text(f"{TITLE}\n{deck}\nShare | Print\nBy Jung Min-ho\n2026.02.11\n\n{BODY}\n")
    assert c.title == TITLE
    assert c.deck == [deck]


# --- mastheads -------------------------------------------------------------------------------------------


def test_outlet_name_on_the_first_line_is_the_masthead() -> None:
    c = clean_text(f"Voice of Bio Industry News\n{TITLE}\nBy Jung Min-ho\n2026-05-14\n\n{BODY}\n")
    assert c.title == TITLE
    assert c.outlet == "Voice of Bio Industry News"


def test_title_case_headline_without_outlet_word_stays_the_title() -> None:
    headline = "Daewon Biologics Opens Antibody Plant"
    deck = "Facility doubles the company's contract capacity"
    c = clean_text(f"{headline}\n{deck}\nBy Jung Min-ho\n2026-05-14\n\n{BODY}\n")
    assert c.title == headline
    assert c.deck == [deck]


def test_interface_words_before_search_are_not_an_outlet() -> None:
    c = clean_text(f"Korea JoongAng Daily\nSubscribe  Newsletter  Search\n{TITLE}\n\n{BODY}\n")
    assert c.outlet == "Korea JoongAng Daily"


def test_bracketed_circled_c_copyright_names_the_outlet() -> None:
    c = clean_text(f"{TITLE}\n\n{BODY}\n\n<ⓒ Seoul Bio Daily, All rights reserved>\n")
    assert c.outlet == "Seoul Bio Daily"
    assert c.paragraphs == [BODY]


# --- bylines ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "author"),
    [
        (("Hwang Ji-woo", "Published 2026.02.11 09:14"), "Hwang Ji-woo"),
        (("Published 2026.02.11 09:14", "Seo Yu-jin"), "Seo Yu-jin"),
        (("Min-jae Seo", "2026-02-11"), "Min-jae Seo"),
        (("OH SEUNG-MIN", "2026-02-11"), "Oh Seung-min"),
        (("Kim Ji-hoon, Lee Min-su", "2026-02-11"), "Kim Ji-hoon, Lee Min-su"),
        (("Kim Ji-hoon | 2026-02-11 10:00",), "Kim Ji-hoon"),
        (("Kim Ji-hoon · 2026-02-11",), "Kim Ji-hoon"),
    ],
)
def test_bare_name_next_to_the_date_is_the_byline(lines: tuple[str, ...], author: str) -> None:
    c = clean_text("\n".join((TITLE, *lines, "", BODY)))
    assert c.author == author
    assert c.published is not None and c.published.date() == datetime(2026, 2, 11).date()
    assert c.deck == []
    assert c.paragraphs == [BODY]


def test_bare_name_without_a_date_beside_it_is_not_a_byline() -> None:
    c = clean_text(f"{TITLE}\nHwang Ji-woo\n\n{BODY}\n\n2026-02-11\n")
    assert c.author is None


@pytest.mark.parametrize(
    "line", ["Korea Biomedical Review", "Login Register", "Breaking News", "Seoul", "Kim Ji-hoon Lee Min"]
)
def test_labels_and_mastheads_are_not_bare_names(line: str) -> None:
    assert bare_name(line) is None


def test_signature_with_email_after_the_body_is_dropped() -> None:
    c = clean_text(f"{TITLE}\nBy Yoon Seo-hyun\n\n{BODY}\n\n{LATER}\n\nYoon Seo-hyun yoonsh@example.kr\n")
    assert c.author == "Yoon Seo-hyun"
    assert c.paragraphs == [BODY, LATER]
    byline = parse_byline("Yoon Seo-hyun yoonsh@example.kr")
    assert byline is not None and byline.author == "Yoon Seo-hyun"


def test_name_then_email_lines_at_the_end_give_the_author() -> None:
    c = clean_text(f"{TITLE}\n\n{BODY}\n\n{LATER}\n\nAhn Da-eun\ndaeun@example.kr\n")
    assert c.author == "Ahn Da-eun"
    assert c.paragraphs == [BODY, LATER]


@pytest.mark.parametrize(
    ("given", "author"),
    [
        ("OH SEUNG-MIN", "Oh Seung-min"),
        ("BY KIM JI-HOON [jhkim@example.co.kr]", "Kim Ji-hoon"),
        ("KIM, JIN-GU", "Kim Jin-gu"),
        ("Kim Jin-Gu", "Kim Jin-Gu"),  # mixed case is kept as the outlet wrote it
        ("JNPMEDI", "JNPMEDI"),
    ],
)
def test_upper_case_names_are_put_in_name_case(given: str, author: str) -> None:
    byline = parse_byline(given)
    assert (byline.author if byline else normalize_author(given)) == author


def test_organisation_byline_in_capitals_is_kept() -> None:
    byline = parse_byline("JNPMEDI PR")
    assert byline is not None and byline.author == "JNPMEDI PR"


# --- footers ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "footer",
    [
        ("Keywords", "#vaccines #export"),
        ("Tags: gene therapy, rare disease",),
        ("(END)", "Another company announced a different deal on Monday, officials said."),
        ("Top 20 Articles", "Another company announced a different deal on Monday, officials said."),
        ("Hot Issues", "Another company announced a different deal on Monday, officials said."),
    ],
)
def test_footer_headings_end_the_article(footer: tuple[str, ...]) -> None:
    c = clean_text("\n\n".join((TITLE, BODY, LATER, *footer)))
    assert c.paragraphs == [BODY, LATER]


@pytest.mark.parametrize("line", ["#cell therapy #Osong #CDMO", "#CDMO"])
def test_hashtag_lists_are_noise(line: str) -> None:
    assert is_tag_line(line)
    c = clean_text(f"{TITLE}\n\n{BODY}\n\n{line}\n\n{LATER}\n")
    assert c.paragraphs == [BODY, LATER]


@pytest.mark.parametrize(
    "line", ["#1 drugmaker by sales in Korea says exports rose sharply", "Keywords matter"]
)
def test_hash_and_keyword_sentences_are_not_chrome(line: str) -> None:
    assert not is_tag_line(line)
    c = clean_text(f"{TITLE}\n\n{BODY}\n\n{line} for the market.\n\n{LATER}\n")
    assert c.paragraphs == [BODY, f"{line} for the market.", LATER]


def test_trailing_short_lines_after_the_body_are_dropped() -> None:
    tail = [
        "Seoul Bio Weekly online",
        "SOURCE Daewon Biologics",
        "Corporate Communications, Daewon Biologics",
    ]
    c = clean_text("\n\n".join((TITLE, BODY, LATER, *tail)))
    assert c.paragraphs == [BODY, LATER]


def test_short_closing_sentence_is_not_a_footer() -> None:
    c = clean_text("\n\n".join((TITLE, BODY, LATER, "Shares rose 3 percent.", "Back to list")))
    assert c.paragraphs == [BODY, LATER, "Shares rose 3 percent."]
