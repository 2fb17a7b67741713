"""Files the writer leaves beside the index for readers, each tied to the TOC generation it describes.

What a reader would otherwise derive from the live index at every start (the newest rows:
``front_page``; the entity counts: ``counts_file``) is written as JSON with the generation it was
read at, and read back only while that generation is still the live one; anything missing, damaged,
too big, of another format or of another generation reads as None and the reader derives the figures
itself.  Plain JSON, never pickle: these files are data even in a folder others could write to.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

_MAX_BYTES = 256 << 20  # a sane bound: the entity counts of 10,000 articles take about 1.5 MB


def dump(path: Path, fmt: int, generation: int, body: dict[str, Any]) -> None:
    from kbio_tui.safe_write import write_text

    write_text(path, json.dumps({"format": fmt, "generation": generation, **body}, separators=(",", ":")))


def load(path: Path, fmt: int, generation: int) -> dict[str, Any] | None:
    """The file's content if it is of ``fmt`` and describes ``generation``; None otherwise."""
    try:
        with path.open("rb") as f:
            raw = f.read(_MAX_BYTES + 1)
        if len(raw) > _MAX_BYTES:
            return None
        data = json.loads(raw)
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != fmt or data.get("generation") != generation:
        return None
    return data
