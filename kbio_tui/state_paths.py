"""Where a user's own state for an index lives, and its one figure the browser needs before its
first list: the previous session's mark.

Kept apart from ``kbio_tui.saved`` (pydantic models, locking, atomic writes): the browser reads the
previous mark while it opens the index, before the first list is drawn, and that path imports
neither pydantic nor numpy (``tests/test_startup_path.py``).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

APP_DIR = "kbio-tui"


def state_dir() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base).expanduser() / APP_DIR


def state_file(index_dir: Path) -> Path:
    key = str(Path(index_dir).expanduser().resolve())
    digest = hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return state_dir() / "indexes" / f"{digest}.json"


def previous_session_mark(index_dir: Path) -> int | None:
    """The ingest mark this user's latest session started at (None: none yet, or a state file that
    cannot be read, which only costs the browser its new-article markers)."""
    try:
        mark = json.loads(state_file(index_dir).read_text(encoding="utf-8")).get("session_mark")
    except (OSError, ValueError, AttributeError):
        return None
    return mark if isinstance(mark, int) and mark > 0 else None
