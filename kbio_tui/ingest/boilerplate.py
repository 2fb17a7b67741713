"""Line classifiers for the noise around articles: site chrome, widgets, paywalls, legal lines.

Each rule describes a kind of line found across news sites, not one site's wording. All patterns
are anchored and free of nested quantifiers, so a 20,000-character line costs linear time.
"""

from __future__ import annotations

import re

# Words that, on their own or in a run, are interface labels rather than prose.
UI_WORDS = frozenset(
    """
    media share shares print printer font size sizes subscribe subscription most viewed popular related
    articles article live search close menu home login log in out sign up register facebook twitter x
    kakaotalk kakao kakaostory naver band line linkedin telegram whatsapp email e-mail mail copy link
    url top back to list previous prev next scrap tweet like likes reprint newsletter rss a+ a- more
    reader readers comment comments write operate rule rules reply view views recommend recommended
    trending latest news lists go skip content main navigation toggle open all sections section
    bookmark save translate pdf zoom enlarge listen audio join copied hot family site sites keywords
    keyword tags tag stories story edition english about us contact contacts sitemap
    """.split()  # noqa: SIM905
)
_SITE_CHROME = re.compile(
    r"^(?P<site>[A-Z][\w&.'’\-]*(?:\s+[A-Z][\w&.'’\-]*){0,3}?)\s+"
    r"(?:Live\s+Search\s+Close|Search\s+Close|Search|Menu|Open\s+Menu|Close\s+Menu|Login|Log\s+in|Subscribe)$"
)
_FOLLOW = re.compile(
    r"^(?:stay\s+up\s+to\s+date\s+with\s+(?:the\s+)?(?:latest\s+)?(?:news\s+)?(?:from\s+)?"
    r"|(?:get\s+)?(?:the\s+)?latest\s+news\s+from\s+|follow\s+|subscribe\s+to\s+)"
    r"(?P<site>[A-Z][\w&.'’\-]*(?:\s+[A-Z][\w&.'’\-]*){0,3})"
    r"(?:\s+on\s+[\w ]+)?[.!]?$",
    re.IGNORECASE,
)
_CHROME_PHRASE = re.compile(
    r"^(?:sign\s+up\s+for|subscribe\s+to\s+our|download\s+(?:the|our)\s+app|click\s+here|"
    r"share\s+(?:this|on)|follow\s+us|skip\s+to|back\s+to\s+top|go\s+to\s+top|"
    r"this\s+article\s+(?:was|has\s+been)\s+(?:translated|machine)|"
    r"\(?end\)?$|send\s+to\s+a\s+friend|enter\s+(?:your\s+)?(?:email|search))",
    re.IGNORECASE,
)
_PAYWALL_CAPS = re.compile(r"\bJOIN\s+US\b|\bSUBSCRIBE\s+NOW\b")
_PAYWALL = re.compile(
    r"(?:\bplease\s+join\s+us\b|\bjoin\s+us\s*\(click\)|\bsubscribe\s+(?:now\s+)?to\s+(?:read|continue|view|access)|"
    r"\blog\s*in\s+to\s+(?:continue|read|view|see)|\bsign\s+in\s+to\s+(?:continue|read|view|see)|"
    r"\bsubscribers?[\s-]+only\b|\bfull\s+article\b.{0,40}\b(?:subscri|member|join|log\s*in)|"
    r"\bto\s+continue\s+reading\b|\bfor\s+(?:paid\s+)?subscribers\b|\bpremium\s+content\b)",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(
    r"^[\[<(]?\s*(?:copyright\b|\(c\)\s|[©ⓒ])|all\s+rights\s+reserved|unauthori[sz]ed\s+(?:reproduction|copying|redistribution)"
    r"|(?:reproduction|redistribution)\b.{0,60}\bprohibited|무단\s*전재|재배포\s*금지",
    re.IGNORECASE,
)
_EMAIL_ONLY = re.compile(
    r"^[(<\[]?\s*(?:[A-Za-z][\w -]{0,30}:\s*|e-?mail\s+)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*[)>\]]?\.?$", re.I
)
_IMAGE_FILE = re.compile(
    r"^[\w\-.()\[\] ]{0,200}\.(?:jpe?g|png|gif|webp|bmp|svg|tiff?|heic|avif)(?:\?\S*)?$", re.IGNORECASE
)
_COMMENT_SECTION = re.compile(
    r"^(?:reader(?:'s|s)?\s+comments?|comments?|\d+\s+comments?|comments?\s*\(\d+\)|leave\s+a\s+(?:comment|reply)"
    r"|post\s+a\s+comment|member\s+comments?\b.*|write\s+a\s+comment|댓글.*|"
    r"related\s+(?:articles?|news|stories)|most\s+(?:viewed|read|popular)(?:\s+(?:articles?|news|stories))?"
    r"|you\s+may\s+also\s+like|recommended\s+(?:articles?|stories|news)|popular\s+(?:articles?|news|stories))$",
    re.IGNORECASE,
)
_COPYRIGHT_HOLDER = re.compile(
    r"^[\[<]?\s*(?:copyright\s*(?:[©ⓒ]|\(c\))?|[©ⓒ]|\(c\))\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?(?:by\s+)?"
    r"(?P<site>[A-Z][\w&'’\-]*(?:\s+[A-Z][\w&'’\-]*){0,5})",
    re.IGNORECASE,
)
_HOLDER_END = re.compile(r"\s+(?:All|Rights|Co|Inc|Ltd|Corp)\b|[.,]", re.IGNORECASE)
_DATELINE = re.compile(
    r"^[A-Z][A-Z .'\-]{1,30},\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s+\((?P<site>[A-Z][\w ]{1,30}?)\)\s*(?:--|—|–|-)"
)
_NAV_HINT = re.compile(r"[|>›»▸]|\s[/·]\s")
_NAV_SPLIT = re.compile(r"\s*[|>›»▸]\s*|\s+[/·]\s+")
_NAV_SEGMENT_WORDS = 4
_NAV_CONNECTORS = frozenset({"&", "and", "of", "the", "for", "by", "to", "on", "in", "at"})
_ENDS_PROSE = re.compile(r"[!?:;,]$|[a-z]{2,}\.$")
_FOOTER_HEADING = re.compile(
    r"^(?:\(end\)|\[end\]|-+\s*end\s*-+|(?:related\s+)?(?:keywords?|tags?|topics?)(?:\s*[:：].*)?"
    r"|top\s+\d+\s+(?:stories|news|articles|reads)|(?:hot|top|trending|breaking|latest|more)\s+(?:news|stories|articles|issues))$",
    re.IGNORECASE,
)
# Contact and filing metadata of press releases and government notices: ``Contact: ...``,
# ``Division in charge: ...``, ``Attachment: ....pdf``. The label is followed directly by a colon.
_META_LABEL = re.compile(
    r"^(?:(?:media|press|investor|pr|further)\s+)?(?:contacts?|inquir(?:y|ies)|enquir(?:y|ies))\s*[:：]"
    r"|^(?:(?:responsible|competent)\s+)?(?:division|department|dept\.?|bureau|office|team|person|official|officer)"
    r"(?:\s+in\s+charge)?\s*[:：]"
    r"|^(?:attachments?|attached\s+files?|files?|tel|telephone|phone|fax|mobile)\s*[:：]",
    re.IGNORECASE,
)
# Headings that close a press release: what follows is boilerplate about the companies, legal
# disclaimers and contacts, never more of the story.
_RELEASE_FOOTER = re.compile(
    r"^(?:(?i:about)\s+[A-Z0-9][^!?]{0,60}|(?i:forward[-\s]looking\s+statements?)(?:\s*[:：])?"
    r"|(?i:cautionary\s+(?:note|statement)|safe\s+harbou?r)\b[^.!?]{0,60}"
    r"|(?i:(?:(?:media|press|investor|pr)\s+)?(?:contacts?|inquiries|enquiries)(?:\s+information)?)(?:\s*[:：].*)?"
    r"|SOURCE\s+[A-Z].{0,80}|#{3,}|-\s*30\s*-)$"
)
_SOURCE_CREDIT = re.compile(r"^\(?(?i:source|sources|data)\s*[:：]\s*[^.!?]{2,80}\)?$")
# Links to the neighbouring articles: ``Previous article: ...``, ``Next  Notice on ...``, ``◀ Prev``.
_PREV_NEXT = re.compile(
    r"^[◀▶<>«»‹›]?\s*(?:previous|prev|next|newer|older)(?:\s+(?:article|story|post|news|item|page))?"
    r"(?:\s*[:：>»›<«‹|\-–—▶◀]\s*|\s+)",
    re.IGNORECASE,
)
_DOMAIN = re.compile(
    r"^(?:https?://)?(?:www\.)?[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,6}/?$", re.IGNORECASE
)
_HAS_ALNUM = re.compile(r"[^\W_]")
_ONLY_NUMERIC = re.compile(r"^[\W\d_]*$")
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]+")
_LATIN = re.compile(r"[A-Za-z]+")
_WORD = re.compile(r"[^\s|/·•]+")


