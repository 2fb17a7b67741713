"""The corrections log applied to one snapshot of the index, without writing to it.

Most corrections act on entity ids alone (merge, retype, drop, rename): their counts are the index's
own counts moved to the new id.  A merged entity's articles are its ids' articles counted once (the
union of their postings); that union is taken only when the entity's summary is asked for, so
opening the browser on an entity list reads the postings of the merged entities it shows, not of
all of them.  The rest act inside particular articles (a split, a reassigned or rejected quote):
those articles' stored counts (and, for a reassigned quote, the stored quote rows) are counted again
as corrected and the difference is added.  No article is rebuilt for counting: the corrected
Article (``kbio_tui.corrections.apply_article``) is made only when something asks for its quotes
or for a split-off entity's roles.  Built once per snapshot and log, on the first call that needs it.
"""

from __future__ import annotations

import functools
import json
import zlib
from collections.abc import Callable
from typing import Any

from kbio_tui.corrections import Compiled, apply_article, entity_final, speaker_final, type_of
from kbio_tui.index import fastrank
from kbio_tui.index.docs import ent_term, unpack_article
from kbio_tui.index.names import name_keys
from kbio_tui.index.schema import TYPE_SEP
from kbio_tui.models import Article

# an article's blob document's stored fields by (article id, its article document's number)
Blob = Callable[[str, int | None], dict[str, Any] | None]


def final_term(c: Compiled, term: str) -> str | None:
    """A ``type|id`` term of the index as it is now (None: dropped)."""
    etype, _, eid = term.partition(TYPE_SEP)
    final = c.resolve(eid)
    if final is None:
        return None
    return ent_term(c.types.get(final, etype if final == eid else type_of(final)), final)


def _mapped(c: Compiled, counts: dict[str, Any]) -> tuple[dict[str, int], dict[str, int]]:
    """An article's stored counts with ids resolved (an article naming two merged ids counts once),
    for an article no correction names: what the entity-wide counts hold of it."""
    ents: dict[str, int] = {}
    for term, n in counts.get("e", {}).items():
        t = final_term(c, term)
        if t is not None:
            ents[t] = ents.get(t, 1) + n - 1
    speakers: dict[str, int] = {}
    for sid, n in counts.get("s", {}).items():
        final = speaker_final(c, {}, sid)
        if final is not None:
            speakers[final] = speakers.get(final, 0) + n
    return ents, speakers


def corrected_counts(
    c: Compiled,
    article_id: str,
    counts: dict[str, Any],
    quote_speakers: dict[int, str | None] | None = None,
    keys: Callable[[str], set[str]] | None = None,
) -> tuple[dict[str, int], dict[str, int]]:
    """What ``docs.article_counts(apply_article(article, c))`` is, from the article's stored counts
    (``b_counts``: "type|id" -> 1 + mentions, speaker id -> quotes) without the article.
    ``quote_speakers``: start -> stored speaker id (None: unattributed) of at least the quotes a
    correction names in this article; ``keys``: an entity id -> its name keys in this article, asked
    only for a split by alias."""
    mapping: dict[str, str | None] = {}
    term_of: dict[str, str] = {}  # final id -> its term (the type of the article's first such entity)
    ents: dict[str, int] = {}
    for term, n in counts.get("e", {}).items():
        etype, _, eid = term.partition(TYPE_SEP)
        final = entity_final(c, article_id, eid, functools.partial(keys, eid) if keys else None)
        mapping[eid] = final
        if final is None:
            continue
        t = term_of.setdefault(final, ent_term(c.types.get(final, etype), final))
        ents[t] = ents.get(t, 1) + n - 1
    raw: dict[str, int] = dict(counts.get("s", {}))
    for start, (mode, to, _name) in c.speakers.get(article_id, {}).items():
        if quote_speakers is None or start not in quote_speakers:
            continue  # no quote starts there (any more)
        was = quote_speakers[start]
        if was is not None:
            raw[was] = raw.get(was, 0) - 1
        if mode == "entity" and to is not None:
            raw[to] = raw.get(to, 0) + 1
    speakers: dict[str, int] = {}
    for sid, n in raw.items():
        final = speaker_final(c, mapping, sid) if n > 0 else None
        if final is not None:
            speakers[final] = speakers.get(final, 0) + n
    return ents, speakers


