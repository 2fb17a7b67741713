"""The footer: the keys that matter now, drawn as one line of text.

Textual's ``Footer`` recomposes a widget per key on every focus change: at 10k articles that was a third
of the time between Enter on a person and their page on screen, and a share of every search.  This bar
re-renders one ``Text`` instead, from the same ``active_bindings``, and a click on a key presses it as
the footer's keys do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, NamedTuple

from rich.text import Text
from textual import events
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.screen import Screen


class _Key(NamedTuple):
    key: str  # what a click simulates
    display: str
    description: str
    enabled: bool


class KeyBar(Widget):
    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-bar--key", "key-bar--description", "key-bar--disabled"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        background: $footer-background;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-bar--description {
            color: $footer-description-foreground;
        }
        .key-bar--disabled {
            text-style: dim;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._keys: list[_Key] = []
        self._spans: list[tuple[int, int, str]] = []  # x from, x to, key: for clicks

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        if screen is not self.screen:
            return
        keys: list[_Key] = []
        seen: set[str] = set()
        palette = self.app.COMMAND_PALETTE_BINDING if self.app.ENABLE_COMMAND_PALETTE else None
        last: _Key | None = None
        for _node, binding, enabled, _tooltip in screen.active_bindings.values():
            if binding.key == palette:
                last = _Key(binding.key, self.app.get_key_display(binding), binding.description, enabled)
                continue
            if not binding.show or binding.action in seen:
                continue  # one entry per action, as Footer shows it
            seen.add(binding.action)
            keys.append(_Key(binding.key, self.app.get_key_display(binding), binding.description, enabled))
        if last is not None:
            keys.append(last)
        if keys != self._keys:
            self._keys = keys
            self.refresh()

    def render(self) -> Text:
        """Every key with its description; on a narrow terminal the descriptions go, last key
        first, until the line fits (the keys themselves always show)."""
        width = self.size.width or 10_000
        shown = len(self._keys)
        while True:
            text = self._line(described=shown)
            if text.cell_len <= width or shown == 0:
                return text
            shown -= 1

    def _line(self, *, described: int) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        disabled_style = self.get_component_rich_style("key-bar--disabled")
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        self._spans = []
        for index, key in enumerate(self._keys):
            start, first_char = text.cell_len, len(text.plain)
            text.append(f" {key.display} ", key_style)
            if key.description and index < described:
                text.append(f"{key.description} ", description_style)
            if not key.enabled:
                text.stylize(disabled_style, first_char, len(text.plain))
            self._spans.append((start, text.cell_len, key.key))
        return text

    def on_mouse_down(self, event: events.MouseDown) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
