"""Turning an Article into index documents, and entity aggregates that can be added and subtracted.

Entity aggregates are kept as counters (name -> how many articles used it, ...), so replacing or
removing an article subtracts exactly what it once added: counts stay right without rescanning
every article that mentions a popular entity.
"""

from __future__ import annotations

import calendar
import json
import zlib
from collections import Counter
from datetime import datetime
from typing import Any

from kbio_tui.index.names import name_index_text, name_keys, name_tokens
from kbio_tui.index.schema import (
    AGGREGATED_TYPES,
    KIND_ARTICLE,
    KIND_BLOB,
    KIND_ENTITY,
    KIND_QUOTE,
    KIND_SOURCE,
)
from kbio_tui.models import Article, EntityType

MISSING_DATE = 0  # sorts undated articles last when newest come first


def date_key(dt: datetime | None) -> int:
    """Seconds of the article's own wall-clock time, so `date:2025-12-15` means the printed date."""
    if dt is None:
        return MISSING_DATE
    return calendar.timegm(dt.replace(tzinfo=None).timetuple())


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


def article_document(article: Article) -> dict[str, Any]:
    content = "\n\n".join([article.title, article.text, article.author or "", article.outlet or ""])
    return {
        "kind": KIND_ARTICLE,
        "a_id": article.id,
        "pub": date_key(article.published),
        "title": article.title,
        "content": content,
        "outlet": article.outlet or "",
        "people": name_index_text(_entity_names(article, EntityType.PERSON)),
        "orgs": name_index_text(_entity_names(article, EntityType.ORG)),
        "a_entities": ",".join(sorted({e.id for e in article.entities})),
        "a_meta": article_meta(article),
    }


def blob_document(article: Article) -> dict[str, Any]:
    snip = {"text": article.text, "sentences": [[s.start, s.end] for s in article.sentences]}
    return {
        "kind": KIND_BLOB,
        "b_id": article.id,
        "b_blob": pack_article(article),
        "b_snip": zlib.compress(json.dumps(snip, ensure_ascii=False).encode("utf-8"), 1),
    }


def quote_documents(article: Article) -> list[dict[str, Any]]:
    """One document per (article, speaker): person -> quotes stays a term lookup, with a third of
    the documents that one per quote would cost."""
    meta = article_meta(article)
    groups: dict[str, list[dict[str, Any]]] = {}
    for i, q in enumerate(article.quotes):
        rec = q.model_dump(mode="json")
        rec["n"] = i
        groups.setdefault(q.speaker_id or "", []).append(rec)
    return [
        {
            "kind": KIND_QUOTE,
            "q_pub": date_key(article.published),
            "q_article": article.id,
            "q_speaker_id": speaker_id,
            "q_count": len(recs),
            "q_rec": {
                "article_id": article.id,
                "article_title": meta["title"],
                "outlet": meta["outlet"],
                "published": meta["published"],
                "pub_key": date_key(article.published),
                "quotes": recs,
            },
        }
        for speaker_id, recs in groups.items()
    ]


def source_document(key: str, label: str, source_hash: str, article_id: str) -> dict[str, Any]:
    return {
        "kind": KIND_SOURCE,
        "s_key": key,
        "s_keyhash": f"{key}\x1e{source_hash}",
        "s_article": article_id,
        "s_rec": {"key": key, "source": label, "hash": source_hash, "article_id": article_id},
    }


# ---- entity aggregates -------------------------------------------------------------------------

Agg = dict[str, Any]
_COUNTERS = ("names", "aliases", "roles", "orgs", "acronyms", "types")
_NUMBERS = ("mentions", "quotes", "articles")


def empty_agg(entity_id: str) -> Agg:
    agg: Agg = {"id": entity_id}
    agg.update({k: {} for k in _COUNTERS})
    agg.update({k: 0 for k in _NUMBERS})
    return agg


def contributions(article: Article) -> dict[str, Agg]:
    """What one article adds to each entity it mentions (one article = one vote per name/role/org)."""
    mentions = Counter(m.entity_id for m in article.mentions)
    quotes = Counter(q.speaker_id for q in article.quotes if q.speaker_id)
    out: dict[str, Agg] = {}
    for e in article.entities:
        if e.type.value not in AGGREGATED_TYPES:
            continue
        agg = out.setdefault(e.id, empty_agg(e.id))
        agg["names"][e.name] = 1
        agg["types"][e.type.value] = 1
        for a in e.aliases:
            if a and a != e.name:
                agg["aliases"][a] = 1
        if e.role:
            agg["roles"][e.role] = 1
        if e.org:
            agg["orgs"][e.org] = 1
        if e.acronym:
            agg["acronyms"][e.acronym] = 1
        agg["mentions"] = mentions.get(e.id, 0)
        agg["quotes"] = quotes.get(e.id, 0)
        agg["articles"] = 1
    return out


def apply_delta(agg: Agg, delta: Agg, sign: int) -> None:
    for k in _COUNTERS:
        counter = agg[k]
        for name, n in delta[k].items():
            value = counter.get(name, 0) + sign * n
            if value > 0:
                counter[name] = value
            else:
                counter.pop(name, None)
    for k in _NUMBERS:
        agg[k] = max(0, agg[k] + sign * delta[k])


def _ranked(counter: dict[str, int]) -> list[str]:
    return [k for k, _ in sorted(counter.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))]


def agg_summary(agg: Agg) -> dict[str, Any]:
    """The EntitySummary fields of an aggregate: the most used name is the display name."""
    names = _ranked(agg["names"])
    name = names[0] if names else agg["id"]
    aliases = [n for n in names[1:]] + [a for a in _ranked(agg["aliases"]) if a not in names]
    types = _ranked(agg["types"])
    acronyms = _ranked(agg["acronyms"])
    return {
        "id": agg["id"],
        "type": types[0] if types else EntityType.ORG.value,
        "name": name,
        "aliases": aliases,
        "roles": _ranked(agg["roles"]),
        "orgs": _ranked(agg["orgs"]),
        "acronym": acronyms[0] if acronyms else None,
        "mention_count": agg["mentions"],
        "quote_count": agg["quotes"],
        "article_count": agg["articles"],
    }


def entity_document(agg: Agg) -> dict[str, Any]:
    s = agg_summary(agg)
    all_names = [s["name"], *s["aliases"], *([s["acronym"]] if s["acronym"] else [])]
    keys = sorted({k for n in all_names for k in name_keys(n)})
    tokens = sorted({t for n in all_names for t in name_tokens(n)})
    return {
        "kind": KIND_ENTITY,
        "e_id": agg["id"],
        "e_type": s["type"],
        "e_keys": ",".join(keys),
        "e_tokens": ",".join(tokens),
        # quotes first, then mentions: the order entity lists show
        "e_rank": agg["quotes"] * 1_000_000_000 + agg["mentions"],
        "e_rec": agg,
    }
