"""Extraction CPU per article: a baseline commit against the current work tree, interleaved.

    .venv/bin/python bench/extract_cpu.py [--baseline 4a6bc87] [--pairs 5] [--rounds 5] [--json] [DIR ...]

The baseline commit is checked out in a temporary ``git worktree`` (removed at the end); the current
version is this work tree as it is on disk when each of its child processes starts.  Every child is a
fresh ``python -c`` with ``PYTHONPATH`` (and cwd) at its version's root, and checks that ``kbio_tui``
was imported from there.  A child reads every ``*.txt`` of every corpus with ``kbio_tui.ingest.load_file``
once (untimed), then runs one warm-up round and R timed rounds; a round times, per corpus, cleaning
(``load_file`` of every file again) and extraction (``extract_strict``, or ``extract`` where there is
no strict one, of every loaded article) in process CPU time (``time.process_time``), not wall clock.
Children run baseline, current, baseline, current ... for N pairs, so load on the shared machine hits
both versions alike; the table gives per corpus the median and min over all rounds of all runs, and
current / baseline.
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
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BASELINE = "4a6bc87"  # main before this session's extraction work
DEFAULT_CORPORA = [
    "/work/shared/ggt-dev/texts",
    str(ROOT / "seeds"),
    str(ROOT / "tests/fixtures/heldout3"),
    "/tmp/realdev_text",  # only if it exists
]

# Runs in the child: argv[1] = the version root, argv[2] = JSON {"corpora": {dir: [files]}, "rounds": R}.
# "all" is every corpus together (total CPU / total articles of the round).
CHILD = r"""
import hashlib, json, sys, time
from pathlib import Path

root = Path(sys.argv[1]).resolve()
args = json.loads(sys.argv[2])
import kbio_tui
from kbio_tui.ingest import load_file
import kbio_tui.extract as ex

where = Path(kbio_tui.__file__).resolve()
if root not in where.parents:
    sys.exit(f"kbio_tui imported from {where}, not from {root}")
run = getattr(ex, "extract_strict", None) or ex.extract
h = hashlib.sha1()
for p in sorted((root / "kbio_tui").rglob("*.py")):
    h.update(str(p.relative_to(root)).encode()); h.update(p.read_bytes())

corpora = []
for c, names in args["corpora"].items():
    files = [Path(f) for f in names]
    arts = [r.article for f in files for r in load_file(f) if r.article is not None]
    corpora.append((c, files, arts))

def one_round():
    out = {}
    for c, files, arts in corpora:
        t = time.process_time()
        for f in files:
            load_file(f)
        clean = time.process_time() - t
        errors = 0
        t = time.process_time()
        for a in arts:
            try:
                run(a)
            except Exception:
                errors += 1
        extract = time.process_time() - t
        n = max(len(arts), 1)
        out[c] = {"clean_ms": 1000 * clean / n, "extract_ms": 1000 * extract / n, "errors": errors}
    n = max(len(every[2]), 1)
    out["all"] = {k: sum(out[c][k] * max(len(arts), 1) for c, _, arts in corpora) / n for k in MS}
    out["all"]["errors"] = sum(out[c]["errors"] for c, _, _ in corpora)
    return out

MS = ("clean_ms", "extract_ms")
every = ("all", [f for _, fs, _ in corpora for f in fs], [a for _, _, arts in corpora for a in arts])

if args["rounds"]:
    one_round()  # warm-up
