"""Turning an Article into index documents, and entity cards that only ever grow.

Everything here is pure and runs in the extraction workers (``prepared_documents``), so the writer
process does little more than ``add_document``.  Counts are not kept here at all: they are read
from the inverted index (see schema.py).
"""

from __future__ import annotations

import calendar
import hashlib
import json
import zlib
from collections import Counter
from datetime import datetime
from typing import Any, NamedTuple

from kbio_tui.index.names import name_index_text, name_keys, name_tokens
from kbio_tui.index.schema import (
    ADDED_FIELD,
    AGGREGATED_TYPES,
    KIND_ARTICLE,
    KIND_BLOB,
    KIND_ENTITY,
    KIND_SOURCE,
    TYPE_SEP,
    analyze,
    build_schema,
)
from kbio_tui.models import Article, EntityType

MISSING_DATE = 0  # sorts undated articles last when newest come first


def date_key(dt: datetime | None) -> int:
    """Seconds of the article's own wall-clock time, so `date:2025-12-15` means the printed date."""
    if dt is None:
        return MISSING_DATE
    return calendar.timegm(dt.replace(tzinfo=None).timetuple())


def date_terms(dt: datetime | None) -> str:
    """Year, month and day terms of the article's own printed date (see query.date_cover)."""
    if dt is None:
        return ""
    day = dt.date().isoformat()
    return f"{day[:4]} {day[:7]} {day}"


def source_key(source_file: str, source_record: str) -> str:
    return f"{source_file}\x1f{source_record}" if source_record else source_file


def source_label(source_file: str, source_record: str) -> str:
    return f"{source_file} ({source_record})" if source_record else source_file


def pack_article(article: Article) -> bytes:
    return zlib.compress(article.model_dump_json().encode("utf-8"), 6)


def unpack_article(blob: bytes) -> Article:
    return Article.model_validate_json(zlib.decompress(blob))


def article_meta(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "outlet": article.outlet,
        "author": article.author,
        "published": article.published.isoformat() if article.published else None,
        "source_file": article.source_file,
        "source_key": source_key(article.source_file, article.source_record),
        "url": article.url,  # for citations (indexes written before hold none: the citation has no URL)
    }


def _entity_names(article: Article, etype: EntityType) -> list[str]:
    names: list[str] = []
    for e in article.entities:
        if e.type == etype:
            names.append(e.name)
            names.extend(e.aliases)
            if e.acronym:
                names.append(e.acronym)
    return names


def ent_term(etype: str, entity_id: str) -> str:
    return f"{etype}{TYPE_SEP}{entity_id}"


# One stored row per attributed quote, grouped by speaker id (see ``speaker_quotes``).
QUOTE_ROW = ("kind", "text", "speaker", "speaker_kind", "start", "end", "sentence_start", "sentence_end")
QuoteRow = tuple[str, str, str | None, str, int, int, int, int]


