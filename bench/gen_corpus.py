"""Deterministic generator of briefing-shaped articles with ground truth (who said what).

Usage:
    python bench/gen_corpus.py --n 10000 --out bench/corpus/n10000-s7 [--seed 7] [--format txt|jsonl]

Article i depends only on (seed, i), so a 1k corpus is the first tenth of the 10k one and
``--start`` makes fresh articles for incremental-ingest runs.  Every attribution written is one a
careful reader can resolve: a bare surname or title+surname is used only when it is unique among the
people named in that article, and a pronoun only right after a sentence whose subject is the speaker.
The truth file is ``{"articles": [...]}`` in the shape of /work/shared/gold/seeds.gold.json.
"""

# Sentence templates read best whole, one per line:
# ruff: noqa: E501
from __future__ import annotations

import argparse
import bisect
import itertools
import json
import multiprocessing as mp
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import vocab as V

OUTLETS = ("dailypharm", "kbr", "yonhap", "press")
QUOTE_STYLES = (('"', '"'), ("\u201c", "\u201d"), ("'", "'"))


def _acronym(name: str) -> str:
    return "".join(w[0] for w in name.replace("-", " ").split() if w[0].isupper())


def _plural(noun: str) -> str:
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def _words(text: str, n: int) -> str:
    return " ".join(text.split()[:n])


@dataclass(frozen=True)
class Person:
    surname: str
    given: tuple[str, ...]  # romanised syllables, lower case
    form: int  # how the name is written, see ``name``
    role: str
    org: str
    gender: int  # 0 he, 1 she

    @property
    def name(self) -> str:
        g = self.given
        if self.form == 0:
            return f"{g[0].title()}-{'-'.join(g[1:])} {self.surname}"
        if self.form == 1:
            return f"{'-'.join(s.title() for s in g)} {self.surname}"
        if self.form == 2:
            return f"{' '.join(s.title() for s in g)} {self.surname}"
        if self.form == 3:
            return f"{self.surname} {g[0].title()}-{'-'.join(g[1:])}"
        return f"{''.join(g).title()} {self.surname}"

    @property
    def tokens(self) -> set[str]:
        return {t.casefold() for t in self.name.replace("-", " ").split()}

    @property
    def letters(self) -> Counter[str]:
        return Counter(c for c in self.name.casefold() if c.isalpha())


