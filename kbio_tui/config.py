"""Where things live.  A shared server sets KBIO_INDEX once for every SSH user."""

from __future__ import annotations

import os
from pathlib import Path

ENV_INDEX = "KBIO_INDEX"
PACKAGE_DIR = Path(__file__).resolve().parent
CHECKOUT_DIR = PACKAGE_DIR.parent


def _in_checkout() -> bool:
    return (CHECKOUT_DIR / "pyproject.toml").is_file() and (CHECKOUT_DIR / "seeds").is_dir()


def default_index_dir() -> Path:
    """``--index`` beats ``$KBIO_INDEX`` beats ``index/`` in the checkout (or the user data dir)."""
    env = os.environ.get(ENV_INDEX)
    if env:
        return Path(env).expanduser()
    if _in_checkout():
        return CHECKOUT_DIR / "index"
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "kbio-tui" / "index"


def resolve_index_dir(cli_value: str | os.PathLike[str] | None) -> Path:
    return Path(cli_value).expanduser() if cli_value else default_index_dir()


def seeds_dir() -> Path:
    """The bundled sample corpus used to build a first index."""
    return CHECKOUT_DIR / "seeds"
