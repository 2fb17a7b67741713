"""files -> load (read + clean) -> extract -> index, with the CPU work in a process pool.

Workers read, clean and extract; the single Whoosh writer lives in this process and commits in
batches, so a kill loses at most the current batch and a re-run finishes the rest (committed
input is recognised by its hash and skipped before extraction).
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import multiprocessing.pool
import os
import resource
import signal
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kbio_tui.index import forget_inherited_locks, index_exists, open_writer, prepare_article
from kbio_tui.models import Article, IngestOutcome, IngestStatus
from kbio_tui.terminal_safe import path_text

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult
    from types import FrameType

    from kbio_tui.ingest import Part

    # what signal.signal takes and returns
    SignalHandler = Callable[[int, FrameType | None], object] | int | signal.Handlers | None

Progress = Callable[[int, int, str], None]  # (files done, files total, current file)
Message = Callable[[str], None]

COMMIT_EVERY = 500  # articles per commit at first
COMMIT_SECONDS = 10.0  # ... or this long since the last commit, whichever comes first
# A long run commits less often: each commit is a segment, and the fewer and bigger they are the less
# merging (which rewrites documents) keeps their number down.  Both bounds grow to this share of what
# the run has done so far, up to a cap, so a kill still loses at most ~COMMIT_SECONDS_MAX of work; the
# article cap also caps the writer's memory (~150 KB an article in the batch and Whoosh's pool).
COMMIT_GROWTH = 0.25
COMMIT_MAX = 1000
COMMIT_SECONDS_MAX = 30.0
WORKER_NICENESS = 5
WINDOW = 8  # files in flight per worker between commits
# Time one file may take in a worker before it is stopped and reported failed (a 6 MB text file of
# prose takes about 10 s here). KBIO_FILE_SECONDS overrides it, e.g. for a tighter cron job.
FILE_SECONDS = float(os.environ.get("KBIO_FILE_SECONDS", "300"))
# The parent looks at the task it waits for this often, and reports it failed once its worker is gone
# and BUDGET_GRACE seconds more than its budget have passed since it started (the worker's own alarm
# ends it at the budget).  A worker still running KILL_AFTER seconds past its budget did not die of
# its alarm (something in the task caught or blocked SIGALRM): the parent kills it.
POLL_SECONDS = 0.2
BUDGET_GRACE = 1.0
KILL_AFTER = 10.0
# Memory one file may add to a worker (a 6 MB text file of prose needs about 500 MB); beyond it the
# file fails with MemoryError. KBIO_FILE_MEMORY_MB overrides it; 0 turns the bound off.
FILE_MEMORY_MB = int(os.environ.get("KBIO_FILE_MEMORY_MB", "1024"))
_OVER_MEMORY = f"needed more than {FILE_MEMORY_MB} MB of memory: stopped"


class IngestInterrupted(Exception):
    """A stop signal: everything processed so far is committed; ``outcomes`` says what that was,
    ``signum`` which signal asked (the exit status is 128 + it, as a shell reports a signal)."""

    def __init__(self, outcomes: list[IngestOutcome], signum: int = signal.SIGINT):
        super().__init__("interrupted")
        self.outcomes = outcomes
        self.signum = int(signum)


# ---- worker side -------------------------------------------------------------------------------

# (source label, the engine's prepared article to write (opaque here), or the outcome)
Item = tuple[str, object | None, IngestOutcome | None]
Task = tuple[Path, "Part | None"]  # a file, or one part of a big JSON / JSON Lines file
Done = tuple[list[Item], list["Part"]]  # a task's items, and the parts of its file still to do

_known_searcher = None
_run_dir: Path | None = None  # where this worker's tasks leave their tokens (see _budgeted)
_budget = FILE_SECONDS


def _init_worker(index_dir: str | None, run_dir: str | None = None, budget: float = FILE_SECONDS) -> None:
    global _run_dir, _budget
    forget_inherited_locks()  # a worker never holds the ingest lock (see _HELD in locking.py)
    # The parent decides what Ctrl-C and a hang-up mean. SIGTERM must kill a worker, as the pool ends
    # its workers with it: a forked worker would otherwise inherit the parent's stop handler.  SIGALRM
    # keeps its default action, ending the worker: that is how a task's time budget stops it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    _run_dir = Path(run_dir) if run_dir is not None else None
    _budget = budget
    # The single writer is the bottleneck: with two workers on two cores, an equal share left it
    # two thirds of a core.  Lower-priority workers soak up whatever it leaves idle instead.
    with contextlib.suppress(OSError):
        os.nice(WORKER_NICENESS)
    _open_known(index_dir)
    _limit_memory(FILE_MEMORY_MB)


def _limit_memory(budget_mb: int) -> None:
    """Let this worker's address space grow by at most ``budget_mb`` beyond what it holds now, so a
    hostile file fails with MemoryError (reported for that file) instead of swapping the server.
    Measured from the current size because a forked worker starts with its parent's address space."""
    if budget_mb <= 0:
        return
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[0])
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = pages * os.sysconf("SC_PAGE_SIZE") + budget_mb * 1024 * 1024
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (OSError, ValueError):  # no /proc (not Linux) or a limit we may not set: no budget
        return


