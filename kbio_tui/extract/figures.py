"""Figures (money, percentages, quantities, counts) and dates, relative ones resolved.

Relative dates ("last January", "in September last year") are resolved against
``Article.published``; the resolved ISO value goes into ``Entity.attrs['iso']``.
"""

from __future__ import annotations

import re
from datetime import datetime

from ..models import Entity, EntityType
from .doc import Doc
from .lexicon import MONTHS

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"(?:thousand|million|billion|trillion|mn|bn|tn)"
_SCALES = {
    "thousand": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
_CUR_WORDS = {
    "won": "KRW",
    "krw": "KRW",
    "dollars": "USD",
    "dollar": "USD",
    "usd": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "eur": "EUR",
    "yuan": "CNY",
    "yen": "JPY",
}
_CUR_SIGNS = {"$": "USD", "us$": "USD", "₩": "KRW", "€": "EUR", "£": "GBP", "krw": "KRW", "usd": "USD"}

MONEY_PRE_RE = re.compile(rf"(?<![\w$])(US\$|\$|₩|€|£|KRW\s?|USD\s?)({_NUM})(?:\s?({_SCALE}))?\b")
MONEY_POST_RE = re.compile(
    rf"(?<![\w.])({_NUM})(?:\s?({_SCALE}))?[\s-]?(won|KRW|dollars?|USD|euros?|EUR|yuan|yen)\b", re.IGNORECASE
)
PERCENT_RE = re.compile(rf"(?<![\w.])({_NUM})\s?(%|percent\b|per cent\b|percentage points?\b)")
COUNT_RE = re.compile(rf"(?<![\w.,])({_NUM})(?:\s({_SCALE}))?\s((?:[A-Z]{{2,6}}\s)?[a-z][a-z-]{{2,20}}s)\b")
_NOT_UNITS = frozenset(["years", "months", "days", "weeks", "hours", "minutes", "times", "percent"])

_MONTHS = {m: i + 1 for i, m in enumerate(MONTHS)}
_MON_ABBR = {m[:3]: i for m, i in _MONTHS.items()} | {"sept": 9}
_MONTH_RX = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
DATE_MDY_RE = re.compile(rf"\b({_MONTH_RX})\s(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s(\d{{4}}))?\b")
DATE_DMY_RE = re.compile(rf"\b(\d{{1,2}})\s({_MONTH_RX})\s(\d{{4}})\b")
DATE_ISO_RE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
DATE_MY_RE = re.compile(rf"\b({_MONTH_RX})\s(?:of\s)?(\d{{4}})\b")
DATE_REL_MONTH_RE = re.compile(rf"\b([Ll]ast|[Tt]his|[Nn]ext|[Ee]arly|[Ll]ate)\s({_MONTH_RX})\b")
DATE_MONTH_YEAR_REL_RE = re.compile(rf"\b({_MONTH_RX})\s(?:of\s)?(last|this|next)\syear\b")
DATE_REL_YEAR_RE = re.compile(
    r"\b(?:(?:[Ee]arlier|[Ll]ater|[Ee]arly|[Ll]ate)\s)?([Ll]ast|[Tt]his|[Nn]ext)\s(year|month|week)\b"
)
YEAR_RE = re.compile(r"\b(?:in|by|since|until|from|through|for|of|to)\s((?:19|20)\d{2})\b")


def _month(s: str) -> int:
    s = s.lower().rstrip(".")
    return _MONTHS.get(s) or _MON_ABBR.get(s[:4] if s.startswith("sept") else s[:3], 0)


def _value(num: str, scale: str | None) -> float:
    v = float(num.replace(",", ""))
    return v * _SCALES.get((scale or "").lower(), 1.0)


def _add_figure(doc: Doc, a: int, b: int, attrs: dict[str, str]) -> None:
    if doc.is_taken(a, b):
        return
    written = doc.text[a:b]
    key = attrs.get("currency", attrs.get("unit", "")).lower().replace(" ", "-")
    eid = f"figure:{key}:{attrs['value']}" if key else f"figure:{attrs['value']}"
    ent = doc.add_entity(Entity(id=eid, type=EntityType.FIGURE, name=written, attrs=attrs))
    doc.add_mention(ent.id, a, b)


_NUM_START_RE = re.compile(r"(?<![\w.,])\d")
_SIGN_BEFORE_RE = re.compile(r"(?:US\$|\$|₩|€|£|KRW\s?|USD\s?)\s?$")
_MONTH_ANY_RE = re.compile(rf"\b{_MONTH_RX}")
_REL_BEFORE_RE = re.compile(r"\b(?:[Ll]ast|[Tt]his|[Nn]ext|[Ee]arly|[Ll]ate)\s$")


def find_figures(doc: Doc) -> None:
    """Anchored matches at each number: one scan instead of one per pattern."""
    text = doc.text
    for n in _NUM_START_RE.finditer(text):
        p = n.start()
        sign = _SIGN_BEFORE_RE.search(text, max(0, p - 5), p)
        if sign:
            m = MONEY_PRE_RE.match(text, sign.start())
            if m:
                v = _value(m.group(2), m.group(3))
                _add_figure(
                    doc,
                    m.start(),
                    m.end(),
                    {"kind": "money", "value": f"{v:g}", "currency": _CUR_SIGNS[m.group(1).strip().lower()]},
                )
                continue
        m = MONEY_POST_RE.match(text, p)
        if m:
            v = _value(m.group(1), m.group(2))
            _add_figure(
                doc,
                m.start(),
                m.end(),
                {"kind": "money", "value": f"{v:g}", "currency": _CUR_WORDS[m.group(3).lower()]},
            )
            continue
        m = PERCENT_RE.match(text, p)
        if m:
            unit = "percentage points" if m.group(2).startswith("percentage") else "%"
            _add_figure(
                doc,
                m.start(),
                m.end(),
                {"kind": "percent", "value": m.group(1).replace(",", ""), "unit": unit},
            )
            continue
        m = COUNT_RE.match(text, p)
        if m:
            unit = m.group(3)
            if unit.split()[-1] in _NOT_UNITS:
                continue
            v = _value(m.group(1), m.group(2))
            kind = (
                "quantity"
                if unit in ("liters", "litres", "tons", "tonnes", "kiloliters", "doses")
                else "count"
            )
            _add_figure(doc, m.start(), m.end(), {"kind": kind, "value": f"{v:g}", "unit": unit})


def _nearest_year(pub: datetime, mon: int, day: int) -> int:
    """A month-day without a year is the occurrence closest to the publication date."""
    best = pub.year
    best_gap = None
    for y in (pub.year - 1, pub.year, pub.year + 1):
        try:
            gap = abs((datetime(y, mon, day) - pub.replace(tzinfo=None)).days)
        except ValueError:
            continue
        if best_gap is None or gap < best_gap:
            best, best_gap = y, gap
    return best


def _add_date(doc: Doc, a: int, b: int, iso: str | None, how: str) -> None:
    if doc.is_taken(a, b):
        return
    written = doc.text[a:b]
    eid = f"date:{iso}" if iso else f"date:{written.lower().replace(' ', '-')}"
    attrs = {"resolution": how}
    if iso:
        attrs["iso"] = iso
    ent = doc.add_entity(
        Entity(id=eid, type=EntityType.DATE, name=iso or written, aliases=[written], attrs=attrs)
    )
    doc.add_mention(ent.id, a, b)


def find_dates(doc: Doc) -> None:
    text = doc.text
    pub: datetime | None = doc.article.published
    m: re.Match[str] | None
    for m in DATE_ISO_RE.finditer(text):
        _add_date(doc, m.start(), m.end(), m.group(0), "absolute")
    for mm in _MONTH_ANY_RE.finditer(text):
        p = mm.start()
        dmy = DATE_DMY_RE.match(text, max(0, p - 3)) or DATE_DMY_RE.match(text, max(0, p - 2))
        if dmy:
            mon, day = _month(dmy.group(2)), int(dmy.group(1))
            if mon and 1 <= day <= 31:
                _add_date(doc, dmy.start(), dmy.end(), f"{dmy.group(3)}-{mon:02d}-{day:02d}", "absolute")
            continue
        rel = _REL_BEFORE_RE.search(text, max(0, p - 6), p)
        if rel:
            m = DATE_REL_MONTH_RE.match(text, rel.start())
            if m and pub and _month(m.group(2)):
                mon, which = _month(m.group(2)), m.group(1).lower()
                if which == "last":
                    year = pub.year if mon < pub.month else pub.year - 1
                elif which == "next":
                    year = pub.year if mon > pub.month else pub.year + 1
                else:
                    year = pub.year
                _add_date(doc, m.start(), m.end(), f"{year}-{mon:02d}", "relative")
                continue
        m = DATE_MDY_RE.match(text, p)
        if m:
            mon, day = _month(m.group(1)), int(m.group(2))
            if mon and 1 <= day <= 31:
                if m.group(3):
                    _add_date(doc, m.start(), m.end(), f"{m.group(3)}-{mon:02d}-{day:02d}", "absolute")
                elif pub:
                    year = _nearest_year(pub, mon, day)
                    _add_date(
                        doc, m.start(), m.end(), f"{year}-{mon:02d}-{day:02d}", "year from publication date"
                    )
                else:
                    _add_date(doc, m.start(), m.end(), None, "unresolved")
                continue
        m = DATE_MONTH_YEAR_REL_RE.match(text, p)
        if m:
            mon = _month(m.group(1))
            if pub and mon:
                year = pub.year + {"last": -1, "this": 0, "next": 1}[m.group(2)]
                _add_date(doc, m.start(), m.end(), f"{year}-{mon:02d}", "relative")
            continue
        m = DATE_MY_RE.match(text, p)
        if m and _month(m.group(1)):
            _add_date(doc, m.start(), m.end(), f"{m.group(2)}-{_month(m.group(1)):02d}", "absolute")
    if pub:
        for m in DATE_REL_YEAR_RE.finditer(text):
            delta = {"last": -1, "this": 0, "next": 1}[m.group(1).lower()]
            if m.group(2) == "year":
                iso = f"{pub.year + delta}"
            elif m.group(2) == "month":
                y, mo = pub.year, pub.month + delta
                y, mo = (y - 1, 12) if mo == 0 else (y + 1, 1) if mo == 13 else (y, mo)
                iso = f"{y}-{mo:02d}"
            else:
                continue
            _add_date(doc, m.start(), m.end(), iso, "relative")
    for m in YEAR_RE.finditer(text):
        _add_date(doc, m.start(1), m.end(1), m.group(1), "absolute")
