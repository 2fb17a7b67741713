"""JSON Lines export, one article per line, in the format ../shared/tools/score_extraction.py reads."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TextIO

from kbio_tui.models import Article, EntityType, quote_id
from kbio_tui.terminal_safe import dumps


def article_record(article: Article) -> dict[str, Any]:
    people = [
        {"name": e.name, "role": e.role, "org": e.org, "id": e.id}
        for e in article.entities
        if e.type == EntityType.PERSON
    ]
    orgs = [
        {"name": e.name, "acronym": e.acronym, "id": e.id}
        for e in article.entities
        if e.type == EntityType.ORG
    ]
    quotes = [
        {
            "id": quote_id(article.id, q.start),
            "speaker": q.speaker,
            "text": q.text,
            "kind": q.kind.value,
            "speaker_id": q.speaker_id,
            "speaker_kind": q.speaker_kind.value,
            "attributed_by": q.attributed_by,
            "start": q.start,
            "end": q.end,
            "sentence_start": q.sentence_start,
            "sentence_end": q.sentence_end,
        }
        for q in article.quotes
    ]
    return {
        "id": article.id,
        "source_file": article.source_file,
        "source_record": article.source_record,
        "title": article.title,
        "author": article.author,
        "published": article.published.isoformat() if article.published else None,
        "outlet": article.outlet,
        "url": article.url,
        "deck": article.deck,
        "captions": article.captions,
        "body": article.body,
        "people": people,
        "organizations": orgs,
        "quotes": quotes,
        "entities": [e.model_dump(mode="json") for e in article.entities],
        "mentions": [m.model_dump(mode="json") for m in article.mentions],
        "sentences": [s.model_dump(mode="json") for s in article.sentences],
    }


def write_jsonl(articles: Iterable[Article], out: TextIO) -> int:
    """Streams: one article in memory at a time.  Returns how many were written."""
    n = 0
    for article in articles:
        out.write(dumps(article_record(article)) + "\n")
        n += 1
    return n
