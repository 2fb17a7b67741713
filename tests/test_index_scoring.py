"""The reader keeps field lengths in memory for BM25: scores must equal Whoosh's own."""

from __future__ import annotations

from pathlib import Path

import pytest
from _index_helpers import corpus, make_article
from whoosh import index as whoosh_index
from whoosh import query as wq

from kbio_tui.index import IndexWriter, fastrank, open_reader, phrases
from kbio_tui.index import whoosh_private as wp
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


def _blocks(tmp_path: Path) -> Path:
    """400 briefs in two commits (two segments), some replaced: posting lists of several blocks."""
    ix = tmp_path / "blocks"
    for part in range(2):
        with IndexWriter(ix) as w:
            for i in range(part * 200, part * 200 + 200):
                if i % 4 == 0:
                    body = f"Firm {i} paid an upfront fee of {i} million won for the rights."
                else:
                    body = f"The fee was {i} won; an upfront payment followed. Note {i}."
                w.add(make_article(f"Deal brief {i}", [body], source=f"/corpus/blocks/{i}.txt"))
            if part == 1:  # replace a few of the first commit's articles (deletions in segment 1)
                for i in range(0, 40, 8):
                    body = f"Revised: the fee and the upfront terms of brief {i} changed."
                    w.add(make_article(f"Deal brief {i}", [body], source=f"/corpus/blocks/{i}.txt"))
            w.commit()
    return ix


def test_block_positions_equal_whoosh_positions(tmp_path: Path) -> None:
    ix = _blocks(tmp_path)
    s = whoosh_index.open_dir(str(ix), indexname="MAIN").searcher()
    checked = 0
    for leaf, _offset in s.leaf_searchers():
        r = leaf.reader()
        for word in (b"fee", b"upfront"):
            m = r.postings("content", word)
            expected = {}
            while m.is_active():
                expected[m.id()] = m.value_as("positions")
                m.next()
            assert len(expected) > 128  # more than one block
            docs = sorted(expected)[::3]
            got = phrases._positions(r, "content", word, docs)
            assert got == {d: expected[d] for d in docs}
            checked += 1
    assert checked == 4


def test_phrase_over_many_blocks_matches_whoosh(tmp_path: Path, monkeypatch) -> None:
    ix = _blocks(tmp_path)
    plain = whoosh_index.open_dir(str(ix), indexname="MAIN").searcher()
    expected = {h["a_id"] for h in plain.search(compile_query('"upfront fee"').query, limit=None)}
    assert len(expected) == 95  # every fourth of 400, less the five replaced with other words
    monkeypatch.setattr(phrases, "FIRST_CANDIDATES", 1000)
    res = open_reader(ix).search('"upfront fee"', limit=500)
    assert {h.article.id for h in res.hits} == expected
    assert res.total == 95 and not res.estimated


def test_phrase_checks_candidates_only_until_the_rows_are_found(tmp_path: Path, monkeypatch) -> None:
    """More AND matches than candidates, so the count is estimated anyway: candidates are checked in
    score order only until ``limit`` hold the phrase, and those rows are still Whoosh's best."""
    ix = tmp_path / "fees"
    with IndexWriter(ix) as w:
        for i in range(300):
            if i % 2 == 0:  # short: the best AND hits, and they hold the phrase
                body = f"An upfront fee, {i}."
            else:
                body = f"The fee rose; the upfront part of the deal, signed in Seoul, came later. {i}."
            w.add(make_article(f"Fee brief {i}", [body], source=f"/corpus/fees/{i}.txt"))
        w.commit()
    plain = whoosh_index.open_dir(str(ix), indexname="MAIN").searcher()
    expected = [h["a_id"] for h in plain.search(compile_query('"upfront fee"').query, limit=None)]
    assert len(expected) == 150
    monkeypatch.setattr(phrases, "FIRST_CANDIDATES", 100)
    checked: list[int] = []
    holding = phrases.holding_phrases

    def counting(s, ph, docnums, *args, **kwargs):
        checked.append(len(docnums))
        return holding(s, ph, docnums, *args, **kwargs)

    monkeypatch.setattr(phrases, "holding_phrases", counting)
    res = open_reader(ix).search('"upfront fee"', limit=10)
    assert [h.article.id for h in res.hits] == expected[:10]
    assert res.estimated and not res.partial
    ranked, sample = checked[:-1], checked[-1]  # the last call checks the estimate's sample
    assert sample == min(phrases.SAMPLE, 300)
    assert 10 <= sum(ranked) < 100  # not every one of the 100 candidates


@pytest.mark.fast_path
def test_blocks_decoded_without_values_keep_ids_and_weights(tmp_path: Path) -> None:
    """Ranking cuts each block's pickle before its values; every block of every term must still
    give the ids and weights a whole unpickle gives (short blocks have no MARK and go whole)."""
    ix = _blocks(tmp_path)
    s = whoosh_index.open_dir(str(ix), indexname="MAIN").searcher()
    cut = 0
    for leaf, _offset in s.leaf_searchers():
        r = leaf.reader()
        for field in r.indexed_field_names():
            for word, _info in wp.term_entries(r, field):
                for header, data in wp.stored_blocks(r, field, word) or ():
                    full = wp.decode(header, data)
                    fast = wp.decode(header, data, values=False)
                    assert fast[:2] == full[:2], (field, word)
                    cut += fast[2] is None
    assert cut > 100  # the positions fields' blocks were cut, not unpickled whole


