"""Snippets from stored text: the best sentence for the query terms, with the matching words marked.

Whoosh's highlighter re-analyses whole documents and expands prefixes against the lexicon (seconds
per query on prefixes); here a handful of sentences are scanned with a regex and a cached stemmer.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from whoosh.lang.porter import stem as _porter

from kbio_tui.index.api import Snippet

MAX_SNIPPET = 240
_WORD = re.compile(r"[^\W_]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+|\n+")


@lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    return _porter(word)


def _sentences(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    if spans:
        return spans
    out, pos = [], 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return out


@lru_cache(maxsize=256)
def _candidates(stems: frozenset[str], prefixes: tuple[str, ...]) -> re.Pattern[str]:
    """One regex for the words that could match: each stem cut back by up to three letters (Porter
    rewrites only word endings, e.g. "company" -> "compani"), so only those words are stemmed."""
    heads = {st[: max(3, len(st) - 3)] for st in stems if st} | {p for p in prefixes if p}
    alts = "|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True)) or "(?!)"
    return re.compile(rf"(?<![^\W_])(?:{alts})[^\W_]*", re.IGNORECASE)


def _all_matches(text: str, stems: set[str], prefixes: list[str]) -> list[tuple[int, int, str]]:
    found = []
    for m in _candidates(frozenset(stems), tuple(prefixes)).finditer(text):
        low = m.group().lower()
        if low in stems or _stem(low) in stems or any(low.startswith(p) for p in prefixes):
            found.append((m.start(), m.end(), low))
    return found


def best_snippet(
    text: str, sentence_spans: list[tuple[int, int]], stems: set[str], prefixes: list[str]
) -> Snippet:
    """The sentence with the most distinct query words (then the most hits, then the earliest)."""
    sentences = _sentences(text, sentence_spans)
    best: tuple[tuple[int, int, int], int, int, list[tuple[int, int, str]]] | None = None
    if stems or prefixes:
        starts = [st for st, _ in sentences]
        per: dict[int, list[tuple[int, int, str]]] = {}
        for hit in _all_matches(text, stems, prefixes):
            idx = bisect_right(starts, hit[0]) - 1
            if idx >= 0 and hit[1] <= sentences[idx][1]:
                per.setdefault(idx, []).append(hit)
        for idx, found in per.items():
            s, e = sentences[idx]
            rank = (len({h[2] for h in found}), len(found), -idx)
            if best is None or rank > best[0]:
                best = (rank, s, e, found)
    hits: list[tuple[int, int, str]]
    if best is None:
        s, e = sentences[0] if sentences else (0, len(text))
        hits = []
    else:
        _, s, e, hits = best
    # trim long sentences to a window around the first hit
    if e - s > MAX_SNIPPET:
        anchor = hits[0][0] if hits else s
        ws = max(s, anchor - MAX_SNIPPET // 3)
        if ws > s:
            sp = text.rfind(" ", s, ws)
            ws = sp + 1 if sp > s else ws
        we = min(e, ws + MAX_SNIPPET)
        if we < e:
            sp = text.rfind(" ", ws, we)
            we = sp if sp > ws else we
        prefix = "…" if ws > s else ""
        suffix = "…" if we < e else ""
    else:
        ws, we, prefix, suffix = s, e, "", ""
    body = " ".join(text[ws:we].split("\n"))
    snippet_text = prefix + body + suffix
    off = len(prefix) - ws
    highlights = [(a + off, b + off) for a, b, _ in hits if a >= ws and b <= we]
    return Snippet(text=snippet_text, highlights=highlights)
