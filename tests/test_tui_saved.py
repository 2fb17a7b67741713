"""Saved searches and what is new, in the browser (issue 19), on real indexes in temp dirs.

``s`` saves the search with its facet filters under a name, ``S`` lists the saved searches with what
arrived since this user last opened each, Enter runs one (query and filters restored) and marks it
seen, ``d`` removes one; the palette lists them first.  The article lists mark with ``+`` what was
ingested since this user's last session.  Each user's state is their own (two XDG_STATE_HOME dirs);
a later arrival is a second IndexWriter commit.  Everything at 80x24."""

from __future__ import annotations

from pathlib import Path

import pytest
from _tui_desk import EARLIER, LATER, LATER_TITLES
from _tui_helpers import (
    build_index,
    run_async,
    screen_text,
    search_with_facets,
    settle,
    type_text,
    until,
)

from kbio_tui import saved
from kbio_tui.index import open_reader
from kbio_tui.tui.app import make_app
from kbio_tui.tui.screens.main import MainScreen
from kbio_tui.tui.screens.saved import SavedSearchesScreen, SaveSearchScreen


@pytest.fixture
def alice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    state = tmp_path / "alice-state"
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    return state


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    return build_index(tmp_path / "index", EARLIER)


async def _until_on(pilot, kind: type) -> None:
    await until(pilot, lambda: isinstance(pilot.app.screen, kind))
    await settle(pilot)


async def _search(pilot, query: str) -> MainScreen:
    screen = await search_with_facets(pilot, query)
    assert isinstance(screen, MainScreen)
    return screen


def _person(reader, name: str) -> str:
    return next(e.id for e in reader.find_entities(name) if e.type == "person")


@run_async
async def test_saving_a_search_with_its_filter_and_running_it_again(alice: Path, index_dir: Path) -> None:
    reader = open_reader(index_dir)
    try:
        app = make_app(reader, index_dir=index_dir)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            screen = await _search(pilot, "cdmo")
            await pilot.press("f2", "enter")  # the first facet: Bae Ji-hoon, quoted in both
            await until(pilot, lambda: len(screen.filters) == 1)
            await settle(pilot)
            bae = _person(reader, "Bae Ji-hoon")
            assert screen.filter_ids == [bae]
            await pilot.press("f3", "s")
            await until(pilot, lambda: isinstance(app.screen, SaveSearchScreen))
            assert "Save cdmo · Bae Ji-hoon as" in screen_text(app)
            # a malformed name: the prompt stays with the saved module's one line, the text kept
            await type_text(pilot, "-x")
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, SaveSearchScreen)
            assert "bad name '-x'" in screen_text(app)
            await pilot.press("ctrl+a", "ctrl+k")
            await type_text(pilot, "cdmo bae")
            await pilot.press("enter")
            await until(pilot, lambda: app.screen is screen)
            [kept] = saved.load(index_dir).saved
            assert (kept.name, kept.query, kept.entities) == ("cdmo bae", "cdmo", [bae])
            # a taken name is refused the same way, nothing lost
            await pilot.press("s")
            await until(pilot, lambda: isinstance(app.screen, SaveSearchScreen))
            await type_text(pilot, "cdmo bae")
            await pilot.press("enter")
            await pilot.pause()
            assert "exists" in screen_text(app)
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is screen)
            assert len(saved.load(index_dir).saved) == 1

            # a different search, then the saved one again from the list (S)
            await pilot.press("slash", "ctrl+a", "ctrl+k")
            await pilot.press("enter")
            await until(pilot, lambda: screen.mode == "latest")
            await settle(pilot)
            assert not screen.filters
            await pilot.press("S")
            await until(pilot, lambda: isinstance(app.screen, SavedSearchesScreen))
            await settle(pilot)
            assert "cdmo bae  cdmo · Bae Ji-hoon  ·  nothing new" in screen_text(app)
            await pilot.press("enter")
            await until(pilot, lambda: app.screen is screen and screen.query_text == "cdmo")
            await settle(pilot)
            assert screen.filter_ids == [bae]
            assert screen.search_bar.input.value == "cdmo"
            text = screen_text(app)
            assert "Articles · cdmo · Bae Ji-hoon × · 2 found" in text
            assert [s.title for s in screen.articles.summaries] == [
                "CDMO demand keeps growing in Korea",
                "Seorin Pharma wins a CDMO order from a Swiss client",
            ]
    finally:
        reader.close()


@run_async
async def test_the_palette_lists_saved_searches_first_with_what_is_new(alice: Path, index_dir: Path) -> None:
    before = open_reader(index_dir)
    mark = before.ingest_mark()
    before.close()
    saved.add(index_dir, "cdmo watch", "cdmo", [], mark)
    saved.add(index_dir, "tablets", "tablet", [], mark)
    build_index(index_dir, LATER)  # two arrivals match cdmo, none tablets
    reader = open_reader(index_dir)
    try:
        assert reader.new_matches("cdmo", mark).total == 2
        app = make_app(reader, index_dir=index_dir)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+p")
            await until(pilot, lambda: "Quit" in screen_text(app) or "Saved: cdmo" in screen_text(app))
            await settle(pilot)
            lines = screen_text(app).splitlines()
            first = next(i for i, line in enumerate(lines) if "Saved: cdmo watch · 2 new" in line)
            tablets = next(i for i, line in enumerate(lines) if "Saved: tablets" in line)
            person = next(i for i, line in enumerate(lines) if "Yoon Ga-ram" in line)
            assert first < tablets < person, "saved searches before people"
            assert "Saved: tablets ·" not in lines[tablets], "nothing new: no count"
            await pilot.press("enter")  # runs the first
            await _until_on(pilot, MainScreen)
            await until(pilot, lambda: app.screen.query_text == "cdmo")
            await settle(pilot)
            watch = saved.load(index_dir).find("cdmo watch")
            assert watch is not None and watch.last_seen == reader.ingest_mark()
    finally:
        reader.close()


