"""Q&A interviews: answer paragraphs are the interviewee's words even though they carry no quote marks.

Only an unmistakable Q&A layout counts (two or more question turns, each followed by an answer), and
the interviewee must be identifiable from the headline or the quotes before the Q&A; otherwise the
answers stay unattributed rather than being credited to whoever was mentioned last.
"""

from __future__ import annotations

import re

from ..models import BlockKind, EntityType, Quote, QuoteKind, SpeakerKind
from .doc import Doc

_Q_RE = re.compile(r"\s*Q\s*(?:[.:)]|\s[-\u2013\u2014])\s*")
_A_RE = re.compile(r"\s*A\s*(?:[.:)]|\s[-\u2013\u2014])\s*")
_INTERVIEW_RE = re.compile(r"\binterview", re.IGNORECASE)
_QUOTE_MARK_RE = re.compile('["\u201c\u201d]')
# "Chong: At the time ...", "Kim Ji-ho: We ...": a transcript turn opened by its speaker's label
_LABEL_RE = re.compile(r"\s*([A-Z][\w-]*(?: [A-Z][\w-]*){0,2})\s?:\s+(?=\S)")


def _paragraphs(doc: Doc) -> list[tuple[int, int, int]]:
    return [(bi, s, e) for bi, (kind, s, e) in enumerate(doc.blocks) if kind is BlockKind.PARAGRAPH]


def _answer_spans(doc: Doc) -> tuple[list[tuple[int, int, int]], bool]:
    """(block, start, end) of each answer, text without its "A." marker; and whether Q/A markers were used."""
    text = doc.text
    paras = _paragraphs(doc)
    marked_q = [p for p in paras if _Q_RE.match(text, p[1]) and text[p[1] : p[2]].rstrip().endswith("?")]
    out: list[tuple[int, int, int]] = []
    if len(marked_q) >= 2:
        for k, (bi, s, e) in enumerate(paras):
            m = _A_RE.match(text, s)
            if m and k > 0 and paras[k - 1] in marked_q:
                out.append((bi, m.end(), e))
        return (out if len(out) >= 2 else []), True
    # Unmarked layout: short question paragraphs, each followed by an answer paragraph.
    art = doc.article
    if not (_INTERVIEW_RE.search(art.title or "") or _INTERVIEW_RE.search(text[:2000])):
        return [], False
    for k, (bi, s, e) in enumerate(paras[:-1]):
        para = text[s:e].strip()
        nbi, ns, ne = paras[k + 1]
        nxt = text[ns:ne].strip()
        if (
            para.endswith("?")
            and len(para.split()) <= 45
            and not _QUOTE_MARK_RE.search(para)
            and nxt
            and not nxt.endswith("?")
            and not _QUOTE_MARK_RE.search(nxt)
            and nbi == bi + 1
        ):
            out.append((nbi, ns, ne))
    return (out if len(out) >= 2 else []), False


def _interviewee(doc: Doc, quotes: list[Quote], before: int) -> tuple[str, str] | None:
    """(entity id, name) of the one person the interview is with."""
    people = [e for e in doc.entities.values() if e.type is EntityType.PERSON and "byline" not in e.attrs]
    title = (doc.article.title or "").lower()
    in_title = [e for e in people if e.name.lower() in title]
    if len(in_title) == 1:
        return in_title[0].id, in_title[0].name
    counts: dict[str, int] = {}
    for q in quotes:
        said = q.kind is not QuoteKind.INDIRECT and q.speaker_kind is SpeakerKind.PERSON
        if q.start < before and said and q.speaker_id:
            counts[q.speaker_id] = counts.get(q.speaker_id, 0) + 1
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None  # two people quoted equally: no way to tell who is interviewed
    eid = ranked[0][0]
    return eid, doc.entities[eid].name


def _label_people(doc: Doc) -> dict[str, tuple[str, str]]:
    """Transcript labels that name one person: full name, surname (when only one person has it)."""
    by_label: dict[str, set[tuple[str, str]]] = {}
    for e in doc.entities.values():
        if e.type is not EntityType.PERSON or "byline" in e.attrs:
            continue
        for label in {e.name, *e.aliases, e.attrs.get("surname", "")}:
            if label:
                by_label.setdefault(label.lower(), set()).add((e.id, e.name))
    return {k: next(iter(v)) for k, v in by_label.items() if len(v) == 1}


def _labelled_answers(doc: Doc) -> list[tuple[int, int, str, str]]:
    """(start, end, entity id, name) of each turn in a transcript whose speakers are named in labels.

    ``KBR: How did you ...?`` / ``Chong: At the time ...``: a layout counts only when another label
    asks at least one question and the answering label names exactly one person in the article.
    """
    text = doc.text
    people = _label_people(doc)
    turns: list[tuple[int, int, str]] = []
    for _, s, e in _paragraphs(doc):
        m = _LABEL_RE.match(text, s, e)
        if m:
            turns.append((m.end(), e, m.group(1)))
    answers = [(a, b, *people[label.lower()]) for a, b, label in turns if label.lower() in people]
    asked = any(label.lower() not in people and text[a:b].rstrip().endswith("?") for a, b, label in turns)
    return answers if answers and asked else []


def interview_answers(doc: Doc, quotes: list[Quote]) -> list[Quote]:
    """``quotes`` with each Q&A answer added as a direct quote (quotes found inside answers give way)."""
    labelled = _labelled_answers(doc)
    if labelled:
        return _with_answers(doc, quotes, [(a, b, (eid, name)) for a, b, eid, name in labelled])
    answers, marked = _answer_spans(doc)
    if not answers:
        return quotes
    who = _interviewee(doc, quotes, answers[0][1])
    if who is None and not marked:
        return quotes  # question-shaped paragraphs with nobody to credit: likely an explainer, not a Q&A
    return _with_answers(doc, quotes, [(a, b, who) for _, a, b in answers])


def _with_answers(
    doc: Doc, quotes: list[Quote], answers: list[tuple[int, int, tuple[str, str] | None]]
) -> list[Quote]:
    text = doc.text
    kept = [
        q for q in quotes if q.kind is QuoteKind.INDIRECT or not any(a <= q.start < b for a, b, _ in answers)
    ]
    for a, b, who in answers:
        while b > a and text[b - 1].isspace():
            b -= 1
        if b <= a:
            continue
        first, last = doc.sentences[doc.sentence_at(a)], doc.sentences[doc.sentence_at(b - 1)]
        kept.append(
            Quote(
                kind=QuoteKind.DIRECT,
                text=text[a:b],
                start=a,
                end=b,
                sentence_start=min(first.start, a),
                sentence_end=max(last.end, b),
                speaker=who[1] if who else None,
                speaker_id=who[0] if who else None,
                speaker_kind=SpeakerKind.PERSON if who else SpeakerKind.UNKNOWN,
                attributed_by="interview" if who else None,
            )
        )
    return kept
