"""A person's or organisation's page: who they are, every quote, and the articles that mention them.

From 160 columns the selected quote's article is shown beside the lists, scrolled to the quote, so
the context of each quote is read without leaving the page; below that, Enter opens it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kbio_tui.index.api import EntitySummary, QuoteHit
from kbio_tui.models import EntityType
from kbio_tui.tui import correcting
from kbio_tui.tui.citation import cite, default_export_path, export_quotes
from kbio_tui.tui.errors import index_problem
from kbio_tui.tui.formatting import entity_header, entity_row, quote_row
from kbio_tui.tui.lifecycle import torn_down
from kbio_tui.tui.messages import ArticleChosen
from kbio_tui.tui.row_visual import Row
from kbio_tui.tui.screens.kept import KeptStylesScreen
from kbio_tui.tui.widgets.article_list import ArticleList
from kbio_tui.tui.widgets.detail_view import DetailView
from kbio_tui.tui.widgets.key_bar import KeyBar
from kbio_tui.tui.widgets.paged_options import PagedOptionList
from kbio_tui.tui.widgets.timeline import TimelineChart, months_of

if TYPE_CHECKING:
    from datetime import datetime

    from kbio_tui.index.api import ArticleSummary, IndexReader, Timeline
    from kbio_tui.models import Article
    from kbio_tui.tui.app import KbioApp

QUOTE_LIMIT = 1000  # quotes listed on a page (the newest); the title says when there are more
EXPORT_LIMIT = 1_000_000  # an export writes every quote
ARTICLE_LIMIT = 500
PEOPLE_SCAN_LIMIT = 1000
# The page is drawn from the newest quotes and articles first (a few index reads), and the rest of
# both lists is appended in the background: reading a 1,000-quote person's every article before the
# first frame took half a second at 10k articles.  Twenty of each fill the lists on a 160x48 terminal
# (a quote row is two lines, an article row one); each one more is an article's stored fields to read.
FIRST_QUOTES = 20
FIRST_ARTICLES = 20
CONTEXT_FROM = 160  # columns from which the selected quote's article is shown beside the lists
CONTEXT_DELAY = 0.1  # seconds the cursor rests on a quote before its article is read


def _belongs_to(person: EntitySummary, org: EntitySummary) -> bool:
    names = {n.casefold() for n in (org.name, org.acronym, *org.aliases) if n}
    return any(o.casefold() in names or org.name.casefold() in o.casefold() for o in person.orgs)


def _counted(shown: int, total: int, more: bool) -> str:
    """ "40 of 1,000" while the rest of a list is loading, then "1,000"; "1,000 newest of 1,923"
    when the list stops at its cap."""
    if more:
        return f"{shown:,} of {max(shown, total):,}"
    return f"{shown:,} newest of {total:,}" if shown < total else f"{shown:,}"


def _month(when: datetime | None) -> str | None:
    """The timeline's month of a publication date (``2026-03``)."""
    return f"{when.year:04d}-{when.month:02d}" if when is not None else None


