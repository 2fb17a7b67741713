"""Who is speaking: parse the subject of an attribution clause and resolve it to a person.

Resolution never guesses: a bare surname shared by several people in the article resolves only
when the most recent full-name mention in the same paragraph is one of them; otherwise the quote
keeps the surname as written with speaker_kind ``unknown``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..models import Entity, EntityType, Mention, SpeakerKind
from .doc import Doc
from .given_names import gender_of, is_given_name
from .lexicon import ANON_NOUNS, ORG_REFERENCES, TITLES, alternation

_ANON_RE = re.compile(
    r"\b(?:an?|one|two|three|several|some|many|other|the|another|multiple|industry|government|company|"
    r"ministry|hospital|agency)\s+(?:[A-Za-z-]+\s+){0,3}?(?:"
    + alternation(ANON_NOUNS)
    + r")\b(?:\s+(?:at|from|of|with|in|for|familiar with|close to|who)\s+"
    r"(?:the\s+)?[A-Za-z][\w .'&-]{0,50}?(?=,|$))?",
    re.IGNORECASE,
)
# First words that name a place or a kind of body, never one company on their own.
_GENERIC_FIRST = frozenset(
    [
        "korea",
        "korean",
        "south",
        "north",
        "seoul",
        "national",
        "global",
        "international",
        "world",
        "asian",
        "european",
        "american",
        "new",
        "first",
        "the",
        "ministry",
        "university",
        "hospital",
        "health",
        "food",
        "drug",
        "bio",
        "pharma",
        "medical",
        "federal",
        "state",
        "city",
    ]
)
_ANON_NOUN_RE = re.compile(alternation(ANON_NOUNS))  # cheap necessary condition for _ANON_RE
_BARE_ANON_RE = re.compile(
    r"^\s*(?:(?:industry|government|company|market|ministry)\s+)?(sources|officials|insiders|observers|analysts|experts|critics)\b",
    re.IGNORECASE,
)
_ORG_REF_RE = re.compile(r"\bthe\s+(?:[A-Za-z-]+\s+)?(" + "|".join(ORG_REFERENCES) + r")\b", re.IGNORECASE)
_GOV_NOUNS = frozenset(
    [
        "ministry",
        "agency",
        "administration",
        "service",
        "institute",
        "commission",
        "committee",
        "office",
        "bureau",
        "government",
        "association",
        "council",
        "federation",
        "alliance",
        "university",
        "hospital",
    ]
)
_PRONOUN_RE = re.compile(r"\b(he|she|He|She)\b")
_POSS_PRONOUN_RE = re.compile(
    r"\b(?:his|her)\s+(?:(?:written|emailed|e-mailed|prepared|brief)\s+)?(?:statement|letter|post|tweet|"
    r"e-?mail|message|website|blog|memo|book|op-ed|column|speech|remarks)\b",
    re.IGNORECASE,
)
_TITLE_ONLY_RE = re.compile(
    r"\bthe\s+((?:[A-Z][\w&.-]*\s+){0,3})((?:" + alternation(TITLES) + r"))\b",
    re.IGNORECASE,
)
# "the 39-year-old founder of X", "the laid-back Cambridge resident": a definite description of a person
_DESCRIPTION_RE = re.compile(
    r"\s*the\s+(?:[\w'\u2019.-]+\s+){0,4}?([a-z][\w-]*)(?:,|\s+(?:of|at|for|from|with|in|who)\b|\s*$)"
)
_ONE_NAME_RE = re.compile(r"[\s,]*([A-Z][a-z]+)[\s,]*")
_CAP_TOKEN_RE = re.compile(r"(?<![\w-])([A-Z][a-z]+(?:[A-Z][a-z]+)?)(?![\w-])")
_TITLE_BEFORE_RE = re.compile(r"(?:" + alternation(TITLES) + r")\s+$", re.IGNORECASE)
# Abbreviated titles and their spelled-out forms, so "the CFO" finds a "Chief Financial Officer".
_TITLE_FORMS = {
    "ceo": ("ceo", "chief executive"),
    "chief executive": ("ceo", "chief executive"),
    "chief executive officer": ("ceo", "chief executive"),
    "cfo": ("cfo", "chief financial officer"),
    "chief financial officer": ("cfo", "chief financial officer"),
    "coo": ("coo", "chief operating officer"),
    "chief operating officer": ("coo", "chief operating officer"),
    "cto": ("cto", "chief technology officer"),
    "chief technology officer": ("cto", "chief technology officer"),
    "cmo": ("cmo", "chief medical officer"),
    "chief medical officer": ("cmo", "chief medical officer"),
    "cso": ("cso", "chief scientific officer"),
    "chief scientific officer": ("cso", "chief scientific officer"),
    "prof.": ("prof", "professor"),
    "professor": ("prof", "professor"),
}


def role_fits(title: str, role: str | None) -> bool:
    """Does a person's recorded role carry this title ("CFO" fits "Chief Financial Officer")?"""
    if not role:
        return False
    r, t = role.lower(), " ".join(title.lower().split())
    if t in ("vice president", "vice minister", "vice chairman") or not t.startswith("vice"):
        forms = _TITLE_FORMS.get(t, (t,))
        if not any(f in r for f in forms):
            return False
        if not t.startswith("vice") and any(f"vice {f}" in r for f in forms):
            return r.count(forms[0]) > r.count(f"vice {forms[0]}")  # "President" is not the vice president
        return True
    return False


