"""Ranking the query shapes people type (words, AND / OR / NOT, expanded prefixes, name fields, date
terms) by reading whole posting blocks instead of walking Whoosh's matcher tree.

Whoosh scores one document at a time through a tree of Python matcher objects: about 8 µs a match,
so a common word over 100k articles took over a quarter of a second before a row was drawn.  Here a
term's postings are read a block at a time (ids and weights arrive as arrays), then matched, scored
with BM25F and cut to the best k with numpy: no Python work per posting.  Scores are Whoosh's own,
to the last bit (same formula, same idf, same average lengths: tests/test_index_fastrank.py compares
them), so switching paths never reorders results.  Any other shape raises ``Unsupported`` and the
caller uses Whoosh.  The whoosh3 internals it reads (block arrays, length columns) are reached
through ``whoosh_private``; where its probe turned them off, the per-posting path gives the same
answers, only slower.
"""

from __future__ import annotations

import time
import weakref
from itertools import accumulate
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

from kbio_tui.index import whoosh_private as wp
from kbio_tui.index.schema import ARTICLE_FIELDS, KIND_ARTICLE

_LENGTH_OF_BYTE = [byte_to_length(b) for b in range(256)]
_NO_DOCS = np.empty(0, dtype=np.int64)


class Unsupported(Exception):
    """A query shape this module does not rank; use Whoosh."""


def term_docs(searcher, fieldname: str, text: str, known: IdTerms | None = None) -> list[int]:
    """The top-level document numbers holding ``text`` in ``fieldname``, deleted ones left out.

    ``Searcher.docs_for_query`` builds a BM25 scorer for each segment (its idf asks every segment
    again) and steps through the postings one at a time: about 2 ms for a person's few hundred
    articles over 16 segments, twice per page.  Here each block's ids are taken whole.  ``known``
    (for unique ids) skips the segments whose lexicon lacks the term without a lookup."""
    out: list[int] = []
    for leaf, offset in searcher.leaf_searchers():
        reader = leaf.reader()
        if not wp.is_segment_reader(reader):  # an empty index's reader, or another kind
            if (fieldname, text) in reader:
                out.extend(offset + d for d in reader.postings(fieldname, text).all_ids())
            continue
        try:
            btext = reader.schema[fieldname].to_bytes(text)
        except KeyError:  # no such field
            continue
        if known is not None and not known.may_hold(reader, fieldname, btext):
            continue
        try:
            m = wp.term_matcher(reader, fieldname, btext)
        except TermNotFound:  # one lookup, not ``in`` and then another (see wp.stored_blocks)
            continue
        wp.add_live_ids(out, m, offset, wp.deleted_docs(reader))
    return out


def unique_doc(searcher, fieldname: str, text: str) -> int | None:
    """The live document holding a unique id term (an article's ``a_id``), or None.

    ``term_docs`` asks every segment and builds a matcher in each one holding the term; a live id is
    in one segment, so the largest segments are asked first and the search stops at the first live
    hit, and a term in one document of its segment is that document (its term info's lowest id),
    with no matcher.  This is how the articles a correction names are found."""
    leaves = sorted(searcher.leaf_searchers(), key=lambda lo: -lo[0].doc_count_all())
    for leaf, offset in leaves:
        reader = leaf.reader()
        try:
            info = reader.term_info(fieldname, text)
        except (KeyError, TermNotFound):  # no such field, or not in this segment
            continue
        first = info.min_id()
        if info.doc_frequency() == 1 and first is not None:
            if not reader.is_deleted(first):
                return offset + first
            continue
        found = [d for d in reader.postings(fieldname, text).all_ids() if not reader.is_deleted(d)]
        if found:
            return offset + found[0]
    return None


class IdTerms:
    """Each segment's unique-id terms (article, blob, card and source ids) in memory, for a writer.

    A term lookup in a segment's on-disk hash table costs about 30 µs, and ingest asks for every
    entity's card, every article's id and source and then deletes what it replaces: a lookup in
    every segment each time.  After a 100k bulk load (76 segments) that made 1,000 new articles
    take twice as long as into an empty index.  A segment's terms never change, so each field's
    lexicon is read once per segment (about a second for all of them at 100k, some tens of MB)
    and a lookup touches only the segment that holds the term."""

    def __init__(self) -> None:
        self._terms: dict[tuple[str, str], frozenset[bytes]] = {}

    @staticmethod
    def _segment_id(reader) -> str | None:
        segment = reader.segment() if hasattr(reader, "segment") else None
        return segment.segment_id() if segment is not None else None

    def may_hold(self, reader, fieldname: str, btext: bytes) -> bool:
        segment_id = self._segment_id(reader)
        if segment_id is None:
            return True
        key = (segment_id, fieldname)
        terms = self._terms.get(key)
        if terms is None:
            try:
                terms = frozenset(reader.lexicon(fieldname))
            except TermNotFound:  # the segment has no such field
                terms = frozenset()
            self._terms[key] = terms
        return btext in terms

    def keep_only(self, searcher) -> None:
        """Forget the segments ``searcher`` no longer has (merged away by a commit)."""
        live = {self._segment_id(leaf.reader()) for leaf, _ in searcher.leaf_searchers()}
        self._terms = {k: v for k, v in self._terms.items() if k[0] in live}


