"""Products and drugs, laws and acts, places."""

from __future__ import annotations

import re

from ..models import Entity, EntityType
from .doc import Doc
from .gazetteer import PLACES
from .orgs import slug, token_ngram_hits

_Q = "['\u2018\u2019\"\u201c\u201d]?"
_BRAND = r"[A-Z][A-Za-z0-9]+(?:[ -][A-Z0-9][A-Za-z0-9]*){0,2}"
PRODUCT_PAREN_RE = re.compile(
    rf"{_Q}({_BRAND}){_Q}\s?\((?:(development|code|product|generic|ingredient|brand|INN)(?:\s?name|\s?code)?[:\s]\s*)?"
    r"([^()]{2,60})\)"
)
_PAREN_RE = re.compile(r"\(")
CODE_RE = re.compile(r"\b(?<!-)([A-Z]{1,5}-?[A-Z]?\d{1,5}[A-Za-z]?(?:\s(?:SC|IV|SQ))?)(?![\w-])")
_CODE_EXCLUDE = frozenset(
    [
        "COVID-19",
        "GLP-1",
        "PD-1",
        "PD-L1",
        "HER2",
        "IL-6",
        "IL-17",
        "IL-23",
        "H5N1",
        "MERS-CoV",
        "SARS-CoV-2",
        "FY2025",
        "Q1",
        "Q2",
        "Q3",
        "Q4",
        "G7",
        "G20",
        "5G",
        "3D",
    ]
)
_INN_SUFFIXES = (
    "mab",
    "nib",
    "tinib",
    "ciclib",
    "parib",
    "cept",
    "tide",
    "gliflozin",
    "gliptin",
    "statin",
    "sartan",
    "pril",
    "vir",
    "mycin",
    "cillin",
    "azole",
    "platin",
    "taxel",
    "rubicin",
    "lukast",
    "dronate",
    "prazole",
    "setron",
    "floxacin",
    "tecan",
    "lisib",
    "rafenib",
    "degib",
    "glutide",
    "kinra",
    "ase",
    "poetin",
    "grastim",
    "sertib",
)
INN_RE = re.compile(r"\b(?<!-)([a-z]{4,}(?:" + "|".join(_INN_SUFFIXES) + r"))(?![\w-])")
_INN_OK_ENDINGS = (
    "mab",
    "nib",
    "cept",
    "tide",
    "gliflozin",
    "gliptin",
    "statin",
    "sartan",
    "vir",
    "platin",
    "taxel",
    "glutide",
    "ciclib",
    "parib",
)
_LOWER_WORDS_RE = re.compile(r"[a-z]{7,}")
_INN_OK = re.compile(
    r"(?:mab|nib|cept|tide|gliflozin|gliptin|statin|sartan|vir|platin|taxel|glutide|ciclib|parib)$"
)

LAW_LONG_RE = re.compile(
    r"\b((?:[A-Z][\w-]*\s+){0,8}(?:Act|Law|Bill)\s+(?:on|for|of)\s+(?:(?:[A-Z][\w-]*|and|of|for|on|the|in)\s+){0,14}"
    r"[A-Z][\w-]*)(?:\s?\(([^()]{2,60})\))?"
)
LAW_SHORT_RE = re.compile(r"\b((?:[A-Z][\w-]*\s+){1,6}(?:Act|Law|Bill))\b(?!\s[A-Z])")
_LAW_LEAD = re.compile(r"^(?:(?:The|This|That|A|An|In|Under|By|Since|Meanwhile|Also|And)\s+)+")

_PLACE_INDEX: dict[str, str] = {}
for _k, (_n, _aliases) in PLACES.items():
    for _a in (_n, *_aliases):
        _PLACE_INDEX[_a] = _k
_PLACE_LOWER = {k.lower(): v for k, v in _PLACE_INDEX.items()}
_PLACE_FIRST = frozenset(k.split()[0] for k in _PLACE_LOWER)
_PLACE_MAX = max(len(k.split()) for k in _PLACE_LOWER)


_LETTER_DIGIT_RE = re.compile(r"[A-Z].*\d|\d.*[A-Z]")
_SHORT_CODE_RE = re.compile(r"[A-Z]\d{1,2}")


def find_laws(doc: Doc) -> None:
    text = doc.text
    if " Act" not in text and " Law" not in text and " Bill" not in text:
        return
    for m in LAW_LONG_RE.finditer(text):
        name = _LAW_LEAD.sub("", m.group(1))
        a = m.start(1) + (len(m.group(1)) - len(name))
        alias = m.group(2)
        key = alias if alias and re.search(r"\b(?:Act|Law|Bill)\b", alias) else name
        ent = doc.add_entity(
            Entity(
                id=f"law:{slug(key)}",
                type=EntityType.LAW,
                name=name,
                aliases=[alias] if alias and key == alias else [],
            )
        )
        doc.add_mention(ent.id, a, m.end(1))
        if alias and key == alias:
            doc.add_mention(ent.id, m.start(2), m.end(2))
    for m in LAW_SHORT_RE.finditer(text):
        name = _LAW_LEAD.sub("", m.group(1))
        a = m.end(1) - len(name)
        if doc.is_taken(a, m.end(1)) or len(name.split()) < 2:
            continue
        ent = doc.add_entity(Entity(id=f"law:{slug(name)}", type=EntityType.LAW, name=name))
        doc.add_mention(ent.id, a, m.end(1))