class Pools:
    """Names that recur across articles (companies, associations, drugs, frequently quoted people)."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(f"pools-{seed}")
        self.surnames = [s for s, _ in V.SURNAMES_WEIGHTED]
        self.surname_cum = list(itertools.accumulate(w for _, w in V.SURNAMES_WEIGHTED))
        companies = {
            f"{h} {t}" if rng.random() < 0.7 else f"{h}{t.split()[0].lower()}"
            for h in V.COMPANY_HEADS
            for t in rng.sample(V.COMPANY_TAILS, 3)
        }
        self.companies = sorted(companies)
        rng.shuffle(self.companies)
        assocs: dict[str, str] = {}
        for field in V.ASSOC_FIELDS:
            for kind in rng.sample(V.ASSOC_KINDS, 4):
                name = f"Korea {field} {kind}"
                acr = _acronym(name)
                if acr not in assocs and acr not in {a for _, a in V.AGENCIES}:
                    assocs[acr] = name
        self.assocs = sorted((n, a) for a, n in assocs.items())
        self.inns = sorted({h + s for h in V.INN_HEADS for s in rng.sample(V.INN_STEMS, 5)})
        self.brands = sorted({p + t for p in V.BRAND_PARTS for t in V.BRAND_TAILS})
        self.codes = [f"{p}{rng.randint(1, 999)}" for p in V.CODE_PREFIXES for _ in range(30)]
        self.orgs_for_people = (
            self.companies[:300] + [n for n, _ in self.assocs] + V.UNIVERSITIES + V.HOSPITALS
        )
        self.recurring = [self.new_person(rng) for _ in range(3000)]
        # Zipf-like weights: a few people are quoted in hundreds of articles
        self.recurring_cum = list(itertools.accumulate(1.0 / (k + 3) for k in range(len(self.recurring))))
        self.slogans = [" ".join(rng.sample(V.SLOGAN_WORDS, rng.randint(2, 4))) for _ in range(200)]

    def surname(self, rng: random.Random) -> str:
        return self.surnames[bisect.bisect(self.surname_cum, rng.random() * self.surname_cum[-1])]

    def new_person(self, rng: random.Random, org: str | None = None) -> Person:
        given = tuple(rng.sample(V.GIVEN_SYLLABLES, 2))
        roles = V.ROLES_TITLE_OK if rng.random() < 0.5 else V.ROLES_OTHER
        form = rng.choices(range(5), weights=(30, 15, 25, 22, 8))[0]
        return Person(
            self.surname(rng),
            given,
            form,
            rng.choice(roles),
            org or rng.choice(self.orgs_for_people),
            rng.randint(0, 1),
        )

    def recurring_person(self, rng: random.Random) -> Person:
        return self.recurring[bisect.bisect(self.recurring_cum, rng.random() * self.recurring_cum[-1])]


class Article:
    """One generated article: raw page text (with site chrome) and its truth entry."""

    def __init__(self, pools: Pools, seed: int, index: int) -> None:
        self.p = pools
        self.r = random.Random(f"{seed}-{index}")
        self.index = index
        r = self.r
        self.outlet = r.choices(OUTLETS, weights=(35, 30, 20, 15))[0]
        self.style = r.choices(QUOTE_STYLES, weights=(60, 36, 4))[0]
        self.published = datetime(2023, 1, 1) + timedelta(seconds=r.randint(0, 3 * 365 * 86400))
        self.company = r.choice(pools.companies)
        self.partner = r.choice(V.GLOBAL_COMPANIES + pools.companies[:150])
        self.assoc = r.choice(pools.assocs)
        self.agency = r.choice(V.AGENCIES)
        self.brand = r.choice(pools.brands)
        self.inn = r.choice(pools.inns)
        self.code = r.choice(pools.codes)
        self.disease = r.choice(V.DISEASES)
        self.modality = r.choice(V.MODALITIES)
        self.place = r.choice(V.PLACES)
        self.people: list[Person] = []
        self.orgs: dict[str, str | None] = {self.company: None}
        self.quotes: list[dict] = []
        self.indirect: list[dict] = []
        self.acr_introduced: set[str] = set()
        self.fact_bag: list[int] = []

    # ---- small pieces -------------------------------------------------------------------------
    def adj(self) -> str:
        a = V.ADJ
        return (
            a[min(int(self.r.paretovariate(0.9)) - 1, len(a) - 1)]
            if self.r.random() < 0.5
            else self.r.choice(a)
        )

    def noun(self) -> str:
        n = V.NOUNS
        return (
            n[min(int(self.r.paretovariate(0.8)) - 1, len(n) - 1)]
            if self.r.random() < 0.4
            else self.r.choice(n)
        )

    def np(self) -> str:
        r = self.r.random()
        if r < 0.35:
            return f"the {self.adj()} {self.noun()}"
        if r < 0.6:
            return f"{self.adj()} {_plural(self.noun())}"
        if r < 0.8:
            return f"the {self.noun()} of {self.adj()} {_plural(self.noun())}"
        return f"its {self.noun()} {self.noun()}"

    def verb(self, past: bool = False) -> str:
        v = self.r.choice(V.VERBS)
        return v[1] if past else v[0]

    def money(self) -> str:
        r = self.r
        k = r.random()
        if k < 0.3:
            return f"{r.randint(1, 9)}.{r.randint(1, 9)} trillion KRW"
        if k < 0.5:
            return f"{r.randint(10, 990)} billion won"
        if k < 0.75:
            return f"${r.randint(1, 12)}.{r.randint(0, 9)} billion"
        return f"${r.randint(5, 950)} million"

    def pct(self) -> str:
        r = self.r
        return f"{r.randint(1, 89)}.{r.randint(0, 9)}%" if r.random() < 0.6 else f"{r.randint(2, 60)} percent"

    def qty(self) -> str:
        r = self.r
        if r.random() < 0.5:
            return f"{r.randint(1, 9)}.{r.randint(0, 99):02d} million liters"
        return f"{r.randint(2, 900):,},{r.randint(0, 999):03d} {r.choice(V.UNITS)}"

    def day(self) -> str:
        d = self.published - timedelta(days=self.r.randint(1, 40))
        return f"{V.MONTHS[d.month - 1]} {d.day}"

    def org_ref(self, name: str, acr: str | None) -> str:
        """First mention spells out 'Name (ACR)'; later ones may use the bare acronym."""
        self.orgs[name] = acr
        if not acr:
            return name
        if acr in self.acr_introduced:
            return acr if self.r.random() < 0.7 else name
        self.acr_introduced.add(acr)
        return f"{name} ({acr})"

    # ---- people -----------------------------------------------------------------------------
    def add_person(self, person: Person | None = None) -> Person:
        for _ in range(50):
            cand = person or (
                self.p.recurring_person(self.r) if self.r.random() < 0.5 else self.p.new_person(self.r)
            )
            person = None
            if all(
                cand.letters != q.letters
                and cand.surname.casefold() not in q.tokens
                and q.surname.casefold() not in cand.tokens
                for q in self.people
                if q.surname != cand.surname
            ) and all(cand.letters != q.letters for q in self.people):
                self.people.append(cand)
                self.orgs.setdefault(cand.org, None)
                return cand
        raise RuntimeError("could not draw a distinct person")

    def surname_ok(self, p: Person) -> bool:
        return sum(1 for q in self.people if p.surname.casefold() in q.tokens) == 1

    def title_ok(self, p: Person) -> bool:
        return (
            p.role in V.ROLES_TITLE_OK
            and sum(1 for q in self.people if q.surname == p.surname and q.role == p.role) == 1
        )

    def ref(self, p: Person) -> tuple[str, str]:
        """A short way to name a known speaker, with the gold 'attributed_by' label."""
        opts = [(p.name, "name")]
        if self.surname_ok(p):
            opts += [(p.surname, "surname")] * 4
        if self.title_ok(p):
            opts += [(f"{p.role} {p.surname}", "title+surname")] * 2
        return self.r.choice(opts)

    def caption(self, people: list[Person]) -> str:
        return "(from left) " + ", ".join(f"{p.name} ({p.role}, {p.org})" for p in people)

    # ---- quotes -------------------------------------------------------------------------------
    def quote_sentence(self) -> str:
        r = self.r
        k = r.randrange(12)
        if k == 0:
            s = f"We {r.choice(['will', 'plan to', 'aim to', 'intend to'])} {self.verb()} our {self.adj()} {self.noun()} in {r.choice(V.COUNTRIES)} by {r.randint(2026, 2032)}"
        elif k == 1:
            s = f"The {self.adj()} {self.noun()} remains {self.adj()} for {self.adj()} {_plural(self.noun())}, and we need {self.np()} to {self.verb()} it"
        elif k == 2:
            s = f"Over the next {r.randint(2, 10)} years, {self.np()} will {self.verb()} {self.np()} and {self.verb()} {self.np()}"
        elif k == 3:
            s = f"It is {r.choice(['urgent', 'necessary', 'essential', 'important', 'critical'])} to {self.verb()} {self.np()} so that {self.np()} can {self.verb()} {self.np()}"
        elif k == 4:
            s = f"Without {self.np()}, {self.np()} cannot {self.verb()} {self.np()}"
        elif k == 5:
            s = f"Our {self.modality} for {self.disease} showed {self.adj()} {self.noun()} in {self.adj()} {_plural(self.noun())}"
        elif k == 6:
            s = f"The government must {self.verb()} {self.np()} and {self.verb()} {self.np()} for {self.np()}"
        elif k == 7:
            s = f"{self.brand} has the potential to {self.verb()} {self.np()} for patients with {self.disease}"
        elif k == 8:
            s = f"We expect {self.np()} to reach {self.money()} by {r.randint(2026, 2035)}, which is {self.pct()} above {self.np()}"
        elif k == 9:
            s = f"This {self.noun()} marks a {self.adj()} {self.noun()} for the {self.adj()} {self.noun()} industry"
        elif k == 10:
            s = f"If {self.np()} is {self.verb(True)}, {self.np()} will follow in {self.np()}"
        else:
            s = f"Companies that {self.verb()} {self.np()} early will {self.verb()} {self.np()} in {self.np()}"
        return s[0].upper() + s[1:] + "."

    def quote_text(self) -> str:
        for _ in range(10):
            n = self.r.choices((1, 2, 3), weights=(60, 30, 10))[0]
            q = " ".join(self.quote_sentence() for _ in range(n))
            if self.style[0] != "'" or "'" not in q:
                return q
        return "We will keep investing in manufacturing and quality."

    def clause(self) -> str:
        r = self.r
        k = r.randrange(6)
        if k == 0:
            return f"the {self.noun()} would {self.verb()} {self.np()} by {r.randint(2026, 2032)}"
        if k == 1:
            return f"{self.np()} needs to be {self.verb(True)} to {self.verb()} {self.np()}"
        if k == 2:
            return f"the company plans to {self.verb()} {self.np()} in {r.choice(V.PLACES)}"
        if k == 3:
            return f"{self.np()} will {self.verb()} {self.np()} and {self.np()}"
        if k == 4:
            return f"the {self.adj()} {self.noun()} remains {self.adj()} due to {self.np()}"
        return f"{self.np()} could {self.verb()} {self.np()} as early as next year"

    def fragment(self) -> tuple[str, bool]:
        """A quoted fragment and whether it is a verb phrase (fits 'saying it ...')."""
        r = self.r
        k = r.randrange(4)
        if k == 0:
            return f"a turning point for the {self.adj()} {self.noun()} industry", False
        if k == 1:
            return f"does not align with {self.adj()} standards and could weaken {self.np()}", True
        if k == 2:
            return f"the most {self.adj()} {self.noun()} in the history of {self.np()}", False
        return f"could {self.verb()} {self.np()} for years", True

    def q(self, text: str) -> str:
        o, c = self.style
        return f"{o}{text}{c}"

    def add_quote(self, who: Person | None, kind: str, by: str, text: str) -> None:
        self.quotes.append(
            {
                "speaker": who.name if who else None,
                "kind": kind,
                "attributed_by": by,
                "starts": _words(text, 8),
            }
        )

    def direct(self, who: Person, ref: str, by: str) -> str:
        """One sentence containing one or two direct quotes, in one of the usual layouts."""
        r = self.r
        text = self.quote_text()
        k = r.randrange(10)
        if k < 5:
            self.add_quote(who, "direct", by, text)
            if k == 0:
                text2 = self.quote_text()
                self.add_quote(who, "direct", by, text2)
                return (
                    f"{ref} {r.choice(V.REPORT_VERBS_COMMA)}, {self.q(text[:-1] + ',')} and "
                    f"{r.choice(['added', 'concluded', 'asserted', 'stressed'])}, {self.q(text2)}"
                )
            return f"{ref} {r.choice(V.REPORT_VERBS_COMMA)}, {self.q(text)}"
        self.add_quote(who, "direct", by, text)
        if by == "pronoun":
            ref = ref.lower()
        if k < 8 or by == "pronoun":
            return f"{self.q(text[:-1] + ',')} {ref} {r.choice(V.REPORT_VERBS_AFTER)}."
        return f"{self.q(text[:-1] + ',')} {r.choice(['said', 'added', 'noted'])} {ref}."

    def partial(self, who: Person, ref: str, by: str) -> str:
        frag, verbal = self.fragment()
        self.add_quote(who, "partial", by, frag)
        frame = V.PARTIAL_FRAMES[3] if verbal else self.r.choice(V.PARTIAL_FRAMES[:3])
        pos = "his" if who.gender == 0 else "her"
        s = frame.format(
            ref=ref,
            noun=self.noun(),
            frag=frag + ".",
            ind=self.r.choice(V.INDIRECT_VERBS),
            pos=pos,
            adj=self.adj(),
        )
        o, c = self.style
        return s.replace("\u201c", o).replace("\u201d", c)

    def indirect_sentence(self, who: Person, ref: str) -> str:
        verb = self.r.choice(V.INDIRECT_VERBS)
        clause = self.clause()
        self.indirect.append({"speaker": who.name, "starts": f"{verb} that {_words(clause, 5)}"})
        return f"{ref} {verb} that {clause}."

    def pronoun(self, who: Person) -> str:
        return "He" if who.gender == 0 else "She"

    def speaker_block(self, who: Person) -> list[str]:
        """Paragraphs in which one person speaks: intro with full name, then short references."""
        r = self.r
        role_a = f"{'an' if who.role[0] in 'AEIOU' else 'a'} {who.role}"
        k = r.randrange(3)
        sents: list[str] = []
        if k == 0:
            verb = r.choice(V.INDIRECT_VERBS)
            clause = self.clause()
            self.indirect.append({"speaker": who.name, "starts": f"{verb} that {_words(clause, 5)}"})
            sents.append(f"{who.name}, {role_a} at {who.org}, {verb} that {clause}.")
        elif k == 1:
            sents.append(self.direct(who, f"{who.org} {who.role} {who.name}", "name"))
        else:
            text = self.quote_text()
            self.add_quote(who, "direct", "name", text)
            sents.append(f"{self.q(text[:-1] + ',')} said {who.name}, {role_a} at {who.org}.")
        subject_is_speaker = k != 2
        paragraphs: list[list[str]] = [sents]
        for _ in range(r.randint(1, 4)):
            if r.random() < 0.35 and len(sents) >= 2:
                sents = []
                paragraphs.append(sents)
                subject_is_speaker = False
            x = r.random()
            if subject_is_speaker and x < 0.3:
                p = self.pronoun(who)
                if r.random() < 0.7:
                    sents.append(self.direct(who, p, "pronoun"))
                else:
                    sents.append(self.indirect_sentence(who, p))
                subject_is_speaker = sents[-1].startswith(p)
                continue
            ref, by = self.ref(who)
            if x < 0.7:
                sents.append(self.direct(who, ref, by))
            elif x < 0.85:
                sents.append(self.partial(who, ref, by))
            else:
                sents.append(self.indirect_sentence(who, ref))
            subject_is_speaker = sents[-1].startswith(ref)
        out = [" ".join(s) for s in paragraphs if s]
        last = self.quotes[-1] if self.quotes else None
        if (
            last
            and last["speaker"] == who.name
            and last["kind"] == "direct"
            and r.random() < 0.25
            and out[-1].endswith(self.style[1])
        ):
            text = self.quote_text()
            self.add_quote(who, "direct", "continuation", text)
            out.append(self.q(text))
        return out

    def anonymous(self) -> str:
        r = self.r
        text = self.quote_text()
        self.quotes.append(
            {"speaker": None, "kind": "direct", "attributed_by": "anonymous", "starts": _words(text, 8)}
        )
        if r.random() < 0.5:
            who = f"An official at the {self.org_ref(*self.agency)}"
        else:
            who = f"{self.company} said in a statement"
            return f"{who}, {self.q(text)}"
        return f"{who} {r.choice(['said', 'noted', 'explained'])}, {self.q(text)}"

    # ---- facts and traps ---------------------------------------------------------------------------
    def fact(self) -> str:
        r = self.r
        if not self.fact_bag:
            self.fact_bag = [*range(11), *[11, 12, 13, 14, 15] * 3]
            r.shuffle(self.fact_bag)
        k = self.fact_bag.pop()
        co, brand = self.company, self.brand
        if k == 0:
            return f"{co} {self.verb(True)} a {self.adj()} {r.choice(['licensing', 'supply', 'co-development', 'distribution'])} agreement worth {self.money()} with {self.partner} on {self.day()}."
        if k == 1:
            return f"Under the agreement, {self.partner} will pay an upfront fee of {self.money()} and up to {self.money()} in development and commercial milestones."
        if k == 2:
            return f"{brand} ({self.code}), {'an' if self.modality[0] in 'aeiou' else 'a'} {self.modality} targeting {r.choice(V.TARGETS)}, is being developed for {self.disease}, and its ingredient name is {self.inn}."
        if k == 3:
            return f"The phase {r.randint(1, 3)} trial enrolled {r.randint(40, 2400):,} patients at {r.randint(5, 180)} sites in {r.choice(V.COUNTRIES)} and {r.choice(V.COUNTRIES)}."
        if k == 4:
            return f"Sales of {brand} rose {self.pct()} year-on-year to {self.money()} in the {r.choice(['first', 'second', 'third', 'fourth'])} quarter."
        if k == 5:
            return f"The new plant in {self.place} will add {self.qty()} of capacity when it is completed in {r.randint(2026, 2030)}."
        if k == 6:
            return f"The {self.org_ref(*self.agency)} approved {brand} for the treatment of {self.disease} on {self.day()}."
        if k == 7:
            return f"The domestic {self.modality} market reached {self.money()} last year and is forecast to grow {self.pct()} a year through {r.randint(2028, 2035)}."
        if k == 8:
            return f"Shares of {co} closed {self.pct()} higher at {r.randint(5, 900) * 100:,} won on {self.day()}."
        if k == 9:
            name, acr = self.assoc
            return f"The {self.org_ref(name, acr)} {self.verb(True)} {self.np()} with {r.randint(12, 300)} member companies."
        if k == 10:
            a, acr = r.choice(V.FOREIGN_AGENCIES)
            return f"{co} {self.verb(True)} {self.np()} to the {self.org_ref(a, acr)} for {self.disease}."
        if k == 11:
            return f"{self.adj().capitalize()} {_plural(self.noun())} {self.verb(True)} {self.np()} in {self.place}, while {self.np()} {self.verb(True)} {self.np()}."
        if k == 12:
            return f"{co} {self.verb(True)} {self.np()} and {self.verb(True)} {self.np()} at its {r.choice(V.PLACES)} site."
        if k == 13:
            return f"The {self.noun()} {self.verb(True)} {self.np()} after {self.np()} {self.verb(True)} {self.np()} on {self.day()}."
        if k == 14:
            return f"As {self.np()} {self.verb(True)} {self.np()}, {self.adj()} {_plural(self.noun())} in {r.choice(V.COUNTRIES)} {self.verb(True)} {self.np()} for {r.choice(V.DISEASES)}."
        return f"{r.choice(self.p.companies)} and {r.choice(V.GLOBAL_COMPANIES)} have {self.verb(True)} {self.np()} for {r.choice(V.MODALITIES)} {_plural(self.noun())} since {r.randint(2015, 2024)}."

    def trap(self) -> str:
        """Quote marks that are not quotes: scare quotes, slogans, events, laws, product names."""
        r = self.r
        sq = ("'", "'") if self.style[0] != "\u201c" or r.random() < 0.5 else ("\u2018", "\u2019")
        dq = self.style if self.style[0] != "'" else ('"', '"')
        k = r.randrange(6)
        if k == 0:
            return f"{self.company} is moving to secure {sq[0]}{r.choice(V.SCARE)}{sq[1]} competitiveness in the {self.modality} business."
        if k == 1:
            return f"The event was held under the slogan {sq[0]}{r.choice(self.p.slogans)}{sq[1]} at {r.choice(V.PLACES)} on {self.day()}."
        if k == 2:
            ev = f"{r.choice(V.EVENT_KINDS)} {self.published.year}"
            return f"{self.company} took part in {dq[0]}{ev}{dq[1]}, which drew {r.randint(20, 900)} companies from {r.randint(3, 60)} countries."
        if k == 3:
            return f"The {sq[0]}{r.choice(V.LAW_NAMES)}{sq[1]}, passed by the National Assembly on {self.day()}, takes effect next year."
        if k == 4:
            return f"The forum focused on the topic of {sq[0]}{self.adj()} {self.noun()} strategy for the {self.adj()} {self.noun()} industry{sq[1]}."
        return f"{self.company} completed clinical trials of {sq[0]}{self.brand} SC (development name {self.code} SC),{sq[1]} a subcutaneous formulation of {self.inn}."

    # ---- assembly --------------------------------------------------------------------------
    def headline(self) -> str:
        r = self.r
        k = r.randrange(5)
        if k == 0:
            return f"{self.company} signs {self.money()} {self.modality} deal with {self.partner}"
        if k == 1:
            return f"{self.agency[1]} approves {self.brand} for {self.disease}"
        if k == 2:
            return f"{self.company} to {self.verb()} {self.noun()} {self.noun()} in {self.place}"
        if k == 3:
            return f"Industry calls for {self.adj()} {self.noun()} to {self.verb()} {self.modality} {_plural(self.noun())}"
        return f"{self.company}'s {self.brand} {self.verb(True)} {self.adj()} {self.noun()} in phase {r.randint(1, 3)} trial"

    def build(self) -> tuple[str, dict]:
        r = self.r
        target_words = r.randint(520, 680)
        reporter = self.p.new_person(r, org=None)
        self.title = self.headline()
        n_speakers = r.choices((0, 1, 2, 3, 4), weights=(8, 25, 35, 22, 10))[0]
        speakers = [self.add_person() for _ in range(n_speakers)]
        extras = [self.add_person() for _ in range(r.randint(0, 5))]
        caption_people = [*speakers, *extras] if extras or speakers else []
        r.shuffle(caption_people)
        captions = [self.caption(caption_people[:6])] if caption_people and r.random() < 0.7 else []
        deck = [
            f"{self.company} {self.verb(True)} {self.np()} for {self.disease}",
            f"The {self.adj()} {self.noun()} is expected to {self.verb()} {self.np()}",
        ][: r.randint(1, 2)]
        if r.random() < 0.3:
            deck.append(self.trap())
        paras: list[str] = []
        words = lambda: sum(len(p.split()) for p in paras)  # noqa: E731
        paras.append(" ".join(self.fact() for _ in range(r.randint(2, 3))))
        shown = caption_people[:6] if captions else []
        listed = [p for p in self.people if p not in shown and p not in speakers]
        if listed or (extras and r.random() < 0.5):
            listed = listed or extras
            paras.append(
                f"The {r.choice(['forum', 'meeting', 'ceremony', 'briefing'])} was attended by "
                + ", ".join(f"{p.name} ({p.role}, {p.org})" for p in listed)
                + "."
            )
        for who in speakers:
            paras.append(" ".join(self.fact() for _ in range(r.randint(1, 3))))
            paras.extend(self.speaker_block(who))
            if r.random() < 0.35:
                paras.append(self.trap() + " " + self.fact())
        if r.random() < 0.15:
            paras.append(self.fact() + " " + self.anonymous())
        while words() < target_words:
            paras.append(
                " ".join(self.fact() if r.random() < 0.85 else self.trap() for _ in range(r.randint(2, 4)))
            )
        author = None if self.outlet == "press" else reporter
        raw, junk = self.render(deck, captions, paras, author)
        people = [{"name": p.name, "role": p.role, "org": p.org} for p in self.people]
        if author:
            outlet_name = {"dailypharm": "Dailypharm", "kbr": "Korea Biomedical Review", "yonhap": "Yonhap"}
            people.insert(0, {"name": self.author_name, "role": "reporter", "org": outlet_name[self.outlet]})
        truth = {
            "file": self.filename,
            "source": self.outlet,
            "title": self.title,
            "byline": {"author": self.author_name},
            "published": self.published.isoformat(),
            "deck": deck,
            "body_must_not_contain": junk,
            "people": people,
            "organizations": [{"name": n, "acronym": a} if a else {"name": n} for n, a in self.orgs.items()],
            "quotes": self.quotes,
            "indirect_statements": self.indirect,
        }
        return raw, truth

    @property
    def filename(self) -> str:
        return f"{self.index:06d}_{self.outlet}.txt"

    def render(
        self, deck: list[str], captions: list[str], paras: list[str], author: Person | None
    ) -> tuple[str, list[str]]:
        r, d = self.r, self.published
        if self.outlet == "dailypharm":
            self.author_name = (
                f"{author.surname} {author.given[0].title()}-{'-'.join(s.title() for s in author.given[1:])}"
            )
            byline = (
                f"{author.surname}, {author.given[0].title()}-{'-'.join(s.title() for s in author.given[1:])}"
            )
            head = [
                "#",
                "",
                "Dailypharm Live Search Close",
                f'  \u2022 "{self.title}"',
                f"  \u2022 by {byline} | {r.choice(['reporter', 'translator'])} | {d:%Y-%m-%d %H:%M:%S}",
                *deck,
                *captions,
                "",
            ]
            tail = [
                "  \u2022 0",
                "Reader Comment",
                "0",
                "Member comment Write Operate Rule",
                "Colse",
                "",
                "If you want to see the full article, please JOIN US (click)",
            ]
            return "\n".join(head) + "\n" + "\n\n".join(paras) + "\n\n" + "\n".join(tail) + "\n", [
                "Dailypharm Live Search Close",
                "Reader Comment",
                "JOIN US",
            ]
        if self.outlet == "kbr":
            self.author_name = f"{author.surname} {author.given[0].title()}-{'-'.join(author.given[1:])}"
            head = [
                "Korea Biomedical Review",
                f"Home > {r.choice(['Pharma', 'Bio', 'Policy', 'Hospital'])}",
                self.title,
                *deck,
                f"By {self.author_name}",
                f"Published {d:%Y.%m.%d %H:%M}",
                f"Updated {d + timedelta(hours=1):%Y.%m.%d %H:%M}",
                "Share",
                "",
                *captions,
                "",
            ]
            tail = [
                "Copyright \u00a9 Korea Biomedical Review. All rights reserved.",
                "Related articles",
                f"- {self.company} {self.verb(True)} {self.noun()} {self.noun()}",
            ]
            return "\n".join(head) + "\n" + "\n\n".join(paras) + "\n\n" + "\n".join(tail) + "\n", [
                "All rights reserved",
                "Related articles",
            ]
        if self.outlet == "yonhap":
            self.author_name = f"{author.surname} {author.given[0].title()}-{'-'.join(author.given[1:])}"
            city = r.choice(["SEOUL", "INCHEON", "SEJONG", "DAEJEON"])
            paras = [f"{city}, {V.MONTHS_ABBR[d.month - 1]} {d.day} (Yonhap) -- " + paras[0], *paras[1:]]
            head = [
                "Yonhap News Agency",
                "All News",
                self.title,
                f"{d:%H:%M} {V.MONTHS[d.month - 1]} {d.day}, {d.year}",
                f"By {self.author_name}",
                *deck,
                *captions,
                "",
            ]
            tail = [
                f"({author.surname.lower()}{author.given[0]}@yna.co.kr)",
                "(END)",
                "Keywords",
                f"#{self.company.split()[0]} #{self.modality.split()[0]}",
            ]
            return "\n".join(head) + "\n" + "\n\n".join(paras) + "\n\n" + "\n".join(tail) + "\n", [
                "(END)",
                "Keywords",
                "@yna.co.kr",
            ]
        co = self.company
        self.author_name = f"{co} PR"
        head = [
            "Media",
            "",
            f"Stay up to date with the latest news from {co} ",
            "",
            f"[News]{self.title}",
            "",
            f"{co} PR",
            f"{d.day} {V.MONTHS[d.month - 1][:3]} {d.year}",
            "",
            *[f"| {x} \n" for x in deck],
            *captions,
            "",
            f"{r.getrandbits(52):013x}.jpg",
            "",
            "",
        ]
        return "\n".join(head) + "\n" + "\n\n\n".join(paras) + "\n", [
            "Stay up to date with the latest news",
            ".jpg",
        ]


_POOLS: dict[int, Pools] = {}


def make_article(seed: int, index: int) -> tuple[str, str, dict]:
    """(file name, raw text, truth entry) for article ``index``; pure function of (seed, index)."""
    pools = _POOLS.get(seed) or _POOLS.setdefault(seed, Pools(seed))
    a = Article(pools, seed, index)
    raw, truth = a.build()
    return a.filename, raw, truth


def _chunk(args: tuple[int, int, int]) -> list[tuple[str, str, dict]]:
    seed, lo, hi = args
    return [make_article(seed, i) for i in range(lo, hi)]


def _jsonl_record(name: str, raw: str, truth: dict) -> str:
    rec = {
        "id": name.removesuffix(".txt"),
        "outlet": truth["source"],
        "title": truth["title"],
        "author": truth["byline"]["author"],
        "published": truth["published"],
        "text": raw,
    }
    return json.dumps(rec, ensure_ascii=False)


def generate(n: int, out: Path, seed: int = 7, start: int = 0, fmt: str = "txt", workers: int = 2) -> Path:
    """Write the corpus and ``truth.json``; returns ``out``.  Already complete corpora are kept."""
    out.mkdir(parents=True, exist_ok=True)
    done = out / ".complete"
    if done.exists() and done.read_text() == f"{n} {seed} {start} {fmt}":
        return out
    chunks = [(seed, lo, min(lo + 500, start + n)) for lo in range(start, start + n, 500)]
    truth_out = (out / "truth.json").open("w", encoding="utf-8", buffering=1 << 20)
    truth_out.write(
        json.dumps({"about": f"generated by bench/gen_corpus.py seed={seed} start={start} n={n}"})[:-1]
        + ', "articles": [\n'
    )
    jsonl = (
        (out / "articles.jsonl").open("w", encoding="utf-8", buffering=1 << 20) if fmt == "jsonl" else None
    )
    first = True
    with mp.get_context("fork").Pool(workers) if workers > 1 else _Serial() as pool:
        for batch in pool.imap(_chunk, chunks):
            for name, raw, truth in batch:
                if jsonl:
                    jsonl.write(_jsonl_record(name, raw, truth) + "\n")
                    truth["file"] = "articles.jsonl"
                else:
                    (out / name).write_text(raw, encoding="utf-8")
                truth_out.write(("" if first else ",\n") + json.dumps(truth, ensure_ascii=False))
                first = False
    truth_out.write("\n]}\n")
    truth_out.close()
    if jsonl:
        jsonl.close()
    done.write_text(f"{n} {seed} {start} {fmt}")
    return out


class _Serial:
    def __enter__(self) -> _Serial:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def imap(self, fn, items):  # type: ignore[no-untyped-def]
        return map(fn, items)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument(
        "--start",
        type=int,
        default=0,
        help="index of the first article (fresh articles for incremental runs)",
    )
    ap.add_argument("--format", choices=("txt", "jsonl"), default="txt")
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args(argv)
    t = time.perf_counter()
    generate(a.n, a.out, a.seed, a.start, a.format, a.workers)
    print(f"{a.n} articles in {time.perf_counter() - t:.1f}s -> {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
