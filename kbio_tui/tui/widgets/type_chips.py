"""The entity types as one line of labels, the current one reversed.

Textual's ``Tabs`` drew this line from seven widgets (a container, a tab per type and an underline),
each styled twice and drawn on the browser's first frame; this is one widget and one ``Text``.
Left / right on the entity list and a click on a label choose a type (``EntityPane`` decides what
that does); the labels are not focusable, as the tabs were not.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.style import Style
from rich.text import Text
from textual import events
from textual.widget import Widget

_ACTIVE = Style(bold=True, reverse=True)  # visible without colour (NO_COLOR keeps reverse)
_OTHER = Style(dim=True)  # as Textual's inactive tabs (half the foreground)


class TypeChips(Widget):
    DEFAULT_CSS = """
    TypeChips {
        height: 1;
    }
    """

    def __init__(
        self,
        types: Sequence[tuple[str, str]],
        active: str,
        *,
        on_choose: Callable[[str], None],
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.types = list(types)  # (type, label) in order
        self.active = active
        self._on_choose = on_choose
        self._spans: list[tuple[int, int, str]] = []  # cells of each label, for clicks

    def set_active(self, etype: str) -> None:
        if etype != self.active:
            self.active = etype
            self.refresh()

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        self._spans = []
        for etype, label in self.types:
            start = text.cell_len
            text.append(f" {label} ", _ACTIVE if etype == self.active else _OTHER)
            self._spans.append((start, text.cell_len, etype))
        return text

    def on_click(self, event: events.Click) -> None:
        for start, end, etype in self._spans:
            if start <= event.x < end:
                event.stop()
                self._on_choose(etype)
                return
