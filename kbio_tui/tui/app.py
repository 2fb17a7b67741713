"""The app object, a factory for tests and the entry point used by ``kbio-tui``.

The first screen is drawn before the index is opened: ``run_app`` hands over a path (and the newest
rows from the index's front page, ``index/front_page.py``, which the first frame lists) and the reader is
opened in a thread worker after mount, so Whoosh's import and open never delay the first frame.  Without
a front page the latest-articles list needs only Whoosh's reading side (``index/reader.py``); what
searches and entity pages need (ranking, query compilation, the pydantic models, the entity page
itself) is loaded once that list is on screen (``first_list_shown``), so the first person page finds
it ready.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, work
from textual.app import App
from textual.binding import Binding, BindingType

from kbio_tui.tui.collector import START_UP_HOLD, IdleCollector, release_start_up
from kbio_tui.tui.errors import index_problem
from kbio_tui.tui.messages import IndexChanged
from kbio_tui.tui.providers import EntityCommands
from kbio_tui.tui.screens.main import MainScreen
from kbio_tui.tui.session import previous_session, record_session
from kbio_tui.tui.textual_private import mount_off_stack

if TYPE_CHECKING:
    from textual.timer import Timer

    from kbio_tui.index.api import ArticleSummary, IndexReader, QuoteHit
    from kbio_tui.tui.prefetch import Prefetch
    from kbio_tui.tui.screens.entity import EntityScreen

REFRESH_SECONDS = 10.0
ENTITY_PAGE_POOL = 3  # mounted entity pages kept for reuse (person -> organisation -> person)
REVEAL_AFTER = 0.12  # push a pooled entity page this soon even if its data is not in yet
PREPARE_AFTER = 0.05  # seconds after the first article list is on screen before the session is prepared
IDLE_COLLECT_EVERY = 3.0  # seconds between checks for an idle moment to collect garbage in


class KbioApp(App[int]):
    CSS_PATH = "kbio.tcss"
    TITLE = "kbio-tui"
    COMMANDS: ClassVar = {EntityCommands}  # people first, then our commands (see providers.py)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help"),
        Binding("ctrl+r,f5", "refresh", "Refresh", show=False),  # it refreshes itself; help lists it
    ]

    def __init__(
        self,
        reader: IndexReader | None = None,
        *,
        index_dir: Path | None = None,
        refresh_seconds: float | None = REFRESH_SECONDS,
        cursor_blink: bool = True,
        prefetch: Prefetch | None = None,
        front_page: list[ArticleSummary] | None = None,
    ) -> None:
        super().__init__()
        self.reader = reader
        self.index_dir = index_dir
        self.prefetch = prefetch  # the first rows, read by a child process (see tui/prefetch.py)
        # the first rows, read before the app started (index/front_page.py): the main screen's mount
        # takes them, so the first frame is the article list
        self.front_page = front_page
        self.refresh_seconds = refresh_seconds
        self.cursor_blink = cursor_blink
        self.open_error: str | None = None
        self.timelines_shown = False  # t on a page or a search: the choice holds for the next ones
        # articles ingested after this are new to this user: their previous session's mark (session.py)
        self.new_since: datetime | None = None
        if front_page is not None and index_dir is not None:  # the first frame marks new rows too
            self.new_since = previous_session(index_dir)
        self._owns_reader = False  # a reader handed in by the caller is the caller's to close
        self._entity_pool: list[EntityScreen] = []
        self.collector = IdleCollector()
        self._revealing: EntityScreen | None = None  # a pooled page being filled before its push
        self._reveal_timer: Timer | None = None
        self.corrections_made: list[str] = []  # ids of this session's corrections, for u (correcting.py)
        self._log_seen: tuple[int, int, int] | None = None  # the corrections log's state at the last look
        self._list_shown = False  # the main screen has drawn its first article list
        self._prepared = False  # the session's code and first entity page are being or were prepared
        self.session_recorded = False  # this session's mark is in the user's state (session.py)
        if os.environ.get("SSH_CONNECTION"):
            self.animation_level = "none"

    def get_default_screen(self) -> MainScreen:
        return MainScreen(cursor_blink=self.cursor_blink)

    def on_ready(self) -> None:
        """After the first frame: importing Whoosh in a thread earlier would compete for the GIL."""
        self.set_timer(START_UP_HOLD, release_start_up)  # if the collector never starts (collector.py)
        if self.reader is None and self.index_dir is not None:
            self._open_reader(self.index_dir)

    def on_mount(self) -> None:
        if self.refresh_seconds:
            self.set_interval(self.refresh_seconds, self.action_refresh)

    @work(thread=True, exclusive=True, group="open")
    def _open_reader(self, index_dir: Path) -> None:
        prefetch, self.prefetch = self.prefetch, None
        if prefetch is not None:  # before importing the index code, which the rows do not need
            if prefetch.finished():  # its rows are waiting: show them before opening (no contention)
                self._take_rows(prefetch)
            else:  # a busy machine: open the index here meanwhile, the first of the two is shown
                self._wait_for_rows(prefetch)
        from kbio_tui.errors import IndexError_
        from kbio_tui.index import open_reader

        try:
            reader = open_reader(index_dir)
            if self.new_since is None:  # unless read with the front page, before the first frame
                self.new_since = previous_session(index_dir)  # before the first list is drawn
        except IndexError_ as exc:
            self.call_from_thread(self._reader_failed, str(exc))
            return
        except Exception as exc:  # an unreadable or foreign directory: say so, keep the UI up
            self.call_from_thread(self._reader_failed, f"cannot read {index_dir}: {index_problem(exc)}")
            return
        self.call_from_thread(self._reader_ready, reader)

    @work(thread=True, group="prefetch")
    def _wait_for_rows(self, prefetch: Prefetch) -> None:
        self._take_rows(prefetch)

    def _take_rows(self, prefetch: Prefetch) -> None:
        rows = prefetch.rows()
        if rows is not None:
            self.call_from_thread(self._first_rows, rows)

    def _first_rows(self, rows: list[ArticleSummary]) -> None:
        screen = self._main_screen()
        if screen is not None and screen.ready and self.reader is None:
            screen.show_first_rows(rows)

    def _reader_ready(self, reader: IndexReader) -> None:
        self.reader = reader
        self._owns_reader = True
        self.corrections_log_changed()  # as the reader read it
        screen = self._main_screen()
        if screen is not None and screen.ready:
            screen.reload(keep=screen.articles.current_id)  # from this reader's snapshot
        if self._list_shown:
            self._prepare_session()

    def _reader_failed(self, reason: str) -> None:
        self.open_error = reason
        screen = self._main_screen()
        if screen is not None and screen.ready:
            screen.show_open_error()

    def _main_screen(self) -> MainScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        return None

    def run_saved(self, name: str) -> None:
        """Run a saved search in the main screen (from the palette, over whatever page is open)."""
        from kbio_tui.tui.screens import search_tools

        main = self._main_screen()
        if main is None:
            return
        while len(self.screen_stack) > 1 and self.screen is not main:
            self.pop_screen()
        search_tools.run_saved(main, name)

    # ---- corrections (kbio_tui.tui.correcting)
    def action_undo_correction(self) -> None:
        from kbio_tui.tui import correcting

        correcting.undo_last(self)

    def action_corrections(self) -> None:
        from kbio_tui.tui import correcting

        correcting.open_list(self)

    def corrections_changed(self, then: Callable[[], None] | None = None, message: str | None = None) -> None:
        """A correction was just recorded: read the log again now (not at the next refresh), reload
        the lists, then ``then`` (the page shows the corrected entity) and say ``message``."""
        self._reread_corrections(then, message)

    @work(thread=True, group="corrected")
    def _reread_corrections(self, then: Callable[[], None] | None, message: str | None) -> None:
        reader = self.reader
        self.corrections_log_changed()  # seen: the next refresh does not read the page again for it
        if reader is not None:
            try:
                reader.refresh()
            except Exception as exc:
                self.call_from_thread(self.notify, index_problem(exc), severity="error", markup=False)
                return
        self.call_from_thread(self._corrected, then, message)

    def _corrected(self, then: Callable[[], None] | None, message: str | None) -> None:
        self._warm()  # the reader's tables as the corrections now say
        screen = self._main_screen()
        if screen is not None:
            screen.post_message(IndexChanged())
        if then is not None:
            then()
        if message:
            self.notify(message, timeout=5, markup=False)

    def action_saved_searches(self) -> None:
        from kbio_tui.tui.screens import search_tools

        main = self._main_screen()
        if main is not None:
            search_tools.open_saved_list(main)

    # ---- navigation
    def open_entity(self, entity_id: str) -> None:
        """Push ``entity_id``'s page.  A pooled page (already mounted) is filled off screen and
        pushed once its first page of data is in, or after ``REVEAL_AFTER`` if the index is slow:
        one frame of the finished page instead of a "Loading…" frame and then the page."""
        if self.reader is None:
            return
        screen = self._idle_entity_screen()
        self._stop_reveal()
        if not screen.is_mounted:
            screen.show_entity(entity_id)
            self.push_screen(screen)
            return
        self._revealing = screen
        self._reveal_timer = self.set_timer(REVEAL_AFTER, lambda: self._reveal(screen, loading=True))
        screen.show_entity(entity_id, when_ready=lambda: self._reveal(screen))

    def _reveal(self, screen: EntityScreen, *, loading: bool = False) -> None:
        if self._revealing is screen:
            self._stop_reveal()
            if loading:
                screen.show_loading()
            self.push_screen(screen)

    def _stop_reveal(self) -> None:
        self._revealing = None
        if self._reveal_timer is not None:
            self._reveal_timer.stop()
            self._reveal_timer = None

    def _idle_entity_screen(self) -> EntityScreen:
        """A mounted entity page that is not on the stack, if the pool has one (see ``show_entity``).

        Pooled pages are installed, so popping one keeps it mounted for the next person; a page
        opened from a page opened from a page... beyond the pool is an ordinary throw-away screen."""
        from kbio_tui.tui.screens.entity import EntityScreen

        for screen in self._entity_pool:
            if screen not in self.screen_stack:
                return screen
        screen = EntityScreen()
        if len(self._entity_pool) < ENTITY_PAGE_POOL:
            self._entity_pool.append(screen)
            self.install_screen(screen, f"entity-page-{len(self._entity_pool)}")
        return screen

    def first_list_shown(self) -> None:
        """The main screen drew its first article list: prepare the rest of the session now (or
        once the reader is open, if the list came from the prefetch)."""
        self._list_shown = True
        self._prepare_session()

    def _prepare_session(self) -> None:
        if not self._prepared and self.reader is not None:
            self._prepared = True
            self.set_timer(PREPARE_AFTER, lambda: self._warm(prepare_page=True))

    def _prepare_entity_page(self, rehearse: str | None = None) -> None:
        """Compose the first pooled entity page while the user reads the first screen, so even the
        first person opens without the cost of building a screen (see
        ``textual_private.mount_off_stack``: if it cannot, the page is composed on its first push),
        and draw it once off the stack with ``rehearse``'s page (``EntityScreen.rehearse``)."""
        if self.reader is None:
            return
        if not self._entity_pool:  # none yet: the user has not opened a page so far
            page = self._idle_entity_screen()
            if mount_off_stack(self, page) and rehearse is not None:
                page.rehearse(rehearse)
        self.call_after_refresh(self._start_collector)

    def _start_collector(self) -> None:
        """See ``collector.py``: start-up's objects frozen, full collections only when idle."""
        if not self.collector.active:
            self.collector.start()
            self.set_interval(IDLE_COLLECT_EVERY, self._collect_if_idle)

    def _collect_if_idle(self) -> None:
        self.collector.collect_if_idle(busy=any(w.is_running for w in self.workers))

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp)):
            self.collector.touched()
        await super().on_event(event)

    def open_article(
        self, article_id: str, *, quote: QuoteHit | None = None, entity_id: str | None = None
    ) -> None:
        from kbio_tui.tui.screens.article import ArticleScreen

        if self.reader is not None:
            self.push_screen(ArticleScreen(article_id, quote=quote, entity_id=entity_id))

    # Sync on purpose: Textual runs sync and async action methods alike, and bench/app_latency.py
    # calls app.action_back() without awaiting it; only Textual's own default happens to be async.
    def action_back(self) -> None:  # type: ignore[override]
        """Like a browser's Back: the screen below kept its selection, scroll and focus."""
        if len(self.screen_stack) > 1:
            self.pop_screen()

    def action_help(self) -> None:
        from kbio_tui.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    # ---- picking up new commits
    def action_refresh(self) -> None:
        if self.reader is not None:
            self._refresh()

    @work(thread=True, exclusive=True, group="refresh")
    def _refresh(self) -> None:
        reader = self.reader
        if reader is None:
            return
        try:
            changed = reader.refresh()
        except Exception:  # a failed check is retried at the next tick; the old snapshot stays usable
            return
        if changed:
            self.call_from_thread(self._index_changed, self.corrections_log_changed())

    def corrections_log_changed(self) -> bool:
        """Whether the corrections log changed since this browser last looked (another analyst's
        correction: the page on screen is read again, not only the lists)."""
        if self.index_dir is None:
            return False
        from kbio_tui.corrections import log_state

        state = log_state(self.index_dir)
        changed, self._log_seen = state != self._log_seen, state
        return changed

    @work(thread=True, exclusive=True, group="warm")
    def _warm(self, prepare_page: bool = False) -> None:
        """The reader's per-snapshot tables (and, the first time, the code that searches and entity
        pages run), in a thread; then, at start-up, the pooled entity page on the UI thread."""
        if prepare_page:
            import kbio_tui.tui.screens.entity  # noqa: F401  (its import, off the UI thread)
        rehearse: str | None = None  # the most quoted person: the pooled page is drawn once with it
        if self.reader is not None:
            with contextlib.suppress(Exception):  # only speed is lost
                self.reader.warm()
                if prepare_page:
                    from kbio_tui.models import EntityType

                    top = self.reader.entities(EntityType.PERSON, limit=1)
                    rehearse = top[0].id if top else None
            if prepare_page and self.index_dir is not None and not self.session_recorded:
                self.session_recorded = True
                record_session(self.index_dir, self.reader)
        if prepare_page:
            self.call_from_thread(self._prepare_entity_page, rehearse)

    def _index_changed(self, corrected: bool = False) -> None:
        self._warm()  # the new snapshot's tables, before the next person page needs them
        screen = self._main_screen()
        if screen is not None:
            screen.post_message(IndexChanged())
        if corrected:
            from kbio_tui.tui.screens.entity import EntityScreen

            page = self.screen
            if isinstance(page, EntityScreen) and page.entity_id is not None:
                page.show_entity(page.entity_id)
        self.notify("New articles or corrections in the index.", timeout=3)

    def on_unmount(self) -> None:
        self.collector.stop()
        if self.reader is not None and self._owns_reader:
            self.reader.close()


