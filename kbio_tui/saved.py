"""One user's saved searches and what they have seen, kept in their own state folder.

The index is shared by the desk and read-only to most of it, and what one analyst has seen is
nobody else's business, so none of this goes near the index: it lives in
``$XDG_STATE_HOME/kbio-tui/`` (``~/.local/state/kbio-tui/`` by default), one JSON file per index
(several indexes can exist), named by a hash of the index's resolved path and holding that path.

"Seen" is an ingest stamp (``IndexReader.ingest_mark``), never a clock reading or a publication
date: an article is new to a user when the writer committed it after the stamp they last saw, even
if it was published last year, and a user's clock cannot hide or repeat an arrival.

Every change is a read-modify-write under a lock on a file beside the state (a cron job running
``kbio-tui new`` while the browser saves a search loses neither), written to a temporary file and
renamed over the old one, so a crash leaves the old state or the new, never half of one.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, Field, ValidationError

from kbio_tui.errors import StateError
from kbio_tui.index.api import IndexReader, NewMatches
from kbio_tui.state_paths import state_dir as state_dir  # where it lives, for its callers
from kbio_tui.state_paths import state_file

NAME_MAX = 64
# letters and digits of any script, then also spaces, '-', '_' and '.'; never a leading '-' (it
# would read as an option) or a trailing space (invisible in a list)
_NAME = re.compile(r"^[^\W_][\w .-]*$")
NAME_RULE = "a name is 1 to 64 letters, digits, spaces, '-', '_' or '.', starting with a letter or digit"


class SavedSearch(BaseModel):
    name: str
    query: str
    entities: list[str] = Field(default_factory=list)  # facet filters: every one must be mentioned
    created: datetime
    # the ingest stamp this user has seen up to for this search: later arrivals are new
    last_seen: int = 0
    seen_at: datetime | None = None  # when they were last marked seen


class UserState(BaseModel):
    """Everything one user keeps about one index."""

    index: str  # the index's resolved path (the file name is only a hash of it)
    saved: list[SavedSearch] = Field(default_factory=list)
    session_mark: int | None = None  # the ingest stamp when the latest session started
    session_at: datetime | None = None

    def find(self, name: str) -> SavedSearch | None:
        return next((s for s in self.saved if s.name == name), None)


class BadNameError(StateError):
    """A saved search name that is malformed, taken or unknown (a usage problem: exit 2)."""


def check_name(name: str) -> str:
    if not (0 < len(name) <= NAME_MAX) or not _NAME.match(name) or name != name.strip():
        raise BadNameError(f"bad name {name!r}: {NAME_RULE}")
    return name


def now() -> datetime:
    return datetime.now(UTC)


def load(index_dir: Path) -> UserState:
    """This user's state for the index (empty when they have none yet); never writes."""
    return _read(state_file(index_dir), index_dir)


def _read(path: Path, index_dir: Path) -> UserState:
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return UserState(index=str(Path(index_dir).expanduser().resolve()))
    except OSError as exc:
        raise StateError(f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        return UserState.model_validate_json(text)
    except ValidationError as exc:
        raise StateError(
            f"{path} is damaged ({exc.error_count()} problem(s)); move it away to start again"
        ) from exc


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path.with_suffix(".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise StateError(
            f"cannot write saved searches to {path.parent}: {exc.strerror or exc} "
            "(set XDG_STATE_HOME to a folder you can write)"
        ) from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing lets go of the lock


def _write(path: Path, state: UserState) -> None:
    """Atomically: a private temporary file beside the target, then a rename over it."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise StateError(f"cannot write saved searches to {path.parent}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(json.dumps(state.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise StateError(f"cannot write {path}: {exc.strerror or exc}") from exc


T = TypeVar("T")


def update(index_dir: Path, change: Callable[[UserState], T]) -> T:
    """Apply ``change`` to the state under the lock and write the result; returns what it returned.
    Nothing is written when it raises."""
    path = state_file(index_dir)
    with _locked(path):
        state = _read(path, index_dir)
        result = change(state)
        _write(path, state)
        return result


# ---- saved searches ---------------------------------------------------------------------------------


def add(index_dir: Path, name: str, query: str, entities: Sequence[str], mark: int) -> SavedSearch:
    """Save a search as seen up to ``mark`` (the index's ingest mark now): only later arrivals are
    new.  A name already taken is refused rather than silently replaced."""
    check_name(name)
    search = SavedSearch(name=name, query=query, entities=list(entities), created=now(), last_seen=mark)

    def change(state: UserState) -> SavedSearch:
        if state.find(name) is not None:
            raise BadNameError(f"a saved search named {name!r} exists: remove it first (saved rm)")
        state.saved.append(search)
        return search

    return update(index_dir, change)


def remove(index_dir: Path, name: str) -> SavedSearch:
    def change(state: UserState) -> SavedSearch:
        found = state.find(name)
        if found is None:
            raise BadNameError(f"no saved search named {name!r}")
        state.saved.remove(found)
        return found

    return update(index_dir, change)


def pick(state: UserState, names: Sequence[str]) -> list[SavedSearch]:
    """The named searches (all of them when none is named), in the order asked; an unknown name
    is an error before anything is read or marked."""
    if not names:
        return list(state.saved)
    unknown = [n for n in names if state.find(n) is None]
    if unknown:
        raise BadNameError(f"no saved search named {', '.join(repr(n) for n in unknown)}")
    return [s for n in dict.fromkeys(names) if (s := state.find(n)) is not None]


def mark_seen(index_dir: Path, marks: dict[str, int]) -> None:
    """Record each named search as seen up to its stamp (never moving a marker back: a slower
    process that read an older snapshot must not make articles new again)."""

    def change(state: UserState) -> None:
        at = now()
        for search in state.saved:
            mark = marks.get(search.name)
            if mark is not None and mark > search.last_seen:
                search.last_seen = mark
                search.seen_at = at

    update(index_dir, change)


def whats_new(
    reader: IndexReader, searches: Sequence[SavedSearch], since: int | None = None, limit: int = 200
) -> list[tuple[SavedSearch, NewMatches]]:
    """Each search's arrivals since this user last saw it (or since the stamp ``since``), read from
    one snapshot of the index; ``NewMatches.mark`` is what to pass to ``mark_seen`` afterwards."""
    return [
        (s, reader.new_matches(s.query, s.last_seen if since is None else since, s.entities, limit))
        for s in searches
    ]


# ---- sessions -----------------------------------------------------------------------------------------


def last_session(index_dir: Path) -> int | None:
    """The ingest stamp when this user's latest session started (None: none yet): the articles
    ingested after it are new to them since then."""
    return load(index_dir).session_mark


def touch_session(index_dir: Path, mark: int) -> int | None:
    """Start a session at ``mark`` (the index's ingest mark now); returns the previous session's
    mark, which is what this session shows as new."""

    def change(state: UserState) -> int | None:
        previous = state.session_mark
        state.session_mark = max(mark, previous or 0)
        state.session_at = now()
        return previous

    return update(index_dir, change)


def stamp_of(when: datetime) -> int:
    """A time as an ingest stamp (microseconds since the epoch), for ``--since``; a time without a
    zone is the local time."""
    return int(when.astimezone(UTC).timestamp() * 1_000_000)
