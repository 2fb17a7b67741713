"""Row and header renderables built from index results (all through ``safe_text``)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from rich.text import Text

from kbio_tui.headline import shown_title
from kbio_tui.tui.safe_text import highlighted, one_line, safe
from kbio_tui.tui.speech import quoted

if TYPE_CHECKING:
    from datetime import datetime

    from kbio_tui.index.api import ArticleSummary, EntitySummary, Facet, QuoteHit, Snippet

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


# Short forms for the outlets whose canonical names would not fit the list's outlet column; any
# other outlet is cut to the column with an ellipsis (the article view shows the full name).
OUTLET_WIDTH = 12
_SHORT_OUTLETS = {
    "Korea Biomedical Review": "KBR",
    "Yonhap News Agency": "Yonhap",
    "Korea JoongAng Daily": "JoongAng",
    "Maeil Business Newspaper": "Maeil",
    "The Asia Business Daily": "Asia Biz",
    "BioSpectrum Asia": "BioSpectrum",
}


def short_outlet(outlet: str | None) -> str:
    name = one_line(outlet)
    if not name:
        return "—"
    name = _SHORT_OUTLETS.get(name, name.removeprefix("The "))
    return name if len(name) <= OUTLET_WIDTH else name[: OUTLET_WIDTH - 1] + "…"


def article_row(
    summary: ArticleSummary,
    snippet: Snippet | None = None,
    *,
    selected: bool = False,
    new: bool | None = None,
) -> Text:
    """One line (``2025-12-15  Dailypharm    Securing global CDMO…``, cut by the list's CSS); the
    selected row adds its snippet on a second line, so the list stays dense and the row being
    looked at still says why it matched.

    ``new``: a session that can tell new rows gets a column before the date, ``+`` (bold, so it
    shows without colour) on the rows ingested since the user's last session."""
    row = Text("", "dim")  # the whole row's base style (the title's own style is drawn over it)
    if new is not None:
        row.append("+" if new else " ", "bold not dim")
    row.append(f"{day(summary.published):<10}  ")
    row.append(f"{short_outlet(summary.outlet):<{OUTLET_WIDTH}}  ", "dim")
    row.append_text(safe(shown_title(summary.title), "bold" if selected else ""))
    if selected and snippet is not None and snippet.text:
        row.append("\n")
        row.append_text(snippet_line(snippet))
    return row


SNIPPET_LEAD = 24  # characters of context kept before a snippet's first hit on its one line


def snippet_line(snippet: Snippet) -> Text:
    """The snippet on one line (the list cuts it at its width), starting shortly before the first
    hit so the hit is on screen even in a narrow pane."""
    flat = snippet.text.replace("\n", " ")  # same length: the highlight offsets still fit
    spans = sorted(snippet.highlights)
    cut = 0
    if spans and spans[0][0] > SNIPPET_LEAD:
        space = flat.rfind(" ", 0, spans[0][0] - SNIPPET_LEAD)
        cut = space + 1 if space >= 0 else spans[0][0] - SNIPPET_LEAD
    line = Text("…" if cut else "", "dim italic")
    line.append_text(
        highlighted(flat[cut:], [(s - cut, e - cut, SNIPPET_HIT_STYLE) for s, e in spans], "italic")
    )
    return line


def entity_row(entity: EntitySummary) -> Text:
    row = safe(entity.name, "bold")
    row.append(f"  {entity.mention_count}m {entity.quote_count}q", "dim")
    return row


def facet_row(facet: Facet) -> Text:
    """``Samsung Biologics  12 art · 7 q``: in how many matching articles, quoted how often there."""
    row = safe(facet.entity.name, "bold")
    row.append(f"  {facet.articles} art · {facet.quotes} q", "dim")
    return row


def entity_header(entity: EntitySummary) -> Text:
    """Two lines: who (name, kind, role and organisation) and how much (articles, mentions, quotes)."""
    out = safe(entity.name, "bold")
    out.append(f"  {ENTITY_KIND.get(str(entity.type), str(entity.type).title())}", "dim")
    if entity.acronym:
        out.append(" · ", "dim")
        out.append_text(safe(entity.acronym, "italic"))
    about = [*entity.roles[:2], *entity.orgs[:2]]
    if about:
        out.append(" · ", "dim")
        out.append_text(safe(", ".join(about)))
    out.append(
        f"\n{count(entity.article_count, 'article')} · {count(entity.mention_count, 'mention')}"
        f" · {count(entity.quote_count, 'quote')}",
        "dim",
    )
    return out


# A quote's kind at a glance: a glyph in its own colour, or a letter where there is no colour.
KIND_MARKS = {
    "direct": ("●", "D", "bold green"),
    "partial": ("◐", "P", "yellow"),
    "indirect": ("○", "R", "cyan"),  # reported speech
}


def no_color() -> bool:
    """The https://no-color.org convention, which Textual follows too."""
    return bool(os.environ.get("NO_COLOR"))


def kind_mark(kind: str) -> Text:
    glyph, letter, style = KIND_MARKS.get(kind, ("·", "?", "dim"))
    return Text(letter if no_color() else glyph, style="bold" if no_color() else style)


def quote_row(quote: QuoteHit, *, speaker: bool = False) -> Text:
    """Two lines: the kind's mark and the words (with who said them when ``speaker``), then the
    date, outlet and title of the article (each line cut at the list's width)."""
    row = kind_mark(quote.kind.value)
    row.append(" ")
    if speaker:
        row.append_text(safe(one_line(quote.speaker) or "unknown speaker", "bold"))
        row.append(": ")
    row.append_text(Text(one_line(quoted(quote))))
    row.append("\n  ")
    row.append(f"{day(quote.published)}  {short_outlet(quote.outlet)}  ", "dim")
    row.append_text(safe(shown_title(quote.article_title), "dim italic"))
    return row
