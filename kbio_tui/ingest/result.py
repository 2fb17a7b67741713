"""What loading one input produced: an article, or a one-line reason it was not one."""

from __future__ import annotations

from pydantic import BaseModel, Field

from ..models import Article


class LoadResult(BaseModel):
    source: str  # the file path, plus " (line N)" / " (record N)" for one record of a multi-article file
    article: Article | None = None
    error: str | None = None  # one line; set exactly when article is None
    # True when the input is simply not an article (empty, binary, navigation only, too big, unknown
    # type); False when an article was expected but could not be read (corrupt JSON, unreadable file).
    skipped: bool = False
    notes: list[str] = Field(default_factory=list)  # recoveries worth telling the user about

    @property
    def ok(self) -> bool:
        return self.article is not None
