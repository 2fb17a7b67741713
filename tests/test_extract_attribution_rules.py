"""Attribution and entity rules that blind-written articles exposed: each case is written fresh here,
in shapes several outlets use, so the rule is tested rather than one article's wording."""

from __future__ import annotations

from _extract_helpers import article_from_paragraphs

from kbio_tui.extract import extract
from kbio_tui.models import Article, EntityType, QuoteKind, SpeakerKind


def _run(paragraphs: list[str], **kw: object) -> Article:
    return extract(article_from_paragraphs(paragraphs, **kw))


def _said(art: Article) -> list[tuple[str, str | None, SpeakerKind]]:
    return [(q.text[:24], q.speaker, q.speaker_kind) for q in art.quotes if q.kind is not QuoteKind.INDIRECT]


def _people(art: Article) -> dict[str, tuple[str | None, str | None]]:
    return {e.name: (e.role, e.org) for e in art.entities if e.type is EntityType.PERSON}


def _orgs(art: Article) -> set[str]:
    return {e.name for e in art.entities if e.type is EntityType.ORG}


def test_role_before_name_after_an_organisation_possessive() -> None:
    art = _run(
        [
            "Marlow Bio's vice president of clinical operations, Helena Strand, said the study "
            "\u201ccould read out a full quarter early.\u201d",
        ]
    )
    assert _people(art)["Helena Strand"] == ("vice president of clinical operations", "Marlow Bio")
    assert _said(art)[0][1] == "Helena Strand"


def test_semicolon_list_of_people_with_roles() -> None:
    art = _run(
        [
            "The jury included Ahn Bo-ram, CEO of antibody maker Corvane Bio; Thomas Reilly, partner at "
            "Westgate Capital; and Nam Su-ah, chief medical officer at Ildo Pharm.",
        ]
    )
    ppl = _people(art)
    assert ppl["Ahn Bo-ram"][0] == "CEO" and "Corvane Bio" in (ppl["Ahn Bo-ram"][1] or "")
    assert ppl["Thomas Reilly"] == ("partner", "Westgate Capital")
    assert ppl["Nam Su-ah"] == ("chief medical officer", "Ildo Pharm")


def test_company_shaped_names_are_not_people() -> None:
    art = _run(["Hwarang Vaccine and Dongbu Labs signed the supply contract on Friday."])
    assert not _people(art)
    assert {"Hwarang Vaccine", "Dongbu Labs"} <= _orgs(art)


def test_organisation_qualified_surname_picks_that_namesake() -> None:
    art = _run(
        [
            "The speakers were Choi Yu-na, CEO of Brightpath Therapeutics, and Daniel Choi, a partner at "
            "Redwood Lane Ventures.",
            "\u201cWe went from candidate to IND in ten months,\u201d said Brightpath\u2019s Choi.",
        ]
    )
    assert _said(art)[0][1] == "Choi Yu-na"


def test_person_opening_a_sentence_is_the_pronoun_antecedent() -> None:
    art = _run(
        [
            "Panelists were Song Ha-eun, CEO of Teal Bio, and Mark Song, a partner at Fenwick Ventures.",
            "\u201cWe filed in record time,\u201d Song Ha-eun said.",
            "Mark Song was less upbeat. \u201cThe funds want proof of global trials,\u201d he said.",
        ]
    )
    assert _said(art)[1][1] == "Mark Song"


def test_unresolved_pronoun_is_never_a_speaker_string() -> None:
    art = _run(["\u201cThe window for listings has closed for now,\u201d she said."])
    said = _said(art)
    assert said and said[0][1] is None and said[0][2] is SpeakerKind.UNKNOWN


def test_unnamed_chief_executive_stays_anonymous_over_a_named_ceo() -> None:
    art = _run(
        [
            "Rep. Yoo Jin-ho of the People Power Party and Kestra Bio CEO Han Mi-rae attended the hearing.",
            "\u201cOur cash lasts eight months,\u201d said the CEO of a small diagnostics startup in Busan. "
            "\u201cAfter that we close.\u201d",
            "\u201cNobody from the ministry called us back,\u201d the CEO said.",
        ]
    )
    said = _said(art)
    assert len(said) == 3
    assert all(kind is SpeakerKind.ANONYMOUS for _, _, kind in said), said


def test_certification_name_in_quotes_is_not_a_quote() -> None:
    art = _run(
        [
            "Lim said firms designated as a \u201cglobal bio champion\u201d would get faster reviews.",
            'The agency added that its "priority biotech partner" certification scheme would expand.',
        ]
    )
    assert not _said(art)


def test_spokesperson_speaks_for_the_company() -> None:
    art = _run(
        [
            "Corvane Bio said its plant passed the inspection. Corvane Bio plans to triple output.",
            "\u201cWe do not discuss customers,\u201d a company spokesperson said.",
            "\u201cThe line is fully booked,\u201d a spokeswoman for Ildo Pharm said.",
        ]
    )
    said = _said(art)
    assert said[0][1:] == ("Corvane Bio", SpeakerKind.ORGANIZATION)
    assert said[1][1:] == ("Ildo Pharm", SpeakerKind.ORGANIZATION)


def test_reported_speech_forms() -> None:
    art = _run(
        [
            "Tessaly Bio CEO Gong Ji-woo spoke at the briefing.",
            "Gong expects the first approval to arrive in 2028.",
            "Tessaly Bio announced on Monday that it had closed a 40 billion won round.",
            "Tessaly Bio\u2019s CEO said after the briefing that the company would not list this year.",
        ]
    )
    inds = [(q.text[:12], q.speaker) for q in art.quotes if q.kind is QuoteKind.INDIRECT]
    assert ("expects the ", "Gong Ji-woo") in inds
    assert any(t.startswith("announced") and s == "Tessaly Bio" for t, s in inds)
    assert any(t.startswith("said after") and s == "Gong Ji-woo" for t, s in inds)


def test_organisation_shapes() -> None:
    art = _run(
        [
            "Norrland Biologics GmbH and Castellane Pharma S.A. joined the consortium.",
            "The WHO, the OECD and UNICEF backed the plan, as did Bluecrest Partners and the Korean "
            "Society of Oncology Nursing.",
            "Rep. Kwak Min-ji of the Justice Party and the Korean Society of Pediatrics hosted the forum.",
        ]
    )
    orgs = _orgs(art)
    assert {"Norrland Biologics GmbH", "Castellane Pharma S.A.", "OECD", "UNICEF"} <= orgs
    assert {"Korean Society of Oncology Nursing", "Bluecrest Partners", "Justice Party"} <= orgs
    assert "Korean Society of Pediatrics" in orgs
    assert _people(art)["Kwak Min-ji"] == ("lawmaker", "Justice Party")


def test_unusual_byline_shapes() -> None:
    for byline, name in (
        ("Written by Ryu Seo-jin", "Ryu Seo-jin"),
        ("By Han Da-eun / Write to Da-eun Han", "Han Da-eun"),
        ("Reported by Tak Min-seok (tak@example.com)", "Tak Min-seok"),
    ):
        art = _run(["The ministry will publish the guideline next week."], author=byline, outlet="Bio Daily")
        assert _people(art).get(name, (None,))[0] == "reporter", (byline, _people(art))


def test_role_inside_an_unnamed_unit_is_kept() -> None:
    art = _run(
        [
            "Baek Ye-jin, deputy director of the agency's biosimilar review team, told reporters the "
            "backlog had halved.",
        ]
    )
    role, org = _people(art)["Baek Ye-jin"]
    assert role == "deputy director of biosimilar review team" and org is None
