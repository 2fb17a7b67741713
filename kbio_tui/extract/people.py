"""People: names with their role and organisation, from the forms news copy uses.

Sources, most reliable first: caption/panel lists ``Name (Role, Org)``, appositives
``Name, a researcher at the KPBMA,``, title-first ``Samsung Biologics CEO John Rim``, Korean-name
shapes anywhere, names next to a speech verb, and the byline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..models import Entity, EntityType, Mention
from .doc import Doc
from .given_names import PLACE_WORDS, is_given_name
from .lexicon import FUNCTION_WORDS, MONTHS, PRE_NAME_TITLES, SPEECH_VERBS, TITLES, WEEKDAYS, alternation
from .names import PersonName, korean_name_plausible, parse_person_name, person_id
from .orgs import CONNECTORS, ORG_HEADS, OrgFinder, gazetteer_key

_TITLE_ALT = alternation(TITLES)
_TITLE_START_RE = re.compile(
    rf"(?:(?:senior|junior|acting|deputy|former|associate|assistant|chief)\s+)*(?:{_TITLE_ALT})\b",
    re.IGNORECASE,
)

CAP_RUN_RE = re.compile(
    r"[A-Z](?<![\w-][A-Z])(?:[A-Za-z]*(?:['\u2019][A-Z][A-Za-z]+)?(?:-[A-Za-z]+)?\.?|\.(?:[A-Z]\.){0,2})"
    # 2+ words: one is never a name; "O'Neill" keeps its apostrophe
    r"(?:[ ](?:[A-Z][A-Za-z]*(?:['\u2019][A-Z][A-Za-z]+)?(?:-[A-Za-z]+)?\.?|(?:[A-Z]\.){1,3}))+"
)
# "Minister of Food and Drug Safety Han Seung-mi": a long "Title of Body" right before the name.
_TITLE_OF_BEFORE_RE = re.compile(
    r"\b((?:(?:Vice|Deputy|First|Second|Acting)\s+)?(?:Minister|Commissioner|President|Director|Chairman|"
    r"Chairwoman|Chairperson|Head|Dean|Governor|Mayor|Administrator|Director General|Director-General))"
    r"\s+of\s+(?:the\s+)?([A-Z][\w&'.-]*(?:,?\s+(?:[A-Z][\w&'.-]*|of|and|for|the|&)){0,8}?)\s+$"
)
CAPTION_TAIL_RE = re.compile(r"\s?\(([^()]{2,140})\)")
APPOS_TAIL_RE = re.compile(
    r"(?:,\s+(?:Ph\.D\.|M\.D\.|PhD|MD|Jr\.))?"  # "Yoon-seok Kang, Ph.D., Chief Executive Officer of ..."
    r",\s+(?:(?:a|an|the)\s+)?([A-Za-z][A-Za-z .&'-]{1,60}?)(?:\s+(?:now|currently))?"
    r"\s+(?:at|of|from|with|for|in)\s+(?:the\s+)?(?:[a-z][\w-]*\s+){0,3}?([A-Z][^,;()]{1,100}?)(?=,|;|\.\s|\.$|\s\(|\s+(?:who|said|says)\b)"
)
# "Helvara's head of business development, Markus Lindqvist,": the role comes first, set off by commas.
_ROLE_BEFORE_RE = re.compile(
    r"(?:^|[\s(\u201c\"])(?:([A-Z][\w&.-]*(?:\s[A-Z][\w&.-]*){0,3})(?:['\u2019]s|(?<=s)['\u2019])\s+)?"
    r"((?:[a-z][\w-]*\s+){0,3}?[a-z][\w-]*(?:\s+(?:of|for)\s+[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2})?),\s+$"
)
_VERBS_ALT = alternation(SPEECH_VERBS)
VERB_TAIL_RE = re.compile(
    rf"(?:,\s[^,;\"\u201c\u201d]{{3,100}},)?\s+(?:(?:also|further|then)\s+)?(?:{_VERBS_ALT})\b"
)
ORG_AFTER_RE = re.compile(
    r"\s+(?:of|at|from)\s+(?:the\s+)?([A-Z][\w&.'-]*(?:\s(?:[A-Z][\w&.'-]*|of|and|for|the|&)){0,8})(?=[\s,.;:)]|$)"
)
_BYLINE_TEAM_RE = re.compile(r"\s*\b(?:PR|Communications|Newsroom|Staff|Team|Desk|Editorial|News)\b.*$")
_BYLINE_GENERIC_RE = re.compile(r"(?i)(?:the\s+)?(?:online|web|digital|news|editorial)?\s*")
# "Kim of the hematology department at Seoul National University Hospital": the unit is not the body
_UNIT_AT_ORG_RE = re.compile(
    r"\s+of\s+the\s+[a-z][\w -]{0,50}?\s+at\s+(?:the\s+)?"
    r"([A-Z][\w&.'-]*(?:\s(?:[A-Z][\w&.'-]*|of|and|for|&)){0,8})"
)
_WHO_HEADS_RE = re.compile(
    r",\s+who\s+(?:heads|leads|chairs|runs)\s+(?:the\s+)?([A-Z][^,;()]{1,80}?)(?=,|;|\.\s)"
)
_APPOS_UNIT_RE = re.compile(
    r",\s+(?:(?:a|an|the)\s+)?([A-Za-z][A-Za-z-]*(?:\s[a-z][A-Za-z-]*){0,3}?)\s+(of|at)\s+"
    r"((?:the|its|their)\s+[a-z][^,;()\"\u201c\u201d]{1,80}?),"
)
_POSS_DET_RE = re.compile(r"^(?:the\s+\w+['\u2019]s|its|their|the)\s+")
_BYLINE_LEAD_RE = re.compile(r"^\s*(?:(?:written|reported|posted|compiled|story)\s+)?by\s+", re.IGNORECASE)
_EMAIL_RE = re.compile(r"\(?\s*[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*\)?")
_TITLE_MODIFIERS = frozenset(
    ["vice", "deputy", "acting", "former", "senior", "first", "second", "executive", "assistant", "associate"]
)
_CAMEL_RE = re.compile(r"[a-z][A-Z]")
# "McDavid", "DeBoer", "VanVleet", "O'Brien": surname particles, not a company's inner capital
_PARTICLE_CAMEL_RE = re.compile(r"^(?:Mc|Mac|De|Di|Da|Du|La|Le|Van|Von|Fitz|O['\u2019])[A-Z][a-z]+$")
_SAID_BEFORE = frozenset({"said", "says", "added", "noted", "explained", "stressed", "told"})
_PRE_TITLES_SET = frozenset(PRE_NAME_TITLES)
_TITLE_WORDS = frozenset(w for t in PRE_NAME_TITLES for w in t.split())
_CAP_WORD_RE = re.compile(r"(?<![\w-])[A-Z][\w-]*(?![\w-])")
_STOP_FIRST = (
    FUNCTION_WORDS
    | frozenset(MONTHS)
    | frozenset(WEEKDAYS)
    | frozenset(
        (
            "ceo",
            "chairman",
            "chief",
            "director",
            "dr",
            "executive",
            "head",
            "manager",
            "minister",
            "mr",
            "mrs",
            "ms",
            "president",
            "prof",
            "professor",
            "researcher",
            "senior",
            "vice",
            "under",
            "over",
            "into",
            "through",
            "despite",
            "among",
            "during",
            "without",
            "within",
            "between",
            "unlike",
            "until",
            "upon",
            "via",
            "against",
            "toward",
            "towards",
            "a",
            "an",
            "my",
            "your",
            "can",
            "although",
            "though",
            "because",
            "whether",
            "unless",
            "once",
            "every",
        )
    )
)


# Titles, honorifics and affiliations written before names with a capital: never part of the name
# ("Leader Andrew Scheer", "Kentucky Republican Mitch McConnell", "The Canadian Press Kevin Vickers").
_NEVER_IN_NAME = frozenset(
    """
    leader premier senator sen sen. rep rep. gov gov. governor mayor coach judge justice press police
    republican republicans democrat democrats democratic conservative conservatives liberal liberals
    tory ndp mp mpp mla councillor coun coun. reverend rev rev. father sister brother pope cardinal
    bishop rabbi imam pastor const const. constable det det. sgt sgt. cpl cpl. officer commissioner
    capt capt. lt lt. col col. gen gen. general adm adm. attorney speaker secretary ambassador
    chancellor king queen prince princess lord lady sir dame chairman chairwoman president minister
    prosecutor crown sheriff deputy superintendent inspector sergeant corporal captain lieutenant
    colonel admiral spokesperson spokesman spokeswoman director professor prof prof. dr dr. mr mr.
    mrs mrs. ms ms. news moderator host panelist panellist anchor analyst economist researcher
    chef founder cofounder co-founder chief ceo cfo coo cto
    """.split()  # noqa: SIM905
)


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch in "_-"


@dataclass
class PersonHit:
    name: PersonName
    start: int
    end: int
    role: str | None = None
    org: str | None = None


def _clean_role(role: str) -> str:
    """Whitespace and edge punctuation gone, and a leading determiner ("its chief executive")."""
    return _ROLE_DETERMINER_RE.sub("", " ".join(role.split()).strip(" ,."))


_ROLE_DETERMINER_RE = re.compile(r"^(?:its|their|the|his|her)\s+(?=\S)")


@lru_cache(maxsize=4096)
def _looks_like_name(s: str, *, need_korean: bool = False) -> bool:
    toks = s.split()
    if not 2 <= len(toks) <= 3:
        return False
    if any(t.lower() in PLACE_WORDS for t in toks) and not korean_name_plausible(toks):
        return False
    if toks[0].lower() in _STOP_FIRST or any(
        t.lower() in CONNECTORS or t.lower() in _NEVER_IN_NAME for t in toks
    ):
        return False
    if any(t.endswith((".", ",")) and len(t.rstrip(".,")) > 1 for t in toks):
        return False  # "March. John Smith": a sentence ended inside the run
    if any(t.lower().rstrip(".,") in ORG_HEADS for t in toks) or gazetteer_key(s):
        return False
    if korean_name_plausible(toks):
        return True
    if len(toks) == 3 and korean_name_plausible(toks[1:]) and "-" in toks[2] + toks[1]:
        return False  # "Safety Han Seung-mi": a title or organisation word before a Korean name
    # Company-style tokens ("TissueGene", "MEDYTOX") are not personal names; initials ("TH") are.
    if any(
        (_CAMEL_RE.search(t) and not _PARTICLE_CAMEL_RE.match(t)) or (t.isupper() and len(t) > 3)
        for t in toks
    ):
        return False
    return not need_korean and all(t[0].isupper() for t in toks)


def _has_given_name(name: str) -> bool:
    """A Western-order name whose first word is a known given name (``Donald Trump``, ``Erik Karlsson``)."""
    toks = name.split()
    return (
        is_given_name(toks[0])
        and not toks[-1].endswith(".")
        and not any(t.lower() in _NAMED_THING_WORDS for t in toks[1:])
        and _looks_like_name(name)
    )


# Words that end the names of firms, funds and places that start with a given name
# ("Hana Asset Management", "Kendall Square", "Grace Medical"): never a surname in a name run.
_NAMED_THING_WORDS = frozenset(
    """
    management asset assets financial finance securities capital investments investment partners fund
    funds insurance life bank holdings group square street avenue road plaza tower towers building hall
    station airport bridge mall market markets medical pharma pharmaceutical pharmaceuticals bio biotech
    therapeutics labs health healthcare clinic hospital foundation institute university college school
    center centre studio studios records press media network networks systems technologies technology
    motors energy chemical chemicals foods electronics award awards prize hotel memorial diocese church
    cathedral mountain mountains images affairs challenge international period catholic national high
    museum gallery arena stadium theatre theater cup trophy series show festival cross returns
    """.split()  # noqa: SIM905
)


# "Charcot Marie Tooth disease", "the Marie Curie Prize": a name that is part of another thing's name
_EPONYM_AFTER_RE = re.compile(
    r"(?:['\u2019]s)?\s+(?:disease|syndrome|disorder|prize|award|fellowship|foundation|institute|centre|"
    r"center|hospital|clinic|school|university|college|trophy|cup|bridge|street|avenue|road|building)\b",
    re.IGNORECASE,
)


_SPEAKS_AFTER_RE = re.compile(
    r"(?<![\w.-])([A-Z][a-z]+(?:[A-Z][a-z]+)?)(?:,\s[^,.;\"\u201c\u201d]{3,80},)?\s+"
    rf"(?:{alternation(SPEECH_VERBS)})\b"
)
_SPEAKS_BEFORE_RE = re.compile(
    r"\b(?:said|says|added|told|asked|explained|noted)\s+([A-Z][a-z]+(?:[A-Z][a-z]+)?)\b"
)


def _speaking_capitals(text: str) -> frozenset[str]:
    """Single capitalised words used as the subject of a speech verb ("Dia said", "said Dia")."""
    found = {m.group(1) for m in _SPEAKS_AFTER_RE.finditer(text)}
    found.update(m.group(1) for m in _SPEAKS_BEFORE_RE.finditer(text))
    return frozenset(found)


_PHOTO_CREDIT_RE = re.compile(
    r"\[([A-Z][A-Z'\u2019-]+(?: [A-Z][A-Z'\u2019-]+){1,2})\]"
    r"|[(\[](?:Photo|Photograph|Picture)(?: by|:)\s+([A-Z][\w'\u2019-]+(?: [A-Z][\w'\u2019-]+){1,2})[)\]]"
    r"|\(([A-Z][\w'\u2019-]+(?: [A-Z][\w'\u2019-]+){1,2})\s?/\s?(?:The\s)?[A-Z][\w.]*(?: [A-Z][\w.]*){0,3}\)"
)
# "Yuhan Corporation's chief executive Cho Wook-je", "the company's chief executive Cho Wook-je"
_POSS_TITLE_BEFORE_RE = re.compile(
    r"(?:^|[\s(])((?:[A-Z][\w&.-]*(?:\s[A-Z][\w&.-]*){0,3})|the company|the firm)['\u2019\u2018]s\s+"
    r"((?:(?:new|former|acting|incoming|outgoing)\s+)?(?:"
    + alternation(t for t in TITLES if t.islower() and t[0].isalpha())
    + r"))\s+$"
)


_SURNAME_PARTICLES = frozenset(
    ("al", "el", "van", "von", "de", "da", "di", "du", "le", "la", "del", "der", "bin", "ben", "abu", "st.")
)


def _initials(given: str) -> str:
    """ "Tae-Han" -> "TH", "Jin Yang-gon" given "Yang-gon" -> "YG"."""
    return "".join(p[0].upper() for p in re.split(r"[\s-]+", given) if p)


def _merge_variants(hits: list[PersonHit]) -> None:
    """Shortened forms of a name the article also gives in full become that person.

    ``Al Hashish`` after ``Fouzia Al Hashish`` (a surname with its particle), ``TH Kim`` or ``T.H. Kim``
    beside ``Tae-Han Kim`` (initials of the given name, same surname).
    """
    full = [h.name for h in hits]
    for h in hits:
        pn = h.name
        toks = pn.display.split()
        if toks[0].lower() in _SURNAME_PARTICLES:
            whole = next(
                (f for f in full if len(f.display.split()) >= 3 and f.display.endswith(" " + pn.display)),
                None,
            )
            if whole is not None:
                h.name = whole
                continue
        letters = pn.given.replace(".", "").replace(" ", "")
        if 2 <= len(letters) <= 3 and letters.isupper() and letters.isalpha():
            same = {
                f.key: f
                for f in full
                if f.surname.lower() == pn.surname.lower()
                and f.given
                and _initials(f.given) == letters
                and not f.given.replace(".", "").replace(" ", "").isupper()
            }
            if len(same) == 1:
                h.name = next(iter(same.values()))


class PeopleFinder:
    def __init__(self, doc: Doc, orgs: OrgFinder) -> None:
        self.doc = doc
        self.orgs = orgs
        self.hits: list[PersonHit] = []
        self.key_of_surname: dict[str, set[str]] = {}
        self._org_by_end: dict[int, Mention] | None = None
        self._speaking_words: frozenset[str] | None = None

    def run(self) -> None:
        """One scan over capitalised runs; every form is then an anchored check around the run."""
        text = self.doc.text
        hits: list[PersonHit] = []
        for m in CAP_RUN_RE.finditer(text):
            run_text = m.group()
            if " " not in run_text:
                continue  # one capitalised word is never a full name
            words = run_text.split(" ")  # the run pattern joins its tokens with single spaces
            has_title_word = any(w.lower() in _TITLE_WORDS for w in words)
            if len(words) == 2 and not has_title_word and words[0].lower() in _STOP_FIRST:
                continue  # "The Company", "In March": no name can start at a stop word
            toks = []
            pos = 0
            for w in words:
                toks.append((pos, pos + len(w), w))
                pos += len(w) + 1
            base = m.start()
            # a job title inside the run splits it: "Samsung Biologics CEO John Rim"
            title_start = title_end = -1
            for k in range(len(toks) if has_title_word else 0):
                for span in (3, 2, 1):
                    if k + span <= len(toks):
                        cand = " ".join(t[2] for t in toks[k : k + span]).lower()
                        if cand in _PRE_TITLES_SET:
                            if k + span - 1 > title_end:  # keep "Vice President", not just "President"
                                title_start, title_end = k, k + span - 1
                            break
            while title_start > 0 and toks[title_start - 1][2].lower() in _TITLE_MODIFIERS:
                title_start -= 1  # "Vice Health Minister", "Acting Commissioner"
            if title_end >= 0:
                name_toks = toks[title_end + 1 : title_end + 4]
                if 2 <= len(name_toks) <= 3:
                    last = name_toks[-1]
                    if last[2].endswith(".") and len(last[2]) > 2 and not last[2][:-1].isupper():
                        name_toks[-1] = (last[0], last[1] - 1, last[2][:-1])  # "President Cha Soon-do."
                    name = text[base + name_toks[0][0] : base + name_toks[-1][1]]
                    if _looks_like_name(name):
                        title = text[base + toks[title_start][0] : base + toks[title_end][1]]
                        org = None
                        if title_start > 0:
                            org = text[base + toks[0][0] : base + toks[title_start - 1][1]]
                            org = org[:-2] if org.endswith(("'s", "\u2019s")) else org
                        else:
                            org = self._org_before(base + toks[0][0]) or self._org_after(
                                base + name_toks[-1][1]
                            )
                        am = APPOS_TAIL_RE.match(text, base + name_toks[-1][1])
                        if am and _TITLE_START_RE.search(am.group(1)) and len(am.group(1).split()) <= 6:
                            title, org = _clean_role(am.group(1)), _clean_role(am.group(2))
                        hits.append(self._hit(name, base + name_toks[0][0], title, org))
                continue
            found = False
            for lo in range(0, max(1, len(toks) - 1)):
                for size in (3, 2):
                    cand_toks = toks[lo : lo + size]
                    if len(cand_toks) < 2 or (size == 2 and len(toks) - lo < 3):
                        continue
                    if (
                        not is_given_name(cand_toks[0][2])
                        and any(is_given_name(t[2]) for t in cand_toks[1:-1])
                        and not korean_name_plausible([t[2] for t in cand_toks])
                        and not korean_name_plausible([t[2] for t in cand_toks[1:]])
                    ):
                        continue  # "Images Kevin Vickers": a Western name starts at its given name
                    name = text[base + cand_toks[0][0] : base + cand_toks[-1][1]]
                    trimmed = self._trim_name(name)
                    whole = lo == 0 and lo + len(cand_toks) == len(toks)
                    hit = (
                        self._contextual(trimmed, base + cand_toks[0][0], whole_run=whole)
                        if trimmed
                        else None
                    )
                    if hit:
                        hits.append(hit)
                        found = True
                        break
                if found:
                    break
        hits.extend(self._photo_credits())
        self._settle(hits)
        self._byline()

    def _photo_credits(self) -> list[PersonHit]:
        """ "[SARAH CHEA]", "(Photo: Jane Roe)": the photographer credited under a picture."""
        out: list[PersonHit] = []
        text = self.doc.text
        for m in _PHOTO_CREDIT_RE.finditer(text):
            group = next(g for g in (1, 2, 3) if m.group(g))
            raw = m.group(group)
            name = " ".join(t[0] + t[1:].lower() if t.isupper() else t for t in raw.split())
            toks = name.split()
            if any(t.lower() in _NEVER_IN_NAME or t.lower() in ORG_HEADS for t in toks):
                continue
            if _looks_like_name(name, need_korean=True) or _has_given_name(name):
                out.append(self._hit(name, m.start(group), "photographer", self.doc.article.outlet))
        return out

    def _contextual(self, name: str, start: int, *, whole_run: bool = True) -> PersonHit | None:
        """A person hit for ``name`` at ``start`` when its context or its shape says it is one.

        ``whole_run`` says the name is the whole capitalised run: only then may a surname that speaks
        alone elsewhere make an unknown name a person ("Safety Choi" in "Drug Safety Choi Hyun-seok"
        must not)."""
        if not _looks_like_name(name):
            return None
        text = self.doc.text
        end = start + len(name)
        korean = _looks_like_name(name, need_korean=True)
        known = korean or (_has_given_name(name) and not _EPONYM_AFTER_RE.match(text, end))
        pm = _POSS_TITLE_BEFORE_RE.search(text, max(0, start - 90), start) if known else None
        if pm:  # "Yuhan Corporation's chief executive Cho Wook-je": owner, lower-case title, name
            owner = pm.group(1)
            org = None if owner.lower() in ("the company", "its", "the firm") else owner
            return self._hit(name, start, _clean_role(pm.group(2)), org)
        tm = _TITLE_OF_BEFORE_RE.search(text, max(0, start - 120), start) if korean else None
        if tm:
            title, body = tm.group(1), tm.group(2)
            org = (
                f"Ministry of {body}"
                if title.endswith("Minister") and not body.startswith("Ministry")
                else body
            )
            return self._hit(name, start, title, org)
        cm = CAPTION_TAIL_RE.match(text, end)
        if cm:
            role, _, org = cm.group(1).partition(",")
            role, org = _clean_role(role), _clean_role(org)
            has_title = bool(_TITLE_START_RE.match(role))
            if (has_title or org) and _looks_like_name(name, need_korean=not has_title):
                return self._hit(name, start, role or None, org or None)
        am = APPOS_TAIL_RE.match(text, end)
        if am:
            role = _clean_role(am.group(1))
            if _TITLE_START_RE.search(role) and len(role.split()) <= 6 and _looks_like_name(name):
                return self._hit(name, start, role, _clean_role(am.group(2)))
        if end < len(text) and text[end] == "," and text[start - 2 : start] == ", ":
            rm = _ROLE_BEFORE_RE.search(text, max(0, start - 90), start)
            if rm and _TITLE_START_RE.search(rm.group(2)) and _looks_like_name(name):
                return self._hit(name, start, _clean_role(rm.group(2)), rm.group(1))
        rm2 = _APPOS_UNIT_RE.match(text, end)
        if rm2 and _TITLE_START_RE.match(rm2.group(1)) and _looks_like_name(name):
            # "Cho, director of the ministry's drug pricing division,": a role inside an unnamed body
            role = _clean_role(f"{rm2.group(1)} {rm2.group(2)} {_POSS_DET_RE.sub('', rm2.group(3))}")
            return self._hit(name, start, role, None)
        hm = _WHO_HEADS_RE.match(text, end)
        if hm and _looks_like_name(name):
            return self._hit(name, start, "head", _clean_role(hm.group(1)))
        org_after = self._org_after(end)
        if org_after and known:
            return self._hit(name, start, None, org_after)
        if self.doc.in_quote(start):
            return self._hit(name, start, None, None) if known else None
        if VERB_TAIL_RE.match(text, end) and _looks_like_name(name):
            return self._hit(name, start, None, None)
        before = text[max(0, start - 12) : start].split()
        if before and before[-1].lower() in _SAID_BEFORE and _looks_like_name(name):
            return self._hit(name, start, None, None)
        if known or (whole_run and self._surname_speaks(name)):
            return self._hit(name, start, None, None)
        return None

    def _surname_speaks(self, name: str) -> bool:
        """ "Mamadou Dia ... Dia said": a name the lexicon lacks, whose last word later speaks alone."""
        last = name.split()[-1]
        if len(last) < 3 or not last[0].isupper() or last.lower() in _STOP_FIRST:
            return False
        if self._speaking_words is None:
            self._speaking_words = _speaking_capitals(self.doc.text)
        return last in self._speaking_words

    @staticmethod
    def _trim_name(name: str) -> str | None:
        toks = name.split()
        if toks and toks[-1].endswith(".") and len(toks[-1]) > 2 and not toks[-1][:-1].isupper():
            toks[-1] = toks[-1][:-1]  # "said coach Ken Hitchcock.": the sentence's full stop
        while toks and toks[-1].lower() in _STOP_FIRST:
            toks.pop()
        return " ".join(toks) if len(toks) >= 2 else None

    def _org_after(self, pos: int) -> str | None:
        """ "Lee Seung-hoon of Genexia": an organisation named right after the person."""
        m = ORG_AFTER_RE.match(self.doc.text, pos) or _UNIT_AT_ORG_RE.match(self.doc.text, pos)
        if not m:
            return None
        org = m.group(1).split(" and the ")[0]  # "of the Democratic Party and the Korean Society of ..."
        words = org.split()
        while words and words[-1].lower() in CONNECTORS:
            words.pop()
        return " ".join(words).rstrip(".,") or None

    def _org_before(self, pos: int) -> str | None:
        """The organisation written right before a title ("Samsung Biologics CEO", "KPBMA's chairman")."""
        if self._org_by_end is None:
            self._org_by_end = {m.end: m for m in self.doc.mentions if m.entity_id.startswith("org:")}
        for gap in (" ", "'s ", "\u2019s ", ") "):
            men = self._org_by_end.get(pos - len(gap))
            if men is not None and self.doc.text[men.end : pos] == gap:
                if gap == ") ":  # "Korea Health Industry Development Institute (KHIDI) President Cha"
                    return self.doc.entities[men.entity_id].name
                return men.text if men.text.isupper() else self.doc.entities[men.entity_id].name
        return None

    def _hit(self, name: str, start: int, role: str | None, org: str | None) -> PersonHit:
        pn = parse_person_name(name)
        assert pn is not None
        if role and role.lower().rstrip(".") in ("rep", "representative") and role[:1].isupper():
            role = "lawmaker"  # "Rep. Han of the Democratic Party": a member of the National Assembly
        return PersonHit(pn, start, start + len(name), role, org)

    def _settle(self, hits: list[PersonHit]) -> None:
        """Drop hits inside organisations, re-parse names with the article's own surname usage, merge."""
        text = self.doc.text
        seen: dict[int, PersonHit] = {}
        for h in hits:
            if self.doc.is_taken(h.start, h.end):
                continue
            cur = seen.get(h.start)
            if (
                cur is None
                or (not cur.role and h.role)
                or (cur.end - cur.start < h.end - h.start and not cur.role)
            ):
                seen[h.start] = h
        kept = sorted(seen.values(), key=lambda h: h.start)
        _merge_variants(kept)
        # Surnames the article uses on their own settle the surname of ambiguous names.
        mask = bytearray(len(text) + 1)
        ends: set[str] = set()
        for h in kept:
            mask[h.start : h.end] = b"\x01" * (h.end - h.start)
            toks = h.name.display.split()
            ends.update((toks[0], toks[-1]))
        bare: set[str] = set()
        for tok in ends:  # each name end used as a whole capitalised word outside the names themselves
            if not _CAP_WORD_RE.fullmatch(tok):
                continue
            i = text.find(tok)
            while i >= 0:
                j = i + len(tok)
                if (
                    not mask[i]
                    and not (i and _word_char(text[i - 1]))
                    and not (j < len(text) and _word_char(text[j]))
                ):
                    bare.add(tok)
                    break
                i = text.find(tok, i + 1)
        for h in kept:
            toks = h.name.display.split()
            prefer = next((t for t in (toks[-1], toks[0]) if t in bare), None)
            pn = parse_person_name(h.name.display, prefer_surname=prefer) or h.name
            h.name = pn
            eid = person_id(pn.key)
            org = h.org
            org_ent = self.orgs.resolve(org) if org else None
            if org and org_ent is not None and org_ent.name != org and org_ent.name in org and "'" not in org:
                org = org_ent.name
            self.doc.add_entity(
                Entity(
                    id=eid,
                    type=EntityType.PERSON,
                    name=pn.display,
                    role=h.role,
                    org=org,
                    attrs={"surname": pn.surname, "given": pn.given},
                )
            )
            self.doc.add_mention(eid, h.start, h.end)
            self.key_of_surname.setdefault(pn.surname.lower(), set()).add(eid)
            self.hits.append(h)

    def _byline(self) -> None:
        """The author is a person (role reporter, org = outlet) unless the byline names a team ("X PR")."""
        art = self.doc.article
        author = (art.author or "").strip()
        if not author:
            return
        if _BYLINE_TEAM_RE.search(author):
            org = _BYLINE_TEAM_RE.sub("", author).strip(" ,|/")
            if org and not _BYLINE_GENERIC_RE.fullmatch(org):
                self.orgs.register(org)
            return
        author = _EMAIL_RE.sub("", author)
        author = _BYLINE_LEAD_RE.sub("", author).strip(" ,|/")
        author = re.split(r"\s/\s|\s\|\s|\s{2,}", author)[0]  # "Kim Ji-a / Write to ...", "X  Nov 18"
        role = "reporter"
        m = re.match(r"^(.*?)\s*[|/(]\s*([A-Za-z ]+?)\)?\s*$", author)
        if m and _TITLE_START_RE.fullmatch(m.group(2).strip()):
            author, extra = m.group(1).strip(), m.group(2).strip().lower()
            if extra != "reporter":
                role = f"reporter, {extra}"
        tail = re.match(
            r"^(.*\S)\s+((?i:staff reporter|reporter|correspondent|editor|columnist|writer))$", author
        )
        if tail:
            author = tail.group(1)
        names = [author]
        if not re.fullmatch(r"[A-Z][a-z]+,\s*[A-Z][\w-]+(?:\s[A-Z][\w-]+)?", author):
            names = [n.strip() for n in re.split(r",|\band\b|&", author) if n.strip()]
        for name in names:
            if any(w.lower().rstrip(".,") in ORG_HEADS for w in name.split()):
                continue  # "Vireon Therapeutics, Inc." signs a press release; it is not a person
            pn = parse_person_name(name)
            if pn is None or not all(t[:1].isupper() for t in pn.display.replace(",", " ").split()):
                continue
            if not (
                korean_name_plausible(pn.display.replace(",", " ").split()) or len(pn.display.split()) <= 3
            ):
                continue
            ent = self.doc.add_entity(
                Entity(
                    id=person_id(pn.key),
                    type=EntityType.PERSON,
                    name=pn.display,
                    role=role,
                    org=art.outlet,
                    attrs={"surname": pn.surname, "given": pn.given, "byline": "true"},
                )
            )
            if ent.role is None or ent.role == "photographer":  # the byline says what they are here
                ent.role, ent.org = role, art.outlet or ent.org
