"""Read one input file into LoadResults: plain text, saved HTML, JSON documents and JSON Lines.

Size caps protect memory: whole-document formats are refused above ``MAX_FILE_BYTES``, while JSON
Lines is streamed line by line so a big scraper dump is fine (each line is capped instead), and any
one article's text is capped at ``MAX_ARTICLE_CHARS``.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from ..models import Article
from ..terminal_safe import path_text
from .clean import Hints, TitleSource, clean_text, has_article_text
from .encoding import SNIFF, declared_charset, decode_bytes, looks_binary, sniff_bom, sniff_utf16
from .html import read_page
from .records import is_article_record, record_to_text, unwrap
from .result import LoadResult

MB = 1024 * 1024
MAX_FILE_BYTES = 20 * MB
MAX_LINE_BYTES = 20 * MB
# One article's text before cleaning. The longest real article seen is under 100,000 characters; a
# text far beyond this is a dump of many, and extracting it as one would need gigabytes.
MAX_ARTICLE_CHARS = 2_000_000
TEXT_EXT = frozenset({".txt", ".text", ".md", ".markdown", ".rst", ".log", ""})
HTML_EXT = frozenset({".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx"})
JSON_EXT = frozenset({".json"})
JSONL_EXT = frozenset({".jsonl", ".ndjson", ".jl"})
NO_ARTICLE = "no article text found"
# Big JSON Lines and JSON files are ingested in parts of about this size, each committed on its own.
PART_BYTES = 4 * MB
PART_RECORDS = 1000
_JSON_SPLIT_BYTES = MB  # a JSON document smaller than this is never split


@dataclass(frozen=True)
class Part:
    """A slice of one big JSON Lines or JSON file, ingested on its own: a scraper dump then lands in
    committed batches, and each slice gets its own time and memory budget in the pipeline.

    JSON Lines: the bytes ``[start, end)``, whose first line is number ``line``; JSON: the records
    ``[start, end)`` of the document's article list."""

    start: int
    end: int
    line: int = 0


