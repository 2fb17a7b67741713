"""Index round trip, incremental updates, duplicates, entity counts, schema version."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from _index_helpers import CHO, CHOI, HANMI, corpus, make_article, snapshot

from kbio_tui.index import SCHEMA_VERSION, IndexWriter, open_reader
from kbio_tui.index.api import IndexUnavailableError, SchemaMismatchError
from kbio_tui.models import EntityType, IngestStatus, QuoteKind


def build(index_dir: Path, articles) -> list:
    with IndexWriter(index_dir) as w:
        outcomes = [w.add(a) for a in articles]
        w.commit()
    return outcomes


def test_round_trip_every_field(tmp_path: Path) -> None:
    arts = corpus()
    arts.append(
        make_article(
            "Press release: Celltrion files for Zymfentra in Japan",
            ["Celltrion said it filed the subcutaneous infliximab in Japan.", "The filing follows Europe."],
            source="/corpus/press/celltrion.html",
            deck=["| Second filing in Asia this year"],
            captions=["Celltrion headquarters in Incheon (Courtesy of Celltrion)"],
            author="CELLTRION PR",
            outlet=None,
        )
    )
    build(tmp_path / "ix", arts)
    r = open_reader(tmp_path / "ix")
    for a in arts:
        back = r.get_article(a.id)
        assert back is not None
        assert back.model_dump() == a.model_dump()
        assert back.text == a.text
    assert r.get_article("0" * 16) is None
    stats = r.stats()
    assert (stats.articles, stats.quotes, stats.schema_version) == (4, 4, SCHEMA_VERSION)
    assert stats.entities == 5  # Cho, Choi, Lee, Hanmi, MFDS


def test_summaries_and_recent_order(tmp_path: Path) -> None:
    arts = corpus()
    undated = make_article(
        "Undated notice", ["A short notice without a date."], source="/c/u.txt", published=None
    )
    build(tmp_path / "ix", [*arts, undated])
    r = open_reader(tmp_path / "ix")
    recent = r.recent_articles()
    assert [a.title for a in recent] == [arts[2].title, arts[1].title, arts[0].title, "Undated notice"]
    assert recent[1].outlet == "Yonhap" and recent[1].author == "Kim Min-ji"
    assert recent[1].published == datetime(2026, 1, 20, 14, 0)
    assert recent[1].source_file == "/corpus/yonhap/cdmo.json"
    assert [a.title for a in r.recent_articles(limit=2, offset=1)] == [arts[1].title, arts[0].title]


def test_unchanged_reingest_is_a_noop_byte_for_byte(tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    build(ix, corpus())
    before = snapshot(ix)
    with IndexWriter(ix) as w:
        outcomes = [w.add(a) for a in corpus()]
        assert w.commit() is False
    assert {o.status for o in outcomes} == {IngestStatus.UNCHANGED}
    assert snapshot(ix) == before


def test_adding_more_keeps_the_rest(tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    arts = corpus()
    build(ix, arts[:2])
    outcomes = build(ix, arts[2:])
    assert outcomes[0].status == IngestStatus.ADDED
    r = open_reader(ix)
    assert r.stats().articles == 3
    assert all(r.get_article(a.id) is not None for a in arts)


def test_changed_input_replaces_its_article_and_counts(tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    arts = corpus()
    build(ix, arts)
    r = open_reader(ix)
    cho = r.entity(CHO[0])
    assert (cho.article_count, cho.quote_count) == (2, 1)
    # the Hanmi file is rewritten: no quote from Cho any more, and no MFDS
    new = make_article(
        "Hanmi delays obesity biosimilar launch",
        ["Hanmi Pharmaceutical pushed its launch to the second half, a filing showed."],
        source=arts[0].source_file,
        orgs=[HANMI],
    )
    with IndexWriter(ix) as w:
        outcome = w.add(new)
        w.commit()
    assert outcome.status == IngestStatus.UPDATED
    assert r.refresh() is True
    assert r.get_article(arts[0].id) is None
    assert r.get_article(new.id).title == new.title
    assert r.search("approved").total == 0
    cho = r.entity(CHO[0])
    assert (cho.article_count, cho.quote_count) == (1, 0)
    assert r.quotes_by(CHO[0]) == []
    assert r.entity("org:mfds") is None
    assert r.entity(HANMI[0]).article_count == 2
    assert (r.stats().articles, r.stats().quotes) == (3, 3)


def test_duplicate_content_under_two_names_is_one_article(tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    a = corpus()[0]
    twin = a.model_copy(update={"source_file": "/mirror/hanmi-copy.txt", "source_hash": "other-bytes"})
    outcomes = build(ix, [a, twin])
    assert outcomes[0].status == IngestStatus.ADDED
    assert outcomes[1].status == IngestStatus.SKIPPED
    assert outcomes[1].reason == f"duplicate of {a.source_file}"
    r = open_reader(ix)
    assert r.stats().articles == 1 and r.entity(CHO[0]).quote_count == 1
    # a re-run recognises both inputs
    again = build(ix, [a, twin])
    assert [o.status for o in again] == [IngestStatus.UNCHANGED, IngestStatus.UNCHANGED]


def test_quotes_by_newest_first_with_citation(tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    old = make_article(
        "KIET warns on API imports",
        ['"Dependence on imported ingredients is a security risk," Choi Yoon-hee said.'],
        source="/c/old.txt",
        published=datetime(2024, 3, 2),
        people=[CHOI],
        quotes=[
            (CHOI[0], CHOI[1], "Dependence on imported ingredients is a security risk,", QuoteKind.DIRECT)
        ],
    )
    build(ix, [old, *corpus()])
    r = open_reader(ix)
    quotes = r.quotes_by(CHOI[0])
    assert [q.text for q in quotes] == [
        "the CDMO budget should double by 2027",
        "Without public money the plants will not come,",
        "Dependence on imported ingredients is a security risk,",
    ]
    q = quotes[0]
    assert (q.outlet, q.article_title, q.kind) == (
        "Yonhap",
        "Think tank urges bigger CDMO budget",
        QuoteKind.INDIRECT,
    )
    art = r.get_article(q.article_id)
    assert art.text[q.start : q.end] == q.text
    assert q.sentence_start <= q.start < q.end <= q.sentence_end


def _all_quotes_in_one_blob(article) -> bytes:
    """How indexes before the per-speaker grouping stored an article's quotes."""
    import zlib

    records = [
        {**q.model_dump(mode="json", exclude={"attributed_by"}), "n": i} for i, q in enumerate(article.quotes)
    ]
    return zlib.compress(json.dumps(records, ensure_ascii=False).encode("utf-8"), 1)


