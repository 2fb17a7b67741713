"""Big JSON Lines and JSON files are ingested in parts, each committed on its own (issue 21)."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from kbio_tui.index import index_exists, open_reader
from kbio_tui.ingest import load_file, readers, split_file
from kbio_tui.models import IngestStatus
from kbio_tui.pipeline import ingest_paths

_COMPANIES = ["Hanmi", "Celltrion", "Yuhan", "Daewoong", "Boryung"]


def _record(n: int) -> dict[str, str]:
    company = _COMPANIES[n % len(_COMPANIES)]
    return {
        "title": f"{company} files brief number {n} with the regulator",
        "date": f"2025-0{n % 9 + 1}-1{n % 9}",
        "body": (
            f"{company} said on Monday that it filed application {n} for its antibody candidate.\n\n"
            f"The filing covers {n + 40} patients in a late-stage study run at hospitals in Seoul."
        ),
    }


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parts of a few kilobytes or a few records, so a small file shows the behaviour of a big one."""
    monkeypatch.setattr(readers, "PART_BYTES", 4096)
    monkeypatch.setattr(readers, "PART_RECORDS", 7)
    monkeypatch.setattr(readers, "_JSON_SPLIT_BYTES", 1024)


def _jsonl(path: Path, n: int) -> Path:
    lines = []
    for i in range(n):
        lines.append(json.dumps(_record(i)))
        if i % 9 == 4:
            lines.append("")  # blank lines still count in the numbering
        if i == 20:
            lines.append("{not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _outcome_view(results: list) -> list[tuple[str, str | None, str | None]]:
    return [(r.source, r.error, r.article.source_hash if r.article else None) for r in results]


def test_json_lines_parts_read_exactly_what_the_whole_file_reads(tmp_path: Path, small_parts: None) -> None:
    path = _jsonl(tmp_path / "dump.jsonl", 60)
    parts = split_file(path)
    assert len(parts) >= 4
    assert parts[0].start == 0 and parts[-1].end == path.stat().st_size
    assert all(a.end == b.start for a, b in itertools.pairwise(parts))
    pieces = [r for part in parts for r in load_file(path, part)]
    assert _outcome_view(pieces) == _outcome_view(load_file(path))
    bad = [r.source for r in pieces if r.error and "invalid JSON" in r.error]
    assert bad == [f"{path} (line 24)"]  # 21 records and 2 blank lines before it


def test_json_article_list_parts_read_exactly_what_the_whole_file_reads(
    tmp_path: Path, small_parts: None
) -> None:
    path = tmp_path / "dump.json"
    path.write_text(json.dumps({"articles": [_record(i) for i in range(30)]}), encoding="utf-8")
    parts = split_file(path)
    assert [(p.start, p.end) for p in parts] == [(0, 7), (7, 14), (14, 21), (21, 28), (28, 30)]
    pieces = [r for part in parts for r in load_file(path, part)]
    assert _outcome_view(pieces) == _outcome_view(load_file(path))


def test_small_and_wide_files_are_one_piece(tmp_path: Path, small_parts: None) -> None:
    small = tmp_path / "small.jsonl"
    small.write_text(json.dumps(_record(1)) + "\n", encoding="utf-8")
    wide = tmp_path / "wide.jsonl"
    wide.write_text("\n".join(json.dumps(_record(i)) for i in range(60)), encoding="utf-16")
    assert split_file(small) == [] and split_file(wide) == []
    assert len([r for r in load_file(wide) if r.article]) == 60


def test_a_big_file_commits_part_by_part(tmp_path: Path, small_parts: None) -> None:
    """Readers see the first records of a big dump before the rest is read: each part is committed."""
    path = _jsonl(tmp_path / "dump.jsonl", 60)
    ix = tmp_path / "ix"
    seen: list[int] = []

    def progress(done: int, total: int, current: str) -> None:
        seen.append(open_reader(ix).stats().articles if index_exists(ix) else 0)

    outcomes = ingest_paths([path], ix, progress=progress, workers=1, commit_every=1)
    assert len(seen) == len(split_file(path)) >= 4
    # (the commit size grows with the run, so the last parts may share the final commit)
    assert 0 < seen[0] < seen[1] < seen[2] < 60 and open_reader(ix).stats().articles == 60
    added = [o for o in outcomes if o.status is IngestStatus.ADDED]
    assert len(added) == 60 and sum(o.status is IngestStatus.FAILED for o in outcomes) == 1
    # a second run recognises every record, part by part
    again = ingest_paths([path], ix, workers=2, commit_every=1)
    assert {o.status for o in again} == {IngestStatus.UNCHANGED, IngestStatus.FAILED}


def test_a_record_that_breaks_the_reader_fails_alone(tmp_path: Path) -> None:
    path = tmp_path / "odd.jsonl"
    rows = [{"title": "Huge date", "date": 10**400, "body": _record(1)["body"]}, _record(2), _record(3)]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    results = load_file(path)
    assert [r.article is not None for r in results] == [True, True, True]
    assert results[0].article is not None and results[0].article.published is None
