"""Organisations: acronym definitions both ways, head-word runs, a gazetteer, bare acronyms.

Ids come from the gazetteer key when known, else from the full name, else the acronym, so the same
body in two articles gets one id whatever its casing (``Samsung BioLogics``).
"""

from __future__ import annotations

import bisect
import re
from functools import cache, lru_cache

from ..models import Entity, EntityType
from .doc import Doc
from .gazetteer import ORGS
from .lexicon import alternation

TOKEN_RE = re.compile(r"[A-Za-z0-9](?:\.(?:[A-Z]\.)+|[A-Za-z0-9&\-]*\.?)")
CONNECTORS = frozenset({"of", "and", "for", "on", "the", "&", "in", "by", "de"})
LEAD_STRIP = frozenset(
    [
        "the",
        "a",
        "an",
        "in",
        "at",
        "on",
        "for",
        "by",
        "with",
        "from",
        "since",
        "while",
        "unlike",
        "according",
        "meanwhile",
        "also",
        "and",
        "but",
        "as",
        "both",
        "at",
        "under",
        "through",
        "to",
        "of",
        "its",
        "their",
        "his",
        "her",
        "this",
        "that",
        "these",
        "those",
        "during",
        "after",
        "before",
        "including",
        "starting",
        "led",
        "panelists",
        "about",
    ]
)
# heads of public bodies, institutions and associations
_BODY_HEADS = frozenset(
    (
        "association",
        "associations",
        "federation",
        "council",
        "alliance",
        "society",
        "agency",
        "administration",
        "ministry",
        "service",
        "bureau",
        "office",
        "department",
        "division",
        "commission",
        "committee",
        "board",
        "authority",
        "assembly",
        "court",
        "union",
        "network",
        "consortium",
        "institute",
        "institution",
        "university",
        "college",
        "school",
        "hospital",
        "clinic",
        "center",
        "centre",
        "foundation",
        "organization",
        "organisation",
        "party",
        "exchange",
        "fund",
        "bank",
    )
)

