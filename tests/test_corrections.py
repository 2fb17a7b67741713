"""Corrections that stick (issue 19): made with `kbio-tui correct`, seen by another reader process,
kept through a re-ingest, `ingest --rebuild`, `compact` and a later article, undone by `correct undo`.

The articles are briefings of our own, run through the real extractor (which keeps "Lee Seung-hoon"
and "Rhee Seung-hoon" apart and takes "an Industry Professional" for a person).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from _pipeline_helpers import ROOT, cli_cmd, run_cli
from _read_only import run_read_only

from kbio_tui.corrections import LOG_NAME, read_records
from kbio_tui.index import open_reader

LEE, RHEE, PRO = "person:lee-seunghoon", "person:rhee-seunghoon", "person:professional-industry"
HANBIT = "org:hanbit-therapeutics"

ARTICLES = {
    "a1.txt": (
        "Hanbit Therapeutics opens antibody plant in Songdo",
        "2025-11-03",
        "Hanbit Therapeutics said on Monday that it had finished building an antibody plant in Songdo.\n\n"
        '"We can now make our own antibodies at scale," Lee Seung-hoon, chief executive of Hanbit '
        "Therapeutics, said.\n\nThe plant will start commercial runs in the spring, the company said.",
    ),
    "a2.txt": (
        "Hanbit Therapeutics wins approval for its arthritis drug",
        "2025-12-08",
        "Hanbit Therapeutics said on Monday that regulators had approved its arthritis drug.\n\n"
        '"This approval rewards ten years of patient work," Rhee Seung-hoon, chief executive of Hanbit '
        'Therapeutics, said.\n\n"Patients told us what they needed," an Industry Professional said at the '
        "briefing.",
    ),
}
LATER = {
    "a3.txt": (
        "Hanbit Therapeutics plans a listing in Seoul",
        "2026-02-02",
        "Hanbit Therapeutics said on Monday that it would seek a listing on the Seoul bourse next year.\n\n"
        '"Public money will pay for our second plant," Rhee Seung-hoon, chief executive of Hanbit '
        "Therapeutics, said.",
    )
}


def write(folder: Path, articles: dict[str, tuple[str, str, str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (title, day, body) in articles.items():
        text = f"Bio Daily\n\n{title}\n\nby Reporter Min Seo-yeon | {day} 09:00:00\n\n{body}\n"
        (folder / name).write_text(text, encoding="utf-8")


def ok(*args: str) -> subprocess.CompletedProcess:
    res = run_cli(*args)
    assert res.returncode == 0, (args, res.stdout, res.stderr)
    return res


PROBE = textwrap.dedent(
    """
    import json, sys
    from kbio_tui.index import open_reader
    from kbio_tui.models import EntityType
    r = open_reader(sys.argv[1])
    out = {"entities": {}, "articles": {}, "find": {}}
    for e in r.entities(limit=100):
        out["entities"][e.id] = {
            "name": e.name, "type": e.type.value, "aliases": sorted(e.aliases), "roles": e.roles,
            "articles": e.article_count, "quotes": e.quote_count,
            "quoted": sorted(q.id for q in r.quotes_by(e.id)),
            "mentioned_in": sorted(a.title for a in r.articles_mentioning(e.id)),
        }
    for a in r.iter_articles():
        out["articles"][a.title] = {
            "people": sorted(e.id for e in a.entities if e.type == EntityType.PERSON),
            "quotes": {
                f"{a.id}.{q.start}": [q.speaker_id, q.speaker, q.speaker_kind.value] for q in a.quotes
            },
        }
    for name in sys.argv[2:]:
        out["find"][name] = [e.id for e in r.find_entities(name)]
    print(json.dumps(out))
    """
)


def probe(ix: Path, *names: str) -> dict[str, Any]:
    """What another process reading the index sees."""
    res = subprocess.run(
        [sys.executable, "-c", PROBE, str(ix), *names], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def quote_of(state: dict[str, Any], title_word: str, speaker: str) -> str:
    for title, a in state["articles"].items():
        if title_word in title:
            return next(qid for qid, (sid, _, _) in a["quotes"].items() if sid == speaker)
    raise AssertionError(f"no quote by {speaker} in an article about {title_word}")


@pytest.fixture
def desk(tmp_path: Path) -> tuple[Path, Path]:
    corpus, ix = tmp_path / "corpus", tmp_path / "ix"
    write(corpus, ARTICLES)
    ok("ingest", str(corpus), "--index", str(ix), "--workers", "1")
    return corpus, ix


def survives(corpus: Path, ix: Path, check, *names: str) -> None:
    """``check`` holds in another process now, after re-ingesting the same files, after a rebuild,
    after compact, and (with a later article that names Rhee Seung-hoon) after a new ingest."""
    check(probe(ix, *names), later=False)
    ok("ingest", str(corpus), "--index", str(ix), "--workers", "1")
    check(probe(ix, *names), later=False)
    ok("ingest", str(corpus), "--index", str(ix), "--workers", "1", "--rebuild")
    check(probe(ix, *names), later=False)
    ok("compact", "--index", str(ix))
    check(probe(ix, *names), later=False)
    write(corpus, LATER)
    ok("ingest", str(corpus), "--index", str(ix), "--workers", "1")
    check(probe(ix, *names), later=True)


def undo_last(ix: Path) -> None:
    last = read_records(ix)[-1]["id"]
    res = ok("correct", "undo", last, "--index", str(ix))
    assert res.stdout.startswith("recorded ") and f"undo {last}" in res.stdout


def test_merge_sticks_and_applies_to_a_later_article_and_undo_restores(desk) -> None:
    corpus, ix = desk
    before = probe(ix)
    assert {LEE, RHEE} <= set(before["entities"])
    res = ok("correct", "merge", "Lee Seung-hoon", "Rhee Seung-hoon", "--index", str(ix))
    assert "merge Rhee Seung-hoon (person:rhee-seunghoon) into Lee Seung-hoon" in res.stdout

    def check(state: dict[str, Any], later: bool) -> None:
        ents = state["entities"]
        assert RHEE not in ents
        lee = ents[LEE]
        assert lee["name"] == "Lee Seung-hoon" and "Rhee Seung-hoon" in lee["aliases"]
        assert (lee["articles"], lee["quotes"], len(lee["quoted"])) == ((3, 3, 3) if later else (2, 2, 2))
        assert len(lee["mentioned_in"]) == lee["articles"]
        assert state["find"]["Rhee Seung-hoon"] == [LEE]
        for a in state["articles"].values():
            assert RHEE not in a["people"]
            assert all(sid != RHEE for sid, _, _ in a["quotes"].values())
        listing = next(a for t, a in state["articles"].items() if "listing" in t) if later else None
        if listing is not None:
            assert [LEE, "Lee Seung-hoon", "person"] in listing["quotes"].values()

    survives(corpus, ix, check, "Rhee Seung-hoon")
    # quotes and export, from the CLI, say the same
    quotes = json.loads(ok("quotes", "Rhee Seung-hoon", "--index", str(ix), "--json").stdout)
    assert quotes["person"]["id"] == LEE and len(quotes["quotes"]) == 3
    assert all(q["id"] == f"{q['article_id']}.{q['start']}" for q in quotes["quotes"])
    export = [json.loads(line) for line in ok("export", "--index", str(ix)).stdout.splitlines()]
    assert not any(p["id"] == RHEE for a in export for p in a["people"])
    undo_last(ix)
    after = probe(ix)
    assert after["entities"][RHEE]["quotes"] == 2 and after["entities"][LEE]["quotes"] == 1


def test_split_by_alias_and_by_article(desk) -> None:
    corpus, ix = desk
    ok("correct", "merge", "Lee Seung-hoon", "Rhee Seung-hoon", "--index", str(ix))
    res = ok("correct", "split", "Lee Seung-hoon", "--alias", "Rhee Seung-hoon", "--index", str(ix))
    new = f"{LEE}~rhee-seung-hoon"
    assert new in res.stdout

    def check(state: dict[str, Any], later: bool) -> None:
        ents = state["entities"]
        assert ents[new]["name"] == "Rhee Seung-hoon"
        assert ents[new]["quotes"] == (2 if later else 1) and ents[LEE]["quotes"] == 1
        assert "Rhee Seung-hoon" not in ents[LEE]["aliases"]
        assert state["find"]["Rhee Seung-hoon"] == [new]

    survives(corpus, ix, check, "Rhee Seung-hoon")
    undo_last(ix)
    assert probe(ix)["entities"][LEE]["quotes"] == 3

    # by article: the approval story's Rhee Seung-hoon is someone else than the listing story's
    state = probe(ix)
    article = quote_of(state, "approval", LEE).split(".")[0]
    ok("correct", "split", "Rhee Seung-hoon", "--article", article, "--index", str(ix))
    split = f"{LEE}~{article[:8]}"
    after = probe(ix)
    assert after["entities"][split]["quoted"] == [quote_of(state, "approval", LEE)]
    assert after["entities"][split]["mentioned_in"] == [
        "Hanbit Therapeutics wins approval for its arthritis drug"
    ]
    assert after["entities"][LEE]["quotes"] == 2
    undo_last(ix)
    assert split not in probe(ix)["entities"]


def test_rename_sticks_and_finds_the_new_name(desk) -> None:
    corpus, ix = desk
    ok(
        "correct", "rename", "Lee Seung-hoon", "--name", "Lee Seung-hun", "--role", "chairman",
        "--index", str(ix),
    )  # fmt: skip

    def check(state: dict[str, Any], later: bool) -> None:
        lee = state["entities"][LEE]
        assert lee["name"] == "Lee Seung-hun" and lee["roles"][0] == "chairman"
        assert "Lee Seung-hoon" in lee["aliases"]
        assert state["find"]["Lee Seung-hun"] == [LEE]
        plant = next(a for t, a in state["articles"].items() if "plant" in t)
        assert [LEE, "Lee Seung-hun", "person"] in plant["quotes"].values()

    survives(corpus, ix, check, "Lee Seung-hun")
    undo_last(ix)
    assert probe(ix)["entities"][LEE]["name"] == "Lee Seung-hoon"


def test_drop_and_retype(desk) -> None:
    corpus, ix = desk
    ok("correct", "drop", "Industry Professional", "--index", str(ix))

    def dropped(state: dict[str, Any], later: bool) -> None:
        assert PRO not in state["entities"]
        approval = next(a for t, a in state["articles"].items() if "approval" in t)
        assert PRO not in approval["people"]
        assert [None, "Industry Professional", "anonymous"] in approval["quotes"].values()

    survives(corpus, ix, dropped)
    undo_last(ix)
    assert probe(ix)["entities"][PRO]["quotes"] == 1
    ok("correct", "retype", "Industry Professional", "org", "--index", str(ix))
    state = probe(ix)
    assert PRO not in state["entities"]
    assert state["entities"]["org:professional-industry"]["type"] == "org"
    approval = next(a for t, a in state["articles"].items() if "approval" in t)
    assert ["org:professional-industry", "Industry Professional", "organization"] in approval[
        "quotes"
    ].values()


def test_speaker_reassign_anonymous_and_not_a_quote(desk) -> None:
    corpus, ix = desk
    state = probe(ix)
    plant_quote = quote_of(state, "plant", LEE)
    approval_quote = quote_of(state, "approval", RHEE)
    pro_quote = quote_of(state, "approval", PRO)
    # the quote ids `kbio-tui quotes` prints are what `correct speaker` takes
    assert plant_quote in ok("quotes", "Lee Seung-hoon", "--index", str(ix)).stdout
    ok("correct", "speaker", plant_quote, "Hanbit Therapeutics", "--index", str(ix))
    ok("correct", "speaker", approval_quote, "--anonymous", "--index", str(ix))
    ok("correct", "speaker", pro_quote, "--not-a-quote", "--index", str(ix))

    def check(state: dict[str, Any], later: bool) -> None:
        ents = state["entities"]
        assert LEE not in ents or (ents[LEE]["quotes"] == 0 and ents[LEE]["quoted"] == [])
        assert pro_quote not in ents.get(PRO, {}).get("quoted", [])
        assert plant_quote in ents[HANBIT]["quoted"]
        assert ents[RHEE]["quotes"] == (1 if later else 0)
        quotes = {qid: v for a in state["articles"].values() for qid, v in a["quotes"].items()}
        assert quotes[plant_quote] == [HANBIT, "Hanbit Therapeutics", "organization"]
        assert quotes[approval_quote] == [None, None, "anonymous"]
        assert pro_quote not in quotes

    survives(corpus, ix, check)
    undo_last(ix)
    quotes = {qid for a in probe(ix)["articles"].values() for qid in a["quotes"]}
    assert pro_quote in quotes


def test_list_json_and_undo_of_an_undo(desk) -> None:
    _corpus, ix = desk
    ok("correct", "drop", "Industry Professional", "--index", str(ix))
    undo_last(ix)
    undo_last(ix)  # undoing the undo drops it again
    listing = json.loads(ok("correct", "list", "--json", "--index", str(ix)).stdout)
    rows = listing["corrections"]
    assert listing["log"] == str(ix / LOG_NAME)
    assert [r["kind"] for r in rows] == ["drop", "undo", "undo"]
    assert [r["undone"] for r in rows] == [False, True, False]
    assert all(r["user"] and r["time"].endswith("+00:00") for r in rows)
    assert PRO not in probe(ix)["entities"]
    text = ok("correct", "list", "--index", str(ix)).stdout
    assert "drop Industry Professional (person:professional-industry)" in text


def test_a_reader_picks_corrections_up_on_refresh(desk) -> None:
    _corpus, ix = desk
    reader = open_reader(ix)
    try:
        assert reader.entity(RHEE) is not None
        ok("correct", "merge", "Lee Seung-hoon", "Rhee Seung-hoon", "--index", str(ix))
        assert reader.refresh() is True
        merged = reader.entity(RHEE)
        assert merged is not None and merged.id == LEE and merged.quote_count == 2
        assert reader.refresh() is False
    finally:
        reader.close()


def test_unknown_and_ambiguous_names_are_one_line(desk) -> None:
    _corpus, ix = desk
    res = run_cli("correct", "merge", "Lee Seunghon", "Rhee Seung-hoon", "--index", str(ix))
    assert res.returncode == 2
    assert res.stderr.strip().splitlines() == [
        "kbio-tui: no person or organisation named 'Lee Seunghon' in the index; "
        "did you mean Lee Seung-hoon (person:lee-seunghoon), Rhee Seung-hoon (person:rhee-seunghoon)"
    ]
    res = run_cli("correct", "speaker", "nope.12", "--anonymous", "--index", str(ix))
    assert res.returncode == 2 and "no quote 'nope.12'" in res.stderr and "Traceback" not in res.stderr
    res = run_cli("correct", "undo", "ffffffff", "--index", str(ix))
    assert res.returncode == 2 and res.stderr.count("\n") == 1
    assert not (ix / LOG_NAME).exists()


APPENDER = textwrap.dedent(
    """
    import sys
    from kbio_tui.corrections import Kind, append
    for i in range(int(sys.argv[3])):
        role = sys.argv[2] + str(i)
        append(sys.argv[1], Kind.RENAME, {"entity": "person:x", "role": role, "pad": "x" * 900})
    """
)


def test_two_processes_appending_at_once_lose_nothing(tmp_path: Path) -> None:
    n = 300
    procs = [
        subprocess.Popen([sys.executable, "-c", APPENDER, str(tmp_path), who, str(n)], cwd=ROOT)
        for who in ("a", "b")
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    lines = (tmp_path / LOG_NAME).read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]  # no torn or interleaved line
    roles = {r["args"]["role"] for r in records}
    assert len(records) == 2 * n and roles == {f"{w}{i}" for w in "ab" for i in range(n)}
    assert len({r["id"] for r in records}) == 2 * n


def test_a_log_nobody_may_write_gets_one_line(tmp_path: Path) -> None:
    """Root ignores permissions, so the index sits on a tmpfs remounted read-only in a private mount
    namespace (as tests/test_shared_server.py does)."""
    write(tmp_path / "corpus", ARTICLES)
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    kbio = " ".join(cli_cmd())
    before = f"""
        {kbio} ingest "$CORPUS" --index "$MNT/ix" --workers 1 >/dev/null || exit 9
        {kbio} correct drop "Industry Professional" --index "$MNT/ix" >/dev/null || exit 8
    """
    after = f"""
        {kbio} correct merge "Lee Seung-hoon" "Rhee Seung-hoon" --index "$MNT/ix"
        echo "exit=$?"
        {kbio} correct list --index "$MNT/ix" | wc -l
    """
    res = run_read_only(mnt, before, after, env={"CORPUS": str(tmp_path / "corpus")})
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith(
        f"kbio-tui: cannot record a correction: {mnt}/ix/{LOG_NAME} is not writable by "
    )
    assert res.stdout.split() == ["exit=1", "1"]


def test_a_line_broken_by_hand_is_left_out_and_the_rest_read(tmp_path: Path) -> None:
    good = [
        {"id": f"r{i}", "kind": "drop", "args": {"entity": f"person:p{i}"}, "user": "u", "time": "t"}
        for i in range(3)
    ]
    lines = [json.dumps(good[0]), '{"id": "x", "kind": "drop", "args": {"ent', "", json.dumps(good[1])]
    lines += [json.dumps(good[1]) + "," + json.dumps(good[2]), "[1, 2]", json.dumps(good[2])]
    (tmp_path / LOG_NAME).write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert read_records(tmp_path) == [good[0], good[1], good[2]]
    (tmp_path / LOG_NAME).write_text("\n".join(json.dumps(g) for g in good) + "\n", encoding="utf-8")
    assert read_records(tmp_path) == good


def test_person_and_org_clauses_follow_corrections(desk) -> None:
    corpus, ix = desk
    plant, approval, listing = (ARTICLES["a1.txt"][0], ARTICLES["a2.txt"][0], LATER["a3.txt"][0])

    def found(query: str) -> list[str]:
        r = open_reader(ix)
        try:
            return sorted(h.article.title for h in r.search(query).hits)
        finally:
            r.close()

    assert found('person:"Lee Seung-hoon"') == [plant]
    assert found('person:"Industry Professional"') == [approval]
    ok("correct", "merge", "Lee Seung-hoon", "Rhee Seung-hoon", "--index", str(ix))
    # the approval story names only the merged alias
    assert found('person:"Lee Seung-hoon"') == sorted([plant, approval])
    assert found('person:"Rhee Seung-hoon"') == sorted([plant, approval])
    assert found('person:"Lee Seung-hoon" arthritis') == [approval]
    assert found('Hanbit NOT person:"Lee Seung-hoon"') == []
    write(corpus, LATER)  # next week's article names the alias too
    ok("ingest", str(corpus), "--index", str(ix), "--workers", "1")
    assert found('person:"Lee Seung-hoon"') == sorted([plant, approval, listing])
    res = ok("search", 'person:"Lee Seung-hoon"', "--index", str(ix), "--json")
    assert len(json.loads(res.stdout)["hits"]) == 3
    undo_last(ix)
    assert found('person:"Lee Seung-hoon"') == [plant]

    ok("correct", "drop", "Industry Professional", "--index", str(ix))
    assert found('person:"Industry Professional"') == []
    undo_last(ix)
    ok("correct", "retype", "Industry Professional", "org", "--index", str(ix))
    assert found('person:"Industry Professional"') == []
    assert found('org:"Industry Professional"') == [approval]
    ok("correct", "rename", "Lee Seung-hoon", "--name", "Lee Seung-hun", "--index", str(ix))
    assert found('person:"Lee Seung-hun"') == [plant]  # the articles still say Lee Seung-hoon
