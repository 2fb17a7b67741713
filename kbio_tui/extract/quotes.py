"""Direct, partial and indirect quotes, each with its speaker.

A quoted span counts as speech only with evidence: a reporting verb or colon in its own clause, an
attribution after it, a whole quoted sentence (speech in news copy), or a continuation of the
previous speaker.  Titles, slogans, law and product names, topics and scare quotes are filtered out.
"""

from __future__ import annotations

import re

from ..models import BlockKind, Quote, QuoteKind, Sentence, SpeakerKind
from .doc import Doc, QSpan
from .lexicon import ADVERBS, ANON_NOUNS, SPEECH_VERB_RE, SPEECH_VERBS, TITLES, alternation
from .speakers import Speaker, SpeakerResolver

_TRAP_WORDS = (
    "topic",
    "topics",
    "theme",
    "title",
    "titled",
    "entitled",
    "slogan",
    "motto",
    "keyword",
    "keywords",
    "banner",
    "named",
    "called",
    "dubbed",
    "labeled",
    "labelled",
    "branded",
    "so-called",
    "brand",
    "campaign",
    "project",
    "program",
    "programme",
    "initiative",
    "session",
    "forum",
    "conference",
    "symposium",
    "seminar",
    "event",
    "strategy",
    "vision",
    "plan",
    "policy",
    "report",
    "book",
    "film",
    "series",
    "act",
    "law",
    "bill",
    "term",
    "word",
    "phrase",
    "concept",
    "themed",
    "known as",
    "referred to as",
    "the name",
    "motto of",
)
_TRAP_BEFORE_RE = re.compile(rf"(?:\b(?:{alternation(_TRAP_WORDS)})\s*(?:of|on|:|,)?\s*)$", re.IGNORECASE)
_SLOT_WORDS = (
    "of",
    "the",
    "its",
    "their",
    "his",
    "her",
    "a",
    "an",
    "for",
    "on",
    "about",
    "in",
    "to",
    "with",
    "our",
    "this",
    "that",
)
_NOUN_SLOT_BEFORE_RE = re.compile(rf"\b(?:{alternation(_SLOT_WORDS)})\s*$", re.IGNORECASE)
_TRAP_AFTER_RE = re.compile(
    r"^\W*\s*(?:as\s+(?:the|its|a|their|his|her)\s+(?:\w+\s+)?(?:keyword|slogan|motto|theme|title|vision|name|"
    r"goal|strategy|catchphrase|watchword)|(?:program|programme|project|campaign|initiative|forum|conference|"
    r"strategy|plan|act|law|bill|brand|event|session|report|series|policy|vision)\b)",
    re.IGNORECASE,
)
# "designated as an 'innovative pharmaceutical company'", "its 'K-Bio' certification": a status, not speech.
_STATUS_BEFORE_RE = re.compile(
    r"\b(?:designated|certified|selected|recognized|recognised|accredited|registered|listed|ranked)\s+"
    r"(?:as\s+)?(?:an?\s+|the\s+)?$|\bstatus\s+(?:as|of)\s+(?:an?\s+|the\s+)?$",
    re.IGNORECASE,
)
_STATUS_AFTER_RE = re.compile(
    r"^\W*\s*(?:(?:certification|designation|accreditation|support|funding|subsidy|grant|award|pilot|incentive)"
    r"\s+)?(?:program|programme|scheme|status|label|designation|certification|accreditation|award|track)\b",
    re.IGNORECASE,
)
_LAW_RE = re.compile(r"\b(?:Act|Law|Bill|Decree|Ordinance|Regulations?)\b")
_SMALL = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "and",
        "for",
        "on",
        "in",
        "to",
        "at",
        "by",
        "with",
        "or",
        "vs",
        "from",
        "as",
        "is",
    ]
)
_WORD_RE = re.compile(r"[A-Za-z][\w'-]*")
_COLON_INTRO_RE = re.compile(r":\s*$")
_ADVERB_ALT = alternation(ADVERBS)
_ADV_BEFORE_RE = re.compile(rf"(?:\b(?:{_ADVERB_ALT})\s+)+$")
_INDIRECT_AT_RE = re.compile(
    r"(?P<verb>" + SPEECH_VERB_RE.pattern + r")"
    r"(?P<mid>(?:,?\s+[^\s,.;:\"\u201c\u201d]+){0,8}?,?)"
    r"\s+(?P<obj>that\b|establishing\b|introducing\b|expanding\b|creating\b|building\b|setting\b|strengthening\b|"
    r"adopting\b|raising\b|reducing\b|providing\b|developing\b|making\b|allowing\b|granting\b|revising\b)"
)
# "Lee said the exchange should ...": reported speech without "that" (a clause of 4+ words follows).
_BARE_SAID_AT_RE = re.compile(
    r"(?P<verb>\b(?:said|says|added|noted|argued|explained|stressed|estimated|estimates|projected|forecast|"
    r"cautioned|told\s+(?:reporters|journalists|lawmakers|analysts|investors|shareholders)|"
    r"warned|insisted|believes|expects|predicted|claimed|emphasized))(?P<mid>)\s+(?P<obj>(?!that\b|in\b|on\b|at\b|during\b|"
    r"last\b|this\b|yesterday\b|today\b|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Dr\b|Mr\b|Ms\b|Mrs\b|Prof\b)[A-Za-z][\w-]*)"
    r"(?=(?:\s+[^\s\"\u201c\u201d]+){3})"
)
_SPEECH_WORDS = frozenset(w for v in SPEECH_VERBS for w in v.split()[:1]) | {"according"}
_LOWER_WORD_RE = re.compile(r"[a-z]+")
# ", a former prosecutor," or " — a former prosecutor, and until 2018 the minister's aide —"
_APPOS_HEAD_RE = re.compile(
    r"^(?:,\s[^,]{3,120},|\s?[\u2014\u2013]\s?[^\u2014\u2013\"\u201c\u201d]{3,200}?\s?[\u2014\u2013])"
)
_VERB_AFTER_SUBJECT_RE = re.compile(
    r"\s+(?:(?:also|further|then|recently|previously)\s+)?(?:[a-z]+(?:ed|s)|said|told|wrote|spoke)\b"
)
# "David Park was more measured.": a person opening a sentence is its subject whatever the verb
_AUX_AFTER_SUBJECT_RE = re.compile(
    r"\s+(?:was|is|were|are|had|has|did|does|will|would|could|can|remained|remains|seemed|appeared|took|"
    r"went|made|sat|spoke|gave|kept|struck|came|saw|thought|knew|felt|grew|led|ran)\b"
)
# "Liberal MP Marco Mendicino went on ...": capitalised titles before the name still open the sentence
_TITLE_PREFIX_RE = re.compile(r"[\"\u201c]?(?:[A-Z][\w.'\u2019-]*\s+){1,4}")
_SAID_IT_RE = re.compile(r"\b(?:said|says|saying)\s+(?:it|they|that|she|he)$")

