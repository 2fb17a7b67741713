"""From a scraped page's text to an article's parts.

The page is read top to bottom in three phases: before the headline (site chrome, mastheads), the
header (byline, date, deck, captions) and the body. Each line is classified by general rules in
``boilerplate``, ``chrome``, ``byline``, ``dates`` and ``captions``; nothing here knows one site's
wording. The publication date is chosen once the whole page is read (``stamps``), and so is the
outlet (``outlet_evidence``, with the table of known outlets in ``outlets``). A page with no headline
(its text starts at the lead or a caption) gets an empty title, never chrome or its first sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from . import boilerplate as bp
from . import chrome
from .byline import bare_name, inline_byline, normalize_author, parse_byline
from .captions import is_caption
from .dates import date_line
from .header import ABBREVIATION, choose_title, is_masthead, is_outlet_name, title_candidate
from .header import BULLET as _BULLET
from .header import ENDS_SENTENCE as _ENDS_SENTENCE
from .header import LONG_LINE as _LONG_LINE
from .mojibake import repair
from .outlet_evidence import Evidence, collect_outlets
from .outlets import PORTALS, from_domain, known
from .sanitize import clean_inline, squash, strip_controls
from .stamps import FUTURE_SLACK, PageDates, loose_date_line, split_store_date
from .titles import strip_site_suffix, tidy_title

_BYLINE_START = re.compile(r"^(?:by|reporter|written|posted|updated|published)\b", re.IGNORECASE)
# ``By 황유미Published : Sept. 30, 2016``, ``Published : ... Updated : ...``: a stamp glued to the text before
_GLUED_STAMP = re.compile(r"(?<=\S)\s*(?=(?:Published|Posted|Updated|Modified|Input|PUBLISHED|UPDATED)\s*:)")
# a Hangul UI label glued to the end of an English line: ``[Photo by Yuhan]이미지 확대``
_TRAILING_HANGUL = re.compile(r"(?<=[\]).!?A-Za-z0-9])[\uac00-\ud7a3][\uac00-\ud7a3 ]{0,20}$")
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
_SAME_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


class TitleSource(StrEnum):
    HEADLINE = "headline"  # a headline line in the text, or the title field of a record/page
    NONE = "none"  # the text has no headline (it starts at the lead or a caption): the title is ""


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
    """Comparison key of an already whitespace-normalised line (curly and straight quotes alike)."""
    return line.casefold().translate(_SAME_QUOTES)


def split_lines(text: str) -> list[str]:
    """Non-empty lines with whitespace normalised; hard-wrapped prose (next line lower-case) re-joined."""
    out: list[str] = []
    joinable = False
    for raw in strip_controls(text).split("\n"):
        line = _spaced_menu(raw) or squash(raw)
        if not line:
            joinable = False
            continue
        if len(line) < 200 and ":" in line and _GLUED_STAMP.search(line):
            head, *stamps = _GLUED_STAMP.split(line)
            if head.strip(" |•·"):
                out.append(head.strip(" |"))
            out.extend(x.strip(" |") for x in stamps if x.strip(" |"))
            joinable = False
            continue
        if joinable and line[0].islower() and not _BYLINE_START.match(line) and not bp.is_email_only(line):
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


class _Outlet:
    """Outlet names the line classifier met, for sites missing from the outlet table.

    The best kind wins (chrome, org byline, wire dateline, copyright, masthead); names of known
    outlets are given their canonical spelling, and a masthead must read like an outlet's name
    (``Seoul Bio Weekly``), not a section label (``National``, ``Bio & Pharma``).
    """

    ORDER = ("chrome", "byline", "dateline", "copyright", "masthead")

    def __init__(self) -> None:
        self.found: dict[str, str] = {}

    def add(self, kind: str, name: str | None) -> None:
        if not name or kind in self.found or bp.is_ui_line(name):
            return
        short_label = len(name.split()) <= 3 and ("&" in name or " and " in name)
        if kind == "masthead" and not known(name) and short_label:
            return  # a section label ("Bio & Pharma", "Science and Tech")
        self.found[kind] = known(name) or name

    def best(self) -> str | None:
        return next((self.found[k] for k in self.ORDER if k in self.found), None)


def clean_text(text: str, hints: Hints | None = None) -> Cleaned:
    """Classify every line of ``text``; ``hints`` from structured metadata take precedence."""
    hints = hints or Hints()
    out = Cleaned(url=(clean_inline(hints.url) or None) if hints.url else None)
    outlet = _Outlet()
    text = split_store_date(repair(text))
    english = bp.non_ascii_share(text[:200_000]) < 0.5
    seen: set[str] = set()
    deck_keys: set[str] = set()
    phase = "head"
    if hints.title:
        out.title = strip_site_suffix(tidy_title(clean_inline(repair(hints.title)))[0])
        english = bp.hangul_share(out.title) < 0.5
        phase = "meta"
    title_key = _key(out.title)

    lines = split_lines(text)
    if english:
        lines = [_TRAILING_HANGUL.sub("", line) for line in lines]
    dates = PageDates()
    title_at: int | None = None
    head_content = False  # a non-chrome line was seen before the headline
    provider_next = False  # the previous line was "News provided by": this one names the issuer
    in_list = False  # inside a "Most Read" / "Related" list above the article
    for i, raw in enumerate(lines):
        line = _BULLET.sub("", raw)
        if not line:
            continue
        if len(line) > _LONG_LINE:  # too long to be metadata or chrome: body text, kept whole
            if english and bp.hangul_share(line) > 0.5:
                continue
            if phase == "head":
                out.title_source = TitleSource.NONE
            phase, in_list = "body", False
            if _key(line) not in seen:
                seen.add(_key(line))
                out.paragraphs.append(line)
            continue
        if (
            phase == "body"
            and out.paragraphs
            and (
                bp.starts_footer(line)
                or bp.starts_release_footer(line)
                or _is_prev_next_link(lines, i)
                or chrome.is_list_heading(line)
                or chrome.is_comment_form(line)
                or chrome.is_publisher_footer(line)
            )
        ):
            break
        if chrome.is_list_heading(line) or chrome.is_comment_form(line):
            in_list = phase != "body" and chrome.is_list_heading(line)
            continue
        if in_list:
            if not _is_prose(line):
                continue  # a headline of another article
            in_list = False
        if chrome.is_widget(line) or chrome.is_publisher_footer(line):
            continue
        stamp = loose_date_line(line)
        if stamp:
            dates.add_line(line, stamp, before_title=phase == "head", in_body=bool(out.paragraphs))
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
        if english and _korean_line(line):
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
        if phase == "body" and _is_image_alt(key, title_key):
            continue
        repeated = (phase == "head" and not _byline_or_date_near(lines, i + 2)) or (
            phase == "meta" and not line.startswith("|") and not _is_prose(line)
        )
        if is_caption(line, header=phase != "body") or (repeated and _repeated_next(lines, i)):
            seen.add(key)
            out.captions.append(_DECORATION.sub("", line))
            continue
        byline = parse_byline(line)
        if byline:
            out.author = out.author or byline.author or None
            outlet.add("byline", byline.org)
            dates.add_stamp(byline.published, byline.updated)
            if phase == "body" and out.paragraphs and "@" in line:
                break  # a reporter's sign-off: the page's furniture follows
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
            dates.add_stamp(at[1])
            continue
        if phase == "head":
            title = title_candidate(line)
            if title and title_at is None:
                title_at = choose_title(lines, english, i, first_content=not head_content)
            head_content = True
            if title and i < (title_at or 0):
                if (is_masthead(line) or is_outlet_name(line)) and not _in_vertical_menu(lines, i):
                    outlet.add("masthead", line)
                continue
            if title:
                after = lines[i + 1] if i + 1 < len(lines) else ""
                out.title, phase, title_key = strip_site_suffix(title, after), "meta", _key(title)
                site = title[len(out.title) :].strip(" |-–—:·")
                if site and is_masthead(site):
                    outlet.add("chrome", site)  # the page title's site name
                seen.add(_key(out.title))
                continue
            if not _ENDS_SENTENCE.search(line[-8:]) or len(line.split()) < 8:
                if is_masthead(line) and not _in_vertical_menu(lines, i):
                    outlet.add("masthead", line)
                continue
            out.title_source, phase = TitleSource.NONE, "body"
        if phase == "meta":
            if line.startswith("|"):
                deck = line.lstrip("| ").strip()
                if deck and _key(deck) not in deck_keys:
                    deck_keys.add(_key(deck))
                    out.deck.append(deck)
                continue
            words = len(line.split())
            if not _ENDS_SENTENCE.search(line[-8:]) or (words < 8 and ABBREVIATION.search(line)):
                if 4 <= words < DECK_MAX_WORDS and key not in deck_keys:
                    deck_keys.add(key)
                    out.deck.append(line)
                if words < DECK_MAX_WORDS:
                    continue
            phase = "body"
        if not out.paragraphs:
            outlet.add("dateline", bp.site_from_dateline(line))
            dates.add_wire(line)
        if len(out.paragraphs) < 3 and not out.author:
            out.author = inline_byline(line)
        seen.add(key)
        out.paragraphs.append(line)

    _drop_trailing_chrome(out.paragraphs)
    out.published = dates.published()
    out.updated = dates.updated
    _apply_hints(out, hints, outlet, collect_outlets(lines))
    return out


def _korean_line(line: str) -> bool:
    """On an English page, a line mostly in Korean, or a short unpunctuated one that is a third Korean:
    interface labels and house ads (``영어뉴스로 배우는 ... [신청]``), not the article."""
    share = bp.hangul_share(line)
    return share > 0.5 or (share >= 0.3 and len(line) < 160 and not _ENDS_SENTENCE.search(line[-8:]))


def _menu_item(line: str) -> bool:
    if chrome.is_widget(line) or bp.is_noise(line):
        return False
    words = line.split()
    return 1 <= len(words) <= 3 and line[0].isupper() and "|" not in line and not _ENDS_SENTENCE.search(line)


def _in_vertical_menu(lines: list[str], i: int) -> bool:
    """A short label with another short label on the line above or below: one item of a menu list."""
    return any(0 <= j < len(lines) and _menu_item(lines[j]) for j in (i - 1, i + 1))


def _is_prose(line: str) -> bool:
    """A sentence of running text (not a headline in a list of other articles)."""
    return len(line.split()) >= 8 and bool(_ENDS_SENTENCE.search(line[-8:]))


def _byline_or_date_near(lines: list[str], start: int) -> bool:
    """A byline or date line among the three lines from ``start``: what follows a headline, not a caption."""
    for line in lines[start : start + 3]:
        line = _BULLET.sub("", line)
        if line and (loose_date_line(line) or parse_byline(line)):
            return True
    return False


def _repeated_next(lines: list[str], i: int) -> bool:
    """The next line repeats this one: a photo caption printed twice (image alt text and caption)."""
    return i + 1 < len(lines) and _key(lines[i + 1]) == _key(lines[i]) and len(lines[i].split()) >= 4


_ALT_SUFFIX = re.compile(r"\s*-\s*\d{1,2}$")


def _is_image_alt(key: str, title_key: str) -> bool:
    """``Headline - 1``: an image's alt text, which repeats the headline with a picture number."""
    return bool(title_key) and _ALT_SUFFIX.sub("", key) == title_key and key != title_key


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


