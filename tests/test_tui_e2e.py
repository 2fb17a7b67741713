"""The installed ``kbio-tui`` in a real terminal (tmux), driven the way a user would drive it."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

KBIO = Path(sys.executable).parent / "kbio-tui"


class Terminal:
    """One tmux server of our own (its own socket), so nothing else running tmux is touched."""

    def __init__(self, socket: str) -> None:
        self.socket = socket

    def tmux(self, *args: str) -> str:
        out = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=20)
        if out.returncode != 0 and args[0] in ("new-session", "send-keys"):
            raise AssertionError(f"tmux {args[0]} failed: {out.stderr.strip()}")
        return out.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "kbio")

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.tmux("send-keys", "-t", "kbio", *(["-l"] if literal else []), *keys)

    def wait_still(self, quiet: float = 0.5, timeout: float = 15.0) -> str:
        """Until the screen stops changing: keys sent mid-start-up can be lost by the terminal layer."""
        deadline = time.monotonic() + timeout
        last, since = self.screen(), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.1)
            now = self.screen()
            if now != last:
                last, since = now, time.monotonic()
            elif time.monotonic() - since >= quiet:
                break
        return last

    def wait_for(self, check: Callable[[str], bool], what: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if check(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}; the terminal shows:\n{screen}")


@pytest.mark.slow
def test_installed_browser_in_tmux(tui_index: Path, tmp_path: Path) -> None:
    assert shutil.which("tmux"), "tmux is needed (.ci/run installs it)"
    assert KBIO.is_file(), f"{KBIO} is missing: install the project (pip install -e .)"
    status = tmp_path / "status"
    term = Terminal(f"kbio-e2e-{uuid.uuid4().hex[:8]}")
    # COLUMNS/LINES from the test process would override the tmux size inside Textual
    command = f"env -u COLUMNS -u LINES {KBIO} --index {tui_index} --no-mouse; echo $? > {status}"
    term.tmux(
        "new-session",
        "-d",
        "-s",
        "kbio",
        "-x",
        "80",
        "-y",
        "24",
        "-e",
        "TERM=xterm-256color",
        "-e",
        "SSH_CONNECTION=10.0.0.1 5000 10.0.0.2 22",
        command,
    )
    try:
        first = term.wait_for(
            lambda s: "5 latest articles" in s and "Kim Ji-won" in s and "Celadon Therapeutics" in s,
            "the first screen",
        )
        assert "Hanbit Biologics signs" in first
        assert "\x1b" not in first
        term.wait_still()

        # search -> facet -> article -> person -> quote -> Escape back to the filtered search
        term.keys("/")
        term.keys("hanbit", literal=True)
        term.keys("Enter")  # run now and move to the results
        term.wait_for(lambda s: "People in 3 matches" in s and "Kim Ji-won  3 art · 3 q" in s, "the facets")
        term.keys("F2")
        term.keys("Down")  # Lee Min-ho, quoted twice in one of the three
        term.keys("Enter")  # narrow the search to him
        term.wait_for(lambda s: "hanbit · Lee Min-ho × · 1 found" in s, "the filter in the Articles title")
        term.keys("F3")
        term.keys("Enter")  # read the article, in the lists' place at 80 columns
        term.wait_for(lambda s: "Article ━" in s and "hit 1 / " in s, "the article with its hit counter")
        term.keys("p")  # its people
        picker = term.wait_for(lambda s: "People and organisations in this article" in s, "the people")
        rows = [line for line in picker.splitlines() if re.search(r"\d q  ", line)]
        at = next(i for i, line in enumerate(rows) if "Lee Min-ho" in line)
        for _ in range(at):
            term.keys("Down")
        term.keys("Enter")
        term.wait_for(lambda s: "Lee Min-ho  Person" in s and "Quotes (2)" in s, "his page")
        term.keys("Enter")  # his newest quote, in its article (with the quote's own keys)
        term.wait_for(
            lambda s: "Quotes (2)" not in s and "Article ━" in s and "Copy quote" in s,
            "the quote in its article",
        )
        term.keys("Escape")
        term.wait_for(lambda s: "Quotes (2)" in s, "back on his page")
        term.keys("Escape")
        term.keys("Escape")  # out of the article: the filtered list again
        term.wait_for(
            lambda s: "hanbit · Lee Min-ho × · 1 found" in s and "People in 1 match" in s, "the filters"
        )
        term.keys("Escape")  # one filter less
        term.wait_for(lambda s: "Articles · hanbit · 3 found" in s, "the whole search again")

        term.keys("q")
        term.wait_for(lambda _s: status.exists(), "the app to exit", timeout=15)
        assert status.read_text().strip() == "0"
    except AssertionError as exc:
        exit_status = status.read_text().strip() if status.exists() else "still running"
        raise AssertionError(f"kbio-tui exit status: {exit_status}; {exc}") from None
    finally:
        term.tmux("kill-server")
