"""Row and header renderables built from index results (all through ``safe_text``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from kbio_tui.headline import shown_title
from kbio_tui.tui.safe_text import highlighted, one_line, safe
from kbio_tui.tui.speech import quoted

if TYPE_CHECKING:
    from datetime import datetime

    from kbio_tui.index.api import ArticleSummary, EntitySummary, QuoteHit, Snippet

# Entity types by value (``EntityType`` is a StrEnum): importing the models would pull pydantic in
# before the first frame.
ENTITY_TABS: list[tuple[str, str]] = [
    ("person", "People"),
    ("org", "Orgs"),
    ("product", "Products"),
    ("law", "Laws"),
    ("place", "Places"),
]

ENTITY_KIND = {
    "person": "Person",
    "org": "Organisation",
    "product": "Product",
    "law": "Law",
    "place": "Place",
}

SNIPPET_HIT_STYLE = "bold reverse"


def count(n: int, noun: str) -> str:
    """``1 article``, ``2 articles``: the header lines read as sentences."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def day(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d") if value else "undated"


def article_row(summary: ArticleSummary, snippet: Snippet | None = None) -> Text:
    row = safe(shown_title(summary.title), "bold")
    row.append("\n")
    row.append(f"{one_line(summary.outlet) or 'unknown outlet'} · {day(summary.published)}", "dim")
    if snippet is not None and snippet.text:
        row.append("\n")
        flat = snippet.text.replace("\n", " ")
        row.append_text(
            highlighted(flat, [(s, e, SNIPPET_HIT_STYLE) for s, e in snippet.highlights], "italic")
        )
    return row


def entity_row(entity: EntitySummary) -> Text:
    row = safe(entity.name, "bold")
    row.append(f"  {entity.mention_count}m {entity.quote_count}q", "dim")
    return row


def entity_header(entity: EntitySummary) -> Text:
    out = safe(entity.name, "bold")
    out.append(f"  ({ENTITY_KIND.get(str(entity.type), str(entity.type).title())})", "dim")
    if entity.acronym:
        out.append("  ")
        out.append_text(safe(entity.acronym, "italic"))
    if entity.roles:
        out.append("\nRole: ")
        out.append_text(safe("; ".join(entity.roles)))
    if entity.orgs:
        out.append("\nOrganisation: ")
        out.append_text(safe("; ".join(entity.orgs)))
    out.append(
        f"\n{count(entity.article_count, 'article')} · {count(entity.mention_count, 'mention')}"
        f" · {count(entity.quote_count, 'quote')}",
        "dim",
    )
    return out


def quote_row(quote: QuoteHit, *, speaker: bool = False) -> Text:
    """A quote in a list: kind and words (with who said it when ``speaker``), then its article."""
    row = Text()
    if speaker:
        row.append_text(safe(one_line(quote.speaker) or "unknown speaker", "bold"))
        row.append(": ")
    row.append(f"[{quote.kind.value}] ", "bold")
    row.append_text(Text(quoted(quote)))
    row.append("\n")
    row.append_text(safe(shown_title(quote.article_title), "dim italic"))
    row.append(f" · {one_line(quote.outlet) or 'unknown outlet'} · {day(quote.published)}", "dim")
    return row
