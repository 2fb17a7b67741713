"""Command palette: this user's saved searches first (``Saved: cdmo weekly · 3 new``, what an analyst
opens most), then people and organisations (one hit each, opening their page), then the app's own
commands.  Textual's stock provider is left out (its Screenshot and Maximize are no use
here, and its entries came before any person); the few of its commands worth having are offered
here, after the people."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

from kbio_tui.tui.safe_text import one_line

if TYPE_CHECKING:
    from kbio_tui.index.api import EntitySummary
    from kbio_tui.tui.app import KbioApp
    from kbio_tui.tui.screens.saved import SavedRow

PALETTE_LIMIT = 2000
DISCOVERY_LIMIT = 20


def _describe(entity: EntitySummary) -> str:
    kind = "Person" if entity.type == "person" else "Organisation"
    extra = "; ".join([*entity.roles[:1], *entity.orgs[:1]])
    return f"{kind}{' · ' + one_line(extra) if extra else ''} · {entity.quote_count} quotes"


class EntityCommands(Provider):
    """Names are article data: the display is plain ``Content`` and the help is markup-escaped."""

    async def startup(self) -> None:
        app: KbioApp = self.app  # type: ignore[assignment]
        self._entities: list[EntitySummary] = []
        self._saved: list[SavedRow] = []
        if app.reader is None:
            return
        worker = app.run_worker(self._fetch, thread=True, group="palette")
        await worker.wait()
        self._saved, self._entities = worker.result or ([], [])

    def _fetch(self) -> tuple[list[SavedRow], list[EntitySummary]]:
        app: KbioApp = self.app  # type: ignore[assignment]
        from kbio_tui.models import EntityType
        from kbio_tui.tui.screens.saved import count_new

        assert app.reader is not None
        saved: list[SavedRow] = []
        if app.index_dir is not None:
            try:
                saved = count_new(app.reader, app.index_dir)
            except Exception:  # a damaged state file: the list (S) says what is wrong
                saved = []
        try:
            people = app.reader.entities(EntityType.PERSON, limit=PALETTE_LIMIT)
            orgs = app.reader.entities(EntityType.ORG, limit=PALETTE_LIMIT)
        except Exception:  # the palette still offers the built-in commands
            return saved, []
        return saved, people + orgs

    def _saved_hits(self) -> list[tuple[str, str, Callable[[], object]]]:
        """(``Saved: NAME · 3 new``, the query and filters, run it) for each saved search."""
        app: KbioApp = self.app  # type: ignore[assignment]
        hits: list[tuple[str, str, Callable[[], object]]] = []
        for row in self._saved:
            new = f" · {row.new_articles:,} new" if row.new_articles else ""
            title = f"Saved: {one_line(row.search.name)}{new}"
            hits.append((title, escape(row.described), partial(app.run_saved, row.search.name)))
        return hits

    def _open(self, entity_id: str) -> None:
        app: KbioApp = self.app  # type: ignore[assignment]
        app.open_entity(entity_id)

    def _display(self, name: str, offsets: tuple[int, ...] = ()) -> Content:
        content = Content(name)
        for offset in offsets:
            if not name[offset].isspace():
                content = content.stylize("reverse", offset, offset + 1)
        return content

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        app: KbioApp = self.app  # type: ignore[assignment]
        return [
            ("Saved searches", "Your saved searches and what is new in each (S)", app.action_saved_searches),
            (
                "Undo last correction",
                "Undo the last correction you made in this session (u)",
                app.action_undo_correction,
            ),
            (
                "Corrections",
                "Every recorded correction: who, when, what; Enter undoes one",
                app.action_corrections,
            ),
            ("Help", "Keys and query syntax", app.action_help),
            ("Refresh", "Look for newly ingested articles now", app.action_refresh),
            ("Keys", "Show the keys of the focused pane", app.action_show_help_panel),
            ("Theme", "Change the colour theme", app.action_change_theme),
            ("Quit", "Leave kbio-tui", app.exit),
        ]

    async def discover(self) -> Hits:
        for title, help_text, run in self._saved_hits():
            yield DiscoveryHit(Content(title), run, text=title, help=help_text)
        for entity in self._entities[:DISCOVERY_LIMIT]:
            name = one_line(entity.name)
            yield DiscoveryHit(
                self._display(name), partial(self._open, entity.id), text=name, help=escape(_describe(entity))
            )
        for title, help_text, run in self._commands():
            yield DiscoveryHit(title, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, run in self._saved_hits():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), run, text=title, help=help_text)
        for entity in self._entities:
            name = one_line(entity.name)
            candidates = [name, *(one_line(a) for a in entity.aliases)]
            if entity.acronym:
                candidates.append(one_line(entity.acronym))
            best = max((matcher.match(c), c) for c in candidates)
            if best[0] <= 0:
                continue
            _, offsets = matcher.fuzzy_search.match(matcher.query, name)
            yield Hit(
                best[0],
                self._display(name, tuple(offsets)),
                partial(self._open, entity.id),
                text=name,
                help=escape(_describe(entity)),
            )
        for title, help_text, run in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), run, text=title, help=help_text)
