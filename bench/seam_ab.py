"""The Whoosh seam (issue 20) against the code before it: same answers, and no figure more than 5% slower.

    .venv/bin/python bench/seam_ab.py [--baseline a65f081] [--current COMMIT] [--size 10000] [--pairs 5]

One 10k index is built once from the generated corpus (``bench/corpus``), by the current code (the
on-disk format did not change). Then, alternating baseline, current, baseline, … for ``--pairs`` pairs,
fresh child processes of each version (the baseline checked out in a temporary ``git worktree`` and put
first on ``PYTHONPATH``) time on that same index:

- open: importing the reader, ``open_reader`` and the first 40 rows of the article list (what the
  browser waits for after its first frame);
- query: the bench's query mix (``steps.query_mix``), each query's ``search(q, limit=40)`` plus the
  snippets of its top 10, after ``warm()``: four passes, the first filling the per-snapshot caches,
  each query's fastest of the other three; p50 and p95 over the queries;
- quotes: ``quotes_by`` for the 10 most quoted people and 30 others, fastest of three, p50 and p95;
- ingest: 1,000 new articles into a copy of the index (``ingest_paths``, 2 workers), process-tree CPU
  seconds, with the merges that adding them triggers.

Every child also writes what it answered (hits, scores to 9 digits, totals, quote ids): the report
counts queries whose answers differ between the versions (the bar is 0). Times are each child's CPU
time (``time.process_time``), so another process's load does not land in one version's figures; the
ingest figure is the process tree's CPU seconds. Ratios are current / baseline,
the median over pairs, each pair run back to back so the machine's load hits both alike.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
DEFAULT_BASELINE = "a65f081"  # main just before the Whoosh internals moved into whoosh_private.py

CHILD = r"""
import json, random, resource, sys, time
from pathlib import Path
sys.path.insert(0, BENCH)
import kbio_tui
assert kbio_tui.__file__.startswith(WANT), (kbio_tui.__file__, WANT)
from steps import query_mix

def pct(v, q):
    v = sorted(v)
    return v[min(len(v) - 1, int(q * len(v)))]

out = {"answers": {}}
t = time.process_time()
from kbio_tui.index import open_reader  # its imports count: moving one from import to open is no gain
r = open_reader(INDEX)
rows = r.recent_articles(limit=40)
out["open_ms"] = (time.process_time() - t) * 1000
r.warm()
mix = query_mix(PEOPLE)
best = {}
for run in range(4):
    for kind, q in mix:
        t = time.process_time()
        res = r.search(q, limit=40)
        snips = r.snippets(q, [h.article.id for h in res.hits[:10]])
        dt = (time.process_time() - t) * 1000
        if run:  # the first pass fills the per-snapshot caches, as typing a query does
            best[q] = min(best.get(q, dt), dt)
        if run == 1:
            hits = [[h.article.id, round(h.score, 9)] for h in res.hits]
            shown = sorted((k, v.model_dump_json()) for k, v in snips.items())
            out["answers"]["q " + q] = [hits, res.total, res.partial, shown]
times = list(best.values())
out["query_p50"], out["query_p95"] = pct(times, 0.5), pct(times, 0.95)
people = r.entities("person", limit=2000)
rng = random.Random(5)
chosen = people[:10] + rng.sample(people[10:], min(30, max(0, len(people) - 10)))
qt = []
for e in chosen:
    times = []
    for _ in range(3):
        t = time.process_time()
        hits = r.quotes_by(e.id)
        times.append((time.process_time() - t) * 1000)
    qt.append(min(times))
    out["answers"]["quotes " + e.id] = [[h.article_id, h.start, h.end, h.kind.value] for h in hits]
