"""Real news nobody wrote for this project: ``../shared/ggt-dev`` (49 Canadian articles, linguists' labels).

Not Korean biopharma, which is the point: names, outlets and sentence shapes the rules were never
written from. The floors sit at the figures reached, so a real drop fails CI; the README's quality
table gives the same figures. (The 45 real Korean-biopharma pages of ``../shared/realdev`` cannot be
stored, so they are scored by ``bench/quality.py`` on a developer's machine, not here.)
"""

from __future__ import annotations

import json

import pytest
from _extract_helpers import SHARED, load_scorer

from kbio_tui.export import article_record
from kbio_tui.extract import extract
from kbio_tui.ingest import load_file

GGT = SHARED / "ggt-dev"
QUOTES_F1_FLOOR = 0.777  # speaker and quote both right (was 0.335 before the real-news work)
DETECTION_F1_FLOOR = 0.955  # the quote found at all, whoever it is credited to
ALL_PEOPLE_F1_FLOOR = 0.789  # every person the linguists listed (gold_allpeople.json)


def _gold(name: str) -> dict:
    path = GGT / name
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: the shared folder must sit beside the repo")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def records() -> list[dict]:
    """Every text through the real reader, cleaner and extractor, as ``kbio-tui export`` writes it."""
    out: list[dict] = []
    for path in sorted((GGT / "texts").glob("*.txt")):
        articles = [r.article for r in load_file(path) if r.article is not None]
        assert articles, f"{path.name}: no article loaded"
        out.extend(article_record(extract(a)) for a in articles)
    return out


def _score(records: list[dict], gold: dict, label: str) -> dict:
    result = load_scorer().score(records, gold)
    problems = result.pop("problems")
    print(f"\n{label}: " + " ".join(f"{k}={v}" for k, v in result.items() if k != "by_attribution"))
    for problem in problems[:400]:
        print(f"  - {problem}")
    return result


def test_every_ggt_text_is_an_article(records: list[dict]) -> None:
    assert len(records) == len(_gold("gold.json")["articles"]) == 49


def test_ggt_quotes_are_credited_to_the_right_person(records: list[dict]) -> None:
    result = _score(records, _gold("gold.json"), "ggt-dev")
    assert result["quote_detection_f1"] >= DETECTION_F1_FLOOR
    assert result["quotes_f1"] >= QUOTES_F1_FLOOR


def test_ggt_people_are_found_without_non_people(records: list[dict]) -> None:
    result = _score(records, _gold("gold_allpeople.json"), "ggt-dev all people")
    assert result["people_f1"] >= ALL_PEOPLE_F1_FLOOR
