"""Timelines in the browser (issue 19): ``t`` charts quotes and mentions per month on a person's and
an organisation's page, and a search's matches per month above its results; the bars and counts are
the reader's own (``entity_timeline``, ``query_timeline``).  Enter on a month narrows the list to it,
a removable filter: a ``2026-01 ×`` chip among a search's filters, ``2026-01 only`` on a page; Escape
removes it.  Everything at 80x24, and the chart reads the same under NO_COLOR."""

from __future__ import annotations

import pytest
from _tui_desk import EARLIER, LATER
from _tui_helpers import (
    build_index,
    run_async,
    screen_segments,
    screen_text,
    search_with_facets,
    settle,
    until,
)

from kbio_tui.index import open_reader
from kbio_tui.tui.app import make_app
from kbio_tui.tui.screens.entity import EntityScreen
from kbio_tui.tui.screens.main import MainScreen
from kbio_tui.tui.widgets.timeline import TimelineChart, bar


@pytest.fixture(scope="module")
def reader(tmp_path_factory: pytest.TempPathFactory):
    ix = build_index(tmp_path_factory.mktemp("timeline") / "index", EARLIER)
    build_index(ix, LATER)
    r = open_reader(ix)
    yield r
    r.close()


def _entity(reader, name: str, kind: str) -> str:
    return next(e.id for e in reader.find_entities(name) if e.type == kind)


async def _page_with_timeline(pilot, entity_id: str) -> tuple[EntityScreen, TimelineChart]:
    app = pilot.app
    await settle(pilot)
    app.open_entity(entity_id)
    await until(pilot, lambda: isinstance(app.screen, EntityScreen))
    await settle(pilot)
    page = app.screen
    chart = page.query_one(TimelineChart)
    assert not chart.display, "hidden until t"
    await pilot.press("t")
    await until(pilot, lambda: chart.message is None)
    await settle(pilot)
    assert chart.has_focus
    return page, chart


def _chart_lines(app) -> list[str]:
    lines = screen_text(app).splitlines()
    return [line.rstrip() for line in lines if line.lstrip().startswith(("Mentions", "Quotes ", "Matches"))]


def _bars(values: list[int]) -> str:
    return "".join(bar(v, max(values)) for v in values)


@pytest.mark.parametrize(("name", "kind"), [("Yoon Ga-ram", "person"), ("Seorin Pharma", "org")])
@run_async
async def test_a_pages_timeline_is_the_readers(reader, name: str, kind: str) -> None:
    entity_id = _entity(reader, name, kind)
    timeline = reader.entity_timeline(entity_id)
    articles = [b.articles for b in timeline.buckets]
    quotes = [b.quotes for b in timeline.buckets]
    app = make_app(reader)
    async with app.run_test(size=(80, 24)) as pilot:
        _, chart = await _page_with_timeline(pilot, entity_id)
        assert [(m.period, m.counts) for m in chart.months] == [
            (b.period, (b.articles, b.quotes)) for b in timeline.buckets
        ]
        mentions_line, quotes_line = _chart_lines(app)
        assert mentions_line.split() == ["Mentions", _bars(articles), "max", str(max(articles))]
        assert quotes_line.split() == ["Quotes", _bars(quotes), "max", str(max(quotes))]
        first, last = timeline.buckets[0], timeline.buckets[-1]
        text = screen_text(app)
        assert f"{first.period}…{last.period}  ▸ {last.period}: {last.articles} art · {last.quotes} q" in text
        # t again hides it, and the next page opens the same way
        await pilot.press("t")
        await settle(pilot)
        assert not chart.display and "Mentions" not in screen_text(app)


@run_async
async def test_a_person_page_narrows_to_a_month_and_escape_brings_all_back(reader) -> None:
    yoon = _entity(reader, "Yoon Ga-ram", "person")
    months = {b.period: b for b in reader.entity_timeline(yoon).buckets}
    app = make_app(reader)
    async with app.run_test(size=(80, 24)) as pilot:
        main = app.screen
        page, chart = await _page_with_timeline(pilot, yoon)
        every = len(page.quotes)
        assert every == reader.entity(yoon).quote_count  # type: ignore[union-attr]
        assert chart.months[chart.cursor].period == "2026-03"  # the latest first
        await pilot.press("left", "left")  # February has nothing: the columns keep every month
        assert chart.months[chart.cursor].period == "2026-01"
        await pilot.press("enter")
        await settle(pilot)
        assert page.month == "2026-01"
        assert len(page.quotes) == months["2026-01"].quotes == 1
        assert all(q.published and q.published.strftime("%Y-%m") == "2026-01" for q in page.quotes)
        text = screen_text(app)
        assert "Quotes (1) · 2026-01 only · Esc: all" in text
        assert "Articles (1) · 2026-01 only" in text
        assert "Our CDMO lines are booked" in text and "A fourth line" not in text
        await pilot.press("escape")  # the month first
        await settle(pilot)
        assert page.month is None and len(page.quotes) == every
        assert app.screen is page and "only" not in screen_text(app)
        await pilot.press("escape")  # then back
        await settle(pilot)
        assert app.screen is main