@run_async
async def test_each_user_sees_their_own_new_counts_and_opening_marks_seen(
    tmp_path: Path, index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Alice saved her search before the second arrival, Bob after it: only Alice has news."""
    alice, bob = tmp_path / "alice", tmp_path / "bob"
    reader = open_reader(index_dir)
    monkeypatch.setenv("XDG_STATE_HOME", str(alice))
    saved.add(index_dir, "cdmo", "cdmo", [], reader.ingest_mark())
    reader.close()
    build_index(index_dir, LATER)
    reader = open_reader(index_dir)
    monkeypatch.setenv("XDG_STATE_HOME", str(bob))
    saved.add(index_dir, "cdmo", "cdmo", [], reader.ingest_mark())
    try:
        for user, expected in [(alice, "2 new articles · 2 quotes"), (bob, "nothing new")]:
            monkeypatch.setenv("XDG_STATE_HOME", str(user))
            app = make_app(reader, index_dir=index_dir)
            async with app.run_test(size=(80, 24)) as pilot:
                await settle(pilot)
                await pilot.press("S")
                await _until_on(pilot, SavedSearchesScreen)
                assert f"cdmo  cdmo  ·  {expected}" in screen_text(app), user.name
                list_screen = app.screen
                assert isinstance(list_screen, SavedSearchesScreen)
                [row] = list_screen.rows
                new = reader.new_matches("cdmo", saved.load(index_dir).saved[0].last_seen)
                assert (row.new_articles, row.new_quotes) == (new.total, new.quotes)
                await pilot.press("enter")  # open it: seen up to now
                await _until_on(pilot, MainScreen)
                await pilot.press("S")
                await _until_on(pilot, SavedSearchesScreen)
                assert "cdmo  cdmo  ·  nothing new" in screen_text(app), user.name
    finally:
        reader.close()


@run_async
async def test_d_removes_a_saved_search_after_a_confirmation_line(alice: Path, index_dir: Path) -> None:
    saved.add(index_dir, "first", "cdmo", [], 0)
    saved.add(index_dir, "second", "tablet", [], 0)
    reader = open_reader(index_dir)
    try:
        app = make_app(reader, index_dir=index_dir)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("S")
            await until(pilot, lambda: isinstance(app.screen, SavedSearchesScreen))
            await settle(pilot)
            await pilot.press("d")
            assert "Remove first? y removes it, n keeps it" in screen_text(app)
            await pilot.press("n")
            assert [s.name for s in saved.load(index_dir).saved] == ["first", "second"]
            await pilot.press("down", "d", "y")
            await settle(pilot)
            assert [s.name for s in saved.load(index_dir).saved] == ["first"]
            text = screen_text(app)
            assert "Removed second." in text and "second  tablet" not in text
    finally:
        reader.close()


@run_async
async def test_without_an_index_folder_saved_searches_say_so(alice: Path, index_dir: Path) -> None:
    reader = open_reader(index_dir)
    try:
        app = make_app(reader)  # a reader handed in, no folder to key this user's state by
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await settle(pilot)
            await _search(pilot, "cdmo")
            for key in ("s", "S"):
                app.clear_notifications()
                await pilot.press("f3", key)
                await settle(pilot)
                assert [n.message for n in app._notifications] == ["Saved searches need an index folder."]
                assert isinstance(app.screen, MainScreen)
        assert not alice.exists(), "nothing written"
    finally:
        reader.close()


def _rows(app) -> list[str]:
    return [line for line in screen_text(app).splitlines() if "Korea Biomed" in line or "KBR" in line]


@run_async
async def test_articles_ingested_since_the_last_session_are_marked(alice: Path, index_dir: Path) -> None:
    reader = open_reader(index_dir)
    try:
        app = make_app(reader, index_dir=index_dir)  # the first session: nothing to compare with
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert app.new_since is None
            assert not any("+" in row for row in _rows(app))
    finally:
        reader.close()
    build_index(index_dir, LATER)
    reader = open_reader(index_dir)
    try:
        app = make_app(reader, index_dir=index_dir)  # the next session: the two later ones are new
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            rows = _rows(app)
            assert len(rows) == len(EARLIER) + len(LATER)
            marked = [row for row in rows if row.lstrip("│┃ ").startswith("+")]
            assert len(marked) == 2 and all(any(t[:20] in row for t in LATER_TITLES) for row in marked)
            assert all(row.lstrip("│┃ ")[0] != "+" for row in rows if row not in marked)
            assert "2 new since your last session ━┛" in screen_text(app), "under the list"
            # a search says how many of its results are new, and marks them the same way
            screen = await _search(pilot, "cdmo")
            text = screen_text(app)
            assert "Articles · cdmo · 4 found" in text and "2 new since your last session" in text
            marked = {s.title for s in screen.articles.summaries if s.ingested and s.ingested > app.new_since}  # type: ignore[operator]
            assert marked == LATER_TITLES
    finally:
        reader.close()
    reader = open_reader(index_dir)
    try:
        app = make_app(reader, index_dir=index_dir)  # and the session after that: nothing is new
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert not any(row.lstrip("│┃ ").startswith("+") for row in _rows(app))
            assert "new since your last session" not in screen_text(app)
    finally:
        reader.close()