def _company_near(doc: Doc, pos: int) -> str | None:
    si = doc.sentence_at(pos)
    s = doc.sentences[si] if doc.sentences else None
    lo = s.start if s else 0
    best = None
    for men in doc.mentions:
        if men.entity_id.startswith("org:") and lo <= men.start < pos:
            best = men
    return doc.entities[best.entity_id].name if best else None


def find_products(doc: Doc) -> None:
    text = doc.text
    matches = []
    last = -1
    for paren in _PAREN_RE.finditer(text):
        k = paren.start()
        if k and text[k - 1] == " ":
            k -= 1
        if k and text[k - 1] in "'\u2018\u2019\"\u201c\u201d":
            k -= 1
        if not (k and text[k - 1].isalnum()):
            continue  # the pattern needs a brand word right before this parenthesis
        m = PRODUCT_PAREN_RE.search(text, max(last + 1, paren.start() - 60), paren.end() + 70)
        if m and m.start() > last and m.end(1) <= paren.start() < m.start(3):
            matches.append(m)
            last = m.end()
    for m in matches:
        brand, label, inner = m.group(1), (m.group(2) or "").lower(), m.group(3).strip()
        if doc.is_taken(m.start(1), m.end(1)):
            continue
        attrs: dict[str, str] = {}
        aliases: list[str] = []
        if label in ("development", "code") or (not label and CODE_RE.fullmatch(inner)):
            aliases.append(inner)
            attrs["code"] = inner
        elif label in ("ingredient", "generic", "inn") or (not label and INN_RE.fullmatch(inner)):
            attrs["ingredient"] = inner
        else:
            continue
        company = _company_near(doc, m.start(1))
        if company:
            attrs["company"] = company
        ent = doc.add_entity(
            Entity(
                id=f"product:{slug(brand)}", type=EntityType.PRODUCT, name=brand, aliases=aliases, attrs=attrs
            )
        )
        doc.add_mention(ent.id, m.start(1), m.end(1))
        inner_start = m.start(3)
        if aliases:
            doc.add_mention(ent.id, inner_start, inner_start + len(inner))
        if "ingredient" in attrs:
            ing = doc.add_entity(
                Entity(
                    id=f"product:{slug(inner)}",
                    type=EntityType.PRODUCT,
                    name=inner,
                    attrs={"kind": "ingredient"},
                )
            )
            doc.add_mention(ing.id, inner_start, inner_start + len(inner))
    # brand mentions again later in the text, and standalone development codes / ingredients
    brands = {e.name: e.id for e in doc.entities.values() if e.type is EntityType.PRODUCT}
    for e in list(doc.entities.values()):
        if e.type is EntityType.PRODUCT:
            for al in e.aliases:
                brands.setdefault(al, e.id)
    for brand, eid in sorted(brands.items(), key=lambda kv: -len(kv[0])):
        pos = text.find(brand)
        while pos >= 0:
            end = pos + len(brand)
            edge_ok = (pos == 0 or not (text[pos - 1].isalnum() or text[pos - 1] == "-")) and (
                end >= len(text) or not (text[end].isalnum() or text[end] == "-")
            )
            if edge_ok and not doc.is_taken(pos, end):
                doc.add_mention(eid, pos, end)
            pos = text.find(brand, end)
    for m in CODE_RE.finditer(text):
        code = m.group(1)
        if code in _CODE_EXCLUDE or doc.is_taken(m.start(1), m.end(1)) or not _LETTER_DIGIT_RE.search(code):
            continue
        if _SHORT_CODE_RE.fullmatch(code):
            continue
        ent = doc.add_entity(
            Entity(id=f"product:{slug(code)}", type=EntityType.PRODUCT, name=code, attrs={"code": code})
        )
        doc.add_mention(ent.id, m.start(1), m.end(1))
    # ingredients: check word endings in Python first, regex only around the few candidates
    cands = {w for w in _LOWER_WORDS_RE.findall(text) if w.endswith(_INN_OK_ENDINGS)}
    inn_matches = [m for w in cands for m in re.finditer(rf"\b(?<!-)({w})(?![\w-])", text)]
    for m in sorted(inn_matches, key=lambda m: m.start()):
        inn = m.group(1)
        if not _INN_OK.search(inn) or doc.is_taken(m.start(1), m.end(1)):
            continue
        ent = doc.add_entity(
            Entity(id=f"product:{slug(inn)}", type=EntityType.PRODUCT, name=inn, attrs={"kind": "ingredient"})
        )
        doc.add_mention(ent.id, m.start(1), m.end(1))


def find_places(doc: Doc, tokens: list[tuple[int, int, str]], lows: list[str]) -> None:
    for a, b, key in token_ngram_hits(doc.text, tokens, lows, _PLACE_FIRST, _PLACE_MAX, _PLACE_LOWER):
        written = doc.text[a:b]
        if doc.is_taken(a, b) or written not in _PLACE_INDEX:  # places are case-sensitive ("US", not "us")
            continue
        ent = doc.add_entity(Entity(id=f"place:{key}", type=EntityType.PLACE, name=PLACES[key][0]))
        doc.add_mention(ent.id, a, b)