class Leaf:
    """One segment: its reader, deletions and the statistics BM25F needs, read once per query."""

    def __init__(self, searcher, leaf, offset: int) -> None:
        self.top = searcher
        self.reader = leaf.reader()
        self.offset = offset
        self.deleted = wp.deleted_docs(self.reader)

    def postings(self, fieldname: str, text: str) -> tuple[list[int], list[float]]:
        """(ids, weights): the values (e.g. word positions) are not unpickled."""
        r = self.reader
        ids: list[int] = []
        weights: list[float] = []
        if fieldname not in r.schema:
            return ids, weights
        btext = r.schema[fieldname].to_bytes(text)
        blocks = wp.stored_blocks(r, fieldname, btext)
        if blocks is None and (fieldname, btext) not in r:
            return ids, weights
        if blocks is not None:
            for header, data in blocks:
                deltas, ws, _ = wp.decode(header, data, values=False)
                block = list(accumulate(deltas))  # whoosh3 stores each block's ids as deltas
                if ws is None:
                    weights.extend([1.0] * len(block))
                elif isinstance(ws, float):
                    weights.extend([ws] * len(block))
                else:
                    weights.extend(ws)
                ids.extend(block)
        else:  # kept inline in the term's entry, or another codec: one posting at a time
            m = wp.term_matcher(r, fieldname, btext)
            while m.is_active():
                ids.append(m.id())
                weights.append(m.weight())
                m.next()
        return ids, weights

    def length_bytes(self, fieldname: str) -> bytes | None:
        """The length byte of every document, or None if the segment has no length column."""
        return wp.length_bytes(self.reader, fieldname)


class _FieldStats:
    """What BM25F needs of a field and its terms, the same in every segment: worked out once a
    query, not once a term and segment (the norm table alone was a tenth of a 20-segment prefix
    search, and Whoosh's idf and average length each walk every segment)."""

    def __init__(self, searcher) -> None:
        self.searcher = searcher
        self._fields: dict[str, tuple[float, list[float], float]] = {}
        self._idf: dict[tuple[str, str], float] = {}

    def field(self, fieldname: str) -> tuple[float, list[float], float]:
        """(K1, the BM25 length norm of each length byte, the norm of length 1 (Whoosh's default
        when a segment has no length column))."""
        if fieldname not in self._fields:
            weighting = self.searcher.weighting
            B = wp.field_b(weighting, fieldname)
            K1 = weighting.K1
            avgfl = self.searcher.avg_field_length(fieldname) or 1
            # K1 * ((1 - B) + B * fl / avgfl), as whoosh.scoring.bm25 computes it
            table = [K1 * ((1 - B) + B * fl / avgfl) for fl in _LENGTH_OF_BYTE]
            self._fields[fieldname] = (K1, table, K1 * ((1 - B) + B * 1 / avgfl))
        return self._fields[fieldname]

    def idf(self, fieldname: str, text: str) -> float:
        key = (fieldname, text)
        if key not in self._idf:
            self._idf[key] = self.searcher.idf(fieldname, text)
        return self._idf[key]


def stored_by(searcher, fieldname: str, text: str, known: IdTerms | None = None) -> dict[str, Any] | None:
    """The stored fields of the live document with this unique id term.  One term lookup per
    segment: ``Searcher.document`` built a matcher and a scorer in each one (1.7 ms over the 76
    segments a 100k bulk load leaves), and ingest asks this for every entity of every article."""
    docs = term_docs(searcher, fieldname, text, known)
    return searcher.stored_fields(docs[0]) if docs else None


# segment reader -> its deletions as arrays, for as long as the reader (the snapshot) lives
_DELETIONS: weakref.WeakKeyDictionary[Any, tuple[np.ndarray | None, np.ndarray | None]] = (
    weakref.WeakKeyDictionary()
)


