"""fastrank must rank exactly as Whoosh does: same matches, same scores, same order (up to float
rounding in sums), on a real multi-segment index with deleted documents."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from whoosh import collectors

from kbio_tui.extract import extract
from kbio_tui.index import IndexWriter, fastrank, open_reader
from kbio_tui.index.query import compile_query
from kbio_tui.ingest import iter_input_files, load_file

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def reader(tmp_path_factory):
    ix = tmp_path_factory.mktemp("fast") / "ix"
    articles = [
        r.article
        for d in ("extract", "heldout", "heldout2", "heldout3", "corpus")
        for p in iter_input_files([FIXTURES / d])
        for r in load_file(p)
        if r.article is not None
    ]
    assert len(articles) > 40
    with IndexWriter(ix) as w:
        for i, a in enumerate(articles, 1):
            w.add(extract(a))
            if i % 9 == 0:  # many small commits: many segments
                w.commit()
        w.commit()
    with IndexWriter(ix) as w:  # updated input: the old documents are deleted, not rewritten
        for a in articles[:5]:
            changed = a.model_copy(update={"paragraphs": [*a.paragraphs, "A correction was appended."]})
            w.add(extract(changed.model_copy(update={"source_hash": "changed-" + a.source_hash})))
        w.commit()
    r = open_reader(ix)
    s = r._s()
    leaves = s.leaf_searchers()
    assert len(leaves) > 2 and any(leaf.reader().has_deletions() for leaf, _ in leaves)
    yield r
    r.close()


QUERIES = [
    "said",
    "biosimilar",
    "the",
    "correction",
    "cell therapy",
    "biosimilar OR vaccine",
    "(cell OR gene) therapy",
    "said NOT biosimilar",
    "said -the",
    "manufactur*",
    "bio*",
    "person:kim",
    "person:lee said",
    "org:MFDS",
    "outlet:yonhap",
    "date:2025",
    "date:2024..2025-06",
    "said date:2025-12..2026-02",
    "NOT said",
    "zzzznotaword",
    "biosimilar zzzznotaword",
]


def whoosh_top(s, q, k):
    top = collectors.TopCollector(limit=k, usequality=False, replace=0)
    s.search_with_collector(q, top)
    return [(h.score or 0.0, h.docnum) for h in top.results()], top.total


@pytest.mark.parametrize("text", QUERIES)
def test_fast_ranking_matches_whoosh(reader, text):
    q = compile_query(text, reader._expander).query
    s = reader._s()
    assert fastrank.supported(q), f"{text} ({q!r}) should take the fast path"
    for k in (3, 200):
        expected, total = whoosh_top(s, q, k)
        got, got_total, timed_out = fastrank.rank(s, q, k, time.perf_counter() + 30)
        assert not timed_out
        assert got_total == total
        assert len(got) == len(expected)
        for (gs, gd), (es, ed) in zip(got, expected, strict=True):
            assert gs == pytest.approx(es, rel=1e-12, abs=1e-12)
            if gd != ed:  # only a tie (equal up to rounding) may swap two documents
                assert dict((d, sc) for sc, d in expected).get(gd) == pytest.approx(es, rel=1e-12)


def test_search_results_are_the_same_either_way(reader, monkeypatch):
    fast = {t: [h.article.id for h in reader.search(t).hits] for t in ("said", "cell therapy", "person:kim")}
    monkeypatch.setattr(fastrank, "supported", lambda q: False)
    slow = {t: [h.article.id for h in reader.search(t).hits] for t in fast}
    for t in fast:
        assert set(fast[t]) == set(slow[t]) and len(fast[t]) == len(slow[t])
        assert fast[t][:3] == slow[t][:3] or len(fast[t]) < 3


def test_phrases_and_unknown_shapes_are_left_to_whoosh():
    from whoosh import query as wq

    assert not fastrank.supported(wq.Phrase("content", ["cell", "therapy"]))
    assert not fastrank.supported(wq.Or([wq.Term("content", "a"), wq.Not(wq.Term("content", "b"))]))
    assert not fastrank.supported(wq.Prefix("content", "bio"))
    assert fastrank.supported(wq.And([wq.Term("content", "a"), wq.Not(wq.Term("content", "b"))]))


@pytest.mark.parametrize("prefix", ["s", "bio", "manufactur", "zzzq"])
def test_prefix_expansion_sums_every_segment(reader, prefix):
    """The expander walks each segment's lexicon and sums document frequencies: the words it keeps
    and the number it reports equal a walk of Whoosh's merged lexicon."""
    merged = sorted(
        (
            (info.doc_frequency(), t.decode("utf-8"))
            for t, info in reader._s().reader().iter_prefix("content", prefix)
        ),
        key=lambda x: (-x[0], x[1]),
    )
    kept, total = reader._expander("content", prefix)
    assert total == len(merged)
    assert kept == [t for _, t in merged[: len(kept)]]
    assert bool(kept) == bool(merged)
    if prefix == "s":
        assert len(kept) > 5 and len({df for df, _ in merged[: len(kept)]}) > 2