out["quotes_p50"], out["quotes_p95"] = pct(qt, 0.5), pct(qt, 0.95)
out["answers"]["recent"] = [a.id for a in rows]
r.close()
print(json.dumps(out))
"""

INGEST_CHILD = r"""
import resource, sys, time
sys.path.insert(0, BENCH)
import kbio_tui
assert kbio_tui.__file__.startswith(WANT), (kbio_tui.__file__, WANT)
from kbio_tui.pipeline import ingest_paths
t = time.perf_counter()
outcomes = ingest_paths([NEW], INDEX, workers=2)
wall = time.perf_counter() - t
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
added = sum(1 for o in outcomes if o.status.value == "added")
print(f"{cpu} {wall} {added}")
"""


def _child(code: str, root: Path, **names: str) -> str:
    head = "".join(f"{k} = {v!r}\n" for k, v in names.items())
    env = {**os.environ, "PYTHONPATH": str(root)}
    env.pop("KBIO_WHOOSH_FAST", None)
    res = subprocess.run(
        [sys.executable, "-c", head + code], env=env, capture_output=True, text=True, cwd=root, check=False
    )
    if res.returncode != 0:
        raise SystemExit(f"child failed ({root}):\n{res.stderr[-3000:]}")
    return res.stdout.strip().splitlines()[-1]


def _corpus(size: int, start: int = 0, fmt: str = "txt") -> tuple[Path, list[str]]:
    folder = BENCH / "corpus" / f"n{size}-s7" if start == 0 else BENCH / "corpus" / f"n{size}-s7-from{start}"
    if not (folder / "truth.json").exists():
        cmd = [sys.executable, str(BENCH / "gen_corpus.py"), "--n", str(size), "--out", str(folder)]
        if start:
            cmd += ["--start", str(start)]
        subprocess.run(cmd, check=True, cwd=ROOT)
    counts: dict[str, int] = {}
    for art in json.loads((folder / "truth.json").read_text(encoding="utf-8"))["articles"]:
        for q in art["quotes"]:
            if q["speaker"]:
                counts[q["speaker"]] = counts.get(q["speaker"], 0) + 1
    people = [n for n, _ in sorted(counts.items(), key=lambda x: -x[1])[:6]]  # as bench/run.py picks
    return folder, people


def _articles_only(folder: Path, work: Path) -> Path:
    """The corpus's article files without its truth.json (which is not an article)."""
    only = work / folder.name
    if not only.exists():
        only.mkdir(parents=True)
        for p in folder.iterdir():
            if p.name != "truth.json":
                shutil.copyfile(p, only / p.name)  # a copy: ingest skips links that leave a folder
    return only


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--baseline", default=DEFAULT_BASELINE)
    ap.add_argument("--current", default=None, help="a commit to measure instead of the work tree")
    ap.add_argument("--size", type=int, default=10_000)
    ap.add_argument("--pairs", type=int, default=5)
    ap.add_argument("--work", default=None, help="where the index and its copies go (default: a temp dir)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    work = Path(args.work or tempfile.mkdtemp(prefix="seam_ab_"))
    work.mkdir(parents=True, exist_ok=True)
    corpus, people = _corpus(args.size)
    new, _ = _corpus(1000, start=args.size)
    corpus_files, new_files = _articles_only(corpus, work / "in"), _articles_only(new, work / "in")
    index = work / f"idx-{args.size}"
    if not index.exists():
        sys.path.insert(0, str(ROOT))
        from kbio_tui.pipeline import ingest_paths

        ingest_paths([corpus_files], index, workers=2)
    trees = {"baseline": (work / "baseline", args.baseline)}
    if args.current:
        trees["current"] = (work / "current", args.current)
    for tree, commit in trees.values():
        if not tree.exists():
            subprocess.run(
                ["git", "worktree", "add", "-q", "--detach", str(tree), commit], cwd=ROOT, check=True
            )
    versions = {"baseline": trees["baseline"][0], "current": trees["current"][0] if args.current else ROOT}
    load = [os.getloadavg()[0]]
    results: dict[str, list[dict]] = {"baseline": [], "current": []}
    ingest: dict[str, list[tuple[float, float]]] = {"baseline": [], "current": []}
    try:
        for _pair in range(args.pairs):
            for name, root in versions.items():
                got = json.loads(
                    _child(CHILD, root, BENCH=str(BENCH), WANT=str(root), INDEX=str(index), PEOPLE=people)
                )
                results[name].append(got)
                copy = work / f"copy-{name}"
                shutil.rmtree(copy, ignore_errors=True)
                shutil.copytree(index, copy)
                cpu, wall, added = _child(
                    INGEST_CHILD, root, BENCH=str(BENCH), WANT=str(root), INDEX=str(copy), NEW=str(new_files)
                ).split()
                assert int(added) == 1000, added
                ingest[name].append((float(cpu), float(wall)))
                shutil.rmtree(copy, ignore_errors=True)
        load.append(os.getloadavg()[0])
    finally:
        for tree, _commit in trees.values():
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=False)
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)

    base_answers = results["baseline"][0]["answers"]
    cur_answers = results["current"][0]["answers"]
    differ = sorted(
        k for k in base_answers.keys() | cur_answers.keys() if base_answers.get(k) != cur_answers.get(k)
    )

    def compared(label: str, base: list[float], cur: list[float]) -> tuple[str, float, float, float]:
        """(label, median baseline, median current, median of the per-pair ratios)."""
        ratios = [c / b for b, c in zip(base, cur, strict=True)]
        return label, statistics.median(base), statistics.median(cur), statistics.median(ratios)

    rows = [
        compared(label, [r[key] for r in results["baseline"]], [r[key] for r in results["current"]])
        for key, label in (
            ("open_ms", "import + open + first 40 rows (ms)"),
            ("query_p50", "search + snippets p50 (ms)"),
            ("query_p95", "search + snippets p95 (ms)"),
            ("quotes_p50", "person -> quotes p50 (ms)"),
            ("quotes_p95", "person -> quotes p95 (ms)"),
        )
    ]
    rows += [
        compared(label, [x[i] for x in ingest["baseline"]], [x[i] for x in ingest["current"]])
        for i, label in ((0, "ingest 1k into the index: CPU s"), (1, "ingest 1k into the index: wall s"))
    ]
    report = {
        "baseline": args.baseline,
        "current": args.current or "work tree",
        "size": args.size,
        "pairs": args.pairs,
        "load": load,
        "answers_compared": len(base_answers),
        "answers_differing": differ,
        "rows": [{"figure": r[0], "baseline": r[1], "current": r[2], "ratio": r[3]} for r in rows],
    }
    if args.json:
        print(json.dumps(report, indent=1))
        return
    current = args.current or "the work tree"
    print(
        f"baseline {args.baseline}, current {current}, {args.size} articles, {args.pairs} interleaved pairs"
    )
    print(f"load average {load[0]:.1f} at the start, {load[-1]:.1f} at the end")
    print(f"answers: {len(base_answers)} compared, {len(differ)} differ {differ[:5]}")
    print(f"{'figure':40} {'baseline':>10} {'current':>10} {'ratio':>7}")
    for label, b, c, r in rows:
        print(f"{label:40} {b:10.2f} {c:10.2f} {r:7.3f}")


if __name__ == "__main__":
    main()