# ...plus the heads and legal forms of companies and outlets
ORG_HEADS = _BODY_HEADS | frozenset(
    (
        "ag",
        "b.v",
        "b.v.",
        "bio",
        "bioepis",
        "biologics",
        "biopharma",
        "biopharmaceutical",
        "bioscience",
        "biosciences",
        "biotech",
        "capital",
        "chem",
        "chemical",
        "co.",
        "corp",
        "corp.",
        "corporation",
        "daily",
        "diagnostics",
        "electronics",
        "gazette",
        "genomics",
        "gmbh",
        "group",
        "healthcare",
        "herald",
        "holdings",
        "inc.",
        "investment",
        "journal",
        "k.k",
        "k.k.",
        "laboratories",
        "labs",
        "ltd.",
        "medicine",
        "medicines",
        "n.v",
        "n.v.",
        "partners",
        "pharm",
        "pharma",
        "pharmaceutical",
        "pharmaceuticals",
        "plc",
        "s.a",
        "s.a.",
        "sciences",
        "securities",
        "therapeutics",
        "times",
        "tribune",
        "vaccine",
        "vaccines",
        "ventures",
    )
)
# Newspapers keep their article: "told The Korea Economic Daily".
_NEWS_HEADS = frozenset(["daily", "herald", "times", "journal", "tribune", "gazette"])
_PLACE_ADJ = frozenset(
    [
        "korea",
        "korean",
        "world",
        "international",
        "national",
        "global",
        "asian",
        "european",
        "american",
        "seoul",
    ]
)
# Legal-form suffixes are not part of the name analysts search for ("Meridian Oncology Ltd.").
_LEGAL_SUFFIX_RE = re.compile(r"(?:,?\s+(?:Co\.?,?\s*Ltd|Co|Ltd|Inc|Corp|LLC|Limited)\.?)+$")
# Foreign legal forms stay in the displayed name (news writes "Helvara AG" as the name) but not in the id,
# so "Helvara AG" and a later bare "Helvara" are one organisation.
_FOREIGN_SUFFIX_RE = re.compile(r"(?:,?\s+(?:GmbH|AG|plc|PLC|N\.V\.?|B\.V\.?|K\.K\.?|S\.A\.?|SE|AB|ASA))$")
# "Ministry of Trade, Industry and Energy": commas inside a public body's name.
_LISTED_BODY_RE = re.compile(
    r"(?:Ministry|Department|Committee|Commission|Council|Institute|Agency|Office) of "
    r"[A-Z][\w-]+(?:, [A-Z][\w-]+)+,? and [A-Z][\w-]+"
)
# "market tracker FnGuide": a descriptor noun phrase news uses before a firm's bare name.
_DESCRIPTORS = (
    "market tracker",
    "data provider",
    "data tracker",
    "research firm",
    "consultancy",
    "consulting firm",
    "pollster",
    "market researcher",
    "market research firm",
    "brokerage",
    "credit rating agency",
    "rating agency",
    "news agency",
    "newspaper",
    "daily",
    "broadcaster",
    "bourse",
    "stock exchange",
    "developer",
    "drugmaker",
    "drug developer",
    "biotech",
    "biotech firm",
    "startup",
    "contract manufacturer",
    "pharmaceutical company",
)
_DESCRIBED_ORG_RE = re.compile(
    rf"\b(?:{alternation(_DESCRIPTORS)})\s+([A-Z][\w&.-]*[A-Za-z](?:\s[A-Z][\w&-]*[A-Za-z]){{0,3}})"
)
_SUBJECT_DESCRIPTORS = frozenset(
    [
        "developer",
        "drugmaker",
        "drug developer",
        "biotech",
        "biotech firm",
        "startup",
        "contract manufacturer",
        "pharmaceutical company",
    ]
)
_ACR_PAREN_RE = re.compile(r"\s?\(([A-Z][A-Za-z&]{1,11})\)")
ACRONYM_RE = re.compile(r"\b[A-Z][A-Za-z]*[A-Z][A-Za-z]*\b")

_GAZ_NAME: dict[str, str] = {}
_GAZ_ACR: dict[str, str] = {}
for _k, (_name, _acr, _aliases) in ORGS.items():
    for _n in (_name, *_aliases):
        _GAZ_NAME[_n.lower()] = _k
    if _acr:
        _GAZ_ACR[_acr] = _k
_GAZ_FIRST = frozenset(n.split()[0] for n in _GAZ_NAME) | frozenset(
    n.split()[0].rstrip(".") for n in _GAZ_NAME
)
_GAZ_MAX = max(len(n.split()) for n in _GAZ_NAME)


_NO_SIZES: frozenset[int] = frozenset()
_SIZES: dict[int, dict[str, frozenset[int]]] = {}


def _name_sizes(table: dict[str, str]) -> dict[str, frozenset[int]]:
    """First word -> the word counts of the table's names that start with it (tables are module constants)."""
    got = _SIZES.get(id(table))
    if got is None:
        sizes: dict[str, set[int]] = {}
        for name in table:
            words = [w for w in name.split() if w != "&"]  # "&" is not a token ("Johnson & Johnson")
            if words:
                sizes.setdefault(words[0], set()).add(len(words))
        got = _SIZES[id(table)] = {w: frozenset(v) for w, v in sizes.items()}
    return got


