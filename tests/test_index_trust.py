"""An index someone other than its owner could have written is refused before anything is unpickled.

Whoosh reads its table of contents with pickle: a planted TOC file is code run as every reader."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
from _index_helpers import make_article
from _pipeline_helpers import run_cli

from kbio_tui.errors import IndexUnavailableError
from kbio_tui.extract import extract
from kbio_tui.index import IndexWriter, open_reader


class _Payload:
    """Unpickling this creates a marker file: proof that a planted file was read."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


@pytest.fixture
def index(tmp_path: Path) -> Path:
    ix = tmp_path / "ix"
    with IndexWriter(ix) as writer:
        writer.add(extract(make_article(title="Plant opens", paragraphs=["The plant opened on Monday."])))
        writer.commit()
    return ix


def _plant_toc(ix: Path, marker: Path) -> Path:
    newest = max(int(p.stem.rsplit("_", 1)[1]) for p in ix.glob("_MAIN_*.toc"))
    planted = ix / f"_MAIN_{newest + 1}.toc"
    planted.write_bytes(pickle.dumps(_Payload(marker)))
    return planted


def test_a_planted_toc_in_a_group_writable_index_is_refused_unread(index: Path, tmp_path: Path) -> None:
    marker = tmp_path / "payload-ran"
    index.chmod(0o775)  # shared write through a group, as the README once suggested
    _plant_toc(index, marker)
    with pytest.raises(IndexUnavailableError, match="writable by its group"):
        open_reader(index)
    with pytest.raises(IndexUnavailableError, match="writable by its group"):
        IndexWriter(index)
    res = run_cli("search", "plant", "--index", str(index))
    assert res.returncode == 1 and "refusing to open the index" in res.stderr
    assert "Traceback" not in res.stderr
    assert not marker.exists()


def test_a_file_of_another_user_or_a_link_is_refused(index: Path, tmp_path: Path) -> None:
    marker = tmp_path / "payload-ran"
    planted = _plant_toc(index, marker)
    os.chown(planted, os.getuid() + 4242, -1)  # as root here; a real attacker is another account
    with pytest.raises(IndexUnavailableError, match="belongs to another user"):
        open_reader(index)
    planted.unlink()
    (index / "extra.seg").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(IndexUnavailableError, match="is a link"):
        open_reader(index)
    assert not marker.exists()


def test_an_owner_only_index_opens_and_a_deliberate_setup_can_be_trusted(index: Path, monkeypatch) -> None:
    assert open_reader(index).search("plant").total == 1
    for p in index.iterdir():
        p.chmod(p.stat().st_mode | 0o020)
    index.chmod(0o775)
    monkeypatch.setenv("KBIO_TRUST_INDEX", "1")
    assert open_reader(index).search("plant").total == 1


def test_creating_an_index_with_a_group_writable_umask_warns(tmp_path: Path) -> None:
    said: list[str] = []
    old = os.umask(0o002)
    try:
        with IndexWriter(tmp_path / "ix", on_message=said.append):
            pass
    finally:
        os.umask(old)
    assert any("umask (002)" in m for m in said)
    with pytest.raises(IndexUnavailableError, match="writable by its group"):
        open_reader(tmp_path / "ix")  # as the warning says
