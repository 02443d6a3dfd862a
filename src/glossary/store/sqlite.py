"""A glossary kept in an SQLite database: incremental, safe under concurrent writers, instant to query.

A path ending in ``.db``, ``.sqlite`` or ``.sqlite3`` is a store.  JSON stays
the interchange format; the store is for a glossary that grows for years and
is written by many runs at once:

* every update is one transaction (``BEGIN IMMEDIATE``): concurrent writers
  wait for each other (busy timeout) and a run killed at any moment leaves
  the previous or the new state (write-ahead log);
* an update rebuilds only the entries it can change: the definitions that
  share a key with what was added or removed, closed over every rule of the
  build (:func:`glossary.dictionary.glossary._build`), with the groups outside that
  region counted, not read, when a key is shared by dozens of them (an
  acronym with many meanings); ids and links are recomputed for the entries
  whose ids or link neighbourhood changed.  The result is the glossary a
  full build of all the definitions gives (tests compare them);
* a lookup reads a few indexed rows (``glossary show`` needs neither spaCy
  nor the tagger when the surface is in the store).

Tables: ``documents``, ``definitions`` (offsets, parts, pattern, score,
sentence, alignment notes, and how the build grouped them), ``surfaces``
(their keys), ``entries``, ``forms``, ``links``, ``link_tokens`` (what a
link can be made of), ``overrides``, ``merge_conflicts`` and ``warnings``.
``PRAGMA user_version`` is the schema version, ``PRAGMA application_id``
marks the file as a glossary store; a foreign, damaged or newer database is
reported and never modified.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from glossary.dictionary.entries import (
    LINK_FANOUT,
    Entry,
    GlossaryFormatError,
    KeyMemo,
    Link,
    _def_order,
    _paused_gc,
    _Reader,
    entry_en_words,
    entry_keys,
)
from glossary.dictionary.glossary import Glossary, LookupResult, Suggestion
from glossary.dictionary.ids import _base_id, _identity
from glossary.dictionary.merge import BuildContext, BuildTrace, _build, _dedupe, _identity_key
from glossary.dictionary.normalize import fold
from glossary.dictionary.overrides import Matcher, Overrides, Rule
from glossary.io import escape_surrogates
from glossary.models import ROLES, Definition, Part, Role

__all__ = [
    "APPLICATION_ID",
    "SCHEMA_VERSION",
    "STORE_SUFFIXES",
    "GlossaryStore",
    "UpdateReport",
    "is_store_path",
    "open_store",
]

STORE_SUFFIXES = (".db", ".sqlite", ".sqlite3")  # also in glossary.dictionary.glossary._is_store
APPLICATION_ID = 0x474C5359  # "GLSY": this SQLite file is a glossary store
SCHEMA_VERSION = 2
BUSY_TIMEOUT = float(os.environ.get("GLOSSARY_BUSY_TIMEOUT", "600"))  # seconds a writer waits for another
FULL_REBUILD_SHARE = 0.5  # an update whose region holds more of the store than this rebuilds it all
_HEADER = b"SQLite format 3\x00"
_SEP = "\x1f"

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents (id INTEGER PRIMARY KEY, name TEXT);
CREATE INDEX documents_name ON documents (name);
CREATE TABLE definitions (
    id INTEGER PRIMARY KEY,
    doc INTEGER NOT NULL REFERENCES documents (id),
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    pattern TEXT NOT NULL,
    score REAL NOT NULL,
    sentence TEXT NOT NULL,
    parts TEXT NOT NULL,        -- JSON [[text, start, end, role], ...]
    notes TEXT NOT NULL,        -- JSON list: the alignment and scoring notes
    entry TEXT,                 -- NULL: left out (blocked, or nothing left to pair)
    pos INTEGER,                -- place among the entry's occurrences
    sgroup INTEGER,             -- the build's group after the strong merges (a definition id)
    sgroup_en INTEGER,
    agroup INTEGER,             -- ... and after the fuzzy merges
    agroup_en INTEGER
);
CREATE INDEX definitions_doc ON definitions (doc);
CREATE INDEX definitions_entry ON definitions (entry, pos);
CREATE INDEX definitions_agroup ON definitions (agroup);
CREATE TABLE surfaces (
    def INTEGER NOT NULL,
    role TEXT NOT NULL,         -- ja | en | abbr, or merge (the definition matches merge rule KEY)
    key TEXT NOT NULL,
    folded TEXT NOT NULL,       -- '' unless a block, merge or split rule reads it (see _FOLDED_INDEX)
    live INTEGER NOT NULL       -- 0: blocked, or its definition was left out
);
CREATE INDEX surfaces_key ON surfaces (role, key);
CREATE INDEX surfaces_def ON surfaces (def);
CREATE TABLE entries (
    id TEXT PRIMARY KEY,
    base TEXT NOT NULL,         -- the id before -2, -3 ... told clashing entries apart
    ja TEXT,
    en TEXT,
    abbr TEXT,
    forms TEXT NOT NULL,        -- JSON {role: [surface, ...]}
    form_counts TEXT NOT NULL,  -- JSON {surface: count}
    count INTEGER NOT NULL,
    first_doc TEXT NOT NULL,
    first_start INTEGER NOT NULL
);
CREATE INDEX entries_base ON entries (base);
CREATE INDEX entries_order ON entries (first_doc, first_start, id);
CREATE TABLE forms (
    entry TEXT NOT NULL,
    role TEXT NOT NULL,
    surface TEXT NOT NULL,
    exact TEXT NOT NULL,        -- NFKC-folded, case kept
    folded TEXT NOT NULL,       -- ... and case-folded
    key TEXT NOT NULL           -- normalised key of its role
);
CREATE INDEX forms_exact ON forms (exact);
CREATE INDEX forms_folded ON forms (folded);
CREATE INDEX forms_key ON forms (role, key);
CREATE INDEX forms_entry ON forms (entry);
-- a link is stored both ways (A broader B, B narrower A): no index on targets
CREATE TABLE links (entry TEXT NOT NULL, type TEXT NOT NULL, target TEXT NOT NULL, why TEXT NOT NULL);
CREATE INDEX links_entry ON links (entry);
CREATE TABLE link_tokens (entry TEXT NOT NULL, token TEXT NOT NULL, provides INTEGER NOT NULL);
CREATE INDEX link_tokens_token ON link_tokens (token, provides);
CREATE INDEX link_tokens_entry ON link_tokens (entry);
CREATE TABLE overrides (pos INTEGER PRIMARY KEY, kind TEXT NOT NULL, surfaces TEXT NOT NULL,
                        source TEXT NOT NULL, line INTEGER NOT NULL);
CREATE TABLE merge_conflicts (rule INTEGER PRIMARY KEY, count INTEGER NOT NULL);
CREATE TABLE warnings (pos INTEGER PRIMARY KEY, text TEXT NOT NULL);
-- per Japanese / acronym key, the groups whose live definitions hold it (schema 2): the groups with
-- English after the strong merges, the anchors (groups with English after the fuzzy merges) and,
-- for an acronym, the groups without English that attached to none (see BuildContext).  An update
-- tells a hub key (dozens of meanings) from these counts instead of reading its holders.
CREATE TABLE key_groups (
    role TEXT NOT NULL,
    key TEXT NOT NULL,
    strong INTEGER NOT NULL,
    anchors INTEGER NOT NULL,
    apart INTEGER NOT NULL,
    PRIMARY KEY (role, key)
) WITHOUT ROWID;
"""
_TABLES = frozenset(re.findall(r"CREATE TABLE (\w+)", _SCHEMA))
# The surfaces' folded forms, and their index, serve only the warnings of block, merge and split rules:
# a store without such rules keeps '' and no index (a tenth of the file).  New rules rebuild the store,
# which fills them; a writer opening a store makes the index agree with its rules.
_FOLDED_INDEX = "CREATE INDEX IF NOT EXISTS surfaces_folded ON surfaces (folded)"
_OBSOLETE_INDEXES = ("links_target",)  # written by earlier versions, read by no query
# the key_groups rows of the whole store, from the definitions' groups (a full build; migration 1 -> 2)
_FILL_KEY_GROUPS = """
INSERT INTO key_groups
SELECT role, key, strong, anchors, apart FROM (
    SELECT s.role AS role, s.key AS key,
           count(DISTINCT CASE WHEN d.sgroup_en THEN d.sgroup END) AS strong,
           count(DISTINCT CASE WHEN d.agroup_en THEN d.agroup END) AS anchors,
           count(DISTINCT CASE WHEN s.role = 'abbr' AND NOT d.agroup_en AND d.entry IS NOT NULL
                                    AND d.entry NOT IN (SELECT entry FROM definitions
                                                        WHERE agroup_en = 1 AND entry IS NOT NULL)
                               THEN d.agroup END) AS apart
    FROM surfaces s JOIN definitions d ON d.id = s.def
    WHERE s.live = 1 AND s.role IN ('ja', 'abbr') AND s.key != '' AND d.agroup IS NOT NULL
    GROUP BY s.role, s.key
) WHERE strong + anchors + apart > 0
"""
_KEY_GROUPS_TABLE = _SCHEMA[_SCHEMA.index("CREATE TABLE key_groups") :].rstrip().rstrip(";")
# schema version N -> the statements that bring a store from N to N + 1 (one transaction, with the
# version, on a writer's first open: a store killed while migrating is left as it was)
_MIGRATIONS: dict[int, Sequence[str]] = {1: [_KEY_GROUPS_TABLE, _FILL_KEY_GROUPS]}
# tables a reader of each older version finds (a reader reads an older store as it is, never migrates)
_ADDED_IN = {"key_groups": 2}


def is_store_path(path: str | os.PathLike[str]) -> bool:
    """True when ``path`` names a store (``.db``, ``.sqlite``, ``.sqlite3``), not a JSON glossary."""
    return Path(path).suffix.lower() in STORE_SUFFIXES


def open_store(path: str | os.PathLike[str], *, readonly: bool = False) -> GlossaryStore:
    """The store at ``path`` (created when it does not exist, unless ``readonly``)."""
    return GlossaryStore(path, readonly=readonly)


# --- text that SQLite cannot hold as UTF-8 ----------------------------------------------------------


def _txt(s: str) -> str | bytes:
    """``s`` for a TEXT column; a lone surrogate (a file name that is not UTF-8) is kept as exact bytes."""
    if s.isascii():
        return s
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return s.encode("utf-8", "surrogatepass")
    return s


def _str(v: str | bytes) -> str:
    return v.decode("utf-8", "surrogatepass") if isinstance(v, bytes) else v


def _opt(v: str | bytes | None) -> str | None:
    return None if v is None else _str(v)


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _json(value: Any) -> str:
    return escape_surrogates(_ENCODE(value))


@dataclass(frozen=True)
class UpdateReport:
    """What :meth:`GlossaryStore.update` did: definitions in and out, definitions rebuilt, how."""

    added: int
    removed: int
    region: int  # definitions rebuilt
    entries_before: int
    entries_after: int
    incremental: bool


class _Unsupported(Exception):
    """The incremental path cannot serve this update; rebuild the whole store instead."""


