"""Which segments a commit merges: never more than the current ingest run has paid for.

Whoosh merges by reading every document of the merged segments back and writing it again, in pure
Python: about as slow per document as indexing it.  Its default policy (MERGE_SMALL) sometimes
rewrites the whole index on a small commit (1,000 new articles into a fresh 10,000-article index:
13x the time of the same 1,000 alone), and during a long bulk run it rewrote everything again and
again.  Never merging is no answer either: every segment costs each query a little, and a 100-commit
run would leave 100 of them.

So a run earns merge work as it writes: ``RATIO`` documents of rewriting per document it adds.  A
small run into a big index never touches the big segments it did not write; a long run gradually
merges its own.  Merges join like-sized segments (``FACTOR`` of them, each within ``TIER`` times the
smallest), smallest first, so a run does not rewrite the same documents over and over and the
number of segments grows with the log of the run's length, not linearly.  ``compact`` (the
``kbio-tui compact`` command) merges everything into one segment on demand.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Sequence
from typing import Any

from kbio_tui.index import whoosh_private as wp

RATIO = 0.3  # documents a run may rewrite per document it writes
FACTOR = 6  # like-sized segments merged at once (4 merged once at 10k articles: ingest 0.63x bare, 6: 0.75x)
TIER = 3.0  # "like-sized": at most this many times the smallest segment of the group


def choose(sizes: Sequence[int], budget: float, *, factor: int = FACTOR, tier: float = TIER) -> list[int]:
    """Indices into ``sizes`` (documents per segment) to merge now; empty for none.

    The smallest group of at least ``factor`` like-sized segments is merged whole when its total fits
    ``budget``, else as many of its smallest as fit (never fewer than ``factor``).  A larger group
    would only cost more, so when the smallest cannot be afforded nothing is merged.
    """
    order = sorted(range(len(sizes)), key=lambda i: sizes[i])
    lo = 0
    while lo < len(order):
        hi = lo + 1
        while hi < len(order) and sizes[order[hi]] <= tier * max(1, sizes[order[lo]]):
            hi += 1
        group = order[lo:hi]
        if len(group) >= factor:
            pick: list[int] = []
            total = 0
            for i in group:
                if total + sizes[i] > budget:
                    break
                pick.append(i)
                total += sizes[i]
            return pick if len(pick) >= factor else []
        lo = hi
    return []


class RunMergePolicy:
    """A Whoosh ``mergetype`` for one writer's run: pass it to ``commit(mergetype=...)`` and call
    ``committed()`` once that commit has succeeded."""

    def __init__(self, ratio: float = RATIO, factor: int = FACTOR, tier: float = TIER) -> None:
        self.ratio, self.factor, self.tier = ratio, factor, tier
        self.written = 0  # documents this run's commits added
        self.rewritten = 0  # documents its merges rewrote
        self._pending = (0, 0)  # (added, rewritten) by the commit in progress

    def budget(self, adding: int) -> float:
        """Documents the commit that adds ``adding`` documents may rewrite."""
        return self.ratio * (self.written + adding) - self.rewritten

    def __call__(self, writer: Any, segments: list[Any]) -> list[Any]:
        adding = writer.doc_count()
        sizes = [s.doc_count_all() for s in segments]
        pick = set(choose(sizes, self.budget(adding), factor=self.factor, tier=self.tier))
        merge_into(writer, [s for i, s in enumerate(segments) if i in pick])
        self._pending = (adding, sum(sizes[i] for i in pick))
        return [s for i, s in enumerate(segments) if i not in pick]

    def committed(self) -> None:
        added, rewritten = self._pending
        self.written += added
        self.rewritten += rewritten
        self._pending = (0, 0)


def compact_all(writer: Any, segments: list[Any]) -> list[Any]:
    """A ``mergetype`` that merges every segment into the new one."""
    merge_into(writer, segments)
    return []


# ---- the merge itself ------------------------------------------------------------------------------
#
# Whoosh's own merge (``add_reader``) feeds every posting of the old segments through the new
# segment's sorting pool: one Python call per posting to add it, and past the pool's memory limit a
# pickle to a temporary run file and back, then a heap merge of the runs.  The old segments' postings
# are already sorted, so here they bypass the pool: each merged segment is read field by field in name
# order (the order the pool sorts in; Whoosh's own term files are in field-number order) a posting
# block at a time, and heap-merged with the pool's sorted postings as the new segment is written.
# Stored fields, lengths and columns are copied by Whoosh's own ``write_per_doc``.


def merge_into(writer: Any, segments: list[Any]) -> None:
    """Add ``segments``' live documents to the segment ``writer`` (a Whoosh SegmentWriter) is
    writing, as its ``commit`` runs the merge policy.  The segments' files are read while the new
    segment is flushed, after this returns, so their readers close with the writer's pool."""
    if not segments:
        return
    from whoosh.reading import SegmentReader

    if not wp.capabilities().merge_pool:
        # Whoosh's own merge (what its MERGE_SMALL does): slower, the same documents
        for seg in segments:
            reader = SegmentReader(writer.storage, writer.schema, seg)
            try:
                writer.add_reader(reader)
            finally:
                reader.close()
        return
    schema = writer.schema
    readers: list[Any] = []
    streams: list[Iterator[tuple]] = []
    try:
        for seg in segments:
            reader = SegmentReader(writer.storage, schema, seg)
            readers.append(reader)
            names = sorted(f for f in reader.indexed_field_names() if f in schema)
            base = writer.docnum
            docmap = writer.write_per_doc(set(schema.names()) | set(names), reader)
            streams.append(_postings(reader, names, base, docmap))
    except BaseException:
        for r in readers:
            r.close()
        raise
    wp.replace_pool(writer, _MergedPool(writer.pool, streams, readers))


class _MergedPool:
    """The new segment's posting pool, with the merged segments' sorted postings merged in."""

    def __init__(self, pool: Any, streams: list[Iterator[tuple]], readers: list[Any]) -> None:
        self._pool, self._streams, self._readers = pool, streams, readers

    def iter_postings(self) -> Iterator[tuple]:
        return heapq.merge(self._pool.iter_postings(), *self._streams)

    def cleanup(self) -> None:
        try:
            self._pool.cleanup()
        finally:
            for r in self._readers:
                r.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._pool, name)


def _postings(reader: Any, names: list[str], base: int, docmap: dict[int, int] | None) -> Iterator[tuple]:
    """(field, term, new docnum, weight, value) of the reader's live postings, sorted.

    Terms come from one walk of the term index with their infos (no lookup per term), and a term's
    posting blocks from one read of its extent (``whoosh_private.info_postings``): through Whoosh's
    matcher, reading block headers a few bytes at a time was over a third of a merge's time."""
    schema = reader.schema
    for fieldname in names:
        fixed = schema[fieldname].format.fixed_value_size()
        for btext, info in wp.term_entries(reader, fieldname):
            block = wp.info_postings(reader, info, fixed)
            if docmap is None:
                for doc, w, v in block:
                    yield (fieldname, btext, base + doc, w, v)
            else:
                for doc, w, v in block:
                    new = docmap.get(doc)
                    if new is not None:
                        yield (fieldname, btext, new, w, v)
