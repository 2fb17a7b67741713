"""Repair text that was decoded with the wrong codec before it reached us.

Two kinds are common on Korean news pages: UTF-8 read as Windows-1252 (``Yuhanâ€™s``), which ``ftfy``
undoes, and CP949/EUC-KR read as Latin-1 (``Yuhan¡¯s``, ``À̹ÌÁö È®´ë`` for ``이미지 확대``), which
ftfy does not know: a run of Latin-1 letters that re-encodes to valid CP949 made only of Hangul and
CJK punctuation is put back. ftfy is imported only when a text has non-ASCII characters to look at.
"""

from __future__ import annotations

import re

# Two or more characters from the Latin-1 upper half, as CP949 double bytes come out (spaces inside
# allowed). A pair of them that happened to be valid UTF-8 was decoded as one character below U+0800.
_LATIN1_RUN = re.compile(r"[\u00a1-\u00fe\u0300-\u07ff]{2,}(?:\s[\u00a1-\u00fe\u0300-\u07ff]{2,})*")
_HANGUL_OR_PUNCT = re.compile(
    r"^[\uac00-\ud7a3\u3000-\u303f\u2010-\u2027\u2030-\u205e\u2460-\u24ff\u3200-\u32ff\s]+$"
)
_HINTS = ("â€", "Ã", "Â", "¡", "¢", "À", "Á", "È", "Ç", "Ì", "Ï", "´", "¨", "°")


def _cp949_run(m: re.Match[str]) -> str:
    run = m.group(0)
    parts = run.split(" ")
    out = []
    for part in parts:
        raw = b"".join(bytes([ord(c)]) if ord(c) < 256 else c.encode("utf-8") for c in part)
        try:
            fixed = raw.decode("cp949")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return run
        if not _HANGUL_OR_PUNCT.match(fixed):
            return run
        out.append(fixed)
    return " ".join(out)


def repair(text: str) -> str:
    """``text`` with recoverable mojibake undone; clean text is returned unchanged."""
    if text.isascii() or not any(h in text for h in _HINTS):
        return text
    import ftfy

    text = ftfy.fix_encoding(text)
    return _LATIN1_RUN.sub(_cp949_run, text)
