"""The Whoosh implementation of IndexReader: read-only, thread-safe, nothing of the corpus in memory."""

from __future__ import annotations

import json
import threading
import zlib
from datetime import datetime
from pathlib import Path
from typing import Any

from whoosh import collectors
from whoosh import query as wq
from whoosh.filedb.filestore import FileStorage
from whoosh.index import EmptyIndexError, exists_in

from kbio_tui.index.api import (
    ArticleSummary,
    EntitySummary,
    IndexStats,
    IndexUnavailableError,
    QuoteHit,
    SearchHit,
    SearchResult,
    Snippet,
)
from kbio_tui.index.docs import agg_summary, source_key, unpack_article
from kbio_tui.index.names import name_keys, name_tokens
from kbio_tui.index.query import compile_query, highlight_terms
from kbio_tui.index.schema import (
    INDEX_NAME,
    KIND_ARTICLE,
    KIND_ENTITY,
    KIND_QUOTE,
    META_FILE,
    SCHEMA_VERSION,
    check_meta,
)
from kbio_tui.index.snippets import best_snippet
from kbio_tui.models import Article, EntityType

SEARCH_TIME_LIMIT = 0.5  # seconds; a slower query returns the hits found so far, marked partial
PREFIX_CAP = 64  # terms a prefix may expand to (the most frequent)
PREFIX_SCAN = 20_000  # lexicon entries looked at per prefix


def _summary(meta: dict[str, Any]) -> ArticleSummary:
    return ArticleSummary(
        id=meta["id"],
        title=meta["title"],
        outlet=meta.get("outlet"),
        author=meta.get("author"),
        published=datetime.fromisoformat(meta["published"]) if meta.get("published") else None,
        source_file=meta.get("source_file", ""),
    )


