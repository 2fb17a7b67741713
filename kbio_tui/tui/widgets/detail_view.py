"""The article reader: header, deck and captions set apart, body, and highlights you can step through."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from kbio_tui.headline import shown_title
from kbio_tui.tui.formatting import day
from kbio_tui.tui.safe_text import highlighted, neutralise, phrase_spans, safe, term_spans

if TYPE_CHECKING:
    from kbio_tui.models import Article

# Distinct without colour too (NO_COLOR keeps reverse / underline / bold).
SEARCH_STYLE = "reverse bold"
ENTITY_STYLE = "underline bold"
QUOTE_STYLE = "bold underline on #5f5f00"
CURRENT_STYLE = "reverse"  # the current hit, when it is a quote
CURRENT_HIT_STYLE = "italic underline"  # the current search or entity hit: other than its kind's style
LAYOUT_WAITS = 10  # refreshes to wait for new blocks' layout before scrolling to a highlight


@dataclass(frozen=True)
class Highlight:
    start: int
    end: int
    kind: str  # "search" | "entity" | "quote"

    @property
    def style(self) -> str:
        return {"search": SEARCH_STYLE, "entity": ENTITY_STYLE, "quote": QUOTE_STYLE}[self.kind]


class DetailView(VerticalScroll, can_focus=True):
    """One ``Static`` per block so a highlight can be scrolled to its exact wrapped line."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "next_highlight", "Next hit"),
        Binding("N", "previous_highlight", "Prev hit"),
        Binding("p", "people", "People"),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.article: Article | None = None
        self.highlights: list[Highlight] = []
        self.current: int = -1
        self._blocks: list[tuple[int, int, Static]] = []
        self._layout_waits = 0

    def compose(self) -> ComposeResult:
        yield Static(Text("Select an article to read it.", style="dim"), classes="detail-header")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "people":
            return self.article is not None
        return True

    def action_people(self) -> None:
        """Who is in this article: pick one to open their page (the app's ``open_entity``)."""
        from kbio_tui.tui.screens.people import PeopleScreen

        if self.article is None:
            return
        open_entity = getattr(self.app, "open_entity", None)

        def chosen(entity_id: str | None) -> None:
            if entity_id and open_entity is not None:
                open_entity(entity_id)

        self.app.push_screen(PeopleScreen(self.article), chosen)

    def clear(self, message: str = "Select an article to read it.") -> None:
        self.article = None
        self.highlights = []
        self.current = -1
        self._blocks = []
        self.remove_children()
        self.mount(Static(Text(message, style="dim"), classes="detail-header"))

    def show(
        self,
        article: Article,
        *,
        terms: list[str] | None = None,
        phrases: list[str] | None = None,
        search_entities: list[str] | None = None,
        entity_id: str | None = None,
        quote_span: tuple[int, int] | None = None,
    ) -> None:
        """Render ``article``; the quote sentence (or else the first highlight) is scrolled into view.

        Each thing searched for is one hit: a phrase is marked where it occurs as a phrase (never its
        words one by one), a ``person:`` / ``org:`` clause marks that entity's own mentions (from the
        extractor's offsets, so ``Choi`` is never a hit for Cho), and a word inside either is not
        marked again."""
        text = article.text
        marks: list[Highlight] = []
        if quote_span:
            marks.append(Highlight(quote_span[0], quote_span[1], "quote"))
        wanted = {entity_id} if entity_id else set()
        if wanted:
            marks += [Highlight(m.start, m.end, "entity") for m in article.mentions if m.entity_id in wanted]
        units: list[Highlight] = []
        searched = set(search_entities or ()) - wanted
        units += [Highlight(m.start, m.end, "search") for m in article.mentions if m.entity_id in searched]
        for phrase in phrases or ():
            units += [Highlight(s, e, "search") for s, e in phrase_spans(text, phrase)]
        covered = [(h.start, h.end) for h in units + marks]
        for s, e in term_spans(text, terms or ()):
            if not any(cs <= s and e <= ce for cs, ce in covered):
                units.append(Highlight(s, e, "search"))
        marks += units
        marks = sorted(set(marks), key=lambda h: (h.start, h.kind != "quote", h.end))
        self.article = article
        self.highlights = marks
        first_quote = next((i for i, h in enumerate(marks) if h.kind == "quote"), None)
        self.current = first_quote if first_quote is not None else (0 if marks else -1)
        self._render_article(article, text)
        self.scroll_home(animate=False)
        self._layout_waits = 0
        self.call_after_refresh(self._scroll_to_current)

    def _render_article(self, article: Article, text: str) -> None:
        self.remove_children()
        widgets: list[Static] = [Static(self._header(article), classes="detail-header")]
        self._blocks = []
        for block in article.blocks():
            body = self._block_text(text, block.start, block.end)
            if block.kind == "caption":
                body = Text.assemble(("Caption: ", "bold dim"), body)
            widget = Static(body, classes=f"block block-{block.kind.value}")
            self._blocks.append((block.start, block.end, widget))
            widgets.append(widget)
        self.mount_all(widgets)

    def _header(self, article: Article) -> Text:
        out = safe(shown_title(article.title), "bold")
        meta = [neutralise(article.outlet or "unknown outlet"), day(article.published)]
        if article.author:
            meta.insert(1, "by " + " ".join(neutralise(article.author).split()))
        out.append("\n")
        out.append_text(safe(" · ".join(meta), "dim"))
        if self.highlights:
            out.append("\n")
            out.append_text(self._counter())
        return out

    def _counter(self) -> Text:
        """``hit 3 / 15`` for the current highlight, in the header."""
        return Text(f"hit {self.current + 1} / {len(self.highlights)} — n / N to step", "dim italic")

    def _block_text(self, text: str, start: int, end: int) -> Text:
        spans = []
        for i, h in enumerate(self.highlights):
            if h.end > start and h.start < end:
                if i == self.current:
                    style = f"{h.style} {CURRENT_STYLE if h.kind == 'quote' else CURRENT_HIT_STYLE}"
                else:
                    style = h.style
                spans.append((h.start - start, h.end - start, style))
        return highlighted(text[start:end], spans)

    def _scroll_to_current(self) -> None:
        if not (0 <= self.current < len(self.highlights)):
            return
        target = self.highlights[self.current]
        for start, end, widget in self._blocks:
            if start <= target.start <= end or (target.start < start and target.end > start):
                before = (
                    neutralise(self.article.text[start : max(start, target.start)]) if self.article else ""
                )
                if not widget.virtual_region.height and self._layout_waits < LAYOUT_WAITS:
                    # Mounted blocks get their place in the layout a refresh or two later (a race
                    # with the mount): scrolling now would scroll to the top.
                    self._layout_waits += 1
                    self.call_after_refresh(self._scroll_to_current)
                    return
                width = max(1, widget.content_region.width or self.size.width - 2)
                line = max(0, len(Text(before).wrap(self.app.console, width)) - 1) if before else 0
                y = widget.virtual_region.y + line
                self.scroll_to(y=max(0, y - 2), animate=False, immediate=True)
                return

    def action_next_highlight(self) -> None:
        self._step(1)

    def action_previous_highlight(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        if not self.highlights:
            self.notify("No highlights in this article.", timeout=2)
            return
        before = self.highlights[self.current] if 0 <= self.current < len(self.highlights) else None
        self.current = (self.current + delta) % len(self.highlights)
        self._restyle(before, self.highlights[self.current])
        self._scroll_to_current()

    def _restyle(self, *changed: Highlight | None) -> None:
        """Redraw the header's counter and the blocks holding the old and the new current hit."""
        if self.article is None or not self._blocks:
            return
        header = self.query(".detail-header").first(Static)
        header.update(self._header(self.article))
        for start, end, widget in self._blocks:
            if any(h is not None and h.end > start and h.start < end for h in changed):
                body = self._block_text(self.article.text, start, end)
                if "block-caption" in widget.classes:
                    body = Text.assemble(("Caption: ", "bold dim"), body)
                widget.update(body)

    @property
    def current_highlight(self) -> Highlight | None:
        return self.highlights[self.current] if 0 <= self.current < len(self.highlights) else None
