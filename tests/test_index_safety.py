"""One writer at a time, stale locks after kill -9, read-only and full directories."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from _index_helpers import corpus, snapshot

from kbio_tui.index import IndexWriter, open_reader
from kbio_tui.index.api import IndexBusyError, IndexUnavailableError

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent


def build(ix: Path) -> None:
    with IndexWriter(ix) as w:
        for a in corpus():
            w.add(a)
        w.commit()


def run_py(code: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(TESTS)},
    )


def test_second_writer_says_who_is_busy(tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    with IndexWriter(ix):
        t0 = time.monotonic()
        with pytest.raises(IndexBusyError, match=rf"another ingest is running \(pid {os.getpid()}\)"):
            IndexWriter(ix, timeout=0.3)
        assert 0.25 < time.monotonic() - t0 < 5


def test_second_writer_waits_for_the_first(tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    first = IndexWriter(ix)
    threading.Timer(0.3, first.close).start()
    messages: list[str] = []
    with IndexWriter(ix, timeout=10, on_message=messages.append) as second:
        second.add(corpus()[0])
        second.commit()
    assert messages == ["waiting for another ingest to finish..."]
    assert open_reader(ix).stats().articles == 1


def test_stale_lock_of_a_killed_writer_is_cleared_with_a_message(tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    build(ix)
    code = f"""
        import sys, time
        from _index_helpers import make_article
        from kbio_tui.index import IndexWriter
        w = IndexWriter({str(ix)!r})
        w.add(make_article("Uncommitted draft", ["Never committed."], source="/c/draft.txt"))
        print("ready", flush=True)
        time.sleep(60)
    """
    proc = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(TESTS)},
    )
    try:
        assert proc.stdout.readline().strip() == "ready"
        with pytest.raises(IndexBusyError, match=f"pid {proc.pid}"):
            IndexWriter(ix, timeout=0.1)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert (ix / "ingest.pid").exists()  # what a killed ingest leaves behind
    messages: list[str] = []
    with IndexWriter(ix, timeout=1, on_message=messages.append):
        pass
    assert messages == [f"cleared a stale lock left by a killed ingest (pid {proc.pid})"]
    assert not (ix / "ingest.pid").exists()
    r = open_reader(ix)
    assert r.stats().articles == 3 and r.search("draft").total == 0


def test_readers_never_write_to_the_index_dir(tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    build(ix)
    before = snapshot(ix)
    names_before = sorted(p.name for p in ix.iterdir())
    for p in ix.iterdir():
        p.chmod(0o444)
    ix.chmod(0o555)
    try:
        report = tmp_path / "events.json"
        proc = run_py(f"""
            import _index_guard
            _index_guard.install({str(ix)!r}, "readonly", {str(report)!r})
            from kbio_tui.index import open_reader
            r = open_reader({str(ix)!r})
            res = r.search("manufactur* OR person:cho")
            assert res.total == 3, res
            ids = [h.article.id for h in res.hits]
            assert all(s.highlights for s in r.snippets("manufactur*", ids[:1]).values())
            assert r.get_article(ids[0]) is not None
            assert r.quotes_by("person:choi-yoon-hee") and r.entities() and r.stats().articles == 3
            assert r.recent_articles() and r.find_entities("Cho Hyun-soo")
            assert r.refresh() is False
            r.close()
            print("ok")
        """)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.strip() == "ok"
        assert json.loads(report.read_text()) == []
        assert sorted(p.name for p in ix.iterdir()) == names_before
        assert snapshot(ix) == before
    finally:
        ix.chmod(0o755)


@pytest.mark.parametrize(
    ("mode", "message"), [("readonly", "Read-only file system"), ("full", "could not write to the index at")]
)
def test_ingest_into_an_unwritable_dir_fails_cleanly(tmp_path: Path, mode: str, message: str) -> None:
    ix = tmp_path / "ix"
    build(ix)
    before = snapshot(ix)
    report = tmp_path / "events.json"
    proc = run_py(f"""
        import sys
        import _index_guard
        _index_guard.install({str(ix)!r}, {mode!r}, {str(report)!r})
        from _index_helpers import make_article
        from kbio_tui.index import IndexWriter
        from kbio_tui.index.api import IndexUnavailableError
        try:
            with IndexWriter({str(ix)!r}) as w:
                w.add(make_article("A new one", ["Fresh text about vaccines."], source="/c/new.txt"))
                w.commit()
        except (IndexUnavailableError, OSError) as exc:
            print(type(exc).__name__, exc)
            sys.exit(3)
    """)
    assert proc.returncode == 3, proc.stdout + proc.stderr
    assert message in proc.stdout and "Traceback" not in proc.stderr
    # what was committed before is intact (a full disk may leave orphan temp files, never a changed TOC)
    after = snapshot(ix)
    assert {k: v for k, v in after.items() if k in before} == before
    r = open_reader(ix)
    assert r.stats().articles == 3 and r.search("vaccines").total == 0


def test_open_reader_on_a_plain_folder_is_unavailable(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(IndexUnavailableError):
        open_reader(tmp_path)


def test_disk_full_inside_whoosh_commit_is_a_clean_error(tmp_path: Path, monkeypatch) -> None:
    """ENOSPC while Whoosh writes its table of contents: the writer is already closed when we cancel,
    which must not replace the real error with a traceback; the committed index stays as it was."""
    import errno

    from _index_helpers import make_article
    from whoosh.writing import SegmentWriter

    ix = tmp_path / "ix"
    build(ix)
    before = snapshot(ix)
    real_commit = SegmentWriter.commit

    def full_disk_commit(self, *args, **kwargs):
        self.is_closed = True  # as Whoosh leaves it when the failure comes late in commit()
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(SegmentWriter, "commit", full_disk_commit)
    with pytest.raises(IndexUnavailableError, match="No space left on device"), IndexWriter(ix) as w:
        w.add(make_article("A new one", ["Fresh text about vaccines."], source="/c/new.txt"))
        w.commit()
    monkeypatch.setattr(SegmentWriter, "commit", real_commit)
    assert {k: v for k, v in snapshot(ix).items() if k in before} == before
    assert open_reader(ix).search("vaccines").total == 0


def test_meta_file_is_readable_by_other_users(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        build(tmp_path / "ix")
    finally:
        os.umask(old)
    assert (tmp_path / "ix" / "kbio_meta.json").stat().st_mode & 0o777 == 0o644
