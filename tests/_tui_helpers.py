"""Shared pieces for the UI tests: a real Whoosh index built from tests/fixtures/tui, and screen readers."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import io
import json
from collections.abc import Callable, Coroutine
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from rich.segment import Segment
from textual import events
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from kbio_tui.index.api import ArticleSummary
from kbio_tui.models import Article
from kbio_tui.tui.widgets.article_list import ArticleList

FIXTURES = Path(__file__).parent / "fixtures" / "tui"
NEWEST_TITLE = "Hanbit Biologics signs manufacturing contract with European drugmaker"
HOSTILE_TITLE = "Hostile [bold red]markup[/] in a headline [/b]"


def fixture_articles() -> list[Article]:
    """The fixture articles, cleaned text only (extraction is run by ``build_index``)."""
    records = json.loads((FIXTURES / "articles.json").read_text(encoding="utf-8"))
    return [Article(**{**r, "source_file": str(FIXTURES / r["source_file"])}) for r in records]


def build_index(index_dir: Path, articles: list[Article] | None = None) -> Path:
    """Extract with the real extractor and write with the real IndexWriter, as ingest does."""
    from kbio_tui.extract import extract
    from kbio_tui.index import IndexWriter

    with IndexWriter(index_dir) as writer:
        for article in articles if articles is not None else fixture_articles():
            writer.add(extract(article))
        writer.commit()
    return index_dir


_built: dict[Path, Path] = {}


def shared_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One fixture index per session (per xdist worker) for every UI test module; writers copy it."""
    base = tmp_path_factory.getbasetemp()
    if base not in _built:
        _built[base] = build_index(tmp_path_factory.mktemp("tui") / "index")
    return _built[base]


async def settle(pilot: Pilot, quiet: float = 0.2, limit: float = 10.0) -> None:
    """Wait until no worker has run for ``quiet`` seconds (longer than any debounce in the app)."""
    app = pilot.app
    idle = waited = 0.0
    step = 0.05
    while idle < quiet and waited < limit:
        await pilot.pause(step)
        waited += step
        if any(worker.is_running for worker in app.workers):
            idle = 0.0
            with contextlib.suppress(WorkerCancelled):  # a newer request cancelled it: expected
                await app.workers.wait_for_complete()
        else:
            idle += step
    await pilot.pause()


def _render(app: App) -> Console:
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console


async def until(pilot: Pilot, check: Callable[[], bool], limit: float = 10.0) -> None:
    """Wait for what is on screen (or the app's state) rather than for a fixed pause."""
    for _ in range(int(limit / 0.025)):
        if check():
            return
        await pilot.pause(0.025)
    raise AssertionError(f"timed out waiting for the screen, which shows:\n{screen_text(pilot.app)}")


async def search_with_facets(pilot: Pilot, query: str) -> Any:
    """Type a search, run it (Enter) and wait until its results and facets are in."""
    screen = pilot.app.screen
    await pilot.press("slash")
    await paste(pilot, query)
    await pilot.press("enter")
    await until(pilot, lambda: screen.query_text == query and screen._facets is not None)
    await settle(pilot)
    return screen


def screen_text(app: App) -> str:
    """What a user sees, as plain text."""
    return _render(app).export_text()


def screen_segments(app: App) -> list[Segment]:
    """What a user sees, as styled segments (to check highlight styles and leaks)."""
    console = _render(app)
    return [seg for seg in console._record_buffer if seg.text.strip()]


async def type_text(pilot: Pilot, text: str) -> None:
    """Key by key, as a user types (each key costs a frame on a busy machine: keep texts short)."""
    await pilot.press(*(char if char != " " else "space" for char in text))


async def paste(pilot: Pilot, text: str) -> None:
    """A terminal paste into the focused input: one event, the same path as a user's paste."""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


def run_async(fn: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async test body with ``asyncio.run`` (no asyncio pytest plugin in this project)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        asyncio.run(fn(*args, **kwargs))

    return wrapper


class PaneApp(App[None]):
    """The article list alone, filling the screen (the paging and Textual-seam tests)."""

    CSS = "ArticleList { height: 1fr; }"

    def compose(self) -> ComposeResult:
        yield ArticleList(id="articles")


def bulletins(count: int) -> list[ArticleSummary]:
    """``count`` list rows, ids a000, a001, … (newest-first order does not matter to the list)."""
    return [
        ArticleSummary(
            id=f"a{i:03d}",
            title=f"Cell line bulletin number {i}",
            outlet="Korea Biomedical Review",
            published=datetime(2026, 1, 1 + i % 28),
        )
        for i in range(count)
    ]
