"""Held-out quote extraction check: ten unseen-style articles, scored like the real evaluation.

The articles in tests/fixtures/heldout were written without looking at the extractor's rules, so the
score here estimates how the extractor does on real articles from outlets nobody on the team has seen.
The real pipeline runs in-process (ingest.load_file -> extract.extract -> export.article_record) and
the shared scorer (../shared/tools/score_extraction.py) measures it against heldout.gold.json.
"""

from __future__ import annotations

import importlib.util
import json
import traceback
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from kbio_tui.export import article_record
from kbio_tui.extract import extract
from kbio_tui.ingest import load_file

REPO_ROOT = Path(__file__).resolve().parents[1]
HELDOUT_DIR = REPO_ROOT / "tests" / "fixtures" / "heldout"
GOLD_PATH = HELDOUT_DIR / "heldout.gold.json"
SCORER_PATH = REPO_ROOT.parent / "shared" / "tools" / "score_extraction.py"
QUOTES_F1_BAR = 1.0  # floors at the figures reached: a real drop fails CI
PEOPLE_F1_FLOOR = 1.0

GOLD: dict[str, Any] = json.loads(GOLD_PATH.read_text(encoding="utf-8"))
FILES = [a["file"] for a in GOLD["articles"]]


def _load_scorer() -> ModuleType:
    if not SCORER_PATH.is_file():
        pytest.fail(f"shared scorer not found at {SCORER_PATH}; cannot measure the held-out bar without it")
    spec = importlib.util.spec_from_file_location("score_extraction", SCORER_PATH)
    if spec is None or spec.loader is None:
        pytest.fail(f"cannot import the shared scorer from {SCORER_PATH}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run_pipeline(name: str) -> dict[str, Any]:
    """One file through ingest and extraction, as an export record.  Raises on any failure."""
    results = load_file(HELDOUT_DIR / name)
    assert len(results) == 1, f"{name}: expected one article, got {len(results)} load results"
    result = results[0]
    assert result.article is not None, f"{name}: not loaded: {result.error}"
    return article_record(extract(result.article))


@pytest.fixture(scope="module")
def pipeline_output() -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Records for the files that went through, and a one-line reason for each that did not."""
    records: list[dict[str, Any]] = []
    failures: dict[str, str] = {}
    for name in FILES:
        try:
            records.append(_run_pipeline(name))
        except Exception as exc:  # a crash is a finding to report per file, not a reason to stop
            last = traceback.extract_tb(exc.__traceback__)[-1]
            failures[name] = f"{type(exc).__name__}: {exc} ({Path(last.filename).name}:{last.lineno})"
    return records, failures


def test_gold_starts_are_verbatim_in_their_articles() -> None:
    """Labels must quote the fixtures exactly, or a miss would be the label's fault, not the extractor's."""
    wrong = []
    for art in GOLD["articles"]:
        text = (HELDOUT_DIR / art["file"]).read_text(encoding="utf-8")
        for item in [*art["quotes"], *art["indirect_statements"]]:
            if item["starts"] not in text:
                wrong.append(f"{art['file']}: {item['starts']!r}")
    assert not wrong, "gold 'starts' not found verbatim:\n" + "\n".join(wrong)


@pytest.mark.parametrize("name", FILES)
def test_heldout_file_goes_through_pipeline(
    name: str, pipeline_output: tuple[list[dict[str, Any]], dict[str, str]]
) -> None:
    records, failures = pipeline_output
    assert name not in failures, failures.get(name)
    record = next(r for r in records if Path(r["source_file"]).name == name)
    assert record["body"].strip(), f"{name}: empty body"


def test_heldout_quotes_f1_meets_bar(pipeline_output: tuple[list[dict[str, Any]], dict[str, str]]) -> None:
    scorer = _load_scorer()
    records, failures = pipeline_output
    result = scorer.score(records, GOLD)
    problems = result.pop("problems")
    print("\n== held-out extraction score ==")
    for name, reason in failures.items():
        print(f"  CRASH {name}: {reason}")
    for problem in problems:
        print("  -", problem)
    for key, value in result.items():
        print(f"{key}={value}")
    assert not failures, f"pipeline failed on {len(failures)} held-out file(s): {sorted(failures)}"
    assert result["quotes_f1"] >= QUOTES_F1_BAR, (
        f"held-out quotes_f1={result['quotes_f1']} < {QUOTES_F1_BAR} "
        f"(precision={result['quotes_precision']}, recall={result['quotes_recall']})"
    )
    assert result["people_f1"] >= PEOPLE_F1_FLOOR, f"people_f1={result['people_f1']} < {PEOPLE_F1_FLOOR}"
