"""Readers: plain text, saved HTML, JSON documents, JSON Lines, and how inputs are expanded."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from _ingest_helpers import INGEST, body, only_article, only_result, write

from kbio_tui.ingest import iter_input_files, load_file, readers

ARTICLE = (
    "Dongbang Bio expands insulin plant\nBy Ko Min-ah\n2025-12-01\n\n"
    "Dongbang Bio said it will double the capacity of its insulin plant in Cheongju by 2027.\n"
)


def test_text_file_fields(tmp_path: Path) -> None:
    path = write(tmp_path, "dongbang.txt", ARTICLE)
    art = only_article(path)
    assert art.title == "Dongbang Bio expands insulin plant"
    assert art.author == "Ko Min-ah"
    assert art.published == datetime(2025, 12, 1)
    assert art.source_file == str(path.absolute())
    assert art.source_record == ""
    assert art.source_hash == hashlib.sha1(path.read_bytes()).hexdigest()
    assert art.paragraphs == [
        "Dongbang Bio said it will double the capacity of its insulin plant in Cheongju by 2027."
    ]


def test_saved_html_page() -> None:
    art = only_article(INGEST / "kbr_page.html")
    assert art.title == "Daewon Pharm licenses out stroke drug to Brazilian firm"
    assert art.author == "Choi Ji-won"
    assert art.published == datetime(2025, 10, 2, 15, 40)
    assert art.outlet == "Korea Biomedical Review"
    assert art.url == "https://www.example-kbr.test/news/articleView.html?idxno=12345"
    assert art.captions == ["Daewon Pharm headquarters in Seoul (Photo courtesy of Daewon Pharm)"]
    assert len(art.paragraphs) == 3
    assert art.paragraphs[0].startswith("Daewon Pharmaceutical said Thursday")
    text = body(art)
    for chrome in ("Home", "Log in", "Most Viewed", "Unrelated story", "Copyright", "TRACKING", "By Choi"):
        assert chrome not in text


def test_jsonl_records_with_aliases_and_html_body() -> None:
    path = INGEST / "scraper_feed.jsonl"
    results = load_file(path)
    assert [r.source for r in results] == [f"{path} (line {n})" for n in (1, 2, 3)]
    first, second, third = (r.article for r in results)
    assert first is not None and second is not None and third is not None
    assert first.title == "Celltrion files for EU approval of denosumab biosimilar"  # [News] label dropped
    assert first.author == "Kwon Soo-jin"  # "By Kwon, Soo-jin"
    assert first.published == datetime(2025, 12, 1, 8, 30)  # RFC 822 pubDate, wall-clock time kept
    assert first.outlet == "Korea Biomedical Review"
    assert first.url == "https://feed.example.test/celltrion-denosumab"
    assert first.captions == ["Celltrion's plant in Songdo (Photo courtesy of Celltrion)"]
    assert first.paragraphs == [
        "Celltrion said Monday it has filed for European approval of its denosumab biosimilar, used to treat"
        " osteoporosis.",
        "The company plans to launch the product in 2026 after the original drug's patent expires.",
    ]
    assert "inline script" not in first.text and "alert" not in first.text
    assert first.source_record == "line 1"
    raw_line = path.read_bytes().split(b"\n")[0]
    assert first.source_hash == hashlib.sha1(raw_line).hexdigest()
    assert second.author == "Yoon Seo-yeon" and second.outlet == "Yonhap"  # nested {"name": ...}
    assert second.published == datetime(2025, 12, 2, 17, 5)
    assert third.author == "Han Da-eun, Oh Min-seok"  # list of authors
    assert third.published == datetime(2025, 12, 2, 0, 40)  # epoch seconds, read as UTC


def test_json_array_records() -> None:
    results = load_file(INGEST / "scraper_dump.json")
    arts = [r.article for r in results]
    assert [a.source_record for a in arts if a] == ["record 1", "record 2"]
    assert arts[0] is not None and arts[1] is not None
    assert arts[0].outlet == "Korea Herald" and arts[0].published == datetime(2025, 12, 10)
    assert arts[1].title == "Hanmi Pharm names new chief executive"
    assert arts[1].author == "Bae Ji-ho"  # "Reporter Bae Ji-ho"
    assert arts[1].paragraphs[1] == "The new CEO will take office in January."
    assert arts[0].source_hash != arts[1].source_hash


def test_json_single_object_and_wrapper() -> None:
    path = INGEST / "single_record.json"
    art = only_article(path)
    assert art.source_record == ""
    assert art.source_hash == hashlib.sha1(path.read_bytes()).hexdigest()
    assert art.outlet == "Dailypharm"
    assert art.deck == ["No major findings reported at Ochang plant"]
    assert art.published == datetime(2025, 12, 12, 9, 0)
    wrapped = only_article(INGEST / "wrapped_items.json")
    assert wrapped.source_record == "record 1"
    assert wrapped.title == "SK bioscience buys German vaccine maker stake"
    assert wrapped.author is None


def test_invalid_json_document(tmp_path: Path) -> None:
    result = only_result(write(tmp_path, "broken.json", '{"title": "x", "body": '))
    assert result.article is None and not result.skipped
    assert result.error is not None and result.error == "invalid JSON: Expecting value (line 1, column 24)"


def test_json_lines_saved_as_json_are_read_line_by_line(tmp_path: Path) -> None:
    lines = [json.dumps({"title": f"Feed item {n} arrives", "body": ARTICLE}) for n in (1, 2)]
    results = load_file(write(tmp_path, "feed.json", "\n".join(lines) + "\n"))
    assert [r.article.source_record for r in results if r.article] == ["line 1", "line 2"]


def test_json_record_that_is_not_an_article(tmp_path: Path) -> None:
    path = write(tmp_path, "mixed.json", json.dumps([{"title": "Good one here", "body": ARTICLE}, 42]))
    results = load_file(path)
    assert results[0].article is not None
    assert results[1].error == "record 2: not an article object (no title or body field)"


def test_jsonl_utf16_is_streamed(tmp_path: Path) -> None:
    line = json.dumps({"title": "Wide feed item", "body": "A feed saved as UTF-16 still loads fine."})
    text = "\ufeff" + line + "\n" + line.replace("item", "again") + "\n"
    results = load_file(write(tmp_path, "wide.jsonl", text.encode("utf-16-le")))
    assert [r.article.title for r in results if r.article] == ["Wide feed item", "Wide feed again"]


def test_jsonl_is_not_subject_to_the_file_size_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 2000)
    record = {"title": "Capped", "body": "Each record in a long feed is read on its own line, one at a time."}
    lines = [json.dumps({**record, "title": f"Feed record number {n}"}) for n in range(100)]
    feed = write(tmp_path, "feed.jsonl", "\n".join(lines) + "\n")
    assert feed.stat().st_size > 2000
    results = load_file(feed)
    assert len(results) == 100 and all(r.article for r in results)
    big_text = write(tmp_path, "big.txt", ARTICLE * 40)
    result = only_result(big_text)
    assert result.skipped and result.error is not None and result.error.startswith("file too large (0.0 MB")


def test_extensionless_files_are_sniffed(tmp_path: Path) -> None:
    html = (INGEST / "kbr_page.html").read_text(encoding="utf-8")
    assert only_article(write(tmp_path, "page", html)).author == "Choi Ji-won"
    assert only_article(write(tmp_path, "saved_as.txt", html)).author == "Choi Ji-won"
    record = (INGEST / "single_record.json").read_text(encoding="utf-8")
    assert only_article(write(tmp_path, "record", record)).outlet == "Dailypharm"


def test_unsupported_and_missing_files(tmp_path: Path) -> None:
    pdf = only_result(write(tmp_path, "report.pdf", b"%PDF-1.7 binary"))
    assert pdf.skipped and pdf.error == "unsupported file type '.pdf'"
    missing = only_result(tmp_path / "nope.txt")
    assert not missing.skipped and missing.error == "no such file or directory"
    folder = only_result(tmp_path)
    assert folder.error == "not a regular file"


def test_iter_input_files_folders_globs_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "deep").mkdir()
    (tmp_path / ".cache").mkdir()
    for rel in ("z.txt", "a.json", "b/m.html", "b/deep/c.jsonl", ".hidden.txt", ".cache/x.txt"):
        (tmp_path / rel).write_text("x", encoding="utf-8")
    names = [p.relative_to(tmp_path).as_posix() for p in iter_input_files([tmp_path])]
    assert names == ["a.json", "b/deep/c.jsonl", "b/m.html", "z.txt"]
    globbed = list(iter_input_files([str(tmp_path / "**" / "*.txt"), tmp_path / "z.txt"]))
    assert globbed == [tmp_path / "z.txt"]  # glob recursion, hidden skipped, each file once
    assert all(p.is_absolute() for p in iter_input_files([tmp_path]))
    missing = list(iter_input_files([tmp_path / "missing.txt", str(tmp_path / "*.nothing")]))
    assert [p.name for p in missing] == ["missing.txt", "*.nothing"]  # reported later, not dropped


def test_html_declared_charset_is_used_for_legacy_bytes(tmp_path: Path) -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=euc-kr">'
        "<title>Korean page about Boryung</title></head><body><article><h1>Boryung expands overseas</h1>"
        "<p>Boryung (보령) said on Monday it will expand sales of its hypertension drug to ten more countries"
        " in Latin America and Southeast Asia next year.</p>"
        "<p>The company expects overseas sales to reach 100 billion won by 2027, officials said.</p>"
        "</article></body></html>"
    )
    result = only_result(write(tmp_path, "legacy.html", page.encode("euc-kr")))
    assert result.article is not None
    assert "Boryung (보령) said on Monday" in body(result.article)
    assert "decoded as cp949" in result.notes


def test_importing_ingest_stays_light() -> None:
    code = (
        "import sys, kbio_tui.ingest\n"
        "names = ('trafilatura', 'lxml', 'charset_normalizer', 'textual', 'rich')\n"
        "heavy = [m for m in names if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_record_fields_are_sanitised(tmp_path: Path) -> None:
    record = {
        "title": "\x1b[2J\x1b]52;c;ZWNobyBoaQ==\x07Escaped title for a record",
        "author": "By\x08 Lee\x1b[0m Hye-seon",
        "url": "https://example.test/a\x1b]8;;https://evil\x07",
        "source": "Example\x9b31m Daily",
        "body": "A record body with a bell\x07 and a reset\x1bc inside, long enough to be an article.",
    }
    art = only_article(write(tmp_path, "esc.json", json.dumps(record)))
    for value in (art.title, art.author, art.url, art.outlet, art.text):
        assert value is not None
        assert not any(ord(c) < 32 or 127 <= ord(c) < 160 for c in value), repr(value)
    assert art.title == "Escaped title for a record"
    assert art.author == "Lee Hye-seon"
    assert art.url == "https://example.test/a"
