"""Make scraped text safe and tidy before any rule looks at it.

Escape sequences and control characters are removed (not interpreted) so that article text can
never drive a terminal; bidi overrides go too because they can make a line display as something
it is not. Rich markup such as ``[bold]`` is left alone: it is data, and the UI escapes it.
"""

from __future__ import annotations

import re

# CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), other two-byte ESC sequences, 8-bit CSI/OSC.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[P^_X][^\x1b\x9c]*(?:\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
    r"|\x9b[0-?]*[ -/]*[@-~]?"
    r"|\x9d[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
)
# C0 except tab/newline, DEL, C1, bidi embeddings/overrides/isolates, zero-width space, BOM.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b\ufeff]")
_UNICODE_NEWLINES = re.compile("[\u2028\u2029\x85]")


def strip_controls(text: str) -> str:
    """Remove terminal escape sequences and control characters, keeping newlines and tabs."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii() and ("\u2028" in text or "\u2029" in text or "\x85" in text):
        text = _UNICODE_NEWLINES.sub("\n", text)
    if "\x1b" in text or "\x9b" in text or "\x9d" in text:
        text = _ESCAPES.sub("", text)
    return _CONTROLS.sub("", text)


def squash(text: str) -> str:
    """Collapse every run of whitespace (incl. NBSP, ideographic space) to one space."""
    return " ".join(text.split())  # str.split() knows Unicode spaces (NBSP, U+3000) and is fastest


def clean_inline(text: str) -> str:
    """One line of metadata (title, author): controls removed, whitespace collapsed."""
    return squash(strip_controls(text))
