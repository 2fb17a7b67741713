"""The on-disk layout: one Whoosh index holding four document kinds, plus a small meta file.

One index: a batch of articles, their blobs, the entity cards they change and their source records
land in a single atomic commit, and one write lock guards everything.  Field names are prefixed per
kind, so a text query can only ever match article documents.

An article costs one article document (its quotes stored on it, compressed; entity and speaker
ids indexed with a frequency), a blob (the compressed Article) and a source record.  Entity counts
are read from the inverted index (doc frequency and term weight), so ingesting an article never
rewrites the documents of the entities it mentions; an entity card is rewritten only when it gains
a name, role or organisation.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from whoosh import fields
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemmingAnalyzer

from kbio_tui.index.api import SchemaMismatchError

SCHEMA_VERSION = 3
INDEX_NAME = "MAIN"
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
    return fields.TEXT(analyzer=_id_list_analyzer(), phrase=False)


TYPE_SEP = "|"  # "person|person:kim-jin-gu": the type first, so a type is a lexicon range


def _name_analyzer():
    return RegexTokenizer(r"[^\W_]+") | LowercaseFilter()


def build_schema() -> fields.Schema:
    numeric = {"numtype": int, "bits": 64, "signed": True, "sortable": True}
    return fields.Schema(
        kind=fields.ID(stored=True),
        pub=fields.NUMERIC(**numeric),
        # articles
        a_id=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=_text_analyzer(), phrase=True),
        content=fields.TEXT(analyzer=_text_analyzer(), phrase=True),
        outlet=fields.TEXT(analyzer=_name_analyzer(), phrase=False),
        people=fields.TEXT(analyzer=_name_analyzer(), phrase=False),
        orgs=fields.TEXT(analyzer=_name_analyzer(), phrase=False),
        # "type|id" once per mention plus once per article: doc frequency = articles, weight -
        # doc frequency = mentions.  The type prefix makes "all people" a lexicon range.
        a_ents=_counted_ids(),
        a_speakers=_counted_ids(),  # speaker id once per quote: weight = quotes
        a_nq=fields.NUMERIC(numtype=int, bits=32, sortable=True),  # quotes, with or without speaker
        a_meta=fields.STORED,
        a_quotes=fields.STORED,
        # The full Article, apart from the article document: Whoosh reads (and decompresses) every
        # stored field of a hit, and ranking 200 hits with the blobs on them took twice as long.
        b_id=fields.ID(unique=True),
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
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
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
