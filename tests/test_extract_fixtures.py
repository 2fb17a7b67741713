"""Extraction against hand-labelled fixtures written in the styles of several outlets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _extract_helpers import FIXTURES, load_fixture, load_scorer

from kbio_tui.extract import extract
from kbio_tui.models import Article, EntityType, QuoteKind

CASES = sorted(p.stem for p in FIXTURES.glob("*.json"))


def _labels(stem: str) -> tuple[Article, dict]:
    art = extract(load_fixture(f"{stem}.txt"))
    return art, json.loads((FIXTURES / f"{stem}.json").read_text(encoding="utf-8"))


def _same(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is b
    return load_scorer().same_name(a, b)


def _norm(s: str) -> str:
    return load_scorer().norm(s)


def test_fixture_set_is_not_empty() -> None:
    assert len(CASES) >= 5


@pytest.mark.parametrize("stem", CASES)
def test_quotes_found_and_credited(stem: str) -> None:
    art, lab = _labels(stem)
    said = [q for q in art.quotes if q.kind is not QuoteKind.INDIRECT]
    for exp in lab.get("quotes", []):
        hit = next((q for q in said if _norm(q.text).startswith(_norm(exp["starts"]))), None)
        assert hit is not None, (
            f"{stem}: quote not found {exp['starts']!r}; got {[q.text[:40] for q in said]}"
        )
        assert hit.kind == exp["kind"], f"{stem}: {exp['starts']!r} is {hit.kind}"
        if "speaker" in exp:
            assert _same(hit.speaker, exp["speaker"]), (
                f"{stem}: {exp['starts']!r} credited to {hit.speaker!r}"
            )
        if "speaker_kind" in exp:
            assert hit.speaker_kind == exp["speaker_kind"], f"{stem}: {exp['starts']!r} {hit.speaker_kind}"
        if exp.get("unresolved"):
            assert hit.speaker_id is None, f"{stem}: {exp['starts']!r} guessed {hit.speaker_id}"
        if "speaker_contains" in exp:
            assert exp["speaker_contains"] in (hit.speaker or ""), hit.speaker
        if "attributed_by" in exp:
            assert hit.attributed_by == exp["attributed_by"], (
                f"{stem}: {exp['starts']!r} by {hit.attributed_by}"
            )
        # offsets point at the quoted words and at the sentence that holds them
        assert art.text[hit.start : hit.end].startswith(hit.text[:20])
        assert hit.sentence_start <= hit.start < hit.end <= hit.sentence_end
    if lab.get("exact_quotes"):
        extra = [
            q.text[:50]
            for q in said
            if not any(_norm(q.text).startswith(_norm(e["starts"])) for e in lab.get("quotes", []))
        ]
        assert not extra, f"{stem}: unexpected quotes {extra}"
    for trap in lab.get("not_quotes", []):
        assert not any(_norm(q.text).startswith(_norm(trap)) for q in said), (
            f"{stem}: {trap!r} taken as a quote"
        )


@pytest.mark.parametrize("stem", CASES)
def test_indirect_statements(stem: str) -> None:
    art, lab = _labels(stem)
    inds = [q for q in art.quotes if q.kind is QuoteKind.INDIRECT]
    for exp in lab.get("indirect", []):
        hit = next((q for q in inds if _norm(exp["starts"]) in _norm(q.text)), None)
        if exp.get("optional") and hit is None:
            continue
        assert hit is not None, (
            f"{stem}: indirect not found {exp['starts']!r}; got {[q.text[:40] for q in inds]}"
        )
        if "speaker" in exp:
            assert _same(hit.speaker, exp["speaker"]), (
                f"{stem}: {exp['starts']!r} credited to {hit.speaker!r}"
            )
        if "speaker_kind" in exp:
            assert hit.speaker_kind == exp["speaker_kind"]


@pytest.mark.parametrize("stem", CASES)
def test_people_roles_orgs(stem: str) -> None:
    art, lab = _labels(stem)
    people = [e for e in art.entities if e.type is EntityType.PERSON]
    for exp in lab.get("people", []):
        hit = next((p for p in people if _same(p.name, exp["name"])), None)
        assert hit is not None, f"{stem}: person {exp['name']!r} missing; got {[p.name for p in people]}"
        if "role" in exp:
            assert exp["role"].lower() in (hit.role or "").lower(), f"{stem}: {hit.name} role {hit.role!r}"
        if "org" in exp:
            assert exp["org"].lower() in (hit.org or "").lower(), f"{stem}: {hit.name} org {hit.org!r}"
    if lab.get("exact_people"):
        extra = [p.name for p in people if not any(_same(p.name, e["name"]) for e in lab["people"])]
        assert not extra, f"{stem}: unexpected people {extra}"
    for a, b in lab.get("distinct_ids", []):
        ia = next(p.id for p in people if _same(p.name, a))
        ib = next(p.id for p in people if _same(p.name, b))
        assert ia != ib


@pytest.mark.parametrize("stem", CASES)
def test_orgs_products_laws_figures_dates(stem: str) -> None:
    art, lab = _labels(stem)
    by_type = {t: [e for e in art.entities if e.type is t] for t in EntityType}
    for exp in lab.get("orgs", []):
        hit = next(
            (
                o
                for o in by_type[EntityType.ORG]
                if _norm(o.name) == _norm(exp["name"])
                or any(_norm(a) == _norm(exp["name"]) for a in o.aliases)
            ),
            None,
        )
        assert hit is not None, (
            f"{stem}: org {exp['name']!r} missing; got {[o.name for o in by_type[EntityType.ORG]]}"
        )
        if exp.get("acronym"):
            assert hit.acronym == exp["acronym"]
    for exp in lab.get("products", []):
        hit = next((p for p in by_type[EntityType.PRODUCT] if p.name == exp["name"]), None)
        assert hit is not None, f"{stem}: product {exp['name']!r} missing"
        for k in ("code", "ingredient"):
            if k in exp:
                assert hit.attrs.get(k) == exp[k]
    for name in lab.get("laws", []):
        assert any(name == e.name or name in e.aliases for e in by_type[EntityType.LAW]), (
            f"{stem}: law {name!r}"
        )
    for exp in lab.get("figures", []):
        hit = next((f for f in by_type[EntityType.FIGURE] if f.name == exp["text"]), None)
        assert hit is not None, (
            f"{stem}: figure {exp['text']!r}; got {[f.name for f in by_type[EntityType.FIGURE]]}"
        )
        for k in ("currency", "value"):
            if k in exp:
                assert hit.attrs.get(k) == exp[k], (exp, hit.attrs)
    for exp in lab.get("dates", []):
        hit = next((d for d in by_type[EntityType.DATE] if exp["text"] in d.aliases), None)
        assert hit is not None, (
            f"{stem}: date {exp['text']!r}; got {[d.aliases for d in by_type[EntityType.DATE]]}"
        )
        assert hit.attrs.get("iso") == exp["iso"]


@pytest.mark.parametrize("stem", CASES)
def test_mentions_point_into_text(stem: str) -> None:
    art, _ = _labels(stem)
    ids = {e.id for e in art.entities}
    assert art.mentions
    for m in art.mentions:
        assert art.text[m.start : m.end] == m.text
        assert m.entity_id in ids
    for s in art.sentences:
        assert 0 <= s.start < s.end <= len(art.text)


def test_fixture_paths_exist() -> None:
    for stem in CASES:
        assert Path(FIXTURES / f"{stem}.txt").is_file()
