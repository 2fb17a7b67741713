"""Any query a user can type gets results or a one-line message, quickly and in bounded memory.

Property-based: 10,000 generated queries in all (half over an index with articles, half over an index
with nothing committed), built from the query language's own pieces (fields, operators, every kind of
quote mark, parentheses, prefixes, negation) mixed with arbitrary Unicode. A stray closing curly quote
once made the lexer loop forever and 250 nested parentheses overflowed the parser's stack.
"""

from __future__ import annotations

import resource
import signal
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kbio_tui.errors import QuerySyntaxError
from kbio_tui.index import IndexWriter, open_reader

EXAMPLES_PER_INDEX = 5_000
TIME_LIMIT_S = 1.0
MEMORY_GROWTH_MB = 200

_PIECES = [
    "samsung", "celltrion", "biosimilar", "approval", "kim", "Kim Jin-gu", "manufactur*", "bio*", "ab*",
    "AND", "OR", "NOT", "&&", "||", "-", "(", ")", "((", "))", '"', "\u201c", "\u201d", "\u201e", "\u00ab",
    "\u00bb", "'", "*", ":", "person:", "org:", "outlet:", "title:", "date:", "date:2025", "date:2025-12",
    "date:2025-12..2026-02", "date:..2026", "date:99999999999", "date:2025-13-45", "unknown:", "\x1b[2J",
    "\u202e", "\x9b", "\u200b", "\t", "\n", "   ",
]  # fmt: skip
QUERIES = st.one_of(
    st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=6)), min_size=1, max_size=14).map(
        lambda parts: " ".join(parts) if len(parts) % 2 else "".join(parts)
    ),
    st.text(max_size=60),
    st.integers(min_value=1, max_value=400).map(lambda n: "(" * n + "a" + ")" * (n // 2)),
    st.integers(min_value=1, max_value=300).map(lambda n: "NOT " * n + "celltrion"),
)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _hung(signum: int, frame: object) -> None:
    raise TimeoutError("the query did not return")


def _check(reader, query: str) -> None:
    """Search (and snippets, as the browser asks): a result or a one-line message within the bound.

    An alarm interrupts a query that never returns, so a hang fails this test instead of stalling CI.
    """
    started = time.perf_counter()
    old = signal.signal(signal.SIGALRM, _hung)
    signal.setitimer(signal.ITIMER_REAL, 5 * TIME_LIMIT_S)
    try:
        result = reader.search(query, limit=40)
        ids = [h.article.id for h in result.hits[:10]]
        if ids:
            reader.snippets(query, ids)
    except QuerySyntaxError as exc:
        assert str(exc) and "\n" not in str(exc), f"{query!r}: the message must be one line"
    except TimeoutError:
        raise AssertionError(f"{query!r} never returned") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    elapsed = time.perf_counter() - started
    assert elapsed < TIME_LIMIT_S, f"{query!r} took {elapsed:.2f} s"


@pytest.fixture(scope="module")
def empty_index(tmp_path_factory) -> Path:
    """An index that exists but holds nothing (as after ingesting only an empty file)."""
    ix = tmp_path_factory.mktemp("empty") / "ix"
    with IndexWriter(ix) as writer:
        writer.commit()
    return ix


def _generated(n: int) -> list[str]:
    """``n`` queries from the strategy, generated before any is run: hypothesis keeps every example it
    has tried in memory, which must not be counted against the reader."""
    found: list[str] = []

    @settings(
        max_examples=n,
        deadline=None,
        derandomize=True,  # the same queries on every run: CI never fails by luck
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(QUERIES)
    def collect(query: str) -> None:
        found.append(query)

    collect()
    return found


@pytest.fixture(scope="module")
def queries() -> list[str]:
    return _generated(EXAMPLES_PER_INDEX)


@pytest.mark.parametrize("which", ["with articles", "empty"])
def test_every_query_answers_or_explains_itself(
    which: str, tui_index: Path, empty_index: Path, queries: list[str]
) -> None:
    assert len(set(queries)) > EXAMPLES_PER_INDEX // 2  # varied, not one query many times
    reader = open_reader(tui_index if which == "with articles" else empty_index)
    try:
        reader.search("warm up")  # opening the index (numpy, column caches) is not a query's cost
        before = _peak_mb()
        for query in queries:
            _check(reader, query)
        growth = _peak_mb() - before
    finally:
        reader.close()
    assert growth < MEMORY_GROWTH_MB, f"peak memory grew {growth:.0f} MB over {len(queries)} queries"


def test_the_queries_that_once_hung_or_crashed(tui_index: Path, empty_index: Path) -> None:
    for ix in (tui_index, empty_index):
        reader = open_reader(ix)
        try:
            reader.search("warm up")
            for query in ("\u201d", "bio \u201d", "(" * 250 + "a", "NOT " * 200 + "a", "\u201dbio\u201d"):
                _check(reader, query)
        finally:
            reader.close()
    full, empty = open_reader(tui_index), open_reader(empty_index)
    try:
        # the stray mark is ignored, not a reason to find nothing
        assert full.search("songdo \u201d").total == full.search("songdo").total > 0
        nothing = empty.search("celltrion")
        assert nothing.total == 0 and not nothing.hits
        with pytest.raises(QuerySyntaxError, match="nests too deeply"):
            full.search("(" * 250 + "a")
    finally:
        full.close()
        empty.close()
