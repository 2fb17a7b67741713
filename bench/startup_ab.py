"""Start-up of a baseline commit against the work tree, interleaved with the minimal Textual app.

    .venv/bin/python bench/startup_ab.py --index bench/out/idx-10000 [--baseline 0033e27] [--runs 7]

The baseline's ``kbio_tui`` is extracted with ``git archive`` into a temporary folder and run first on
``PYTHONPATH`` (the child checks where it came from); the work tree runs as installed, with its prefetch
child as decided by the load, forced off and forced on.  Each round runs all five in turn in an 80x24
pty (``run.first_frame``): the minimal app until its first frame, the others until the article list is
on screen.  Prints the medians, the ratios to the minimal app, the CPU time of each measured process
when ready, and the load average.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import run  # noqa: E402


def _median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--baseline", default="0033e27", help="commit to compare with (session 11's start)")
    ap.add_argument("--runs", type=int, default=7)
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kbio-startup-ab-") as tmp:
        archive = subprocess.run(
            ["git", "archive", a.baseline, "kbio_tui"], cwd=run.ROOT, capture_output=True, check=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        old = [
            run.PY,
            "-c",
            f"import sys; sys.path.insert(0, {tmp!r}); import kbio_tui; "
            f"assert kbio_tui.__file__.startswith({tmp!r}); from pathlib import Path; "
            f"from kbio_tui.tui.app import run_app; sys.exit(run_app(Path({str(a.index)!r})))",
        ]
        new = run.app_command(a.index)
        variants = [
            ("minimal app (first frame)", [run.PY, str(HERE / "minimal_app.py")], None, None),
            (f"kbio-tui {a.baseline}", old, None, run.LIST_SHOWN),
            ("kbio-tui now", new, None, run.LIST_SHOWN),
            ("now, prefetch off", new, run.NO_PREFETCH, run.LIST_SHOWN),
            ("now, prefetch forced on", new, run.PREFETCH, run.LIST_SHOWN),
        ]
        for _, cmd, env, until in variants:  # fill the page cache for all
            run.first_frame(cmd, until=until, env=env)
        wall: dict[str, list[float]] = {k: [] for k, *_ in variants}
        cpu: dict[str, list[float]] = {k: [] for k, *_ in variants}
        load0 = os.getloadavg()[0]
        for _ in range(a.runs):
            for name, cmd, env, until in variants:
                t, _, _ = run.first_frame(cmd, until=until, env=env, cpu=cpu[name])
                if t is not None:
                    wall[name].append(t)
    m, mc = _median(wall[variants[0][0]]), _median(cpu[variants[0][0]])
    load1 = os.getloadavg()[0]
    print(f"{a.runs} rounds, index {a.index}, {os.cpu_count()} CPUs, load {load0:.1f} -> {load1:.1f}")
    for name, *_ in variants:
        if not wall[name] or not cpu[name]:
            print(f"  {name:<28} no result")
            continue
        w, c = _median(wall[name]), _median(cpu[name])
        print(
            f"  {name:<28} {w * 1000:6.0f} ms {w / m:5.2f}x   CPU {c * 1000:4.0f} ms {c / mc:5.2f}x   "
            f"all {sorted(round(x * 1000) for x in wall[name])}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
