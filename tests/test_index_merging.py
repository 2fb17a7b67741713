"""Segment merging: a run only rewrites what it has paid for, and segments stay few."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from _index_helpers import CHO, CHOI, HANMI, MFDS, make_article
from whoosh.filedb.filestore import FileStorage

from kbio_tui.index import IndexWriter, open_reader
from kbio_tui.index import whoosh_private as wp
from kbio_tui.index.merging import FACTOR, RATIO, RunMergePolicy, choose
from kbio_tui.index.schema import INDEX_NAME
from kbio_tui.models import QuoteKind

WORDS = [
    "biosimilar",
    "plant",
    "export",
    "trial",
    "approval",
    "antibody",
    "vaccine",
    "licence",
    "subsidy",
    "merger",
]


def article(i: int):
    w1, w2 = WORDS[i % len(WORDS)], WORDS[(i * 3 + 1) % len(WORDS)]
    quote = f"The {w1} matters for number {i}"
    return make_article(
        f"Hanmi {w1} news {i}",
        [
            f"Hanmi Pharmaceutical reported {w1} and {w2} progress in item {i}.",
            f'"{quote}," Cho Hyun-soo, CEO of Hanmi Pharmaceutical, said.',
            f"The Ministry of Food and Drug Safety (MFDS) reviewed the {w2} file {i}.",
        ],
        source=f"/corpus/a{i:04d}.txt",
        published=datetime(2025, 1, 1) + timedelta(days=i),
        people=[CHO, CHOI] if i % 2 else [CHO],
        orgs=[HANMI, MFDS],
        quotes=[(CHO[0], CHO[1], quote, QuoteKind.DIRECT)],
    )


def segments(ix: Path) -> dict[str, int]:
    """segment id -> documents (deleted ones included), as committed."""
    idx = FileStorage(str(ix)).open_index(INDEX_NAME)
    return {s.segment_id(): s.doc_count_all() for s in wp.index_segments(idx)}


def run(ix: Path, first: int, n: int, per_commit: int, ratio: float | None = None) -> IndexWriter:
    """One ingest run: articles first..first+n, a commit every ``per_commit``."""
    with IndexWriter(ix) as w:
        if ratio is not None:
            w._merges = RunMergePolicy(ratio=ratio)
        for i in range(first, first + n):
            w.add(article(i))
            if w.pending >= per_commit:
                w.commit()
        w.commit()
    return w


# ---- the choice itself ---------------------------------------------------------------------------


def test_choose_merges_the_smallest_like_sized_group_it_can_afford() -> None:
    sizes = [1000, 100, 110, 120, 130, 5000]
    assert sorted(choose(sizes, budget=10_000, factor=4, tier=3)) == [1, 2, 3, 4]
    # the group does not fit the budget: nothing, not a bigger group and not fewer than `factor`
    assert choose(sizes, budget=459, factor=4, tier=3) == []
    # the 1000 is not like-sized with the 100s, and 3 big ones are fewer than `factor`
    assert choose([100, 1000, 1000, 1000], budget=10**9, factor=4, tier=3) == []
    # as many of a long group as fit
    assert sorted(choose([10] * 9, budget=65, factor=4, tier=3)) == [0, 1, 2, 3, 4, 5]


def test_policy_budget_is_what_the_run_wrote_times_the_ratio() -> None:
    p = RunMergePolicy(ratio=0.5)
    assert p.budget(100) == 50
    p._pending = (100, 20)
    p.committed()
    assert (p.written, p.rewritten) == (100, 20)
    assert p.budget(100) == 0.5 * 200 - 20


# ---- a real index --------------------------------------------------------------------------------


def test_small_run_never_rewrites_segments_it_did_not_pay_for(tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    # the "big index": several like-sized commits of a long earlier run
    for k in range(3):
        run(ix, first=k * 40, n=40, per_commit=8)
    before = segments(ix)
    assert len(before) >= FACTOR
    small = run(ix, first=1000, n=3, per_commit=1)  # three one-article commits
    after = segments(ix)
    budget = RATIO * small._merges.written
    survivors = {sid for sid in before if sid in after}
    for sid, size in before.items():
        if size > budget:
            assert sid in survivors, f"a {size}-document segment was rewritten on a {budget:.0f} budget"
    assert small._merges.rewritten <= budget
    # the run added its own segments and nothing else changed
    assert len(after) == len(before) + 3 - (len(before) - len(survivors))


def test_long_run_merges_its_own_segments_within_its_budget(tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    commits = 48
    w = run(ix, first=0, n=commits * 2, per_commit=2)
    sizes = segments(ix)
    assert len(sizes) < commits - FACTOR  # merged, though only what a ratio of its writing pays for
    assert 0 < w._merges.rewritten <= RATIO * w._merges.written
    r = open_reader(ix)
    try:
        assert r.stats().articles == commits * 2
    finally:
        r.close()


def test_tiers_keep_segments_few_without_rewriting_the_same_documents_over(tmp_path: Path) -> None:
    """With a budget as large as the run itself, 48 like-sized commits end in a handful of segments:
    like-sized groups merge, and a merged segment waits for peers of its own size."""
    ix = tmp_path / "ix"
    commits = 48
    w = run(ix, first=0, n=commits * 2, per_commit=2, ratio=1.0)
    assert len(segments(ix)) <= commits // 4
    assert w._merges.rewritten <= w._merges.written


def _answers(ix: Path) -> dict:
    r = open_reader(ix)
    try:
        out = {}
        for q in (
            "biosimilar",
            "plant export",
            '"file 7"',
            "hanmi*",
            'person:"Cho Hyun-soo"',
            "date:2025-02",
        ):
            out[q] = sorted(h.article.id for h in r.search(q, limit=500).hits)
        out["quotes"] = [(q.article_id, q.text) for q in r.quotes_by(CHO[0])]
        out["recent"] = [a.id for a in r.recent_articles(limit=500)]
        card = r.entity(CHO[0])
        out["card"] = card.model_dump() if card else None
        out["stats"] = r.stats().model_dump(exclude={"last_modified"})
        return out
    finally:
        r.close()


def test_merges_and_compaction_change_no_answer(tmp_path: Path) -> None:
    merged, unmerged = tmp_path / "merged", tmp_path / "unmerged"
    run(merged, first=0, n=60, per_commit=2)  # merges on the way
    with IndexWriter(unmerged) as w:  # one commit: nothing to merge
        for i in range(60):
            w.add(article(i))
        w.commit()
    assert len(segments(unmerged)) == 1 and len(segments(merged)) > 1
    expected = _answers(unmerged)
    assert _answers(merged) == expected
    with IndexWriter(merged) as w:
        assert w.compact()
        assert len(w.segment_sizes()) == 1
        assert not w.compact()  # one segment without deletions: nothing to do, nothing written
    assert _answers(merged) == expected


def test_compact_on_a_compact_index_writes_nothing(tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    with IndexWriter(ix) as w:
        for i in range(5):
            w.add(article(i))
        w.commit()
    files = {p.name: p.read_bytes() for p in ix.iterdir() if p.is_file() and "LOCK" not in p.name}
    with IndexWriter(ix) as w:
        assert not w.compact()
    after = {p.name: p.read_bytes() for p in ix.iterdir() if p.is_file() and "LOCK" not in p.name}
    assert after.keys() - {"ingest.pid"} == files.keys() - {"ingest.pid"}
    assert all(after[k] == v for k, v in files.items() if k != "ingest.pid")


def test_commits_grow_with_the_run_up_to_a_cap() -> None:
    from kbio_tui import pipeline

    assert pipeline.commit_bounds(500, 0, 0.0) == (500, pipeline.COMMIT_SECONDS)
    articles, seconds = pipeline.commit_bounds(500, 3000, 100.0)
    assert articles == 750 and seconds == 25.0
    assert pipeline.commit_bounds(500, 10**6, 10**5) == (pipeline.COMMIT_MAX, pipeline.COMMIT_SECONDS_MAX)
    assert pipeline.commit_bounds(5000, 10**6, 10**5)[0] == 5000  # asked for bigger commits: never less
    assert pipeline.commit_bounds(10, 200, 1.0) == (50, pipeline.COMMIT_SECONDS)
