"""Entities pane: a type switcher (``TypeChips``), a filter box and an ``OptionList`` of entities with counts.

Without a search it lists every entity of the type; with one it lists the facets of the matching
articles (who and what they are about, with how many mention each and how often each is quoted
there), and Enter narrows the search to the entity instead of opening its page (ctrl+o does that)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from kbio_tui.tui.formatting import ENTITY_TABS, entity_row, facet_row
from kbio_tui.tui.messages import EntityChosen, EntityHighlighted
from kbio_tui.tui.widgets.type_chips import TypeChips

if TYPE_CHECKING:
    from kbio_tui.index.api import EntitySummary, Facet

# Keys that keep their global meaning while the list has focus; other letters start filtering.
_RESERVED = {"q", "question_mark", "slash"}
FILTER_DEBOUNCE = 0.15  # seconds, as the search bar


class EntityOptions(OptionList):
    """Type-to-filter: printable keys go to the filter box; left/right switch the entity type."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "switch(-1)", "Prev type", show=False),
        Binding("right", "switch(1)", "Next type", show=False),
    ]

    def on_key(self, event: events.Key) -> None:
        pane = self.parent
        if not isinstance(pane, EntityPane):
            return
        if event.key == "backspace" and pane.filter_text:
            event.stop()
            event.prevent_default()
            pane.set_filter(pane.filter_text[:-1])
        elif event.is_printable and event.character and event.key not in _RESERVED:
            event.stop()
            event.prevent_default()
            pane.set_filter(pane.filter_text + event.character)

    def action_switch(self, delta: int) -> None:
        pane = self.parent
        if isinstance(pane, EntityPane):
            pane.switch_type(delta)


class EntityPane(Vertical):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "focus_list", "List", show=False),
        Binding("ctrl+o", "open_page", "Open page"),
    ]

    def __init__(self, *, cursor_blink: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self._cursor_blink = cursor_blink
        self.entities: list[EntitySummary] = []
        self.entity_type: str = "person"
        self.facets: list[Facet] | None = None  # set while the pane shows a search's facets
        self._filter_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield TypeChips(ENTITY_TABS, self.entity_type, on_choose=self.choose_type, id="entity-tabs")
        yield Input(placeholder="type to filter", id="entity-filter")
        yield EntityOptions(id="entity-options")

    def on_mount(self) -> None:
        self.query_one("#entity-filter", Input).cursor_blink = self._cursor_blink

    @property
    def options(self) -> EntityOptions:
        return self.query_one(EntityOptions)

    @property
    def filter_text(self) -> str:
        return self.query_one("#entity-filter", Input).value

    def set_filter(self, value: str) -> None:
        box = self.query_one("#entity-filter", Input)
        box.value = value
        box.set_class(bool(value), "-shown")  # the box takes a row only while it holds something

    def switch_type(self, delta: int) -> None:
        types = [etype for etype, _ in ENTITY_TABS]
        self.choose_type(types[(types.index(self.entity_type) + delta) % len(types)])

    def choose_type(self, etype: str) -> None:
        """List another type of entity (left / right on the list, or a click on its label)."""
        if etype != self.entity_type:
            self.entity_type = etype
            self.query_one(TypeChips).set_active(etype)
            self.post_message(self.Reload())

    def on_input_changed(self, event: Input.Changed) -> None:
        # Debounced like the search bar: a filter reads entity cards (tens to hundreds of ms at 10k
        # articles) and the reader answers one call at a time, so "kim" typed fast asked for "k",
        # "ki" and "kim" in turn before showing the one that mattered.
        event.stop()
        event.input.set_class(bool(event.value), "-shown")
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._filter_timer = self.set_timer(FILTER_DEBOUNCE, lambda: self.post_message(self.Reload()))

    def action_focus_list(self) -> None:
        self.screen.set_focus(self.options)

    def action_open_page(self) -> None:
        entity = self.current
        if entity is not None:
            self.post_message(EntityChosen(entity, open_page=True))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.options.focus()

    class Reload(Message):
        """Type or filter changed: the screen fetches a new list in a worker."""

    def show(self, entities: list[EntitySummary]) -> None:
        self.facets = None
        self.entities = list(entities)
        self._fill([Option(entity_row(e), id=e.id) for e in entities], "No matches.")

    def show_facets(self, facets: list[Facet], *, empty: str) -> None:
        """A search's facets of this pane's type, narrowed by the filter box (case-blind, on the
        name, its aliases and acronym)."""
        wanted = self.filter_text.strip().casefold()

        def keep(facet: Facet) -> bool:
            e = facet.entity
            names = [e.name, *e.aliases, e.acronym or ""]
            return not wanted or any(wanted in n.casefold() for n in names)

        self.facets = [f for f in facets if keep(f)]
        self.entities = [f.entity for f in self.facets]
        self._fill([Option(facet_row(f), id=f.entity.id) for f in self.facets], empty)

    def _fill(self, rows: list[Option], empty: str) -> None:
        options = self.options
        previous = self.current.id if self.current is not None else None
        if rows:
            options.set_options(rows)
            ids = [e.id for e in self.entities]
            options.highlighted = ids.index(previous) if previous in ids else 0
        else:
            options.set_options([Option(Text(empty, style="dim italic"), disabled=True)])

    @property
    def current(self) -> EntitySummary | None:
        index = self.options.highlighted
        if index is None or index >= len(self.entities):
            return None
        return self.entities[index]

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if self.options.has_focus:
            self.post_message(EntityHighlighted(self.current))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        entity = self.current
        if entity is not None:
            self.post_message(EntityChosen(entity))