async def _search(pilot, query: str) -> MainScreen:
    screen = await search_with_facets(pilot, query)
    assert isinstance(screen, MainScreen)
    return screen


@run_async
async def test_a_search_charts_its_matches_and_a_month_is_a_removable_filter(reader) -> None:
    timeline = reader.query_timeline("cdmo")
    app = make_app(reader)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await _search(pilot, "cdmo")
        chart = screen.query_one("#search-timeline", TimelineChart)
        await pilot.press("t")
        await until(pilot, lambda: chart.message is None)
        await settle(pilot)
        assert [(m.period, m.counts) for m in chart.months] == [
            (b.period, (b.articles,)) for b in timeline.buckets
        ]
        [line] = _chart_lines(app)
        counts = [b.articles for b in timeline.buckets]
        assert line.split() == ["Matches", _bars(counts), "max", str(max(counts))]
        assert "Articles · cdmo · 4 found" in screen_text(app)

        # a facet narrows the chart with the list
        await pilot.press("f2", "enter")  # Bae Ji-hoon
        await until(pilot, lambda: len(screen.filters) == 1)
        await settle(pilot)
        narrowed = reader.query_timeline("cdmo", within=screen.filter_ids)
        assert [(m.period, m.counts) for m in chart.months] == [
            (b.period, (b.articles,)) for b in narrowed.buckets
        ]

        # then a month: a chip after the facet, the list that month's only
        chart.focus()
        await pilot.press("home")
        assert chart.months[chart.cursor].period == "2025-12"
        await pilot.press("right")
        await pilot.press("enter")
        await until(pilot, lambda: screen.month == "2026-01")
        await settle(pilot)
        january = next(b for b in narrowed.buckets if b.period == "2026-01")
        titles = [s.title for s in screen.articles.summaries]
        assert len(titles) == january.articles == 2
        assert all(
            s.published and s.published.strftime("%Y-%m") == "2026-01" for s in screen.articles.summaries
        )
        assert "Articles · cdmo · Bae Ji-hoon × · 2026-01 × · 2 found" in screen_text(app)
        # Escape removes the last filter added: the month, then the facet
        await pilot.press("escape")
        await until(pilot, lambda: screen.month is None)
        await settle(pilot)
        assert "cdmo · Bae Ji-hoon × · 3 found" in screen_text(app)
        await pilot.press("escape")
        await until(pilot, lambda: not screen.filters)
        await settle(pilot)
        assert "Articles · cdmo · 4 found" in screen_text(app)


@run_async
async def test_a_month_chosen_first_comes_off_after_a_later_facet(reader) -> None:
    app = make_app(reader)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await _search(pilot, "cdmo")
        chart = screen.query_one("#search-timeline", TimelineChart)
        await pilot.press("t")
        await until(pilot, lambda: chart.message is None)
        await pilot.press("enter")  # the latest month: March
        await until(pilot, lambda: screen.month == "2026-03")
        await settle(pilot)
        assert [s.title for s in screen.articles.summaries] == ["Seorin Pharma adds a fourth CDMO line"]
        await pilot.press("f2", "enter")  # Yoon Ga-ram, the one quoted in March
        await until(pilot, lambda: len(screen.filters) == 1)
        await settle(pilot)
        assert "Articles · cdmo · 2026-03 × · Yoon Ga-ram × · 1 found" in screen_text(app)
        await pilot.press("escape")
        await until(pilot, lambda: not screen.filters)
        await settle(pilot)
        assert screen.month == "2026-03" and "cdmo · 2026-03 × · 1 found" in screen_text(app)


@run_async
async def test_the_chart_reads_without_colour(reader, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    yoon = _entity(reader, "Yoon Ga-ram", "person")
    app = make_app(reader)
    async with app.run_test(size=(80, 24)) as pilot:
        await _page_with_timeline(pilot, yoon)
        assert app.no_color
        mentions_line, _ = _chart_lines(app)
        assert "█" in mentions_line and "·" in mentions_line  # bars, and February's empty column
        # the cursor's column is drawn reversed, which needs no colour
        cursor = [
            seg for seg in screen_segments(app) if seg.style and seg.style.reverse and seg.text in "▁▂▃▄▅▆▇█·"
        ]
        assert len(cursor) == 2, "one per series"
        assert "▸ 2026-03" in screen_text(app)
