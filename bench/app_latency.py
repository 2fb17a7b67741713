"""In-app latency: the real ``KbioApp`` under ``App.run_test()`` (headless, 100x30) on a real index.

The reader-level figures (steps.py ``query``) time the index calls only; these time what the user waits
for: the app's workers, ``call_from_thread`` hops, option-list rebuilds and the compositor's frame.
Timing comes from hooks, not polling: ``message_hook`` sees the debounced ``QueryChanged`` and the
workers' ``StateChanged``; the main screen's ``_show_*`` callbacks are wrapped to stamp the last
content change; ``app._display`` is wrapped to stamp each composed frame (headless still renders the
frame's strips, it only skips writing them to a terminal), and the watched widget's ``render_lines``
is wrapped so a frame counts only if it re-rendered that widget.  "Drawn" = the first such frame after
the last content change, once no snippet worker of that query is still running.  The hooked names
(``_show_articles``, ``_load_snippets``, ``_show_snippets``, ``_articles_token``, ``EntityScreen._show``)
are the UI's; if one is renamed the step fails loudly and run.py writes FAIL rows.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.message import Message
from textual.worker import Worker, WorkerState

SIZE = (100, 30)
_DONE = (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED)
SESSIONS = 3  # fresh apps whose first person page is timed
FIRST_PAGE_AFTER = 0.5  # seconds after the entity list is on screen (a user moving to a name and Enter)


class Probe:
    """Stamps content changes and frames; done once the changed widget is on a composed frame."""

    def __init__(self) -> None:
        self.reset(None, lambda: False)
        self.expect_query: str | None = None

    def reset(self, screen: object, complete: Callable[[], bool]) -> None:
        self.t_dispatch: float | None = None
        self.results_shown = False
        self.t_results: float | None = None
        self.t_worker: float | None = None  # the search worker handed its result to the UI thread
        self.error: str | None = None
        self.t_change = 0.0
        self.t_render = -1.0  # the watched widget's last render_lines call
        self.first_frame: float | None = None  # first frame showing the last change
        self.pending: set[Worker] = set()
        self.target_screen = screen
        self.complete = complete
        self.done = asyncio.Event()
        self.t_drawn: float | None = None

    def watch(self, widget: Any) -> None:
        """Stamp every render of ``widget``: a frame counts only if it re-rendered the widget."""
        original = widget.render_lines

        def render_lines(crop: Any) -> Any:
            self.t_render = time.perf_counter()
            return original(crop)

        widget.render_lines = render_lines

    def changed(self) -> None:
        self.t_change = time.perf_counter()
        self.first_frame = None
        self.check()

    def check(self) -> None:
        if not self.done.is_set() and self.first_frame is not None and self.complete():
            self.t_drawn = self.first_frame
            self.done.set()

    def frame(self, screen: object) -> None:
        if screen is self.target_screen and self.first_frame is None and self.t_render >= self.t_change:
            self.first_frame = time.perf_counter()
            self.check()

    def hook(self, message: Message) -> None:
        from kbio_tui.tui.messages import QueryChanged

        if isinstance(message, QueryChanged):
            if self.t_dispatch is None and message.query.strip() == self.expect_query:
                self.t_dispatch = time.perf_counter()
        elif isinstance(message, Worker.StateChanged) and message.worker in self.pending:
            self.check()


def _wrap_before(obj: Any, name: str, before: Callable[..., None]) -> None:
    """Replace ``obj.name`` on the instance: ``before(*args)``, then the original."""
    original = getattr(obj, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        before(*args)
        return original(*args, **kwargs)

    setattr(obj, name, wrapper)


def _wrap_after(obj: Any, name: str, after: Callable[..., None]) -> None:
    """Replace ``obj.name`` on the instance: call the original, then ``after(result, *args)``."""
    original = getattr(obj, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        after(result, *args)
        return result

    setattr(obj, name, wrapper)


async def _settle(pilot: Any, quiet: float = 0.1, limit: float = 30.0) -> None:
    """Until no worker has run for ``quiet`` seconds, so one measurement's tail never hits the next."""
    app = pilot.app
    idle = waited = 0.0
    while idle < quiet and waited < limit:
        await asyncio.sleep(0.02)
        waited += 0.02
        idle = 0.0 if any(w.is_running for w in app.workers) else idle + 0.02
    await pilot.pause()


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[max(0, min(len(s) - 1, round(q / 100 * (len(s) - 1))))]


