"""Working state for one article: blocks, sentences, quote spans and the entities found so far."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace

from ..models import Article, BlockKind, Entity, EntityType, Mention, Sentence
from .marks import DOUBLE, Span, find_spans, first_double_role
from .sentences import split_block


@dataclass
class QSpan:
    """A quoted span in article coordinates."""

    start: int  # opening mark
    end: int  # after closing mark
    inner_start: int
    inner_end: int
    single: bool
    block: int
    runs_on: bool = False


@dataclass
class Doc:
    article: Article
    text: str
    blocks: list[tuple[BlockKind, int, int]]
    sentences: list[Sentence] = field(default_factory=list)
    qspans: list[QSpan] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    _sent_starts: list[int] = field(default_factory=list)
    taken_mask: bytearray = field(default_factory=bytearray)
    quote_mask: bytearray = field(default_factory=bytearray)

    @classmethod
    def build(cls, article: Article) -> Doc:
        text = article.text
        blocks = [(b.kind, b.start, b.end) for b in article.blocks()]
        doc = cls(article=article, text=text, blocks=blocks)
        doc.taken_mask = bytearray(len(text) + 1)
        doc.quote_mask = bytearray(len(text) + 1)
        doc.find_quotes_and_sentences()
        for q in doc.qspans:
            if not q.single:
                doc.quote_mask[q.inner_start : q.inner_end] = b"\x01" * (q.inner_end - q.inner_start)
        return doc

    def find_quotes_and_sentences(self) -> None:
        continued = False
        for bi, (kind, bs, be) in enumerate(self.blocks):
            btext = self.text[bs:be]
            spans: list[Span] = []
            if kind is BlockKind.PARAGRAPH:
                spans = find_spans(btext, continued=continued)
                continued = False
                if any(s.runs_on for s in spans):
                    # The quote goes on in the next paragraph when that one reopens it (the news
                    # convention) or closes a quote it never opened (a quote broken over lines);
                    # in the last paragraph it was cut off by the scrape and ends with the text;
                    # anywhere else its closing mark is lost and only that quote is dropped.
                    nxt = self._next_paragraph_text(bi)
                    continued = nxt is not None and (
                        nxt.lstrip()[:1] in DOUBLE or first_double_role(nxt) == "close"
                    )
                    if not continued and bi == len(self.blocks) - 1:
                        spans = [replace(s, runs_on=False, close_len=0) if s.runs_on else s for s in spans]
                    elif not continued:
                        spans = [s for s in spans if not s.runs_on]
            for s in spans:
                a, b = s.inner
                self.qspans.append(QSpan(bs + s.start, bs + s.end, bs + a, bs + b, s.single, bi, s.runs_on))
            protected = [(s.start, s.end) for s in spans]
            for a, b in split_block(btext, protected):
                self.sentences.append(Sentence(start=bs + a, end=bs + b, block=bi))
        self._sent_starts = [s.start for s in self.sentences]

    def _next_paragraph_text(self, bi: int) -> str | None:
        if bi + 1 < len(self.blocks) and self.blocks[bi + 1][0] is BlockKind.PARAGRAPH:
            _, s, e = self.blocks[bi + 1]
            return self.text[s:e]
        return None

    # -- lookups -----------------------------------------------------------------------------------
    def sentence_at(self, pos: int) -> int:
        i = bisect.bisect_right(self._sent_starts, pos) - 1
        return max(i, 0)

    def block_at(self, pos: int) -> int:
        for i, (_, s, e) in enumerate(self.blocks):
            if s <= pos <= e:
                return i
        return len(self.blocks) - 1

    def in_quote(self, a: int, b: int | None = None) -> bool:
        b = a + 1 if b is None else b
        return b > a and 0 not in self.quote_mask[a:b]

    def is_taken(self, a: int, b: int) -> bool:
        return 1 in self.taken_mask[a:b]

    # -- entities ----------------------------------------------------------------------------------
    def add_entity(self, ent: Entity) -> Entity:
        cur = self.entities.get(ent.id)
        if cur is None:
            self.entities[ent.id] = ent
            return ent
        if ent.name not in cur.aliases and ent.name != cur.name:
            cur.aliases.append(ent.name)
        if not cur.role and ent.role:
            cur.role = ent.role
        if not cur.org and ent.org:
            cur.org = ent.org
        if not cur.acronym and ent.acronym:
            cur.acronym = ent.acronym
        for k, v in ent.attrs.items():
            cur.attrs.setdefault(k, v)
        return cur

    def add_mention(self, entity_id: str, a: int, b: int, *, claim: bool = True) -> None:
        self.mentions.append(Mention(entity_id=entity_id, start=a, end=b, text=self.text[a:b]))
        if claim:
            self.taken_mask[a:b] = b"\x01" * (b - a)

    def by_type(self, t: EntityType) -> list[Entity]:
        return [e for e in self.entities.values() if e.type is t]
