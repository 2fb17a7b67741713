"""Rules that must hold beyond the fixtures: no guessing between namesakes, no Q&A where there is none."""

from __future__ import annotations

from _extract_helpers import article_from_paragraphs

from kbio_tui.extract import extract
from kbio_tui.models import QuoteKind, SpeakerKind


def _said(paragraphs: list[str], **kw: object) -> list[tuple[str, str | None]]:
    art = extract(article_from_paragraphs(paragraphs, **kw))
    return [(q.text[:20], q.speaker) for q in art.quotes if q.kind is not QuoteKind.INDIRECT]


def test_surname_resolves_to_the_only_namesake_introduced_so_far() -> None:
    got = _said(
        [
            "Gaon Bio CEO Park Ji-hun said the company will file in Japan next year.",
            '"We are ready for the review," Park said.',
            "Park Hye-won, an analyst at Mirae Securities, was less sure.",
            '"The timeline looks tight to me," Park said.',
        ]
    )
    assert got[0] == ("We are ready for the", "Park Ji-hun")
    assert got[1][1] in (None, "Park")  # two Parks known by now: never a guess


def test_title_only_needs_a_unique_holder() -> None:
    one = _said(
        [
            "Chief Financial Officer Yang Min-su of Dasol Pharm presented the results.",
            '"Margins will improve in the second half," the CFO said.',
        ]
    )
    assert one == [("Margins will improve", "Yang Min-su")]
    two = _said(
        [
            "Chief Financial Officer Yang Min-su of Dasol Pharm presented first.",
            "Chief Financial Officer Kim Bo-ra of Yeon Bio followed him.",
            '"Margins will improve in the second half," the CFO said.',
        ]
    )
    assert two[0][1] is None


def test_pronoun_after_an_anonymous_source_stays_anonymous() -> None:
    art = extract(
        article_from_paragraphs(
            [
                "Lee Ga-eun, head of the drug pricing bureau, presented the plan on Monday.",
                "An industry official said the plan would hurt small drugmakers. "
                '"Many of us cannot absorb another cut," he said.',
            ]
        )
    )
    q = next(q for q in art.quotes if q.text.startswith("Many of us"))
    assert q.speaker_kind is SpeakerKind.ANONYMOUS
    assert q.speaker_id is None


def test_question_paragraphs_outside_an_interview_are_not_answers() -> None:
    got = _said(
        [
            "Will the price cuts reach patients?",
            "The ministry expects pharmacies to pass on most of the savings within a year.",
            "What happens to drugmakers that cannot cope?",
            "Several may merge or sell their generic portfolios, analysts say.",
        ],
        title="Generic price cuts: what changes for patients",
    )
    assert got == []


def test_possessor_before_the_subject_is_not_the_speaker() -> None:
    art = extract(
        article_from_paragraphs(
            [
                "Daon Pharm CEO Oh Tae-jun spoke first.",
                "Oh Tae-jun's deputy, Vice President Kwon Hae-sol, argued that the rules came too late.",
            ]
        )
    )
    ind = next(q for q in art.quotes if q.kind is QuoteKind.INDIRECT and q.text.startswith("argued"))
    assert ind.speaker == "Kwon Hae-sol"
