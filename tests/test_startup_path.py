"""Start-up (issue 18): what the browser's first article list costs, and the child that reads it.

The first list needs Whoosh's reading side and the list row only; ranking (numpy), query compilation and
the pydantic models are loaded after it is on screen (``reader.warm``).  ``tui/prefetch.py`` reads the
list in a forked child while the browser imports Textual.  Each check runs in a fresh interpreter, where
nothing has been imported yet.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HEAVY = ("numpy", "pydantic", "kbio_tui.index.fastrank", "kbio_tui.index.query", "kbio_tui.models")


def _run(code: str, env: dict[str, str] | None = None) -> str:
    import os

    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )
    return out.stdout.strip().splitlines()[-1]


def test_latest_list_path_imports_neither_numpy_nor_pydantic(tui_index: Path) -> None:
    code = (
        "import sys, json\n"
        "from kbio_tui.index import open_reader\n"
        f"rows = open_reader({str(tui_index)!r}).recent_articles(limit=200)\n"
        f"print(json.dumps([len(rows), sorted(m for m in {HEAVY!r} if m in sys.modules)]))\n"
    )
    n, heavy = json.loads(_run(code))
    assert n > 0
    assert heavy == [], f"opening the index and listing the latest articles imported {heavy}"


def test_the_browsers_open_step_imports_neither(tui_index: Path, tmp_path: Path) -> None:
    """What the app's opening worker does before the first list: open the index and read this
    user's previous session mark (the new-article markers need it); recording this session's mark
    reads every ingest stamp and waits until the list is on screen."""
    state = tmp_path / "state"
    code = (
        "import sys, json\n"
        "from pathlib import Path\n"
        "from kbio_tui.index import open_reader\n"
        "from kbio_tui.tui.session import previous_session\n"
        f"reader = open_reader({str(tui_index)!r})\n"
        f"since = previous_session(Path({str(tui_index)!r}))\n"
        "rows = reader.recent_articles(limit=200)\n"
        f"print(json.dumps([len(rows), sorted(m for m in {HEAVY!r} if m in sys.modules)]))\n"
    )
    n, heavy = json.loads(_run(code, {"XDG_STATE_HOME": str(state)}))
    assert n > 0
    assert heavy == [], f"the browser's open step imported {heavy}"


def test_a_session_mark_is_read_back_by_the_next_session(
    tui_index: Path, tmp_path: Path, monkeypatch
) -> None:
    from kbio_tui.index import open_reader
    from kbio_tui.tui.session import previous_session, record_session

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert previous_session(tui_index) is None  # a first session
    reader = open_reader(tui_index)
    try:
        record_session(tui_index, reader)
        mark = reader.ingest_mark()
    finally:
        reader.close()
    since = previous_session(tui_index)
    assert since is not None and int(since.timestamp() * 1_000_000) == mark


def test_warm_loads_what_searches_and_pages_need(tui_index: Path) -> None:
    """After ``warm`` (the app's background thread once the list is on screen) a first search or
    person page imports nothing more."""
    code = (
        "import sys, json\n"
        "from kbio_tui.index import open_reader\n"
        f"r = open_reader({str(tui_index)!r})\n"
        "r.recent_articles(limit=200)\n"
        "r.warm()\n"
        "before = set(sys.modules)\n"
        "r.search('biosimilar', limit=40)\n"
        "people = r.entities('person', limit=5)\n"
        "r.quotes_by(people[0].id)\n"
        "r.articles_mentioning(people[0].id)\n"
        f"print(json.dumps([sorted(m for m in {HEAVY!r} if m in before), "
        "sorted(m for m in set(sys.modules) - before if m.startswith('kbio_tui'))]))\n"
    )
    loaded, later = json.loads(_run(code))
    assert loaded == sorted(HEAVY)
    assert later == []


def test_summary_rows_dump_as_before(reader) -> None:
    """The row is a dataclass now; a search hit still dumps it as the CLI's JSON did (with the
    ingest time saved searches added)."""
    hit = reader.search("biosimilar", limit=1).hits[0]
    dumped = hit.model_dump(mode="json")["article"]
    assert set(dumped) == {"id", "title", "outlet", "author", "published", "source_file", "ingested"}
    assert dumped["id"] == hit.article.id
    assert dumped["published"] is None or dumped["published"].startswith(str(hit.article.published.year))


def _prefetched(index: Path, env: dict[str, str] | None = None) -> list | None:
    code = (
        "import json\n"
        "from pathlib import Path\n"
        "from kbio_tui.tui import prefetch\n"
        f"p = prefetch.start(Path({str(index)!r}))\n"
        "rows = p.rows() if p is not None else None\n"
        "print(json.dumps(None if rows is None else "
        "[[r.id, r.title, r.published and r.published.isoformat()] for r in rows]))\n"
    )
    return json.loads(_run(code, env))


def test_prefetch_child_reads_the_latest_rows(tui_index: Path, reader) -> None:
    rows = _prefetched(tui_index, {"KBIO_PREFETCH": "on"})  # whatever the machine's load
    expected = [
        [r.id, r.title, r.published and r.published.isoformat()] for r in reader.recent_articles(limit=200)
    ]
    assert rows == expected


def test_prefetch_off_or_unreadable_gives_no_rows(tmp_path: Path, tui_index: Path) -> None:
    assert _prefetched(tui_index, {"KBIO_PREFETCH": "off"}) is None
    (tmp_path / "kbio_meta.json").write_text("{}")  # not an index: the child fails, the browser opens it
    assert _prefetched(tmp_path, {"KBIO_PREFETCH": "on"}) is None


def test_prefetch_reads_as_many_rows_as_the_main_screen_lists() -> None:
    from kbio_tui.tui import prefetch
    from kbio_tui.tui.screens.main import ARTICLE_LIMIT

    assert prefetch.ROWS == ARTICLE_LIMIT


def test_prefetch_starts_only_with_a_spare_core(monkeypatch, tui_index: Path) -> None:
    from kbio_tui.tui import prefetch

    monkeypatch.delenv(prefetch.ENV, raising=False)
    monkeypatch.setattr(prefetch.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(prefetch.os, "getloadavg", lambda: (1.2, 1.0, 1.0))
    assert not prefetch.spare_core()
    assert prefetch.start(tui_index) is None  # both cores busy on average: no child
    monkeypatch.setattr(prefetch.os, "getloadavg", lambda: (0.4, 1.0, 1.0))
    assert prefetch.spare_core()
    monkeypatch.setattr(prefetch.os, "cpu_count", lambda: 1)
    assert not prefetch.spare_core()  # one core: the child could only compete
