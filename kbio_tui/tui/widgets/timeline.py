"""A compact per-month bar chart: one line of ▁▂▃▄▅▆▇█ per series, then the months it covers.

Drawn as text, one column per month, so it needs no colour (under ``NO_COLOR`` the bars, the ``·`` of
an empty month and the reversed cursor all still show) and fits 80 columns: when there are more
months than columns, the window follows the cursor.  With the keyboard on it, ← → move over the
months and Enter chooses one (``MonthChosen``): the screen narrows its list to that month.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, ClassVar, NamedTuple

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

if TYPE_CHECKING:
    from kbio_tui.index.api import Timeline

BLOCKS = "▁▂▃▄▅▆▇█"
EMPTY = "·"  # a month with none: still a column, so the months stay countable


class Month(NamedTuple):
    period: str  # "2026-03"
    counts: tuple[int, ...]  # one per series


def months_of(timeline: Timeline, series: tuple[str, ...]) -> list[Month]:
    """The timeline's buckets as chart columns; ``series`` names Timeline fields ("articles", "quotes")."""
    return [Month(b.period, tuple(int(getattr(b, name)) for name in series)) for b in timeline.buckets]


def bar(value: int, top: int) -> str:
    """One column: nothing is ``·``, anything at all at least ``▁``, the top ``█``."""
    if value <= 0 or top <= 0:
        return EMPTY
    return BLOCKS[max(1, min(len(BLOCKS), math.ceil(value * len(BLOCKS) / top))) - 1]


class TimelineChart(Widget, can_focus=True):
    """``labels`` name the series (``("Mentions", "Quotes")``); ``units`` say them in the cursor's
    line (``("art", "q")``)."""

    DEFAULT_CSS = """
    TimelineChart {
        height: auto;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "move(-1)", "Month", show=False),
        Binding("right", "move(1)", "Month", show=False),
        Binding("home", "move(-100000)", show=False),
        Binding("end", "move(100000)", show=False),
        Binding("enter", "choose", "Narrow to month"),
    ]

    cursor: reactive[int] = reactive(0)

    class MonthChosen(Message):
        def __init__(self, chart: TimelineChart, period: str) -> None:
            super().__init__()
            self.chart = chart
            self.period = period

        @property
        def control(self) -> TimelineChart:
            return self.chart

    def __init__(self, labels: tuple[str, ...], units: tuple[str, ...], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.labels = labels
        self.units = units
        self.months: list[Month] = []
        self.note = ""  # e.g. "+2 undated"
        self.message: str | None = "Counting…"  # shown instead of the chart (loading, a problem, none)
        self.chosen: str | None = None  # the month the screen's list is narrowed to

    def show(self, months: list[Month], *, note: str = "") -> None:
        self.months = months
        self.note = note
        self.message = None if months else "Nothing dated to chart."
        if self.chosen is not None and self.chosen in self.periods:
            self.cursor = self.periods.index(self.chosen)
        else:
            self.cursor = max(0, len(months) - 1)  # the latest month first
        self.refresh(layout=True)

    def clear(self, message: str) -> None:
        self.months = []
        self.message = message
        self.refresh(layout=True)

    def set_chosen(self, period: str | None) -> None:
        self.chosen = period
        self.refresh()

    @property
    def periods(self) -> list[str]:
        return [m.period for m in self.months]

    @property
    def tops(self) -> tuple[int, ...]:
        return tuple(max((m.counts[i] for m in self.months), default=0) for i in range(len(self.labels)))

    def watch_cursor(self) -> None:
        self.refresh()

    def action_move(self, step: int) -> None:
        if self.months:
            self.cursor = max(0, min(len(self.months) - 1, self.cursor + step))

    def action_choose(self) -> None:
        if self.months:
            self.post_message(self.MonthChosen(self, self.months[self.cursor].period))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        return 1 if self.message is not None else len(self.labels) + 1

    def _window(self, columns: int) -> range:
        """The months that fit in ``columns``, keeping the cursor in view (the latest by default)."""
        count = len(self.months)
        if count <= columns:
            return range(count)
        first = min(max(0, self.cursor - columns + 1), count - columns)
        first = max(first, 0)
        return range(first, first + columns)

    def render(self) -> Text:
        if self.message is not None:
            return Text(self.message, style="dim italic")
        width = max(10, self.content_size.width)
        label_width = max(len(label) for label in self.labels) + 1
        tops = self.tops
        tails = [f" max {top:,}" for top in tops]
        columns = max(1, width - label_width - max(len(t) for t in tails))
        shown = self._window(columns)
        out = Text()
        for series, label in enumerate(self.labels):
            out.append(f"{label:<{label_width}}", "bold" if self.has_focus else "")
            for i in shown:
                column = bar(self.months[i].counts[series], tops[series])
                if i == self.cursor and self.has_focus:
                    out.append(column, "reverse")
                elif self.months[i].period == self.chosen:
                    out.append(column, "bold underline")
                else:
                    out.append(column)
            out.append(tails[series] + "\n", "dim")
        first, last = self.months[shown[0]].period, self.months[shown[-1]].period
        out.append(f"{'':<{label_width}}{first}")
        if last != first:
            out.append(f"…{last}")
        at = self.months[self.cursor]
        counts = " · ".join(f"{n:,} {unit}" for n, unit in zip(at.counts, self.units, strict=True))
        out.append(
            f"  {'▸' if self.has_focus else ' '} {at.period}: {counts}", "bold" if self.has_focus else ""
        )
        if self.note:
            out.append(f"  {self.note}", "dim")
        return out
