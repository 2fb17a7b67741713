"""Facets that follow the query, narrowing filters and the dense main screen (issue 18).

With a search, the Entities pane lists who and what the matching articles are about, with how many
of them mention each and how often each is quoted there; Enter on one narrows the search to the
articles that also mention it, the filters are named in the Articles title and Escape removes the
last.  At 80x24 the rows are one line, at least 12 of them show, and every footer fits."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from _tui_helpers import build_index, paste, run_async, screen_text, search_with_facets, settle, until

from kbio_tui.index import open_reader
from kbio_tui.models import Article
from kbio_tui.tui.app import make_app
from kbio_tui.tui.screens.entity import EntityScreen
from kbio_tui.tui.screens.help import HelpScreen
from kbio_tui.tui.screens.main import MainScreen
from kbio_tui.tui.screens.people import PeopleScreen
from kbio_tui.tui.widgets.key_bar import KeyBar


def _article(key: str, outlet: str, day: int, title: str, paragraphs: list[str]) -> Article:
    return Article(
        source_file=f"/desk/{key}.txt",
        source_hash=f"{key}-1",
        outlet=outlet,
        title=title,
        published=datetime(2026, 3, day, 9, 0),
        paragraphs=paragraphs,
    )


CDMO = [
    _article(
        "a1",
        "Korea Biomedical Review",
        2,
        "Hanbit Biologics adds CDMO lines in Songdo",
        [
            "Hanbit Biologics said on Monday it will add two CDMO lines at its Songdo plant.",
            '"Our CDMO order book has never been this full," said Cho Hyun-soo, head of operations at '
            "Hanbit Biologics.",
            '"We will hire 300 engineers for the new lines," Cho said.',
        ],
    ),
    _article(
        "a2",
        "Yonhap News Agency",
        5,
        "Korean CDMO exports hit a record",
        [
            "Exports by Korean CDMO companies reached a record in February, according to industry data.",
            '"Customers want a second supplier outside China," said Cho Hyun-soo of Hanbit Biologics.',
            '"The CDMO boom has years to run," said Lee Mi-rae, an analyst at Daewon Securities.',
        ],
    ),
    _article(
        "a3",
        "Dailypharm",
        9,
        "Smaller CDMO firms chase niche modalities",
        [
            "Smaller CDMO firms are turning to cell and gene therapy work as larger rivals such as "
            "Hanbit Biologics expand.",
            '"Niche modalities are where the margins are," said Lee Mi-rae, an analyst at Daewon Securities.',
        ],
    ),
    _article(
        "a4",
        "The Korea Herald",
        12,
        "Biosimilar prices fall in Europe",
        [
            "Prices of biosimilars in Europe fell for a third year, squeezing Korean makers.",
            '"Price pressure will not ease soon," said Cho Hyun-soo, head of operations at Hanbit Biologics.',
        ],
    ),
]
# Short notices with nobody in them: enough rows to fill an 80x24 list and more.
NOTICES = [
    _article(
        f"n{i:02d}",
        "Dailypharm",
        14 + i % 14,
        f"Regulatory notice number {i} on labelling of generic tablets",
        [f"The ministry published labelling notice number {i} for generic tablets on Tuesday."],
    )
    for i in range(20)
]


@pytest.fixture(scope="module")
def reader(tmp_path_factory: pytest.TempPathFactory):
    ix = build_index(tmp_path_factory.mktemp("facets") / "index", CDMO + NOTICES)
    r = open_reader(ix)
    yield r
    r.close()


async def _search_with_facets(pilot, query: str) -> MainScreen:
    screen = await search_with_facets(pilot, query)
    assert isinstance(screen, MainScreen)
    return screen


def _entity_rows(screen: MainScreen) -> list[str]:
    options = screen.entities.options
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def _titles(screen: MainScreen) -> list[str]:
    return [s.title for s in screen.articles.summaries]


@run_async
async def test_facets_list_who_is_quoted_about_the_search_with_counts(reader) -> None:
    app = make_app(reader)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await _search_with_facets(pilot, "cdmo")
        assert _entity_rows(screen) == ["Cho Hyun-soo  2 art · 3 q", "Lee Mi-rae  2 art · 2 q"]
        text = screen_text(app)
        assert "People in 3 matches" in text
        assert "Cho Hyun-soo  2 art · 3 q" in text
        # the other types follow the same search
        await pilot.press("f2", "right")
        await until(pilot, lambda: screen.entities.entity_type == "org")
        await settle(pilot)
        rows = _entity_rows(screen)
        assert rows[0] == "Hanbit Biologics  3 art · 0 q"
        assert "Daewon Securities  2 art · 0 q" in rows
        # the counts are the reader's own
        counted = reader.facets("cdmo", limit=100, articles=200).facets["org"]
        assert [f"{f.entity.name}  {f.articles} art · {f.quotes} q" for f in counted] == rows


@run_async
async def test_choosing_facets_narrows_the_search_and_escape_removes_the_last(reader) -> None:
    app = make_app(reader)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await _search_with_facets(pilot, "cdmo")
        assert len(_titles(screen)) == 3
        await pilot.press("f2")
        await pilot.press("enter")  # Cho Hyun-soo
        await until(pilot, lambda: len(screen.filters) == 1 and screen._facets is not None)
        await settle(pilot)
        assert _titles(screen) == [
            "Korean CDMO exports hit a record",
            "Hanbit Biologics adds CDMO lines in Songdo",
        ]
        assert "Articles · cdmo · Cho Hyun-soo × · 2 found" in screen_text(app)
        # the chosen person leaves the facets; who else is quoted in those two articles stays
        assert _entity_rows(screen) == ["Lee Mi-rae  1 art · 1 q"]
        await pilot.press("enter")  # and Lee Mi-rae as well
        await until(pilot, lambda: len(screen.filters) == 2)
        await settle(pilot)
        assert _titles(screen) == ["Korean CDMO exports hit a record"]
        assert "cdmo · Cho Hyun-soo × · Lee Mi-rae × · 1 found" in screen_text(app)
        # Escape removes the last filter, then the one before
        await pilot.press("escape")
        await until(pilot, lambda: len(screen.filters) == 1)
        await settle(pilot)
        assert len(_titles(screen)) == 2
        text = screen_text(app)
        assert "cdmo · Cho Hyun-soo × · 2 found" in text and "Lee Mi-rae ×" not in text
        await pilot.press("escape")
        await settle(pilot)
        assert not screen.filters and len(_titles(screen)) == 3
        assert "Articles · cdmo · 3 found" in screen_text(app)
        # with no filter left, Escape hands the keyboard to the articles
        await pilot.press("escape")
        assert screen.focused is screen.articles


@run_async
async def test_a_facet_never_replaces_the_search_and_ctrl_o_opens_its_page(reader) -> None:
    app = make_app(reader)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await _search_with_facets(pilot, "cdmo")
        await pilot.press("f2", "down")
        await settle(pilot)
        assert screen.mode == "search" and len(_titles(screen)) == 3, "moving over facets keeps the search"
        await pilot.press("ctrl+o")
        await until(pilot, lambda: isinstance(app.screen, EntityScreen))
        await settle(pilot)
        assert "Lee Mi-rae" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and screen.query_text == "cdmo" and not screen.filters


@run_async
async def test_clearing_the_search_drops_its_filters_and_lists_every_entity(reader) -> None:
    app = make_app(reader)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await _search_with_facets(pilot, "cdmo")
        await pilot.press("f2", "enter")
        await until(pilot, lambda: len(screen.filters) == 1)
        await pilot.press("slash", "ctrl+a", "ctrl+k")
        await pilot.press("enter")
        await until(pilot, lambda: screen.mode == "latest")
        await settle(pilot)
        assert not screen.filters
        assert screen.entities.facets is None
        assert any("Cho Hyun-soo" in row and "m " in row for row in _entity_rows(screen))
        assert "Articles · latest" in screen_text(app)


@run_async
async def test_from_a_filtered_search_to_a_quote_and_back(reader) -> None:
    """search -> facet -> article -> person -> quote, then Escape back to the filtered search."""
    app = make_app(reader)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await _search_with_facets(pilot, "cdmo")
        await pilot.press("f2", "down", "enter")  # Lee Mi-rae
        await until(pilot, lambda: len(screen.filters) == 1)
        await settle(pilot)
        await pilot.press("f3", "enter")  # read the first article, in the lists' place at 80 columns
        await settle(pilot)
        assert screen.has_class("-reading")
        assert "Korean CDMO exports hit a record" in screen_text(app)
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, PeopleScreen))
        text = screen_text(app)
        assert "Cho Hyun-soo" in text and "Lee Mi-rae" in text and "  1 q  Lee Mi-rae" in text
        await pilot.press("enter")  # the most quoted here first: Cho Hyun-soo (1), then Lee (1) by name
        await until(pilot, lambda: isinstance(app.screen, EntityScreen))
        await settle(pilot)
        page = app.screen
        assert "Cho Hyun-soo" in screen_text(app)
        await pilot.press("enter")  # the newest quote, in its article
        await settle(pilot)
        assert app.screen is not page
        assert "Price pressure will not ease soon" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is page
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("escape")  # out of the article, back to the filtered list
        await settle(pilot)
        assert not screen.has_class("-reading")
        assert "Articles · cdmo · Lee Mi-rae × · 2 found" in screen_text(app)


@run_async
async def test_rows_are_one_line_and_twelve_fit_at_80x24(reader) -> None:
    app = make_app(reader)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert screen.query_one("#search").region.height == 1
        lines = screen_text(app).splitlines()
        rows = [line for line in lines if "2026-03-" in line]
        assert len(rows) >= 12, rows
        # each row is date, outlet, title on one line: no row's title continues below it
        notices = [line for line in rows if "Regulatory notice number" in line]
        assert len(notices) >= 11
        ends = [re.sub(r"[\s┃│▎▁▂▃▄▅▆▇█]+$", "", line) for line in notices]  # border, scrollbar
        assert all(end.endswith(("tablets", "…")) for end in ends), notices


def _footer(app) -> str:
    bar = app.screen.query_one(KeyBar)
    return str(bar.render())


@run_async
async def test_every_footer_fits_80_columns_with_its_keys_whole(reader) -> None:
    app = make_app(reader)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        seen: list[str] = []

        def check(*, typing: bool = False) -> None:
            footer = _footer(app)
            seen.append(footer)
            assert len(footer) <= 80 and "…" not in footer, footer
            if not typing:  # in the search box "?" is a character like any other
                assert " ? " in footer, "help is always one key away"

        check()  # the article list
        await pilot.press("f2")
        check()
        await pilot.press("f3", "enter")
        await settle(pilot)
        check()  # reading
        await pilot.press("escape", "slash")
        check(typing=True)  # the search box
        app.open_entity(reader.find_entities("Cho Hyun-soo")[0].id)
        await until(pilot, lambda: isinstance(app.screen, EntityScreen))
        await settle(pilot)
        check()
        assert len(set(seen)) >= 3


@run_async
async def test_the_palette_lists_people_first_then_the_apps_commands(reader) -> None:
    app = make_app(reader)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await until(pilot, lambda: "Quit" in screen_text(app))
        await settle(pilot)
        lines = screen_text(app).splitlines()
        cho = next(i for i, line in enumerate(lines) if "Cho Hyun-soo" in line)
        quit_ = next(i for i, line in enumerate(lines) if "Quit" in line)
        assert cho < quit_, "people before the app's commands"
        assert not any("Screenshot" in line or "Maximize" in line for line in lines)
        await paste(pilot, "help")
        await until(pilot, lambda: "Keys and query syntax" in screen_text(app))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)  # opened from the palette
