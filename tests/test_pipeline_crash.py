"""Real `kbio-tui ingest` processes killed with -9, interrupted with Ctrl-C, or run two at once."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from _pipeline_helpers import ROOT, cli_cmd, run_cli, write_corpus

from kbio_tui import pipeline
from kbio_tui.index import IndexWriter, index_exists, open_reader
from kbio_tui.index.locking import IngestLock
from kbio_tui.pipeline import BUDGET_GRACE, commit_bounds

N_FILES = 240


def committed_ids(ix: Path) -> set[str]:
    if not index_exists(ix):  # killed before its first commit
        return set()
    r = open_reader(ix)
    try:
        return {a.id for a in r.recent_articles(limit=10_000)}
    finally:
        r.close()


def start_ingest(corpus: Path, ix: Path, *extra: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "KBIO_INDEX"}
    return subprocess.Popen(
        cli_cmd("ingest", str(corpus), "--index", str(ix), "--commit-every", "10", *extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
        start_new_session=True,  # so the kill reaches the worker processes too
    )


def wait_for(path: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.01)


def test_kill_9_at_random_points_never_loses_committed_work(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, N_FILES)
    ix = tmp_path / "ix"
    rng = random.Random(20251215)
    before: set[str] = set()
    kills = 0
    for _ in range(4):
        proc = start_ingest(corpus, ix)
        wait_for(ix / "ingest.pid")  # the run holds the lock and is working
        time.sleep(rng.uniform(0.05, 0.6))
        if proc.poll() is not None:
            break  # finished before we could kill it
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=30)
        kills += 1
        after = committed_ids(ix)  # the index always opens
        assert before <= after, "an article committed before a kill was lost"
        before = after
    assert kills >= 2
    assert len(before) < N_FILES  # we did interrupt real work
    final = run_cli("ingest", str(corpus), "--index", str(ix))
    assert final.returncode == 0, final.stderr
    assert "cleared a stale lock left by a killed ingest" in final.stderr
    assert final.stdout.splitlines()[0] == (
        f"{N_FILES - len(before)} added, 0 updated, {len(before)} unchanged, 0 skipped, 0 failed"
    )
    assert len(committed_ids(ix)) == N_FILES


@pytest.mark.parametrize(
    ("signum", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGHUP, 129)]
)
def test_a_stop_signal_commits_what_is_done_and_exits_cleanly(
    tmp_path: Path, signum: int, status: int
) -> None:
    """Ctrl-C, systemd's stop (SIGTERM) and a dropped SSH session (SIGHUP) all commit the batch."""
    corpus = tmp_path / "corpus"
    write_corpus(corpus, N_FILES)
    ix = tmp_path / "ix"
    proc = start_ingest(corpus, ix)
    wait_for(ix / "ingest.pid")
    deadline = time.monotonic() + 60
    while not committed_ids(ix):  # let at least one batch land first
        assert time.monotonic() < deadline and proc.poll() is None
        time.sleep(0.02)
    os.kill(proc.pid, signum)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == status, err
    assert "Traceback" not in err
    assert "interrupted: what was processed is committed" in err
    added = int(out.split(" added")[0])
    assert 0 < added < N_FILES
    assert len(committed_ids(ix)) == added
    assert not (ix / "ingest.pid").exists()
    rerun = run_cli("ingest", str(corpus), "--index", str(ix))
    assert rerun.returncode == 0
    assert len(committed_ids(ix)) == N_FILES


def test_second_ingest_waits_then_both_land(tmp_path: Path) -> None:
    write_corpus(tmp_path / "a", 30)
    write_corpus(tmp_path / "b", 30, start=1000)
    ix = tmp_path / "ix"
    p1 = start_ingest(tmp_path / "a", ix, "--wait", "60")
    p2 = start_ingest(tmp_path / "b", ix, "--wait", "60")
    r1, r2 = p1.communicate(timeout=120), p2.communicate(timeout=120)
    assert (p1.returncode, p2.returncode) == (0, 0), (r1, r2)
    assert len(committed_ids(ix)) == 60


