"""Which outlet published a scraped page, from what the page itself says.

Pages name their outlet in several places, some more trustworthy than others: a masthead line at the
top or a wire dateline (``SEOUL, Jan. 13 (Yonhap) --``) is the publisher speaking; a copyright line
is too; a reporter's e-mail domain or ``Korea Herald correspondent`` in a byline is nearly as good;
a photo credit naming the outlet, a ``[THE INVESTOR]`` tag or ``told BioWorld`` in the text are
weaker. Wire credits on photos (``(Yonhap)``) and other outlets cited in the story (``a report by the
Korea Herald``) are not the publisher. A portal's own chrome (Daum's font-size widget) names the
portal, which is the outlet only when the copy names no source.
"""

from __future__ import annotations

import re

from . import boilerplate as bp
from .outlets import PORTALS, WIRES, from_domain, from_email, known, names_in

_HANGUL = re.compile("[\uac00-\ud7a3]")

# strongest first; the strong kinds outrank what the line classifier found, the weak ones do not
STRONG = ("masthead", "dateline", "copyright", "credit_line", "byline", "email", "url")
WEAK = ("tag", "photo", "self")
_HEAD_LINES = 12  # a masthead is among the first lines of the page, above the first sentence of prose
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")


def _is_prose(line: str) -> bool:
    return len(line) > 2000 or (len(line.split()) >= 8 and bool(_SENTENCE_END.search(line[-8:])))


_DATELINE = re.compile(
    r"^[A-Z][A-Za-z .,'\-]{1,40}?[,\s]\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*\((?P<src>[^()]{2,40})\)"
)
# ``INCHEON, Korea--(BUSINESS WIRE)--``: a press wire's dateline, with no date in it
_WIRE_DATELINE = re.compile(
    r"^[A-Z][A-Za-z .,'\-]{1,40}\s*--\s*\((?P<src>[^()]{2,40})\)\s*--"
    r"|^[A-Z][A-Za-z .,'\-]{1,60}?,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}\s*"
    r"(?:/(?P<slash>[^/]{2,40})/|\((?P<paren>[^()]{2,40})\))"
)
# a line that is only the page's address, or ``Source: https://...``
_URL_LINE = re.compile(r"^(?:(?:source|original(?:\s+article)?|url|link)\s*:\s*)?https?://\S+$", re.I)
_TAG = re.compile(r"^\[(?P<src>[^\[\]]{2,40})\]")
_WITH = re.compile(r"^(?:with|by|from|via|source\s*:)\s+(?:the\s+)?(?P<src>.{2,50})$", re.IGNORECASE)
_CORRESPONDENT = re.compile(
    r"(?P<src>[A-Z][\w.&'\-]*(?:\s+[A-Z][\w.&'\-]*){0,4})\s+(?:staff\s+|senior\s+)?(?:correspondent|reporter|writer)\b"
)
_PHOTO = re.compile(
    r"[(\[]\s*(?:credit\s*:\s*|photo\s*:\s*|courtesy\s+of\s+|image\s*:\s*)?(?:[^()\[\]/]{0,40}/\s*)?"
    r"(?P<src>[^()\[\]/]{2,50}?)(?:\s+(?:photo|image|file\s+photo)s?)?\s*[)\]]\s*\.?$",
    re.IGNORECASE,
)
_SELF = re.compile(
    r"\b(?:told|interview\s+with|spoke\s+(?:to|with)|\(see)\s+(?:the\s+)?(?P<src>[A-Z][\w.&'\-]*(?:\s+[A-Z][\w.&'\-]*){0,4})"
)
_SELF_SUBJECT = re.compile(
    r"^(?P<src>[A-Z][\w.&'\-]*(?:\s+[A-Z][\w.&'\-]*){0,4})\s+(?:met|interviewed|asked)\b"
)


def _prefix_known(text: str) -> str | None:
    """The longest run of leading words of ``text`` that names a known outlet."""
    words = text.split()
    for n in range(min(len(words), 8), 0, -1):
        name = known(" ".join(words[:n]).strip(" .,;:|-"))
        if name:
            return name
    return None


def _in_text(text: str) -> str | None:
    hits = names_in(text)
    return hits[0][2] if hits else None


