"""A small desk in two arrivals for the browser's saved-search and timeline tests.

Written for these tests: Yoon Ga-ram runs Seorin Pharma's plants, Bae Ji-hoon is an analyst; the
articles span November 2025 to March 2026 with nothing in February.  ``LATER`` is committed after
``EARLIER`` (a second IndexWriter commit): one published in March, one published in December but
ingested only then."""

from __future__ import annotations

from datetime import datetime

from kbio_tui.models import Article


def _article(key: str, when: datetime, title: str, paragraphs: list[str]) -> Article:
    return Article(
        source_file=f"/desk/{key}.txt",
        source_hash=f"{key}-v1",
        outlet="Korea Biomedical Review",
        title=title,
        published=when,
        paragraphs=paragraphs,
    )


EARLIER = [
    _article(
        "s1",
        datetime(2025, 11, 10, 9),
        "Seorin Pharma opens an antibody plant in Osong",
        [
            "Seorin Pharma opened an antibody plant in Osong on Monday.",
            '"This plant triples our output," said Yoon Ga-ram, head of manufacturing at Seorin Pharma.',
        ],
    ),
    _article(
        "s2",
        datetime(2026, 1, 8, 9),
        "Seorin Pharma wins a CDMO order from a Swiss client",
        [
            "Seorin Pharma won a CDMO order worth 90 billion won from a Swiss client.",
            '"Our CDMO lines are booked into next year," said Yoon Ga-ram, head of manufacturing at '
            "Seorin Pharma.",
            '"Clients are moving orders to Korea," said Bae Ji-hoon, an analyst at Mirae Research.',
        ],
    ),
    _article(
        "s3",
        datetime(2026, 1, 20, 9),
        "CDMO demand keeps growing in Korea",
        [
            "Demand for CDMO services grew again in January, industry figures show.",
            '"The CDMO cycle is far from its peak," said Bae Ji-hoon, an analyst at Mirae Research.',
        ],
    ),
    _article(
        "s4",
        datetime(2026, 3, 3, 9),
        "Tablet makers cut prices",
        ["Generic tablet makers cut their prices by five percent this quarter."],
    ),
]
# Committed later: one published in March, one published long ago but ingested only now.
LATER = [
    _article(
        "s5",
        datetime(2026, 3, 15, 9),
        "Seorin Pharma adds a fourth CDMO line",
        [
            "Seorin Pharma will add a fourth CDMO line by the end of the year.",
            '"A fourth line was always the plan," said Yoon Ga-ram, head of manufacturing at Seorin Pharma.',
        ],
    ),
    _article(
        "s6",
        datetime(2025, 12, 1, 9),
        "An old CDMO survey resurfaces",
        [
            "A survey of CDMO buyers from December was published in full this week.",
            '"Buyers value reliability over price," said Bae Ji-hoon, an analyst at Mirae Research.',
        ],
    ),
]
LATER_TITLES = {a.title for a in LATER}
