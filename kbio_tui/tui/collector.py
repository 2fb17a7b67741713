"""Python's cyclic garbage collection on the browser's schedule instead of the allocator's.

A full collection walks every live object: Textual's DOM and style caches, Whoosh's readers and the
entity counts make that 60-120 ms at 10k articles, and it used to land in the middle of opening a page
or drawing search results.  After start-up, what exists is collected once and frozen (never walked
again), young generations keep being collected as usual, and full collections run only while the user
is idle.  Process-wide, so ``stop`` restores the interpreter's settings (tests run many apps in one
process).
"""

from __future__ import annotations

import gc
import time

NEVER = 1_000_000  # a gen-2 threshold that the young collections never reach
IDLE_AFTER = 1.0  # seconds without input before a full collection may run


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
        gc.collect()
        gc.freeze()
        self._saved = gc.get_threshold()
        gc.set_threshold(self._saved[0], self._saved[1], NEVER)

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
