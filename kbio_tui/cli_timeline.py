"""`kbio-tui timeline NAME | --query Q`: articles (and an entity's quotes) per month or week.

Counts are by publication date over the whole corpus; every period between the first and the last
with any is printed, empty ones as 0, and articles without a date are counted on their own line.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kbio_tui.terminal_safe import dumps, plain

if TYPE_CHECKING:
    from kbio_tui.index.api import EntitySummary, IndexReader, Timeline

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2
BAR_WIDTH = 30


def _err(message: str) -> None:
    print(f"kbio-tui: {plain(message)}", file=sys.stderr)


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    tl = sub.add_parser(
        "timeline",
        parents=[common],
        help="articles and quotes per month for a person, an organisation or a query",
        description="Per month (or week) by publication date: for NAME (a person, organisation or other "
        "entity: a name in any order, or an id) the articles mentioning it and its quotes; for --query "
        "the matching articles.",
    )
    tl.add_argument("name", nargs="?", metavar="NAME")
    tl.add_argument("--query", metavar="Q", help="count the articles matching this search instead")
    tl.add_argument("--by", choices=("month", "week"), default="month", help="period (default: month)")
    tl.add_argument("--json", action="store_true", help="print JSON instead of bars")
    tl.set_defaults(run=cmd_timeline)


def _entity(reader: IndexReader, name: str) -> EntitySummary | int:
    """The entity NAME means, or an exit code after saying why there is none."""
    found = reader.entity(name)
    if found is not None:
        return found
    candidates = reader.find_entities(name)
    if not candidates:
        _err(f"no person, organisation or other entity named {name!r} in the index")
        return EXIT_FAIL
    if len(candidates) > 1:
        _err(f"{name!r} matches {len(candidates)} entities; give the full name or an id:")
        for c in candidates:
            print(plain(f"  {c.id}  {c.name}  ({c.type.value}, {c.article_count} articles)"), file=sys.stderr)
        return EXIT_FAIL
    return candidates[0]


def cmd_timeline(args: argparse.Namespace, index_dir: Path) -> int:
    if (args.name is None) == (args.query is None):
        _err("give NAME or --query Q (one of them)")
        return EXIT_USAGE
    from kbio_tui.index import open_reader

    reader = open_reader(index_dir)
    try:
        entity = None
        if args.query is not None:
            timeline = reader.query_timeline(args.query, by=args.by)
        else:
            got = _entity(reader, args.name)
            if isinstance(got, int):
                return got
            entity = got
            found = reader.entity_timeline(entity.id, by=args.by)
            assert found is not None  # the entity was just found in this snapshot
            timeline = found
    finally:
        reader.close()
    status = EXIT_USAGE if timeline.assumed else EXIT_OK
    if args.json:
        out = timeline.model_dump(mode="json")
        out["query"] = args.query
        out["entity"] = entity.model_dump(mode="json") if entity else None
        print(dumps(out, indent=1))
        return status
    for line in timeline.assumed:
        _err(f"bad query: {line}")
    _print(timeline, entity, args.query)
    return status


def _print(timeline: Timeline, entity: EntitySummary | None, query: str | None) -> None:
    what = plain(entity.name) if entity else f"query {plain(query)!r}"
    if entity:
        extra = ", ".join(plain(x) for x in (entity.roles[:1] + entity.orgs[:1]) if x)
        what += f" ({extra})" if extra else ""
    quoted = f", {_n(timeline.quotes, 'quote')}" if entity else ""
    print(f"{what}: {_n(timeline.articles, 'article')}{quoted}, by {timeline.by}")
    top = max((b.articles for b in timeline.buckets), default=0)
    for b in timeline.buckets:
        bar = "█" * (round(b.articles / top * BAR_WIDTH) if top else 0)
        if b.articles and not bar:
            bar = "▏"
        counts = f"{b.articles:>5} art"
        if entity:
            counts += f" {b.quotes:>5} q"
        print(f"{b.period:<8}  {bar:<{BAR_WIDTH}}  {counts}")
    if timeline.undated_articles or timeline.undated_quotes:
        undated = f"undated: {_n(timeline.undated_articles, 'article')}"
        print(undated + (f", {_n(timeline.undated_quotes, 'quote')}" if entity else ""))
    if not timeline.articles:
        print("no articles")
