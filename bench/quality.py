"""Extraction and cleaning quality on every labelled set, through the real commands a user runs.

    python bench/quality.py [--sets seeds,ggt,realdev,heldout,heldout2,heldout3] [--problems]

For each set: ``kbio-tui ingest DIR --index TMP`` then ``kbio-tui export --index TMP``, scored by
``../shared/tools/score_extraction.py``, one line per set. The real Korean-biopharma pages
(``realdev``) are read from ``realdev_text`` in the system temp dir, where the developers' brief has
them rebuilt each session (they are never stored in the repository); the set is skipped with a note
when they are absent. ``--problems`` prints every problem the scorer lists.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SCORER = SHARED / "tools" / "score_extraction.py"
FIXTURES = REPO / "tests" / "fixtures"
SETS: dict[str, tuple[Path, Path]] = {
    "seeds": (REPO / "seeds", SHARED / "gold" / "seeds.gold.json"),
    "ggt": (SHARED / "ggt-dev" / "texts", SHARED / "ggt-dev" / "gold.json"),
    "ggt-allpeople": (SHARED / "ggt-dev" / "texts", SHARED / "ggt-dev" / "gold_allpeople.json"),
    "realdev": (Path(tempfile.gettempdir()) / "realdev_text", SHARED / "realdev" / "labels.json"),
    "heldout": (FIXTURES / "heldout", FIXTURES / "heldout" / "heldout.gold.json"),
    "heldout2": (FIXTURES / "heldout2", FIXTURES / "heldout2" / "heldout2.gold.json"),
    "heldout3": (FIXTURES / "heldout3", FIXTURES / "heldout3" / "heldout3.gold.json"),
}
SHOWN = (
    "quotes_f1", "quote_detection_f1", "people_f1", "people_role_ok", "people_org_ok", "indirect_recall",
    "title_ok", "date_ok", "outlet_ok", "author_ok", "junk_left",
)  # fmt: skip


def _kbio() -> list[str]:
    return [sys.executable, "-m", "kbio_tui.cli"]


def score(name: str, texts: Path, gold: Path, work: Path) -> dict:
    index = work / name
    ingest = subprocess.run(
        [*_kbio(), "ingest", str(texts), "--index", str(index)], capture_output=True, text=True, check=False
    )
    if ingest.returncode not in (0, 1):  # 1: some input failed, which the scorer then counts as missing
        raise SystemExit(f"{name}: ingest failed ({ingest.returncode}): {ingest.stderr[-400:]}")
    export = subprocess.run(
        [*_kbio(), "export", "--index", str(index)], capture_output=True, text=True, check=True
    )
    out = work / f"{name}.jsonl"
    out.write_text(export.stdout, encoding="utf-8")
    scored = subprocess.run(
        [sys.executable, str(SCORER), str(out), str(gold), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(scored.stdout)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--problems", action="store_true")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.sets.split(","):
            texts, gold = SETS[name]
            if not texts.is_dir() or not any(texts.iterdir()):
                print(f"{name}: no texts at {texts} (rebuild them as the developers' brief says); not scored")
                continue
            result = score(name, texts, gold, Path(tmp))
            line = " ".join(f"{k}={result[k]}" for k in SHOWN if result.get(k) not in (None, "0/0"))
            print(f"{name}: {line}")
            if args.problems:
                for problem in result["problems"]:
                    print(f"  - {problem}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