class GlossaryStore:
    """A glossary in an SQLite file, read and updated in place.

    ``with glossary.open("terms.db") as store:`` gives one; ``store.lookup``,
    ``store.get``, iteration and ``len`` read a few rows each, ``store.update``
    / ``update_texts`` add documents in one transaction, ``store.glossary()``
    loads everything into a :class:`~glossary.dictionary.glossary.Glossary`.
    """

    def __init__(self, path: str | os.PathLike[str], *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self.version = SCHEMA_VERSION  # the file's schema (a reader may read an older one as it is)
        self._conn = self._connect()

    # --- opening --------------------------------------------------------------------------------

    def _problem(self, what: str, todo: str) -> GlossaryFormatError:
        return GlossaryFormatError(f"{self.path}: {what}; {todo}")

    def _connect(self) -> sqlite3.Connection:
        p = self.path
        rebuild = f"rebuild it with 'glossary extract DOCS -o {p.name}'"
        exists = p.exists()
        if p.is_dir():
            raise self._problem("is a folder, not a glossary store", "name a .db file")
        if not exists and self.readonly:
            raise GlossaryFormatError(
                f"{p}: no such file (build one with: glossary extract DOCS -o {p.name})"
            )
        if exists:
            try:
                with open(p, "rb") as fh:
                    head = fh.read(len(_HEADER))
            except OSError as exc:
                raise GlossaryFormatError(f"{p}: cannot read ({exc.strerror or exc})") from exc
            if head and head != _HEADER:
                raise self._problem(
                    "not a glossary store (not an SQLite database)",
                    f"restore it from a backup, {rebuild}, or give a .json path for a JSON glossary",
                )
        try:
            if self.readonly:
                conn = sqlite3.connect(
                    f"{p.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT, isolation_level=None
                )
            else:
                conn = sqlite3.connect(p, timeout=BUSY_TIMEOUT, isolation_level=None)
        except sqlite3.Error as exc:
            raise GlossaryFormatError(f"{p}: cannot open the glossary store ({exc})") from exc
        try:
            self._check(conn, rebuild)
        except BaseException:
            conn.close()
            raise
        return conn

    def _check(self, conn: sqlite3.Connection, rebuild: str) -> None:
        """Refuse a foreign, damaged or newer database before anything writes to it; create or migrate."""
        try:
            app = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as exc:
            raise self._problem(
                f"damaged glossary store ({exc})", f"restore it from a backup or {rebuild}"
            ) from exc
        if app == 0 and version == 0 and not tables:
            if self.readonly:
                raise self._problem("an empty database, not a glossary store", rebuild)
            self._create(conn)
            return
        if app != APPLICATION_ID:
            shown = ", ".join(sorted(tables)[:5]) or "none"
            raise self._problem(
                f"an SQLite database, but not a glossary store (tables: {shown})",
                f"give another path for the glossary, or {rebuild}",
            )
        if version > SCHEMA_VERSION:
            raise self._problem(
                f"written by a newer version of glossary (store schema {version}; this version reads "
                f"up to {SCHEMA_VERSION})",
                "upgrade glossary (pip install -U glossary) to read it",
            )
        if version < SCHEMA_VERSION:
            if any(v not in _MIGRATIONS for v in range(version, SCHEMA_VERSION)):
                raise self._problem(
                    f"an older glossary store (schema {version}; this version writes {SCHEMA_VERSION})",
                    rebuild,
                )
            if not self.readonly:  # a reader reads an older store as it is and never writes
                try:
                    self._migrate(conn)
                except sqlite3.OperationalError as exc:
                    raise self._problem(
                        f"an older glossary store (schema {version}) that could not be migrated to schema "
                        f"{SCHEMA_VERSION} ({exc}); it is unchanged",
                        "make it writable and run again (show, stats and export read it as it is)",
                    ) from exc
                version = SCHEMA_VERSION
                tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        self.version = version
        missing = {t for t in _TABLES - tables if _ADDED_IN.get(t, 0) <= version}
        if missing:
            raise self._problem(
                f"damaged glossary store (missing tables: {', '.join(sorted(missing))})",
                f"restore it from a backup or {rebuild}",
            )
        if not self.readonly:
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA cache_size = -65536")  # 64 MB: bulk writes and index builds
            self._tidy_indexes(conn)

    def _tidy_indexes(self, conn: sqlite3.Connection) -> None:
        """Bring the indexes of a store written by an earlier version to those this one reads."""

        def wanted() -> list[str]:
            names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
            out = [f"DROP INDEX IF EXISTS {n}" for n in _OBSOLETE_INDEXES if n in names]
            if "definitions_agroup" not in names:  # a region's groups are looked up by group
                out.append("CREATE INDEX IF NOT EXISTS definitions_agroup ON definitions (agroup)")
            folded = _reads_folded(_read_overrides(conn))
            if folded and "surfaces_folded" not in names:
                out.append(_FOLDED_INDEX)
            elif not folded and "surfaces_folded" in names:
                out.append("DROP INDEX IF EXISTS surfaces_folded")
            return out

        if not wanted():
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in wanted():  # again: another writer may have done it meanwhile
                conn.execute(statement)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def _create(self, conn: sqlite3.Connection) -> None:
        from glossary import __version__

        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("BEGIN IMMEDIATE")
        try:
            # another process may have created it while this one waited for the lock
            if conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0:
                for statement in _SCHEMA.split(";\n"):  # executescript would commit first
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                conn.execute("INSERT INTO meta VALUES ('created_by', ?)", (f"glossary {__version__}",))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("PRAGMA synchronous = NORMAL")

    def _migrate(self, conn: sqlite3.Connection) -> None:
        """Bring an older store to this schema: one transaction (the version is read again inside it:
        another writer may have migrated it meanwhile), so a run killed while migrating leaves it as
        it was."""
        conn.execute("BEGIN IMMEDIATE")
        try:
            now = conn.execute("PRAGMA user_version").fetchone()[0]
            for v in range(now, SCHEMA_VERSION):
                for statement in _MIGRATIONS[v]:
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {v + 1}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> GlossaryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<GlossaryStore {str(self.path)!r}: {len(self)} entries>"

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """SQLite's errors as the user's: a damaged file or a lock held too long, with what to do."""
        try:
            yield
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise GlossaryFormatError(
                    f"{self.path}: the glossary store stayed locked by another run for {BUSY_TIMEOUT:.0f} s; "
                    "try again when it has finished (or raise GLOSSARY_BUSY_TIMEOUT)"
                ) from exc
            raise self._damaged(exc) from exc
        except sqlite3.DatabaseError as exc:
            raise self._damaged(exc) from exc

    def _damaged(self, exc: Exception) -> GlossaryFormatError:
        return self._problem(
            f"damaged glossary store ({exc})",
            f"restore it from a backup or rebuild it with 'glossary extract DOCS -o {self.path.name}'",
        )

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: it waits for other writers, and commits whole or not at all."""
        if self.readonly:
            raise GlossaryFormatError(f"{self.path}: opened read-only")
        conn = self._conn
        with self._guard():
            conn.execute("BEGIN IMMEDIATE")
            try:
                with _paused_gc():
                    yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    # --- reading --------------------------------------------------------------------------------

    def __len__(self) -> int:
        with self._guard():
            return int(self._conn.execute("SELECT count(*) FROM entries").fetchone()[0])

    def __iter__(self) -> Iterator[Entry]:
        """Every entry, in the order of its first definition (read in batches)."""
        with self._guard():
            ids = [
                r[0] for r in self._conn.execute("SELECT id FROM entries ORDER BY first_doc, first_start, id")
            ]
        for i in range(0, len(ids), 500):
            batch = self._entries(ids[i : i + 500])
            yield from (batch[eid] for eid in ids[i : i + 500])

    def __contains__(self, surface: object) -> bool:
        return isinstance(surface, str) and bool(self.lookup(surface, fuzzy=False, suggest=False))

    def get(self, entry_id: str) -> Entry | None:
        return self._entries([entry_id]).get(entry_id)

    def __getitem__(self, entry_id: str) -> Entry:
        e = self.get(entry_id)
        if e is None:
            raise KeyError(f"no entry with id {entry_id!r}; use lookup() to search by surface")
        return e

    @property
    def overrides(self) -> Overrides:
        with self._guard():
            return _read_overrides(self._conn)

    @property
    def warnings(self) -> tuple[str, ...]:
        with self._guard():
            return tuple(_str(r[0]) for r in self._conn.execute("SELECT text FROM warnings ORDER BY pos"))

    @property
    def documents(self) -> list[str]:
        """The names of the documents that hold definitions (as :attr:`Glossary.documents`)."""
        with self._guard():
            rows = self._conn.execute(
                "SELECT name FROM documents WHERE id IN (SELECT DISTINCT doc FROM definitions)"
            ).fetchall()
        return sorted({_opt(r[0]) or "" for r in rows})

    def definition_count(self) -> int:
        """Definitions held by entries (a glossary's ``sum(e.count)``)."""
        with self._guard():
            return int(self._conn.execute("SELECT coalesce(sum(count), 0) FROM entries").fetchone()[0])

    def _entries(self, ids: Sequence[str], occurrences: bool = True) -> dict[str, Entry]:
        """The entries with these ids (missing ones left out), with links and, if asked, occurrences."""
        out: dict[str, Entry] = {}
        if not ids:
            return out
        conn = self._conn
        with self._guard():
            marks = ",".join("?" * len(ids))
            params = [_txt(i) for i in ids]
            rows = conn.execute(
                f"SELECT id, ja, en, abbr, forms, form_counts FROM entries WHERE id IN ({marks})", params
            ).fetchall()
            related: dict[str, list[Link]] = defaultdict(list)
            for eid, typ, target, why in conn.execute(
                f"SELECT entry, type, target, why FROM links WHERE entry IN ({marks})", params
            ):
                related[_str(eid)].append(Link(typ, _str(target), _str(why)))
            occ: dict[str, list[Definition]] = defaultdict(list)
            if occurrences:
                reader = _Reader()
                docs = _DocNames(conn)
                for row in conn.execute(
                    f"SELECT entry, doc, start, end, pattern, score, sentence, parts, notes FROM definitions "
                    f"WHERE entry IN ({marks}) ORDER BY entry, pos",
                    params,
                ):
                    occ[_str(row[0])].append(_definition(row[1:], docs, reader))
        for eid_raw, ja, en, abbr, forms, counts in rows:
            eid = _str(eid_raw)
            out[eid] = _entry_of(eid, ja, en, abbr, forms, counts, related.get(eid, []), occ.get(eid, []))
        return out

    def definitions(self) -> Iterator[Definition]:
        """Every definition in the store (including those no entry holds)."""
        with self._guard():
            docs = _DocNames(self._conn)
            reader = _Reader()
            cur = self._conn.execute(
                "SELECT doc, start, end, pattern, score, sentence, parts, notes FROM definitions ORDER BY id"
            )
            for row in cur:
                yield _definition(row, docs, reader)

    def glossary(self) -> Glossary:
        """Everything, as a :class:`~glossary.dictionary.glossary.Glossary` equal to the one stored."""
        conn = self._conn
        with self._guard(), _paused_gc():
            reader = _Reader()
            docs = _DocNames(conn)
            occ: dict[str, list[Definition]] = defaultdict(list)
            loose: list[Definition] = []
            for row in conn.execute(
                "SELECT entry, doc, start, end, pattern, score, sentence, parts, notes FROM definitions "
                "ORDER BY entry, pos"
            ):
                d = _definition(row[1:], docs, reader)
                if row[0] is None:
                    loose.append(d)
                else:
                    occ[_str(row[0])].append(d)
            related: dict[str, list[Link]] = defaultdict(list)
            for eid, typ, target, why in conn.execute("SELECT entry, type, target, why FROM links"):
                related[_str(eid)].append(Link(reader.text(typ), _str(target), reader.text(_str(why))))
            entries = [
                _entry_of(
                    _str(r[0]),
                    r[1],
                    r[2],
                    r[3],
                    r[4],
                    r[5],
                    related.get(_str(r[0]), []),
                    occ.get(_str(r[0]), []),
                )
                for r in conn.execute("SELECT id, ja, en, abbr, forms, form_counts FROM entries")
            ]
            entries.sort(key=lambda e: (_def_order(e.occurrences[0]) if e.occurrences else (), e.id))
            overrides = _read_overrides(conn)
            warnings = [_str(r[0]) for r in conn.execute("SELECT text FROM warnings ORDER BY pos")]
        g = Glossary.__new__(Glossary)
        g._setup(tuple(entries), None, tuple(loose), overrides, warnings)
        return g

    def mention_glossary(self) -> Glossary:
        """What finding mentions needs (``glossary check -g terms.db``), without the rest.

        Every entry with its surfaces, in :meth:`glossary`'s order; no links; of each entry's
        occurrences only the first (it orders the entries), or all of them for an entry that
        shares a surface with another (its definitions settle which meaning is in force where).
        A store that gathered many definitions per entry reads a fraction of them.  Not a
        glossary to save, export or show: its counts are not the store's.
        """
        conn = self._conn
        with self._guard(), _paused_gc():
            rows = conn.execute("SELECT id, ja, en, abbr, forms, form_counts FROM entries").fetchall()
            owners: dict[str, set[str]] = defaultdict(set)
            for eid, ja, en, abbr, forms, _ in rows:
                for surface in (ja, en, abbr, *(x for xs in json.loads(forms).values() for x in xs)):
                    if surface is not None:
                        owners[_str(surface)].add(_str(eid))
            shared = sorted({eid for ids in owners.values() if len(ids) > 1 for eid in ids})
            reader = _Reader()
            docs = _DocNames(conn)
            occ: dict[str, list[Definition]] = defaultdict(list)
            columns = "entry, doc, start, end, pattern, score, sentence, parts, notes"
            for row in conn.execute(f"SELECT {columns} FROM definitions WHERE pos = 0 AND entry IS NOT NULL"):
                occ[_str(row[0])].append(_definition(row[1:], docs, reader))
            for i in range(0, len(shared), 500):
                batch = [_txt(eid) for eid in shared[i : i + 500]]
                for eid in shared[i : i + 500]:
                    occ.pop(eid, None)
                marks = ",".join("?" * len(batch))
                for row in conn.execute(
                    f"SELECT {columns} FROM definitions WHERE entry IN ({marks}) ORDER BY entry, pos", batch
                ):
                    occ[_str(row[0])].append(_definition(row[1:], docs, reader))
            entries = [
                _entry_of(_str(r[0]), r[1], r[2], r[3], r[4], r[5], [], occ.get(_str(r[0]), [])) for r in rows
            ]
            entries.sort(key=lambda e: (_def_order(e.occurrences[0]) if e.occurrences else (), e.id))
            overrides = _read_overrides(conn)
        g = Glossary.__new__(Glossary)
        g._setup(tuple(entries), None, (), overrides, ())
        return g

    def lookup(
        self, surface: str, *, fuzzy: bool = True, limit: int = 5, cutoff: float = 70.0, suggest: bool = True
    ) -> LookupResult:
        """:meth:`Glossary.lookup` on the store's indexes.

        An exact hit (the NFKC-folded surface) reads a few rows and needs
        neither spaCy nor the tagger; the normalised keys of the query are
        computed only when it misses.  ``suggest=False`` skips the near
        misses (a scan of every distinct surface) when they will not be shown.
        """
        q = fold(surface)
        with self._guard():
            suggestions: tuple[Suggestion, ...] = ()
            if suggest or (fuzzy and not self._ids("exact = ?", (_txt(q),))):
                suggestions = self._suggestions(q, limit, cutoff)
            ids = self._ids("exact = ?", (_txt(q),))
            match: str | None = None
            if ids:
                match = "exact"
            else:
                ids = self._ids("folded = ?", (_txt(q.casefold()),))
                if q:
                    from glossary.dictionary.normalize import key

                    for role in ROLES:
                        k = key(q, role)
                        if k:
                            ids += [
                                i for i in self._ids("role = ? AND key = ?", (role, _txt(k))) if i not in ids
                            ]
                if ids:
                    match = "normalised"
                elif fuzzy and suggestions:
                    best = max(s.score for s in suggestions)
                    for s in suggestions:
                        if s.score == best and s.id not in ids:
                            ids.append(s.id)
                    match = "fuzzy"
            found = self._entries(ids)
        return LookupResult(surface, match, tuple(found[i] for i in ids if i in found), suggestions)

    def _ids(self, where: str, params: tuple[Any, ...]) -> list[str]:
        """Entry ids of the forms matching ``where``, in entry order, each once."""
        rows = self._conn.execute(
            f"SELECT e.id FROM entries e WHERE e.id IN (SELECT entry FROM forms WHERE {where}) "
            "ORDER BY e.first_doc, e.first_start, e.id",
            params,
        )
        return [_str(r[0]) for r in rows]

    def _suggestions(self, q: str, limit: int, cutoff: float) -> tuple[Suggestion, ...]:
        from rapidfuzz import fuzz, process

        choices = [
            _str(r[0]) for r in self._conn.execute("SELECT DISTINCT folded FROM forms ORDER BY folded")
        ]
        out: list[Suggestion] = []
        for choice, score, _ in process.extract(
            q.casefold(), choices, scorer=fuzz.ratio, limit=limit, score_cutoff=cutoff
        ):
            for eid in self._ids("folded = ?", (_txt(choice),)):
                out.append(Suggestion(choice, eid, round(float(score), 1)))
        return tuple(out)

    def search(self, term: str, limit: int = 8) -> list[Suggestion]:
        """Surfaces that contain ``term`` or are contained in it (the search box's key), one per entry."""
        from glossary.text.search import search_key

        q = search_key(term)
        if not q:
            return []
        out: list[Suggestion] = []
        seen: set[str] = set()
        with self._guard():
            for eid, s in self._conn.execute(
                "SELECT f.entry, f.surface FROM forms f JOIN entries e ON e.id = f.entry "
                "ORDER BY e.first_doc, e.first_start, e.id, f.rowid"
            ):
                eid, s = _str(eid), _str(s)
                if eid in seen:
                    continue
                k = search_key(s)
                if k and (q in k or (len(k) >= 2 and k in q)):
                    seen.add(eid)
                    out.append(Suggestion(s, eid, 0.0))
                    if len(out) >= limit:
                        break
        return out

    def summary(self, top: int) -> dict[str, Any]:
        """The figures of ``glossary stats``, from SQL aggregates (nothing is loaded whole).

        The top entries (with their counts) and the homonyms come with their
        id and names only: what the listing shows.
        """
        conn = self._conn
        with self._guard():
            coverage = dict(
                zip(
                    ("ja+en+abbr", "ja+en", "ja+abbr", "en+abbr", "one language"),
                    conn.execute(
                        "SELECT "
                        "coalesce(sum(ja IS NOT NULL AND en IS NOT NULL AND abbr IS NOT NULL), 0), "
                        "coalesce(sum(ja IS NOT NULL AND en IS NOT NULL AND abbr IS NULL), 0), "
                        "coalesce(sum(ja IS NOT NULL AND abbr IS NOT NULL AND en IS NULL), 0), "
                        "coalesce(sum(en IS NOT NULL AND abbr IS NOT NULL AND ja IS NULL), 0), "
                        "coalesce(sum((ja IS NOT NULL) + (en IS NOT NULL) + (abbr IS NOT NULL) = 1), 0) "
                        "FROM entries"
                    ).fetchone(),
                    strict=True,
                )
            )
            links = {
                t: n for t, n in conn.execute("SELECT type, count(*) FROM links GROUP BY type ORDER BY type")
            }
            # what the listing prints of an entry: its names (no forms, links or occurrences are read)
            heads = [
                (_named(r), int(r[4]))
                for r in conn.execute(
                    "SELECT id, ja, en, abbr, count FROM entries ORDER BY count DESC, id LIMIT ?", (top,)
                )
            ]
            homonyms = [
                _named(r)
                for r in conn.execute(
                    "SELECT id, ja, en, abbr FROM entries e WHERE abbr IS NOT NULL AND EXISTS "
                    "(SELECT 1 FROM links WHERE entry = e.id AND type = 'homonym') "
                    "ORDER BY first_doc, first_start, id"
                )
            ]
            entries, definitions = conn.execute(
                "SELECT count(*), coalesce(sum(count), 0) FROM entries"
            ).fetchone()
            documents = conn.execute(
                "SELECT count(DISTINCT coalesce(name, '')) FROM documents d "
                "WHERE EXISTS (SELECT 1 FROM definitions WHERE doc = d.id)"
            ).fetchone()[0]
        return {
            "entries": int(entries),
            "definitions": int(definitions),
            "documents": int(documents),
            "coverage": {k: int(v) for k, v in coverage.items()},
            "links": links,
            "top": heads,
            "homonyms": homonyms,
        }

    # --- writing --------------------------------------------------------------------------------

    def save(self, glossary: Glossary, trace: BuildTrace | None = None) -> None:
        """Replace the whole content with ``glossary``, in one transaction.

        ``trace`` is how the glossary was built (:func:`build`); without it
        the grouping is worked out again from the glossary's definitions,
        which the incremental updates need.
        """
        if trace is None:
            trace = BuildTrace()
            _build(glossary.definitions, glossary.overrides, trace=trace, finish=False)
        with self._write() as conn:
            for table in sorted(_TABLES - {"meta"}):
                conn.execute(f"DELETE FROM {table}")
            _write_all(conn, glossary, trace)

    def build(self, definitions: Iterable[Definition], overrides: Overrides | None = None) -> Glossary:
        """Replace the content with a glossary built from ``definitions``; returns that glossary."""
        g, trace = build_traced(definitions, overrides or Overrides())
        self.save(g, trace)
        return g

    def update(
        self,
        definitions: Iterable[Definition],
        *,
        replace_docs: bool | Iterable[str | None] = True,
        overrides: Overrides | None = None,
    ) -> UpdateReport:
        """Add definitions in one transaction; a document added again replaces its earlier definitions.

        ``replace_docs`` True replaces the documents the definitions come
        from; an iterable names the documents (or files: a notebook's cells)
        to replace, as a document read again that now defines nothing; False keeps everything (as
        :meth:`Glossary.merge`).  ``overrides`` are added to the stored
        rules (new rules rebuild the whole store).  The result equals a full
        build of the store's definitions.
        """
        new = list(definitions)
        if replace_docs is True:
            replaced = {d.doc for d in new}
        elif replace_docs is False:
            replaced = set()
        else:
            replaced = set(replace_docs) | {d.doc for d in new}
        with self._write() as conn:
            stored = _read_overrides(conn)
            ov = stored.union(overrides) if overrides else stored
            before = int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])
            try:
                if ov != stored:
                    raise _Unsupported("new curation rules")
                report = _Update(conn, ov, new, replaced).run()
            except _Unsupported:
                report = _rebuild_all(conn, ov, new, replaced)
            after = int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])
        return UpdateReport(report[0], report[1], report[2], before, after, report[3])

    def update_texts(self, texts: Mapping[str, str]) -> UpdateReport:
        """Extract definitions from ``{doc name: text}`` and add them; each named document is replaced."""
        from glossary.extract import find_definitions

        found: list[Definition] = []
        for doc, text in sorted(texts.items()):
            found.extend(find_definitions(text, doc=doc))
        return self.update(found, replace_docs=list(texts))


