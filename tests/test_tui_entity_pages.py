"""Entity pages are pooled and reused; the footer is one line of keys; garbage is collected when idle.

Reuse must never show one entity's rows on another's page, lose a page still on the Back stack, or let
a slow answer for an earlier entity overwrite the page of a later one.
"""

from __future__ import annotations

import gc
import sys
import time
from pathlib import Path

import pytest
from _tui_helpers import run_async, screen_text, settle
from textual.widgets import OptionList

from kbio_tui.index import open_reader
from kbio_tui.tui.app import KbioApp, make_app
from kbio_tui.tui.collector import NEVER, IdleCollector
from kbio_tui.tui.screens.entity import EntityScreen
from kbio_tui.tui.screens.help import HelpScreen
from kbio_tui.tui.screens.main import MainScreen
from kbio_tui.tui.widgets.key_bar import KeyBar

SPEAKER = "Kim Ji-won"
CEO = "Choi Eun-ha"


def _id(reader, name: str, type: str) -> str:
    found = [e for e in reader.find_entities(name) if e.type == type]
    assert found, f"the fixtures should give {name}"
    return found[0].id


def _page(app: KbioApp) -> EntityScreen:
    assert isinstance(app.screen, EntityScreen)
    return app.screen


async def _open(app: KbioApp, pilot, entity_id: str) -> EntityScreen:
    """Open ``entity_id``'s page as Enter on the entities list does, and wait until it is shown."""
    app.open_entity(entity_id)
    await settle(pilot)
    return _page(app)


def _quote_prompts(page: EntityScreen) -> list[str]:
    quotes = page.query_one("#quotes", OptionList)
    return [str(quotes.get_option_at_index(i).prompt) for i in range(quotes.option_count)]


@run_async
async def test_a_reused_page_shows_only_the_new_entity(reader) -> None:
    org = _id(reader, "Celadon Therapeutics", "org")
    kim = _id(reader, SPEAKER, "person")
    app = make_app(reader)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        first = await _open(app, pilot, org)
        assert [p.name for p in first.people] == [CEO]
        assert first.query_one("#people").display
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)

        page = await _open(app, pilot, kim)
        assert page is first  # the pooled page, not a newly composed one
        assert page.entity is not None and page.entity.name == SPEAKER
        assert page.quotes == reader.quotes_by(kim)
        assert not page.query_one("#people").display  # the organisation's people list is gone
        assert page.people == []
        text = screen_text(app)
        assert SPEAKER in text and "(Organisation)" not in text
        prompts = _quote_prompts(page)
        assert len(prompts) == len(page.quotes)
        assert not any("peptide chemistry" in p for p in prompts)  # Choi's quote on the org's page


@run_async
async def test_pages_on_the_back_stack_are_never_reused(reader) -> None:
    kim = _id(reader, SPEAKER, "person")
    org = _id(reader, "Celadon Therapeutics", "org")
    choi = _id(reader, CEO, "person")
    app = make_app(reader)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        pages = []
        for entity in (kim, org, choi):  # person -> organisation -> person, each from the page before
            app.open_entity(entity)
            await settle(pilot)
            pages.append(_page(app))
        assert len({id(p) for p in pages}) == 3
        assert [p.entity.id for p in pages if p.entity] == [kim, org, choi]
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        back = _page(app)
        assert back is pages[0] and back.entity is not None and back.entity.id == kim
        assert back.quotes == reader.quotes_by(kim)
        assert SPEAKER in screen_text(app)


@run_async
async def test_a_late_answer_for_an_earlier_entity_is_dropped(tui_index: Path) -> None:
    class SlowFor:
        """Reads for one entity take long; everything else answers at once."""

        def __init__(self, inner, slow_id: str) -> None:
            self.inner = inner
            self.slow_id = slow_id

        def entity(self, entity_id: str):
            if entity_id == self.slow_id:
                time.sleep(0.6)
            return self.inner.entity(entity_id)

        def __getattr__(self, name: str):
            return getattr(self.inner, name)

    inner = open_reader(tui_index)
    kim = _id(inner, SPEAKER, "person")
    choi = _id(inner, CEO, "person")
    org = _id(inner, "Celadon Therapeutics", "org")
    app = make_app(SlowFor(inner, kim))  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_entity(org)  # puts a page in the pool
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        app.open_entity(kim)  # slow: its answer comes after Choi's page is up
        await pilot.pause(0.05)
        app.open_entity(choi)
        await settle(pilot, quiet=1.0)
        page = _page(app)
        assert page.entity is not None and page.entity.id == choi
        assert page.quotes == inner.quotes_by(choi)
        assert sum(isinstance(s, EntityScreen) for s in app.screen_stack) == 1
        assert SPEAKER not in screen_text(app).split("Quotes", 1)[0]  # the header names Choi
    inner.close()


