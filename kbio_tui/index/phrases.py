"""Top hits with an exact count, and phrase search through candidates.

Whoosh checks a phrase by building span lists for every document holding all its words
(~250 ms for "clinical trial" at 10k articles).  A phrase scores exactly what the AND of its
words scores, so the best AND hits, checked for the phrase in score order, are the best phrase
hits: only as many candidates as the shown rows need are checked, reading their positions directly.
"""

from __future__ import annotations

import time
from bisect import bisect_left
from itertools import accumulate, islice
from typing import Any

from whoosh import collectors
from whoosh import query as wq

from kbio_tui.index import fastrank
from kbio_tui.index import whoosh_private as wp

FIRST_CANDIDATES = 400  # best AND hits checked first (then all of them, if too few hold the phrase)
COUNT_CHUNK = 256  # documents checked between two looks at the clock
TOO_LONG = "the search took too long: showing the best hits found in time"
SAMPLE = 200  # AND matches checked for the phrase to estimate how many hold it
CHUNK_SPARE = 1.25  # candidates checked per hit still wanted (most of the best AND hits hold the phrase)
CHUNK_MIN = 32

Ranked = list[tuple[float, int]]  # (score, global docnum), best first
# (segment reader id, field, word) -> [block header, block data, (docnum -> index, values) once decoded]
Blocks = dict[tuple[int, str, bytes], list[list[Any]]]


def _has_phrase(q: wq.Query) -> bool:
    return isinstance(q, wq.Phrase) or any(_has_phrase(c) for c in q.children())


def split_phrases(q: wq.Query) -> tuple[wq.Query, list[wq.Phrase]] | None:
    """(the query with each phrase replaced by the AND of its words, the phrases) when every
    phrase must match (the query itself or a direct part of a top-level AND); else None."""
    if isinstance(q, wq.Phrase):
        parts: list[wq.Query] = [q]
    elif isinstance(q, wq.And) and any(isinstance(c, wq.Phrase) for c in q.subqueries):
        parts = list(q.subqueries)
    else:
        return None
    subs: list[wq.Query] = []
    phrases: list[wq.Phrase] = []
    for c in parts:
        if isinstance(c, wq.Phrase):
            phrases.append(c)
            subs.extend(wq.Term(c.fieldname, w, boost=c.boost) for w in c.words)
        elif _has_phrase(c):
            return None
        else:
            subs.append(c)
    return (subs[0] if len(subs) == 1 else wq.And(subs)), phrases


def _follows(plists: list[list[int]], slop: int) -> bool:
    """True when the words occur in order, each 1..slop positions after the one before."""
    current = set(plists[0])
    for positions in plists[1:]:
        nxt = set(positions)
        current = {c + k for c in current for k in range(1, slop + 1)} & nxt
        if not current:
            return False
    return True


def holding_phrases(
    s,
    phrases: list[wq.Phrase],
    docnums: list[int],
    deadline: float = float("inf"),
    blocks: Blocks | None = None,
) -> tuple[set[int], bool]:
    """(the docnums, all live, e.g. search hits, that contain every phrase; all were checked in time).
    When the clock runs out the docnums not yet checked count as not holding the phrase.  Positions
    are read here, only from the blocks the docnums fall in: ranking reads ids and weights only,
    which made a phrase at 100k articles complete in time where it had run out of it."""
    keep = set(docnums)
    in_time = True
    for ph in phrases:
        field = s.schema[ph.fieldname]
        try:
            words = [field.to_bytes(w) for w in ph.words]
        except ValueError:
            return set(), in_time
        found: set[int] = set()
        ordered = sorted(keep)  # each segment's share is a slice: no pass over all of them per segment
        for leaf, offset in s.leaf_searchers():
            r = leaf.reader()
            lo, hi = bisect_left(ordered, offset), bisect_left(ordered, offset + r.doc_count_all())
            local = [d - offset for d in ordered[lo:hi]]
            if not local or any((ph.fieldname, w) not in r for w in words):
                continue
            for start in range(0, len(local), COUNT_CHUNK):
                if start and time.perf_counter() > deadline:
                    in_time = False
                    break
                chunk = local[start : start + COUNT_CHUNK]
                per_word = [_positions(r, ph.fieldname, w, chunk, blocks) for w in words]
                for d in chunk:
                    plists = [pw.get(d) for pw in per_word]
                    if all(pl is not None for pl in plists) and _follows(plists, max(1, ph.slop)):  # type: ignore[arg-type]
                        found.add(d + offset)
        keep = found
    return keep, in_time


def _positions(
    r, fieldname: str, word: bytes, docs: list[int], blocks: Blocks | None = None
) -> dict[int, list[int]]:
    """Positions of ``word`` in each of ``docs`` (sorted segment docnums) that holds it.

    Whole posting blocks are decoded only where a wanted document falls (the block header's
    last id says which); Whoosh's ``skip_to`` stepped through ids one call at a time.  ``blocks``
    keeps the extents read and blocks decoded for the rest of one search, which checks its
    candidates in several calls.  Falls back to the matcher for inline posting lists or another
    codec."""
    fmt = r.schema[fieldname].format
    decode = fmt.decoder("positions")
    out: dict[int, list[int]] = {}
    key = (id(r), fieldname, word)
    read = blocks.get(key) if blocks is not None else None
    if read is None:
        stored = wp.stored_blocks(r, fieldname, word)
        if stored is None:  # the segment's own matcher, without the deletion filter: ``docs`` are all live
            m = wp.term_matcher(r, fieldname, word)
            for d in docs:
                if not m.is_active():
                    break
                if m.id() < d:
                    m.skip_to(d)
                if m.is_active() and m.id() == d:
                    out[d] = m.value_as("positions")
            return out
        read = [[header, data, None] for header, data in stored]
        if blocks is not None:
            blocks[key] = read
    i = 0
    for entry in read:
        if i >= len(docs):
            break
        last = entry[0][1]
        if docs[i] > last:
            continue
        if entry[2] is None:
            deltas, _weights, values = wp.decode_lazy(entry[0], entry[1])
            # whoosh3 stores ids as deltas
            entry[2] = ({d: j for j, d in enumerate(accumulate(deltas))}, values)
        where, values = entry[2]
        while i < len(docs) and docs[i] <= last:
            j = where.get(docs[i])
            if j is not None:
                out[docs[i]] = decode(wp.value(values[j]))
            i += 1
    return out


