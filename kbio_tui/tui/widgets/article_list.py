"""Articles pane: an ``OptionList`` (one row object per article, never one widget per row)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from kbio_tui.tui.formatting import article_row
from kbio_tui.tui.messages import ArticleChosen, ArticleHighlighted

if TYPE_CHECKING:
    from kbio_tui.index.api import ArticleSummary, Snippet


def with_dividers(options: Iterable[Option]) -> list[Option | None]:
    """A rule under every row (``None`` marks the row above; indices are unchanged)."""
    out: list[Option | None] = []
    for option in options:
        out += [option, None]
    return out[:-1]


class ArticleList(OptionList):
    """Rows are title / outlet · date / snippet; snippets are filled in later for the rows on screen."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.summaries: list[ArticleSummary] = []
        self.snippets: dict[str, Snippet] = {}

    def show(self, summaries: list[ArticleSummary], *, empty: str = "No articles.") -> None:
        self.summaries = list(summaries)
        self.snippets = {}
        if summaries:
            self.set_options(with_dividers(Option(article_row(s), id=s.id) for s in summaries))
            self.highlighted = 0
        else:
            self.set_options([Option(Text(empty, style="dim italic"), disabled=True)])

    def visible_ids(self, extra: int = 2) -> list[str]:
        """Ids of rows on screen (plus a few below), without a snippet yet."""
        if not self.summaries:
            return []
        rows_per_item = 4  # title, outlet · date, snippet, rule
        first = max(0, int(self.scroll_y) // rows_per_item - 1)
        count = max(1, self.size.height // rows_per_item) + extra
        around = self.highlighted or 0
        lo = min(first, around)
        hi = max(first + count, around + extra)
        return [s.id for s in self.summaries[lo:hi] if s.id not in self.snippets]

    def add_snippets(self, snippets: dict[str, Snippet]) -> None:
        for index, summary in enumerate(self.summaries):
            snippet = snippets.get(summary.id)
            if snippet is not None and summary.id not in self.snippets:
                self.snippets[summary.id] = snippet
                self.replace_option_prompt_at_index(index, article_row(summary, snippet))

    @property
    def current_id(self) -> str | None:
        if self.highlighted is None or not self.summaries or self.highlighted >= len(self.summaries):
            return None
        return self.summaries[self.highlighted].id

    def select_id(self, article_id: str) -> None:
        for index, summary in enumerate(self.summaries):
            if summary.id == article_id:
                self.highlighted = index
                return

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id:
            self.post_message(ArticleHighlighted(event.option.id))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(ArticleChosen(event.option.id))