class WhooshIndexReader:
    def __init__(self, index_dir: Path | str):
        self.index_dir = Path(index_dir)
        if not (self.index_dir / META_FILE).is_file() or not exists_in(str(self.index_dir), INDEX_NAME):
            raise IndexUnavailableError(
                f"no index at {self.index_dir}: "
                f"build one with `kbio-tui ingest PATH --index {self.index_dir}`"
            )
        check_meta(self.index_dir)
        try:
            # readonly storage: opening never creates, locks or renames a file
            self._ix = FileStorage(str(self.index_dir), readonly=True).open_index(INDEX_NAME)
            self._searcher = self._ix.searcher()
        except EmptyIndexError as exc:
            raise IndexUnavailableError(f"the index at {self.index_dir} is empty or damaged: {exc}") from exc
        except OSError as exc:
            raise IndexUnavailableError(f"cannot read the index at {self.index_dir}: {exc}") from exc
        self._lock = threading.RLock()
        self._retired = None
        self._quote_totals: dict[int, int] = {}

    # ---- plumbing ---------------------------------------------------------------------------------

    def _s(self):
        with self._lock:
            return self._searcher

    def refresh(self) -> bool:
        with self._lock:
            if self._searcher.up_to_date():
                return False
            # A fresh searcher, not Searcher.refresh(): reusing segment readers keeps their old
            # deletion sets, so a replaced article would stay visible (and it fails on empty indexes).
            # The old searcher may still serve a search on another thread: close it one refresh later.
            if self._retired is not None:
                self._retired.close()
            self._retired = self._searcher
            self._searcher = self._ix.searcher()
            return True

    def close(self) -> None:
        with self._lock:
            self._searcher.close()
            if self._retired is not None:
                self._retired.close()

    def _stored_by(self, **kw: str) -> dict[str, Any] | None:
        return self._s().document(**kw)

    # ---- IndexReader ------------------------------------------------------------------------------

    def stats(self) -> IndexStats:
        s = self._s()
        counts = {}
        for kind in (KIND_ARTICLE, KIND_ENTITY):
            counts[kind] = len(s.search(wq.Term("kind", kind), limit=1, scored=False))
        counts[KIND_QUOTE] = self._quote_total(s)
        try:
            modified = datetime.fromtimestamp(
                max(p.stat().st_mtime for p in self.index_dir.glob(f"_{INDEX_NAME}_*.toc"))
            )
        except ValueError:
            modified = None
        return IndexStats(
            articles=counts[KIND_ARTICLE],
            quotes=counts[KIND_QUOTE],
            entities=counts[KIND_ENTITY],
            schema_version=SCHEMA_VERSION,
            last_modified=modified,
        )

    def _quote_total(self, s) -> int:
        """Sum of the per-group counts (a column read, no stored fields); cached per snapshot."""
        cached = self._quote_totals.get(id(s))
        if cached is not None:
            return cached
        total = 0
        for leaf, _offset in s.leaf_searchers():  # column readers are per segment
            reader = leaf.reader()
            if not reader.has_column("q_count"):
                continue
            col = reader.column_reader("q_count")
            total += sum(col[d] for d in leaf.document_numbers(kind=KIND_QUOTE))
        self._quote_totals = {id(s): total}
        return total

    def recent_articles(self, limit: int = 200, offset: int = 0) -> list[ArticleSummary]:
        s = self._s()
        res = s.search(wq.Term("kind", KIND_ARTICLE), limit=offset + limit, sortedby="pub", reverse=True)
        return [_summary(hit["a_meta"]) for hit in list(res)[offset : offset + limit]]

    def _expander(self, fieldname: str, prefix: str) -> tuple[list[str], int]:
        r = self._s().reader()
        found: list[tuple[int, str]] = []
        total = 0
        for term in r.expand_prefix(fieldname, prefix):
            total += 1
            if total > PREFIX_SCAN:
                break
            text = term.decode("utf-8") if isinstance(term, bytes) else term
            found.append((r.doc_frequency(fieldname, text), text))
        found.sort(key=lambda x: (-x[0], x[1]))
        return [t for _, t in found[:PREFIX_CAP]], total

    def search(self, query: str, limit: int = 200) -> SearchResult:
        comp = compile_query(query, self._expander)
        limit = max(1, limit)
        if comp.query is None:
            hits = [SearchHit(article=a) for a in self.recent_articles(limit)]
            total = self.stats().articles
            return SearchResult(query=query, total=total, hits=hits, message="; ".join(comp.messages) or None)
        s = self._s()
        top = collectors.TopCollector(limit=limit)
        timed = collectors.TimeLimitCollector(top, timelimit=SEARCH_TIME_LIMIT, use_alarm=False)
        partial = comp.partial
        messages = list(comp.messages)
        try:
            s.search_with_collector(comp.query, timed)
        except collectors.TimeLimit:
            partial = True
            messages.append("the search took too long: showing the best hits found in time")
        res = top.results()
        hits = [SearchHit(article=_summary(h["a_meta"]), score=h.score or 0.0) for h in res]
        total = len(res) if not partial else max(len(res), len(hits))
        return SearchResult(
            query=query,
            total=total,
            hits=hits,
            terms=comp.terms,
            partial=partial,
            message="; ".join(messages) or None,
        )

    def snippets(self, query: str, article_ids: list[str]) -> dict[str, Snippet]:
        stems, prefixes = highlight_terms(query)
        out: dict[str, Snippet] = {}
        for aid in article_ids:
            doc = self._stored_by(b_id=aid)
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

    def has_source(self, source_file: str, source_record: str, source_hash: str) -> bool:
        """True when this exact input (same identity, same bytes) is committed: one term lookup."""
        key = source_key(source_file, source_record)
        return self._s().document_number(s_keyhash=f"{key}\x1e{source_hash}") is not None

    def get_article(self, article_id: str) -> Article | None:
        doc = self._stored_by(b_id=article_id)
        return unpack_article(doc["b_blob"]) if doc else None

    def entities(
        self, type: EntityType | None = None, contains: str = "", limit: int = 1000
    ) -> list[EntitySummary]:
        q: wq.Query = wq.Term("kind", KIND_ENTITY)
        if type is not None:
            q = wq.And([q, wq.Term("e_type", EntityType(type).value)])
        needle = contains.casefold().strip()
        s = self._s()
        out: list[EntitySummary] = []
        if not needle:
            for hit in s.search(q, limit=limit, sortedby="e_rank", reverse=True):
                out.append(EntitySummary(**agg_summary(hit["e_rec"])))
            return out
        # substring filter: walk the ranked list in pages, stop when enough are found
        page = 0
        while len(out) < limit:
            page += 1
            res = s.search_page(q, page, pagelen=500, sortedby="e_rank", reverse=True)
            for hit in res:
                summ = agg_summary(hit["e_rec"])
                hay = " ".join([summ["name"], *summ["aliases"], summ["acronym"] or ""]).casefold()
                if needle in hay:
                    out.append(EntitySummary(**summ))
                    if len(out) >= limit:
                        break
            if res.is_last_page():
                break
        return out

    def entity(self, entity_id: str) -> EntitySummary | None:
        doc = self._stored_by(e_id=entity_id)
        return EntitySummary(**agg_summary(doc["e_rec"])) if doc else None

    def find_entities(self, name: str, type: EntityType | None = None) -> list[EntitySummary]:
        keys = sorted(name_keys(name))
        if not keys:
            return []
        s = self._s()
        base: list[wq.Query] = [wq.Term("kind", KIND_ENTITY)]
        if type is not None:
            base.append(wq.Term("e_type", EntityType(type).value))
        exact = wq.And([*base, wq.Or([wq.Term("e_keys", k) for k in keys])])
        res = s.search(exact, limit=50, sortedby="e_rank", reverse=True)
        if res.is_empty():
            tokens = sorted({t for t in name_tokens(name) if "-" not in t})
            words = [w for w in tokens if w in {p for p in name.casefold().replace("-", " ").split()}]
            words = words or tokens
            res = s.search(
                wq.And([*base, *[wq.Term("e_tokens", w) for w in words]]),
                limit=50,
                sortedby="e_rank",
                reverse=True,
            )
        return [EntitySummary(**agg_summary(hit["e_rec"])) for hit in res]

    def quotes_by(self, entity_id: str, limit: int = 1000) -> list[QuoteHit]:
        s = self._s()
        q = wq.And([wq.Term("kind", KIND_QUOTE), wq.Term("q_speaker_id", entity_id)])
        res = s.search(q, limit=limit, sortedby="q_pub", reverse=True)
        rows = []
        for h in res:
            group = h["q_rec"]
            for r in group["quotes"]:
                rows.append({**group, **r})
        # newest first; within an article, in reading order
        rows.sort(key=lambda r: (-r.get("pub_key", 0), r["article_id"], r["n"]))
        rows = rows[:limit]
        out = []
        for r in rows:
            out.append(
                QuoteHit(
                    article_id=r["article_id"],
                    article_title=r["article_title"],
                    outlet=r.get("outlet"),
                    published=datetime.fromisoformat(r["published"]) if r.get("published") else None,
                    kind=r["kind"],
                    text=r["text"],
                    speaker=r.get("speaker"),
                    speaker_id=r.get("speaker_id"),
                    speaker_kind=r.get("speaker_kind", "unknown"),
                    start=r["start"],
                    end=r["end"],
                    sentence_start=r["sentence_start"],
                    sentence_end=r["sentence_end"],
                )
            )
        return out

    def articles_mentioning(self, entity_id: str, limit: int = 1000) -> list[ArticleSummary]:
        q = wq.And([wq.Term("kind", KIND_ARTICLE), wq.Term("a_entities", entity_id)])
        res = self._s().search(q, limit=limit, sortedby="pub", reverse=True)
        return [_summary(h["a_meta"]) for h in res]

    def all_articles(self) -> list[Article]:
        return list(self.iter_articles())

    def iter_articles(self):
        """Oldest first, one at a time (export streams these instead of holding the corpus)."""
        s = self._s()
        res = s.search(wq.Term("kind", KIND_ARTICLE), limit=None, sortedby="pub")
        for docnum in res.docs():
            blob = s.document(b_id=s.stored_fields(docnum)["a_id"])
            if blob:
                yield unpack_article(blob["b_blob"])


def open_reader(path: Path | str) -> WhooshIndexReader:
    return WhooshIndexReader(path)