rounds = [one_round() for _ in range(args["rounds"])]
print(json.dumps({
    "kbio_tui": str(where), "function": run.__name__, "code_sha1": h.hexdigest()[:12],
    "corpora": {
        c: {
            "files": len(files), "articles": len(arts),
            "clean_ms": [r[c]["clean_ms"] for r in rounds],
            "extract_ms": [r[c]["extract_ms"] for r in rounds],
            "errors": max((r[c]["errors"] for r in rounds), default=0),
        }
        for c, files, arts in [*corpora, every]
    },
}))
"""


def git(*args: str) -> str:
    """A git command in the main work tree; retried while another process holds a lock."""
    for attempt in range(20):
        p = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True)
        if p.returncode == 0:
            return p.stdout
        if ".lock" not in p.stderr or attempt == 19:
            raise RuntimeError(f"git {' '.join(args)}: {p.stderr.strip()}")
        time.sleep(0.5)
    raise AssertionError


def run_child(root: Path, corpora: dict[str, list[str]], rounds: int) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=str(root), PYTHONDONTWRITEBYTECODE="1")
    p = subprocess.run(
        [sys.executable, "-c", CHILD, str(root), json.dumps({"corpora": corpora, "rounds": rounds})],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    if p.returncode != 0:
        raise RuntimeError(f"child for {root} failed:\n{p.stderr.strip()[-2000:]}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def summarise(runs: list[dict[str, Any]], corpus: str, key: str) -> dict[str, float]:
    vals = [v for r in runs for v in r["corpora"][corpus][key]]
    return {"median": statistics.median(vals), "min": min(vals)}


def whole(runs: list[dict[str, Any]], corpus: str) -> dict[str, float]:
    """Clean + extract per article, round by round (both are timed in the same round)."""
    vals = [
        c + e
        for r in runs
        for c, e in zip(r["corpora"][corpus]["clean_ms"], r["corpora"][corpus]["extract_ms"], strict=True)
    ]
    return {"median": statistics.median(vals), "min": min(vals)}


def report(runs: dict[str, list[dict[str, Any]]], corpora: list[str]) -> dict[str, Any]:
    rows = {}
    for c in corpora:
        row: dict[str, Any] = {}
        for version in ("baseline", "current"):
            info = runs[version][0]["corpora"][c]
            row[version] = {
                "articles": sorted({r["corpora"][c]["articles"] for r in runs[version]}),
                "files": info["files"],
                "errors": max(r["corpora"][c]["errors"] for r in runs[version]),
                "extract_ms": summarise(runs[version], c, "extract_ms"),
                "clean_ms": summarise(runs[version], c, "clean_ms"),
                "ingest_ms": whole(runs[version], c),
            }
        row["ratio"] = {
            k: {
                s: row["current"][k][s] / row["baseline"][k][s] if row["baseline"][k][s] else float("nan")
                for s in ("median", "min")
            }
            for k in ("extract_ms", "clean_ms", "ingest_ms")
        }
        rows[c] = row
    return rows


def markdown(out: dict[str, Any]) -> str:
    lines = [
        f"Extraction CPU ms/article, baseline {out['baseline']} vs current work tree; "
        f"{out['pairs']} interleaved pairs x {out['rounds']} rounds; "
        f"load {out['load_start'][0]:.2f} -> {out['load_end'][0]:.2f} (1-min), {out['seconds']:.0f} s",
        "",
        "| corpus | articles | extract base med / min | extract cur med / min | cur/base | "
        "clean base / cur med | clean+extract base / cur med | cur/base |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for c, r in out["rows"].items():
        b, k, q = r["baseline"], r["current"], r["ratio"]
        arts = "/".join(map(str, b["articles"]))
        if k["articles"] != b["articles"]:
            arts += " (cur " + "/".join(map(str, k["articles"])) + ")"
        lines.append(
            f"| {Path(c).name} | {arts} "
            f"| {b['extract_ms']['median']:.1f} / {b['extract_ms']['min']:.1f} "
            f"| {k['extract_ms']['median']:.1f} / {k['extract_ms']['min']:.1f} "
            f"| {q['extract_ms']['median']:.2f}x (min {q['extract_ms']['min']:.2f}x) "
            f"| {b['clean_ms']['median']:.1f} / {k['clean_ms']['median']:.1f} "
            f"| {b['ingest_ms']['median']:.1f} / {k['ingest_ms']['median']:.1f} "
            f"| {q['ingest_ms']['median']:.2f}x |"
        )
    notes = []
    for c, r in out["rows"].items():
        for v in ("baseline", "current"):
            if r[v]["errors"]:
                notes.append(f"- {Path(c).name}: {r[v]['errors']} article(s) raised in {v} (timed anyway)")
    if len(out["current_code"]) > 1:
        notes.append(
            f"- the current tree's kbio_tui changed during the run: {len(out['current_code'])} "
            f"versions ({', '.join(out['current_code'])})"
        )
    notes += [f"- skipped {c}: {why}" for c, why in out["skipped"].items()]
    return "\n".join(lines + (["", *notes] if notes else []))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpora", nargs="*", default=DEFAULT_CORPORA, help="directories of *.txt articles")
    ap.add_argument("--baseline", default=DEFAULT_BASELINE, help="git commit to compare against")
    ap.add_argument("--pairs", type=int, default=5, help="baseline/current child pairs (interleaved)")
    ap.add_argument("--rounds", type=int, default=5, help="timed rounds per child, after one warm-up")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a Markdown table")
    a = ap.parse_args()

    skipped: dict[str, str] = {}
    corpora: dict[str, list[str]] = {}  # the file lists are taken once, so every child reads the same
    for c in a.corpora:
        p = Path(c).resolve()
        if not p.is_dir():
            skipped[c] = "no such directory"
        elif not any(p.glob("*.txt")):
            skipped[c] = "no *.txt"
        else:
            corpora[str(p)] = [str(f) for f in sorted(p.glob("*.txt")) if f.is_file()]
    if not corpora:
        sys.exit("no corpus to measure")

    commit = git("rev-parse", "--short", a.baseline + "^{commit}").strip()
    tmp = Path(tempfile.mkdtemp(prefix="extract_cpu_"))
    base_root = tmp / "baseline"
    git("worktree", "add", "--detach", str(base_root), commit)
    t0 = time.monotonic()
    load_start = os.getloadavg()
    runs: dict[str, list[dict[str, Any]]] = {"baseline": [], "current": []}
    try:
        # A corpus the baseline or the current code cannot load is dropped (and said so), not fatal.
        for version, root in (("baseline", base_root), ("current", ROOT)):
            for c in list(corpora):
                try:
                    run_child(root, {c: corpora[c]}, 0)
                except RuntimeError as e:
                    skipped[c] = f"{version} cannot load it: {str(e).splitlines()[-1]}"
                    del corpora[c]
        if not corpora:
            sys.exit("no corpus loads: " + json.dumps(skipped, indent=1))
        for i in range(a.pairs):
            for version, root in (("baseline", base_root), ("current", ROOT)):
                runs[version].append(run_child(root, corpora, a.rounds))
                if not a.json:
                    print(f"pair {i + 1}/{a.pairs} {version} done", file=sys.stderr, flush=True)
    finally:
        try:
            git("worktree", "remove", "--force", str(base_root))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
            git("worktree", "prune")
    out = {
        "baseline": commit,
        "pairs": a.pairs,
        "rounds": a.rounds,
        "load_start": load_start,
        "load_end": os.getloadavg(),
        "seconds": time.monotonic() - t0,
        "kbio_tui": {v: sorted({r["kbio_tui"] for r in runs[v]}) for v in runs},
        "functions": {v: sorted({r["function"] for r in runs[v]}) for v in runs},
        "current_code": sorted({r["code_sha1"] for r in runs["current"]}),
        "skipped": skipped,
        "rows": report(runs, [*corpora, "all"]),
    }
    if a.json:
        print(json.dumps(out, indent=1))
    else:
        print(markdown(out))


if __name__ == "__main__":
    main()