class Evidence:
    """Outlet names found on a page, by kind; the strongest kind wins."""

    def __init__(self) -> None:
        self.found: dict[str, str] = {}

    def add(self, kind: str, name: str | None) -> None:
        if name and kind not in self.found:
            self.found[kind] = name

    def best(self, *, strong: bool) -> str | None:
        """The strongest outlet of the strong (or else the weak) kinds; a portal only as a last resort."""
        named = [self.found[k] for k in (STRONG if strong else WEAK) if k in self.found]
        for name in named:
            if name not in PORTALS:
                return name
        if strong:
            return None
        return named[0] if named else self.found.get("portal")


def collect_outlets(lines: list[str]) -> Evidence:
    """Every outlet name the page's lines give, by kind."""
    ev = Evidence()
    head = True
    for i, line in enumerate(lines):
        head = head and i < _HEAD_LINES and not _is_prose(line)
        _read_line(ev, line[:600], head=head)
    return ev


def find_outlet(lines: list[str]) -> str | None:
    """The page's outlet (canonical name), or None when it names none."""
    ev = collect_outlets(lines)
    return ev.best(strong=True) or ev.best(strong=False)


def _read_line(ev: Evidence, line: str, *, head: bool) -> None:
    short = len(line) <= 80
    if short and head:
        name = known(line.strip(" |·•"))
        if name:
            ev.add("masthead", name)
            return
        if bp.site_from_domain_line(line):
            ev.add("masthead", from_domain(line) or known(bp.site_from_domain_line(line)))
    m = _DATELINE.match(line) or _WIRE_DATELINE.match(line)
    if m:
        name = known(next(g for g in (m.groupdict().get(k) for k in ("src", "slash", "paren")) if g))
        if name:
            ev.add("dateline", name)
    if bp.is_copyright(line):
        holder = bp.site_from_copyright(line)
        ev.add("copyright", (holder and _prefix_known(holder)) or _in_text(line) or from_domain(line))
        ev.add("copyright", _copyright_tokens(line))
        return
    if short:
        w = _WITH.match(line)
        if w:
            ev.add("credit_line", known(w.group("src").strip(" .")))
    if "@" in line and len(line) < 200:
        ev.add("email", from_email(line))
    if short and _URL_LINE.match(line):
        ev.add("url", from_domain(line))
    if short:
        c = _CORRESPONDENT.search(line)
        if c and (line.lower().startswith("by ") or c.start() == 0 or "--" in line):
            ev.add("byline", _suffix_known(c.group("src")))
    elif "--" in line[:200] and " correspondent" in line[:200]:
        c = _CORRESPONDENT.search(line[:200])
        if c:
            ev.add("byline", _suffix_known(c.group("src")))
    t = _TAG.match(line)
    if t:
        ev.add("tag", known(t.group("src")))
    p = _PHOTO.search(line[-160:]) if line.rstrip(" .").endswith((")", "]")) else None
    if p:
        name = known(p.group("src").strip()) or _in_text(p.group("src"))
        if name and name not in WIRES:
            ev.add("photo", name)
    for pattern in (_SELF, _SELF_SUBJECT):
        for s in pattern.finditer(line[:1000]):
            name = _prefix_known(s.group("src"))
            if name:
                ev.add("self", name)
    if not line.isascii() and _HANGUL.search(line):  # portals name themselves in Korean (다음, 네이버)
        for _, _, name in names_in(line):
            if name in PORTALS:
                ev.add("portal", name)


def _suffix_known(text: str) -> str | None:
    """The longest run of trailing words that names an outlet (``Kim Ji-ho Korea Herald`` -> Korea Herald)."""
    words = text.replace("/", " / ").split()
    for n in range(min(len(words), 6), 0, -1):
        name = known(" ".join(words[-n:]))
        if name:
            return name
    return None


def _copyright_tokens(line: str) -> str | None:
    """A short name such as ``KBR`` in ``Copyright © KBR Unauthorized reproduction ...``."""
    for token in re.findall(r"[A-Za-z][\w.&\-]{1,}", line):
        name = known(token)
        if name:
            return name
    return None
