"""Ingest stamps, the reader's arrivals since a stamp, and one user's saved-search state."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from _index_helpers import make_article
from _saved_helpers import BAEK, ORION, first_arrival, ingest, second_arrival

from kbio_tui import saved
from kbio_tui.errors import StateError
from kbio_tui.index import open_reader, open_writer

RELEASE = Path(__file__).parent / "fixtures" / "release_index"


@pytest.fixture
def two_arrivals(tmp_path: Path) -> tuple[Path, int]:
    """An index of the first arrival, then the second; returns it and the mark between them."""
    ix = tmp_path / "ix"
    ingest(ix, first_arrival())
    r = open_reader(ix)
    mark = r.ingest_mark()
    r.close()
    ingest(ix, second_arrival())
    return ix, mark


def _ids(titles: list[str], r) -> set[str]:
    return {a.id for a in r.recent_articles(limit=100) if a.title in titles}


def test_an_article_arrives_with_its_commit_and_new_means_ingested_after(two_arrivals) -> None:
    ix, mark = two_arrivals
    r = open_reader(ix)
    try:
        rows = r.recent_articles(limit=100)
        first = {a.title for a in first_arrival()}
        assert all(a.ingested is not None for a in rows)
        assert max(a.ingested for a in rows if a.title in first) < min(
            a.ingested for a in rows if a.title not in first
        )
        assert mark > 0 and r.ingest_mark() > mark
        got = r.new_matches("", mark)
        # the archive piece was published before everything else, and it is new all the same
        assert {a.article.title for a in got.articles} == {a.title for a in second_arrival()}
        assert got.total == 2 and got.quotes == 2 and got.mark == r.ingest_mark()
        assert r.new_matches("", got.mark).total == 0
        assert r.new_matches("", 0).total == 6
    finally:
        r.close()


def test_new_matches_equal_search_results_among_the_arrivals(two_arrivals) -> None:
    ix, mark = two_arrivals
    r = open_reader(ix)
    try:
        arrived = {a.article.id for a in r.new_matches("", mark).articles}
        for query in ["antibody", "plant AND Osong", '"antibody plant"', "person:baek", "org:dra", "nothing"]:
            expected = {h.article.id for h in r.search(query, limit=1000).hits} & arrived
            got = r.new_matches(query, mark)
            assert {a.article.id for a in got.articles} == expected, query
            assert got.total == len(expected)
        # an entity filter: every article must mention it
        with_agency = r.new_matches("", mark, entities=["org:drug-review-agency"])
        assert with_agency.total == 2
        both = r.new_matches("antibody", mark, entities=["org:drug-review-agency", BAEK[0]])
        assert [a.article.title for a in both.articles] == [
            "Orion Bioworks opens antibody plant ahead of schedule"
        ]
        assert r.new_matches("", mark, entities=["person:nobody"]).total == 0
        # the quotes in them, with their speakers, and a limit that lists fewer but counts all
        quotes = [(q.speaker_id, q.text) for q in both.articles[0].quotes]
        assert quotes == [
            (BAEK[0], "We finished four months early,"),
            ("person:han-ji-woo", "The agency inspected it twice,"),
        ]
        capped = r.new_matches("", mark, limit=1)
        assert len(capped.articles) == 1 and capped.total == 2 and capped.quotes == 2
    finally:
        r.close()


def test_an_update_a_rebuild_and_a_compaction_keep_the_first_arrival(two_arrivals) -> None:
    ix, _mark = two_arrivals
    r = open_reader(ix)
    before = {a.id: a.ingested for a in r.recent_articles(limit=100)}
    mark = r.ingest_mark()
    r.close()
    # the same source with new bytes but the same text (the page's byline changed): the article
    # is replaced under the same id
    changed = first_arrival()[0].model_copy(update={"source_hash": "edited", "author": "Desk"})
    with open_writer(ix) as w:
        assert w.add(changed).status == "updated"
        w.commit()
    with open_writer(ix) as w:
        assert w.compact()
    with open_writer(ix, rebuild=True) as w:
        for a in [changed, *first_arrival()[1:], *second_arrival()]:
            w.add(a)
        w.commit()
    r = open_reader(ix)
    try:
        after = {a.id: a.ingested for a in r.recent_articles(limit=100)}
        assert after == before
        assert r.ingest_mark() == mark and r.new_matches("", mark).total == 0
    finally:
        r.close()


def test_an_index_written_before_stamps_counts_as_old_and_takes_new_arrivals(tmp_path: Path) -> None:
    ix = tmp_path / "release"
    shutil.copytree(RELEASE, ix)
    r = open_reader(ix)
    old = r.recent_articles(limit=100)
    assert old and all(a.ingested is None for a in old)
    assert r.ingest_mark() == 0 and r.new_matches("", 0).total == 0
    r.close()
    ingest(ix, [first_arrival()[0]])
    r = open_reader(ix)
    try:
        got = r.new_matches("", 0)
        assert [a.article.title for a in got.articles] == [first_arrival()[0].title]
        assert r.stats().articles == len(old) + 1
        assert sum(1 for a in r.recent_articles(limit=100) if a.ingested is None) == len(old)
    finally:
        r.close()


# ---- the user's state ---------------------------------------------------------------------------------


def test_saved_searches_live_in_the_users_state_folder_per_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    one, two = tmp_path / "one", tmp_path / "two"
    saved.add(one, "plants", "antibody plant", [], 5)
    saved.add(two, "plants", "other words", [ORION[0]], 7)
    assert saved.state_dir() == tmp_path / "state" / "kbio-tui"
    assert saved.state_file(one) != saved.state_file(two)
    assert saved.state_file(one).parent == tmp_path / "state" / "kbio-tui" / "indexes"
    assert [(s.query, s.last_seen) for s in saved.load(one).saved] == [("antibody plant", 5)]
    assert saved.load(two).saved[0].entities == [ORION[0]]
    assert saved.load(one).index == str(one.resolve())
    with pytest.raises(saved.BadNameError, match="exists"):
        saved.add(one, "plants", "again", [], 9)
    saved.mark_seen(one, {"plants": 9})
    saved.mark_seen(one, {"plants": 6})  # an older snapshot never moves the marker back
    assert saved.load(one).saved[0].last_seen == 9
    assert saved.remove(one, "plants").query == "antibody plant"
    assert saved.load(one).saved == [] and len(saved.load(two).saved) == 1
    with pytest.raises(saved.BadNameError, match="no saved search"):
        saved.remove(one, "plants")
    # nothing but the state file and its lock, and only this user may read them
    folder = saved.state_file(one).parent
    assert sorted(p.suffix for p in folder.iterdir()) == [".json", ".json", ".lock", ".lock"]
    assert all(p.stat().st_mode & 0o077 == 0 for p in folder.iterdir())


@pytest.mark.parametrize(
    "name", ["", " lead", "trail ", "-opt", "a/b", "tab\there", "x" * 65, "_x", "new\nline"]
)
def test_bad_names_are_refused(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    with pytest.raises(saved.BadNameError, match="bad name"):
        saved.add(tmp_path / "ix", name, "q", [], 0)
    assert not (tmp_path / "state").exists()


@pytest.mark.parametrize("name", ["plants", "Orion deals", "바이오 2025", "v1.2_x-y", "x" * 64])
def test_good_names_are_kept(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    saved.add(tmp_path / "ix", name, "q", [], 0)
    assert saved.load(tmp_path / "ix").find(name) is not None


def test_an_unwritable_state_folder_and_a_damaged_file_are_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the state folder would go")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))
    with pytest.raises(StateError, match=r"cannot write saved searches to .*XDG_STATE_HOME") as exc:
        saved.add(tmp_path / "ix", "plants", "q", [], 0)
    assert "\n" not in str(exc.value)
    assert saved.load(tmp_path / "ix").saved == []  # reading needs no folder
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    saved.add(tmp_path / "ix", "plants", "q", [], 0)
    saved.state_file(tmp_path / "ix").write_text("{not json")
    with pytest.raises(StateError, match="damaged"):
        saved.load(tmp_path / "ix")


def test_sessions_remember_the_mark_the_previous_one_started_at(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, two_arrivals
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    ix, mark = two_arrivals
    assert saved.last_session(ix) is None
    assert saved.touch_session(ix, mark) is None  # a first session: nothing is marked new
    r = open_reader(ix)
    try:
        assert saved.touch_session(ix, r.ingest_mark()) == mark
        since = saved.last_session(ix)
        assert since == r.ingest_mark()
        # what the browser marks on the session after the first: the second arrival
        assert saved.touch_session(ix, r.ingest_mark()) == r.ingest_mark()
        assert {a.article.title for a in r.new_matches("", mark).articles} == {
            a.title for a in second_arrival()
        }
    finally:
        r.close()


def test_whats_new_reads_each_search_since_its_own_marker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, two_arrivals
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    ix, mark = two_arrivals
    r = open_reader(ix)
    try:
        saved.add(ix, "old", "antibody", [], mark)
        saved.add(ix, "now", "antibody", [], r.ingest_mark())
        got = {s.name: m for s, m in saved.whats_new(r, saved.load(ix).saved)}
        assert got["old"].total == 1 and got["now"].total == 0
        forced = {s.name: m for s, m in saved.whats_new(r, saved.load(ix).saved, since=0)}
        assert forced["old"].total == forced["now"].total == 4
    finally:
        r.close()


def test_an_undated_article_is_new_like_any_other(tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    ingest(ix, first_arrival()[:1])
    r = open_reader(ix)
    mark = r.ingest_mark()
    r.close()
    undated = make_article(
        "Undated note on plants", ["A plant note without a date."], source="/desk/n.txt", published=None
    )
    ingest(ix, [undated])
    r = open_reader(ix)
    try:
        assert [a.article.title for a in r.new_matches("plant", mark).articles] == ["Undated note on plants"]
    finally:
        r.close()


def test_two_processes_saving_at_once_lose_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same user's cron job and browser write the state file at once: the lock keeps both."""
    import os
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path; from kbio_tui import saved\n"
        "for i in range(15): saved.add(Path(sys.argv[1]), f'{sys.argv[2]} {i}', 'q', [], i)\n"
    )
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state")}
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(tmp_path / "ix"), who], env=env)
        for who in ("a", "b")
    ]
    assert [p.wait(timeout=60) for p in procs] == [0, 0]
    monkeypatch.setenv("XDG_STATE_HOME", env["XDG_STATE_HOME"])
    names = {s.name for s in saved.load(tmp_path / "ix").saved}
    assert names == {f"{who} {i}" for who in "ab" for i in range(15)}
