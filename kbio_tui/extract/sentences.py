"""Sentence splitting with offsets, aware of abbreviations, initials, decimals and quotations.

A sentence never ends inside a quotation, so a several-sentence quote is highlighted as one unit.
"""

from __future__ import annotations

import bisect
import re

from .lexicon import ABBREVIATIONS, SENTENCE_STARTERS

# A candidate boundary: terminal punctuation, optional closers, whitespace, then something that can
# start a sentence.  Linear: no nested quantifiers.
_BOUNDARY_RE = re.compile(
    r"([.!?\u2026]+)([\"'\u201d\u2019)\]]*)(\s+)(?=[\"'\u201c\u2018(\[\u25b2\u2022A-Z0-9])"
)
_TOKEN_BEFORE_RE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_WORD_WINDOW = 40
_NEVER_SPLIT_AFTER = frozenset(
    [
        "dr",
        "mr",
        "mrs",
        "ms",
        "prof",
        "st",
        "jr",
        "sr",
        "messrs",
        "gen",
        "col",
        "lt",
        "capt",
        "sgt",
        "rep",
        "sen",
        "gov",
        "no",
        "vs",
    ]
)
_WORD_AFTER_RE = re.compile(r"[\"'\u201c\u2018(]*([A-Za-z]+)")


def split_block(text: str, protected: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Return (start, end) of each sentence in ``text``; ``protected`` spans are never split."""
    protected = sorted(protected or [])
    starts = [a for a, _ in protected]
    out: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY_RE.finditer(text):
        cut = m.end(2)
        k = bisect.bisect_left(starts, cut) - 1
        if k >= 0 and protected[k][0] < cut < protected[k][1]:
            continue
        if m.group(1) == "." and not m.group(2):
            # the word before the stop, looked for in a short window: from 0 every boundary rescanned
            # the block (quadratic on a page of long words); no abbreviation is longer than the window
            tok = _TOKEN_BEFORE_RE.search(text, max(0, m.start(1) - _WORD_WINDOW), m.start(1))
            if tok:
                word = tok.group(1).rstrip(".").lower()
                nxt = _WORD_AFTER_RE.match(text, m.end())
                next_word = nxt.group(1).lower() if nxt else ""
                if word in _NEVER_SPLIT_AFTER:
                    continue
                if len(word) == 1 and word.isalpha() and tok.group(1)[0].isupper():
                    continue  # an initial: "J. Kim"
                if (word in ABBREVIATIONS or "." in word) and next_word not in SENTENCE_STARTERS:
                    continue
        end = cut
        if end > start:
            out.append(_trim(text, start, end))
        start = m.end()
    if start < len(text):
        out.append(_trim(text, start, len(text)))
    return [s for s in out if s[1] > s[0]]


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b
