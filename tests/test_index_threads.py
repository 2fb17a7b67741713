"""The browser calls one reader from several worker threads at once (search, article, entity page):
every answer must be the one a lone caller gets."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from _tui_helpers import build_index

from kbio_tui.index import open_reader


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_index(tmp_path_factory.mktemp("threads") / "index")


def test_concurrent_calls_answer_as_a_lone_caller(index_dir: Path) -> None:
    reader = open_reader(index_dir)
    people = reader.entities(limit=20)
    calls = [
        ("recent", lambda: [a.id for a in reader.recent_articles(50)]),
        ("search", lambda: [h.article.id for h in reader.search("bio*").hits]),
        ("phrase", lambda: [h.article.id for h in reader.search('"contract manufacturing"').hits]),
        ("articles", lambda: [reader.get_article(a.id).title for a in reader.recent_articles(50)]),
        ("quotes", lambda: [[q.text for q in reader.quotes_by(p.id)] for p in people]),
        ("entities", lambda: [(e.id, e.mention_count) for e in reader.entities(limit=50)]),
    ]
    expected = {name: fn() for name, fn in calls}
    with ThreadPoolExecutor(max_workers=6) as pool:
        futures = [(name, pool.submit(fn)) for _ in range(25) for name, fn in calls]
        for name, future in futures:
            assert future.result(timeout=60) == expected[name], name
    reader.close()
