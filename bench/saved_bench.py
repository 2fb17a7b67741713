"""Saved searches and timelines at 10,000 articles (issue 19): a person's timeline and `new` over five
saved searches, each p95 <= 50 ms.

    .venv/bin/python bench/saved_bench.py [--size 10000] [--arrivals 200] [--rounds 20] [--json]

The index is the generated corpus (``bench/corpus/n{size}-s7``, made by ``gen_corpus.py`` when missing)
ingested once into ``bench/out/saved-{size}`` (kept between runs). A copy of it then takes
``--arrivals`` new articles from ``n1000-s7-from{size}`` in one commit (``bench/out/saved-{size}-plus{N}``,
kept too): the saved searches were saved before that commit, so those articles are what is new.

- timeline: ``entity_timeline(id)`` by month for the 10 most quoted people and 30 others drawn at random,
  on a freshly opened reader each round (the first person of a round also builds the snapshot's
  date and ingest columns), p50 / p95 over every call; the same by week, and ``query_timeline`` for
  the five saved queries.
- new: ``saved.whats_new(reader, five searches)`` (what ``kbio-tui new`` computes: the arrivals
  matching each, with their quotes), on a freshly opened reader each round, p50 / p95 over rounds;
  opening is timed on its own row. The five: a word, two words, a phrase, a person: and an org: clause.
- wall-clock time, and each call's CPU time (``time.process_time``) on its own row: the bench machine is
  shared, and its load (printed) stretches wall-clock figures without changing the work done.
- the CLI end to end: ``kbio-tui new --peek --json`` in a fresh process, median of 5 (no bar: it is
  mostly Python's start-up and imports).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(ROOT))
BAR_MS = 50.0


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(q / 100 * (len(s) - 1)))]


def corpus(size: int, start: int = 0) -> Path:
    folder = BENCH / "corpus" / (f"n{size}-s7" if not start else f"n{size}-s7-from{start}")
    if not (folder / "truth.json").exists():
        cmd = [sys.executable, str(BENCH / "gen_corpus.py"), "--n", str(size), "--out", str(folder)]
        subprocess.run(cmd + (["--start", str(start)] if start else []), check=True, cwd=ROOT)
    return folder


def articles_only(folder: Path, limit: int | None = None) -> Path:
    """The corpus's article files (up to ``limit``) without truth.json, copied (ingest skips links)."""
    only = BENCH / "out" / "in" / (folder.name + (f"-first{limit}" if limit else ""))
    if not only.exists():
        only.mkdir(parents=True)
        files = sorted(p for p in folder.iterdir() if p.name != "truth.json")
        for p in files[:limit] if limit else files:
            shutil.copyfile(p, only / p.name)
    return only


