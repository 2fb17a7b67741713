"""The corrections log applied to one snapshot of the index, without writing to it.

Most corrections act on entity ids alone (merge, retype, drop, rename): their counts are the index's
own counts moved to the new id, with a merged entity's articles counted once (the union of its ids'
postings).  The rest act inside particular articles (a split, a reassigned or rejected quote): those
articles are read, corrected with ``kbio_tui.corrections.apply_article`` and counted again, and the
difference is added.  Built once per snapshot and log, on the first call that needs it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from kbio_tui.corrections import Compiled, apply_article, type_of
from kbio_tui.index import fastrank
from kbio_tui.index.docs import article_counts, ent_term, unpack_article
from kbio_tui.index.names import name_keys
from kbio_tui.index.schema import TYPE_SEP
from kbio_tui.models import Article


class Affected(NamedTuple):
    docnum: int
    article: Article  # corrected
    ents: dict[str, int]  # corrected "type|id" -> 1 + mentions
    speakers: dict[str, int]  # corrected id -> quotes


def final_term(c: Compiled, term: str) -> str | None:
    """A ``type|id`` term of the index as it is now (None: dropped)."""
    etype, _, eid = term.partition(TYPE_SEP)
    final = c.resolve(eid)
    if final is None:
        return None
    return ent_term(c.types.get(final, etype if final == eid else type_of(final)), final)


def _mapped(c: Compiled, counts: dict[str, Any]) -> tuple[dict[str, int], dict[str, int]]:
    """An article's stored counts with ids resolved (an article naming two merged ids counts once)."""
    ents: dict[str, int] = {}
    for term, n in counts.get("e", {}).items():
        t = final_term(c, term)
        if t is not None:
            ents[t] = ents.get(t, 1) + n - 1
    speakers: dict[str, int] = {}
    for sid, n in counts.get("s", {}).items():
        final = c.resolve(sid)
        if final is not None:
            speakers[final] = speakers.get(final, 0) + n
    return ents, speakers