def test_quotes_by_reads_indexes_written_before_quotes_were_grouped_by_speaker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kbio_tui.index import docs

    arts = corpus()
    later = make_article(
        "Choi returns to the CDMO budget",
        ['"Two plants are not enough," Choi Yoon-hee said.'],
        source="/c/later.txt",
        published=datetime(2026, 6, 1),
        people=[CHOI],
        quotes=[(CHOI[0], CHOI[1], "Two plants are not enough,", QuoteKind.DIRECT)],
    )
    build(tmp_path / "new", [*arts, later])
    with monkeypatch.context() as m:
        m.setattr(docs, "pack_speaker_quotes", _all_quotes_in_one_blob)
        build(tmp_path / "old", arts)
    build(tmp_path / "old", [later])  # a later ingest by this version: both layouts in one index
    new, old = open_reader(tmp_path / "new"), open_reader(tmp_path / "old")
    for person in (CHOI, CHO):
        assert old.quotes_by(person[0]) == new.quotes_by(person[0]) != []
    assert old.quotes_by(CHOI[0])[0].text == "Two plants are not enough,"


def test_entities_find_and_counts(tmp_path: Path) -> None:
    build(tmp_path / "ix", corpus())
    r = open_reader(tmp_path / "ix")
    for form in ("Cho Hyun-soo", "hyun-soo cho", "Hyunsoo Cho", "CHO, Hyun-Soo"):
        assert [e.id for e in r.find_entities(form)] == [CHO[0]], form
    # a surname alone never silently picks Choi for Cho
    assert [e.id for e in r.find_entities("Cho")] == [CHO[0]]
    assert [e.id for e in r.find_entities("MFDS", EntityType.ORG)] == ["org:mfds"]
    people = r.entities(EntityType.PERSON)
    assert [e.id for e in people][:1] == [CHOI[0]]  # two quotes: most quoted first
    assert {e.type for e in people} == {EntityType.PERSON}
    assert [e.id for e in r.entities(contains="hanmi")] == [HANMI[0]]
    cho = r.entity(CHO[0])
    assert cho.roles == ["CEO"] and cho.orgs == ["Hanmi Pharmaceutical"]
    assert [a.title for a in r.articles_mentioning(CHO[0])] == [
        "Startup accelerator backs cell therapy spinoffs",
        "Hanmi wins MFDS nod for obesity biosimilar",
    ]


def test_schema_mismatch_says_rebuild(tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    build(ix, corpus()[:1])
    meta = ix / "kbio_meta.json"
    meta.write_text(json.dumps({"schema_version": SCHEMA_VERSION + 7}))
    with pytest.raises(SchemaMismatchError, match=r"kbio-tui ingest --rebuild"):
        open_reader(ix)
    with pytest.raises(SchemaMismatchError, match=f"schema version {SCHEMA_VERSION + 7}"):
        IndexWriter(ix)
    # --rebuild starts over with the current version
    with IndexWriter(ix, rebuild=True) as w:
        w.add(corpus()[1])
        w.commit()
    assert open_reader(ix).stats().articles == 1


def test_missing_index_is_unavailable(tmp_path: Path) -> None:
    with pytest.raises(IndexUnavailableError, match="no index at"):
        open_reader(tmp_path / "nothing")


def test_refresh_sees_new_commits(tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    arts = corpus()
    build(ix, arts[:1])
    r = open_reader(ix)
    assert r.refresh() is False
    build(ix, arts[1:])
    assert r.search("CDMO").total == 0  # a snapshot until refreshed
    assert r.refresh() is True
    assert r.search("CDMO").total == 1
