"""A shared server for real: an index on a read-only mount and on a full disk.

Root ignores file permissions, so chmod proves nothing here.  Instead each scenario runs in a private
mount namespace (``unshare --mount``; mapped to root for an unprivileged user) on a small tmpfs that is
remounted read-only (the kernel answers EROFS, even to root) or filled to the last byte (ENOSPC).
The mounts vanish with the namespace, so nothing leaks out of a test.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
KBIO = [sys.executable, "-m", "kbio_tui.cli"]


def in_namespace(tmp_path: Path, script: str) -> subprocess.CompletedProcess[str]:
    """Run a bash script in a private mount namespace with a 16 MB tmpfs at $MNT."""
    if shutil.which("unshare") is None:
        raise AssertionError("these tests need util-linux's `unshare` (apt-get install util-linux)")
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    prefix = ["unshare", "--mount", "--propagation", "private"]
    if os.geteuid() != 0:
        prefix.insert(1, "--map-root-user")
    body = 'set -u\nmount -t tmpfs -o size=16m kbio-test "$MNT"\n' + textwrap.dedent(script)
    env = {**os.environ, "MNT": str(mnt), "KBIO": " ".join(KBIO), "SEEDS": str(SEEDS), "NO_COLOR": "1"}
    env.pop("KBIO_INDEX", None)
    return subprocess.run(
        [*prefix, "bash", "-c", body], capture_output=True, text=True, env=env, cwd=ROOT, timeout=240
    )


def sections(out: str) -> dict[str, str]:
    """Split `== name ==` delimited output into a dict."""
    parts: dict[str, str] = {}
    name = ""
    for line in out.splitlines(keepends=True):
        if line.startswith("== ") and line.rstrip().endswith(" =="):
            name = line.strip()[3:-3]
            parts[name] = ""
        elif name:
            parts[name] += line
    return parts


def test_read_only_index_serves_search_quotes_export_and_the_browser(tmp_path: Path) -> None:
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "new.txt").write_text(
        "A newly scraped story\n\nBy Han Ji-min\n2026-03-02\n\n"
        "Celltrion said on Monday that it would open a new plant in Incheon next year.\n",
        encoding="utf-8",
    )
    browse = textwrap.dedent(
        f"""
        import asyncio, sys
        from pathlib import Path
        sys.path.insert(0, {str(ROOT / "tests")!r})
        from _tui_helpers import screen_text, settle, type_text
        from kbio_tui.index import open_reader
        from kbio_tui.tui.app import make_app

        async def main() -> None:
            app = make_app(open_reader(Path(sys.argv[1])))
            async with app.run_test(size=(120, 36)) as pilot:
                await settle(pilot)
                print("first:", "2 latest articles" in screen_text(app))
                await pilot.press("slash")
                await type_text(pilot, "forum")
                await settle(pilot)
                print("search:", "1 article matches" in screen_text(app))
                await pilot.press("q")

        asyncio.run(main())
        """
    )
    (tmp_path / "browse.py").write_text(browse, encoding="utf-8")
    result = in_namespace(
        tmp_path,
        f"""
        $KBIO ingest "$SEEDS" --index "$MNT/ix" > /dev/null 2>&1 || {{ echo "seed ingest failed"; exit 9; }}
        find "$MNT/ix" -type f -exec sha1sum {{}} + | sort > "{tmp_path}/before.sum"
        mount -o remount,ro "$MNT"
        touch "$MNT/ix/probe" 2>/dev/null && {{ echo "mount is not read-only"; exit 9; }}
        echo "== search =="; $KBIO search forum --json --index "$MNT/ix"; echo "rc=$?"
        echo "== quotes =="; $KBIO quotes "Cho Hyun-soo" --json --index "$MNT/ix"; echo "rc=$?"
        echo "== export =="; $KBIO export --index "$MNT/ix" | wc -l; echo "rc=${{PIPESTATUS[0]}}"
        echo "== browse =="; {sys.executable} "{tmp_path}/browse.py" "$MNT/ix" 2>&1 | tail -3
        echo "== ingest =="; $KBIO ingest "{extra}" --index "$MNT/ix" --wait 0 2>&1; echo "rc=$?"
        find "$MNT/ix" -type f -exec sha1sum {{}} + | sort > "{tmp_path}/after.sum"
        """,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    out = sections(result.stdout)
    search_json, search_rc = out["search"].rsplit("rc=", 1)
    assert search_rc.strip() == "0"
    hits = json.loads(search_json)
    assert hits["total"] == 1 and "CDMO" in hits["hits"][0]["title"]
    quotes_json, quotes_rc = out["quotes"].rsplit("rc=", 1)
    assert quotes_rc.strip() == "0"
    assert len(json.loads(quotes_json)["quotes"]) >= 5
    assert out["export"].split() == ["2", "rc=0"]
    assert "first: True" in out["browse"] and "search: True" in out["browse"], out["browse"]
    ingest_out, ingest_rc = out["ingest"].rsplit("rc=", 1)
    assert ingest_rc.strip() == "1"
    assert "Traceback" not in ingest_out and "read-only" in ingest_out.lower(), ingest_out
    # nothing on the mount changed (it could not), and nothing was half-written before the failure
    assert (tmp_path / "before.sum").read_text() == (tmp_path / "after.sum").read_text()


def test_full_disk_fails_ingest_cleanly_and_keeps_the_index(tmp_path: Path) -> None:
    corpus = tmp_path / "more"
    corpus.mkdir()
    words = ["manufacturing", "quality", "regulators", "biosimilar", "approval", "plant", "export"]
    for i in range(40):
        body = " ".join(words[(i + j) % len(words)] + str(j) for j in range(900))
        (corpus / f"story{i:03}.txt").write_text(
            f"Plant story number {i}\n\nBy Oh Se-ri\n2026-01-{i % 28 + 1:02}\n\n"
            f"Officials said the plant {i} would expand. {body}.\n",
            encoding="utf-8",
        )
    result = in_namespace(
        tmp_path,
        f"""
        $KBIO ingest "$SEEDS" --index "$MNT/ix" > /dev/null 2>&1 || {{ echo "seed ingest failed"; exit 9; }}
        # fill the disk, leaving a few kilobytes
        dd if=/dev/zero of="$MNT/filler" bs=4k 2>/dev/null
        truncate -s -24k "$MNT/filler" 2>/dev/null || true
        echo "== ingest =="; $KBIO ingest "{corpus}" --index "$MNT/ix" --wait 0 2>&1 | tail -3; \
            echo "rc=${{PIPESTATUS[0]}}"
        echo "== after =="; $KBIO search forum --json --index "$MNT/ix"; echo "rc=$?"
        rm -f "$MNT/filler"
        echo "== retry =="; $KBIO ingest "{corpus}" --index "$MNT/ix" 2>&1 | tail -1; \
            echo "rc=${{PIPESTATUS[0]}}"
        echo "== final =="; $KBIO search "title:story" --json --limit 1 --index "$MNT/ix"
        """,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    out = sections(result.stdout)
    ingest_out, ingest_rc = out["ingest"].rsplit("rc=", 1)
    assert ingest_rc.strip() == "1", ingest_out
    assert "Traceback" not in ingest_out
    assert "no space left" in ingest_out.lower() or "could not write" in ingest_out.lower(), ingest_out
    after_json, after_rc = out["after"].rsplit("rc=", 1)
    assert after_rc.strip() == "0", after_json
    assert json.loads(after_json)["total"] == 1  # the seeds are still there and readable
    retry_out, retry_rc = out["retry"].rsplit("rc=", 1)
    assert retry_rc.strip() == "0", retry_out
    assert json.loads(out["final"])["total"] == 40
