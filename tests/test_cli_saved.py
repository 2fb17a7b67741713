"""`kbio-tui saved` and `kbio-tui new` through real subprocesses: two users (two state folders) on
one index, what each has seen, --peek, --since, --json, and one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from _pipeline_helpers import cli_cmd, run_cli
from _saved_helpers import AGENCY, first_arrival, ingest, second_arrival

ALICE, BORIS = "alice", "boris"


class Desk:
    """One index, and a state folder per user."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.index = root / "ix"

    def run(self, user: str, *args: str):
        env = {"XDG_STATE_HOME": str(self.root / user / "state"), "HOME": str(self.root / user)}
        return run_cli(*args, "--index", str(self.index), env=env)

    def ok(self, user: str, *args: str):
        res = self.run(user, *args)
        assert res.returncode == 0, (args, res.stderr)
        assert res.stderr == "", res.stderr
        return res

    def counts(self, user: str) -> dict[str, tuple[int, int]]:
        rows = json.loads(self.ok(user, "saved", "list", "--json").stdout)["saved"]
        return {r["name"]: (r["new_articles"], r["new_quotes"]) for r in rows}


@pytest.fixture
def desk(tmp_path: Path) -> Desk:
    d = Desk(tmp_path)
    ingest(d.index, first_arrival())
    return d


def test_each_user_sees_what_arrived_since_they_last_looked(desk: Desk) -> None:
    desk.ok(ALICE, "saved", "add", "plants", "antibody plant")
    desk.ok(ALICE, "saved", "add", "agency", "", "--entity", AGENCY[0])
    assert desk.counts(ALICE) == {"plants": (0, 0), "agency": (0, 0)}
    assert desk.counts(BORIS) == {}
    ingest(desk.index, second_arrival())
    desk.ok(BORIS, "saved", "add", "plants", "antibody plant")  # saved after the arrival: none new
    assert desk.counts(ALICE) == {"plants": (1, 2), "agency": (2, 2)}
    assert desk.counts(BORIS) == {"plants": (0, 0)}

    # --peek shows and leaves them new
    peek = desk.ok(ALICE, "new", "plants", "--peek")
    assert "== plants (antibody plant): 1 new article, 2 quotes" in peek.stdout
    assert "Orion Bioworks opens antibody plant ahead of schedule" in peek.stdout
    assert "“We finished four months early,” — Baek Seung-ho" in peek.stdout
    assert desk.counts(ALICE)["plants"] == (1, 2)

    # new NAME marks that one seen, and only that one, and only for this user
    shown = desk.ok(ALICE, "new", "plants")
    assert shown.stdout == peek.stdout
    assert desk.counts(ALICE) == {"plants": (0, 0), "agency": (2, 2)}
    again = desk.ok(ALICE, "new", "plants")
    assert again.stdout == "== plants (antibody plant): nothing new\n"

    # new without names reports every saved search in the order saved, then all are seen
    everything = desk.ok(ALICE, "new").stdout.splitlines()
    assert everything[0] == "== plants (antibody plant): nothing new"
    assert everything[1] == "== agency (): 2 new articles, 2 quotes"
    assert desk.counts(ALICE) == {"plants": (0, 0), "agency": (0, 0)}

    # --since shows what arrived since a date and leaves the markers as they were
    since = desk.ok(ALICE, "new", "agency", "--since", "2000-01-01", "--json")
    assert json.loads(since.stdout)["searches"][0]["new_articles"] == 3
    assert json.loads(since.stdout)["marked_seen"] is False
    assert desk.counts(ALICE)["agency"] == (0, 0)