def _deletions(leaf: Leaf) -> tuple[np.ndarray | None, np.ndarray | None]:
    """(every deleted document, the deleted article documents) of a segment as sorted arrays, None
    for none; kept for as long as the segment's reader, which lives as long as the snapshot.

    Most deletions are entity cards, rewritten when they gain a name or a role, and those never
    occur in an article field's postings.  Built per query, and tested against every posting list
    of every segment, all deletions cost a prefix search over 76 segments a tenth of its time."""
    r = leaf.reader
    kept = _DELETIONS.get(r)
    if kept is None:
        deleted = leaf.deleted
        if not deleted:
            kept = (None, None)
        else:
            every = np.fromiter(deleted, dtype=np.int64, count=len(deleted))
            every.sort()
            articles = np.asarray(leaf.postings("kind", KIND_ARTICLE)[0], dtype=np.int64)
            dead = np.intersect1d(every, articles, assume_unique=True)
            kept = (every, dead if len(dead) else None)
        _DELETIONS[r] = kept
    return kept


class _Eval:
    """Two passes over a query for one segment: which documents match (sorted id arrays, merged by
    numpy's set routines), then BM25F scores for those documents only, so an AND with a rare word
    never scores the common word's whole posting list.  Each term's scores are one vectorised
    expression and parts are added in the order Whoosh adds them, so every score is the same float."""

    def __init__(self, leaf: Leaf, stats: _FieldStats) -> None:
        self.leaf = leaf
        self.stats = stats
        self._post: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}
        self._norms: dict[str, np.ndarray | None] = {}
        self._deleted, self._deleted_articles = _deletions(leaf)

    def postings(self, q: wq.Term) -> tuple[np.ndarray, np.ndarray]:
        """(ids, weights) of the live documents, ids ascending."""
        key = (q.fieldname, q.text)
        post = self._post.get(key)
        if post is None:
            ids, weights = self.leaf.postings(q.fieldname, q.text)
            id_arr = np.array(ids, dtype=np.int64)
            w_arr = np.array(weights, dtype=np.float64)
            only_articles = q.fieldname in ARTICLE_FIELDS or (q.fieldname, q.text) == ("kind", KIND_ARTICLE)
            deleted = self._deleted_articles if only_articles else self._deleted
            if deleted is not None and len(id_arr):
                live = ~np.isin(id_arr, deleted, assume_unique=True)
                id_arr, w_arr = id_arr[live], w_arr[live]
            post = self._post[key] = (id_arr, w_arr)
        return post

    def docs(self, q: wq.Query) -> np.ndarray:
        if type(q) is wq.Term:
            return self.postings(q)[0]
        if q is wq.NullQuery:
            return _NO_DOCS
        if type(q) is wq.ConstantScoreQuery:
            return self.docs(q.child)
        if type(q) is wq.And:
            positives = sorted(
                (c for c in q.subqueries if not isinstance(c, wq.Not)), key=lambda c: self._size_hint(c)
            )
            keep = self.docs(positives[0])
            for c in positives[1:]:
                if not len(keep):
                    return keep
                keep = np.intersect1d(keep, self.docs(c), assume_unique=True)
            for c in q.subqueries:
                if isinstance(c, wq.Not) and len(keep):
                    keep = np.setdiff1d(keep, self.docs(c.query), assume_unique=True)
            return keep
        if type(q) is wq.Or:
            parts = [d for d in (self.docs(c) for c in q.subqueries) if len(d)]
            return np.unique(np.concatenate(parts)) if parts else _NO_DOCS
        raise Unsupported(type(q).__name__)

    def _size_hint(self, q: wq.Query) -> int:
        return len(self.postings(q)[0]) if type(q) is wq.Term else 1 << 30

    def scores(self, q: wq.Query, docs: np.ndarray) -> np.ndarray:
        """Scores of ``docs`` (sorted, all matching ``q``), in the same order."""
        if type(q) is wq.Term:
            return self._term_scores(q, docs)
        if type(q) is wq.ConstantScoreQuery:
            return np.full(len(docs), q.score, dtype=np.float64)
        if type(q) is wq.And:
            parts = [self.scores(c, docs) for c in q.subqueries if not isinstance(c, wq.Not)]
            out = parts[0]
            for part in parts[1:]:
                out = out + part
            # Whoosh intersects with an InverseMatcher per NOT, and it scores 1.0 a document
            nots = len([c for c in q.subqueries if isinstance(c, wq.Not)])
            if nots:
                out = out + 1.0 * nots
            return out
        if type(q) is wq.Or:
            out = np.zeros(len(docs), dtype=np.float64)
            for c in q.subqueries:
                mine = np.intersect1d(docs, self.docs(c), assume_unique=True)
                if len(mine):
                    out[np.searchsorted(docs, mine)] += self.scores(c, mine)
            return out
        raise Unsupported(type(q).__name__)

    def _term_scores(self, q: wq.Term, docs: np.ndarray) -> np.ndarray:
        ids, weights = self.postings(q)
        tf = weights[np.searchsorted(ids, docs)]
        if not self.leaf.top.schema[q.fieldname].scorable:
            return tf * q.boost
        K1, _norm, norm_of_one = self.stats.field(q.fieldname)
        idf = self.stats.idf(q.fieldname, q.text)
        k1p = K1 + 1
        norms = self._doc_norms(q.fieldname)
        # whoosh.scoring.bm25: idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl)))
        out = idf * ((tf * k1p) / (tf + (norm_of_one if norms is None else norms[docs])))
        if q.boost != 1:
            out = out * q.boost
        return out

    def _doc_norms(self, fieldname: str) -> np.ndarray | None:
        """Every document's BM25 length norm (None: the segment has no length column)."""
        if fieldname not in self._norms:
            lengths = self.leaf.length_bytes(fieldname)
            if lengths is None:
                self._norms[fieldname] = None
            else:
                table = np.array(self.stats.field(fieldname)[1], dtype=np.float64)
                self._norms[fieldname] = table[np.frombuffer(lengths, dtype=np.uint8)]
        return self._norms[fieldname]


