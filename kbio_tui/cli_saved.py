"""`kbio-tui saved add|list|rm` and `kbio-tui new`: saved searches and what arrived since.

For alerts from cron or mail: `new` prints, per saved search, the articles ingested since this user
last saw it that match, with their quotes, then marks them seen (``--peek`` leaves them new).
State is per user (``kbio_tui.saved``); the index is only read.  Imports beyond argparse happen in
the handlers, so registering these commands costs the browser's start-up nothing.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kbio_tui.errors import StateError
from kbio_tui.terminal_safe import dumps, plain

if TYPE_CHECKING:
    from kbio_tui.index.api import IndexReader, NewMatches
    from kbio_tui.saved import SavedSearch

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2
Handler = Callable[[argparse.Namespace, Path], int]


def _err(message: str) -> None:
    print(f"kbio-tui: {plain(message)}", file=sys.stderr)


def _handled(run: Handler) -> Handler:
    """A state problem is one line: exit 2 for a name (bad, taken, unknown), 1 otherwise."""

    def handler(args: argparse.Namespace, index_dir: Path) -> int:
        from kbio_tui.saved import BadNameError

        try:
            return run(args, index_dir)
        except StateError as exc:
            _err(str(exc))
            return EXIT_USAGE if isinstance(exc, BadNameError) else EXIT_FAIL

    return handler


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    """The `saved` and `new` subcommands; each sets ``run`` to its handler."""
    sv = sub.add_parser(
        "saved",
        parents=[common],
        help="your saved searches: add, list (with what is new), rm",
        description="Saved searches are yours alone: they live in $XDG_STATE_HOME/kbio-tui "
        "(~/.local/state/kbio-tui), one file per index, never in the shared index.",
    )
    ssub = sv.add_subparsers(dest="saved_command", metavar="ACTION", required=True)
    sa = ssub.add_parser(
        "add",
        parents=[common],
        help="save a search",
        description="Save QUERY (search syntax) under NAME. What is in the index now counts as seen: "
        "`kbio-tui new` reports what arrives later.",
    )
    sa.add_argument("name", metavar="NAME")
    sa.add_argument("query", metavar="QUERY")
    sa.add_argument(
        "--entity",
        action="append",
        default=[],
        metavar="ID",
        help="only articles that mention this entity (an id, as `search --facets --json` gives); repeatable",
    )
    sa.set_defaults(run=_handled(cmd_saved_add))
    sl = ssub.add_parser(
        "list",
        parents=[common],
        help="list saved searches with how many articles and quotes are new",
        description="Each saved search with how many matching articles (and quotes in them) were "
        "ingested since you last saw it.",
    )
    sl.add_argument("--json", action="store_true", help="print JSON instead of a list")
    sl.set_defaults(run=_handled(cmd_saved_list))
    sr = ssub.add_parser("rm", parents=[common], help="remove a saved search")
    sr.add_argument("name", metavar="NAME")
    sr.set_defaults(run=_handled(cmd_saved_rm))

    nw = sub.add_parser(
        "new",
        parents=[common],
        help="what arrived for your saved searches since you last looked",
        description="For each saved search (or those named), the matching articles ingested since "
        "you last saw it, with their quotes, newest arrivals first; then they count as seen. "
        "New means ingested since, whatever the publication date.",
    )
    nw.add_argument("names", nargs="*", metavar="NAME")
    nw.add_argument(
        "--since",
        metavar="DATE",
        help="show what was ingested since DATE (YYYY-MM-DD or YYYY-MM-DDTHH:MM, local time) instead; "
        "leaves what you have seen as it was",
    )
    nw.add_argument("--peek", action="store_true", help="show without marking anything seen")
    nw.add_argument("--json", action="store_true", help="print JSON instead of a list")
    nw.add_argument(
        "--limit",
        type=int,
        default=50,
        metavar="N",
        help="articles listed per search (the counts are of all; default: %(default)s)",
    )
    nw.set_defaults(run=_handled(cmd_new))


# ---- helpers ------------------------------------------------------------------------------------


def _open(index_dir: Path) -> IndexReader:
    from kbio_tui.index import open_reader

    return open_reader(index_dir)


def _iso(when: datetime | None) -> str | None:
    """As pydantic writes the models' times (``...Z``), so one JSON output has one form."""
    return when.astimezone(UTC).isoformat().replace("+00:00", "Z") if when else None


def _stamp_iso(stamp: int) -> str | None:
    return _iso(datetime.fromtimestamp(stamp / 1_000_000, UTC)) if stamp else None


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _parse_since(text: str) -> int | None:
    from kbio_tui.saved import stamp_of

    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return None
    return stamp_of(when)


# ---- saved add / list / rm ----------------------------------------------------------------------


