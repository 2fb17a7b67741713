"""Headlines: section labels and wrapping quote marks are presentation, not part of the title."""

from __future__ import annotations

import re

from .outlets import known

_BRACKET_LABEL = re.compile(
    r"^(?:\[([^\[\]]{1,30})\]|<([^<>]{1,30})>|【([^【】]{1,30})】|〈([^〈〉]{1,30})〉)\s*"
)
_PAREN_LABEL = re.compile(r"^\(([^()]{1,25})\)\s*")
_PAREN_WORDS = re.compile(
    r"\b(?:LD|LEAD|URGENT|Focus|Interview|Feature|Update|News|Exclusive|Photo|Op-ed|Editorial|Column|Analysis"
    r"|Profile|Q&A|Correction|Corrected)\b",
    re.IGNORECASE,
)
_MARKUP_CHARS = frozenset("=/#@")
_QUOTE_PAIRS = {'"': '"', "“": "”", "'": "'", "‘": "’", "«": "»", "「": "」", "『": "』"}


def strip_label(title: str) -> tuple[str, bool]:
    """Drop leading section labels (``[News]``, ``<Interview>``, ``(LEAD)``); say if any was found."""
    found = False
    for _ in range(3):
        m = _BRACKET_LABEL.match(title)
        if m:
            label = next(g for g in m.groups() if g is not None)
            # a label is a capitalised word or a non-Latin one ([단독]); [bold] or [link=...] is markup
            ok = len(label.split()) <= 4 and not label[0].islower() and not _MARKUP_CHARS & set(label)
        else:
            m = _PAREN_LABEL.match(title)
            label = m.group(1) if m else ""
            ok = bool(m) and (not any(c.islower() for c in label) or bool(_PAREN_WORDS.search(label)))
        rest = title[m.end() :].strip() if m else ""
        if not (m and ok and len(rest.split()) >= 2):
            break
        title, found = rest, True
    return title, found


def strip_wrapping_quotes(title: str) -> tuple[str, bool]:
    """The words inside one pair of quote marks that wraps the whole line (``"Title"`` -> ``Title``)."""
    if len(title) < 3:
        return title, False
    close = _QUOTE_PAIRS.get(title[0])
    if close is None or title[-1] != close:
        return title, False
    inner = title[1:-1]
    if title[0] in inner or close in inner or not inner.strip():
        return title, False
    return inner.strip(), True


def tidy_title(title: str) -> tuple[str, bool]:
    """The title without labels or wrapping quotes, and whether it carried either (a strong title signal)."""
    title, labelled = strip_label(title)
    title, quoted = strip_wrapping_quotes(title)
    return title, labelled or quoted


# `` - The Korea Times``, ``| Yonhap News Agency``, `` :: Korea Biomedical Review``: the site's name after
# the headline, as the HTML page title carries it
_SUFFIX_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ")
_SITE_DOMAIN = re.compile(r"(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|kr|co\.kr)", re.IGNORECASE)


def strip_site_suffix(title: str, repeated: str = "") -> str:
    """The headline without a trailing site name of a known outlet (or a site's domain).

    ``repeated`` is the line after the title: when it is the title without its suffix (the page title,
    then the headline proper), the suffix goes whatever site it names.
    """
    cut = max((title.rfind(sep), sep) for sep in _SUFFIX_SEPARATORS)
    at, sep = cut
    if at < 0:
        return title
    head, site = title[:at].rstrip(), title[at + len(sep) :].strip()
    if len(head.split()) < 3 or not site:
        return title
    if known(site) or _SITE_DOMAIN.fullmatch(site):
        return head
    if repeated and _same(head, repeated):
        return head
    return title


def _same(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return " ".join(re.findall(r"[^\W_]+", s.casefold()))

    return norm(a) == norm(b)
