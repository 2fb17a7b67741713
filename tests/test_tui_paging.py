"""The Articles pane builds its rows a page at a time; the rows a user reaches must all be there and right."""

from __future__ import annotations

from datetime import datetime

from _tui_helpers import run_async, screen_text, settle
from textual.app import App, ComposeResult

from kbio_tui.index.api import ArticleSummary, Snippet
from kbio_tui.tui.widgets.article_list import ArticleList
from kbio_tui.tui.widgets.paged_options import PAGE

ROWS = PAGE * 3 + 7


class PaneApp(App[None]):
    CSS = "ArticleList { height: 1fr; }"

    def compose(self) -> ComposeResult:
        yield ArticleList(id="articles")


def summaries() -> list[ArticleSummary]:
    return [
        ArticleSummary(
            id=f"a{i:03d}",
            title=f"Cell line bulletin number {i}",
            outlet="Korea Biomedical Review",
            published=datetime(2026, 1, 1 + i % 28),
        )
        for i in range(ROWS)
    ]


@run_async
async def test_end_reaches_the_last_article_before_the_background_fill_is_done() -> None:
    app = PaneApp()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(ArticleList)
        pane.show(summaries())
        assert pane.highlighted == 0
        await pilot.press("end")
        assert pane.current_id == f"a{ROWS - 1:03d}"
        await settle(pilot)
        assert pane.option_count == ROWS
        assert f"Cell line bulletin number {ROWS - 1}" in screen_text(app)


@run_async
async def test_background_fill_builds_every_row_in_order() -> None:
    app = PaneApp()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(ArticleList)
        pane.show(summaries())
        await settle(pilot)
        assert [pane.get_option_at_index(i).id for i in range(pane.option_count)] == [
            s.id for s in pane.summaries
        ]
        pane.select_id("a030")
        assert pane.current_id == "a030"


@run_async
async def test_a_late_snippet_takes_its_row_and_pushes_the_rows_below_down() -> None:
    app = PaneApp()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(ArticleList)
        pane.show(summaries())
        await settle(pilot)
        pane.add_snippets({"a000": Snippet(text="perfusion bioreactor trial", highlights=[(10, 21)])})
        await settle(pilot)
        lines = screen_text(app).splitlines()
        first = next(n for n, line in enumerate(lines) if "number 0" in line)
        assert "perfusion bioreactor trial" in lines[first + 2]
        assert "number 1" in lines[first + 4]  # title, meta, snippet, rule, then the next row
        assert pane.snippets["a000"].text.startswith("perfusion")


@run_async
async def test_a_snippet_for_a_row_not_built_yet_shows_when_the_row_is_built() -> None:
    app = PaneApp()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(ArticleList)
        last = f"a{ROWS - 1:03d}"
        pane.show(summaries(), snippets={last: Snippet(text="tail end snippet text")})
        await pilot.press("end")
        await settle(pilot)
        assert "tail end snippet text" in screen_text(app)
