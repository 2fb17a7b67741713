"""Turn article text into inert Rich ``Text``: article text is data, never markup or terminal codes.

Every control character is swapped one-for-one for a visible symbol (ESC becomes U+241B), so the
offsets stored in the index still line up with what is drawn and nothing reaches the terminal raw.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rich.text import Text

ESCAPE_SYMBOL = "\u241b"

_TABLE: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20)}
_TABLE[0x0A] = "\n"
_TABLE[0x09] = " "
_TABLE[0x7F] = "\u2421"
_TABLE.update({code: "\ufffd" for code in range(0x80, 0xA0)})
# Bidirectional overrides and isolates can reorder what the user sees; draw them as a replacement mark.
_TABLE.update({code: "\ufffd" for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})


def neutralise(value: str) -> str:
    """Same length as ``value``; control characters made visible, newlines kept."""
    return value.translate(_TABLE)


def one_line(value: str | None) -> str:
    """For list rows and headers: neutralised and on a single line."""
    return " ".join(neutralise(value or "").split())


def safe(value: str | None, style: str = "") -> Text:
    return Text(one_line(value), style=style, no_wrap=False)


def highlighted(text: str, spans: Iterable[tuple[int, int, str]], base_style: str = "") -> Text:
    """``text`` (neutralised) with each ``(start, end, style)`` span styled; out-of-range spans clipped."""
    out = Text(neutralise(text), style=base_style)
    size = len(text)
    for start, end, style in spans:
        start, end = max(0, start), min(size, end)
        if end > start:
            out.stylize(style, start, end)
    return out


def phrase_spans(text: str, phrase: str) -> list[tuple[int, int]]:
    """Where a phrase occurs as a phrase: its words in order, separated only by spaces or punctuation,
    each word matched as ``term_spans`` matches one (whole-word start, stems extend to word end)."""
    words = [w for w in re.findall(r"[^\W_]+", phrase.lower()) if w]
    if not words:
        return []
    pattern = re.compile(r"\b" + r"\w*[\W_]+".join(re.escape(w) for w in words) + r"\w*", re.IGNORECASE)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def term_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Where the plain search words occur (whole-word start, case-insensitive; stems extend to word end)."""
    words = sorted({t.strip().lower() for t in terms if t and t.strip()}, key=len, reverse=True)
    if not words:
        return []
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\w*", re.IGNORECASE)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]
