"""One article full screen, opened from an entity page; Escape returns to exactly where you were."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen

from kbio_tui.index.api import QuoteHit
from kbio_tui.models import Article
from kbio_tui.tui.citation import cite
from kbio_tui.tui.errors import index_problem
from kbio_tui.tui.lifecycle import torn_down
from kbio_tui.tui.widgets.detail_view import DetailView
from kbio_tui.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from kbio_tui.tui.app import KbioApp


class ArticleScreen(Screen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.back", "Back"),
        Binding("c", "copy_quote", "Copy quote"),
    ]

    def __init__(
        self, article_id: str, *, quote: QuoteHit | None = None, entity_id: str | None = None
    ) -> None:
        super().__init__()
        self.article_id = article_id
        self.quote = quote
        self.entity_id = entity_id

    def compose(self) -> ComposeResult:
        yield DetailView(id="article-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(DetailView).border_title = "Article"
        self.query_one(DetailView).focus()
        self._load()

    @work(thread=True, exclusive=True, group="article")
    def _load(self) -> None:
        app: KbioApp = self.app  # type: ignore[assignment]
        assert app.reader is not None
        try:
            article = app.reader.get_article(self.article_id)
        except Exception as exc:
            self.app.call_from_thread(self.notify, index_problem(exc), severity="error", markup=False)
            return
        self.app.call_from_thread(self._show, article)

    def _show(self, article: Article | None) -> None:
        if torn_down(self):
            return
        view = self.query_one(DetailView)
        if article is None:
            view.clear("That article is no longer in the index.")
            return
        span = (self.quote.sentence_start, self.quote.sentence_end) if self.quote else None
        view.show(article, entity_id=self.entity_id, quote_span=span)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "copy_quote":
            return self.quote is not None
        return True

    def action_copy_quote(self) -> None:
        if self.quote is not None:
            shown = self.query_one(DetailView).article
            self.app.copy_to_clipboard(cite(self.quote, url=shown.url if shown is not None else None))
            self.notify("Quote copied with its citation.", timeout=3)
