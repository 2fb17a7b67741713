"""Files kbio-tui writes cannot be redirected by a planted link, and CSV cells are never formulas."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

from _index_helpers import make_article
from _pipeline_helpers import run_cli

from kbio_tui.extract import extract
from kbio_tui.index import IndexWriter
from kbio_tui.index.api import QuoteHit
from kbio_tui.models import QuoteKind
from kbio_tui.tui.citation import export_quotes, quotes_csv


def _hit(title: str, text: str) -> QuoteHit:
    return QuoteHit(
        article_id="a1", article_title=title, kind=QuoteKind.DIRECT, text=text, speaker="-Nobody",
        start=0, end=1, sentence_start=0, sentence_end=1,
    )  # fmt: skip


def test_csv_cells_that_a_spreadsheet_would_run_are_text() -> None:
    hits = [_hit('=HYPERLINK("http://evil.example","click")', "+1 for the plan"), _hit("@x", "ok")]
    body = quotes_csv(hits)
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[1][0] == "'-Nobody" and rows[1][2] == "'+1 for the plan"
    assert rows[1][3] == '\'=HYPERLINK("http://evil.example","click")'
    assert rows[2][3] == "'@x" and rows[2][2] == "ok"


def test_a_quotes_export_replaces_a_planted_link_instead_of_writing_through_it(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    target = tmp_path / "kim-quotes.md"
    target.symlink_to(victim)
    export_quotes(target, "Kim", [_hit("Title", "We will grow.")])
    assert victim.read_text(encoding="utf-8") == "precious"
    assert not target.is_symlink() and "We will grow." in target.read_text(encoding="utf-8")


def test_export_o_never_writes_through_planted_links(tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    with IndexWriter(ix) as writer:
        writer.add(extract(make_article(title="Plant opens", paragraphs=["The plant opened on Monday."])))
        writer.commit()
    victims = [tmp_path / "victim1.txt", tmp_path / "victim2.txt"]
    for v in victims:
        v.write_text("precious", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    (tmp_path / ".out.jsonl.tmp").symlink_to(victims[0])  # the old fixed temp name
    out.symlink_to(victims[1])
    res = run_cli("export", "--index", str(ix), "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert [v.read_text(encoding="utf-8") for v in victims] == ["precious", "precious"]
    assert not out.is_symlink() and "Plant opens" in out.read_text(encoding="utf-8")
    assert oct(out.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    old = os.umask(0)
    os.umask(old)
    return old


def test_odd_file_names_are_ingested_and_never_reach_the_terminal_raw(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    body = b"Plant to open in spring\n\nHanmi said on Monday that the plant would open in spring.\n"
    names = [b"bad\xff\xfename.txt", "rtl\u202etxt.exe.txt".encode(), "csi\u009b31m.txt".encode()]
    for i, name in enumerate(names):
        with open(os.path.join(os.fsencode(corpus), name), "wb") as f:
            f.write(body.replace(b"Hanmi", f"Hanmi{i}".encode()))
    (corpus / "empty\u202e.txt").write_bytes(b"")
    ix = tmp_path / "ix"
    first = run_cli("ingest", str(corpus), "--index", str(ix))
    assert first.returncode == 0, first.stdout + first.stderr
    assert first.stdout.splitlines()[0] == "3 added, 0 updated, 0 unchanged, 1 skipped, 0 failed"
    again = run_cli("ingest", str(corpus), "--index", str(ix))
    assert again.stdout.splitlines()[0] == "0 added, 0 updated, 3 unchanged, 1 skipped, 0 failed"
    outputs = [
        first.stdout,
        run_cli("search", "--json", "plant", "--index", str(ix)).stdout,
        run_cli("search", "plant", "--index", str(ix)).stdout,
        run_cli("export", "--index", str(ix)).stdout,
    ]
    for out in outputs:
        assert "\u202e" not in out and "\u009b" not in out and "\x1b" not in out
    exported = [json.loads(line)["source_file"] for line in outputs[3].splitlines()]
    assert any(name.endswith("bad\\xff\\xfename.txt") for name in exported)
    assert any(name.endswith("rtl\u202etxt.exe.txt") for name in exported)  # the data itself is kept


def test_links_out_of_a_scrape_folder_are_not_followed_unless_asked(tmp_path: Path) -> None:
    private = tmp_path / "private"
    private.mkdir()
    (private / "salaries.txt").write_text(
        "Board pay review\n\nThe board agreed on Monday that the chief executive's pay would rise sharply.\n",
        encoding="utf-8",
    )
    scrapes = tmp_path / "scrapes"
    (scrapes / "sub").mkdir(parents=True)
    story = "Plant opens\n\nHanmi said on Monday that its new plant had opened ahead of schedule.\n"
    (scrapes / "story.txt").write_text(story, encoding="utf-8")
    (scrapes / "sub" / "looks-like-news.txt").symlink_to(private / "salaries.txt")
    (scrapes / "sub" / "inside.txt").symlink_to(scrapes / "story.txt")  # a link inside the folder is fine
    ix = tmp_path / "ix"
    res = run_cli("ingest", str(scrapes), "--index", str(ix))
    assert res.returncode == 0, res.stderr
    assert "a link to a file outside the folder" in res.stdout
    assert run_cli("search", "salaries OR pay", "--index", str(ix)).stdout.startswith("0 articles")
    followed = run_cli("ingest", str(scrapes), "--index", str(ix), "--follow-links")
    assert followed.stdout.splitlines()[0].startswith("1 added")
    assert not run_cli("search", "pay", "--index", str(ix)).stdout.startswith("0 articles")


def test_an_unreadable_sub_folder_is_reported_and_fails_the_run(tmp_path: Path, monkeypatch) -> None:
    from kbio_tui.pipeline import ingest_paths

    scrapes = tmp_path / "scrapes"
    (scrapes / "locked").mkdir(parents=True)
    (scrapes / "locked" / "hidden.txt").write_text("Hidden\n\nHanmi said it would open.\n", encoding="utf-8")
    story = "Plant opens\n\nHanmi said on Monday that its new plant had opened ahead of schedule.\n"
    (scrapes / "story.txt").write_text(story, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path):  # root ignores permissions, so the refusal is simulated where os.walk reads
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    outcomes = ingest_paths([scrapes], tmp_path / "ix", workers=1)
    by_status = {o.status.value: o for o in outcomes}
    assert by_status["added"].source.endswith("story.txt")
    failed = by_status["failed"]
    assert failed.source.endswith("locked") and failed.reason == "cannot read folder: Permission denied"
