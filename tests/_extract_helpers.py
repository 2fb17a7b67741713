"""Shared helpers for extraction tests: export lines in the scorer's format, and the scorer itself."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

from kbio_tui.models import Article, EntityType

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SCORER = SHARED / "tools" / "score_extraction.py"
GOLD = SHARED / "gold" / "seeds.gold.json"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "extract"


def load_scorer() -> ModuleType:
    if not SCORER.is_file():
        raise FileNotFoundError(f"scorer not found at {SCORER}: the shared folder must sit beside the repo")
    spec = importlib.util.spec_from_file_location("score_extraction", SCORER)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def export_line(a: Article) -> dict[str, Any]:
    """One article in the scorer's export format (see score_extraction.py's docstring)."""
    people = [
        {"name": e.name, "role": e.role, "org": e.org} for e in a.entities if e.type is EntityType.PERSON
    ]
    orgs = [{"name": e.name, "acronym": e.acronym} for e in a.entities if e.type is EntityType.ORG]
    quotes = [{"speaker": q.speaker, "text": q.text, "kind": str(q.kind)} for q in a.quotes]
    return {
        "source_file": Path(a.source_file).name,
        "title": a.title,
        "author": a.author,
        "published": a.published.isoformat() if a.published else None,
        "body": a.body,
        "people": people,
        "organizations": orgs,
        "quotes": quotes,
    }


def article_from_paragraphs(
    paragraphs: list[str],
    *,
    title: str = "Test",
    deck: list[str] | None = None,
    captions: list[str] | None = None,
    **kw: Any,
) -> Article:
    return Article(
        source_file="/tmp/fixture.txt",
        title=title,
        paragraphs=paragraphs,
        deck=deck or [],
        captions=captions or [],
        **kw,
    )


def load_fixture(name: str) -> Article:
    """A fixture .txt: 'key: value' header lines (title, published, author, outlet, deck, caption),
    a blank line, then paragraphs separated by blank lines."""
    from datetime import datetime

    raw = (FIXTURES / name).read_text(encoding="utf-8")
    head, _, body = raw.partition("\n\n")
    meta: dict[str, Any] = {"deck": [], "captions": []}
    for line in head.splitlines():
        key, _, value = line.partition(":")
        value = value.strip()
        if key == "deck":
            meta["deck"].append(value)
        elif key == "caption":
            meta["captions"].append(value)
        elif key == "published":
            meta["published"] = datetime.fromisoformat(value)
        else:
            meta[key] = value
    # a second header block of deck/caption lines may follow the first blank line
    paras = [p.strip() for p in body.split("\n\n") if p.strip()]
    while paras and all(ln.startswith(("deck:", "caption:")) for ln in paras[0].splitlines()):
        for line in paras.pop(0).splitlines():
            key, _, value = line.partition(":")
            meta["deck" if key == "deck" else "captions"].append(value.strip())
    return Article(source_file=str(FIXTURES / name), paragraphs=paras, **meta)