class Affected:
    """An article a correction names: what the corrections add to the counts of the entities they
    move in it (``ents``: "type|id" -> [articles, mentions], ``speakers``: id -> quotes; nothing
    for an entity they leave alone), and, read only when asked, its whole corrected counts and the
    corrected Article."""

    __slots__ = (
        "_article",
        "_blob",
        "_counts",
        "aid",
        "by_alias",
        "c",
        "docnum",
        "ents",
        "quote_speakers",
        "speakers",
    )

    def __init__(
        self,
        c: Compiled,
        aid: str,
        docnum: int,
        blob: Callable[[], dict[str, Any] | None],
        quote_speakers: dict[int, str | None] | None,
        by_alias: bool,
    ) -> None:
        self.c, self.aid, self.docnum = c, aid, docnum
        self._blob = blob
        self.quote_speakers = quote_speakers
        self.by_alias = by_alias
        self.ents: dict[str, list[int]] = {}
        self.speakers: dict[str, int] = {}
        self._counts: tuple[dict[str, int], dict[str, int]] | None = None
        self._article: Article | None = None

    def involves(self, key: str) -> bool:
        """Whether the corrections change this article's counts of a term or speaker id."""
        return key in self.ents or key in self.speakers

    def counts(self, blob: dict[str, Any] | None = None) -> tuple[dict[str, int], dict[str, int]]:
        """The article's corrected counts, as ``docs.article_counts`` of the corrected article."""
        if self._counts is None:
            blob = blob if blob is not None else self._blob()
            if blob is None:
                return {}, {}
            keys = _names_in(_blob_json(blob)) if self.by_alias else None
            self._counts = corrected_counts(
                self.c, self.aid, blob.get("b_counts") or {}, self.quote_speakers, keys
            )
        return self._counts

    @property
    def article(self) -> Article | None:
        """The corrected article (None: its blob is gone)."""
        if self._article is None:
            blob = self._blob()
            if blob is not None:
                self._article = apply_article(unpack_article(blob["b_blob"]), self.c)
        return self._article


def _quote_speakers(stored: dict[str, bytes] | bytes, starts: set[int]) -> dict[int, str | None]:
    """start -> speaker id of an article's stored quote rows (``docs.pack_speaker_quotes``; older
    indexes hold one list of every quote, unattributed ones included), read until the quotes that
    start at ``starts`` are found."""
    if isinstance(stored, bytes):
        return {r["start"]: r.get("speaker_id") for r in json.loads(zlib.decompress(stored))}
    out: dict[int, str | None] = {}
    wanted = set(starts)
    for sid, rows in stored.items():
        for row in json.loads(zlib.decompress(rows)):
            out[row[4]] = sid
            wanted.discard(row[4])
        if not wanted:
            break
    return out


def _blob_json(blob: dict[str, Any]) -> dict[str, Any]:
    """The stored article as plain JSON (no model: counting needs a few of its fields)."""
    data: dict[str, Any] = json.loads(zlib.decompress(blob["b_blob"]))
    return data