async def _measure(
    index: Path, queries: list[tuple[str, str]], people: int, random_people: int, timeout: float, passes: int
) -> dict:
    from kbio_tui.index import open_reader
    from kbio_tui.models import EntityType
    from kbio_tui.tui.app import make_app
    from kbio_tui.tui.screens.main import MainScreen
    from kbio_tui.tui.widgets.search_bar import DEBOUNCE_SECONDS

    reader = open_reader(index)
    app = make_app(reader)
    probe = Probe()
    out: dict[str, Any] = {"debounce_ms": DEBOUNCE_SECONDS * 1000, "size": list(SIZE)}
    async with app.run_test(size=SIZE, message_hook=probe.hook) as pilot:
        _wrap_after(app, "_display", lambda _r, screen, *_: probe.frame(screen))
        await _settle(pilot, quiet=0.3)
        main = app.screen
        assert isinstance(main, MainScreen)

        def shown(_r: Any, token: int, _m: str, _s: Any, _res: Any, error: str | None, *_rest: Any) -> None:
            if token == main._articles_token and main.query_text == probe.expect_query:
                probe.results_shown = True
                probe.t_results = time.perf_counter()
                probe.error = error
                probe.changed()

        def snippets_asked(worker: Worker, *_: Any) -> None:
            probe.pending.add(worker)

        def snippets_shown(_r: Any, token: int, _snips: Any) -> None:
            if token == main._articles_token:
                probe.changed()

        probe.watch(main.articles)
        rest: dict[str, float] = {}
        _wrap_before(main, "request_rest", lambda *_: rest.setdefault("asked", time.perf_counter()))
        _wrap_after(main, "_show_rest", lambda *_: rest.setdefault("shown", time.perf_counter()))
        _wrap_after(main, "_show_articles", shown)
        _wrap_before(main, "_show_articles", lambda *_: setattr(probe, "t_worker", time.perf_counter()))
        _wrap_after(main, "_load_snippets", snippets_asked)
        _wrap_after(main, "_show_snippets", snippets_shown)

        def search_complete() -> bool:
            return probe.results_shown and all(w.state in _DONE for w in probe.pending)

        await pilot.press("slash")
        search_inp = main.search_bar.input
        rows: list[dict] = []
        mix = [("warm-up", "biotech")] + [kq for _ in range(passes) for kq in queries]
        for n, (kind, query) in enumerate(mix):
            search_inp.value = query[:-1]  # the text typed so far; its debounce is superseded below
            search_inp.cursor_position = len(query) - 1
            probe.reset(main, search_complete)
            probe.expect_query = query.strip()
            t_key = time.perf_counter()
            await pilot.press(query[-1] if query[-1] != " " else "space")
            try:
                await asyncio.wait_for(probe.done.wait(), timeout)
            except TimeoutError:
                if n > 0:
                    rows.append({"kind": kind, "query": query, "timeout": True})
                await _settle(pilot)
                continue
            assert probe.t_drawn is not None
            d0 = probe.t_dispatch or t_key
            pane = main.articles
            visible = [s.id for s in pane.summaries[: max(1, pane.size.height // 4)]]
            with_snip = sum(1 for i in visible if i in pane.snippets and pane.snippets[i].text)
            if n > 0:
                rows.append(
                    {
                        "kind": kind,
                        "query": query,
                        "timeout": False,
                        "error": probe.error,
                        "debounce_ms": ((probe.t_dispatch or t_key) - t_key) * 1000,
                        "drawn_ms": (probe.t_drawn - (probe.t_dispatch or t_key)) * 1000,
                        "worker_ms": ((probe.t_worker or probe.t_drawn) - d0) * 1000,
                        "show_ms": ((probe.t_results or probe.t_drawn) - (probe.t_worker or d0)) * 1000,
                        "total_ms": (probe.t_drawn - t_key) * 1000,
                        "frame_ms": (probe.t_drawn - probe.t_change) * 1000,
                        "results": len(pane.summaries),
                        "visible": len(visible),
                        "with_snippet": with_snip,
                    }
                )
            if main._rest_token is not None and n > 0:
                # Rows past the first page follow REST_AFTER later, unless the user types on (the next
                # query here comes sooner than that).  Wait for them, as a reader of the results would,
                # and time their fetch: it is what the next keystroke may compete with.
                rest.clear()
                for _ in range(int(timeout / 0.02)):
                    if "shown" in rest:
                        break
                    await asyncio.sleep(0.02)
                if "shown" in rest and "asked" in rest:
                    rows[-1]["rest_ms"] = (rest["shown"] - rest["asked"]) * 1000
            await _settle(pilot)
        out["search"] = rows

        # ---- person -> quotes page
        found = reader.entities(EntityType.PERSON, limit=1000)
        found.sort(key=lambda e: (-e.quote_count, -e.mention_count, e.name.casefold()))
        rest = found[people:]
        pick = found[:people] + random.Random(3).sample(rest, min(random_people, len(rest)))
        await pilot.press("escape")
        page_rows: list[dict] = []
        for e in pick:
            row = await _time_page(app, probe, e, timeout)
            page_rows.append({**row, "top": len(page_rows) < people})
            await _settle(pilot, quiet=0.05)
            app.collector.touched()  # the Escape key's event
            app.action_back()
            await _settle(pilot, quiet=0.05)
        out["pages"] = page_rows
    # the first page of fresh sessions: the most quoted people (what an analyst opens first)
    out["first_pages"] = await _first_pages(index, found[:SESSIONS], timeout, FIRST_PAGE_AFTER)
    reader.close()
    return out


async def _time_page(app: Any, probe: Probe, e: Any, timeout: float) -> dict:
    """``app.open_entity`` -> the first frame that re-renders the page's quotes list after it is filled."""
    from kbio_tui.tui.screens.entity import EntityScreen

    app.collector.touched()  # what the Enter key's event does (KbioApp.on_event) first
    t0 = time.perf_counter()
    app.open_entity(e.id)  # what Enter on the entities list (EntityChosen) calls
    page = app._revealing or app.screen  # a pooled page is pushed once its data is in
    assert isinstance(page, EntityScreen)

    def page_shown(_r: Any, *_a: Any, page: EntityScreen = page) -> None:
        probe.watch(page.query_one("#quotes"))
        probe.t_results = time.perf_counter()
        probe.changed()

    _wrap_after(page, "_show", page_shown)
    _wrap_before(page, "_show", lambda *_: setattr(probe, "t_worker", time.perf_counter()))
    probe.reset(page, lambda page=page: page.entity is not None)
    try:
        await asyncio.wait_for(probe.done.wait(), timeout)
    except TimeoutError:
        return {"name": e.name, "timeout": True}
    assert probe.t_drawn is not None
    return {
        "name": e.name,
        "quotes": len(page.quotes),
        "ms": (probe.t_drawn - t0) * 1000,
        "load_ms": ((probe.t_worker or t0) - t0) * 1000,
        "show_ms": ((probe.t_results or probe.t_drawn) - (probe.t_worker or t0)) * 1000,
        "frame_ms": (probe.t_drawn - probe.t_change) * 1000,
        "timeout": False,
    }


async def _first_pages(index: Path, people: list[Any], timeout: float, after: float) -> list[dict]:
    """The first person page of fresh sessions: the app as ``kbio-tui`` starts it (opening the index
    itself, from a path), ``after`` seconds after its entity list is on screen, one person each."""
    from kbio_tui.tui.app import KbioApp
    from kbio_tui.tui.screens.main import MainScreen

    rows: list[dict] = []
    for e in people:
        from kbio_tui.index import read_front_page

        front = read_front_page(index)  # as kbio-tui reads it before the app runs (cli.cmd_browse)
        app = KbioApp(index_dir=index, refresh_seconds=None, cursor_blink=False, front_page=front)
        probe = Probe()
        t_start = time.perf_counter()
        async with app.run_test(size=SIZE, message_hook=probe.hook) as pilot:
            _wrap_after(app, "_display", lambda _r, screen, *_, probe=probe: probe.frame(screen))
            main = app.screen
            assert isinstance(main, MainScreen)
            listed: dict[str, float] = {}
            _wrap_after(main, "_show_entities", lambda *_, t=listed: t.setdefault("t", time.perf_counter()))
            for _ in range(int(timeout / 0.01)):
                if "t" in listed:
                    break
                await asyncio.sleep(0.01)
            if "t" not in listed:
                rows.append({"name": e.name, "timeout": True, "session": True})
                continue
            await pilot.pause()  # the entity list's frame
            t_list = time.perf_counter()
            await asyncio.sleep(max(0.0, after - (time.perf_counter() - t_list)))
            row = await _time_page(app, probe, e, timeout)
            row.update(session=True, top=True, entities_after_ms=(listed["t"] - t_start) * 1000)
            rows.append(row)
    return rows


def summarize(raw: dict) -> dict:
    """Percentiles and the details run.py writes into its notes."""
    s = [r for r in raw["search"] if not r["timeout"]]
    drawn = [r["drawn_ms"] for r in s]
    per_kind: dict[str, list[float]] = {}
    for r in s:
        per_kind.setdefault(r["kind"], []).append(r["drawn_ms"])
    vis = sum(r["visible"] for r in s if not r["error"])
    snip = sum(r["with_snippet"] for r in s if not r["error"])
    first = raw["first_pages"]
    p = [r for r in raw["pages"] + first if not r["timeout"]]
    return {
        "debounce_ms": raw["debounce_ms"],
        "search_n": len(raw["search"]),
        "search_p50": _pct(drawn, 50),
        "search_p95": _pct(drawn, 95),
        "total_p50": _pct([r["total_ms"] for r in s], 50),
        "total_p95": _pct([r["total_ms"] for r in s], 95),
        "worker_p50": _pct([r["worker_ms"] for r in s], 50),
        "show_p50": _pct([r["show_ms"] for r in s], 50),
        "frame_p50": _pct([r["frame_ms"] for r in s], 50),
        "debounce_seen_p50": _pct([r["debounce_ms"] for r in s], 50),
        "by_kind": {k: [_pct(v, 50), _pct(v, 95)] for k, v in per_kind.items()},
        "slowest": [[round(r["drawn_ms"]), r["query"]] for r in sorted(s, key=lambda r: -r["drawn_ms"])[:4]],
        "search_timeouts": [r["query"] for r in raw["search"] if r["timeout"]],
        "errors": [f"{r['query']}: {r['error']}" for r in s if r["error"]][:5],
        "snippet_rows": [snip, vis],
        "rest_n": len([r for r in s if "rest_ms" in r]),
        "rest_p50": _pct([r["rest_ms"] for r in s if "rest_ms" in r], 50),
        "rest_p95": _pct([r["rest_ms"] for r in s if "rest_ms" in r], 95),
        "pages_n": len(raw["pages"]) + len(first),
        "page_p50": _pct([r["ms"] for r in p], 50),
        "page_p95": _pct([r["ms"] for r in p], 95),
        "page_load_p50": _pct([r["load_ms"] for r in p], 50),
        "page_show_p50": _pct([r["show_ms"] for r in p], 50),
        "page_frame_p50": _pct([r["frame_ms"] for r in p], 50),
        "page_top_p95": _pct([r["ms"] for r in p if r["top"]], 95),
        "page_slowest": [
            [round(r["ms"]), r["name"], r["quotes"], round(r["load_ms"])]
            for r in sorted(p, key=lambda r: -r["ms"])[:3]
        ],
        "page_timeouts": [r["name"] for r in raw["pages"] + first if r["timeout"]],
        "first_pages": [
            {
                "name": r["name"],
                "ms": None if r["timeout"] else round(r["ms"], 1),
                "load_ms": None if r["timeout"] else round(r["load_ms"], 1),
                "entities_after_ms": round(r.get("entities_after_ms", 0)),
            }
            for r in first
        ],
        "first_page_after_s": FIRST_PAGE_AFTER,
    }


def measure(
    index: Path,
    queries: list[tuple[str, str]],
    *,
    people: int = 10,
    random_people: int = 20,
    timeout: float = 10.0,
    passes: int = 1,
) -> dict:
    raw = asyncio.run(_measure(index, queries, people, random_people, timeout, passes))
    return summarize(raw)