def test_busy_index_is_a_one_line_error(tmp_path: Path) -> None:
    write_corpus(tmp_path / "a", 2)
    ix = tmp_path / "ix"
    with IndexWriter(ix):
        res = run_cli("ingest", str(tmp_path / "a"), "--index", str(ix), "--wait", "0.2")
    assert res.returncode == 1
    assert res.stderr.splitlines() == [
        "kbio-tui: waiting for another ingest to finish...",
        f"kbio-tui: another ingest is running (pid {os.getpid()}) on {ix}; try again when it finishes",
    ]


def _commit_points(articles: int, commit_every: int) -> list[int]:
    """Articles committed after each commit of a run of one-article files, as the pipeline counts."""
    points, pending, every = [0], 0, commit_bounds(commit_every, 0, 0.0)[0]
    for done in range(1, articles + 1):
        pending += 1
        if pending >= every:
            points.append(done)
            pending, every = 0, commit_bounds(commit_every, done, 0.0)[0]
    return [*points, articles]


def test_searches_during_an_ingest_see_whole_commits(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 120)
    ix = tmp_path / "ix"
    write_corpus(tmp_path / "first", 5, start=5000)
    assert run_cli("ingest", str(tmp_path / "first"), "--index", str(ix)).returncode == 0
    proc = start_ingest(corpus, ix)
    whole = {5 + n for n in _commit_points(120, 10)}  # the run's commits (by count; it is well under 10 s)
    totals = []
    searches = []
    while proc.poll() is None and len(searches) < 8:
        searches.append(
            subprocess.Popen(
                cli_cmd("search", "pipeline", "--json", "--limit", "1", "--index", str(ix)),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                cwd=ROOT,
            )
        )
        time.sleep(0.05)
    for s in searches:
        out, err = s.communicate(timeout=60)
        assert s.returncode == 0, err
        total = json.loads(out)["total"]
        totals.append(total)
        assert total in whole, f"{total} articles is not a commit boundary {sorted(whole)}"
    proc.communicate(timeout=120)
    assert proc.returncode == 0
    assert len(searches) >= 4


_PARENT = """
import os, sys, time
from pathlib import Path
from kbio_tui.index.locking import IngestLock
from kbio_tui.pipeline import _init_worker
ix = Path(sys.argv[1])
IngestLock(ix, timeout=5).acquire()
child = os.fork()
if child == 0:  # a pool worker, busy on a slow file when its parent is killed
    _init_worker(None)
    time.sleep(60)
    os._exit(0)
(ix / "worker.pid.tmp").write_text(str(child))
os.replace(ix / "worker.pid.tmp", ix / "worker.pid")  # whole: the test reads it as soon as it appears
time.sleep(60)
"""


def test_a_worker_outliving_a_killed_parent_does_not_hold_the_lock(tmp_path: Path) -> None:
    """Only the parent dies (cron's timeout, the OOM killer) while a worker is busy: the next ingest
    must not wait for the orphan, which inherited the lock's descriptor at fork."""
    ix = tmp_path / "ix"
    ix.mkdir()
    parent = subprocess.Popen([sys.executable, "-c", _PARENT, str(ix)], cwd=ROOT)
    try:
        wait_for(ix / "worker.pid")
        worker = int((ix / "worker.pid").read_text())
        parent.kill()
        parent.wait(timeout=10)
        os.kill(worker, 0)  # the orphan is still running
        lock = IngestLock(ix, timeout=2)
        lock.acquire()  # IndexBusyError here if the orphan still held the lock
        lock.release()
    finally:
        with contextlib.suppress(ProcessLookupError, FileNotFoundError, ValueError):
            os.kill(int((ix / "worker.pid").read_text()), signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):
            parent.kill()


def quoted_page(paragraphs: int, seed: int = 3, title: str = "A very long page") -> str:
    """A page quoted throughout, whose extraction takes about 0.35 ms of CPU a paragraph here."""
    rng = random.Random(seed)
    words = "the company said that its plant will open next year and sales rose again".split()  # noqa: SIM905
    names = ["Park Min-jun", "Lee Seo-yeon", "Kim Do-hyun", "Choi Ji-woo"]
    return f"{title}\n\n" + "\n\n".join(
        f'"{" ".join(rng.choice(words) for _ in range(12))}," {rng.choice(names)}, chief executive of '
        f"Hanmi Pharmaceutical, said. " + " ".join(rng.choice(words) for _ in range(20)) + "."
        for _ in range(paragraphs)
    )