def _open_known(index_dir: str | None) -> None:
    global _known_searcher
    _known_searcher = None
    if index_dir and index_exists(Path(index_dir)):
        try:
            from kbio_tui.index import open_reader

            _known_searcher = open_reader(index_dir)
        except Exception:
            _known_searcher = None  # no shortcut: the writer still recognises unchanged input


def _is_known(article: Article) -> bool:
    if _known_searcher is None or not article.source_hash:
        return False
    return _known_searcher.has_source(article.source_file, article.source_record, article.source_hash)


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return f"{type(exc).__name__}: {text}"[:200]


def _failed(source: str, reason: str) -> Item:
    return (source, None, IngestOutcome(source=source, status=IngestStatus.FAILED, reason=reason))


def process_file(path: Path, part: Part | None = None) -> Done:
    """Load and extract one file, or one part of it; never raises (a broken file becomes a FAILED
    outcome). A whole big JSON or JSON Lines file is cut into parts here: this call does the first
    and returns the others, which the pipeline runs (and commits) one by one."""
    from kbio_tui.ingest import split_file

    rest: list[Part] = []
    if part is None:
        parts = split_file(path)
        if parts:
            part, rest = parts[0], parts[1:]
    return _process(path, part), rest


def _budgeted(token: str, path: Path, part: Part | None) -> Done:
    """``process_file`` in a pool worker, within the time budget.

    The worker's own alarm ends it when the budget is spent: the kernel stops it even inside C code
    (a regex), where nothing in Python could.  The alarm is armed only in here, so the worker can die
    only inside the task, never while it holds one of the pool's queue locks (in ``get`` or ``put``),
    which would hang every process that uses that queue after it.  The token file, there whenever the
    alarm can ring, tells the parent when the task started and in which process: the task is timed
    from its own start, not from when it was queued."""
    assert _run_dir is not None, "a budgeted task runs in a worker started by _init_worker with a run dir"
    mark = _run_dir / token
    started = time.monotonic()  # CLOCK_MONOTONIC: the same clock in the parent
    fresh = _run_dir / f"{token}.new"
    fresh.write_text(f"{os.getpid()} {started!r}")
    os.replace(fresh, mark)  # the parent never reads half a token
    signal.setitimer(signal.ITIMER_REAL, _budget)
    try:
        return process_file(path, part)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)  # before the token goes: no token, no alarm
        mark.unlink(missing_ok=True)


def _process(path: Path, part: Part | None) -> list[Item]:
    from kbio_tui.extract import extract
    from kbio_tui.ingest import load_file

    label = path_text(path)
    try:
        results = load_file(path, part)
    except MemoryError:
        return [_failed(label, _OVER_MEMORY)]
    except Exception as exc:
        return [_failed(label, _one_line(exc))]
    items: list[Item] = []
    for r in results:
        source = r.source or label
        if r.article is None:
            reason = r.error or "nothing could be read from this input"
            if getattr(r, "skipped", False):  # not an article at all (empty, binary, navigation only)
                skipped = IngestOutcome(source=source, status=IngestStatus.SKIPPED, reason=reason)
                items.append((source, None, skipped))
            else:
                items.append(_failed(source, reason))
            continue
        if _is_known(r.article):
            outcome = IngestOutcome(source=source, status=IngestStatus.UNCHANGED, article_id=r.article.id)
            items.append((source, None, outcome))
            continue
        try:
            # the index documents too (JSON, compression), here in parallel rather than in the
            # single writer process, which then receives a small pickle
            items.append((source, prepare_article(extract(r.article)), None))
        except MemoryError:
            items.append(_failed(source, _OVER_MEMORY))
        except Exception as exc:
            reason = f"extraction failed: {_one_line(exc)}"
            items.append(_failed(source, reason))
    return items


# ---- parent side -------------------------------------------------------------------------------


# Ctrl-C, `kill` / systemd's stop (SIGTERM) and a dropped SSH session (SIGHUP) all mean "stop": each
# commits what is done, as Ctrl-C always did, instead of dying with the batch uncommitted.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class _StopFlag:
    """A stop signal asks to stop between files, so it never lands inside a commit; a second aborts."""

    def __init__(self) -> None:
        self.requested = False
        self.signum: int = signal.SIGINT
        self._old: dict[int, SignalHandler] = {}

    def _handle(self, signum: int, frame: object) -> None:
        if self.requested:
            raise KeyboardInterrupt
        self.requested, self.signum = True, signum

    def __enter__(self) -> _StopFlag:
        if threading.current_thread() is threading.main_thread():
            self._old = {sig: signal.signal(sig, self._handle) for sig in STOP_SIGNALS}
        return self

    def __exit__(self, *exc: object) -> None:
        for sig, old in self._old.items():
            signal.signal(sig, old)


