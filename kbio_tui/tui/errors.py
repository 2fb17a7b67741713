"""One-line messages for whatever the index raises: the browser reports and carries on, never a traceback."""

from __future__ import annotations


def index_problem(exc: BaseException) -> str:
    """Expected index errors read as they are; anything else (a reader bug, an old index) is named."""
    from kbio_tui.index.api import IndexError_

    first = (str(exc).strip().splitlines() or [""])[0]
    if isinstance(exc, IndexError_):
        return f"Index problem: {first}"
    if isinstance(exc, OSError):
        return f"Index problem: {exc.strerror or first}"
    return f"Index problem ({type(exc).__name__}): {first}"
