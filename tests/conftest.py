"""Fixtures shared by the browser tests: one real index built from tests/fixtures/tui per session."""

from __future__ import annotations

from pathlib import Path

import pytest
from _tui_helpers import shared_index

from kbio_tui.index import open_reader


@pytest.fixture(autouse=True, scope="session")
def _own_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The suite never reads or writes the user's cache (e.g. the Whoosh probe's decision); child
    processes inherit the same folder."""
    import os

    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    # nor its saved searches and sessions (kbio_tui.saved)
    os.environ["XDG_STATE_HOME"] = str(tmp_path_factory.mktemp("xdg-state"))


@pytest.fixture(scope="session")
def tui_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shared_index(tmp_path_factory)


@pytest.fixture
def reader(tui_index: Path):
    """A reader on the shared browser index (index tests define their own ``reader``)."""
    r = open_reader(tui_index)
    yield r
    r.close()
