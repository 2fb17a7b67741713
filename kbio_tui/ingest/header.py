"""Which line above the article is its headline.

Pages put the site's masthead, menus and breadcrumbs above the headline, and the deck and byline
below it. So the headline is the first headline-like line after the last menu or breadcrumb that
precedes the byline/date block; a first line that names a news outlet is the masthead, not a title.
"""

from __future__ import annotations

import re

from . import boilerplate as bp
from . import chrome
from .byline import parse_byline
from .captions import is_caption
from .stamps import loose_date_line
from .titles import tidy_title

ENDS_SENTENCE = re.compile(r"[.!?…。][\"'”’)\]]*$")
BULLET = re.compile(r"^[•·▪◦●■◆►▶♦]+\s*")
LONG_LINE = 4000  # beyond this a "line" is body text whatever it looks like
TITLE_MAX_WORDS = 40
_MASTHEAD_MAX_WORDS = 7
# a headline may end in an abbreviation's full stop (``by Sept.``, ``US$1.2 Bil.``, ``Samsung Co.``)
ABBREVIATION = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Co|Corp|Inc|Ltd|Bil|Mil|Tril|Bn|Mn|vs|No|U\.S|U\.K|S)\.$"
)
_CONNECTORS = frozenset({"by", "of", "the", "and", "&", "for", "de", "on"})
# Words that outlet names are made of; a headline rarely is only capitalised words and one of these.
_OUTLET_WORDS = frozenset(
    """
    news daily times herald review journal post press agency biz media tribune wire today weekly gazette
    insight chronicle newswire pulse broadcasting economist edition newspaper magazine telegraph monitor
    """.split()  # noqa: SIM905
)


def title_candidate(line: str) -> str | None:
    """The tidied headline when ``line`` could be one (not a sentence, 2-40 words, not a masthead)."""
    if len(line) > 300 or (ENDS_SENTENCE.search(line[-8:]) and len(line.split()) > 25):
        return None
    if line.endswith(".") and len(line.split()) >= 10 and not ABBREVIATION.search(line):
        return None  # a full sentence: headlines do not end in a full stop
    title, marked = tidy_title(line)
    words = title.split()
    if not 2 <= len(words) <= TITLE_MAX_WORDS:
        return None
    if marked or len(words) >= 4:
        return title
    # two or three capitalised words are a masthead ("The Korea Herald") or a section label
    # ("Bio & Pharma", "Science and Tech"), not a headline
    if any(not w[0].isupper() and w.lower() not in _CONNECTORS for w in words):
        return title
    return None


def is_masthead(line: str) -> bool:
    """A short all-capitalised name line (``The Korea Herald``, ``Voice of Bio Industry News``)."""
    words = line.split()
    if not 1 <= len(words) <= _MASTHEAD_MAX_WORDS or ENDS_SENTENCE.search(line) or ":" in line:
        return False
    named = [w for w in words if w.lower() not in _CONNECTORS]
    return bool(named) and words[0][0].isupper() and all(w[0].isupper() for w in named)


def is_outlet_name(line: str) -> bool:
    """A masthead that says it is a news outlet (has a word such as News, Daily, Times, Review)."""
    return is_masthead(line) and any(w.lower().strip(".,") in _OUTLET_WORDS for w in line.split())


def is_menu(line: str) -> bool:
    """Interface chrome that separates the masthead area from the headline."""
    return (
        bool(bp.site_from_chrome(line))
        or bp.is_noise(line)
        or bp.is_navigation(line)
        or bp.is_metadata_label(line)
        or bp.is_prev_next(line, explicit_only=True)
    )


def choose_title(lines: list[str], english: bool, start: int, *, first_content: bool) -> int:
    """Index in ``lines`` of the headline, given the first headline-like line at ``start``.

    Scans on to the byline/date block (or the first prose paragraph), grouping headline-like lines
    into runs split by menus; the headline opens the last run. ``first_content`` says that nothing but
    chrome came before ``start``, so an outlet-like line there is the masthead.
    """
    runs: list[list[int]] = [[start]]
    for i in range(start + 1, len(lines)):
        line = BULLET.sub("", lines[i])
        if not line:
            continue
        if (
            len(line) > LONG_LINE
            or loose_date_line(line)
            or parse_byline(line)
            or chrome.is_list_heading(line)
        ):
            break
        if is_menu(line) or chrome.is_widget(line):
            if runs[-1]:
                runs.append([])
            continue
        if (english and bp.hangul_share(line) > 0.5) or is_caption(line):
            continue
        if title_candidate(line):
            runs[-1].append(i)
        elif ENDS_SENTENCE.search(line[-8:]) and len(line.split()) >= 8:
            break  # prose: the body has started
    run = next(r for r in reversed(runs) if r)
    if len(run) > 1 and run[0] == start and first_content and is_outlet_name(BULLET.sub("", lines[start])):
        run = run[1:]
    return run[0]