_POSSESSOR_BEFORE_RE = re.compile(r"(?<![\w-])([A-Z][\w&.-]*)['\u2019]s\s+$")
_OWNER_TITLE_RE = re.compile(
    r"(?<![\w-])([A-Z][\w&.-]*(?:\s[A-Z][\w&.-]*){0,3})(?:['\u2019]s|(?<=s)['\u2019])\s+"
    r"(?:(?:new|former|outgoing|incoming)\s+)?((?i:" + alternation(TITLES) + r"))\b"
)
_INDEFINITE_OWNER_RE = re.compile(r"\s+(?:of|at|from|with)\s+(?:a|an|one)\b")
_SPOKES_RE = re.compile(r"spokes(?:person|man|woman)|representative", re.IGNORECASE)
_CAMEL_WORD_RE = re.compile(r"\b[A-Z][a-z]+[A-Z]\w*\b")


@dataclass
class Speaker:
    kind: SpeakerKind
    name: str | None
    entity_id: str | None
    attributed_by: str


class SpeakerResolver:
    def __init__(self, doc: Doc, key_of_surname: dict[str, set[str]]) -> None:
        self.doc = doc
        self.key_of_surname = key_of_surname
        self.last_subject: str | None = None  # entity id of the most recent salient person subject
        self.last_subject_sentence = -1  # the sentence where that subject was last seen
        self.last_any: Speaker | None = None  # most recent speaker, anonymous sources included
        self.person_mentions = sorted(
            (m for m in doc.mentions if m.entity_id.startswith("person:")), key=lambda m: m.start
        )
        self.org_mentions = sorted(
            (m for m in doc.mentions if m.entity_id.startswith("org:")), key=lambda m: m.start
        )
        self._pm_starts = [m.start for m in self.person_mentions]
        self._first_full: dict[str, int] = {}
        for m in self.person_mentions:
            if len(m.text.split()) >= 2:
                self._first_full.setdefault(m.entity_id, m.start)
        self._om_starts = [m.start for m in self.org_mentions]

    def persons_in(self, a: int, b: int) -> list[Mention]:
        return self.person_mentions[
            bisect.bisect_left(self._pm_starts, a) : bisect.bisect_left(self._pm_starts, b)
        ]

    def person(self, eid: str, by: str) -> Speaker:
        ent = self.doc.entities[eid]
        return Speaker(SpeakerKind.PERSON, ent.name, eid, by)

    def resolve_surname(self, surname: str, pos: int, title: str | None = None) -> str | None:
        """The one person a bare surname can mean here; ``None`` when it could be several."""
        cands = self.key_of_surname.get(surname.lower(), set())
        if len(cands) == 1:
            return next(iter(cands))
        if not cands:
            return None
        if title:  # "Vice President Lee": the one Lee holding that title
            titled = [c for c in cands if role_fits(title, self.doc.entities[c].role)]
            if len(titled) == 1:
                return titled[0]
        block = self.doc.block_at(pos)
        bstart = self.doc.blocks[block][1]
        recent = [
            m for m in self.persons_in(bstart, pos) if m.entity_id in cands and len(m.text.split()) >= 2
        ]
        if recent:
            return recent[-1].entity_id
        # "Park said" before the second Park is introduced: only one Park is known so far
        known = [c for c in cands if self._first_full.get(c, len(self.doc.text)) < pos]
        return known[0] if len(known) == 1 else None

    def parse(self, a: int, b: int, *, first: bool = True) -> Speaker | None:
        """Subject named in text[a:b] (the attribution clause without its verb)."""
        if b <= a:
            return None
        text = self.doc.text
        region = text[a:b]
        # 1. a person mention (full name or a surname the people pass already linked)
        inside = [m for m in self.persons_in(a, b) if m.end <= b and not self.doc.in_quote(m.start)]
        if len(inside) > 1:  # "Oh Tae-jun's deputy, Vice President Kwon": the possessor is not the subject
            inside = [m for m in inside if text[m.end : m.end + 2] not in ("'s", "\u2019s")] or inside
        if inside:
            m = inside[0] if first else inside[-1]
            by = "name" if len(m.text.split()) >= 2 else "surname"
            if by == "surname" and _TITLE_BEFORE_RE.search(text[max(0, m.start - 40) : m.start]):
                by = "title+surname"
            return self.person(m.entity_id, by)
        # 2. a bare surname of someone in the article
        for cm in _CAP_TOKEN_RE.finditer(region):
            tok = cm.group(1)
            if tok.lower() not in self.key_of_surname:
                continue
            pos = a + cm.start()
            if self.doc.in_quote(pos):
                continue
            tm = _TITLE_BEFORE_RE.search(text[max(0, pos - 40) : pos])
            eid = self.resolve_surname(tok, pos, tm.group().strip() if tm else None)
            if eid is None:
                eid = self._org_qualified(tok, pos)
            by = "title+surname" if tm else "surname"
            if eid:
                return self.person(eid, by)
            return Speaker(SpeakerKind.UNKNOWN, tok, None, by)
        # 3. anonymous sources
        bare = _BARE_ANON_RE.search(region)
        if bare:
            return Speaker(SpeakerKind.ANONYMOUS, bare.group(0).strip(), None, "anonymous")
        low = region.lower()
        anon = _ANON_RE.search(region) if _ANON_NOUN_RE.search(low) else None
        title = _TITLE_ONLY_RE.search(region) if "the" in low else None
        if title and (not anon or title.start() <= anon.start()):
            unnamed = self._unnamed_title(region, title)
            if unnamed is not None:
                return unnamed
            eid = self._by_title(title.group(2), title.group(1).strip())
            if eid:
                return self.person(eid, "title")
        if anon:
            company = self._spokesperson_org(region, anon, a)
            if company is not None:
                return company
            return Speaker(SpeakerKind.ANONYMOUS, anon.group(0).strip(" ,"), None, "anonymous")
        # 4. pronoun ("he said", or "her statement said": the statement of the person "her" means)
        pm = _PRONOUN_RE.search(region) or _POSS_PRONOUN_RE.search(region)
        if pm and self.last_any is not None and self.last_any.kind is SpeakerKind.ANONYMOUS:
            return Speaker(SpeakerKind.ANONYMOUS, self.last_any.name, None, "pronoun")
        if pm and self.last_subject:
            he = pm.group(0).lower().startswith(("he", "his")) and not pm.group(0).lower().startswith("her")
            return self.person(self._agreeing("he" if he else "she", a), "pronoun")
        # "Ninebridge's CEO said": that organisation's holder of the title, or an unnamed one
        ot = _OWNER_TITLE_RE.search(region) if ("'" in region or "\u2019" in region) else None
        if ot:
            eid = self._by_title(ot.group(2), ot.group(1))
            if eid:
                return self.person(eid, "title")
            return Speaker(SpeakerKind.ANONYMOUS, ot.group(0), None, "anonymous")
        # 5. organisations
        olo, ohi = bisect.bisect_left(self._om_starts, a), bisect.bisect_left(self._om_starts, b)
        orgs = [m for m in self.org_mentions[olo:ohi] if m.end <= b]
        if orgs:
            ent = self.doc.entities[orgs[0].entity_id]
            return Speaker(SpeakerKind.ORGANIZATION, ent.name, ent.id, "organization")
        short = self._short_org(region)
        if short is not None:
            return Speaker(SpeakerKind.ORGANIZATION, short.name, short.id, "organization")
        om = _ORG_REF_RE.search(region)
        if om:
            noun = om.group(1).lower()
            prior = [
                self.doc.entities[m.entity_id]
                for m in self.org_mentions[: bisect.bisect_left(self._om_starts, a)]
            ]
            if noun in _GOV_NOUNS:
                fitting = [e for e in prior if noun in e.name.lower()]
            else:  # "the company", "the firm": a body that is not a public agency
                fitting = [e for e in prior if not any(g in e.name.lower() for g in _GOV_NOUNS)]
            if fitting:
                # "the company" is the body the article is about: the most mentioned so far, then the latest
                fitting = [e for e in fitting if "descriptor" not in e.attrs] or fitting
                counts: dict[str, int] = {}
                for e in fitting:
                    counts[e.id] = counts.get(e.id, 0) + 1
                ent = max(fitting, key=lambda e: counts[e.id])
                return Speaker(SpeakerKind.ORGANIZATION, ent.name, ent.id, "organization")
            return Speaker(SpeakerKind.ORGANIZATION, om.group(0), None, "organization")
        if pm:  # an unresolved pronoun names nobody: record the quote as unattributed, not as "he"
            return Speaker(SpeakerKind.UNKNOWN, None, None, "pronoun")
        # "Kim told CTV News", "Yuni said": someone the story names by a given name alone
        alone = _ONE_NAME_RE.fullmatch(region)
        if alone and is_given_name(alone.group(1)):
            return Speaker(SpeakerKind.UNKNOWN, alone.group(1), None, "name")
        # '..." says the 39-year-old founder of X': a description of someone just introduced
        desc = _DESCRIPTION_RE.match(region)
        if desc:
            last = self.last_any
            if last is not None and last.kind is SpeakerKind.ANONYMOUS and desc.group(1) in (last.name or ""):
                return Speaker(SpeakerKind.ANONYMOUS, last.name, None, "anonymous")  # "the banker" again
            eid = self._recent_person(a)
            if eid:
                return self.person(eid, "nominal")
        return None

    def _recent_person(self, pos: int) -> str | None:
        """Whom a description refers back to: the person last named in full before ``pos`` in this or the
        previous paragraph (a new name is what a description elaborates), else the last subject."""
        block = self.doc.block_at(pos)
        lo = self.doc.blocks[max(0, block - 1)][1]
        named = [
            m
            for m in self.persons_in(lo, pos)
            if " " in m.text
            and not self.doc.in_quote(m.start)
            and "byline" not in self.doc.entities[m.entity_id].attrs
        ]
        if named:
            return named[-1].entity_id
        return self.last_subject

    def _gender(self, eid: str) -> str | None:
        ent = self.doc.entities[eid]
        given = ent.attrs.get("given", "").split()
        return gender_of(given[0]) if given and "korean" not in ent.attrs else None

    def _agreeing(self, pronoun: str, pos: int) -> str:
        """The last subject, unless its given name says it cannot be "he"/"she": then the latest
        person named before ``pos`` in this or the two paragraphs before whose name agrees."""
        assert self.last_subject is not None
        want = "f" if pronoun == "she" else "m"
        if self._gender(self.last_subject) in (want, None):
            return self.last_subject
        block = self.doc.block_at(pos)
        lo = self.doc.blocks[max(0, block - 2)][1]
        for m in reversed(self.persons_in(lo, pos)):
            if self._gender(m.entity_id) == want and not self.doc.in_quote(m.start):
                return m.entity_id
        return self.last_subject

    def _org_qualified(self, surname: str, pos: int) -> str | None:
        """ "said Ninebridge's Park": of several Parks, the one whose organisation is named."""
        m = _POSSESSOR_BEFORE_RE.search(self.doc.text, max(0, pos - 60), pos)
        if not m:
            return None
        owner = m.group(1).lower()
        cands = [
            c
            for c in self.key_of_surname.get(surname.lower(), ())
            if owner in (self.doc.entities[c].org or "").lower()
        ]
        return cands[0] if len(cands) == 1 else None

    def _unnamed_title(self, region: str, title: re.Match[str]) -> Speaker | None:
        """ "the CEO of a startup" is nobody named; a later "the CEO" continues that unnamed source."""
        if _INDEFINITE_OWNER_RE.match(region, title.end()):
            stop = region.find(",", title.end())
            name = region[title.start() : stop if stop > 0 else len(region)].strip(" ,")
            return Speaker(SpeakerKind.ANONYMOUS, name, None, "anonymous")
        last = self.last_any
        if last is not None and last.kind is SpeakerKind.ANONYMOUS and last.name:
            forms = _TITLE_FORMS.get(title.group(2).lower(), (title.group(2).lower(),))
            if any(f in last.name.lower() for f in forms):
                return Speaker(SpeakerKind.ANONYMOUS, last.name, None, "anonymous")
        return None

    def _spokesperson_org(self, region: str, anon: re.Match[str], a: int) -> Speaker | None:
        """An unnamed spokesperson speaks for the company ("a spokesperson for X", "a company spokesman")."""
        phrase = anon.group(0)
        if not _SPOKES_RE.search(phrase):
            return None
        lo = a + anon.start()
        olo = bisect.bisect_left(self._om_starts, lo - 40)
        ohi = bisect.bisect_left(self._om_starts, a + anon.end())
        near = [m for m in self.org_mentions[olo:ohi] if m.end <= a + anon.end() + 1]
        if near:  # "X's spokesperson", "X spokesperson", "a spokesperson for X"
            m = near[-1]
            gap = self.doc.text[m.end : lo + phrase.lower().find("spokes")]
            if m.start >= lo or len(gap) <= 4:
                ent = self.doc.entities[m.entity_id]
                return Speaker(SpeakerKind.ORGANIZATION, ent.name, ent.id, "company")
        if not re.search(r"\b(?:company|firm|corporate)\b", phrase, re.IGNORECASE):
            return None
        main = self._main_company(lo)
        if main is None:
            return None
        return Speaker(SpeakerKind.ORGANIZATION, main.name, main.id, "company")

    def _main_company(self, pos: int) -> Entity | None:
        """The company an article is about: the non-public body named most often before ``pos``.

        Counting the name's first word too catches the bare short form news uses ("Alcheon said").
        """
        text = self.doc.text[:pos]
        best: tuple[int, int] = (0, 0)
        found: Entity | None = None
        for m in self.org_mentions[: bisect.bisect_left(self._om_starts, pos)]:
            ent = self.doc.entities[m.entity_id]
            low = ent.name.lower()
            if "descriptor" in ent.attrs or any(g in low for g in _GOV_NOUNS) or ent.name.isupper():
                continue
            first = ent.name.split()[0]
            n = len(re.findall(rf"(?<![\w-]){re.escape(first)}(?![\w-])", text))
            if (n, -m.start) > best and first.lower() not in _GENERIC_FIRST:
                best, found = (n, -m.start), ent
        return found

    def _short_org(self, region: str) -> Entity | None:
        """ "According to Neuragen": a company's first name word standing for the company."""
        words = _CAP_TOKEN_RE.findall(region) + _CAMEL_WORD_RE.findall(region)
        if not words:
            return None
        by_first: dict[str, list[Entity]] = {}
        whole: dict[str, Entity] = {}
        for e in self.doc.entities.values():
            if e.type is EntityType.ORG and " " in e.name:
                by_first.setdefault(e.name.split()[0], []).append(e)
            elif e.type is EntityType.ORG:
                whole[e.name] = e  # "Cellonix announced ...": a one-word company known from elsewhere
        for w in words:
            if w.lower() in _GENERIC_FIRST:
                continue  # "Korea's health minister" is not the Korea Exchange
            if w in whole:
                return whole[w]
            fits = by_first.get(w, [])
            if len(fits) == 1:
                return fits[0]
        return None

    def _by_title(self, title: str, org: str) -> str | None:
        t = title.lower()
        generic = t in ("chief", "head", "leader", "boss", "executive", "official")
        people = [
            e
            for e in self.doc.entities.values()
            if e.type is EntityType.PERSON
            and "byline" not in e.attrs
            and (not org or org.lower() in (e.org or "").lower())
            and (role_fits(t, e.role) or (generic and org))
        ]
        if len(people) == 1:
            return people[0].id
        if self.last_subject and any(p.id == self.last_subject for p in people):
            return self.last_subject
        return None

    def note_subject(self, sp: Speaker | None, sentence: int = -1) -> None:
        if sp and sp.kind in (SpeakerKind.PERSON, SpeakerKind.ANONYMOUS):
            self.last_any = sp  # a later "he said" continues an anonymous source too
        if sp and sp.kind is SpeakerKind.PERSON and sp.entity_id:
            self.last_subject = sp.entity_id
            self.last_subject_sentence = sentence
