"""List rows drawn straight from their styled segments, each line cut at the list's width.

The long lists (articles, a person's quotes) hold rows of one or two lines that never wrap: each line
is cut with an ellipsis at the list's width.  Handed a Rich ``Text``, ``OptionList`` converts it to
Textual's ``Content`` and lays it out like a paragraph (wrapping, then truncating, per render and again
to measure its height), which was most of the time a person's page took to draw.  ``Row`` splits the
text into its lines and styled segments once, when the row is built; measuring is counting lines, and
drawing is cutting each line's segments at the width over the list's style (the highlighted row's
background, say).  The text stays data: it is rendered as plain segments, never parsed as markup.
"""

from __future__ import annotations

import functools
import io
from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.segment import Segment
from textual.strip import Strip
from textual.visual import RenderOptions, Visual

if TYPE_CHECKING:
    from rich.style import Style as RichStyle
    from rich.text import Text
    from textual.css.styles import RulesMap
    from textual.style import Style

ELLIPSIS = "…"


@functools.cache
def _console() -> Console:
    """Only resolves the rows' named styles (``dim``, ``bold green``); never writes anything."""
    return Console(file=io.StringIO(), width=10_000, color_system="truecolor", force_terminal=True)


class Row(Visual):
    """A list row of fixed lines: ``Row(text)`` for a Rich ``Text`` whose lines are cut, not wrapped."""

    __slots__ = ("_lines", "_plain", "_widths")

    def __init__(self, text: Text) -> None:
        self._plain = text.plain
        console = _console()
        self._lines: list[list[tuple[str, RichStyle | None]]] = []
        self._widths: list[int] = []
        for line in text.split("\n", allow_blank=True):
            # Rich leaves the line's own style off a line without spans (its console applies it)
            whole = console.get_style(line.style) if line.style else None
            segments = [
                (s.text, s.style if s.style is not None else whole)
                for s in line.render(console)
                if s.text and not s.control
            ]
            self._lines.append(segments)
            self._widths.append(sum(cell_len(t) for t, _ in segments))

    def __str__(self) -> str:
        return self._plain

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max(self._widths, default=0)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self._lines)

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        base = style.rich_style
        strips: list[Strip] = []
        for segments, line_width in zip(self._lines, self._widths, strict=True):
            if height is not None and len(strips) >= height:
                break
            strips.append(_cut(segments, line_width, width, base))
        return strips


def _cut(segments: list[tuple[str, RichStyle | None]], line_width: int, width: int, base: RichStyle) -> Strip:
    """One line over ``base``, cut at ``width`` with an ellipsis in the style of the text it ends."""
    out: list[Segment] = []
    if line_width <= width:
        for text, own in segments:
            out.append(Segment(text, base + own if own is not None else base))
        return Strip(out, line_width)
    used = 0
    for text, own in segments:
        seg_style = base + own if own is not None else base
        n = cell_len(text)
        if used + n >= width:  # this segment reaches the edge: the ellipsis takes the last cell
            room = width - used - 1
            if room > 0:
                # one cell a character (the usual Latin text, curly quotes included): a plain slice
                cut = text[:room] if n == len(text) else set_cell_size(text, room)
                out.append(Segment(cut, seg_style))
            if width > 0:
                out.append(Segment(ELLIPSIS, seg_style))
            return Strip(out, max(0, width))
        out.append(Segment(text, seg_style))
        used += n
    return Strip(out, used)