@run_async
async def test_key_bar_lists_the_screens_keys_and_a_click_presses_one(reader) -> None:
    app = make_app(reader)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        bar = app.screen.query_one(KeyBar)
        line = screen_text(app).splitlines()[-1]
        assert "Help" in line and "Quit" in line
        spans = {key: (start, end) for start, end, key in bar._spans}
        assert "question_mark" in spans
        start, _end = spans["question_mark"]
        await pilot.click(KeyBar, offset=(start + 1, 0))
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)


@run_async
async def test_key_bar_follows_the_focused_page(reader) -> None:
    kim = _id(reader, SPEAKER, "person")
    app = make_app(reader)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert "Export quotes" not in screen_text(app).splitlines()[-1]
        app.open_entity(kim)
        await settle(pilot)
        line = screen_text(app).splitlines()[-1]
        assert "Back" in line and "Copy quote" in line and "Export quotes" in line


def test_idle_collector_freezes_start_up_and_collects_only_when_idle() -> None:
    saved = gc.get_threshold()
    collector = IdleCollector()
    full: list[int] = []

    def watch(phase: str, info: dict) -> None:
        if phase == "start" and info["generation"] == 2:
            full.append(1)

    try:
        gc.callbacks.append(watch)
        collector.start()
        gc.callbacks.remove(watch)
        assert full == [], "starting walked every object (a full collection on the UI thread)"
        assert collector.active
        assert gc.get_threshold()[2] == NEVER
        assert gc.get_freeze_count() > 0
        collector.touched()
        assert not collector.collect_if_idle(busy=False)  # the user just typed
        collector.last_input -= 5
        assert not collector.collect_if_idle(busy=True)  # a worker is running
        assert collector.collect_if_idle(busy=False)
    finally:
        collector.stop()
    assert gc.get_threshold() == saved
    assert gc.get_freeze_count() == 0
    assert not collector.collect_if_idle(busy=False)  # stopped: the interpreter collects as before


@run_async
async def test_first_page_is_built_ahead_and_the_collector_starts(reader, monkeypatch) -> None:
    import kbio_tui.tui.app as app_module

    monkeypatch.setattr(app_module, "PREPARE_AFTER", 0.1)
    kim = _id(reader, SPEAKER, "person")
    saved = gc.get_threshold()
    app = make_app(reader)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.pause(0.3)
        assert app.collector.active
        # the reader's date order was built in the background: the first page does not wait for it
        built = reader._cache(reader._s())
        assert built.get("rank") is not None and built.get("article_docs") is not None
        (ready,) = app._entity_pool
        assert ready.is_mounted and ready not in app.screen_stack  # composed, not shown
        # ...styled and laid out too: its first push neither restyles nor lays out every node
        assert ready.query_one("#quotes").size.width > 0 and ready.size == app.size
        restyled: list[object] = []
        original = ready.update_node_styles
        ready.update_node_styles = lambda *a, **k: restyled.append(a) or original(*a, **k)
        app.open_entity(kim)
        assert app._revealing is ready and isinstance(app.screen, MainScreen)  # filled off screen
        await settle(pilot)
        assert app.screen is ready and ready.entity is not None and ready.entity.id == kim
        assert restyled == []
        prepared, shown = _styles_snapshot(app), screen_text(app)
        original(animate=False)
        ready.refresh(layout=True)
        await settle(pilot)
        assert (_styles_snapshot(app), screen_text(app)) == (prepared, shown)  # nothing lost by it
    assert not app.collector.active and gc.get_threshold() == saved


