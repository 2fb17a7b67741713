"""The `kbio-tui` command: open the browser, ingest, compact, search, export, quotes.

Every expected failure (no index, schema mismatch, busy writer, bad query) is one line on stderr
and a non-zero exit code, never a traceback.  Rich is imported only by the commands that draw.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kbio_tui import __version__, cli_correct, cli_saved, cli_timeline
from kbio_tui.config import ENV_INDEX, resolve_index_dir, seeds_dir
from kbio_tui.errors import IndexError_, QuerySyntaxError
from kbio_tui.headline import shown_title
from kbio_tui.terminal_safe import dumps, plain

if TYPE_CHECKING:
    from kbio_tui.models import IngestOutcome

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class CliError(Exception):
    def __init__(self, message: str, code: int = EXIT_FAIL):
        super().__init__(message)
        self.code = code


def _err(message: str) -> None:
    print(f"kbio-tui: {plain(message)}", file=sys.stderr)


# ---- argument parsing ---------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    index_help = f"index directory (default: ${ENV_INDEX}, else ./index in the checkout)"
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--index", metavar="DIR", default=argparse.SUPPRESS, help=index_help)

    p = argparse.ArgumentParser(
        prog="kbio-tui",
        description="Browse Korean biopharma news: search articles, jump from a person to their quotes. "
        "Without a command, opens the browser (building a first index from the bundled seeds if needed).",
    )
    p.add_argument("--index", metavar="DIR", default=None, help=index_help)
    p.add_argument("--no-mouse", action="store_true", help="do not capture the mouse in the browser")
    p.add_argument("--version", action="version", version=f"kbio-tui {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    ing = sub.add_parser(
        "ingest",
        parents=[common],
        help="add files or folders to the index",
        description="Add files, "
        "folders (recursively) or globs to the index.  Unchanged input is skipped; changed input replaces "
        "its article.  Exit code 1 when any file failed.",
    )
    ing.add_argument("paths", nargs="+", metavar="PATH")
    ing.add_argument(
        "--all", action="store_true", help="list every skipped or failed input, not the first 50"
    )
    ing.add_argument("--rebuild", action="store_true", help="delete the index and build it again")
    ing.add_argument(
        "--follow-links",
        action="store_true",
        help="also read files that links inside a folder point to outside it (left out by default)",
    )
    ing.add_argument(
        "--workers",
        type=int,
        default=min(2, os.cpu_count() or 1),
        metavar="N",
        help="processes for reading and extraction (default: %(default)s)",
    )
    ing.add_argument(
        "--commit-every",
        type=int,
        default=500,
        metavar="N",
        help="commit after N articles, so an interrupted run keeps them (default: %(default)s); a long run's "
        "commits grow to 1,000 articles or 30 s",
    )
    ing.add_argument(
        "--wait",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="how long to wait for another running ingest (default: %(default)s)",
    )

    se = sub.add_parser(
        "search",
        parents=[common],
        help="search articles",
        description='Rank articles for a query.  Syntax: words, "phrases", AND OR NOT -word, '
        "prefix*, person: org: outlet: title: date:2025-12..2026-02",
    )
    se.add_argument("query", metavar="QUERY")
    se.add_argument("--limit", type=int, default=10, metavar="N", help="hits to show (default: %(default)s)")
    se.add_argument("--json", action="store_true", help="print JSON instead of a list")
    se.add_argument(
        "--facets",
        action="store_true",
        help="who and what the matching articles are about: people, organisations, products, laws "
        "and places in most of them, with article and quote counts",
    )

    ex = sub.add_parser(
        "export",
        parents=[common],
        help="write every article as JSON Lines",
        description="Write every article, one JSON object a line (the scorer's format).",
    )
    ex.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")

    co = sub.add_parser(
        "compact",
        parents=[common],
        help="merge the index into one segment",
        description="Merge the whole index into one segment, dropping replaced documents: searches get "
        "faster after many small ingests.  It rewrites everything (minutes for 10,000 articles) and holds "
        "the ingest lock meanwhile; readers keep working.",
    )
    co.add_argument(
        "--wait",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="how long to wait for a running ingest (default: %(default)s)",
    )

    qu = sub.add_parser(
        "quotes",
        parents=[common],
        help="every quote of a person, newest first",
        description="Every quote of a person across the index, newest first.  NAME matches "
        'whatever the order, case or hyphens ("Kim Jin-gu" = "Jin-Gu Kim"), or give an entity id.',
    )
    qu.add_argument("name", metavar="NAME")
    qu.add_argument("--json", action="store_true", help="print JSON instead of a list")
    qu.add_argument(
        "--limit", type=int, default=1000, metavar="N", help="at most N quotes (default: %(default)s)"
    )
    cli_saved.add_parsers(sub, common)  # commands in their own module set ``run``
    cli_timeline.add_parsers(sub, common)
    cli_correct.add_parser(sub, common)
    return p


# ---- ingest ---------------------------------------------------------------------------------------


class _ProgressDisplay:
    """A Rich progress bar on a terminal, nothing otherwise (logs stay clean)."""

    def __init__(self, label: str):
        self.label = label
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> _ProgressDisplay:
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task(self.label, total=None)
        return self

    def __call__(self, done: int, total: int, current: str) -> None:
        if self._progress is not None:
            self._progress.update(self._task, completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()


def _run_ingest(
    paths: list[str],
    index_dir: Path,
    *,
    workers: int,
    rebuild: bool,
    wait: float,
    commit_every: int = 500,
    label: str = "ingesting",
    follow_links: bool = False,
) -> list[IngestOutcome]:
    from kbio_tui.pipeline import ingest_paths

    with _ProgressDisplay(label) as progress:
        return ingest_paths(
            paths,
            index_dir,
            progress=progress,
            workers=max(1, workers),
            rebuild=rebuild,
            lock_timeout=wait,
            commit_every=max(1, commit_every),
            on_message=_err,
            follow_links=follow_links,
        )


def summarize(outcomes: list[IngestOutcome], limit: int = 50) -> list[str]:
    from kbio_tui.models import IngestStatus

    counts = Counter(o.status for o in outcomes)
    order = [
        IngestStatus.ADDED,
        IngestStatus.UPDATED,
        IngestStatus.UNCHANGED,
        IngestStatus.SKIPPED,
        IngestStatus.FAILED,
    ]
    lines = [", ".join(f"{counts.get(s, 0)} {s.value}" for s in order)]
    # failures first: they are what the user must act on
    notable = [o for o in outcomes if o.status == IngestStatus.FAILED]
    notable += [o for o in outcomes if o.status == IngestStatus.SKIPPED]
    for o in notable[:limit]:
        lines.append(f"  {o.status.value}: {plain(o.source)}: {plain(o.reason or '')}")
    if len(notable) > limit:
        lines.append(f"  ... and {len(notable) - limit} more skipped or failed (use --all to list them)")
    return lines


def cmd_ingest(args: argparse.Namespace, index_dir: Path) -> int:
    from kbio_tui.pipeline import IngestInterrupted

    missing = [p for p in args.paths if not any(ch in p for ch in "*?[") and not Path(p).exists()]
    for p in missing:
        _err(f"no such file or folder: {p}")
    paths = [p for p in args.paths if p not in missing]
    try:
        outcomes = _run_ingest(
            paths,
            index_dir,
            workers=args.workers,
            rebuild=args.rebuild,
            wait=args.wait,
            commit_every=args.commit_every,
            follow_links=args.follow_links,
        )
    except IngestInterrupted as stop:
        for line in summarize(stop.outcomes):
            print(line)
        if args.rebuild:
            _err("interrupted: the rebuild was abandoned and the index is as it was before it")
        else:
            _err("interrupted: what was processed is committed; run the same command again to finish")
        return 128 + stop.signum  # 130 for Ctrl-C, 143 for SIGTERM, 129 for a hang-up
    for line in summarize(outcomes, limit=len(outcomes) if args.all else 50):
        print(line)
    if not outcomes and not missing:
        _err("no input files found")
    failed = missing or any(o.status.value == "failed" for o in outcomes)
    return EXIT_FAIL if failed else EXIT_OK


def cmd_compact(args: argparse.Namespace, index_dir: Path) -> int:
    from kbio_tui.index import index_exists, open_writer

    if not index_exists(index_dir):
        raise CliError(f"no index at {index_dir}: run `kbio-tui ingest PATH` first")
    with open_writer(index_dir, timeout=args.wait, on_message=_err) as w:
        before = len(w.segment_sizes())
        if w.compact():
            print(f"merged {before} segment{'s' * (before != 1)} into one")
        else:
            print("already compact: one segment, nothing to merge")
    return EXIT_OK


# ---- read commands --------------------------------------------------------------------------------


def _open(index_dir: Path):
    from kbio_tui.index import open_reader

    return open_reader(index_dir)


def _console():
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


def _date(dt: Any) -> str:
    return dt.strftime("%Y-%m-%d") if dt else "----------"


def _said_assumed(assumed: list[str], *, to_stderr: bool) -> int:
    """A query searched with an assumption (an unclosed quote, an unknown field) exits 2 so a script
    notices; in text mode each assumption is also a "bad query:" line on stderr."""
    if to_stderr:
        for line in assumed:
            _err(f"bad query: {plain(line)}")
    return EXIT_USAGE if assumed else EXIT_OK


def cmd_facets(args: argparse.Namespace, index_dir: Path) -> int:
    reader = _open(index_dir)
    try:
        result = reader.facets(args.query, limit=max(1, args.limit))
    finally:
        reader.close()
    if args.json:
        out = {
            "query": result.query,
            "total": result.total,
            "considered": result.considered,
            "assumed": result.assumed,
            "facets": {
                etype: [
                    {"id": f.entity.id, "name": f.entity.name, "articles": f.articles, "quotes": f.quotes}
                    for f in rows
                ]
                for etype, rows in result.facets.items()
            },
        }
        print(dumps(out, indent=1))
        return _said_assumed(result.assumed, to_stderr=False)
    from rich.text import Text

    console = _console()
    status = _said_assumed(result.assumed, to_stderr=True)
    counted = f"the best {result.considered:,} of " if result.considered < result.total else ""
    console.print(Text(f"in {counted}{result.total:,} matching articles", style="dim"))
    titles = {
        "person": "People",
        "org": "Organisations",
        "product": "Products",
        "law": "Laws",
        "place": "Places",
    }
    for etype, rows in result.facets.items():
        console.print(Text(titles.get(etype, etype), style="bold"))
        for f in rows:
            line = Text(f"  {f.articles:>4} art · {f.quotes:>3} q  ")
            line.append(plain(f.entity.name), style="bold" if f.quotes else "")
            extra = [plain(v) for v in (f.entity.roles[:1] + f.entity.orgs[:1]) if v]
            if extra:
                line.append(f" ({', '.join(extra)})", style="dim")
            console.print(line)
    if not result.facets:
        console.print(Text("no people, organisations, products, laws or places in them", style="dim"))
    return status


def cmd_search(args: argparse.Namespace, index_dir: Path) -> int:
    if args.facets:
        return cmd_facets(args, index_dir)
    reader = _open(index_dir)
    try:
        result = reader.search(args.query, limit=max(1, args.limit))
        snippets = reader.snippets(args.query, [h.article.id for h in result.hits]) if result.hits else {}
    finally:
        reader.close()
    if args.json:
        out = {
            "query": result.query,
            "total": result.total,
            "estimated": result.estimated,
            "partial": result.partial,
            "message": result.message,
            "assumed": result.assumed,
            "terms": result.terms,
            "hits": [
                {
                    **h.model_dump(mode="json", include={"article"})["article"],
                    "score": h.score,
                    "snippet": snippets[h.article.id].model_dump(mode="json")
                    if h.article.id in snippets
                    else None,
                }
                for h in result.hits
            ],
        }
        print(dumps(out, indent=1))
        return _said_assumed(result.assumed, to_stderr=False)
    from rich.text import Text

    console = _console()
    status = _said_assumed(result.assumed, to_stderr=True)
    others = [m for m in (result.message or "").split("; ") if m and m not in result.assumed]
    if others:
        console.print(Text(plain(f"note: {'; '.join(others)}"), style="yellow"))
    shown = len(result.hits)
    console.print(
        Text(
            ("about " if result.estimated else "")
            + f"{result.total} article{'s' if result.total != 1 else ''}"
            + (f", showing {shown}" if shown < result.total else "")
            + (" (partial)" if result.partial else ""),
            style="dim",
        )
    )
    for i, hit in enumerate(result.hits, 1):
        a = hit.article
        line = Text(f"{i:>3}. ")
        line.append(_date(a.published), style="cyan")
        line.append("  ")
        line.append(plain(a.outlet or "-"), style="magenta")
        line.append("  ")
        line.append(plain(shown_title(a.title)), style="bold")
        console.print(line)
        snip = snippets.get(a.id)
        if snip and snip.text:
            t = Text("     " + plain(snip.text), style="default")
            for s, e in snip.highlights:
                t.stylize("bold yellow", s + 5, e + 5)
            console.print(t)
    return status


def cmd_export(args: argparse.Namespace, index_dir: Path) -> int:
    from kbio_tui.export import write_jsonl

    reader = _open(index_dir)
    try:
        if args.output:
            from kbio_tui.safe_write import replacing

            target = Path(args.output)
            with replacing(target) as f:  # never through a link planted at the target or a temp name
                n = write_jsonl(reader.iter_articles(), f)
            _err(f"wrote {n} articles to {target}")
        else:
            write_jsonl(reader.iter_articles(), sys.stdout)
    finally:
        reader.close()
    return EXIT_OK


def cmd_quotes(args: argparse.Namespace, index_dir: Path) -> int:
    reader = _open(index_dir)
    try:
        person = reader.entity(args.name)
        if person is None:
            from kbio_tui.models import EntityType

            candidates = reader.find_entities(args.name, EntityType.PERSON)
            if not candidates:
                raise CliError(f"no person named {args.name!r} in the index")
            if len(candidates) > 1:
                _err(f"{args.name!r} matches {len(candidates)} people; give the full name or an id:")
                for c in candidates:
                    extra = ", ".join(x for x in (c.roles[:1] + c.orgs[:1]) if x)
                    print(
                        plain(
                            f"  {c.id}  {c.name}"
                            + (f" ({extra})" if extra else "")
                            + f"  {c.quote_count} quotes"
                        ),
                        file=sys.stderr,
                    )
                return EXIT_FAIL
            person = candidates[0]
        quotes = reader.quotes_by(person.id, limit=max(1, args.limit))
    finally:
        reader.close()
    if args.json:
        print(
            dumps(
                {
                    "person": person.model_dump(mode="json"),
                    "quotes": [q.model_dump(mode="json") for q in quotes],
                },
                indent=1,
            )
        )
        return EXIT_OK
    from rich.text import Text

    console = _console()
    head = Text(plain(person.name), style="bold")
    extra = ", ".join(x for x in (person.roles[:1] + person.orgs[:1]) if x)
    if extra:
        head.append(plain(f" ({extra})"))
    head.append(f": {len(quotes)} quote{'s' if len(quotes) != 1 else ''}", style="dim")
    console.print(head)
    for q in quotes:
        line = Text(_date(q.published), style="cyan")
        line.append("  ")
        line.append(plain(q.outlet or "-"), style="magenta")
        line.append("  ")
        line.append(plain(shown_title(q.article_title)), style="bold")
        console.print(line)
        body = f"“{q.text}”" if q.kind.value != "indirect" else q.text
        console.print(Text("    " + plain(body) + f"  [{q.kind.value}]  {q.id}"))
    return EXIT_OK


# ---- the browser ----------------------------------------------------------------------------------


def cmd_browse(args: argparse.Namespace, index_dir: Path) -> int:
    from kbio_tui.index import index_present

    if not index_present(index_dir):
        seeds = seeds_dir()
        if not seeds.is_dir():
            raise CliError(
                f"no index at {index_dir} and no bundled seeds to build one: run `kbio-tui ingest PATH`"
            )
        _err(f"no index at {index_dir} yet: building one from {seeds}")
        outcomes = _run_ingest(
            [str(seeds)], index_dir, workers=1, rebuild=False, wait=30.0, label="building the first index"
        )
        for line in summarize(outcomes):
            _err(line)
    from kbio_tui.index import read_front_page
    from kbio_tui.tui import prefetch
    from kbio_tui.tui.collector import hold_for_start_up

    hold_for_start_up()  # no garbage collection while start-up builds the session's objects

    # the newest rows as the last writer left them (index/front_page.py): the first frame shows them
    front = read_front_page(index_dir)
    # without them, a child reads them while Textual is imported: see tui/prefetch.py
    first_rows = prefetch.start(index_dir) if front is None else None
    from kbio_tui.tui.app import run_app

    return run_app(index_dir, mouse=not args.no_mouse, prefetch=first_rows, front_page=front)


COMMANDS = {
    "ingest": cmd_ingest,
    "compact": cmd_compact,
    "search": cmd_search,
    "export": cmd_export,
    "quotes": cmd_quotes,
    "correct": cli_correct.run,
}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    index_dir = resolve_index_dir(getattr(args, "index", None))
    try:
        handler = getattr(args, "run", None) or COMMANDS.get(args.command or "", cmd_browse)
        return handler(args, index_dir)
    except QuerySyntaxError as exc:
        _err(f"bad query: {exc}")
        return EXIT_USAGE
    except (IndexError_, CliError) as exc:
        _err(str(exc))
        return getattr(exc, "code", EXIT_FAIL)
    except BrokenPipeError:
        # `kbio-tui export | head`: the reader went away, which is not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        _err("interrupted")
        return EXIT_INTERRUPTED
    except OSError as exc:
        _err(f"{exc.strerror or exc}: {exc.filename}" if exc.filename else str(exc))
        return EXIT_FAIL


if __name__ == "__main__":
    sys.exit(main())
