"""The reader keeps field lengths in memory for BM25: scores must equal Whoosh's own."""

from __future__ import annotations

from pathlib import Path

from _index_helpers import corpus, make_article
from whoosh import index as whoosh_index

from kbio_tui.index import IndexWriter, open_reader, phrases
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


def _many(tmp_path: Path) -> Path:
    """60 briefs: every third has the phrase "cell therapy"; the rest have both words apart,
    and some repeat the words so that non-phrase articles score best on the words alone."""
    ix = tmp_path / "many"
    with IndexWriter(ix) as w:
        for i in range(60):
            if i % 3 == 0:
                body = f"Firm {i} said its cell therapy plant in Osong starts work in {2020 + i % 5}."
            else:
                body = " ".join(["The cell bank grew.", "A therapy board met."] * (1 + i % 4)) + f" Item {i}."
            w.add(make_article(f"Brief number {i}", [body], source=f"/corpus/many/{i}.txt"))
        w.commit()
    return ix


def test_phrase_hits_scores_and_count_match_whoosh(tmp_path: Path, monkeypatch) -> None:
    ix = _many(tmp_path)
    plain = whoosh_index.open_dir(str(ix), indexname="MAIN").searcher()
    expected = [(h["a_id"], h.score) for h in plain.search(compile_query('"cell therapy"').query, limit=None)]
    assert len(expected) == 20
    # few candidates at a time: the candidate set has to grow before 15 phrase hits are found
    monkeypatch.setattr(phrases, "FIRST_CANDIDATES", 4)
    res = open_reader(ix).search('"cell therapy"', limit=15)
    assert [h.article.id for h in res.hits] == [a for a, _ in expected[:15]]
    assert all(abs(h.score - sc) < 1e-9 for h, (_, sc) in zip(res.hits, expected, strict=False))
    assert res.total == 20 and not res.partial and res.message is None


def test_large_phrase_counts_are_estimated_and_said_so(tmp_path: Path, monkeypatch) -> None:
    ix = _many(tmp_path)
    monkeypatch.setattr(phrases, "FIRST_CANDIDATES", 50)  # of 60 articles with both words
    monkeypatch.setattr(phrases, "SAMPLE", 30)  # the phrase is checked on a sample of 30 of them
    res = open_reader(ix).search('"cell therapy"', limit=5)
    assert len(res.hits) == 5 and not res.partial
    assert 10 <= res.total <= 30  # the true count is 20
    assert res.estimated and res.message is None
    words = open_reader(ix).search("cell therapy", limit=5)
    assert words.total == 60
