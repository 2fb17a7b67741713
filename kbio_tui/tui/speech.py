"""How a quote reads in the app and in citations: direct words in quote marks, an indirect quote as
reported speech. No Textual here."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kbio_tui.tui.safe_text import one_line

if TYPE_CHECKING:
    from kbio_tui.index.api import QuoteHit

# An indirect quote is stored from its reporting verb on ("said that the CDMO industry needs ...").
# Sentence openers that are not names, so they can follow "According to X," in lower case.
_PLAIN_STARTS = frozenset(
    ["The", "A", "An", "It", "Its", "This", "These", "Those", "That", "There", "Their", "They", "We", "Our"]
)
_VERB_THAT = re.compile(r"^([a-z]+(?:ed|id|s))\s+that\s+(.+)$", re.DOTALL)


def reported(quote: QuoteHit) -> str:
    """An indirect quote as reported speech: ``Cho Hyun-soo said the CDMO industry needs ...`` (the
    stored text starts at the reporting verb; a "that" right after it is dropped), or ``According to
    NAME, ...`` when the text does not start with a verb."""
    text = one_line(quote.text)
    name = one_line(quote.speaker) or "the speaker"
    if not text[:1].islower():
        first, _, rest = text.partition(" ")
        if first in _PLAIN_STARTS:  # "The startups will ..." reads on as "according to X, the startups"
            text = f"{first.lower()} {rest}"
        return f"According to {name}, {text}"
    m = _VERB_THAT.match(text)
    return f"{name} {m.group(1)} {m.group(2)}" if m else f"{name} {text}"


def quoted(quote: QuoteHit) -> str:
    """The quote's words as a reader shows them: in quote marks, or as reported speech."""
    return reported(quote) if quote.kind.value == "indirect" else f"“{one_line(quote.text)}”"
