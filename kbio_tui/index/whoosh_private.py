"""Everything that depends on Whoosh's private byte format and object internals, in one place.

The index is fast because it reads whoosh3's files itself: ranking and phrase checks take whole posting
blocks (ids and weights arrive as arrays), merges copy blocks without Whoosh's sorting pool, and the
date and length columns are read as raw bytes. Those paths rely on things Whoosh does not promise: the
block layout of ``whoosh.codec.whoosh3`` (a magic number, a pickled header, then a pickled
``(ids, weights, values)`` written with protocol 2), ``_``-attributes of its readers, matchers and
writers, and the layout of fixed-width columns. This module is the only one that imports
``whoosh.codec`` or touches such an attribute (CI's import contract and a grep check it).

Each fast path is a *capability*, decided once per process by ``capabilities()``: a probe builds a
small index in memory with the project's own schema and checks that every fast path gives exactly what
Whoosh's public API gives. One policy for all: a capability that is missing or disagrees is turned off,
its callers use the public API instead (slower, the same answers), and the fact is logged once. A merge
therefore never fails half-way through a commit on a layout it could have probed first.

``KBIO_WHOOSH_FAST=off`` (or a comma list of capability names) turns fast paths off by hand, which is
how the test suite checks that the slow paths give the same answers.

The probe needs Whoosh's writer (imported for nothing else by the browser): about 20 ms. Its decision
is kept in the user's cache folder (``$XDG_CACHE_HOME/kbio-tui``), keyed by the installed Whoosh's
version and files and by this module, so a later start reads it back instead; any change to either
probes again.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import pickle
import struct
import sys
import zlib
from array import array
from collections.abc import Iterator
from dataclasses import asdict, dataclass, fields, replace
from itertools import accumulate
from pathlib import Path
from typing import Any

from whoosh.reading import TermNotFound

try:
    from whoosh.codec import whoosh3 as _w3
except ImportError:  # a Whoosh without whoosh3's codec: the probe turns every fast path off
    _w3 = None  # type: ignore[assignment]

log = logging.getLogger("kbio_tui.index")

ENV = "KBIO_WHOOSH_FAST"


@dataclass(frozen=True)
class Capabilities:
    """Which of the fast paths work with the installed Whoosh (all True for the pinned whoosh3)."""

    blocks: bool = False  # posting lists read as whole blocks (ranking, term lookups, merges)
    lazy_values: bool = False  # a block's values skipped or left undecoded (ranking, phrases)
    leaf_ids: bool = False  # a term matcher's ids taken a block at a time (id lookups by ingest)
    columns: bool = False  # fixed-width columns (dates, field lengths) read as raw bytes
    merge_pool: bool = False  # a writer's posting pool replaced to merge segments without re-sorting

    def names_off(self) -> list[str]:
        return [f.name for f in fields(self) if not getattr(self, f.name)]


ALL_ON = Capabilities(True, True, True, True, True)
_caps: Capabilities | None = None


def capabilities() -> Capabilities:
    """The fast paths this process may use, probed on first use (a few tens of milliseconds)."""
    global _caps
    if _caps is None:
        probed = _cached_probe()
        wanted = os.environ.get(ENV, "").strip().lower()
        if wanted:
            off = {f.name for f in fields(Capabilities)} if wanted == "off" else set(wanted.split(","))
            probed = replace(probed, **{name: False for name in off if hasattr(probed, name)})
        _caps = probed
    return _caps


def _cache_file() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kbio-tui" / "whoosh-capabilities.json"


def _probe_key() -> str:
    """What the probe's answer depends on: Whoosh's version and files, and this module."""
    import whoosh

    parts = [whoosh.__version__ if hasattr(whoosh, "__version__") else "", __file__]
    root = Path(whoosh.__file__).parent
    for path in (Path(__file__), root / "codec" / "whoosh3.py", root / "writing.py", root / "reading.py"):
        try:
            st = path.stat()
            parts.append(f"{path}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            parts.append(f"{path}:missing")
    return hashlib.sha1("\n".join(map(str, parts)).encode()).hexdigest()


def _cached_probe() -> Capabilities:
    """The probe's decision, from the user's cache when Whoosh and this module are unchanged."""
    key = _probe_key()
    cache = _cache_file()
    try:
        kept = json.loads(cache.read_text(encoding="utf-8"))
        if kept.get("key") == key:
            return Capabilities(**{f.name: bool(kept["found"][f.name]) for f in fields(Capabilities)})
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    found = _probe()
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        temp = cache.with_name(f".{cache.name}.{os.getpid()}")
        temp.write_text(json.dumps({"key": key, "found": asdict(found)}), encoding="utf-8")
        os.replace(temp, cache)
    except OSError:
        pass  # a read-only home: probe again next time
    return found


def set_capabilities(caps: Capabilities | None) -> None:
    """Use ``caps`` from now on (None: probe again on next use); for tests and benchmarks."""
    global _caps
    _caps = caps


# ---- posting blocks (whoosh3's layout) ------------------------------------------------------------

_BLOCK_LENGTH = struct.Struct("!i")


class LayoutError(Exception):
    """Posting data not laid out as whoosh3 writes it."""


def blocks_at(postfile: Any, offset: int, length: int | tuple[int]) -> Iterator[tuple[tuple, bytes]]:
    """(header, undecoded data) of each block of the posting list stored at ``offset`` in
    ``postfile`` (a term info's ``extent()``), in order; header is (count, last id, max weight,
    compression, min length byte, max length byte) and ``decode`` turns the data into (id deltas,
    weights, values). The whole extent is read with one call and parsed in memory: Whoosh's matcher
    unpickled each block header from the file a few bytes at a time (a quarter of reading a common
    word's postings). Raises ``LayoutError`` if the data does not have that layout."""
    # whoosh3 reads a stored extent's length as struct.unpack's 1-tuple (it never uses it)
    buf = postfile.get(offset, length[0] if isinstance(length, tuple) else length)
    if bytes(buf[:4]) != _w3.WHOOSH3_HEADER_MAGIC:
        raise LayoutError("no posting header")
    f = io.BytesIO(buf)
    pos, end = 4, len(buf)
    while pos < end:
        (size,) = _BLOCK_LENGTH.unpack_from(buf, pos)
        f.seek(pos + 4)
        header = pickle.load(f)
        yield header, buf[f.tell() : pos + 4 + abs(size)]
        if size < 0:  # the last block
            return
        pos += 4 + abs(size)


def stored_blocks(reader: Any, fieldname: str, btext: bytes) -> Iterator[tuple[tuple, bytes]] | None:
    """``blocks_at`` for a term of a segment reader, located by its term info (a matcher would first
    read the list's header and first block in small reads: about ten per term and segment). None
    when the postings are kept inline in the term's entry, the reader is not a whoosh3 segment or the
    ``blocks`` capability is off: read those through ``term_matcher``. No blocks when the segment
    lacks the term: the term info's lookup says so, and asking ``(field, text) in reader`` first cost
    a second lookup per term and segment (a prefix's 32 terms over 76 segments: about 2,400)."""
    terms = getattr(reader, "_terms", None)
    if not capabilities().blocks or terms is None or not hasattr(terms, "_postfile"):
        return None
    try:
        info = terms.term_info(fieldname, btext)
    except TermNotFound:
        return iter(())
    if info.is_inlined() or not hasattr(info, "extent"):
        return None
    return blocks_at(terms._postfile, *info.extent())


# whoosh3 pickles a block as (ids, weights, values) with protocol 2, where each value (e.g. a document's
# encoded word positions) is a bytes object, written as a call of ``_codecs.encode(str, "latin1")``:
# unpickling those calls was two thirds of decoding a block of a positions field.
_VALUES_OPEN = b"(c_codecs\nencode\n"  # MARK, then that function: the values tuple begins here
_ENCODE = b"c_codecs\nencode\n"
_KEEP_STR = b"cbuiltins\nslice\n"  # same arguments, a C type that only keeps them: slice(str, "latin1")


def decode(header: tuple, data: bytes, *, values: bool = True) -> tuple:
    """A block's (id deltas, weights, values) from ``blocks_at``.

    ``values=False`` (with the ``lazy_values`` capability): values are None and not unpickled at all
    (ranking needs ids and weights only; about 3x faster for a positions field). The pickle is cut
    where the values' tuple opens; a block laid out otherwise is unpickled whole."""
    raw = zlib.decompress(data) if header[3] else data
    if not values and capabilities().lazy_values:
        cut = raw.find(_VALUES_OPEN)
        if cut > 0:
            try:
                ids, weights, _ = pickle.loads(raw[:cut] + b"N\x87.")  # None, TUPLE3, STOP
            except Exception:  # e.g. the bytes were a memo index, not a MARK: unpickle it whole below
                pass
            else:
                if isinstance(ids, tuple) and len(ids) == header[0]:
                    return ids, weights, None
    return pickle.loads(raw)


def decode_lazy(header: tuple, data: bytes) -> tuple:
    """``decode``, with each bytes value left as ``slice(str, "latin1")`` when the ``lazy_values``
    capability is on: pass one to ``value`` when it is needed (a phrase needs the positions of a few
    candidates in a block)."""
    raw = zlib.decompress(data) if header[3] else data
    if capabilities().lazy_values:
        raw = raw.replace(_ENCODE, _KEEP_STR, 1)
    return pickle.loads(raw)


def value(v: Any) -> Any:
    """A value from ``decode_lazy`` as Whoosh stores it."""
    return v.start.encode("latin1") if type(v) is slice else v


def block_postings(header: tuple, data: bytes, *, values: bool = True) -> tuple[list[int], list[float], Any]:
    """(ids, weights, values) of one block: ids from whoosh3's deltas, a block-wide weight spread."""
    deltas, weights, vals = decode(header, data, values=values)
    ids = list(accumulate(deltas))
    if weights is None:
        weights = [1.0] * len(ids)
    elif isinstance(weights, float):
        weights = [weights] * len(ids)
    return ids, list(weights), vals


# ---- readers and matchers --------------------------------------------------------------------------


def is_segment_reader(reader: Any) -> bool:
    """A reader of one stored segment (an empty index's reader is not one)."""
    return hasattr(reader, "_terms")


def term_matcher(reader: Any, fieldname: str, btext: bytes) -> Any:
    """The segment's matcher for a term, without Whoosh's deletion filter (raises TermNotFound).

    Whoosh's public ``postings`` looks the field up, converts the text and wraps the matcher in a
    deletion filter on every call; callers here filter deletions once per block instead."""
    terms = getattr(reader, "_terms", None)
    if terms is None:
        return reader.postings(fieldname, btext)
    return terms.matcher(fieldname, btext, reader.schema[fieldname].format)


def add_live_ids(out: list[int], m: Any, offset: int, deleted: frozenset[int]) -> None:
    """Append ``offset +`` each id of a term matcher that is not in ``deleted``. whoosh3's leaf matcher
    keeps each block's ids as an array, taken whole here (the public path steps one id at a time)."""
    if (_caps or capabilities()).leaf_ids and isinstance(m, _w3.W3LeafMatcher):
        while m.is_active():
            m._read_ids()
            ids = m._ids[m._i :] if m._i else m._ids
            out.extend(offset + d for d in ids if d not in deleted)
            m._next_block()
        return
    out.extend(offset + d for d in m.all_ids() if d not in deleted)


def deleted_docs(reader: Any) -> frozenset[int]:
    """A segment's deleted document numbers."""
    deleted = getattr(reader, "deleted_docs_set", None)
    if isinstance(deleted, frozenset):
        return deleted
    if not reader.has_deletions():
        return frozenset()
    return frozenset(d for d in range(reader.doc_count_all()) if reader.is_deleted(d))


def field_b(weighting: Any, fieldname: str) -> float:
    """BM25F's B for a field (Whoosh keeps per-field values in a private dict)."""
    per_field = getattr(weighting, "_field_B", None)
    return per_field.get(fieldname, weighting.B) if isinstance(per_field, dict) else weighting.B


def index_segments(ix: Any) -> list[Any]:
    """The segments of an open index."""
    segments = getattr(ix, "_segments", None)
    if callable(segments):
        return list(segments())
    from whoosh.index import TOC

    return list(TOC.read(ix.storage, ix.indexname).segments)


def segment_file_pattern(indexname: str) -> Any:
    """The regular expression Whoosh names a segment's files with (group 1: the segment's name)."""
    import re

    from whoosh.index import TOC

    pattern = getattr(TOC, "_segment_pattern", None)
    if callable(pattern):
        return pattern(indexname)
    return re.compile(f"({indexname}_[0-9a-z]+)[.][A-Za-z0-9_.]+")


# ---- columns --------------------------------------------------------------------------------------


class PreloadedLengths:
    """A segment's field-length column held in memory (one byte a document)."""

    __slots__ = ("data",)

    def __init__(self, data: bytes):
        self.data = data

    def __getitem__(self, docnum: int) -> int:
        return self.data[docnum] if docnum < len(self.data) else 0


def length_column(reader: Any, fieldname: str) -> Any:
    """The reader of a field's length column (None: the segment has none), as BM25 reads it."""
    return reader._perdoc._cached_reader(_w3._lenfield(fieldname), _w3.LENGTHS_COLUMN)


def length_bytes(reader: Any, fieldname: str) -> bytes | None:
    """The length byte of every document in the segment, or None if it has no length column."""
    from whoosh.util.numeric import length_to_byte

    if capabilities().columns:
        col = length_column(reader, fieldname)
        if col is None:
            return None
        if isinstance(col, PreloadedLengths):
            return col.data
        return bytes(col[d] for d in range(reader.doc_count_all()))
    if not reader.has_column(fieldname) and not _has_lengths(reader, fieldname):
        return None
    return bytes(
        length_to_byte(reader.doc_field_length(d, fieldname, 0)) for d in range(reader.doc_count_all())
    )


def _has_lengths(reader: Any, fieldname: str) -> bool:
    try:
        return reader.max_field_length(fieldname) > 0
    except Exception:
        return False


def preload_lengths(reader: Any, fieldnames: tuple[str, ...]) -> None:
    """Read each field's length column into memory once per segment: without mmap, BM25 read each
    hit's length from disk (a seek and a read per hit: most of a common word's search time)."""
    if not capabilities().columns:
        return
    perdoc = reader._perdoc
    for name in fieldnames:
        lenfield = _w3._lenfield(name)
        col = perdoc._cached_reader(lenfield, _w3.LENGTHS_COLUMN)
        if col is None or isinstance(col, PreloadedLengths) or col._fixedlen != 1:
            continue
        perdoc._readers[lenfield] = PreloadedLengths(bytes(col._dbfile.get(col._basepos, col._count)))


def u64_column(reader: Any, fieldname: str) -> array:
    """Every document's raw value in an 8-byte column (e.g. a sortable date), as unsigned integers.
    Read as one block of bytes where the ``columns`` capability allows (without mmap, Whoosh read one
    value per call), else a value at a time through ``column_reader``."""
    col = reader.column_reader(fieldname, translate=False)
    if capabilities().columns and getattr(col, "_fixedlen", None) == 8:
        values = array("Q", bytes(col._dbfile.get(col._basepos, col._count * 8)))
        if sys.byteorder == "little":
            values.byteswap()  # Whoosh packs columns in network order
        return values
    return array("Q", (col[d] for d in range(reader.doc_count_all())))


def max_u64(searcher: Any, fieldname: str) -> int:
    """The highest raw value in an 8-byte column over a searcher's segments (0: none, or no
    searcher): the writer's latest ingest stamp."""
    best = 0
    if searcher is None:
        return best
    for leaf, _offset in searcher.leaf_searchers():
        reader = leaf.reader()
        if fieldname in reader.schema and reader.has_column(fieldname):
            values = u64_column(reader, fieldname)
            if len(values):
                best = max(best, max(values))
    return best


# ---- merging --------------------------------------------------------------------------------------


def term_entries(reader: Any, fieldname: str) -> Iterator[tuple[bytes, Any]]:
    """(term, info) of every term of a field in a segment, from one walk of its term index."""
    for (field, btext), info in reader._terms.items_from(fieldname, b""):
        if field != fieldname:
            break
        yield btext, info


def info_postings(reader: Any, info: Any, fixed: int | None) -> Iterator[tuple[int, float, Any]]:
    """(segment docnum, weight, value) of one term's postings from its term info, as Whoosh's matcher
    would give them (fixed-size values unpacked from one string)."""
    if info.is_inlined():
        ids, weights, values = info.inlined_postings()
        yield from zip(ids, weights, values, strict=True)
        return
    offset, length = info.extent()
    for header, data in blocks_at(reader._terms._postfile, offset, length):
        ids, weights, values = block_postings(header, data)
        n = header[0]
        if fixed == 0:
            values = (None,) * n
        elif fixed is not None and fixed > 0:
            values = [values[i : i + fixed] for i in range(0, len(values), fixed)]
        yield from zip(ids, weights, values, strict=True)


def replace_pool(writer: Any, pool: Any) -> None:
    """Give a SegmentWriter a posting pool of our own, and mark it as having documents (Whoosh only
    writes a new segment when its private ``_added`` flag says something was added)."""
    writer.pool = pool
    writer._added = True


# ---- the probe ------------------------------------------------------------------------------------


def _probe() -> Capabilities:
    """Try every fast path on a small in-memory index built with the project's schema, comparing it
    with Whoosh's public API; what fails or differs is off (logged once)."""
    global _caps
    if _w3 is None:
        log.warning("Whoosh has no whoosh3 codec: using the slower public API for every fast path")
        return Capabilities()
    _caps = ALL_ON  # the checks below run the fast paths themselves
    found: dict[str, bool] = {}
    try:
        ix = _probe_index()
    except Exception as exc:  # no index can be built: nothing to compare with, so nothing fast
        log.warning("Whoosh fast paths off: the probe index could not be built (%s)", exc)
        _caps = None
        return Capabilities()
    with ix.searcher() as s:
        for name, check in _CHECKS.items():
            try:
                found[name] = bool(check(ix, s))
            except Exception as exc:
                log.debug("probe %s: %r", name, exc)
                found[name] = False
    _caps = None
    caps = Capabilities(**found)
    off = caps.names_off()
    if off:
        log.warning(
            "Whoosh internals differ from whoosh3's: using the slower public API for %s", ", ".join(off)
        )
    return caps


_PROBE_DOCS = 24  # enough for posting lists stored as blocks (whoosh3 inlines only single postings)


def _probe_index() -> Any:
    from whoosh.filedb.filestore import RamStorage

    from kbio_tui.index.schema import KIND_ARTICLE, build_schema

    ix = RamStorage().create_index(build_schema())
    w = ix.writer()
    for n in range(_PROBE_DOCS):
        words = " ".join(["probe", "phrase", "test"][: 1 + n % 3] + ["word"] * (n % 5) + [f"w{n % 7}"])
        w.add_document(kind=KIND_ARTICLE, a_id=f"a{n}", content=words, title=f"title {n % 4}", pub=n * 86_400)
    w.commit()
    w = ix.writer()
    w.delete_by_term("a_id", "a3")
    w.commit(merge=False)
    return ix


def _public_postings(r: Any, fieldname: str, text: str) -> list[tuple[int, float, Any]]:
    m = r.postings(fieldname, text)
    out = []
    while m.is_active():
        out.append((m.id(), m.weight(), m.value()))
        m.next()
    return out


def _leaf_readers(s: Any) -> list[Any]:
    return [leaf.reader() for leaf, _offset in s.leaf_searchers()]


def _check_blocks(ix: Any, s: Any) -> bool:
    for r in _leaf_readers(s):
        btext = r.schema["content"].to_bytes("probe")
        blocks = stored_blocks(r, "content", btext)
        if blocks is None:
            return False
        deleted = deleted_docs(r)
        kept = [
            posting
            for header, data in blocks
            for posting in zip(*block_postings(header, data), strict=True)
            if posting[0] not in deleted
        ]
        if kept != _public_postings(r, "content", "probe"):
            return False
    return True


def _check_lazy_values(ix: Any, s: Any) -> bool:
    for r in _leaf_readers(s):
        btext = r.schema["content"].to_bytes("phrase")
        blocks = stored_blocks(r, "content", btext)
        if blocks is None:
            return False
        for header, data in blocks:
            whole = pickle.loads(zlib.decompress(data) if header[3] else data)
            lazy = decode_lazy(header, data)
            cut = decode(header, data, values=False)
            if tuple(lazy[0]) != tuple(whole[0]) or [value(v) for v in lazy[2]] != list(whole[2]):
                return False
            if tuple(cut[0]) != tuple(whole[0]) or cut[1] != whole[1]:
                return False
    return True


def _check_leaf_ids(ix: Any, s: Any) -> bool:
    for r in _leaf_readers(s):
        btext = r.schema["content"].to_bytes("word")
        got: list[int] = []
        add_live_ids(got, term_matcher(r, "content", btext), 0, deleted_docs(r))
        if got != list(r.postings("content", btext).all_ids()):
            return False
    return True


def _check_columns(ix: Any, s: Any) -> bool:
    from whoosh.util.numeric import length_to_byte

    for r in _leaf_readers(s):
        col = r.column_reader("pub", translate=False)
        if getattr(col, "_fixedlen", None) != 8:
            return False
        if list(u64_column(r, "pub")) != [col[d] for d in range(r.doc_count_all())]:
            return False
        preload_lengths(r, ("content",))
        lengths = length_bytes(r, "content")
        want = bytes(length_to_byte(r.doc_field_length(d, "content", 0)) for d in range(r.doc_count_all()))
        if lengths != want:
            return False
    return True


def _check_merge_pool(ix: Any, s: Any) -> bool:
    from whoosh.writing import SegmentWriter

    w = ix.writer()
    try:
        ok = isinstance(w, SegmentWriter) and hasattr(w, "_added") and hasattr(w, "pool")
        ok = (
            ok
            and callable(getattr(w, "write_per_doc", None))
            and callable(getattr(w.pool, "iter_postings", None))
        )
    finally:
        w.cancel()
    if not ok:
        return False
    for r in _leaf_readers(s):
        fmt = r.schema["content"].format
        got = {
            btext: [(d, w) for d, w, _v in info_postings(r, info, fmt.fixed_value_size())]
            for btext, info in term_entries(r, "content")
        }
        for btext, postings in got.items():
            m = term_matcher(r, "content", btext)
            want = []
            while m.is_active():
                want.append((m.id(), m.weight()))
                m.next()
            if postings != want:
                return False
    return True


_CHECKS = {
    "blocks": _check_blocks,
    "lazy_values": _check_lazy_values,
    "leaf_ids": _check_leaf_ids,
    "columns": _check_columns,
    "merge_pool": _check_merge_pool,
}
