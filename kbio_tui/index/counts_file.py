"""The index's entity counts, kept beside it so a reader need not walk the lexicon for them.

Every entity list, facet and page header ranks or shows entities by how many articles mention them
and how often they are quoted. A reader derives those figures from the index's term statistics, which
means iterating every ``a_ents`` and ``a_speakers`` term of every segment through Whoosh: most of a
second at 10,000 articles, on the first entity list of every session and again after every ingest,
holding the interpreter while the user types. The writer has just computed the same figures when it
lets go of the index (``IndexWriter.close``), so it leaves them here (``.entity-counts``, JSON)
with the TOC generation they describe; a reader at that generation reads them instead (``read``).

They are the counts before corrections (the reader applies the corrections log on top, as it does
to the computed ones), so only the generation needs checking: a commit by a writer that did not get
to write them (killed, or an older kbio-tui) leaves the file at an older generation, and readers
compute the counts as before.
"""

from __future__ import annotations

from pathlib import Path

from kbio_tui.index import side_file

FILE = ".entity-counts"
FORMAT = 1

Counts = tuple[dict[str, list[int]], dict[str, int]]  # "type|id" -> [articles, mentions]; id -> quotes


def write(index_dir: Path, generation: int, ents: dict[str, list[int]], speakers: dict[str, int]) -> None:
    side_file.dump(index_dir / FILE, FORMAT, generation, {"ents": ents, "speakers": speakers})


def read(index_dir: Path, generation: int) -> Counts | None:
    """The counts of ``generation``, or None when the file is missing, unreadable, of another
    format or of another generation (the caller computes them)."""
    data = side_file.load(index_dir / FILE, FORMAT, generation)
    if data is None:
        return None
    ents, speakers = data.get("ents"), data.get("speakers")
    if not isinstance(ents, dict) or not isinstance(speakers, dict):
        return None
    if not all(type(v) is list and len(v) == 2 for v in ents.values()):
        return None
    if not all(type(v) is int for v in speakers.values()):
        return None
    return ents, speakers
