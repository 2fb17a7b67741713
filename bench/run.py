"""One command for every speed figure: ``python bench/run.py --sizes 1000,10000 [--with-100k]``.

Everything is measured in the same run, so the noisy shared machine affects the figure and its
baseline alike.  Heavy steps run in child processes (bench/steps.py) whose whole process tree is
sampled for peak memory.  Prints a table and writes bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import platform
import pty
import re
import runpy
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable
SCORER = Path("/work/shared/tools/score_extraction.py")
sys.path.insert(0, str(HERE))
import gen_corpus  # noqa: E402

NEW_START = 50_000_000  # article indices for "new" articles: never overlap a cached corpus


@dataclass
class Row:
    size: str
    figure: str
    value: str
    target: str = ""
    ok: bool | None = None  # None: information only

    @property
    def verdict(self) -> str:
        return "" if self.ok is None else ("PASS" if self.ok else "FAIL")


ROWS: list[Row] = []
NOTES: list[str] = []


def row(size: str, figure: str, value: str, target: str = "", ok: bool | None = None) -> None:
    r = Row(size, figure, value, target, ok)
    ROWS.append(r)
    print(f"  {r.size:>7} | {r.figure:<44} | {r.value:>22} | {r.target:<14} | {r.verdict}", flush=True)


def note(text: str) -> None:
    NOTES.append(text)
    print(f"  note: {text}", flush=True)


# ---- child processes -----------------------------------------------------------------------------


def tree_rss(proc: psutil.Process) -> int:
    total = 0
    with contextlib.suppress(psutil.Error):
        for p in [proc, *proc.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):
                total += p.memory_info().rss
    return total


def step(name: str, step_timeout: float | None = None, **args: object) -> tuple[dict, float]:
    """Run one bench/steps.py step; returns (its JSON result, peak RSS of its process tree in MB).

    Past ``step_timeout`` seconds the step's process is killed and RuntimeError raised (never a hang).
    """
    p = subprocess.Popen(
        [PY, str(HERE / "steps.py"), name, json.dumps(args, default=str)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        proc = psutil.Process(p.pid)
        while not stop.is_set():
            peak = max(peak, tree_rss(proc))
            stop.wait(0.1)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    try:
        out, err = p.communicate(timeout=step_timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        p.communicate()
        stop.set()
        th.join()
        raise RuntimeError(f"step {name} timed out after {step_timeout:.0f} s") from None
    stop.set()
    th.join()
    if p.returncode != 0:
        tail = " | ".join(err.strip().splitlines()[-3:])
        raise RuntimeError(f"step {name} failed (exit {p.returncode}): {tail}")
    return json.loads(out.strip().splitlines()[-1]), peak / 2**20


def du_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


# ---- time to first screen ------------------------------------------------------------------------

_ESC = re.compile(
    rb"\x1b\[[0-9;?<>=$]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][A-Z0-9]|\x1b[=>78]"
)


def first_frame(
    cmd: list[str],
    *,
    keys: list[tuple[float, bytes]] = (),
    linger: float = 0.0,
    timeout: float = 20.0,
    env: dict[str, str] | None = None,
    until: re.Pattern[bytes] | None = None,
    cpu: list[float] | None = None,
) -> tuple[float | None, float, str]:
    """Spawn ``cmd`` in an 80x24 pseudo-terminal; seconds until the first frame is on screen.

    The first frame is the moment at least 1,000 printable cells (of 1,920) have been written,
    escape sequences excluded: a full-screen Textual paint, not the mode-setting preamble.
    ``keys`` are sent after the first frame (delay, bytes); then after ``linger`` seconds the
    process's peak RSS (VmHWM) is read.  Returns (seconds or None, peak MB, screen text tail).
    With ``until``, the seconds are instead those until that pattern is on screen (escape sequences
    excluded), e.g. the article list's "200 latest articles" after its rows are drawn: the first frame
    comes before any article is.  With ``cpu``, the CPU seconds the process (not a child of it) had
    used when it was ready are appended to it (1/100 s resolution).
    """
    e = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24", **(env or {})}
    e.pop("NO_COLOR", None)
    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(ROOT)
        os.execve(cmd[0], cmd, e)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    printed = 0
    ready: float | None = None
    tail = b""
    shown = b""  # what the app printed, escape sequences excluded (for ``until``)
    deadline = t0 + timeout
    pending = list(keys)
    linger_until: float | None = None
    hwm = 0.0
    while time.perf_counter() < deadline:
        r, _, _ = select.select([fd], [], [], 0.02)
        now = time.perf_counter()
        if r:
            try:
                data = os.read(fd, 1 << 16)
            except OSError:
                break
            tail = (tail + data)[-20000:]
            if ready is None and until is not None:
                shown = (shown + _ESC.sub(b"", data))[-20000:]
                if until.search(shown):
                    ready = now - t0
                    t_ready = now
                    _add_cpu(pid, cpu)
            elif ready is None:
                printed += len(_ESC.sub(b"", data).replace(b"\r", b"").replace(b"\n", b""))
                if printed >= 1000:
                    ready = now - t0
                    t_ready = now
                    _add_cpu(pid, cpu)
        if ready is not None:
            while pending and now - t_ready >= pending[0][0]:
                os.write(fd, pending.pop(0)[1])
            if not pending and linger_until is None:
                linger_until = now + linger
            if linger_until is not None and now >= linger_until:
                break
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                hwm = int(line.split()[1]) / 1024
    except OSError:
        pass
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    os.close(fd)
    return ready, hwm, _ESC.sub(b"", tail).decode("utf-8", "replace")[-400:]


def _add_cpu(pid: int, out: list[float] | None) -> None:
    if out is None:
        return
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        out.append((int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"))
    except (OSError, IndexError, ValueError):
        pass


def app_command(index: Path) -> list[str]:
    exe = ROOT / ".venv" / "bin" / "kbio-tui"
    if exe.exists():
        return [str(exe), "--index", str(index)]
    return [
        PY,
        "-c",
        f"import sys; from pathlib import Path; from kbio_tui.tui.app import run_app; "
        f"sys.exit(run_app(Path({str(index)!r})))",
    ]


# The bar under the search box once the first rows of the article list are drawn.
LIST_SHOWN = re.compile(rb"\d[\d,]* latest articles?")


NO_PREFETCH = {"KBIO_PREFETCH": "off"}  # kbio_tui/tui/prefetch.py: the first rows read in process
PREFETCH = {"KBIO_PREFETCH": "on"}  # ...: read by the child whatever the load


def measure_start(index: Path, size: str, runs: int) -> None:
    """The article list on screen against a minimal Textual app's first frame, interleaved run by run.
    kbio-tui draws the list in its first frame from the index's front page (``index/front_page.py``).
    For information it is also run on the same index without that page (as an older kbio-tui or a
    killed writer leaves it), with the prefetch child off and forced on: what the fallbacks cost."""
    minimal = [PY, str(HERE / "minimal_app.py")]
    app = app_command(index)
    # As installed (pip and pipx compile every module at install time), not as an editable checkout
    # under PYTHONDONTWRITEBYTECODE, which would compile kbio_tui from source on every start: the
    # minimal app's Textual is compiled, so kbio-tui's own modules must be too.
    compiled = [PY, "-m", "compileall", "-q", str(ROOT / "kbio_tui")]
    subprocess.run(compiled, check=True, stdout=subprocess.DEVNULL)
    first_frame(minimal, timeout=10)  # warm the page cache for all three
    # the same index without its front page: hard links, so the copy costs nothing and reads the same
    bare = Path(tempfile.mkdtemp(prefix="kbio-no-front-page-")) / "index"
    subprocess.run(["cp", "-al", str(index), str(bare)], check=True)
    (bare / ".front-page").unlink(missing_ok=True)
    fallback = app_command(bare)
    first_frame(app, timeout=20, until=LIST_SHOWN)
    first_frame(fallback, timeout=20, until=LIST_SHOWN, env=NO_PREFETCH)
    mins: list[float] = []
    apps: list[float] = []
    solo: list[float] = []
    forced: list[float] = []
    cpu: dict[str, list[float]] = {"minimal": [], "kbio": [], "off": [], "on": []}
    load0 = os.getloadavg()[0]
    for _ in range(runs):
        t, _, _ = first_frame(minimal, timeout=10, cpu=cpu["minimal"])
        if t is not None:
            mins.append(t)
        t, _, screen_ = first_frame(app, timeout=20, until=LIST_SHOWN, cpu=cpu["kbio"])
        if t is not None:
            apps.append(t)
        else:
            note(f"kbio-tui showed no article list within 20 s; screen tail: {screen_[-200:]!r}")
            break
        t, _, _ = first_frame(fallback, timeout=20, until=LIST_SHOWN, env=NO_PREFETCH, cpu=cpu["off"])
        if t is not None:
            solo.append(t)
        t, _, _ = first_frame(fallback, timeout=20, until=LIST_SHOWN, env=PREFETCH, cpu=cpu["on"])
        if t is not None:
            forced.append(t)
    if not mins or not apps:
        shutil.rmtree(bare.parent, ignore_errors=True)
        row(size, "first screen: kbio-tui / minimal Textual app", "n/a", "<= 1.5x", False)
        return
    m, a = sorted(mins)[len(mins) // 2], sorted(apps)[len(apps) // 2]
    row(size, "first screen: minimal Textual app (median)", f"{m * 1000:.0f} ms")
    row(size, "article list on screen: kbio-tui (median)", f"{a * 1000:.0f} ms")
    row(size, "article list / minimal app's first screen", f"{a / m:.2f}x", "<= 1.5x", a / m <= 1.5)
    shutil.rmtree(bare.parent, ignore_errors=True)
    for label, values in (("off (KBIO_PREFETCH=off)", solo), ("forced on (KBIO_PREFETCH=on)", forced)):
        if values:
            o = sorted(values)[len(values) // 2]
            row(size, f"no front page, prefetch {label}", f"{o * 1000:.0f} ms, {o / m:.2f}x")
    note(
        f"{size}: start-up, {runs} interleaved runs of each, 80x24 pty; ms minimal "
        f"{sorted(round(x * 1000) for x in mins)}, kbio-tui {sorted(round(x * 1000) for x in apps)}, "
        f"no front page: prefetch off {sorted(round(x * 1000) for x in solo)}, forced on "
        f"{sorted(round(x * 1000) for x in forced)}; load {load0:.1f} -> {os.getloadavg()[0]:.1f}; "
        "CPU time of the measured process when ready (its own, not the prefetch child's), median ms: "
        + ", ".join(f"{k} {1000 * sorted(v)[len(v) // 2]:.0f}" for k, v in cpu.items() if v)
        + (BUSY.label if BUSY.on else "")
    )


def measure_app_memory(index: Path, size: str, query: str) -> None:
    keys = [(1.5, b"/")] + [(1.5 + 0.08 * (i + 1), bytes([c])) for i, c in enumerate(query.encode())]
    t, hwm, _ = first_frame(app_command(index), keys=keys, linger=3.0, timeout=40)
    if t is None:
        row(size, "app peak RSS after a search", "n/a", "<= 250 MB", False)
        return
    row(size, f"app peak RSS after search '{query}'", f"{hwm:.0f} MB", "<= 250 MB", hwm <= 250)


def measure_app_latency(index: Path, size: str, people: list[str], timeout: float) -> None:
    """Issue 4's in-app figures: the real app under run_test() (bench/app_latency.py)."""
    from kbio_tui.tui.screens.main import ARTICLE_LIMIT, FIRST_RESULTS, REST_AFTER

    try:  # the backstop: every query and page is already bounded by ``timeout`` inside the step
        r, _ = step("app", step_timeout=100 * timeout + 300, index=index, people=people, timeout=timeout)
    except RuntimeError as exc:
        note(f"{size}: in-app latency: {exc}")
        row(size, "in-app: keystroke -> results drawn p95", "no result", "<= 100 ms", False)
        row(size, "in-app: person -> quotes page drawn p95", "no result", "<= 50 ms", False)
        return
    row(size, "in-app: search debounce (constant, not in p95)", f"{r['debounce_ms']:.0f} ms")
    row(size, "in-app: keystroke -> results drawn p50", f"{r['search_p50']:.1f} ms")
    row(
        size,
        "in-app: keystroke -> results drawn p95",
        f"{r['search_p95']:.1f} ms",
        "<= 100 ms",
        r["search_p95"] <= 100 and not r["search_timeouts"],
    )
    if r["search_timeouts"]:
        row(
            size,
            f"in-app: search timeouts (> {timeout:g} s)",
            f"{len(r['search_timeouts'])} of {r['search_n']}",
            "0",
            False,
        )
    firsts = [f["ms"] for f in r["first_pages"] if f["ms"] is not None]
    row(
        size,
        f"in-app: first person page of a session (max of {len(r['first_pages'])})",
        f"{max(firsts):.1f} ms" if firsts else "no result",
        "<= 50 ms",
        bool(firsts) and len(firsts) == len(r["first_pages"]) and max(firsts) <= 50,
    )
    note(
        f"{size}: first person page of {len(r['first_pages'])} fresh sessions (KbioApp opening the index "
        f"from its path, the page opened {r['first_page_after_s']:g} s after the entity list is on screen; "
        f"also in the page p95): [name, ms, mount + reader ms, entity list on screen after ms] "
        + str([[f["name"], f["ms"], f["load_ms"], f["entities_after_ms"]] for f in r["first_pages"]])
    )
    row(size, "in-app: person -> quotes page drawn p50", f"{r['page_p50']:.1f} ms")
    row(
        size,
        "in-app: person -> quotes page drawn p95",
        f"{r['page_p95']:.1f} ms",
        "<= 50 ms",
        r["page_p95"] <= 50 and not r["page_timeouts"],
    )
    if r["page_timeouts"]:
        row(
            size,
            f"in-app: person page timeouts (> {timeout:g} s)",
            f"{len(r['page_timeouts'])} of {r['pages_n']}",
            "0",
            False,
        )
    kinds = ", ".join(f"{k} {v[0]:.0f}/{v[1]:.0f}" for k, v in r["by_kind"].items())
    snip, vis = r["snippet_rows"]
    note(
        f"{size}: in-app search ({r['search_n']} queries, 100x30, dispatch of the debounced query -> first "
        f"frame with the Articles pane re-rendered after the last snippet batch): p50/p95 by kind {kinds}; "
        f"slowest {r['slowest']}; p50 split: search worker {r['worker_p50']:.0f} ms, "
        f"{r['show_p50']:.0f} ms in _show_articles (list rebuild), last change -> frame "
        f"{r['frame_p50']:.0f} ms, rest = snippet worker; "
        f"keystroke -> drawn incl. debounce p50/p95 "
        f"{r['total_p50']:.0f}/{r['total_p95']:.0f} ms "
        f"(debounce {r['debounce_ms']:.0f} ms, seen {r['debounce_seen_p50']:.0f}); "
        f"visible rows with a snippet {snip}/{vis}; errors {r['errors']}; "
        f"timeouts {r['search_timeouts'][:8]}; the first {FIRST_RESULTS} rows are drawn, the rest "
        f"(to {ARTICLE_LIMIT}) fetched {REST_AFTER:g} s later for {r['rest_n']} queries, timer -> rows "
        f"appended p50/p95 {r['rest_p50']:.0f}/{r['rest_p95']:.0f} ms"
    )
    note(
        f"{size}: in-app person page ({r['pages_n']} pages: 10 most quoted + random, and the sessions' "
        "first pages; app.open_entity -> "
        f"first frame with the quotes list re-rendered): top-10 p95 {r['page_top_p95']:.0f} ms; "
        f"p50 split: mount + reader calls {r['page_load_p50']:.0f} ms, _show {r['page_show_p50']:.0f} ms, "
        f"_show -> frame {r['page_frame_p50']:.0f} ms; "
        f"slowest [ms, name, quotes, mount + reader ms] {r['page_slowest']}; "
        f"timeouts {r['page_timeouts'][:8]}"
    )


