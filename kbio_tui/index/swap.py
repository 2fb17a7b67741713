"""Rebuild without a gap: a new index is built in a staging folder and swapped in with one TOC write.

Readers open whichever table of contents has the highest generation. The rebuilt segments are moved
into the live folder first (under new names nothing refers to yet), then a TOC listing only them is
written with the next generation by Whoosh's atomic rename: a reader sees the whole old index until
that rename and the whole new one after it. Old segments are deleted last; a reader that still has
them open keeps reading them (POSIX keeps an unlinked file alive while it is open).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from pathlib import Path

from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, clean_files

from kbio_tui.index import whoosh_private as wp
from kbio_tui.index.front_page import latest_generation
from kbio_tui.index.schema import INDEX_NAME, META_FILE

# Inside the live folder (same file system, so moves are renames); Whoosh's own clean-up ignores
# names starting with a dot.
STAGING = ".rebuild"
_TOC = re.compile(rf"^_{INDEX_NAME}_([0-9]+)\.toc$")


def clear_staging(index_dir: Path) -> None:
    """Remove a staging folder (a rebuild that was stopped or killed before its swap)."""
    staging = index_dir / STAGING
    if staging.is_symlink():
        staging.unlink()
    elif staging.exists():
        shutil.rmtree(staging)


def swap_in(staging: Path, index_dir: Path) -> None:
    """Make the index built in ``staging`` the live one at ``index_dir`` and remove ``staging``."""
    # read back the TOC this process wrote (it never came from anyone else)
    toc = TOC.read(FileStorage(str(staging)), INDEX_NAME)
    segment_of = wp.segment_file_pattern(INDEX_NAME)
    os.replace(staging / META_FILE, index_dir / META_FILE)
    for name in os.listdir(staging):
        if segment_of.match(name) and not _TOC.match(name):
            os.replace(staging / name, index_dir / name)
    generation = max(latest_generation(index_dir), toc.generation) + 1
    live = FileStorage(str(index_dir))
    TOC(toc.schema, toc.segments, generation).write(live, INDEX_NAME)
    with contextlib.suppress(OSError):
        clean_files(live, INDEX_NAME, generation, toc.segments)
    clear_staging(index_dir)
