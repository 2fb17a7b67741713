"""This user's session with the index: what arrived since their last one is marked in the lists.

The previous session's ingest mark is read before the first list (``previous_session``) and this
session's written once the list is on screen (``record_session``), in the user's own state folder,
never in the index.  An article is new
when the writer committed it after that mark (``ArticleSummary.ingested``), whenever it was published.
"""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from kbio_tui.index.api import ArticleSummary, IndexReader


def previous_session(index_dir: Path) -> datetime | None:
    """The previous session's mark as a time (None: a first session or an unreadable state file):
    read before the first list is drawn, without the saved-search module (see state_paths)."""
    from kbio_tui.state_paths import previous_session_mark

    previous = previous_session_mark(index_dir)
    return datetime.fromtimestamp(previous / 1_000_000, UTC) if previous else None


def record_session(index_dir: Path, reader: IndexReader) -> None:
    """Start this session at the index's ingest mark now, for the next session's markers.  After
    the first list: the mark reads every article's ingest stamp."""
    from kbio_tui import saved

    with contextlib.suppress(Exception):  # a state folder that cannot be written costs the markers
        saved.touch_session(index_dir, reader.ingest_mark())


def is_new(summary: ArticleSummary, since: datetime | None) -> bool:
    return since is not None and summary.ingested is not None and summary.ingested > since