def test_ranking_over_many_blocks_matches_whoosh(tmp_path: Path) -> None:
    """Posting lists of several blocks, read whole from one buffer (whoosh_private.blocks_at): every
    match, score and order equals Whoosh's own matcher walk."""
    ix = _blocks(tmp_path)
    r = open_reader(ix)
    plain = whoosh_index.open_dir(str(ix), indexname="MAIN").searcher()
    for q in ("fee", "upfront", "fee upfront", "fee OR firm", "fee NOT firm"):
        ours = [(h.article.id, h.score) for h in r.search(q, limit=500).hits]
        theirs = [(h["a_id"], h.score) for h in plain.search(compile_query(q).query, limit=500)]
        assert len(ours) > 128, q
        assert [i for i, _ in ours] == [i for i, _ in theirs], q
        assert all(abs(a[1] - b[1]) < 1e-9 for a, b in zip(ours, theirs, strict=True)), q


def test_term_docs_equal_whoosh_docs_for_every_term(tmp_path: Path) -> None:
    """Person pages list a term's documents a block at a time (fastrank.term_docs): for every term,
    inline or over several blocks, in a segment with deletions or without, the same documents as
    Whoosh's own walk."""
    ix = _blocks(tmp_path)
    s = whoosh_index.open_dir(str(ix), indexname="MAIN").searcher()
    assert any(leaf.reader().has_deletions() for leaf, _ in s.leaf_searchers())
    shapes = set()
    for field, btext in s.reader().all_terms():
        if field not in ("content", "title", "kind", "a_id"):
            continue
        text = s.schema[field].from_bytes(btext)
        expected = list(s.docs_for_query(wq.Term(field, text)))
        assert fastrank.term_docs(s, field, text) == expected, (field, text)
        shapes.add(len(expected) > 128)
    assert shapes == {True, False}
    with IndexWriter(tmp_path / "empty"):
        pass  # created, nothing committed: its searcher's reader has no terms at all
    empty = whoosh_index.open_dir(str(tmp_path / "empty"), indexname="MAIN").searcher()
    assert fastrank.term_docs(empty, "b_id", "0123456789abcdef") == []


def test_a_listed_articles_blob_is_found_next_to_it(tmp_path: Path, monkeypatch) -> None:
    """Snippets and opened articles of listed rows read the blob right after the article document,
    with no term lookup; before and after a compaction, with replaced articles, they equal what a
    reader that never listed them finds by looking the id up."""
    ix = _blocks(tmp_path)
    for compacted in (False, True):
        if compacted:
            with IndexWriter(ix) as w:
                assert w.compact()
        fresh = open_reader(ix)
        ids = [h.article.id for h in fresh.search("fee", limit=500).hits]
        assert len(ids) > 300
        lookup = open_reader(ix)  # never listed: finds every blob by its id
        want = (lookup.snippets("fee", ids), {a: lookup.get_article(a).text for a in ids})
        with monkeypatch.context() as m:
            m.setattr(fastrank, "term_docs", lambda *a: pytest.fail("a listed article's blob was looked up"))
            got = (fresh.snippets("fee", ids), {a: fresh.get_article(a).text for a in ids})
        assert got == want
        assert all("fee" in text for text in got[1].values())


def test_known_id_terms_give_the_same_documents_from_one_lookup(tmp_path: Path) -> None:
    """Ingest's id lookups skip the segments whose lexicon lacks the id (fastrank.IdTerms): same
    documents for every id term, replaced ones included, and only the holding segment is asked."""
    ix = _blocks(tmp_path)
    s = whoosh_index.open_dir(str(ix), indexname="MAIN").searcher()
    leaves = s.leaf_searchers()
    assert len(leaves) == 2
    known = fastrank.IdTerms()
    checked = 0
    for field, btext in s.reader().all_terms():
        if field in ("a_id", "b_id", "e_id", "s_key"):
            text = s.schema[field].from_bytes(btext)
            assert fastrank.term_docs(s, field, text, known) == fastrank.term_docs(s, field, text), text
            checked += 1
    assert checked > 800
    assert fastrank.term_docs(s, "a_id", "0" * 16, known) == []
    asked: list[int] = []
    index_of = {id(leaf.reader()): n for n, (leaf, _) in enumerate(leaves)}
    real = wp.term_matcher

    def counting(reader, fieldname: str, btext: bytes):  # type: ignore[no-untyped-def]
        asked.append(index_of[id(reader)])
        return real(reader, fieldname, btext)

    newest = leaves[1][0].reader().stored_fields(0)["a_id"]  # in the second segment only
    with pytest.MonkeyPatch.context() as m:
        m.setattr(wp, "term_matcher", counting)
        assert len(fastrank.term_docs(s, "a_id", newest, known)) == 1 and asked == [1]
        asked.clear()
        assert len(fastrank.term_docs(s, "a_id", newest)) == 1 and asked == [0, 1]  # without: both asked
