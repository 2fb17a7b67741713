"""Every hostile fixture, ingested for real and opened in the real app: nothing reaches the screen as
markup or as a terminal control code, and the other files' articles are unaffected."""

from __future__ import annotations

from pathlib import Path

import pytest
from _tui_helpers import run_async, screen_segments, screen_text, settle

from kbio_tui.index import open_reader
from kbio_tui.models import IngestStatus
from kbio_tui.pipeline import ingest_paths
from kbio_tui.tui.app import make_app

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
CONTROL = {chr(c) for c in range(32) if chr(c) not in "\n"} | {"\x7f"} | {chr(c) for c in range(0x80, 0xA0)}


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ix = tmp_path_factory.mktemp("hostile") / "ix"
    outcomes = ingest_paths([str(HOSTILE)], ix, workers=1)
    # one bad file never stops the others: every readable fixture is in
    assert sum(o.status == IngestStatus.ADDED for o in outcomes) >= 12
    assert all(o.reason for o in outcomes if o.status in (IngestStatus.SKIPPED, IngestStatus.FAILED))
    return ix


@run_async
async def test_every_hostile_article_renders_as_plain_text(hostile_index: Path) -> None:
    reader = open_reader(hostile_index)
    articles = reader.recent_articles(limit=100)
    assert len(articles) >= 12
    app = make_app(reader)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        for summary in articles:
            app.open_article(summary.id)
            await settle(pilot)
            text = screen_text(app)
            assert not CONTROL & set(text), (summary.title, sorted(CONTROL & set(text)))
            assert summary.title[:40] in text.replace("\n", " ") or summary.title[:20] in text
            for seg in screen_segments(app):
                # article text never turns into a hyperlink or the markup's colours
                assert seg.style is None or seg.style.link is None, (summary.title, seg.text)
            await pilot.press("escape")
            await settle(pilot)


@run_async
async def test_markup_fixture_shows_its_brackets_literally(hostile_index: Path) -> None:
    reader = open_reader(hostile_index)
    markup = next(a for a in reader.recent_articles(limit=100) if "Sejin Bio" in a.title)
    app = make_app(reader)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        app.open_article(markup.id)
        await settle(pilot)
        text = screen_text(app)
        for literal in (
            "[bold]Markup[/]",
            "[link=https://evil.example]Sejin Bio[/link]",
            "[red]record[/red]",
            "[b]botulinum toxin[/b]",
            "[/] and [on red]",
        ):
            assert literal in text, literal
        for seg in screen_segments(app):
            if "record" in seg.text or "botulinum" in seg.text:
                color = seg.style.color if seg.style else None
                assert color is None or color.name not in ("red", "color(1)"), seg
