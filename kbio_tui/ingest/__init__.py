"""Ingest: input files -> cleaned ``Article`` objects (or one-line reasons why not).

Entry points used by the pipeline: ``iter_input_files`` expands paths, ``split_file`` cuts a big
JSON or JSON Lines file into parts, ``load_file`` (or the streaming ``iter_file``) reads one file or
part. Nothing here raises for bad input.
"""

from .files import iter_input_files
from .readers import MAX_FILE_BYTES, Part, iter_file, load_file, split_file
from .result import LoadResult

__all__ = ["MAX_FILE_BYTES", "LoadResult", "Part", "iter_file", "iter_input_files", "load_file", "split_file"]