def build_traced(definitions: Iterable[Definition], overrides: Overrides) -> tuple[Glossary, BuildTrace]:
    """:meth:`Glossary.from_definitions` that also keeps how the build grouped the definitions."""
    with _paused_gc():
        defs = _dedupe(definitions)
        trace = BuildTrace()
        entries, dropped, warnings = _build(defs, overrides, trace=trace)
        g = Glossary.__new__(Glossary)
        g._setup(tuple(entries), defs, (), overrides, warnings, dropped=tuple(dropped))
    return g, trace


# --- rows ---------------------------------------------------------------------------------------------


class _DocNames:
    """Document ids -> names, read once per id and shared between definitions."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._names: dict[int, str | None] = {}

    def read(self, doc_ids: Sequence[int]) -> None:
        """Read the names of these documents, a few hundred per statement."""
        for doc_id, name in _select_rows(
            self._conn, "SELECT id, name FROM documents WHERE id IN ({})", doc_ids
        ):
            self._names[doc_id] = _opt(name)

    def __call__(self, doc_id: int) -> str | None:
        try:
            return self._names[doc_id]
        except KeyError:
            row = self._conn.execute("SELECT name FROM documents WHERE id = ?", (doc_id,)).fetchone()
            name = self._names[doc_id] = _opt(row[0]) if row else None
            return name


def _definition(row: Sequence[Any], docs: _DocNames, reader: _Reader) -> Definition:
    doc_id, start, end, pattern, score, sentence, parts, notes = row
    text = reader.text
    return Definition(
        parts=tuple(Part(text(t), s, e, text(r)) for t, s, e, r in json.loads(parts)),
        pattern=text(pattern),
        score=score,
        start=start,
        end=end,
        sentence=text(_str(sentence)),
        doc=text(docs(doc_id)),
        notes=tuple(text(n) for n in json.loads(notes)),
    )


def _entry_of(
    eid: str,
    ja: Any,
    en: Any,
    abbr: Any,
    forms: str,
    counts: str,
    related: list[Link],
    occurrences: list[Definition],
) -> Entry:
    f = json.loads(forms)
    return Entry(
        id=eid,
        ja=_opt(ja),
        en=_opt(en),
        abbr=_opt(abbr),
        forms={role: tuple(f.get(role, ())) for role in ROLES},
        related=tuple(sorted(related)),
        occurrences=tuple(occurrences),
        form_counts=json.loads(counts),
    )


def _named(row: Sequence[Any]) -> Entry:
    """An entry with only its id and names (what ``glossary stats`` lists)."""
    return Entry(id=_str(row[0]), ja=_opt(row[1]), en=_opt(row[2]), abbr=_opt(row[3]), forms={})


def _read_overrides(conn: sqlite3.Connection) -> Overrides:
    rules = [
        Rule(kind, tuple(json.loads(surfaces)), _str(source), line)
        for kind, surfaces, source, line in conn.execute(
            "SELECT kind, surfaces, source, line FROM overrides ORDER BY pos"
        )
    ]
    return Overrides(tuple(rules))


def _doc_id(conn: sqlite3.Connection, cache: dict[str | None, int], name: str | None) -> int:
    got = cache.get(name)
    if got is not None:
        return got
    row = conn.execute(
        "SELECT id FROM documents WHERE name IS ?", (None if name is None else _txt(name),)
    ).fetchone()
    if row is None:
        cur = conn.execute("INSERT INTO documents (name) VALUES (?)", (None if name is None else _txt(name),))
        doc = int(cur.lastrowid or 0)
    else:
        doc = int(row[0])
    cache[name] = doc
    return doc


def _def_row(d: Definition, def_id: int, doc: int) -> tuple[Any, ...]:
    return (
        def_id,
        doc,
        d.start,
        d.end,
        d.pattern,
        d.score,
        _txt(d.sentence),
        _json([[p.text, p.start, p.end, p.role] for p in d.parts]),
        _json(list(d.notes)) if d.notes else "[]",
    )


def _surface_rows(
    d: Definition,
    def_id: int,
    memo: KeyMemo,
    live: Sequence[tuple[Role, str, str]] | None,
    merges: Sequence[tuple[int, Matcher]],
    keep_folded: bool,
    folded: dict[str, tuple[str | bytes, str | bytes]] | None = None,
) -> list[tuple[Any, ...]]:
    """The surfaces table's rows of one definition; ``live`` is its surfaces in the build (None: left out).

    ``keep_folded``: the store's rules read the folded forms (else '' is
    stored).  ``folded`` caches each clean surface's key and folded form as stored.
    """
    rows: list[tuple[Any, ...]] = []
    remaining = list(live or ())
    cache = folded if folded is not None else {}
    for p in d.parts:
        clean = memo.clean(p.text)
        k = memo.key(clean, p.role)
        got = cache.get(clean + "\x00" + p.role)
        if got is None:
            got = cache[clean + "\x00" + p.role] = (
                _txt(k),
                _txt(fold(clean).casefold()) if keep_folded else "",
            )
        is_live = (p.role, clean, k) in remaining
        if is_live:
            remaining.remove((p.role, clean, k))
        rows.append((def_id, p.role, got[0], got[1], int(is_live)))
    if live:
        for pos, m in merges:
            if any(m.matches(s, r, k) for r, s, k in live):
                rows.append((def_id, "merge", str(pos), "", 1))
    return rows


def _reads_folded(ov: Overrides) -> bool:
    """Whether the store's rules look surfaces up by their folded form (see ``_FOLDED_INDEX``)."""
    return any(r.kind in ("block", "merge", "split") for r in ov.rules)


