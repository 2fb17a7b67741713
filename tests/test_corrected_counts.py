"""The reader's corrected counts, article lists and quote lists equal a direct count over the corrected
articles themselves (``get_article``, which applies ``apply_article``), for every kind of correction
at once, on an index whose segments hold replaced documents.  The reader counts without rebuilding
articles (stored counts, quote rows, postings), so this is what keeps the two ways in step.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest
from _index_helpers import CHO, CHOI, HANMI, LEE, MFDS, corpus, make_article
from whoosh.writing import NO_MERGE, SegmentWriter

from kbio_tui import corrections as corr
from kbio_tui.index import IndexWriter, open_reader
from kbio_tui.index.docs import article_counts
from kbio_tui.models import QuoteKind, SpeakerKind

K = corr.Kind
PARK = ("person:park-ji-won", "Park Ji-won", "CFO", "Hanmi Pharmaceutical")
KIET = ("org:kiet", "Korea Institute for Industrial Economics and Trade", "KIET")


def _more() -> list:
    """Articles beyond the three of ``corpus``: two people merged later share one; an unattributed
    quote; an entity that goes by an alias in one article only."""
    d = make_article(
        "Hanmi names a new finance chief",
        [
            "Hanmi Pharmaceutical named Park Ji-won its chief financial officer on Tuesday.",
            '"Discipline comes first," Park Ji-won said.',
            "Lee Tae-kyu of Scale Up Partners welcomed the choice, and Cho Hyun-soo thanked the board.",
            '"The numbers will tell," a person close to the board said.',
        ],
        source="/corpus/kbr/cfo.txt",
        published=datetime(2026, 3, 2, 10, 0),
        people=[PARK, LEE, CHO],
        orgs=[HANMI],
        quotes=[(PARK[0], PARK[1], "Discipline comes first,", QuoteKind.DIRECT)],
    )
    # the last quote has no speaker: one correction gives it to Park
    unattributed = d.quotes[0].model_copy(
        update={
            "text": "The numbers will tell,",
            "start": d.text.index("The numbers will tell,"),
            "end": d.text.index("The numbers will tell,") + len("The numbers will tell,"),
            "speaker": None,
            "speaker_id": None,
            "speaker_kind": SpeakerKind.ANONYMOUS,
        }
    )
    d = d.model_copy(update={"quotes": [*d.quotes, unattributed]})
    e = make_article(
        "KIET sees slower biosimilar exports",
        [
            "KIET said biosimilar exports would grow more slowly next year.",
            '"Prices are falling everywhere," Choi said at the KIET briefing.',
            "The MFDS declined to comment.",
        ],
        source="/corpus/yonhap/exports.json",
        record="line 9",
        published=datetime(2026, 3, 5, 11, 0),
        people=[CHOI],
        orgs=[KIET, MFDS],
        quotes=[(CHOI[0], CHOI[1], "Prices are falling everywhere,", QuoteKind.DIRECT)],
    )
    # in this article Choi also goes by the name "Dr. Choi"
    ents = [en.model_copy(update={"aliases": ["Dr. Choi"]}) if en.id == CHOI[0] else en for en in e.entities]
    e = e.model_copy(update={"entities": ents})
    return [d, e]


@pytest.fixture
def never_merge(monkeypatch: pytest.MonkeyPatch) -> None:
    commit = SegmentWriter.commit

    def no_merge(self, mergetype=None, optimize=None, merge=None):
        return commit(self, mergetype=NO_MERGE)

    monkeypatch.setattr(SegmentWriter, "commit", no_merge)


def _quote_id(article, text: str) -> str:
    q = next(q for q in article.quotes if q.text == text)
    return f"{article.id}.{q.start}"


def _direct(r) -> tuple[dict, dict, dict]:
    """(type, id) -> (articles, mentions, quotes), id -> article ids, id -> quote ids, from the
    corrected articles."""
    articles: Counter[tuple[str, str]] = Counter()
    mentions: Counter[tuple[str, str]] = Counter()
    quotes: Counter[str] = Counter()
    mentioning: dict[str, set[str]] = {}
    quoted: dict[str, set[str]] = {}
    for summary in r.recent_articles(limit=100):
        a = r.get_article(summary.id)
        ents, speakers = article_counts(a)
        for term, n in ents.items():
            etype, _, eid = term.partition("|")
            articles[etype, eid] += 1
            mentions[etype, eid] += n - 1
            mentioning.setdefault(eid, set()).add(a.id)
        for sid, n in speakers.items():
            quotes[sid] += n
        for q in a.quotes:
            if q.speaker_id:
                quoted.setdefault(q.speaker_id, set()).add(f"{a.id}.{q.start}")
    counts = {key: (n, mentions[key], quotes.get(key[1], 0)) for key, n in articles.items()}
    return counts, mentioning, quoted


def test_corrected_counts_equal_a_count_over_the_corrected_articles(tmp_path: Path, never_merge) -> None:
    ix = tmp_path / "ix"
    a, b, c = corpus()
    d, e = _more()
    with IndexWriter(ix) as w:
        for art in (a, b, c):
            w.add(art)
        w.commit()
    with IndexWriter(ix) as w:  # a second segment, and the first article replaced in it
        for art in (d, e, a.model_copy(update={"source_hash": "again"})):
            w.add(art)
        w.commit()
    r = open_reader(ix)
    try:
        assert any(leaf.reader().has_deletions() for leaf, _ in r._s().leaf_searchers())
        before, _, _ = _direct(r)
    finally:
        r.close()
    assert before[("person", CHO[0])] == (3, 6, 1)

    log = [
        (K.MERGE, {"into": CHO[0], "into_name": CHO[1], "from": LEE[0], "from_name": LEE[1]}),
        (K.RENAME, {"entity": CHO[0], "was": CHO[1], "role": "Chair"}),
        (K.DROP, {"entity": MFDS[0], "name": MFDS[1], "type": "org"}),
        (
            K.RETYPE,
            {"entity": KIET[0], "name": KIET[1], "was": "org", "type": "place", "new_id": "place:kiet"},
        ),
        (K.SPLIT, {"entity": CHO[0], "name": CHO[1], "article": c.id, "new_id": f"{CHO[0]}~{c.id[:8]}"}),
        (K.SPLIT, {"entity": CHOI[0], "name": CHOI[1], "alias": "Dr. Choi", "new_id": f"{CHOI[0]}~dr-choi"}),
        (
            K.SPEAKER,
            {"quote": _quote_id(b, "Without public money the plants will not come,"), "mode": "entity"}
            | {"to": HANMI[0], "to_name": HANMI[1]},
        ),
        (K.SPEAKER, {"quote": _quote_id(b, "the CDMO budget should double by 2027"), "mode": "not-a-quote"}),
        (
            K.SPEAKER,
            {"quote": _quote_id(a, "We will start manufacturing in the first quarter,"), "mode": "anonymous"},
        ),
        (
            K.SPEAKER,
            {
                "quote": _quote_id(d, "The numbers will tell,"),
                "mode": "entity",
                "to": PARK[0],
                "to_name": PARK[1],
            },
        ),
        (K.SPEAKER, {"quote": f"{d.id}.99999", "mode": "entity", "to": HANMI[0], "to_name": HANMI[1]}),
    ]
    for kind, args in log:
        corr.append(ix, kind, args)

    r = open_reader(ix)
    try:
        counts, mentioning, quoted = _direct(r)
        # the corrections did what they say, in the articles themselves
        assert ("person", LEE[0]) not in counts and ("org", MFDS[0]) not in counts
        assert ("place", "place:kiet") in counts and ("person", f"{CHO[0]}~{c.id[:8]}") in counts
        assert ("person", f"{CHOI[0]}~dr-choi") in counts
        assert counts[("org", HANMI[0])][2] == 1 and counts[("person", PARK[0])][2] == 2
        assert counts[("person", CHO[0])] == (2, 6, 0)  # a and d: the split article left, its quote anonymous

        listed = {
            (s.type.value, s.id): (s.article_count, s.mention_count, s.quote_count) for s in r.entities()
        }
        assert listed == counts
        assert r.stats().entities == len(counts)
        for (etype, eid), _ in counts.items():
            one = r.entity(eid)
            assert (
                one is not None
                and (one.article_count, one.mention_count, one.quote_count) == counts[etype, eid]
            )
            assert {x.id for x in r.articles_mentioning(eid)} == mentioning[eid], eid
            assert {q.id for q in r.quotes_by(eid)} == quoted.get(eid, set()), eid
        # a filter and a name search rank many and count articles only for what they show (each on
        # a reader of its own: a full list has counted every merged entity's articles already)
        for needle in ("cho", "lee", "tae", "dr. choi", "k"):
            fresh = open_reader(ix)
            try:
                rows = fresh.entities(contains=needle)
            finally:
                fresh.close()
            assert rows and all(
                (x.article_count, x.mention_count, x.quote_count) == counts[x.type.value, x.id] for x in rows
            ), needle
        fresh = open_reader(ix)
        try:
            assert [x.id for x in fresh.entities(contains="lee tae")] == [CHO[0]]  # by its merged alias
            hits = fresh.find_entities(LEE[1])
        finally:
            fresh.close()
        assert [(x.id, x.article_count) for x in hits] == [(CHO[0], counts["person", CHO[0]][0])]
        assert r.entity(LEE[0]).id == CHO[0]  # a merged-away id finds the entity it was merged into
        assert r.quotes_by("place:kiet") == []
        # facets count each matching article as corrected
        facets = r.facets("Hanmi", limit=50)
        assert facets.total == 3
        got = {f.entity.id: (f.articles, f.quotes) for group in facets.facets.values() for f in group}
        want_articles: Counter[str] = Counter()
        want_quotes: Counter[str] = Counter()
        for art in (a, c, d):
            ents, speakers = article_counts(r.get_article(art.id))
            want_articles.update(t.partition("|")[2] for t in ents)
            want_quotes.update(speakers)
        assert got == {eid: (n, want_quotes.get(eid, 0)) for eid, n in want_articles.items()}
    finally:
        r.close()
