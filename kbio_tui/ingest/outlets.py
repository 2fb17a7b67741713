"""The English-language outlets that cover Korean biopharma: their names, spellings and domains.

A page names its outlet in many ways (a masthead, ``(Yonhap)`` in a dateline, a copyright line, a
reporter's e-mail domain, a photo credit). This table turns each of those into one canonical name,
so the browser's outlet filter and the article list show ``Korea Biomedical Review`` whether the page
said ``KBR``, ``koreabiomed.com`` or ``Copyright © Korea Biomedical Review``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Outlet:
    name: str  # canonical
    spellings: tuple[str, ...] = ()  # other names the outlet goes by, matched whole and case-blind
    domains: tuple[str, ...] = ()  # web and e-mail domains (a subdomain matches too)


OUTLETS: tuple[Outlet, ...] = (
    Outlet("Korea Biomedical Review", ("KBR", "Korea Biomedical Review (KBR)"), ("koreabiomed.com",)),
    Outlet("Dailypharm", ("Daily Pharm", "Dailypharm (English)", "DailyPharm English"), ("dailypharm.com",)),
    Outlet("Yonhap News Agency", ("Yonhap", "Yonhap News", "Yonhap News Agency (YNA)"),
           ("yna.co.kr", "yonhapnews.co.kr", "yonhapnewstv.co.kr")),
    Outlet("The Korea Herald", ("Korea Herald", "koreaherald"), ("koreaherald.com", "heraldcorp.com")),
    Outlet("The Investor", ("THE INVESTOR",), ("theinvestor.co.kr",)),
    Outlet("Korea JoongAng Daily", ("JoongAng Daily", "Korea JoongAng Daily (English)"),
           ("koreajoongangdaily.joins.com", "joongang.co.kr", "joins.com")),
    Outlet("The Korea Times", ("Korea Times", "koreatimes"), ("koreatimes.co.kr", "koreatimes.com")),
    Outlet("Chosun Biz", ("ChosunBiz", "Chosun Biz (English)"), ("biz.chosun.com",)),
    Outlet("The Chosun Ilbo", ("Chosun Ilbo",), ("english.chosun.com", "chosun.com")),
    Outlet("Pulse", ("Pulse by Maeil Business Newspaper", "Pulse (Maeil Business Newspaper)", "Pulse News"),
           ("pulsenews.co.kr",)),
    Outlet("Maeil Business Newspaper", ("Maeil Business", "Maeil Business News Korea", "MK News"),
           ("mk.co.kr",)),
    Outlet("KED Global", ("The Korea Economic Daily", "Korea Economic Daily", "KED", "Hankyung"),
           ("kedglobal.com", "hankyung.com")),
    Outlet("BusinessKorea", ("Business Korea",), ("businesskorea.co.kr",)),
    Outlet("The Asia Business Daily", ("Asia Business Daily", "Asia Economy", "Asiae"), ("asiae.co.kr",)),
    Outlet("Aju Press", ("Aju Business Daily", "AJU PRESS", "Aju Daily"), ("ajupress.com", "ajunews.com")),
    Outlet("Korea Bizwire", ("Korea Bizwire (Yonhap)", "KoreaBizwire", "Be Korea-savvy"),
           ("koreabizwire.com",)),
    Outlet("KorMedi", ("Korea Medical Daily", "Kormedi News"), ("kormedi.com",)),
    Outlet("BioSpectrum Asia", ("BioSpectrum", "BioSpectrum India"),
           ("biospectrumasia.com", "biospectrumindia.com")),
    Outlet("Fierce Pharma", ("FiercePharma",), ("fiercepharma.com",)),
    Outlet("Fierce Biotech", ("FierceBiotech",), ("fiercebiotech.com",)),
    Outlet("BioSpace", (), ("biospace.com",)),
    Outlet("Endpoints News", ("Endpoints",), ("endpts.com", "endpoints.news")),
    Outlet("BioWorld", ("BioWorld Asia", "BioWorld Today"), ("bioworld.com",)),
    Outlet("The Center for Biosimilars", ("Center for Biosimilars", "CenterforBiosimilars"),
           ("centerforbiosimilars.com",)),
    Outlet("Business Wire", ("BusinessWire",), ("businesswire.com",)),
    Outlet("PR Newswire", ("PRNewswire", "Cision PR Newswire"), ("prnewswire.com",)),
    Outlet("GlobeNewswire", ("Globe Newswire",), ("globenewswire.com",)),
    Outlet("Korea.net", ("Korea.net",), ("korea.net",)),
    Outlet("Newsis", (), ("newsis.com",)),
    Outlet("News1", ("News1 Korea",), ("news1.kr",)),
    Outlet("The Hankyoreh", ("Hankyoreh",), ("hani.co.kr",)),
    Outlet("Arirang News", ("Arirang",), ("arirang.com",)),
    Outlet("KBS World", (), ("kbs.co.kr",)),
    Outlet("Reuters", (), ("reuters.com",)),
    Outlet("Bloomberg", (), ("bloomberg.com",)),
    Outlet("Nikkei Asia", (), ("asia.nikkei.com",)),
    # company newsrooms: a release on the company's own site is published by the company
    Outlet("Celltrion", ("Celltrion Newsroom",), ("celltrion.com",)),
    Outlet("Samsung Biologics", ("Samsung Biologics Newsroom",), ("samsungbiologics.com",)),
    Outlet("Samsung Bioepis", ("Samsung Bioepis Newsroom",), ("samsungbioepis.com",)),
    Outlet("Hanmi Pharmaceutical", (), ("hanmi.co.kr",)),
    Outlet("Yuhan", (), ("yuhan.co.kr",)),
    # portals republish other outlets' copy; they are the outlet only when the copy names no source
    Outlet("Daum", ("Daum News", "다음뉴스", "다음 뉴스"), ("daum.net",)),
    Outlet("Naver", ("Naver News", "네이버 뉴스"), ("naver.com",)),
)  # fmt: skip

PORTALS = frozenset({"Daum", "Naver"})
WIRES = frozenset({"Yonhap News Agency", "Newsis", "News1", "Reuters", "Bloomberg"})


def _key(name: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", name.casefold()))


_BY_NAME: dict[str, Outlet] = {}
_BY_DOMAIN: dict[str, Outlet] = {}
for _o in OUTLETS:
    for _n in (_o.name, *_o.spellings):
        _BY_NAME.setdefault(_key(_n), _o)
    _BY_NAME.setdefault(_key(_o.name.removeprefix("The ")), _o)
    for _d in _o.domains:
        _BY_DOMAIN.setdefault(_d, _o)
        _BY_NAME.setdefault(_key(_d), _o)

_DOMAIN = re.compile(
    r"(?<![\w.-])(?:https?://)?(?:[\w-]+\.)*[\w-]+\.(?:com|net|kr|co\.kr|org|news|ai)\b", re.IGNORECASE
)
_EMAIL_DOMAIN = re.compile(r"[\w.+-]+@((?:[\w-]+\.)+[a-z]{2,})", re.I)
# Names inside running text: longest spellings first so "Korea JoongAng Daily" wins over "JoongAng Daily".
_NAMES_IN_TEXT = sorted(
    {n for o in OUTLETS for n in (o.name, *o.spellings) if (len(n) >= 4 and not n.isascii()) or len(n) >= 6},
    key=len,
    reverse=True,
)
# Latin names are matched as whole words; Hangul ones also with a particle attached (다음뉴스는).
_NAME_RE = re.compile(
    r"(?<![\w])(?:" + "|".join(re.escape(n) for n in _NAMES_IN_TEXT if n.isascii()) + r")(?![\w])"
    r"|(?:" + "|".join(re.escape(n) for n in _NAMES_IN_TEXT if not n.isascii()) + r")",
    re.IGNORECASE,
)


def known(name: str | None) -> str | None:
    """The canonical name of a known outlet written ``name`` (``KBR`` -> ``Korea Biomedical Review``)."""
    if not name:
        return None
    hit = _BY_NAME.get(_key(name))
    if hit:
        return hit.name
    domain = from_domain(name) if "." in name and len(name) < 80 else None
    return domain


def from_domain(text: str) -> str | None:
    """The outlet whose web domain appears in ``text`` (a URL, ``hani.co.kr``), most specific first."""
    for m in _DOMAIN.finditer(text):
        host = m.group(0).lower().split("://")[-1]
        parts = host.split(".")
        for i in range(len(parts) - 1):
            hit = _BY_DOMAIN.get(".".join(parts[i:]))
            if hit:
                return hit.name
    return None


def from_email(text: str) -> str | None:
    """The outlet of a reporter's e-mail address (``khj@yna.co.kr`` -> Yonhap News Agency)."""
    for m in _EMAIL_DOMAIN.finditer(text):
        parts = m.group(1).lower().split(".")
        for i in range(len(parts) - 1):
            hit = _BY_DOMAIN.get(".".join(parts[i:]))
            if hit:
                return hit.name
    return None


def names_in(text: str) -> list[tuple[int, int, str]]:
    """Every known outlet name in running text: (start, end, canonical name)."""
    out = []
    for m in _NAME_RE.finditer(text):
        name = known(m.group(0))
        if name:
            out.append((m.start(), m.end(), name))
    return out
