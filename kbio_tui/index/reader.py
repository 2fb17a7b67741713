"""The Whoosh implementation of IndexReader: read-only, thread-safe, nothing of the corpus in memory.

Opening the index and listing the latest articles (the browser's first list) import only Whoosh's
reading side and the light row type: ranking (numpy), query compilation, snippets and the pydantic
models are imported inside the methods that need them, so the first list does not wait for them
(the browser imports them in the background once the list is shown, see ``prepare``).
"""

from __future__ import annotations

import functools
import heapq
import json
import re
import threading
import time
import zlib
from array import array
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, cast

from whoosh.filedb.filestore import FileStorage
from whoosh.index import EmptyIndexError, exists_in

from kbio_tui import corrections
from kbio_tui.errors import IndexUnavailableError
from kbio_tui.index import counts_file
from kbio_tui.index import whoosh_private as wp
from kbio_tui.index.names import name_keys, name_tokens
from kbio_tui.index.schema import (
    ADDED_FIELD,
    INDEX_NAME,
    KIND_ARTICLE,
    KIND_ENTITY,
    META_FILE,
    SCHEMA_VERSION,
    TYPE_SEP,
    check_meta,
)
from kbio_tui.index.summary import ArticleSummary
from kbio_tui.index.trust import check_trusted

if TYPE_CHECKING:
    import numpy as np
    from whoosh import query as wq

    from kbio_tui.index.api import (
        EntitySummary,
        FacetResult,
        IndexStats,
        NewArticle,
        NewMatches,
        QuoteHit,
        SearchResult,
        Snippet,
        Timeline,
    )
    from kbio_tui.index.corrected import Overlay
    from kbio_tui.models import Article, EntityType, QuoteKind, SpeakerKind

_WORD = re.compile(r"[^\W_]+")
SEARCH_TIME_LIMIT = 0.5  # seconds; a slower query returns the hits found so far, marked partial
FACET_ARTICLES = 1000  # best-ranked matches a search's facets are counted over
FACET_TYPES = ("person", "org", "product", "law", "place")
PREFIX_CAP = 32  # terms a prefix may expand to (the most frequent)
PREFIX_POSTINGS = 1.5  # ...and their documents may add up to this many per article: search time
# grows with the postings a prefix reads (bio* at 10k: 13 terms, 43k postings, ~0.4 s)
PREFIX_MIN_POSTINGS = 5_000  # never cut below this (small indexes)
PREFIX_SCAN = 20_000  # lexicon entries looked at per prefix
FILTER_CARDS = 20_000  # entity cards a type-to-filter keeps per snapshot (a few MB)
PREFIX_CACHE = 256  # prefix expansions kept per snapshot


_SCORED_FIELDS = ("content", "title", "people", "orgs", "outlet")


def _card_and_names(s, docnum: int) -> tuple[dict[str, Any], str]:
    """An entity card and the casefolded names a filter looks in."""
    card = s.stored_fields(docnum)["e_rec"]
    return card, " ".join([card["name"], *card["aliases"], card["acronym"] or ""]).casefold()


def _names_hay(card: dict[str, Any]) -> str:
    return " ".join([card["name"], *card["aliases"], card["acronym"] or ""]).casefold()


def _card_keys(card: dict[str, Any]) -> set[str]:
    return {k for n in (card["name"], *card["aliases"], card["acronym"] or "") for k in name_keys(n)}


def _preload_lengths(searcher):
    """Without mmap, BM25 read each hit's field length from disk (a seek and a read per hit:
    most of a common word's search time).  The length columns are one byte a document, so they
    are read once per segment (where ``whoosh_private`` says the columns can be read raw)."""
    for leaf, _offset in searcher.leaf_searchers():
        reader = leaf.reader()
        if wp.is_segment_reader(reader):
            wp.preload_lengths(reader, _SCORED_FIELDS)
    return searcher


class _Counts(NamedTuple):
    ents: dict[str, list[int]]  # "type|id" -> [articles, mentions]
    speakers: dict[str, int]  # id -> quotes
    # with corrections: a merged entity's article count is made exact when it is read (``row``)
    overlay: Overlay | None = None

    def row(self, term: str) -> tuple[int, int]:
        """[articles, mentions] of a ``type|id`` term, exact."""
        if self.overlay is not None and term in self.overlay.pending:
            self.overlay.settle(term)
        articles, mentions = self.ents.get(term, (0, 0))
        return articles, mentions


def _generation(s) -> int | None:
    """The TOC generation a searcher was opened at (None if this Whoosh does not say)."""
    try:
        generation = s.reader().generation()
    except (AttributeError, TypeError):
        return None
    return generation if isinstance(generation, int) else None


def _summary(meta: dict[str, Any]) -> ArticleSummary:
    return ArticleSummary.from_meta(meta)


def _quote_hit(meta: dict[str, Any], published: datetime | None, speaker_id: str, row: tuple) -> QuoteHit:
    from kbio_tui.index.api import QuoteHit

    kind, text, speaker, speaker_kind, start, end, sent_start, sent_end = row
    return QuoteHit(
        article_id=meta["id"],
        article_title=meta["title"],
        outlet=meta.get("outlet"),
        published=published,
        url=meta.get("url"),
        # strings the model validates: a Python enum call per quote cost large pages
        kind=cast("QuoteKind", kind),
        text=text,
        speaker=speaker,
        speaker_id=speaker_id,
        speaker_kind=cast("SpeakerKind", speaker_kind),
        start=start,
        end=end,
        sentence_start=sent_start,
        sentence_end=sent_end,
    )


@functools.cache
def _unscored() -> Any:
    """A weighting for matching only.  Whoosh's boolean context still scores with BM25, whose idf
    asks every segment for each term's frequency: most of checking a query against a few new
    articles.  Built on first use: whoosh.scoring is not on the first list's import path."""
    from whoosh import scoring

    class _Unscored(scoring.WeightingModel):
        def scorer(self, searcher: Any, fieldname: str, text: str, qf: int = 1) -> scoring.BaseScorer:
            return scoring.WeightScorer(1.0)

    return _Unscored()


_EPOCH = date(1970, 1, 1)
TIMELINE_BY = ("month", "week")
# candidate arrivals up to which new_matches moves Whoosh's matcher to each rather than reading the
# query's whole posting lists (fastrank.matching)
SKIP_CANDIDATES = 1000


def _period_keys(seconds: np.ndarray, by: str) -> np.ndarray:
    """Months since January 1970, or weeks (Monday to Sunday) since the one holding 1970-01-01,
    of dates given as seconds of their own wall-clock time (``docs.date_key``)."""
    import numpy as np

    days = np.floor_divide(seconds, 86400)
    if by == "month":
        return days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    return np.floor_divide(days + 3, 7)  # 1970-01-01 was a Thursday: its Monday is day -3


