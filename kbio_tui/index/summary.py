"""An article's list row, kept free of pydantic: the browser's first list is built from these.

The latest-articles list is the first thing ``kbio-tui`` draws after its frame, and the first pydantic
model of a process pays for importing pydantic's schema machinery. The row is a frozen dataclass
instead; the models that carry it (``SearchHit``) take it as a dataclass field and dump it as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleSummary:
    """An article's list row.  Frozen: the reader hands the same row to every search that finds it."""

    id: str
    title: str
    outlet: str | None = None
    author: str | None = None
    published: datetime | None = None
    source_file: str = ""
    # when the article first entered the index (UTC); None for articles indexed before this was kept
    ingested: datetime | None = None

    @classmethod
    def from_meta(cls, meta: dict[str, Any]) -> ArticleSummary:
        """From an article document's stored ``a_meta``."""
        published = meta.get("published")
        return cls(
            id=meta["id"],
            title=meta["title"],
            outlet=meta.get("outlet"),
            author=meta.get("author"),
            published=datetime.fromisoformat(published) if published else None,
            source_file=meta.get("source_file", ""),
            ingested=stamp_time(meta.get("added")),
        )


def stamp_time(stamp: int | None) -> datetime | None:
    """An ingest stamp (microseconds since the epoch) as a UTC time; None for none (0 included)."""
    return datetime.fromtimestamp(stamp / 1_000_000, UTC) if stamp else None
