"""One page shape per outlet that covers Korean biopharma in English.

Each fixture under ``fixtures/outlets`` is an invented story, written for these tests, laid out the way
that outlet's scraped pages come: its masthead and menus, tickers, share and print widgets, byline and
date habits, captions, sign-offs, copyright lines and comment forms. Every test reads the real file with
the real reader and checks the headline, date, outlet and author, and that the outlet's chrome is gone.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from _ingest_helpers import FIXTURES, body, only_article, only_result

from kbio_tui.models import Article

OUTLETS = FIXTURES / "outlets"


def page(name: str) -> Article:
    return only_article(OUTLETS / name)


def text_of(art: Article) -> str:
    """Everything a reader sees besides the header fields: deck, captions and body."""
    return "\n".join([*art.deck, *art.captions, body(art)])


def assert_absent(art: Article, *chrome: str) -> None:
    shown = text_of(art) + "\n" + art.title
    for piece in chrome:
        assert piece not in shown, piece


def test_korea_biomedical_review_date_and_name_line_and_copyright() -> None:
    art = page("kbr_copyright.txt")
    assert art.title == (
        "Daon Biologics files for US approval of its eczema antibody as it widens its pipeline into allergies"
    )
    assert art.published == datetime(2026, 2, 3)
    assert art.outlet == "Korea Biomedical Review"  # from "Copyright © KBR ..."
    assert art.author == "Park Se-yeon"
    assert art.captions == [
        "Daon Biologics CEO Ahn Tae-gyu speaks at a press briefing in Seoul on Tuesday."
        " (Credit: Korea Biomedical Review)"
    ]
    assert_absent(art, "Unauthorized reproduction", "2026-02-03")


def test_korea_biomedical_review_without_headline_byline_in_dateline() -> None:
    result = only_result(OUTLETS / "kbr_inline_byline.txt")
    art = result.article
    assert art is not None
    assert art.title == ""  # the page starts at its lead: no headline is made up
    assert "no headline found: the article is listed without a title" in result.notes
    assert art.author == "Choi Min-jae"
    assert art.outlet == "Korea Biomedical Review"
    assert art.published is None
    assert body(art).startswith("BOSTON -- By Choi Min-jae")
    assert_absent(art, "All rights reserved")


def test_korea_herald_kicker_close_button_and_sign_off() -> None:
    art = page("herald_signoff.txt")
    assert (
        art.title == "Gaon Therapeutics bets on nasal vaccines after flu setback"
    )  # "[Herald Interview]" dropped
    assert art.published == datetime(2026, 3, 9, 14, 5)
    assert art.outlet == "The Korea Herald"  # from the reporter's heraldcorp.com address
    assert art.author == "Noh Eun-bi"
    assert art.captions == ["Gaon Therapeutics CEO Bae Sung-wook (Gaon Therapeutics)"]
    assert body(art).endswith("in the fourth quarter.")
    assert_absent(art, "Link copied", "nebi@heraldcorp.com", "신청하기", "Published")


def test_the_investor_page_clock_is_not_the_date() -> None:
    art = page("investor_page_clock.txt")
    assert art.title == "Nuri Bio to list its cell therapy unit on Kosdaq by year-end"  # "[AGM]" dropped
    assert art.published == datetime(2026, 4, 1, 10, 12)  # not the page clock (May 2) nor UPDATED
    assert art.outlet == "The Investor"
    assert art.author == "Seo Hye-jin"
    assert_absent(art, "UPDATED", "May 2, 2026", "전체메뉴", "글자 작게", "맨위로", "HERALD CORPORATION")


def test_yonhap_search_widget_wire_dateline_and_end_mark() -> None:
    art = page("yonhap_wire.txt")
    assert (
        art.title == "Bora Cell wins conditional approval for first homegrown CAR-T therapy"
    )  # "(LEAD)" dropped
    assert art.published == datetime(2026, 1, 20, 10, 15)
    assert art.outlet == "Yonhap News Agency"
    assert art.author is None  # a desk e-mail is not a byline, and "(Yonhap)" is the outlet
    assert body(art).startswith("SEOUL, Jan. 20 (Yonhap) --")
    assert_absent(
        art, "Go to Contents", "search results cover", "Recommended #", "therapy - 1", "dbkim@yna.co.kr",
        "(END)", "Most Liked", "Send Feedback", "How can we improve?",
    )  # fmt: skip


def test_korea_joongang_daily_print_widget_and_capitalised_byline() -> None:
    art = page("joongang_print.txt")
    assert (
        art.title == "Haneul Medics signs diagnostics deal with Swiss lab chain"
    )  # not "print dictionary print"
    assert art.published == datetime(2026, 2, 12, 18, 20)
    assert art.outlet == "Korea JoongAng Daily"
    assert art.author == "Jang Ha-eun"
    assert art.captions == ["Haneul Medics staff test samples at its plant in Osong. [HANEUL MEDICS]"]
    assert_absent(
        art, "Home > Business", "print dictionary print", "Log in to Twitter", "with the Korea JoongAng"
    )


def test_ked_global_ticker_empty_by_line_and_related_list() -> None:
    art = page("ked_ticker.txt")
    assert art.title == "Hanbit Pharm wins Brazil approval for its diabetes combination pill"
    assert art.published == datetime(2026, 2, 11)  # the "By" line's date, not the later one in "More to Read"
    assert art.outlet == "KED Global"  # from the hankyung.com address
    assert art.author == "Min-Ji Kang"  # only in "Write to ... at ..."
    assert art.deck == ["The approval is the company's sixth in Latin America, after Mexico and Colombia"]
    assert_absent(
        art, "KOSPI", "USD/KRW", "View Market Snapshot", "Bio & Pharma", "Min read", "More to Read",
        "second tablet plant", "Comment 0", "0/300", "Skip to main content",
    )  # fmt: skip


def test_pulse_mojibake_repaired_and_two_bylines() -> None:
    art = page("pulse_mojibake.txt")
    assert (
        art.title == "Sora Pharm’s arthritis pill cleared as Korea’s 40th novel drug"
    )  # CP949 read as Latin-1
    assert art.published == datetime(2026, 1, 14, 9, 12, 30)  # posted, not the updated time beside it
    assert art.outlet == "Pulse"  # from "ⓒ Pulse by Maeil Business Newspaper"
    assert art.author is not None and "Jung Ha-rin" in art.author and "Tom Lee" in art.author
    assert art.captions == ["[Photo provided by Sora Pharm]"]  # the glued Korean zoom label is gone
    assert_absent(art, "¡¯", "사진", "All rights reserved", "09:40:02")


def test_businesskorea_page_clock_and_bulleted_byline() -> None:
    art = page("businesskorea_clock.txt")
    assert art.title == "Dasol Bio Licenses out Obesity Pill to US Drugmaker"
    assert art.deck == ["A Deal Worth Up to US$820 Mil."]
    assert art.published == datetime(2026, 5, 28, 11, 20)  # not "Wednesday, June 3, 2026" above the masthead
    assert art.outlet == "BusinessKorea"
    assert art.author == "Han Ji-woo"
    assert_absent(art, "Share articles", "June 3", "All rights reserved")


def test_dailypharm_search_chrome_and_translator_byline() -> None:
    art = page("dailypharm_translator.txt")
    assert art.title == "Generic makers brace for a second round of price cuts"
    assert art.published == datetime(2026, 2, 11, 8, 30)
    assert art.outlet == "Dailypharm"
    assert art.author == "Lee Seo-yun"  # "Lee, Seo-yun" is surname first with a comma
    assert_absent(art, "Live Search Close", "translator")


def test_korea_times_site_suffix_and_updated_stamp() -> None:
    art = page("koreatimes_updated.txt")
    assert (
        art.title == "Ilsan Biotech starts phase 3 trial of its shingles vaccine"
    )  # " - The Korea Times" dropped
    assert art.published == datetime(2026, 3, 2, 16, 40)  # posted, not updated
    assert art.outlet == "The Korea Times"
    assert art.author == "Yoon Ji-hoon"
    assert_absent(art, "Text Size", "Settings", "Print", "yoonjh@", "Updated")


def test_chosun_biz_reporter_and_input_stamp() -> None:
    art = page("chosunbiz_reporter.txt")
    assert art.title == "Gyeol Pharm to buy back shares after drug approval lifts profit"
    assert art.published == datetime(2026, 4, 7, 10, 30)  # "Input", not "Updated"
    assert art.outlet == "Chosun Biz"
    assert art.author == "Kim Do-hyun"
    assert_absent(art, "ChosunBiz.com", "Input 2026", "Reporter Kim")


def test_korea_bizwire_title_tagline_glued_dateline_and_comment_form() -> None:
    art = page("koreabizwire_comment.txt")
    assert art.title == "Jinsol Bio's Hemophilia Drug Approved in Japan"  # " | Be Korea-savvy" dropped
    assert art.published is None  # "Apr. 3" has no year anywhere on the page
    assert art.outlet == "Korea Bizwire"  # the dateline's, not the "(Yonhap)" credit's
    assert art.author is None
    assert art.deck == []  # the headline's curly-apostrophe repeat is not a deck
    assert_absent(art, "Be Korea-savvy", "Leave a Reply", "will not be published", "Required fields")


def test_business_wire_release_dateline_and_footer() -> None:
    art = page("businesswire_release.txt")
    assert art.title == "Yeoul Biologics Receives EU Marketing Authorization for Denosumab Biosimilar"
    assert art.published == datetime(2026, 4, 8, 7, 0)
    assert art.outlet == "Business Wire"
    assert art.author is None
    assert art.captions == ["Yeoul Biologics headquarters in Incheon (Photo: Business Wire)"]
    assert_absent(art, "About Yeoul", "Contacts", "press@yeoulbio")


def test_daum_portal_copy_without_a_named_source() -> None:
    art = page("daum_portal_copy.txt")
    assert art.title == "Ara Bio signs cancer vaccine pact with German institute"
    assert art.published == datetime(2026, 3, 5, 14, 20)
    assert art.outlet == "Daum"  # the portal, since the copy names no source
    assert art.author is None
    assert_absent(art, "글자크기", "다음뉴스")


@pytest.mark.parametrize("name", sorted(p.name for p in OUTLETS.glob("*.txt")))
def test_no_outlet_page_leaves_chrome_as_headline_or_outlet(name: str) -> None:
    """Whatever the outlet, its headline and outlet are never chrome words."""
    art = only_article(Path(OUTLETS / name))
    for chrome in (
        "Go to Contents",
        "print",
        "KOSPI",
        "Send to",
        "Text Size",
        "Settings",
        "National",
        "UPDATE",
    ):
        assert not art.title.startswith(chrome)
        assert art.outlet != chrome
    assert art.outlet is not None


def test_korea_times_wire_copy_page_clock_and_wire_byline() -> None:
    art = page("koreatimes_wire_copy.txt")
    assert art.title == "Hanul Bio to start European trial of dry eye drug"  # not "UPDATE" nor "Send to"
    assert art.published == datetime(2026, 9, 6, 16, 24)  # "UPDATE" above the masthead is the site's clock
    assert art.outlet == "The Korea Times"  # the masthead, not the wire it carries
    assert art.author is None  # "By Yonhap" names a wire, not a person
    assert_absent(art, "UPDATE", "Send to", "Lifestyle > Health", "By Yonhap")


def test_publisher_footer_is_not_article_text() -> None:
    """A publisher's legal footer names its officers: they are the site's, not people in the story."""
    art = page("investor_publisher_footer.txt")
    assert art.title == "Doum Pharm opens cold-chain warehouse for biologics in Incheon"
    assert art.published == datetime(2025, 10, 14, 9, 30)
    assert art.outlet == "The Investor"
    assert body(art).endswith("add a frozen section next year.")
    assert_absent(art, "Ryu Tae-seon", "Moon Sol-ah", "Registration", "+82-2", "맨위로")


def test_pr_newswire_release_issuer_and_dateline() -> None:
    art = page("prnewswire_release.txt")
    assert art.title == "Mirae Cell Announces Positive Phase 2 Results for MC-3 in Knee Osteoarthritis"
    assert art.published == datetime(2026, 3, 5, 8, 0)
    assert art.outlet == "PR Newswire"  # from "/PRNewswire/" in the dateline
    assert art.author == "Mirae Cell"  # the issuer the wire names
    assert_absent(art, "Share this article", "About Mirae Cell", "SOURCE Mirae Cell", "News provided by")


def test_saved_html_page_uses_its_metadata_in_canonical_form() -> None:
    """A saved page: trafilatura's title, date, author and site name, the site suffix and spelling tidied."""
    art = page("koreatimes_page.html")
    assert art.title == "Hanul Bio wins approval for dry eye drug"
    assert art.published == datetime(2025, 3, 4, 9, 0)
    assert art.outlet == "The Korea Times"  # the page's site name is "koreatimes"
    assert art.author == "Kim Da-eun"
    assert body(art).startswith("Hanul Bio said Tuesday")
    assert_absent(art, "Home |", "All rights reserved")


def test_outlet_missing_from_the_table_is_read_from_the_page_title() -> None:
    """The page title repeats the headline with the site's name: the name is dropped from the headline
    and kept as the outlet, even for a site the outlet table does not list."""
    art = page("unlisted_site_page_title.txt")
    assert art.title == "Hanul Bio wins approval for dry eye drug"
    assert art.outlet == "Seoul Pharma Weekly"
    assert art.published == datetime(2025, 3, 4, 9, 0)
    assert art.deck == []


def test_aju_press_headline_printed_twice_is_still_the_headline() -> None:
    """Page title and headline one after the other: a headline (a byline follows), not a caption."""
    art = page("ajupress_double_headline.txt")
    assert art.title == "Somang Bio starts building vaccine plant in Chungju"
    assert art.captions == []
    assert art.published == datetime(2025, 11, 20, 15, 5)
    assert art.outlet == "Aju Press"
    assert art.author == "Lim Seo-jun"
    assert_absent(art, "AJU PRESS", "All rights reserved")
