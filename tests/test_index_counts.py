"""Entity counts read from the inverted index stay exact while replaced documents linger in
unmerged segments (what a large index does: Whoosh only merges small segments on commit)."""

from __future__ import annotations

from pathlib import Path

import pytest
from _index_helpers import CHO, CHOI, HANMI, MFDS, corpus, make_article
from whoosh.writing import NO_MERGE, SegmentWriter

from kbio_tui.index import IndexWriter, open_reader
from kbio_tui.models import EntityType, QuoteKind


@pytest.fixture
def never_merge(monkeypatch: pytest.MonkeyPatch) -> None:
    commit = SegmentWriter.commit

    def no_merge(self, mergetype=None, optimize=None, merge=None):
        return commit(self, mergetype=NO_MERGE)

    monkeypatch.setattr(SegmentWriter, "commit", no_merge)


def _has_deletions(reader) -> bool:
    return any(leaf.reader().has_deletions() for leaf, _ in reader._s().leaf_searchers())


def test_counts_subtract_deleted_documents_in_unmerged_segments(tmp_path: Path, never_merge) -> None:
    ix = tmp_path / "ix"
    arts = corpus()
    with IndexWriter(ix) as w:
        for a in arts:
            w.add(a)
        w.commit()
    r = open_reader(ix)
    before = r.entity(CHOI[0])
    assert (before.article_count, before.quote_count) == (1, 2)
    # the Yonhap record is rewritten: Choi now quoted three times, Hanmi and MFDS named once
    text = [
        "Choi Yoon-hee of KIET said Hanmi Pharmaceutical and the Ministry of Food and Drug Safety "
        "(MFDS) should share the CDMO bill.",
        '"Budgets follow plants," Choi said.',
        '"Plants follow people," she added.',
    ]
    new = make_article(
        "Think tank revises CDMO budget call",
        text,
        source=arts[1].source_file,
        record=arts[1].source_record,
        people=[CHOI],
        orgs=[HANMI, MFDS],
        quotes=[
            (CHOI[0], CHOI[1], "should share the CDMO bill", QuoteKind.INDIRECT),
            (CHOI[0], CHOI[1], "Budgets follow plants,", QuoteKind.DIRECT),
            (CHOI[0], CHOI[1], "Plants follow people,", QuoteKind.DIRECT),
        ],
    )
    with IndexWriter(ix) as w:
        w.add(new)
        w.commit()
    assert r.refresh() is True
    assert _has_deletions(r)  # the old Yonhap document still sits in the first segment
    choi = r.entity(CHOI[0])
    mentions = sum(1 for m in new.mentions if m.entity_id == CHOI[0])
    assert (choi.article_count, choi.quote_count, choi.mention_count) == (1, 3, mentions)
    assert r.entity(HANMI[0]).article_count == 3
    assert r.entity(MFDS[0]).article_count == 2
    assert r.entity(CHO[0]).article_count == 2
    assert [q.text for q in r.quotes_by(CHOI[0])] == [
        "should share the CDMO bill",
        "Budgets follow plants,",
        "Plants follow people,",
    ]
    people = r.entities(EntityType.PERSON)
    assert [(e.id, e.quote_count) for e in people][:1] == [(CHOI[0], 3)]
    assert r.stats().quotes == 5 and r.stats().articles == 3
    assert [e.id for e in r.entities(EntityType.PERSON, contains="yoon")] == [CHOI[0]]


def test_entity_card_is_rewritten_only_when_it_learns_something(tmp_path: Path, never_merge) -> None:
    ix = tmp_path / "ix"
    arts = corpus()
    with IndexWriter(ix) as w:
        w.add(arts[0])
        w.commit()
    # a second article naming Cho with the same role and org adds nothing to his card
    same = make_article(
        "Hanmi books first obesity orders",
        ["Cho Hyun-soo, CEO of Hanmi Pharmaceutical, confirmed the orders."],
        source="/c/orders.txt",
        people=[CHO],
        orgs=[HANMI],
    )
    other_role = ("person:cho-hyun-soo", "Cho Hyun-soo", "chairman", "KPBMA")
    new_role = make_article(
        "KPBMA elects a new chairman",
        ["KPBMA named Cho Hyun-soo its chairman."],
        source="/c/kpbma.txt",
        people=[other_role],
    )
    with IndexWriter(ix) as w:
        w.add(same)
        w.commit()
    r = open_reader(ix)
    assert not _has_deletions(r)  # no card was deleted and re-added
    with IndexWriter(ix) as w:
        w.add(new_role)
        w.commit()
    assert r.refresh() and _has_deletions(r)  # Cho's card was, once
    r = open_reader(ix)
    cho = r.entity(CHO[0])
    assert cho.name == "Cho Hyun-soo" and cho.roles == ["CEO", "chairman"]
    assert cho.orgs == ["Hanmi Pharmaceutical", "KPBMA"] and cho.article_count == 3


def test_three_word_phrase_needs_every_adjacent_pair(tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    with IndexWriter(ix) as w:
        for a in corpus():
            w.add(a)
        w.commit()
    r = open_reader(ix)
    assert r.search('"without public money"').total == 1
    assert r.search('"public money without"').total == 0
    assert r.search('"the plants will"').total == 1
    assert r.search('"plants the will"').total == 0
