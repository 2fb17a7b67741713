"""Quotes leave the app as citations (clipboard) or as a Markdown/CSV file; no Textual here."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

from kbio_tui.headline import shown_title
from kbio_tui.safe_write import write_text
from kbio_tui.tui.formatting import day
from kbio_tui.tui.safe_text import one_line

if TYPE_CHECKING:
    from kbio_tui.index.api import QuoteHit


def cite(quote: QuoteHit) -> str:
    """One line a user can paste into a note: the words, then speaker, outlet, date and title."""
    words = one_line(quote.text)
    said = f"“{words}”" if quote.kind.value != "indirect" else words
    parts = [one_line(quote.speaker) or "unknown speaker", one_line(quote.outlet) or "unknown outlet"]
    parts += [day(quote.published), f"“{one_line(shown_title(quote.article_title))}”"]
    return f"{said} — {', '.join(parts)}"


def default_export_name(speaker: str, fmt: str = "md") -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", speaker.lower()).strip("-") or "quotes"
    return f"{slug}-quotes.{fmt}"


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
    """CSV when the name ends in .csv, Markdown otherwise; returns the absolute path written."""
    target = path.expanduser()
    if not target.is_absolute():
        target = Path.cwd() / target
    body = quotes_csv(quotes) if target.suffix.lower() == ".csv" else quotes_markdown(speaker, quotes)
    write_text(target, body)
    return target.resolve()
