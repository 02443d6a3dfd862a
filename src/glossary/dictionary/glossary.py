"""The term dictionary: one entry per concept, built from many definitions.

:class:`Glossary` is a pure function of a *set* of definitions plus the
user's overrides, so the order of documents never changes the result and
``merge`` is associative, commutative and idempotent.

Merging rules (keys from :mod:`glossary.dictionary.normalize`), decided in tiers:

1. *Strong*: the same English long form; or the same Japanese term paired
   with the same acronym.  These cannot be two meanings.
2. *Fuzzy*: rapidfuzz proposes English long forms that differ by a typo;
   they merge only if the two groups also share a Japanese term or an
   acronym and their acronyms do not disagree.
3. *Attach*: a group without an English form (``独立成分分析(ICA)``) joins the one
   group that shares its Japanese term, else its acronym.  When an acronym
   has several meanings (SAE = Sparse / Stacked Autoencoder) the group goes
   to the definition in force in the same document (the nearest one before
   it, else the first after it); if that is unclear it stays apart.

Near-identical strings with different English (条件付き確率 / 条件付き確率場)
share no key, so they stay apart and are linked ``related`` instead.

The canonical surface of each language is the most frequent one; ties go to
the one seen first in (document name, offset) order, never in input order.
Ids are slugs of the canonical English, else of the acronym, else ``ja-`` and
a hash of the Japanese key; clashes get ``-2``, ``-3`` by content.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

from glossary.dictionary.entries import (
    Entry,
    GlossaryFormatError,
    Link,
    _occurrence,
    _paused_gc,
    _Reader,
    _sorted_defs,
)
from glossary.dictionary.merge import _build, _dedupe
from glossary.dictionary.normalize import fold, key
from glossary.dictionary.overrides import Overrides
from glossary.dictionary.saved import _JSON_BOMS, SCHEMA, _check_saved, _Damaged, _describe, _path_text
from glossary.dictionary.saved import read_saved as _read_saved_parts
from glossary.io import atomic_write, escape_surrogates, json_line
from glossary.models import ROLES, Definition, Role
from glossary.registry import lookup

if TYPE_CHECKING:
    from glossary.dictionary.mentions import Mention, MentionIndex

__all__ = [
    "SCHEMA",
    "Entry",
    "Glossary",
    "GlossaryFormatError",
    "Link",
    "LookupResult",
    "Suggestion",
    "atomic_write",
]


@dataclass(frozen=True, slots=True)
class Suggestion:
    surface: str
    id: str
    score: float


@dataclass(frozen=True)
class LookupResult:
    """What :meth:`Glossary.lookup` found: how it matched, the entries, and near misses."""

    query: str
    match: str | None  # "exact" | "normalised" | "fuzzy" | None
    entries: tuple[Entry, ...]
    suggestions: tuple[Suggestion, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.entries)

    @property
    def entry(self) -> Entry | None:
        """The single entry found, or None when there is none or several (homonyms)."""
        return self.entries[0] if len(self.entries) == 1 else None


class Glossary:
    """A bilingual term dictionary.

    Build with :meth:`from_definitions`; combine with :meth:`merge` (a new
    glossary) or :meth:`update` (in place); save with :meth:`save` and read
    back with :meth:`load`.  Iteration yields :class:`Entry` objects.
    """

    def __init__(
        self,
        entries: Iterable[Entry] = (),
        *,
        definitions: Iterable[Definition] = (),
        overrides: Overrides | None = None,
        warnings: Iterable[str] = (),
    ) -> None:
        self._setup(tuple(entries), frozenset(definitions), (), overrides, warnings)

    def _setup(
        self,
        entries: tuple[Entry, ...],
        definitions: frozenset[Definition] | None,
        loose: tuple[Definition, ...],
        overrides: Overrides | None,
        warnings: Iterable[str],
        dropped: tuple[Definition, ...] | None = None,
    ) -> None:
        """Fill the fields; ``definitions`` None means the entries' occurrences plus ``loose``.

        A loaded glossary leaves the set of definitions to be made on first
        use: hashing a million definitions is a good part of loading them,
        and looking entries up does not need it.  ``dropped`` (the definitions
        no entry holds, in order) is likewise found on first use if not given.
        """
        self._entries: tuple[Entry, ...] = entries
        self._definitions: frozenset[Definition] | None = definitions
        self._loose = loose
        self._dropped = dropped
        self.overrides: Overrides = overrides or Overrides()
        self.warnings: tuple[str, ...] = tuple(warnings)
        self._by_id = {e.id: e for e in self._entries}
        self._index: _Index | None = None
        self._mention_index: MentionIndex | None = None

    # --- building --------------------------------------------------------------------------------

    @classmethod
    def from_definitions(
        cls, definitions: Iterable[Definition], *, overrides: Overrides | None = None, links: bool = True
    ) -> Glossary:
        """One entry per concept from ``definitions`` (any order), with ``overrides`` applied.

        ``links=False`` leaves out the links between entries (every ``related``
        is empty), a third of the cost of a build: the same entries, ids and
        occurrences otherwise, for callers that read only how the definitions
        group (``glossary check`` compares the documents' own definitions so).
        """
        with _paused_gc():
            defs = _dedupe(definitions)
            ov = overrides or Overrides()
            entries, dropped, warnings = _build(defs, ov, links=links)
            g = cls.__new__(cls)
            g._setup(tuple(entries), defs, (), ov, warnings, dropped=tuple(dropped))
            return g

    @property
    def definitions(self) -> frozenset[Definition]:
        """Every definition the glossary was built from (including blocked ones)."""
        if self._definitions is None:
            self._definitions = frozenset(
                chain((d for e in self._entries for d in e.occurrences), self._loose)
            )
            self._loose = ()
        return self._definitions

    def _dropped_definitions(self) -> tuple[Definition, ...]:
        """The definitions no entry holds (all blocked or paired with nothing), in a fixed order."""
        if self._dropped is None:
            held = {d for e in self._entries for d in e.occurrences}
            self._dropped = tuple(_sorted_defs(self.definitions - held))
        return self._dropped

    def merge(self, other: Glossary) -> Glossary:
        """A new glossary from both glossaries' definitions and overrides.

        Associative, commutative and idempotent: the result depends only on
        the union of the inputs.
        """
        return Glossary.from_definitions(
            self.definitions | other.definitions, overrides=self.overrides.union(other.overrides)
        )

    def update(self, definitions: Iterable[Definition], *, replace_docs: bool = True) -> Glossary:
        """Add definitions (e.g. from new documents) in place and rebuild; returns ``self``.

        With ``replace_docs`` (the default) a document that is added again
        replaces its earlier definitions, so re-running on an edited file does
        not count old and new definitions twice.  ``merge`` keeps both instead.
        """
        new_defs = list(definitions)
        return self._update(new_defs, {d.doc for d in new_defs} if replace_docs else set())

    def update_texts(self, texts: Mapping[str, str]) -> Glossary:
        """Extract definitions from ``{doc name: text}`` and add them in place; returns ``self``.

        Each named document replaces what the glossary held for it (even when
        its new text defines nothing).
        """
        from glossary.extract import find_definitions

        found: list[Definition] = []
        for doc, text in sorted(texts.items()):
            found.extend(find_definitions(text, doc=doc))
        return self._update(found, set(texts))

    def _update(self, definitions: list[Definition], replaced: set[str | None]) -> Glossary:
        kept = {d for d in self.definitions if d.doc not in replaced}
        new = Glossary.from_definitions(kept | set(definitions), overrides=self.overrides)
        self.__dict__.update(new.__dict__)
        return self

    def with_overrides(self, overrides: Overrides) -> Glossary:
        """The same definitions rebuilt under ``overrides`` (replacing the current ones)."""
        return Glossary.from_definitions(self.definitions, overrides=overrides)

    # --- reading ---------------------------------------------------------------------------------

    @property
    def entries(self) -> tuple[Entry, ...]:
        return self._entries

    def __iter__(self) -> Iterator[Entry]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __getitem__(self, entry_id: str) -> Entry:
        try:
            return self._by_id[entry_id]
        except KeyError:
            raise KeyError(f"no entry with id {entry_id!r}; use lookup() to search by surface") from None

    def get(self, entry_id: str) -> Entry | None:
        return self._by_id.get(entry_id)

    def __contains__(self, surface: object) -> bool:
        return isinstance(surface, str) and bool(self.lookup(surface, fuzzy=False))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Glossary) and self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    def occurrences(self, entry_id: str) -> list[tuple[str | None, int, int]]:
        """(document, start, end) of every definition of one entry."""
        return [(d.doc, d.start, d.end) for d in self[entry_id].occurrences]

    def counts(self) -> dict[str, dict[str, int]]:
        """Per document, how many definitions of each entry it holds."""
        out: dict[str, dict[str, int]] = defaultdict(dict)
        for e in self._entries:
            for doc, n in e.counts().items():
                out[doc][e.id] = n
        return {doc: dict(sorted(v.items())) for doc, v in sorted(out.items())}

    @property
    def documents(self) -> list[str]:
        defs: Iterable[Definition]
        if self._definitions is not None:
            defs = self._definitions
        else:  # not yet made: no need to hash every definition for their names
            defs = chain((d for e in self._entries for d in e.occurrences), self._loose)
        return sorted({d.doc or "" for d in defs})

    def mentions(
        self, text: str, *, doc: str | None = None, definitions: Iterable[Definition] | None = None
    ) -> list[Mention]:
        """Uses of this glossary's surfaces in ``text``, unseen spellings included.

        See :mod:`glossary.dictionary.mentions`: one Aho-Corasick pass, outside code and
        URLs, Latin surfaces on word boundaries.  A bare acronym with several
        meanings is attributed to the meaning defined in force at that point
        of document ``doc`` (the glossary's definitions from ``doc`` plus
        ``definitions`` found in this text).
        """
        return self.mention_index().find(text, doc=doc, definitions=definitions)

    def mention_index(self) -> MentionIndex:
        """The matcher behind :meth:`mentions`, built on first use and kept."""
        if self._mention_index is None:
            from glossary.dictionary.mentions import MentionIndex

            self._mention_index = MentionIndex(self)
        return self._mention_index

    def lookup(
        self, surface: str, *, fuzzy: bool = True, limit: int = 5, cutoff: float = 70.0
    ) -> LookupResult:
        """Find entries by any surface in any language.

        Tries the exact surface (NFKC, case kept), then the normalised keys of
        all three languages, then, with ``fuzzy``, rapidfuzz over every
        surface; near misses come back as ``suggestions`` either way.
        """
        if self._index is None:
            self._index = _Index(self._entries)
        return self._index.lookup(self, surface, fuzzy=fuzzy, limit=limit, cutoff=cutoff)

    # --- persistence -----------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (schema ``glossary/1``)."""
        return {
            "schema": SCHEMA,
            "entries": [e.to_dict() for e in self._entries],
            "dropped": [_occurrence(d) for d in self._dropped_definitions()],
            "overrides": self.overrides.to_list(),
            "warnings": list(self.warnings),
        }

    def _json_chunks(self) -> Iterator[str]:
        """:meth:`to_dict` as JSON text in pieces: one entry head, occurrence, rule or warning a line.

        Each value goes through json's C encoder (any ``indent`` selects its
        pure-Python encoder, several times slower) and is handed on as soon as
        it is made, so :meth:`save` never holds the dict tree or the whole
        text.  A line per occurrence keeps the line numbers of load errors
        close to the damage.
        """
        encode = json.JSONEncoder(ensure_ascii=False).encode

        def values(name: str, items: Iterable[Any], last: bool = False) -> Iterator[str]:
            yield f'"{name}": ['
            sep = "\n"
            for item in items:
                yield sep + escape_surrogates(encode(item))
                sep = ",\n"
            yield ("]" if sep == "\n" else "\n]") + ("}\n" if last else ",\n")

        yield '{"schema": ' + encode(SCHEMA) + ",\n"
        yield '"entries": ['
        sep = "\n"
        for e in self._entries:
            head = escape_surrogates(encode(e._head()))
            occurrences = ",\n".join(escape_surrogates(encode(_occurrence(d))) for d in e.occurrences)
            yield f'{sep}{head[:-1]}, "occurrences": [' + (f"\n{occurrences}]}}" if occurrences else "]}")
            sep = ",\n"
        yield "],\n" if sep == "\n" else "\n],\n"
        yield from values("dropped", map(_occurrence, self._dropped_definitions()))
        yield from values("overrides", self.overrides.to_list())
        yield from values("warnings", self.warnings, last=True)

    @classmethod
    def from_dict(cls, data: Any, *, source: str = "<dict>") -> Glossary:
        """Rebuild a glossary from :meth:`to_dict` output exactly as saved.

        Every field is type-checked first, so a damaged or foreign file gives
        a :class:`GlossaryFormatError` naming the bad value, never a crash
        later in a merge or an export.
        """
        if not isinstance(data, dict):
            raise GlossaryFormatError(
                f"{source}: not a glossary: expected a JSON object at top level, got {_describe(data)}; "
                f"glossaries are written by 'glossary extract DOCS -o FILE.json'",
                (),
            )
        schema = data.get("schema")
        if schema != SCHEMA:
            if "schema" not in data:
                why = "not a glossary file (no 'schema' key)"
                path: tuple[str | int, ...] = ()
            else:
                why = f"unsupported schema {schema!r}"
                path = ("schema",)
            raise GlossaryFormatError(
                f"{source}: {why}; this version of glossary reads {SCHEMA!r}: rebuild it with "
                f"'glossary extract DOCS -o FILE.json', or use the glossary version that wrote it",
                path,
            )
        try:
            _check_saved(data)
        except _Damaged as exc:
            where = _path_text(exc.path)
            raise GlossaryFormatError(
                f"{source}: damaged glossary: {where}: {exc.problem}; restore the file from a backup "
                f"or rebuild it with 'glossary extract'",
                exc.path,
            ) from None
        reader = _Reader()
        entries = [Entry._read(raw, reader) for raw in data["entries"]]
        dropped = tuple(reader.definition(o) for o in data.get("dropped", []))
        overrides = Overrides.from_list(data.get("overrides", []))
        seen: dict[str, int] = {}
        for i, e in enumerate(entries):
            if e.id in seen:
                raise GlossaryFormatError(
                    f"{source}: damaged glossary: entries[{i}] repeats the id {e.id!r} of "
                    f"entries[{seen[e.id]}]; ids must be unique (rename or remove one)",
                    ("entries", i, "id"),
                )
            seen[e.id] = i
        g = cls.__new__(cls)
        g._setup(tuple(entries), None, dropped, overrides, data.get("warnings", []))
        return g

    def to_json(self, *, indent: int | None = None) -> str:
        """The glossary as JSON text; lone surrogates are escaped so it always encodes as UTF-8.

        By default one entry head, occurrence, rule or warning a line (what
        :meth:`save` writes); an ``indent`` spreads every value over lines as
        ``json.dumps`` does, at several times the cost.
        """
        from glossary.io import json_dumps

        with _paused_gc():
            if indent is None:
                return "".join(self._json_chunks())
            return json_dumps(self.to_dict(), indent=indent) + "\n"

    def save(self, path: str | Path) -> None:
        """Write JSON atomically (temporary file in the same folder, then ``os.replace``).

        The text is written as it is encoded, never held whole.  A path
        ending in ``.db``, ``.sqlite`` or ``.sqlite3`` is a store
        (:mod:`glossary.store.sqlite`): its content is replaced in one transaction.
        """
        if _is_store(path):
            with lookup("store")(path) as store:  # glossary.store.sqlite (see glossary.registry)
                store.save(self)
            return
        with _paused_gc():
            atomic_write(path, self._json_chunks())

    @classmethod
    def load(cls, path: str | Path) -> Glossary:
        """Read a glossary saved by :meth:`save`; damaged files raise :class:`GlossaryFormatError`.

        A store (``.db``, ``.sqlite``, ``.sqlite3``) is read whole; use
        :func:`glossary.open` to look entries up without loading it.
        """
        p = Path(path)
        if _is_store(p):
            with lookup("store")(p, readonly=True) as store:
                loaded: Glossary = store.glossary()
                return loaded
        try:
            data_bytes = p.read_bytes()
        except OSError as exc:
            raise GlossaryFormatError(f"{p}: cannot read ({exc.strerror or exc})") from exc
        # JSON is UTF-8; a byte order mark (an editor's, UTF-8 or UTF-16) is tolerated
        codec = next((c for bom, c in _JSON_BOMS if data_bytes.startswith(bom)), "utf-8")
        try:
            text = data_bytes.decode(codec).removeprefix("\ufeff")
        except UnicodeDecodeError as exc:
            line = data_bytes.count(b"\n", 0, exc.start) + 1
            raise GlossaryFormatError(
                f"{p}:{line}: not UTF-8 (invalid byte at offset {exc.start}); is this a glossary JSON file? "
                f"glossaries are written by 'glossary extract DOCS -o FILE.json'"
            ) from exc
        del data_bytes
        with _paused_gc():
            quick = _read_saved(text)
        if quick is not None:
            return quick
        # anything else (another layout, damage, not a glossary) takes the full path and its messages
        try:
            with _paused_gc():
                data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise GlossaryFormatError(
                f"{p}:{exc.lineno}: not valid JSON at line {exc.lineno} column {exc.colno} ({exc.msg}); "
                f"the file is damaged or truncated: restore it from a backup or rebuild it with "
                f"'glossary extract'"
            ) from exc
        except RecursionError:
            raise GlossaryFormatError(f"{p}: JSON nested too deeply; this is not a glossary file") from None
        try:
            with _paused_gc():
                return cls.from_dict(data, source=str(p))
        except GlossaryFormatError as exc:
            at = json_line(text, exc.path) if exc.path is not None else None
            if at is None:
                raise
            message = str(exc)
            prefix = f"{p}: "
            if message.startswith(prefix):
                message = f"{p}:{at}: " + message[len(prefix) :]
            raise GlossaryFormatError(message, exc.path) from None

    # --- display ---------------------------------------------------------------------------------

    def __repr__(self) -> str:
        return f"<Glossary: {len(self)} entries from {len(self.documents)} document(s)>"

    def _repr_html_(self) -> str:
        """A compact table with the cross-links, for Jupyter."""
        html: str = lookup("repr_html.glossary")(self)  # glossary.exports.html
        return html

    def export(self, fmt: str) -> str:
        """The glossary as text in one of :data:`glossary.exports.formats.FORMATS` (json, csv, tbx…)."""
        text: str = lookup("export")(self, fmt)  # glossary.exports.formats
        return text

    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame`` with a row per entry (needs the ``pandas`` extra)."""
        return lookup("to_pandas")(self)  # glossary.api


def _read_saved(text: str) -> Glossary | None:
    """The glossary in ``text`` read an entry at a time (:mod:`glossary.dictionary.saved`), or None."""
    saved = _read_saved_parts(text)
    if saved is None:
        return None
    g = Glossary.__new__(Glossary)
    g._setup(saved.entries, None, saved.dropped, saved.overrides, saved.warnings)
    return g


def _is_store(path: str | Path) -> bool:
    """A path :mod:`glossary.store.sqlite` keeps (its suffixes, repeated here so JSON needs no import)."""
    return Path(path).suffix.lower() in (".db", ".sqlite", ".sqlite3")


# --- lookup index ---------------------------------------------------------------------------------


class _Index:
    def __init__(self, entries: tuple[Entry, ...]) -> None:
        self.exact: dict[str, list[str]] = defaultdict(list)
        self.keyed: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.folded: dict[str, list[str]] = defaultdict(list)
        for e in entries:
            for role in ROLES:
                for s in _role_surfaces(e, role):
                    _add(self.exact[fold(s)], e.id)
                    _add(self.folded[fold(s).casefold()], e.id)
                    k = key(s, role)
                    if k:
                        _add(self.keyed[(role, k)], e.id)
        self.choices = sorted(self.folded)

    def lookup(self, g: Glossary, surface: str, *, fuzzy: bool, limit: int, cutoff: float) -> LookupResult:
        from rapidfuzz import fuzz, process

        q = fold(surface)
        suggestions = tuple(
            Suggestion(choice, eid, round(float(score), 1))
            for choice, score, _ in process.extract(
                q.casefold(), self.choices, scorer=fuzz.ratio, limit=limit, score_cutoff=cutoff
            )
            for eid in self.folded[choice]
        )
        ids = self.exact.get(q)
        if ids:
            return LookupResult(surface, "exact", tuple(g[i] for i in ids), suggestions)
        found: list[str] = []
        for eid in self.folded.get(q.casefold(), []):
            _add(found, eid)
        if q:
            for role in ROLES:
                k = key(q, role)
                for eid in self.keyed.get((role, k), []) if k else []:
                    _add(found, eid)
        if found:
            return LookupResult(surface, "normalised", tuple(g[i] for i in found), suggestions)
        if fuzzy and suggestions:
            best = max(s.score for s in suggestions)
            ids2: list[str] = []
            for s in suggestions:
                if s.score == best:
                    _add(ids2, s.id)
            return LookupResult(surface, "fuzzy", tuple(g[i] for i in ids2), suggestions)
        return LookupResult(surface, None, (), suggestions)


def _add(xs: list[str], x: str) -> None:
    if x not in xs:
        xs.append(x)


def _role_surfaces(e: Entry, role: Role) -> list[str]:
    canon = getattr(e, role)
    out = [canon] if canon else []
    return out + [s for s in e.forms.get(role, ()) if s != canon]