def commit_bounds(commit_every: int, done: int, elapsed: float) -> tuple[int, float]:
    """(articles, seconds) after which the batch is committed, for a run that has handled ``done``
    articles in ``elapsed`` seconds."""
    most = max(commit_every, COMMIT_MAX)
    articles = max(commit_every, min(most, int(COMMIT_GROWTH * done)))
    seconds = max(COMMIT_SECONDS, min(COMMIT_SECONDS_MAX, COMMIT_GROWTH * elapsed))
    return articles, seconds


def _results(
    files: list[Path], index_dir: Path, workers: int, ahead: Callable[[], int]
) -> Iterator[tuple[Path, list[Item], int]]:
    """(file, items, tasks known so far) for each task: each file, or each part of a big one, in
    order, a file's later parts as soon as its first is done. With workers, a task that takes
    longer than ``FILE_SECONDS`` from its own start is ended by its worker's alarm (see ``_budgeted``)
    and reported failed; the pool replaces the dead worker and the tasks beside it run on, so one
    hostile file can neither stall the run nor keep the lock held.  The pool is never terminated on
    the way: ``Pool.terminate`` can hang for good when a worker is inside a queue operation (writing a
    big result, or idle in ``get``), so only an abnormal exit uses it.  ``workers <= 1`` runs in this
    process, unbounded, as the first-run seed build does."""
    todo: deque[Task] = deque((f, None) for f in files)
    total = len(files)
    if workers <= 1:
        _open_known(str(index_dir))
        while todo:
            f, part = todo.popleft()
            items, rest = process_file(f, part)
            todo.extendleft((f, p) for p in reversed(rest))
            total += len(rest)
            yield f, items, total
        return
    method = "fork" if threading.active_count() == 1 else "forkserver"
    ctx = multiprocessing.get_context(method)
    if method == "fork":
        # Forked workers (and the pool's replacements for dead ones) then start with the extractor
        # loaded, instead of each importing it on its first file, inside that file's time budget.
        import kbio_tui.extract
        import kbio_tui.ingest  # noqa: F401

    tokens = (str(n) for n in itertools.count())
    # A part holds up to a thousand articles: at most one more than there are workers is in flight,
    # so finished parts never pile up in this process while the writer catches up.
    most_parts = workers + 1
    # the tasks' tokens (see _budgeted); removed once the pool's workers are gone
    with tempfile.TemporaryDirectory(prefix="kbio-ingest-", ignore_cleanup_errors=True) as run_dir:
        pool = _Pool(workers, _init_worker, (str(index_dir), run_dir, FILE_SECONDS), context=ctx)

        def fill(window: deque[_InFlight]) -> None:
            parts = sum(1 for _f, part, _t, _p in window if part is not None)
            while todo and len(window) < max(1, ahead()):
                f, part = todo[0]
                if part is not None:
                    if parts >= most_parts:
                        break
                    parts += 1
                todo.popleft()
                token = next(tokens)
                window.append((f, part, token, pool.apply_async(_budgeted, (token, f, part))))

        ended = False
        try:
            # A bounded window instead of imap: imap has no back-pressure, so fast workers would pile
            # up thousands of extracted articles in this process while the writer catches up.  The
            # window still covers a whole commit batch: Whoosh does its work at commit time, and
            # workers that ran out of files during the commit left a core idle for seconds (~18 KB a
            # file in flight).
            # ``ahead()`` grows with the commit size.
            window: deque[_InFlight] = deque()
            fill(window)
            while window:
                f, part, token, pending = window.popleft()
                done = _wait(pending, Path(run_dir, token))
                if done is None:
                    pool.forget(pending)
                    where = f" ({_part_label(part)})" if part is not None else ""
                    stopped = f"took longer than {FILE_SECONDS:g} s: stopped"
                    items, rest = [_failed(path_text(f) + where, stopped)], []
                else:
                    items, rest = done
                todo.extendleft((f, p) for p in reversed(rest))
                total += len(rest)
                fill(window)
                yield f, items, total
            pool.close()
            pool.join()
            ended = True
        finally:
            if not ended:  # an exception, a second Ctrl-C, or the caller stopped early
                pool.terminate()
                pool.join()


_InFlight = tuple[Path, "Part | None", str, "AsyncResult[Done]"]  # a task, its token, its result


