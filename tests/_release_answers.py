"""What an index answers to a fixed set of questions, as JSON-ready data.

``tests/fixtures/release_index`` was written by the release before the Whoosh internals moved into
``kbio_tui/index/whoosh_private.py``, and ``release_index.answers.json`` holds what that release
answered with this same function; tests/test_whoosh_private.py checks the new code gives the same.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from kbio_tui.index import open_reader
from kbio_tui.index.api import ArticleSummary

QUERIES = [
    "celltrion",
    "biosimilar approval",
    '"cell therapy"',
    "manufactur*",
    "trial OR plant",
    "person:kim",
    "date:2025",
    "obesity NOT trial",
]


def answers(index_dir: Path) -> dict[str, Any]:
    summaries = TypeAdapter(ArticleSummary)  # a list row is a dataclass, dumped as its model was
    r = open_reader(index_dir)
    try:
        out: dict[str, Any] = {
            "stats": r.stats().model_dump(mode="json"),
            # the fields the previous release had (it kept no ingest time: tests/test_index_saved.py
            # checks that its articles have none)
            "recent": [
                summaries.dump_python(a, mode="json", exclude={"ingested"})
                for a in r.recent_articles(limit=50)
            ],
        }
        for q in QUERIES:
            res = r.search(q, limit=50)
            out["search " + q] = [[h.article.id, round(h.score, 9)] for h in res.hits] + [res.total]
        people = r.entities("person")
        out["people"] = [e.model_dump(mode="json") for e in people][:40]
        for e in people[:10]:
            # the fields the previous release had (it stored no URL with an article's list data)
            out["quotes " + e.id] = [q.model_dump(mode="json", exclude={"url"}) for q in r.quotes_by(e.id)]
    finally:
        r.close()
    return json.loads(json.dumps(out, default=str))


if __name__ == "__main__":
    import sys

    print(json.dumps(answers(Path(sys.argv[1])), indent=1, sort_keys=True))
