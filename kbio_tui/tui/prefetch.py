"""The first article list, read by a child process while the browser imports Textual and draws.

The fallback for an index without a current front page (``index/front_page.py``: the rows its last
writer left, which the browser draws in its first frame); an index written by this version has one.

Start-up is one CPU-bound interpreter: importing Textual, composing the first frame, then importing
Whoosh's reading side, opening the index and reading the newest articles all wait for one another.
``start`` launches ``python -m kbio_tui.tui.prefetch INDEX`` before Textual is imported; the child
opens the index, reads the latest rows and writes them to its stdout as plain values, then exits.  On
a machine with a second free core the rows are there by the time the first frame is drawn, and the
main screen shows them while the browser opens its own reader (which then reloads the list from its
own snapshot).  Without a spare core the child only competes with the browser for the same CPU (the
bench measured it slower than no child at a load of 5 on 2 cores), so it is started only when the
one-minute load average leaves a core idle (``spare_core``).  If the child is not done when the first
frame is drawn, the browser opens the index at once as it would without it and shows whichever list
comes first; it never waits for the child longer than ``WAIT_SECONDS``.  ``KBIO_PREFETCH=off`` turns
the child off and ``KBIO_PREFETCH=on`` starts it whatever the load (the bench compares them).

Nothing here imports Textual: ``start`` runs before it is imported.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import select
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kbio_tui.index.summary import ArticleSummary

ENV = "KBIO_PREFETCH"
ROWS = 200  # the main screen's ARTICLE_LIMIT (a test holds them equal): Textual is not imported yet
WAIT_SECONDS = 2.0  # the longest the browser waits for the child before opening the index itself
_MAX_BYTES = 16 << 20  # a sane bound on what the child may send


class Prefetch:
    """A child process reading the newest article rows of an index."""

    def __init__(self, proc: subprocess.Popen[bytes]) -> None:
        self._proc = proc
        self._done = False

    def finished(self) -> bool:
        """The child has exited (its rows, if any, wait in the pipe)."""
        return self._proc.poll() is not None

    def rows(self, timeout: float = WAIT_SECONDS) -> list[ArticleSummary] | None:
        """The child's rows, or None if it failed, sent nothing usable or took longer than
        ``timeout``.  Call once, from a worker thread: it blocks (without holding the GIL)."""
        from kbio_tui.index.summary import ArticleSummary

        if self._done or self._proc.stdout is None:
            return None
        self._done = True
        fd = self._proc.stdout.fileno()
        data = bytearray()
        deadline = time.monotonic() + timeout
        try:
            while len(data) <= _MAX_BYTES:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([fd], [], [], left)[0]:
                    return None
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    break
                data += chunk
            if self._proc.wait(timeout=max(0.1, deadline - time.monotonic())) != 0:
                return None
            return [
                ArticleSummary.from_meta(
                    {"id": i, "title": t, "outlet": o, "author": a, "published": p, "source_file": f}
                )
                for i, t, o, a, p, f in marshal.loads(bytes(data))
            ]
        except (OSError, EOFError, ValueError, TypeError, subprocess.TimeoutExpired):
            return None
        finally:
            self.close()

    def close(self) -> None:
        """Stop listening; a child still reading ends when its write finds the pipe closed."""
        with contextlib.suppress(OSError):
            if self._proc.stdout is not None:
                self._proc.stdout.close()
        if self._proc.poll() is None:
            with contextlib.suppress(OSError):
                self._proc.kill()
        with contextlib.suppress(OSError, subprocess.TimeoutExpired):
            self._proc.wait(timeout=1.0)


def spare_core() -> bool:
    """At least two cores, and the one-minute load average below their number minus one."""
    cores = os.cpu_count() or 1
    try:
        load = os.getloadavg()[0]
    except OSError:
        return False
    return cores >= 2 and load < cores - 1


def start(index_dir: Path, limit: int = ROWS) -> Prefetch | None:
    """Start the child (before Textual is imported); None where it is turned off, no core is spare
    or it cannot start."""
    setting = os.environ.get(ENV, "").strip().lower()
    if setting in ("off", "0", "no", "false") or (setting != "on" and not spare_core()):
        return None
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", __name__, str(index_dir), str(limit)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # the terminal belongs to the browser
        )
    except OSError:
        return None
    return Prefetch(proc)


def main(argv: list[str]) -> int:
    """The child: the latest rows of ``argv[0]`` (``argv[1]`` of them) to stdout, marshalled."""
    from kbio_tui.index import open_reader

    reader = open_reader(Path(argv[0]))
    rows = reader.recent_articles(limit=int(argv[1]))
    sys.stdout.buffer.write(
        marshal.dumps(
            [
                (r.id, r.title, r.outlet, r.author, r.published and r.published.isoformat(), r.source_file)
                for r in rows
            ]
        )
    )
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