def token_ngram_hits(
    text: str,
    toks: list[tuple[int, int, str]],
    lows: list[str],
    firsts: frozenset[str],
    max_n: int,
    table: dict[str, str],
) -> list[tuple[int, int, str]]:
    """Longest n-grams of space-separated tokens whose lower-cased text is a key of ``table``."""
    out: list[tuple[int, int, str]] = []
    n = len(toks)
    cands = [k for k, low in enumerate(lows) if low in firsts or (low[-1:] == "." and low[:-1] in firsts)]
    lens = _name_sizes(table)
    last_end = -1
    for i in cands:
        if i <= last_end:
            continue
        j = i
        while j + 1 < n and j - i + 1 < max_n and text[toks[j][1] : toks[j + 1][0]] in (" ", " & "):
            j += 1
        low = lows[i]
        sizes = lens.get(low, _NO_SIZES)
        if low[-1:] == ".":
            sizes = sizes | lens.get(low[:-1], _NO_SIZES)
        for k in range(j, i - 1, -1):
            if k - i + 1 not in sizes:
                continue  # no name with this first word has that many words
            a, b = toks[i][0], toks[k][1]
            written = text[a:b].lower()
            key = table.get(written)
            if key is None and written.endswith("."):
                key = table.get(written[:-1])
                b -= 1 if key else 0
            if key is not None:
                out.append((a, b, key))
                last_end = k
                break
    return out


_SLUG_DROP_RE = re.compile(r"\b(the|co\.?,? ltd\.?|co\.|ltd\.?|inc\.?|corp\.?|corporation|company)\b")
_SLUG_SEP_RE = re.compile(r"[^a-z0-9]+")
_LEAD_THE_RE = re.compile(r"^(?:the|The)\s+")
_POSSESSIVE_RE = re.compile(r"['\u2019]s\s")


def slug(name: str) -> str:
    s = name.lower().replace("&", " and ")
    s = _SLUG_DROP_RE.sub(" ", s)
    return _SLUG_SEP_RE.sub("-", s).strip("-")


def gazetteer_key(name: str) -> str | None:
    return _GAZ_NAME.get(name.lower()) or _GAZ_ACR.get(name)


def _ends_sentence(low: str) -> bool:
    """A token with a full stop that is no abbreviation ("FnGuide.") ends the run."""
    return low.endswith(".") and len(low) > 3 and low not in ORG_HEADS and "." not in low[:-1]


def is_head(tok: str) -> bool:
    low = tok.lower()
    return low in ORG_HEADS or low.rstrip(",.") in ORG_HEADS  # "... of the Korea Exchange." ends a sentence


def acronym_fits(acr: str, words: list[str]) -> bool:
    """Loose initials test: each content word gives the acronym one or more letters, its first one
    being the word's initial ("KBMIA" fits Korea BioMedicine Industry Association)."""
    return _acronym_fits(acr, tuple(words))


@lru_cache(maxsize=8192)
def _acronym_fits(acr: str, words: tuple[str, ...]) -> bool:
    acr = acr.rstrip("s") if len(acr) > 2 and acr[-1] == "s" and acr[:-1].isupper() else acr
    a = acr.lower()
    ws = [w.lower().strip(",.") for w in words]
    ws = [w for w in ws if w]

    @cache
    def go(i: int, j: int) -> bool:
        if j == len(ws):
            return i == len(a)
        w = ws[j]
        optional = w in CONNECTORS
        if optional and go(i, j + 1):
            return True
        if i < len(a) and w[0] == a[i]:
            # take the initial, then optionally more letters from inside the same word
            k, pos = i + 1, 1
            if go(k, j + 1):
                return True
            while k < len(a):
                found = w.find(a[k], pos)
                if found < 0:
                    break
                k, pos = k + 1, found + 1
                if go(k, j + 1):
                    return True
        return False

    return go(0, 0)


def _is_org_name(words: list[str]) -> bool:
    if not words:
        return False
    for i, w in enumerate(words):
        lw = w.lower().rstrip(",")
        if lw in ("organization", "organisation"):
            if words[0].lower() in _PLACE_ADJ:
                return True
            continue
        if lw in ORG_HEADS and i > 0:
            return True
    return gazetteer_key(" ".join(words)) is not None


_FOREIGN_LEGAL = frozenset(["ag", "gmbh", "plc", "n.v.", "b.v.", "k.k.", "s.a.", "inc.", "ltd.", "corp."])
# Job titles that follow an organisation name directly ("... of Hematology President Yoo").
_TITLE_STOP = frozenset(
    ["president", "chairman", "chairwoman", "ceo", "director", "head", "professor", "minister", "dean"]
)

