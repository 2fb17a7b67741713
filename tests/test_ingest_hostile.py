"""Hostile input (issue 6, ingest side): each case is recovered or skipped with a one-line reason."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest
from _ingest_helpers import HOSTILE, body, only_article, only_result

from kbio_tui.ingest import iter_input_files, load_file
from kbio_tui.models import Article

_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _all_text(art: Article) -> str:
    return "\n".join([art.title, art.author or "", art.outlet or "", art.text])


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty.txt", "empty file"),
        ("binary.txt", "binary file"),
        ("nul_padded.txt", "binary file"),
        ("nav_only.html", "no article text found"),
    ],
)
def test_skipped_with_one_line_reason(name: str, reason: str) -> None:
    result = only_result(HOSTILE / name)
    assert result.article is None
    assert result.skipped
    assert result.error == reason


def test_fifty_megabyte_file_is_refused_with_size_and_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        chunk = b"A line of scraped text that goes on and on. " * 1000
        while f.tell() < 50 * 1024 * 1024:
            f.write(chunk)
    result = only_result(path)
    assert result.skipped and result.article is None
    assert result.error == "file too large (50.0 MB; the limit is 20 MB)"


def test_whitespace_only_file_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text(" \n\t\n\u00a0\n", encoding="utf-8")
    assert only_result(path).error == "empty file"


@pytest.mark.parametrize(
    "name", ["utf16_bom.txt", "utf16be_bom.txt", "utf16le_nobom.txt", "utf16be_nobom.txt", "utf8_bom.txt"]
)
def test_unicode_variants_recover_the_same_article(name: str) -> None:
    art = only_article(HOSTILE / name)
    assert art.title == "Jeil Bio opens cell therapy plant in Osong"
    assert art.author == "Moon Ha-neul"
    assert art.published == datetime(2025, 12, 5, 11, 0)
    assert art.paragraphs[1].startswith("“Our goal is to supply partners")
    assert "\ufeff" not in _all_text(art)


@pytest.mark.parametrize("name", ["cp949.txt", "euc_kr.txt"])
def test_korean_legacy_encodings(name: str) -> None:
    result = only_result(HOSTILE / name)
    assert result.article is not None
    assert "decoded as cp949" in result.notes
    text = body(result.article)
    assert "(대한제약)" in text and "Ryu Jae-won (류재원)" in text
    assert result.article.author == "Shin Yu-na"


def test_html_scripts_styles_iframes_and_handlers_are_gone() -> None:
    art = only_article(HOSTILE / "script_page.html")
    assert art.title == "Hana Bio reports strong quarter"
    assert art.outlet == "Example Pharma Daily"
    assert len(art.paragraphs) == 3
    text = _all_text(art)
    for leaked in ("SCRIPT", "STYLE", "IFRAME", "NOSCRIPT", "HANDLER", "alert(", "steal", "cookie", "@type"):
        assert leaked not in text


def test_escape_sequences_and_control_characters_are_stripped() -> None:
    art = only_article(HOSTILE / "ansi_escapes.txt")
    text = _all_text(art)
    assert "\x1b" not in text and "\x07" not in text and "\x08" not in text and "\x9b" not in text
    assert not _UNSAFE.search(text)
    assert "52;" not in text and "cm0gLXJmIH4=" not in text and "pwned" not in text  # OSC 52 / title payloads
    assert art.title == "Red Alert: Boram Bio recalls contaminated vials"
    assert art.paragraphs == [
        "Boram Bio said it is recalling three lots of an injectable antibiotic after sterility tests failed"
        " at its plant in Wonju.",
        "The recall covers about 12,000 vials distributed to hospitals since October, the company said.",
        "Regulators said no adverse events had been reported so far and that the company acted voluntarily.",
    ]


def test_rich_markup_is_kept_as_literal_data() -> None:
    art = only_article(HOSTILE / "rich_markup.txt")
    assert art.title == (
        "[bold]Markup[/] in headlines: [link=https://evil.example]Sejin Bio[/link] posts record sales"
    )
    assert "[red]record[/red]" in art.paragraphs[0]
    assert "[/] and [on red]" in art.paragraphs[1]


def test_unbalanced_quote_marks_are_kept_verbatim() -> None:
    art = only_article(HOSTILE / "unbalanced_quotes.txt")
    assert art.title == "“Unbalanced headline: Kookje Bio says it will ‘double output"
    assert art.paragraphs[0].endswith("“We will double output by 2027, and then expand overseas.")
    assert "‘smart factory”" in art.paragraphs[1]
    assert "”ambitious but reachable“" in art.paragraphs[2]


def test_twenty_thousand_character_paragraph_is_kept_whole() -> None:
    art = only_article(HOSTILE / "long_paragraph.txt")
    assert len(art.paragraphs) == 2
    assert len(art.paragraphs[0]) == 20000
    assert art.paragraphs[1] == "The company did not comment further."


def test_missing_title_is_left_empty() -> None:
    """A page that starts at its lead has no headline: none is made up from the first sentence."""
    result = only_result(HOSTILE / "missing_title.txt")
    assert result.article is not None
    assert result.article.title == ""
    assert result.article.paragraphs[0].startswith("Taeyang Pharm said on Tuesday")
    assert "no headline found: the article is listed without a title" in result.notes


def test_missing_author_and_date_still_ingested() -> None:
    art = only_article(HOSTILE / "missing_author_date.txt")
    assert art.title == "Bitna Bio signs research pact with Seoul hospital"
    assert art.author is None and art.published is None
    assert len(art.paragraphs) == 2


def test_future_date_is_refused() -> None:
    """A stamp more than a day ahead of the clock is a typo or a page clock, not a publication date."""
    art = only_article(HOSTILE / "future_date.txt")
    assert art.published is None


def test_duplicate_articles_under_different_names_share_an_id() -> None:
    a = only_article(HOSTILE / "duplicate_a.txt")
    b = only_article(HOSTILE / "duplicate_b_copy.txt")
    assert a.source_file != b.source_file and a.source_hash != b.source_hash
    assert a.id == b.id
    assert a.paragraphs == b.paragraphs


def test_jsonl_with_one_corrupt_line() -> None:
    path = HOSTILE / "corrupt_line.jsonl"
    results = load_file(path)
    assert [r.source for r in results] == [f"{path} (line {n})" for n in (1, 2, 4)]
    good = [r.article.title for r in results if r.article]
    assert good == ["Ildong opens R&D center in Pangyo", "Boryung signs space medicine pact"]
    bad = results[1]
    assert not bad.skipped
    assert bad.error == "line 2: invalid JSON (Unterminated string starting at, column 36)"


def test_whole_hostile_folder_loads_without_raising() -> None:
    results = [r for p in iter_input_files([HOSTILE]) for r in load_file(p)]
    assert all((r.article is None) == (r.error is not None) for r in results)
    assert all(r.error is None or "\n" not in r.error for r in results)
    for r in results:
        if r.article is not None:
            assert not _UNSAFE.search(_all_text(r.article))
