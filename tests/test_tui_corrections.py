"""Corrections made in the browser (issue 19), on a real index in a temp dir, through Pilot.

On a person's or organisation's page: ``m`` merges another entity into it, ``r`` renames it, ``x``
drops it or changes its type, ``a`` reassigns the quote under the cursor (or makes it anonymous, or
no quote), ``u`` undoes the last correction of the session; the palette has "Undo last correction"
and "Corrections" (the list, Enter undoes one).  Each test checks the log's record (with who and
when) and what the page shows after; another process (`kbio-tui quotes`) sees the correction; a log
nobody may write gets its one line in the app.

The desk is written for these tests: Daon Biologics' chief executive is spelt two ways (the
extractor keeps "Park Min-jae" and "Bak Min-jae" apart), and an "Industry Insider" is taken for a
person.
"""

from __future__ import annotations

import json
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from _pipeline_helpers import run_cli
from _read_only import run_read_only
from _tui_helpers import build_index, run_async, screen_text, settle, type_text, until

from kbio_tui.corrections import LOG_NAME, current_user, read_records
from kbio_tui.index import open_reader
from kbio_tui.models import Article
from kbio_tui.tui.app import make_app
from kbio_tui.tui.screens.correct import (
    ChoiceScreen,
    ConfirmScreen,
    CorrectionsScreen,
    PickEntityScreen,
    RenameScreen,
)
from kbio_tui.tui.screens.entity import EntityScreen
from kbio_tui.tui.screens.main import MainScreen
from kbio_tui.tui.widgets.article_list import ArticleList

PARK, BAK, SEO = "person:park-minjae", "person:bak-minjae", "person:seo-yuna"
INSIDER = "person:insider-industry"
WAITED = "We have waited two years for this trial"
MONEY = "The money goes straight into the new plant"


def _article(key: str, when: datetime, title: str, paragraphs: list[str]) -> Article:
    return Article(
        source_file=f"/desk/{key}.txt",
        source_hash=f"{key}-v1",
        outlet="Bio Ledger",
        title=title,
        published=when,
        paragraphs=paragraphs,
    )


DESK = [
    _article(
        "d1",
        datetime(2025, 10, 6, 9),
        "Daon Biologics starts a cell therapy trial",
        [
            "Daon Biologics began dosing patients in its first cell therapy trial on Monday.",
            f'"{WAITED}," said Park Min-jae, chief executive of Daon Biologics.',
        ],
    ),
    _article(
        "d2",
        datetime(2025, 11, 17, 9),
        "Daon Biologics raises money for a new plant",
        [
            "Daon Biologics raised 40 billion won from three funds to build a second plant.",
            f'"{MONEY}," said Bak Min-jae, chief executive of Daon Biologics.',
            '"Investors like what they see," an Industry Insider said.',
        ],
    ),
    _article(
        "d3",
        datetime(2026, 1, 12, 9),
        "Regulators clear the Daon Biologics filing",
        [
            "The Drug Safety Agency cleared the Daon Biologics filing for its cell therapy.",
            '"Our reviewers found no gaps in the data," said Seo Yu-na, a director at the Drug Safety '
            "Agency.",
        ],
    ),
]


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    return build_index(tmp_path / "ix", DESK)


@pytest.fixture
def reader(desk: Path):
    r = open_reader(desk)
    yield r
    r.close()


async def _on(pilot, kind: type) -> None:
    await until(pilot, lambda: isinstance(pilot.app.screen, kind))
    await settle(pilot)


async def _page(pilot, entity_id: str) -> EntityScreen:
    pilot.app.open_entity(entity_id)
    await until(
        pilot,
        lambda: (
            isinstance(pilot.app.screen, EntityScreen)
            and pilot.app.screen.entity is not None
            and pilot.app.screen.entity.id == entity_id
        ),
    )
    await settle(pilot)
    return pilot.app.screen


