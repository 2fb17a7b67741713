"""Exact highlights in the article view (issue 18): a phrase is one hit where it occurs as a phrase, a
``person:`` search marks that person's own mentions (never a similar name), a counter says which hit
is current, and a search with no result empties the reader."""

from __future__ import annotations

from datetime import datetime

import pytest
from _tui_helpers import build_index, paste, run_async, screen_text, settle

from kbio_tui.index import open_reader
from kbio_tui.models import Article
from kbio_tui.tui.app import make_app
from kbio_tui.tui.screens.main import MainScreen
from kbio_tui.tui.widgets.detail_view import CURRENT_HIT_STYLE, SEARCH_STYLE

PLANT = Article(
    source_file="/corpus/plant.txt",
    source_hash="plant-1",
    outlet="Korea Biomedical Review",
    title="Songdo plant adds contract manufacturing lines",
    published=datetime(2026, 3, 2, 9, 0),
    paragraphs=[
        "Hanbit Biologics said on Monday it will add two contract manufacturing lines at its Songdo "
        "plant, after signing 14 contracts this year.",
        "Its Contract Research, Development, and Manufacturing arm also grew, the company said.",
        '"Demand for contract manufacturing keeps rising," said Cho Hyun-soo, head of operations at '
        "Hanbit Biologics.",
        "Choi Yoon-hee, an analyst at Mirae Securities, said the new lines would lift margins.",
        '"We expect the lines to run at full capacity by 2027," Cho said.',
    ],
)
OTHER = Article(
    source_file="/corpus/other.txt",
    source_hash="other-1",
    outlet="Yonhap",
    title="Regulator clears a biosimilar of a cancer drug",
    published=datetime(2026, 3, 1, 9, 0),
    paragraphs=[
        "The Ministry of Food and Drug Safety approved a biosimilar of a breast cancer drug on Friday."
    ],
)


@pytest.fixture(scope="module")
def reader(tmp_path_factory: pytest.TempPathFactory):
    ix = build_index(tmp_path_factory.mktemp("hl") / "index", [PLANT, OTHER])
    r = open_reader(ix)
    yield r
    r.close()


async def _search(pilot, query: str, *, fresh: bool = True) -> MainScreen:
    """Type a search and wait for its results and the preview of its first row: by what is on
    screen, not by a pause (a loaded machine fires the debounce late)."""
    screen = pilot.app.screen
    assert isinstance(screen, MainScreen)
    if fresh:
        await pilot.press("slash")
    await paste(pilot, query)
    label = screen.query_one("#search-message")
    for _ in range(400):
        await pilot.pause(0.025)
        shown = str(label.render())
        if screen.query_text == query and ("match" in shown) and screen.mode == "search":
            break
    await settle(pilot, quiet=0.3)
    return screen


def _marked(screen: MainScreen) -> list[str]:
    detail = screen.detail
    assert detail.article is not None
    return [detail.article.text[h.start : h.end] for h in detail.highlights]


@run_async
async def test_a_phrase_is_marked_as_a_phrase_and_counts_once(reader) -> None:
    app = make_app(reader)
    async with app.run_test(size=(130, 36)) as pilot:
        await settle(pilot)
        screen = await _search(pilot, '"contract manufacturing"')
        assert _marked(screen) == ["contract manufacturing", "contract manufacturing"]
        text = screen_text(app)
        assert "hit 1 / 2" in text
        # neither "Contract Research, Development, and Manufacturing" nor "contracts" is a hit
        assert all("Research" not in m and m != "contracts" for m in _marked(screen))


@run_async
async def test_person_search_marks_that_persons_mentions_not_a_similar_name(reader) -> None:
    app = make_app(reader)
    async with app.run_test(size=(130, 36)) as pilot:
        await settle(pilot)
        screen = await _search(pilot, 'person:"Cho Hyun-soo"')
        marked = _marked(screen)
        assert marked and marked[0] == "Cho Hyun-soo"
        assert set(marked) <= {"Cho Hyun-soo", "Cho"}  # the full name and the later "Cho said"
        assert not any(m.startswith("Choi") for m in marked)
        assert len(marked) == len(set(h.start for h in screen.detail.highlights))  # a name is one hit
        assert f"hit 1 / {len(marked)}" in screen_text(app)


@run_async
async def test_the_counter_follows_n_and_the_current_hit_looks_different(reader) -> None:
    app = make_app(reader)
    async with app.run_test(size=(130, 36)) as pilot:
        await settle(pilot)
        screen = await _search(pilot, "lines")
        detail = screen.detail
        total = len(detail.highlights)
        assert total == 3 and "hit 1 / 3" in screen_text(app)
        detail.focus()
        await pilot.press("n")
        await settle(pilot)
        assert detail.current == 1 and "hit 2 / 3" in screen_text(app)
        await pilot.press("N", "N")
        await settle(pilot)
        assert detail.current == 2 and "hit 3 / 3" in screen_text(app)
        # the current hit is drawn differently from the other hits (without colour too)
        article = detail.article
        assert article is not None
        start, end = next((s, e) for s, e, _w in detail._blocks if s <= detail.highlights[2].start < e)
        styles = {
            (span.start + start, str(span.style))
            for span in detail._block_text(article.text, start, end).spans
        }
        current = {st for at, st in styles if at == detail.highlights[2].start}
        others = {st for at, st in styles if at != detail.highlights[2].start}
        assert current == {f"{SEARCH_STYLE} {CURRENT_HIT_STYLE}"} and current.isdisjoint(others)


@run_async
async def test_a_search_with_no_result_empties_the_reader(reader) -> None:
    app = make_app(reader)
    async with app.run_test(size=(130, 36)) as pilot:
        await settle(pilot)
        screen = await _search(pilot, "manufacturing")
        assert screen.detail.article is not None
        await pilot.press("ctrl+a", "ctrl+k")
        await _search(pilot, "xylophone", fresh=False)
        assert screen.detail.article is None
        assert "No article matches this search." in screen_text(app)
        assert "Songdo plant adds" not in screen_text(app)
