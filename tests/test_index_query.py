"""Query syntax: every operator and field, date ranges, bounded prefixes, malformed input; snippets."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from _index_helpers import corpus, make_article

from kbio_tui.index import IndexWriter, open_reader
from kbio_tui.index.api import QuerySyntaxError
from kbio_tui.index.reader import PREFIX_CAP

HANMI = "Hanmi wins MFDS nod for obesity biosimilar"
KIET = "Think tank urges bigger CDMO budget"
SPINOFF = "Startup accelerator backs cell therapy spinoffs"


@pytest.fixture(scope="module")
def reader(tmp_path_factory):
    ix = tmp_path_factory.mktemp("q") / "ix"
    filler = make_article(
        "Word list for prefix limits",
        [" ".join(f"zyq{i:03d}" for i in range(100)) + ".", "A note that says a said the not."],
        source="/corpus/filler.txt",
        published=datetime(2023, 5, 5),
        outlet="Pharm Daily",
    )
    with IndexWriter(ix) as w:
        for a in [*corpus(), filler]:
            w.add(a)
        w.commit()
    r = open_reader(ix)
    yield r
    r.close()


def titles(reader, q: str) -> set[str]:
    return {h.article.title for h in reader.search(q).hits}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("biosimilar", {HANMI}),
        ("approvals", {HANMI}),  # stemmed
        ("HANMI", {HANMI, SPINOFF}),  # case-insensitive, body text too
        ("hanmi cell", {SPINOFF}),  # implicit AND
        ("hanmi AND cell", {SPINOFF}),
        ("biosimilar OR spinoffs", {HANMI, SPINOFF}),
        ("hanmi NOT cell", {HANMI}),
        ("hanmi -cell", {HANMI}),
        ("(biosimilar OR spinoffs) -hanmi", set()),
        ("(biosimilar OR CDMO) NOT title:biosimilar", {KIET}),
        ('"public money"', {KIET}),
        ('"money public"', set()),
        ("manufactur*", {HANMI, KIET}),
        ("title:cdmo", {KIET}),
        ("title:hanmi", {HANMI}),
        ('person:"Hyun-soo Cho"', {HANMI, SPINOFF}),
        ("person:hyunsoo", {HANMI, SPINOFF}),
        ('person:"Choi Yoon-hee"', {KIET}),
        ("person:cho*", {HANMI, SPINOFF, KIET}),  # prefix on names: Cho and Choi
        ("org:MFDS", {HANMI}),
        ('org:"Hanmi Pharmaceutical"', {HANMI, SPINOFF}),
        ("outlet:yonhap", {KIET}),
        ('outlet:"korea herald"', {SPINOFF}),
        ("date:2025", {HANMI}),
        ("date:2026-01", {KIET}),
        ("date:2026-02-09", {SPINOFF}),
        ("date:2025-12..2026-01", {HANMI, KIET}),
        ("date:..2025-12", {HANMI, "Word list for prefix limits"}),
        ("date:2026-01..", {KIET, SPINOFF}),
        ("cdmo date:2026", {KIET}),
    ],
)
def test_operators_and_fields(reader, query: str, expected: set[str]) -> None:
    assert titles(reader, query) == expected


def test_terms_for_highlighting(reader) -> None:
    res = reader.search('"public money" manufactur* -hanmi person:Choi')
    assert res.terms == ["public", "money", "manufactur", "Choi"]


def test_prefix_is_capped_with_a_message(reader) -> None:
    res = reader.search("zyq*")
    assert res.total == 1
    assert res.partial is True
    assert f"matches 100 words; searched the {PREFIX_CAP} most common" in res.message


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("NOT", "NOT needs a word after it"),
        ("hanmi NOT", "NOT needs a word after it"),
        ("hanmi -", None),  # a dangling dash is just punctuation
        ("person:", "'person:' needs a value"),
        ("date:", "'date:' needs a value"),
        ('date:"2025"', "'date:' needs a value"),
        ("date:yesterday", "is not a date"),
        ("date:2025-13", "is not a real date"),
        ("date:2026..2025", "is empty"),
        ("ab*", "too short"),
        ("*", "too short"),
        ("x" * 10_000, "query is too long"),
        ("OR hanmi", "OR needs something on both sides"),
        ("hanmi AND", "AND needs something on both sides"),
        (" ".join(f"w{i}" for i in range(60)), "too many terms"),
    ],
)
def test_malformed_queries_get_a_one_line_message(reader, query: str, message: str | None) -> None:
    if message is None:
        reader.search(query)  # a sensible reading, no error
        return
    with pytest.raises(QuerySyntaxError, match=message) as info:
        reader.search(query)
    assert "\n" not in str(info.value) and len(str(info.value)) < 160


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"public money', {KIET}),  # unbalanced quote closed at the end
        ("(biosimilar OR spinoffs", {HANMI, SPINOFF}),  # unbalanced parenthesis closed
        ("biosimilar)) OR spinoffs", {HANMI, SPINOFF}),  # stray closers ignored
        ("bio\x1b[31msimilar\x07", set()),  # control characters are separators, not terms
        ("\x1b[31mbiosimilar\x07", {HANMI}),
        ("foo:biosimilar", {HANMI}),  # unknown field: searched as words... of which foo matches nothing
        ("", {KIET, HANMI, SPINOFF, "Word list for prefix limits"}),  # empty: everything, newest first
        ("the", {HANMI, KIET, SPINOFF, "Word list for prefix limits"}),  # no stop words
        ('"phase 3"', set()),  # numbers are words: no match on "phase"
        ("...", set()),
        ("date: 2025", {HANMI}),  # a space after the colon is forgiven
    ],
)
def test_odd_queries_have_a_sensible_reading(reader, query: str, expected: set[str]) -> None:
    if query.startswith("foo:"):
        res = reader.search(query)
        assert res.hits == [] and res.assumed == ["foo: is not a field, searched as words"]
        assert titles(reader, "biosimilar") == expected
        return
    assert titles(reader, query) == expected


def test_snippets_mark_the_query_words(reader) -> None:
    res = reader.search("approvals manufactur*")
    ids = [h.article.id for h in res.hits]
    snips = reader.snippets("approvals manufactur*", ids)
    assert set(snips) == set(ids)
    for snip in snips.values():
        assert snip.highlights
        marked = [snip.text[s:e].lower() for s, e in snip.highlights]
        assert all(w.startswith("manufactur") or w.startswith("approv") for w in marked), marked
    hanmi = next(h.article.id for h in res.hits if h.article.title == HANMI)
    # the sentence with both words wins over sentences with one
    assert "approval" in snips[hanmi].text and "manufactured" in snips[hanmi].text


def test_snippets_of_long_paragraphs_are_windows(tmp_path: Path) -> None:
    long_para = (
        " ".join(["filler words without the key"] * 200)
        + " the biosimilar appears here "
        + ("trailing text " * 100)
    )
    art = make_article("Long one", [long_para], source="/c/long.txt")
    with IndexWriter(tmp_path / "ix") as w:
        w.add(art)
        w.commit()
    r = open_reader(tmp_path / "ix")
    snip = r.snippets("biosimilar", [art.id])[art.id]
    assert len(snip.text) <= 245
    (s, e) = snip.highlights[0]
    assert snip.text[s:e] == "biosimilar"
    assert r.snippets("biosimilar", ["missing-id"]) == {}


# ---- date terms ------------------------------------------------------------------------------------


def _days(start, end):
    from datetime import timedelta

    out, cur = set(), start
    while cur < end:
        out.add(cur)
        cur += timedelta(days=1)
    return out


def _covered(terms):
    """Every day a list of year / month / day terms stands for."""
    from datetime import date

    from kbio_tui.index.query import _next_month

    days = set()
    for t in terms:
        parts = [int(p) for p in t.split("-")]
        if len(parts) == 1:
            days |= _days(date(parts[0], 1, 1), date(parts[0] + 1, 1, 1))
        elif len(parts) == 2:
            first = date(parts[0], parts[1], 1)
            days |= _days(first, _next_month(first))
        else:
            days.add(date(*parts))
    return days


@pytest.mark.parametrize(
    ("value", "most_terms"),
    [
        ("2025", 1),
        ("2025-12", 1),
        ("2024-02-29", 1),
        ("2025-12..2026-02", 3),
        ("2024-01..2024-03", 3),
        ("2023-11-20..2025-02-03", 2 + 11 + 1 + 1 + 3),
        ("2025-01-31..2025-03-01", 1 + 1 + 1),
        ("..2019", 120),
        ("2025-06..", 200),
    ],
)
def test_date_cover_is_exact_and_small(value, most_terms):
    """The terms a date: value becomes stand for exactly the days of its range, and few of them."""
    from kbio_tui.index.query import date_cover, date_range

    start, end = date_range(value)
    terms = date_cover(start, end)
    assert len(terms) <= most_terms
    assert len(terms) == len(set(terms))
    assert _covered(terms) == _days(start, end)


def test_date_terms_of_an_article_are_its_year_month_and_day():
    from kbio_tui.index.docs import date_terms

    assert date_terms(datetime(2026, 2, 9, 23, 59)) == "2026 2026-02 2026-02-09"
    assert date_terms(None) == ""


def test_undated_articles_never_match_a_date_range(tmp_path):
    dated = make_article(
        "Dated note on plant output",
        ["Plant output rose."],
        source="/c/d.txt",
        published=datetime(2025, 3, 1),
    )
    undated = make_article(
        "Undated note on plant output", ["Plant output fell."], source="/c/u.txt", published=None
    )
    with IndexWriter(tmp_path / "ix") as w:
        w.add(dated)
        w.add(undated)
        w.commit()
    r = open_reader(tmp_path / "ix")
    try:
        assert titles(r, "plant") == {dated.title, undated.title}
        assert titles(r, "plant date:1900..") == {dated.title}
        assert titles(r, "plant date:..2025-03-01") == {dated.title}
        assert titles(r, "plant date:..2025-02-28") == set()
    finally:
        r.close()


@pytest.mark.parametrize(
    ("query", "assumed"),
    [
        ('"public money', ['no closing ": assumed one at the end of the query']),
        ("\u201cpublic money", ["no closing \u201d: assumed one at the end of the query"]),
        ("(biosimilar OR spinoffs", ["no closing ): assumed one at the end"]),
        ("((biosimilar OR spinoffs", ["2 ( left open: closed at the end"]),
        ("biosimilar)) OR spinoffs", ["2 ) with no ( were ignored"]),
        ("foo:biosimilar", ["foo: is not a field, searched as words"]),
        ("averylongfieldname:x", ["averylongfi\u2026: is not a field, searched as words"]),
        ('biosimilar "public money"', []),
        ("(biosimilar OR spinoffs) date:2025", []),
    ],
)
def test_a_malformed_query_says_what_was_assumed(reader, query: str, assumed: list[str]) -> None:
    res = reader.search(query)
    assert res.assumed == assumed
    for line in assumed:
        assert line in (res.message or "")
        assert len("kbio-tui: bad query: " + line) <= 80  # one line on an 80-column terminal
