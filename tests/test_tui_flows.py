"""Drive the real browser (Pilot) over a real Whoosh index built from tests/fixtures/tui."""

from __future__ import annotations

import csv
import shutil
import time
from pathlib import Path

import pytest
from _tui_helpers import (
    HOSTILE_TITLE,
    NEWEST_TITLE,
    paste,
    run_async,
    screen_segments,
    screen_text,
    settle,
    type_text,
)
from textual import events
from textual.widgets import Input, OptionList
from textual.widgets._toast import Toast

from kbio_tui.index import IndexWriter, open_reader
from kbio_tui.index.api import QuerySyntaxError
from kbio_tui.models import Article
from kbio_tui.tui.app import KbioApp, make_app
from kbio_tui.tui.safe_text import ESCAPE_SYMBOL
from kbio_tui.tui.screens.article import ArticleScreen
from kbio_tui.tui.screens.entity import EntityScreen
from kbio_tui.tui.screens.help import HelpScreen
from kbio_tui.tui.screens.main import MainScreen
from kbio_tui.tui.widgets.article_list import ArticleList
from kbio_tui.tui.widgets.detail_view import DetailView
from kbio_tui.tui.widgets.entity_list import EntityPane
from kbio_tui.tui.widgets.type_chips import TypeChips

SPEAKER = "Kim Ji-won"


@pytest.fixture
def kim_id(reader) -> str:
    found = [e for e in reader.find_entities(SPEAKER) if e.type == "person"]
    assert found, "the extractor should find Kim Ji-won in the fixtures"
    return found[0].id


def main_screen(app: KbioApp) -> MainScreen:
    assert isinstance(app.screen, MainScreen)
    return app.screen


async def search(pilot, query: str, *, typed: bool = False) -> None:
    await pilot.press("slash")
    await (type_text if typed else paste)(pilot, query)
    await settle(pilot)


@run_async
async def test_first_screen_lists_latest_articles_newest_first(reader) -> None:
    app = make_app(reader)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        summaries = app.screen.query_one(ArticleList).summaries
        dates = [s.published for s in summaries]
        assert len(summaries) == 5
        assert dates == sorted(dates, reverse=True)
        assert summaries[0].title == NEWEST_TITLE
        text = screen_text(app)
        assert "Hanbit Biologics signs" in text
        # one line a row: date, the outlet's short form, title
        row = next(line for line in text.splitlines() if "2026-01-14" in line)
        assert "2026-01-14  KBR   " in row, "Korea Biomedical Review in its short form"
        # the cursor row is previewed in the detail view
        assert app.screen.query_one(DetailView).article is not None


@run_async
async def test_search_results_open_and_highlight_terms(reader) -> None:
    app = make_app(reader)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await search(pilot, "bioreactor", typed=True)
        screen = main_screen(app)
        titles = [s.title for s in screen.articles.summaries]
        assert titles == ["Hanbit Biologics to double Songdo plant capacity by 2027"]
        assert "1 article matches" in screen_text(app)
        await pilot.press("enter")  # run now, keyboard to the results
        await settle(pilot)
        await pilot.press("enter")  # open the article
        await settle(pilot)
        detail = screen.detail
        assert app.focused is detail
        assert detail.article is not None and detail.article.title == titles[0]
        marks = [h for h in detail.highlights if h.kind == "search"]
        assert marks, "the search term is highlighted in the article"
        assert detail.article.text[marks[0].start : marks[0].end].lower() == "bioreactor"
        lit = [s for s in screen_segments(app) if "bioreactor" in s.text and s.style and s.style.reverse]
        assert lit, "the term is drawn in the search highlight style"