def supported(q: wq.Query) -> bool:
    """Whether ``rank`` takes this query (checked before any posting is read)."""
    if isinstance(q, wq.Term):
        return type(q) is wq.Term
    if q is wq.NullQuery:
        return True
    if getattr(q, "boost", 1.0) != 1.0:
        return False
    if type(q) is wq.ConstantScoreQuery:
        return supported(q.child)
    if type(q) is wq.And:
        pos = [c for c in q.subqueries if not isinstance(c, wq.Not)]
        neg = [c.query for c in q.subqueries if isinstance(c, wq.Not)]
        return bool(pos) and all(supported(c) for c in pos + neg)
    if type(q) is wq.Or:
        return all(not isinstance(c, wq.Not) and supported(c) for c in q.subqueries)
    return False


def rank(
    searcher,
    q: wq.Query,
    k: int,
    deadline: float,
    *,
    first: list[int] | None = None,
    first_n: int = 0,
) -> tuple[list[tuple[float, int]], int, bool]:
    """(best k as (score, global docnum), number of matches, timed out): what phrases.top_hits
    returns, in the same order (higher score first, then lower docnum).  The caller checks
    ``supported(q)`` first.  ``first`` (if given) receives the first ``first_n`` matches in index
    order, an unbiased sample that costs nothing here (a phrase estimates its count from it)."""
    scores_kept: list[np.ndarray] = []
    docs_kept: list[np.ndarray] = []
    total = 0
    timed_out = False
    stats = _FieldStats(searcher)
    for leaf, offset in searcher.leaf_searchers():
        if time.perf_counter() > deadline:
            timed_out = True
            break
        if leaf.doc_count_all() == 0:  # an index with nothing committed yet: no segment to read
            continue
        ev = _Eval(Leaf(searcher, leaf, offset), stats)
        docs = ev.docs(q)
        if first is not None and len(first) < first_n:
            first.extend((docs[: first_n - len(first)] + offset).tolist())
        if not len(docs):
            continue
        scores = ev.scores(q, docs)
        total += len(docs)
        if len(docs) > k:
            # the k best, and every document tied with the k-th (the docnum decides among those)
            cut = scores[np.argpartition(-scores, k - 1)[:k]].min()
            keep = np.flatnonzero(scores >= cut)
            scores, docs = scores[keep], docs[keep]
        scores_kept.append(scores)
        docs_kept.append(docs + offset)
    if not scores_kept:
        return [], total, timed_out
    scores = np.concatenate(scores_kept)
    docs = np.concatenate(docs_kept)
    best = np.lexsort((docs, -scores))[:k]  # higher score first, then lower docnum
    return list(zip(scores[best].tolist(), docs[best].tolist(), strict=True)), total, timed_out


def _live_leaves(searcher):
    stats = _FieldStats(searcher)
    for leaf, offset in searcher.leaf_searchers():
        if leaf.doc_count_all():  # an index with nothing committed yet has no segment to read
            yield _Eval(Leaf(searcher, leaf, offset), stats), offset


def matching(searcher, q: wq.Query) -> np.ndarray:
    """Every live document matching ``q`` (a shape ``supported`` takes), as ascending top-level
    document numbers, unranked: the matching pass of ``rank`` without the scoring."""
    parts = [docs + offset for ev, offset in _live_leaves(searcher) if len(docs := ev.docs(q))]
    return np.concatenate(parts) if parts else _NO_DOCS


def term_weights(searcher, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """(top-level document numbers, weights) of a term's live postings: for a counted id field
    (``a_speakers``) the weight is how often the id occurs in that article."""
    docs: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    for ev, offset in _live_leaves(searcher):
        ids, ws = ev.postings(wq.Term(fieldname, text))
        if len(ids):
            docs.append(ids + offset)
            weights.append(ws)
    if not docs:
        return _NO_DOCS, np.empty(0, dtype=np.float64)
    return np.concatenate(docs), np.concatenate(weights)
