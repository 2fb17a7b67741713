"""The two bundled seed articles come out as the reference labels (../shared/gold) describe them."""

from __future__ import annotations

import re

import pytest
from _ingest_helpers import body

from kbio_tui.config import seeds_dir
from kbio_tui.ingest import iter_input_files, load_file
from kbio_tui.models import Article

# Expected values transcribed from the shared reference labels (seeds.gold.json).
GOLD = {
    "000_420aaf24029dac6a.txt": {
        "title": "Securing global CDMO foundation in KOR",
        "author": "Kim Jin-Gu",
        "published": "2025-12-15T09:16:17",
        "outlet": "Dailypharm",
        "deck": [
            "The Korea Pharmaceutical and Bio-Pharma Healthcare Alliance, an assembly of eight organizations,"
            " held the 2nd Forum",
            "In response to global manufacturing competition, the industry alliance proposes 'strengthening"
            " regulatory rationalization·manufacturing-based structure'",
        ],
        "caption_starts": "(from left) Yong Ki Park (Project Manager, Samsung Biologics)",
        "junk": [
            "Dailypharm Live Search Close",
            "Reader Comment",
            "JOIN US",
            "Member comment",
            "댓글",
            "dailypharm@dailypharm.com",
            "Colse",
        ],
        "duplicate": "The Korea Pharmaceutical and Bio-Pharma Healthcare Alliance hosted its 2nd Forum"
        " on December 11",
    },
    "002_d6fe4a97b0f85809.txt": {
        "title": "K-Bio-Pharmaceutical Industry Enhances Full Lifecycle of Drug R&D… Laying the"
        " Stepping Stones for Global Expansion",
        "author": "JNPMEDI PR",
        "published": "2026-02-09",
        "outlet": "JNPMEDI",
        "deck": [
            "MFDS reorganizes the system for biopharmaceutical licensing and review across the"
            " headquarters and affiliated agencies",
            "JNPMEDI provides customized strategies reflecting country-specific data standards and regulatory"
            " environments for companies expanding globally",
            "Samsung Biologics moves to secure 'super-gap' competitiveness in Contract Research, Development,"
            " and Manufacturing Organization (CRDMO)",
            "Celltrion establishes a full value chain for SC—the only one in Korea capable of development,"
            " licensing, mass production, and global supply—starting with Herzuma SC",
        ],
        "caption_starts": None,
        "junk": ["Stay up to date with the latest news from JNPMEDI", "c6b0dd422339c.jpg"],
        "duplicate": None,
    },
}


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", text.lower()))


@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    out = {}
    for path in iter_input_files([seeds_dir()]):
        (result,) = load_file(path)
        assert result.article is not None, result.error
        out[path.name] = result.article
    return out


@pytest.mark.parametrize("name", sorted(GOLD))
def test_seed_metadata(seeds: dict[str, Article], name: str) -> None:
    gold, art = GOLD[name], seeds[name]
    assert art.title == gold["title"]
    assert art.author == gold["author"]
    assert art.published is not None and art.published.isoformat().startswith(gold["published"])
    assert art.outlet == gold["outlet"]
    assert art.deck == gold["deck"]
    assert art.source_file == str(seeds_dir() / name)
    assert art.source_record == ""


@pytest.mark.parametrize("name", sorted(GOLD))
def test_seed_body_has_no_junk_and_no_repeats(seeds: dict[str, Article], name: str) -> None:
    gold, art = GOLD[name], seeds[name]
    text = body(art)
    for junk in gold["junk"]:
        assert junk.lower() not in text.lower()
    for block in (*art.deck, *art.captions):
        assert block not in art.paragraphs
    keys = [_norm(p) for p in art.paragraphs]
    assert len(keys) == len(set(keys))
    if gold["duplicate"]:
        assert _norm(text).count(_norm(gold["duplicate"])) == 1


def test_seed_caption_kept_apart(seeds: dict[str, Article]) -> None:
    art = seeds["000_420aaf24029dac6a.txt"]
    start = GOLD["000_420aaf24029dac6a.txt"]["caption_starts"]
    assert [c for c in art.captions if c.startswith(start)]
    assert start not in body(art)
    assert seeds["002_d6fe4a97b0f85809.txt"].captions == []
