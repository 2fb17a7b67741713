"""Workers analyse the article document's text (schema.analyze); queries are parsed with Whoosh's own
analyzers.  The two must give identical postings, or a word indexed one way is searched another."""

from __future__ import annotations

from pathlib import Path

import pytest

from kbio_tui.extract import extract
from kbio_tui.index.docs import ANALYZED_FIELDS, article_document, prepare
from kbio_tui.index.schema import Analyzed, analyze, build_schema
from kbio_tui.ingest import iter_input_files, load_file

FIXTURES = Path(__file__).parent / "fixtures"

TRICKY = [
    "",
    "   \n\n  ",
    "Samsung Biologics' 2.14 million liters; U.S. FDA-approved CT-P6 SC (trastuzumab)",
    "under_score snake_case __dunder__ a*b manufactur* 3.141 v1.2.3 e.g. i.e.",
    "Ünïcödé Résumé naïve ŞIRKET İstanbul ß straße ﬁnance",
    "삼성바이오로직스 셀트리온 Kim Jin-gu 김진구",
    "running runs ran runner Running RUNNING studies studying",
    "person|person:kim-jin-gu\nperson|person:kim-jin-gu\norg|org:kpbma\n\n",
    "line\nwith\ttabs\rand\x0bodd\x0cspaces\u00a0nbsp\u2009thin",
    "phase 3 trial phase 3 trial phase 2",
]


@pytest.fixture(scope="module")
def schema():
    return build_schema()


@pytest.mark.parametrize("field", ANALYZED_FIELDS)
@pytest.mark.parametrize("text", TRICKY)
def test_fast_analysis_matches_whoosh_on_tricky_text(schema, field, text):
    assert list(analyze(schema, field, text)) == list(schema[field].index(text))


def test_fast_analysis_matches_whoosh_on_every_fixture_article(schema):
    checked = 0
    for path in iter_input_files([FIXTURES]):
        for result in load_file(path):
            if result.article is None:
                continue
            doc = article_document(extract(result.article))
            for field in ANALYZED_FIELDS:
                assert list(analyze(schema, field, doc[field])) == list(schema[field].index(doc[field])), (
                    path,
                    field,
                )
                checked += 1
    assert checked > 100 * len(ANALYZED_FIELDS) // 2  # the fixture tree really was read


def test_prepared_article_carries_analysed_fields_and_stays_searchable(tmp_path):
    from kbio_tui.index import IndexWriter, open_reader

    path = next(p for p in iter_input_files([FIXTURES / "extract"]) if p.suffix == ".txt")
    article = extract(next(r.article for r in load_file(path) if r.article))
    prepared = prepare(article)
    doc = prepared.docs[0]
    assert all(isinstance(doc[f], Analyzed) for f in ANALYZED_FIELDS)
    with IndexWriter(tmp_path / "ix") as w:
        w.add(prepared)
        w.commit()
    word = max(article.title.split(), key=len).strip(".,:;'\"()")
    hits = open_reader(tmp_path / "ix").search(word)
    assert [h.article.id for h in hits.hits] == [article.id]