_ACCORDING_INTRO_RE = re.compile(r"\b[Aa]ccording to ([^,\"\u201c]{2,80}?),\s*$")
_ACCORDING_AFTER_RE = re.compile(r"[\s,]*according to ([^,.;\"\u201c]{2,80})")
_QUOTE_START_RE = re.compile(r"\s*[\"'\u201c\u2018]")
_ACCORDING_RE = re.compile(r"\b[Aa]ccording to (?P<who>[^,]{2,80}?),\s+")
# "..., according to Kim Min-ji, an analyst at X." / "..., according to Choi.": the source comes last
_ACCORDING_TAIL_RE = re.compile(
    r",\s+according to (?P<who>[^,\"\u201c\u201d]{2,80}?)(?:,[^\"\u201c\u201d]*)?\.?\s*$"
)
# "..., the contract manufacturer said in a regulatory filing Wednesday.": attribution closes the sentence
_SAID_TAIL_RE = re.compile(
    r",\s+(?P<who>(?:the\s+)?[A-Za-z][\w .'&-]{1,60}?)\s+(?:said|says|added|noted|explained|stressed|"
    r"announced|reported|estimated|forecast|projected|told\s+\w+)(?:\s+(?:in|on|at|during|via|through|"
    r"to|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b[^,;\"\u201c\u201d]{0,60})?\.?\s*$"
)
# "Vice President Lee", "Dr. Kim": a full stop in a title is not the end of the name clause.
_NAME_STOP_RE = re.compile(
    r"[,;]|(?<!\bDr)(?<!\bMr)(?<!\bMs)(?<!\bMrs)(?<!\bProf)(?<!\bSt)(?<!\bSen)(?<!\bRep)(?<!\bGov)"
    r"(?<!\bRev)(?<!\bGen)(?<!\bLt)(?<!\bCol)(?<!\bSgt)(?<!\bCapt)(?<!\bJr)(?<!\bSr)(?<!\b[A-Z])\."
)
_ASSESSMENT_OF_RE = re.compile(
    r"(?:That|This|Such|So)\b[^.\"\u201c]{0,30}?\b(?:assessment|view|verdict|conclusion|words?|take|opinion|"
    r"analysis|message|warning|prediction|reaction|response|diagnosis|judgment|judgement)\s+(?:of|from)\s+"
)
# 'called the strategy "ambitious but credible"': an evaluation in quote marks, not a name
_EVAL_CALLED_RE = re.compile(
    r"\b(?:called|calls|calling|described|describes|termed|terms)\s+(?:as\s+)?(?:the|it|this|that|its|their|his|"
    r"her|these|those|them)(?:\s+[a-z][\w-]*){0,3}\s*$"
)
_THAT_CLAUSE_RE = re.compile(r"\bthat\b")
_SAID_THIS_RE = re.compile(
    r"\b(?:said|says|stated|explained|stressed|noted|added|made\s+the\s+remarks?|wrote)\s+(?:this|so|these\s+words)\b"
)
_NAME_APPOS_RE = re.compile(
    r"(?:[A-Z][\w'\u2019-]*\.?\s){1,3}[A-Z][\w'\u2019-]+,\s[^\"\u201c\u201d]{10,180}?,(?=\s)"
)
_INVERTED_VERB_RE = re.compile(r"(?:said|says|added|adds|noted|explained|stressed|wrote)\s+")
_THAT_END_RE = re.compile(r"(?:^|[\s,])that,?$")
_JOINED_RE = re.compile(r"\s*,?\s*(?:and|but|or|then|while)?\s*(?:(?:also|further|then)\s+)?")
_CLAUSE_AFTER_RE = re.compile(r"\s+(?:that|the|it|its|this|these|they|we|how|why|whether)\b")
# '..." said the CEO of a startup.': "the" + a title or source noun ending the clause is a speaker
_THE_SPEAKER_RE = re.compile(
    r"\s+the\s+(?:[\w-]+\s+){0,2}?(?:"
    + alternation(TITLES + ANON_NOUNS)
    + r")(?=\s*(?:[,.;]|$)|\s+(?:of|at|for|from|in|with|who)\b)",
    re.IGNORECASE,
)


