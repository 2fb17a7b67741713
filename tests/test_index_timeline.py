"""Timelines equal a direct count over the index: the reader's quotes, mentions and search results
grouped by their articles' publication month (or week), and the CLI prints the same counts."""

from __future__ import annotations

import itertools
import json
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from _pipeline_helpers import run_cli
from _saved_helpers import AGENCY, BAEK, ORION, first_arrival, ingest, second_arrival

from kbio_tui.index import open_reader


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ix = tmp_path_factory.mktemp("timeline") / "ix"
    ingest(ix, first_arrival())
    ingest(ix, second_arrival())
    return ix


def _month(d: date | None) -> str | None:
    return f"{d.year:04d}-{d.month:02d}" if d else None


def _week(d: date | None) -> str | None:
    if d is None:
        return None
    iso = d.isocalendar()
    return f"{iso.year:04d}-W{iso.week:02d}"


def _direct(r, entity_id: str, period) -> tuple[Counter, Counter]:
    articles = Counter(period(a.published) for a in r.articles_mentioning(entity_id, limit=10_000))
    quotes = Counter(period(q.published) for q in r.quotes_by(entity_id, limit=10_000))
    return articles, quotes


def _as_counters(timeline) -> tuple[Counter, Counter]:
    articles = Counter({b.period: b.articles for b in timeline.buckets if b.articles})
    quotes = Counter({b.period: b.quotes for b in timeline.buckets if b.quotes})
    if timeline.undated_articles:
        articles[None] = timeline.undated_articles
    if timeline.undated_quotes:
        quotes[None] = timeline.undated_quotes
    return articles, quotes


@pytest.mark.parametrize("entity_id", [BAEK[0], ORION[0], AGENCY[0]])
@pytest.mark.parametrize(("by", "period"), [("month", _month), ("week", _week)])
def test_an_entity_timeline_counts_what_its_pages_list(desk: Path, entity_id: str, by: str, period) -> None:
    r = open_reader(desk)
    try:
        timeline = r.entity_timeline(entity_id, by=by)
        assert timeline is not None
        assert _as_counters(timeline) == _direct(r, entity_id, period)
        assert timeline.articles == r.entity(entity_id).article_count  # type: ignore[union-attr]
        assert timeline.quotes == len(r.quotes_by(entity_id))
        # every period from the first to the last, one step apart
        starts = [b.start for b in timeline.buckets]
        assert starts == sorted(starts) and len(set(starts)) == len(starts)
        if by == "week":
            assert all(s.weekday() == 0 for s in starts)
            assert all((b - a).days == 7 for a, b in itertools.pairwise(starts))
        else:
            assert all(s.day == 1 for s in starts)
            assert all(
                (b.year * 12 + b.month) - (a.year * 12 + a.month) == 1 for a, b in itertools.pairwise(starts)
            )
    finally:
        r.close()


def test_a_person_timeline_by_month_with_gaps_and_the_undated_apart(desk: Path) -> None:
    r = open_reader(desk)
    try:
        timeline = r.entity_timeline(BAEK[0])
        assert timeline is not None
        rows = [(b.period, b.articles, b.quotes) for b in timeline.buckets]
        assert rows == [
            ("2025-03", 1, 2),
            ("2025-04", 0, 0),
            ("2025-05", 0, 0),
            ("2025-06", 1, 1),
            ("2025-07", 0, 0),
            ("2025-08", 1, 1),
        ]
        assert (timeline.undated_articles, timeline.undated_quotes) == (1, 1)
        assert r.entity_timeline("person:nobody") is None
    finally:
        r.close()


@pytest.mark.parametrize(
    "query", ["antibody", "agency OR regulator", '"antibody plant"', "org:orion", "zzz", ""]
)
def test_a_query_timeline_counts_the_search_results(desk: Path, query: str) -> None:
    r = open_reader(desk)
    try:
        timeline = r.query_timeline(query)
        hits = r.search(query, limit=10_000).hits
        expected = Counter(_month(h.article.published) for h in hits)
        assert _as_counters(timeline)[0] == expected
        assert timeline.articles == len(hits) and timeline.quotes == 0
    finally:
        r.close()


@pytest.mark.parametrize(
    ("query", "within"), [("antibody", [ORION[0]]), ("", [BAEK[0]]), ("zzz", [ORION[0]])]
)
def test_a_narrowed_query_timeline_counts_the_narrowed_search(desk: Path, query: str, within) -> None:
    """The browser's facet filters narrow a search's timeline as they narrow its results."""
    r = open_reader(desk)
    try:
        timeline = r.query_timeline(query, within=within)
        hits = r.search(query, limit=10_000, within=within).hits
        assert _as_counters(timeline)[0] == Counter(_month(h.article.published) for h in hits)
        assert timeline.articles == len(hits)
    finally:
        r.close()


def test_timeline_cli_prints_the_same_counts(desk: Path) -> None:
    res = run_cli("timeline", "Baek Seung-ho", "--index", str(desk))
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[0] == "Baek Seung-ho (CEO, Orion Bioworks): 4 articles, 5 quotes, by month"
    assert [ln.split()[0] for ln in lines[1:7]] == [f"2025-0{m}" for m in range(3, 9)]
    april = lines[2]
    assert april.split()[-4:] == ["0", "art", "0", "q"] and "█" not in april
    assert "█" in lines[1]
    assert lines[7] == "undated: 1 article, 1 quote"

    res = run_cli("timeline", ORION[0], "--by", "week", "--json", "--index", str(desk))
    assert res.returncode == 0, res.stderr
    got = json.loads(res.stdout)
    r = open_reader(desk)
    try:
        expected = r.entity_timeline(ORION[0], by="week")
        assert got["buckets"] == json.loads(expected.model_dump_json())["buckets"]  # type: ignore[union-attr]
        assert got["entity"]["id"] == ORION[0] and got["query"] is None and got["by"] == "week"
        q = run_cli("timeline", "--query", "antibody", "--json", "--index", str(desk))
        assert json.loads(q.stdout)["articles"] == r.query_timeline("antibody").articles == 4
    finally:
        r.close()


def test_timeline_cli_errors_are_one_line(desk: Path) -> None:
    for args, code in [
        ((), 2),
        (("Baek", "--query", "x"), 2),
        (("Nobody Atall",), 1),
        (("--query", "antibody", "--by", "year"), 2),
    ]:
        res = run_cli("timeline", *args, "--index", str(desk))
        assert res.returncode == code, (args, res.stderr)
        assert "Traceback" not in res.stderr and res.stderr.strip()
    res = run_cli("timeline", "--query", '"antibody plant', "--index", str(desk))
    assert res.returncode == 2 and "bad query:" in res.stderr and "2025-03" in res.stdout
