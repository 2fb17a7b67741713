"""What the main screen does with a search besides listing it: save it (``s``), run a saved one
(``S``, the palette), and chart its matches per month (``t``) to narrow it to one month.

Kept apart from ``main.py``: these functions take the screen and use its state (``query_text``,
``filters``, ``month``) and its public methods; ``main.py`` only binds the keys and calls them.

A month is one more removable filter: the search runs as ``(QUERY) date:YYYY-MM``, the Articles
title names it (``2026-03 ×``) where it was added among the facet filters, and Escape removes the
last filter, whichever kind it is.  A saved search keeps the month in its query text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kbio_tui.tui.errors import index_problem
from kbio_tui.tui.lifecycle import torn_down
from kbio_tui.tui.screens.saved import NO_FOLDER, SavedSearchesScreen, SaveSearchScreen, describe
from kbio_tui.tui.widgets.timeline import TimelineChart, months_of

if TYPE_CHECKING:
    from kbio_tui.index.api import EntitySummary, Timeline
    from kbio_tui.tui.screens.main import MainScreen


def dated(query: str, month: str | None) -> str:
    """The query narrowed to ``month`` (parenthesised: ``a OR b`` must stay one clause)."""
    return f"({query}) date:{month}" if month and query else query


# ---- saving and running saved searches -------------------------------------------------------------


def save_current(screen: MainScreen) -> None:
    app = screen.kbio
    if app.index_dir is None:
        app.notify(NO_FOLDER, timeout=3)
        return
    if screen.mode != "search" or app.reader is None:
        app.notify("Search for something first: s saves the search with its filters.", timeout=3)
        return
    index_dir, reader = app.index_dir, app.reader
    query = dated(screen.query_text, screen.month)
    ids = list(screen.filter_ids)

    def save(name: str) -> str | None:
        from kbio_tui import saved
        from kbio_tui.errors import StateError

        try:
            saved.add(index_dir, name, query, ids, reader.ingest_mark())
        except StateError as exc:  # a bad or taken name, a state folder it cannot write
            return str(exc)
        except Exception as exc:
            return index_problem(exc)
        return None

    def saved_as(name: str | None) -> None:
        if name:
            app.notify(f"Saved as {name}: S lists your saved searches.", timeout=3, markup=False)

    names = [e.name for e in screen.filters]
    app.push_screen(SaveSearchScreen(describe(query, names), save), saved_as)


def open_saved_list(screen: MainScreen) -> None:
    app = screen.kbio
    if app.index_dir is None:
        app.notify(NO_FOLDER, timeout=3)
        return
    if app.reader is None:
        app.notify("The index is still opening.", timeout=2)
        return

    def chosen(name: str | None) -> None:
        if name:
            run_saved(screen, name)

    app.push_screen(SavedSearchesScreen(app.index_dir), chosen)


def run_saved(screen: MainScreen, name: str) -> None:
    """Run a saved search in the main screen (query and filters as saved) and mark it seen."""
    app = screen.kbio
    if app.index_dir is None or app.reader is None:
        app.notify(NO_FOLDER if app.index_dir is None else "The index is still opening.", timeout=3)
        return
    index_dir, reader = app.index_dir, app.reader

    def work() -> tuple[str, list[EntitySummary], int]:
        from kbio_tui import saved

        search = saved.pick(saved.load(index_dir), [name])[0]
        filters = [e for eid in search.entities if (e := reader.entity(eid)) is not None]
        mark = reader.ingest_mark()
        saved.mark_seen(index_dir, {search.name: mark})
        return search.query, filters, len(search.entities) - len(filters)

    def done(query: str, filters: list[EntitySummary], gone: int) -> None:
        if torn_down(screen):
            return
        restore(screen, query, filters)
        if gone:
            app.notify(f"{gone} of its filters' entities are no longer in the index.", timeout=4)

    def run() -> None:
        try:
            query, filters, gone = work()
        except Exception as exc:  # an unknown name, a damaged state file, an index problem
            app.call_from_thread(app.notify, index_problem(exc), severity="error", markup=False)
            return
        app.call_from_thread(done, query, filters, gone)

    screen.run_worker(run, thread=True, exclusive=True, group="saved-run")


def restore(screen: MainScreen, query: str, filters: list[EntitySummary]) -> None:
    """Show ``query`` narrowed by ``filters``, with the query in the search bar."""
    screen.query_text = query
    screen.mode = "search" if query else "latest"
    screen.filters = list(filters) if query else []
    screen.month = None
    screen.month_at = 0
    box = screen.search_bar.input
    with box.prevent(box.Changed):  # the search runs now, not again after the bar's debounce
        box.value = query
    screen.reload()
    screen.set_focus(screen.articles)


# ---- the search's timeline and its month filter ------------------------------------------------------


def toggle_timeline(screen: MainScreen) -> None:
    chart = screen.query_one("#search-timeline", TimelineChart)
    shown = not chart.display
    screen.kbio.timelines_shown = shown
    chart.display = shown
    if shown:
        load_timeline(screen)
        chart.focus()
    elif chart.has_focus:
        screen.set_focus(screen.articles)


def load_timeline(screen: MainScreen) -> None:
    """Count the current search's matches per month (with its facet filters, without its month, so
    the chart keeps every month to move to), if the chart is shown."""
    chart = screen.query_one("#search-timeline", TimelineChart)
    chart.display = screen.kbio.timelines_shown
    if not chart.display:
        return
    reader = screen.reader
    if screen.mode != "search" or reader is None:
        chart.clear("t charts a search's matches per month: search for something first.")
        return
    query, within = screen.query_text, list(screen.filter_ids)
    chart.set_chosen(screen.month)

    def run() -> None:
        try:
            timeline = reader.query_timeline(query, within=within)
        except Exception as exc:
            screen.app.call_from_thread(_show_timeline, screen, query, within, None, index_problem(exc))
            return
        screen.app.call_from_thread(_show_timeline, screen, query, within, timeline, None)

    screen.run_worker(run, thread=True, exclusive=True, group="search-timeline")


def _show_timeline(
    screen: MainScreen, query: str, within: list[str], timeline: Timeline | None, problem: str | None
) -> None:
    if torn_down(screen) or query != screen.query_text or within != screen.filter_ids:
        return
    chart = screen.query_one("#search-timeline", TimelineChart)
    if timeline is None:
        chart.clear(problem or "No timeline.")
        return
    undated = timeline.undated_articles
    chart.show(months_of(timeline, ("articles",)), note=f"+{undated:,} undated" if undated else "")


def choose_month(screen: MainScreen, month: str) -> None:
    if screen.mode != "search":
        return
    if screen.month is None:
        screen.month_at = len(screen.filters)  # where it stands among the filters (Escape order)
    screen.month = month
    screen.query_one("#search-timeline", TimelineChart).set_chosen(month)
    screen.request_articles()


def remove_month(screen: MainScreen) -> bool:
    """Escape: the month goes if it is the last filter added; False if it is not."""
    if screen.month is None or screen.month_at != len(screen.filters):
        return False
    screen.month = None
    screen.query_one("#search-timeline", TimelineChart).set_chosen(None)
    screen.request_articles()
    return True