def _period(key: int, by: str) -> tuple[str, date]:
    if by == "month":
        start = date(1970 + key // 12, key % 12 + 1, 1)
        return f"{start.year:04d}-{start.month:02d}", start
    start = _EPOCH + timedelta(days=7 * key - 3)
    iso = start.isocalendar()
    return f"{iso.year:04d}-W{iso.week:02d}", start


T = TypeVar("T")
SUMMARY_CACHE = 5000  # article list rows kept per snapshot (~1 KB each)
CARD_CACHE = 4096  # entity cards kept per snapshot (a few hundred bytes each)
OPEN_ATTEMPTS = 8  # a reader opening during a commit retries this often (a few ms each)


def _serialized(method: Callable[..., T]) -> Callable[..., T]:
    """One reader call at a time.  Without mmap, Whoosh reads segment files through shared file
    handles (seek, then read): two threads interleaving them read each other's bytes.  The browser
    runs its search, article and entity workers in threads, so every public call takes the lock."""

    @functools.wraps(method)
    def locked(self: WhooshIndexReader, *args: Any, **kwargs: Any) -> T:
        with self._lock:
            return method(self, *args, **kwargs)

    return locked


class WhooshIndexReader:
    def __init__(self, index_dir: Path | str):
        self.index_dir = Path(index_dir)
        # A writer that commits while we open deletes the table of contents we just found (the
        # files of a generation go once a newer one is complete): open the newer one instead.
        for attempt in range(OPEN_ATTEMPTS):
            try:
                self._open()
                break
            except FileNotFoundError:
                if attempt == OPEN_ATTEMPTS - 1:
                    raise
                time.sleep(0.02 * (attempt + 1))
        self._lock = threading.RLock()
        self._retired = None
        self._snap: dict[str, Any] = {}  # figures of one searcher snapshot (see _cache)
        # the analysts' corrections (kbio_tui.corrections), read again when the log changes
        self._corr_state = corrections.log_state(self.index_dir)
        self._corr = corrections.load_compiled(self.index_dir) if self._corr_state else corrections.Compiled()

    def _open(self) -> None:
        check_trusted(self.index_dir)  # before Whoosh unpickles anything (exists_in reads the TOC)
        if not (self.index_dir / META_FILE).is_file() or not exists_in(str(self.index_dir), INDEX_NAME):
            raise IndexUnavailableError(
                f"no index at {self.index_dir}: "
                f"build one with `kbio-tui ingest PATH --index {self.index_dir}`"
            )
        check_meta(self.index_dir)
        try:
            # readonly storage: opening never creates, locks or renames a file.  No mmap: with it
            # Whoosh's segment files end up resident (155 MB at open for 3k articles, growing with
            # the index); with plain reads the process holds only what a call needs (~40 MB).
            storage = FileStorage(str(self.index_dir), supports_mmap=False, readonly=True)
            self._ix = storage.open_index(INDEX_NAME)
            self._searcher = _preload_lengths(self._ix.searcher())
        except EmptyIndexError as exc:
            raise IndexUnavailableError(f"the index at {self.index_dir} is empty or damaged: {exc}") from exc
        except FileNotFoundError:
            raise  # a commit replaced what we were opening: the caller tries again
        except OSError as exc:
            raise IndexUnavailableError(f"cannot read the index at {self.index_dir}: {exc}") from exc

    # ---- plumbing ---------------------------------------------------------------------------------

    def _s(self):
        with self._lock:
            return self._searcher

    def _reload_corrections(self) -> bool:
        state = corrections.log_state(self.index_dir)
        if state == self._corr_state:
            return False
        self._corr_state = state
        self._corr = corrections.load_compiled(self.index_dir) if state else corrections.Compiled()
        return True

    def refresh(self) -> bool:
        with self._lock:
            corrected = self._reload_corrections()
            if self._searcher.up_to_date():
                return corrected
            # A fresh searcher, not Searcher.refresh(): reusing segment readers keeps their old
            # deletion sets, so a replaced article would stay visible (and it fails on empty indexes).
            # The old searcher may still serve a search on another thread: close it one refresh later.
            try:
                fresh = _preload_lengths(self._ix.searcher())
            except FileNotFoundError:
                return corrected  # a commit is replacing the files right now: the next refresh gets it
            if self._retired is not None:
                self._retired.close()
            self._retired = self._searcher
            self._searcher = fresh
            return True

    def close(self) -> None:
        with self._lock:
            self._searcher.close()
            if self._retired is not None:
                self._retired.close()

    def _cache(self, s) -> dict[str, Any]:
        """Figures derived from one snapshot, dropped when the snapshot changes (keyed by the
        searcher itself, not its id, which a later searcher could reuse)."""
        with self._lock:
            if self._snap.get("searcher") is not s or self._snap.get("corrections") is not self._corr:
                self._snap = {"searcher": s, "corrections": self._corr}
            return self._snap

    def _stored_by(self, fieldname: str, text: str, s=None) -> dict[str, Any] | None:
        from kbio_tui.index import fastrank

        return fastrank.stored_by(s or self._s(), fieldname, text)

    def _blob(self, s, article_id: str, docnum: int | None = None) -> dict[str, Any] | None:
        """An article's blob document.  The writer adds it right after the article document and
        merges keep the order, so for an article listed in this snapshot (``_summary_at`` noted
        its document number) it is the next document: one stored read, no term lookup.  A
        snippet per visible row made those lookups a sixth of a search at 100k articles."""
        if docnum is None:
            docnum = self._cache(s).get("docnum_of", {}).get(article_id)
        if docnum is not None and docnum + 1 < s.doc_count_all() and not s.reader().is_deleted(docnum + 1):
            fields = s.stored_fields(docnum + 1)
            if fields.get("b_id") == article_id:
                return fields
        return self._stored_by("b_id", article_id, s)

    # ---- IndexReader ------------------------------------------------------------------------------

    @_serialized
    def stats(self) -> IndexStats:
        from whoosh import query as wq

        from kbio_tui.index.api import IndexStats

        s = self._s()
        articles = len(s.search(wq.Term("kind", KIND_ARTICLE), limit=1, scored=False))
        try:
            modified = datetime.fromtimestamp(
                max(p.stat().st_mtime for p in self.index_dir.glob(f"_{INDEX_NAME}_*.toc"))
            )
        except ValueError:
            modified = None
        return IndexStats(
            articles=articles,
            quotes=self._quote_total(s),
            entities=self._entity_total(s),
            schema_version=SCHEMA_VERSION,
            last_modified=modified,
        )

    def _entity_total(self, s) -> int:
        counts = self._counts(s)
        if counts.overlay is not None:
            counts.overlay.settle_all()
        return sum(1 for c in counts.ents.values() if c[0] > 0)

    def _quote_total(self, s) -> int:
        """Sum of the per-article quote counts (a column read, no stored fields); cached per snapshot."""
        cache = self._cache(s)
        if "quotes" in cache:
            return cache["quotes"]
        total = 0
        for leaf, _offset in s.leaf_searchers():  # column readers are per segment
            reader = leaf.reader()
            if not reader.has_column("a_nq"):
                continue
            col = reader.column_reader("a_nq")
            total += sum(col[d] for d in leaf.document_numbers(kind=KIND_ARTICLE))
        cache["quotes"] = total
        return total

    def _counts(self, s) -> _Counts:
        """Entity counts of this snapshot, from the lexicon: doc frequency and term weight.

        A replaced article's document still counts in its segment's term statistics until a
        merge drops it, so what deleted documents added (stored on them) is subtracted."""
        cache = self._cache(s)
        if "counts" in cache:
            return cache["counts"]
        counts = self._raw_counts(s)
        if self._corr:
            overlay = self._overlay(s)
            counts = _Counts(overlay.ents, overlay.speakers, overlay)
        cache["counts"] = counts
        return counts

    def _overlay(self, s) -> Overlay:
        """The corrections applied to this snapshot's counts (see kbio_tui.index.corrected)."""
        from kbio_tui.index.corrected import Overlay

        cache = self._cache(s)
        if "overlay" not in cache:
            raw = self._raw_counts(s)
            cache["overlay"] = Overlay(
                s, self._corr, raw.ents, raw.speakers, lambda aid, docnum: self._blob(s, aid, docnum)
            )
        return cache["overlay"]

    def _raw_counts(self, s) -> _Counts:
        """The counts as the index holds them, before corrections: as the last writer left them
        (``counts_file``) when they describe this snapshot, else from the lexicon."""
        cache = self._cache(s)
        if "raw_counts" in cache:
            return cache["raw_counts"]
        generation = _generation(s)
        kept = counts_file.read(self.index_dir, generation) if generation is not None else None
        if kept is not None:
            cache["raw_counts"] = _Counts(*kept)
            return cache["raw_counts"]
        cache["raw_counts"] = self._lexicon_counts(s)
        return cache["raw_counts"]

    def counts_for_file(self) -> tuple[int, _Counts] | None:
        """(generation, raw counts) of the current snapshot, computed from the lexicon, for the
        writer to leave beside the index (``counts_file``); None if the generation is unknown."""
        s = self._s()
        generation = _generation(s)
        return None if generation is None else (generation, self._lexicon_counts(s))

    def _lexicon_counts(self, s) -> _Counts:
        ents: dict[str, list[int]] = {}
        speakers: dict[str, int] = {}
        for leaf, _offset in s.leaf_searchers():
            r = leaf.reader()
            for term, ti in r.iter_field("a_ents"):
                c = ents.setdefault(term.decode("utf-8"), [0, 0])
                c[0] += ti.doc_frequency()
                c[1] += int(ti.weight()) - ti.doc_frequency()
            for term, ti in r.iter_field("a_speakers"):
                key = term.decode("utf-8")
                speakers[key] = speakers.get(key, 0) + int(ti.weight())
            if r.has_deletions():
                for docnum in wp.deleted_docs(r):
                    added = r.stored_fields(docnum).get("b_counts")
                    if not added:
                        continue
                    for t, n in added["e"].items():
                        counted = ents.get(t)
                        if counted is not None:
                            counted[0] -= 1
                            counted[1] -= n - 1
                    for sid, n in added["s"].items():
                        if sid in speakers:
                            speakers[sid] -= n
        return _Counts(ents, speakers)

    def _summary_of(self, card: dict[str, Any], counts: _Counts, exact: bool = True) -> EntitySummary | None:
        """The entity's list row; ``exact=False`` leaves a merged entity's article count at its
        upper bound (see ``_settled``), for lists that rank many and show few."""
        from kbio_tui.index.api import EntitySummary
        from kbio_tui.index.docs import ent_term

        term = ent_term(card["type"], card["id"])
        articles, mentions = counts.row(term) if exact else counts.ents.get(term, (0, 0))
        if articles <= 0:
            return None  # every article that mentioned it was replaced or removed
        return EntitySummary(
            id=card["id"],
            type=card["type"],
            name=card["name"],
            aliases=card["aliases"],
            roles=card["roles"],
            orgs=card["orgs"],
            acronym=card["acronym"],
            mention_count=mentions,
            quote_count=max(0, counts.speakers.get(card["id"], 0)),
            article_count=articles,
        )

    @_serialized
    def recent_articles(self, limit: int = 200, offset: int = 0) -> list[ArticleSummary]:
        s = self._s()
        order = self._newest_first(s)
        if order is not None:
            return [self._summary_at(s, d) for d in order[offset : offset + limit]]
        from whoosh import query as wq

        res = s.search(wq.Term("kind", KIND_ARTICLE), limit=offset + limit, sortedby="pub", reverse=True)
        return [ArticleSummary.from_meta(hit["a_meta"]) for hit in list(res)[offset : offset + limit]]

    def _newest_first(self, s) -> array | None:
        """Article document numbers, newest first (ties: later document first, as Whoosh sorts),
        once per snapshot: the first screen asks for it, and sorting through the column without
        mmap read every article's date from disk on each call.  Eight bytes an article."""
        cache = self._cache(s)
        if "newest" in cache:
            return cache["newest"]
        rows: list[tuple[int, int]] = []
        try:
            for leaf, offset in s.leaf_searchers():
                # the raw column holds Whoosh's order-preserving unsigned encoding of the date
                reader = leaf.reader()
                if not reader.has_column("pub"):
                    continue  # an empty index, or a segment of cards and sources only
                pubs = wp.u64_column(reader, "pub")  # Whoosh's order-preserving encoding of the date
                for d in leaf.document_numbers(kind=KIND_ARTICLE):
                    rows.append((pubs[d] if d < len(pubs) else 0, offset + d))
        except (AttributeError, NotImplementedError, TypeError, ValueError):
            cache["newest"] = None  # Whoosh internals differ: sort through Whoosh instead
            return None
        rows.sort(reverse=True)
        cache["newest"] = array("q", (d for _, d in rows))
        return cache["newest"]

    def _date_rank(self, s) -> array | None:
        """Each document's place in ``_newest_first`` (-1: not an article), once per snapshot: a
        list of matches sorts newest first from memory, where Whoosh's ``sortedby`` read every
        match's date from the column on disk (most of a person page's index time)."""
        cache = self._cache(s)
        if "rank" not in cache:
            order = self._newest_first(s)
            if order is None:
                cache["rank"] = None
            else:
                rank = array("q", [-1]) * s.doc_count_all()
                for place, docnum in enumerate(order):
                    rank[docnum] = place
                cache["rank"] = rank
        return cache["rank"]

    def _newest_matching(self, s, fieldname: str, text: str, limit: int | None) -> list[int]:
        """Document numbers of the articles with ``text`` in ``fieldname``, newest first (as
        ``sortedby="pub", reverse=True`` orders them)."""
        from whoosh import query as wq

        from kbio_tui.index import fastrank

        rank = self._date_rank(s)
        if rank is None:
            q = wq.Term(fieldname, text)
            return list(s.search(q, limit=limit, sortedby="pub", reverse=True).docs())
        docs = [d for d in fastrank.term_docs(s, fieldname, text) if rank[d] >= 0]
        if limit is not None and limit < len(docs):
            return heapq.nsmallest(limit, docs, key=rank.__getitem__)
        docs.sort(key=rank.__getitem__)
        return docs

    def _article_docs(self, s) -> array:
        """Article docnums in index order, once per snapshot (to extrapolate match counts)."""
        cache = self._cache(s)
        if "article_docs" not in cache:
            docs = array("q")
            for leaf, offset in s.leaf_searchers():
                docs.extend(offset + d for d in leaf.document_numbers(kind=KIND_ARTICLE))
            cache["article_docs"] = docs
        return cache["article_docs"]

    def _expander(self, fieldname: str, prefix: str) -> tuple[list[str], int]:
        """(the words ``prefix*`` searches: the most common, within a postings budget; how many
        words it matches), once per snapshot.  Each segment's lexicon is walked on its own and
        the document frequencies summed: Whoosh's merged walk looked every term up again in every
        segment (40% of a prefix search over 14 segments)."""
        s = self._s()

        def load() -> tuple[list[str], int]:
            dfs: dict[bytes, int] = {}
            scanned = 0
            for leaf, _offset in s.leaf_searchers():
                for n, (term, info) in enumerate(leaf.reader().iter_prefix(fieldname, prefix), 1):
                    if n > PREFIX_SCAN:
                        scanned = PREFIX_SCAN + 1
                        break
                    dfs[term] = dfs.get(term, 0) + info.doc_frequency()
            found = sorted(
                ((df, term.decode("utf-8") if isinstance(term, bytes) else term) for term, df in dfs.items()),
                key=lambda x: (-x[0], x[1]),
            )
            budget = max(PREFIX_MIN_POSTINGS, PREFIX_POSTINGS * len(self._article_docs(s)))
            kept: list[str] = []
            postings = 0
            for df, text in found[:PREFIX_CAP]:
                if kept and postings + df > budget:
                    break
                kept.append(text)
                postings += df
            return kept, max(len(found), scanned)

        kept, total = self._kept(s, "prefix", (fieldname, prefix), PREFIX_CACHE, load)
        return list(kept), total

    def _within(self, s, within: Sequence[str]) -> list[wq.Query] | None:
        """One constant-score clause per entity id (a filter narrows, it does not rank); None when
        one of them is no longer in the index, so nothing can match."""
        from whoosh import query as wq

        from kbio_tui.index.docs import ent_term

        clauses: list[wq.Query] = []
        for entity_id in dict.fromkeys(within):
            card = self._card(s, entity_id)
            if card is None:
                return None
            clauses.append(wq.ConstantScoreQuery(wq.Term("a_ents", ent_term(card["type"], entity_id))))
        return clauses

    @_serialized
    def search(self, query: str, limit: int = 200, within: Sequence[str] = ()) -> SearchResult:
        from whoosh import query as wq

        from kbio_tui.index.api import SearchHit, SearchResult
        from kbio_tui.index.phrases import TOO_LONG, run_phrases, split_phrases, top_hits
        from kbio_tui.index.query import compile_query

        comp = compile_query(query, self._expander, self._name_clause if self._corr else None)
        limit = max(1, limit)
        q = comp.query
        if within:
            clauses = self._within(self._s(), within)
            if clauses is None:
                return SearchResult(query=query, total=0, hits=[], assumed=comp.assumed)
            if q is None:
                base: list[wq.Query] = []
            elif isinstance(q, wq.And):  # flat, so a phrase stays a direct part (see split_phrases)
                base = list(q.subqueries)
            else:
                base = [q]
            parts = base + clauses
            q = parts[0] if len(parts) == 1 else wq.And(parts)
        if q is None:
            hits = [SearchHit(article=a) for a in self.recent_articles(limit)]
            total = self.stats().articles
            return SearchResult(
                query=query,
                total=total,
                hits=hits,
                message="; ".join(comp.messages) or None,
                assumed=comp.assumed,
            )
        s = self._s()
        deadline = time.perf_counter() + SEARCH_TIME_LIMIT
        split = split_phrases(q)
        if split is not None:
            ranked, total, partial, notes = run_phrases(s, split[0], split[1], limit, deadline)
        else:
            ranked, total, partial = top_hits(s, q, limit, deadline)
            notes = [TOO_LONG] if partial else []
        estimated = any(n.endswith("(estimated)") for n in notes)
        messages = [*comp.messages, *(n for n in notes if not n.endswith("(estimated)"))]
        hits = [SearchHit(article=self._summary_at(s, d), score=sc) for sc, d in ranked]
        return SearchResult(
            query=query,
            total=total,
            estimated=estimated,
            hits=hits,
            terms=comp.terms,
            partial=partial or comp.partial,
            message="; ".join(messages) or None,
            assumed=comp.assumed,
            words=comp.words,
            phrases=comp.phrases,
            names=comp.names,
        )

    def _name_clause(self, etype: str, name: str) -> tuple[list[str], wq.Query | None, wq.Query | None]:
        """A ``person:`` / ``org:`` clause as the corrections say (``query.NameHook``): the entities
        of that type now called ``name`` (its own, or one merged into another, or renamed) also
        match by the names their merged ids go by in the articles (a merged alias; an id retyped
        to this type by its entity term), and an entity
        so named that was dropped or retyped no longer matches, unless the article names one of
        them as well.  Exact names only (as ``find_entities`` first tries): a clause matching part
        of a name is searched as before."""
        from whoosh import query as wq

        from kbio_tui.index.docs import ent_term

        c, s = self._corr, self._s()
        keys = name_keys(name)
        if not keys:
            return [], None, None
        q = wq.And([wq.Term("kind", KIND_ENTITY), wq.Or([wq.Term("e_keys", k) for k in keys])])
        finals: set[str] = set()
        kept: list[str] = []
        gone: list[str] = []
        for docnum in s.search(q, limit=None, scored=False).docs():
            card = s.stored_fields(docnum)["e_rec"]
            final = c.resolve(card["id"])
            if final is not None and c.types.get(final, corrections.type_of(final)) == etype:
                finals.add(final)
                kept.append(ent_term(card["type"], card["id"]))
            elif card["type"] == etype:
                gone.append(ent_term(card["type"], card["id"]))
        for final, new_name in c.names.items():
            now = c.types.get(final, corrections.type_of(final))
            if final not in c.canon and now == etype and corrections.same_name(new_name, name):
                finals.add(final)
        more: list[str] = []
        retyped: list[str] = []  # ids that were another type: named in another field of the articles
        for final in sorted(finals):
            if final not in c.touched:
                continue
            split_off = c.split_off_aliases(final)
            for raw in sorted(c.members().get(final, {final})):
                card = self._raw_card(s, raw)
                if card is None:
                    continue
                kept.append(ent_term(card["type"], raw))
                if card["type"] != etype:
                    retyped.append(ent_term(card["type"], raw))
                    continue
                for n in (card["name"], *card["aliases"]):
                    if n in more or corrections.same_name(n, name):
                        continue
                    if not any(k & name_keys(n) for k in split_off):
                        more.append(n)
        also = wq.Or([wq.Term("a_ents", t) for t in retyped]) if retyped else None
        if not gone:
            return more, also, None
        dropped: wq.Query = wq.Or([wq.Term("a_ents", t) for t in gone])
        if kept:
            dropped = wq.And([dropped, wq.Not(wq.Or([wq.Term("a_ents", t) for t in sorted(set(kept))]))])
        return more, also, dropped

    @_serialized
    def facets(
        self, query: str, limit: int = 10, within: Sequence[str] = (), articles: int = FACET_ARTICLES
    ) -> FacetResult:
        """Counted from the stored per-article entity and speaker counts of the best-ranked
        ``articles`` matches: one stored read per article, no term walk over the index."""
        result = self.search(query, limit=max(1, articles), within=within)
        from kbio_tui.index.api import Facet, FacetResult

        s = self._s()
        in_articles: dict[str, int] = {}
        quoted: dict[str, int] = {}
        overlay = self._overlay(s) if self._corr else None
        for hit in result.hits:
            blob = self._blob(s, hit.article.id)
            counts = (blob or {}).get("b_counts") or {}
            ents, speakers = counts.get("e", {}), counts.get("s", {})
            if overlay is not None:
                ents, speakers = overlay.article_ents(hit.article.id, blob or {})
            for term in ents:
                in_articles[term] = in_articles.get(term, 0) + 1
            for sid, n in speakers.items():
                quoted[sid] = quoted.get(sid, 0) + n
        by_type: dict[str, list[tuple[int, int, str]]] = {}
        for term, n in in_articles.items():
            etype, _, eid = term.partition(TYPE_SEP)
            if etype in FACET_TYPES:
                by_type.setdefault(etype, []).append((n, quoted.get(eid, 0), eid))
        facets: dict[str, list[Facet]] = {}
        for etype in FACET_TYPES:
            ranked = sorted(by_type.get(etype, []), key=lambda r: (-r[0], -r[1], r[2]))
            rows = []
            for n, q, eid in ranked:
                summary = self.entity(eid)
                if summary is not None:
                    rows.append(Facet(entity=summary, articles=n, quotes=q))
                if len(rows) >= limit:
                    break
            if rows:
                facets[etype] = rows
        return FacetResult(
            query=query,
            total=result.total,
            considered=len(result.hits),
            facets=facets,
            assumed=result.assumed,
        )

    @_serialized
    def snippets(self, query: str, article_ids: list[str]) -> dict[str, Snippet]:
        from kbio_tui.index.api import Snippet
        from kbio_tui.index.query import highlight_terms
        from kbio_tui.index.snippets import best_snippet

        stems, prefixes = highlight_terms(query)
        out: dict[str, Snippet] = {}
        s = self._s()
        for aid in article_ids:
            doc = self._blob(s, aid)
            if not doc:
                continue
            data = json.loads(zlib.decompress(doc["b_snip"]))
            text = data["text"]
            spans = [(start, end) for start, end in data["sentences"]]
            if not text:
                out[aid] = Snippet(text="")
                continue
            out[aid] = best_snippet(text, spans, stems, prefixes)
        return out

    @_serialized
    def has_source(self, source_file: str, source_record: str, source_hash: str) -> bool:
        """True when this exact input (same identity, same bytes) is committed: one term lookup."""
        from kbio_tui.index.docs import source_key

        doc = self._stored_by("s_key", source_key(source_file, source_record))
        return doc is not None and doc["s_rec"]["hash"] == source_hash

    @_serialized
    def get_article(self, article_id: str) -> Article | None:
        from kbio_tui.index.docs import unpack_article

        doc = self._blob(self._s(), article_id)
        if not doc:
            return None
        return corrections.apply_article(unpack_article(doc["b_blob"]), self._corr)

    def _ranked(self, counts: _Counts, type: EntityType | None) -> list[str]:
        """Entity ids of a type, most quoted then most mentioned first (from the counts alone)."""
        rows = []
        for term, (articles, mentions) in counts.ents.items():
            etype, _, eid = term.partition(TYPE_SEP)
            if articles <= 0 or (type is not None and etype != type.value):
                continue
            rows.append((-counts.speakers.get(eid, 0), -mentions, eid))
        rows.sort()
        return [eid for _, _, eid in rows]

    def _kept(self, s, name: str, key: Any, limit: int, load: Callable[[], T]) -> T:
        """``load()``, remembered per snapshot under ``name`` for the last ``limit`` keys."""
        kept = self._cache(s).setdefault(name, {})
        if key in kept:
            return kept[key]
        value = load()
        if len(kept) >= limit:
            kept.pop(next(iter(kept)))  # the oldest
        kept[key] = value
        return value

    def _summary_at(self, s, docnum: int) -> ArticleSummary:
        """An article's list row, kept for the last ``SUMMARY_CACHE`` articles: the searches typed
        one key after another return mostly the same articles, and reading and unpickling 200
        stored documents was a third of a common word's search."""

        def load() -> ArticleSummary:
            meta = s.stored_fields(docnum)["a_meta"]
            seen = self._cache(s).setdefault("docnum_of", {})  # for _blob
            if len(seen) >= SUMMARY_CACHE:
                seen.pop(next(iter(seen)))
            seen[meta["id"]] = docnum
            return ArticleSummary.from_meta(meta)

        return self._kept(s, "summaries", docnum, SUMMARY_CACHE, load)

    def _card(self, s, entity_id: str) -> dict[str, Any] | None:
        """An entity's card as the corrections say (merged, renamed, retyped, split off, or none)."""
        if self._corr and entity_id in self._corr.touched:
            return self._overlay(s).card(entity_id, functools.partial(self._raw_card, s))
        return self._raw_card(s, entity_id)

    def _raw_card(self, s, entity_id: str) -> dict[str, Any] | None:
        """An entity's card in the index, kept for the last ``CARD_CACHE`` entities (a page asks for
        its entity's card three times: header, articles, and again when the rest of the lists load)."""

        def load() -> dict[str, Any] | None:
            doc = self._stored_by("e_id", entity_id, s)
            return doc["e_rec"] if doc else None

        return self._kept(s, "cards", entity_id, CARD_CACHE, load)

    def _corrected_card(self, s, card: dict[str, Any]) -> dict[str, Any] | None:
        """A card read from the index, as the corrections say (None: merged away or dropped; a
        merged-away id's entity is the one it was merged into)."""
        if not self._corr or card["id"] not in self._corr.touched:
            return card
        final = self._corr.resolve(card["id"])
        return self._card(s, final) if final is not None else None

    def _corrected_extra(self, s, wanted: Callable[[dict[str, Any]], bool]) -> list[dict[str, Any]]:
        """Entities ``wanted`` finds by a name only the corrections give (a new name, a split-off
        alias, a new type's entity), as corrected cards.  One found by a name of the index is
        found by the caller's own search of the index, so only these names are tried, and a card
        is built only for a name ``wanted`` takes."""
        out = []
        for eid, name in sorted(self._corr.names.items()):
            if eid in self._corr.canon or not wanted({"name": name, "aliases": [], "acronym": None}):
                continue
            card = self._card(s, eid)
            if card is not None and wanted(card):
                out.append(card)
        return out

    @_serialized
    def entities(
        self, type: EntityType | None = None, contains: str = "", limit: int = 1000
    ) -> list[EntitySummary]:
        from kbio_tui.models import EntityType

        s = self._s()
        counts = self._counts(s)
        etype = EntityType(type) if type is not None else None
        needle = contains.casefold().strip()
        if needle:
            return self._entities_containing(s, counts, etype, needle, limit)
        lists = self._cache(s).setdefault("lists", {})
        if (etype, limit) in lists:
            return list(lists[etype, limit])
        out: list[EntitySummary] = []
        # cards are read one by one in rank order, only as many as are shown
        for eid in self._ranked(counts, etype):
            card = self._card(s, eid)
            summ = self._summary_of(card, counts) if card else None
            if summ is not None:
                out.append(summ)
                if len(out) >= limit:
                    break
        lists[etype, limit] = out  # switching entity tabs must not read 1,000 cards again
        return list(out)

    def _entities_containing(
        self, s, counts: _Counts, etype: EntityType | None, needle: str, limit: int
    ) -> list[EntitySummary]:
        """Candidates from the name-token lexicon (tokens holding the needle's longest word), so a
        filter never reads every card."""
        from whoosh import query as wq

        words = _WORD.findall(needle)
        if words:
            word = max(words, key=len)
            tokens = [t for t in self._name_tokens(s) if word in t]
            docnums = self._cards_with_tokens(s, tokens, etype)
        else:
            base: list[wq.Query] = [wq.Term("kind", KIND_ENTITY)]
            if etype is not None:
                base.append(wq.Term("e_type", etype.value))
            docnums = list(s.search(wq.And(base), limit=None, scored=False).docs())
        found = []
        seen: set[str] = set()
        for docnum in docnums:  # typing "k", "ki", "kim" reads each card once
            card, hay = self._kept(
                s, "cards_at", docnum, FILTER_CARDS, functools.partial(_card_and_names, s, docnum)
            )
            if self._corr and card["id"] in self._corr.touched:
                # the raw card is at hand: the corrected one reads its ids' cards by id
                self._kept(s, "cards", card["id"], CARD_CACHE, functools.partial(dict, card))
                fixed = self._corrected_card(s, card)
                if fixed is None or fixed["id"] in seen:
                    continue
                card, hay = fixed, _names_hay(fixed)
            if needle in hay and (summ := self._summary_of(card, counts, exact=False)) is not None:
                seen.add(card["id"])
                found.append(summ)
        if self._corr:
            for card in self._corrected_extra(s, lambda c: needle in _names_hay(c)):
                if card["id"] in seen or (etype is not None and card["type"] != etype.value):
                    continue
                if (summ := self._summary_of(card, counts, exact=False)) is not None:
                    seen.add(card["id"])
                    found.append(summ)
        found.sort(key=lambda e: (-e.quote_count, -e.mention_count, e.id))
        return self._settled(found, counts, limit)

    @staticmethod
    def _settled(found: list[EntitySummary], counts: _Counts, limit: int) -> list[EntitySummary]:
        """The first ``limit`` of a ranked list (ranked by quotes and mentions, which are exact)
        with exact article counts: a merged entity's union of postings is read only for the rows
        shown (one whose articles all moved away is left out)."""
        from kbio_tui.index.docs import ent_term

        pending = counts.overlay.pending if counts.overlay is not None else None
        if not pending:
            return found[:limit]
        out: list[EntitySummary] = []
        for summ in found:
            term = ent_term(summ.type.value, summ.id)
            if term in pending:
                articles, _ = counts.row(term)
                if articles <= 0:
                    continue
                summ = summ.model_copy(update={"article_count": articles})
            out.append(summ)
            if len(out) >= limit:
                break
        return out

    def _cards_with_tokens(self, s, tokens: list[str], etype: EntityType | None) -> list[int]:
        """Docnums of the live entity cards holding any of ``tokens`` (of ``etype``), from posting
        lists and set operations: Whoosh's matcher walked every entity card to intersect."""
        from kbio_tui.index import fastrank

        out: list[int] = []
        for leaf, offset in s.leaf_searchers():
            seg = fastrank.Leaf(s, leaf, offset)
            docs: set[int] = set()
            for t in tokens:
                docs.update(seg.postings("e_tokens", t)[0])
            if docs and etype is not None:
                docs.intersection_update(seg.postings("e_type", etype.value)[0])
            if docs and seg.deleted:
                docs -= seg.deleted
            out.extend(offset + d for d in sorted(docs))
        return out

    def _name_tokens(self, s) -> list[str]:
        """Every word of every entity name, once per snapshot, gathered segment by segment: the
        merged lexicon walk took most of a filter's half second at 10k articles."""
        cache = self._cache(s)
        if "name_tokens" not in cache:
            found: set[bytes] = set()
            for leaf, _offset in s.leaf_searchers():
                found.update(leaf.reader().lexicon("e_tokens"))
            cache["name_tokens"] = sorted(t.decode("utf-8") for t in found)
        return cache["name_tokens"]

    def warm(self) -> None:
        # What opening skipped (see the module's docstring): ranking, query compilation, snippets
        # and the models, imported here, outside the lock, so a first search or page need not.
        from kbio_tui.index import api, docs, fastrank, phrases, query, snippets  # noqa: F401

        self._warm_tables()

    @_serialized
    def _warm_tables(self) -> None:
        # the date order (a person page sorts by it: ~75 ms at 100k articles), the article numbers
        # and the entity counts (every entity list and page reads them)
        s = self._s()
        self._date_rank(s)
        self._article_docs(s)
        self._counts(s)

    @_serialized
    def entity(self, entity_id: str) -> EntitySummary | None:
        s = self._s()
        if self._corr:
            final = self._corr.resolve(entity_id)
            if final is None:
                return None
            entity_id = final
        card = self._card(s, entity_id)
        return self._summary_of(card, self._counts(s)) if card else None

    @_serialized
    def find_entities(self, name: str, type: EntityType | None = None) -> list[EntitySummary]:
        from whoosh import query as wq

        from kbio_tui.models import EntityType

        keys = sorted(name_keys(name))
        if not keys:
            return []
        s = self._s()
        base: list[wq.Query] = [wq.Term("kind", KIND_ENTITY)]
        if type is not None:
            base.append(wq.Term("e_type", EntityType(type).value))
        exact = wq.And([*base, wq.Or([wq.Term("e_keys", k) for k in keys])])
        wanted = set(keys)
        found = self._entity_hits(s, exact, type, lambda card: bool(_card_keys(card) & wanted))
        if not found:
            tokens = sorted({t for t in name_tokens(name) if "-" not in t})
            words = [w for w in tokens if w in {p for p in name.casefold().replace("-", " ").split()}]
            words = words or tokens
            q = wq.And([*base, *[wq.Term("e_tokens", w) for w in words]])
            found = self._entity_hits(
                s, q, type, lambda card: all(w in set(name_tokens(_names_hay(card))) for w in words)
            )
        return found

    def _entity_hits(
        self, s, q: wq.Query, type: EntityType | None, matches: Callable[[dict[str, Any]], bool]
    ) -> list[EntitySummary]:
        """The entities of ``q``'s cards; with corrections, each as corrected and only while it still
        ``matches`` (a split-off alias no longer finds its old entity), plus the corrections' own."""
        from kbio_tui.models import EntityType

        counts = self._counts(s)
        cards = [s.stored_fields(docnum)["e_rec"] for docnum in s.search(q, limit=None, scored=False).docs()]
        if self._corr:
            fixed = [c for card in cards if (c := self._corrected_card(s, card)) is not None and matches(c)]
            cards = fixed + self._corrected_extra(s, matches)
            if type is not None:
                cards = [c for c in cards if c["type"] == EntityType(type).value]
        out = []
        seen: set[str] = set()
        for card in cards:
            if card["id"] in seen:
                continue
            seen.add(card["id"])
            summ = self._summary_of(card, counts)
            if summ is not None:
                out.append(summ)
        out.sort(key=lambda e: (-e.quote_count, -e.mention_count, e.id))
        return out[:50]

    @_serialized
    def quotes_by(self, entity_id: str, limit: int = 1000) -> list[QuoteHit]:
        from kbio_tui.index.docs import speaker_quotes

        s = self._s()
        if self._corr and entity_id in self._corr.touched:
            return self._corrected_quotes(s, entity_id, limit)
        out: list[QuoteHit] = []
        # A quote a correction gave to someone else (or to nobody) is no longer this entity's: the
        # entity it was taken from is not among the corrections' touched ids (the log names its
        # speaker only as written), so its reassigned quotes are left out here.
        fixes = self._corr.speakers
        # newest first (the sort); within an article, in reading order (the stored order)
        for docnum in self._newest_matching(s, "a_speakers", entity_id, None):
            h = s.stored_fields(docnum)
            meta = h["a_meta"]
            published = datetime.fromisoformat(meta["published"]) if meta.get("published") else None
            moved = fixes.get(meta["id"]) if fixes else None
            for row in speaker_quotes(h["a_quotes"], entity_id):
                if moved and row[4] in moved:
                    continue
                out.append(_quote_hit(meta, published, entity_id, row))
                if len(out) >= limit:
                    return out
        return out

    def _merged_docs(self, s, fieldname: str, entity_id: str, key: str) -> list[int]:
        """Newest first, the articles holding any id ``entity_id`` now stands for in ``fieldname``
        (``a_ents`` or ``a_speakers``), with the articles whose counts of ``key`` (its term, or its
        id as a speaker) a correction changes counted as corrected."""
        from kbio_tui.index.docs import ent_term

        overlay = self._overlay(s)
        docs: set[int] = set()
        for raw in self._corr.members().get(entity_id, {entity_id}):
            text = ent_term(corrections.type_of(raw), raw) if fieldname == "a_ents" else raw
            docs.update(self._newest_matching(s, fieldname, text, None))
        for affected in overlay.affected.values():
            if not affected.involves(key):
                continue
            ents, speakers = affected.counts()
            if key in (ents if fieldname == "a_ents" else speakers):
                docs.add(affected.docnum)
            else:
                docs.discard(affected.docnum)
        rank = self._date_rank(s)
        if rank is None:  # Whoosh internals differ: order by the stored date
            return sorted(
                docs, key=lambda d: s.stored_fields(d)["a_meta"].get("published") or "", reverse=True
            )
        return sorted((d for d in docs if rank[d] >= 0), key=rank.__getitem__)

    def _corrected_quotes(self, s, entity_id: str, limit: int) -> list[QuoteHit]:
        from kbio_tui.index.api import QuoteHit
        from kbio_tui.index.docs import speaker_quotes

        final = self._corr.resolve(entity_id)
        if final is None or self._corr.types.get(final, corrections.type_of(final)) not in ("person", "org"):
            return []  # dropped, or no longer a person or organisation: nobody's quotes
        overlay = self._overlay(s)
        members = self._corr.members().get(final, {final})
        name = self._corr.names.get(final)
        out: list[QuoteHit] = []
        for docnum in self._merged_docs(s, "a_speakers", final, final):
            h = s.stored_fields(docnum)
            meta = h["a_meta"]
            affected = overlay.affected.get(meta["id"])
            rows: list[tuple[Any, ...]]
            if affected is not None and affected.involves(final):
                rows = [
                    (
                        q.kind,
                        q.text,
                        q.speaker,
                        q.speaker_kind,
                        q.start,
                        q.end,
                        q.sentence_start,
                        q.sentence_end,
                    )
                    for q in (affected.article.quotes if affected.article is not None else [])
                    if q.speaker_id == final
                ]
            else:
                rows = sorted(
                    (r for raw in members for r in speaker_quotes(h["a_quotes"], raw)), key=lambda r: r[4]
                )
                if name is not None:
                    rows = [(r[0], r[1], name, *r[3:]) for r in rows]
            published = datetime.fromisoformat(meta["published"]) if meta.get("published") else None
            for kind, text, speaker, speaker_kind, start, end, sent_start, sent_end in rows:
                out.append(
                    QuoteHit(
                        article_id=meta["id"],
                        article_title=meta["title"],
                        outlet=meta.get("outlet"),
                        published=published,
                        url=meta.get("url"),
                        kind=kind,
                        text=text,
                        speaker=speaker,
                        speaker_id=final,
                        speaker_kind=speaker_kind,
                        start=start,
                        end=end,
                        sentence_start=sent_start,
                        sentence_end=sent_end,
                    )
                )
                if len(out) >= limit:
                    return out
        return out

    @_serialized
    def articles_mentioning(self, entity_id: str, limit: int = 1000) -> list[ArticleSummary]:
        from kbio_tui.index.docs import ent_term

        s = self._s()
        if self._corr:
            final = self._corr.resolve(entity_id)
            if final is None:
                return []
            if final in self._corr.touched:
                card = self._card(s, final)
                if card is None:
                    return []
                term = ent_term(card["type"], final)
                docs = self._merged_docs(s, "a_ents", final, term)
                return [self._summary_at(s, d) for d in docs[:limit]]
        card = self._card(s, entity_id)
        if card is None:
            return []
        term = ent_term(card["type"], entity_id)
        return [self._summary_at(s, d) for d in self._newest_matching(s, "a_ents", term, limit)]

    # ---- arrivals and timelines ----------------------------------------------------------------------

    def _column(self, s, fieldname: str, *, signed: bool) -> np.ndarray:
        """A sortable 8-byte column's value for every document of the snapshot (0 where a segment
        has no such column: articles indexed before it existed), once per snapshot."""
        import numpy as np

        cache = self._cache(s)
        key = f"column:{fieldname}"
        if key not in cache:
            values = np.zeros(s.doc_count_all(), dtype=np.int64)
            for leaf, offset in s.leaf_searchers():
                reader = leaf.reader()
                if fieldname not in reader.schema or not reader.has_column(fieldname):
                    continue  # an index written before the field: its articles read 0
                raw = np.array(wp.u64_column(reader, fieldname), dtype=np.uint64)[: leaf.doc_count_all()]
                if signed:  # Whoosh's sortable form of a signed number: the value + 2**63
                    raw = raw ^ np.uint64(1 << 63)
                values[offset : offset + len(raw)] = raw.view(np.int64)
            cache[key] = values
        return cache[key]

    def _articles(self, s) -> np.ndarray:
        """Live article documents, ascending, once per snapshot: from the ``kind`` postings a block
        at a time (``_article_docs`` walks Whoosh's matcher, a quarter of a cold ``new``)."""
        import numpy as np

        from kbio_tui.index import fastrank

        cache = self._cache(s)
        if "articles" not in cache:
            cache["articles"] = np.array(fastrank.term_docs(s, "kind", KIND_ARTICLE), dtype=np.int64)
        return cache["articles"]

    def _matching(self, s, q: wq.Query | None, among: np.ndarray | None) -> np.ndarray:
        """The live article documents matching ``q`` (None: all), ascending; only those in
        ``among`` (ascending) when it is given."""
        import numpy as np

        from kbio_tui.index import fastrank

        if q is None:  # ``among`` holds live articles only
            return self._articles(s) if among is None else among
        if among is not None and not len(among):
            return among
        if fastrank.supported(q) and (among is None or len(among) > SKIP_CANDIDATES):
            try:
                docs = fastrank.matching(s, q)
                return docs if among is None else np.intersect1d(docs, among, assume_unique=True)
            except fastrank.Unsupported:
                pass  # a codec without the internals it reads: Whoosh's own way
        if among is None:
            found = sorted(s.docs_for_query(q))
            return np.intersect1d(np.array(found, dtype=np.int64), self._articles(s), assume_unique=True)
        # few candidates (the new arrivals): move the query's matcher to each in turn, which skips
        # whole posting blocks, where reading every posting of a common word cost more
        out: list[int] = []
        for leaf, offset in s.leaf_searchers():
            n = leaf.doc_count_all()
            mine = among[(among >= offset) & (among < offset + n)] - offset
            if not len(mine):
                continue
            m = q.matcher(leaf, leaf.context(needs_current=False, weighting=_unscored()))
            for d in mine.tolist():
                if m.is_active() and m.id() < d:
                    m.skip_to(d)
                if not m.is_active():
                    break
                if m.id() == d:
                    out.append(offset + d)
        return np.array(out, dtype=np.int64)

    def _mentioning(self, s, entity_ids: Sequence[str], docs: np.ndarray) -> np.ndarray:
        import numpy as np

        from kbio_tui.index import fastrank
        from kbio_tui.index.docs import ent_term

        for eid in entity_ids:
            card = self._card(s, eid)
            if card is None or not len(docs):
                return docs[:0]
            having = np.array(fastrank.term_docs(s, "a_ents", ent_term(card["type"], eid)), dtype=np.int64)
            docs = np.intersect1d(docs, having)
        return docs

    def _stamps(self, s) -> np.ndarray:
        """Each document's ingest stamp, 0 for deleted ones and for anything but an article (whose
        documents have the column's default), once per snapshot: the arrivals after a stamp are
        then one comparison, without listing the articles first."""
        import numpy as np

        cache = self._cache(s)
        if "stamps" not in cache:
            stamps = self._column(s, ADDED_FIELD, signed=False).copy()
            for leaf, offset in s.leaf_searchers():
                dead = wp.deleted_docs(leaf.reader())
                if dead:
                    stamps[np.fromiter(dead, dtype=np.int64, count=len(dead)) + offset] = 0
            cache["stamps"] = stamps
        return cache["stamps"]

    def _mark(self, s) -> int:
        stamps = self._stamps(s)
        return int(stamps.max()) if len(stamps) else 0

    @_serialized
    def ingest_mark(self) -> int:
        return self._mark(self._s())

    def _arrival(self, s, docnum: int) -> tuple[dict[str, Any], list[tuple[str, tuple]]]:
        """An article's stored list data and the rows of every quote in it credited to a speaker,
        in reading order (made into models only for the articles listed: counting needs none)."""
        from kbio_tui.index.docs import all_quote_rows

        def load() -> tuple[dict[str, Any], list[tuple[str, tuple]]]:
            h = s.stored_fields(docnum)
            return h["a_meta"], all_quote_rows(h["a_quotes"])

        return self._kept(s, "arrivals", docnum, SUMMARY_CACHE, load)

    def _new_article(self, s, docnum: int) -> NewArticle:
        """A listed arrival as models, kept per snapshot: saved searches share most arrivals, and
        making the quote models was a third of ``new`` over five of them."""
        from kbio_tui.index.api import NewArticle

        def load() -> NewArticle:
            meta, rows = self._arrival(s, docnum)
            published = datetime.fromisoformat(meta["published"]) if meta.get("published") else None
            quotes = [_quote_hit(meta, published, sid, row) for sid, row in rows]
            return NewArticle(article=_summary(meta), quotes=quotes)

        return self._kept(s, "new_articles", docnum, SUMMARY_CACHE, load)

    @_serialized
    def new_matches(
        self, query: str, since: int, entities: Sequence[str] = (), limit: int = 200
    ) -> NewMatches:
        """The arrivals are picked from the ingest-stamp column first (usually a few hundred at
        most), then the query is checked against those alone (``_matching``)."""
        import numpy as np

        from kbio_tui.index.api import NewMatches
        from kbio_tui.index.query import compile_query

        comp = compile_query(query, self._expander)
        s = self._s()
        stamps = self._stamps(s)
        fresh = np.flatnonzero(stamps > max(0, since))
        fresh = self._mentioning(s, entities, fresh)
        found = self._matching(s, comp.query, fresh)
        pubs = self._column(s, "pub", signed=True)
        # the latest arrivals first, then the newest published, then index order
        order = found[np.lexsort((found, -pubs[found], -stamps[found]))]
        docnums = order.tolist()
        return NewMatches(
            query=query,
            since=since,
            mark=self._mark(s),
            total=len(docnums),
            quotes=sum(len(self._arrival(s, d)[1]) for d in docnums),
            articles=[self._new_article(s, d) for d in docnums[: max(0, limit)]],
            assumed=comp.assumed,
        )

    def _timeline(self, s, by: str, articles: np.ndarray, quotes: tuple[np.ndarray, np.ndarray]) -> Timeline:
        import numpy as np

        from kbio_tui.index.api import Timeline, TimelineBucket
        from kbio_tui.index.docs import MISSING_DATE

        if by not in TIMELINE_BY:
            raise ValueError(f"a timeline is by month or by week, not {by!r}")
        pubs = self._column(s, "pub", signed=True)
        q_docs, q_weights = quotes
        a_pub, q_pub = pubs[articles], pubs[q_docs]
        a_dated, q_dated = a_pub != MISSING_DATE, q_pub != MISSING_DATE
        a_keys = _period_keys(a_pub[a_dated], by)
        q_keys = _period_keys(q_pub[q_dated], by)
        q_w = q_weights[q_dated]
        timeline = Timeline(
            by=cast(Any, by),
            articles=len(articles),
            quotes=int(q_weights.sum()),
            undated_articles=int((~a_dated).sum()),
            undated_quotes=int(q_weights[~q_dated].sum()),
        )
        keys = np.concatenate([a_keys, q_keys])
        if not len(keys):
            return timeline
        low = int(keys.min())
        size = int(keys.max()) - low + 1
        per_article = np.bincount(a_keys - low, minlength=size)
        per_quote = np.bincount(q_keys - low, weights=q_w, minlength=size)
        for i in range(size):
            period, start = _period(low + i, by)
            timeline.buckets.append(
                TimelineBucket(
                    period=period, start=start, articles=int(per_article[i]), quotes=int(per_quote[i])
                )
            )
        return timeline

    @_serialized
    def entity_timeline(self, entity_id: str, by: str = "month") -> Timeline | None:
        import numpy as np

        from kbio_tui.index import fastrank
        from kbio_tui.index.docs import ent_term

        s = self._s()
        card = self._card(s, entity_id)
        if card is None:
            return None
        articles = np.array(
            fastrank.term_docs(s, "a_ents", ent_term(card["type"], entity_id)), dtype=np.int64
        )
        return self._timeline(s, by, articles, fastrank.term_weights(s, "a_speakers", entity_id))

    @_serialized
    def query_timeline(self, query: str, by: str = "month", within: Sequence[str] = ()) -> Timeline:
        import numpy as np

        from kbio_tui.index.query import compile_query

        comp = compile_query(query, self._expander)
        s = self._s()
        docs = self._matching(s, comp.query, None)
        if within:  # the browser's facet filters: the timeline of the narrowed search
            docs = self._mentioning(s, within, docs)
        none = np.empty(0, dtype=np.int64)
        timeline = self._timeline(s, by, docs, (none, np.empty(0, dtype=np.float64)))
        timeline.assumed = comp.assumed
        return timeline

    @_serialized
    def all_articles(self) -> list[Article]:
        return list(self.iter_articles())

    def iter_articles(self):
        """Oldest first, one at a time (export streams these instead of holding the corpus)."""
        from whoosh import query as wq

        from kbio_tui.index.docs import unpack_article

        s = self._s()
        res = s.search(wq.Term("kind", KIND_ARTICLE), limit=None, sortedby="pub")
        for docnum in res.docs():
            blob = self._blob(s, s.stored_fields(docnum)["a_id"], docnum)
            if blob:
                yield corrections.apply_article(unpack_article(blob["b_blob"]), self._corr)


def open_reader(path: Path | str) -> WhooshIndexReader:
    return WhooshIndexReader(path)
