"""The single writer: decides added / updated / unchanged / duplicate, and commits in batches.

Nothing is written until ``commit()``, and a batch with no changes never opens a Whoosh writer,
so re-ingesting unchanged input leaves every index file byte-identical.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import LockError

from kbio_tui.index import counts_file, fastrank, front_page
from kbio_tui.index import whoosh_private as wp
from kbio_tui.index.api import IndexBusyError, IndexUnavailableError, WritableIndex
from kbio_tui.index.docs import (
    Card,
    Prepared,
    content_hash,
    entity_document,
    merge_card,
    prepare,
    source_document,
    source_key,
    source_label,
)
from kbio_tui.index.locking import IngestLock
from kbio_tui.index.merging import RunMergePolicy, compact_all
from kbio_tui.index.schema import (
    ADDED_FIELD,
    INDEX_NAME,
    KIND_ARTICLE,
    META_FILE,
    added_field,
    build_schema,
    check_meta,
    write_meta,
)
from kbio_tui.index.swap import STAGING, clear_staging, swap_in
from kbio_tui.index.trust import check_trusted, umask_warning
from kbio_tui.models import Article, IngestOutcome, IngestStatus

# Whoosh's posting pool spills sorted runs to temporary files (a pickle per posting, then a heap
# merge) once its estimate of its own size passes this.  At Whoosh's default, 128, a 2,000-article
# commit spilled and cost 1.7x as much writer time as four 500-article ones (0.86x without spilling).
# The pipeline's commits (at most pipeline.COMMIT_MAX articles) stay well below 512.
POOL_MB = 512


def index_exists(index_dir: Path) -> bool:
    """A committed TOC exists.  The meta file is written first, so a kill between the two leaves a
    folder that is simply created again.  Refuses (IndexUnavailableError) a folder others could have
    written to before Whoosh unpickles its TOC."""
    if not (index_dir / META_FILE).is_file():
        return False
    check_trusted(index_dir)
    return whoosh_index.exists_in(str(index_dir), INDEX_NAME)


def _label_of(key: str) -> str:
    file, _, record = key.partition("\x1f")
    return source_label(file, record)


class IndexWriter:
    """Holds the ingest lock from construction to ``close()``; use as a context manager.

    With ``rebuild`` the new index is built in a staging folder inside the live one while readers
    keep seeing the old articles; a successful ``close()`` swaps it in with one TOC write, and a
    run that fails or is stopped leaves the live index as it was."""

    def __init__(
        self,
        index_dir: Path | str,
        *,
        rebuild: bool = False,
        timeout: float = 10.0,
        on_message: Callable[[str], None] | None = None,
    ) -> None:
        self.index_dir = Path(index_dir)
        self.rebuild = rebuild
        self._say = on_message or (lambda _m: None)
        try:
            self.index_dir.mkdir(parents=True, exist_ok=True)
            self._lock = IngestLock(self.index_dir, timeout=timeout, on_message=self._say)
            self._lock.acquire()
        except PermissionError as exc:
            raise IndexUnavailableError(f"cannot write to {self.index_dir}: permission denied") from exc
        except OSError as exc:
            raise IndexUnavailableError(f"cannot write to {self.index_dir}: {exc.strerror or exc}") from exc
        # where this writer's segments go: the live folder, or the staging folder of a rebuild
        self.work_dir = self.index_dir / STAGING if rebuild else self.index_dir
        try:
            clear_staging(self.index_dir)  # a rebuild killed before its swap left this behind
            if rebuild:
                self.work_dir.mkdir()
            if not index_exists(self.work_dir):
                warning = umask_warning(self.index_dir)
                if warning:
                    self._say(warning)
                write_meta(self.work_dir)
                FileStorage(str(self.work_dir)).create_index(build_schema(), indexname=INDEX_NAME)
            check_meta(self.work_dir)
            # an existing index was checked by index_exists before Whoosh unpickled its TOC
            # no mmap, as in the reader: mapped segments made the writer's RSS grow with the index
            storage = FileStorage(str(self.work_dir), supports_mmap=False)
            self._ix = storage.open_index(INDEX_NAME)
            wp.capabilities()  # decide the fast paths (merges among them) before the first commit
        except BaseException:
            if rebuild:
                clear_staging(self.index_dir)
            self._lock.release()
            raise
        self._searcher = self._ix.searcher()
        self._cards: dict[str, Card | None] = {}  # entity id -> committed card (None: none yet)
        # merges are paid for by what this writer adds: a small run never rewrites a big index
        self._merges = RunMergePolicy()
        self._ids = fastrank.IdTerms()  # which segment holds which id: one lookup, not one per segment
        self._last_stamp: int | None = None  # the highest ingest stamp committed (see _commit_stamp)
        self._live: Any = None  # a rebuild's view of the live index, for the stamps it carries over
        self._live_ids = fastrank.IdTerms()  # ...looked up in the one segment holding each id
        self._reset_batch()

    def _card(self, entity_id: str) -> Card | None:
        """The committed card, looked up once per writer: later commits compare against memory."""
        if entity_id not in self._cards:
            doc = self._stored("e_id", entity_id)
            self._cards[entity_id] = doc["e_rec"] if doc else None
        return self._cards[entity_id]

    # ---- batch state ----------------------------------------------------------------------------

    def _reset_batch(self) -> None:
        self._pending: dict[str, Prepared] = {}  # article id -> article to (re)write
        self._pending_source: dict[str, str] = {}  # article id -> source label in this batch
        self._deleted: set[str] = set()  # committed article ids to remove
        self._sources: dict[str, dict[str, Any]] = {}  # source key -> source document
        self._replaced_sources: set[str] = set()  # source keys with a committed record to replace
        # article id -> when the committed article of that id first arrived (0: before stamps were
        # kept), noted by _article_source's lookup so the commit need not look again
        self._first_added: dict[str, int] = {}

    @property
    def pending(self) -> int:
        """Inputs queued for the next commit (each changed input is one source record)."""
        return len(self._sources)

    # ---- lookups against the last commit ---------------------------------------------------------

    def _stored(self, fieldname: str, text: str) -> dict[str, Any] | None:
        return fastrank.stored_by(self._searcher, fieldname, text, self._ids)

    def _article_source(self, article_id: str) -> str | None:
        if article_id in self._pending_source:
            return self._pending_source[article_id]
        if article_id in self._deleted:
            return None
        doc = self._stored("a_id", article_id)
        if doc is not None:
            self._first_added[article_id] = doc["a_meta"].get("added", 0)
        return doc["a_meta"].get("source_key") if doc else None

    def _other_sources_of(self, article_id: str, except_key: str) -> bool:
        for s in self._sources.values():
            if s["s_article"] == article_id and s["s_key"] != except_key:
                return True
        for docnum in self._searcher.document_numbers(s_article=article_id):
            key = self._searcher.stored_fields(docnum)["s_rec"]["key"]
            if key != except_key and key not in self._sources:
                return True
        return False

    def _drop_article(self, article_id: str) -> None:
        if article_id in self._pending:
            del self._pending[article_id]
            self._pending_source.pop(article_id, None)
        if self._searcher.document_number(a_id=article_id) is not None:
            self._deleted.add(article_id)

    # ---- the public write path --------------------------------------------------------------------

    def add(self, article: Article | object) -> IngestOutcome:
        """Queue one extracted article; returns what will happen to it at the next commit.

        A ``Prepared`` article (``docs.prepare``, run in a worker process) skips the document
        building here."""
        if not isinstance(article, Article | Prepared):
            raise TypeError(f"not an Article or a prepared one: {type(article).__name__}")
        key = source_key(article.source_file, article.source_record)
        label = source_label(article.source_file, article.source_record)
        aid = article.id
        source_hash = article.source_hash or (content_hash(article) if isinstance(article, Article) else "")
        if key in self._sources:
            prev = self._sources[key]["s_rec"]
        else:
            doc = self._stored("s_key", key)
            prev = doc["s_rec"] if doc else None
        if prev is not None and prev["hash"] == source_hash:
            return IngestOutcome(source=label, status=IngestStatus.UNCHANGED, article_id=prev["article_id"])

        src_doc = source_document(key, label, source_hash, aid)
        if prev is not None and key not in self._sources:
            self._replaced_sources.add(key)
        old_id = prev["article_id"] if prev else None
        if old_id and old_id != aid and not self._other_sources_of(old_id, key):
            self._drop_article(old_id)

        owner = self._article_source(aid)
        if owner is not None and owner != key and old_id != aid:
            self._sources[key] = src_doc
            return IngestOutcome(
                source=label,
                status=IngestStatus.SKIPPED,
                reason=f"duplicate of {_label_of(owner)}",
                article_id=aid,
            )
        if owner is not None or old_id == aid:
            self._drop_article(aid)
        self._pending[aid] = article if isinstance(article, Prepared) else prepare(article)
        self._pending_source[aid] = key
        self._sources[key] = src_doc
        status = IngestStatus.UPDATED if prev is not None else IngestStatus.ADDED
        return IngestOutcome(source=label, status=status, article_id=aid)

    def commit(self) -> bool:
        """Write the batch in one atomic commit; False (and nothing touched) when it is empty.

        A commit that fails drops the batch (the index keeps what was committed before): add its
        inputs again to retry."""
        if not (self._sources or self._pending or self._deleted):
            return False
        cards: dict[str, Card] = {}
        for prep in self._pending.values():
            for facts in prep.facts:
                eid = facts[0]
                merged = merge_card(cards.get(eid) or self._card(eid), facts)
                if merged is not None:
                    cards[eid] = merged
        try:
            self._commit(cards)
        except BaseException as exc:
            self._reset_batch()  # _commit let go of the documents as it wrote them: the batch is gone
            if isinstance(exc, OSError):
                raise IndexUnavailableError(
                    f"could not write to the index at {self.index_dir} ({exc.strerror or exc}); "
                    "it still holds what was committed before"
                ) from exc
            raise
        self._cards.update(cards)
        self._reset_batch()
        self._reopen_searcher()
        return True

    # ---- ingest stamps ----------------------------------------------------------------------------

    def _committed_stamp(self, article_id: str) -> int | None:
        """When the committed article ``article_id`` first arrived (0: before stamps were kept), or
        None when there is none.  A rebuild asks the live index it replaces, so rebuilding never
        makes the whole corpus new to every user."""
        if article_id in self._first_added:
            return self._first_added[article_id]
        doc = self._stored("a_id", article_id)
        if doc is None and self.rebuild:
            live = self._live_searcher()
            doc = fastrank.stored_by(live, "a_id", article_id, self._live_ids) if live is not None else None
        return doc["a_meta"].get("added", 0) if doc is not None else None

    def _live_searcher(self) -> Any:
        if self._live is None:
            self._live = False
            if index_exists(self.index_dir):
                storage = FileStorage(str(self.index_dir), supports_mmap=False, readonly=True)
                self._live = storage.open_index(INDEX_NAME).searcher()
        return self._live or None

    def _commit_stamp(self) -> int:
        """This commit's ingest stamp: the clock in microseconds, but always above every stamp already
        committed (a clock set back must not hide a commit from those who looked since)."""
        if self._last_stamp is None:
            live = self._live_searcher() if self.rebuild else None  # else the live index is ours
            self._last_stamp = max(wp.max_u64(self._searcher, ADDED_FIELD), wp.max_u64(live, ADDED_FIELD))
        return max(time.time_ns() // 1000, self._last_stamp + 1)

    def _whoosh_writer(self) -> Any:
        try:
            return self._ix.writer(timeout=5.0, limitmb=POOL_MB)
        except LockError as exc:
            raise IndexBusyError(f"the index at {self.index_dir} is locked by another writer") from exc

    def _commit(self, cards: dict[str, Card]) -> None:
        w = self._whoosh_writer()
        try:
            committed = w.searcher()  # the writer's view of the segments it deletes from (kept by Whoosh)

            def delete(fieldname: str, text: str) -> None:
                for docnum in fastrank.term_docs(committed, fieldname, text, self._ids):
                    w.delete_document(docnum)

            stamp = self._commit_stamp()
            stamps = {aid: self._committed_stamp(aid) for aid in self._pending}
            for aid in self._deleted | set(self._pending):
                delete("a_id", aid)
                delete("b_id", aid)
            if ADDED_FIELD not in w.schema:  # an index written before the field existed
                w.add_field(ADDED_FIELD, added_field())
            for aid, prep in self._pending.items():
                first = stamps[aid]
                for doc in prep.docs:
                    if doc.get("kind") == KIND_ARTICLE:
                        # an update keeps its first arrival: a corrected page is not news again
                        added = stamp if first is None else first
                        doc[ADDED_FIELD] = added
                        doc["a_meta"] = {**doc["a_meta"], "added": added}
                    w.add_document(**doc)
                # Whoosh's pool holds the postings now: letting go of the (pre-analysed) documents as
                # they are written keeps a big batch from being in memory twice
                prep.docs.clear()
            # update_document costs a term deletion; new records are simply added
            for key, src in self._sources.items():
                if key in self._replaced_sources:
                    delete("s_key", key)
                w.add_document(**src)
            for eid, card in sorted(cards.items()):
                if self._cards.get(eid) is not None:
                    delete("e_id", eid)
                w.add_document(**entity_document(card))
            w.commit(mergetype=self._merges)
            self._last_stamp = stamp
        except BaseException:
            # A commit that failed half-way (disk full) has already closed the writer, and cancelling
            # it again would raise over the real error; its lock dies with it either way.
            with contextlib.suppress(Exception):
                w.cancel()
            raise
        self._merges.committed()

    def _reopen_searcher(self) -> None:
        """The writer's own view of committed cards and sources, after a commit or merge."""
        old = self._searcher
        self._searcher = self._ix.searcher()
        self._ids.keep_only(self._searcher)
        old.close()

    def segment_sizes(self) -> list[int]:
        """Documents (deleted ones included) in each committed segment."""
        return [s.doc_count_all() for s in wp.index_segments(self._ix)]

    def compact(self) -> bool:
        """Merge every segment into one (and drop deleted documents), after committing the batch;
        False when there is nothing to merge.  It rewrites the whole index: minutes for 10,000
        articles."""
        self.commit()
        segments = wp.index_segments(self._ix)
        if len(segments) <= 1 and not any(s.has_deletions() for s in segments):
            return False
        w = self._whoosh_writer()
        try:
            w.commit(mergetype=compact_all)
        except BaseException:
            with contextlib.suppress(Exception):
                w.cancel()
            raise
        self._reopen_searcher()
        return True

    def close(self, *, finished: bool = True) -> None:
        """Let go of the index and the lock. A rebuild that ``finished`` replaces the live index now;
        one that did not (an error, a stop signal) is thrown away and the live index stays as it was."""
        try:
            self._searcher.close()
            if self._live:
                self._live.close()
            if self.rebuild:
                if finished:
                    swap_in(self.work_dir, self.index_dir)
                else:
                    clear_staging(self.index_dir)
            if finished or not self.rebuild:  # what was committed is live
                self._write_side_files()
        finally:
            self._lock.release()

    def _write_side_files(self) -> None:
        """What readers would otherwise derive from the live index at every start: its newest rows
        (``front_page``: the browser's first list) and its entity counts (``counts_file``), under
        the lock so no commit comes between reading them and naming their generation.  A failure
        costs readers only time (they read the index instead), so it is said, not raised."""
        generation = front_page.latest_generation(self.index_dir)
        # every commit, merge and swap writes a new TOC: files of this generation are up to date
        fresh = front_page.read(self.index_dir, limit=1) is not None
        if fresh and counts_file.read(self.index_dir, generation) is not None:
            return
        from kbio_tui.index.reader import open_reader

        try:
            reader = open_reader(self.index_dir)
            try:
                front_page.write(self.index_dir, reader, generation)
                counted = reader.counts_for_file()
                if counted is not None and counted[0] == generation:
                    counts_file.write(self.index_dir, generation, counted[1].ents, counted[1].speakers)
            finally:
                reader.close()
        except Exception as exc:
            what = f"the front page and entity counts of {self.index_dir}"
            self._say(f"could not write {what} (readers will read the index instead): {exc}")

    def __enter__(self) -> IndexWriter:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.close(finished=exc_type is None)


def open_writer(
    index_dir: Path | str,
    *,
    rebuild: bool = False,
    timeout: float = 10.0,
    on_message: Callable[[str], None] | None = None,
) -> WritableIndex:
    """The index's single writer (see ``WritableIndex``); waits up to ``timeout`` for the lock."""
    return IndexWriter(index_dir, rebuild=rebuild, timeout=timeout, on_message=on_message)
