"""Analysts' corrections to what the extractor found, kept as an append-only JSON Lines log beside the
index (``INDEX/corrections.jsonl``) and applied by every reader when it reads, never written into the
index: a re-ingest, ``ingest --rebuild`` or ``compact`` rewrites the index and leaves the log alone.

A correction names what it corrects by ids that survive a re-ingest: entity ids are derived from the
normalised name and type (``person:jin-yanggon``), so next week's article naming ``Jinyang Gon`` gets
the same id and the same merge; a quote is ``ARTICLE.START`` (the article id is a hash of its text and
the offset is where the quote starts in it).

This module is pure: the log (read and append) and ``Compiled``, what the active corrections say,
with ``apply_article`` to rewrite one article.  The index's reader does the counting.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import functools
import getpass
import json
import os
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kbio_tui.index.names import name_keys

if TYPE_CHECKING:
    from kbio_tui.models import Article, Entity

LOG_NAME = "corrections.jsonl"
# One record is one write(2) of one line with O_APPEND: below PIPE_BUF no reader or other writer ever
# sees half of it (and a lock on the file serialises writers on file systems that need it).
MAX_LINE = 4000
# the entity types that can speak, and the speaker kind each gives a quote (SpeakerKind's values: the
# readers import this module when they open an index, and the models' pydantic is not on that path)
SPEAKER_TYPES = {"person": "person", "org": "organization"}


class Kind(StrEnum):
    MERGE = "merge"
    SPLIT = "split"
    RENAME = "rename"
    RETYPE = "retype"
    DROP = "drop"
    SPEAKER = "speaker"
    UNDO = "undo"


@dataclass(frozen=True)
class Correction:
    """One line of the log."""

    id: str
    kind: Kind
    args: dict[str, Any]
    user: str
    time: str  # UTC, ISO 8601

    @classmethod
    def from_record(cls, rec: dict[str, Any]) -> Correction:
        """Raises ValueError for a record that is not a correction."""
        try:
            return cls(
                id=str(rec["id"]),
                kind=Kind(rec["kind"]),
                args=dict(rec["args"]),
                user=str(rec.get("user", "")),
                time=str(rec.get("time", "")),
            )
        except (KeyError, TypeError) as exc:
            raise ValueError(f"not a correction: {exc}") from exc

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind.value,
            "args": self.args,
            "user": self.user,
            "time": self.time,
        }


class CorrectionError(Exception):
    """A correction that cannot be recorded or makes no sense; one line for the user."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


def log_path(index_dir: Path | str) -> Path:
    return Path(index_dir) / LOG_NAME


def same_name(a: str, b: str) -> bool:
    """Whether two written names are the same name (order, case and hyphens ignored)."""
    return bool(name_keys(a) & name_keys(b))


def parse_quote_id(qid: str) -> tuple[str, int] | None:
    aid, dot, start = qid.strip().rpartition(".")
    if not dot or not aid or not start.isdigit():
        return None
    return aid, int(start)


def current_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid())


# ---- the log ----------------------------------------------------------------------------------------


def log_state(index_dir: Path | str) -> tuple[int, int, int] | None:
    """(inode, size, mtime) of the log, None when there is none: a reader reloads when it changes."""
    try:
        st = os.stat(log_path(index_dir))
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def read_records(index_dir: Path | str) -> list[dict[str, Any]]:
    """Every well-formed line of the log as a dict, in order; a line a person broke by hand is left out."""
    try:
        data = log_path(index_dir).read_bytes()
    except FileNotFoundError:
        return []
    lines = [line for line in data.splitlines() if line.strip()]
    parsed: list[Any] | None = None
    # one parse of the whole log as an array: a reader opening the index reads every line
    with contextlib.suppress(ValueError, UnicodeDecodeError):
        parsed = json.loads(b"[" + b",".join(lines) + b"]")
    if parsed is None or len(parsed) != len(lines):  # a broken line (or one holding two records)
        parsed = []
        for line in lines:
            with contextlib.suppress(ValueError, UnicodeDecodeError):
                parsed.append(json.loads(line))
    return [
        rec
        for rec in parsed
        if isinstance(rec, dict) and isinstance(rec.get("args"), dict) and "id" in rec and "kind" in rec
    ]


