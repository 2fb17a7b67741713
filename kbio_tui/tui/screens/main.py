"""The browser: search bar, Entities and Articles panes, and a detail view that previews the cursor row.

State lives here (what the Articles pane is showing and why); panes only post messages.  All index
calls run in thread workers; each result carries a token and is dropped if a newer request was made.

With a search, the Entities pane shows its facets and Enter on one narrows the search to the articles
that also mention it: the filters stack, are named in the Articles title (``CDMO · Samsung Biologics
×``), and Escape removes the last one.  At 80 columns the lists take the whole width and the article
is read in their place (Enter), Escape coming back.
"""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING, ClassVar, Literal

from rich.text import Text
from textual import work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Input
from textual.worker import get_current_worker

from kbio_tui.tui.errors import index_problem
from kbio_tui.tui.formatting import ENTITY_TABS, count
from kbio_tui.tui.lifecycle import torn_down
from kbio_tui.tui.messages import (
    ArticleChosen,
    ArticleHighlighted,
    EntityChosen,
    EntityHighlighted,
    IndexChanged,
    QueryChanged,
)
from kbio_tui.tui.safe_text import one_line
from kbio_tui.tui.screens import search_tools
from kbio_tui.tui.screens.kept import KeptStylesScreen
from kbio_tui.tui.widgets.article_list import ArticleList
from kbio_tui.tui.widgets.detail_view import DetailView
from kbio_tui.tui.widgets.entity_list import EntityPane
from kbio_tui.tui.widgets.key_bar import KeyBar
from kbio_tui.tui.widgets.search_bar import SearchBar
from kbio_tui.tui.widgets.timeline import TimelineChart

if TYPE_CHECKING:
    from kbio_tui.index.api import (
        ArticleSummary,
        EntitySummary,
        FacetResult,
        IndexReader,
        SearchResult,
        Snippet,
    )
    from kbio_tui.models import Article
    from kbio_tui.tui.app import KbioApp

Mode = Literal["latest", "search", "entity"]
ARTICLE_LIMIT = 200
FIRST_RESULTS = 40  # rows a search draws first; the rest (up to ARTICLE_LIMIT) follow, see request_rest
REST_AFTER = 0.3  # seconds the first rows stay alone: typing on within them never pays for the rest
NEAR_END = 10  # the cursor this close to the last row fetched asks for the rest at once
ENTITY_LIMIT = 500
PREVIEW_DELAY = 0.08
WIDE_FROM = 120  # columns from which the article is shown beside the lists
FACET_LIMIT = 100  # facets kept per entity type
FACET_ARTICLES = 200  # best-ranked matches the pane's facets are counted over (the CLI counts 1,000)
FACETS_AFTER = 0.25  # seconds a search's results stand before its facets are counted: typing on
# within them never waits behind a facet count for the reader
QUERY_IN_TITLE = 30  # characters of the query repeated in the Articles title


