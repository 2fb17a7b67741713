"""The reader keeps field lengths in memory for BM25: scores must equal Whoosh's own."""

from __future__ import annotations

from pathlib import Path

from _index_helpers import corpus
from whoosh import index as whoosh_index

from kbio_tui.index import IndexWriter, open_reader
from kbio_tui.index.query import compile_query


def test_scores_match_a_plain_whoosh_searcher(tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    with IndexWriter(ix) as w:
        for a in corpus():
            w.add(a)
        w.commit()
    r = open_reader(ix)
    plain = whoosh_index.open_dir(str(ix), indexname="MAIN").searcher()
    for q in ("manufacturing", "hanmi biosimilar", "CDMO OR biosimilar", 'person:"Cho Hyun-soo"'):
        ours = {h.article.id: h.score for h in r.search(q).hits}
        theirs = {h["a_id"]: h.score for h in plain.search(compile_query(q).query, limit=None)}
        assert ours and ours.keys() == theirs.keys(), q
        assert all(abs(ours[k] - theirs[k]) < 1e-9 for k in ours), q
