"""A folder nobody may write, even root: a tmpfs remounted read-only in a private mount namespace.

Tests run as root, which ignores permission bits, so a read-only mount is the one way to make a
write fail.  ``unshare`` gives the commands their own mount namespace: the mount is gone with them."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from _pipeline_helpers import ROOT


def run_read_only(
    mnt: Path, before: str, after: str, env: dict[str, str] | None = None, timeout: float = 240
) -> subprocess.CompletedProcess:
    """Mount a fresh tmpfs at ``mnt`` (an empty folder, ``$MNT`` in the scripts), run the bash
    ``before`` (writable), remount it read-only and run ``after``; stdout and stderr captured."""
    if shutil.which("unshare") is None:
        raise AssertionError("this test needs util-linux's `unshare`")
    prefix = ["unshare", "--mount", "--propagation", "private"]
    if os.geteuid() != 0:
        prefix.insert(1, "--map-root-user")
    mount = 'mount -t tmpfs -o size=16m kbio-test "$MNT"'
    script = f'set -u\n{mount}\n{before}\nmount -o remount,ro "$MNT"\n{after}\n'
    full_env = {**os.environ, **(env or {}), "MNT": str(mnt)}
    full_env.pop("KBIO_INDEX", None)
    return subprocess.run(
        [*prefix, "bash", "-c", script],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=ROOT,
        timeout=timeout,
    )
