"""The ingest lock: an OS file lock (released by the kernel when its holder dies) plus a pid file.

An OS lock cannot go stale, but the pid file a killed ingest leaves behind tells us one was
killed, so the next ingest can say so instead of silently carrying on.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Callable
from pathlib import Path

from kbio_tui.index.api import IndexBusyError

LOCK_FILE = "INGEST_LOCK"
PID_FILE = "ingest.pid"


# Lock descriptors this process holds. A forked worker inherits them; if it kept its copy, a parent
# killed with -9 would leave the lock held by its orphaned workers, and every later ingest would wait
# for a dead pid. Workers close their copies first thing (closing a copy never releases the lock).
_HELD: set[int] = set()


def forget_inherited_locks() -> None:
    """In a forked child: close the inherited copies of the parent's lock descriptors."""
    while _HELD:
        fd = _HELD.pop()
        with contextlib.suppress(OSError):
            os.close(fd)


def _read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text(encoding="ascii").strip() or 0) or None
    except (OSError, ValueError):
        return None


class IngestLock:
    def __init__(
        self, index_dir: Path, timeout: float = 10.0, on_message: Callable[[str], None] | None = None
    ):
        self.index_dir = index_dir
        self.timeout = timeout
        self.on_message = on_message or (lambda _m: None)
        self._fd: int | None = None

    def acquire(self) -> None:
        lock_path = self.index_dir / LOCK_FILE
        pid_path = self.index_dir / PID_FILE
        fd = os.open(lock_path, os.O_CREAT | os.O_RDWR, 0o664)
        deadline = time.monotonic() + max(0.0, self.timeout)
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    pid = _read_pid(pid_path)
                    who = f" (pid {pid})" if pid else ""
                    raise IndexBusyError(
                        f"another ingest is running{who} on {self.index_dir}; try again when it finishes"
                    ) from None
                if not told:
                    self.on_message("waiting for another ingest to finish...")
                    told = True
                time.sleep(0.1)
        self._fd = fd
        _HELD.add(fd)
        stale = _read_pid(pid_path)
        if stale is not None and stale != os.getpid():
            self.on_message(f"cleared a stale lock left by a killed ingest (pid {stale})")
        tmp = self.index_dir / f".{PID_FILE}.{os.getpid()}"
        try:
            tmp.write_text(f"{os.getpid()}\n", encoding="ascii")
            os.replace(tmp, pid_path)
        except OSError:
            # the pid file only makes messages friendlier; the OS lock is what protects the index
            tmp.unlink(missing_ok=True)

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            (self.index_dir / PID_FILE).unlink(missing_ok=True)
        finally:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            _HELD.discard(self._fd)
            os.close(self._fd)
            self._fd = None