class Overlay:
    def __init__(
        self,
        s: Any,
        c: Compiled,
        ents: dict[str, list[int]],
        speakers: dict[str, int],
        blob: Callable[[str, int | None], dict[str, Any] | None],
    ) -> None:
        self.c = c
        self.affected: dict[str, Affected] = {}
        self.raw_counts: dict[str, dict[str, Any]] = {}
        self._find_affected(s, blob)
        self.ents, self.speakers = self._count(s, ents, speakers)
        # roles and organisations of split-off entities, from the articles they were split in
        self.extra: dict[str, tuple[list[str], list[str]]] = {}
        for a in self.affected.values():
            for e in a.article.entities:
                if e.id in c.split_from:
                    roles, orgs = self.extra.setdefault(e.id, ([], []))
                    if e.role and e.role not in roles:
                        roles.append(e.role)
                    if e.org and e.org not in orgs:
                        orgs.append(e.org)

    def _find_affected(self, s: Any, blob: Callable[[str, int | None], dict[str, Any] | None]) -> None:
        c = self.c
        wanted: dict[str, int | None] = {aid: None for aid in c.article_ids()}
        members = c.members()
        for entity_id in c.split_alias:
            for raw in members.get(entity_id, {entity_id}):
                for docnum in fastrank.term_docs(s, "a_ents", ent_term(type_of(raw), raw)):
                    wanted[s.stored_fields(docnum)["a_id"]] = docnum
        for aid, known in wanted.items():
            found = [known] if known is not None else fastrank.term_docs(s, "a_id", aid)
            if not found:
                continue  # an article that is no longer in the index
            docnum = found[0]
            doc = blob(aid, docnum)
            if doc is None:
                continue
            article = apply_article(unpack_article(doc["b_blob"]), c)
            ents, speakers = article_counts(article)
            self.affected[aid] = Affected(docnum, article, ents, speakers)
            self.raw_counts[aid] = doc.get("b_counts") or {}

    def _count(
        self, s: Any, raw_ents: dict[str, list[int]], raw_speakers: dict[str, int]
    ) -> tuple[dict[str, list[int]], dict[str, int]]:
        c = self.c
        ents = dict(raw_ents)
        speakers = dict(raw_speakers)
        for final, group in c.members().items():
            terms = [ent_term(type_of(raw), raw) for raw in group]
            docs: set[int] = set()
            mentions = quotes = 0
            for raw, term in zip(group, terms, strict=True):
                if term in ents:
                    mentions += ents[term][1]
                if raw in speakers:
                    quotes += speakers[raw]
                if len(group) > 1:
                    docs.update(fastrank.term_docs(s, "a_ents", term))
            articles = len(docs) if len(group) > 1 else ents.get(terms[0], [0, 0])[0]
            for raw, term in zip(group, terms, strict=True):
                ents.pop(term, None)
                speakers.pop(raw, None)
            ents[ent_term(c.types.get(final, type_of(final)), final)] = [articles, mentions]
            speakers[final] = quotes
        for raw in c.canon:  # dropped
            if c.resolve(raw) is None:
                ents.pop(ent_term(type_of(raw), raw), None)
                speakers.pop(raw, None)
        for aid, a in self.affected.items():
            before_e, before_s = _mapped(c, self.raw_counts[aid])
            for term in set(before_e) | set(a.ents):
                row = ents.setdefault(term, [0, 0])
                row = ents[term] = [row[0], row[1]]
                row[0] += (term in a.ents) - (term in before_e)
                row[1] += (a.ents.get(term, 1) - 1) - (before_e.get(term, 1) - 1)
            for sid in set(before_s) | set(a.speakers):
                speakers[sid] = speakers.get(sid, 0) + a.speakers.get(sid, 0) - before_s.get(sid, 0)
        return ents, speakers

    def article_ents(self, article_id: str, counts: dict[str, Any]) -> tuple[dict[str, int], dict[str, int]]:
        """An article's corrected counts: from the article itself when a correction names it."""
        a = self.affected.get(article_id)
        if a is not None:
            return a.ents, a.speakers
        return _mapped(self.c, counts)

    def card(self, entity_id: str, raw_card: Callable[[str], dict[str, Any] | None]) -> dict[str, Any] | None:
        """The entity's card as the corrections say: its ids' cards merged, renamed, retyped."""
        c = self.c
        if entity_id in c.canon:
            return None  # merged into another, retyped or dropped: it is no entity any more
        sources = sorted(c.members().get(entity_id, {entity_id}), key=lambda x: (x != entity_id, x))
        cards = [card for x in sources if (card := raw_card(x)) is not None]
        if entity_id in c.split_from:
            roles, orgs = self.extra.get(entity_id, ([], []))
            cards.insert(
                0,
                {
                    "id": entity_id,
                    "type": c.types.get(entity_id, type_of(entity_id)),
                    "name": c.names[entity_id],
                    "aliases": [],
                    "roles": roles,
                    "orgs": orgs,
                    "acronym": None,
                },
            )
        if not cards:
            return None
        first = cards[0]
        name = c.names.get(entity_id, first["name"])
        split_off = c.split_off_aliases(entity_id)
        aliases: list[str] = []
        for card in cards:
            for n in (card["name"], *card["aliases"]):
                if n != name and n not in aliases and not any(k & name_keys(n) for k in split_off):
                    aliases.append(n)
        roles = [c.roles[entity_id]] if entity_id in c.roles else []
        orgs = [c.orgs[entity_id]] if entity_id in c.orgs else []
        for card in cards:
            roles += [r for r in card["roles"] if r not in roles]
            orgs += [o for o in card["orgs"] if o not in orgs]
        return {
            "id": entity_id,
            "type": c.types.get(entity_id, first["type"]),
            "name": name,
            "aliases": aliases,
            "roles": roles,
            "orgs": orgs,
            "acronym": next((card["acronym"] for card in cards if card["acronym"]), None),
        }