def cmd_saved_add(args: argparse.Namespace, index_dir: Path) -> int:
    from kbio_tui import saved

    saved.check_name(args.name)  # before opening the index: a bad name needs no index
    reader = _open(index_dir)
    try:
        for eid in args.entity:
            if reader.entity(eid) is None:
                _err(f"no entity with id {eid!r} in the index")
                return EXIT_USAGE
        mark = reader.ingest_mark()
        probe = reader.new_matches(args.query, mark, args.entity, limit=0)  # raises on a bad query
    finally:
        reader.close()
    if probe.assumed:
        for line in probe.assumed:
            _err(f"bad query: {line}")
        _err("not saved: write the query out in full")
        return EXIT_USAGE
    search = saved.add(index_dir, args.name, args.query, args.entity, mark)
    print(plain(f"saved {search.name!r}: {search.query}  (what arrives from now on is new)"))
    return EXIT_OK


def cmd_saved_rm(args: argparse.Namespace, index_dir: Path) -> int:
    from kbio_tui import saved

    gone = saved.remove(index_dir, args.name)
    print(plain(f"removed {gone.name!r}: {gone.query}"))
    return EXIT_OK


def cmd_saved_list(args: argparse.Namespace, index_dir: Path) -> int:
    from kbio_tui import saved

    state = saved.load(index_dir)
    if state.saved:
        reader = _open(index_dir)
        try:
            found = saved.whats_new(reader, state.saved, limit=0)
        finally:
            reader.close()
    else:
        found = []
    if args.json:
        rows = [
            {
                "name": s.name,
                "query": s.query,
                "entities": s.entities,
                "created": _iso(s.created),
                "last_seen": _stamp_iso(s.last_seen),
                "seen_at": _iso(s.seen_at),
                "new_articles": m.total,
                "new_quotes": m.quotes,
            }
            for s, m in found
        ]
        print(
            dumps(
                {"index": state.index, "state_file": str(saved.state_file(index_dir)), "saved": rows},
                indent=1,
            )
        )
        return EXIT_OK
    if not found:
        print("no saved searches: add one with `kbio-tui saved add NAME QUERY`")
        return EXIT_OK
    width = max(len(s.name) for s, _ in found)
    for s, m in found:
        filters = f"  [{', '.join(s.entities)}]" if s.entities else ""
        print(plain(f"{s.name:<{width}}  {m.total:>5} new  {m.quotes:>5} quotes  {s.query}{filters}"))
    return EXIT_OK


# ---- new --------------------------------------------------------------------------------------------


def _match_json(search: SavedSearch, since: int, m: NewMatches) -> dict[str, Any]:
    return {
        "name": search.name,
        "query": search.query,
        "entities": search.entities,
        "since": _stamp_iso(since),
        "new_articles": m.total,
        "new_quotes": m.quotes,
        "articles": [
            {
                **a.model_dump(mode="json", include={"article"})["article"],
                "quotes": [q.model_dump(mode="json") for q in a.quotes],
            }
            for a in m.articles
        ],
    }


def _print_matches(search: SavedSearch, m: NewMatches) -> None:
    head = f"== {search.name} ({search.query})"
    if not m.total:
        print(plain(f"{head}: nothing new"))
        return
    print(plain(f"{head}: {_n(m.total, 'new article')}, {_n(m.quotes, 'quote')}"))
    for a in m.articles:
        s = a.article
        day = s.published.strftime("%Y-%m-%d") if s.published else "----------"
        print(plain(f"{day}  {s.outlet or '-'}  {s.title}"))
        for q in a.quotes:
            body = q.text if q.kind.value == "indirect" else f"“{q.text}”"
            print(plain(f"    {body} — {q.speaker or 'unnamed'}"))
    if m.total > len(m.articles):
        print(plain(f"  … and {m.total - len(m.articles)} more (--limit)"))


def cmd_new(args: argparse.Namespace, index_dir: Path) -> int:
    from kbio_tui import saved

    since = None
    if args.since is not None:
        since = _parse_since(args.since)
        if since is None:
            _err(f"bad --since {args.since!r}: use YYYY-MM-DD or YYYY-MM-DDTHH:MM")
            return EXIT_USAGE
    searches = saved.pick(saved.load(index_dir), args.names)
    if not searches:
        if args.json:
            print(dumps({"since": _stamp_iso(since or 0), "marked_seen": False, "searches": []}, indent=1))
        else:
            print("no saved searches: add one with `kbio-tui saved add NAME QUERY`")
        return EXIT_OK
    reader = _open(index_dir)
    try:
        found = saved.whats_new(reader, searches, since=since, limit=max(0, args.limit))
    finally:
        reader.close()
    mark = not args.peek and since is None
    if args.json:
        rows = [_match_json(s, s.last_seen if since is None else since, m) for s, m in found]
        print(dumps({"since": _stamp_iso(since or 0), "marked_seen": mark, "searches": rows}, indent=1))
    else:
        for s, m in found:
            _print_matches(s, m)
    if mark:  # after printing: an interrupted run leaves everything new
        saved.mark_seen(index_dir, {s.name: m.mark for s, m in found})
    return EXIT_OK
