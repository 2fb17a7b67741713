"""The index: one Whoosh index on disk behind the IndexReader interface (see api.py).

Names are imported lazily (PEP 562): ``kbio-tui`` must draw its first screen before paying for
Whoosh, so merely touching ``kbio_tui.index`` (or its ``api`` module) must not import it.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kbio_tui.index.reader import WhooshIndexReader, open_reader
    from kbio_tui.index.schema import SCHEMA_VERSION
    from kbio_tui.index.writer import IndexWriter, index_exists

_LAZY = {
    "WhooshIndexReader": "kbio_tui.index.reader",
    "open_reader": "kbio_tui.index.reader",
    "SCHEMA_VERSION": "kbio_tui.index.schema",
    "IndexWriter": "kbio_tui.index.writer",
    "index_exists": "kbio_tui.index.writer",
}

__all__ = [
    "SCHEMA_VERSION",
    "IndexWriter",
    "WhooshIndexReader",
    "index_exists",
    "index_present",
    "open_reader",
]


def index_present(index_dir: Path) -> bool:
    """A cheap existence check for the start-up path (no Whoosh import); ``index_exists`` is exact."""
    return (index_dir / "kbio_meta.json").is_file() and any(index_dir.glob("_MAIN_*.toc"))


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kbio_tui.index' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
