"""Unit behaviour of the extraction rules: sentences, names, cross-article ids, robustness."""

from __future__ import annotations

from _extract_helpers import article_from_paragraphs, load_fixture

from kbio_tui.extract import extract, extract_strict
from kbio_tui.extract.names import parse_person_name
from kbio_tui.extract.sentences import split_block
from kbio_tui.models import EntityType, QuoteKind, SpeakerKind


def _sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_block(text)]


def test_sentences_respect_abbreviations_and_decimals() -> None:
    text = (
        "Dr. Kim met officials from the U.S. Food and Drug Administration on Dec. 15 in Seoul. "
        "Hanul Co., Ltd. grew 1.4 percent. Sales reached $5.3 billion in the U.S. The firm expects more."
    )
    assert _sentences(text) == [
        "Dr. Kim met officials from the U.S. Food and Drug Administration on Dec. 15 in Seoul.",
        "Hanul Co., Ltd. grew 1.4 percent.",
        "Sales reached $5.3 billion in the U.S.",
        "The firm expects more.",
    ]


def test_sentences_never_split_inside_a_quote() -> None:
    text = 'He said, "We grew fast. Then we slowed down." The board agreed.'
    protected = [(text.index('"'), text.rindex('"') + 1)]
    out = [text[a:b] for a, b in split_block(text, protected)]
    assert out == ['He said, "We grew fast. Then we slowed down."', "The board agreed."]


def test_name_variants_share_one_key() -> None:
    keys = {
        parse_person_name(n).key
        for n in ("Kim Jin-Gu", "Jin-Gu Kim", "Kim, Jin-Gu", "Jingu Kim", "jin-gu kim")
    }
    assert keys == {"kim-jingu"}
    assert parse_person_name("TH Kim").key == "kim-th"
    assert parse_person_name("Tae-kyu Lee").key == "lee-taekyu"
    assert parse_person_name("Yoon Hee Choi").key == "choi-yoonhee"
    assert parse_person_name("Cho Hyun-soo").key != parse_person_name("Choi Hyun-soo").key
    assert parse_person_name("Chun Jung-woon").key != parse_person_name("Chung Jung-woon").key
    # a bare surname used later settles names whose both ends are surnames
    assert parse_person_name("Jung Woon Chun", prefer_surname="Chun").surname == "Chun"
    assert parse_person_name("Jung Woon Chun", prefer_surname="Jung").surname == "Jung"


def test_same_person_and_org_get_the_same_id_across_articles() -> None:
    a = extract(load_fixture("merge_a.txt"))
    b = extract(load_fixture("merge_b.txt"))
    ids_a = {e.name: e.id for e in a.entities}
    ids_b = {e.name: e.id for e in b.entities}
    assert ids_a["Kim Jin-gu"] == ids_b["Jin-Gu Kim"]
    assert ids_a["Samsung BioLogics"] == ids_b["Samsung Biologics"] == "org:samsung-biologics"
    assert ids_a["Lim Soo-bin"] == ids_b["Soo-bin Lim"]  # bylines in both name orders
    assert ids_b["Cho Hyun-soo"] != ids_b["Choi Hyun-soo"]
    cho = next(q for q in b.quotes if "expensive" in q.text)
    choi = next(q for q in b.quotes if "valuations are fair" in q.text)
    assert (cho.speaker_id, choi.speaker_id) == (ids_b["Cho Hyun-soo"], ids_b["Choi Hyun-soo"])


def test_shared_surname_is_not_guessed() -> None:
    art = extract(load_fixture("merge_b.txt"))
    # two people named Kim: right after a full name in the same paragraph, "Kim" is that person ...
    near = next(q for q in art.quotes if q.text.startswith("Margins will hold"))
    assert near.speaker == "Tae-hoon Kim"
    # ... but on its own, a bare "Kim said" stays unresolved
    q = next(q for q in art.quotes if q.text.startswith("Prices are falling"))
    assert q.speaker_kind is SpeakerKind.UNKNOWN
    assert q.speaker_id is None


def test_relative_dates_resolve_against_publication() -> None:
    from datetime import datetime

    art = extract(
        article_from_paragraphs(
            [
                "Last January the agency approved two drugs. In September last year it reorganised, "
                "and last year "
                "it hired 40 reviewers. The next review is due on March 3."
            ],
            published=datetime(2026, 2, 9),
        )
    )
    iso = {d.aliases[0]: d.attrs.get("iso") for d in art.entities if d.type is EntityType.DATE}
    assert iso["Last January"] == "2026-01"
    assert iso["September last year"] == "2025-09"
    assert iso["last year"] == "2025"
    assert iso["March 3"] == "2026-03-03"  # the nearest March 3 to publication


def test_figures_carry_value_and_unit() -> None:
    art = extract(
        article_from_paragraphs(
            [
                "The plant adds 2.14 million liters for 1.4 trillion KRW, about $5.3 billion, "
                "lifting margins 18%."
            ]
        )
    )
    figs = {f.name: f.attrs for f in art.entities if f.type is EntityType.FIGURE}
    assert figs["2.14 million liters"]["value"] == "2.14e+06"
    assert figs["2.14 million liters"]["unit"] == "liters"
    assert figs["1.4 trillion KRW"]["currency"] == "KRW"
    assert figs["$5.3 billion"] == {"kind": "money", "value": "5.3e+09", "currency": "USD"}
    assert figs["18%"]["value"] == "18"


