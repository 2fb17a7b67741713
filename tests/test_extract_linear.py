"""Hostile pages cost time in proportion to their size: quote-mark pairing and sentence splitting
once rescanned the text for every mark or boundary (a 1 MB quote storm took minutes, a page of very
long words hung). Measured as growth: four times the text must not take sixteen times as long."""

from __future__ import annotations

import time
from collections.abc import Callable

from kbio_tui.extract.marks import find_spans
from kbio_tui.extract.sentences import split_block


def _seconds(fn: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(5):  # the best of five: scheduling noise only ever adds time
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def _grows_linearly(make: Callable[[int], str], work: Callable[[str], object], n: int) -> None:
    small, large = make(n), make(4 * n)
    ratio = _seconds(lambda: work(large)) / max(_seconds(lambda: work(small)), 1e-6)
    assert ratio < 8, f"4x the text took {ratio:.1f}x as long (quadratic would be about 16x)"


def test_a_storm_of_quote_marks_is_paired_in_linear_time() -> None:
    _grows_linearly(lambda n: "\"a\" 'b' \u201cc\u201d \u2018d\u2019 " * n, find_spans, 2_000)


def test_a_page_of_very_long_words_is_split_in_linear_time() -> None:
    _grows_linearly(lambda n: " ".join("X" + "x" * 60 + "." for _ in range(n)), split_block, 40)
