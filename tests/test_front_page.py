"""The index's front page (issue 18, start-up): the newest rows the writer leaves beside the index,
which the browser draws in its first frame before it opens the index.

They must be exactly what the index would list, kept up to date by every writer, and never trusted
once the index has moved on without them.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from _tui_helpers import NEWEST_TITLE, build_index, fixture_articles, run_async, screen_text, until

import kbio_tui.index
from kbio_tui.index import front_page, open_reader, read_front_page
from kbio_tui.index.schema import INDEX_NAME
from kbio_tui.tui.app import KbioApp
from kbio_tui.tui.widgets.article_list import ArticleList


@pytest.fixture
def index(tmp_path: Path) -> Path:
    return build_index(tmp_path / "ix")


def _listed(index: Path) -> list:
    r = open_reader(index)
    try:
        return r.recent_articles(limit=front_page.ROWS)
    finally:
        r.close()


def test_the_writer_leaves_the_rows_the_index_lists(index: Path) -> None:
    rows = read_front_page(index)
    assert rows is not None
    assert rows == _listed(index)  # ids, titles, outlets, authors, dates and ingest stamps
    assert rows[0].title == NEWEST_TITLE
    assert all(r.ingested is not None for r in rows)  # the first frame can mark new articles


def test_a_later_ingest_rewrites_it(index: Path) -> None:
    newer = fixture_articles()[0].model_copy(
        update={
            "title": "A later bulletin about plant capacity",
            "published": datetime(2031, 1, 2, tzinfo=UTC),
        },
    )
    build_index(index, [newer])
    rows = read_front_page(index)
    assert rows is not None and rows[0].title == "A later bulletin about plant capacity"
    assert rows == _listed(index)


def test_a_commit_without_it_makes_it_untrusted(index: Path) -> None:
    """A writer killed after its commit but before it let go (or an older kbio-tui) leaves the page
    of an older generation: the browser must read the index, which holds an article the page lacks."""
    from kbio_tui.extract import extract
    from kbio_tui.index import IndexWriter

    writer = IndexWriter(index)
    try:
        writer.add(extract(fixture_articles()[0].model_copy(update={"title": "Committed, never listed"})))
        writer.commit()
        assert read_front_page(index) is None
    finally:
        writer.close()
    rows = read_front_page(index)
    assert rows is not None and "Committed, never listed" in [r.title for r in rows]


def test_a_rebuild_leaves_it_for_the_swapped_in_index(index: Path) -> None:
    from kbio_tui.extract import extract
    from kbio_tui.index import IndexWriter

    with IndexWriter(index, rebuild=True) as writer:
        for article in fixture_articles()[:3]:
            writer.add(extract(article))
        writer.commit()
    rows = read_front_page(index)
    assert rows is not None and len(rows) == 3
    assert rows == _listed(index)


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{not json",
        b"[]",
        json.dumps({"format": 99, "generation": 0, "rows": []}).encode(),
        json.dumps({"format": front_page.FORMAT, "generation": 1, "rows": [[1, 2]]}).encode(),
        json.dumps(
            {"format": front_page.FORMAT, "generation": 1, "rows": [[None, "t", 0, 0, 0, 0, 0]]}
        ).encode(),
    ],
)
def test_a_damaged_page_is_ignored_not_fatal(index: Path, content: bytes) -> None:
    page = index / front_page.FILE
    good = json.loads(page.read_text())
    if b'"generation": 1' in content:  # the live generation, so only the rows are wrong
        content = content.replace(b'"generation": 1', f'"generation": {good["generation"]}'.encode())
    page.write_bytes(content)
    assert read_front_page(index) is None


def test_a_failure_to_write_it_is_said_and_loses_nothing(index: Path, monkeypatch) -> None:
    from kbio_tui.extract import extract
    from kbio_tui.index import IndexWriter

    said: list[str] = []

    def refuse(*_a: object) -> None:
        raise OSError("No space left on device")

    monkeypatch.setattr(front_page, "write", refuse)
    with IndexWriter(index, on_message=said.append) as writer:
        writer.add(extract(fixture_articles()[0].model_copy(update={"title": "Kept though the page failed"})))
        writer.commit()
    assert any("front page" in m and "No space left" in m for m in said)
    assert "Kept though the page failed" in [r.title for r in _listed(index)]
    assert read_front_page(index) is None  # the old page describes an older generation


def test_the_toc_name_is_the_schemas() -> None:
    assert front_page.INDEX_NAME == INDEX_NAME


def test_reading_it_imports_no_search_engine(index: Path) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from kbio_tui.index import read_front_page\n"
        f"rows = read_front_page(Path({str(index)!r}))\n"
        "print(len(rows), sorted(m for m in ('whoosh', 'numpy', 'pydantic') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.split()[0] != "0"
    assert out.stdout.strip().endswith("[]"), out.stdout


@run_async
async def test_the_first_frame_lists_them_before_the_index_is_open(index: Path, monkeypatch) -> None:
    """The browser with the page: the list is on screen while the index is still being opened; once
    it is open the list is reloaded from it and stays the same."""
    opened = threading.Event()
    real_open = kbio_tui.index.open_reader

    def slow_open(path: Path):
        opened.wait(10)
        return real_open(path)

    monkeypatch.setattr(kbio_tui.index, "open_reader", slow_open)
    rows = read_front_page(index)
    assert rows is not None
    app = KbioApp(index_dir=index, refresh_seconds=None, cursor_blink=False, front_page=rows)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        listed = app.screen.query_one(ArticleList)
        assert app.reader is None
        assert [s.id for s in listed.summaries] == [r.id for r in rows]
        assert f"{len(rows)} latest articles" in screen_text(app)
        assert NEWEST_TITLE[:30] in screen_text(app)
        opened.set()
        await until(pilot, lambda: app.reader is not None)
        await asyncio.sleep(0.2)
        await pilot.pause()
        assert [s.id for s in listed.summaries] == [r.id for r in rows]
        assert listed.current_id == rows[0].id


# ---- the entity counts the writer leaves beside the index (index/counts_file.py)


def _entity_rows(index: Path) -> list[tuple]:
    from kbio_tui.models import EntityType

    r = open_reader(index)
    try:
        return [
            (e.id, e.type, e.article_count, e.mention_count, e.quote_count)
            for etype in EntityType
            for e in r.entities(etype, limit=1000)
        ]
    finally:
        r.close()


def _lexicon_walks(monkeypatch) -> list[int]:
    """Count the readers that walk the lexicon for their counts."""
    from kbio_tui.index.reader import WhooshIndexReader

    walks: list[int] = []
    real = WhooshIndexReader._lexicon_counts

    def counting(self, s):
        walks.append(1)
        return real(self, s)

    monkeypatch.setattr(WhooshIndexReader, "_lexicon_counts", counting)
    return walks


def test_the_writer_leaves_the_counts_and_readers_use_them(index: Path, monkeypatch) -> None:
    from kbio_tui.index import counts_file

    assert (index / counts_file.FILE).is_file()
    walks = _lexicon_walks(monkeypatch)
    kept = _entity_rows(index)
    assert walks == [], "a reader at the file's generation reads the counts, not the lexicon"
    (index / counts_file.FILE).unlink()
    assert _entity_rows(index) == kept  # the same figures, computed
    assert walks, "without the file the reader walks the lexicon"
    assert kept and any(row[4] > 0 for row in kept)


def test_counts_of_an_older_generation_or_damaged_are_not_used(index: Path, monkeypatch) -> None:
    from kbio_tui.extract import extract
    from kbio_tui.index import IndexWriter, counts_file

    before = (index / counts_file.FILE).read_bytes()
    extra = fixture_articles()[0].model_copy(update={"title": "Another bulletin on cell lines"})
    writer = IndexWriter(index)
    try:
        writer.add(extract(extra))
        writer.commit()  # a writer killed here leaves the counts of the generation before
        walks = _lexicon_walks(monkeypatch)
        stale = _entity_rows(index)
        assert walks, "counts of an older generation were used"
    finally:
        writer.close()
    assert (index / counts_file.FILE).read_bytes() != before  # written again at close
    monkeypatch.undo()
    assert _entity_rows(index) == stale
    for damaged in (b"", b"{", b'{"format": 1, "generation": 0, "ents": [], "speakers": {}}'):
        (index / counts_file.FILE).write_bytes(damaged)
        assert _entity_rows(index) == stale


def test_an_untrusted_index_shows_no_front_page(index: Path) -> None:
    """The reader refuses an index others could have written; its front page is not shown first."""
    assert read_front_page(index) is not None
    (index / front_page.FILE).chmod(0o666)
    assert read_front_page(index) is None