@run_async
async def test_start_up_holds_collection_until_the_collector_starts(tui_index: Path, monkeypatch) -> None:
    """kbio-tui turns collection off before importing Textual; the collector turns it back on once
    it has frozen what start-up built."""
    import kbio_tui.tui.app as app_module
    from kbio_tui.tui.collector import hold_for_start_up

    monkeypatch.setattr(app_module, "PREPARE_AFTER", 0.1)
    assert gc.isenabled()
    hold_for_start_up()
    try:
        app = KbioApp(index_dir=tui_index, refresh_seconds=None, cursor_blink=False)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            for _ in range(100):
                if app.collector.active:
                    break
                assert not gc.isenabled(), "collection came back before the collector started"
                await pilot.pause(0.05)
            assert app.collector.active and gc.isenabled()
            assert gc.get_threshold()[2] == NEVER and gc.get_freeze_count() > 0
    finally:
        gc.enable()


@run_async
async def test_an_index_that_cannot_be_opened_still_gets_collection_back(tmp_path: Path, monkeypatch) -> None:
    import kbio_tui.tui.app as app_module
    from kbio_tui.tui.collector import hold_for_start_up

    monkeypatch.setattr(app_module, "START_UP_HOLD", 0.3)
    hold_for_start_up()
    try:
        app = KbioApp(index_dir=tmp_path / "nowhere", refresh_seconds=None, cursor_blink=False)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert app.open_error and not app.collector.active
            await pilot.pause(0.5)
            assert gc.isenabled()
    finally:
        gc.enable()


@run_async
async def test_the_pooled_page_is_drawn_once_with_the_most_quoted_person_off_the_stack(
    reader, monkeypatch
) -> None:
    """While the user reads the first screen the pooled page is filled with the most quoted person
    and drawn off the stack (its first page only: the rest of the lists is not read for it); the
    person then opened is shown whole, with nothing left of the rehearsal."""
    import kbio_tui.tui.app as app_module
    from kbio_tui.models import EntityType
    from kbio_tui.tui.screens import entity as entity_module

    monkeypatch.setattr(app_module, "PREPARE_AFTER", 0.1)
    top = reader.entities(EntityType.PERSON, limit=1)[0]
    other = next(e for e in reader.entities(EntityType.PERSON, limit=50) if e.id != top.id and e.quote_count)
    asked: list[tuple[str, int | None]] = []
    quotes_by = reader.quotes_by

    def recording(entity_id: str, limit: int | None = None, **kw: object):
        asked.append((entity_id, limit))
        return quotes_by(entity_id, limit=limit, **kw)

    monkeypatch.setattr(reader, "quotes_by", recording)
    app = make_app(reader)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.pause(0.3)
        (ready,) = app._entity_pool
        assert ready not in app.screen_stack and isinstance(app.screen, MainScreen)
        assert ready.entity is not None and ready.entity.id == top.id, "filled with the most quoted person"
        quotes = ready.query_one("#quotes", OptionList)
        assert quotes.option_count > 0 and quotes.size.width > 0
        assert not ready.complete and asked == [(top.id, entity_module.FIRST_QUOTES)], "no rest read"
        app.open_entity(other.id)
        await settle(pilot)
        assert app.screen is ready and ready.entity is not None and ready.entity.id == other.id
        assert ready.complete
        shown = [q.article_id for q in ready.quotes]
        assert shown == [q.article_id for q in quotes_by(other.id, limit=entity_module.QUOTE_LIMIT)]
        assert other.name in screen_text(app) and top.name not in screen_text(app).split("\n")[0]


@run_async
async def test_collector_starts_even_when_a_page_was_opened_first(reader, monkeypatch) -> None:
    import kbio_tui.tui.app as app_module

    monkeypatch.setattr(app_module, "PREPARE_AFTER", 0.5)
    kim = _id(reader, SPEAKER, "person")
    app = make_app(reader)
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_entity(kim)  # before the page would have been prepared
        await settle(pilot)
        assert isinstance(app.screen, EntityScreen)
        await pilot.pause(0.7)
        assert app.collector.active
        assert len(app._entity_pool) == 1


