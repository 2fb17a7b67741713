"""Find quoted spans in one block of text, pairing each quote on its own.

Quote characters are classified as opening or closing from their neighbours (typesetting often
gets curly quotes backwards), then paired one quote at a time with a stack, so one bad mark costs at
most its own quote, never the paragraph's others:

- nested quotes of the same kind (``“… “all in” …”``) stay inside the outer quote;
- an opening mark that never closes while later quotes do is dropped, and those later quotes kept;
- the last opening mark of a block that never closes runs on: into the next paragraph when that one
  continues it, else to the end of the block (a quote cut off by the scrape, or a lost closing mark);
- a closing mark with nothing open is ignored, unless the block continues a quote from the one before;
- a quote opened with one kind of mark and closed with the other (``'… ."``) is paired when the
  closing mark follows the quote's final punctuation;
- ``''…''`` (two single marks as one double, as some wires type them) is a double quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOUBLE = frozenset('"\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033')
SINGLE = frozenset("'\u2018\u2019\u201a\u201b\u2032")
_DOUBLE_CLASS = "[" + "".join(sorted(DOUBLE)) + "]"
_SINGLE_CLASS = "[" + "".join(sorted(SINGLE)) + "]"
# a double mark, or two single marks typed as one (NYT's ''…'')
_DOUBLE_RE = re.compile(rf"{_DOUBLE_CLASS}|''|\u2018\u2018|\u2019\u2019")
_SINGLE_RE = re.compile(_SINGLE_CLASS)
_OPEN_BEFORE = frozenset(" \t\n([{\u2014\u2013-/:;")
_CLOSE_AFTER = ".,;:!?)]}\u2014\u2013"
_END_PUNCT = frozenset(".,!?")
_DOUBLED = frozenset(("''", "\u2018\u2018", "\u2019\u2019"))


@dataclass(frozen=True)
class Span:
    start: int  # offset of the opening mark (block-relative)
    end: int  # offset just after the closing mark (or block end when it runs on)
    single: bool
    runs_on: bool = False  # opened but not closed: continues in the next paragraph or to the block's end
    open_len: int = 1
    close_len: int = 1

    @property
    def inner(self) -> tuple[int, int]:
        return self.start + self.open_len, self.end - (0 if self.runs_on else self.close_len)


def _role(text: str, i: int, ch: str, width: int = 1) -> str:
    """'open', 'close' or 'ambiguous' for the mark at ``text[i:i+width]``."""
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + width] if i + width < len(text) else " "
    after_space = prev in _OPEN_BEFORE or prev in DOUBLE or prev in SINGLE
    before_space = nxt.isspace() or nxt in _CLOSE_AFTER or nxt in DOUBLE or nxt in SINGLE
    if after_space and not before_space:
        return "open"
    if before_space and not after_space:
        return "close"
    if ch[0] in "\u201c\u2018\u201e\u00ab":
        return "open"
    if ch[0] in "\u201d\u2019\u00bb":
        return "close"
    return "ambiguous"


def first_double_role(text: str) -> str | None:
    """The role of the first double mark in ``text`` (does a paragraph close a quote it did not open?)."""
    m = _DOUBLE_RE.search(text)
    return _role(text, m.start(), m.group(), len(m.group())) if m else None


def _pair_doubles(text: str, continued: bool) -> tuple[list[Span], list[int]]:
    """Closed double spans (outermost only) and the openings left unclosed, in order."""
    spans: list[Span] = []
    stack: list[tuple[int, int]] = []  # (offset, width) of open marks
    for mm in _DOUBLE_RE.finditer(text):
        i, mark = mm.start(), mm.group()
        w = len(mark)
        role = _role(text, i, mark, w)
        if not stack:
            if role == "close":
                if continued and not spans and i > 0 and text[:i].strip():
                    spans.append(Span(0, i + w, False, open_len=0, close_len=w))
                continue  # a stray closing mark: ignored, it spoils nothing
            stack.append((i, w))
            continue
        if role == "open":
            stack.append((i, w))  # nested, or the previous opening never closed: settled below
            continue
        start, ow = stack.pop()
        if not stack:
            spans.append(Span(start, i + w, False, open_len=ow, close_len=w))
        else:
            # closed while another is open: a nested quote, or the outer mark was never closed; keep
            # it until we know (an outer opening left unclosed at the end releases it)
            spans.append(Span(start, i + w, False, open_len=ow, close_len=w, runs_on=False))
    # Spans nested in a closed outer span belong to it; nested ones whose outer never closed stand alone.
    spans.sort(key=lambda s: (s.start, -s.end))
    outer: list[Span] = []
    for s in spans:
        if outer and s.start < outer[-1].end:
            continue
        outer.append(s)
    return outer, [i for i, _ in stack]


def find_spans(text: str, *, continued: bool = False) -> list[Span]:
    """The quoted spans of ``text``; ``continued`` means the previous paragraph's quote runs on into it.

    Openings left unclosed with quotes after them are dropped: only the last one may run on.
    """
    spans, unclosed = _pair_doubles(text, continued)
    if unclosed and not any(s.start > unclosed[-1] for s in spans):
        last = unclosed[-1]
        # the last opening runs on: unless a single closing mark after the quote's final
        # punctuation ends it ('"We will grow,' he said'), as mistyped pairs do
        close = _mismatched_close(text, last, SINGLE)
        if close is not None:
            spans.append(Span(last, close + 1, False))
        else:
            spans.append(Span(last, len(text), False, runs_on=True))
    spans.sort(key=lambda s: s.start)
    return _add_singles(text, spans)


def _mismatched_close(text: str, after: int, kinds: frozenset[str]) -> int | None:
    """A closing mark of the other kind that follows end punctuation and ends the quote at ``after``."""
    for i in range(after + 2, len(text)):
        ch = text[i]
        if ch in kinds and text[i - 1] in _END_PUNCT and _role(text, i, ch) == "close":
            return i
        if ch in DOUBLE:
            return None
    return None


def _add_singles(text: str, spans: list[Span]) -> list[Span]:
    """Single-mark quotes outside double spans (inside ones are nested quotes, part of the outer one).

    A single opening closed by a double mark after end punctuation (``'We will grow."``) is one quote.
    """
    inside = sorted((s.start, s.end) for s in spans)  # disjoint: outer spans only
    k = 0
    out = list(spans)
    sopen: int | None = None
    for mm in _SINGLE_RE.finditer(text):  # marks come in order, so one pointer walks the spans
        i, ch = mm.start(), mm.group()
        while k < len(inside) and inside[k][1] <= i:
            k += 1
        if k < len(inside) and inside[k][0] <= i:
            continue
        prev = text[i - 1] if i > 0 else " "
        nxt = text[i + 1] if i + 1 < len(text) else " "
        if prev.isalnum() and nxt.isalnum():
            continue  # apostrophe: Korea's, don't
        if (prev in SINGLE and text[i - 1 : i + 1] in _DOUBLED) or text[i : i + 2] in _DOUBLED:
            continue  # half of a doubled mark, handled as a double
        role = _role(text, i, ch)
        if sopen is None:
            if role == "open":
                sopen = i
        elif role in ("close", "ambiguous") and i > sopen + 1:
            out.append(Span(sopen, i + 1, True))
            sopen = None
    if sopen is not None:
        close = _stray_double_close(text, sopen)
        if close is not None:
            out = [s for s in out if not (sopen < s.start < close)]
            out.append(Span(sopen, close + 1, False))
    out.sort(key=lambda s: s.start)
    return out


def _stray_double_close(text: str, sopen: int) -> int | None:
    """A double closing mark after end punctuation that closes nothing: it closes the single opening."""
    for mm in _DOUBLE_RE.finditer(text, sopen + 1):
        i = mm.start()
        if len(mm.group()) == 1 and text[i - 1] in _END_PUNCT and _role(text, i, mm.group()) == "close":
            return i
        return None
    return None
