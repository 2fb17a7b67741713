"""Encodings are detected from the bytes (BOM, UTF-16 NUL pattern, UTF-8 validity, charset statistics)."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from _ingest_helpers import HOSTILE, body, only_article, only_result, write

from kbio_tui.ingest.encoding import decode_bytes, looks_binary, sniff_bom, sniff_utf16

TEXT = (
    "Hanwool Pharm wins approval for gout drug\n"
    "By Song Ji-yeon\n"
    "2025.12.04\n\n"
    "Hanwool Pharm (한울제약) said Thursday the drug safety ministry approved its gout treatment, "
    "the first of its kind developed in Korea.\n\n"
    "Chief executive Bang Hyun-soo (방현수) said exports to Southeast Asia would start next year.\n"
)


@pytest.mark.parametrize(
    ("encoding", "prefix", "expected"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", codecs.BOM_UTF8, "utf-8"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16-le"),
        ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16-be"),
        ("utf-16-le", b"", "utf-16-le"),
        ("utf-16-be", b"", "utf-16-be"),
        ("cp949", b"", "cp949"),
        ("euc-kr", b"", "cp949"),
    ],
)
def test_each_encoding_is_detected(tmp_path: Path, encoding: str, prefix: bytes, expected: str) -> None:
    data = prefix + TEXT.encode(encoding)
    decoded = decode_bytes(data)
    assert decoded.encoding == expected
    assert decoded.text == TEXT
    assert decoded.replaced == 0
    result = only_result(write(tmp_path, "article.txt", data))
    assert result.article is not None
    assert result.article.title == "Hanwool Pharm wins approval for gout drug"
    assert "방현수" in body(result.article)
    assert ("decoded as " + expected in result.notes) == (expected != "utf-8")


def test_sniffers() -> None:
    assert sniff_bom(codecs.BOM_UTF8 + b"x") == ("utf-8", 3)
    assert sniff_bom(b"plain") is None
    assert sniff_utf16("plain ascii text".encode("utf-16-le")) == "utf-16-le"
    assert sniff_utf16("plain ascii text".encode("utf-16-be")) == "utf-16-be"
    assert sniff_utf16(b"plain ascii text") is None
    assert looks_binary(b"\x00\x01\x02\x03binary\x00")
    assert looks_binary(b"%PDF-1.4 ...")
    assert not looks_binary("text with a BOM".encode("utf-16"))
    assert not looks_binary(b"\x1b[31mcoloured\x1b[0m text with a bell\x07")


def test_damaged_utf8_is_recovered_not_misread() -> None:
    art = only_article(HOSTILE / "invalid_utf8.txt")
    text = body(art)
    assert "\ufffd" in text  # the broken bytes are marked ...
    assert "“Our goal is to supply partners in Japan" in text  # ... and the valid UTF-8 around them kept
    assert art.title == "Jeil Bio opens cell therapy plant in Osong"
    result = only_result(HOSTILE / "invalid_utf8.txt")
    assert "3 undecodable byte(s) replaced" in result.notes


def test_single_byte_code_page_keeps_every_character() -> None:
    data = ("Caf\u00e9 owners met the biotech's r\u00e9sum\u00e9 reviewers in Paulo. " * 5).encode("cp1252")
    decoded = decode_bytes(data)
    assert decoded.encoding != "utf-8"  # no valid UTF-8 at all: a legacy code page was detected
    assert len(decoded.text) == len(data)  # one character per byte, nothing dropped
    assert "owners met the biotech's" in decoded.text