@pytest.mark.parametrize(
    ("needle", "etype"),
    [("kim", "person"), ("ki", None), ("bio", "org"), ("korea", None), ("Park ", "person"), ("-", None)],
)
def test_entity_filter_equals_a_scan_of_every_card(reader, needle, etype):
    """Type-to-filter finds its candidates through name-token postings, per segment, minus
    deleted cards: the same entities, in the same order, as checking every live card."""
    from kbio_tui.models import EntityType

    typ = EntityType(etype) if etype else None
    every = reader.entities(typ, limit=1_000_000)
    want = needle.casefold().strip()
    expected = [e.id for e in every if want in " ".join([e.name, *e.aliases, e.acronym or ""]).casefold()]
    if needle != "-":
        assert expected  # the fixture has such names
    for _ in range(2):  # the second time from the per-snapshot caches
        assert [e.id for e in reader.entities(typ, contains=needle, limit=1_000_000)] == expected


@pytest.mark.parametrize("text", ["outlet:yonhap", "date:2025", "NOT zzzznotaword", "org:mohw", "person:kim"])
def test_the_best_k_cut_keeps_every_tie_in_docnum_order(reader, text):
    """Many documents share a score here: the best k must be the first k of the whole ranking
    (score, then lower docnum), so a short first page is always the top of the long list."""
    q = compile_query(text, reader._expander).query
    s = reader._s()
    whole, total, _ = fastrank.rank(s, q, 10_000, time.perf_counter() + 30)
    assert total == len(whole) > 5
    assert whole == sorted(whole, key=lambda sd: (-sd[0], sd[1]))
    scores = [sc for sc, _ in whole]
    assert len(set(scores)) < len(scores), "the query must have ties to test them"
    for k in (1, 2, 3, 5):
        best, _, _ = fastrank.rank(s, q, k, time.perf_counter() + 30)
        assert best == whole[:k]


def test_article_fields_are_exactly_the_indexed_fields_of_an_article_document() -> None:
    """Ranking filters only deleted article documents out of these fields' postings: a field an
    article document gains, or one another kind of document shares, must change this set."""
    from _index_helpers import corpus

    from kbio_tui.index.docs import article_document, blob_document, entity_document, source_document
    from kbio_tui.index.schema import ARTICLE_FIELDS, build_schema

    art = corpus()[0]
    stored_only = {name for name, f in build_schema().items() if not f.indexed}
    assert set(article_document(art)) - stored_only - {"kind"} == ARTICLE_FIELDS
    card = {"id": "person:x", "type": "person", "name": "X", "aliases": [], "roles": [], "orgs": []}
    card["acronym"] = None
    others = [blob_document(art), entity_document(card), source_document("k", "l", "h", art.id)]
    assert not ARTICLE_FIELDS & {name for doc in others for name in doc}