def test_acronym_after_and_before_its_expansion() -> None:
    art = extract(
        article_from_paragraphs(
            [
                "The KHIDI grant was approved. "
                "The Korea Health Industry Development Institute (KHIDI) said so.",
                "Officials of the Biotech Promotion Council(BPC) met. BPC members agreed.",
            ]
        )
    )
    orgs = {e.acronym: e for e in art.entities if e.type is EntityType.ORG and e.acronym}
    assert orgs["KHIDI"].name == "Korea Health Industry Development Institute"
    assert orgs["BPC"].name == "Biotech Promotion Council"
    bpc_mentions = [m for m in art.mentions if m.entity_id == orgs["BPC"].id]
    assert len(bpc_mentions) == 3  # full name, the acronym in parentheses, and the later bare acronym
    khidi_mentions = [m.text for m in art.mentions if m.entity_id == orgs["KHIDI"].id]
    assert khidi_mentions.count("KHIDI") == 2


def test_unbalanced_marks_spoil_only_their_paragraph() -> None:
    art = extract(
        article_from_paragraphs(
            [
                'Park Ji-won, CEO of Hanul Pharm, spoke first. "We are growing fast," Park said.',
                'Then "the market is broken, and nobody is fixing the pipeline at all, Park added.',
                '"Next year will be better for every company in the sector," Park said.',
            ]
        )
    )
    texts = [q.text for q in art.quotes if q.kind is not QuoteKind.INDIRECT]
    assert texts == ["We are growing fast", "Next year will be better for every company in the sector"]


def test_extract_is_pure_and_deterministic() -> None:
    src = load_fixture("kbr_interview.txt")
    before = src.model_dump()
    one, two = extract(src), extract(src)
    assert src.model_dump() == before
    assert one.model_dump() == two.model_dump()
    assert one.quotes and one.entities and one.sentences


def test_odd_text_never_raises() -> None:
    odd = [
        [],
        [""],
        ['"'],
        ["\u201c\u201d\u2018\u2019'\"" * 50],
        ["(" * 500 + ")" * 3],
        ["word " * 4000],  # a 20,000-character paragraph without punctuation
        ["Kim Lee Park Choi Cho " * 800],
        ["A" * 20000],
        ['"' + "x " * 5000],
    ]
    for paras in odd:
        art = extract_strict(article_from_paragraphs(paras))  # no safety net: a rule bug fails here
        for q in art.quotes:
            assert 0 <= q.start <= q.end <= len(art.text)


def test_quote_after_a_reported_sentence_goes_to_its_subject() -> None:
    art = extract(
        article_from_paragraphs(
            [
                "Song Mi-rae, a director at Hanul Pharm, said the pricing plan was flawed. "
                '"It ignores the data from the last three years."',
            ]
        )
    )
    q = next(q for q in art.quotes if q.kind is QuoteKind.DIRECT)
    assert (q.speaker, q.attributed_by) == ("Song Mi-rae", "continuation")


def test_generic_org_reference_picks_the_matching_body() -> None:
    art = extract(
        article_from_paragraphs(
            [
                "The Ministry of Food and Drug Safety (MFDS) approved the drug, which Celltrion developed.",
                '"Reviews will get faster from next year on," the ministry said.',
                '"We are ready to launch the product in the spring," the company said.',
            ]
        )
    )
    by_text = {q.text[:10]: q for q in art.quotes}
    assert by_text["Reviews wi"].speaker_kind is SpeakerKind.ORGANIZATION
    assert by_text["Reviews wi"].speaker_id == "org:mfds"
    assert by_text["We are rea"].speaker_id == "org:celltrion"


def test_title_and_surname_and_next_sentence_attribution() -> None:
    art = extract(
        article_from_paragraphs(
            [
                "Han Byeol-i, a researcher at the Korea Drug Research Association, presented the survey.",
                'Researcher Han noted, "Only one in five plants has a digital batch record today."',
                '"Most firms still print their records on paper." Han said so after the session.',
            ]
        )
    )
    first, second = (q for q in art.quotes if q.kind is QuoteKind.DIRECT)
    assert (first.speaker, first.attributed_by) == ("Han Byeol-i", "title+surname")
    assert second.speaker == "Han Byeol-i"


def test_known_bodies_places_and_ingredients_at_sentence_end() -> None:
    art = extract_strict(
        article_from_paragraphs(
            ["The deal was signed by Celltrion. Prices rose in Korea. It uses trastuzumab."]
        )
    )
    ids = {e.id for e in art.entities}
    assert {"org:celltrion", "place:korea", "product:trastuzumab"} <= ids


def test_company_names_and_sentence_breaks_are_not_people() -> None:
    art = extract_strict(
        article_from_paragraphs(
            [
                "Kolon TissueGene said it would file in March. John Smith said the trial went well. "
                "Eli Lilly said it agreed. Samsung Biologics said nothing.",
            ]
        )
    )
    people = sorted(e.name for e in art.entities if e.type is EntityType.PERSON)
    assert people == ["John Smith"]


def test_according_to_after_the_quote() -> None:
    art = extract_strict(
        article_from_paragraphs(
            [
                "Moon Ha-eun, CEO of Bioreum, spoke at the forum in Seoul on Friday.",
                "Lee Ga-on, an analyst at Hanul Securities, was more cautious.",
                '"Orders tend to slow down in the second half," according to Moon.',
            ]
        )
    )
    q = next(q for q in art.quotes if q.kind is QuoteKind.DIRECT)
    assert q.speaker == "Moon Ha-eun"