async def _page_shows(pilot, page: EntityScreen, entity_id: str, check) -> None:
    """Wait until the page shows ``entity_id`` again, reloaded, and ``check(page)`` holds."""
    await until(
        pilot,
        lambda: (
            pilot.app.screen is page
            and page.entity is not None
            and page.entity.id == entity_id
            and page.complete
            and check(page)
        ),
    )
    await settle(pilot)


def _last(ix: Path) -> dict:
    rec = read_records(ix)[-1]
    assert rec["user"] == current_user()
    assert abs(datetime.fromisoformat(rec["time"]) - datetime.now(UTC)) < timedelta(minutes=5)
    return rec


def _notes(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def _quotes(ix: Path, name: str) -> list[str]:
    """What another process reads: `kbio-tui quotes NAME --json`."""
    res = run_cli("quotes", name, "--index", str(ix), "--json")
    assert res.returncode == 0, res.stderr
    return [q["text"] for q in json.loads(res.stdout)["quotes"]]


@run_async
async def test_m_merges_the_picked_name_into_the_page_and_u_undoes_it(desk: Path, reader) -> None:
    app = make_app(reader, index_dir=desk)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        page = await _page(pilot, PARK)
        assert page.entity is not None and page.entity.quote_count == 1
        assert "m Merge" in screen_text(app)  # the footer shows the keys
        await pilot.press("m")
        await _on(pilot, PickEntityScreen)
        await type_text(pilot, "bak")
        await settle(pilot)
        assert "Bak Min-jae" in screen_text(app) and "Seo Yu-na" not in screen_text(app)
        await pilot.press("enter")
        await _on(pilot, ConfirmScreen)
        assert "Bak Min-jae is Park Min-jae: merge its 1 quote and 1 article" in screen_text(app)
        await pilot.press("enter")
        await _page_shows(pilot, page, PARK, lambda p: p.entity.quote_count == 2)
        rec = _last(desk)
        assert rec["kind"] == "merge"
        assert rec["args"] == {
            "into": PARK,
            "into_name": "Park Min-jae",
            "from": BAK,
            "from_name": "Bak Min-jae",
        }
        shown = screen_text(app)
        assert "2 articles" in shown and "2 quotes" in shown
        assert sorted(q.text for q in page.quotes) == sorted([WAITED, MONEY])
        assert "Merged Bak Min-jae into Park Min-jae" in " ".join(_notes(app))
        # another reader process sees it
        assert sorted(_quotes(desk, "Park Min-jae")) == sorted([WAITED, MONEY])

        await pilot.press("u")
        await _page_shows(pilot, page, PARK, lambda p: p.entity.quote_count == 1)
        undo = _last(desk)
        assert undo["kind"] == "undo" and undo["args"] == {"target": rec["id"], "kind": "merge"}
        assert [q.text for q in page.quotes] == [WAITED]
        assert "1 article" in screen_text(app)
        assert _quotes(desk, "Park Min-jae") == [WAITED]
        await pilot.press("u")  # nothing more of this session to undo
        await settle(pilot)
        assert "No correction of this session to undo" in _notes(app)[-1]
        assert read_records(desk)[-1]["id"] == undo["id"]


@run_async
async def test_r_renames_with_a_prefilled_form(desk: Path, reader) -> None:
    app = make_app(reader, index_dir=desk)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        page = await _page(pilot, SEO)
        await pilot.press("r")
        await _on(pilot, RenameScreen)
        form = app.screen
        assert [form.query_one(f"#rename-{k}").value for k in ("name", "role", "org")] == [
            "Seo Yu-na",
            "director",
            "Drug Safety Agency",
        ]
        await pilot.press("enter")  # nothing changed: the form stays and says so
        await settle(pilot)
        assert app.screen is form and "Nothing changed" in screen_text(app)
        assert not (desk / LOG_NAME).exists()
        await pilot.press("tab")  # to the role, all of it selected: typing replaces it
        await type_text(pilot, "chief reviewer")
        await pilot.press("enter")
        await _page_shows(pilot, page, SEO, lambda p: p.entity.roles[:1] == ["chief reviewer"])
        rec = _last(desk)
        assert rec["kind"] == "rename"
        assert rec["args"] == {"entity": SEO, "was": "Seo Yu-na", "role": "chief reviewer"}
        assert "Seo Yu-na  Person · chief reviewer" in screen_text(app)

        await pilot.press("r")
        await _on(pilot, RenameScreen)
        await type_text(pilot, "Seo Yuna")  # the name has the focus, all of it selected
        await pilot.press("enter")
        await _page_shows(pilot, page, SEO, lambda p: p.entity.name == "Seo Yuna")
        assert _last(desk)["args"] == {"entity": SEO, "was": "Seo Yu-na", "name": "Seo Yuna"}
        assert "Seo Yuna  Person · chief reviewer" in screen_text(app)


@run_async
async def test_x_drops_an_entity_that_is_none_and_changes_a_type(desk: Path, reader) -> None:
    app = make_app(reader, index_dir=desk)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        assert "Industry Insider" in screen_text(app)  # in the Entities list
        page = await _page(pilot, INSIDER)
        await pilot.press("x")
        await _on(pilot, ChoiceScreen)
        shown = screen_text(app)
        assert "Not an entity — drop it" in shown and "It is an organisation" in shown
        await pilot.press("enter")  # the first choice: drop it
        await until(pilot, lambda: app.screen is main and "Industry Insider" not in screen_text(app))
        await settle(pilot)
        rec = _last(desk)
        assert rec["kind"] == "drop"
        assert rec["args"] == {"entity": INSIDER, "name": "Industry Insider", "type": "person"}
        assert "Industry Insider" not in screen_text(app)
        assert "Dropped Industry Insider" in _notes(app)[-1]

        app.action_undo_correction()  # the palette's "Undo last correction"
        await until(pilot, lambda: "Industry Insider" in screen_text(app))
        assert _last(desk)["args"] == {"target": rec["id"], "kind": "drop"}

        page = await _page(pilot, INSIDER)
        await pilot.press("x")
        await _on(pilot, ChoiceScreen)
        await pilot.press("down", "enter")  # It is an organisation
        org = "org:insider-industry"
        await _page_shows(pilot, page, org, lambda p: True)
        rec = _last(desk)
        assert rec["kind"] == "retype" and rec["args"]["type"] == "org" and rec["args"]["new_id"] == org
        assert "Industry Insider  Organisation" in screen_text(app)
        await pilot.press("u")  # back to the person it was
        await _page_shows(pilot, page, INSIDER, lambda p: p.entity.type == "person")
        assert "Industry Insider  Person" in screen_text(app)


@run_async
async def test_a_reassigns_a_quote_and_rejects_one(desk: Path, reader) -> None:
    app = make_app(reader, index_dir=desk)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        page = await _page(pilot, BAK)
        assert [q.text for q in page.quotes] == [MONEY]
        page.query_one("#entity-articles").focus()  # a is for the quote under the cursor
        await pilot.press("a")
        await settle(pilot)
        assert app.screen is page and "Put the cursor on a quote first" in _notes(app)[-1]
        page.query_one("#quotes").focus()
        await pilot.press("a")
        await _on(pilot, PickEntityScreen)
        shown = screen_text(app)
        assert "Anonymous" in shown and "Not a quote" in shown and "Daon Biologics" in shown
        await type_text(pilot, "park")
        await settle(pilot)
        await pilot.press("enter")
        await _page_shows(pilot, page, BAK, lambda p: not p.quotes)
        rec = _last(desk)
        assert rec["kind"] == "speaker"
        assert rec["args"]["mode"] == "entity" and rec["args"]["to"] == PARK
        assert rec["args"]["was"] == "Bak Min-jae" and rec["args"]["text"] == MONEY
        assert "0 quotes" in screen_text(app)
        assert sorted(_quotes(desk, "Park Min-jae")) == sorted([WAITED, MONEY])

        await pilot.press("escape")
        page = await _page(pilot, PARK)  # the quote is on the other person's page now
        assert sorted(q.text for q in page.quotes) == sorted([WAITED, MONEY])
        assert MONEY in screen_text(app)
        index = next(i for i, q in enumerate(page.quotes) if q.text == MONEY)
        page.query_one("#quotes").highlighted = index
        await pilot.press("a")
        await _on(pilot, PickEntityScreen)
        await type_text(pilot, "not a")
        await settle(pilot)
        await pilot.press("enter")
        await _page_shows(pilot, page, PARK, lambda p: [q.text for q in p.quotes] == [WAITED])
        rec = _last(desk)
        assert rec["args"]["mode"] == "not-a-quote" and "to" not in rec["args"]
        assert MONEY not in screen_text(app)
        assert _quotes(desk, "Park Min-jae") == [WAITED]


@run_async
async def test_the_corrections_list_shows_who_and_what_and_undoes_one(desk: Path, reader) -> None:
    app = make_app(reader, index_dir=desk)
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(pilot)
        page = await _page(pilot, PARK)
        await pilot.press("m")
        await _on(pilot, PickEntityScreen)
        await type_text(pilot, "bak")
        await settle(pilot)
        await pilot.press("enter")
        await _on(pilot, ConfirmScreen)
        await pilot.press("y")
        await _page_shows(pilot, page, PARK, lambda p: p.entity.quote_count == 2)
        merged = _last(desk)

        await pilot.press("ctrl+p")
        await type_text(pilot, "Corrections")
        await settle(pilot)
        await pilot.press("enter")
        await _on(pilot, CorrectionsScreen)
        shown = screen_text(app)
        assert f"{current_user()}  merge Bak Min-jae ({BAK}) into Park Min-jae ({PARK})" in shown
        assert merged["time"][:10] in shown
        await pilot.press("enter")
        assert "Undo merge Bak Min-jae" in screen_text(app)
        await pilot.press("y")
        await until(pilot, lambda: "(undone)" in screen_text(app))
        assert _last(desk)["args"] == {"target": merged["id"], "kind": "merge"}
        await pilot.press("escape")
        await _page_shows(pilot, page, PARK, lambda p: p.entity.quote_count == 1)
        assert app.corrections_made == []  # u has nothing left to undo


@run_async
async def test_another_analysts_correction_shows_on_the_next_refresh(desk: Path, reader) -> None:
    app = make_app(reader, index_dir=desk)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        page = await _page(pilot, PARK)
        res = run_cli("correct", "merge", "Park Min-jae", "Bak Min-jae", "--index", str(desk))
        assert res.returncode == 0, res.stderr
        await settle(pilot)
        assert page.entity is not None and page.entity.quote_count == 1  # not until the refresh
        await pilot.press("ctrl+r")
        await _page_shows(pilot, page, PARK, lambda p: p.entity.quote_count == 2)
        assert sorted(q.text for q in page.quotes) == sorted([WAITED, MONEY])
        assert "2 quotes" in screen_text(app)
        assert app.corrections_made == []  # u undoes only this browser's own


@run_async
async def test_without_an_index_folder_corrections_say_so(desk: Path, reader) -> None:
    app = make_app(reader)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _page(pilot, PARK)
        for key in ("m", "r", "x", "a", "u"):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, EntityScreen)
            assert _notes(app)[-1] == "Corrections need an index folder."
        assert not (desk / LOG_NAME).exists()


