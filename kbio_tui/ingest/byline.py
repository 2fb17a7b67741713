"""Bylines: who wrote it, in the many shapes outlets print.

``by Kim, Jin-Gu | translator | 2025-12-15 09:16:17``, ``By Lee Hye-seon``, ``Reporter Park Ji-min``,
``Kim Ji-hoon (jhkim@example.co.kr)``, ``JNPMEDI PR``. A comma between a single surname and a single
given name is the surname-first convention, so ``Kim, Jin-Gu`` becomes ``Kim Jin-Gu``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from .boilerplate import UI_WORDS
from .dates import date_line, split_trailing_date
from .outlets import known

_PREFIX = re.compile(
    r"^(?:written\s+by|reported\s+by|posted\s+by|story\s+by|words\s+by|by|reporter|staff\s+reporter"
    r"|correspondent|author|writer|editor)\s*[:\-]?\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
_SUFFIX_ROLE = re.compile(
    r"^(?P<rest>.+?),?\s+(?:(?:staff|senior|chief|special|business|science|health)\s+)?"
    r"(?:reporter|correspondent|writer|기자)$",
    re.IGNORECASE,
)
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_NAME_EMAIL = re.compile(
    rf"^(?P<rest>[^()<>\[\]@]+?)\s*[(<\[]\s*(?:e-?mail\s*:?\s*)?{_EMAIL}\s*[)>\]]$", re.IGNORECASE
)
_NAME_THEN_EMAIL = re.compile(rf"^(?P<rest>[^()<>\[\]@]+?)\s+{_EMAIL}$")
_ORG_BYLINE = re.compile(
    r"^(?P<org>[A-Z][\w&.\-]*(?:\s+[A-Z][\w&.\-]*){0,3})\s+(?:PR|Newsroom|Press|Communications|Media Team)$"
)
_ORG_ENDINGS = ("PR", "Newsroom", "Press", "Communications", "Media Team")
# ``Write to In-Hyuk Park at hyuk@example.com``: a sign-off naming the reporter
_WRITE_TO = re.compile(
    rf"^(?:write|e-?mail|contact)\s+(?:to\s+)?(?P<rest>[^@]{{3,60}}?)\s+at\s+{_EMAIL}\.?$", re.IGNORECASE
)
# ``MADRID -- By Kim Ji-ho Korea Biomedical Review correspondent -- The annual ...``: a byline inside
# the dateline that opens the first paragraph
_INLINE = re.compile(
    r"^[A-Z][A-Za-z .,']{1,40}\s+(?:--|—|–)\s*by\s+(?P<who>.{3,90}?)\s*(?:--|—|–)\s", re.IGNORECASE
)
_ROLE_WORDS = re.compile(r"\s+(?:(?:staff|senior|chief|special)\s+)?(?:correspondent|reporter|writer)$", re.I)
# ``Posted on March 5, 2026 by Jane Doe``: a stamp, then the writer
_STAMP_THEN_BY = re.compile(r"^(?P<stamp>.+?\d{4}.*?)\s+by\s+(?P<name>[A-Z][^|@]{2,60})$", re.IGNORECASE)
# ``2025-07-28     Kim Ji-hye``: a date, then the reporter's name
_DATE_FIRST = re.compile(
    r"^(?P<date>\d{4}[-./]\d{1,2}[-./]\d{1,2}\.?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)\s+(?P<rest>\D.+)$"
)
_PREFIX_WORDS = (
    "written", "reported", "posted", "story", "words", "by", "reporter", "staff", "correspondent", "author",
    "writer", "editor",
)  # fmt: skip
_SUFFIX_WORDS = ("reporter", "correspondent", "writer", "기자")
_NAME_TOKEN = re.compile(r"^[A-Z][\w'’.\-]*$|^(?:and|&|de|van|von|der|bin|al)$")
_SEGMENT_SPLIT = re.compile(r"\||\s[·•]\s")
_NAME_LIST_SPLIT = re.compile(r"\s*,\s*|\s+(?:and|&)\s+")
_YEAR = re.compile(r"\d{4}")
_SHOUTED = re.compile(r"^[A-Z]{2,}(?:-[A-Z]{2,})?$")
_NAME_WORD = re.compile(r"^[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?$")
# Words that make a short capitalised line a label, masthead or company rather than a person.
_NOT_NAME_WORDS = frozenset(
    """
    news daily times herald review journal post press agency media biz business korea korean edition
    english home staff team desk reporter editor bio pharma pharm health medical science tech group
    company corp inc ltd co holdings therapeutics biologics biopharma bioscience biosciences hospital
    university institute association ministry office center centre newsroom newsletter online today
    weekly world global international national economy economic industry market markets policy
    """.split()  # noqa: SIM905
)
_ROLES = {
    "translator", "reporter", "editor", "correspondent", "writer", "columnist", "contributor",
    "staff writer", "staff reporter", "senior reporter", "desk", "intern",
}  # fmt: skip


@dataclass(frozen=True)
class Byline:
    author: str
    published: datetime | None = None
    updated: datetime | None = None
    org: str | None = None  # set when the byline is an organisation (``JNPMEDI PR``)


def _looks_like_name(text: str) -> bool:
    tokens = text.replace(",", " ").split()
    if not 1 <= len(tokens) <= 8:
        return False
    return all(_NAME_TOKEN.match(t) for t in tokens) and any(t[0].isupper() for t in tokens)


def normalize_author(name: str) -> str:
    """``By Kim, Jin-Gu`` -> ``Kim Jin-Gu``; other names are returned tidied but unchanged."""
    name = " ".join(name.split()).strip(" ,;|-")
    m = _PREFIX.match(name)
    if m and _looks_like_name(m.group("rest")):
        name = m.group("rest")
    parts = [p.strip() for p in name.split(",")]
    if len(parts) == 2 and all(p and " " not in p for p in parts) and parts[1].lower() not in _ROLES:
        name = f"{parts[0]} {parts[1]}"
    return _unshout(name)


def _unshout(name: str) -> str:
    """``KANG MIN-SEO`` -> ``Kang Min-seo``: capitals are typography, and romanised Korean given names
    capitalise only their first syllable. Mixed-case names and single tokens (``JNPMEDI``) stay as written.
    """
    tokens = name.split()
    if not 2 <= len(tokens) <= 4 or not all(_SHOUTED.match(t) for t in tokens):
        return name
    return " ".join(t[0] + t[1:].lower() for t in tokens)


def bare_name(line: str) -> str | None:
    """A line that is only a person's name (``Yoon Seo-hyun``, ``Min-jae Seo``, ``KANG MIN-SEO``).

    Alone this proves little; the cleaner accepts it as a byline only next to a date or e-mail line.
    """
    if len(line) > 80 or not line[0].isupper() or not line[-1].isalpha():
        return None
    names = [n for n in _NAME_LIST_SPLIT.split(line) if n]
    if not 1 <= len(names) <= 3 or not all(_one_name(n) for n in names):
        return None
    return ", ".join(_unshout(n) for n in names)


def _one_name(text: str) -> bool:
    tokens = text.split()
    if not 2 <= len(tokens) <= 3 or len(text) > 30:
        return False
    for t in tokens:
        if not (_NAME_WORD.match(t) or _SHOUTED.match(t)):
            return False
        if t.lower() in _NOT_NAME_WORDS or t.lower() in UI_WORDS:
            return False
    return True


def _any_byline(line: str) -> Byline | None:
    if len(line) > 160:
        return None
    found = _parse_byline(line)
    if found is None and line[:1].isalpha() and _YEAR.search(line):
        # "By Kim Ji-ho Nov 18, 2026": the date follows the name with no separator
        split = split_trailing_date(line)
        if split:
            head = _parse_byline(split[0])
            if head and not head.published:
                return Byline(author=head.author, published=split[1], updated=split[2], org=head.org)
    return found


def inline_byline(line: str) -> str | None:
    """The reporter in a dateline such as ``SEOUL -- By Kim Ji-ho/Korea Herald correspondent --``."""
    m = _INLINE.match(line[:200])
    if not m:
        return None
    who = _ROLE_WORDS.sub("", m.group("who").strip())
    who = who.split("/")[0].strip()
    words = who.split()
    for n in range(1, len(words)):
        if known(" ".join(words[n:])):
            words = words[:n]
            break
    name = " ".join(words)
    return normalize_author(name) if _looks_like_name(name) else None


def parse_byline(line: str) -> Byline | None:
    """The byline in ``line``, or None when the line is not a byline.

    A wire's name where a reporter's would be (``By Yonhap``) names the outlet, not a person: the
    result then has an empty author and the outlet in ``org``.
    """
    found = _any_byline(line)
    if found and found.author and not found.org:
        wire = known(found.author)
        if wire:
            return Byline(author="", published=found.published, updated=found.updated, org=wire)
    return found


def _parse_byline(line: str) -> Byline | None:
    s = _STAMP_THEN_BY.match(line) if len(line) < 120 else None
    if s and date_line(s.group("stamp")) and _looks_like_name(s.group("name")):
        dates = date_line(s.group("stamp"))
        assert dates is not None
        return Byline(author=normalize_author(s.group("name")), published=dates[0], updated=dates[1])
    w = _WRITE_TO.match(line) if "@" in line else None
    if w and _looks_like_name(w.group("rest")):
        return Byline(author=normalize_author(w.group("rest")))
    d = _DATE_FIRST.match(line) if line[:1].isdigit() else None
    if d:
        dates = date_line(d.group("date"))
        name = bare_name(d.group("rest").strip())
        if dates and name:
            return Byline(author=name, published=dates[0], updated=dates[1])
    segments = [s.strip() for s in _SEGMENT_SPLIT.split(line) if s.strip()]
    if not segments:
        return None
    head = segments[0]
    published = updated = None
    for seg in segments[1:]:
        dates = date_line(seg)
        if dates:
            published = published or dates[0]
            updated = updated or dates[1]
        elif seg.lower() not in _ROLES and not re.fullmatch(_EMAIL, seg):
            return None
    m = _ORG_BYLINE.match(head) if head.endswith(_ORG_ENDINGS) else None
    if m:
        return Byline(author=head, published=published, updated=updated, org=m.group("org"))
    low = head.lower()
    candidates = []
    if low.startswith(_PREFIX_WORDS):
        candidates.append(_PREFIX)
    if "@" in head:
        candidates += [_NAME_EMAIL, _NAME_THEN_EMAIL]
    if low.endswith(_SUFFIX_WORDS):
        candidates.append(_SUFFIX_ROLE)
    for pattern in candidates:
        m = pattern.match(head)
        if m:
            rest = m.group("rest").strip()
            inner = _NAME_EMAIL.match(rest)
            if inner:
                rest = inner.group("rest").strip()
            role = _SUFFIX_ROLE.match(rest) if pattern is _PREFIX else None
            if role:  # "By Jung Hye-min, staff reporter"
                rest = role.group("rest").strip()
            if _looks_like_name(rest):
                return Byline(author=normalize_author(rest), published=published, updated=updated)
            return None
    name = bare_name(head) if published or updated else None  # "Kim Ji-hoon | 2026-01-05 10:00"
    return Byline(author=name, published=published, updated=updated) if name else None