class _Pool(multiprocessing.pool.Pool):
    """A process pool that can forget a task whose worker died.

    The pool replaces a dead worker, but never completes the task that was in it, and ``close()`` then
    ``join()`` wait for every task the pool has not completed: for ever.  Its books are CPython's
    private ``_cache`` of a Pool (job number -> result; emptying it wakes the pool's worker thread), as
    in every version since 3.8; if they ever change, ``forget`` raises instead of leaving a run that
    never ends."""

    def forget(self, task: AsyncResult[Done]) -> None:
        books = self._cache  # type: ignore[attr-defined]
        for job, result in list(books.items()):
            if result is task:
                with contextlib.suppress(KeyError):  # the pool's result thread was first after all
                    del books[job]
                return
        if not task.ready():  # neither in the books nor completed: they are kept some other way
            raise RuntimeError("cannot drop a task from this multiprocessing.Pool: its books have changed")


def _wait(pending: AsyncResult[Done], mark: Path) -> Done | None:
    """The task's result, or None once it has overrun its budget and its worker is gone (or killed).

    No token file means the task has not started yet, or has finished and its result is on its way:
    either way it is not over its budget.  A worker that died of its alarm is replaced by the pool
    itself; only the task that was in it is lost."""
    while True:
        try:
            return pending.get(timeout=POLL_SECONDS)
        except multiprocessing.TimeoutError:
            pass
        token = _read_token(mark)
        if token is None:
            continue
        pid, started = token
        late = time.monotonic() - started - FILE_SECONDS
        if late < BUDGET_GRACE:
            continue
        if _running(pid):
            if late < KILL_AFTER or _read_token(mark) != token:  # not yet, or it has just finished
                continue
            # still inside the task (its token is there), so holding none of the pool's locks
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        return None


def _read_token(mark: Path) -> tuple[int, float] | None:
    """(worker pid, start on the monotonic clock) of a started task, or None."""
    try:
        pid, started = mark.read_text().split()
        return int(pid), float(started)
    except (OSError, ValueError):
        return None


def _running(pid: int) -> bool:
    """Whether the process is alive; a dead worker that its pool has not reaped yet is a zombie."""
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):  # gone (its pid perhaps taken by another user)
        return False
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (OSError, IndexError):  # no /proc (not Linux): the next look, once it is reaped, tells
        return True
    return state not in ("Z", "X")


def _part_label(part: Part) -> str:
    return f"from line {part.line}" if part.line else f"records {part.start + 1}-{part.end}"


def ingest_paths(
    paths: Sequence[str | Path],
    index_dir: Path | str,
    progress: Progress | None = None,
    workers: int = 2,
    commit_every: int = COMMIT_EVERY,
    *,
    rebuild: bool = False,
    lock_timeout: float = 10.0,
    on_message: Message | None = None,
    follow_links: bool = False,
) -> list[IngestOutcome]:
    """Ingest files/folders/globs into the index; one outcome per input record, in input order
    except that the later parts of a big JSON / JSON Lines file come a few files after its first
    (links refused out of a folder last)."""
    from kbio_tui.ingest import iter_input_files
    from kbio_tui.ingest.files import Refused

    index_dir = Path(index_dir)
    refused: Refused = []
    files = list(iter_input_files([Path(p) for p in paths], follow_links=follow_links, refused=refused))
    outcomes: list[IngestOutcome] = []
    stop = _StopFlag()
    with open_writer(index_dir, rebuild=rebuild, timeout=lock_timeout, on_message=on_message) as writer, stop:
        start = last_commit = time.monotonic()
        every, seconds = commit_bounds(commit_every, 0, 0.0)
        for done, (path, items, total) in enumerate(
            # the lambda reads the current bound on purpose: the window grows with the commits
            _results(files, writer.work_dir, workers, lambda: every + WINDOW * workers),  # noqa: B023
            start=1,
        ):
            for _source, prepared, outcome in items:
                if outcome is None:
                    assert prepared is not None  # an item carries its article or its outcome
                    outcome = writer.add(prepared)
                outcomes.append(outcome)
            if writer.pending >= every or (writer.pending and time.monotonic() - last_commit > seconds):
                writer.commit()
                last_commit = time.monotonic()
                every, seconds = commit_bounds(commit_every, len(outcomes), last_commit - start)
            if progress is not None:
                progress(done, total, str(path))
            if stop.requested:
                break
        writer.commit()
        if stop.requested:
            raise IngestInterrupted(outcomes, stop.signum)
    outcomes += [  # a folder that cannot be read is a failure: the user must act on it
        IngestOutcome(
            source=path_text(p.absolute()),  # as every other outcome names its file
            status=IngestStatus.FAILED if why.startswith("cannot read") else IngestStatus.SKIPPED,
            reason=why,
        )
        for p, why in refused
    ]
    return outcomes