def site_from_chrome(line: str) -> str | None:
    """The site name in chrome such as ``Dailypharm Live Search Close`` or ``latest news from JNPMEDI``."""
    if len(line) > 150:
        return None
    domain_site = site_from_domain_line(line)
    if domain_site:
        return domain_site
    for pattern in (_SITE_CHROME, _FOLLOW):
        m = pattern.match(line)
        if m:
            site = m.group("site").strip()
            if not all(w.lower() in UI_WORDS for w in site.split()):  # "Subscribe Newsletter Search"
                return site
    return None


def site_from_domain_line(line: str) -> str | None:
    """``hani.co.kr | The Hankyoreh``: a site's address beside its name is masthead chrome.

    Returns the name (or the address when it stands alone); None unless every part is an address
    or a short capitalised name.
    """
    if len(line) > 100 or "." not in line:
        return None
    parts = [p.strip() for p in _NAV_SPLIT.split(line) if p.strip()]
    if not 1 <= len(parts) <= 3:
        return None
    domains = [p for p in parts if _DOMAIN.match(p)]
    names = [p for p in parts if not _DOMAIN.match(p)]
    if not domains:
        return None
    for name in names:
        words = name.split()
        if len(words) > 5 or not all(w[0].isupper() or w.lower() in _NAV_CONNECTORS for w in words):
            return None
    return names[0] if names else domains[0]