PILOT_READ_ONLY = textwrap.dedent(
    """
    import asyncio, json, sys
    from pathlib import Path
    sys.path.insert(0, sys.argv[2])
    from _tui_helpers import screen_text, settle, type_text, until
    from kbio_tui.index import open_reader
    from kbio_tui.tui.app import make_app
    from kbio_tui.tui.screens.correct import PickEntityScreen, RenameScreen
    from kbio_tui.tui.screens.entity import EntityScreen

    async def main(ix):
        reader = open_reader(ix)
        app = make_app(reader, index_dir=ix)
        out = {}
        async with app.run_test(size=(120, 30)) as pilot:
            await settle(pilot)
            app.open_entity("person:park-minjae")
            await until(pilot, lambda: isinstance(app.screen, EntityScreen) and app.screen.complete)
            await pilot.press("r", "tab")
            await until(pilot, lambda: isinstance(app.screen, RenameScreen))
            await type_text(pilot, "founder")
            await pilot.press("enter")
            await settle(pilot)
            problem = app.screen.query_one("#rename-problem").render()
            out["rename"] = [type(app.screen).__name__, str(problem), screen_text(app)]
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("a")
            await until(pilot, lambda: isinstance(app.screen, PickEntityScreen))
            await settle(pilot)
            await type_text(pilot, "anon")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            out["reassign"] = type(app.screen).__name__
            out["notes"] = [str(n.message) for n in app._notifications]
        reader.close()
        print(json.dumps(out))

    asyncio.run(main(Path(sys.argv[1])))
    """
)


