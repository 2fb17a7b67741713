"""Hostile input files generated at test time (issue 21): each kind that once hung or swamped ingest.

Written in the suite's own words; sizes follow the issue's report. ``write_hostile(folder)`` returns
the name of each file or folder made, with what the run must say about it.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
from pathlib import Path

MB = 1024 * 1024
_WORDS = [
    *"the company said that its new plant in Songdo will open next year while sales".split(),  # noqa: SIM905
    *"of the biosimilar rose again in Europe and the regulator approved a second".split(),  # noqa: SIM905
    *"indication for the antibody".split(),  # noqa: SIM905
]
_NAMES = ["Park Min-jun", "Lee Seo-yeon", "Kim Do-hyun", "Choi Ji-woo", "Jung Ha-eun"]


def _prose(rng: random.Random, size: int) -> str:
    """Article-like paragraphs with quotes and speakers, about ``size`` characters."""
    parts: list[str] = []
    total = 0
    while total < size:
        words = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(12, 30)))
        name = rng.choice(_NAMES)
        para = (
            f"“{words.capitalize()},” {name} said. "
            + " ".join(rng.choice(_WORDS) for _ in range(rng.randint(20, 60))).capitalize()
            + "."
        )
        parts.append(para)
        total += len(para) + 2
    return "\n\n".join(parts)


def _record(n: int, rng: random.Random) -> dict[str, str]:
    return {
        "title": f"Drug maker {n} widens its pipeline",
        "date": "2025-03-04",
        "body": _prose(rng, 300),
    }


def write_hostile(folder: Path, outside: Path) -> dict[str, str]:
    """Write each hostile kind into ``folder`` (and one private file into ``outside``, which a link in
    ``folder`` points at). Returns {name: "ingested" | "failed" | "skipped"}: what each must become."""
    rng = random.Random(21)
    folder.mkdir(parents=True, exist_ok=True)
    expect: dict[str, str] = {}

    # 5 MB of very long "words": no sentence boundary for the splitter to find
    word = "".join(rng.choice("abcdefghij") for _ in range(50_000))
    (folder / "long_words.txt").write_text("Long words\n\n" + " ".join([word] * 100), encoding="utf-8")
    expect["long_words.txt"] = "any"
    # 1 MB of quote marks in every style, unbalanced
    storm = "".join(rng.choice("\"“”'‘’«»「」") for _ in range(MB))
    (folder / "quote_storm.txt").write_text("Quote storm\n\n" + storm, encoding="utf-8")
    expect["quote_storm.txt"] = "any"
    # 19 MB of article-like prose in one text file (under the 20 MB whole-file limit)
    (folder / "big_text.txt").write_text("A very long page\n\n" + _prose(rng, 19 * MB), encoding="utf-8")
    expect["big_text.txt"] = "any"
    # one 18 MB JSON Lines record between two good ones
    with (folder / "big_record.jsonl").open("w", encoding="utf-8") as f:
        f.write(json.dumps(_record(1, rng)) + "\n")
        f.write(json.dumps({"title": "One huge record", "body": _prose(rng, 18 * MB)}) + "\n")
        f.write(json.dumps(_record(2, rng)) + "\n")
    expect["big_record.jsonl"] = "any"
    # a JSON array of 120,000 small records
    records = [
        {"title": f"Brief {n}", "date": "2025-01-02", "body": f"Firm {n} filed for approval."}
        for n in range(120_000)
    ]
    (folder / "many_records.json").write_text(json.dumps(records), encoding="utf-8")
    expect["many_records.json"] = "any"
    # a record whose date is a huge integer, followed by good records
    with (folder / "huge_date.jsonl").open("w", encoding="utf-8") as f:
        f.write(json.dumps({"title": "Bad date", "date": 10**400, "body": _prose(rng, 400)}) + "\n")
        f.write(json.dumps(_record(3, rng)) + "\n")
    expect["huge_date.jsonl"] = "any"
    # a file name that is not UTF-8
    name = os.fsdecode(b"bad-\xff-name.txt")
    (folder / name).write_text("Odd name\n\n" + _prose(rng, 800), encoding="utf-8")
    expect[name] = "ingested"
    # a folder nobody may read
    locked = folder / "locked"
    locked.mkdir()
    (locked / "inside.txt").write_text("Hidden\n\n" + _prose(rng, 500), encoding="utf-8")
    locked.chmod(0)
    expect["locked"] = "failed"
    # a FIFO: opening it would block forever
    with contextlib.suppress(OSError):
        os.mkfifo(folder / "pipe.txt")
        expect["pipe.txt"] = "skipped"
    # a link out of the folder to a private file
    outside.mkdir(parents=True, exist_ok=True)
    (outside / "private.txt").write_text("Salaries\n\n" + _prose(rng, 500), encoding="utf-8")
    (folder / "escape.txt").symlink_to(outside / "private.txt")
    expect["escape.txt"] = "skipped"
    # good files beside them
    for n in range(5):
        (folder / f"good_{n}.txt").write_text(f"Good story {n}\n\n" + _prose(rng, 1500), encoding="utf-8")
        expect[f"good_{n}.txt"] = "ingested"
    return expect


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                stat = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                kids.setdefault(int(stat[1]), []).append(int(entry))
    return kids


def tree_rss(root: int) -> int:
    """Resident bytes of a process and all its descendants (the pool's workers included)."""
    kids, total, todo = _children(), 0, [root]
    while todo:
        pid = todo.pop()
        with contextlib.suppress(OSError, IndexError, ValueError):
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        todo += kids.get(pid, [])
    return total