class EntityScreen(KeptStylesScreen):
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [  # type: ignore[misc]
        (0, "-narrow"),
        (CONTEXT_FROM, "-wide"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("c", "copy_quote", "Copy quote"),
        Binding("e", "export", "Export quotes"),
        Binding("t", "toggle_timeline", "Timeline"),
        # corrections (kbio_tui.tui.correcting): recorded for the whole desk, u undoes
        Binding("m", "merge", "Merge"),
        Binding("s", "split", "Split"),
        Binding("r", "rename", "Rename"),
        Binding("x", "drop_or_retype", "Drop/type"),
        Binding("a", "reassign", "Reassign quote"),
        Binding("u", "app.undo_correction", "Undo"),
    ]

    def __init__(self) -> None:
        """An empty page: the app fills it with ``show_entity`` (and reuses it for later ones)."""
        super().__init__()
        self.entity_id: str | None = None
        self.entity: EntitySummary | None = None
        self.quotes: list[QuoteHit] = []
        self.people: list[EntitySummary] = []
        self._shown = False
        self._rehearsal = False  # filled only to be drawn once off the stack (see rehearse)
        self.complete = False  # every quote, article and (for an organisation) person is listed
        # Which entity the workers' results belong to: a reused page ignores a late answer for the
        # entity it showed before.
        self._generation = 0
        self._when_ready: Callable[[], None] | None = None
        self._context_timer: Timer | None = None
        self._context_for: tuple[str, int] | None = None  # the quote the context view shows
        self.month: str | None = None  # the month the lists are narrowed to (from the timeline)
        # the page's whole lists while they are narrowed to a month
        self._unnarrowed: tuple[list[QuoteHit], list[ArticleSummary]] | None = None

    @property
    def kbio(self) -> KbioApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        # show_entity has usually started the index calls already: the data is often in by the first frame
        yield Static(Text("Loading…", style="dim"), id="entity-header")
        chart = TimelineChart(("Mentions", "Quotes"), ("art", "q"), id="entity-timeline")
        chart.display = self.kbio.timelines_shown
        yield chart
        quotes = PagedOptionList(id="quotes", row_lines=2)  # the quote, then its article
        quotes.border_title = "Quotes"
        people = OptionList(id="people")
        people.border_title = "People"
        people.display = False
        articles = ArticleList(id="entity-articles")
        articles.border_title = "Articles"
        context = DetailView(id="quote-context")
        context.border_title = "In its article"
        with Horizontal(id="entity-main"):
            with Vertical(id="entity-body"):
                yield quotes
                yield people
                yield articles
            yield context
        yield KeyBar()

    def on_mount(self) -> None:
        if not self._shown:  # otherwise the data came in first and _show chose the focus
            self.query_one("#quotes", OptionList).focus()
        if self.app.screen is not self:  # composed ahead of use, for the app's pool
            self.call_later(self.prepare_off_stack)

    def rehearse(self, entity_id: str) -> None:
        """Fill this pooled page with ``entity_id`` and draw it once, off the stack (thrown away).

        A page drawn for the first time does work no later page does (the list rows' styles, the
        scroll bars, the cut rows' console, Python's first calls into each of them): the first
        person page of a session took half as long again as the later ones.  Done while the user
        reads the first screen, with the person the entity list shows first, it leaves the first
        page the user opens to be drawn as the later ones are.  The rest of the lists and the quote's
        context are not read for it."""
        self.show_entity(entity_id, when_ready=self.prepare_off_stack, rehearsal=True)

    def show_entity(
        self, entity_id: str, *, when_ready: Callable[[], None] | None = None, rehearsal: bool = False
    ) -> None:
        """Turn this (mounted, off-stack) page into ``entity_id``'s page.

        The app keeps a few entity pages mounted and reuses them: composing and styling a fresh
        screen cost more than the index reads behind it (~100 ms of a ~150 ms page at 10k articles).
        ``when_ready`` runs once the first page of data is shown (the app pushes the page then)."""
        self._generation += 1
        self._when_ready = when_ready
        self._rehearsal = rehearsal
        self.entity_id = entity_id
        self.entity = None
        self.quotes = []
        self.people = []
        self._shown = False
        self.complete = False
        self.month = None
        self._unnarrowed = None
        if self.is_mounted:  # the old rows stay until _show replaces them; their builders stop now
            self.query_one("#quotes", PagedOptionList).stop_filling()
            self.query_one(ArticleList).stop_filling()
            chart = self.query_one(TimelineChart)
            chart.display = self.kbio.timelines_shown
            chart.set_chosen(None)
            chart.clear("Counting…")
        self._load(entity_id, self._generation)
        if self.kbio.timelines_shown:
            self._load_timeline(entity_id, self._generation)

    def show_loading(self) -> None:
        """Clear what the page showed before, for when it must be pushed before its data is in
        (``show_entity`` leaves the old rows alone: ``_show`` replaces them in one go)."""
        if not self._shown and self.is_mounted:
            self._clear(Text("Loading…", style="dim"))

    def _clear(self, header: Text) -> None:
        self.query_one("#entity-header", Static).update(header)
        quote_list = self.query_one("#quotes", PagedOptionList)
        quote_list.set_rows(0, self._quote_row, dividers=False)
        quote_list.border_title = "Quotes"
        self._context_for = None
        self.query_one("#quote-context", DetailView).clear("")
        people_list = self.query_one("#people", OptionList)
        people_list.clear_options()
        people_list.display = False
        articles = self.query_one(ArticleList)
        articles.show([], empty="")
        articles.border_title = "Articles"
        quote_list.focus()

    @work(thread=True, exclusive=True, group="entity")
    def _load(self, entity_id: str, generation: int) -> None:
        reader: IndexReader | None = self.kbio.reader
        assert reader is not None
        try:
            entity = reader.entity(entity_id)
            quotes = reader.quotes_by(entity_id, limit=FIRST_QUOTES)
            articles = reader.articles_mentioning(entity_id, limit=FIRST_ARTICLES)
        except Exception as exc:
            self.app.call_from_thread(self.notify, index_problem(exc), severity="error", markup=False)
            return
        self.app.call_from_thread(self._show_if_current, generation, entity, quotes, articles)

    def _show_if_current(
        self,
        generation: int,
        entity: EntitySummary | None,
        quotes: list[QuoteHit],
        articles: list[ArticleSummary],
    ) -> None:
        if generation != self._generation or torn_down(self):
            return
        if not self._composed():  # the data beat the page's own composing: show it after that
            self.call_after_refresh(self._show_if_current, generation, entity, quotes, articles)
            return
        self._show(entity, quotes, articles, [])
        ready, self._when_ready = self._when_ready, None
        if ready is not None:
            ready()
        if entity is not None and not self._rehearsal:
            # After the frame: reading a 1,000-quote list in a thread while the page is composed
            # took the GIL from the compositor and doubled the time to the first frame.
            more = len(quotes) >= FIRST_QUOTES
            self.call_after_refresh(self._load_rest_if_current, entity, generation, more)

    def _load_rest_if_current(self, entity: EntitySummary, generation: int, more_quotes: bool) -> None:
        if generation == self._generation:
            self._load_rest(entity, generation, more_quotes)

    @work(thread=True, exclusive=True, group="entity-rest")
    def _load_rest(self, entity: EntitySummary, generation: int, more_quotes: bool) -> None:
        reader: IndexReader | None = self.kbio.reader
        assert reader is not None
        try:
            quotes = reader.quotes_by(entity.id, limit=QUOTE_LIMIT) if more_quotes else None
            articles = reader.articles_mentioning(entity.id, limit=ARTICLE_LIMIT)
            people: list[EntitySummary] = []
            if entity.type is EntityType.ORG:
                people = [
                    p
                    for p in reader.entities(EntityType.PERSON, limit=PEOPLE_SCAN_LIMIT)
                    if _belongs_to(p, entity)
                ]
                # An organisation speaks through its people: after its own statements, each
                # person's quotes, grouped by person (most quoted first), within the page's cap.
                own = quotes if quotes is not None else list(self.quotes)
                gathered = list(own)
                for person in people:
                    room = QUOTE_LIMIT - len(gathered)
                    if room <= 0:
                        break
                    gathered += reader.quotes_by(person.id, limit=room)
                quotes = gathered if len(gathered) > len(own) else quotes
        except Exception as exc:
            self.app.call_from_thread(self.notify, index_problem(exc), severity="error", markup=False)
            return
        self.app.call_from_thread(self._show_rest, generation, quotes, articles, people)

    def _composed(self) -> bool:
        parts = ("quotes", "people", "entity-articles", "quote-context")
        return all(self.query(f"#{part}") for part in parts)

    def _show(
        self,
        entity: EntitySummary | None,
        quotes: list[QuoteHit],
        articles: list[ArticleSummary],
        people: list[EntitySummary],
    ) -> None:
        """The first page: the newest quotes and articles (``_show_rest`` appends the others)."""
        self._shown = True
        header = self.query_one("#entity-header", Static)
        if entity is None:
            self._clear(Text("This entity is no longer in the index.", style="bold"))
            return
        self.entity = entity
        self.quotes = quotes
        self.people = people
        header.update(entity_header(entity))
        quote_list = self.query_one("#quotes", PagedOptionList)
        more_quotes = len(quotes) >= FIRST_QUOTES
        self._title_quotes(len(quotes), more_quotes)
        # an empty section takes no room: the header already says "0 quotes" / "0 articles"
        quote_list.display = bool(quotes)
        if quotes:
            quote_list.set_rows(len(quotes), self._quote_row, dividers=False, more=more_quotes)
            quote_list.highlighted = 0
            self._context_for = None
            if not self._rehearsal:
                self.call_after_refresh(self._request_context)  # once the page's width class is set
        else:
            quote_list.set_rows(0, self._quote_row, dividers=False)
        people_list = self.query_one("#people", OptionList)
        people_list.display = entity.type is EntityType.ORG
        if entity.type is EntityType.ORG:
            people_list.clear_options()
            people_list.border_title = Text("People (looking them up…)")
        article_list = self.query_one(ArticleList)
        article_list.display = bool(articles)
        more_articles = len(articles) >= FIRST_ARTICLES
        self._title_articles(len(articles), more_articles)
        article_list.show(articles, empty="No articles.", more=more_articles)
        (quote_list if quotes else article_list).focus()

    def _show_rest(
        self,
        generation: int,
        quotes: list[QuoteHit] | None,
        articles: list[ArticleSummary],
        people: list[EntitySummary],
    ) -> None:
        if self.entity is None or generation != self._generation or torn_down(self):
            return
        self.people = people
        if quotes is not None:
            quote_list = self.query_one("#quotes", PagedOptionList)
            first = [(q.article_id, q.start) for q in self.quotes]
            if [(q.article_id, q.start) for q in quotes[: len(first)]] == first and quotes:
                self.quotes = quotes
                quote_list.extend_rows(len(quotes), self._quote_row)
            elif quotes:  # the index changed in between: show the new list from the top
                self.quotes = quotes
                quote_list.set_rows(len(quotes), self._quote_row, dividers=False)
                quote_list.highlighted = 0
            quote_list.display = bool(self.quotes)
            self._title_quotes(len(self.quotes), False)
        article_list = self.query_one(ArticleList)
        if len(articles) > len(article_list.summaries) and not article_list.extend(articles):
            article_list.show(articles, empty="No articles.")
        article_list.display = bool(article_list.summaries)
        self._title_articles(len(article_list.summaries), False)
        if self.entity.type is EntityType.ORG:
            people_list = self.query_one("#people", OptionList)
            people_list.border_title = Text(f"People ({len(people)})")
            people_list.set_options(
                [Option(entity_row(p), id=p.id) for p in people]
                or [Option(Text("No people on record.", style="dim italic"), disabled=True)]
            )
        self.complete = True
        if self.month is not None:  # chosen while the rest was on its way: narrow the whole lists
            self._narrow(self.month)

    # ---- the timeline (t) and narrowing to a month
    def action_toggle_timeline(self) -> None:
        chart = self.query_one(TimelineChart)
        shown = not chart.display
        self.kbio.timelines_shown = shown  # the next pages open the same way
        chart.display = shown
        if shown:
            if self.entity_id is not None:
                chart.clear("Counting…")
                self._load_timeline(self.entity_id, self._generation)
            chart.focus()
        elif chart.has_focus:
            self.query_one("#quotes" if self.quotes else "#entity-articles").focus()

    @work(thread=True, exclusive=True, group="entity-timeline")
    def _load_timeline(self, entity_id: str, generation: int) -> None:
        reader: IndexReader | None = self.kbio.reader
        assert reader is not None
        try:
            timeline = reader.entity_timeline(entity_id)
        except Exception as exc:
            self.app.call_from_thread(self._show_timeline, generation, None, index_problem(exc))
            return
        self.app.call_from_thread(self._show_timeline, generation, timeline, None)

    def _show_timeline(self, generation: int, timeline: Timeline | None, problem: str | None) -> None:
        if generation != self._generation or torn_down(self):
            return
        if not self.query(TimelineChart):  # before the page's own composing: after it
            self.call_after_refresh(self._show_timeline, generation, timeline, problem)
            return
        chart = self.query_one(TimelineChart)
        chart.set_chosen(self.month)
        if timeline is None:
            chart.clear(problem or "This entity is no longer in the index.")
            return
        undated = timeline.undated_articles
        chart.show(
            months_of(timeline, ("articles", "quotes")), note=f"+{undated:,} undated" if undated else ""
        )

    def on_timeline_chart_month_chosen(self, message: TimelineChart.MonthChosen) -> None:
        message.stop()
        self.month = message.period
        message.chart.set_chosen(message.period)
        if self.complete:
            self._narrow(message.period)
        else:
            self.notify(f"Narrowing to {message.period} once the page is loaded.", timeout=2)

    def _narrow(self, month: str | None) -> None:
        """Show only ``month``'s quotes and articles (all of them again for None)."""
        quote_list = self.query_one("#quotes", PagedOptionList)
        article_list = self.query_one(ArticleList)
        if self._unnarrowed is None:
            self._unnarrowed = (list(self.quotes), list(article_list.summaries))
        quotes, articles = self._unnarrowed
        if month is None:
            self._unnarrowed = None
        else:
            quotes = [q for q in quotes if _month(q.published) == month]
            articles = [a for a in articles if _month(a.published) == month]
        self.quotes = quotes
        quote_list.display = True
        if quotes:
            quote_list.set_rows(len(quotes), self._quote_row, dividers=False)
            quote_list.highlighted = 0
        else:
            none = Option(Text(f"No quotes in {month}.", style="dim italic"), disabled=True)
            quote_list.set_rows(1, lambda _: none, dividers=False)
        self._context_for = None
        self._request_context()
        article_list.show(articles, empty=f"No articles in {month}.")
        article_list.display = bool(articles)
        self._title_quotes(len(quotes), False)
        self._title_articles(len(articles), False)

    def action_back(self) -> None:
        """Escape: the page's month first, then back to where it was opened from."""
        if self.month is not None:
            self.month = None
            self.query_one(TimelineChart).set_chosen(None)
            if self._unnarrowed is not None:
                self._narrow(None)
            return
        self.kbio.action_back()

    def _quote_row(self, index: int) -> Option:
        quote = self.quotes[index]
        # on an organisation's page most quotes are its people's: say whose each one is
        by = (
            self.entity is not None
            and self.entity.type is EntityType.ORG
            and quote.speaker_id != self.entity.id
        )
        return Option(Row(quote_row(quote, speaker=by)), id=f"q{index}")

    def _title_quotes(self, shown: int, more: bool) -> None:
        total = self.entity.quote_count if self.entity else 0
        order = "newest first"
        if self.entity is not None and self.entity.type is EntityType.ORG and self.people:
            order = "its own, then its people's, newest first"
        title = f"Quotes ({_counted(shown, total, more)}) · {order}"
        if self.month is not None and self._unnarrowed is not None:
            title = f"Quotes ({shown:,}) · {self.month} only · Esc: all"
        self.query_one("#quotes", OptionList).border_title = Text(title)

    def _title_articles(self, shown: int, more: bool) -> None:
        total = self.entity.article_count if self.entity else 0
        title = f"Articles ({_counted(shown, total, more)})"
        if self.month is not None and self._unnarrowed is not None:
            title = f"Articles ({shown:,}) · {self.month} only"
        self.query_one(ArticleList).border_title = Text(title)

    @property
    def selected_quote(self) -> QuoteHit | None:
        lists = self.query("#quotes").results(OptionList)
        quote_list = next(lists, None)
        if quote_list is None:  # not composed yet (a pooled page is filled before it is mounted)
            return None
        index = quote_list.highlighted
        if index is None or index >= len(self.quotes):
            return None
        return self.quotes[index]

    # ---- the selected quote in its article (wide terminals)
    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "quotes":
            event.stop()
            self._request_context()

    def on_resize(self) -> None:
        self._request_context()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """Textual calls each class's own handler along the MRO: KeptStylesScreen's runs as well."""
        self._request_context()

    def _request_context(self) -> None:
        if self._context_timer is not None:
            self._context_timer.stop()
            self._context_timer = None
        if not self.has_class("-wide"):
            return  # the view is not shown: nothing to read
        quote = self.selected_quote
        if quote is None or (quote.article_id, quote.start) == self._context_for:
            return
        generation = self._generation
        self._context_timer = self.set_timer(CONTEXT_DELAY, lambda: self._load_context(quote, generation))

    @work(thread=True, exclusive=True, group="entity-context")
    def _load_context(self, quote: QuoteHit, generation: int) -> None:
        reader: IndexReader | None = self.kbio.reader
        assert reader is not None
        try:
            article = reader.get_article(quote.article_id)
        except Exception as exc:
            self.app.call_from_thread(self._show_context, generation, quote, None, index_problem(exc))
            return
        self.app.call_from_thread(self._show_context, generation, quote, article, None)

    def _show_context(
        self, generation: int, quote: QuoteHit, article: Article | None, problem: str | None
    ) -> None:
        if generation != self._generation or torn_down(self) or quote is not self.selected_quote:
            return
        view = self.query_one("#quote-context", DetailView)
        self._context_for = (quote.article_id, quote.start)
        if article is None:
            view.clear(problem or "That article is no longer in the index.")
            return
        view.show(article, entity_id=quote.speaker_id, quote_span=(quote.sentence_start, quote.sentence_end))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_list.id == "quotes":
            quote = self.selected_quote
            if quote is not None:
                self.kbio.open_article(quote.article_id, quote=quote, entity_id=self.entity_id)
        elif event.option_list.id == "people" and event.option.id:
            self.kbio.open_entity(event.option.id)

    def on_article_chosen(self, message: ArticleChosen) -> None:
        message.stop()
        self.kbio.open_article(message.article_id, entity_id=self.entity_id)

    def action_copy_quote(self) -> None:
        quote = self.selected_quote
        if quote is None:
            self.notify("No quote selected.", timeout=2)
            return
        self.app.copy_to_clipboard(cite(quote, self.entity))
        self.notify("Quote copied with its citation.", timeout=3)

    # ---- corrections
    def action_merge(self) -> None:
        correcting.merge(self)

    def action_split(self) -> None:
        correcting.split(self)

    def action_rename(self) -> None:
        correcting.rename(self)

    def action_drop_or_retype(self) -> None:
        correcting.drop_or_retype(self)

    def action_reassign(self) -> None:
        correcting.reassign(self)

    def action_export(self) -> None:
        if not self.quotes or self.entity is None or self.entity_id is None:
            self.notify("No quotes to export.", timeout=2)
            return
        from kbio_tui.tui.screens.export import ExportScreen

        name, entity_id = self.entity.name, self.entity_id

        def write(path: str | None) -> None:
            if not path:
                return
            quotes = list(self.quotes)
            total = self.entity.quote_count if self.entity else 0
            if not self.complete or len(quotes) < total:
                # the rest is still on its way, or the page stops at QUOTE_LIMIT: an export has all
                reader = self.kbio.reader
                assert reader is not None
                try:
                    quotes = reader.quotes_by(entity_id, limit=EXPORT_LIMIT)
                except Exception as exc:
                    self.notify(index_problem(exc), severity="error", markup=False)
                    return
            try:
                written = export_quotes(Path(path), name, quotes)
            except OSError as exc:
                self.notify(f"Could not write {path}: {exc.strerror or exc}", severity="error", markup=False)
                return
            self.notify(f"Wrote {len(quotes)} quotes to {written}", timeout=6, markup=False)

        self.app.push_screen(ExportScreen(default_export_path(name)), write)
