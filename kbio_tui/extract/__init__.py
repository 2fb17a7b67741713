"""Rule-based extraction: people, organisations, products, laws, places, figures, dates and quotes.

``extract(article)`` is pure and deterministic, and it never raises: odd text yields fewer findings,
not an exception, because one strange article must not stop an ingest run.
"""

from __future__ import annotations

from ..models import Article, EntityType
from .doc import Doc
from .figures import find_dates, find_figures
from .interview import interview_answers
from .orgs import OrgFinder
from .people import PeopleFinder
from .quotes import QuoteFinder
from .speakers import SpeakerResolver
from .things import find_laws, find_places, find_products

__all__ = ["extract", "extract_strict"]


def _surname_mentions(doc: Doc, people: PeopleFinder, resolver: SpeakerResolver) -> None:
    """Link bare surnames ("Cho noted") to the one person they can mean; ambiguous ones stay unlinked."""
    text = doc.text
    hits: list[tuple[int, str]] = []
    written = {
        e.attrs["surname"]
        for e in doc.entities.values()
        if e.type is EntityType.PERSON and e.attrs.get("surname", "").lower() in people.key_of_surname
    }
    for name in sorted(written):
        if len(name) < 2 or not (name.replace("-", "").isalpha() and name.isascii() and name[0].isupper()):
            continue
        i = text.find(name)
        while i >= 0:
            j = i + len(name)
            if not (i and _word_char(text[i - 1])) and not (j < len(text) and _word_char(text[j])):
                hits.append((i, name))
            i = text.find(name, j)
    for start, tok in sorted(hits):
        end = start + len(tok)
        if doc.is_taken(start, end):
            continue
        eid = resolver.resolve_surname(tok, start)
        if eid and doc.entities[eid].attrs.get("surname", "").lower() == tok.lower():
            doc.add_mention(eid, start, end)


def _full_name_mentions(doc: Doc) -> None:
    """Every later use of a known full name is a mention, whatever its context ("David Park was ...")."""
    text = doc.text
    for ent in [e for e in doc.entities.values() if e.type is EntityType.PERSON and " " in e.name]:
        name = ent.name
        i = text.find(name)
        while i >= 0:
            j = i + len(name)
            if (
                not (i and _word_char(text[i - 1]))
                and not (j < len(text) and _word_char(text[j]))
                and not doc.is_taken(i, j)
            ):
                doc.add_mention(ent.id, i, j)
            i = text.find(name, j)


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch in "_-"


def extract_strict(article: Article) -> Article:
    """``extract`` without the safety net: rule bugs raise here, so tests and benchmarks see them."""
    doc = Doc.build(article)
    find_laws(doc)
    orgs = OrgFinder(doc)
    orgs.run()
    if article.outlet:
        orgs.register(article.outlet)
    people = PeopleFinder(doc, orgs)
    people.run()
    _full_name_mentions(doc)
    _surname_mentions(doc, people, SpeakerResolver(doc, people.key_of_surname))
    find_products(doc)
    find_places(doc, orgs.tokens, orgs.lows)
    find_figures(doc)
    find_dates(doc)
    resolver = SpeakerResolver(doc, people.key_of_surname)
    quotes = QuoteFinder(doc, resolver)
    quotes.run()
    order = {t: i for i, t in enumerate(EntityType)}
    entities = sorted(doc.entities.values(), key=lambda e: (order[e.type], e.id))
    mentions = sorted(doc.mentions, key=lambda m: (m.start, m.end))
    qs = sorted(interview_answers(doc, quotes.quotes), key=lambda q: (q.start, q.kind != "indirect"))
    return article.model_copy(
        update={"sentences": doc.sentences, "entities": entities, "mentions": mentions, "quotes": qs}
    )


def extract(article: Article) -> Article:
    try:
        return extract_strict(article)
    except Exception:  # a rule bug on strange text must cost this article's findings, not the ingest run
        try:
            doc = Doc.build(article)
            return article.model_copy(update={"sentences": doc.sentences})
        except Exception:
            return article.model_copy()