SLOW_PAGE = 8_200  # paragraphs: just under the one-article cap, about 3 CPU seconds of extraction here


def test_a_file_over_its_time_budget_fails_alone_and_the_run_goes_on(tmp_path: Path) -> None:
    """A worker stuck on one file is ended and replaced: that file fails with the reason, the files
    around it are ingested, and the run ends instead of holding the lock for as long as the file takes."""
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 6)
    (corpus / "zz_slow.txt").write_text(quoted_page(SLOW_PAGE), encoding="utf-8")
    env = {"KBIO_FILE_SECONDS": "1"}
    started = time.monotonic()
    res = run_cli("ingest", str(corpus), "--index", str(tmp_path / "ix"), "--workers", "2", env=env)
    elapsed = time.monotonic() - started
    assert res.returncode == 1, res.stderr
    assert res.stdout.splitlines()[0] == "6 added, 0 updated, 0 unchanged, 0 skipped, 1 failed"
    assert f"failed: {corpus / 'zz_slow.txt'}: took longer than 1 s: stopped" in res.stdout
    assert elapsed < 30


# ingest_paths in a fresh process with two workers, as `kbio-tui ingest` runs it (forked workers: this
# process has one thread when the pool starts), with a time budget and the parent's last resort set
# from the arguments, Pool.terminate recording its calls, and the tasks' token folder made in a
# known place; "deaf" workers ignore SIGALRM, as a task that caught it would.  With a "watch" file,
# when that file is reported the worker whose task overran its budget (the one whose token is older
# than the budget) is looked up: how late past its budget it is, is it gone, and which workers does
# the pool have then.
_BUDGET_RUN = """
import json, multiprocessing.pool, signal, sys, tempfile, time
from pathlib import Path
import psutil
from kbio_tui import pipeline

args = json.loads(sys.argv[1])
pipeline.FILE_SECONDS = args["budget"]
pipeline.KILL_AFTER = args["kill_after"]
pipeline.POLL_SECONDS = args["poll"]
tempfile.tempdir = args["tmp"]
terminated = []
terminate = multiprocessing.pool.Pool.terminate

def recording_terminate(pool):
    terminated.append(time.monotonic())
    terminate(pool)

multiprocessing.pool.Pool.terminate = recording_terminate
init_worker = pipeline._init_worker

def deaf_worker(*init_args):
    init_worker(*init_args)
    signal.signal(signal.SIGALRM, signal.SIG_IGN)

if args.get("deaf"):
    pipeline._init_worker = deaf_worker
report = {"reported": [], "overdue": None}

def overdue_worker():
    (run_dir,) = Path(args["tmp"]).glob("kbio-ingest-*")
    now = time.monotonic()
    tokens = []
    for mark in run_dir.iterdir():
        try:
            tokens.append([float(n) for n in mark.read_text().split()])
        except FileNotFoundError:  # that task has just finished
            pass
    overdue = [(int(p), now - t - args["budget"]) for p, t in tokens if now - t > args["budget"]]
    if len(overdue) != 1:
        return {"overdue tasks": len(overdue)}
    ((pid, late),) = overdue
    deadline = now + 10
    while True:  # the pool notices a dead worker within 0.1 s; a loaded machine may take longer
        workers = {child.pid for child in psutil.Process().children()}
        if (pid not in workers and len(workers) == 2) or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    return {"pid": pid, "late": late, "exists": psutil.pid_exists(pid), "workers": sorted(workers)}

def progress(done, total, current):
    report["reported"].append(time.monotonic())
    if current == args.get("watch"):
        report["overdue"] = overdue_worker()

outcomes = pipeline.ingest_paths(args["paths"], args["index"], progress=progress, workers=2)
report["outcomes"] = [[o.source, o.status.value, o.reason] for o in outcomes]
report["terminated"] = len(terminated)
print(json.dumps(report))
"""


