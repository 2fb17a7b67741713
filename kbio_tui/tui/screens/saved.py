"""Saved searches in the browser: the one-line prompt that names one (``s``) and the list (``S``).

The list says, for each, what arrived since this user last opened it (``saved.whats_new``: articles
ingested after their mark, and the quotes in them); Enter runs it in the main screen and marks it
seen, ``d`` removes it after a confirmation line.  All of it is this user's own state
(``kbio_tui.saved``), never the shared index.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, NamedTuple

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from kbio_tui.tui.errors import index_problem
from kbio_tui.tui.safe_text import one_line, safe

if TYPE_CHECKING:
    from pathlib import Path

    from kbio_tui.index.api import IndexReader
    from kbio_tui.saved import SavedSearch

NO_FOLDER = "Saved searches need an index folder."


class SaveSearchScreen(ModalScreen[str | None]):
    """Asks for a name; ``save(name)`` returns a one-line problem (the prompt stays, the name is
    kept to be corrected) or None once saved, and the prompt closes with the name."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, describe: str, save: Callable[[str], str | None]) -> None:
        super().__init__()
        self.describe = describe
        self.save = save

    def compose(self) -> ComposeResult:
        with Vertical(id="save-box"):
            line = Text("Save ")
            line.append_text(safe(self.describe, "bold"))
            line.append(" as (Enter saves, Escape cancels):")
            yield Static(line)
            yield Input(placeholder="a name, e.g. cdmo weekly", id="save-name")
            yield Static("", id="save-problem")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        name = event.value.strip()
        problem = self.save(name)
        if problem is None:
            self.dismiss(name)
        else:
            self.query_one("#save-problem", Static).update(Text(one_line(problem), style="bold"))

    def action_cancel(self) -> None:
        self.dismiss(None)


class SavedRow(NamedTuple):
    search: SavedSearch
    described: str  # the query and the filters' names
    new_articles: int | None  # None: could not be counted (the problem is in ``problem``)
    new_quotes: int
    problem: str | None = None


def describe(query: str, filters: list[str]) -> str:
    """``cdmo · Cho Hyun-soo``: the query, then each filter."""
    return " · ".join([one_line(query) or "(every article)", *(one_line(f) for f in filters)])


def count_new(reader: IndexReader, index_dir: Path) -> list[SavedRow]:
    """Each saved search with what arrived since this user last opened it (from a worker thread)."""
    from kbio_tui import saved

    rows = []
    for search in saved.load(index_dir).saved:
        names = []
        for eid in search.entities:
            entity = reader.entity(eid)
            names.append(entity.name if entity is not None else f"{eid} (gone)")
        try:
            new = reader.new_matches(search.query, search.last_seen, search.entities, limit=0)
        except Exception as exc:  # a query this index version no longer reads: say so on its row
            rows.append(SavedRow(search, describe(search.query, names), None, 0, index_problem(exc)))
            continue
        rows.append(SavedRow(search, describe(search.query, names), new.total, new.quotes))
    return rows


def new_label(row: SavedRow) -> str:
    if row.new_articles is None:
        return row.problem or "cannot count"
    if not row.new_articles:
        return "nothing new"
    articles = "1 new article" if row.new_articles == 1 else f"{row.new_articles:,} new articles"
    quotes = "1 quote" if row.new_quotes == 1 else f"{row.new_quotes:,} quotes"
    return f"{articles} · {quotes}"


def saved_row(row: SavedRow) -> Text:
    """``cdmo weekly  cdmo · Cho Hyun-soo  ·  2 new articles · 3 quotes`` (new counts in bold)."""
    text = safe(row.search.name, "bold")
    text.append("  ")
    text.append_text(safe(row.described, "dim"))
    text.append("  ·  ")
    text.append(new_label(row), "bold" if row.new_articles else "dim")
    return text


class SavedSearchesScreen(ModalScreen[str | None]):
    """Dismissed with the name of the search to run (None on Escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Back"),
        Binding("d", "remove", "Remove"),
        Binding("y", "confirm", "Yes", show=False),
        Binding("n", "unconfirm", "No", show=False),
    ]

    def __init__(self, index_dir: Path) -> None:
        super().__init__()
        self.index_dir = index_dir
        self.rows: list[SavedRow] = []
        self.removing: str | None = None  # the name a confirmation line is asking about

    def compose(self) -> ComposeResult:
        with Vertical(id="saved-box"):
            yield Static(Text("Saved searches (Enter runs one, d removes it)", "bold"))
            yield OptionList(id="saved-options")
            yield Static(Text("Counting what is new…", "dim italic"), id="saved-status")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.reload()

    def reload(self) -> None:
        self._count()

    @work(thread=True, exclusive=True, group="saved-list")
    def _count(self) -> None:
        reader = self.app.reader  # type: ignore[attr-defined]
        try:
            rows = count_new(reader, self.index_dir)
        except Exception as exc:  # a damaged state file, an unreadable index: one line
            self.app.call_from_thread(self._status, index_problem(exc), bold=True)
            return
        self.app.call_from_thread(self._show, rows)

    def _status(self, message: str, *, bold: bool = False) -> None:
        self.query_one("#saved-status", Static).update(Text(one_line(message), "bold" if bold else "dim"))

    def _show(self, rows: list[SavedRow]) -> None:
        self.rows = rows
        options = self.query_one(OptionList)
        options.set_options(
            [Option(saved_row(r), id=f"s{i}") for i, r in enumerate(rows)]
            or [Option(Text("No saved searches yet: s on a search saves it.", "dim italic"), disabled=True)]
        )
        if rows:
            options.highlighted = 0
        self._status("new: arrived since you last opened it", bold=False)

    @property
    def selected(self) -> SavedRow | None:
        index = self.query_one(OptionList).highlighted
        return self.rows[index] if index is not None and index < len(self.rows) else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        row = self.selected
        if row is not None and self.removing is None:
            self.dismiss(row.search.name)

    def action_remove(self) -> None:
        row = self.selected
        if row is None:
            return
        self.removing = row.search.name
        line = Text("Remove ")
        line.append_text(safe(row.search.name, "bold"))
        line.append("? y removes it, n keeps it")
        self.query_one("#saved-status", Static).update(line)

    def action_confirm(self) -> None:
        from kbio_tui import saved
        from kbio_tui.errors import StateError

        name, self.removing = self.removing, None
        if name is None:
            return
        try:
            saved.remove(self.index_dir, name)
        except StateError as exc:
            self._status(str(exc), bold=True)
            return
        self.rows = [r for r in self.rows if r.search.name != name]
        self._show(self.rows)
        self._status(f"Removed {one_line(name)}.")

    def action_unconfirm(self) -> None:
        if self.removing is not None:
            self.removing = None
            self._status("Kept.")

    def action_cancel(self) -> None:
        if self.removing is not None:
            self.action_unconfirm()
            return
        self.dismiss(None)
