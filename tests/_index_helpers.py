"""Hand-built extracted Articles for index tests (the index must not depend on the extractor)."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from pathlib import Path

from kbio_tui.models import (
    Article,
    Entity,
    EntityType,
    Mention,
    Quote,
    QuoteKind,
    Sentence,
    SpeakerKind,
)

Person = tuple[str, str, str | None, str | None]  # id, name, role, org
Org = tuple[str, str, str | None]  # id, name, acronym
QuoteSpec = tuple[str, str, str, QuoteKind]  # speaker id, speaker name, quoted text, kind


def make_article(
    title: str,
    paragraphs: list[str],
    *,
    source: str = "/corpus/a.txt",
    record: str = "",
    source_hash: str | None = None,
    outlet: str | None = "Korea Biomedical Review",
    author: str | None = "Park Soo-min",
    published: datetime | None = datetime(2025, 12, 15, 9, 16),
    deck: list[str] | None = None,
    captions: list[str] | None = None,
    people: list[Person] = (),
    orgs: list[Org] = (),
    quotes: list[QuoteSpec] = (),
) -> Article:
    base = Article(
        source_file=source,
        source_record=record,
        source_hash=source_hash or hashlib.sha1((title + "".join(paragraphs)).encode()).hexdigest(),
        outlet=outlet,
        url=f"https://news.example/{abs(hash(title)) % 10**6}",
        title=title,
        author=author,
        published=published,
        deck=deck or [],
        captions=captions or [],
        paragraphs=paragraphs,
    )
    text = base.text
    sentences = []
    for b_i, block in enumerate(base.blocks()):
        pos = block.start
        for m in re.finditer(r"[^.!?]+[.!?]?\s*", text[block.start : block.end]):
            s = block.start + m.start()
            e = block.start + m.end()
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                sentences.append(Sentence(start=s, end=e, block=b_i))
            pos = e
        del pos
    entities: list[Entity] = []
    mentions: list[Mention] = []
    for pid, name, role, org in people:
        entities.append(Entity(id=pid, type=EntityType.PERSON, name=name, role=role, org=org))
    for oid, name, acronym in orgs:
        entities.append(Entity(id=oid, type=EntityType.ORG, name=name, acronym=acronym))
    for e in entities:
        for form in {e.name, e.name.split()[-1], *([e.acronym] if e.acronym else [])}:
            for m in re.finditer(re.escape(form), text):
                mentions.append(Mention(entity_id=e.id, start=m.start(), end=m.end(), text=form))
    qs: list[Quote] = []
    for sid, speaker, quoted, kind in quotes:
        k = text.index(quoted)
        sent = next(s for s in sentences if s.start <= k < s.end or s.start <= k <= s.end)
        qs.append(
            Quote(
                kind=kind,
                text=quoted,
                start=k,
                end=k + len(quoted),
                sentence_start=sent.start,
                sentence_end=max(sent.end, k + len(quoted)),
                speaker=speaker,
                speaker_id=sid,
                speaker_kind=SpeakerKind.PERSON,
                attributed_by="name",
            )
        )
    return base.model_copy(
        update={"sentences": sentences, "entities": entities, "mentions": mentions, "quotes": qs}
    )


CHO = ("person:cho-hyun-soo", "Cho Hyun-soo", "CEO", "Hanmi Pharmaceutical")
CHOI = ("person:choi-yoon-hee", "Choi Yoon-hee", "Senior Research Fellow", "KIET")
LEE = ("person:lee-tae-kyu", "Lee Tae-kyu", "CEO", "Scale Up Partners")
HANMI = ("org:hanmi", "Hanmi Pharmaceutical", None)
MFDS = ("org:mfds", "Ministry of Food and Drug Safety", "MFDS")


def corpus() -> list[Article]:
    """Three small briefings in the shapes of different outlets."""
    a = make_article(
        "Hanmi wins MFDS nod for obesity biosimilar",
        [
            "Hanmi Pharmaceutical said on Monday that the Ministry of Food and Drug Safety (MFDS) approved "
            "its obesity biosimilar after a two-year review.",
            '"We will start manufacturing in the first quarter," Cho Hyun-soo, CEO of Hanmi Pharmaceutical, '
            "said.",
            "Analysts expect the approval to lift exports of manufactured biologics.",
        ],
        source="/corpus/kbr/hanmi.txt",
        outlet="Korea Biomedical Review",
        published=datetime(2025, 12, 15, 9, 16),
        people=[CHO],
        orgs=[HANMI, MFDS],
        quotes=[(CHO[0], CHO[1], "We will start manufacturing in the first quarter,", QuoteKind.DIRECT)],
    )
    b = make_article(
        "Think tank urges bigger CDMO budget",
        [
            "The Korea Institute for Industrial Economics and Trade released a report on contract "
            "manufacturing.",
            "Choi Yoon-hee, a senior research fellow at KIET, said the CDMO budget should double by 2027.",
            '"Without public money the plants will not come," Choi said in Sejong.',
        ],
        source="/corpus/yonhap/cdmo.json",
        record="line 3",
        outlet="Yonhap",
        author="Kim Min-ji",
        published=datetime(2026, 1, 20, 14, 0),
        people=[CHOI],
        quotes=[
            (CHOI[0], CHOI[1], "the CDMO budget should double by 2027", QuoteKind.INDIRECT),
            (CHOI[0], CHOI[1], "Without public money the plants will not come,", QuoteKind.DIRECT),
        ],
    )
    c = make_article(
        "Startup accelerator backs cell therapy spinoffs",
        [
            "Scale Up Partners will invest in three cell therapy spinoffs from Seoul hospitals.",
            '"Hospitals are where the ideas are," Lee Tae-kyu said.',
            "Cho Hyun-soo of Hanmi Pharmaceutical joined the panel but made no comment on the deal.",
        ],
        source="/corpus/herald/accelerator.html",
        outlet="The Korea Herald",
        author=None,
        published=datetime(2026, 2, 9, 8, 30),
        people=[LEE, CHO],
        orgs=[HANMI],
        quotes=[(LEE[0], LEE[1], "Hospitals are where the ideas are,", QuoteKind.DIRECT)],
    )
    return [a, b, c]


def snapshot(index_dir: Path) -> dict[str, bytes]:
    """Every file's bytes: equal snapshots mean an untouched index."""
    return {p.name: p.read_bytes() for p in sorted(index_dir.iterdir()) if p.is_file()}
