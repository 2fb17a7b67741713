"""Articles pane: an ``OptionList`` (one row object per article, never one widget per row)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from kbio_tui.tui.formatting import article_row
from kbio_tui.tui.messages import ArticleChosen, ArticleHighlighted
from kbio_tui.tui.row_visual import Row
from kbio_tui.tui.session import is_new
from kbio_tui.tui.widgets.paged_options import PagedOptionList

if TYPE_CHECKING:
    from kbio_tui.index.api import ArticleSummary, Snippet


class ArticleList(PagedOptionList):
    """One line per article (date, outlet, title); the highlighted row adds its snippet on a second
    line.  Snippets are fetched later, for the rows on screen."""

    DEFAULT_CSS = """
    ArticleList {
        text-wrap: nowrap;
        text-overflow: ellipsis;
        scrollbar-size-vertical: 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, row_lines=1)
        self.summaries: list[ArticleSummary] = []
        self.snippets: dict[str, Snippet] = {}
        self._open_row: int | None = None  # the row drawn with its snippet (the highlighted one)

    def show(
        self,
        summaries: list[ArticleSummary],
        *,
        empty: str = "No articles.",
        snippets: dict[str, Snippet] | None = None,
        more: bool = False,
    ) -> None:
        """Rows are built as they are needed, each with whatever snippet has arrived for it by then.

        ``more``: these are the first rows of a longer list that ``extend`` will complete."""
        self.summaries = list(summaries)
        self._note_new()
        self.snippets = dict(snippets or {})
        self._open_row = 0 if summaries else None
        if summaries:
            self.set_rows(len(self.summaries), self._row, dividers=False, more=more)
            self.highlighted = 0
        else:
            self.set_rows(1, lambda _: Option(Text(empty, style="dim italic"), disabled=True), dividers=False)

    def extend(self, summaries: list[ArticleSummary]) -> bool:
        """Complete the list ``show(..., more=True)`` began; False (nothing done) if it does not
        begin with the rows shown, e.g. the index changed in between."""
        shown = [s.id for s in self.summaries]
        if not shown or [s.id for s in summaries[: len(shown)]] != shown:
            return False
        self.summaries = list(summaries)
        self._note_new()
        self.extend_rows(len(self.summaries), self._row)
        return True

    def _note_new(self) -> None:
        """``2 new since your last session`` under the list: the rows marked ``+``."""
        since = getattr(self.app, "new_since", None)
        new = sum(1 for s in self.summaries if is_new(s, since))
        self.border_subtitle = f"{new:,} new since your last session" if new else ""

    def _row(self, index: int) -> Option:
        return Option(self._prompt(index), id=self.summaries[index].id)

    def _prompt(self, index: int) -> Row:
        summary = self.summaries[index]
        # new since this user's last session (the app's session.py; None in the tests' bare list app)
        since = getattr(self.app, "new_since", None)
        new = is_new(summary, since) if since is not None else None
        snippet = self.snippets.get(summary.id)
        return Row(article_row(summary, snippet, selected=index == self._open_row, new=new))

    def watch_highlighted(self, highlighted: int | None) -> None:
        """Close the row the cursor left and open the one it reached (one line each way)."""
        if self.summaries:
            old = self._open_row
            self._open_row = (
                highlighted if highlighted is not None and highlighted < len(self.summaries) else None
            )
            rows = {i for i in (old, self._open_row) if i is not None and i < len(self.summaries)}
            self.set_prompts({i: self._prompt(i) for i in rows})
        super().watch_highlighted(highlighted)

    def rows_on_screen(self, extra: int = 2) -> int:
        """How many rows fit (plus a few below): the rows whose snippets are fetched with the results."""
        return max(1, self.size.height) + extra

    def visible_ids(self, extra: int = 2) -> list[str]:
        """Ids of rows on screen (plus a few below), without a snippet yet."""
        if not self.summaries:
            return []
        first = max(0, int(self.scroll_y) - 1)
        count = self.rows_on_screen(extra)
        around = self.highlighted or 0
        lo = min(first, around)
        hi = max(first + count, around + extra)
        return [s.id for s in self.summaries[lo:hi] if s.id not in self.snippets]

    def add_snippets(self, snippets: dict[str, Snippet]) -> None:
        prompts = {}
        for index, summary in enumerate(self.summaries):
            snippet = snippets.get(summary.id)
            if snippet is not None and summary.id not in self.snippets:
                self.snippets[summary.id] = snippet
                if index < self.option_count:  # rows not built yet pick it up when they are
                    prompts[index] = self._prompt(index)
        self.set_prompts(prompts)

    @property
    def current_id(self) -> str | None:
        if self.highlighted is None or not self.summaries or self.highlighted >= len(self.summaries):
            return None
        return self.summaries[self.highlighted].id

    def select_id(self, article_id: str) -> bool:
        """Highlight ``article_id``'s row; False if it is not in the list."""
        for index, summary in enumerate(self.summaries):
            if summary.id == article_id:
                self.ensure_rows(index)
                self.highlighted = index
                return True
        return False

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id:
            self.post_message(ArticleHighlighted(event.option.id))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(ArticleChosen(event.option.id))
