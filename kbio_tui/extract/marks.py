"""Find quoted spans in one block of text, tolerating curly, straight, single and nested marks.

Quote characters are classified as opening or closing from their neighbours (typesetting often
gets curly quotes backwards), then paired.  Unbalanced double marks spoil only the block they are in:
the caller gets ``ok=False`` and keeps no quotes from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOUBLE = frozenset('"\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033')
SINGLE = frozenset("'\u2018\u2019\u201a\u201b\u2032")
_DOUBLE_RE = re.compile("[" + "".join(sorted(DOUBLE)) + "]")
_SINGLE_RE = re.compile("[" + "".join(sorted(SINGLE)) + "]")
_OPEN_BEFORE = frozenset(" \t\n([{\u2014\u2013-/:;")


@dataclass(frozen=True)
class Span:
    start: int  # offset of the opening mark (block-relative)
    end: int  # offset just after the closing mark (or block end when it runs on)
    single: bool
    runs_on: bool = False  # opened but not closed: continues in the next paragraph

    @property
    def inner(self) -> tuple[int, int]:
        return self.start + 1, self.end - (0 if self.runs_on else 1)


def _role(text: str, i: int, ch: str) -> str:
    """'open', 'close' or 'ambiguous' for the mark at ``i``."""
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    after_space = prev in _OPEN_BEFORE or prev in DOUBLE or prev in SINGLE
    before_space = nxt.isspace() or nxt in ".,;:!?)]}\u2014\u2013" or nxt in DOUBLE or nxt in SINGLE
    if after_space and not before_space:
        return "open"
    if before_space and not after_space:
        return "close"
    if ch in "\u201c\u2018\u201e\u00ab":
        return "open"
    if ch in "\u201d\u2019\u00bb":
        return "close"
    return "ambiguous"


def find_spans(text: str, *, continued: bool = False) -> tuple[list[Span], bool]:
    """Return (spans, ok).  ``continued`` means the previous paragraph's quote runs on into this one."""
    spans: list[Span] = []
    ok = True
    # Double marks first.
    dopen: int | None = None
    for mm in _DOUBLE_RE.finditer(text):
        i, ch = mm.start(), mm.group()
        role = _role(text, i, ch)
        if dopen is None:
            if role == "close":
                if continued and not spans and text[:i].strip() and i > 0:
                    spans.append(Span(0, i + 1, False))
                    continue
                ok = False
                continue
            dopen = i
        else:
            if role == "open":
                ok = False  # a second opening mark inside a quote: we cannot tell which is right
                dopen = i
                continue
            spans.append(Span(dopen, i + 1, False))
            dopen = None
    if dopen is not None:
        spans.append(Span(dopen, len(text), False, runs_on=True))
    # Single marks outside double spans (inside ones are nested quotes, part of the outer quote).
    inside = [(s.start, s.end) for s in spans]
    sopen: int | None = None
    for mm in _SINGLE_RE.finditer(text):
        i, ch = mm.start(), mm.group()
        if any(a <= i < b for a, b in inside):
            continue
        prev = text[i - 1] if i > 0 else " "
        nxt = text[i + 1] if i + 1 < len(text) else " "
        if prev.isalnum() and nxt.isalnum():
            continue  # apostrophe: Korea's, don't
        role = _role(text, i, ch)
        if sopen is None:
            if role == "open":
                sopen = i
        elif role in ("close", "ambiguous") and i > sopen + 1:
            spans.append(Span(sopen, i + 1, True))
            sopen = None
    spans.sort(key=lambda s: s.start)
    return spans, ok
