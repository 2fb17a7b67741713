"""Pydantic models that cross module boundaries (reader -> cleaner -> extractor -> index -> UI).

One coordinate system for offsets: ``Article.text`` is the deck lines, then the captions, then the
body paragraphs, joined by blank lines ("\\n\\n").  Every Sentence, Mention and Quote offset points
into that string, so the UI can highlight without re-deriving anything.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from enum import StrEnum
from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field, computed_field

BLOCK_SEPARATOR = "\n\n"


class BlockKind(StrEnum):
    DECK = "deck"
    CAPTION = "caption"
    PARAGRAPH = "paragraph"


class Block(BaseModel):
    """A run of cleaned text with its place in ``Article.text``."""

    model_config = ConfigDict(frozen=True)

    kind: BlockKind
    index: int  # position among blocks of the same kind
    start: int
    end: int


class Sentence(BaseModel):
    model_config = ConfigDict(frozen=True)

    start: int
    end: int
    block: int  # index into Article.blocks()


class EntityType(StrEnum):
    PERSON = "person"
    ORG = "org"
    PRODUCT = "product"
    LAW = "law"
    PLACE = "place"
    FIGURE = "figure"
    DATE = "date"


class Entity(BaseModel):
    """One real-world thing.  ``id`` is stable across articles (e.g. ``person:cho-hyunsoo``)."""

    id: str
    type: EntityType
    name: str
    aliases: list[str] = Field(default_factory=list)
    role: str | None = None
    org: str | None = None
    acronym: str | None = None
    # free-form typed details: figure value/unit/currency, resolved ISO date, product ingredient/company
    attrs: dict[str, str] = Field(default_factory=dict)


class Mention(BaseModel):
    entity_id: str
    start: int
    end: int
    text: str


class QuoteKind(StrEnum):
    DIRECT = "direct"
    PARTIAL = "partial"
    INDIRECT = "indirect"


class SpeakerKind(StrEnum):
    PERSON = "person"
    ANONYMOUS = "anonymous"  # "an official said", "a source familiar with..."
    ORGANIZATION = "organization"  # company statements
    UNKNOWN = "unknown"


class Quote(BaseModel):
    kind: QuoteKind
    text: str  # the words quoted (without quote marks) or the reported clause
    start: int  # span of ``text`` in Article.text
    end: int
    sentence_start: int  # span of the source sentence(s) to highlight
    sentence_end: int
    speaker: str | None = None  # full display name, or a description for anonymous sources
    speaker_id: str | None = None  # Entity.id when the speaker is a known entity
    speaker_kind: SpeakerKind = SpeakerKind.UNKNOWN
    attributed_by: str | None = None  # name | surname | title+surname | title | pronoun | continuation


def quote_id(article_id: str, start: int) -> str:
    """A quote's id: its article's id and where it starts, both stable across a re-ingest."""
    return f"{article_id}.{start}"


class Article(BaseModel):
    """A cleaned article, plus what extraction found in it."""

    source_file: str  # absolute path of the input file
    source_record: str = ""  # which record of a multi-article file ("line 12"); "" for one-article files
    source_hash: str = ""  # hash of the raw bytes (per record for JSONL) - unchanged input is a no-op
    outlet: str | None = None
    url: str | None = None
    title: str
    author: str | None = None
    published: datetime | None = None
    deck: list[str] = Field(default_factory=list)
    captions: list[str] = Field(default_factory=list)
    paragraphs: list[str] = Field(default_factory=list)
    # filled by extraction
    sentences: list[Sentence] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def id(self) -> str:
        """Stable id from the content, so the same article under two file names is one article."""
        h = hashlib.sha1()
        for part in (self.title, *self.paragraphs):
            h.update(" ".join(part.split()).casefold().encode())
            h.update(b"\x00")
        return h.hexdigest()[:16]

    @cached_property
    def text(self) -> str:
        return BLOCK_SEPARATOR.join([*self.deck, *self.captions, *self.paragraphs])

    @property
    def body(self) -> str:
        return BLOCK_SEPARATOR.join(self.paragraphs)

    def blocks(self) -> list[Block]:
        out: list[Block] = []
        pos = 0
        for kind, items in (
            (BlockKind.DECK, self.deck),
            (BlockKind.CAPTION, self.captions),
            (BlockKind.PARAGRAPH, self.paragraphs),
        ):
            for i, t in enumerate(items):
                out.append(Block(kind=kind, index=i, start=pos, end=pos + len(t)))
                pos += len(t) + len(BLOCK_SEPARATOR)
        return out

    def entity(self, entity_id: str) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)


class IngestStatus(StrEnum):
    ADDED = "added"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"
    FAILED = "failed"


class IngestOutcome(BaseModel):
    """What happened to one input (a file, or one record of a JSONL file)."""

    source: str
    status: IngestStatus
    reason: str | None = None
    article_id: str | None = None
