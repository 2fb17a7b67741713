"""What each kind of correction records, from entities already found: the one place that turns "merge
this into that" into a log record's arguments, used by `kbio-tui correct` (which finds entities by the
names typed) and by the browser (which has them on screen).

Each function returns ``(Kind, args)`` for ``corrections.append`` or raises ``CorrectionError`` with
one line saying why the correction makes no sense (code 2: the request, not the log, is wrong).
``describe`` says in one line what a recorded correction does, for `correct list` and the browser's
list of corrections; ``undo`` records the undo of one.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, TypeAlias

from kbio_tui.terminal_safe import dumps

if TYPE_CHECKING:
    from pathlib import Path

    from kbio_tui.corrections import Correction, CorrectionError, Kind
    from kbio_tui.index.api import EntitySummary, IndexReader
    from kbio_tui.models import Article, Quote

REFUSED = 2  # CorrectionError's code for a request that makes no sense
TYPES = ("person", "org", "product", "law", "place")
SPEAKERS = ("person", "org")
SPEAKER_MODES = ("entity", "anonymous", "not-a-quote")

# (the log module is imported where a correction is made: `kbio-tui` imports this module for TYPES)
Args: TypeAlias = "tuple[Kind, dict[str, Any]]"


def refused(message: str) -> CorrectionError:
    from kbio_tui.corrections import CorrectionError

    return CorrectionError(message, code=REFUSED)


def _kinds() -> type[Kind]:
    from kbio_tui.corrections import Kind

    return Kind


def a_type(word: str) -> str:
    """``a person``, ``an organisation``."""
    label = {"org": "organisation"}.get(word, word)
    return f"{'an' if label[0] in 'aeiou' else 'a'} {label}"


def _slug(name: str) -> str:
    return re.sub(r"[^\w]+", "-", name.casefold()).strip("-") or "alias"


def _tidy(value: str | None) -> str:
    return " ".join((value or "").split())


def merge_args(keep: EntitySummary, other: EntitySummary) -> Args:
    """``other`` becomes an alias of ``keep`` (its articles and quotes are ``keep``'s)."""
    if keep.id == other.id:
        raise refused(f"{keep.name!r} and {other.name!r} are already one entity ({keep.id})")
    if keep.type != other.type or keep.type.value not in SPEAKERS:
        raise refused(
            f"{keep.name!r} is {a_type(keep.type.value)} and {other.name!r} {a_type(other.type.value)}: "
            "only two people or two organisations merge (retype one first)"
        )
    return _kinds().MERGE, {
        "into": keep.id,
        "into_name": keep.name,
        "from": other.id,
        "from_name": other.name,
    }


def split_alias_args(entity: EntitySummary, alias: str) -> Args:
    """The entity's alias ``alias`` is someone else, wherever it is written."""
    from kbio_tui.corrections import same_name

    alias = alias.strip()
    known = [a for a in entity.aliases if same_name(a, alias)]
    if not known:
        shown = ", ".join(entity.aliases) or "none"
        raise refused(f"{entity.name!r} has no alias {alias!r} (its aliases: {shown})")
    return _kinds().SPLIT, {
        "entity": entity.id,
        "name": entity.name,
        "alias": known[0],
        "new_id": f"{entity.id}~{_slug(known[0])}",
    }


def split_article_args(entity: EntitySummary, article: Article) -> Args:
    """In ``article``, the entity is someone else."""
    if not any(e.id == entity.id for e in article.entities):
        raise refused(f"article {article.id} does not mention {entity.name!r}")
    return _kinds().SPLIT, {
        "entity": entity.id,
        "name": entity.name,
        "article": article.id,
        "new_id": f"{entity.id}~{article.id[:8]}",
    }


def rename_args(
    entity: EntitySummary, name: str | None = None, role: str | None = None, org: str | None = None
) -> Args:
    """A new display name, role or organisation (an empty one is left as it is)."""
    out: dict[str, Any] = {"entity": entity.id, "was": entity.name}
    for key, value in (("name", name), ("role", role), ("org", org)):
        if _tidy(value):
            out[key] = _tidy(value)
    if len(out) == 2:
        raise refused("say what to change: a name, a role or an organisation")
    return _kinds().RENAME, out


def retype_args(entity: EntitySummary, new_type: str) -> Args:
    """The entity is of another type (an organisation the extractor took for a person)."""
    if new_type not in TYPES:
        raise refused(f"no type {new_type!r} (one of {', '.join(TYPES)})")
    if new_type == entity.type.value:
        raise refused(f"{entity.name!r} is already {a_type(new_type)}")
    rest = entity.id.partition(":")[2]
    return _kinds().RETYPE, {
        "entity": entity.id,
        "name": entity.name,
        "was": entity.type.value,
        "type": new_type,
        "new_id": f"{new_type}:{rest}",
    }


def drop_args(entity: EntitySummary) -> Args:
    """The entity is none ('Industry Professional' is not a person)."""
    return _kinds().DROP, {"entity": entity.id, "name": entity.name, "type": entity.type.value}


def find_quote(reader: IndexReader, quote_id: str) -> Quote:
    """The quote ``ARTICLE.START`` names, as the index reads now."""
    from kbio_tui.corrections import parse_quote_id

    parsed = parse_quote_id(quote_id)
    article = reader.get_article(parsed[0]) if parsed else None
    quote = next((q for q in article.quotes if q.start == parsed[1]), None) if article and parsed else None
    if quote is None:
        raise refused(f"no quote {quote_id!r} in the index (`kbio-tui quotes NAME` shows quote ids)")
    return quote


def speaker_args(
    quote_id: str, text: str, was: str | None, mode: str, to: EntitySummary | None = None
) -> Args:
    """The quote ``quote_id`` (``text``, credited to ``was``) was said by ``to`` (mode ``entity``), by
    an unnamed source (``anonymous``) or is no quote (``not-a-quote``)."""
    if mode not in SPEAKER_MODES:
        raise refused(f"no speaker mode {mode!r} (one of {', '.join(SPEAKER_MODES)})")
    out: dict[str, Any] = {"quote": quote_id.strip(), "text": text[:120], "was": was, "mode": mode}
    if mode != "entity":
        return _kinds().SPEAKER, out
    if to is None:
        raise refused("say who said it")
    if to.type.value not in SPEAKERS:
        raise refused(f"{to.name!r} is {a_type(to.type.value)}: only a person or an organisation speaks")
    return _kinds().SPEAKER, {**out, "to": to.id, "to_name": to.name}


def describe(kind: str, a: dict[str, Any]) -> str:
    """One line saying what a correction does, from its record alone."""
    try:
        if kind == "merge":
            return f"merge {a['from_name']} ({a['from']}) into {a['into_name']} ({a['into']})"
        if kind == "split":
            part = f"alias {a['alias']}" if a.get("alias") else f"article {a['article']}"
            return f"split {part} off {a['name']} ({a['entity']}) as {a['new_id']}"
        if kind == "rename":
            changes = ", ".join(f"{k} -> {a[k]}" for k in ("name", "role", "org") if a.get(k))
            return f"rename {a.get('was', '')} ({a['entity']}): {changes}"
        if kind == "retype":
            return f"retype {a['name']} ({a['entity']}) from {a.get('was', '?')} to {a['type']}"
        if kind == "drop":
            return f"drop {a['name']} ({a['entity']}): not {a_type(a.get('type', 'entity'))}"
        if kind == "speaker":
            said = {"anonymous": "an anonymous source", "not-a-quote": "nobody: not a quote"}.get(
                a["mode"], f"{a.get('to_name')} ({a.get('to')})"
            )
            return f"quote {a['quote']} ({a.get('was') or 'no speaker'}) said by {said}"
        if kind == "undo":
            return f"undo {a['target']}"
    except (KeyError, TypeError):
        pass
    return f"{kind} {dumps(a)}"


def undo(index_dir: Path | str, target: str) -> tuple[Correction, dict[str, Any]]:
    """Record the undo of correction ``target``; returns the undo and the record it undoes."""
    from kbio_tui import corrections as corr

    records = corr.read_records(index_dir)
    found = next((r for r in records if r["id"] == target.strip()), None)
    if found is None:
        raise refused(f"no correction {target!r} (`kbio-tui correct list` shows them)")
    if found["id"] in corr.undone_ids(records):
        raise refused(f"correction {found['id']} is already undone")
    rec = corr.append(index_dir, corr.Kind.UNDO, {"target": found["id"], "kind": found["kind"]})
    return rec, found
