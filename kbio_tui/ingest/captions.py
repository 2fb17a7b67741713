"""Photo captions: kept out of the body so quotes and sentences are not found in them."""

from __future__ import annotations

import re

_START = re.compile(
    r"^(?:\(?from\s+(?:left|right)\b|\((?:left|right|top|above|below|clockwise)[^()]{0,20}\)|"
    r"photos?\s*(?::|by\b|=|courtesy\b)|images?\s*:|caption\s*:|[▲△▶]|\[(?:photo|image)s?\b|\[courtesy\s+of\b|\[사진|사진\s*=)",
    re.IGNORECASE,
)
_END = re.compile(
    r"(?:/\s?(?:Yonhap|Newsis|News1|AFP|Reuters|AP|EPA|Xinhua|Kyodo|Getty\s+Images)"
    r"|\((?:photos?|images?|credits?)\b[^()]{0,80}\)|\[(?:photos?|images?)\b[^\[\]]{0,80}\]"
    r"|\(courtesy\s+of\s+[^()]{1,80}\)"
    r"|\((?:(?-i:[A-Z])[\w.'’-]*\s+){1,4}(?:(?:file|archive|handout|staff|pool)\s+)?(?:photos?|images?)\))\s*\.?$",
    re.IGNORECASE,
)


# A credit alone at the end of an unpunctuated line: ``(Gaon Therapeutics)``, ``[HANEUL MEDICS]``,
# ``(Kim Ji-ho/Korea Herald)``. An acronym in parentheses (``(CRDMO)``) is not a credit.
_CREDIT = re.compile(
    r"(?:\((?:[A-Z][\w.&'’-]*\s?){1,4}(?:/\s?(?:[A-Z][\w.&'’-]*\s?){1,4})?\)|\[[A-Z][A-Z0-9 .&'’/-]{1,40}\])$"
)
_ACRONYM = re.compile(r"\([A-Z0-9&-]{2,8}\)$")


def is_caption(line: str, *, header: bool = False) -> bool:
    """Whether ``line`` is a photo caption; ``header`` says it sits between the headline and the text,
    where a line ending in a bare credit (``(Gaon Therapeutics)``) is a caption too. Among the
    paragraphs such a line is as often a list item (``Kidding (Showtime)``)."""
    if _START.match(line):
        return True
    if len(line) >= 400:
        return False
    tail = line[-120:].rstrip(" .")
    if not tail or (tail[-1] not in ")]" and "/" not in tail[-40:]):
        return False
    if _END.search(tail):
        return True
    if not header:
        return False
    credited = bool(_CREDIT.search(tail)) and not _ACRONYM.search(tail)
    return credited and not line.endswith(".") and len(line) < 300