def make_app(
    reader: IndexReader,
    *,
    refresh_seconds: float | None = None,
    cursor_blink: bool = False,
    index_dir: Path | None = None,
) -> KbioApp:
    """For tests and benches: a ready reader, no periodic refresh, no blinking cursor.

    ``index_dir``: the reader's folder, for this user's saved searches and session (without it the
    browser says saved searches need an index folder); the session starts here, as ``run_app``'s
    does when it opens the reader."""
    app = KbioApp(reader, index_dir=index_dir, refresh_seconds=refresh_seconds, cursor_blink=cursor_blink)
    if index_dir is not None:
        app.new_since = previous_session(index_dir)
        record_session(index_dir, reader)
        app.session_recorded = True
        app.corrections_log_changed()  # as the reader read it
    return app


def run_app(
    index_dir: Path,
    *,
    mouse: bool = True,
    prefetch: Prefetch | None = None,
    front_page: list[ArticleSummary] | None = None,
) -> int:
    """Run the browser on ``index_dir``; 0 on a normal quit, 1 if the index could not be opened.
    ``prefetch``: the first rows being read by a child process (``prefetch.start``), if any;
    ``front_page``: the newest rows as the index's last writer left them (``index/front_page.py``),
    drawn in the first frame."""
    app = KbioApp(index_dir=Path(index_dir), prefetch=prefetch, front_page=front_page)
    app.run(mouse=mouse)
    if app.open_error is not None:
        return 1
    return app.return_code or 0