class MainScreen(KeptStylesScreen):
    # Textual annotates this "ClassVar[list[tuple[int, str]]] | None", which mypy reads as an instance
    # variable; a ClassVar is what it is (and what ruff's RUF012 asks for).
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [  # type: ignore[misc]
        (0, "-narrow"),
        (WIDE_FROM, "-wide"),
    ]
    AUTO_FOCUS = "#articles"
    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: handled as the key arrives, so keys typed right behind it ("/bio" in one SSH
        # packet) already go to the new focus instead of racing the focus change.
        Binding("slash", "focus_search", "Search", priority=True),
        Binding("f2", "focus_entities", "Entities", show=False, priority=True),
        Binding("f3", "focus_articles", "Articles", show=False, priority=True),
        Binding("f4", "focus_detail", "Read", show=False, priority=True),
        Binding("escape", "back_to_list", "Back", show=False),
        # saved searches and the search's timeline: see search_tools.py
        Binding("s", "save_search", "Save search", show=False),
        Binding("S", "saved_searches", "Saved searches", show=False),
        Binding("t", "toggle_timeline", "Timeline", show=False),
    ]

    def __init__(self, *, cursor_blink: bool = True) -> None:
        super().__init__()
        self._cursor_blink = cursor_blink
        self.mode: Mode = "latest"
        self.query_text = ""
        self.entity: EntitySummary | None = None
        self.filters: list[EntitySummary] = []  # the facets the search is narrowed to, in order
        self.month: str | None = None  # a month chosen on the search's timeline narrows it too,
        self.month_at = 0  # added after this many of the filters (Escape removes the last one)
        self._facets: FacetResult | None = None  # the current search's, for every type
        self._facets_timer: Timer | None = None
        self.terms: list[str] = []
        self.phrases: list[str] = []  # the current search's phrases and person:/org: clauses, which the
        self.search_names: list[tuple[str, str]] = []  # article view marks as single hits
        self._name_ids: dict[tuple[str, str], list[str]] = {}  # a clause's entities, found once
        self._articles_token = 0
        self._detail_token = 0
        self._entities_token = 0
        self._snippets_asked: set[str] = set()
        self._preview_timer: Timer | None = None
        self._rest_timer: Timer | None = None
        self._rest_token: int | None = None  # the search whose rows past FIRST_RESULTS are still to fetch
        self._keep_pending: str | None = None  # an article to re-select once the rest is in
        self._articles_failed = False  # the last list asked for ended in an error message
        self._first_list = True  # the first article list is still to come (see reload)
        # Set at the end of on_mount: before that the panes are not there to fill, and on_mount itself
        # loads them if the reader is already open (both run on the UI thread, so no race).
        self.ready = False

    @property
    def kbio(self) -> KbioApp:
        return self.app  # type: ignore[return-value]

    @property
    def reader(self) -> IndexReader | None:
        return self.kbio.reader

    def compose(self) -> ComposeResult:
        yield SearchBar(cursor_blink=self._cursor_blink, id="search")
        with Horizontal(id="panes"):
            with Vertical(id="lists"):
                yield EntityPane(cursor_blink=self._cursor_blink, id="entities")
                yield TimelineChart(("Matches",), ("art",), id="search-timeline")
                yield ArticleList(id="articles")
            yield DetailView(id="detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#entities").border_title = "Entities"
        self.query_one("#articles").border_title = "Articles"
        self.query_one("#detail").border_title = "Article"
        self.query_one("#search-timeline").display = False
        front, self.kbio.front_page = self.kbio.front_page, None
        if self.reader is not None:
            self.reload()
        elif front is not None:  # the newest rows, read before the app ran: the first frame shows them
            self.show_first_rows(front)
        elif self.kbio.open_error is not None:
            self.show_open_error()
        else:
            self.search_bar.set_message("Opening the index…")
        self.ready = True

    def show_open_error(self) -> None:
        self.search_bar.set_message(f"Cannot open the index: {self.kbio.open_error}", error=True)

    # ---- accessors
    @property
    def search_bar(self) -> SearchBar:
        return self.query_one(SearchBar)

    @property
    def articles(self) -> ArticleList:
        return self.query_one(ArticleList)

    @property
    def entities(self) -> EntityPane:
        return self.query_one(EntityPane)

    @property
    def detail(self) -> DetailView:
        return self.query_one(DetailView)

    # ---- loading
    def reload(self, *, keep: str | None = None) -> None:
        """(Re)load both lists for the current mode; ``keep`` re-selects an article id if still present.

        The first time, the entities wait until the article list is on screen: it is what start-up
        is for, and their loading would compete with it for the interpreter."""
        self.request_articles(keep=keep)
        if not self._first_list:
            self.request_entities()

    def on_index_changed(self, _: IndexChanged) -> None:
        self.reload(keep=self.articles.current_id)

    def request_articles(self, *, keep: str | None = None) -> None:
        if self.reader is None:
            return
        self._articles_token += 1
        self._snippets_asked = set()
        self._forget_rest()
        # The rows still being built in the background are about to be replaced: stop spending the
        # main thread (and the GIL the search thread needs) on them.
        self.articles.stop_filling()
        entity_id = self.entity.id if self.entity else None
        on_screen = self.articles.rows_on_screen()
        within = self.filter_ids
        query = search_tools.dated(self.query_text, self.month)
        self._load_articles(self._articles_token, self.mode, query, entity_id, keep, on_screen, within)

    @property
    def filter_ids(self) -> list[str]:
        return [e.id for e in self.filters]

    @work(thread=True, exclusive=True, group="articles")
    def _load_articles(
        self,
        token: int,
        mode: Mode,
        query: str,
        entity_id: str | None,
        keep: str | None,
        on_screen: int,
        within: list[str] | None = None,
    ) -> None:
        """Search and the snippets of the first rows on screen in one go, so one frame draws both."""
        from kbio_tui.errors import QuerySyntaxError

        reader = self.reader
        assert reader is not None
        worker = get_current_worker()
        result: SearchResult | None = None
        summaries: list[ArticleSummary] = []
        error: str | None = None
        snippets: dict[str, Snippet] = {}
        more = False
        try:
            if mode == "search":
                # The first rows only: ranking is the same work for any limit, but every row costs a
                # stored-fields read and a phrase its position check.  The rest follows (request_rest).
                narrowed = {"within": within} if within else {}  # an unfiltered search is just that
                result = reader.search(query, limit=FIRST_RESULTS, **narrowed)
                summaries = [hit.article for hit in result.hits]
                more = len(summaries) >= FIRST_RESULTS and result.total > len(summaries)
                snippets = {h.article.id: h.snippet for h in result.hits if h.snippet is not None}
                first = [s.id for s in summaries[:on_screen] if s.id not in snippets]
                if first and not worker.is_cancelled:
                    # On failure the rows stay without a snippet; the visible ones are asked again.
                    with suppress(Exception):
                        snippets.update(reader.snippets(query, first))
            elif mode == "entity" and entity_id:
                summaries = reader.articles_mentioning(entity_id, limit=ARTICLE_LIMIT)
            else:
                summaries = reader.recent_articles(limit=ARTICLE_LIMIT)
        except QuerySyntaxError as exc:
            error = f"Query problem: {exc}"
        except Exception as exc:  # a reader failure is reported under the search bar, never raised
            error = index_problem(exc)
        if worker.is_cancelled:
            return
        self.app.call_from_thread(
            self._show_articles, token, mode, summaries, result, error, keep, snippets, more
        )

    def _show_articles(
        self,
        token: int,
        mode: Mode,
        summaries: list[ArticleSummary],
        result: SearchResult | None,
        error: str | None,
        keep: str | None,
        snippets: dict[str, Snippet] | None = None,
        more: bool = False,
    ) -> None:
        if token != self._articles_token or torn_down(self):
            return
        if self._first_list:
            self._first_list = False
            self.call_after_refresh(self._after_first_list)
        bar = self.search_bar
        self._articles_failed = error is not None
        if error is not None:
            bar.set_message(error, error=True)
            return
        pane = self.articles
        if mode == "search" and result is not None:
            self.terms = list(result.words)
            self.phrases = list(result.phrases)
            self.search_names = list(result.names)
            self._name_ids = {}  # looked up again for each search: the index may have changed
            if not summaries:
                # nothing matches: the reader must not keep showing an article from before
                self._detail_token += 1
                self.detail.clear("No article matches this search.")
            about = "about " if result.estimated else ""
            note = "1 article matches" if result.total == 1 else f"{about}{result.total:,} articles match"
            if result.partial:
                note += " (partial)"
            if result.message:
                note += f" · {result.message}"
            bar.set_message(note)
            self._title_found(result)
            self._schedule_facets()
            pane.show(summaries, empty="No articles match.", snippets=snippets, more=more)
            self._snippets_asked.update(pane.snippets)
            if more:
                self._rest_token = token
                self._rest_timer = self.set_timer(REST_AFTER, self.request_rest)
        elif mode == "entity" and self.entity is not None:
            self.terms = []
            title = Text("Articles · mentioning ")
            title.append(one_line(self.entity.name))
            pane.border_title = title
            bar.set_message(f"{len(summaries)} articles mention {one_line(self.entity.name)}")
            pane.show(summaries, empty="No articles mention it.")
        else:
            self.terms = []
            pane.border_title = Text("Articles · latest")
            bar.set_message(count(len(summaries), "latest article") if summaries else "The index is empty.")
            pane.show(summaries, empty="No articles in the index yet.")
        if keep and not pane.select_id(keep) and self._rest_token == token:
            # A refresh while the user was further down: fetch the rest now, and keep the article
            # they were reading in the detail view until its row is back (see on_article_highlighted).
            self._keep_pending = keep
            self.request_rest()
        self.request_snippets()
        search_tools.load_timeline(self)  # when shown (t): this list's matches per month

    def show_first_rows(self, summaries: list[ArticleSummary]) -> None:
        """The latest articles, read before this process opened the index (see tui/prefetch.py)."""
        if self.reader is None and self.mode == "latest" and not self.articles.summaries:
            self._show_articles(self._articles_token, "latest", summaries[:ARTICLE_LIMIT], None, None, None)

    def _after_first_list(self) -> None:
        self.request_entities()
        self.kbio.first_list_shown()

    def _title_found(self, result: SearchResult) -> None:
        """``Articles · CDMO · Samsung Biologics × · 12 found``: the query, each filter, the count."""
        about = "about " if result.estimated else ""
        title = Text("Articles · ")
        query = one_line(self.query_text)
        if len(query) > QUERY_IN_TITLE:
            query = query[: QUERY_IN_TITLE - 1] + "…"
        title.append(query, "bold")
        for at, entity in enumerate([*self.filters, None]):
            if self.month is not None and at == min(self.month_at, len(self.filters)):
                title.append(f" · {self.month}", "bold")
                title.append(" ×", "dim")
            if entity is not None:
                title.append(" · ")
                title.append(one_line(entity.name), "bold")
                title.append(" ×", "dim")
        title.append(f" · {about}{result.total:,} found")
        self.articles.border_title = title

    # ---- the rest of a search's rows
    def request_rest(self) -> None:
        """Fetch the current search's rows past the first ``FIRST_RESULTS`` (once, if still missing)."""
        token = self._rest_token
        if token is None or token != self._articles_token or self.reader is None:
            return
        self._rest_token = None
        self._stop_rest_timer()
        self._load_rest(token, search_tools.dated(self.query_text, self.month), self.filter_ids)

    def _forget_rest(self) -> None:
        self._rest_token = None
        self._keep_pending = None
        self._stop_rest_timer()

    def _stop_rest_timer(self) -> None:
        if self._rest_timer is not None:
            self._rest_timer.stop()
            self._rest_timer = None

    @work(thread=True, exclusive=True, group="articles-rest")
    def _load_rest(self, token: int, query: str, within: list[str]) -> None:
        reader = self.reader
        assert reader is not None
        try:
            narrowed = {"within": within} if within else {}
            result = reader.search(query, limit=ARTICLE_LIMIT, **narrowed)
        except Exception as exc:  # the first rows stay; say why no more came
            self.app.call_from_thread(self._rest_failed, token, index_problem(exc))
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_rest, token, result)

    def _rest_failed(self, token: int, problem: str) -> None:
        if token == self._articles_token and not torn_down(self):
            self._keep_pending = None
            self.search_bar.set_message(f"Only the first rows are listed: {problem}", error=True)

    def _show_rest(self, token: int, result: SearchResult) -> None:
        if token != self._articles_token or torn_down(self):
            return
        pane = self.articles
        summaries = [hit.article for hit in result.hits]
        if not pane.extend(summaries):  # the index changed in between: the new order, same article
            current = pane.current_id
            pane.show(summaries, empty="No articles match.", snippets=pane.snippets)
            if current is not None:
                pane.select_id(current)
        self._title_found(result)  # the whole search may count exactly where the first rows estimated
        keep, self._keep_pending = self._keep_pending, None
        if keep and not pane.highlighted:  # the user has not moved since the refresh asked for it
            pane.select_id(keep)
        self.request_snippets()

    def request_snippets(self) -> None:
        if self.mode != "search" or self.reader is None:
            return
        ids = [i for i in self.articles.visible_ids() if i not in self._snippets_asked]
        if ids:
            self._snippets_asked.update(ids)
            self._load_snippets(self._articles_token, self.query_text, ids)

    @work(thread=True, group="snippets")
    def _load_snippets(self, token: int, query: str, ids: list[str]) -> None:
        reader = self.reader
        assert reader is not None
        try:
            snippets = reader.snippets(query, ids)
        except Exception:  # rows simply stay without a snippet
            return
        self.app.call_from_thread(self._show_snippets, token, snippets)

    def _show_snippets(self, token: int, snippets: dict[str, Snippet]) -> None:
        if token == self._articles_token and not torn_down(self):
            self.articles.add_snippets(snippets)

    def request_entities(self) -> None:
        if self.reader is None:
            return
        if self.mode == "search":
            if self._facets is not None:
                self._show_facets(self._entities_token, self._facets)  # a type or filter change
            return  # the search itself asks for its facets (_schedule_facets)
        self._entities_token += 1
        self._stop_facets_timer()
        self._facets = None
        pane = self.entities
        pane.border_title = Text("Entities")
        pane.border_subtitle = ""
        self._load_entities(self._entities_token, pane.entity_type, pane.filter_text)

    # ---- facets
    def _schedule_facets(self) -> None:
        """Count the facets of the search just shown, once its results have stood a moment."""
        self._entities_token += 1
        self._facets = None
        self._stop_facets_timer()
        token, within = self._entities_token, self.filter_ids
        query = search_tools.dated(self.query_text, self.month)
        pane = self.entities
        pane.border_title = Text("Entities · counting…")
        self._facets_timer = self.set_timer(FACETS_AFTER, lambda: self._load_facets(token, query, within))

    def _stop_facets_timer(self) -> None:
        if self._facets_timer is not None:
            self._facets_timer.stop()
            self._facets_timer = None

    @work(thread=True, exclusive=True, group="entities")
    def _load_facets(self, token: int, query: str, within: list[str]) -> None:
        reader = self.reader
        assert reader is not None
        if token != self._entities_token:
            return
        try:
            found = reader.facets(query, limit=FACET_LIMIT, within=within, articles=FACET_ARTICLES)
        except Exception as exc:
            self.app.call_from_thread(self._facets_failed, token, index_problem(exc))
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_facets, token, found)

    def _facets_failed(self, token: int, problem: str) -> None:
        if token == self._entities_token and not torn_down(self):
            self.entities.border_title = Text("Entities")
            self.entities.show_facets([], empty=f"No facets: {problem}")

    def _show_facets(self, token: int, found: FacetResult) -> None:
        if token != self._entities_token or torn_down(self) or self.mode != "search":
            return
        self._facets = found
        pane = self.entities
        label = dict(ENTITY_TABS).get(pane.entity_type, "Entities")
        rows = found.facets.get(pane.entity_type, [])
        chosen = set(self.filter_ids)
        shown = [f for f in rows if f.entity.id not in chosen]
        if found.considered < found.total:
            scope = f"in the best {found.considered:,} of {found.total:,}"
        else:
            scope = "in 1 match" if found.total == 1 else f"in {found.total:,} matches"
        pane.border_title = Text(f"{label} {scope}")
        pane.border_subtitle = "⏎ narrow · ^o page"
        pane.show_facets(shown, empty=f"No {label.lower()} in these articles.")

    def add_filter(self, entity: EntitySummary) -> None:
        """Narrow the search to the articles that also mention ``entity``."""
        if entity.id in self.filter_ids:
            return
        self.filters.append(entity)
        self.request_articles()

    def remove_filter(self) -> bool:
        """Drop the last filter (a facet or the month); False if there was none."""
        if search_tools.remove_month(self):
            return True
        if not self.filters:
            return False
        self.filters.pop()
        self.request_articles()
        return True

    @work(thread=True, exclusive=True, group="entities")
    def _load_entities(self, token: int, etype: str, contains: str) -> None:
        from kbio_tui.models import EntityType

        reader = self.reader
        assert reader is not None
        try:
            found = reader.entities(EntityType(etype), contains=contains.strip(), limit=ENTITY_LIMIT)
        except Exception as exc:
            self.app.call_from_thread(self.search_bar.set_message, index_problem(exc), error=True)
            return
        # Quoted first, then mentioned; ties by name so the list never reshuffles between builds.
        found.sort(key=lambda e: (-e.quote_count, -e.mention_count, -e.article_count, e.name.casefold()))
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_entities, token, found)

    def _show_entities(self, token: int, found: list[EntitySummary]) -> None:
        if token == self._entities_token and not torn_down(self):
            self.entities.show(found)

    def on_entity_pane_reload(self, _: EntityPane.Reload) -> None:
        self.request_entities()

    # ---- detail
    def on_article_highlighted(self, message: ArticleHighlighted) -> None:
        pane = self.articles
        if self._rest_token is not None and (pane.highlighted or 0) >= len(pane.summaries) - NEAR_END:
            self.request_rest()
        self.request_snippets()
        if self._preview_timer is not None:
            self._preview_timer.stop()
        if self._keep_pending is not None:
            return  # the first row, highlighted while the row being read is still on its way
        article_id = message.article_id
        self._preview_timer = self.set_timer(PREVIEW_DELAY, lambda: self.request_detail(article_id))

    def on_article_chosen(self, message: ArticleChosen) -> None:
        if self._preview_timer is not None:
            self._preview_timer.stop()
        current = self.detail.article
        if current is None or current.id != message.article_id:
            self.request_detail(message.article_id, focus=True)
        else:
            self.set_focus(self.detail)

    def request_detail(self, article_id: str, *, focus: bool = False) -> None:
        if self.reader is None:
            return
        self._detail_token += 1
        self._load_detail(self._detail_token, article_id, focus)

    @work(thread=True, exclusive=True, group="detail")
    def _load_detail(self, token: int, article_id: str, focus: bool) -> None:
        reader = self.reader
        assert reader is not None
        try:
            article = reader.get_article(article_id)
            names = self.search_names if self.mode == "search" else []
            if names:
                from kbio_tui.models import EntityType  # in this worker thread, off the start-up path
            for kind, name in names:  # the entities a person:/org: clause means, looked up once
                if (kind, name) not in self._name_ids:
                    found = reader.find_entities(name, EntityType(kind))
                    self._name_ids[(kind, name)] = [e.id for e in found]
            entity_ids = [eid for key in names for eid in self._name_ids.get(key, [])]
        except Exception as exc:
            self.app.call_from_thread(self._show_detail_problem, token, index_problem(exc))
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_detail, token, article, focus, entity_ids)

    def _show_detail_problem(self, token: int, problem: str) -> None:
        """Where the article would be, so a later status line cannot hide it."""
        if token == self._detail_token and not torn_down(self):
            self.detail.clear(problem)
            self.search_bar.set_message(problem, error=True)

    def _show_detail(
        self, token: int, article: Article | None, focus: bool, search_entities: list[str] | None = None
    ) -> None:
        if token != self._detail_token or torn_down(self):
            return
        detail = self.detail
        if article is None:
            detail.clear("That article is no longer in the index (press ctrl+r to refresh).")
            return
        entity_id = self.entity.id if self.mode == "entity" and self.entity else None
        searching = self.mode == "search"
        detail.show(
            article,
            terms=self.terms if searching else None,
            phrases=self.phrases if searching else None,
            search_entities=search_entities if searching else None,
            entity_id=entity_id,
        )
        if focus:
            detail.focus()

    # ---- search and entities
    def on_query_changed(self, message: QueryChanged) -> None:
        query = message.query.strip()
        # Enter on the query already listed only moves the keyboard (a re-run would drop the rows past
        # the first FIRST_RESULTS); after a failure it tries again.
        retry = message.submitted and self._articles_failed
        if query != self.query_text or retry or self.mode != ("search" if query else "latest"):
            self.query_text = query
            was = self.mode
            self.mode = "search" if query else "latest"
            if not query:
                self.entity = None
                self.filters = []
                self.month = None
            self.request_articles()
            if self.mode != was and self.mode != "search":
                self.request_entities()  # back from facets to the whole index's entities
        if message.submitted:
            self.set_focus(self.articles)

    def on_entity_highlighted(self, message: EntityHighlighted) -> None:
        if message.entity is None or self.mode == "search":
            return  # a search's facets narrow it only when chosen
        self.entity = message.entity
        self.mode = "entity"
        self.request_articles()

    def on_entity_chosen(self, message: EntityChosen) -> None:
        if self.mode == "search" and not message.open_page:
            self.add_filter(message.entity)
        else:
            self.kbio.open_entity(message.entity.id)

    # ---- saved searches and the timeline (search_tools.py)
    def action_save_search(self) -> None:
        search_tools.save_current(self)

    def action_saved_searches(self) -> None:
        search_tools.open_saved_list(self)

    def action_toggle_timeline(self) -> None:
        search_tools.toggle_timeline(self)

    def on_timeline_chart_month_chosen(self, message: TimelineChart.MonthChosen) -> None:
        message.stop()
        search_tools.choose_month(self, message.period)

    # ---- actions
    def action_focus_search(self) -> None:
        if isinstance(self.focused, Input):
            raise SkipAction()  # a "/" typed into a box is just a character
        self.search_bar.focus_input()

    def action_focus_entities(self) -> None:
        self.set_focus(self.entities.options)

    def action_focus_articles(self) -> None:
        self.set_focus(self.articles)

    def action_focus_detail(self) -> None:
        self.set_focus(self.detail)

    def action_back_to_list(self) -> None:
        """Escape: out of the article or the search box, then out of a filter box, then one search
        filter less."""
        focused = self.focused
        where = focused.id if focused is not None else None
        in_entities = where in ("entity-filter", "entity-options")
        if focused is self.detail or where == "search-input":
            self.set_focus(self.articles)
        elif in_entities and self.entities.filter_text:
            self.entities.set_filter("")
            self.set_focus(self.entities.options)
        elif not self.remove_filter() and in_entities:
            self.set_focus(self.articles)

    def on_descendant_focus(self) -> None:
        """Narrow screens read an article in the lists' place, for as long as it has the keyboard."""
        self.set_class(self.focused is self.detail, "-reading")
