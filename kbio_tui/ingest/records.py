"""Scraper records (JSON objects): the same fields go by many names across scrapers."""

from __future__ import annotations

from typing import Any

from .clean import Hints
from .dates import parse_date
from .html import fragment_to_text, looks_like_html

TITLE = ("title", "headline", "heading", "subject", "name")
BODY = ("body", "content", "text", "article", "article_body", "articleBody", "body_html", "content_html",
        "html", "full_text", "fulltext", "story", "main_text", "maintext", "raw_text")  # fmt: skip
URL = ("url", "link", "href", "permalink", "canonical_url", "canonical", "source_url", "article_url")
DATE = ("published", "published_at", "publishedAt", "published_date", "publish_date", "pubDate", "pub_date",
        "datePublished", "date_published", "date", "datetime", "time", "created_at", "createdAt", "timestamp",
        "updated", "updated_at", "dateModified", "modified")  # fmt: skip
AUTHOR = ("author", "authors", "byline", "writer", "reporter", "creator", "by")
OUTLET = ("source", "site", "site_name", "sitename", "siteName", "outlet", "publisher", "publication",
          "source_name", "domain", "newspaper")  # fmt: skip
DECK = ("deck", "subtitle", "sub_title", "subheadline", "subheading", "standfirst", "dek", "kicker_text")
CAPTIONS = ("captions", "caption", "image_caption", "photo_caption")
CONTAINERS = ("articles", "items", "records", "data", "results", "entries", "posts", "docs")


def _text(value: Any) -> str | None:
    """A display string from a scalar, a list of names, or an object with a name."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dict):
        for k in ("name", "title", "text", "value", "display_name"):
            if k in value:
                return _text(value[k])
        return None
    if isinstance(value, list):
        parts = [p for p in (_text(v) for v in value) if p]
        return ", ".join(parts) or None
    return None


def _first(record: dict[str, Any], names: tuple[str, ...]) -> Any:
    lowered = {k.lower(): v for k, v in record.items() if isinstance(k, str)}
    for name in names:
        value = lowered.get(name.lower())
        if value not in (None, "", [], {}):
            return value
    return None


def _lines(value: Any) -> list[str]:
    if isinstance(value, list):
        return [t for t in (_text(v) for v in value) if t]
    text = _text(value)
    return [text] if text else []


def is_article_record(record: dict[str, Any]) -> bool:
    return _first(record, BODY) is not None or _first(record, TITLE) is not None


def unwrap(document: Any) -> list[Any] | None:
    """Records of a JSON array or wrapper (``{"items": [...]}``); None for a single article."""
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        if is_article_record(document):
            return None
        for key in CONTAINERS:
            value = document.get(key)
            if isinstance(value, list):
                return value
    return None


def record_to_text(record: dict[str, Any]) -> tuple[str, Hints]:
    """The body as plain text (HTML bodies flattened) and the other fields as cleaning hints."""
    body_value = _first(record, BODY)
    body = "\n\n".join(_lines(body_value)) if isinstance(body_value, list) else _text(body_value) or ""
    captions = _lines(_first(record, CAPTIONS))
    if looks_like_html(body):
        body, figcaptions = fragment_to_text(body)
        captions += figcaptions
    date_value = _first(record, DATE)
    hints = Hints(
        title=_text(_first(record, TITLE)),
        author=_text(_first(record, AUTHOR)),
        published=parse_date(date_value if not isinstance(date_value, dict | list) else _text(date_value)),
        outlet=_text(_first(record, OUTLET)),
        url=_text(_first(record, URL)),
        deck=_lines(_first(record, DECK)),
        captions=captions,
    )
    return body, hints
