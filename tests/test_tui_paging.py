"""The Articles pane builds its rows a page at a time; the rows a user reaches must all be there and right."""

from __future__ import annotations

from datetime import datetime

from _tui_helpers import PaneApp, bulletins, run_async, screen_text, settle

from kbio_tui.index.api import ArticleSummary, Snippet
from kbio_tui.tui.widgets.article_list import ArticleList
from kbio_tui.tui.widgets.paged_options import PAGE

ROWS = PAGE * 3 + 7


def summaries(count: int = ROWS) -> list[ArticleSummary]:
    return bulletins(count)


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
async def test_the_first_page_builds_only_the_rows_that_fill_the_pane() -> None:
    """Rows are one line: the pane's height in rows (plus one) fills it, and the frame drawn
    before the background fill shows no gap."""
    app = PaneApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.query_one(ArticleList)
        pane.stop_filling()
        pane.show(summaries())
        pane.stop_filling()  # keep only what the first frame gets
        height = pane.scrollable_content_region.height
        assert pane.option_count == height + 1 < len(pane.summaries)
        await pilot.pause()
        region = pane.scrollable_content_region
        lines = screen_text(app).splitlines()[region.y : region.bottom]
        assert len(lines) == height
        blank = [i for i, line in enumerate(lines) if not line[region.x : region.right].strip()]
        assert blank == [], f"the first page must fill the pane; blank lines {blank}"


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
        pane.add_snippets(
            {
                "a000": Snippet(text="perfusion bioreactor trial", highlights=[(10, 21)]),
                "a001": Snippet(text="second row snippet", highlights=[(0, 6)]),
            }
        )
        await settle(pilot)
        lines = screen_text(app).splitlines()
        first = next(n for n, line in enumerate(lines) if "number 0" in line)
        # the highlighted row opens on its snippet; the others stay one line
        assert "perfusion bioreactor trial" in lines[first + 1]
        assert "number 1" in lines[first + 2]
        assert "number 2" in lines[first + 3]
        assert "second row snippet" not in screen_text(app)
        await pilot.press("down")
        await settle(pilot)
        lines = screen_text(app).splitlines()
        assert "number 0" in lines[first] and "number 1" in lines[first + 1]
        assert "second row snippet" in lines[first + 2] and "number 2" in lines[first + 3]
        assert "perfusion bioreactor trial" not in screen_text(app)
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


@run_async
async def test_rows_are_built_only_while_their_screen_is_shown() -> None:
    from textual.screen import Screen

    app = PaneApp()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(ArticleList)
        pane.show(summaries())
        built = pane.option_count
        assert built < ROWS
        await app.push_screen(Screen())
        await pilot.pause(0.5)  # ten fill intervals
        assert pane.option_count == built, "a covered list builds no rows"
        app.pop_screen()
        await settle(pilot)
        assert pane.option_count == ROWS, "and it finishes once it is shown again"
        assert [pane.get_option_at_index(i).id for i in range(ROWS)] == [s.id for s in pane.summaries]


# ---- a long list arriving in two parts ------------------------------------------------------------


@run_async
async def test_rows_appended_later_keep_the_cursor_and_come_in_order() -> None:
    app = PaneApp()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(ArticleList)
        everything = summaries()
        pane.show(everything[:PAGE], more=True)
        for _ in range(5):
            await pilot.press("down")
        assert pane.current_id == "a005"
        assert not pane.extend(everything[1:]), "a list that does not begin with the shown rows is refused"
        assert pane.extend(everything)
        assert pane.current_id == "a005"
        await settle(pilot)
        assert pane.option_count == ROWS
        assert [pane.get_option_at_index(i).id for i in range(ROWS)] == [s.id for s in everything]
        await pilot.press("end")
        assert pane.current_id == f"a{ROWS - 1:03d}"


# ---- a person page with more quotes than its first page ---------------------------------------------

PERSON = ("person:lee-min-ho", "Lee Min-ho", "CEO", "Hanbit Biologics")


def _quoted_articles(n: int):
    from datetime import timedelta

    from _index_helpers import make_article

    from kbio_tui.models import QuoteKind

    out = []
    for i in range(n):
        said = f"Batch {i} of the antibody shipped on schedule."
        out.append(
            make_article(
                f"Hanbit plant update number {i}",
                [f'"{said}" Lee Min-ho said on the call.'],
                source=f"/corpus/hanbit-{i:03d}.txt",
                published=datetime(2025, 1, 1) + timedelta(days=i),
                people=[PERSON],
                quotes=[(PERSON[0], PERSON[1], said, QuoteKind.DIRECT)],
            )
        )
    return out