def _sha1(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


def _skip(source: str, reason: str) -> LoadResult:
    return LoadResult(source=source, error=reason, skipped=True)


def _fail(source: str, reason: str) -> LoadResult:
    return LoadResult(source=source, error=reason)


def build_article(
    path: Path, body: str, hints: Hints, *, record: str = "", source_hash: str, notes: list[str] | None = None
) -> LoadResult:
    """Clean ``body`` and wrap it as an Article, or skip it when no article text survives."""
    source = f"{path_text(path)} ({record})" if record else path_text(path)
    if len(body) > MAX_ARTICLE_CHARS:
        return _fail(
            source,
            f"too long for one article ({len(body) / 1e6:.1f} million characters; the limit is "
            f"{MAX_ARTICLE_CHARS / 1e6:g} million): split it into its articles",
        )
    cleaned = clean_text(body, hints)
    if not has_article_text(cleaned):
        return _skip(source, NO_ARTICLE)
    notes = list(notes or [])
    if cleaned.title_source is TitleSource.NONE:
        notes.append("no headline found: the article is listed without a title")
    article = Article(
        source_file=path_text(path),
        source_record=record,
        source_hash=source_hash,
        outlet=cleaned.outlet,
        url=cleaned.url,
        title=cleaned.title,
        author=cleaned.author,
        published=cleaned.published,
        deck=cleaned.deck,
        captions=cleaned.captions,
        paragraphs=cleaned.paragraphs,
    )
    return LoadResult(source=source, article=article, notes=notes)


def _kind(path: Path, text: str) -> str:
    ext = path.suffix.lower()
    if ext in HTML_EXT:
        return "html"
    if ext in JSON_EXT:
        return "json"
    head = text.lstrip()[:512].lower()
    if head.startswith(("<!doctype html", "<html")) or (ext == "" and "<body" in head):
        return "html"  # a saved page, whatever its name says
    if ext == "" and head.startswith(("{", "[")):
        return "json"
    return "text"


def _json_results(path: Path, text: str, data: bytes, notes: list[str]) -> Iterator[LoadResult]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and text.lstrip().startswith("{"):  # JSON Lines saved as .json
            lines = (line.encode("utf-8", "surrogatepass") for line in text.split("\n"))
            yield from _line_records(path, lines)
            return
        yield _fail(path_text(path), f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")
        return
    except RecursionError:
        yield _fail(path_text(path), "invalid JSON: nested too deeply")
        return
    records = unwrap(document)
    if records is None:
        if isinstance(document, dict) and is_article_record(document):
            body, hints = record_to_text(document)
            yield build_article(path, body, hints, source_hash=_sha1(data), notes=notes)
        else:
            yield _skip(path_text(path), "JSON holds no article records")
        return
    if not records:
        yield _skip(path_text(path), "JSON holds no article records")
    for n, record in enumerate(records, 1):
        yield _record_result(path, f"record {n}", record, notes)


def _guarded(path: Path, where: str, make: Callable[[], LoadResult]) -> LoadResult:
    """One record's result; a record that breaks the reader fails alone, the file goes on."""
    try:
        return make()
    except Exception as exc:
        message = " ".join(str(exc).split())[:160]
        reason = f"{where}: unreadable record ({type(exc).__name__}: {message})"
        return _fail(f"{path_text(path)} ({where})", reason)


def _record_result(path: Path, where: str, record: Any, notes: list[str]) -> LoadResult:
    if not isinstance(record, dict) or not is_article_record(record):
        reason = f"{where}: not an article object (no title or body field)"
        return _fail(f"{path_text(path)} ({where})", reason)

    def make() -> LoadResult:
        canonical = json.dumps(record, sort_keys=True, ensure_ascii=False).encode("utf-8", "surrogatepass")
        body, hints = record_to_text(record)
        return build_article(path, body, hints, record=where, source_hash=_sha1(canonical), notes=notes)

    return _guarded(path, where, make)


def _jsonl_lines(stream: BinaryIO) -> Iterator[bytes | None]:
    """Raw lines of a JSON Lines stream in its detected encoding (as UTF-8); None for an oversized line."""
    head = stream.read(SNIFF)
    stream.seek(0)
    bom = sniff_bom(head)
    wide = (bom[0] if bom else None) or sniff_utf16(head)
    if wide and not wide.startswith("utf-8"):
        reader = io.TextIOWrapper(stream, encoding=wide, errors="replace", newline=None)
        while line := reader.readline(MAX_LINE_BYTES):
            if len(line) >= MAX_LINE_BYTES and not line.endswith("\n"):
                while (more := reader.readline(MAX_LINE_BYTES)) and not more.endswith("\n"):
                    pass
                yield None
            else:
                yield line.lstrip("\ufeff").encode("utf-8", "surrogatepass")
        return
    while raw := stream.readline(MAX_LINE_BYTES):
        if len(raw) >= MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while (rest := stream.readline(MAX_LINE_BYTES)) and not rest.endswith(b"\n"):
                pass
            yield None
        else:
            yield raw


def _part_lines(stream: BinaryIO, part: Part) -> Iterator[bytes | None]:
    """The raw lines of one part of a UTF-8 JSON Lines file (parts always end at a line's end)."""
    stream.seek(part.start)
    pos = part.start
    while pos < part.end and (raw := stream.readline(MAX_LINE_BYTES)):
        pos += len(raw)
        if len(raw) >= MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while (rest := stream.readline(MAX_LINE_BYTES)) and not rest.endswith(b"\n"):
                pos += len(rest)
            pos += len(rest)
            yield None
        else:
            yield raw


def _jsonl_results(path: Path, part: Part | None = None) -> Iterator[LoadResult]:
    with path.open("rb") as stream:
        if part is None or part.start == 0:
            if looks_binary(stream.read(SNIFF)):
                yield _skip(path_text(path), "binary file")
                return
            stream.seek(0)
        if part is None:
            yield from _line_records(path, _jsonl_lines(stream))
        else:
            yield from _line_records(path, _part_lines(stream, part), first=part.line, whole=False)


def _jsonl_parts(path: Path, size: int) -> list[Part]:
    """Line-aligned parts of about ``PART_BYTES`` (none for a wide encoding, read as a whole)."""
    with path.open("rb") as stream:
        head = stream.read(SNIFF)
        bom = sniff_bom(head)
        wide = (bom[0] if bom else None) or sniff_utf16(head)
        if wide and not wide.startswith("utf-8"):
            return []
        parts: list[Part] = []
        start, line = 0, 1
        while start < size:
            end = size
            if start + PART_BYTES < size:
                stream.seek(start + PART_BYTES)
                while (rest := stream.readline(MB)) and not rest.endswith(b"\n"):
                    pass
                end = stream.tell()
            stream.seek(start)
            newlines, left = 0, end - start
            while left > 0 and (block := stream.read(min(MB, left))):
                newlines += block.count(b"\n")
                left -= len(block)
            parts.append(Part(start, end, line))
            start, line = end, line + newlines
    return parts if len(parts) > 1 else []


def _line_records(
    path: Path, lines: Iterable[bytes | None], *, first: int = 1, whole: bool = True
) -> Iterator[LoadResult]:
    """One result per non-blank line of a JSON Lines source (raw UTF-8 bytes; None = oversized line),
    numbered from ``first``; only a ``whole`` file with no record at all is reported empty."""
    produced = False
    for lineno, raw in enumerate(lines, first):
        where = f"line {lineno}"
        source = f"{path_text(path)} ({where})"
        if raw is None:
            produced = True
            yield _fail(source, f"{where}: record too large (over {MAX_LINE_BYTES // MB} MB)")
            continue
        text = decode_bytes(raw).text.strip()
        if not text:
            continue
        produced = True
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            yield _fail(source, f"{where}: invalid JSON ({exc.msg}, column {exc.colno})")
            continue
        except RecursionError:
            yield _fail(source, f"{where}: invalid JSON (nested too deeply)")
            continue
        if not isinstance(record, dict) or not is_article_record(record):
            yield _fail(source, f"{where}: not an article object (no title or body field)")
            continue

        def make(record: dict[str, Any] = record, raw: bytes = raw, where: str = where) -> LoadResult:
            body, hints = record_to_text(record)
            return build_article(path, body, hints, record=where, source_hash=_sha1(raw.rstrip(b"\r\n")))

        yield _guarded(path, where, make)
    if not produced and whole:
        yield _skip(path_text(path), "empty file")


def _encoding_notes(encoding: str, replaced: int) -> list[str]:
    notes = [] if encoding in ("utf-8", "ascii") else [f"decoded as {encoding}"]
    if replaced:
        notes.append(f"{replaced} undecodable byte(s) replaced")
    return notes


_parsed: dict[tuple[str, int, int], tuple[list[Any], list[str]]] = {}


def _json_records(path: Path) -> tuple[list[Any], list[str]] | None:
    """A JSON document's article list and encoding notes, or None when it has none; the last one
    is kept, as every part of a split document needs it."""
    st = path.stat()
    key = (str(path), st.st_mtime_ns, st.st_size)
    if key not in _parsed:
        data = path.read_bytes()
        if looks_binary(data):
            return None
        decoded = decode_bytes(data)
        try:
            records = unwrap(json.loads(decoded.text))
        except (json.JSONDecodeError, RecursionError):
            return None
        if not isinstance(records, list):
            return None
        _parsed.clear()
        _parsed[key] = (records, _encoding_notes(decoded.encoding, decoded.replaced))
    return _parsed[key]


def split_file(path: Path) -> list[Part]:
    """The parts a big JSON Lines file or JSON article list is ingested in; [] for one piece."""
    path = Path(path).absolute()
    try:
        if not path.is_file():
            return []
        size = path.stat().st_size
        ext = path.suffix.lower()
        if ext in JSONL_EXT:
            return _jsonl_parts(path, size) if size > PART_BYTES else []
        if ext in JSON_EXT and _JSON_SPLIT_BYTES < size <= MAX_FILE_BYTES:
            loaded = _json_records(path)
            n = len(loaded[0]) if loaded else 0
            if n > PART_RECORDS:
                return [Part(i, min(i + PART_RECORDS, n)) for i in range(0, n, PART_RECORDS)]
    except (OSError, ValueError, MemoryError):
        return []  # read as one piece, which reports the problem in its own words
    return []


def _part_results(path: Path, part: Part) -> Iterator[LoadResult]:
    if path.suffix.lower() in JSONL_EXT:
        yield from _jsonl_results(path, part)
        return
    loaded = _json_records(path)
    if loaded is None:
        yield _fail(path_text(path), "changed while it was read: ingest it again")
        return
    records, notes = loaded
    for n in range(part.start, min(part.end, len(records))):
        yield _record_result(path, f"record {n + 1}", records[n], notes)


def iter_file(path: Path, part: Part | None = None) -> Iterator[LoadResult]:
    """Stream the results for one file, or for one ``part`` of it (see ``split_file``); never
    raises for bad input."""
    path = Path(path).absolute()
    source = path_text(path)
    try:
        if part is not None:
            yield from _part_results(path, part)
            return
        if not path.exists():
            yield _fail(source, "no such file or directory")
            return
        if not path.is_file():
            yield _skip(source, "not a regular file")
            return
        size = path.stat().st_size
        ext = path.suffix.lower()
        if size == 0:
            yield _skip(source, "empty file")
            return
        if ext in JSONL_EXT:
            yield from _jsonl_results(path)
            return
        if ext not in TEXT_EXT | HTML_EXT | JSON_EXT:
            yield _skip(source, f"unsupported file type '{ext}'")
            return
        if size > MAX_FILE_BYTES:
            yield _skip(
                source, f"file too large ({size / MB:.1f} MB; the limit is {MAX_FILE_BYTES // MB} MB)"
            )
            return
        data = path.read_bytes()
        if looks_binary(data):
            yield _skip(source, "binary file")
            return
        declared = declared_charset(data) if ext in HTML_EXT or ext == "" else None
        decoded = decode_bytes(data, declared=declared)
        if not decoded.text.strip():
            yield _skip(source, "empty file")
            return
        notes = _encoding_notes(decoded.encoding, decoded.replaced)
        kind = _kind(path, decoded.text)
        if kind == "json":
            yield from _json_results(path, decoded.text, data, notes)
            return
        body, hints = read_page(decoded.text) if kind == "html" else (decoded.text, Hints())
        yield build_article(path, body, hints, source_hash=_sha1(data), notes=notes)
    except OSError as exc:
        yield _fail(source, f"cannot read file: {exc.strerror or exc}")
    except Exception as exc:  # last line of defence: one odd file must never stop an ingest run
        message = " ".join(str(exc).split())[:200]
        yield _fail(source, f"unexpected error while reading: {type(exc).__name__}: {message}")


def load_file(path: Path, part: Part | None = None) -> list[LoadResult]:
    """All results for one file or part (one per article or per record); see ``iter_file``."""
    return list(iter_file(path, part))