def _merge_matchers(ov: Overrides) -> list[tuple[int, Matcher]]:
    """(rule position, matcher) for every surface of every merge rule."""
    return [(pos, Matcher.of(s)) for pos, r in enumerate(ov.rules) if r.kind == "merge" for s in r.surfaces]


def _entry_row(e: Entry) -> tuple[Any, ...]:
    """The entry's row in ``entries``, as stored."""
    first = e.occurrences[0] if e.occurrences else None
    return (
        _txt(e.id),
        _txt(_base_id(e)),
        None if e.ja is None else _txt(e.ja),
        None if e.en is None else _txt(e.en),
        None if e.abbr is None else _txt(e.abbr),
        _json({role: list(e.forms.get(role, ())) for role in ROLES}),
        _json(dict(e.form_counts)),
        e.count,
        _txt((first.doc or "") if first else ""),
        first.start if first else 0,
    )


def _entry_rows(
    e: Entry, memo: KeyMemo
) -> tuple[tuple[Any, ...], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The entry's row, its forms rows and its link-token rows."""
    row = _entry_row(e)
    forms = []
    for role in ROLES:
        for s in e.forms.get(role, ()):
            f = fold(s)
            forms.append((_txt(e.id), role, _txt(s), _txt(f), _txt(f.casefold()), _txt(memo.key(s, role))))
    tokens = [(_txt(e.id), _txt(t), p) for t, p in _link_tokens(e, memo).items()]
    return row, forms, tokens


def _link_tokens(e: Entry, memo: KeyMemo) -> dict[str, int]:
    """What links of :func:`glossary.dictionary.links.find_links` this entry can take part in.

    Token -> 1 when the entry provides it (a whole key, an acronym, an
    English word pair: another entry holding it may link to this one), 0
    when it only looks for it (a head or a component of its own terms).
    """
    from glossary.dictionary.links import _STOP, MIN_JA_COMPONENT, _cuts

    out: dict[str, int] = {}

    def put(token: str, provides: int) -> None:
        if out.get(token, 0) < provides or token not in out:
            out[token] = provides

    for k in entry_keys(e, "abbr", memo):
        put("a" + k, 1)
    for w in entry_en_words(e, memo):
        put("e" + _SEP.join(w), 1)
        for i in range(len(w)):
            for j in range(i + 1, len(w) + 1):
                if (i, j) != (0, len(w)):
                    put("e" + _SEP.join(w[i:j]), 0)
        for i in range(len(w) - 1):
            if w[i] not in _STOP and w[i + 1] not in _STOP:
                put("b" + w[i] + _SEP + w[i + 1], 1)
    for k in entry_keys(e, "ja", memo):
        if len(k) >= MIN_JA_COMPONENT:
            put("j" + k, 1)
        cuts = _cuts(k)
        for i in sorted(c for c in cuts if 0 < c < len(k)):
            if len(k) - i >= MIN_JA_COMPONENT:
                put("j" + k[i:], 0)
        for i in sorted(c for c in cuts if c < len(k)):
            for j in sorted(c for c in cuts if i + MIN_JA_COMPONENT <= c < len(k)):
                put("j" + k[i:j], 0)
    return out


def _write_all(conn: sqlite3.Connection, g: Glossary, trace: BuildTrace) -> None:
    """Insert a whole glossary into empty tables (indexes are made after the rows: far faster)."""
    memo = trace.memo
    docs: dict[str | None, int] = {}
    ids: dict[int, int] = {}  # id() of a definition -> its row: hashing a million definitions is slow
    rows: list[tuple[Any, ...]] = []
    order: list[Definition] = []
    merges = _merge_matchers(g.overrides)
    keep = _reads_folded(g.overrides)
    for e in g.entries:
        eid = _txt(e.id)
        for pos, d in enumerate(e.occurrences):
            ids[id(d)] = len(ids) + 1
            order.append(d)
            rows.append((*_def_row(d, ids[id(d)], _doc_id(conn, docs, d.doc)), eid, pos))
    for d in g._dropped_definitions():
        ids[id(d)] = len(ids) + 1
        order.append(d)
        rows.append((*_def_row(d, ids[id(d)], _doc_id(conn, docs, d.doc)), None, None))
    indexes = _drop_indexes(conn)
    conn.executemany("INSERT INTO definitions VALUES (?,?,?,?,?,?,?,?,?,?,?,NULL,NULL,NULL,NULL)", rows)
    del rows
    groups = []
    surfaces: list[tuple[Any, ...]] = []
    folded: dict[str, tuple[str | bytes, str | bytes]] = {}
    for d in order:
        def_id = ids[id(d)]
        node = trace.nodes.get(id(d))
        surfaces.extend(_surface_rows(d, def_id, memo, node[1] if node else None, merges, keep, folded))
        if node is not None:
            groups.append((ids.get(id(node[2])), int(node[3]), ids.get(id(node[4])), int(node[5]), def_id))
    conn.executemany(
        "UPDATE definitions SET sgroup = ?, sgroup_en = ?, agroup = ?, agroup_en = ? WHERE id = ?", groups
    )
    conn.executemany("INSERT INTO surfaces VALUES (?,?,?,?,?)", surfaces)
    del surfaces, groups, order
    _insert_entries(conn, g.entries, memo)
    _insert_links(conn, ((e.id, link) for e in g.entries for link in e.related))
    conn.executemany(
        "INSERT INTO overrides VALUES (?,?,?,?,?)",
        [
            (pos, r.kind, _json(list(r.surfaces)), _txt(r.source), r.line)
            for pos, r in enumerate(g.overrides.rules)
        ],
    )
    conflicts = [(pos, g.warnings.count(_conflict_text(r))) for pos, r in enumerate(g.overrides.rules)]
    conn.executemany("INSERT INTO merge_conflicts VALUES (?,?)", [c for c in conflicts if c[1]])
    conn.executemany("INSERT INTO warnings VALUES (?,?)", [(i, _txt(w)) for i, w in enumerate(g.warnings)])
    for name, statement in indexes:
        if name != "surfaces_folded" and name not in _OBSOLETE_INDEXES:
            conn.execute(statement)
    if keep:
        conn.execute(_FOLDED_INDEX)
    conn.execute(_FILL_KEY_GROUPS)


def _drop_indexes(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """Drop the indexes (inside the transaction); returns their names and the statements that make them."""
    found = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    ).fetchall()
    for name, _ in found:
        conn.execute(f'DROP INDEX "{name}"')
    return [(name, sql) for name, sql in found]


def _insert_entries(conn: sqlite3.Connection, entries: Iterable[Entry], memo: KeyMemo) -> None:
    rows, forms, tokens = [], [], []
    for e in entries:
        row, f, t = _entry_rows(e, memo)
        rows.append(row)
        forms.extend(f)
        tokens.extend(t)
    conn.executemany("INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
    conn.executemany("INSERT INTO forms VALUES (?,?,?,?,?,?)", forms)
    conn.executemany("INSERT INTO link_tokens VALUES (?,?,?)", tokens)


def _insert_links(conn: sqlite3.Connection, links: Iterable[tuple[str, Link]]) -> None:
    conn.executemany(
        "INSERT INTO links VALUES (?,?,?,?)",
        ((_txt(eid), link.type, _txt(link.id), _txt(link.why)) for eid, link in links),
    )


def _conflict_text(r: Rule) -> str:
    return f"{r.where()}: merge conflicts with a split rule; the split wins"


def _rebuild_all(
    conn: sqlite3.Connection, ov: Overrides, new: list[Definition], replaced: set[str | None]
) -> tuple[int, int, int, bool]:
    """The update as a full rebuild from every stored definition (new rules, or a region too large)."""
    docs = _DocNames(conn)
    reader = _Reader()
    kept: list[Definition] = []
    removed = 0
    for row in conn.execute(
        "SELECT doc, start, end, pattern, score, sentence, parts, notes FROM definitions ORDER BY id"
    ):
        d = _definition(row, docs, reader)
        if _replaced(d.doc, replaced):
            removed += 1
        else:
            kept.append(d)
    g, trace = build_traced([*kept, *new], ov)
    for table in sorted(_TABLES - {"meta"}):
        conn.execute(f"DELETE FROM {table}")
    _write_all(conn, g, trace)
    return len(new), removed, len(g.definitions), False


def _replaced(doc: str | None, replaced: set[str | None]) -> bool:
    """Whether an update replaces document ``doc``: named, or its file is (a notebook's cells)."""
    if doc in replaced:
        return True
    from glossary.text.formats import source_file

    return doc is not None and source_file(doc) in replaced


# --- the incremental update --------------------------------------------------------------------

_Counts = dict[tuple[str, str], int]  # (role, key) -> groups outside the region
_NONE = (0, 0, 0)  # a key without a key_groups row: no group holds it


class _Inside:
    """The region's groups that hold each Japanese or acronym key (live), as the region grows.

    What is outside the region is the store's ``key_groups`` counts less
    these.  Entries are whole in the region, so whether an entry holds a
    group with English (an anchor) is known for every entry read.
    """

    def __init__(self) -> None:
        self.strong: dict[tuple[str, str], set[Any]] = defaultdict(set)  # groups with English, strong step
        self.anchors: dict[tuple[str, str], set[Any]] = defaultdict(set)  # ... after the fuzzy step
        self.groups: dict[tuple[str, str], set[Any]] = defaultdict(set)  # every group after the fuzzy step
        self.loose: dict[tuple[str, str], set[tuple[Any, Any]]] = defaultdict(
            set
        )  # (group, entry), no English
        self.anchored: set[Any] = set()  # entries that hold a group with English

    def add(self, rows: Iterable[tuple[Any, ...]]) -> None:
        """(role, key, live, sgroup, sgroup_en, agroup, agroup_en, entry) rows of region definitions."""
        for role, raw, live, sgroup, sgroup_en, agroup, agroup_en, entry in rows:
            if agroup_en and entry is not None:
                self.anchored.add(entry)
            if not live or agroup is None or role not in ("ja", "abbr") or not raw:
                continue
            key = (role, _str(raw))
            self.groups[key].add(agroup)
            if sgroup_en:
                self.strong[key].add(sgroup)
            if agroup_en:
                self.anchors[key].add(agroup)
            elif role == "abbr" and entry is not None:
                self.loose[key].add((agroup, entry))

    def apart_count(self, key: tuple[str, str]) -> int:
        """Groups without English holding ``key`` whose entry holds no anchor."""
        return len({g for g, e in self.loose.get(key, ()) if e not in self.anchored})

    def counts(self) -> dict[tuple[str, str], tuple[int, int, int]]:
        """Key -> (strong, anchors, apart) of the region's groups: their share of ``key_groups``."""
        keys = set(self.strong) | set(self.anchors) | set(self.loose)
        return {
            k: (len(self.strong.get(k, ())), len(self.anchors.get(k, ())), self.apart_count(k)) for k in keys
        }


class _Update:
    """One incremental update inside an open write transaction; see the module docstring."""

    def __init__(
        self, conn: sqlite3.Connection, ov: Overrides, new: list[Definition], replaced: set[str | None]
    ) -> None:
        self.conn = conn
        self.ov = ov
        self.new = list(_dedupe(new))
        self.replaced = replaced
        self.memo = KeyMemo()
        self.merges = _merge_matchers(ov)
        self.keep_folded = _reads_folded(ov)
        self.docs: dict[str | None, int] = {}
        self.total = int(conn.execute("SELECT count(*) FROM definitions").fetchone()[0])
        self._held: dict[tuple[str, str], list[int]] = {}  # key -> its live holders (_holders)
        self._counts: dict[tuple[str, str], tuple[int, int, int]] = {}  # key -> its key_groups row
        self._apart_of: dict[str, list[int]] = {}  # acronym -> holders in groups left apart (_apart)
        self._inside = _Inside()
        self._placed: dict[int, tuple[Any, ...]] = {}  # definition -> its stored entry, pos and groups
        self._doc_ids: dict[str | None, int | None] = {}  # document name -> id before the update

    def run(self) -> tuple[int, int, int, bool]:
        conn = self.conn
        removed = self._removed()
        forced: set[int] = set()
        while True:
            region_defs, region_entries, context, hubs = self._region(removed, forced)
            if len(region_defs) > FULL_REBUILD_SHARE * max(self.total, 1) and self.total > 1000:
                raise _Unsupported("the update touches most of the store")
            # the region's definitions as they are stored, less those removed, plus the new ones
            loaded = self._load_defs(sorted(region_defs - removed))
            defs = frozenset(_dedupe([*loaded.values(), *self.new]))
            kept_new = [d for d in self.new if d in defs]
            ids = {d: i for i, d in loaded.items()}
            trace = BuildTrace(memo=self.memo)
            entries, dropped, self._region_warnings = _build(
                defs, self.ov, BuildContext(*context), trace, finish=False
            )
            entries = list(entries)
            missed = self._missed(trace, hubs, region_defs, ids)
            if not missed:
                break
            forced |= missed

        # out with what the region no longer holds; rows that come out the same are left alone (an
        # update writes what changed, not the region: its pages are the commit's cost)
        old_entries = sorted(region_entries)
        old_bases = {
            b for b in _select_in(conn, "SELECT DISTINCT base FROM entries WHERE id IN ({})", old_entries)
        }
        dead = sorted(removed | {i for d, i in ids.items() if d not in defs})
        _delete_in(conn, "DELETE FROM definitions WHERE id IN ({})", dead)
        _delete_in(conn, "DELETE FROM surfaces WHERE def IN ({})", dead)

        # ... in with the new: definitions first, so groups can name them
        next_id = int(conn.execute("SELECT coalesce(max(id), 0) FROM definitions").fetchone()[0]) + 1
        rows = []
        for d in sorted(kept_new, key=_def_order):
            ids[d] = next_id
            next_id += 1
            rows.append((*_def_row(d, ids[d], _doc_id(conn, self.docs, d.doc)), None, None))
        conn.executemany("INSERT INTO definitions VALUES (?,?,?,?,?,?,?,?,?,?,?,NULL,NULL,NULL,NULL)", rows)
        entries, renamed, moved = self._assign_ids(entries, old_entries, old_bases, ids)
        placed = []
        for e in entries:
            for pos, d in enumerate(e.occurrences):
                node = trace.nodes.get(id(d))
                groups: tuple[Any, ...] = (None, None, None, None)
                if node is not None:
                    groups = (ids[node[2]], int(node[3]), ids[node[4]], int(node[5]))
                placed.append((_txt(e.id), pos, *groups, ids[d]))
        for d in dropped:
            placed.append((None, None, None, None, None, None, ids[d]))
        conn.executemany(
            "UPDATE definitions SET entry = ?, pos = ?, sgroup = ?, sgroup_en = ?, agroup = ?, agroup_en = ? "
            "WHERE id = ?",
            [r for r in placed if self._placed.get(r[-1]) != r[:-1]],
        )
        old_surfaces: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
        for row in _select_rows(
            conn,
            "SELECT def, role, key, folded, live FROM surfaces WHERE def IN ({}) ORDER BY rowid",
            sorted(ids.values()),
        ):
            old_surfaces[row[0]].append(row)
        surfaces: list[tuple[Any, ...]] = []
        redo: list[int] = []
        for d in defs:
            node = trace.nodes.get(id(d))
            got = _surface_rows(
                d, ids[d], self.memo, node[1] if node else None, self.merges, self.keep_folded
            )
            if got != old_surfaces.get(ids[d]):
                surfaces.extend(got)
                redo.append(ids[d])
        _delete_in(conn, "DELETE FROM surfaces WHERE def IN ({})", sorted(redo))
        conn.executemany("INSERT INTO surfaces VALUES (?,?,?,?,?)", surfaces)

        # entries: the region's and the renamed ones; an entry whose row is the same stays as it is
        stored = {
            r[0]: r
            for r in _select_rows(
                conn,
                "SELECT id, base, ja, en, abbr, forms, form_counts, count, first_doc, first_start "
                "FROM entries WHERE id IN ({})",
                old_entries,
            )
        }
        fresh = [e for e in entries if stored.get(_txt(e.id)) != _entry_row(e)] + moved
        kept_ids = {e.id for e in entries} - {e.id for e in fresh}
        gone = sorted({*(i for i in old_entries if i not in kept_ids), *renamed})
        old_tokens = _select_rows(conn, "SELECT token, provides FROM link_tokens WHERE entry IN ({})", gone)
        for table, column in (("entries", "id"), ("forms", "entry"), ("link_tokens", "entry")):
            _delete_in(conn, f"DELETE FROM {table} WHERE {column} IN ({{}})", gone)
        _insert_entries(conn, fresh, self.memo)
        if moved:
            conn.executemany(
                "UPDATE definitions SET entry = ?, pos = ? WHERE id = ?",
                [(_txt(e.id), pos, ids[d]) for e in moved for pos, d in enumerate(e.occurrences)],
            )

        # ids and links: the region, the entries renamed around it, and their link neighbourhood
        changed_old = set(gone)
        changed_new = {e.id for e in fresh}
        self._relink(changed_old, changed_new, old_tokens)
        self._warnings(entries)
        self._recount(entries, trace)
        _delete_in(
            conn,
            "DELETE FROM documents WHERE id IN ({}) AND id NOT IN (SELECT doc FROM definitions)",
            sorted(self._touched_docs),
        )
        return len(kept_new), len(removed), len(defs), True

    def _recount(self, entries: list[Entry], trace: BuildTrace) -> None:
        """``key_groups`` after the update: the region's old groups out, its new groups in.

        Groups lie within entries and the region holds whole entries, so a
        key's count changes by the region's share only (see :class:`_Inside`).
        """
        new: dict[tuple[str, str], list[set[int]]] = defaultdict(lambda: [set(), set(), set()])
        for e in entries:
            nodes = [n for n in (trace.nodes.get(id(d)) for d in e.occurrences) if n is not None]
            anchored = any(n[5] for n in nodes)
            for _, surfaces, sroot, strong_en, aroot, anchor_en in nodes:
                for role, _, k in surfaces:
                    if role not in ("ja", "abbr") or not k:
                        continue
                    got = new[(role, k)]
                    if strong_en:
                        got[0].add(id(sroot))
                    if anchor_en:
                        got[1].add(id(aroot))
                    elif role == "abbr" and not anchored:
                        got[2].add(id(aroot))
        old = self._inside.counts()
        rows = []
        for key in sorted(set(old) | set(new)):
            was = old.get(key, _NONE)
            now = [len(x) for x in new[key]] if key in new else _NONE
            delta = tuple(b - a for a, b in zip(was, now, strict=True))
            if any(delta):
                rows.append((key[0], _txt(key[1]), *delta))
        self.conn.executemany(
            "INSERT INTO key_groups VALUES (?,?,?,?,?) ON CONFLICT (role, key) DO UPDATE SET "
            "strong = strong + excluded.strong, anchors = anchors + excluded.anchors, "
            "apart = apart + excluded.apart",
            rows,
        )
        self.conn.executemany(
            "DELETE FROM key_groups WHERE role = ? AND key = ? AND strong = 0 AND anchors = 0 AND apart = 0",
            [r[:2] for r in rows],
        )

    # --- what goes, what comes, and what it touches ---

    def _stored_doc(self, name: str | None) -> int | None:
        """The id of a document as stored before the update (None: not stored), read once per name."""
        try:
            return self._doc_ids[name]
        except KeyError:
            row = self.conn.execute(
                "SELECT id FROM documents WHERE name IS ?", (None if name is None else _txt(name),)
            ).fetchone()
            got = self._doc_ids[name] = None if row is None else int(row[0])
            return got

    def _removed(self) -> set[int]:
        """Ids of stored definitions the update removes: those of replaced documents, and worse duplicates."""
        conn = self.conn
        out: set[int] = set()
        self._touched_docs: set[int] = set()
        for doc_id, raw in conn.execute("SELECT id, name FROM documents").fetchall():
            if _replaced(_opt(raw), self.replaced):
                self._touched_docs.add(int(doc_id))
                out.update(r[0] for r in conn.execute("SELECT id FROM definitions WHERE doc = ?", (doc_id,)))
        # a new definition at the place of a kept one: the better of the two stays (as _dedupe)
        docs = _DocNames(conn)
        reader = _Reader()
        keep_new: list[Definition] = []
        for d in self.new:
            if _replaced(d.doc, self.replaced):
                keep_new.append(d)
                continue
            doc = self._stored_doc(d.doc)
            rival = None
            if doc is not None:
                for row in conn.execute(
                    "SELECT id, doc, start, end, pattern, score, sentence, parts, notes FROM definitions "
                    "WHERE doc = ? AND start = ? AND end = ? AND pattern = ?",
                    (doc, d.start, d.end, d.pattern),
                ):
                    old = _definition(row[1:], docs, reader)
                    if _identity_key(old) == _identity_key(d):
                        rival = (row[0], old)
            if rival is None:
                keep_new.append(d)
            elif (d.score, d.sentence, d.notes) > (rival[1].score, rival[1].sentence, rival[1].notes):
                out.add(rival[0])
                keep_new.append(d)
        self.new = keep_new
        return out

    def _sharing(self, role: str, k: str, region: set[int], docs: set[int]) -> list[int]:
        """Of a hub key's holders outside the region, those whose group has a definition in ``docs``.

        Read from the documents' side (their groups, then those groups' holders of the key): a few
        rows per document, where the key's holders are thousands in a large store.
        """
        if not docs:
            return []
        groups = sorted(
            set(
                _select_in(
                    self.conn,
                    "SELECT DISTINCT agroup FROM definitions WHERE doc IN ({}) AND agroup IS NOT NULL",
                    sorted(docs),
                )
            )
        )
        found = _select_in(
            self.conn,
            "SELECT s.def FROM definitions d JOIN surfaces s ON s.def = d.id "
            f"WHERE d.agroup IN ({{}}) AND +s.role = {_quote(role)} AND +s.key = ? AND s.live = 1",
            groups,
            (_txt(k),),
        )
        return sorted({i for i in found if i not in region})

    def _missed(
        self, trace: BuildTrace, hubs: set[tuple[str, str]], region: set[int], ids: dict[Definition, int]
    ) -> set[int]:
        """Outside holders of a hub key that share a document with a group of the new build holding it.

        The region took in those of the old groups; a group the build made
        anew can reach documents the old ones did not, and the region is
        then grown and built again.
        """
        if not hubs:
            return set()
        members: dict[int, list[Definition]] = defaultdict(list)
        holding: dict[tuple[str, str], set[int]] = defaultdict(set)  # hub -> the new groups holding it
        for d, surfaces, _, _, root, _ in trace.nodes.values():
            members[id(root)].append(d)
            for r, _, k in surfaces:
                if (r, k) in hubs:
                    holding[(r, k)].add(id(root))
        out: set[int] = set()
        for role, k in sorted(hubs):
            docs: set[int] = set()
            for group in holding[(role, k)]:
                for d in members[group]:
                    doc = self._stored_doc(d.doc)
                    if doc is not None:
                        docs.add(doc)
            out.update(self._sharing(role, k, region, docs))
        return out

    def _holders(self, role: str, k: str, also: Iterable[tuple[str, str]] = ()) -> list[int]:
        """The live definitions holding a key (not a hub's: see :meth:`_region`).

        The stored rows do not change before the update writes, so each key
        is read once; a key not read yet is read with the keys in ``also``
        (the queue), a few hundred per statement, except keys that may be
        hubs (read alone, if ever).
        """
        got = self._held.get((role, k))
        if got is not None:
            return got
        self._read_counts(also)
        wanted: dict[str, set[str]] = defaultdict(set)
        wanted[role].add(k)
        for r, key in also:
            if key and (r, key) not in self._held and self._counts.get((r, key), _NONE)[0] <= LINK_FANOUT:
                wanted[r].add(key)
        for r, keys in wanted.items():
            found: dict[str, list[int]] = {key: [] for key in keys}
            for key, def_id in _select_rows(
                self.conn,
                f"SELECT key, def FROM surfaces WHERE role = {_quote(r)} AND live = 1 AND key IN ({{}})",
                sorted(keys),
            ):
                found[_str(key)].append(def_id)
            for key, rows in found.items():
                self._held[(r, key)] = rows
        return self._held[(role, k)]

    def _read_counts(self, keys: Iterable[tuple[str, str]]) -> None:
        """The key_groups rows of these keys (Japanese and acronym keys not read yet)."""
        wanted: dict[str, set[str]] = defaultdict(set)
        for r, k in keys:
            if r in ("ja", "abbr") and k and (r, k) not in self._counts:
                wanted[r].add(k)
                self._counts[(r, k)] = _NONE
        for r, ks in wanted.items():
            for k, strong, anchors, apart in _select_rows(
                self.conn,
                "SELECT key, strong, anchors, apart FROM key_groups "
                f"WHERE role = {_quote(r)} AND key IN ({{}})",
                sorted(ks),
            ):
                self._counts[(r, _str(k))] = (int(strong), int(anchors), int(apart))

    def _region(
        self, removed: set[int], forced: set[int]
    ) -> tuple[set[int], set[str], tuple[_Counts, _Counts, _Counts], set[tuple[str, str]]]:
        """The stored definitions to rebuild (whole entries), their entries, and counts of what is outside.

        Closed under every rule of the build: a key shared with the region
        pulls in every group that holds it, except a key held by more than
        ``LINK_FANOUT`` groups with English outside the region and by two
        anchors or more: then only the groups in the region's documents come
        in (an attachment is decided in its own document), and the build is
        told the counts of the rest.  What is outside is the store's counts
        (``key_groups``) less the region's groups: groups lie within
        entries, and the region holds whole entries, so a group is all in
        or all out.  A hub's holders are never read.
        """
        conn = self.conn
        region: set[int] = set()
        entries: set[str] = set()
        queue: list[tuple[str, str]] = []
        seen_keys: set[tuple[str, str]] = set()
        hubs: set[tuple[str, str]] = set()
        inside = self._inside = _Inside()

        def add_keys(keys: Iterable[tuple[str, str]]) -> None:
            for k in keys:
                if k not in seen_keys:
                    seen_keys.add(k)
                    queue.append(k)

        def include(def_ids: Iterable[int]) -> None:
            fresh = [i for i in def_ids if i not in region]
            if not fresh:
                return
            region.update(fresh)
            rows = _select_rows(conn, "SELECT id, entry FROM definitions WHERE id IN ({})", fresh)
            new_entries = sorted({_str(r[1]) for r in rows if r[1] is not None} - entries)
            if new_entries:
                entries.update(new_entries)
                more = _select_in(conn, "SELECT id FROM definitions WHERE entry IN ({})", new_entries)
                include(more)
            found = _select_rows(
                conn,
                "SELECT s.role, s.key, s.live, d.sgroup, d.sgroup_en, d.agroup, d.agroup_en, d.entry "
                "FROM surfaces s JOIN definitions d ON d.id = s.def WHERE s.def IN ({})",
                fresh,
            )
            add_keys((r[0], _str(r[1])) for r in found)
            inside.add(found)

        # seeds: the new definitions' keys, and the entries that lose definitions
        for d in self.new:
            for p in d.parts:
                clean = self.memo.clean(p.text)
                add_keys([(p.role, self.memo.key(clean, p.role))])
            for pos, m in self.merges:
                if any(
                    m.matches(self.memo.clean(p.text), p.role, self.memo.key(self.memo.clean(p.text), p.role))
                    for p in d.parts
                ):
                    add_keys([("merge", str(pos))])
        include(sorted(removed))
        new_docs: dict[tuple[str, str], set[int]] = defaultdict(set)

        def outside(key: tuple[str, str]) -> tuple[int, int]:
            self._read_counts([key])
            strong, anchors, _ = self._counts[key]
            return strong - len(inside.strong[key]), anchors - len(inside.anchors[key])

        def is_hub(key: tuple[str, str]) -> bool:
            n_strong, n_anchors = outside(key)
            return n_strong > LINK_FANOUT and n_anchors >= 2

        for d in self.new:
            doc_id = self._stored_doc(d.doc)
            if doc_id is not None:
                for p in d.parts:
                    new_docs[(p.role, self.memo.key(self.memo.clean(p.text), p.role))].add(doc_id)
        include(sorted(forced))
        while True:
            while queue:
                role, k = queue.pop()
                if not k:
                    continue
                if role in ("ja", "abbr") and is_hub((role, k)):
                    hubs.add((role, k))
                    continue
                include(self._holders(role, k, queue[-_CHUNK * 2 :]))  # the next keys popped
            # hubs: the outside groups that share a document with a region group holding the key
            grew = False
            for role, k in sorted(hubs):
                if not is_hub((role, k)):
                    hubs.discard((role, k))
                    before = len(region)
                    include(self._holders(role, k))
                    grew = grew or len(region) > before
                    continue
                groups = sorted(inside.groups[(role, k)])
                near = set(
                    _select_in(conn, "SELECT DISTINCT doc FROM definitions WHERE agroup IN ({})", groups)
                )
                near |= new_docs.get((role, k), set())
                want = self._sharing(role, k, region, near)
                if role == "abbr":
                    n_apart = self._counts[(role, k)][2] - inside.apart_count((role, k))
                    if 0 < n_apart <= LINK_FANOUT:  # left apart, they may merge by spelling with the region's
                        want += self._apart(k, region)
                if want:
                    include(want)
                    grew = True
            # a Japanese term paired with an acronym merges whatever holds both, hubs or not
            for _, ja_k, abbr_k in self._pairs(region, hubs):
                rows = conn.execute(
                    "SELECT a.def FROM surfaces a JOIN surfaces b ON a.def = b.def "
                    "WHERE a.role = 'ja' AND a.key = ? AND a.live = 1 AND b.role = 'abbr' AND b.key = ? "
                    "AND b.live = 1",
                    (_txt(ja_k), _txt(abbr_k)),
                ).fetchall()
                want = [r[0] for r in rows if r[0] not in region]
                if want:
                    include(want)
                    grew = True
            if not grew and not queue:
                break
        self._merges_touched = {int(k) for r, k in seen_keys if r == "merge"}
        strong: dict[tuple[str, str], int] = {}
        anchors: dict[tuple[str, str], int] = {}
        apart: dict[tuple[str, str], int] = {}
        for key in hubs:
            strong[key], anchors[key] = outside(key)
            if key[0] == "abbr":
                apart[key] = self._counts[key][2] - inside.apart_count(key)
        return region, entries, (strong, anchors, apart), hubs

    def _apart(self, k: str, region: set[int]) -> list[int]:
        """Of an acronym's holders outside the region: those in groups without English that attached to
        no group with English (their entry holds no such group).  Read once per key (the store's rows
        do not change before the update writes), and only when there are few such groups."""
        got = self._apart_of.get(k)
        if got is None:
            got = self._apart_of[k] = [
                r[0]
                for r in self.conn.execute(
                    "SELECT s.def FROM surfaces s JOIN definitions d ON d.id = s.def "
                    "WHERE s.role = 'abbr' AND s.key = ? AND s.live = 1 AND d.agroup IS NOT NULL "
                    "AND NOT d.agroup_en AND d.entry IS NOT NULL AND NOT EXISTS "
                    "(SELECT 1 FROM definitions a WHERE a.entry = d.entry AND a.agroup_en = 1)",
                    (_txt(k),),
                )
            ]
        return [i for i in got if i not in region]

    def _pairs(self, region: set[int], hubs: set[tuple[str, str]]) -> list[tuple[int, str, str]]:
        """(definition, ja key, acronym key) of region and new definitions whose two keys are both hubs."""
        if not hubs:
            return []
        ja = {k for r, k in hubs if r == "ja"}
        abbr = {k for r, k in hubs if r == "abbr"}
        if not ja or not abbr:
            return []
        out = []
        keyed: list[tuple[int, list[tuple[str, str]]]] = []
        for d in self.new:
            keyed.append((0, [(p.role, self.memo.key(self.memo.clean(p.text), p.role)) for p in d.parts]))
        by_def: dict[int, list[tuple[str, str]]] = defaultdict(list)
        for def_id, role, k in _select_rows(
            self.conn, "SELECT def, role, key FROM surfaces WHERE live = 1 AND def IN ({})", sorted(region)
        ):
            by_def[def_id].append((role, _str(k)))
        keyed.extend(by_def.items())
        for def_id, keys in keyed:
            for rj, j in keys:
                for ra, a in keys:
                    if rj == "ja" and ra == "abbr" and j in ja and a in abbr:
                        out.append((def_id, j, a))
        return out

    def _load_defs(self, def_ids: list[int]) -> dict[int, Definition]:
        """The stored definitions with these ids; where each is placed goes to ``self._placed``."""
        docs = _DocNames(self.conn)
        reader = _Reader()
        out: dict[int, Definition] = {}
        rows = _select_rows(
            self.conn,
            "SELECT id, doc, start, end, pattern, score, sentence, parts, notes, "
            "entry, pos, sgroup, sgroup_en, agroup, agroup_en FROM definitions WHERE id IN ({})",
            def_ids,
        )
        docs.read(sorted({r[1] for r in rows}))
        for row in rows:
            out[row[0]] = _definition(row[1:9], docs, reader)
            self._placed[row[0]] = row[9:]
        return out

    # --- ids ---

    def _assign_ids(
        self, entries: list[Entry], old_ids: list[str], old_bases: set[str], def_ids: dict[Definition, int]
    ) -> tuple[list[Entry], dict[str, str], list[Entry]]:
        """Ids for the region's entries, and the entries outside it renamed because they share a base.

        As :func:`glossary.dictionary.glossary._assign_ids` over the whole glossary:
        entries with one base are numbered in the order of their content, and
        a numbered id skips every base in use.  The region's old entries
        (``old_ids``, still stored) do not count.  Returns the region's
        entries, old id -> new id of the renamed ones, and those as entries.
        """
        from dataclasses import replace

        conn = self.conn
        self._old_ids = old = {_txt(i) for i in old_ids}
        bases = {_base_id(e) for e in entries}
        touched = set(bases) | old_bases
        for b in list(touched):
            m = re.fullmatch(r"(.+)-(\d+)", b)
            if m:
                touched.add(m.group(1))  # a base that looks numbered can push that base's numbers along
        by_base: dict[str, list[Entry]] = defaultdict(list)
        for e in entries:
            by_base[_base_id(e)].append(e)
        renamed: dict[str, str] = {}
        outside_all: list[Entry] = []
        region_out: dict[int, Entry] = {}
        index = {id(e): i for i, e in enumerate(entries)}
        holding: dict[str, list[str]] = defaultdict(list)
        for base, eid in _select_rows(
            conn, "SELECT base, id FROM entries WHERE base IN ({})", sorted(touched)
        ):
            if eid not in old:
                holding[_str(base)].append(_str(eid))
        for b in sorted(touched):
            outside = list(self._stored(holding[b], def_ids).values())
            members = by_base.get(b, []) + outside
            if not members:
                continue
            members.sort(key=_identity)
            k = 1
            for n, e in enumerate(members):
                eid = b
                if n:
                    k += 1
                    while self._base_taken(f"{b}-{k}", bases):
                        k += 1
                    eid = f"{b}-{k}"
                if id(e) in index:
                    region_out[index[id(e)]] = replace(e, id=eid)
                elif e.id != eid:
                    renamed[e.id] = eid
                    outside_all.append(replace(e, id=eid))
        return [region_out[i] for i in range(len(entries))], renamed, outside_all

    def _base_taken(self, candidate: str, region_bases: set[str]) -> bool:
        if candidate in region_bases:
            return True
        return any(
            r[0] not in self._old_ids
            for r in self.conn.execute("SELECT id FROM entries WHERE base = ?", (_txt(candidate),))
        )

    def _stored(self, ids: list[str], def_ids: dict[Definition, int]) -> dict[str, Entry]:
        """Stored entries with their occurrences; their definitions' ids go into ``def_ids``."""
        if not ids:
            return {}
        conn = self.conn
        docs = _DocNames(conn)
        reader = _Reader()
        occ: dict[str, list[Definition]] = defaultdict(list)
        for row in _select_rows(
            conn,
            "SELECT entry, id, doc, start, end, pattern, score, sentence, parts, notes FROM definitions "
            "WHERE entry IN ({}) ORDER BY entry, pos",
            ids,
        ):
            d = _definition(row[2:], docs, reader)
            def_ids[d] = row[1]
            occ[_str(row[0])].append(d)
        related: dict[str, list[Link]] = defaultdict(list)
        for eid, typ, target, why in _select_rows(
            conn, "SELECT entry, type, target, why FROM links WHERE entry IN ({})", ids
        ):
            related[_str(eid)].append(Link(typ, _str(target), _str(why)))
        out = {}
        for r in _select_rows(
            conn, "SELECT id, ja, en, abbr, forms, form_counts FROM entries WHERE id IN ({})", ids
        ):
            eid = _str(r[0])
            out[eid] = _entry_of(eid, r[1], r[2], r[3], r[4], r[5], related.get(eid, []), occ.get(eid, []))
        return out

    # --- links ---

    def _relink(
        self, changed_old: set[str], changed_new: set[str], old_tokens: list[tuple[Any, ...]]
    ) -> None:
        """Recompute the links of every entry whose links can have changed, and of their counterparts.

        A is the changed entries and every entry that shares a live link
        token with one (before or after); the links of A are computed exactly
        by :func:`glossary.dictionary.links.find_links` over A, their neighbours and the
        neighbours' providers (the fan-out counts and the nearest-broader
        pruning read no further).  A token with more than ``LINK_FANOUT``
        providers outside the changed entries is dead before and after: it
        links nothing, so its holders join only to be counted (a few of its
        providers, in the outer ring).  See the module docstring.
        """
        from glossary.dictionary.links import find_links

        conn = self.conn
        new_tokens = _select_rows(
            conn, "SELECT token, provides, entry FROM link_tokens WHERE entry IN ({})", sorted(changed_new)
        )
        near, _ = self._neighbours([*old_tokens, *new_tokens], new_tokens)
        a = set(changed_new) | near
        a_tokens = _select_rows(
            conn, "SELECT token, provides, entry FROM link_tokens WHERE entry IN ({})", sorted(a)
        )
        near, counted = self._neighbours(a_tokens, a_tokens)
        s1 = a | near
        s_tokens = _select_rows(
            conn, "SELECT token, provides FROM link_tokens WHERE entry IN ({})", sorted(s1 - a)
        )
        s = s1 | counted | self._providers({_str(r[0]) for r in s_tokens})
        light = self._light(sorted(s))
        links = find_links(light, memo=self.memo)
        # the links from or to them as stored (a link is stored both ways, so those to them are the
        # inverses of those from them) against the links found: only what differs is written
        gone = a | changed_old
        from_rows = _select_rows(
            conn, "SELECT rowid, entry, type, target, why FROM links WHERE entry IN ({})", sorted(gone)
        )
        ends = sorted({_str(r[3]) for r in from_rows})
        to_rows = _select_rows(
            conn, "SELECT rowid, entry, type, target, why FROM links WHERE entry IN ({})", ends
        )
        stored: dict[tuple[str, str, str, str], list[int]] = defaultdict(list)
        for rowid, eid, typ, target, why in {r[0]: r for r in from_rows + to_rows}.values():
            if _str(eid) in gone or _str(target) in gone:
                stored[(_str(eid), typ, _str(target), _str(why))].append(rowid)
        rows: list[tuple[str, Link]] = []
        for eid, found in links.items():
            for link in found:
                if eid in a or link.id in a:
                    same = stored.get((eid, link.type, link.id, link.why))
                    if same:
                        same.pop()  # stored as found: left alone
                    else:
                        rows.append((eid, link))
        _delete_in(
            conn, "DELETE FROM links WHERE rowid IN ({})", sorted(i for ids in stored.values() for i in ids)
        )
        _insert_links(conn, rows)

    def _neighbours(
        self, tokens: Iterable[tuple[Any, ...]], held: Iterable[tuple[Any, ...]]
    ) -> tuple[set[str], set[str]]:
        """Entries a link through one of ``tokens`` ((token, provides, ...) rows) can join, and entries
        that only count.

        ``held`` is the (token, provides, entry) rows of the entries the
        question is about, as stored now.  A provided token that has at most
        ``LINK_FANOUT`` providers besides them brings in every holder; a
        token only looked for, its providers when there are that few.  Either
        kind with more is dead: ``LINK_FANOUT + 1`` of its providers are
        returned to be counted, not linked.
        """
        provided: set[str] = set()
        probed: set[str] = set()
        for t, p, *_ in tokens:
            (provided if p else probed).add(_str(t))
        probed -= provided
        mine: Counter[str] = Counter(_str(t) for t, p, *_ in {(r[0], r[1], r[2]) for r in held} if p)
        total = self._provider_counts(sorted(provided | probed))
        dead = {t for t in provided if total.get(t, 0) - mine[t] > LINK_FANOUT}
        dead |= {t for t in probed if total.get(t, 0) > LINK_FANOUT}
        out: set[str] = set()
        out.update(
            _str(r[0])
            for r in _select_rows(
                self.conn, "SELECT entry FROM link_tokens WHERE token IN ({})", sorted(provided - dead)
            )
        )
        out.update(
            _str(r[0])
            for r in _select_rows(
                self.conn,
                "SELECT entry FROM link_tokens WHERE provides = 1 AND token IN ({})",
                sorted(t for t in probed - dead if total.get(t, 0)),
            )
        )
        return out, self._providers(dead, total)

    def _provider_counts(self, tokens: Sequence[str]) -> dict[str, int]:
        """How many entries provide each token (tokens nobody provides are left out)."""
        return {
            _str(t): int(n)
            for t, n in _select_rows(
                self.conn,
                "SELECT token, count(*) FROM link_tokens WHERE provides = 1 AND token IN ({}) GROUP BY token",
                tokens,
            )
        }

    def _providers(self, tokens: Iterable[str], counts: Mapping[str, int] | None = None) -> set[str]:
        """Up to ``LINK_FANOUT + 1`` providers of each token: enough to tell whether it links anything."""
        tokens = sorted(tokens)
        if counts is None:
            counts = self._provider_counts(tokens)
        few = [t for t in tokens if 0 < counts.get(t, 0) <= LINK_FANOUT + 1]
        out = {
            _str(r[0])
            for r in _select_rows(
                self.conn, "SELECT entry FROM link_tokens WHERE provides = 1 AND token IN ({})", few
            )
        }
        for t in tokens:
            if counts.get(t, 0) > LINK_FANOUT + 1:
                out.update(
                    _str(r[0])
                    for r in self.conn.execute(
                        "SELECT entry FROM link_tokens WHERE token = ? AND provides = 1 LIMIT ?",
                        (_txt(t), LINK_FANOUT + 1),
                    )
                )
        return out

    def _light(self, ids: list[str]) -> list[Entry]:
        """Entries with their forms only (all that links are made of)."""
        return [
            _entry_of(_str(r[0]), r[1], r[2], r[3], r[4], r[5], [], [])
            for r in _select_rows(
                self.conn, "SELECT id, ja, en, abbr, forms, form_counts FROM entries WHERE id IN ({})", ids
            )
        ]

    # --- warnings ---

    def _warnings(self, region_entries: list[Entry]) -> None:
        """The build's warnings about curation rules, for the whole store, in the build's order."""
        conn = self.conn
        ov = self.ov
        out: list[str] = []

        def part_hits(m: Matcher, live_only: bool) -> bool:
            live = " AND live = 1" if live_only else ""
            if conn.execute(
                f"SELECT 1 FROM surfaces WHERE folded = ? AND role != 'merge'{live} LIMIT 1",
                (_txt(m.folded),),
            ).fetchone():
                return True
            return any(
                conn.execute(
                    f"SELECT 1 FROM surfaces WHERE role = ? AND key = ?{live} LIMIT 1", (role, _txt(k))
                ).fetchone()
                for role, k in m.keys
            )

        for r in ov.of("block"):
            if not part_hits(Matcher.of(r.surfaces[0]), live_only=False):
                out.append(f"{r.where()}: block {r.surfaces[0]!r} matched nothing")
        positions = {r: pos for pos, r in enumerate(ov.rules)}
        region_conflicts = Counter(self._region_warnings)
        for r in ov.of("merge"):
            for surface in r.surfaces:
                if not part_hits(Matcher.of(surface), live_only=True):
                    out.append(f"{r.where()}: merge surface {surface!r} matched nothing")
            pos = positions[r]
            if pos in self._merges_touched:
                n = region_conflicts.get(_conflict_text(r), 0)
                conn.execute("DELETE FROM merge_conflicts WHERE rule = ?", (pos,))
                if n:
                    conn.execute("INSERT INTO merge_conflicts VALUES (?, ?)", (pos, n))
            row = conn.execute("SELECT count FROM merge_conflicts WHERE rule = ?", (pos,)).fetchone()
            out.extend([_conflict_text(r)] * (row[0] if row else 0))
        for r in ov.of("split"):
            matchers = [Matcher.of(s) for s in r.surfaces]
            sides: dict[int, set[int]] = defaultdict(set)
            for i, m in enumerate(matchers):
                for (def_id,) in conn.execute(
                    "SELECT def FROM surfaces WHERE folded = ? AND live = 1 AND role != 'merge'",
                    (_txt(m.folded),),
                ):
                    sides[def_id].add(i)
                for role, k in m.keys:
                    for (def_id,) in conn.execute(
                        "SELECT def FROM surfaces WHERE role = ? AND key = ? AND live = 1", (role, _txt(k))
                    ):
                        sides[def_id].add(i)
            both = sorted(i for i, s in sides.items() if len(s) > 1)
            found = sorted(self._load_defs(both).values(), key=_def_order)
            for d in found:
                out.append(
                    f"{r.where()}: cannot split: {d.doc or '<text>'}:{d.start} pairs them in one definition"
                )
        for r in ov.of("pin"):
            m = Matcher.of(r.surfaces[0])
            hit = conn.execute("SELECT 1 FROM forms WHERE folded = ? LIMIT 1", (_txt(m.folded),)).fetchone()
            if not hit:
                for role, k in m.keys:
                    # m.matches(s, role, key(s, role)): a form of that role whose key is the rule's
                    if conn.execute(
                        "SELECT 1 FROM forms WHERE role = ? AND key = ? LIMIT 1", (role, _txt(k))
                    ).fetchone():
                        hit = True
                        break
            if not hit:
                out.append(f"{r.where()}: pin {r.surfaces[0]!r} matched nothing")
        conn.execute("DELETE FROM warnings")
        conn.executemany("INSERT INTO warnings VALUES (?,?)", [(i, _txt(w)) for i, w in enumerate(out)])


# --- IN (...) over long lists ---------------------------------------------------------------------------

_CHUNK = 500


def _quote(value: str) -> str:
    """An SQL string literal (a role: the statement's plan then uses the (role, key) index)."""
    return "'" + value.replace("'", "''") + "'"


def _marks(values: Sequence[Any]) -> str:
    return ",".join("?" * len(values))


def _params(values: Sequence[Any]) -> list[Any]:
    return [_txt(v) if isinstance(v, str) else v for v in values]


def _select_rows(
    conn: sqlite3.Connection, sql: str, values: Sequence[Any], extra: Sequence[Any] = ()
) -> list[tuple[Any, ...]]:
    """``sql`` with ``IN ({})`` over ``values``, a chunk at a time; ``extra`` fills the ``?`` after it."""
    out: list[tuple[Any, ...]] = []
    for i in range(0, len(values), _CHUNK):
        chunk = _params(values[i : i + _CHUNK])
        out.extend(conn.execute(sql.format(",".join("?" * len(chunk))), [*chunk, *extra]).fetchall())
    return out


def _select_in(
    conn: sqlite3.Connection, sql: str, values: Sequence[Any], extra: Sequence[Any] = ()
) -> list[Any]:
    return [
        r[0] if not isinstance(r[0], bytes) else _str(r[0]) for r in _select_rows(conn, sql, values, extra)
    ]


def _delete_in(conn: sqlite3.Connection, sql: str, values: Sequence[Any]) -> None:
    for i in range(0, len(values), _CHUNK):
        chunk = _params(values[i : i + _CHUNK])
        conn.execute(sql.format(",".join("?" * len(chunk))), chunk)
