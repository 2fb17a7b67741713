"""The index: one Whoosh index on disk behind the IndexReader and WritableIndex interfaces (api.py).

Callers outside this package (the CLI, the pipeline, export, the UI) use only the names here and
the models and Protocols of ``api``; CI's import contracts hold them to that.

Names are imported lazily (PEP 562): ``kbio-tui`` must draw its first screen before paying for
Whoosh, so merely touching ``kbio_tui.index`` (or its ``api`` module) must not import it.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kbio_tui.index.docs import prepare as prepare_article
    from kbio_tui.index.front_page import read as read_front_page
    from kbio_tui.index.locking import forget_inherited_locks
    from kbio_tui.index.reader import WhooshIndexReader, open_reader
    from kbio_tui.index.schema import SCHEMA_VERSION
    from kbio_tui.index.writer import IndexWriter, index_exists, open_writer

_LAZY = {
    "prepare_article": "kbio_tui.index.docs:prepare",
    "forget_inherited_locks": "kbio_tui.index.locking",
    "open_writer": "kbio_tui.index.writer",
    "WhooshIndexReader": "kbio_tui.index.reader",
    "open_reader": "kbio_tui.index.reader",
    "SCHEMA_VERSION": "kbio_tui.index.schema",
    "IndexWriter": "kbio_tui.index.writer",
    "index_exists": "kbio_tui.index.writer",
    "read_front_page": "kbio_tui.index.front_page:read",
}

__all__ = [
    "SCHEMA_VERSION",
    "IndexWriter",
    "WhooshIndexReader",
    "forget_inherited_locks",
    "index_exists",
    "index_present",
    "open_reader",
    "open_writer",
    "prepare_article",
    "read_front_page",
]


def index_present(index_dir: Path) -> bool:
    """A cheap existence check for the start-up path (no Whoosh import); ``index_exists`` is exact."""
    return (index_dir / "kbio_meta.json").is_file() and any(index_dir.glob("_MAIN_*.toc"))


def __getattr__(name: str) -> Any:
    where = _LAZY.get(name)
    if where is None:
        raise AttributeError(f"module 'kbio_tui.index' has no attribute {name!r}")
    module, _, attr = where.partition(":")
    value = getattr(import_module(module), attr or name)
    globals()[name] = value
    return value
