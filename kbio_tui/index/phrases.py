"""Top hits with an exact count, and phrase search through candidates.

Whoosh checks a phrase by building span lists for every document holding all its words
(~250 ms for "clinical trial" at 10k articles).  A phrase scores exactly what the AND of its
words scores, so the best AND hits, checked for the phrase in score order, are the best phrase
hits: only as many candidates as the shown rows need are checked, reading their positions directly.
"""

from __future__ import annotations

import time
from itertools import accumulate, islice

from whoosh import collectors
from whoosh import query as wq

from kbio_tui.index import fastrank

FIRST_CANDIDATES = 400  # best AND hits checked first (then all of them, if too few hold the phrase)
COUNT_CHUNK = 256  # documents checked between two looks at the clock
TOO_LONG = "the search took too long: showing the best hits found in time"
SAMPLE = 200  # AND matches checked for the phrase to estimate how many hold it

Ranked = list[tuple[float, int]]  # (score, global docnum), best first


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
            return set()
        found: set[int] = set()
        for leaf, offset in s.leaf_searchers():
            r = leaf.reader()
            local = sorted(d - offset for d in keep if offset <= d < offset + r.doc_count_all())
            if not local or any((ph.fieldname, w) not in r for w in words):
                continue
            for start in range(0, len(local), COUNT_CHUNK):
                if start and time.perf_counter() > deadline:
                    in_time = False
                    break
                chunk = local[start : start + COUNT_CHUNK]
                per_word = [_positions(r, ph.fieldname, w, chunk) for w in words]
                for d in chunk:
                    plists = [pw.get(d) for pw in per_word]
                    if all(pl is not None for pl in plists) and _follows(plists, max(1, ph.slop)):  # type: ignore[arg-type]
                        found.add(d + offset)
        keep = found
    return keep, in_time


def _positions(r, fieldname: str, word: bytes, docs: list[int]) -> dict[int, list[int]]:
    """Positions of ``word`` in each of ``docs`` (sorted segment docnums) that holds it.

    Whole posting blocks are decoded only where a wanted document falls (the block header's
    last id says which); Whoosh's ``skip_to`` stepped through ids one call at a time.  Falls back
    to the matcher for inline posting lists or another codec."""
    fmt = r.schema[fieldname].format
    try:  # the segment's own matcher, without the deletion filter: ``docs`` are all live
        m = r._terms.matcher(fieldname, word, fmt)
    except AttributeError:
        m = r.postings(fieldname, word)
    decode = fmt.decoder("positions")
    out: dict[int, list[int]] = {}
    i = 0
    if hasattr(m, "_startoffset") and not getattr(m, "_byteids", True):
        for header, data in fastrank.raw_blocks(m):
            if i >= len(docs):
                break
            last = header[1]
            if docs[i] > last:
                continue
            deltas, _weights, values = fastrank.decode_lazy(header, data)
            where = {d: j for j, d in enumerate(accumulate(deltas))}  # whoosh3 stores ids as deltas
            while i < len(docs) and docs[i] <= last:
                j = where.get(docs[i])
                if j is not None:
                    out[docs[i]] = decode(fastrank.value(values[j]))
                i += 1
        return out
    for d in docs:
        if not m.is_active():
            break
        if m.id() < d:
            m.skip_to(d)
        if m.is_active() and m.id() == d:
            out[d] = m.value_as("positions")
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


def run_phrases(
    s, words_query: wq.Query, phrases: list[wq.Phrase], limit: int, deadline: float
) -> tuple[Ranked, int, bool, list[str]]:
    """(hits, total, partial, notes) for a query whose phrases all must match."""
    k = max(FIRST_CANDIDATES, 2 * limit)
    first: list[int] = []
    while True:
        first.clear()
        ranked, with_words, timed_out = top_hits(s, words_query, k, deadline, first=first)
        held, in_time = holding_phrases(s, phrases, [d for _, d in ranked], deadline)
        shown = [(sc, d) for sc, d in ranked if d in held]
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
    held_n = len(holding_phrases(s, phrases, sample)[0])
    est = max(len(shown), round(held_n / max(1, len(sample)) * with_words))
    partial = len(shown) < limit  # the clock ran out before enough candidates were checked
    return shown[:limit], est, partial, [*([TOO_LONG] if partial else []), f"about {est:,} (estimated)"]
