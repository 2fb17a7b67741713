"""Whom the index's files can be trusted from, checked before anything in them is read.

Whoosh stores its table of contents and stored fields with pickle, and unpickling runs code. So a file
in the index that anyone but the index's owner could have written (a group-writable folder, a file of
another user, a link) would let that person run code as every reader: the browser, `search`, root's
`export` and the next ingest. Such an index is refused with one line saying how to fix it, unless
``KBIO_TRUST_INDEX=1`` says the setup is deliberate.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from kbio_tui.errors import IndexUnavailableError
from kbio_tui.safe_write import current_umask

TRUST_ENV = "KBIO_TRUST_INDEX"
# Files kbio-tui itself writes that are never unpickled (the lock is opened by every ingest account;
# the corrections log is JSON that every analyst appends to, so it may be group-writable).
_NOT_UNPICKLED = frozenset({"INGEST_LOCK", "ingest.pid", "kbio_meta.json", "corrections.jsonl"})


def _problem(name: str, st: os.stat_result, owner: int) -> str | None:
    if stat.S_ISLNK(st.st_mode):
        return f"{name} is a link"
    if st.st_uid != owner:
        return f"{name} belongs to another user (uid {st.st_uid})"
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"{name} is writable by {'others' if st.st_mode & stat.S_IWOTH else 'its group'}"
    return None


def check_trusted(index_dir: Path) -> None:
    """Raise IndexUnavailableError when someone other than the index's owner could have written to it."""
    if os.environ.get(TRUST_ENV) == "1":
        return
    try:
        top = os.stat(index_dir)
        entries = list(os.scandir(index_dir))
    except OSError:
        return  # missing or unreadable: opening the index reports that in its own words
    owner = top.st_uid
    problem = None
    if top.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        problem = f"the folder is writable by {'others' if top.st_mode & stat.S_IWOTH else 'its group'}"
    for entry in entries:
        if problem:
            break
        if entry.name in _NOT_UNPICKLED:
            continue
        try:
            problem = _problem(entry.name, entry.stat(follow_symlinks=False), owner)
        except OSError:
            continue
    if problem:
        raise IndexUnavailableError(
            f"refusing to open the index at {index_dir}: {problem}, and whoever can write to an index can "
            f"run code as everyone who opens it. Make it writable only by the account that runs ingest "
            f"(chmod -R go-w {index_dir}), or set {TRUST_ENV}=1 if this sharing is deliberate"
        )


def umask_warning(index_dir: Path) -> str | None:
    """At creation: a umask that lets the group or others write makes an index every reader refuses."""
    mask = current_umask()
    if mask & 0o022 == 0o022:
        return None
    return (
        f"the umask ({mask:03o}) lets others write to the new index at {index_dir}; readers will refuse it "
        f"(use umask 022 for the ingest account, or set {TRUST_ENV}=1 if group write is deliberate)"
    )