@run_async
async def test_snippets_are_asked_only_for_visible_rows(tui_index: Path) -> None:
    class SpyReader:
        def __init__(self, inner) -> None:
            self.inner = inner
            self.asked: list[list[str]] = []

        def snippets(self, query: str, article_ids: list[str]):
            self.asked.append(list(article_ids))
            return self.inner.snippets(query, article_ids)

        def __getattr__(self, name: str):
            return getattr(self.inner, name)

    spy = SpyReader(open_reader(tui_index))
    app = make_app(spy)  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await search(pilot, "hanbit")
        pane = main_screen(app).articles
        assert len(pane.summaries) >= 3
        asked = [i for batch in spy.asked for i in batch]
        assert asked, "snippets were requested for the rows on screen"
        assert len(asked) == len(set(asked)), "no row is asked for twice"
        visible_rows = pane.size.height // 4 + 2
        assert len(asked) <= visible_rows + 1
        first = pane.summaries[0].id
        assert first in pane.snippets
        assert pane.snippets[first].text.split()[0] in screen_text(app)
    spy.inner.close()


@run_async
async def test_malformed_query_shows_message_and_keeps_running(reader) -> None:
    bad = '"unbalanced phrase'
    candidates = [bad, "date:2025-13..banana", "person:", "(hanbit"]
    failing = []
    for query in candidates:
        try:
            reader.search(query)
        except QuerySyntaxError as exc:
            failing.append((query, str(exc)))
    assert failing, "the reader rejects at least one malformed query"
    query, message = failing[0]
    app = make_app(reader)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        before = [s.id for s in main_screen(app).articles.summaries]
        await search(pilot, query)
        label = app.screen.query_one("#search-message")
        assert label.has_class("-error")
        text = screen_text(app)
        assert "Query problem:" in text
        assert message.split()[0] in text
        # the list is untouched and the app still answers
        assert [s.id for s in main_screen(app).articles.summaries] == before
        await pilot.press("ctrl+a", "ctrl+k")
        await paste(pilot, "bioreactor")
        await settle(pilot)
        assert not label.has_class("-error")
        assert len(main_screen(app).articles.summaries) == 1


@run_async
async def test_a_query_searched_with_an_assumption_says_so_without_calling_it_partial(reader) -> None:
    """An unknown field or an unclosed phrase is searched anyway; the message line says what was
    assumed, fits 80 columns, and does not call a complete search "partial"."""
    app = make_app(reader)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await search(pilot, "maker:bioreactor")
        label = app.screen.query_one("#search-message")
        shown = str(label.render()).strip()
        assert not label.has_class("-error")
        assert "partial" not in shown
        assert shown == "0 articles match · maker: is not a field, searched as words"
        assert len(shown) <= 80
        await pilot.press("ctrl+a", "ctrl+k")
        await paste(pilot, '"bioreactor')
        await settle(pilot)
        shown = str(label.render()).strip()
        assert shown == '1 article matches · no closing ": assumed one at the end of the query'
        assert len(main_screen(app).articles.summaries) == 1


async def _open_person(pilot, app: KbioApp, name: str) -> EntityScreen:
    await pilot.press("f2")
    await type_text(pilot, name.split()[-1].lower())
    await settle(pilot)
    pane = app.screen.query_one(EntityPane)
    assert pane.current is not None and pane.current.name == name
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, EntityScreen)
    return app.screen


@run_async
async def test_person_quotes_open_article_scrolled_and_back_restores(reader, kim_id: str) -> None:
    quotes = reader.quotes_by(kim_id)
    assert len(quotes) >= 3, "Kim Ji-won is quoted in three fixture articles"
    app = make_app(reader)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        page = await _open_person(pilot, app, SPEAKER)
        text = screen_text(app)
        assert SPEAKER in text and "Hanbit Biologics" in text
        assert page.quotes == quotes  # every quote, newest first
        dates = [q.published for q in page.quotes]
        assert dates == sorted(dates, reverse=True)
        assert "● “" in text, "a direct quote is marked as one"

        # the newest quote closes a long press release: the article must open scrolled to it
        quote_list = page.query_one("#quotes", OptionList)
        assert quote_list.highlighted == 0
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        view = app.screen.query_one(DetailView)
        current = view.current_highlight
        assert current is not None and current.kind == "quote"
        assert (current.start, current.end) == (quotes[0].sentence_start, quotes[0].sentence_end)
        assert view.scroll_y > 0
        sentence = view.article.text[current.start : current.end]
        assert " ".join(sentence.split()[:4]) in " ".join(screen_text(app).split())
        lit = [s for s in screen_segments(app) if s.style and s.style.underline and s.style.bold]
        assert any(word in "".join(s.text for s in lit) for word in sentence.split()[2:5])

        # Back: same page, same quote selected; then down to the oldest, open, back again
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is page
        await pilot.press("down", "down")
        assert quote_list.highlighted == 2
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.query_one(DetailView).article.id == quotes[2].article_id
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is page
        assert quote_list.highlighted == 2
        assert app.focused is quote_list

        # and once more back to the browser, with the person still selected in the list
        await pilot.press("escape")
        await settle(pilot)
        main = main_screen(app)
        assert main.entities.current is not None and main.entities.current.id == kim_id


