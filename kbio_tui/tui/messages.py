"""Messages panes post upward; screens decide what they mean so panes never call each other."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from kbio_tui.index.api import EntitySummary


class ArticleHighlighted(Message):
    """The cursor rests on an article row (preview it)."""

    def __init__(self, article_id: str) -> None:
        super().__init__()
        self.article_id = article_id


class ArticleChosen(Message):
    """Enter on an article row."""

    def __init__(self, article_id: str) -> None:
        super().__init__()
        self.article_id = article_id


class EntityHighlighted(Message):
    def __init__(self, entity: EntitySummary | None) -> None:
        super().__init__()
        self.entity = entity


class EntityChosen(Message):
    """Enter on an entity (``open_page``: the key that always opens its page, even on a facet)."""

    def __init__(self, entity: EntitySummary, *, open_page: bool = False) -> None:
        super().__init__()
        self.entity = entity
        self.open_page = open_page


class QueryChanged(Message):
    """The search text changed (already debounced)."""

    def __init__(self, query: str, *, submitted: bool = False) -> None:
        super().__init__()
        self.query = query
        self.submitted = submitted  # Enter: run now and move the keyboard to the results


class IndexChanged(Message):
    """``reader.refresh()`` saw new commits: visible lists should reload."""