_LEAD_PUNCT_RE = re.compile(r"^[\s,\u2014\u2013-]*")


def _content(doc: Doc, q: QSpan) -> tuple[int, int]:
    a, b = q.inner_start, q.inner_end
    t = doc.text
    while a < b and t[a].isspace():
        a += 1
    while b > a and (t[b - 1].isspace() or t[b - 1] == ","):
        b -= 1
    return a, b


def _title_case(words: list[str]) -> bool:
    content = [w for w in words if w.lower() not in _SMALL]
    if not content:
        return False
    caps = sum(1 for w in content if w[0].isupper() or w[0].isdigit())
    return caps / len(content) >= 0.7


class QuoteFinder:
    def __init__(self, doc: Doc, speakers: SpeakerResolver) -> None:
        self.doc = doc
        self.sp = speakers
        self.quotes: list[Quote] = []
        self._last_quote_block = -10
        self._last_speaker: Speaker | None = None
        self._pending_runon: Quote | None = None
        self._speechy: dict[int, list[int]] = {}

    def run(self) -> None:
        doc = self.doc
        by_sentence: dict[int, list[QSpan]] = {}
        for q in doc.qspans:
            by_sentence.setdefault(doc.sentence_at(q.start), []).append(q)
        # Find which reporting verbs occur at all (one C-speed pass), then locate just those.
        speechy: dict[int, list[int]] = {}
        present = _SPEECH_WORDS.intersection(_LOWER_WORD_RE.findall(doc.text.lower()))
        for word in present:
            for form in (word, word.capitalize()):
                for w in re.finditer(rf"{form}(?![A-Za-z])(?<![A-Za-z]{form})", doc.text):
                    speechy.setdefault(doc.sentence_at(w.start()), []).append(w.start())
        for positions in speechy.values():
            positions.sort()
        self._speechy = speechy
        for si, sent in enumerate(doc.sentences):
            kind = doc.blocks[sent.block][0]
            if kind is not BlockKind.PARAGRAPH:
                continue
            spans = sorted(by_sentence.get(si, []), key=lambda q: q.start)
            said = self._sentence_quotes(si, spans)
            indirect = self._indirect(si, spans)
            subject = next(
                (
                    s
                    for s in reversed(said + indirect)
                    if s and s.kind in (SpeakerKind.PERSON, SpeakerKind.ANONYMOUS)
                ),
                None,
            )
            if subject is None:
                subject = self._plain_subject(si, spans)
            self.sp.note_subject(subject, si)

    # -- direct and partial ------------------------------------------------------------------------
    def _sentence_quotes(self, si: int, spans: list[QSpan]) -> list[Speaker | None]:
        doc, text = self.doc, self.doc.text
        sent = doc.sentences[si]
        out: list[Speaker | None] = []
        prev_end = sent.start
        prev_speaker: Speaker | None = None
        for k, q in enumerate(spans):
            a, b = _content(doc, q)
            content = text[a:b]
            nxt_start = spans[k + 1].start if k + 1 < len(spans) else sent.end
            pre = text[prev_end : q.start]
            post = text[q.end : nxt_start]
            # continuation of a quote that ran on from the previous paragraph
            if self._pending_runon is not None and q.start == doc.blocks[q.block][1]:
                pq = self._pending_runon
                upd: dict[str, object] = {"text": pq.text + " " + content, "end": b, "sentence_end": sent.end}
                if pq.speaker is None:  # the attribution may only come at the end of the last paragraph
                    found = self._attribute(
                        q, pre, post, prev_end, prev_speaker, sent.start, sent.end, pq.kind
                    )
                    if found:
                        upd |= {
                            "speaker": found.name,
                            "speaker_id": found.entity_id,
                            "speaker_kind": found.kind,
                            "attributed_by": found.attributed_by,
                        }
                        self._last_speaker = found
                        self.sp.note_subject(found)
                idx = self.quotes.index(pq)
                self.quotes[idx] = pq.model_copy(update=upd)
                self._pending_runon = self.quotes[idx] if q.runs_on else None
                prev_end = q.end
                self._last_quote_block = q.block
                continue
            self._pending_runon = None
            kind = self._classify(q, content, pre, post, sent.start, after_quote=bool(out))
            if kind is None:
                prev_end = q.end
                continue
            speaker = self._attribute(q, pre, post, prev_end, prev_speaker, sent.start, sent.end, kind)
            quote = Quote(
                kind=kind,
                text=content,
                start=a,
                end=b,
                sentence_start=sent.start,
                sentence_end=sent.end,
                speaker=speaker.name if speaker else None,
                speaker_id=speaker.entity_id if speaker else None,
                speaker_kind=speaker.kind if speaker else SpeakerKind.UNKNOWN,
                attributed_by=speaker.attributed_by if speaker else None,
            )
            self.quotes.append(quote)
            if q.runs_on:
                self._pending_runon = quote
            out.append(speaker)
            prev_speaker = speaker or prev_speaker
            if speaker:
                self._last_speaker = speaker
                self.sp.note_subject(speaker, doc.sentence_at(q.start))
            self._last_quote_block = q.block
            prev_end = q.end
        return out

    def _classify(
        self, q: QSpan, content: str, pre: str, post: str, sent_start: int, *, after_quote: bool = False
    ) -> QuoteKind | None:
        words = _WORD_RE.findall(content)
        n = len(words)
        if n == 0:
            return None
        pre_s = pre.rstrip()
        whole = pre.strip() == "" and q.start <= sent_start + 1
        # "noted, 'The issues ...,' and 'If we ...'": a quote joined to the quote just before it
        if after_quote and n >= 4 and _JOINED_RE.fullmatch(pre):
            return QuoteKind.DIRECT if content[:1].isupper() else QuoteKind.PARTIAL
        # 'stated in his remarks at the forum that "Instead of ..."': speech introduced by "that"
        that_intro = _THAT_END_RE.search(pre_s)
        if n >= 4 and that_intro and SPEECH_VERB_RE.search(self.doc.text, sent_start, q.start):
            return QuoteKind.DIRECT if content[:1].isupper() else QuoteKind.PARTIAL
        if n >= 2 and content[:1].islower() and _EVAL_CALLED_RE.search(pre_s[-60:]):
            return QuoteKind.PARTIAL
        if _STATUS_BEFORE_RE.search(pre[-40:]) or _STATUS_AFTER_RE.search(post[:60]):
            return None  # a certification or programme name, even inside reported speech
        pre_verb = SPEECH_VERB_RE.search(pre) or _ACCORDING_INTRO_RE.search(pre)
        # "said in a statement that the plan 'reflects long-standing requests'": reported words, not a name
        reported = bool(
            pre_verb and n >= 3 and content[:1].islower() and _THAT_CLAUSE_RE.search(pre, pre_verb.end())
        )
        if reported and not whole:
            return QuoteKind.PARTIAL
        if _TRAP_BEFORE_RE.search(pre_s[-60:]) or _TRAP_AFTER_RE.search(post[:80]):
            return None
        terminal = content.rstrip("'\u2019\"\u201d)").endswith((".", "!", "?"))
        if _LAW_RE.search(content) and _title_case(words) and not terminal:
            return None
        if _title_case(words) and not terminal and n <= 12:
            return None
        post_attr = self._post_verb(post) is not None or _ACCORDING_AFTER_RE.match(post) is not None
        inner_end = self.doc.text[q.inner_start : q.inner_end].rstrip()[-1:]
        if post_attr and n < 4 and not (inner_end in ",.!?" or post.lstrip()[:1] in ",.!?"):
            post_attr = False  # 'its candidate "efpeglenatide" under development confirmed': a name
        intro = pre_s.endswith((",", ":")) or bool(pre_verb and pre_verb.end() >= len(pre_s) - 1)
        continuing = whole and terminal and n >= 2 and self._last_quote_block == q.block
        # 'said it "fully supports" the plan'
        said_it = n >= 2 and _SAID_IT_RE.search(pre_s[-30:]) is not None
        if n < 4 and not post_attr and not (pre_verb and intro) and not continuing and not said_it:
            return None
        if q.single and (n < 5 or not (post_attr or (pre_verb and intro) or (whole and terminal))):
            return None
        starts_upper = content[:1].isupper() or content[:1].isdigit()
        if whole:
            return QuoteKind.DIRECT
        if _NOUN_SLOT_BEFORE_RE.search(pre_s[-20:]) and (starts_upper or n < 5):
            return None
        if starts_upper and (intro and (pre_verb or _COLON_INTRO_RE.search(pre_s))):
            return QuoteKind.DIRECT
        if not (pre_verb or post_attr or SPEECH_VERB_RE.search(self.doc.text[sent_start : q.start])):
            return None
        return QuoteKind.PARTIAL

    def _post_verb(self, post: str) -> re.Match[str] | None:
        """The speech verb of an attribution right after a quote, in ``post`` coordinates."""
        lead = _LEAD_PUNCT_RE.match(post)
        off = lead.end() if lead else 0
        if off >= len(post) or post[off] in ".;":
            return None
        v = SPEECH_VERB_RE.search(post, off, off + 120)
        if v is not None and v.start() - off <= 90:
            return v
        # '..." Harry J. Kazianis, director of defence studies at the Centre for Y, said': a long
        # appositive may sit between a speaker named right after the quote and the verb
        name = _NAME_APPOS_RE.match(post, off)
        if name is None:
            return None
        return SPEECH_VERB_RE.search(post, name.end(), off + 240)

    def _attribute(
        self,
        q: QSpan,
        pre: str,
        post: str,
        pre_start: int,
        prev: Speaker | None,
        sent_start: int,
        sent_end: int,
        kind: QuoteKind,
    ) -> Speaker | None:
        doc, sp = self.doc, self.sp
        acc = _ACCORDING_INTRO_RE.search(pre)
        if acc:
            found = sp.parse(pre_start + acc.start(1), pre_start + acc.end(1))
            if found:
                return found
        v = SPEECH_VERB_RE.search(pre)
        colon = _COLON_INTRO_RE.search(pre.rstrip())
        if v or colon:
            cut = pre_start + (v.start() if v else len(pre.rstrip()) - 1)
            found = sp.parse(pre_start, cut)
            if found:
                return found
            if prev:
                return prev
            if pre_start > sent_start:
                found = sp.parse(sent_start, cut)
                if found:
                    return found
        elif pre_start > sent_start:
            # 'Noh, chairman of X, stated in his remarks at the "forum" held ... that "..."': the verb
            # sits before an earlier quoted title in the same sentence
            sv = max(
                SPEECH_VERB_RE.finditer(doc.text, sent_start, pre_start),
                key=lambda m: m.start(),
                default=None,
            )
            if sv is not None:
                found = sp.parse(sent_start, sv.start())
                if found:
                    return found
        acc_after = _ACCORDING_AFTER_RE.match(post)
        if acc_after:
            found = sp.parse(q.end + acc_after.start(1), q.end + acc_after.end(1))
            if found:
                return found
        # attribution after the quote: '..." Kim said' or '..." said Kim, CEO of X'
        vm = self._post_verb(post)
        if vm is not None:
            off = len(post) - len(post.lstrip(" ,\u2014\u2013-"))
            rest_start = q.end + off
            before = sp.parse(rest_start, q.end + vm.start())
            if before:
                return before
            after_end = q.end + vm.end()
            # '..." noting that Kobis has ...': a clause follows the verb, not a speaker;
            # '..." she told CTV News': whoever is told is the listener, never the speaker
            listener = vm.group().startswith(("told", "tell"))
            if not listener and (
                not _CLAUSE_AFTER_RE.match(doc.text, after_end)
                or _THE_SPEAKER_RE.match(doc.text, after_end, sent_end)
            ):
                stop = _NAME_STOP_RE.search(doc.text, after_end, sent_end)
                after = sp.parse(after_end, stop.start() if stop else sent_end)
                if after:
                    return after
        if prev:
            return prev
        if kind is QuoteKind.PARTIAL:
            found = sp.parse(sent_start, q.start)
            if found:
                return found
        # previous sentence ends with a colon introducing the quote
        si = doc.sentence_at(q.start)
        if si > 0:
            ps = doc.sentences[si - 1]
            ptxt = doc.text[ps.start : ps.end].rstrip()
            if ptxt.endswith(":") and ps.block >= q.block - 1:
                found = sp.parse(ps.start, ps.end)
                if found:
                    return found
        # '"..." That was the assessment of Cho Hyun-woo, ...': the next sentence names whose words they were
        if si + 1 < len(doc.sentences) and doc.sentences[si + 1].block == q.block and q.end >= sent_end - 1:
            ns = doc.sentences[si + 1]
            am = _ASSESSMENT_OF_RE.match(doc.text, ns.start, ns.end)
            if am:
                stop = _NAME_STOP_RE.search(doc.text, am.end(), ns.end)
                found = sp.parse(am.end(), stop.start() if stop else ns.end)
                if found and found.kind is SpeakerKind.PERSON:
                    return Speaker(found.kind, found.name, found.entity_id, "name")
        # 'Tim Guest says there are many reasons.' then a paragraph that is only a quote: the subject
        # who spoke in the sentence just before the quote's paragraph says it
        opens_block = q.start == doc.blocks[q.block][1]
        if (
            opens_block
            and si > 0
            and sp.last_subject
            and sp.last_subject_sentence == si - 1
            and doc.sentences[si - 1].block == q.block - 1
            and not self._quote_in_sentence(si - 1)
        ):
            return sp.person(sp.last_subject, "continuation")
        # '"..."' then 'Kim Young-joo, head of X, said this at a debate ...': the next paragraph says whose
        found = self._next_paragraph_speaker(q, si) if opens_block else None
        if found is not None:
            return found
        # continuation: same speaker as the quote just before, in this or the previous paragraph
        if self._last_speaker and self._last_quote_block >= q.block - 1:
            ls = self._last_speaker
            return Speaker(ls.kind, ls.name, ls.entity_id, "continuation")
        # '"We lost the bid." Kim said so at the briefing.': attribution in the next, short sentence
        if si + 1 < len(doc.sentences) and doc.sentences[si + 1].block == q.block and q.end >= sent_end - 1:
            ns = doc.sentences[si + 1]
            head = doc.text[ns.start : min(ns.end, ns.start + 60)]
            nv = SPEECH_VERB_RE.search(head)
            if nv and not _QUOTE_START_RE.match(head):
                found = sp.parse(ns.start, ns.start + nv.start())
                if found and found.kind is SpeakerKind.PERSON:
                    return found
        # 'Kim said the plan was flawed. "It ignores the data."': the previous sentence's subject
        if (
            sp.last_subject
            and sp.last_subject_sentence == si - 1
            and si > 0
            and doc.sentences[si - 1].block == q.block
        ):
            return sp.person(sp.last_subject, "continuation")
        return None

    def _next_paragraph_speaker(self, q: QSpan, si: int) -> Speaker | None:
        """The person who 'said this' in the sentence opening the paragraph after a quote-only one."""
        doc = self.doc
        last = doc.sentence_at(doc.blocks[q.block][2] - 1)
        if last + 1 >= len(doc.sentences) or doc.sentences[last].end < q.end:
            return None  # the quote's paragraph goes on after it, or nothing follows
        ns = doc.sentences[last + 1]
        if ns.block != q.block + 1 or doc.blocks[ns.block][0] is not BlockKind.PARAGRAPH:
            return None
        m = _SAID_THIS_RE.search(doc.text, ns.start, min(ns.end, ns.start + 240))
        if m is None or _QUOTE_START_RE.search(doc.text[ns.start : m.start()]):
            return None
        found = self.sp.parse(ns.start, m.start())
        return found if found is not None and found.kind is SpeakerKind.PERSON else None

    def _quote_in_sentence(self, si: int) -> bool:
        sent = self.doc.sentences[si]
        return any(sent.start <= q.start < sent.end and q.kind is not QuoteKind.INDIRECT for q in self.quotes)

    # -- indirect ------------------------------------------------------------------------------------
    def _indirect(self, si: int, spans: list[QSpan]) -> list[Speaker | None]:
        doc, text = self.doc, self.doc.text
        sent = doc.sentences[si]
        stext = text[sent.start : sent.end]
        out: list[Speaker | None] = []
        if si not in self._speechy:
            return out
        quoted = [(q.start - sent.start, q.end - sent.start) for q in spans]
        if not quoted:
            inverted = self._inverted_attribution(si)
            if inverted is not None:
                return [inverted]
        found_m = None
        for pos in self._speechy[si]:  # the first reporting verb that introduces a clause
            m = _INDIRECT_AT_RE.match(text, pos, sent.end)
            if m is not None and (m.group("obj") == "that" or not m.group("mid").strip()):
                found_m = m  # "proposed establishing" must be adjacent; only "that" may sit after an object
                break
            m = _BARE_SAID_AT_RE.match(text, pos, sent.end)
            if m:
                found_m = m
                break
        if found_m is not None:
            m = found_m
            rel_verb = m.start("verb") - sent.start
            if not any(a <= rel_verb < b for a, b in quoted) and not (
                _QUOTE_START_RE.match(text, m.end("obj")) or _QUOTE_START_RE.match(text, m.end("verb"))
            ):
                adv = _ADV_BEFORE_RE.search(text, max(sent.start, m.start() - 40), m.start())
                vstart = (adv.start() if adv else m.start()) - sent.start
                clause_start = max([0, *[b for a, b in quoted if b <= vstart]])
                speaker = self.sp.parse(sent.start + clause_start, sent.start + vstart)
                if speaker is None and clause_start > 0 and m.group("verb").endswith("ing"):
                    # '..., called the plan "credible," noting that ...': the sentence subject speaks
                    speaker = self.sp.parse(sent.start, sent.start + vstart)
                if speaker is not None:
                    end = len(stext.rstrip().rstrip("."))
                    qa, qb = sent.start + vstart, sent.start + end
                    self._add_reported(qa, qb, sent, speaker)
                    out.append(speaker)
                    self.sp.note_subject(speaker)
        if not out and not quoted:
            tail = self._tail_attribution(si)
            if tail is not None:
                out.append(tail)
        m2 = _ACCORDING_RE.search(stext) if "ccording to " in stext else None
        if (
            m2
            and not any(a <= m2.start() < b for a, b in quoted)
            and not _QUOTE_START_RE.match(stext, m2.end())
        ):
            who_a = sent.start + m2.start("who")
            speaker = self.sp.parse(who_a, sent.start + m2.end("who"))
            if speaker is not None:
                qa = sent.start + m2.end()
                qb = sent.start + len(stext.rstrip().rstrip("."))
                if qb > qa:
                    self._add_reported(qa, qb, sent, speaker)
                    out.append(speaker)
        return out

    def _inverted_attribution(self, si: int) -> Speaker | None:
        """ "Conditions have improved, said Sang-Jin Pak, executive vice president of ...": the person
        named right after a closing "said" reported what comes before it."""
        doc, text = self.doc, self.doc.text
        sent = doc.sentences[si]
        for pos in self._speechy.get(si, ()):
            if pos < sent.start + 15 or text[pos - 2 : pos] != ", ":
                continue
            vm = _INVERTED_VERB_RE.match(text, pos, sent.end)
            if vm is None:
                continue
            who = next(iter(self.sp.persons_in(vm.end(), vm.end() + 1)), None)
            if who is None:
                continue
            speaker = self.sp.person(who.entity_id, "name" if " " in who.text else "surname")
            self._add_reported(sent.start, pos - 2, sent, speaker)
            self.sp.note_subject(speaker, si)
            return speaker
        return None

    def _add_reported(self, qa: int, qb: int, sent: Sentence, speaker: Speaker) -> None:
        """Reported speech: the clause ``text[qa:qb]`` of ``sent``, credited to ``speaker``."""
        self.quotes.append(
            Quote(
                kind=QuoteKind.INDIRECT,
                text=self.doc.text[qa:qb],
                start=qa,
                end=qb,
                sentence_start=sent.start,
                sentence_end=sent.end,
                speaker=speaker.name,
                speaker_id=speaker.entity_id,
                speaker_kind=speaker.kind,
                attributed_by=speaker.attributed_by,
            )
        )

    def _tail_attribution(self, si: int) -> Speaker | None:
        """Reported speech whose source closes it: '..., according to Choi.' / '..., the firm said.'"""
        doc, text = self.doc, self.doc.text
        sent = doc.sentences[si]
        stext = text[sent.start : sent.end]
        m = _ACCORDING_TAIL_RE.search(stext) if "according to" in stext else None
        if (m is None or m.start() < 10) and "," in stext:
            m = _SAID_TAIL_RE.search(stext)
        if m is None or m.start() < 10:
            return None
        # "according to the Ministry of Trade, Industry and Energy.": the source may run past a comma
        who_end = m.end("who") if m.re is _SAID_TAIL_RE else m.end()
        speaker = self.sp.parse(sent.start + m.start("who"), sent.start + who_end)
        if speaker is None or speaker.kind is SpeakerKind.UNKNOWN:
            return None
        qa, qb = sent.start, sent.start + m.start()
        self._add_reported(qa, qb, sent, speaker)
        return speaker

    def _plain_subject(self, si: int, spans: list[QSpan]) -> Speaker | None:
        """A person who is the grammatical subject of a sentence without quotes ("Cho emphasized ...")."""
        doc, text = self.doc, self.doc.text
        sent = doc.sentences[si]
        for m in self.sp.persons_in(sent.start, sent.end):
            if doc.in_quote(m.start):
                continue
            after = _APPOS_HEAD_RE.sub("", text[m.end : min(sent.end, m.end + 160)])
            if _VERB_AFTER_SUBJECT_RE.match(after):
                return self.sp.person(m.entity_id, "name")
            opens = (
                m.start <= sent.start + 1 or _TITLE_PREFIX_RE.fullmatch(text, sent.start, m.start) is not None
            )
            if opens and _AUX_AFTER_SUBJECT_RE.match(after):
                return self.sp.person(m.entity_id, "name")
        return None
