"""Name matching that ignores order, case, commas and hyphens ("Kim, Jin-Gu" == "Jin-gu Kim")."""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")


def name_tokens(name: str) -> list[str]:
    """Lower-case words with hyphenated parts both split and joined ("jin-gu" -> jin, gu, jingu)."""
    out: list[str] = []
    for w in _WORD.findall(name.casefold()):
        parts = w.split("-")
        out.extend(parts)
        if len(parts) > 1:
            out.append("".join(parts))
    return out


def name_keys(name: str) -> set[str]:
    """Order-free keys: hyphenated given names joined and split give the same key either way."""
    words = _WORD.findall(name.casefold())
    if not words:
        return set()
    joined = sorted(w.replace("-", "") for w in words)
    split = sorted(p for w in words for p in w.split("-"))
    return {"_".join(joined), "_".join(split), "".join(sorted("".join(joined)))}


def name_index_text(names: list[str]) -> str:
    """Text for a names field: each name's split and joined forms, names kept apart by a gap."""
    return " \n ".join(" ".join(name_tokens(n)) for n in names if n)
