"""Run code with a directory made read-only (or full) by an audit hook, for tests run as root too.

chmod does not stop root, so the subprocess under test installs this hook: every attempt to
write, create, rename or delete under the directory is recorded and, in the deny modes, fails
the way a read-only or full file system would.
"""

from __future__ import annotations

import errno
import json
import os
import sys

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_PATH_EVENTS = {
    "os.rename": 0,
    "os.remove": 0,
    "os.mkdir": 0,
    "os.rmdir": 0,
    "os.truncate": 0,
    "os.chmod": 0,
    "shutil.rmtree": 0,
    "os.symlink": 1,
    "os.link": 1,
}


def install(directory: str, mode: str, report: str) -> None:
    """mode: record | readonly (EROFS on any write) | full (ENOSPC when creating a new file)."""
    root = os.path.realpath(directory)
    events: list[str] = []

    def under(path: object) -> bool:
        if isinstance(path, int) or path is None:
            return False
        p = os.path.realpath(os.fsdecode(path))
        return p == root or p.startswith(root + os.sep)

    def hook(event: str, args: tuple) -> None:
        if event == "open" and args and under(args[0]):
            path, fmode, flags = args
            writing = bool(flags & _WRITE_FLAGS) or any(c in (fmode or "") for c in "wax+")
            if not writing:
                return
            events.append(f"open {os.path.basename(os.fsdecode(path))} {fmode or flags}")
            if mode == "readonly":
                raise OSError(errno.EROFS, "Read-only file system", os.fsdecode(path))
            if mode == "full" and not os.path.exists(path):
                raise OSError(errno.ENOSPC, "No space left on device", os.fsdecode(path))
        elif event in _PATH_EVENTS and args and under(args[_PATH_EVENTS[event]]):
            events.append(f"{event} {os.path.basename(os.fsdecode(args[0]))}")
            if mode == "readonly":
                raise OSError(errno.EROFS, "Read-only file system", os.fsdecode(args[0]))

    def dump() -> None:
        with open(report, "w", encoding="utf-8") as f:
            json.dump(events, f)

    import atexit

    atexit.register(dump)
    sys.addaudithook(hook)
