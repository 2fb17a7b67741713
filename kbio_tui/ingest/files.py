"""Expand the user's inputs (files, folders, globs) into a stable, sorted list of files."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

_GLOB_CHARS = frozenset("*?[")


def _walk(folder: Path) -> list[Path]:
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(Path(root, f) for f in files if not f.startswith("."))
    return sorted(found)


def iter_input_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Absolute paths of the files named by ``paths``: folders recursively, globs expanded, hidden
    files and folders skipped, each file once. A path that does not exist is passed through so that
    ``load_file`` reports it instead of it vanishing silently."""
    seen: set[str] = set()
    for item in paths:
        path = Path(item).expanduser()
        if path.is_dir():
            candidates = _walk(path)
        elif path.exists() or not (_GLOB_CHARS & set(str(item))):
            candidates = [path]
        else:
            candidates = []
            for match in sorted(glob.glob(str(path), recursive=True)):
                m = Path(match)
                candidates.extend(_walk(m) if m.is_dir() else [m] if m.is_file() else [])
            if not candidates:
                candidates = [path]
        for candidate in candidates:
            absolute = Path(os.path.abspath(candidate))
            if str(absolute) not in seen:
                seen.add(str(absolute))
                yield absolute
