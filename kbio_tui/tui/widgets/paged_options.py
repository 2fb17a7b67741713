"""An ``OptionList`` that draws its first page at once and builds the rest of its rows in the background.

``OptionList`` measures (wraps) every option before the first frame and re-measures every option when one
prompt changes; with hundreds of result rows that is most of the time between a keystroke and the drawn
results.  Here only the first page is built before the frame, later rows are appended in small chunks on a
timer (or at once when the cursor needs them), and a prompt swap re-measures just the swapped rows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from textual.timer import Timer
from textual.visual import VisualType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from kbio_tui.tui.lifecycle import torn_down
from kbio_tui.tui.textual_private import replace_prompts

PAGE = 20
MIN_FIRST = 4
FILL_INTERVAL = 0.05


class PagedOptionList(OptionList):
    def __init__(self, *, id: str | None = None, row_lines: int = 1) -> None:
        """``row_lines``: the fewest lines any row's prompt takes (dividers not counted); it sets
        how many rows must be built to fill the first frame."""
        super().__init__(id=id)
        # The rows hold no links: otherwise drawing each row works out a link style first (a walk up
        # the DOM for the background colours), a tenth of drawing a person's quotes.
        self.auto_links = False
        self._row_lines = max(1, row_lines)
        self._dividers = True
        self._row_count = 0
        self._make_row: Callable[[int], Option] | None = None
        self._fill_timer: Timer | None = None
        self._more = False

    @property
    def row_count(self) -> int:
        """Rows the list will hold once filled (``option_count`` counts the ones built so far)."""
        return self._row_count

    def set_rows(
        self, count: int, make_row: Callable[[int], Option], *, dividers: bool = True, more: bool = False
    ) -> None:
        """Show ``count`` rows built by ``make_row(i)``: the first page now, the rest just after the frame.

        ``more``: rows will be appended (``extend_rows``), so the last row gets its divider now."""
        self._stop_fill()
        self._row_count = count
        self._dividers = dividers
        self._more = more
        self._make_row = make_row
        first = min(count, self._first_page())
        self.set_options(self._build(0, first))
        if count > first:
            self._fill_timer = self.set_interval(FILL_INTERVAL, self._fill_chunk)

    def extend_rows(self, count: int, make_row: Callable[[int], Option], *, more: bool = False) -> None:
        """The list now has ``count`` rows (the first ones unchanged); cursor and scroll stay put."""
        if count < self._row_count:
            raise ValueError("extend_rows cannot drop rows; use set_rows")
        self._row_count = count
        self._more = more
        self._make_row = make_row
        if self.option_count < count and self._fill_timer is None:
            self._fill_timer = self.set_interval(FILL_INTERVAL, self._fill_chunk)

    def ensure_rows(self, upto: int | None = None) -> None:
        """Build the rows up to index ``upto`` (all rows if None) now, e.g. before moving the cursor there."""
        start = self.option_count
        stop = self._row_count if upto is None else min(self._row_count, upto + 1)
        if stop > start:
            self.add_options(self._build(start, stop))
        if self.option_count >= self._row_count:
            self._stop_fill()

    def set_prompts(self, prompts: Mapping[int, VisualType]) -> None:
        """Swap row prompts, re-measuring only those rows (``replace_option_prompt`` re-measures all).

        Rows not built yet are skipped: they are built from the current data when they are."""
        replace_prompts(self, {i: p for i, p in prompts.items() if i < self.option_count})

    def action_last(self) -> None:
        self.ensure_rows()
        super().action_last()

    def action_page_down(self) -> None:
        self.ensure_rows((self.highlighted or 0) + PAGE)
        super().action_page_down()

    def action_cursor_down(self) -> None:
        if self.highlighted is not None and self.highlighted + 1 >= self.option_count:
            self.ensure_rows(self.highlighted + PAGE)
        super().action_cursor_down()

    def _first_page(self) -> int:
        """Rows to build before the frame: as many as could show (every row is at least
        ``row_lines`` high, plus its divider), not a fixed page; each one built is wrapped and
        measured before the frame."""
        height = self.scrollable_content_region.height
        per_row = self._row_lines + (1 if self._dividers else 0)
        return max(MIN_FIRST, -(-height // per_row) + 1) if height else PAGE

    def _build(self, start: int, stop: int) -> list[Option | None]:
        """Rows ``start`` to ``stop``; ``None`` after a row is its divider (public ``OptionList`` API)."""
        assert self._make_row is not None
        out: list[Option | None] = []
        for index in range(start, stop):
            out.append(self._make_row(index))
            if self._dividers and (self._more or index < self._row_count - 1):
                out.append(None)
        return out

    def _fill_chunk(self) -> None:
        stack = self.app.screen_stack  # empty while the app shuts down (``app.screen`` raises then)
        if torn_down(self) or not stack or stack[-1] is not self.screen:
            # Under another screen (main under a person page, a pooled page after Escape) nobody sees
            # these rows, and building them would take the main thread from the screen on top.  Not
            # ``Screen.is_current``: that holds for the screen just below the top one as well.
            return
        self.ensure_rows(self.option_count + PAGE - 1)

    def stop_filling(self) -> None:
        """Build no more rows in the background (the row source is about to change)."""
        self._stop_fill()

    def _stop_fill(self) -> None:
        if self._fill_timer is not None:
            self._fill_timer.stop()
            self._fill_timer = None