def is_navigation(line: str) -> bool:
    """A menu or breadcrumb: short Title-Case labels joined by ``|``, ``>``, ``›``, `` / `` or `` · ``.

    ``HOME › News › Manufacturing``, ``Politics | Society | Opinion``, ``Log in | Register``. Prose and
    headlines fail because a segment has lower-case words that are not interface labels, or is long.
    """
    if len(line) > 200 or not _NAV_HINT.search(line):
        return False
    segments = [s for s in _NAV_SPLIT.split(line) if s]
    if len(segments) < 2:
        return False
    for seg in segments:
        words = seg.split()
        if len(words) > _NAV_SEGMENT_WORDS or len(seg) > 32:
            return False
        if not seg[0].isalpha() or _ENDS_PROSE.search(seg):
            return False
        for w in words:
            low = w.lower()
            labelled = w[0].isupper() or w[0].isdigit() or not w[0].isascii()  # Hangul, CJK: no case
            if not (labelled or low in _NAV_CONNECTORS or low in UI_WORDS):
                return False
    return True


def is_metadata_label(line: str) -> bool:
    """A ``Label: value`` line of a release's filing data (contact, division in charge, attachment)."""
    return len(line) < 300 and (":" in line or "：" in line) and bool(_META_LABEL.match(line))


def is_source_credit(line: str) -> bool:
    """``Source: Statistics Korea`` under a table or at a release's end: a credit, not prose."""
    return len(line) < 100 and bool(_SOURCE_CREDIT.match(line))


def starts_release_footer(line: str) -> bool:
    """A heading after which a press release has only boilerplate (``About X``, ``Media Contact:``)."""
    return len(line) < 120 and len(line.split()) <= 10 and bool(_RELEASE_FOOTER.match(line))


def is_prev_next(line: str, *, explicit_only: bool = False) -> bool:
    """A link to the previous or next article: a title after Previous/Next, never a sentence.

    ``explicit_only`` asks for ``Previous article``/``Next:`` forms, safe anywhere on the page; the bare
    ``Next Title`` form is judged only after the article has run (a body line ``Next steps`` is not it).
    """
    if len(line) > 200 or _ENDS_PROSE.search(line) or line.endswith("."):
        return False
    m = _PREV_NEXT.match(line)
    if not m:
        return False
    if explicit_only:
        return m.group(0).strip().lower() not in {"previous", "prev", "next", "newer", "older"}
    return True


