"""Facets (issue 18): who and what a search's matching articles are about, with article and quote
counts, from the reader and from `kbio-tui search --facets`."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from _pipeline_helpers import run_cli
from _tui_helpers import build_index

from kbio_tui.index import open_reader
from kbio_tui.models import Article


def _article(n: int, title: str, paragraphs: list[str]) -> Article:
    return Article(
        source_file=f"/corpus/facet{n}.txt",
        source_hash=f"facet-{n}",
        outlet="Korea Biomedical Review",
        title=title,
        published=datetime(2026, 3, n, 9, 0),
        paragraphs=paragraphs,
    )


ARTICLES = [
    _article(
        1,
        "Hanbit Biologics adds lines at its Songdo plant",
        [
            "Hanbit Biologics said on Monday it will add two lines at its Songdo plant.",
            '"Demand keeps rising," said Cho Hyun-soo, head of operations at Hanbit Biologics.',
            '"We expect full capacity by 2027," Cho Hyun-soo said.',
            "Choi Yoon-hee, an analyst at Mirae Securities, expects higher margins.",
        ],
    ),
    _article(
        2,
        "Hanbit Biologics plant passes inspection",
        [
            "The Ministry of Food and Drug Safety cleared the Songdo plant of Hanbit Biologics.",
            '"The inspection found no issues," Cho Hyun-soo said.',
        ],
    ),
    _article(
        3,
        "Regulator approves a biosimilar",
        ['"This is a milestone," said Park Min-jun, chief executive of Daon Bio.'],
    ),
]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_index(tmp_path_factory.mktemp("facets") / "index", ARTICLES)


def test_facets_count_matching_articles_and_quotes(index: Path) -> None:
    r = open_reader(index)
    try:
        got = r.facets("plant")
    finally:
        r.close()
    assert (got.total, got.considered) == (2, 2)
    people = [(f.entity.name, f.articles, f.quotes) for f in got.facets["person"]]
    assert people[0] == ("Cho Hyun-soo", 2, 3)  # in both plant articles, quoted three times there
    assert ("Choi Yoon-hee", 1, 0) in people
    assert all(name != "Park Min-jun" for name, _, _ in people)  # not in a matching article
    orgs = {f.entity.name: f.articles for f in got.facets["org"]}
    assert orgs["Hanbit Biologics"] == 2


def test_search_facets_from_the_cli(index: Path) -> None:
    res = run_cli("search", "plant", "--facets", "--json", "--index", str(index))
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["total"] == 2
    assert data["facets"]["person"][0] == {
        "id": data["facets"]["person"][0]["id"],
        "name": "Cho Hyun-soo",
        "articles": 2,
        "quotes": 3,
    }
    text = run_cli("search", "plant", "--facets", "--index", str(index))
    assert text.returncode == 0
    lines = text.stdout.splitlines()
    assert lines[0] == "in 2 matching articles" and "People" in lines
    assert any(line.strip().startswith("2 art ·   3 q  Cho Hyun-soo") for line in lines)
    assert max(len(line) for line in lines) <= 80
    bad = run_cli("search", "NOT", "--facets", "--index", str(index))
    assert bad.returncode == 2 and bad.stderr.startswith("kbio-tui: bad query:")
    assumed = run_cli("search", '"songdo plant', "--facets", "--index", str(index))
    assert assumed.returncode == 2 and assumed.stdout.splitlines()[0] == "in 2 matching articles"
    assert assumed.stderr == 'kbio-tui: bad query: no closing ": assumed one at the end of the query\n'


def test_search_within_entities_narrows_to_articles_mentioning_them_all(index: Path) -> None:
    r = open_reader(index)
    try:
        cho = r.find_entities("Cho Hyun-soo")[0].id
        choi = r.find_entities("Choi Yoon-hee")[0].id
        plant = [h.article.title for h in r.search("plant").hits]
        assert len(plant) == 2
        assert [h.article.title for h in r.search("plant", within=[cho]).hits] == plant
        both = r.search("plant", within=[cho, choi])
        assert both.total == 1 and [h.article.title for h in both.hits] == [ARTICLES[0].title]
        # a phrase stays a phrase inside the filter
        phrase = r.search('"songdo plant"', within=[choi])
        assert [h.article.title for h in phrase.hits] == [ARTICLES[0].title]
        # an entity no longer in the index: nothing can match, and that is said by the count
        assert r.search("plant", within=["person:nobody-here"]).total == 0
        # the facets of the narrowed search count only its articles
        narrowed = r.facets("plant", within=[choi])
        assert narrowed.total == 1
        people = {f.entity.name: (f.articles, f.quotes) for f in narrowed.facets["person"]}
        assert people["Cho Hyun-soo"] == (1, 2)
        # and `articles` caps how many of the best-ranked matches are counted
        capped = r.facets("plant", articles=1)
        assert capped.considered == 1 and capped.total == 2
    finally:
        r.close()
