"""Expand the user's inputs (files, folders, globs) into a stable, sorted list of files."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

_GLOB_CHARS = frozenset("*?[")


LINK_OUTSIDE = "a link to a file outside the folder (ingest --follow-links reads it)"
Refused = list[tuple[Path, str]]  # (path, why it was not read)


def _walk(folder: Path, follow_links: bool, refused: Refused | None) -> list[Path]:
    """Files under ``folder``. A link that leads out of it is left out (and added to ``refused``) unless
    ``follow_links``: in a scrape folder others can write to, it could expose a private file of the
    account that runs ingest to everyone who can search. A sub-folder that cannot be read is added to
    ``refused`` too, instead of vanishing from the run without a word."""
    found: list[Path] = []
    inside = os.path.realpath(folder) + os.sep

    def unreadable(exc: OSError) -> None:
        if refused is not None:
            refused.append((Path(exc.filename or folder), f"cannot read folder: {exc.strerror or exc}"))

    for root, dirs, files in os.walk(folder, onerror=unreadable):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for f in files:
            if f.startswith("."):
                continue
            path = Path(root, f)
            if not follow_links and path.is_symlink() and not os.path.realpath(path).startswith(inside):
                if refused is not None:
                    refused.append((path, LINK_OUTSIDE))
                continue
            found.append(path)
    return sorted(found)


def iter_input_files(
    paths: Iterable[str | Path], *, follow_links: bool = False, refused: Refused | None = None
) -> Iterator[Path]:
    """Absolute paths of the files named by ``paths``: folders recursively, globs expanded, hidden
    files and folders skipped, each file once. A path that does not exist is passed through so that
    ``load_file`` reports it instead of it vanishing silently; links out of a named folder and folders
    that cannot be read go to ``refused`` instead (a file named directly is read wherever it points:
    the user named it)."""
    seen: set[str] = set()
    for item in paths:
        path = Path(item).expanduser()
        if path.is_dir():
            candidates = _walk(path, follow_links, refused)
        elif path.exists() or not (_GLOB_CHARS & set(str(item))):
            candidates = [path]
        else:
            candidates = []
            for match in sorted(glob.glob(str(path), recursive=True)):
                m = Path(match)
                if m.is_dir():
                    candidates.extend(_walk(m, follow_links, refused))
                elif m.is_file():
                    candidates.append(m)
            if not candidates:
                candidates = [path]
        for candidate in candidates:
            absolute = Path(os.path.abspath(candidate))
            if str(absolute) not in seen:
                seen.add(str(absolute))
                yield absolute
