"""From a scraped page's text to an article's parts.

The page is read top to bottom in three phases: before the headline (site chrome, mastheads), the
header (byline, date, deck, captions) and the body. Each line is classified by general rules in
``boilerplate``, ``byline``, ``dates`` and ``captions``; nothing here knows one site's wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from . import boilerplate as bp
from .byline import bare_name, normalize_author, parse_byline
from .captions import is_caption
from .dates import date_line
from .header import BULLET as _BULLET
from .header import ENDS_SENTENCE as _ENDS_SENTENCE
from .header import LONG_LINE as _LONG_LINE
from .header import choose_title, is_masthead, is_outlet_name, title_candidate
from .sanitize import clean_inline, squash, strip_controls
from .titles import tidy_title

_FIRST_SENTENCE = re.compile(r"^(.{15,200}?[.!?])(?=\s|$)")
_BYLINE_START = re.compile(r"^(?:by|reporter|written|posted|updated|published)\b", re.IGNORECASE)
_DECORATION = re.compile(r"^[▲△▶]\s*")
_GAP = re.compile(r"[ \t\u00a0]{2,}|\t")
# "News provided by" over the issuer's name, as wire services print press releases
_PROVIDED_BY = re.compile(
    r"^(?:news\s+|content\s+|press\s+release\s+)?(?:provided|distributed|issued)\s+by\s*:?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_ORG_MAX_WORDS = 8
_FOOTER_MAX_WORDS = 10  # a trailing line this short and unpunctuated is a signature or widget label
DECK_MAX_WORDS = 40


class TitleSource(StrEnum):
    HEADLINE = "headline"  # a headline line in the text, or the title field of a record/page
    FIRST_SENTENCE = "first sentence"  # no headline: the body's first sentence stands in


@dataclass
class Hints:
    """What a structured source (JSON record, HTML metadata) already says about the article."""

    title: str | None = None
    author: str | None = None
    published: datetime | None = None
    outlet: str | None = None
    url: str | None = None
    deck: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)


@dataclass
class Cleaned:
    title: str = ""
    title_source: TitleSource = TitleSource.HEADLINE
    author: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    outlet: str | None = None
    url: str | None = None
    deck: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)


def _key(line: str) -> str:
    """Comparison key of an already whitespace-normalised line."""
    return line.casefold()


def split_lines(text: str) -> list[str]:
    """Non-empty lines with whitespace normalised; hard-wrapped prose (next line lower-case) re-joined."""
    out: list[str] = []
    joinable = False
    for raw in strip_controls(text).split("\n"):
        line = _spaced_menu(raw) or squash(raw)
        if not line:
            joinable = False
            continue
        if joinable and line[0].islower() and not _BYLINE_START.match(line):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
        last = out[-1]
        joinable = len(last) > 50 and not _ENDS_SENTENCE.search(last[-8:])
    return out


def _spaced_menu(raw: str) -> str | None:
    """A menu laid out with runs of spaces (``News  Deals  Clinical  Policy``) as a ``|``-joined line."""
    if "  " not in raw and "\t" not in raw:
        return None
    parts = [p for p in _GAP.split(raw.strip()) if p]
    if len(parts) < 3:
        return None
    piped = " | ".join(parts)
    return piped if bp.is_navigation(piped) else None


def _outlet_date(line: str) -> tuple[str, datetime | None] | None:
    """``Seoul Bio Weekly | 2026-01-01``: an outlet name beside the date, not a deck line."""
    parts = [p.strip() for p in line.split("|")]
    if len(parts) != 2:
        return None
    for name, when in ((parts[0], parts[1]), (parts[1], parts[0])):
        dates = date_line(when)
        if dates and is_masthead(name):
            return name, dates[0] or dates[1]
    return None


def _is_prev_next_link(lines: list[str], i: int) -> bool:
    """A Previous/Next link under the article; a bare ``Next ...`` line needs a Previous/Next neighbour."""
    line = lines[i]
    if not bp.is_prev_next(line):
        return False
    if bp.is_prev_next(line, explicit_only=True) or line[:4].lower() == "prev":
        return True
    return any(0 <= j < len(lines) and bp.is_prev_next(lines[j]) for j in (i - 1, i + 1))


def first_sentence(paragraph: str) -> str:
    m = _FIRST_SENTENCE.match(paragraph[:400])
    if m:
        return m.group(1)
    words = paragraph.split()
    return " ".join(words[:12]) + ("…" if len(words) > 12 else "")


class _Outlet:
    """Outlet evidence; the best kind wins (chrome, org byline, wire dateline, copyright, masthead)."""

    ORDER = ("chrome", "byline", "dateline", "copyright", "masthead")

    def __init__(self) -> None:
        self.found: dict[str, str] = {}

    def add(self, kind: str, name: str | None) -> None:
        if name and kind not in self.found:
            self.found[kind] = name

    def best(self) -> str | None:
        return next((self.found[k] for k in self.ORDER if k in self.found), None)


def clean_text(text: str, hints: Hints | None = None) -> Cleaned:
    """Classify every line of ``text``; ``hints`` from structured metadata take precedence."""
    hints = hints or Hints()
    out = Cleaned(url=(clean_inline(hints.url) or None) if hints.url else None)
    outlet = _Outlet()
    english = bp.non_ascii_share(text[:200_000]) < 0.5
    seen: set[str] = set()
    deck_keys: set[str] = set()
    phase = "head"
    if hints.title:
        out.title = tidy_title(clean_inline(hints.title))[0]
        english = bp.hangul_share(out.title) < 0.5
        phase = "meta"
    title_key = _key(out.title)

    lines = split_lines(text)
    title_at: int | None = None
    head_content = False  # a non-chrome line was seen before the headline
    provider_next = False  # the previous line was "News provided by": this one names the issuer
    for i, raw in enumerate(lines):
        line = _BULLET.sub("", raw)
        if not line:
            continue
        if len(line) > _LONG_LINE:  # too long to be metadata or chrome: body text, kept whole
            if english and bp.hangul_share(line) > 0.5:
                continue
            if phase == "head":
                out.title, out.title_source = first_sentence(line), TitleSource.FIRST_SENTENCE
                title_key = _key(out.title)
            phase = "body"
            if _key(line) not in seen:
                seen.add(_key(line))
                out.paragraphs.append(line)
            continue
        if (
            phase == "body"
            and out.paragraphs
            and (bp.starts_footer(line) or bp.starts_release_footer(line) or _is_prev_next_link(lines, i))
        ):
            break
        dates = date_line(line)
        if dates:
            out.published = out.published or dates[0]
            out.updated = out.updated or dates[1]
            continue
        site = bp.site_from_chrome(line)
        if site:
            outlet.add("chrome", site)
            continue
        if bp.is_noise(line):
            if bp.is_copyright(line):
                outlet.add("copyright", bp.site_from_copyright(line))
            continue
        if bp.is_metadata_label(line) or bp.is_source_credit(line):
            continue
        if bp.is_prev_next(line, explicit_only=True):
            continue
        if english and bp.hangul_share(line) > 0.5:
            continue
        if provider_next:
            provider_next = False
            if len(line.split()) <= _ORG_MAX_WORDS and line[0].isupper() and line[-1] not in "!?:":
                out.author = out.author or line
                continue
        provided = _PROVIDED_BY.match(line) if len(line) < 120 else None
        if provided:
            rest = provided.group("rest").strip()
            if rest and len(rest.split()) <= _ORG_MAX_WORDS:
                out.author = out.author or rest
            provider_next = not rest
            continue
        key = _key(line)
        if key == title_key or key in seen:
            continue
        if is_caption(line):
            seen.add(key)
            out.captions.append(_DECORATION.sub("", line))
            continue
        byline = parse_byline(line)
        if byline:
            out.author = out.author or byline.author
            outlet.add("byline", byline.org)
            out.published = out.published or byline.published
            out.updated = out.updated or byline.updated
            continue
        name = bare_name(line) if len(line) <= 80 else None
        if name and _beside_date_or_email(lines, i):
            out.author = out.author or name
            continue
        if bp.is_navigation(line):
            continue
        at = _outlet_date(line) if "|" in line else None
        if at:
            outlet.add("byline", at[0])
            out.published = out.published or at[1]
            continue
        if phase == "head":
            title = title_candidate(line)
            if title and title_at is None:
                title_at = choose_title(lines, english, i, first_content=not head_content)
            head_content = True
            if title and i < (title_at or 0):
                if is_masthead(line) or is_outlet_name(line):
                    outlet.add("masthead", line)
                continue
            if title:
                out.title, phase, title_key = title, "meta", _key(title)
                continue
            if not _ENDS_SENTENCE.search(line[-8:]) or len(line.split()) < 8:
                if is_masthead(line):
                    outlet.add("masthead", line)
                continue
            out.title, out.title_source, phase = first_sentence(line), TitleSource.FIRST_SENTENCE, "body"
            title_key = _key(out.title)
        if phase == "meta":
            if line.startswith("|"):
                deck = line.lstrip("| ").strip()
                if deck and _key(deck) not in deck_keys:
                    deck_keys.add(_key(deck))
                    out.deck.append(deck)
                continue
            words = len(line.split())
            if not _ENDS_SENTENCE.search(line[-8:]):
                if 4 <= words < DECK_MAX_WORDS and key not in deck_keys:
                    deck_keys.add(key)
                    out.deck.append(line)
                if words < DECK_MAX_WORDS:
                    continue
            phase = "body"
        if not out.paragraphs:
            outlet.add("dateline", bp.site_from_dateline(line))
        seen.add(key)
        out.paragraphs.append(line)

    _drop_trailing_chrome(out.paragraphs)
    _apply_hints(out, hints, outlet)
    return out


def _beside_date_or_email(lines: list[str], i: int) -> bool:
    """Whether a neighbouring line is a date or an e-mail address, as around a byline."""
    for j in (i - 1, i + 1):
        if 0 <= j < len(lines):
            near = _BULLET.sub("", lines[j])
            if bp.is_email_only(near) or date_line(near):
                return True
    return False


def _is_footer_line(paragraph: str) -> bool:
    return (
        len(paragraph) < 120
        and len(paragraph.split()) <= _FOOTER_MAX_WORDS
        and not _ENDS_SENTENCE.search(paragraph[-8:])
    )


def _drop_trailing_chrome(paragraphs: list[str]) -> None:
    """Once the article has run, short unpunctuated lines at its end are signatures and widget labels.

    (``Seoul Bio Weekly online``, ``SOURCE Daewon Biologics``, ``Back to list``.) Sub-headings inside the
    body are kept: only the run after the last sentence goes, and never the whole body.
    """
    while len(paragraphs) > 1 and _is_footer_line(paragraphs[-1]):
        paragraphs.pop()


def _apply_hints(out: Cleaned, hints: Hints, outlet: _Outlet) -> None:
    if hints.author:
        given = clean_inline(hints.author)
        byline = parse_byline(given)
        out.author = (byline.author if byline else normalize_author(given)) or out.author
    out.published = hints.published or out.published or out.updated
    out.outlet = clean_inline(hints.outlet) if hints.outlet else outlet.best()
    if hints.deck:
        given = [d for d in (clean_inline(x) for x in hints.deck) if d]
        given_keys = {_key(d) for d in given}
        out.deck = given + [d for d in out.deck if _key(d) not in given_keys]
    if hints.captions:
        captions: dict[str, str] = {}
        for c in [clean_inline(x) for x in hints.captions] + out.captions:
            if c:
                captions.setdefault(_key(c), c)
        out.captions = list(captions.values())
    if not out.title and out.paragraphs:
        out.title, out.title_source = first_sentence(out.paragraphs[0]), TitleSource.FIRST_SENTENCE


def has_article_text(cleaned: Cleaned) -> bool:
    """At least one paragraph of prose; lone menu words left by a navigation page do not count."""
    return any(len(p.split()) >= 6 for p in cleaned.paragraphs)