def test_a_log_nobody_may_write_gets_one_line_in_the_app(tmp_path: Path) -> None:
    build_index(tmp_path / "ix", DESK)
    script = tmp_path / "pilot.py"
    script.write_text(PILOT_READ_ONLY, encoding="utf-8")
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    tests = Path(__file__).parent
    res = run_read_only(
        mnt,
        'cp -r "$SRC" "$MNT/ix" || exit 9',
        f'"{sys.executable}" "$SCRIPT" "$MNT/ix" "{tests}"',
        env={"SRC": str(tmp_path / "ix"), "SCRIPT": str(script), "XDG_STATE_HOME": str(tmp_path / "state")},
    )
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr
    out = json.loads(res.stdout.strip().splitlines()[-1])
    message = f"cannot record a correction: {mnt}/ix/{LOG_NAME} is not writable by {current_user()}"
    screen, problem, text = out["rename"]
    assert screen == "RenameScreen"  # the form stays open with the one line under it
    assert problem == message and "cannot record a correction:" in text
    assert out["reassign"] == "EntityScreen" and out["notes"][-1] == message
    assert not (tmp_path / "ix" / LOG_NAME).exists()


@run_async
async def test_s_splits_off_the_entity_in_the_article_under_the_cursor(desk: Path, reader) -> None:
    daon = next(e for e in reader.find_entities("Daon Biologics") if e.type == "org")
    assert daon.article_count == 3
    app = make_app(reader, index_dir=desk)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        page = await _page(pilot, daon.id)
        articles = page.query_one(ArticleList)
        page.set_focus(articles)
        await settle(pilot)
        target = articles.current_id
        assert target is not None
        title = next(s.title for s in articles.summaries if s.id == target)
        await pilot.press("s")
        await _on(pilot, ChoiceScreen)
        assert f"In “{title}” Daon Biologics is someone else" in screen_text(app)
        options = app.screen.query_one("#choice-options")
        article_row = next(
            i for i in range(options.option_count) if options.get_option_at_index(i).id == f"article:{target}"
        )
        for _ in range(article_row):
            await pilot.press("down")
        await pilot.press("enter")
        await _page_shows(pilot, page, daon.id, lambda p: p.entity.article_count == 2)
        rec = _last(desk)
        assert rec["kind"] == "split"
        assert rec["args"]["entity"] == daon.id and rec["args"]["article"] == target
        assert target not in [s.id for s in articles.summaries]
        assert "2 articles" in screen_text(app)
        # a second reader sees the split: the entity no longer lists that article
        other = open_reader(desk)
        try:
            assert target not in [a.id for a in other.articles_mentioning(daon.id)]
        finally:
            other.close()
        await pilot.press("u")
        await _page_shows(pilot, page, daon.id, lambda p: p.entity.article_count == 3)