@run_async
async def test_person_page_draws_the_newest_quotes_then_lists_them_all(tmp_path, monkeypatch) -> None:
    import threading

    from kbio_tui.index import IndexWriter, open_reader
    from kbio_tui.tui.app import make_app
    from kbio_tui.tui.screens.article import ArticleScreen
    from kbio_tui.tui.screens.entity import FIRST_QUOTES, EntityScreen

    n = FIRST_QUOTES + 25
    with IndexWriter(tmp_path / "ix") as w:
        for a in _quoted_articles(n):
            w.add(a)
        w.commit()
    reader = open_reader(tmp_path / "ix")
    release = threading.Event()
    first_page_only = reader.quotes_by

    def slow_rest(entity_id: str, limit: int = 1000):
        if limit > FIRST_QUOTES:
            release.wait(10)  # the rest of the list is still loading while the test looks
        return first_page_only(entity_id, limit=limit)

    monkeypatch.setattr(reader, "quotes_by", slow_rest)
    app = make_app(reader)
    monkeypatch.setenv("KBIO_EXPORT_DIR", str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.open_entity(PERSON[0])
        for _ in range(100):
            await pilot.pause(0.02)
            page = app.screen
            if isinstance(page, EntityScreen) and page.quotes:
                break
        assert isinstance(page, EntityScreen)
        assert len(page.quotes) == FIRST_QUOTES and not page.complete
        assert f"Quotes ({FIRST_QUOTES} of {n})" in screen_text(app)
        assert page.quotes[0].text == f"Batch {n - 1} of the antibody shipped on schedule."  # newest first
        release.set()
        await settle(pilot)
        assert page.complete and len(page.quotes) == n
        assert f"Quotes ({n}) · newest first" in screen_text(app)
        dates = [q.published for q in page.quotes]
        assert dates == sorted(dates, reverse=True)
        await pilot.press("end")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.article_id == page.quotes[-1].article_id
        assert "Hanbit plant update number 0" in screen_text(app)  # the oldest quote's article
    reader.close()


@run_async
async def test_export_while_the_rest_is_loading_writes_every_quote(tmp_path, monkeypatch) -> None:
    import threading

    from kbio_tui.index import IndexWriter, open_reader
    from kbio_tui.tui.app import make_app
    from kbio_tui.tui.screens.entity import FIRST_QUOTES, EntityScreen

    n = FIRST_QUOTES + 3
    with IndexWriter(tmp_path / "ix") as w:
        for a in _quoted_articles(n):
            w.add(a)
        w.commit()
    reader = open_reader(tmp_path / "ix")
    hold = threading.Event()
    real = reader.quotes_by
    calls: list[int] = []

    def held(entity_id: str, limit: int = 1000):
        calls.append(limit)
        if limit > FIRST_QUOTES and len(calls) == 2:
            hold.wait(10)  # the page's own background load stays stuck
        return real(entity_id, limit=limit)

    monkeypatch.setattr(reader, "quotes_by", held)
    monkeypatch.setenv("KBIO_EXPORT_DIR", str(tmp_path))
    app = make_app(reader)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.open_entity(PERSON[0])
        for _ in range(100):
            await pilot.pause(0.02)
            if isinstance(app.screen, EntityScreen) and app.screen.quotes:
                break
        page = app.screen
        assert isinstance(page, EntityScreen) and not page.complete
        await pilot.press("e")
        await pilot.pause(0.1)
        await pilot.press("enter")
        await pilot.pause(0.1)
        markdown = (tmp_path / "lee-min-ho-quotes.md").read_text(encoding="utf-8")
        assert markdown.count("\n- ") == n
        hold.set()
        await settle(pilot)
    reader.close()


@run_async
async def test_a_capped_quote_list_says_so_and_export_writes_every_quote(tmp_path, monkeypatch) -> None:
    from kbio_tui.index import IndexWriter, open_reader
    from kbio_tui.tui.app import make_app
    from kbio_tui.tui.screens import entity as entity_screen

    monkeypatch.setattr(entity_screen, "FIRST_QUOTES", 3)
    monkeypatch.setattr(entity_screen, "QUOTE_LIMIT", 5)  # the page lists the newest 5 of 8
    n = 8
    with IndexWriter(tmp_path / "ix") as w:
        for a in _quoted_articles(n):
            w.add(a)
        w.commit()
    reader = open_reader(tmp_path / "ix")
    monkeypatch.setenv("KBIO_EXPORT_DIR", str(tmp_path))
    app = make_app(reader)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_entity(PERSON[0])
        await settle(pilot)
        page = app.screen
        assert isinstance(page, entity_screen.EntityScreen) and page.complete
        assert len(page.quotes) == 5
        assert f"Quotes (5 newest of {n}) · newest first" in screen_text(app)
        await pilot.press("e")
        await pilot.pause(0.1)
        await pilot.press("enter")
        await settle(pilot)
        markdown = (tmp_path / "lee-min-ho-quotes.md").read_text(encoding="utf-8")
        assert markdown.count("\n- ") == n
        assert "Batch 0 of the antibody" in markdown  # the oldest, not on the page
    reader.close()


# ---- a search with more matches than its first rows --------------------------------------------------


def _search_index(tmp_path, n: int):
    from kbio_tui.index import IndexWriter, open_reader

    with IndexWriter(tmp_path / "ix") as w:
        for a in _quoted_articles(n):
            w.add(a)
        w.commit()
    return open_reader(tmp_path / "ix")


def _before_search(monkeypatch, reader, before) -> None:
    """Run ``before(query, limit)`` ahead of each of the reader's searches (to hold, slow down or
    fail the first rows or the rest)."""
    real = reader.search

    def search(query: str, limit: int = 200):
        before(query, limit)
        return real(query, limit=limit)

    monkeypatch.setattr(reader, "search", search)


async def _search(pilot, query: str) -> None:
    from _tui_helpers import paste

    await pilot.press("slash")
    await paste(pilot, query)


async def _wait_for(pilot, check, limit: float = 10.0) -> None:
    for _ in range(int(limit / 0.02)):
        if check():
            return
        await pilot.pause(0.02)
    raise AssertionError("timed out")


@run_async
async def test_a_search_draws_its_first_rows_then_lists_every_match(tmp_path, monkeypatch) -> None:
    import threading

    from kbio_tui.tui.app import make_app
    from kbio_tui.tui.screens import main as main_screen

    first = main_screen.FIRST_RESULTS
    n = first + 25
    reader = _search_index(tmp_path, n)
    expected = [h.article.id for h in reader.search("antibody", limit=main_screen.ARTICLE_LIMIT).hits]
    assert len(expected) == n
    release = threading.Event()
    limits: list[int] = []

    def held(_query: str, limit: int) -> None:
        limits.append(limit)
        if limit > first:
            release.wait(10)  # the rest is still loading while the test looks

    _before_search(monkeypatch, reader, held)
    app = make_app(reader)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _search(pilot, "antibody")
        screen = app.screen
        pane = screen.query_one(ArticleList)
        await _wait_for(pilot, lambda: bool(pane.summaries) and pane.summaries[0].id == expected[0])
        assert [s.id for s in pane.summaries] == expected[:first]
        assert f"{n} found" in screen_text(app), "the count is the whole search's, not the first rows'"
        await _wait_for(pilot, lambda: len(limits) == 2)  # the rest is asked for without any key
        release.set()
        await settle(pilot)
        assert [s.id for s in pane.summaries] == expected
        assert limits == [first, main_screen.ARTICLE_LIMIT], "each part is searched once"
        await pilot.press("enter")  # keyboard to the results
        await pilot.press("end")
        assert pane.current_id == expected[-1]
    reader.close()


@run_async
async def test_typing_on_drops_the_older_searchs_rest(tmp_path, monkeypatch) -> None:
    import threading

    from kbio_tui.tui.app import make_app
    from kbio_tui.tui.screens import main as main_screen

    first = main_screen.FIRST_RESULTS
    reader = _search_index(tmp_path, first + 25)
    release = threading.Event()
    asked: list[tuple[str, int]] = []

    def held(query: str, limit: int) -> None:
        asked.append((query, limit))
        if query == "antibody" and limit > first:
            release.wait(10)

    _before_search(monkeypatch, reader, held)
    app = make_app(reader)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _search(pilot, "antibody")
        await _wait_for(pilot, lambda: ("antibody", main_screen.ARTICLE_LIMIT) in asked)
        pane = app.screen.query_one(ArticleList)
        await pilot.press("ctrl+a", "ctrl+k")  # clear the bar, then a query with one match
        from _tui_helpers import paste

        await paste(pilot, '"number 7"')
        await _wait_for(pilot, lambda: [s.title for s in pane.summaries] == ["Hanbit plant update number 7"])
        release.set()  # the older search's rest arrives late
        await settle(pilot)
        await pilot.pause(main_screen.REST_AFTER + 0.1)
        await settle(pilot)
        assert [s.title for s in pane.summaries] == ["Hanbit plant update number 7"]
        assert "1 article matches" in screen_text(app)
    reader.close()


@run_async
async def test_the_cursor_near_the_last_row_fetches_the_rest_at_once(tmp_path, monkeypatch) -> None:
    from kbio_tui.tui.app import make_app
    from kbio_tui.tui.screens import main as main_screen

    monkeypatch.setattr(main_screen, "REST_AFTER", 60.0)  # never by the timer in this test
    first = main_screen.FIRST_RESULTS
    n = first + 25
    reader = _search_index(tmp_path, n)
    app = make_app(reader)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _search(pilot, "antibody")
        await settle(pilot)
        pane = app.screen.query_one(ArticleList)
        assert len(pane.summaries) == first
        await pilot.press("enter")  # keyboard to the results
        await pilot.press("end")  # the last row fetched: within NEAR_END of it
        await settle(pilot)
        assert len(pane.summaries) == n
        assert pane.current_id == pane.summaries[first - 1].id, "the cursor stays where the user put it"
        await pilot.press("end")
        assert pane.current_id == pane.summaries[-1].id
    reader.close()


@run_async
async def test_enter_keeps_a_listed_search_and_retries_a_failed_one(tmp_path, monkeypatch) -> None:
    from kbio_tui.tui.app import make_app

    reader = _search_index(tmp_path, 3)
    asked: list[str] = []

    def flaky(query: str, _limit: int) -> None:
        asked.append(query)
        if len(asked) == 1:
            raise OSError("the disk went away for a moment")

    _before_search(monkeypatch, reader, flaky)
    app = make_app(reader)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _search(pilot, "antibody")
        await settle(pilot)
        pane = app.screen.query_one(ArticleList)
        assert "disk went away" in screen_text(app) and asked == ["antibody"]
        await pilot.press("enter")  # the same query again: after a failure, Enter retries it
        await settle(pilot)
        assert asked == ["antibody", "antibody"]
        assert len(pane.summaries) == 3 and "3 articles match" in screen_text(app)
        await pilot.press("slash", "enter")  # listed already: Enter only hands over the keyboard
        await settle(pilot)
        assert asked == ["antibody", "antibody"]
        assert app.focused is pane
    reader.close()


@run_async
async def test_a_refresh_keeps_the_article_read_from_beyond_the_first_rows(tmp_path, monkeypatch) -> None:
    import time

    from kbio_tui.tui.app import make_app
    from kbio_tui.tui.messages import IndexChanged
    from kbio_tui.tui.screens import main as main_screen

    first = main_screen.FIRST_RESULTS
    reader = _search_index(tmp_path, first + 25)

    def slow_rest(_query: str, limit: int) -> None:
        if limit > first:
            time.sleep(0.3)  # the rest takes a while, as on a large index: longer than the preview delay

    _before_search(monkeypatch, reader, slow_rest)
    app = make_app(reader)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _search(pilot, "antibody")
        screen = app.screen
        pane = screen.query_one(ArticleList)
        await _wait_for(pilot, lambda: len(pane.summaries) == first + 25)
        await pilot.press("enter")  # keyboard to the results
        for _ in range(first + 5):
            await pilot.press("down")
        await settle(pilot)
        reading = pane.current_id
        assert reading == pane.summaries[first + 5].id
        assert screen.detail.article is not None and screen.detail.article.id == reading
        asked: list[str] = []
        real = screen.request_detail
        screen.request_detail = lambda article_id, **kw: (asked.append(article_id), real(article_id, **kw))
        screen.post_message(IndexChanged())  # what the app's periodic check sends after an ingest
        await settle(pilot)
        await pilot.pause(main_screen.REST_AFTER + 0.1)
        await settle(pilot)
        assert pane.current_id == reading, "the cursor is back on the row being read"
        assert set(asked) <= {reading}, f"the detail view never showed another article: {asked}"
        assert screen.detail.article is not None and screen.detail.article.id == reading
    reader.close()


@run_async
async def test_a_widget_being_removed_counts_as_torn_down() -> None:
    """What the screens check before taking a worker's result (see kbio_tui/tui/lifecycle.py)."""
    from textual.widgets import Static

    from kbio_tui.tui.lifecycle import torn_down

    app = PaneApp()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(ArticleList)
        extra = Static("x")
        await app.screen.mount(extra)
        assert not torn_down(pane) and not torn_down(extra) and not torn_down(app.screen)
        removal = extra.remove()
        assert torn_down(extra), "from the moment its removal starts, before it completes"
        assert not torn_down(pane)
        await removal
        await pilot.pause()
        assert torn_down(extra)