def build(size: int, arrivals: int) -> tuple[Path, Path]:
    from kbio_tui.pipeline import ingest_paths

    base = BENCH / "out" / f"saved-{size}"
    if not base.exists():
        ingest_paths([articles_only(corpus(size))], base, workers=2)
    plus = BENCH / "out" / f"saved-{size}-plus{arrivals}"
    if not plus.exists():
        tmp = plus.with_name(plus.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.copytree(base, tmp)
        new = articles_only(corpus(1000, start=size), limit=arrivals)
        ingest_paths([new], tmp, workers=2, commit_every=arrivals + 1)
        tmp.rename(plus)
    return base, plus


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=10_000)
    ap.add_argument("--arrivals", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=30)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    from kbio_tui import saved
    from kbio_tui.index import open_reader
    from kbio_tui.models import EntityType

    base, plus = build(args.size, args.arrivals)
    load = [os.getloadavg()[0]]
    r = open_reader(base)
    since = r.ingest_mark()  # the saved searches were saved before the arrivals
    r.close()
    r = open_reader(plus)
    people = r.entities(EntityType.PERSON, limit=100_000)
    r.close()
    rng = random.Random(7)
    chosen = people[:10] + rng.sample(people[10:], 30)
    top = people[0]
    searches = [
        saved.SavedSearch(name=n, query=q, created=datetime.now(UTC), last_seen=since)
        for n, q in [
            ("word", "biosimilar"),
            ("two words", "antibody plant"),
            ("phrase", '"supply chain"'),
            ("person", f'person:"{top.name}"'),
            ("org", "org:MFDS"),
        ]
    ]

    opened, new_ms, new_cpu, timeline_ms, timeline_cpu, week_ms, query_ms = [], [], [], [], [], [], []
    found: list[tuple[int, int]] = []
    for _ in range(args.rounds):
        t = time.perf_counter()
        r = open_reader(plus)
        opened.append((time.perf_counter() - t) * 1000)
        t, c = time.perf_counter(), time.process_time()
        got = saved.whats_new(r, searches, limit=50)
        new_ms.append((time.perf_counter() - t) * 1000)
        new_cpu.append((time.process_time() - c) * 1000)
        found = [(m.total, m.quotes) for _, m in got]
        r.close()

        r = open_reader(plus)
        for p in chosen:
            t, c = time.perf_counter(), time.process_time()
            timeline = r.entity_timeline(p.id)
            timeline_ms.append((time.perf_counter() - t) * 1000)
            timeline_cpu.append((time.process_time() - c) * 1000)
            assert timeline is not None and timeline.quotes == p.quote_count, p.id
        for p in chosen[:10]:
            t = time.perf_counter()
            r.entity_timeline(p.id, by="week")
            week_ms.append((time.perf_counter() - t) * 1000)
        for s in searches:
            t = time.perf_counter()
            r.query_timeline(s.query)
            query_ms.append((time.perf_counter() - t) * 1000)
        r.close()

    cli_ms = []
    env = {**os.environ, "XDG_STATE_HOME": str(BENCH / "out" / "saved-bench-state")}
    state_index = plus
    shutil.rmtree(BENCH / "out" / "saved-bench-state", ignore_errors=True)
    os.environ["XDG_STATE_HOME"] = env["XDG_STATE_HOME"]
    for s in searches:
        saved.add(state_index, s.name.replace(" ", "-"), s.query, [], since)
    for _ in range(5):
        t = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "kbio_tui.cli", "new", "--peek", "--json", "--index", str(plus)],
            check=True,
            capture_output=True,
            env=env,
            cwd=ROOT,
        )
        cli_ms.append((time.perf_counter() - t) * 1000)
    load.append(os.getloadavg()[0])

    def row(label: str, values: list[float], bar: float | None) -> dict:
        p95 = pct(values, 95)
        verdict = "" if bar is None else ("PASS" if p95 <= bar else "FAIL")
        return {"figure": label, "n": len(values), "p50": pct(values, 50), "p95": p95, "verdict": verdict}

    rows = [
        row("open reader", opened, None),
        row("new over five saved searches", new_ms, BAR_MS),
        row("  the same, CPU time", new_cpu, BAR_MS),
        row("person timeline (month)", timeline_ms, BAR_MS),
        row("  the same, CPU time", timeline_cpu, BAR_MS),
        row("person timeline (week)", week_ms, None),
        row("query timeline (month)", query_ms, None),
        row("kbio-tui new --peek --json (process)", cli_ms, None),
    ]
    out = {
        "size": args.size,
        "arrivals": args.arrivals,
        "load": load,
        "rows": rows,
        "new per search (articles, quotes)": dict(zip([s.name for s in searches], found, strict=True)),
    }
    if args.json:
        print(json.dumps(out, indent=1))
        return
    print(f"{args.size:,} articles + {args.arrivals} arrivals; load average {load[0]:.2f} -> {load[1]:.2f}")
    print("| figure | n | p50 ms | p95 ms | bar |")
    print("|---|---|---|---|---|")
    for x in rows:
        bar = f"p95 <= {BAR_MS:.0f} ms {x['verdict']}" if x["verdict"] else "-"
        print(f"| {x['figure']} | {x['n']} | {x['p50']:.1f} | {x['p95']:.1f} | {bar} |")
    print("new per search (articles, quotes):", out["new per search (articles, quotes)"])


if __name__ == "__main__":
    main()
