"""This user's session with the index: what arrived since their last one is marked in the lists.

The previous session's ingest mark is read and this session's written in the same step
(``saved.touch_session``), in the user's own state folder, never in the index.  An article is new
when the writer committed it after that mark (``ArticleSummary.ingested``), whenever it was published.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from kbio_tui.index.api import ArticleSummary, IndexReader


def start_session(index_dir: Path, reader: IndexReader) -> datetime | None:
    """Start this session; the previous one's mark as a time (None: a first session, or a state
    folder that cannot be written, which only costs the markers)."""
    from kbio_tui import saved

    try:
        previous = saved.touch_session(index_dir, reader.ingest_mark())
    except Exception:
        return None
    return datetime.fromtimestamp(previous / 1_000_000, UTC) if previous else None


def is_new(summary: ArticleSummary, since: datetime | None) -> bool:
    return since is not None and summary.ingested is not None and summary.ingested > since
