"""Write a file so that nothing planted where it goes can redirect the write.

In a group-writable folder another user can plant ``.NAME.tmp`` (or ``NAME`` itself) as a symlink to a
file of yours; opening that path for writing would overwrite the link's target. The text goes instead
into a new file created exclusively (``O_EXCL``, never following a link) beside the target, which is then
renamed over the target: a planted link is replaced, its target untouched.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO


def current_umask() -> int:
    """The process umask without changing it (Linux reports it; elsewhere the usual 022): reading it with
    os.umask would set it for a moment, which another thread creating a file could catch."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    return 0o022


@contextlib.contextmanager
def replacing(target: Path) -> Iterator[TextIO]:
    """A text stream whose contents become ``target`` when the block ends without an error."""
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~current_umask())  # as an ordinary new file would be, not mkstemp's 0600
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            yield stream
        os.replace(name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)
        raise


def write_text(target: Path, text: str) -> None:
    with replacing(target) as stream:
        stream.write(text)
