"""A small desk's worth of articles in two arrivals, for saved-search and timeline tests.

Every text here is written for these tests. Baek Seung-ho runs Orion Bioworks; Han Ji-woo speaks for
a regulator; one article has no date.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from _index_helpers import make_article

from kbio_tui.index import open_writer
from kbio_tui.models import Article, QuoteKind

BAEK = ("person:baek-seung-ho", "Baek Seung-ho", "CEO", "Orion Bioworks")
HAN = ("person:han-ji-woo", "Han Ji-woo", "Director", "Drug Review Agency")
ORION = ("org:orion-bioworks", "Orion Bioworks", None)
AGENCY = ("org:drug-review-agency", "Drug Review Agency", "DRA")


def first_arrival() -> list[Article]:
    """Published March to June 2025 (nothing in April), and one without a date."""
    return [
        make_article(
            "Orion Bioworks breaks ground on antibody plant",
            [
                "Orion Bioworks started building an antibody plant in Osong on Tuesday.",
                '"The plant doubles what we can make," Baek Seung-ho, CEO of Orion Bioworks, said.',
                '"Hiring starts in the autumn," Baek added.',
            ],
            source="/desk/orion-plant.txt",
            published=datetime(2025, 3, 4, 10, 0),
            people=[BAEK],
            orgs=[ORION],
            quotes=[
                (BAEK[0], BAEK[1], "The plant doubles what we can make,", QuoteKind.DIRECT),
                (BAEK[0], BAEK[1], "Hiring starts in the autumn,", QuoteKind.DIRECT),
            ],
        ),
        make_article(
            "Regulator shortens review for rare disease drugs",
            [
                "The Drug Review Agency will review rare disease drugs in 120 days.",
                '"Patients cannot wait a year," Han Ji-woo, a director at the Drug Review Agency, said.',
                "Orion Bioworks welcomed the change.",
            ],
            source="/desk/dra-review.txt",
            published=datetime(2025, 3, 28, 9, 0),
            people=[HAN],
            orgs=[AGENCY, ORION],
            quotes=[(HAN[0], HAN[1], "Patients cannot wait a year,", QuoteKind.DIRECT)],
        ),
        make_article(
            "Orion Bioworks signs antibody supply deal",
            [
                "Orion Bioworks will supply an antibody to a European partner.",
                '"Europe is our second home market," Baek Seung-ho said at the signing.',
            ],
            source="/desk/orion-deal.txt",
            published=datetime(2025, 6, 17, 15, 30),
            people=[BAEK],
            orgs=[ORION],
            quotes=[(BAEK[0], BAEK[1], "Europe is our second home market,", QuoteKind.DIRECT)],
        ),
        make_article(
            "Column: why antibody plants cluster in Osong",
            [
                "Osong has water, power and a regulator nearby.",
                '"We came for the engineers," Baek Seung-ho said last year.',
            ],
            source="/desk/column.txt",
            published=None,
            people=[BAEK],
            quotes=[(BAEK[0], BAEK[1], "We came for the engineers,", QuoteKind.DIRECT)],
        ),
    ]


def second_arrival() -> list[Article]:
    """Ingested later; one of them was published before everything in the first arrival."""
    return [
        make_article(
            "Orion Bioworks opens antibody plant ahead of schedule",
            [
                "The Osong antibody plant of Orion Bioworks opened in August.",
                '"We finished four months early," Baek Seung-ho said.',
                '"The agency inspected it twice," Han Ji-woo said.',
            ],
            source="/desk/orion-open.txt",
            published=datetime(2025, 8, 12, 11, 0),
            people=[BAEK, HAN],
            orgs=[ORION, AGENCY],
            quotes=[
                (BAEK[0], BAEK[1], "We finished four months early,", QuoteKind.DIRECT),
                (HAN[0], HAN[1], "The agency inspected it twice,", QuoteKind.DIRECT),
            ],
        ),
        make_article(
            "Archive: the agency's first rare disease approval",
            ["The Drug Review Agency approved its first rare disease drug in January 2025."],
            source="/desk/archive.txt",
            published=datetime(2025, 1, 9, 8, 0),
            orgs=[AGENCY],
        ),
    ]


def ingest(index_dir: Path, articles: list[Article]) -> None:
    with open_writer(index_dir) as w:
        for a in articles:
            w.add(a)
        w.commit()
