"""How a title is shown: a page without a headline says so instead of leaving a blank line.

Kept apart from ``models`` so the browser can use it without importing pydantic at start-up.
"""

from __future__ import annotations

NO_HEADLINE = "(no headline)"


def shown_title(title: str) -> str:
    """``title``, or ``(no headline)`` when the cleaner found none (the page began at its lead)."""
    return title if title.strip() else NO_HEADLINE
