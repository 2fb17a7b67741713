"""The generator is deterministic, writes resolvable attributions, and its truth matches its text."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen_corpus


def _norm(s: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", s.lower()))


def test_same_seed_same_bytes_and_prefix_property(tmp_path: Path) -> None:
    a = gen_corpus.generate(30, tmp_path / "a", seed=3, workers=1)
    b = gen_corpus.generate(40, tmp_path / "b", seed=3, workers=2)
    c = gen_corpus.generate(30, tmp_path / "c", seed=4, workers=1)
    names = sorted(p.name for p in a.glob("*.txt"))
    assert len(names) == 30
    for n in names:
        assert (a / n).read_bytes() == (b / n).read_bytes()
    assert [(a / n).read_text() for n in names] != [
        (c / n).read_text() for n in sorted(p.name for p in c.glob("*.txt"))
    ]


def test_truth_matches_text(tmp_path: Path) -> None:
    out = gen_corpus.generate(200, tmp_path / "t", seed=11, workers=1)
    truth = json.loads((out / "truth.json").read_text())["articles"]
    assert len(truth) == 200
    kinds = set()
    for art in truth:
        text = (out / art["file"]).read_text()
        flat = _norm(text)
        assert 450 <= len(text.split()) <= 1100
        for q in art["quotes"]:
            assert _norm(q["starts"]) in flat
            kinds.add((q["kind"], q["attributed_by"]))
        for p in art["people"][1 if art["source"] != "press" else 0 :]:
            assert p["name"] in text, p["name"]
        for p in art["people"]:
            assert sum(_norm(p["name"]) == _norm(o["name"]) for o in art["people"]) == 1
    for needed in [
        ("direct", "name"),
        ("direct", "surname"),
        ("direct", "pronoun"),
        ("direct", "title+surname"),
        ("direct", "continuation"),
        ("partial", "surname"),
        ("direct", "anonymous"),
    ]:
        assert needed in kinds, needed


def test_short_references_are_unique_within_the_article() -> None:
    pools = gen_corpus.Pools(11)
    for i in range(300):
        art = gen_corpus.Article(pools, 11, i)
        art.build()
        by_name = {p.name: p for p in art.people}
        for q in art.quotes:
            if q["attributed_by"] == "surname":
                sp = by_name[q["speaker"]]
                assert sum(sp.surname.casefold() in o.tokens for o in art.people) == 1
            elif q["attributed_by"] == "title+surname":
                sp = by_name[q["speaker"]]
                assert sum(o.surname == sp.surname and o.role == sp.role for o in art.people) == 1


def test_jsonl_format_one_record_per_article(tmp_path: Path) -> None:
    out = gen_corpus.generate(25, tmp_path / "j", seed=5, fmt="jsonl", workers=1)
    lines = (out / "articles.jsonl").read_text().splitlines()
    assert len(lines) == 25
    rec = json.loads(lines[0])
    assert rec["title"] and rec["text"] and rec["published"]
    assert not list(out.glob("*.txt"))