def budget_run(tmp_path: Path, paths: list[Path], budget: float, **extra: object) -> dict:
    args = {
        "budget": budget,
        "kill_after": 10.0,
        "poll": 0.2,
        "tmp": str(tmp_path / "tmp"),
        "paths": [str(p) for p in paths],
        "index": str(tmp_path / "ix"),
        **extra,
    }
    (tmp_path / "tmp").mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-c", _BUDGET_RUN, json.dumps(args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        start_new_session=True,  # so a hung run's workers go with it
    )
    try:
        out, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail("the run hung")
    assert proc.returncode == 0, err
    return json.loads(out)


@pytest.mark.parametrize(
    ("deaf", "kill_after"), [(False, 60.0), (True, 1.0)], ids=["its-alarm", "the-parents-last-resort"]
)
def test_a_file_over_its_time_budget_ends_its_worker_and_not_the_pool(
    tmp_path: Path, deaf: bool, kill_after: float
) -> None:
    """The worker's own alarm ends it (the parent's last resort is out of reach), or, when the alarm
    cannot (the worker ignores SIGALRM), the parent kills it: the pool is never terminated
    (Pool.terminate can hang for good when a worker is inside a queue operation), the dead worker is
    replaced, and the files queued before and after the slow one are all ingested."""
    write_corpus(tmp_path / "before", 4)
    slow = tmp_path / "slow.txt"
    slow.write_text(quoted_page(SLOW_PAGE), encoding="utf-8")
    write_corpus(tmp_path / "after", 4, start=100)
    paths = [tmp_path / "before", slow, tmp_path / "after"]
    report = budget_run(tmp_path, paths, 1.0, kill_after=kill_after, deaf=deaf, watch=str(slow))
    assert report["terminated"] == 0
    statuses = {Path(source).name: (status, reason) for source, status, reason in report["outcomes"]}
    assert statuses.pop("slow.txt") == ("failed", "took longer than 1 s: stopped")
    assert len(statuses) == 8 and {s for s, _ in statuses.values()} == {"added"}
    overdue = report["overdue"]
    assert "pid" in overdue, overdue
    assert BUDGET_GRACE <= overdue["late"] < 60  # so with its alarm, it was not the last resort
    assert not overdue["exists"], "the worker that overran its budget is still there"
    assert len(overdue["workers"]) == 2 and overdue["pid"] not in overdue["workers"]
    assert len(committed_ids(tmp_path / "ix")) == 8


def test_a_task_is_timed_from_its_own_start_not_from_when_it_was_queued(tmp_path: Path) -> None:
    """Files that each take a fraction of the budget all land, though with two workers the last of them
    finish long after the budget and its grace since they were queued.  The parent's last resort
    (killing a worker still running past its budget) is set to act at once and the parent looks often,
    so a parent that timed a task from its queueing would kill workers busy on files well within their
    budget; a worker alarm that counted more than one task would ring too."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    # about 0.1 CPU seconds each here, and up to ten times that on a loaded machine: within 2 s
    for i in range(96):
        (corpus / f"long_{i:02d}.txt").write_text(quoted_page(300, seed=i, title=f"Long page {i}"))
    budget = 2.0
    report = budget_run(tmp_path, [corpus], budget, kill_after=0.0, poll=0.02)
    assert report["terminated"] == 0
    assert [(status, reason) for _source, status, reason in report["outcomes"]] == [("added", None)] * 96
    first, last = report["reported"][0], report["reported"][-1]
    assert last - first > budget + BUDGET_GRACE, "the files were too quick to make the point"


def test_a_budgeted_task_leaves_no_alarm_and_no_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The alarm can ring only inside a task, even one that raises: after it none is armed (an idle
    worker ended by it could die holding the task queue's lock, and hang every other worker) and its
    token is gone (else the parent would take the finished task for one still running)."""
    (page,) = write_corpus(tmp_path / "corpus", 1)
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    monkeypatch.setattr(pipeline, "_run_dir", run_dir)
    monkeypatch.setattr(pipeline, "_budget", 60.0)
    seen: list[tuple[float, list[str]]] = []
    process_file = pipeline.process_file

    def observed(path: Path, part: object = None, fail: bool = False) -> object:
        seen.append((signal.getitimer(signal.ITIMER_REAL)[0], [m.name for m in run_dir.iterdir()]))
        if fail:
            raise RuntimeError("a task that raises")
        return process_file(path)

    try:
        monkeypatch.setattr(pipeline, "process_file", observed)
        items, rest = pipeline._budgeted("7", page, None)
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0) and not list(run_dir.iterdir())
        monkeypatch.setattr(pipeline, "process_file", functools.partial(observed, fail=True))
        with pytest.raises(RuntimeError, match="a task that raises"):
            pipeline._budgeted("8", page, None)
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0) and not list(run_dir.iterdir())
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)  # never let SIGALRM end the test process
    assert [left for left, _ in seen] and all(55 < left <= 60 for left, _ in seen)
    assert [names for _, names in seen] == [["7"], ["8"]]
    assert items[0][2] is None and rest == []  # the page was extracted