def top_hits(
    s, q: wq.Query, k: int, deadline: float, *, first: list[int] | None = None
) -> tuple[Ranked, int, bool]:
    """(best k hits, number of matches, timed out).  Without Whoosh's block skipping and matcher
    pruning the collector sees every match, so the count is exact and free (Results' len() re-ran
    the whole query; pruning left unions' counts short, e.g. 4,459 for 8,387).  Neither saved
    time measurably on the 10k bench queries.  The shapes people usually type are ranked by
    ``fastrank`` instead (same scores, about twice as fast); then ``first``, if given, receives the
    first ``SAMPLE`` matches in index order (``fastrank.rank``)."""
    if fastrank.supported(q):
        try:
            return fastrank.rank(s, q, k, deadline, first=first, first_n=SAMPLE)
        except fastrank.Unsupported:
            pass  # a codec without the internals it reads: Whoosh's own way
    top = collectors.TopCollector(limit=k, usequality=False, replace=0)
    left = max(0.01, deadline - time.perf_counter())
    timed = collectors.TimeLimitCollector(top, timelimit=left, use_alarm=False)
    timed_out = False
    try:
        s.search_with_collector(q, timed)
    except collectors.TimeLimit:
        timed_out = True
    ranked = [(h.score or 0.0, h.docnum) for h in top.results()]
    return ranked, max(top.total, len(ranked)), timed_out


def _check_in_order(
    s,
    phrases: list[wq.Phrase],
    candidates: list[int],
    enough: int,
    deadline: float,
    known: dict[int, bool],
    blocks: Blocks,
) -> tuple[bool, int]:
    """(checked in time, how many of the first candidates were checked): chunks in order until
    ``enough`` of them hold the phrases; ``known`` (docnum -> holds) is filled and reused, so a
    second pass over more candidates checks only the new ones.  Each best candidate usually sits
    in its own posting block and decoding a block's positions is most of a phrase search, so rows
    beyond those shown are not checked (at 200 rows, about 250 candidates instead of 400)."""
    held = checked = 0
    while checked < len(candidates) and held < enough:
        # size the chunk by the share found so far
        rate = max(0.05, held / checked) if checked else 1.0
        step = max(CHUNK_MIN, round((enough - held) / rate * CHUNK_SPARE))
        chunk = candidates[checked : checked + step]
        todo = [d for d in chunk if d not in known]
        found, in_time = holding_phrases(s, phrases, todo, deadline, blocks) if todo else (set(), True)
        if not in_time:  # the ones left unchecked count as not holding it, and are not remembered
            known.update(dict.fromkeys(found, True))
            return False, checked + len(chunk)
        known.update((d, d in found) for d in todo)
        held += sum(known[d] for d in chunk)
        checked += len(chunk)
    return True, checked


def run_phrases(
    s, words_query: wq.Query, phrases: list[wq.Phrase], limit: int, deadline: float
) -> tuple[Ranked, int, bool, list[str]]:
    """(hits, total, partial, notes) for a query whose phrases all must match."""
    k = max(FIRST_CANDIDATES, 2 * limit)
    first: list[int] = []
    known: dict[int, bool] = {}  # docnum -> holds the phrases
    blocks: Blocks = {}
    while True:
        first.clear()
        ranked, with_words, timed_out = top_hits(s, words_query, k, deadline, first=first)
        # every candidate when the count can be exact; else in score order until ``limit`` hold it
        enough = limit if with_words > len(ranked) else len(ranked)
        cands = [d for _, d in ranked]
        in_time, checked = _check_in_order(s, phrases, cands, enough, deadline, known, blocks)
        shown = [(sc, d) for sc, d in ranked[:checked] if known.get(d)]
        if timed_out or not in_time:
            return shown[:limit], len(shown), True, [TOO_LONG]
        if with_words <= len(ranked):  # every AND match was checked
            return shown[:limit], len(shown), False, []
        if len(shown) >= limit or time.perf_counter() > deadline:
            break
        # too few hold the phrase: scoring costs the same for any k, so take every AND match now
        k = with_words
    # the shown rows are the true best; how many hold the phrase is estimated from a sample of
    # AND matches in index order (the best candidates hold it more often than the rest)
    sample = first or list(islice(s.docs_for_query(words_query), SAMPLE))
    held_n = len(holding_phrases(s, phrases, sample, blocks=blocks)[0])
    est = max(len(shown), round(held_n / max(1, len(sample)) * with_words))
    partial = len(shown) < limit  # the clock ran out before enough candidates were checked
    return shown[:limit], est, partial, [*([TOO_LONG] if partial else []), f"about {est:,} (estimated)"]