_COMPANY_HEADS = ORG_HEADS - _BODY_HEADS


def _split_run(run: list[tuple[int, int, str]]) -> list[list[tuple[int, int, str]]]:
    """ "the Democratic Party and the Korean Society of Hematology": two bodies, not one.

    "and" splits only where a name plainly ends before it (a legal form) or a new one starts ("and the").
    """
    parts: list[list[tuple[int, int, str]]] = []
    cur: list[tuple[int, int, str]] = []
    # "Hwarang Vaccine and Dongbu Labs": two firms; "X Pharmaceutical and Y Association" stays one body
    last_head = next((t[2].lower().rstrip(",") for t in reversed(run) if is_head(t[2])), "")
    for k, tok in enumerate(run):
        low = tok[2].lower()
        if (
            low == "and"
            and cur
            and (
                (k + 1 < len(run) and run[k + 1][2].lower() == "the")
                or cur[-1][2].lower() in _FOREIGN_LEGAL
                or (cur[-1][2].lower() in _COMPANY_HEADS and last_head in _COMPANY_HEADS)
            )
        ):
            parts.append(cur)
            cur = []
            continue
        cur.append(tok)
    parts.append(cur)
    return [p for p in parts if p]


class OrgFinder:
    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.by_acr: dict[str, str] = {}  # acronym -> entity id
        self.tokens = [(*m.span(), m[0]) for m in TOKEN_RE.finditer(doc.text)]
        self._tok_ends = [t[1] for t in self.tokens]
        self.lows = [t[2].lower() for t in self.tokens]

    # -- registry ---------------------------------------------------------------------------------
    def register(self, name: str, acronym: str | None = None, *, display_if_new: str | None = None) -> Entity:
        stripped = _LEGAL_SUFFIX_RE.sub("", name)
        if stripped != name and len(stripped) >= 3:
            name = stripped
        bare = _FOREIGN_SUFFIX_RE.sub("", name)
        if len(bare) < 3:
            bare = name
        key = gazetteer_key(bare) or (gazetteer_key(acronym) if acronym else None)
        if key is None and acronym and acronym in self.by_acr:
            eid = self.by_acr[acronym]
        elif key is None and name in self.by_acr:
            eid = self.by_acr[name]
        else:
            eid = f"org:{key or slug(bare)}"
        if acronym is None and key and ORGS[key][1]:
            acronym = ORGS[key][1]
        ent = Entity(id=eid, type=EntityType.ORG, name=display_if_new or name, acronym=acronym)
        if key:
            ent.attrs["full_name"] = ORGS[key][0]
        ent = self.doc.add_entity(ent)
        if ent.name == bare and name != bare:
            ent.name = name  # "Helvara AG" written once names the body better than a bare "Helvara"
        if key and ent.name != name and name.lower() == ORGS[key][0].lower():
            ent.aliases.append(ent.name)  # the full official name, once written, is the display name
            ent.name = name
        if acronym:
            self.by_acr.setdefault(acronym, ent.id)
            if ent.name == acronym and name != acronym:
                ent.aliases.append(ent.name)
                ent.name = name
        return ent

    def resolve(self, raw: str) -> Entity | None:
        """An org string from a caption or appositive ("KPBMA", "Dongin Law Group Lawyer")."""
        s = raw.strip().strip(",.")
        s = _LEAD_THE_RE.sub("", s)
        if not s:
            return None
        if s in self.by_acr:
            return self.doc.entities[self.by_acr[s]]
        if ACRONYM_RE.fullmatch(s):
            for ent in list(self.doc.entities.values()):
                if ent.type is EntityType.ORG and not ent.acronym and acronym_fits(s, ent.name.split()):
                    ent.acronym = s
                    self.by_acr[s] = ent.id
                    return ent
            return self.register(s, s)
        parent = _POSSESSIVE_RE.split(s, maxsplit=1)
        if len(parent) == 2 and _is_org_name(parent[0].split()):
            s = parent[0]
        words = s.split()
        last_head = max((i for i, w in enumerate(words) if is_head(w)), default=-1)
        if 0 < last_head < len(words) - 1 and "of" not in words[last_head:]:
            s = " ".join(words[: last_head + 1])
        return self.register(s)

    # -- passes -----------------------------------------------------------------------------------
    def run(self) -> None:
        self._definitions()
        self._gazetteer()
        self._listed_bodies()
        self._head_runs()
        self._described()
        self._bare_acronyms()

    def _run_before(self, pos: int) -> list[tuple[int, int, str]]:
        """Capitalised-run tokens ending right before ``pos`` (walking back over connectors/commas)."""
        text = self.doc.text
        idx = bisect.bisect_right(self._tok_ends, pos) - 1
        run: list[tuple[int, int, str]] = []
        end = pos
        while idx >= 0 and len(run) < 14:
            a, b, t = self.tokens[idx]
            gap = text[b:end]
            if gap not in ("", " ") and not (gap in (", ", ",") and run and t[0].isupper()):
                break
            if t[0].isupper() or t[0].isdigit() or t.lower() in CONNECTORS:
                run.append((a, b, t))
                end = a
                idx -= 1
            else:
                break
        run.reverse()
        while run and (run[0][2].lower() in CONNECTORS or run[0][2].lower() in LEAD_STRIP):
            run.pop(0)
        return run

    def _definitions(self) -> None:
        text = self.doc.text
        for m in _ACR_PAREN_RE.finditer(text):
            acr = m.group(1)
            if sum(c.isupper() for c in acr) < 2:
                continue
            run = self._run_before(m.start())
            words = [t for _, _, t in run]
            best = None
            for k in range(len(words) - 1, -1, -1):
                if words[k].lower() in CONNECTORS:
                    continue
                if acronym_fits(acr, words[k:]):
                    best = k
            if best is None:
                if _is_org_name(words) and len(words) >= 2:
                    best = 0
                else:
                    continue
            while best > 0 and run[best - 1][2] in ("U.S.", "US", "U.K.", "UK", "EU"):
                best -= 1
            name_run = run[best:]
            a, b = name_run[0][0], name_run[-1][1]
            name = text[a:b]
            if not (_is_org_name(name.split()) or acr in _GAZ_ACR):
                continue
            ent = self.register(name, acr)
            self.doc.add_mention(ent.id, a, b)
            self.doc.add_mention(ent.id, m.start(1), m.end(1))

    def _gazetteer(self) -> None:
        """Token n-gram lookups: far cheaper than one big case-insensitive alternation."""
        for a, b, key in token_ngram_hits(
            self.doc.text, self.tokens, self.lows, _GAZ_FIRST, _GAZ_MAX, _GAZ_NAME
        ):
            if not self.doc.is_taken(a, b):
                ent = self.register(self.doc.text[a:b], ORGS[key][1])
                self.doc.add_mention(ent.id, a, b)

    def _listed_bodies(self) -> None:
        text = self.doc.text
        if ", " not in text:
            return
        for m in _LISTED_BODY_RE.finditer(text):
            if not self.doc.is_taken(m.start(), m.end()):
                ent = self.register(m.group())
                self.doc.add_mention(ent.id, m.start(), m.end())

    def _described(self) -> None:
        text = self.doc.text
        names: dict[str, str] = {}
        for m in _DESCRIBED_ORG_RE.finditer(text):
            a, b = m.span(1)
            if not self.doc.is_taken(a, b):
                ent = self.register(m.group(1))
                kind = m.group()[: m.start(1) - m.start()].strip().lower()
                if kind not in _SUBJECT_DESCRIPTORS:  # a data source or outlet, never "the company"
                    ent.attrs.setdefault("descriptor", kind)
                self.doc.add_mention(ent.id, a, b)
                names[m.group(1)] = ent.id
        for name, eid in names.items():  # later bare uses of a described name are the same body
            for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
                if not self.doc.is_taken(m.start(), m.end()):
                    self.doc.add_mention(eid, m.start(), m.end())

    def _head_runs(self) -> None:
        """Only runs that contain a head word matter, so start from the head words."""
        text = self.doc.text
        toks, lows = self.tokens, self.lows
        n = len(toks)
        done = -1
        for hi in [k for k, low in enumerate(lows) if low in ORG_HEADS or low.rstrip(",.") in ORG_HEADS]:
            if hi <= done or not toks[hi][2][0].isupper():
                continue
            i = hi
            while (
                i > 0
                and text[toks[i - 1][1] : toks[i][0]] == " "
                and (toks[i - 1][2][0].isupper() or lows[i - 1] in CONNECTORS)
                and not _ends_sentence(lows[i - 1])
            ):
                i -= 1
            while i < hi and not toks[i][2][0].isupper():
                i += 1
            j = hi
            while (
                j + 1 < n
                and not _ends_sentence(lows[j])
                and text[toks[j][1] : toks[j + 1][0]] == " "
                and (toks[j + 1][2][0].isupper() or lows[j + 1] in CONNECTORS)
            ):
                j += 1
            done = j
            run = toks[i : j + 1]
            while run and (run[0][2].lower() in LEAD_STRIP or run[0][2].lower() in CONNECTORS):
                run = run[1:]
            while run and run[-1][2].lower() in CONNECTORS:
                run = run[:-1]
            for part in _split_run(run):
                self._register_run(part)

    def _register_run(self, run: list[tuple[int, int, str]]) -> None:
        text = self.doc.text
        while run and (run[0][2].lower() in CONNECTORS or run[0][2].lower().endswith("-based")):
            run = run[1:]  # "Boston-based Harbor Peak Ventures": the place is not part of the name
        words = [w for _, _, w in run]
        heads = [
            k
            for k, w in enumerate(words)
            if is_head(w) and (k > 0 or (len(words) > 2 and words[1].lower() in ("of", "for", "on")))
        ]
        if not heads:
            return
        # "Professor Han Ji-sun of Yonsei University": the organisation starts after "of"
        cut = max((k for k in range(heads[0]) if words[k].lower() in ("of", "at", "from")), default=-1)
        if cut >= 0:
            run, words = run[cut + 1 :], words[cut + 1 :]
            heads = [k - cut - 1 for k in heads if k > cut]
            while words and words[0].lower() in LEAD_STRIP:
                run, words = run[1:], words[1:]
                heads = [k - 1 for k in heads if k > 0]
            if not heads:
                return
        h = heads[-1]
        if words[h].lower() in ("organization", "organisation") and words[0].lower() not in _PLACE_ADJ:
            return
        end = h
        if h + 1 < len(words) and words[h + 1].lower() in ("of", "for", "on"):
            end = len(words) - 1
            # "Korean Society of Hematology President Yoo": a job title ends the name
            stop = next((k for k in range(h + 2, len(words)) if words[k].lower() in _TITLE_STOP), None)
            if stop is not None:
                end = stop - 1
        span = run[: end + 1]
        sa, sb = span[0][0], span[-1][1]
        if sb - sa < 4 or self.doc.is_taken(sa, sb):
            return
        if words[h].lower().rstrip(".,") in _NEWS_HEADS and text[max(0, sa - 4) : sa] == "The ":
            sa -= 4
        name = text[sa:sb]
        if words[end].lower() not in _FOREIGN_LEGAL:  # "N.V." keeps its last dot; a sentence's does not
            name = name.rstrip(".")
        sb = sa + len(name)
        ent = self.register(name)
        self.doc.add_mention(ent.id, sa, sb)

    def _bare_acronyms(self) -> None:
        for m in ACRONYM_RE.finditer(self.doc.text):
            acr = m.group()
            if self.doc.is_taken(m.start(), m.end()):
                continue
            eid = self.by_acr.get(acr)
            if eid is None and acr in _GAZ_ACR:
                key = _GAZ_ACR[acr]
                eid = self.register(acr, acr).id if key else None
            if eid:
                self.doc.add_mention(eid, m.start(), m.end())
