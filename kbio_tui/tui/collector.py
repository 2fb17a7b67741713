"""Python's cyclic garbage collection on the browser's schedule instead of the allocator's.

A full collection walks every live object: Textual's DOM and style caches, Whoosh's readers and the
entity counts make that 60-120 ms at 10k articles, and it used to land in the middle of opening a page
or drawing search results. After start-up, what exists is frozen (never walked again), young generations
keep being collected as usual, and full collections run only while the user is idle. Process-wide, so
``stop`` restores the interpreter's settings (tests run many apps in one process).

Start-up itself (importing Textual, composing and drawing the first screen) builds objects that live
for the whole session, and the collector kept walking them: about a hundred collections before the
first frame.  ``kbio-tui`` turns collection off before it imports Textual (``hold_for_start_up``);
``start`` freezes what start-up built and turns it back on, and the app turns it back on
after ``START_UP_HOLD`` seconds whatever happens (an index that cannot be opened never starts this).
"""

from __future__ import annotations

import gc
import time

NEVER = 1_000_000  # a gen-2 threshold that the young collections never reach
IDLE_AFTER = 1.0  # seconds without input before a full collection may run
START_UP_HOLD = 10.0  # seconds after which collection is back on even if start never ran


def hold_for_start_up() -> None:
    """No collection until the collector starts (or ``release_start_up``): call before importing
    Textual."""
    gc.disable()


def release_start_up() -> None:
    gc.enable()


class IdleCollector:
    def __init__(self) -> None:
        self._saved: tuple[int, int, int] | None = None
        self.last_input = time.monotonic()

    @property
    def active(self) -> bool:
        return self._saved is not None

    def start(self) -> None:
        if self._saved is not None:
            return
        # Frozen as they are, not collected first: a full collection here walked every object the
        # session had built (80-190 ms on the UI thread just after the first lists, when the user starts
        # typing) to free the few thousand start-up left unreachable, which stay frozen instead.
        gc.freeze()
        self._saved = gc.get_threshold()
        gc.set_threshold(self._saved[0], self._saved[1], NEVER)
        release_start_up()  # young generations are collected from now on

    def touched(self) -> None:
        self.last_input = time.monotonic()

    def collect_if_idle(self, busy: bool) -> bool:
        """A full collection, unless the user typed in the last second or work is under way."""
        if self._saved is None or busy or time.monotonic() - self.last_input < IDLE_AFTER:
            return False
        gc.collect()
        return True

    def stop(self) -> None:
        if self._saved is None:
            return
        gc.set_threshold(*self._saved)
        gc.unfreeze()
        self._saved = None
