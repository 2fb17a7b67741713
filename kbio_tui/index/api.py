"""The interface the CLI and the UI call.  Whoosh is one implementation behind it.

Everything returned is a plain pydantic model: no Whoosh objects leak out, so the UI never holds a
searcher and another engine could back the same calls later.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Literal, Protocol

from pydantic import BaseModel, Field, computed_field

from kbio_tui.errors import (
    IndexBusyError,
    IndexError_,
    IndexUnavailableError,
    QuerySyntaxError,
    SchemaMismatchError,
)
from kbio_tui.index.summary import ArticleSummary
from kbio_tui.models import Article, EntityType, IngestOutcome, QuoteKind, SpeakerKind, quote_id

__all__ = [
    "ArticleSummary",
    "EntitySummary",
    "Facet",
    "FacetResult",
    "IndexBusyError",
    "IndexError_",
    "IndexReader",
    "IndexStats",
    "IndexUnavailableError",
    "NewArticle",
    "NewMatches",
    "QuerySyntaxError",
    "QuoteHit",
    "SchemaMismatchError",
    "SearchHit",
    "SearchResult",
    "Snippet",
    "Timeline",
    "TimelineBucket",
    "WritableIndex",
]


class Snippet(BaseModel):
    """A short passage with the spans (relative to ``text``) that matched the query."""

    text: str
    highlights: list[tuple[int, int]] = Field(default_factory=list)


class SearchHit(BaseModel):
    article: ArticleSummary
    score: float = 0.0
    snippet: Snippet | None = None  # filled only when asked for (visible rows)


class SearchResult(BaseModel):
    query: str
    total: int
    estimated: bool = False  # ``total`` was estimated from a sample (a phrase over many articles)
    hits: list[SearchHit]
    terms: list[str] = Field(default_factory=list)  # plain words to highlight in the detail view
    partial: bool = False  # True when a time or expansion limit cut the search short
    message: str | None = None  # a note for the user, e.g. "prefix 'a*' matched too many words"
    # a malformed query was searched anyway: what was assumed (an unclosed quote or parenthesis, a
    # stray one, an unknown field), one short line each; the CLI exits 2 when there is any
    assumed: list[str] = Field(default_factory=list)
    # what the article view marks, each as one hit: plain words and prefixes, whole phrases, and the
    # (type, name) of each person: / org: clause, whose entities' own mentions are marked (resolved
    # with find_entities by the view, only when it shows an article)
    words: list[str] = Field(default_factory=list)
    phrases: list[str] = Field(default_factory=list)
    names: list[tuple[str, str]] = Field(default_factory=list)


class EntitySummary(BaseModel):
    id: str
    type: EntityType
    name: str
    aliases: list[str] = Field(default_factory=list)
    roles: list[str] = Field(default_factory=list)
    orgs: list[str] = Field(default_factory=list)
    acronym: str | None = None
    mention_count: int = 0
    quote_count: int = 0
    article_count: int = 0


class Facet(BaseModel):
    """An entity in a search's matching articles: in how many of them, and quoted how often there."""

    entity: EntitySummary
    articles: int
    quotes: int = 0


class FacetResult(BaseModel):
    query: str
    total: int  # articles matching the query
    considered: int  # the best-ranked of them that were counted (all of them up to a cap)
    facets: dict[str, list[Facet]] = Field(default_factory=dict)  # entity type -> facets, most first
    assumed: list[str] = Field(default_factory=list)  # as SearchResult.assumed


class QuoteHit(BaseModel):
    """A quote with enough of its article to cite it."""

    article_id: str
    article_title: str
    outlet: str | None = None
    published: datetime | None = None
    kind: QuoteKind
    text: str
    speaker: str | None = None
    url: str | None = None  # the article's address, when the page gave one
    speaker_id: str | None = None
    speaker_kind: SpeakerKind = SpeakerKind.UNKNOWN
    start: int
    end: int
    sentence_start: int
    sentence_end: int

    @computed_field  # type: ignore[prop-decorator]
    @property
    def id(self) -> str:
        """What ``kbio-tui correct speaker`` takes (see kbio_tui.models.quote_id)."""
        return quote_id(self.article_id, self.start)


class NewArticle(BaseModel):
    """An article that arrived after a marker, with the quotes in it credited to a speaker."""

    article: ArticleSummary
    quotes: list[QuoteHit] = Field(default_factory=list)


class NewMatches(BaseModel):
    """What matched a query among the articles ingested after ``since`` (an ingest stamp)."""

    query: str
    since: int
    # the highest ingest stamp of the snapshot that was read: store it as "seen up to"
    mark: int
    total: int  # new matching articles
    quotes: int  # quotes credited to a speaker in them
    articles: list[NewArticle] = Field(default_factory=list)  # the latest arrivals first, up to a limit
    assumed: list[str] = Field(default_factory=list)  # as SearchResult.assumed


class TimelineBucket(BaseModel):
    period: str  # "2025-03" by month, "2025-W11" (ISO week) by week
    start: date  # the month's first day, the week's Monday
    articles: int = 0  # articles published in it (mentioning the entity / matching the query)
    quotes: int = 0  # the entity's quotes in those articles (0 for a query)


class Timeline(BaseModel):
    """Counts per month or week by publication date, every period from the first to the last with
    any, empty ones included; articles without a date are counted apart."""

    by: Literal["month", "week"]
    buckets: list[TimelineBucket] = Field(default_factory=list)
    articles: int = 0  # in all (dated and undated)
    quotes: int = 0
    undated_articles: int = 0
    undated_quotes: int = 0
    assumed: list[str] = Field(default_factory=list)  # a query timeline: as SearchResult.assumed


