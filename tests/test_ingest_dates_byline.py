"""Date and byline parsing in the formats news sites print."""

from __future__ import annotations

from datetime import datetime

import pytest

from kbio_tui.ingest.byline import normalize_author, parse_byline
from kbio_tui.ingest.dates import date_line, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-12-15 09:16:17", datetime(2025, 12, 15, 9, 16, 17)),
        ("9 Feb 2026", datetime(2026, 2, 9)),
        ("Dec. 15, 2025", datetime(2025, 12, 15)),
        ("December 15, 2025", datetime(2025, 12, 15)),
        ("2025.12.15", datetime(2025, 12, 15)),
        ("2025. 12. 15. 14:03", datetime(2025, 12, 15, 14, 3)),
        ("2025/12/15 14:03", datetime(2025, 12, 15, 14, 3)),
        ("2025-12-15T10:00:00+09:00", datetime(2025, 12, 15, 10, 0)),  # wall-clock time in the given zone
        ("2025-12-15T01:00:00Z", datetime(2025, 12, 15, 1, 0)),
        ("Mon, 15 Dec 2025 09:16:17 +0900", datetime(2025, 12, 15, 9, 16, 17)),
        ("Dec 3, 2025 at 4:05 p.m. KST", datetime(2025, 12, 3, 16, 5)),
        ("2031-03-14", datetime(2031, 3, 14)),  # future dates are kept
        ("2025-02-30", None),
        ("no date here", None),
    ],
)
def test_parse_date(text: str, expected: datetime | None) -> None:
    assert parse_date(text) == expected


def test_parse_date_epoch_numbers_are_utc() -> None:
    assert parse_date(1765760177) == datetime(2025, 12, 15, 0, 56, 17)
    assert parse_date(1765760177000) == datetime(2025, 12, 15, 0, 56, 17)
    assert parse_date(True) is None


@pytest.mark.parametrize(
    ("line", "published", "updated"),
    [
        ("Published : 2025-12-15 10:00", datetime(2025, 12, 15, 10, 0), None),
        ("Updated : Dec. 16, 2025 - 08:30", None, datetime(2025, 12, 16, 8, 30)),
        ("Input 2025.12.15 14:03 | Updated 2025.12.16 09:10", datetime(2025, 12, 15, 14, 3),
         datetime(2025, 12, 16, 9, 10)),
        ("Updated 2025.12.16 09:10 Published 2025.12.15 08:00", datetime(2025, 12, 15, 8, 0),
         datetime(2025, 12, 16, 9, 10)),
        ("9 Feb 2026", datetime(2026, 2, 9), None),
    ],
)  # fmt: skip
def test_date_lines(line: str, published: datetime | None, updated: datetime | None) -> None:
    assert date_line(line) == (published, updated)


def test_a_sentence_mentioning_a_date_is_not_a_date_line() -> None:
    assert date_line("The drug launched on Dec. 15, 2025 in Seoul.") is None
    assert date_line("Phase 3 data due 2026.03.01 per the company") is None


@pytest.mark.parametrize(
    ("line", "author", "org"),
    [
        ("by Kim, Jin-Gu | translator | 2025-12-15 09:16:17", "Kim Jin-Gu", None),
        ("By Lee Hye-seon", "Lee Hye-seon", None),
        ("Reporter Park Ji-min", "Park Ji-min", None),
        ("Park Ji-min reporter", "Park Ji-min", None),
        ("Kim Ji-hoon (jhkim@example.co.kr)", "Kim Ji-hoon", None),
        ("By Choi Ji-won (jwchoi@example.com)", "Choi Ji-won", None),
        ("JNPMEDI PR", "JNPMEDI PR", "JNPMEDI"),
        ("Samsung Biologics Newsroom", "Samsung Biologics Newsroom", "Samsung Biologics"),
        ("By Lee Hye-seon, Kim Ji-hoon", "Lee Hye-seon, Kim Ji-hoon", None),
    ],
)
def test_parse_byline(line: str, author: str, org: str | None) -> None:
    byline = parse_byline(line)
    assert byline is not None
    assert byline.author == author
    assert byline.org == org


def test_byline_date_segment() -> None:
    byline = parse_byline("by Kim, Jin-Gu | translator | 2025-12-15 09:16:17")
    assert byline is not None and byline.published == datetime(2025, 12, 15, 9, 16, 17)


@pytest.mark.parametrize(
    "line",
    [
        "By the end of the year, sales rose.",
        "Reporter said the deal was done.",
        "Samsung said | more text here",
    ],
)
def test_not_bylines(line: str) -> None:
    assert parse_byline(line) is None


def test_normalize_author() -> None:
    assert normalize_author("Kim, Jin-Gu") == "Kim Jin-Gu"
    assert normalize_author("By  Lee Hye-seon ") == "Lee Hye-seon"
    assert normalize_author("Lee Hye-seon, Kim Ji-hoon") == "Lee Hye-seon, Kim Ji-hoon"