@run_async
async def test_selected_entity_narrows_articles_and_highlights_mentions(reader, kim_id: str) -> None:
    app = make_app(reader)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await type_text(pilot, "ji-won")
        await settle(pilot)
        main = main_screen(app)
        expected = [a.id for a in reader.articles_mentioning(kim_id)]
        assert [s.id for s in main.articles.summaries] == expected
        assert "mention Kim Ji-won" in screen_text(app)
        detail = main.detail
        assert detail.article is not None and detail.article.id == expected[0]
        assert any(h.kind == "entity" for h in detail.highlights)


@run_async
async def test_next_previous_highlight_keys_move_between_hits(reader) -> None:
    app = make_app(reader)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await search(pilot, "hanbit")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        detail = main_screen(app).detail
        assert len(detail.highlights) >= 3
        assert detail.current == 0
        await pilot.press("n", "n")
        assert detail.current == 2
        await pilot.press("N")
        assert detail.current == 1
        await pilot.press("N", "N")
        assert detail.current == len(detail.highlights) - 1


@run_async
async def test_palette_jumps_to_a_person(reader) -> None:
    app = make_app(reader)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await paste(pilot, "choi eun")
        await settle(pilot)
        assert "Choi Eun-ha" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EntityScreen)
        assert app.screen.entity is not None and app.screen.entity.name == "Choi Eun-ha"
        assert "This deal validates" in screen_text(app)


@run_async
async def test_organisation_page_lists_people_and_articles(reader) -> None:
    org = next(e for e in reader.find_entities("Celadon Therapeutics") if e.type == "org")
    app = make_app(reader)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await paste(pilot, "celadon")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        page = app.screen
        assert isinstance(page, EntityScreen) and page.entity is not None and page.entity.id == org.id
        assert [p.name for p in page.people] == ["Choi Eun-ha"]
        text = screen_text(app)
        assert "Celadon Therapeutics  Organisation" in text
        assert "Celadon Therapeutics licenses obesity candidate" in text
        # its people's quotes are gathered on its page, after its own, each with who said it
        person = next(e for e in reader.find_entities("Choi Eun-ha") if e.type == "person")
        theirs = reader.quotes_by(person.id)
        own = reader.quotes_by(org.id)
        assert theirs, "the fixture's Choi Eun-ha is quoted"
        assert [(q.article_id, q.start) for q in page.quotes] == [
            (q.article_id, q.start) for q in own + theirs
        ]
        assert "Choi Eun-ha: " in text and "its people's" in text