class IndexStats(BaseModel):
    articles: int
    quotes: int
    entities: int
    schema_version: int
    last_modified: datetime | None = None


class IndexReader(Protocol):
    """Read side.  Safe to share between threads; never blocks on a writer."""

    def stats(self) -> IndexStats: ...

    def recent_articles(self, limit: int = 200, offset: int = 0) -> list[ArticleSummary]: ...

    def search(self, query: str, limit: int = 200, within: Sequence[str] = ()) -> SearchResult:
        """Rank articles for a user query (syntax in README).  Raises QuerySyntaxError.

        ``within``: entity ids every hit must mention (the browser's facet filters); an empty query
        with ``within`` lists the articles mentioning them all."""
        ...

    def snippets(self, query: str, article_ids: list[str]) -> dict[str, Snippet]:
        """Snippets for the rows a user can see; cheap because it is asked for a handful only."""
        ...

    def get_article(self, article_id: str) -> Article | None:
        """The full article with sentences, entities, mentions and quotes."""
        ...

    def entities(
        self, type: EntityType | None = None, contains: str = "", limit: int = 1000
    ) -> list[EntitySummary]:
        """Entities of a type, most quoted/mentioned first, optionally filtered by a substring."""
        ...

    def entity(self, entity_id: str) -> EntitySummary | None: ...

    def find_entities(self, name: str, type: EntityType | None = None) -> list[EntitySummary]:
        """Entities whose name or alias matches ``name`` (order, case, hyphens ignored)."""
        ...

    def quotes_by(self, entity_id: str, limit: int = 1000) -> list[QuoteHit]:
        """Every quote credited to an entity across the index, newest first."""
        ...

    def articles_mentioning(self, entity_id: str, limit: int = 1000) -> list[ArticleSummary]:
        """Articles that mention an entity, newest first."""
        ...

    def all_articles(self) -> list[Article]:
        """Every article in full (for export); not for the UI path."""
        ...

    def iter_articles(self) -> Iterator[Article]:
        """Every article in full, oldest first, one at a time (export streams these)."""
        ...

    def facets(
        self, query: str, limit: int = 10, within: Sequence[str] = (), articles: int = 1000
    ) -> FacetResult:
        """Who and what the articles matching ``query`` (and mentioning every entity in
        ``within``) are about: per entity type (people, organisations, products, laws, places),
        the ``limit`` entities mentioned in most of the best-ranked ``articles`` matches, with how
        many of those mention each and how often it is quoted in them. Raises QuerySyntaxError
        like ``search``."""
        ...

    def ingest_mark(self) -> int:
        """The latest ingest stamp among the articles of this snapshot (microseconds since the
        epoch; 0 for none): what a user has seen once they looked at everything now there."""
        ...

    def new_matches(
        self, query: str, since: int, entities: Sequence[str] = (), limit: int = 200
    ) -> NewMatches:
        """The articles ingested after the stamp ``since`` that match ``query`` ("" matches every
        article) and mention every entity id in ``entities``, latest arrivals first, with their
        quotes (up to ``limit`` articles listed; the counts are of all). Raises QuerySyntaxError."""
        ...

    def entity_timeline(self, entity_id: str, by: str = "month") -> Timeline | None:
        """Per month or week, the articles mentioning an entity and its quotes; None for an
        unknown id."""
        ...

    def query_timeline(self, query: str, by: str = "month", within: Sequence[str] = ()) -> Timeline:
        """Per month or week, the articles matching ``query`` (and mentioning every entity id in
        ``within``, as ``search`` narrows). Raises QuerySyntaxError."""
        ...

    def has_source(self, source_file: str, source_record: str, source_hash: str) -> bool:
        """Whether this exact input (same file and record, same bytes) is committed: ingest workers
        skip extracting what is already there."""
        ...

    def refresh(self) -> bool:
        """Pick up commits made since opening; True if anything changed."""
        ...

    def warm(self) -> None:
        """Build the current snapshot's in-memory tables now (from a background thread), and load
        the code searches and pages run if opening skipped it, so the first search or person page
        after start-up or a new commit does not wait for them."""
        ...

    def close(self) -> None: ...


class WritableIndex(Protocol):
    """Write side: the single writer of an index, holding its ingest lock until ``close``.

    Ingest workers turn each extracted Article into whatever the engine wants to write with the
    engine's own ``prepare_article`` (``kbio_tui.index``) and hand the result to ``add`` without
    looking inside it, so the costly part of indexing runs in parallel."""

    work_dir: Path  # where this writer's files go (a rebuild writes beside the live index)

    @property
    def pending(self) -> int:
        """Inputs queued for the next commit."""
        ...

    def add(self, article: Article | object) -> IngestOutcome:
        """Queue an Article (or what ``prepare_article`` made of one); says what the next commit
        will do with it (added, updated, unchanged or a duplicate)."""
        ...

    def commit(self) -> bool:
        """Write the queued inputs in one atomic commit; False when there was nothing to write."""
        ...

    def compact(self) -> bool:
        """Commit, then merge the whole index into one piece; False when it already is one."""
        ...

    def segment_sizes(self) -> list[int]:
        """Documents in each piece of the index (for ``kbio-tui compact``'s report)."""
        ...

    def close(self, *, finished: bool = True) -> None:
        """Let go of the lock; a rebuild is swapped in only when ``finished``."""
        ...

    def __enter__(self) -> WritableIndex: ...

    def __exit__(self, exc_type: object, *exc: object) -> None: ...
