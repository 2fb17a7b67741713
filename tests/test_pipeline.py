"""ingest_paths end to end over real files: statuses, no-op re-runs, batches, workers."""

from __future__ import annotations

import shutil
from pathlib import Path

from _index_helpers import snapshot
from _pipeline_helpers import FIXTURES, write_corpus

from kbio_tui.index import open_reader
from kbio_tui.models import IngestStatus
from kbio_tui.pipeline import ingest_paths


def by_name(outcomes) -> dict[str, tuple[IngestStatus, str | None]]:
    return {
        Path(o.source.split(" (")[0]).name + (" " + o.source.split(" (")[1] if " (" in o.source else ""): (
            o.status,
            o.reason,
        )
        for o in outcomes
    }


def test_fixture_corpus_statuses_and_a_noop_rerun(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURES, corpus)
    ix = tmp_path / "ix"
    first = by_name(ingest_paths([corpus], ix, workers=2))
    assert first["kbr_obesity_trial.txt"][0] == IngestStatus.ADDED
    assert first["herald_cell_therapy.html"][0] == IngestStatus.ADDED
    assert first["yonhap_wire.jsonl line 1)"][0] == IngestStatus.ADDED
    assert first["yonhap_wire.jsonl line 3)"][0] == IngestStatus.ADDED
    assert first["yonhap_wire.jsonl line 2)"][0] == IngestStatus.FAILED
    assert first["empty.txt"][0] == IngestStatus.SKIPPED
    status, reason = first["mirror_of_obesity_trial.txt"]
    assert status == IngestStatus.SKIPPED
    assert reason == f"duplicate of {corpus / 'kbr_obesity_trial.txt'}"
    r = open_reader(ix)
    assert r.stats().articles == 4
    assert r.search('person:"Seo Jin-seok"').total == 2

    before = snapshot(ix)
    second = by_name(ingest_paths([corpus], ix, workers=2))
    assert snapshot(ix) == before
    unchanged = {k for k, (s, _) in second.items() if s == IngestStatus.UNCHANGED}
    assert unchanged == {k for k, (s, _) in first.items() if s == IngestStatus.ADDED} | {
        "mirror_of_obesity_trial.txt"
    }


def test_changed_file_replaces_its_article(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    paths = write_corpus(corpus, 6)
    ix = tmp_path / "ix"
    ingest_paths([corpus], ix, workers=1)
    old_title = next(a.title for a in open_reader(ix).all_articles() if a.source_file == str(paths[3]))
    paths[3].write_text(paths[3].read_text().replace("milestone number 3", "setback number 3"))
    outcomes = ingest_paths([corpus], ix, workers=1)
    statuses = {Path(o.source).name: o.status for o in outcomes}
    assert statuses.pop("brief_00003.txt") == IngestStatus.UPDATED
    assert set(statuses.values()) == {IngestStatus.UNCHANGED}
    r = open_reader(ix)
    assert r.stats().articles == 6
    assert [h.article.title for h in r.search("setback").hits] == [old_title.replace("milestone", "setback")]
    assert r.search('"milestone number 3"').total == 0


def test_batches_are_committed_as_the_run_goes(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 12)
    ix = tmp_path / "ix"
    seen: list[tuple[int, int, int]] = []

    def progress(done: int, total: int, current: str) -> None:
        count = open_reader(ix).stats().articles if (ix / "kbio_meta.json").exists() else 0
        seen.append((done, total, count))

    outcomes = ingest_paths([corpus], ix, progress=progress, workers=2, commit_every=3)
    assert [d for d, _, _ in seen] == list(range(1, 13)) and {t for _, t, _ in seen} == {12}
    counts = [c for _, _, c in seen]
    assert counts == sorted(counts) and 0 < counts[5] < 12  # visible mid-run, in batches
    assert [o.status for o in outcomes] == [IngestStatus.ADDED] * 12
    assert open_reader(ix).stats().articles == 12


def test_one_and_two_workers_build_the_same_index(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 10)
    dumps = []
    for workers in (1, 2):
        ix = tmp_path / f"ix{workers}"
        ingest_paths([corpus], ix, workers=workers)
        r = open_reader(ix)
        dumps.append(sorted(a.model_dump_json() for a in r.all_articles()))
        assert r.stats().articles == 10 and r.stats().quotes >= 10
    assert dumps[0] == dumps[1]


def test_rebuild_starts_over(tmp_path: Path) -> None:
    write_corpus(tmp_path / "a", 3)
    write_corpus(tmp_path / "b", 2, start=100)
    ix = tmp_path / "ix"
    ingest_paths([tmp_path / "a"], ix, workers=1)
    outcomes = ingest_paths([tmp_path / "b"], ix, workers=1, rebuild=True)
    assert [o.status for o in outcomes] == [IngestStatus.ADDED] * 2
    assert open_reader(ix).stats().articles == 2
