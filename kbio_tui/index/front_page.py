"""The index's front page: its newest article rows, kept beside it so the browser's first list needs
no search engine.

The first thing ``kbio-tui`` shows is the newest articles. Reading them from Whoosh means importing
its reading side, opening the index and reading 200 stored documents, all after Textual has drawn its
first frame, on the same interpreter. The writer already has the index open when it lets go of it, so
it writes those rows here (``.front-page``, JSON; Whoosh's clean-up ignores dot files), with the TOC
generation they were read at. The browser reads the file before it draws (``read``: one small JSON
file, no Whoosh) and shows the list in its first frame; it opens the index as before and reloads the
list from its own snapshot once it is open.

The rows are trusted only while they describe the live index: ``read`` compares their generation with
the highest TOC in the folder, so a commit by a writer that did not get to write the page (killed, or
an older kbio-tui) makes it fall back to reading the index. Corrections do not touch these rows
(titles, outlets, authors and dates are the articles' own), so the log need not be checked.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kbio_tui.index import side_file
from kbio_tui.index.summary import ArticleSummary, stamp_time

if TYPE_CHECKING:
    from kbio_tui.index.api import IndexReader

FILE = ".front-page"
FORMAT = 1
ROWS = 200  # the main screen's ARTICLE_LIMIT (a test holds them equal)
INDEX_NAME = "MAIN"  # Whoosh's index name in the folder (schema.INDEX_NAME, which imports Whoosh)
_TOC = re.compile(rf"^_{INDEX_NAME}_([0-9]+)\.toc$")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def latest_generation(folder: Path) -> int:
    """The highest TOC generation in ``folder`` by file name (-1: none), without reading any TOC."""
    try:
        names = os.listdir(folder)
    except OSError:
        return -1
    return max((int(m.group(1)) for name in names if (m := _TOC.match(name))), default=-1)


def write(index_dir: Path, reader: IndexReader, generation: int) -> None:
    """Write the newest ``ROWS`` rows of ``reader`` (opened at ``generation``) as the front page."""
    rows = [_row(r) for r in reader.recent_articles(limit=ROWS)]
    side_file.dump(index_dir / FILE, FORMAT, generation, {"rows": rows})


def read(index_dir: Path, limit: int = ROWS) -> list[ArticleSummary] | None:
    """The front page's rows if it describes the live index; None when it is missing, unreadable,
    of another format or older than the index (the caller reads the index instead)."""
    from kbio_tui.errors import IndexUnavailableError
    from kbio_tui.index.trust import check_trusted

    try:
        check_trusted(index_dir)  # an index the reader will refuse shows nothing of it first
    except IndexUnavailableError:
        return None
    data = side_file.load(index_dir / FILE, FORMAT, latest_generation(index_dir))
    try:
        return None if data is None else [_summary(row) for row in data["rows"][:limit]]
    except (KeyError, TypeError, ValueError):
        return None


def _row(r: ArticleSummary) -> list[Any]:
    added = (r.ingested - _EPOCH) // _MICROSECOND if r.ingested is not None else None
    published = r.published.isoformat() if r.published is not None else None
    return [r.id, r.title, r.outlet, r.author, published, r.source_file, added]


def _summary(row: list[Any]) -> ArticleSummary:
    id_, title, outlet, author, published, source_file, added = row
    if not isinstance(id_, str) or not isinstance(title, str):
        raise TypeError("a front-page row without an id or title")
    return ArticleSummary(
        id=id_,
        title=title,
        outlet=outlet,
        author=author,
        published=datetime.fromisoformat(published) if published else None,
        source_file=source_file or "",
        ingested=stamp_time(added),
    )
