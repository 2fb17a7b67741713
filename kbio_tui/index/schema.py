"""The on-disk layout: one Whoosh index holding four document kinds, plus a small meta file.

One index: a batch of articles, their blobs, the entity cards they change and their source records
land in a single atomic commit, and one write lock guards everything.  Field names are prefixed per
kind, so a text query can only ever match article documents.

An article costs one article document (its quotes stored on it by speaker, compressed; entity and
speaker ids indexed with a frequency), a blob (the compressed Article) and a source record.  Entity counts
are read from the inverted index (doc frequency and term weight), so ingesting an article never
rewrites the documents of the entities it mentions; an entity card is rewritten only when it gains
a name, role or organisation.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

from whoosh import fields, formats
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemmingAnalyzer
from whoosh.analysis.tokenizers import default_pattern
from whoosh.lang.porter import stem
from whoosh.system import pack_uint

from kbio_tui.errors import SchemaMismatchError
from kbio_tui.index.front_page import INDEX_NAME as INDEX_NAME  # the name Whoosh files the index under
from kbio_tui.safe_write import current_umask

SCHEMA_VERSION = 5
META_FILE = "kbio_meta.json"

KIND_ARTICLE = "article"
KIND_ENTITY = "entity"
KIND_SOURCE = "source"
KIND_BLOB = "blob"

# Kinds of entity aggregated across articles.  Figures and dates are values of one article
# ("$5.3 billion", "last January"): counting them across the index means nothing, and giving each
# its own document would make most of the index entity documents.
AGGREGATED_TYPES = frozenset({"person", "org", "product", "law", "place"})

# Text fields a plain word searches, with their weights.  The title is part of `content` too: one
# term per word instead of an OR over two fields halves the cost of every multi-word query.
TEXT_FIELDS = {"content": 1.0}
PREFIX_FIELD = "content"


def _text_analyzer():
    # No stop list and no minimum length: "phase 3" must not match "phase 2", and a stop filter
    # renumbers positions so the phrase "a b" would match "a the b".
    return StemmingAnalyzer(stoplist=None, minsize=1)


def _id_list_analyzer():
    # One id per line: ids may hold commas or spaces, never a newline.
    return RegexTokenizer(r"[^\n]+")


def _counted_ids() -> fields.TEXT:
    """Ids repeated once per occurrence: term weight and doc frequency are then the counts."""
    return PText(analyzer=_id_list_analyzer(), phrase=False)


class Analyzed(list):
    """A field value already run through its field's analyzer: ``(term bytes, freq, weight, value
    bytes)`` postings.  Extraction workers analyze the text, so the single writer process only adds
    postings; tokenising and stemming were a third of its time, and it is the ingest bottleneck."""


class _PreAnalyzable:
    def index(self, value, **kwargs):  # type: ignore[no-untyped-def]
        if isinstance(value, Analyzed):
            return iter(value)
        return super().index(value, **kwargs)  # type: ignore[misc]


class PText(_PreAnalyzable, fields.TEXT):
    """TEXT that also takes an ``Analyzed`` value."""


# How each pre-analysed field's analyzer reads text: (token pattern, lowercase, stem).  Whoosh's
# analyzer chain costs a generator step per token per filter; the same result from one loop is
# several times faster.  tests/test_index_analysis.py holds the two to identical postings.
_TEXT_PATTERN = default_pattern
_NAME_PATTERN = re.compile(r"[^\W_]+")
_ID_LIST_PATTERN = re.compile(r"[^\n]+")
_FAST: dict[str, tuple[re.Pattern[str], bool, bool]] = {
    "title": (_TEXT_PATTERN, True, True),
    "content": (_TEXT_PATTERN, True, True),
    "outlet": (_NAME_PATTERN, True, False),
    "people": (_NAME_PATTERN, True, False),
    "orgs": (_NAME_PATTERN, True, False),
    "a_ents": (_ID_LIST_PATTERN, False, False),
    "a_speakers": (_ID_LIST_PATTERN, False, False),
}
_stems: dict[str, str] = {}


def _stem(word: str) -> str:
    got = _stems.get(word)
    if got is None:
        if len(_stems) > 200_000:
            _stems.clear()
        got = _stems[word] = stem(word)
    return got


def analyze(schema: fields.Schema, fieldname: str, value: str) -> Analyzed:
    """The postings ``schema[fieldname].index(value)`` gives, computed without the filter chain."""
    how = _FAST.get(fieldname)
    field = schema[fieldname]
    if how is None:
        return Analyzed(field.index(value))
    pattern, lower, stemmed = how
    fmt = field.format
    if lower:
        words = [m.group().lower() for m in pattern.finditer(value)]
    else:
        words = [m.group() for m in pattern.finditer(value)]
    if stemmed:
        words = [_stem(w) for w in words]
    assert fmt is not None  # every pre-analysed field has a format
    boost = fmt.field_boost
    if isinstance(fmt, formats.Positions):
        poses: dict[str, list[int]] = {}
        for i, w in enumerate(words):
            poses.setdefault(w, []).append(i)
        encode = fmt.encode
        return Analyzed(
            (w.encode("utf-8"), len(p), float(len(p)) * boost, encode(p)) for w, p in poses.items()
        )
    counts: dict[str, int] = {}
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    if isinstance(fmt, formats.Frequency):
        return Analyzed((w.encode("utf-8"), n, float(n) * boost, pack_uint(n)) for w, n in counts.items())
    return Analyzed(field.index(value))  # a format this table does not know: Whoosh's own way


TYPE_SEP = "|"  # "person|person:kim-jin-gu": the type first, so a type is a lexicon range


def _name_analyzer():
    return RegexTokenizer(r"[^\W_]+") | LowercaseFilter()


# The fields only article documents have: their postings never hold a card, blob or source.
ARTICLE_FIELDS = frozenset(
    {
        "pub",
        "a_id",
        "title",
        "content",
        "outlet",
        "people",
        "orgs",
        "a_ents",
        "a_speakers",
        "a_date",
        "a_nq",
        "a_added",
    }
)

# When an article first entered the index (microseconds since the epoch, UTC), set by the writer at
# commit: "new since you last looked" is about arrival, not the printed date, which may be older.
# Added after schema version 5 was released without a version bump: the writer adds the field to an
# index that lacks it, and an article without a value (0) counts as old.
ADDED_FIELD = "a_added"


def added_field() -> fields.NUMERIC:
    return fields.NUMERIC(numtype=int, bits=64, signed=False, sortable=True, default=0)


def build_schema() -> fields.Schema:
    return fields.Schema(
        kind=fields.ID(stored=True),
        pub=fields.NUMERIC(numtype=int, bits=64, signed=True, sortable=True),
        # articles
        a_id=fields.ID(stored=True, unique=True),
        title=PText(analyzer=_text_analyzer(), phrase=True),
        content=PText(analyzer=_text_analyzer(), phrase=True),
        outlet=PText(analyzer=_name_analyzer(), phrase=False),
        people=PText(analyzer=_name_analyzer(), phrase=False),
        orgs=PText(analyzer=_name_analyzer(), phrase=False),
        # "type|id" once per mention plus once per article: doc frequency = articles, weight -
        # doc frequency = mentions.  The type prefix makes "all people" a lexicon range.
        a_ents=_counted_ids(),
        a_speakers=_counted_ids(),  # speaker id once per quote: weight = quotes
        # the publication date as year, month and day terms ("2025", "2025-12", "2025-12-15"): a
        # date: query is a handful of term lookups (query.date_cover), not a NUMERIC trie range
        a_date=fields.KEYWORD(scorable=False),
        a_nq=fields.NUMERIC(numtype=int, bits=32, sortable=True),  # quotes, with or without speaker
        a_added=added_field(),
        a_meta=fields.STORED,
        a_quotes=fields.STORED,
        # The full Article, apart from the article document: Whoosh reads (and decompresses) every
        # stored field of a hit, and ranking 200 hits with the blobs on them took twice as long.
        # stored too (a few bytes): a listed article's blob is the next document, and its stored id
        # confirms it (the reader's _blob lookup); indexes created before keep finding it by the id term
        b_id=fields.ID(unique=True, stored=True),
        b_blob=fields.STORED,
        b_snip=fields.STORED,  # just the text and sentence spans: snippets skip parsing the Article
        b_counts=fields.STORED,  # what the article adds to a_ents / a_speakers (for deletions)
        # entity cards: names, roles and orgs seen so far (counts come from a_ents / a_speakers)
        e_id=fields.ID(unique=True),
        e_type=fields.ID(),
        e_keys=fields.KEYWORD(commas=True, scorable=False),
        e_tokens=fields.KEYWORD(commas=True, scorable=False),
        e_rec=fields.STORED,
        # input identity -> hash and article, so unchanged input is a no-op
        s_key=fields.ID(unique=True),
        s_article=fields.ID(),
        s_rec=fields.STORED,
    )


def write_meta(index_dir: Path) -> None:
    """Written once when the index is created (atomically), never on commits."""
    data = json.dumps({"schema_version": SCHEMA_VERSION, "format": "kbio-tui whoosh index"}, indent=1)
    fd, tmp = tempfile.mkstemp(dir=index_dir, prefix=".meta-", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(data + "\n")
    # mkstemp makes the file private; every reader on a shared server must be able to check it
    os.chmod(tmp, 0o666 & ~current_umask())
    os.replace(tmp, index_dir / META_FILE)


def check_meta(index_dir: Path) -> None:
    path = index_dir / META_FILE
    try:
        version = json.loads(path.read_text(encoding="utf-8")).get("schema_version")
    except (OSError, ValueError, AttributeError):
        version = None
    if version != SCHEMA_VERSION:
        found = "an unknown version" if version is None else f"schema version {version}"
        raise SchemaMismatchError(
            f"the index at {index_dir} was built with {found}; this kbio-tui needs version "
            f"{SCHEMA_VERSION}: rebuild it with `kbio-tui ingest --rebuild --index {index_dir} PATH...`"
        )
