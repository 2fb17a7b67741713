"""The search box, one line: the query on the left, the count (or a note) on the right.

A problem with the query (a syntax error, an index that cannot be read) needs the whole width to be
read: the bar then takes a second line for it (``-error``), and gives it back once the query works."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Input, Static

from kbio_tui.tui.messages import QueryChanged
from kbio_tui.tui.safe_text import one_line

DEBOUNCE_SECONDS = 0.15


class SearchBar(Horizontal):
    def __init__(self, *, cursor_blink: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self._cursor_blink = cursor_blink
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Input(
            placeholder='/ search: words "a phrase" manufactur* person: org: date: (? for help)',
            id="search-input",
        )
        yield Static("", id="search-message")

    def on_mount(self) -> None:
        self.query_one(Input).cursor_blink = self._cursor_blink

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    def focus_input(self) -> None:
        # Focus now, not on the next idle: "/bio" typed in one burst must land "bio" in the box.
        self.screen.set_focus(self.input)

    def set_message(self, message: str, *, error: bool = False) -> None:
        label = self.query_one("#search-message", Static)
        label.update(Text(one_line(message), style="bold" if error else "dim"))
        label.set_class(error, "-error")
        self.set_class(error, "-error")

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        value = event.value
        self._timer = self.set_timer(DEBOUNCE_SECONDS, lambda: self.post_message(QueryChanged(value)))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter runs the query at once and hands the keyboard to the results."""
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self.post_message(QueryChanged(event.value, submitted=True))
