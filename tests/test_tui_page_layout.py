"""A person's page, dense and with context (issue 18): two-line quote rows marked by kind (a letter
under NO_COLOR), empty sections take no room, and from 160 columns the selected quote's article is
shown beside the list, scrolled to it."""

from __future__ import annotations

from _tui_helpers import run_async, screen_text, settle

from kbio_tui.tui.app import make_app
from kbio_tui.tui.screens.entity import EntityScreen
from kbio_tui.tui.widgets.detail_view import DetailView


def _id(reader, name: str, etype: str) -> str:
    return next(e.id for e in reader.find_entities(name) if e.type == etype)


async def _open(pilot, entity_id: str) -> EntityScreen:
    pilot.app.open_entity(entity_id)
    await settle(pilot)
    page = pilot.app.screen
    assert isinstance(page, EntityScreen)
    return page


def _quote_lines(app) -> list[str]:
    return [
        line for line in screen_text(app).splitlines() if line[2:4].strip() in ("●", "◐", "○", "D", "P", "R")
    ]


@run_async
async def test_quote_rows_are_two_lines_marked_by_kind(reader) -> None:
    kim = _id(reader, "Kim Ji-won", "person")
    app = make_app(reader)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        page = await _open(pilot, kim)
        lines = screen_text(app).splitlines()
        marks = {"direct": "●", "partial": "◐", "indirect": "○"}
        for quote in page.quotes:
            row = next(i for i, line in enumerate(lines) if f"{marks[quote.kind.value]} " in line)
            assert "20" in lines[row + 1], "the second line is the article's date, outlet and title"
        # every quote of the page is on screen at 80x24
        assert len(page.quotes) == 3
        assert len(_quote_lines(app)) == 3
        # the header is two lines: who, and how much
        assert page.query_one("#entity-header").region.height == 2


@run_async
async def test_without_colour_the_kind_is_a_letter(reader, monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    kim = _id(reader, "Kim Ji-won", "person")
    app = make_app(reader)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        page = await _open(pilot, kim)
        text = screen_text(app)
        letters = {"direct": "D “", "partial": "P ", "indirect": "R "}
        for quote in page.quotes:
            assert letters[quote.kind.value] in text
        assert "●" not in text and "○" not in text


@run_async
async def test_an_empty_section_takes_no_room(reader) -> None:
    quiet = next(e for e in reader.entities(limit=1000) if e.quote_count == 0 and e.type == "person")
    app = make_app(reader)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        page = await _open(pilot, quiet.id)
        assert not page.query_one("#quotes").display
        assert "0 quotes" in screen_text(app)
        assert page.query_one("#entity-articles").region.height >= 3


@run_async
async def test_wide_page_shows_the_selected_quotes_article_beside_the_list(reader) -> None:
    kim = _id(reader, "Kim Ji-won", "person")
    app = make_app(reader)
    async with app.run_test(size=(170, 40)) as pilot:
        await settle(pilot)
        page = await _open(pilot, kim)
        context = page.query_one("#quote-context", DetailView)
        assert context.region.width >= 60
        first = page.quotes[0]
        assert context.article is not None and context.article.id == first.article_id
        assert any(h.kind == "quote" and h.start == first.sentence_start for h in context.highlights)
        await pilot.press("down")
        await settle(pilot)
        second = page.quotes[1]
        assert context.article is not None and context.article.id == second.article_id
        assert any(h.kind == "quote" and h.start == second.sentence_start for h in context.highlights)
        # the list keeps a reading width; the context is beside it
        assert page.query_one("#quotes").region.right <= context.region.x


@run_async
async def test_narrow_page_has_no_context_view(reader) -> None:
    kim = _id(reader, "Kim Ji-won", "person")
    app = make_app(reader)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        page = await _open(pilot, kim)
        context = page.query_one("#quote-context", DetailView)
        assert context.region.width == 0
        assert context.article is None, "nothing is read for a view nobody sees"