class BusyCore:
    """``--busy-core``: a child process spinning on one core while figures are taken, so they are
    measured with a core kept busy by another process (the load average is stated with them)."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def on(self) -> bool:
        return self.proc is not None

    @property
    def label(self) -> str:
        if self.proc is None:
            return ""
        return f" (one core kept busy by `python -c 'while True: pass'`, pid {self.proc.pid})"

    def start(self) -> None:
        self.proc = subprocess.Popen([PY, "-c", "while True: pass"])
        time.sleep(1.0)  # let the load average see it

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None


BUSY = BusyCore()


# ---- the suite -------------------------------------------------------------------------------------


def corpus(n: int, seed: int, start: int = 0) -> Path:
    name = f"n{n}-s{seed}" + (f"-o{start}" if start else "")
    out = HERE / "corpus" / name
    t = time.perf_counter()
    gen_corpus.generate(n, out, seed=seed, start=start)
    dt = time.perf_counter() - t
    if dt > 1:
        print(f"  generated {n} articles in {dt:.1f}s -> {out}", flush=True)
    return out


def truth_people(c: Path, k: int = 6) -> list[str]:
    counts: dict[str, int] = {}
    for a in json.loads((c / "truth.json").read_text())["articles"]:
        for q in a["quotes"]:
            if q["speaker"]:
                counts[q["speaker"]] = counts.get(q["speaker"], 0) + 1
    return [n for n, _ in sorted(counts.items(), key=lambda x: -x[1])[:k]]


def score(export: Path, c: Path) -> dict:
    fn = runpy.run_path(str(SCORER))["score"]
    rows = [json.loads(line) for line in export.open(encoding="utf-8") if line.strip()]
    return fn(rows, json.loads((c / "truth.json").read_text()))


def run_size(n: int, seed: int, work: Path, *, last: bool, bare: bool = True, scored: bool = True) -> Path:
    s = f"{n // 1000}k"
    c = corpus(n, seed)
    bare_dir, idx = work / f"bare-{n}", work / f"idx-{n}"
    for d in (bare_dir, idx):
        shutil.rmtree(d, ignore_errors=True)
    bare_rate = None
    if bare:
        base, _ = step("bare", corpus=c, index=bare_dir)
        bare_rate = base["n"] / base["index_seconds"]
        row(s, "clean only (read + clean, 1 process)", f"{base['n'] / base['load_seconds']:.0f} art/s")
        row(s, "bare Whoosh indexing, same text + schema", f"{bare_rate:.0f} art/s")
    ing, peak = step("ingest", corpus=c, index=idx, workers=2, rebuild=True)
    rate = ing["articles"] / ing["seconds"]  # articles, not outcomes: truth.json is not ingested
    row(s, "ingest end to end (workers=2)", f"{rate:.0f} art/s")
    if ing["failures"]:
        note(f"{s}: ingest failures, e.g. {ing['failures'][0]}")
    if ing["outcomes"].get("added", 0) != n:
        note(f"{s}: ingest outcomes {ing['outcomes']} (expected {n} added)")
    if bare_rate is not None:
        row(s, "ingest / bare Whoosh", f"{rate / bare_rate:.2f}x", ">= 0.7x", rate / bare_rate >= 0.7)
    row(s, "ingest peak RSS (process tree)", f"{peak:.0f} MB")
    on_disk = f"{du_mb(idx):.0f} MB" + (f" (bare {du_mb(bare_dir):.0f})" if bare_rate is not None else "")
    row(s, "index size on disk", on_disk)
    shutil.rmtree(bare_dir, ignore_errors=True)
    q, qpeak = step("query", index=idx, people=truth_people(c))
    search_target = 250 if n > 50_000 else 100
    row(s, f"search (first {q['first_rows']} rows) + snippets (10 rows) p50", f"{q['search_p50']:.1f} ms")
    row(
        s,
        f"search (first {q['first_rows']} rows) + snippets (10 rows) p95",
        f"{q['search_p95']:.1f} ms",
        f"<= {search_target} ms",
        q["search_p95"] <= search_target,
    )
    row(
        s,
        "search + snippets p95, first run of each query",
        f"{q['search_first_p95']:.1f} ms",
        f"<= {search_target} ms",
        q["search_first_p95"] <= search_target,
    )
    row(
        s,
        f"search, all {q['full_rows']} rows (the rest, fetched after the draw) p50 / p95",
        f"{q['full_p50']:.1f} / {q['full_p95']:.1f} ms",
    )
    kinds = ", ".join(f"{k} {v[0]:.0f}/{v[1]:.0f}" for k, v in q["by_kind"].items())
    note(f"{s}: search p50/p95 ms by kind: {kinds}; slowest: {q['slowest'][:4]}; partial={q['partial']}")
    kinds = ", ".join(f"{k} {v[0]:.0f}/{v[1]:.0f}" for k, v in q["full_by_kind"].items())
    note(f"{s}: all {q['full_rows']} rows, p50/p95 ms by kind: {kinds}")
    if q["errors"]:
        note(f"{s}: query errors: {q['errors']}")
    row(s, "person -> quotes (quotes_by) p50", f"{q['quotes_p50']:.1f} ms")
    row(s, "person -> quotes (quotes_by) p95", f"{q['quotes_p95']:.1f} ms", "<= 50 ms", q["quotes_p95"] <= 50)
    row(
        s,
        "person page (entity+quotes+articles) p95",
        f"{q['page_p95']:.1f} ms",
        "<= 50 ms",
        q["page_p95"] <= 50,
    )
    row(s, "entity list by type (+filter) p50 / p95", f"{q['entities_p50']:.1f} / {q['entities_p95']:.1f} ms")
    row(s, "reader open", f"{q['open_ms']:.0f} ms")
    row(s, "reader warm-up (the app's background thread)", f"{q['warm_ms']:.0f} ms")
    row(s, "query process peak RSS", f"{qpeak:.0f} MB")
    note(f"{s}: index stats {q['stats']}; most quotes for one person: {q['max_quotes']}")
    if not scored:
        return idx
    exp = work / f"export-{n}.jsonl"
    step("export", index=idx, out=exp)
    res = score(exp, c)
    big = n >= 10_000
    row(
        s,
        "quote F1 on generated truth",
        f"{res['quotes_f1']:.3f}",
        ">= 0.95" if big else "",
        res["quotes_f1"] >= 0.95 if big else None,
    )
    row(s, "quote detection F1 / people F1", f"{res['quote_detection_f1']:.3f} / {res['people_f1']:.3f}")
    by = ", ".join(f"{k} {v}" for k, v in res["by_attribution"].items())
    note(
        f"{s}: scorer: P={res['quotes_precision']} R={res['quotes_recall']} indirect_recall="
        f"{res['indirect_recall']} title={res['title_ok']} author={res['author_ok']} date={res['date_ok']} "
        f"junk_left={res['junk_left']}; by attribution: {by}"
    )
    probs = res["problems"]
    kinds_of: dict[str, int] = {}
    for p in probs:
        k = re.sub(r"^[^:]+: ", "", p).split(" ")[0:3]
        kinds_of[" ".join(k)] = kinds_of.get(" ".join(k), 0) + 1
    top = sorted(kinds_of.items(), key=lambda x: -x[1])[:6]
    note(f"{s}: scorer problem kinds: {top}; e.g. {[p for p in probs if 'quote' in p][:4]}")
    return idx


def split(seed: int, work: Path, n: int) -> None:
    """Issue 3: extraction alone vs indexing alone over the first 3,000 articles."""
    sp, _ = step("split", corpus=corpus(n, seed), index=work / "split", limit=3000)
    shutil.rmtree(work / "split", ignore_errors=True)
    ext, idx_rate = sp["n"] / sp["extract_seconds"], sp["n"] / sp["index_seconds"]
    s = f"{sp['n'] / 1000:g}k"
    row(s, "extraction alone (1 process)", f"{ext:.0f} art/s")
    row(s, "indexing alone, kbio IndexWriter (1 process)", f"{idx_rate:.0f} art/s")
    row(s, "extraction rate / indexing rate", f"{ext / idx_rate:.2f}x", ">= 1.0x", ext >= idx_rate)


def run(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--with-100k", action="store_true")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, default=None, help="bench/RESULTS.md; --only: WORK/only.md")
    ap.add_argument("--work", type=Path, default=HERE / "out")
    ap.add_argument("--start-runs", type=int, default=5)
    ap.add_argument("--skip-split", action="store_true", help="skip extraction-vs-indexing (issue 3)")
    ap.add_argument(
        "--skip-bare", action="store_true", help="skip the bare-Whoosh baseline (no ingest ratio row)"
    )
    ap.add_argument(
        "--skip-score", action="store_true", help="skip the export and the scoring against generated truth"
    )
    ap.add_argument("--skip-app", action="store_true", help="skip the start-up and app-memory figures")
    ap.add_argument(
        "--skip-app-latency", action="store_true", help="skip the in-app search and person-page figures"
    )
    ap.add_argument("--app-timeout", type=float, default=10.0, help="seconds per in-app query or page")
    ap.add_argument(
        "--only",
        default="",
        help="comma list of figures to take alone on the largest size's index: startup, memory, "
        "app-latency (the index is built once if --index is not given and work/idx-N is missing)",
    )
    ap.add_argument("--index", type=Path, default=None, help="with --only: an existing index of the size")
    ap.add_argument(
        "--busy-core", action="store_true", help="keep one core busy with a spinning child process meanwhile"
    )
    a = ap.parse_args(argv)
    sizes = sorted({int(x) for x in a.sizes.split(",") if x} | ({100_000} if a.with_100k else set()))
    a.work.mkdir(parents=True, exist_ok=True)
    cmd = "python bench/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
    print(f"{cmd}\n  {'size':>7} | {'figure':<44} | {'value':>22} | {'target':<14} |", flush=True)
    t_all = time.perf_counter()
    if a.only:
        a.out = a.out or a.work / "only.md"
        return run_only(a, sizes, cmd, t_all)
    a.out = a.out or HERE / "RESULTS.md"
    try:
        if not a.skip_split:
            split(a.seed, a.work, max(3000, min(sizes)))
        last_idx = None
        for n in sizes:
            last_idx = run_size(
                n, a.seed, a.work, last=n == sizes[-1], bare=not a.skip_bare, scored=not a.skip_score
            )
        big = f"{sizes[-1] // 1000}k"
        if not a.skip_app and last_idx is not None:
            measure_start(last_idx, big, a.start_runs)
            measure_app_memory(last_idx, big, "biosimilar")
        if not a.skip_app_latency and last_idx is not None:
            measure_app_latency(last_idx, big, truth_people(corpus(sizes[-1], a.seed)), a.app_timeout)
        # incremental: 1k new articles into the big index vs the same 1k alone
        new = corpus(1000, a.seed, start=NEW_START)
        alone = a.work / "idx-new1k"
        shutil.rmtree(alone, ignore_errors=True)
        r1, _ = step("ingest", corpus=new, index=alone, workers=2, rebuild=True)
        r2, _ = step("ingest", corpus=new, index=last_idx, workers=2)
        row(big, "1k new articles: alone", f"{r1['seconds']:.1f} s")
        row(big, f"1k new articles: into the {big} index", f"{r2['seconds']:.1f} s")
        ratio = r2["seconds"] / r1["seconds"]
        row(big, "incremental / alone", f"{ratio:.2f}x", "<= 1.5x", ratio <= 1.5)
        shutil.rmtree(alone, ignore_errors=True)
    except RuntimeError as exc:
        note(f"stopped: {exc}")
    write_results(a.out, cmd, time.perf_counter() - t_all)
    return 0 if all(r.ok is not False for r in ROWS) else 1


ONLY = ("startup", "memory", "app-latency")


def run_only(a: argparse.Namespace, sizes: list[int], cmd: str, t_all: float) -> int:
    """``--only``: the chosen app figures on the largest size's index, nothing else."""
    figs = [f.strip() for f in a.only.split(",") if f.strip()]
    unknown = [f for f in figs if f not in ONLY]
    if unknown:
        print(f"run.py: --only takes {', '.join(ONLY)}; not {', '.join(unknown)}", file=sys.stderr)
        return 2
    n = sizes[-1]
    size = f"{n // 1000}k"
    idx = a.index or a.work / f"idx-{n}"
    try:
        if a.index is None and not (idx / "kbio_meta.json").is_file():
            step("ingest", corpus=corpus(n, a.seed), index=idx, workers=2, rebuild=True)
        if a.busy_core:
            BUSY.start()
        note(f"{size}: index {idx}; load at start {os.getloadavg()[0]:.1f}" + BUSY.label)
        if "startup" in figs:
            measure_start(idx, size, a.start_runs)
        if "memory" in figs:
            measure_app_memory(idx, size, "biosimilar")
        if "app-latency" in figs:
            measure_app_latency(idx, size, truth_people(corpus(n, a.seed)), a.app_timeout)
        note(f"{size}: load at end {os.getloadavg()[0]:.1f}" + BUSY.label)
    except RuntimeError as exc:
        note(f"stopped: {exc}")
    finally:
        BUSY.stop()
    write_results(a.out, cmd, time.perf_counter() - t_all)
    return 0 if all(r.ok is not False for r in ROWS) else 1


def write_results(path: Path, cmd: str, seconds: float) -> None:
    try:
        rev = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        rev = "?"
    lines = [
        "# Benchmark results",
        "",
        f"`{cmd}` — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, git {rev} (+ working tree), "
        f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}, Python {platform.python_version()}, "
        f"{seconds / 60:.1f} min. See bench/README.md for what each figure means.",
        "",
        "| size | figure | value | target | |",
        "|---|---|---|---|---|",
        *[f"| {r.size} | {r.figure} | {r.value} | {r.target} | {r.verdict} |" for r in ROWS],
        "",
        "## Notes",
        "",
        *[f"- {n}" for n in NOTES],
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    sys.exit(run())
