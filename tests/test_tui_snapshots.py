"""SVG snapshots of the main screen, a person page, an organisation page, a search with its facets and
help, at 80x24 and 160x48 (Textual is pinned)."""

from __future__ import annotations

import pytest
from _tui_helpers import paste, settle

from kbio_tui.tui.app import make_app

SIZES = [(80, 24), (160, 48)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_main_screen(snap_compare, reader, size) -> None:
    assert snap_compare(make_app(reader), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_person_page(snap_compare, reader, size) -> None:
    person = next(e for e in reader.find_entities("Kim Ji-won") if e.type == "person")

    async def open_person(pilot) -> None:
        await settle(pilot)
        pilot.app.open_entity(person.id)
        await settle(pilot)

    assert snap_compare(make_app(reader), terminal_size=size, run_before=open_person)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help_screen(snap_compare, reader, size) -> None:
    async def open_help(pilot) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(make_app(reader), terminal_size=size, run_before=open_help)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_organisation_page(snap_compare, reader, size) -> None:
    org = next(e for e in reader.find_entities("Celadon Therapeutics") if e.type == "org")

    async def open_org(pilot) -> None:
        await settle(pilot)
        pilot.app.open_entity(org.id)
        await settle(pilot)

    assert snap_compare(make_app(reader), terminal_size=size, run_before=open_org)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_search_with_facets(snap_compare, reader, size) -> None:
    async def search(pilot) -> None:
        await settle(pilot)
        await pilot.press("slash")
        await paste(pilot, "hanbit")
        await pilot.press("enter")
        screen = pilot.app.screen
        for _ in range(400):
            if screen.query_text == "hanbit" and screen._facets is not None:
                break
            await pilot.pause(0.025)
        await settle(pilot)

    assert snap_compare(make_app(reader), terminal_size=size, run_before=search)


def test_person_page_with_its_timeline(snap_compare, reader) -> None:
    """At 80x24: the header, the per-month chart (t) with the cursor on the latest month, the quotes."""
    person = next(e for e in reader.find_entities("Kim Ji-won") if e.type == "person")

    async def open_timeline(pilot) -> None:
        await settle(pilot)
        pilot.app.open_entity(person.id)
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)

    assert snap_compare(make_app(reader), terminal_size=(80, 24), run_before=open_timeline)
