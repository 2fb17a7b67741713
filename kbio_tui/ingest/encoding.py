"""Turn raw bytes into text by detecting the encoding, never by trying codecs until one passes.

Order of evidence: a byte-order mark; the NUL pattern of BOM-less UTF-16 (ASCII-range text has a
zero in every other byte); strict UTF-8 validity (a strong signal on its own); charset-normalizer's
statistical detection, trusted outright when it finds a Korean code page (CP949/EUC-KR). Bytes that
contain valid multi-byte UTF-8 next to broken sequences are decoded as UTF-8 with replacement
characters, so a damaged file loses a few characters instead of being misread as a code page.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

SNIFF = 8192
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_MAGIC = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04", b"\x1f\x8b", b"\x7fELF", b"BZh")
_KOREAN = {"cp949", "euc_kr", "johab", "iso2022_kr"}


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    replaced: int = 0  # how many undecodable bytes became U+FFFD


def sniff_bom(data: bytes) -> tuple[str, int] | None:
    """The codec named by a byte-order mark and the mark's length."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            if name == "utf-32-le" and data.startswith(codecs.BOM_UTF16_LE) and len(data) % 4:
                continue  # odd length rules out UTF-32: this is UTF-16 LE text starting with U+0000
            return name, len(bom)
    return None


def sniff_utf16(data: bytes) -> str | None:
    """BOM-less UTF-16 shows as NULs in the high byte of nearly every ASCII-range character, and
    the bytes paired with those NULs are printable text, not the control codes of binary data."""
    head = data[: SNIFF - SNIFF % 2]
    head = head[: len(head) - len(head) % 2]
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    half = len(head) // 2
    for name, zeros, partner in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        other = even if zeros is odd else odd
        if zeros.count(0) > half * 0.3 and other.count(0) < half * 0.05:
            paired = bytes(p for z, p in zip(zeros, partner, strict=True) if z == 0)
            controls = sum(1 for b in paired if b < 0x20 and b not in (0x09, 0x0A, 0x0D))
            if controls <= len(paired) * 0.1:
                return name
    return None


def looks_binary(data: bytes) -> bool:
    """True for data that is not text in any encoding we read (NULs, magic numbers, control noise)."""
    if sniff_bom(data) or sniff_utf16(data):
        return False
    head = data[:SNIFF]
    if head.startswith(_MAGIC) or b"\x00" in head:
        return True
    ctrl = sum(head.count(bytes([c])) for c in (*range(1, 7), 14, 15, *range(16, 27), *range(28, 32)))
    return ctrl > len(head) * 0.1


def _has_utf8_sequences(text: str) -> bool:
    """Valid multi-byte UTF-8 decoded to a non-ASCII character somewhere: the file was meant as UTF-8."""
    return any(ord(ch) > 127 and ch != "\ufffd" for ch in text)


_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-]{2,30})""", re.IGNORECASE
)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag, if Python knows that codec."""
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    try:
        name = codecs.lookup(m.group(1).decode("ascii")).name
    except LookupError:
        return None
    return "cp949" if name in _KOREAN or name == "euc-kr" else name


def decode_bytes(data: bytes, *, declared: str | None = None) -> Decoded:
    """Decode one document (or one JSONL line); see the module docstring for the order of evidence.

    ``declared`` (an HTML page's meta charset) is used only when the bytes are not valid UTF-8.
    """
    bom = sniff_bom(data)
    if bom:
        name, size = bom
        body = data[size:]
        if name.startswith("utf-16") and len(body) % 2:
            body = body[:-1]
        text = body.decode(name, errors="replace")
        return Decoded(text, name, text.count("\ufffd"))
    utf16 = sniff_utf16(data)
    if utf16:
        body = data[: len(data) - len(data) % 2]
        text = body.decode(utf16, errors="replace")
        return Decoded(text, utf16, text.count("\ufffd"))
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    if bad <= 0:
        return Decoded(text, "utf-8")
    if declared and declared not in ("utf-8", "ascii"):
        text = data.decode(declared, errors="replace")
        return Decoded(text, declared, text.count("\ufffd"))
    from charset_normalizer import from_bytes  # lazy: only non-UTF-8 input pays for it

    best = from_bytes(data).best()
    guess = best.encoding if best is not None else None
    if guess in _KOREAN:
        # CP949 is a superset of EUC-KR, so it decodes both without losing the extended syllables
        text = data.decode("cp949", errors="replace")
        return Decoded(text, "cp949", text.count("\ufffd"))
    if guess is None or _has_utf8_sequences(text):
        return Decoded(text, "utf-8", bad)  # damaged UTF-8: keep what is valid, mark what is not
    text = data.decode(guess, errors="replace")
    return Decoded(text, guess, text.count("\ufffd"))
