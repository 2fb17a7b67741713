"""The bar on the seed articles, through the real reader/cleaner and the shared scorer."""

from __future__ import annotations

import json

from _extract_helpers import GOLD, REPO, export_line, load_scorer

from kbio_tui.extract import extract
from kbio_tui.ingest import load_file


def _score() -> dict:
    if not GOLD.is_file():
        raise FileNotFoundError(
            f"gold labels not found at {GOLD}: the shared folder must sit beside the repo"
        )
    lines = []
    for path in sorted((REPO / "seeds").glob("*.txt")):
        for res in load_file(path):
            assert res.article is not None, res.error
            lines.append(export_line(extract(res.article)))
    return load_scorer().score(lines, json.loads(GOLD.read_text(encoding="utf-8")))


def test_seed_extraction_meets_the_bar() -> None:
    res = _score()
    problems = res["problems"]
    assert res["quotes_f1"] == 1.0, problems
    assert res["people_f1"] >= 0.95, problems
    role_ok, n = map(int, res["people_role_ok"].split("/"))
    org_ok, _ = map(int, res["people_org_ok"].split("/"))
    assert n == 16 and role_ok >= 14 and org_ok >= 14, problems
    assert res["orgs_recall"] >= 0.9, problems
    assert res["indirect_recall"] >= 0.8, problems
    assert not [p for p in problems if "quote not in reference" in p]