@run_async
async def test_copy_quote_with_citation_and_export(reader, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KBIO_EXPORT_DIR", str(tmp_path))
    monkeypatch.chdir(tmp_path.parent)  # exports never land in the folder the app started from
    app = make_app(reader)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        page = await _open_person(pilot, app, SPEAKER)
        await pilot.press("c")
        quote = page.quotes[0]
        clip = app.clipboard
        assert quote.text.split()[0] in clip
        for part in (SPEAKER, quote.outlet, quote.published.strftime("%Y-%m-%d"), quote.article_title):
            assert part in clip

        await pilot.press("e")
        await settle(pilot)
        box = app.screen.query_one("#export-path", Input)
        assert box.value == str(tmp_path / "kim-ji-won-quotes.md")  # the full path, in the export folder
        await pilot.press("enter")
        await settle(pilot)
        markdown = (tmp_path / "kim-ji-won-quotes.md").read_text(encoding="utf-8")
        assert markdown.startswith("# Quotes by Kim Ji-won")
        assert markdown.count("\n- ") == len(page.quotes)
        written = str(tmp_path / "kim-ji-won-quotes.md")
        assert any(written in n.message for n in app._notifications)
        toasts = list(app.screen.query(Toast))
        assert any(written in toast._notification.message for toast in toasts), "shown as a toast"

        await pilot.press("e")
        await settle(pilot)
        await pilot.press("ctrl+a", "ctrl+k")
        await paste(pilot, "out.csv")
        await pilot.press("enter")
        await settle(pilot)
        rows = list(csv.DictReader((tmp_path / "out.csv").open(encoding="utf-8")))
        assert len(rows) == len(page.quotes)
        assert rows[0]["speaker"] == SPEAKER and rows[0]["title"] == quote.article_title


@run_async
async def test_markup_and_terminal_codes_render_literally(reader) -> None:
    app = make_app(reader)
    async with app.run_test(size=(200, 40)) as pilot:
        await settle(pilot)
        await search(pilot, "hostile")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        main = main_screen(app)
        hostile = main.detail.article
        assert hostile is not None and hostile.title == HOSTILE_TITLE
        assert HOSTILE_TITLE in screen_text(app)  # list row and header, literally

        # full width, so each paragraph sits on one line
        app.open_article(hostile.id)
        await settle(pilot)
        text = screen_text(app)
        for literal in (
            HOSTILE_TITLE,
            "by Test [link=http://x]Desk[/link]",
            "carry [bold red]console markup[/bold red], a stray closing tag [/b] and a "
            "[link=http://x]link tag[/link] that must stay literal.",
            f"{ESCAPE_SYMBOL}[31mred text{ESCAPE_SYMBOL}[0m",
            f"{ESCAPE_SYMBOL}]52;c;aGFja2Vk\u2407",  # OSC 52 shown, its BEL as a symbol
            "a bell \u2407 and a backspace \u2408 in the middle",
        ):
            assert literal in text, literal
        assert not any(ch in text for ch in "\x1b\x07\x08")
        # nothing from the article styled the text around it
        for seg in screen_segments(app):
            if any(w in seg.text for w in ("console markup", "red text", "link tag", "stray closing")):
                style = seg.style
                assert style is None or style.link is None
                assert style is None or style.color is None or style.color.triplet != (255, 0, 0)
                assert style is None or style.color is None or style.color.name not in ("red", "color(1)")


@run_async
async def test_narrow_terminal_has_no_zero_width_pane(reader, kim_id: str) -> None:
    app = make_app(reader)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        main = main_screen(app)
        assert main.has_class("-narrow")
        for selector in ("#entities", "#articles", "#entity-options"):
            region = main.query_one(selector).region
            assert region.width >= 76 and region.height >= 1, (selector, region)
        assert main.query_one("#search-input").region.width >= 40
        for selector in ("#entities", "#articles"):
            assert main.query_one(selector).region.height >= 5
        # the article is read in the lists' place, the whole width, and Escape comes back
        await pilot.press("enter")
        await settle(pilot)
        assert main.query_one("#detail").region.width >= 76
        assert main.query_one("#articles").region.width == 0
        await pilot.press("escape")
        await settle(pilot)
        assert main.query_one("#articles").region.width >= 76
        assert main.focused is main.articles
        app.open_entity(kim_id)
        await settle(pilot)
        for selector, lines in (("#entity-header", 2), ("#quotes", 8), ("#entity-articles", 3)):
            region = app.screen.query_one(selector).region
            assert region.width >= 76 and region.height >= lines, (selector, region)


@run_async
async def test_help_screen_shows_query_syntax(reader) -> None:
    app = make_app(reader)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for needle in (
            '"contract manufacturing"',
            "manufactur*",
            "person:",
            "org:",
            "outlet:",
            "date:2025-12..2026-02",
            " OR ",
            " NOT ",
        ):
            assert needle in text, needle
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


@run_async
async def test_refresh_picks_up_new_articles(tui_index: Path, tmp_path: Path, monkeypatch) -> None:
    import kbio_tui.tui.app as app_module

    monkeypatch.setattr(app_module, "PREPARE_AFTER", 0.05)  # start-up's warm-up is over before the commit
    index_dir = tmp_path / "index"
    shutil.copytree(tui_index, index_dir)
    live = open_reader(index_dir)
    app = make_app(live)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert live._cache(live._s()).get("rank") is not None  # start-up's warm-up is over before the commit
        assert len(main_screen(app).articles.summaries) == 5
        from kbio_tui.extract import extract

        fresh = Article(
            source_file=str(tmp_path / "late.json"),
            outlet="Yonhap",
            title="Seoul bioindustry fund opens second round",
            published="2026-03-02T09:00:00+09:00",
            paragraphs=[
                "A government-backed fund opened a second investment round for bioventures on Monday."
            ],
        )
        with IndexWriter(index_dir) as writer:
            writer.add(extract(fresh))
            writer.commit()
        await pilot.press("ctrl+r")
        await settle(pilot)
        summaries = main_screen(app).articles.summaries
        assert len(summaries) == 6 and summaries[0].title == fresh.title
        assert "Seoul bioindustry fund" in screen_text(app)
        # the new snapshot's date order was built in the background, after the reload
        rank = live._cache(live._s()).get("rank")
        assert rank is not None and len(rank) == live._s().doc_count_all()
    live.close()


@run_async
async def test_quit_key_exits(reader) -> None:
    app = make_app(reader)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


def test_ssh_session_turns_animation_off(reader, monkeypatch) -> None:
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 5000 10.0.0.2 22")
    assert make_app(reader).animation_level == "none"
    monkeypatch.delenv("SSH_CONNECTION")
    assert make_app(reader).animation_level != "none"


@run_async
async def test_no_color_keeps_highlights_distinguishable(reader, monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(reader)
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.no_color
        await settle(pilot)
        await search(pilot, "bioreactor")
        await pilot.press("enter")
        await settle(pilot)
        lit = [s for s in screen_segments(app) if "bioreactor" in s.text.lower() and s.style]
        assert any(s.style.reverse or s.style.bold for s in lit)


@run_async
async def test_missing_index_shows_message_instead_of_crashing(tmp_path: Path) -> None:
    app = KbioApp(index_dir=tmp_path / "nowhere", refresh_seconds=None, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.open_error
        assert "Cannot open the index" in screen_text(app)
        await pilot.press("q")


@run_async
async def test_newer_query_wins_over_a_slow_older_one(tui_index: Path) -> None:
    class SlowFirstReader:
        """The first query takes long; its late answer must not replace the newer one."""

        def __init__(self, inner) -> None:
            self.inner = inner

        def search(self, query: str, limit: int = 200):
            if query == "songdo":
                time.sleep(0.8)
            return self.inner.search(query, limit)

        def __getattr__(self, name: str):
            return getattr(self.inner, name)

    slow = SlowFirstReader(open_reader(tui_index))
    app = make_app(slow)  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await paste(pilot, "songdo")
        await pilot.pause(0.3)  # debounce fired: the slow search is running
        await pilot.press("ctrl+a", "ctrl+k")
        await paste(pilot, "bioreactor")
        await settle(pilot, quiet=1.0)
        titles = [s.title for s in main_screen(app).articles.summaries]
        assert titles == ["Hanbit Biologics to double Songdo plant capacity by 2027"]
        assert "1 article matches" in screen_text(app)
        assert main_screen(app).query_text == "bioreactor"
    slow.inner.close()


@run_async
async def test_entity_types_switch_and_filter_clears(reader, monkeypatch) -> None:
    import kbio_tui.tui.widgets.entity_list as entity_list

    asked: list[str] = []
    entities = reader.entities

    def recording(*args, **kwargs):
        asked.append(kwargs.get("contains", ""))
        return entities(*args, **kwargs)

    monkeypatch.setattr(reader, "entities", recording)
    app = make_app(reader)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f2", "right")
        await settle(pilot)
        pane = main_screen(app).entities
        assert pane.entity_type == "org"
        assert "Celadon Therapeutics" in [e.name for e in pane.entities]
        assert all(e.type == "org" for e in pane.entities)
        asked.clear()
        # Debounced: while keys keep coming nothing is asked. A debounce longer than the test makes
        # that independent of how slowly a loaded machine delivers the keys (a 0.5 s one was not).
        monkeypatch.setattr(entity_list, "FILTER_DEBOUNCE", 600)
        await type_text(pilot, "cel")
        await settle(pilot)
        assert asked == []
        monkeypatch.setattr(entity_list, "FILTER_DEBOUNCE", 0.05)
        await type_text(pilot, "a")  # the last key restarts the timer: one filter, for the whole word
        await settle(pilot, quiet=0.5)
        assert [e.name for e in pane.entities] == ["Celadon Therapeutics"]
        assert asked == ["cela"]
        await pilot.press("escape")
        await settle(pilot, quiet=1.0)
        assert pane.filter_text == ""
        assert len(pane.entities) > 1
        await pilot.press("left")
        await settle(pilot)
        assert pane.entity_type == "person"


@run_async
async def test_entity_type_labels_show_the_current_type_and_a_click_chooses_one(reader) -> None:
    app = make_app(reader)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        pane = main_screen(app).entities
        chips = pane.query_one(TypeChips)
        assert chips.region.height == 1
        line = screen_text(app).splitlines()[chips.region.y]
        assert " People  Orgs  Products  Laws  Places " in line
        assert " People " in _reversed(app) and " Orgs " not in _reversed(app)
        start = next(a for a, _b, etype in chips._spans if etype == "product")
        await pilot.click(TypeChips, offset=(start + 2, 0))
        await settle(pilot)
        assert pane.entity_type == "product"
        assert pane.entities and all(e.type == "product" for e in pane.entities)
        assert " Products " in _reversed(app) and " People " not in _reversed(app)


def _reversed(app: KbioApp) -> str:
    return "".join(s.text for s in screen_segments(app) if s.style is not None and s.style.reverse)


@run_async
async def test_browsing_never_writes_to_the_index(tui_index: Path, tmp_path: Path) -> None:
    """A shared server's index may be read-only: the browser must not need to write anything there."""
    index_dir = tmp_path / "index"
    shutil.copytree(tui_index, index_dir)

    def listing() -> dict[str, tuple[int, int]]:
        return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(index_dir.iterdir())}

    before = listing()
    for path in index_dir.iterdir():
        path.chmod(0o444)
    index_dir.chmod(0o555)
    try:
        live = open_reader(index_dir)
        app = make_app(live)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await search(pilot, "hanbit")
            await pilot.press("enter", "enter", "ctrl+r")
            await settle(pilot)
            assert main_screen(app).detail.article is not None
        live.close()
        assert listing() == before
    finally:
        index_dir.chmod(0o755)


@run_async
async def test_a_failing_reader_is_reported_not_raised(tui_index: Path) -> None:
    class BrokenArticles:
        """A reader bug (or an index from another version) while loading an article."""

        def __init__(self, inner) -> None:
            self.inner = inner

        def get_article(self, article_id: str):
            raise KeyError("No field named 'a_blob'")

        def __getattr__(self, name: str):
            return getattr(self.inner, name)

    broken = BrokenArticles(open_reader(tui_index))
    app = make_app(broken)  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        problem = "Index problem (KeyError): \"No field named 'a_blob'\""
        for _ in range(100):  # the first row is highlighted once the list has been filled
            await settle(pilot)
            if problem in screen_text(app):
                break
        assert problem in screen_text(app)
        await search(pilot, "bioreactor")  # still answering
        assert len(main_screen(app).articles.summaries) == 1
    broken.inner.close()


@run_async
async def test_keys_typed_right_behind_slash_land_in_the_search_box(reader) -> None:
    """Over SSH "/bio" can arrive in one packet: all four keys are queued before any is handled."""
    app = make_app(reader)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for key, char in (("slash", "/"), ("b", "b"), ("i", "i"), ("o", "o")):
            app.post_message(events.Key(key, char))
        await settle(pilot)
        assert app.screen.query_one("#search-input", Input).value == "bio"
        # and "/" typed inside a box is a character, not a jump
        app.post_message(events.Key("slash", "/"))
        await settle(pilot)
        assert app.screen.query_one("#search-input", Input).value == "bio/"
