"""Quotes leave the app as citations (clipboard) or as a Markdown/CSV file; no Textual here."""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from kbio_tui.headline import shown_title
from kbio_tui.safe_write import write_text
from kbio_tui.tui.formatting import day
from kbio_tui.tui.safe_text import one_line
from kbio_tui.tui.speech import quoted

if TYPE_CHECKING:
    from kbio_tui.index.api import EntitySummary, QuoteHit

EXPORT_ENV = "KBIO_EXPORT_DIR"


def cite(quote: QuoteHit, speaker: EntitySummary | None = None, url: str | None = None) -> str:
    """One line a user can paste into a note: the words, then who (name, role, organisation, when
    the speaker's page knows them), the outlet, date, title and the article's address."""
    who = [one_line(quote.speaker) or "unknown speaker"]
    if speaker is not None:
        who += [one_line(v) for v in (speaker.roles[:1] + speaker.orgs[:1]) if one_line(v)]
    parts = [*who, one_line(quote.outlet) or "unknown outlet", day(quote.published)]
    parts.append(f"“{one_line(shown_title(quote.article_title))}”")
    link = url or quote.url
    if link:
        parts.append(one_line(link))
    return f"{quoted(quote)} — {', '.join(parts)}"


def export_dir() -> Path:
    """Where exports go unless the user types another folder: ``$KBIO_EXPORT_DIR``, else
    ``~/kbio-exports`` (never the folder the app was started from, which may be the shared index's)."""
    return Path(os.environ.get(EXPORT_ENV) or Path.home() / "kbio-exports").expanduser()


def default_export_name(speaker: str, fmt: str = "md") -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", speaker.lower()).strip("-") or "quotes"
    return f"{slug}-quotes.{fmt}"


def default_export_path(speaker: str, fmt: str = "md") -> str:
    """The full path the export prompt starts with."""
    return str(export_dir() / default_export_name(speaker, fmt))


def quotes_markdown(speaker: str, quotes: list[QuoteHit]) -> str:
    lines = [f"# Quotes by {one_line(speaker)}", ""]
    for q in quotes:
        lines.append(f"- {cite(q)} ({q.kind.value})")
    return "\n".join(lines) + "\n"


def csv_cell(value: str) -> str:
    """A cell a spreadsheet shows as text: one starting with = + - @ (or a tab or carriage return) would
    be run as a formula (``=HYPERLINK(...)`` in a scraped title), so it gets a leading apostrophe."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def quotes_csv(quotes: list[QuoteHit]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["speaker", "kind", "quote", "title", "outlet", "date", "article_id"])
    for q in quotes:
        row = [
            one_line(q.speaker),
            q.kind.value,
            one_line(q.text),
            one_line(shown_title(q.article_title)),
            one_line(q.outlet),
            day(q.published),
            q.article_id,
        ]
        writer.writerow([csv_cell(cell) for cell in row])
    return buf.getvalue()


def export_quotes(path: Path, speaker: str, quotes: list[QuoteHit]) -> Path:
    """CSV when the name ends in .csv, Markdown otherwise; returns the absolute path written. A bare
    name goes into ``export_dir()``, which is created (for this user only) when missing."""
    target = path.expanduser()
    if not target.is_absolute():
        target = export_dir() / target
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    body = quotes_csv(quotes) if target.suffix.lower() == ".csv" else quotes_markdown(speaker, quotes)
    write_text(target, body)
    return target.resolve()
