"""Romanised Korean (and Western) personal names: recognise them, and give each person one key.

Korean names reach English text in every order and spelling (``Kim Jin-Gu``, ``Jin-Gu Kim``,
``Kim, Jin-Gu``, ``Jingu Kim``, ``TH Kim``).  The key is surname + given letters, lower-cased, with
spaces and hyphens dropped, so all of those are one person while ``Cho`` and ``Choi`` stay apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import MONTHS, WEEKDAYS

# Romanised surnames, variants included.  Each variant is its own surname for matching purposes:
# "Cho" never matches "Choi" and "Chun" never matches "Chung".
KOREAN_SURNAMES = frozenset(
    [
        "kim",
        "gim",
        "kimm",
        "lee",
        "yi",
        "rhee",
        "rhie",
        "ri",
        "ree",
        "lim",
        "yim",
        "im",
        "park",
        "pak",
        "bak",
        "bahk",
        "choi",
        "choe",
        "chey",
        "cho",
        "jo",
        "joh",
        "cheo",
        "chun",
        "jeon",
        "jun",
        "chon",
        "jung",
        "chung",
        "jeong",
        "cheong",
        "joung",
        "jong",
        "noh",
        "roh",
        "no",
        "ro",
        "yoo",
        "yu",
        "you",
        "ryu",
        "ryoo",
        "rhyu",
        "bae",
        "pae",
        "bai",
        "kang",
        "gang",
        "han",
        "hahn",
        "shin",
        "sin",
        "seo",
        "suh",
        "so",
        "sur",
        "kwon",
        "gwon",
        "kweon",
        "hwang",
        "whang",
        "ahn",
        "an",
        "song",
        "hong",
        "jang",
        "chang",
        "ko",
        "go",
        "koh",
        "moon",
        "mun",
        "yang",
        "son",
        "sohn",
        "baek",
        "paek",
        "back",
        "huh",
        "heo",
        "hur",
        "nam",
        "sim",
        "shim",
        "won",
        "woo",
        "wu",
        "yoon",
        "yun",
        "chae",
        "cha",
        "ju",
        "joo",
        "ha",
        "kwak",
        "gwak",
        "seong",
        "sung",
        "cha",
        "min",
        "byun",
        "byeon",
        "pyun",
        "bang",
        "kong",
        "gong",
        "hyun",
        "hyeon",
        "uhm",
        "eom",
        "um",
        "yeom",
        "yum",
        "ryoo",
        "nah",
        "na",
        "do",
        "tak",
        "maeng",
        "myung",
        "myeong",
        "ki",
        "gi",
        "keum",
        "geum",
        "pyo",
        "bong",
        "sa",
        "ok",
        "yeo",
        "yook",
        "yuk",
        "jin",
        "chin",
        "jegal",
        "namgung",
        "seok",
        "suk",
        "sun",
        "sunwoo",
        "ma",
        "oh",
        "o",
        "rim",
    ]
)
# Capitalised words that look like romanised syllables but are not given names.
NOT_GIVEN = frozenset(
    [
        "korea",
        "korean",
        "seoul",
        "busan",
        "incheon",
        "daegu",
        "daejeon",
        "gwangju",
        "ulsan",
        "sejong",
        "songdo",
        "osong",
        "pangyo",
        "jeju",
        "samsung",
        "hanmi",
        "yuhan",
        "daewoong",
        "hanwha",
        "lotte",
        "sk",
        "lg",
        "gc",
        "hk",
        "celltrion",
        "chong",
        "kun",
        "dang",
        "boryung",
        "ildong",
        "jeil",
        "daewon",
        "samjin",
        "kolon",
        "hugel",
        "medytox",
        "huons",
        "bukwang",
        "dongkook",
        "dong",
        "ilyang",
        "kyungbo",
        "hyundai",
        "kia",
        "naver",
        "kakao",
        "coupang",
        "hana",
        "shinhan",
        "woori",
        "kb",
        "posco",
        "doosan",
        "the",
        "and",
        "of",
        "for",
        "in",
        "on",
        "at",
        "to",
        "by",
        "with",
        "from",
        "as",
        "a",
        "an",
        "or",
        "but",
        "is",
        "was",
        "are",
        "were",
        "be",
        "has",
        "have",
        "had",
        "will",
        "said",
        "says",
        "told",
        "added",
        "noted",
        "china",
        "japan",
        "asia",
        "europe",
        "india",
        "hong",
        "kong",
        "taiwan",
        "billion",
        "million",
        "trillion",
        "thousand",
        "hundred",
        *WEEKDAYS,
        *MONTHS,
    ]
)

_SYL = r"(?:ch|kk|tt|pp|ss|jj|sh|[bcdghjklmnprstw])?(?:w|y)?(?:[aeiou]{1,3})(?:ng|[nmlkptbgrs])?"
_GIVEN_PART_RE = re.compile(rf"(?:{_SYL}){{1,3}}", re.IGNORECASE)
INITIALS_RE = re.compile(r"(?:[A-Z]\.?){1,3}\.?|[A-Z]{2,3}")


def is_korean_surname(token: str) -> bool:
    return token.lower() in KOREAN_SURNAMES


@lru_cache(maxsize=8192)
def looks_korean_given(token: str) -> bool:
    """True for romanised given names ("Jin-Gu", "Yunhong", "Seop"): every part is 1-3 syllables."""
    if token.lower() in NOT_GIVEN:
        return False
    parts = token.split("-")
    if len(parts) > 2:
        return False
    return all(p and p[0].isalpha() and _GIVEN_PART_RE.fullmatch(p) for p in parts)


@dataclass(frozen=True)
class PersonName:
    display: str  # as the article first spells it, whitespace-normalised
    surname: str  # as written ("Lee")
    given: str  # as written ("Tae-kyu")
    korean: bool

    @property
    def key(self) -> str:
        return person_key(self.surname, self.given)


_NON_ALNUM_RE = re.compile(r"[^a-z0-9]")
_NAME_SPLIT_RE = re.compile(r"[\s,]+")


def _letters(s: str) -> str:
    return _NON_ALNUM_RE.sub("", s.lower())


def person_key(surname: str, given: str) -> str:
    g = _letters(given)
    return f"{_letters(surname)}-{g}" if g else _letters(surname)


def _tokens(name: str) -> list[str]:
    return [t for t in _NAME_SPLIT_RE.split(name.strip()) if t]


@lru_cache(maxsize=4096)
def parse_person_name(name: str, *, prefer_surname: str | None = None) -> PersonName | None:
    """Split a written name into surname and given name.

    ``prefer_surname`` is a bare surname the article uses later ("Chun"), which settles names like
    ``Jung Woon Chun`` where both ends are valid Korean surnames.
    """
    raw = " ".join(name.replace("\u00a0", " ").split())
    comma = "," in raw
    toks = _tokens(raw)
    if not 2 <= len(toks) <= 4:
        return None
    first, last = toks[0], toks[-1]
    display = raw.replace(" ,", ",")
    if comma and len(toks) >= 2 and raw.index(",") < len(first) + 1:
        # "Kim, Jin-Gu": surname first, separated by a comma.
        return PersonName(
            f"{first} {' '.join(toks[1:])}", first, " ".join(toks[1:]), is_korean_surname(first)
        )
    f_sur, l_sur = is_korean_surname(first), is_korean_surname(last) and "-" not in last
    f_sur = f_sur and "-" not in first
    if prefer_surname:
        p = prefer_surname.lower()
        if first.lower() == p and f_sur:
            return PersonName(display, first, " ".join(toks[1:]), True)
        if last.lower() == p and l_sur:
            return PersonName(display, last, " ".join(toks[:-1]), True)
    if f_sur and l_sur:
        # Both ends could be surnames.  A hyphenated given name decides; otherwise English-language
        # outlets that space the given name ("Kang Seop Im") put the surname last.
        if len(toks) == 2 and "-" in last:
            return PersonName(display, first, last, True)
        return PersonName(display, last, " ".join(toks[:-1]), True)
    if f_sur and all(looks_korean_given(t) or INITIALS_RE.fullmatch(t) for t in toks[1:]):
        return PersonName(display, first, " ".join(toks[1:]), True)
    if l_sur and all(looks_korean_given(t) or INITIALS_RE.fullmatch(t) for t in toks[:-1]):
        return PersonName(display, last, " ".join(toks[:-1]), True)
    if len(toks) == 2 and "-" in last and "-" not in first:
        return PersonName(display, first, last, True)  # "Oh Byung-chul": a hyphenated given name comes last
    glued = _glued_surname(first)
    if glued and all(looks_korean_given(t) for t in toks[1:]):
        # "Jinyang Gon" for Jin Yang-gon: the surname run into the first given syllable
        return PersonName(display, glued, f"{first[len(glued) :]} {' '.join(toks[1:])}", True)
    # Western order: given names first, surname last.
    return PersonName(display, last, " ".join(toks[:-1]), False)


_HYPHEN_GIVEN_RE = re.compile(r"[A-Z][a-z]{1,5}-[a-z]{2,6}")


def _glued_surname(token: str) -> str | None:
    """The Korean surname at the start of a token that is a surname plus one given syllable
    (``Jinyang`` -> ``Jin``), never for a known Western given name (``Simone``)."""
    from .given_names import is_given_name  # the lexicon is loaded by extraction only

    if "-" in token or len(token) < 4 or is_given_name(token):
        return None
    low = token.lower()
    for n in (3, 2):
        head, rest = low[:n], low[n:]
        if head in KOREAN_SURNAMES and len(rest) >= 2 and _SYLLABLE_RE.fullmatch(rest):
            return token[:n]
    return None


_SYLLABLE_RE = re.compile(_SYL, re.IGNORECASE)


def korean_name_plausible(tokens: list[str]) -> bool:
    """A capitalised run is a Korean name if one end is a surname and the rest are given-name parts."""
    if not 2 <= len(tokens) <= 3:
        return False
    if any(t.lower() in NOT_GIVEN for t in tokens):
        return False
    first, last = tokens[0], tokens[-1]
    if len(tokens) == 2 and is_korean_surname(first) and _HYPHEN_GIVEN_RE.fullmatch(last):
        return True  # "Seo Joon-serk": a hyphenated given name after a surname, however romanised
    if is_korean_surname(first) and "-" not in first:
        rest = tokens[1:]
        if all(looks_korean_given(t) or INITIALS_RE.fullmatch(t) for t in rest) and not (
            len(rest) == 1 and INITIALS_RE.fullmatch(rest[0]) and not looks_korean_given(rest[0])
        ):
            return True
    if is_korean_surname(last) and "-" not in last:
        rest = tokens[:-1]
        if all(looks_korean_given(t) or INITIALS_RE.fullmatch(t) for t in rest):
            return True
    return False


def person_id(key: str) -> str:
    return f"person:{key}"
