"""What a corrections log costs a reader: opening an index with and without 1,000 corrections.

Usage:
    .venv/bin/python bench/corrections_bench.py --index bench/out/idx-10000 --work /tmp/corrbench [--n 1000]

The index is copied once into WORK (``plain``) and hard-linked to a second folder (``corrected``)
that gets a log of N corrections of a realistic mix, made against the index's own entities and
quotes: merges, renames, drops, retypes, reassigned quotes and splits by article.  Then opening
(``open_reader``) each folder is timed alternately, so the machine's noise hits both alike; the
p95 difference is the figure issue 19 bounds (<= 20 ms).  The first entity list after opening (which
builds the corrected counts once per snapshot) is timed too, and reported beside it.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from kbio_tui import corrections as corr
from kbio_tui.index import open_reader
from kbio_tui.models import EntityType


def p95(xs: list[float]) -> float:
    return sorted(xs)[max(0, round(0.95 * len(xs)) - 1)]


def make_log(ix: Path, n: int, seed: int = 11) -> dict[str, int]:
    """N corrections against ``ix``'s own people, organisations and quotes."""
    rnd = random.Random(seed)
    r = open_reader(ix)
    try:
        people = r.entities(EntityType.PERSON, limit=3000)
        orgs = r.entities(EntityType.ORG, limit=1000)
        quotes = [q for p in people[:200] for q in r.quotes_by(p.id, limit=3)]
    finally:
        r.close()
    rnd.shuffle(people)
    plan = {"merge": n * 3 // 10, "rename": n // 5, "drop": n // 10, "retype": n // 10, "speaker": n // 5}
    plan["split"] = n - sum(plan.values())
    K = corr.Kind
    pool = iter(people)
    for _ in range(plan["merge"]):
        a, b = next(pool), next(pool)
        corr.append(ix, K.MERGE, {"into": a.id, "into_name": a.name, "from": b.id, "from_name": b.name})
    for _ in range(plan["rename"]):
        e = next(pool)
        corr.append(ix, K.RENAME, {"entity": e.id, "was": e.name, "name": e.name + " Jr", "role": "adviser"})
    for _ in range(plan["drop"]):
        e = next(pool)
        corr.append(ix, K.DROP, {"entity": e.id, "name": e.name, "type": "person"})
    for _ in range(plan["retype"]):
        e = next(pool)
        rest = e.id.partition(":")[2]
        new = {"entity": e.id, "name": e.name, "was": "person", "type": "org", "new_id": f"org:{rest}"}
        corr.append(ix, K.RETYPE, new)
    picked = rnd.sample(quotes, min(plan["speaker"], len(quotes)))
    for i, q in enumerate(picked):
        mode = ("entity", "anonymous", "not-a-quote")[i % 3]
        args = {"quote": q.id, "text": q.text[:60], "was": q.speaker, "mode": mode}
        if mode == "entity":
            o = orgs[i % len(orgs)]
            args.update(to=o.id, to_name=o.name)
        corr.append(ix, K.SPEAKER, args)
    for q in rnd.sample(quotes, min(plan["split"], len(quotes))):
        eid = q.speaker_id or ""
        new_id = f"{eid}~{q.article_id[:8]}"
        new = {"entity": eid, "name": q.speaker, "article": q.article_id, "new_id": new_id}
        corr.append(ix, K.SPLIT, new)
    plan["speaker"], plan["split"] = len(picked), min(plan["split"], len(quotes))
    return plan


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", type=Path, required=True, help="a built index (it is copied, not changed)")
    ap.add_argument("--work", type=Path, required=True)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=40)
    args = ap.parse_args()
    plain, fixed = args.work / "plain", args.work / "corrected"
    if not plain.exists():
        shutil.copytree(args.index, plain)
    if fixed.exists():
        shutil.rmtree(fixed)
    subprocess.run(["cp", "-al", str(plain), str(fixed)], check=True)  # same segments, own log
    (plain / corr.LOG_NAME).unlink(missing_ok=True)
    plan = make_log(fixed, args.n)
    lines = len(corr.read_records(fixed))
    opens: dict[str, list[float]] = {"plain": [], "corrected": []}
    firsts: dict[str, list[float]] = {"plain": [], "corrected": []}
    # CPU time too: on a shared, busy machine the wall clock mostly measures the other processes
    opens_cpu: dict[str, list[float]] = {"plain": [], "corrected": []}
    firsts_cpu: dict[str, list[float]] = {"plain": [], "corrected": []}
    load_before = os.getloadavg()
    for i in range(args.runs * 2):
        name, ix = [("plain", plain), ("corrected", fixed)][(i + i // 2) % 2]  # ABBA order
        t0, c0 = time.perf_counter(), time.process_time()
        r = open_reader(ix)
        t1, c1 = time.perf_counter(), time.process_time()
        r.entities(EntityType.PERSON, limit=50)
        t2, c2 = time.perf_counter(), time.process_time()
        r.close()
        opens[name].append((t1 - t0) * 1000)
        firsts[name].append((t2 - t1) * 1000)
        opens_cpu[name].append((c1 - c0) * 1000)
        firsts_cpu[name].append((c2 - c1) * 1000)
    print(f"log: {lines} corrections {plan}; load average before: {load_before}")
    for what, table in (
        ("open", opens),
        ("first person list after open", firsts),
        ("open, CPU", opens_cpu),
        ("first person list after open, CPU", firsts_cpu),
    ):
        a, b = table["plain"], table["corrected"]
        print(
            f"{what}: plain p50 {statistics.median(a):.1f} ms p95 {p95(a):.1f} ms; "
            f"corrected p50 {statistics.median(b):.1f} ms p95 {p95(b):.1f} ms; "
            f"added p95 {p95(b) - p95(a):+.1f} ms (p50 {statistics.median(b) - statistics.median(a):+.1f} ms)"
        )
    print(f"load average after: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
