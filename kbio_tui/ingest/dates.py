"""Dates as news sites write them.

A zone offset is dropped after parsing: the result is the wall-clock time in the zone the site
wrote (KST for the Korean outlets), which is what a reader sees in the byline. Only epoch
numbers, which carry no zone, are read as UTC. Future dates are parsed as given; ``stamps``
refuses them as publication dates.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

_MONTHS = {
    m: i
    for i, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for m in names
}
_MON = (
    r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_TIME = (
    r"(?:(?:\s*[-,|T@]\s*|\s+(?:at\s+)?)(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?"
    r"(?:\s*(?P<ampm>[ap]\.?m\.?))?)?"
)
_ZONE = (
    r"(?:\s*(?P<z>Z|[+-]\d{2}:?\d{2})"
    r"|\s*\(?(?P<za>KST|UTC|GMT|ET|EST|EDT|CT|PT|PST|PDT|CET|CEST|BST|JST|HKT|SGT)(?![A-Za-z])"
    r"(?:\s*[+-]\d{1,2}(?::?\d{2})?)?\)?)?"
)
# Some wires print the clock before the date: ``09:16 December 15, 2025``.
_LEAD_TIME = r"(?:(?P<h0>\d{1,2}):(?P<mi0>\d{2})\s+(?=[A-Za-z]))?"
_DATE = re.compile(
    r"(?<!\d)" + _LEAD_TIME + r"(?:"
    r"(?P<y1>\d{4})\s*[-./]\s*(?P<m1>\d{1,2})\s*[-./]\s*(?P<d1>\d{1,2})\.?"
    r"|(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+" + _MON.replace("mon", "mon2") + r",?\s+(?P<y2>\d{4})"
    r"|" + _MON.replace("mon", "mon3") + r"\s*(?P<d3>\d{1,2})(?:st|nd|rd|th)?(?:,\s*|\s+)(?P<y3>\d{4})"
    r")" + _TIME + _ZONE + r"(?!\d)",
    re.IGNORECASE,
)
_LABEL = re.compile(
    r"\b(?P<label>published|posted|updated?|modified|edited|revised|input|created|date|last|on|at|released?"
    r"|입력|기사입력|등록|승인|수정|최종수정)\b",
    re.IGNORECASE,
)
_LEFTOVER = re.compile(r"[\s:|,\-–—/()\[\]•·.]+")
_YEAR = re.compile(r"\d{4}")
# Counters that share the date line on many sites: ``Hit 1,482``, ``Views: 310``, ``3 min read``.
_COUNTER = re.compile(r"\b(?:hits?|views?|reads?)\s*:?\s*\d[\d,]*\b|\b\d{1,3}\s+min(?:ute)?s?\s+read\b", re.I)
_UPDATED = {"updated", "update", "modified", "edited", "revised", "last", "수정", "최종수정"}
_ALLOWED_WORDS = {
    "published", "posted", "updated", "update", "modified", "edited", "revised", "input", "created", "date",
    "last", "on", "at", "released", "release", "kst", "utc", "gmt", "mon", "tue", "wed", "thu", "fri",
    "sat", "sun", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "eastern", "pacific", "central", "korea", "daylight", "standard", "time",
    "입력", "기사입력", "등록", "승인", "수정", "최종수정",
}  # fmt: skip


def _build(m: re.Match[str]) -> datetime | None:
    g = m.groupdict()
    if g["y1"]:
        y, mo, d = int(g["y1"]), int(g["m1"]), int(g["d1"])
    elif g["y2"]:
        y, mo, d = int(g["y2"]), _MONTHS[g["mon2"].lower().rstrip(".")], int(g["d2"])
    else:
        y, mo, d = int(g["y3"]), _MONTHS[g["mon3"].lower().rstrip(".")], int(g["d3"])
    h = int(g["h"] or g["h0"] or 0)
    mi = int(g["mi"] or g["mi0"] or 0)
    s = int(g["s"] or 0)
    ampm = (g["ampm"] or "").replace(".", "").lower()
    if ampm == "pm" and h < 12:
        h += 12
    elif ampm == "am" and h == 12:
        h = 0
    if not 1000 <= y <= 9999:
        return None
    try:
        return datetime(y, mo, d, h, mi, s)
    except ValueError:
        return None


def parse_date(value: object) -> datetime | None:
    """The first date in a value from any source (string, epoch number); None when there is none."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        try:  # a huge integer overflows the division as well as the date
            seconds = value / 1000 if value > 1e11 else value
            return datetime.fromtimestamp(seconds, tz=UTC).replace(tzinfo=None)
        except (OverflowError, OSError, ValueError):
            return None
    text = str(value)[:200]
    m = _DATE.search(text)
    if m:
        return _build(m)
    if text.strip().isdigit() and len(text.strip()) >= 9:
        return parse_date(int(text.strip()))
    from email.utils import parsedate_to_datetime  # RFC 822 dates with weekday, e.g. RSS pubDate

    try:
        dt = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return dt.replace(tzinfo=None) if dt else None


def date_line(line: str) -> tuple[datetime | None, datetime | None] | None:
    """(published, updated) when the whole line is date metadata such as ``Published : 2025-12-15 10:00``.

    Returns None for a line that merely mentions a date inside a sentence.
    """
    if len(line) > 160 or not _YEAR.search(line):
        return None
    if "read" in line.lower() or "hit" in line.lower() or "view" in line.lower():
        line = _COUNTER.sub(" ", line)
    published: datetime | None = None
    updated: datetime | None = None
    pos = 0
    rest: list[str] = []
    for m in _DATE.finditer(line):
        before = line[pos : m.start()]
        rest.append(before)
        labels = [x.group("label").lower() for x in _LABEL.finditer(before)]
        dt = _build(m)
        if dt is None:
            return None
        if labels and labels[0] in _UPDATED:
            updated = updated or dt
        else:
            published = published or dt
        pos = m.end()
    rest.append(line[pos:])
    if published is None and updated is None:
        return None
    words = _LEFTOVER.split(" ".join(rest))
    if any(w and w.lower() not in _ALLOWED_WORDS for w in words):
        return None
    return published, updated


def split_trailing_date(line: str) -> tuple[str, datetime | None, datetime | None] | None:
    """``By Kim Ji-ho  Nov 18, 2026 (GMT+09:00)`` -> (``By Kim Ji-ho``, published, updated).

    For bylines that run straight into their date with no separator; None when no date ends the line.
    """
    if len(line) > 160 or not _YEAR.search(line):
        return None
    for m in _DATE.finditer(line):
        head = line[: m.start()].strip()
        if not head:
            continue
        dates = date_line(line[m.start() :])
        if dates:
            return head, dates[0], dates[1]
    return None
