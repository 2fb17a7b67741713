"""`kbio-tui correct ...`: record an analyst's correction in the index's corrections log, list the
log, undo a correction.  Names are looked up as the index reads now (corrections applied), so a
renamed entity is found by its new name and a merged name by the entity it was merged into.

The log is ``INDEX/corrections.jsonl`` (kbio_tui.corrections); readers apply it, the index is never
rewritten.  Every expected failure is one line on stderr: exit 2 for a name or id that is not there
or a request that makes no sense, 1 for a log that cannot be written.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kbio_tui import correction_args as ca
from kbio_tui.correction_args import TYPES, describe
from kbio_tui.terminal_safe import dumps, plain

if TYPE_CHECKING:
    from kbio_tui.index.api import EntitySummary, IndexReader

EXIT_USAGE = 2


class _Refused(Exception):
    def __init__(self, message: str, code: int = EXIT_USAGE):
        super().__init__(message)
        self.code = code


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    """The `correct` command and its subcommands, under ``sub`` (the main parser's subparsers)."""
    p = sub.add_parser(
        "correct",
        parents=[common],
        help="correct what the extractor found (merge, split, rename, retype, drop, speaker)",
        description="Record a correction in the index's corrections log (INDEX/corrections.jsonl), "
        "applied by every reader at once, kept through re-ingest, --rebuild and compact.  NAME is a "
        "name (any order, case or hyphens) or an entity id.",
    )
    cs = p.add_subparsers(dest="correct_command", metavar="KIND", required=True)

    def kind(name: str, help: str) -> argparse.ArgumentParser:
        return cs.add_parser(name, parents=[common], help=help, description=help)

    m = kind("merge", "make the second person or organisation an alias of the first")
    m.add_argument("keep", metavar="NAME")
    m.add_argument("alias", metavar="OTHER")
    sp = kind("split", "split an entity: one of its aliases, or its mention in one article, is someone else")
    sp.add_argument("name", metavar="NAME")
    how = sp.add_mutually_exclusive_group(required=True)
    how.add_argument("--alias", metavar="ALIAS", help="the alias that is another entity")
    how.add_argument("--article", metavar="ID", help="the article whose NAME is another entity")
    rn = kind("rename", "change an entity's display name, role or organisation")
    rn.add_argument("name", metavar="NAME")
    rn.add_argument("--name", dest="new_name", metavar="NEW")
    rn.add_argument("--role", metavar="ROLE")
    rn.add_argument("--org", metavar="ORG")
    rt = kind("retype", "change an entity's type (an organisation the extractor took for a person)")
    rt.add_argument("name", metavar="NAME")
    rt.add_argument("type", choices=TYPES, metavar="TYPE", help=f"one of {', '.join(TYPES)}")
    dr = kind("drop", "drop an entity that is none ('Industry Professional' is not a person)")
    dr.add_argument("name", metavar="NAME")
    dr.add_argument("--type", choices=TYPES, metavar="TYPE", help="keep it, as a TYPE instead (= retype)")
    sk = kind("speaker", "reassign a quote to another speaker, or make it anonymous, or no quote")
    sk.add_argument("quote", metavar="QUOTE_ID", help="as `kbio-tui quotes NAME` shows it")
    who = sk.add_mutually_exclusive_group(required=True)
    who.add_argument("speaker", nargs="?", metavar="NAME", help="the person or organisation who said it")
    who.add_argument("--anonymous", action="store_true", help="an unnamed source said it")
    who.add_argument("--not-a-quote", action="store_true", help="it is not a quote at all")
    ls = kind("list", "list the corrections, oldest first")
    ls.add_argument("--json", action="store_true", help="print JSON instead of a list")
    un = kind("undo", "undo a correction (undoing an undo makes it again)")
    un.add_argument("id", metavar="ID")


def _err(message: str) -> None:
    print(f"kbio-tui: {plain(message)}", file=sys.stderr)


def run(args: argparse.Namespace, index_dir: Path) -> int:
    from kbio_tui.corrections import CorrectionError

    try:
        return _run(args, index_dir)
    except (_Refused, CorrectionError) as exc:
        _err(str(exc))
        return exc.code


def _run(args: argparse.Namespace, index_dir: Path) -> int:
    from kbio_tui import corrections as corr
    from kbio_tui.index import open_reader

    what = args.correct_command
    if what == "list":
        return _list(index_dir, json_out=args.json)
    if what == "undo":
        return _undo(index_dir, args.id)
    reader = open_reader(index_dir)  # the index must exist: an unreadable one is its own one line
    try:
        kind, details = _build(reader, args)
    finally:
        reader.close()
    rec = corr.append(index_dir, kind, details)
    print(f"recorded {rec.id}: {plain(describe(rec.kind, rec.args))}")
    return 0


def _build(reader: IndexReader, args: argparse.Namespace) -> ca.Args:
    what = args.correct_command
    if what == "merge":
        keep, other = (_entity(reader, n, ca.SPEAKERS) for n in (args.keep, args.alias))
        return ca.merge_args(keep, other)
    if what == "split":
        ent = _entity(reader, args.name, TYPES)
        if args.alias is not None:
            return ca.split_alias_args(ent, args.alias)
        article = reader.get_article(args.article)
        if article is None:
            raise _Refused(f"no article {args.article!r} in the index")
        return ca.split_article_args(ent, article)
    if what == "rename":
        if not (args.new_name or args.role or args.org):
            raise _Refused("say what to change: --name, --role or --org")
        return ca.rename_args(_entity(reader, args.name, TYPES), args.new_name, args.role, args.org)
    if what in ("retype", "drop"):
        ent = _entity(reader, args.name, TYPES)
        return ca.drop_args(ent) if args.type is None else ca.retype_args(ent, args.type)
    quote = ca.find_quote(reader, args.quote)
    if args.not_a_quote or args.anonymous:
        mode = "not-a-quote" if args.not_a_quote else "anonymous"
        return ca.speaker_args(args.quote, quote.text, quote.speaker, mode)
    to = _entity(reader, args.speaker, ca.SPEAKERS)
    return ca.speaker_args(args.quote, quote.text, quote.speaker, "entity", to)


def _entity(reader: IndexReader, name: str, types: tuple[str, ...]) -> EntitySummary:
    """The one entity NAME (or an id) means; otherwise one line with the candidates."""
    from kbio_tui.models import EntityType

    if not name.strip():
        raise _Refused("an empty name")
    found = reader.entity(name.strip()) if ":" in name else None
    if found is not None and found.type.value in types:
        return found
    candidates = [e for e in reader.find_entities(name) if e.type.value in types]
    exact = [e for e in candidates if e.name.casefold() == name.casefold().strip()]
    if len(exact) == 1 or len(candidates) == 1:
        return (exact or candidates)[0]
    what = "person or organisation" if types == ("person", "org") else "entity"
    if candidates:
        listed = "; ".join(f"{e.name} ({e.id})" for e in candidates[:6])
        raise _Refused(f"{name!r} matches {len(candidates)} entities; give the id: {listed}")
    pool: dict[str, EntitySummary] = {}
    for word in re.findall(r"\w{3,}", name.casefold()):
        for t in types:
            for e in reader.entities(EntityType(t), contains=word[:3], limit=300):
                pool[e.id] = e
    names = {e.name.casefold(): e for e in pool.values()}
    close = difflib.get_close_matches(name.casefold(), list(names), n=5, cutoff=0.5)
    hint = "; did you mean " + ", ".join(f"{names[c].name} ({names[c].id})" for c in close) if close else ""
    raise _Refused(f"no {what} named {name!r} in the index{hint}")


def _list(index_dir: Path, *, json_out: bool) -> int:
    from kbio_tui import corrections as corr
    from kbio_tui.index import index_present

    if not index_present(index_dir):
        raise _Refused(f"no index at {index_dir}: run `kbio-tui ingest PATH` first", code=1)
    records = corr.load(index_dir)
    undone = corr.undone_ids(r.as_dict() for r in records)
    if json_out:
        rows = [{**r.as_dict(), "undone": r.id in undone} for r in records]
        print(dumps({"log": str(corr.log_path(index_dir)), "corrections": rows}, indent=1))
        return 0
    if not records:
        print(f"no corrections yet ({corr.log_path(index_dir)})")
        return 0
    for r in records:
        flag = "  (undone)" if r.id in undone else ""
        print(plain(f"{r.id}  {r.time}  {r.user}  {describe(r.kind, r.args)}{flag}"))
    return 0


def _undo(index_dir: Path, target: str) -> int:
    from kbio_tui.index import index_present

    if not index_present(index_dir):
        raise _Refused(f"no index at {index_dir}: run `kbio-tui ingest PATH` first", code=1)
    rec, found = ca.undo(index_dir, target)
    print(f"recorded {rec.id}: undo {found['id']} ({plain(describe(found['kind'], found['args']))})")
    return 0
