"""User query syntax -> Whoosh query, parsed by hand so every odd input has a defined meaning.

Syntax: words (all must match), "exact phrases", AND / OR / NOT (upper case), -word, (groups),
prefix*, and fields person: org: outlet: title: date:.  Unbalanced quotes and parentheses are
closed for the user; things that cannot mean anything (a lone NOT, `person:` with nothing after
it, a 2-letter prefix) raise QuerySyntaxError with a one-line message.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from whoosh import query as wq

from kbio_tui.index.api import QuerySyntaxError
from kbio_tui.index.schema import KIND_ARTICLE, TEXT_FIELDS, build_schema

MAX_QUERY_CHARS = 1000
MAX_CLAUSES = 40
MIN_PREFIX = 3
FIELDS = ("person", "org", "outlet", "title", "date")
# Opening mark -> closing mark. A closing curly quote typed first (some keyboards type ” for both)
# opens a phrase too, so no quote mark is ever left for the word branch, which would not consume it.
_QUOTES = {'"': '"', "\u201c": "\u201d", "\u201e": "\u201d", "\u00ab": "\u00bb", "\u201d": "\u201d"}
MAX_NESTING = 32  # parentheses and NOT/- chains: deeper than any real query, far below Python's stack
_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)

_SCHEMA = build_schema()
_analyzer = _SCHEMA["content"].analyzer
assert _analyzer is not None  # a text field always has one
_TEXT_ANALYZER = _analyzer


def analyze(text: str) -> list[str]:
    """The indexed terms of ``text`` (stemmed, lower-case, stop words dropped)."""
    return [t.text for t in _TEXT_ANALYZER(text)]


# ---- AST ------------------------------------------------------------------------------------------


@dataclass
class Node:
    op: str  # and | or | not | word | prefix | phrase | field
    value: str = ""
    children: list[Node] = field(default_factory=list)
    fieldname: str = ""


# ---- lexer ----------------------------------------------------------------------------------------


@dataclass
class Tok:
    kind: str  # ( ) word phrase field op neg
    text: str


_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?")


def clean(text: str) -> str:
    """Terminal escape sequences and control characters become spaces (only noise in a query)."""
    text = _ESCAPES.sub(" ", text)
    return "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in text)


def lex(text: str, notes: list[str]) -> list[Tok]:
    toks: list[Tok] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c in "()":
            toks.append(Tok(c, c))
            i += 1
        elif c in _QUOTES:
            close = _QUOTES[c]
            j = text.find(close, i + 1)
            end = n if j < 0 else j
            if j < 0 and text[i + 1 :].strip():
                notes.append(f"no closing {close}: assumed one at the end of the query")
            toks.append(Tok("phrase", text[i + 1 : end]))
            i = end + 1
        elif c == "-" and i + 1 < n and not text[i + 1].isspace() and (not toks or toks[-1].kind != "field"):
            toks.append(Tok("neg", "-"))
            i += 1
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in '()"\u201c\u201d':
                j += 1
            if j == i:  # a mark no branch consumes: skip it, so the lexer always advances
                i += 1
                continue
            word = text[i:j]
            i = j
            name, colon, rest = word.partition(":")
            if colon and name.isalpha():
                if name.lower() in FIELDS:
                    toks.append(Tok("field", name.lower()))
                    if rest:
                        toks.append(Tok("word", rest))
                    continue
                shown = name if len(name) <= 12 else name[:11] + "…"
                # short enough for an 80-column line after "kbio-tui: bad query: " (fields: README)
                notes.append(f"{shown}: is not a field, searched as words")
                toks.append(Tok("word", name))
                if rest:
                    toks.append(Tok("word", rest))
                continue
            if word in ("AND", "OR", "NOT", "&&", "||"):
                toks.append(Tok("op", {"&&": "AND", "||": "OR"}.get(word, word)))
            else:
                toks.append(Tok("word", word))
    return toks


# ---- parser ---------------------------------------------------------------------------------------


class _Parser:
    def __init__(self, toks: list[Tok], notes: list[str] | None = None):
        self.toks = _drop_stray_closers(toks, notes if notes is not None else [])
        self.i = 0
        _check_nesting(self.toks)

    def peek(self) -> Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> Tok:
        t = self.toks[self.i]
        self.i += 1
        return t

    def parse(self) -> Node | None:
        nodes: list[Node] = []
        while (t := self.peek()) is not None:
            if t.kind == ")":  # a stray closing parenthesis: ignore it
                self.take()
                continue
            node = self.parse_or()
            if node is not None:
                nodes.append(node)
        return _join("and", nodes)

    def parse_or(self) -> Node | None:
        parts = [self.parse_and()]
        while (t := self.peek()) is not None and t.kind == "op" and t.text == "OR":
            self.take()
            nxt = self.parse_and()
            if nxt is None:
                raise QuerySyntaxError("OR needs something on both sides, e.g. samsung OR celltrion")
            parts.append(nxt)
        if len(parts) > 1 and parts[0] is None:
            raise QuerySyntaxError("OR needs something on both sides, e.g. samsung OR celltrion")
        return _join("or", [p for p in parts if p is not None])

    def parse_and(self) -> Node | None:
        parts: list[Node] = []
        while (t := self.peek()) is not None and t.kind != ")" and not (t.kind == "op" and t.text == "OR"):
            if t.kind == "op" and t.text == "AND":
                self.take()
                after = self.peek()
                if not parts or after is None or after.kind == ")":
                    raise QuerySyntaxError("AND needs something on both sides, e.g. biosimilar AND approval")
                continue
            node = self.parse_unary()
            if node is not None:
                parts.append(node)
        return _join("and", parts)

    def parse_unary(self) -> Node | None:
        t = self.peek()
        if t is not None and (t.kind == "neg" or (t.kind == "op" and t.text == "NOT")):
            self.take()
            nxt = self.peek()
            if nxt is None or nxt.kind in (")",) or nxt.kind == "op":
                raise QuerySyntaxError(
                    f"{t.text} needs a word after it, e.g. {t.text}{'' if t.kind == 'neg' else ' '}rumor"
                )
            inner = self.parse_unary()
            return Node("not", children=[inner]) if inner is not None else None
        return self.parse_atom("")

    def parse_atom(self, fieldname: str) -> Node | None:
        t = self.take()
        if t.kind == "(":
            inner = self.parse_or()
            if (close := self.peek()) is not None and close.kind == ")":
                self.take()
            return _with_field(inner, fieldname) if inner is not None else None
        if t.kind == "field":
            nxt = self.peek()
            if nxt is None or nxt.kind not in ("word", "phrase", "("):
                raise QuerySyntaxError(f"'{t.text}:' needs a value, e.g. {_EXAMPLES[t.text]}")
            if t.text == "date" and nxt.kind != "word":
                raise QuerySyntaxError(f"'date:' needs a value, e.g. {_EXAMPLES['date']}")
            return self.parse_atom(t.text)
        if t.kind == "phrase":
            return Node("phrase", t.text, fieldname=fieldname) if t.text.strip() else None
        if t.kind == "op":  # an operator where a word belongs, e.g. "AND OR": treat as the word
            return Node("word", t.text.lower(), fieldname=fieldname)
        if t.kind == "neg":
            return None
        word = t.text
        if fieldname == "date":
            return Node("field", word, fieldname="date")
        if word.endswith("*"):
            stem = word.rstrip("*")
            letters = "".join(_WORD_RE.findall(stem))
            if len(letters) < MIN_PREFIX:
                raise QuerySyntaxError(
                    f"prefix '{word}' is too short: give at least {MIN_PREFIX} letters before the *"
                )
            return Node("prefix", letters.lower(), fieldname=fieldname)
        if not _WORD_RE.search(word):
            return None
        return Node("word", word, fieldname=fieldname)


def _check_nesting(toks: list[Tok]) -> None:
    """The parser recurses once per parenthesis and per NOT: refuse depths no real query has."""
    depth = chain = 0
    for t in toks:
        if t.kind == "(":
            depth += 1
        elif t.kind == ")":
            depth -= 1
        negation = t.kind == "neg" or (t.kind == "op" and t.text == "NOT")
        chain = chain + 1 if negation else 0
        if depth > MAX_NESTING or chain > MAX_NESTING:
            raise QuerySyntaxError(f"the query nests too deeply (at most {MAX_NESTING} parentheses or NOTs)")


def _drop_stray_closers(toks: list[Tok], notes: list[str]) -> list[Tok]:
    """Drop each ``)`` that closes nothing; say so, and say when ``(`` is left open (the parser
    closes it at the end)."""
    out, depth, stray = [], 0, 0
    for t in toks:
        if t.kind == ")":
            if depth == 0:
                stray += 1
                continue
            depth -= 1
        elif t.kind == "(":
            depth += 1
        out.append(t)
    if stray:
        notes.append("a ) with no ( was ignored" if stray == 1 else f"{stray} ) with no ( were ignored")
    if depth:
        notes.append(
            "no closing ): assumed one at the end"
            if depth == 1
            else f"{depth} ( left open: closed at the end"
        )
    return out


_EXAMPLES = {
    "person": 'person:"Kim Jin-gu"',
    "org": "org:KPBMA",
    "outlet": "outlet:yonhap",
    "title": "title:biosimilar",
    "date": "date:2025-12..2026-02",
}


def _with_field(node: Node, fieldname: str) -> Node:
    if not fieldname:
        return node
    if node.op in ("word", "prefix", "phrase") and not node.fieldname:
        node.fieldname = fieldname
    for c in node.children:
        _with_field(c, fieldname)
    return node


def _join(op: str, nodes: list[Node]) -> Node | None:
    if not nodes:
        return None
    return nodes[0] if len(nodes) == 1 else Node(op, children=nodes)


# ---- dates ----------------------------------------------------------------------------------------

_DATE_RE = re.compile(r"^(\d{4})(?:[-./](\d{1,2})(?:[-./](\d{1,2}))?)?$")
_DATE_HELP = "date: takes YYYY, YYYY-MM or YYYY-MM-DD, or a range like date:2025-12..2026-02"


def _period(text: str) -> tuple[date, date]:
    """[start, end) of a year, month or day."""
    m = _DATE_RE.match(text)
    if not m:
        raise QuerySyntaxError(f"'{text}' is not a date; {_DATE_HELP}")
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    try:
        if d:
            start = date(y, int(mo), int(d))
            end = start + timedelta(days=1)
        elif mo:
            start = date(y, int(mo), 1)
            end = _next_month(start)
        else:
            start, end = date(y, 1, 1), date(y + 1, 1, 1)
    except (ValueError, OverflowError):
        raise QuerySyntaxError(f"'{text}' is not a real date; {_DATE_HELP}") from None
    return start, end


def _next_month(d: date) -> date:
    return date(d.year + 1, 1, 1) if d.month == 12 else date(d.year, d.month + 1, 1)


# Open ranges (date:2025.. or date:..2019) run to these; a briefing outside them has no date terms.
FIRST_DATE = date(1900, 1, 1)
LAST_DATE = date(2200, 1, 1)


def date_range(text: str) -> tuple[date, date]:
    """[start, end) of a date: value (one period, or lo..hi with either side open)."""
    if ".." in text:
        lo, _, hi = text.partition("..")
        if not lo and not hi:
            raise QuerySyntaxError(_DATE_HELP)
        start = _period(lo)[0] if lo else FIRST_DATE
        end = _period(hi)[1] if hi else LAST_DATE
    else:
        start, end = _period(text)
    start, end = max(start, FIRST_DATE), min(end, LAST_DATE)
    if start >= end:
        raise QuerySyntaxError(f"date range '{text}' is empty: the start is after the end")
    return start, end


def date_cover(start: date, end: date) -> list[str]:
    """The fewest year, month and day terms (see docs.date_terms) that cover [start, end) exactly.

    A NUMERIC range query expands to dozens of trie terms per segment and was the slowest kind of
    query (p95 480 ms at 10k articles); 2025-12..2026-02 is three month terms here."""
    out: list[str] = []
    cur = start
    while cur < end:
        if cur.month == 1 and cur.day == 1 and date(cur.year + 1, 1, 1) <= end:
            out.append(f"{cur.year:04d}")
            cur = date(cur.year + 1, 1, 1)
        elif cur.day == 1 and _next_month(cur) <= end:
            out.append(f"{cur.year:04d}-{cur.month:02d}")
            cur = _next_month(cur)
        else:
            out.append(cur.isoformat())
            cur += timedelta(days=1)
    return out


# ---- compile to Whoosh ----------------------------------------------------------------------------

Expander = Callable[[str, str], tuple[list[str], int]]  # (field, prefix) -> (terms, total matched)
# ("person" or "org", the name of such a clause) -> (other names the clause stands for, a query of more
# articles it matches, a query of the articles it must no longer match): how the analysts'
# corrections reach a name clause (the reader supplies it)
NameHook = Callable[[str, str], tuple[list[str], wq.Query | None, wq.Query | None]]


@dataclass
class Compiled:
    query: wq.Query | None  # None: the query asks for everything (newest first)
    terms: list[str]
    messages: list[str]
    partial: bool = False
    prefixes: list[str] = field(default_factory=list)
    assumed: list[str] = field(default_factory=list)  # the query was malformed; what was assumed
    # what the reader highlights as a unit: single words and prefixes, phrases (each one hit), and
    # the (field, name) of person: / org: clauses, whose own mentions are marked
    words: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    names: list[tuple[str, str]] = field(default_factory=list)


class _Compiler:
    def __init__(self, expander: Expander | None, names: NameHook | None = None):
        self.expander = expander
        self.name_hook = names
        self.terms: list[str] = []
        self.messages: list[str] = []
        self.partial = False
        self.clauses = 0
        self.prefixes: list[str] = []
        self.assumed: list[str] = []
        self.words: list[str] = []
        self.phrases: list[str] = []
        self.names: list[tuple[str, str]] = []

    def count(self) -> None:
        self.clauses += 1
        if self.clauses > MAX_CLAUSES:
            raise QuerySyntaxError(f"query has too many terms (the limit is {MAX_CLAUSES})")

    def note_terms(self, text: str, positive: bool) -> None:
        if positive:
            for w in _WORD_RE.findall(text):
                if w.lower() not in (t.lower() for t in self.terms):
                    self.terms.append(w)

    def build(self, node: Node, positive: bool = True) -> wq.Query | None:
        if node.op in ("and", "or"):
            subs = [q for c in node.children if (q := self.build(c, positive)) is not None]
            if not subs:
                return None
            if len(subs) == 1:
                return subs[0]
            return wq.And(subs) if node.op == "and" else wq.Or(subs)
        if node.op == "not":
            inner = self.build(node.children[0], not positive)
            return wq.Not(inner) if inner is not None else None
        self.count()
        f = node.fieldname
        if f == "date":
            terms = date_cover(*date_range(node.value))
            # a constant score, as NUMERIC ranges had: a date narrows the hits, it does not rank them
            return wq.ConstantScoreQuery(wq.Or([wq.Term("a_date", t) for t in terms]))
        if f in ("person", "org", "outlet"):
            if positive and f != "outlet" and node.op != "prefix":
                self.names.append((f, node.value))
            fieldname = {"person": "people", "org": "orgs", "outlet": "outlet"}[f]
            q = self.name_query(node, fieldname, positive)
            if q is None or f == "outlet" or node.op == "prefix" or self.name_hook is None:
                return q
            more, also, gone = self.name_hook(f, node.value)
            alts = [q, *(a for n in more if (a := self.name_terms(n, fieldname)) is not None)]
            if also is not None:
                alts.append(also)
            q = alts[0] if len(alts) == 1 else wq.Or(alts)
            return q if gone is None else wq.And([q, wq.Not(gone)])
        fields = {"title": 1.0} if f == "title" else TEXT_FIELDS
        if node.op == "prefix":
            if positive:
                self.terms.append(node.value)
                self.prefixes.append(node.value)
                self.words.append(node.value)
            return self.prefix(node.value, fields)
        self.note_terms(node.value, positive)
        words = analyze(node.value)
        if not words:
            return None
        if positive:
            spoken = _WORD_RE.findall(node.value)
            if len(spoken) > 1:
                self.phrases.append(" ".join(spoken))
            else:
                self.words.extend(w for w in spoken if w not in self.words)
        per_field: list[wq.Query] = []
        for name, boost in fields.items():
            if len(words) == 1:
                per_field.append(wq.Term(name, words[0], boost=boost))
            else:
                per_field.append(wq.Phrase(name, words, boost=boost))
        return per_field[0] if len(per_field) == 1 else wq.Or(per_field)

    def name_query(self, node: Node, fieldname: str, positive: bool) -> wq.Query | None:
        if node.op == "prefix":
            if positive:
                self.terms.append(node.value)
                self.prefixes.append(node.value)
            return self.prefix(node.value, {fieldname: 1.0})
        self.note_terms(node.value, positive)
        return self.name_terms(node.value, fieldname)

    @staticmethod
    def name_terms(name: str, fieldname: str) -> wq.Query | None:
        """Every word of a name in a name field (a hyphenated word whole or in its pieces)."""
        parts: list[wq.Query] = []
        for word in re.findall(r"[^\W_]+(?:-[^\W_]+)*", name.casefold()):
            pieces = word.split("-")
            if len(pieces) == 1:
                parts.append(wq.Term(fieldname, word))
            else:
                parts.append(
                    wq.Or(
                        [wq.Term(fieldname, "".join(pieces)), wq.And([wq.Term(fieldname, p) for p in pieces])]
                    )
                )
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else wq.And(parts)

    def prefix(self, prefix: str, fields: dict[str, float]) -> wq.Query | None:
        if self.expander is None:
            return wq.Or([wq.Prefix(f, prefix) for f in fields])
        subs: list[wq.Query] = []
        for name, boost in fields.items():
            terms, total = self.expander(name, prefix)
            if total > len(terms):
                self.partial = True
                msg = f"'{prefix}*' matches {total} words; searched the {len(terms)} most common"
                if msg not in self.messages:
                    self.messages.append(msg)
            subs.extend(wq.Term(name, t, boost=boost) for t in terms)
        if not subs:
            return wq.NullQuery
        return wq.Or(subs)


def compile_query(text: str, expander: Expander | None = None, names: NameHook | None = None) -> Compiled:
    """Parse and compile; the result is restricted to article documents.  ``names`` widens or
    narrows person: and org: clauses (see ``NameHook``)."""
    if len(text) > MAX_QUERY_CHARS:
        raise QuerySyntaxError(f"query is too long ({len(text)} characters; the limit is {MAX_QUERY_CHARS})")
    notes: list[str] = []  # what was assumed about a malformed query, one short line each
    toks = lex(clean(text), notes)
    ast = _Parser(toks, notes).parse()
    comp = _Compiler(expander, names)
    comp.messages.extend(notes)
    comp.assumed.extend(notes)
    q = comp.build(ast) if ast is not None else None
    if q is None:
        if any(t.kind in ("word", "phrase") for t in toks):
            return Compiled(
                wq.NullQuery, [], [*comp.messages, "no words to search for"], assumed=comp.assumed
            )
        return Compiled(None, [], comp.messages, assumed=comp.assumed)
    if not _positive(q):  # only a NOT-only query could match other kinds of document
        q = wq.And([wq.Term("kind", KIND_ARTICLE), q])
    return Compiled(
        q,
        comp.terms,
        comp.messages,
        comp.partial,
        comp.prefixes,
        comp.assumed,
        words=comp.words,
        phrases=comp.phrases,
        names=comp.names,
    )


def _positive(q: wq.Query) -> bool:
    """True when every match must contain an article-only field (so no kind filter is needed:
    intersecting with every article costs more than the query itself)."""
    if isinstance(q, wq.Not):
        return False
    if isinstance(q, wq.And):
        return any(_positive(c) for c in q.subqueries)
    if isinstance(q, wq.Or):
        return all(_positive(c) for c in q.subqueries)
    return True


def highlight_terms(text: str) -> tuple[set[str], list[str]]:
    """Stems and prefixes to highlight for a query; never raises (snippets must not fail)."""
    try:
        comp = compile_query(text[:MAX_QUERY_CHARS])
    except QuerySyntaxError:
        return set(), []
    stems: set[str] = set()
    for t in comp.terms:
        if t not in comp.prefixes:
            stems.update(analyze(t))
            stems.add(t.lower())
    return stems, list(comp.prefixes)
