"""A scraped page that starts at its lead has no headline: lists, the article view, search output and
citations say "(no headline)" instead of a blank line or the first sentence passed off as a title."""

from __future__ import annotations

from pathlib import Path

from _pipeline_helpers import run_cli
from _tui_helpers import build_index, run_async, screen_text, settle

from kbio_tui.index import open_reader
from kbio_tui.ingest import load_file
from kbio_tui.tui.app import make_app
from kbio_tui.tui.widgets.detail_view import DetailView

LEAD_ONLY = (
    "Tidewell Bio said on the 14th that its cartilage therapy met the main goal of a phase 2 trial in "
    "Korea, sending its shares up 12 percent in morning trade.\n\n"
    "The company plans to meet regulators in the spring to discuss the design of a larger study.\n"
)


def _index(tmp_path: Path) -> Path:
    page = tmp_path / "lead_only.txt"
    page.write_text(LEAD_ONLY, encoding="utf-8")
    article = load_file(page)[0].article
    assert article is not None and article.title == ""
    return build_index(tmp_path / "ix", [article])


@run_async
async def test_the_browser_says_no_headline(tmp_path: Path) -> None:
    app = make_app(open_reader(_index(tmp_path)))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "(no headline)" in text
        assert app.screen.query_one(DetailView).article is not None


def test_search_output_says_no_headline(tmp_path: Path) -> None:
    res = run_cli("search", "cartilage", "--index", str(_index(tmp_path)))
    assert res.returncode == 0, res.stderr
    assert "(no headline)" in res.stdout
