"""The `kbio-tui` command end to end in a temp dir, through real subprocesses."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from _index_helpers import make_article
from _pipeline_helpers import FIXTURES, run_cli

from kbio_tui import __version__
from kbio_tui.index import IndexWriter


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path, str]:
    tmp = tmp_path_factory.mktemp("cli")
    corpus = tmp / "corpus"
    shutil.copytree(FIXTURES, corpus)
    ix = tmp / "ix"
    res = run_cli("ingest", str(corpus), "--index", str(ix), "--workers", "2")
    return corpus, ix, res


def test_version_and_help() -> None:
    res = run_cli("--version")
    assert (res.returncode, res.stdout.strip()) == (0, f"kbio-tui {__version__}")
    for sub in ([], ["ingest"], ["search"], ["export"], ["quotes"]):
        res = run_cli(*sub, "--help")
        assert res.returncode == 0 and res.stdout.startswith("usage: kbio-tui"), sub
        assert "--index" in res.stdout


def test_ingest_summary_and_exit_code(built) -> None:
    corpus, ix, res = built
    assert res.returncode == 1  # one corrupt JSON line failed
    lines = res.stdout.splitlines()
    assert lines[0] == "4 added, 0 updated, 0 unchanged, 2 skipped, 1 failed"
    assert f"  skipped: {corpus / 'empty.txt'}: empty file" in lines
    assert (
        f"  skipped: {corpus / 'press' / 'mirror_of_obesity_trial.txt'}: duplicate of "
        f"{corpus / 'kbr_obesity_trial.txt'}" in lines
    )
    assert any(line.startswith(f"  failed: {corpus / 'yonhap_wire.jsonl'} (line 2): ") for line in lines)
    again = run_cli(
        "ingest",
        str(corpus / "kbr_obesity_trial.txt"),
        str(corpus / "herald_cell_therapy.html"),
        "--index",
        str(ix),
    )
    assert again.returncode == 0
    assert again.stdout.splitlines() == ["0 added, 0 updated, 2 unchanged, 0 skipped, 0 failed"]


def test_search_json_and_text(built) -> None:
    _, ix, _ = built
    res = run_cli("search", "manufactur* -songdo", "--json", "--index", str(ix))
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["total"] == 2 and data["terms"] == ["manufactur"]
    titles = {h["title"] for h in data["hits"]}
    assert titles == {
        "Hanmi starts phase 3 trial of weekly obesity shot",
        "Seoul hospitals spin off cell therapy startups",
    }
    for hit in data["hits"]:
        assert hit["outlet"] and hit["published"]
        text = hit["snippet"]["text"]
        assert all(text[s:e].lower().startswith("manufactur") for s, e in hit["snippet"]["highlights"])
    res = run_cli("search", 'person:"jin-seok seo"', "--limit", "1", "--index", str(ix))
    assert res.returncode == 0
    out = res.stdout.splitlines()
    assert out[0] == "2 articles, showing 1"
    assert out[1].split()[2] == "Yonhap" and out[1].split()[1] in ("2026-02-10", "2026-01-05")
    assert len(out) == 3 and "Seo Jin-seok" in out[2]  # the snippet line


def test_export_matches_the_scorer_format(built, tmp_path: Path) -> None:
    _, ix, _ = built
    res = run_cli("export", "--index", str(ix))
    assert res.returncode == 0
    records = [json.loads(line) for line in res.stdout.splitlines()]
    assert len(records) == 4
    for rec in records:
        for key in (
            "source_file",
            "title",
            "author",
            "published",
            "outlet",
            "url",
            "deck",
            "captions",
            "body",
            "people",
            "organizations",
            "quotes",
            "entities",
        ):
            assert key in rec
        datetime.fromisoformat(rec["published"])
        assert all(set(p) >= {"name", "role", "org"} for p in rec["people"])
        assert all(set(q) >= {"speaker", "text", "kind", "start", "end"} for q in rec["quotes"])
    wire = next(r for r in records if r["title"].startswith("Celltrion wins"))
    assert wire["body"].split("\n\n")[0].startswith("Celltrion Inc. said Friday")
    assert any(q["speaker"] == "Seo Jin-seok" for q in wire["quotes"])
    out = tmp_path / "x.jsonl"
    res = run_cli("export", "--index", str(ix), "-o", str(out))
    assert res.returncode == 0 and out.read_text().splitlines() == [
        json.dumps(r, ensure_ascii=False) for r in records
    ]


def test_quotes_of_a_person_newest_first(built) -> None:
    _, ix, _ = built
    res = run_cli("quotes", "SEO jin-seok", "--json", "--index", str(ix))
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["person"]["name"] == "Seo Jin-seok"
    dates = [q["published"] for q in data["quotes"]]
    assert len(dates) == 2 and dates == sorted(dates, reverse=True)
    assert data["quotes"][0]["article_title"] == "Government to fund vaccine plants in Songdo"
    text = run_cli("quotes", "Jinseok Seo", "--index", str(ix))
    assert text.returncode == 0
    assert text.stdout.splitlines()[1].split()[:3] == ["2026-02-10", "Yonhap", "Government"]


def test_read_errors_are_one_line(built, tmp_path: Path) -> None:
    _, ix, _ = built
    cases = [
        (("search", "x", "--index", str(tmp_path / "none")), 1, "kbio-tui: no index at"),
        (("search", "NOT", "--index", str(ix)), 2, "kbio-tui: bad query: NOT needs a word after it"),
        (("search", "a*", "--index", str(ix)), 2, "kbio-tui: bad query: prefix 'a*' is too short"),
        (("quotes", "Nobody Here", "--index", str(ix)), 1, "kbio-tui: no person named 'Nobody Here'"),
        (("export", "--index", str(tmp_path / "none")), 1, "kbio-tui: no index at"),
    ]
    for args, code, start in cases:
        res = run_cli(*args)
        assert res.returncode == code, (args, res.stderr)
        assert len(res.stderr.splitlines()) == 1 and res.stderr.startswith(start), res.stderr
        assert "Traceback" not in res.stderr


def test_schema_mismatch_and_env_index(tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    with IndexWriter(ix) as w:
        w.add(make_article("Lone briefing on vaccines", ["A vaccine story."], source="/c/v.txt"))
        w.commit()
    res = run_cli("search", "vaccines", "--json", env={"KBIO_INDEX": str(ix)})
    assert res.returncode == 0 and json.loads(res.stdout)["total"] == 1
    (ix / "kbio_meta.json").write_text('{"schema_version": 0}')
    res = run_cli("search", "vaccines", "--index", str(ix))
    assert res.returncode == 1
    assert "rebuild it with `kbio-tui ingest --rebuild" in res.stderr and len(res.stderr.splitlines()) == 1


def test_article_text_cannot_drive_the_terminal(tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    hostile = make_article(
        "Evil \x1b]52;c;ZXZpbA==\x07 title [bold red]markup[/] \x1b[2J",
        [
            "A biosimilar paragraph with \x1b[31mred\x1b[0m text, a bell \x07 and "
            "[link=http://x]a link[/link]."
        ],
        source="/c/evil.txt",
        outlet="[blink]Outlet[/blink]",
    )
    with IndexWriter(ix) as w:
        w.add(hostile)
        w.commit()
    res = run_cli("search", "biosimilar", "--index", str(ix))
    assert res.returncode == 0
    assert "\x1b" not in res.stdout and "\x07" not in res.stdout
    assert "[bold red]markup[/]" in res.stdout and "[blink]Outlet[/blink]" in res.stdout
    assert "[link=http://x]a link[/link]" in res.stdout


def test_no_command_builds_from_seeds_then_opens_the_browser(tmp_path: Path, monkeypatch) -> None:
    import kbio_tui.tui.app as app_module
    from kbio_tui.cli import main

    calls = []
    monkeypatch.setattr(
        app_module, "run_app", lambda index_dir, *, mouse=True, **_: calls.append((index_dir, mouse)) or 0
    )
    monkeypatch.setenv("KBIO_INDEX", str(tmp_path / "ix"))
    assert main(["--no-mouse"]) == 0
    assert calls == [(tmp_path / "ix", False)]
    from kbio_tui.index import open_reader

    assert open_reader(tmp_path / "ix").stats().articles == 2  # the bundled seeds
    assert main([]) == 0 and calls[-1] == (tmp_path / "ix", True)


def test_ambiguous_name_lists_the_candidates(tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    kims = [
        ("person:kim-min-ji", "Kim Min-ji", "CEO", "Yuhan"),
        ("person:kim-tae-ho", "Kim Tae-ho", "CFO", "GC"),
    ]
    with IndexWriter(ix) as w:
        for i, person in enumerate(kims):
            w.add(
                make_article(
                    f"Briefing {i} on earnings",
                    [f"{person[1]} said profits rose."],
                    source=f"/c/{i}.txt",
                    people=[person],
                )
            )
        w.commit()
    res = run_cli("quotes", "kim", "--index", str(ix))
    assert res.returncode == 1
    lines = res.stderr.splitlines()
    assert lines[0] == "kbio-tui: 'kim' matches 2 people; give the full name or an id:"
    assert sorted(line.split()[0] for line in lines[1:]) == ["person:kim-min-ji", "person:kim-tae-ho"]
    assert run_cli("quotes", "person:kim-tae-ho", "--index", str(ix)).returncode == 0


def test_summary_lists_failures_first_and_caps_the_list() -> None:
    from kbio_tui.cli import summarize
    from kbio_tui.models import IngestOutcome, IngestStatus

    outcomes = [
        IngestOutcome(source=f"/in/{i}.txt", status=IngestStatus.SKIPPED, reason="empty file")
        for i in range(60)
    ]
    outcomes.append(
        IngestOutcome(source="/in/bad\x1b[2J.json", status=IngestStatus.FAILED, reason="invalid JSON")
    )
    lines = summarize(outcomes)
    assert lines[0] == "0 added, 0 updated, 0 unchanged, 60 skipped, 1 failed"
    assert lines[1] == "  failed: /in/bad\N{REPLACEMENT CHARACTER}[2J.json: invalid JSON"
    assert len(lines) == 52 and lines[-1] == "  ... and 11 more skipped or failed (use --all to list them)"


@pytest.mark.parametrize(
    ("query", "said"),
    [
        (
            '"subcutaneous infliximab',
            'kbio-tui: bad query: no closing ": assumed one at the end of the query',
        ),
        ("(celltrion OR hanmi", "kbio-tui: bad query: no closing ): assumed one at the end"),
        ("celltrion)", "kbio-tui: bad query: a ) with no ( was ignored"),
        ("companyname:celltrion", "kbio-tui: bad query: companyname: is not a field, searched as words"),
    ],
)
def test_a_malformed_query_is_searched_but_says_so_and_exits_2(built, query: str, said: str) -> None:
    """What was assumed goes to stderr in one 80-column line; the results still print; exit 2 lets a
    script notice that the query was not taken as written (text and JSON alike)."""
    _, ix, _ = built
    res = run_cli("search", query, "--index", str(ix))
    assert res.returncode == 2, res.stderr
    assert res.stderr.splitlines() == [said] and len(said) <= 80
    assert (
        res.stdout.splitlines()[0].endswith(("article", "articles"))
        or "showing" in res.stdout.splitlines()[0]
    )
    data = run_cli("search", query, "--json", "--index", str(ix))
    assert data.returncode == 2
    assert json.loads(data.stdout)["assumed"] == [said.removeprefix("kbio-tui: bad query: ")]
    fine = run_cli("search", "celltrion", "--json", "--index", str(ix))
    assert fine.returncode == 0 and json.loads(fine.stdout)["assumed"] == []
