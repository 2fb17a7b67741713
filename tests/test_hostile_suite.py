"""Issue 21's hostile-input suite: every kind of file that once hung or swamped ingest, generated at
test time and ingested in one real `kbio-tui ingest` run, watched for time and whole-tree memory."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

from _hostile_files import tree_rss, write_hostile
from _pipeline_helpers import ROOT, cli_cmd

from kbio_tui.index import open_reader

GB = 1024**3


def test_every_hostile_kind_is_ingested_or_failed_within_budget(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_hostile(folder, tmp_path / "private")
    env = {k: v for k, v in os.environ.items() if k != "KBIO_INDEX"}
    cmd = cli_cmd("ingest", str(folder), "--index", str(tmp_path / "ix"), "--workers", "2", "--all")
    started = time.monotonic()
    # into files, not pipes: 120,000 lines of output would fill a pipe nobody reads while sampling
    with (tmp_path / "out.txt").open("w") as out_f, (tmp_path / "err.txt").open("w") as err_f:
        proc = subprocess.Popen(cmd, stdout=out_f, stderr=err_f, cwd=ROOT, env=env)
        peak = 0
        while proc.poll() is None:
            peak = max(peak, tree_rss(proc.pid))
            time.sleep(0.05)
    elapsed = time.monotonic() - started
    out = (tmp_path / "out.txt").read_text(encoding="utf-8", errors="replace")
    err = (tmp_path / "err.txt").read_text(encoding="utf-8", errors="replace")
    (folder / "locked").chmod(0o755)

    assert peak < 1 * GB, f"the run held {peak / GB:.2f} GB"
    assert elapsed < 120, f"the run took {elapsed:.0f} s"
    assert proc.returncode == 1, err  # some inputs failed, and say so
    lines = out.splitlines()
    said = {line.split(": ", 2)[1]: line.strip() for line in lines[1:]}
    assert (
        said[str(folder / "big_text.txt")].startswith("failed:")
        and "too long for one article" in said[str(folder / "big_text.txt")]
    )
    assert "too long for one article" in said[f"{folder / 'big_record.jsonl'} (line 2)"]
    assert "too long for one article" in said[str(folder / "long_words.txt")]
    assert said[str(folder / "quote_storm.txt")].endswith("no article text found")
    assert said[str(folder / "pipe.txt")].endswith("not a regular file")
    assert "a link to a file outside the folder" in said[str(folder / "escape.txt")]
    many = [line for line in lines if "many_records.json (record " in line]
    assert len(many) == 120_000 and all(line.startswith("  skipped:") for line in many)  # one-line briefs
    # Root reads any folder, so as root the locked folder's file is simply ingested (the refusal
    # itself is also tested with a patched scandir in test_safe_outputs.py); either way it is checked.
    locked = str(folder / "locked")
    as_root = os.geteuid() == 0
    assert said.get(locked) == (
        None if as_root else f"failed: {locked}: cannot read folder: Permission denied"
    )

    reader = open_reader(tmp_path / "ix")
    try:
        by_file: dict[str, list] = {}
        for article in reader.all_articles():
            by_file.setdefault(Path(article.source_file).name, []).append(article)
    finally:
        reader.close()
    for n in range(5):
        assert len(by_file[f"good_{n}.txt"]) == 1
    assert len(by_file["big_record.jsonl"]) == 2  # the records on either side of the huge one
    assert len(by_file["huge_date.jsonl"]) == 2  # the bad date is dropped, its record kept
    assert any(name.startswith("bad-") for name in by_file)  # the non-UTF-8 name is ingested
    assert "private.txt" not in by_file and "escape.txt" not in by_file
    assert ("inside.txt" in by_file) == as_root