def test_a_file_over_its_memory_budget_fails_alone(tmp_path: Path) -> None:
    """A page that needs more memory than a worker may add fails with the reason; the others land."""
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 4)
    rng = random.Random(5)
    words = "the company said that its plant will open next year and sales rose again".split()  # noqa: SIM905
    sentences = (" ".join(rng.choice(words) for _ in range(40)).capitalize() + "." for _ in range(9_000))
    (corpus / "zz_big.txt").write_text("A very long page\n\n" + "\n\n".join(sentences), encoding="utf-8")
    env = {"KBIO_FILE_MEMORY_MB": "30"}
    res = run_cli("ingest", str(corpus), "--index", str(tmp_path / "ix"), "--workers", "2", env=env)
    assert res.returncode == 1, res.stderr
    assert res.stdout.splitlines()[0] == "4 added, 0 updated, 0 unchanged, 0 skipped, 1 failed"
    assert f"failed: {corpus / 'zz_big.txt'}: needed more than 30 MB of memory: stopped" in res.stdout


def test_readers_see_the_old_index_until_a_rebuild_swaps_in(tmp_path: Path) -> None:
    """`--rebuild` builds beside the live index: every reader during the run sees all the old articles
    (never 0, never a part of the new ones) until the swap, then all the new ones."""
    ix = tmp_path / "ix"
    write_corpus(tmp_path / "old", 30, start=5000)
    assert run_cli("ingest", str(tmp_path / "old"), "--index", str(ix)).returncode == 0
    old = committed_ids(ix)
    write_corpus(tmp_path / "new", 90)
    proc = start_ingest(tmp_path / "new", ix, "--rebuild", "--workers", "1")
    seen: list[int] = []
    while proc.poll() is None:
        ids = committed_ids(ix)
        seen.append(len(ids))
        assert ids == old or len(ids) == 90, f"a reader saw {len(ids)} articles during the rebuild"
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert out.splitlines()[0].startswith("90 added")
    new = committed_ids(ix)
    assert len(new) == 90 and not new & old
    assert seen.count(30) >= 3  # the readers really ran while the new index was being built
    assert not (ix / ".rebuild").exists()
    assert sorted(p.name for p in ix.glob("_MAIN_*.toc")) == [f"_MAIN_{max_gen(ix)}.toc"]


def max_gen(ix: Path) -> int:
    return max(int(p.stem.rsplit("_", 1)[1]) for p in ix.glob("_MAIN_*.toc"))


def test_a_stopped_rebuild_leaves_the_live_index_as_it_was(tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    write_corpus(tmp_path / "old", 12, start=5000)
    assert run_cli("ingest", str(tmp_path / "old"), "--index", str(ix)).returncode == 0
    old = committed_ids(ix)
    write_corpus(tmp_path / "new", 200)
    proc = start_ingest(tmp_path / "new", ix, "--rebuild", "--workers", "1")
    wait_for(ix / ".rebuild" / "kbio_meta.json")
    time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGTERM)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err
    assert "the rebuild was abandoned and the index is as it was" in err
    assert committed_ids(ix) == old
    assert not (ix / ".rebuild").exists()
    # a rebuild killed outright leaves its staging folder, which the next writer clears
    proc = start_ingest(tmp_path / "new", ix, "--rebuild", "--workers", "1")
    wait_for(ix / ".rebuild" / "kbio_meta.json")
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)
    assert committed_ids(ix) == old
    assert run_cli("ingest", str(tmp_path / "old"), "--index", str(ix)).returncode == 0
    assert not (ix / ".rebuild").exists() and committed_ids(ix) == old