class Overlay:
    def __init__(
        self,
        s: Any,
        c: Compiled,
        ents: dict[str, list[int]],
        speakers: dict[str, int],
        blob: Blob,
    ) -> None:
        self.c = c
        self._s = s
        self.affected: dict[str, Affected] = {}
        # merged entities' terms whose article count is still the sum over their ids (an upper
        # bound): term -> (the ids' terms with articles, that sum)
        self.pending: dict[str, tuple[list[str], int]] = {}
        self._extra: dict[str, tuple[list[str], list[str]]] = {}
        self._cards: dict[str, dict[str, Any] | None] = {}
        self._find_affected(s, blob)
        self.ents, self.speakers = self._count(ents, speakers)

    def _find_affected(self, s: Any, blob_of: Blob) -> None:
        c = self.c
        wanted: dict[str, int | None] = {aid: None for aid in c.article_ids()}
        by_alias: set[str] = set()
        members = c.members()
        for entity_id in c.split_alias:
            for raw in members.get(entity_id, {entity_id}):
                for d in fastrank.term_docs(s, "a_ents", ent_term(type_of(raw), raw)):
                    aid = s.stored_fields(d)["a_id"]
                    wanted[aid] = d
                    by_alias.add(aid)
        split_in = {aid for aid, _ in c.split_article}
        for aid, known in wanted.items():
            docnum = known if known is not None else fastrank.unique_doc(s, "a_id", aid)
            if docnum is None:
                continue  # an article that is no longer in the index
            blob = functools.partial(blob_of, aid, docnum)
            fixes = c.speakers.get(aid, {})
            quote_speakers: dict[int, str | None] | None = None
            if fixes:
                quote_speakers = _quote_speakers(s.stored_fields(docnum).get("a_quotes") or {}, set(fixes))
                if any(mode == "entity" and at not in quote_speakers for at, (mode, _, _) in fixes.items()):
                    # given to someone, but not among the attributed rows: unattributed, or no quote
                    whole = blob()
                    if whole is not None:
                        quotes = _blob_json(whole).get("quotes", [])
                        quote_speakers = {q["start"]: q.get("speaker_id") for q in quotes}
            a = Affected(c, aid, docnum, blob, quote_speakers, aid in by_alias)
            if aid in by_alias or aid in split_in:
                whole = blob()
                if whole is None:
                    continue
                after_e, after_s = a.counts(whole)
                before_e, before_s = _mapped(c, whole.get("b_counts") or {})
                for term in set(before_e) | set(after_e):
                    d_articles = (term in after_e) - (term in before_e)
                    d_mentions = (after_e.get(term, 1) - 1) - (before_e.get(term, 1) - 1)
                    if d_articles or d_mentions:
                        a.ents[term] = [d_articles, d_mentions]
                for sid in set(before_s) | set(after_s):
                    if d := after_s.get(sid, 0) - before_s.get(sid, 0):
                        a.speakers[sid] = d
            else:
                # only quotes given to someone else: a quote moves from one count to another.  With
                # no split in the article, its speakers are as ``_mapped`` counts them
                for at, (mode, to, _) in fixes.items():
                    if quote_speakers is None or at not in quote_speakers:
                        continue
                    was = quote_speakers[at]
                    if was is not None and (old := speaker_final(c, {}, was)) is not None:
                        a.speakers[old] = a.speakers.get(old, 0) - 1
                    if mode == "entity" and to is not None and (new := speaker_final(c, {}, to)) is not None:
                        a.speakers[new] = a.speakers.get(new, 0) + 1
                a.speakers = {sid: d for sid, d in a.speakers.items() if d}
            self.affected[aid] = a

    def _count(
        self, raw_ents: dict[str, list[int]], raw_speakers: dict[str, int]
    ) -> tuple[dict[str, list[int]], dict[str, int]]:
        c = self.c
        ents = dict(raw_ents)
        speakers = dict(raw_speakers)
        for final, group in c.members().items():
            terms = [ent_term(type_of(raw), raw) for raw in group]
            live = [t for t in terms if ents.get(t, (0, 0))[0] > 0]
            articles = sum(ents[t][0] for t in live)
            mentions = sum(ents[t][1] for t in live)
            quotes = sum(speakers.get(raw, 0) for raw in group)
            for raw, term in zip(group, terms, strict=True):
                ents.pop(term, None)
                speakers.pop(raw, None)
            term = ent_term(c.types.get(final, type_of(final)), final)
            ents[term] = [articles, mentions]
            if len(live) > 1:
                self.pending[term] = (live, articles)
            if c.types.get(final, type_of(final)) in ("person", "org"):
                speakers[final] = quotes
        for raw in c.canon:  # dropped
            if c.resolve(raw) is None:
                ents.pop(ent_term(type_of(raw), raw), None)
                speakers.pop(raw, None)
        for a in self.affected.values():
            for term, (d_articles, d_mentions) in a.ents.items():
                row = ents.get(term, (0, 0))
                ents[term] = [row[0] + d_articles, row[1] + d_mentions]
            for sid, d in a.speakers.items():
                speakers[sid] = speakers.get(sid, 0) + d
        return ents, speakers

    def settle(self, term: str) -> None:
        """A merged entity's exact article count: its ids' articles counted once."""
        pending = self.pending.pop(term, None)
        if pending is None:
            return
        terms, upper = pending
        docs: set[int] = set()
        for t in terms:
            docs.update(fastrank.term_docs(self._s, "a_ents", t))
        row = self.ents[term]
        self.ents[term] = [row[0] - upper + len(docs), row[1]]

    def settle_all(self) -> None:
        for term in list(self.pending):
            self.settle(term)

    def article_ents(self, article_id: str, blob: dict[str, Any]) -> tuple[dict[str, int], dict[str, int]]:
        """An article's corrected counts (from its blob document's stored fields)."""
        a = self.affected.get(article_id)
        if a is not None:
            return a.counts(blob)
        return _mapped(self.c, blob.get("b_counts") or {})

    def extra(self, entity_id: str) -> tuple[list[str], list[str]]:
        """Roles and organisations of a split-off entity, from the articles it was split in."""
        if entity_id not in self._extra:
            roles: list[str] = []
            orgs: list[str] = []
            term = ent_term(self.c.types.get(entity_id, type_of(entity_id)), entity_id)
            for a in self.affected.values():
                if not a.involves(term) or a.article is None:
                    continue
                for e in a.article.entities:
                    if e.id == entity_id:
                        if e.role and e.role not in roles:
                            roles.append(e.role)
                        if e.org and e.org not in orgs:
                            orgs.append(e.org)
            self._extra[entity_id] = (roles, orgs)
        return self._extra[entity_id]

    def card(self, entity_id: str, raw_card: Callable[[str], dict[str, Any] | None]) -> dict[str, Any] | None:
        """The entity's card as the corrections say: its ids' cards merged, renamed, retyped (kept
        for the snapshot: a filter typed one key after another asks for the same cards)."""
        if entity_id not in self._cards:
            self._cards[entity_id] = self._card(entity_id, raw_card)
        return self._cards[entity_id]

    def _card(
        self, entity_id: str, raw_card: Callable[[str], dict[str, Any] | None]
    ) -> dict[str, Any] | None:
        c = self.c
        if entity_id in c.canon:
            return None  # merged into another, retyped or dropped: it is no entity any more
        sources = sorted(c.members().get(entity_id, {entity_id}), key=lambda x: (x != entity_id, x))
        cards = [card for x in sources if (card := raw_card(x)) is not None]
        if entity_id in c.split_from:
            roles, orgs = self.extra(entity_id)
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


def _corrected(packed: bytes, c: Compiled) -> Article:
    return apply_article(unpack_article(packed), c)


def _names_in(article: dict[str, Any]) -> Callable[[str], set[str]]:
    """An entity id -> its name keys in a stored article (as JSON), for a split by alias."""
    by_id: dict[str, set[str]] = {}
    for e in article.get("entities", []):
        keys = by_id.setdefault(e["id"], set())
        for n in (e["name"], *e.get("aliases", [])):
            keys |= name_keys(n)
    return lambda entity_id: by_id.get(entity_id, set())
