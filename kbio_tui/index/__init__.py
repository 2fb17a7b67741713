"""The index: one Whoosh index on disk behind the IndexReader interface (see api.py)."""

from kbio_tui.index.reader import WhooshIndexReader, open_reader
from kbio_tui.index.schema import SCHEMA_VERSION
from kbio_tui.index.writer import IndexWriter, index_exists

__all__ = ["SCHEMA_VERSION", "IndexWriter", "WhooshIndexReader", "index_exists", "open_reader"]