def pack_speaker_quotes(article: Article) -> dict[str, bytes]:
    """Each speaker's quotes, in reading order, as compressed JSON rows of ``QUOTE_ROW``.

    A person page reads one speaker's quotes from a few hundred articles; decoding each article's
    whole quote list (a dict per quote) and dropping the other speakers' was a third of that.
    Unattributed quotes are not kept here: only ``quotes_by`` reads this, and the blob has them."""
    rows: dict[str, list[list[Any]]] = {}
    for q in article.quotes:
        if q.speaker_id:  # the kinds are StrEnums: JSON writes their values
            rows.setdefault(q.speaker_id, []).append([getattr(q, name) for name in QUOTE_ROW])
    return {
        sid: zlib.compress(json.dumps(r, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 1)
        for sid, r in rows.items()
    }


def speaker_quotes(stored: dict[str, bytes] | bytes, speaker_id: str) -> list[QuoteRow]:
    """``speaker_id``'s rows of an article's stored quotes.  Indexes written before the grouping
    hold one blob of every quote as dicts (still read, so nobody must rebuild a large index)."""
    if isinstance(stored, bytes):
        return [
            tuple(r[k] for k in QUOTE_ROW)  # type: ignore[misc]
            for r in json.loads(zlib.decompress(stored))
            if r.get("speaker_id") == speaker_id
        ]
    blob = stored.get(speaker_id)
    return [tuple(r) for r in json.loads(zlib.decompress(blob))] if blob else []  # type: ignore[misc]


def all_quote_rows(stored: dict[str, bytes] | bytes) -> list[tuple[str, QuoteRow]]:
    """Every (speaker id, row) of an article's stored quotes, in reading order."""
    if isinstance(stored, bytes):
        return [
            (r["speaker_id"], tuple(r[k] for k in QUOTE_ROW))  # type: ignore[misc]
            for r in json.loads(zlib.decompress(stored))
            if r.get("speaker_id")
        ]
    rows = [(sid, tuple(r)) for sid, blob in stored.items() for r in json.loads(zlib.decompress(blob))]
    rows.sort(key=lambda x: x[1][4])  # by start offset
    return rows  # type: ignore[return-value]


def _counted(article: Article) -> tuple[dict[str, int], dict[str, int]]:
    """Occurrences for a_ents ("type|id": 1 + mentions) and a_speakers (id: quotes)."""
    mentions = Counter(m.entity_id for m in article.mentions)
    ents = {
        ent_term(e.type.value, e.id): 1 + mentions.get(e.id, 0)
        for e in article.entities
        if e.type.value in AGGREGATED_TYPES
    }
    speakers = Counter(q.speaker_id for q in article.quotes if q.speaker_id)
    return ents, dict(speakers)


article_counts = _counted  # what corrections count an article by (kbio_tui.index.corrected)


def article_document(article: Article) -> dict[str, Any]:
    content = "\n\n".join([article.title, article.text, article.author or "", article.outlet or ""])
    ents, speakers = _counted(article)
    return {
        "kind": KIND_ARTICLE,
        "a_id": article.id,
        "pub": date_key(article.published),
        "a_date": date_terms(article.published),
        "title": article.title,
        "content": content,
        "outlet": article.outlet or "",
        "people": name_index_text(_entity_names(article, EntityType.PERSON)),
        "orgs": name_index_text(_entity_names(article, EntityType.ORG)),
        "a_ents": "\n".join(t for t, n in sorted(ents.items()) for _ in range(n)),
        "a_speakers": "\n".join(sid for sid, n in sorted(speakers.items()) for _ in range(n)),
        "a_nq": len(article.quotes),
        ADDED_FIELD: 0,  # when the article arrives: the writer sets it at commit
        "a_meta": article_meta(article),
        # bytes, not lists: a search reads every stored field of its 200 hits, and unpickling
        # dozens of quote dicts per hit cost more than ranking them
        "a_quotes": pack_speaker_quotes(article),
    }


def blob_document(article: Article) -> dict[str, Any]:
    ents, speakers = _counted(article)
    snip = {"text": article.text, "sentences": [[s.start, s.end] for s in article.sentences]}
    return {
        "kind": KIND_BLOB,
        "b_id": article.id,
        "b_blob": pack_article(article),
        "b_snip": zlib.compress(json.dumps(snip, ensure_ascii=False).encode("utf-8"), 1),
        "b_counts": {"e": ents, "s": dict(speakers)},
    }


# (id, type, name, aliases, role, org, acronym): what a card needs of an Entity, cheap to pickle
Facts = tuple[str, str, str, tuple[str, ...], str | None, str | None, str | None]


def entity_facts(article: Article) -> list[Facts]:
    return [
        (e.id, e.type.value, e.name, tuple(e.aliases), e.role, e.org, e.acronym)
        for e in article.entities
        if e.type.value in AGGREGATED_TYPES
    ]


def content_hash(article: Article) -> str:
    """Stands in for a missing raw-bytes hash, so such input is still a no-op when unchanged."""
    return hashlib.sha1(article.model_dump_json().encode("utf-8")).hexdigest()


class Prepared(NamedTuple):
    """What the writer needs of an extracted article.  Built in an extraction worker, it moves
    the document building off the single writer process, and it pickles several times faster
    than the Article (whose sentences and mentions are hundreds of pydantic objects)."""

    id: str
    source_file: str
    source_record: str
    source_hash: str
    facts: list[Facts]
    docs: list[dict[str, Any]]


# The article document's indexed text fields: analysed where the document is built (a worker).
ANALYZED_FIELDS = ("title", "content", "outlet", "people", "orgs", "a_ents", "a_speakers")
_schema = None


def _analyzed(doc: dict[str, Any]) -> dict[str, Any]:
    global _schema
    if _schema is None:
        _schema = build_schema()
    for name in ANALYZED_FIELDS:
        value = doc.get(name)
        if isinstance(value, str):
            doc[name] = analyze(_schema, name, value)
    return doc


def prepare(article: Article) -> Prepared:
    return Prepared(
        id=article.id,
        source_file=article.source_file,
        source_record=article.source_record,
        source_hash=article.source_hash or content_hash(article),
        facts=entity_facts(article),
        docs=[_analyzed(article_document(article)), blob_document(article)],
    )


def source_document(key: str, label: str, source_hash: str, article_id: str) -> dict[str, Any]:
    return {
        "kind": KIND_SOURCE,
        "s_key": key,
        "s_article": article_id,
        "s_rec": {"key": key, "source": label, "hash": source_hash, "article_id": article_id},
    }


# ---- entity cards --------------------------------------------------------------------------------

Card = dict[str, Any]
CARD_LIST_CAP = 12  # names, roles or orgs kept per card: a card is a label, not a history


def _add(items: list[str], value: str | None, exclude: str = "") -> bool:
    if not value or value == exclude or value in items or len(items) >= CARD_LIST_CAP:
        return False
    items.append(value)
    return True


def merge_card(card: Card | None, facts: Facts) -> Card | None:
    """The card with what this article says about the entity; None when nothing is new.

    The first name seen stays the display name, so a card never flips between spellings."""
    eid, etype, name, aliases, role, org, acronym = facts
    new = card is None
    if card is None:
        card = {
            "id": eid,
            "type": etype,
            "name": name,
            "aliases": [],
            "roles": [],
            "orgs": [],
            "acronym": acronym,
        }
    else:
        card = {
            **card,
            "aliases": list(card["aliases"]),
            "roles": list(card["roles"]),
            "orgs": list(card["orgs"]),
        }
    changed = new
    for a in (name, *aliases):
        changed |= _add(card["aliases"], a, card["name"])
    changed |= _add(card["roles"], role)
    changed |= _add(card["orgs"], org)
    if acronym and not card["acronym"]:
        card["acronym"] = acronym
        changed = True
    return card if changed else None


def entity_document(card: Card) -> dict[str, Any]:
    all_names = [card["name"], *card["aliases"], *([card["acronym"]] if card["acronym"] else [])]
    keys = sorted({k for n in all_names for k in name_keys(n)})
    tokens = sorted({t for n in all_names for t in name_tokens(n)})
    return {
        "kind": KIND_ENTITY,
        "e_id": card["id"],
        "e_type": card["type"],
        "e_keys": ",".join(keys),
        "e_tokens": ",".join(tokens),
        "e_rec": card,
    }
