"""The seam around Whoosh's internals (issue 20): every fast path probed on, each one's fallback
giving the same answers, an index written by the release before the move still read the same."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from _pipeline_helpers import ROOT, write_corpus
from _release_answers import answers

from kbio_tui.index import IndexWriter, open_reader
from kbio_tui.index import whoosh_private as wp
from kbio_tui.index.schema import PText
from kbio_tui.pipeline import ingest_paths

FIXTURES = Path(__file__).parent / "fixtures"
RELEASE = FIXTURES / "release_index"


@pytest.fixture
def probe_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Each test decides capabilities afresh (with an empty cache), and leaves the process's own
    choice as it was."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    wp.set_capabilities(None)
    yield
    wp.set_capabilities(None)


def _release_copy(tmp_path: Path) -> Path:
    ix = tmp_path / "release_index"
    shutil.copytree(RELEASE, ix)
    return ix


def _without_mtime(got: dict) -> dict:
    got = json.loads(json.dumps(got))
    got["stats"].pop("last_modified", None)  # the files' modification time, not an answer
    return got


def _expected() -> dict:
    return _without_mtime(json.loads((FIXTURES / "release_index.answers.json").read_text(encoding="utf-8")))


@pytest.mark.fast_path
def test_every_fast_path_is_on_with_the_pinned_whoosh(probe_again: None) -> None:
    assert wp.capabilities() == wp.ALL_ON


def test_an_index_written_by_the_previous_release_answers_the_same(tmp_path: Path, probe_again: None) -> None:
    ix = _release_copy(tmp_path)
    assert _without_mtime(answers(ix)) == _expected()


def test_the_same_answers_with_every_fast_path_off(tmp_path: Path, probe_again: None) -> None:
    ix = _release_copy(tmp_path)
    wp.set_capabilities(wp.Capabilities())
    assert _without_mtime(answers(ix)) == _expected()


def test_the_pickled_class_path_of_the_schema_stays_where_old_indexes_look_for_it() -> None:
    """Every index's table of contents pickles ``kbio_tui.index.schema.PText`` by its import path:
    moving or renaming it would make every existing index unreadable."""
    assert (PText.__module__, PText.__qualname__) == ("kbio_tui.index.schema", "PText")
    toc = next(RELEASE.glob("_MAIN_*.toc")).read_bytes()
    assert b"kbio_tui.index.schema" in toc and b"PText" in toc


def test_a_probe_that_fails_turns_its_fast_path_off_and_says_so_once(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, tmp_path: Path, probe_again: None
) -> None:
    def changed_layout(ix: object, s: object) -> bool:
        raise AttributeError("'W3TermsReader' object has no attribute '_postfile'")

    monkeypatch.setitem(wp._CHECKS, "blocks", changed_layout)
    with caplog.at_level(logging.WARNING, logger="kbio_tui.index"):
        caps = wp.capabilities()
        wp.capabilities()
    assert not caps.blocks and caps.columns and caps.leaf_ids
    warnings = [r.getMessage() for r in caplog.records if r.name == "kbio_tui.index"]
    assert warnings == ["Whoosh internals differ from whoosh3's: using the slower public API for blocks"]
    assert _without_mtime(answers(_release_copy(tmp_path))) == _expected()


def test_merging_without_the_merge_pool_keeps_every_document(tmp_path: Path, probe_again: None) -> None:
    """Whoosh's own merge stands in for the pool-replacing one: compacting gives the same answers."""
    batches = [write_corpus(tmp_path / f"in{n}", 10, start=100 * n) for n in range(3)]
    fast, slow = tmp_path / "fast", tmp_path / "slow"
    for ix, caps in ((fast, wp.ALL_ON), (slow, wp.Capabilities(blocks=True, lazy_values=True))):
        wp.set_capabilities(caps)
        for batch in batches:
            ingest_paths(batch, ix, workers=1)
        with IndexWriter(ix) as w:
            assert len(w.segment_sizes()) == 3
            assert w.compact() and len(w.segment_sizes()) == 1
    wp.set_capabilities(None)
    assert _without_mtime(answers(fast)) == _without_mtime(answers(slow))
    r = open_reader(slow)
    assert r.stats().articles == 30
    r.close()


@pytest.mark.slow
def test_the_index_tests_pass_with_every_fast_path_off() -> None:
    """The index and CLI test modules again, every Whoosh internal turned off: the same answers
    through the public API (tests of a fast path itself are marked ``fast_path`` and left out)."""
    modules = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests").glob("test_index_*.py"))
    modules += ["tests/test_cli.py", "tests/test_cli_compact.py", "tests/test_pipeline.py"]
    env = {**os.environ, wp.ENV: "off"}
    env.pop("PYTEST_XDIST_WORKER", None)
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-m",
            "not fast_path",
            "-n",
            "0",
            *modules,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-2000:]
    assert " passed" in res.stdout.splitlines()[-1] and "failed" not in res.stdout.splitlines()[-1]


def test_the_probe_decision_is_kept_per_user_and_probed_again_when_whoosh_changes(
    monkeypatch: pytest.MonkeyPatch, probe_again: None
) -> None:
    calls: list[int] = []
    real = wp._probe
    monkeypatch.setattr(wp, "_probe", lambda: calls.append(1) or real())
    assert wp.capabilities() == wp.ALL_ON and calls == [1]
    wp.set_capabilities(None)
    assert wp.capabilities() == wp.ALL_ON and calls == [1]  # read back from the cache
    monkeypatch.setattr(wp, "_probe_key", lambda: "another whoosh")
    wp.set_capabilities(None)
    assert wp.capabilities() == wp.ALL_ON and calls == [1, 1]
    cache = json.loads(wp._cache_file().read_text(encoding="utf-8"))
    assert cache["key"] == "another whoosh" and all(cache["found"].values())
