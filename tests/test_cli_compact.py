"""`kbio-tui compact`: the whole index into one segment, same answers."""

from __future__ import annotations

import json
from pathlib import Path

from _pipeline_helpers import run_cli, write_corpus
from whoosh.filedb.filestore import FileStorage

from kbio_tui.index import whoosh_private as wp
from kbio_tui.index.schema import INDEX_NAME


def segment_count(ix: Path) -> int:
    return len(wp.index_segments(FileStorage(str(ix)).open_index(INDEX_NAME)))


def index_files(ix: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in ix.iterdir() if p.is_file() and p.name.endswith((".seg", ".toc"))}


def answers(ix: Path) -> list[str]:
    out = []
    for q in ("milestone", '"next step"', "date:2025-03"):
        res = run_cli("search", q, "--index", str(ix), "--json", "--limit", "100")
        assert res.returncode == 0, res.stderr
        out.append(sorted(h["id"] for h in json.loads(res.stdout)["hits"]))
    return out


def test_compact_merges_everything_and_changes_no_answer(tmp_path: Path) -> None:
    corpus, ix = tmp_path / "corpus", tmp_path / "ix"
    write_corpus(corpus, 30)
    res = run_cli("ingest", str(corpus), "--index", str(ix), "--workers", "1", "--commit-every", "2")
    assert res.returncode == 0, res.stderr
    before = segment_count(ix)
    assert before > 2
    expected = answers(ix)
    res = run_cli("compact", "--index", str(ix))
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == f"merged {before} segments into one"
    assert segment_count(ix) == 1
    assert answers(ix) == expected
    files = index_files(ix)
    res = run_cli("compact", "--index", str(ix))
    assert (res.returncode, res.stdout.strip()) == (0, "already compact: one segment, nothing to merge")
    assert index_files(ix) == files


def test_compact_without_an_index_is_one_line(tmp_path: Path) -> None:
    res = run_cli("compact", "--index", str(tmp_path / "none"))
    assert res.returncode == 1
    assert res.stderr.strip().splitlines() == [
        f"kbio-tui: no index at {tmp_path / 'none'}: run `kbio-tui ingest PATH` first"
    ]
    assert not (tmp_path / "none").exists()
