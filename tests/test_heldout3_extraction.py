"""Held-out set 3: twelve hand-labelled articles nobody tuned the extractor on.

The floors (quotes_f1, people_f1 at the figures reached) guard against regressions; the printed summary is
the honest figure for how the rules generalise to unseen outlets.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from kbio_tui.export import article_record
from kbio_tui.extract import extract
from kbio_tui.ingest import load_file

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "heldout3"
GOLD_PATH = FIXTURES / "heldout3.gold.json"
SCORER_PATH = REPO.parent / "shared" / "tools" / "score_extraction.py"
QUOTES_F1_FLOOR = 0.966  # floors at the figures reached: a real drop fails CI
PEOPLE_F1_FLOOR = 1.0


def _load_scorer() -> ModuleType:
    if not SCORER_PATH.is_file():
        raise FileNotFoundError(
            f"scorer not found at {SCORER_PATH} (expected ../shared/tools/score_extraction.py)"
        )
    spec = importlib.util.spec_from_file_location("score_extraction", SCORER_PATH)
    assert spec is not None and spec.loader is not None, f"cannot load scorer from {SCORER_PATH}"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gold() -> dict:
    return json.loads(GOLD_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def records(gold: dict) -> list[dict]:
    """Run the real pipeline stages on every file; a crash on any file fails here."""
    out: list[dict] = []
    failures: list[str] = []
    for entry in gold["articles"]:
        path = FIXTURES / entry["file"]
        try:
            results = load_file(path)
            articles = [r.article for r in results if r.article is not None]
            if not articles:
                errors = "; ".join(str(r.error) for r in results)
                failures.append(f"{entry['file']}: no article loaded ({errors})")
                continue
            for article in articles:
                out.append(article_record(extract(article)))
        except Exception as exc:  # the point is to report every crashing file, not just the first
            failures.append(f"{entry['file']}: {type(exc).__name__}: {exc}")
    assert not failures, "crashed or unreadable:\n" + "\n".join(failures)
    return out


def test_gold_covers_twelve_files(gold: dict) -> None:
    files = sorted(a["file"] for a in gold["articles"])
    assert len(files) == 12
    assert files == sorted(p.name for p in FIXTURES.glob("*.txt"))


def test_every_gold_start_is_verbatim_in_its_file(gold: dict) -> None:
    missing = []
    for entry in gold["articles"]:
        text = (FIXTURES / entry["file"]).read_text(encoding="utf-8")
        for item in entry.get("quotes", []) + entry.get("indirect_statements", []):
            if item["starts"] not in text:
                missing.append(f"{entry['file']}: {item['starts']!r}")
    assert not missing, "gold 'starts' not found verbatim:\n" + "\n".join(missing)


def test_heldout3_scores(gold: dict, records: list[dict]) -> None:
    assert {Path(r["source_file"]).name for r in records} >= {a["file"] for a in gold["articles"]}
    result = _load_scorer().score(records, gold)
    problems = result.pop("problems")
    print("\nheldout3 summary:")
    for key, value in result.items():
        print(f"  {key}={value}")
    print(f"heldout3 problems ({len(problems)}):")
    for problem in problems:
        print(f"  - {problem}")
    f1 = result["quotes_f1"]
    assert f1 >= QUOTES_F1_FLOOR, f"quotes_f1={f1} below floor {QUOTES_F1_FLOOR}"
    assert result["people_f1"] >= PEOPLE_F1_FLOOR, f"people_f1={result['people_f1']} < {PEOPLE_F1_FLOOR}"
