"""The publication date of a page, chosen once every dated line on it has been seen.

A page carries several dates: the site's clock above the masthead (``Tuesday, March 31, 2020``), the
scraper's leading `` date 2022-12-06`` line, ``Published``/``Posted``/``Input`` stamps, a bare date
under the headline, ``Updated`` stamps, a wire dateline with no year (``SEOUL, Jan. 13 (Yonhap) --``)
and the dates of other articles in related lists. The stamp wins over a bare date under the headline,
that over the scraper's line, that over a dateline (which borrows its year from the others), and a date
above the headline (a page clock) is used only when nothing else is dated. ``Updated`` stamps stand in
only when there is no publication date at all. A date more than a day in the future is refused.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from .dates import _MONTHS, date_line

_LABELLED = re.compile(
    r"\b(?:published|posted|input|date[ds]?|released?|created|issued|written)\b|입력|등록|승인", re.IGNORECASE
)
_STORE = re.compile(r"^date\s+(?P<d>\d{4}-\d{2}-\d{2})$")
_STORE_PREFIX = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})(?:\s+|$)")
# ``All Headlines 09:39 January 23, 2019``, ``Bio & Pharma 10:00 2024-01-05``: a section label, then a stamp
_SECTION_PREFIX = re.compile(r"^(?:[A-Z][\w&'’]*\s+){1,3}(?=\d{1,2}:\d{2}\s+\w)")
_BY_DATE = re.compile(r"^by\s*:?\s+(?=[A-Z0-9])", re.IGNORECASE)
_WIRE = re.compile(
    r"^[A-Z][A-Za-z .'\-]{1,30}(?:,\s*[A-Z][A-Za-z .]{1,20})?,\s+"
    r"(?P<mon>[A-Z][a-z]{2,8})\.?\s+(?P<day>\d{1,2})\s*\([^()]{2,40}\)"
)
# ``SEOUL, South Korea, March 5, 2026 /PRNewswire/ --``, ``SEOUL, Korea, April 8, 2026 (GLOBE NEWSWIRE) --``:
# a release's dateline with its full date
_RELEASE = re.compile(
    r"^[A-Z][A-Za-z .,'\-]{1,60}?,\s+"
    r"(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?\s+\d{4})"
    r"\s*(?:/[^/]{2,40}/|\([^()]{2,40}\))?\s*(?:--|—|–)"
)
ORDER = ("labelled", "after", "wire", "store", "before")
FUTURE_SLACK = timedelta(days=1)


def split_store_date(text: str) -> str:
    """Put a scraper's leading `` date YYYY-MM-DD`` on its own line (it is often glued to the next text)."""
    m = _STORE_PREFIX.match(text[:40])
    if not m:
        return text
    return f"date {m.group(1)}\n{text[m.end() :]}"


def loose_date_line(line: str) -> tuple[datetime | None, datetime | None] | None:
    """``date_line`` that also reads a stamp after a section label or an empty ``By``."""
    found = date_line(line)
    if found:
        return found
    if len(line) > 160:
        return None
    for pattern in (_SECTION_PREFIX, _BY_DATE):
        m = pattern.match(line)
        if m:
            found = date_line(line[m.end() :])
            if found:
                return found
    return None


def wire_month_day(line: str) -> tuple[int, int] | None:
    """(month, day) of a wire dateline that prints no year: ``SEOUL, Oct. 23 (Yonhap) --``."""
    m = _WIRE.match(line[:120])
    if not m:
        return None
    month = _MONTHS.get(m.group("mon").lower().rstrip("."))
    day = int(m.group("day"))
    return (month, day) if month and 1 <= day <= 31 else None


class PageDates:
    """Dated lines of one page, by kind; ``published`` picks the article's date."""

    def __init__(self, now: datetime | None = None) -> None:
        self.found: dict[str, datetime] = {}
        self.updated: datetime | None = None
        self.wire: tuple[int, int] | None = None
        self.now = now or datetime.now()

    def _ok(self, dt: datetime | None) -> bool:
        return dt is not None and dt <= self.now + FUTURE_SLACK

    def add_line(
        self,
        line: str,
        dates: tuple[datetime | None, datetime | None],
        *,
        before_title: bool,
        in_body: bool = False,
    ) -> None:
        """Record a date line; ``before_title`` says the headline has not been reached yet, ``in_body``
        that the article's text has begun (where only a labelled stamp is this article's date)."""
        published, updated = dates
        # an "UPDATE : <date>" above the headline is the site's clock, not this article's
        if self._ok(updated) and self.updated is None and not before_title:
            self.updated = updated
        if not self._ok(published):
            return
        if _STORE.match(line):
            kind = "store"
        elif _LABELLED.search(line):
            kind = "labelled"
        elif in_body:
            return  # a bare date among the paragraphs: a table row, an event, a related item
        else:
            kind = "before" if before_title else "after"
        self.found.setdefault(kind, published)  # type: ignore[arg-type]

    def add_stamp(self, published: datetime | None, updated: datetime | None = None) -> None:
        """A date from a byline (``By Kim Ji-ho | 2025-12-15``): as good as a labelled stamp."""
        if self._ok(published):
            self.found.setdefault("labelled", published)  # type: ignore[arg-type]
        if self._ok(updated) and self.updated is None:
            self.updated = updated

    def add_wire(self, line: str) -> None:
        """The opening dateline of the body: a wire's month and day, or a release's full date."""
        m = _RELEASE.match(line[:160])
        dated = date_line(m.group("date")) if m else None
        if dated and self._ok(dated[0]):
            self.found.setdefault("wire", dated[0])  # type: ignore[arg-type]
        elif self.wire is None:
            self.wire = wire_month_day(line)

    def published(self) -> datetime | None:
        if self.wire and "wire" not in self.found:
            ref = next((self.found[k] for k in ("labelled", "after", "store") if k in self.found), None)
            if ref is not None:
                dated = _with_year(self.wire, ref.year)
                if dated and dated > ref + FUTURE_SLACK:
                    dated = _with_year(self.wire, ref.year - 1)
                if dated and self._ok(dated):
                    self.found["wire"] = dated
        best = next((self.found[k] for k in ORDER if k in self.found), None)
        return best or self.updated


def _with_year(month_day: tuple[int, int], year: int) -> datetime | None:
    try:
        return datetime(year, month_day[0], month_day[1])
    except ValueError:
        return None
