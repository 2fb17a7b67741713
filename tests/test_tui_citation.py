"""Citations and exports (issue 18): reported speech, who said it, the article's address, and an export
folder of the user's own."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from kbio_tui.index.api import EntitySummary, QuoteHit
from kbio_tui.models import EntityType, QuoteKind
from kbio_tui.tui.citation import cite, default_export_path, export_quotes
from kbio_tui.tui.speech import quoted


def _quote(text: str, kind: QuoteKind = QuoteKind.DIRECT, url: str | None = None) -> QuoteHit:
    return QuoteHit(
        article_id="a1",
        article_title="CDMO makers ask for a national strategy",
        outlet="Korea Biomedical Review",
        published=datetime(2026, 2, 3, 9, 0),
        kind=kind,
        text=text,
        speaker="Cho Hyun-soo",
        url=url,
        start=0,
        end=len(text),
        sentence_start=0,
        sentence_end=len(text),
    )


PERSON = EntitySummary(
    id="person:cho-hyunsoo", type=EntityType.PERSON, name="Cho Hyun-soo", roles=["Manager"], orgs=["KBIA"]
)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (
            "said that the CDMO industry needs to be developed as a strategic industry",
            "Cho Hyun-soo said the CDMO industry needs to be developed as a strategic industry",
        ),
        (
            "emphasized the need to expand production bases",
            "Cho Hyun-soo emphasized the need to expand production bases",
        ),
        (
            "The startups will share a plant in Gangnam",
            "According to Cho Hyun-soo, the startups will share a plant in Gangnam",
        ),
        (
            "Samsung Biologics will add a plant",
            "According to Cho Hyun-soo, Samsung Biologics will add a plant",
        ),
    ],
)
def test_an_indirect_quote_reads_as_reported_speech(text: str, shown: str) -> None:
    assert quoted(_quote(text, QuoteKind.INDIRECT)) == shown


def test_a_citation_names_role_organisation_outlet_date_title_and_address() -> None:
    got = cite(_quote("We will double capacity.", url="https://news.example/cdmo"), PERSON)
    assert got == (
        "“We will double capacity.” — Cho Hyun-soo, Manager, KBIA, Korea Biomedical Review, 2026-02-03, "
        "“CDMO makers ask for a national strategy”, https://news.example/cdmo"
    )
    assert cite(_quote("We will double capacity.")).endswith("“CDMO makers ask for a national strategy”")


def test_exports_go_to_the_users_export_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KBIO_EXPORT_DIR", str(tmp_path / "mine"))
    monkeypatch.chdir(tmp_path)
    assert default_export_path("Cho Hyun-soo") == str(tmp_path / "mine" / "cho-hyun-soo-quotes.md")
    written = export_quotes(Path("cho.md"), "Cho Hyun-soo", [_quote("We will double capacity.")])
    assert written == tmp_path / "mine" / "cho.md" and written.is_file()
    assert not (tmp_path / "cho.md").exists()  # never the folder the app was started from
    monkeypatch.delenv("KBIO_EXPORT_DIR")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_export_path("Cho") == str(tmp_path / "home" / "kbio-exports" / "cho-quotes.md")