def _apply_hints(out: Cleaned, hints: Hints, outlet: _Outlet, evidence: Evidence) -> None:
    if hints.author:
        given = clean_inline(hints.author)
        byline = parse_byline(given)
        out.author = (byline.author if byline else normalize_author(given)) or out.author
    if hints.published and hints.published <= datetime.now() + FUTURE_SLACK:
        out.published = hints.published
    if hints.outlet:
        out.outlet = clean_inline(hints.outlet)
    else:
        from_url = from_domain(out.url) if out.url else None
        if from_url in PORTALS:  # a portal's copy keeps the source it names
            evidence.add("portal", from_url)
            from_url = None
        out.outlet = evidence.best(strong=True) or from_url or outlet.best() or evidence.best(strong=False)
    if hints.deck:
        given_deck = [d for d in (clean_inline(x) for x in hints.deck) if d]
        given_keys = {_key(d) for d in given_deck}
        out.deck = given_deck + [d for d in out.deck if _key(d) not in given_keys]
    if hints.captions:
        captions: dict[str, str] = {}
        for c in [clean_inline(x) for x in hints.captions] + out.captions:
            if c:
                captions.setdefault(_key(c), c)
        out.captions = list(captions.values())
    if not out.title:
        out.title_source = TitleSource.NONE


def has_article_text(cleaned: Cleaned) -> bool:
    """At least one paragraph of prose; lone menu words left by a navigation page do not count."""
    return any(len(p.split()) >= 6 for p in cleaned.paragraphs)