def is_tag_line(line: str) -> bool:
    """Hashtag lists printed under articles: ``#drug prices #generic drugs``."""
    if len(line) > 300 or not line.startswith("#"):
        return False
    tags = [t.strip() for t in line.split("#") if t.strip()]
    if len(tags) == 1:
        return " " not in tags[0]
    return len(tags) >= 2 and all(len(t.split()) <= 4 for t in tags)


def starts_footer(line: str) -> bool:
    """A line after which a page shows only chrome: comments, related lists, tags, an end mark."""
    return starts_comment_or_related(line) or (len(line) < 60 and bool(_FOOTER_HEADING.match(line)))


def is_ui_line(line: str) -> bool:
    """A line made only of interface labels (``Share Print Font size``, ``Media``, ``Live Search Close``)."""
    if len(line) > 150:
        return False
    low = line.lower()
    first = low.split(None, 1)[0] if low.split(None, 1) else ""
    if first.strip(".:()[]") not in UI_WORDS:
        return False
    words = _WORD.findall(low)
    return 0 < len(words) <= 12 and all(w.strip(".:()[]") in UI_WORDS for w in words)


def is_chrome(line: str) -> bool:
    return is_ui_line(line) or bool(site_from_chrome(line)) or bool(_CHROME_PHRASE.match(line))


_PAYWALL_HINTS = ("join", "subscri", "log", "sign", "full article", "continue reading", "premium")
_COPYRIGHT_HINTS = (
    "copyright", "©", "ⓒ", "(c)", "rights reserved", "unauthori", "prohibited", "무단", "재배포",
)  # fmt: skip


def is_paywall(line: str) -> bool:
    if len(line) >= 200:
        return False
    low = line.lower()
    if not any(h in low for h in _PAYWALL_HINTS):
        return False
    return bool(_PAYWALL.search(line) or _PAYWALL_CAPS.search(line))


def is_copyright(line: str) -> bool:
    if len(line) >= 400:
        return False
    low = line.lower()
    return any(h in low for h in _COPYRIGHT_HINTS) and bool(_COPYRIGHT.search(line))


def is_email_only(line: str) -> bool:
    return len(line) < 200 and "@" in line and bool(_EMAIL_ONLY.match(line))


def is_image_file(line: str) -> bool:
    return len(line) < 250 and "." in line[-12:] and bool(_IMAGE_FILE.match(line))


def is_empty_marker(line: str) -> bool:
    """Bullets, counters and punctuation with no words: ``• 0``, ``0``, ``#``, ``***``."""
    return len(line) < 40 and bool(_ONLY_NUMERIC.match(line))


def starts_comment_or_related(line: str) -> bool:
    """A heading after which a page shows comments or other articles, never more of this one."""
    return len(line) < 80 and bool(_COMMENT_SECTION.match(line))


def site_from_copyright(line: str) -> str | None:
    """The holder in ``Copyright (c) 2025 Korea Biomedical Review. All rights reserved.``"""
    m = _COPYRIGHT_HOLDER.match(line) if len(line) < 300 else None
    if not m:
        return None
    site = _HOLDER_END.split(m.group("site"))[0].strip()
    return site or None


def site_from_dateline(line: str) -> str | None:
    """The agency in a wire dateline: ``SEOUL, Dec. 15 (Yonhap) -- ...``."""
    m = _DATELINE.match(line[:120])
    return m.group("site") if m else None


def non_ascii_share(text: str) -> float:
    """Rough share of non-ASCII characters, from the UTF-8 length (cheap on long texts)."""
    if not text or text.isascii():
        return 0.0
    return min(1.0, (len(text.encode("utf-8", "surrogatepass")) - len(text)) / 2 / len(text))


def hangul_share(text: str) -> float:
    """Share of Hangul among the letters of ``text`` (0 when it has none)."""
    if text.isascii():
        return 0.0
    wide = non_ascii_share(text)
    if wide < 0.2 or not _HANGUL.search(text):
        return 0.0
    if len(text) > 2000:  # long lines: the UTF-8 width is a good enough estimate and far cheaper
        return wide
    hangul = sum(map(len, _HANGUL.findall(text)))
    return hangul / (hangul + sum(map(len, _LATIN.findall(text))))


def is_noise(line: str) -> bool:
    """Any line that never belongs to an article's text, wherever it appears."""
    return (
        is_empty_marker(line)
        or not _HAS_ALNUM.search(line)
        or is_chrome(line)
        or is_paywall(line)
        or is_copyright(line)
        or is_email_only(line)
        or is_image_file(line)
        or is_tag_line(line)
    )