def load(index_dir: Path | str) -> list[Correction]:
    """The log as models (for listing); malformed records are left out."""
    out = []
    for rec in read_records(index_dir):
        with contextlib.suppress(ValueError):
            out.append(Correction.from_record(rec))
    return out


def append(index_dir: Path | str, kind: Kind, args: dict[str, Any]) -> Correction:
    """Record one correction: a single O_APPEND write under an exclusive lock of the log, fsynced."""
    user = current_user()
    path = log_path(index_dir)
    rec = Correction(
        id=secrets.token_hex(4),
        kind=kind,
        args=args,
        user=user,
        time=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    data = (json.dumps(rec.as_dict(), ensure_ascii=False, separators=(",", ":")) + "\n").encode()
    if len(data) > MAX_LINE:
        raise CorrectionError("cannot record a correction: its names are too long", code=2)
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, 0o664)
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise CorrectionError(f"cannot record a correction: {path} is not writable by {user}") from exc
        raise CorrectionError(f"cannot record a correction in {path}: {exc.strerror or exc}") from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        written = os.write(fd, data)
        if written != len(data):
            raise CorrectionError(f"cannot record a correction in {path}: the disk is full")
        os.fsync(fd)
    except OSError as exc:
        raise CorrectionError(f"cannot record a correction in {path}: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)  # closing lets go of the lock
    return rec


def undone_ids(records: Iterable[dict[str, Any]]) -> set[str]:
    """Ids of the records an undo that counts has undone (undos among them).

    Walked newest first, so undoing an undo brings its target back."""
    undone: set[str] = set()
    for rec in reversed(list(records)):
        if rec["id"] in undone:
            continue
        if rec["kind"] == Kind.UNDO:
            target = rec["args"].get("target")
            if isinstance(target, str):
                undone.add(target)
    return undone


def active(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The records that count, in order: no undos, and nothing an undo that counts undid."""
    recs = list(records)
    undone = undone_ids(recs)
    return [r for r in recs if r["kind"] != Kind.UNDO and r["id"] not in undone]


# ---- what the active corrections say ---------------------------------------------------------------


def type_of(entity_id: str) -> str:
    """Entity ids start with their type (``person:...``); split ids keep their entity's."""
    return entity_id.partition(":")[0]


@dataclass
class Compiled:
    """The active corrections as lookups.  Entity ids map through ``resolve`` (merges, retypes and
    drops, followed to the end), then per article through splits."""

    canon: dict[str, str | None] = field(default_factory=dict)  # remapped id -> final id (None: dropped)
    names: dict[str, str] = field(default_factory=dict)  # final id -> display name
    types: dict[str, str] = field(default_factory=dict)  # final id -> type, when retyped
    roles: dict[str, str] = field(default_factory=dict)
    orgs: dict[str, str] = field(default_factory=dict)
    split_alias: dict[str, list[tuple[frozenset[str], str, str]]] = field(default_factory=dict)
    split_article: dict[tuple[str, str], str] = field(default_factory=dict)
    split_from: dict[str, str] = field(default_factory=dict)  # split id -> the entity it left
    speakers: dict[str, dict[int, tuple[str, str | None, str | None]]] = field(default_factory=dict)
    count: int = 0  # active corrections

    def __bool__(self) -> bool:
        return self.count > 0

    def resolve(self, entity_id: str) -> str | None:
        seen = 0
        cur: str | None = entity_id
        while cur is not None and cur in self.canon and seen < 64:
            cur = self.canon[cur]
            seen += 1
        return cur

    @property
    def touched(self) -> set[str]:
        """Every entity id whose card, counts or quotes a correction changes."""
        if "_touched" not in self.__dict__:
            out: set[str] = set(self.canon)
            out.update(v for v in self.canon.values() if v)
            out.update(self.names, self.types, self.roles, self.orgs, self.split_alias, self.split_from)
            out.update(self.split_from.values())
            out.update(e for _, e in self.split_article)
            for per in self.speakers.values():
                out.update(t for _, t, _ in per.values() if t)
            self.__dict__["_touched"] = out
        return self.__dict__["_touched"]

    def members(self) -> dict[str, set[str]]:
        """Final id -> the ids of the index whose entities it now stands for (itself included)."""
        if "_members" not in self.__dict__:
            out: dict[str, set[str]] = {}
            for raw in self.canon:
                final = self.resolve(raw)
                if final is not None:
                    out.setdefault(final, {final} if final not in self.canon else set()).add(raw)
            self.__dict__["_members"] = out
        return self.__dict__["_members"]

    def split_off_aliases(self, entity_id: str) -> list[frozenset[str]]:
        return [keys for keys, _new, _alias in self.split_alias.get(entity_id, [])]

    def article_ids(self) -> set[str]:
        """Articles a correction names (split by article, a reassigned quote)."""
        if "_article_ids" not in self.__dict__:
            self.__dict__["_article_ids"] = {a for a, _ in self.split_article} | set(self.speakers)
        return self.__dict__["_article_ids"]


def compile_records(records: Iterable[dict[str, Any]]) -> Compiled:
    """What the active records say, applied in the order they were made.  A record whose arguments
    are not what its kind needs (a hand edit) is left out rather than stopping every reader."""
    c = Compiled()
    for rec in active(records):
        try:
            _compile_one(c, rec["kind"], rec["args"])
        except (KeyError, TypeError, ValueError):
            continue
        c.count += 1
    return c


def _compile_one(c: Compiled, kind: str, a: dict[str, Any]) -> None:
    if kind == Kind.MERGE:
        into, frm = c.resolve(a["into"]), c.resolve(a["from"])
        if into is None or frm is None or into == frm:
            return
        c.canon[frm] = into
        c.names.setdefault(into, str(a["into_name"]))
    elif kind == Kind.RETYPE:
        cur = c.resolve(a["entity"])
        new = str(a["new_id"])
        if cur is None or cur == new:
            return
        c.canon[cur] = new
        from kbio_tui.models import EntityType  # only when a log has a retype

        c.types[new] = EntityType(a["type"]).value
        c.names[new] = c.names.get(cur) or str(a["name"])
        for table in (c.roles, c.orgs):
            if cur in table:
                table[new] = table[cur]
    elif kind == Kind.DROP:
        cur = c.resolve(a["entity"])
        if cur is not None:
            c.canon[cur] = None
    elif kind == Kind.RENAME:
        cur = c.resolve(a["entity"])
        if cur is None:
            return
        for key, table in (("name", c.names), ("role", c.roles), ("org", c.orgs)):
            if a.get(key):
                table[cur] = str(a[key])
    elif kind == Kind.SPLIT:
        cur = c.resolve(a["entity"])
        new = str(a["new_id"])
        if cur is None:
            return
        if a.get("alias"):
            alias = str(a["alias"])
            c.split_alias.setdefault(cur, []).append((frozenset(name_keys(alias)), new, alias))
            c.names[new] = alias
        else:
            c.split_article[str(a["article"]), cur] = new
            c.names[new] = str(a["name"])
        c.split_from[new] = cur
        if cur in c.types:
            c.types[new] = c.types[cur]
    elif kind == Kind.SPEAKER:
        parsed = parse_quote_id(str(a["quote"]))
        if parsed is None:
            raise ValueError(a["quote"])
        mode = str(a["mode"])
        if mode not in ("entity", "anonymous", "not-a-quote"):
            raise ValueError(mode)
        to = str(a["to"]) if mode == "entity" else None
        name = str(a["to_name"]) if mode == "entity" else None
        c.speakers.setdefault(parsed[0], {})[parsed[1]] = (mode, to, name)
    else:
        raise ValueError(kind)


def load_compiled(index_dir: Path | str) -> Compiled:
    return compile_records(read_records(index_dir))


# ---- one article, corrected --------------------------------------------------------------------------


def _names_of(e: Entity) -> set[str]:
    keys: set[str] = set()
    for n in (e.name, *e.aliases):
        keys |= name_keys(n)
    return keys


def entity_final(
    c: Compiled, article_id: str, entity_id: str, keys: Callable[[], set[str]] | None = None
) -> str | None:
    """What an entity of an article is now (None: dropped): merges, retypes and drops followed to the
    end, then a split by this article or by a name the article gives it.  ``keys`` gives the name
    keys of the entity in this article; it is called only when a split by alias needs them."""
    final = c.resolve(entity_id)
    if final is None:
        return None
    split = c.split_article.get((article_id, final))
    if split is None and final in c.split_alias and keys is not None:
        have = keys()
        split = next((new for akeys, new, _ in c.split_alias[final] if akeys & have), None)
    return c.resolve(split) if split is not None else final


def speaker_final(c: Compiled, mapping: dict[str, str | None], speaker_id: str) -> str | None:
    """Whom a quote of an article counts for now (None: nobody, its speaker was dropped or is no
    longer a person or organisation).  ``mapping``: the article's entities, as ``entity_final``."""
    final = mapping[speaker_id] if speaker_id in mapping else c.resolve(speaker_id)
    if final is None or c.types.get(final, type_of(final)) not in SPEAKER_TYPES:
        return None
    return final


def _entity_map(article_id: str, article: Article, c: Compiled) -> dict[str, str | None]:
    """The article's entity ids -> what they are now (None: dropped)."""
    return {
        e.id: entity_final(c, article_id, e.id, functools.partial(_names_of, e)) for e in article.entities
    }


def needs_apply(article: Article, c: Compiled, article_id: str | None = None) -> bool:
    if not c:
        return False
    if (article_id or article.id) in c.article_ids():
        return True
    touched = c.touched
    return any(e.id in touched for e in article.entities) or any(
        q.speaker_id in touched for q in article.quotes if q.speaker_id
    )


def apply_article(article: Article, c: Compiled) -> Article:
    """The article as the corrections say it is: merged entities under one id and name, dropped ones
    gone, renames and new types, split entities under their own id, quotes reassigned or removed.
    Offsets are untouched, so highlighting still works."""
    if not c:
        return article
    article_id = article.id  # a hash of the whole text, computed on each access
    if not needs_apply(article, c, article_id):
        return article
    from kbio_tui.models import EntityType, Mention, Quote, SpeakerKind

    mapping = _entity_map(article_id, article, c)
    entities: dict[str, Entity] = {}
    for e in article.entities:
        final = mapping[e.id]
        if final is None:
            continue
        name = c.names.get(final, e.name)
        etype = c.types.get(final, e.type.value)
        aliases = [a for a in (e.name, *e.aliases) if a != name]
        have = entities.get(final)
        if have is None:
            entities[final] = e.model_copy(
                update={
                    "id": final,
                    "type": EntityType(etype),
                    "name": name,
                    "aliases": aliases,
                    "role": c.roles.get(final, e.role),
                    "org": c.orgs.get(final, e.org),
                }
            )
        else:
            have.aliases.extend(a for a in aliases if a not in have.aliases and a != have.name)
    mentions = [
        Mention(entity_id=final, start=m.start, end=m.end, text=m.text)
        for m in article.mentions
        if (final := mapping.get(m.entity_id, m.entity_id)) is not None
    ]
    quotes: list[Quote] = []
    fixes = c.speakers.get(article_id, {})
    for q in article.quotes:
        fix = fixes.get(q.start)
        speaker_id, speaker, kind = q.speaker_id, q.speaker, q.speaker_kind
        if fix is not None:
            mode, to, to_name = fix
            if mode == "not-a-quote":
                continue
            if mode == "anonymous":
                speaker_id, speaker, kind = None, None, SpeakerKind.ANONYMOUS
            else:
                speaker_id, speaker = to, to_name
        if speaker_id is not None:
            final = mapping[speaker_id] if speaker_id in mapping else c.resolve(speaker_id)
            if final is None:
                speaker_id, kind = None, SpeakerKind.ANONYMOUS  # a dropped speaker: not a known entity
            else:
                etype = c.types.get(final, type_of(final))
                if etype not in SPEAKER_TYPES:
                    speaker_id, kind = None, SpeakerKind.UNKNOWN
                else:
                    if final != speaker_id or final in c.names:
                        speaker = c.names.get(final, speaker)
                    speaker_id, kind = final, SpeakerKind(SPEAKER_TYPES[etype])
        if (speaker_id, speaker, kind) == (q.speaker_id, q.speaker, q.speaker_kind):
            quotes.append(q)
        else:
            quotes.append(
                q.model_copy(update={"speaker_id": speaker_id, "speaker": speaker, "speaker_kind": kind})
            )
    return article.model_copy(
        update={"entities": list(entities.values()), "mentions": mentions, "quotes": quotes}
    )
