"""A generated corpus of small plain-text briefings, and a way to run the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "corpus"

_COMPANIES = ["Hanmi Pharmaceutical", "Celltrion", "Yuhan", "GC Biopharma", "Daewoong", "SK bioscience"]
_SURNAMES = ["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Yoon", "Jang"]
_GIVEN = ["Min-jun", "Seo-yeon", "Ji-ho", "Ha-eun", "Do-hyun", "Su-bin", "Jae-won", "Yu-na"]


def write_corpus(folder: Path, n: int, start: int = 0) -> list[Path]:
    """n distinct briefings shaped like a wire service's plain-text dumps."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + n):
        company = _COMPANIES[i % len(_COMPANIES)]
        name = f"{_SURNAMES[i % len(_SURNAMES)]} {_GIVEN[(i // 8) % len(_GIVEN)]}"
        text = (
            f"Pharma Wire\n\n"
            f"{company} reports milestone number {i} for pipeline asset KB-{i:04d}\n\n"
            f"by Reporter Han Ji-min | 2025-{(i % 12) + 1:02d}-{(i % 27) + 1:02d} 08:00:00\n\n"
            f"{company} said on Tuesday that its candidate KB-{i:04d} met the main goal in a study of "
            f"{100 + i} patients.\n\n"
            f'"The data give us confidence for the next step," {name}, head of research at {company}, '
            "said.\n\n"
            f"The company plans to file for approval with the Ministry of Food and Drug Safety next year.\n"
        )
        p = folder / f"brief_{i:05d}.txt"
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths


def cli_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "kbio_tui.cli", *args]


def run_cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if k != "KBIO_INDEX"}
    full_env.update(env or {})
    return subprocess.run(
        cli_cmd(*args), capture_output=True, text=True, timeout=timeout, cwd=ROOT, env=full_env
    )