@run_async
async def test_the_pooled_pages_frame_timer_has_ticked_before_its_first_push(reader, monkeypatch) -> None:
    """A screen's frame timer waits one whole frame interval before its first tick; the pooled page's
    has ticked off the stack (drawing nothing), so its first push is drawn at the next turn."""
    import kbio_tui.tui.app as app_module

    monkeypatch.setattr(app_module, "PREPARE_AFTER", 0.1)
    ticks: list[tuple[EntityScreen, bool]] = []
    original = EntityScreen._on_timer_update

    def tick(self: EntityScreen) -> None:
        ticks.append((self, self.is_current))
        original(self)

    monkeypatch.setattr(EntityScreen, "_on_timer_update", tick)
    kim = _id(reader, SPEAKER, "person")
    app = make_app(reader)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.pause(0.3)
        (ready,) = app._entity_pool
        assert ready not in app.screen_stack
        assert ticks == [(ready, False)], "its timer ticked once while it was off the stack"
        app.open_entity(kim)
        await settle(pilot)
        assert app.screen is ready and SPEAKER in screen_text(app)
        assert (ready, True) in ticks


def _styles_snapshot(app: KbioApp) -> list[tuple[str, str, str]]:
    """Every node's computed colours and text style on the current screen, as a full restyle
    would give them."""
    return [
        (repr(node), str(node.styles.color), str(node.styles.background) + str(node.styles.text_style))
        for node in app.screen.walk_children(with_self=True)
    ]


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
@run_async
async def test_the_first_screen_is_styled_once_and_as_a_full_restyle_styles_it(
    reader, monkeypatch, size
) -> None:
    """Start-up styles each node as it is mounted; the main screen's first resume does not style
    them all again (KeptStylesScreen), and nothing differs from a full restyle: every computed rule,
    every region and every cell on screen."""
    restyled: list[object] = []
    original = MainScreen.update_node_styles

    def recording(self: MainScreen, animate: bool = True) -> None:
        if sys._getframe(1).f_code.co_name == "_on_screen_resume":  # not a breakpoint class's change
            restyled.append(self)
        original(self, animate=animate)

    monkeypatch.setattr(MainScreen, "update_node_styles", recording)
    app = make_app(reader)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen) and restyled == []

        def state() -> tuple[list[tuple[str, str, object]], str]:
            nodes = [(repr(n), n.styles.css, n.region) for n in main.walk_children(with_self=True)]
            return nodes, screen_text(app)

        before = state()
        original(main, animate=False)
        main.refresh(layout=True)
        await settle(pilot)
        assert state() == before


@run_async
async def test_a_page_shown_again_keeps_correct_styles_without_a_full_restyle(reader) -> None:
    """Pooled pages and the main screen skip Textual's restyle-everything on resume; what they show
    must equal what a full restyle gives, and a theme change must still restyle them."""
    kim = _id(reader, SPEAKER, "person")
    choi = _id(reader, CEO, "person")
    app = make_app(reader)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        page = await _open(app, pilot, kim)
        await pilot.press("escape")
        await settle(pilot)

        restyled: list[object] = []
        for screen in (page, app.screen):
            original = screen.update_node_styles

            def counting(*args, screen=screen, original=original, **kwargs):
                restyled.append(screen)
                return original(*args, **kwargs)

            screen.update_node_styles = counting
        app.open_entity(choi)
        await settle(pilot)
        assert _page(app) is page
        assert page not in restyled  # the resume skipped the full restyle...
        skipped = _styles_snapshot(app)
        shown = screen_text(app)
        page.update_node_styles(animate=False)
        page.refresh(layout=True)
        await settle(pilot)
        assert _styles_snapshot(app) == skipped  # ...and lost nothing by it
        assert screen_text(app) == shown
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and app.screen not in restyled

        restyled.clear()
        before = _styles_snapshot(app)
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await settle(pilot)
        app.open_entity(kim)
        await settle(pilot)
        assert page in restyled  # the stylesheet changed while the page was off the stack
        after_theme = _styles_snapshot(app)
        page.update_node_styles(animate=False)
        await settle(pilot)
        assert _styles_snapshot(app) == after_theme
        await pilot.press("escape")
        await settle(pilot)
        assert _styles_snapshot(app) != before  # the main screen shows the new theme too