def test_new_json_shape(desk: Desk) -> None:
    desk.ok(ALICE, "saved", "add", "plants", "antibody plant")
    ingest(desk.index, second_arrival())
    out = json.loads(desk.ok(ALICE, "new", "--json", "--peek").stdout)
    assert set(out) == {"since", "marked_seen", "searches"}
    assert out["since"] is None and out["marked_seen"] is False
    (search,) = out["searches"]
    assert set(search) == {"name", "query", "entities", "since", "new_articles", "new_quotes", "articles"}
    assert (search["name"], search["query"], search["entities"]) == ("plants", "antibody plant", [])
    assert search["since"].endswith("Z") and (search["new_articles"], search["new_quotes"]) == (1, 2)
    (article,) = search["articles"]
    assert article["title"] == "Orion Bioworks opens antibody plant ahead of schedule"
    assert article["published"].startswith("2025-08-12") and article["ingested"].endswith("Z")
    assert [(q["speaker"], q["text"]) for q in article["quotes"]] == [
        ("Baek Seung-ho", "We finished four months early,"),
        ("Han Ji-woo", "The agency inspected it twice,"),
    ]
    assert {"article_id", "kind", "speaker_id", "url"} <= set(article["quotes"][0])
    marked = json.loads(desk.ok(ALICE, "new", "--json").stdout)
    assert marked["marked_seen"] is True and marked["searches"][0]["new_articles"] == 1
    assert json.loads(desk.ok(ALICE, "new", "--json").stdout)["searches"][0]["articles"] == []

    listed = json.loads(desk.ok(ALICE, "saved", "list", "--json").stdout)
    assert listed["index"] == str(desk.index.resolve())
    assert listed["state_file"].startswith(str(desk.root / ALICE / "state" / "kbio-tui" / "indexes"))
    (row,) = listed["saved"]
    assert set(row) == {
        "name",
        "query",
        "entities",
        "created",
        "last_seen",
        "seen_at",
        "new_articles",
        "new_quotes",
    }
    assert row["seen_at"] is not None


def test_saved_rm_and_bad_names(desk: Desk) -> None:
    desk.ok(ALICE, "saved", "add", "plants", "antibody plant")
    desk.ok(ALICE, "saved", "add", "deals", "supply deal")
    for args in [
        ("saved", "add", "plants", "something else"),  # taken
        ("saved", "add", "a/b", "x"),
        ("saved", "add", "x" * 65, "x"),
        ("saved", "add", " pad", "x"),
        ("saved", "rm", "nothing"),
        ("new", "plants", "nothing"),  # one unknown name: nothing is read or marked
        ("new", "--since", "last week"),
        ("saved", "add", "broken", '"antibody plant'),  # a query that needs an assumption
        ("saved", "add", "who", "x", "--entity", "person:nobody"),
    ]:
        res = desk.run(ALICE, *args)
        assert res.returncode == 2, (args, res.stdout, res.stderr)
        assert res.stderr.startswith("kbio-tui: ") and "Traceback" not in res.stderr, res.stderr
    assert desk.counts(ALICE) == {"plants": (0, 0), "deals": (0, 0)}
    assert desk.ok(ALICE, "saved", "rm", "plants").stdout == "removed 'plants': antibody plant\n"
    assert desk.counts(ALICE) == {"deals": (0, 0)}
    assert desk.ok(ALICE, "saved", "list").stdout.split() == [
        "deals",
        "0",
        "new",
        "0",
        "quotes",
        "supply",
        "deal",
    ]
    desk.ok(ALICE, "saved", "rm", "deals")
    assert "no saved searches" in desk.ok(ALICE, "new").stdout


def test_an_unwritable_state_folder_is_one_line(desk: Desk) -> None:
    blocker = desk.root / "blocked"
    blocker.write_text("a file, not a folder")
    env = {"XDG_STATE_HOME": str(blocker)}
    res = run_cli("saved", "add", "plants", "antibody", "--index", str(desk.index), env=env)
    assert res.returncode == 1
    assert res.stderr.count("\n") == 1 and "cannot write saved searches to" in res.stderr
    # reading needs no folder: nothing is saved
    res = run_cli("saved", "list", "--index", str(desk.index), env=env)
    assert res.returncode == 0 and "no saved searches" in res.stdout


def test_state_goes_to_the_home_state_folder_without_xdg_state_home(desk: Desk) -> None:
    env = {k: v for k, v in os.environ.items() if k != "XDG_STATE_HOME"}
    env["HOME"] = str(desk.root / "home")
    res = subprocess.run(
        cli_cmd("saved", "add", "plants", "antibody", "--index", str(desk.index)),
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert res.returncode == 0, res.stderr
    folder = desk.root / "home" / ".local" / "state" / "kbio-tui" / "indexes"
    assert len(list(folder.glob("*.json"))) == 1
    # nothing of it in the shared index
    assert {p.name for p in desk.index.iterdir() if p.suffix == ".json"} == {"kbio_meta.json"}
