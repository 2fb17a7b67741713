"""Text headed for a terminal or a pipe: nothing in it may drive the terminal or break the encoding.

Article text and file names are data. C0/C1 control characters (escape sequences, the 8-bit CSI),
bidirectional overrides and isolates (which reorder what the reader sees) and lone surrogates (left by
file names that are not valid UTF-8) are shown, never passed through.
"""

from __future__ import annotations

import json
import re
from typing import Any

# Everything that changes how a terminal draws, or that cannot be encoded as UTF-8.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_UNSAFE_IN_JSON = re.compile(r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def plain(text: object) -> str:
    """For printing: each unsafe character becomes U+FFFD, one character for one, so highlight offsets
    computed on the original still fit."""
    return _UNSAFE.sub("\N{REPLACEMENT CHARACTER}", str(text))


def dumps(value: Any, **kw: Any) -> str:
    """``json.dumps`` that keeps Korean and other text readable but writes every unsafe character as a
    ``\\uXXXX`` escape (JSON's own escaping already covers the C0 controls), so the output is valid JSON
    and safe to cat to a terminal."""
    text = json.dumps(value, ensure_ascii=False, **kw)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def path_text(path: object) -> str:
    """A file name as text that can always be stored and printed: bytes that are not UTF-8 (which Python
    keeps as lone surrogates) become ``\\xNN``, so the name stays unique and recognisable."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
