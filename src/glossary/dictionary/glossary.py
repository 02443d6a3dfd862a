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
3. *Attach*: a group without an English form (``主成分分析(PCA)``) joins the one
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

import codecs
import gc
import hashlib
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import chain, groupby
from pathlib import Path
from typing import TYPE_CHECKING, Any

from glossary.dictionary.normalize import en_tokens, en_words, fold, ja_key, key
from glossary.dictionary.overrides import KINDS, Matcher, Overrides, Rule
from glossary.io import atomic_write, escape_surrogates, json_line
from glossary.models import ROLES, Definition, Part, Role, clean_surface

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
    "entry_en_words",
    "entry_keys",
    "slug",
]

SCHEMA = "glossary/1"
_JSON_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
FUZZY_MERGE = 92.0  # rapidfuzz ratio above which two English keys are a typo apart
JA_FUZZY_ATTACH = 85.0  # rapidfuzz ratio of Japanese keys that counts as one spelling
LINK_FANOUT = 25  # a component shared by more entries than this explains nothing


class GlossaryFormatError(ValueError):
    """A saved glossary that cannot be loaded; the message names the file and the problem.

    ``path`` locates the damaged value (keys and list indexes) when known;
    :meth:`Glossary.load` turns it into a line number.
    """

    def __init__(self, message: str, path: tuple[str | int, ...] | None = None) -> None:
        super().__init__(message)
        self.path = path


@dataclass(frozen=True, slots=True, order=True)
class Link:
    """A typed, explainable link to another entry (SKOS-like)."""

    type: str  # homonym | broader | narrower | related
    id: str
    why: str

    def to_dict(self) -> dict[str, str]:
        return {"type": self.type, "id": self.id, "why": self.why}


@dataclass(frozen=True)
class Entry:
    """One concept: canonical surfaces, every variant, links and occurrences."""

    id: str
    ja: str | None
    en: str | None
    abbr: str | None
    forms: Mapping[Role, tuple[str, ...]]
    related: tuple[Link, ...] = ()
    occurrences: tuple[Definition, ...] = ()
    form_counts: Mapping[str, int] = field(default_factory=dict)

    def surfaces(self) -> list[str]:
        """Every distinct surface, canonical ones first."""
        out: list[str] = []
        for role in ROLES:
            canon = getattr(self, role)
            for s in ([canon] if canon else []) + list(self.forms.get(role, ())):
                if s and s not in out:  # a surface that cleans to nothing cannot be looked up
                    out.append(s)
        return out

    @property
    def count(self) -> int:
        """How many definitions were merged into this entry."""
        return len(self.occurrences)

    def counts(self) -> dict[str, int]:
        """Definitions per document (documents without a name count under ``""``)."""
        c = Counter(d.doc or "" for d in self.occurrences)
        return dict(sorted(c.items()))

    def links(self, type: str | None = None) -> list[Link]:
        return [link for link in self.related if type is None or link.type == type]

    def to_dict(self) -> dict[str, Any]:
        return {**self._head(), "occurrences": [_occurrence(d) for d in self.occurrences]}

    def _head(self) -> dict[str, Any]:
        """Every field of :meth:`to_dict` but the occurrences, which come last."""
        return {
            "id": self.id,
            "ja": self.ja,
            "en": self.en,
            "abbr": self.abbr,
            "forms": {role: list(self.forms.get(role, ())) for role in ROLES},
            "form_counts": dict(self.form_counts),
            "count": self.count,
            "related": [link.to_dict() for link in self.related],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Entry:
        return cls._read(data, _Reader())

    @classmethod
    def _read(cls, data: Mapping[str, Any], reader: _Reader) -> Entry:
        """:meth:`from_dict` sharing ``reader``'s strings with the rest of one file."""
        forms_in = data.get("forms") or {}
        return cls(
            id=str(data["id"]),
            ja=data.get("ja"),
            en=data.get("en"),
            abbr=data.get("abbr"),
            forms={role: tuple(str(s) for s in forms_in.get(role, ())) for role in ROLES},
            related=tuple(
                Link(reader.text(str(x["type"])), str(x["id"]), reader.text(str(x.get("why", ""))))
                for x in data["related"]
            ),
            occurrences=tuple(reader.definition(o) for o in data["occurrences"]),
            form_counts={str(k): int(v) for k, v in (data.get("form_counts") or {}).items()},
        )

    def __repr__(self) -> str:
        shown = " / ".join(s for s in (self.ja, self.en, self.abbr) if s)
        return f"Entry({self.id!r}: {shown}, {self.count} occurrence(s))"

    def _repr_html_(self) -> str:
        """Forms, variants, links and occurrences in context, for Jupyter."""
        from glossary.exports.html import entry_html

        return entry_html(self)


def _occurrence(d: Definition) -> dict[str, Any]:
    """A definition as stored in an entry: the scorer's doc/start/end plus everything to rebuild it.

    :meth:`Definition.to_dict` less ja/en/abbr (the parts hold them), written
    out directly because saving calls this once per definition.
    """
    return {
        "doc": d.doc,
        "start": d.start,
        "end": d.end,
        "parts": [{"text": p.text, "start": p.start, "end": p.end, "role": p.role} for p in d.parts],
        "pattern": d.pattern,
        "score": round(d.score, 4),
        "sentence": d.sentence,
        "notes": list(d.notes),
    }


class _Reader:
    """Turns saved occurrences back into definitions, sharing equal strings.

    ``json`` makes a new string for every value it reads, so each of a
    million occurrences would hold its own copy of its document name, surfaces,
    roles and pattern; one copy each keeps a loaded glossary about the size
    of the one that was saved.
    """

    __slots__ = ("_strings",)

    def __init__(self) -> None:
        self._strings: dict[str, str] = {}

    def text(self, s: Any) -> Any:
        """The first equal string seen (anything else is returned as it is)."""
        return self._strings.setdefault(s, s) if type(s) is str else s

    def definition(self, o: Mapping[str, Any]) -> Definition:
        """``Definition.from_dict(o)``, with shared strings (two definitions in one sentence share it too)."""
        text = self.text
        return Definition(
            parts=tuple(
                Part(text(str(p["text"])), int(p["start"]), int(p["end"]), text(p["role"]))
                for p in o["parts"]
            ),
            pattern=text(str(o["pattern"])),
            score=float(o["score"]),
            start=int(o["start"]),
            end=int(o["end"]),
            sentence=text(str(o.get("sentence", ""))),
            doc=text(o.get("doc")),
            notes=tuple(text(n) for n in o.get("notes", ())),
        )


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
        cls, definitions: Iterable[Definition], *, overrides: Overrides | None = None
    ) -> Glossary:
        """One entry per concept from ``definitions`` (any order), with ``overrides`` applied."""
        with _paused_gc():
            defs = _dedupe(definitions)
            ov = overrides or Overrides()
            entries, dropped, warnings = _build(defs, ov)
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
            from glossary.store.sqlite import GlossaryStore

            with GlossaryStore(path) as store:
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
            from glossary.store.sqlite import GlossaryStore

            with GlossaryStore(p, readonly=True) as store:
                return store.glossary()
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
        from glossary.exports.html import repr_html

        return repr_html(self)

    def export(self, fmt: str) -> str:
        """The glossary as text in one of :data:`glossary.exports.formats.FORMATS` (json, csv, tbx…)."""
        from glossary.exports.formats import export

        return export(self, fmt)

    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame`` with a row per entry (needs the ``pandas`` extra)."""
        from glossary.api import to_pandas

        return to_pandas(self)


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


# --- the build -------------------------------------------------------------------------------------


def _identity_key(d: Definition) -> tuple[Any, ...]:
    """Where a definition was found and what it says; the score and notes are not part of it."""
    return (d.doc or "", d.start, d.end, d.pattern, tuple((p.start, p.end, p.role, p.text) for p in d.parts))


def _dedupe(definitions: Iterable[Definition]) -> frozenset[Definition]:
    """One definition per place, so a glossary loaded from JSON (scores rounded) merges with its source.

    Of two definitions at the same place the higher score wins (ties: a fixed order).
    """
    best: dict[tuple[Any, ...], Definition] = {}
    for d in definitions:
        if not isinstance(d, Definition):
            raise TypeError(f"Glossary.from_definitions() needs Definition objects, got {type(d).__name__}")
        k = _identity_key(d)
        old = best.get(k)
        if old is None or (d.score, d.sentence, d.notes) > (old.score, old.sentence, old.notes):
            best[k] = d
    return frozenset(best.values())


@contextmanager
def _paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building millions of acyclic records.

    The records hold no reference cycles, but every generation-2 collection
    walks all of them, which made building from 10^6 definitions grow
    faster than linearly; reference counting still frees everything.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _def_order(d: Definition) -> tuple[Any, ...]:
    return (
        d.doc or "",
        d.start,
        d.end,
        d.pattern,
        tuple((p.start, p.end, p.role, p.text) for p in d.parts),
        -d.score,
        d.sentence,
        d.notes,
    )


def _sorted_defs(defs: Iterable[Definition]) -> list[Definition]:
    """``sorted(defs, key=_def_order)`` without holding a full order key per definition.

    Sorting by (document, start, end) first and by the whole key only inside
    runs that tie gives the same order, with keys a fraction of the size: for
    a million definitions the full keys alone took hundreds of megabytes.
    """
    out: list[Definition] = []
    for _, tied in groupby(sorted(defs, key=_place), key=_place):
        run = list(tied)
        out.extend(sorted(run, key=_def_order) if len(run) > 1 else run)
    return out


def _place(d: Definition) -> tuple[str, int, int]:
    """The head of :func:`_def_order`: where a definition is."""
    return (d.doc or "", d.start, d.end)


class KeyMemo:
    """The keys of the surfaces one build (or one link pass) sees, each computed once.

    The caches of :mod:`glossary.dictionary.normalize` hold 65,536 keys each; a build
    with more distinct surfaces than that cycles through them and recomputes
    every key (a UniDic or spaCy call) on every pass, which made 10^6
    definitions cost far more than ten times 10^5.  The memo lives as long
    as the build, so it grows with the distinct surfaces only.
    """

    __slots__ = ("_clean", "_keys", "_tokens")

    def __init__(self) -> None:
        self._clean: dict[str, str] = {}
        self._keys: dict[str, dict[str, str]] = {role: {} for role in ROLES}
        self._tokens: dict[str, tuple[tuple[str, str], ...]] = {}

    def clean(self, text: str) -> str:
        """:attr:`Part.clean` of a part whose text is ``text``."""
        out = self._clean.get(text)
        if out is None:
            out = self._clean[text] = clean_surface(text)
        return out

    def key(self, surface: str, role: Role) -> str:
        """:func:`glossary.dictionary.normalize.key`."""
        memo = self._keys[role]
        out = memo.get(surface)
        if out is None:
            if role == "en":
                self.en_tokens(surface)  # en_key reads them back from normalize's cache, just filled
            out = memo[surface] = key(surface, role)
        return out

    def en_tokens(self, surface: str) -> tuple[tuple[str, str], ...]:
        """:func:`glossary.dictionary.normalize.en_tokens`."""
        out = self._tokens.get(surface)
        if out is None:
            out = self._tokens[surface] = en_tokens(surface)
        return out

    def en_words(self, surface: str) -> tuple[str, ...]:
        """:func:`glossary.dictionary.normalize.en_words`."""
        return tuple(lemma for _, lemma in self.en_tokens(surface))


@dataclass(slots=True)
class _Node:
    raw: Definition
    d: Definition  # after block rules
    surfaces: list[tuple[Role, str, str]]  # (role, clean surface, key)


_NO_HITS: frozenset[tuple[int, int]] = frozenset()


class _Components:
    """Union-find over definition nodes that refuses unions a ``split`` rule forbids."""

    def __init__(self, nodes: list[_Node], splits: list[tuple[Rule, list[Matcher]]]) -> None:
        self.parent = list(range(len(nodes)))
        # (rule, surface) pairs each component matches; most match none and share one empty set
        self.hits: list[frozenset[tuple[int, int]]] = [_NO_HITS] * len(nodes)
        for i, node in enumerate(nodes):
            h = {
                (ri, mi)
                for ri, (_, matchers) in enumerate(splits)
                for mi, m in enumerate(matchers)
                if any(m.matches(s, r, k) for r, s, k in node.surfaces)
            }
            if h:
                self.hits[i] = frozenset(h)
        self.refused: set[int] = set()

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        ha, hb = self.hits[ra], self.hits[rb]
        both = ha | hb if ha and hb else ha or hb
        per_rule: dict[int, set[int]] = defaultdict(set)
        for ri, mi in both:
            per_rule[ri].add(mi)
        clash = [ri for ri, ms in per_rule.items() if len(ms) > 1]
        if clash:
            self.refused.update(clash)
            return False
        lo, hi = min(ra, rb), max(ra, rb)
        self.parent[hi] = lo
        self.hits[lo] = both
        return True

    def groups(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.parent)):
            out[self.find(i)].append(i)
        return out


@dataclass(frozen=True)
class BuildContext:
    """What a build of one region of a glossary must know about the entries outside it.

    :mod:`glossary.store.sqlite` rebuilds only the entries an update can change;
    a key shared with many groups outside the region (an acronym with dozens
    of meanings) is not pulled in whole, so the region's build is told how
    many groups outside hold it: ``strong`` counts the groups with English
    after the strong merges (the fuzzy step's fan-out), ``anchors`` those
    after the fuzzy merges (the candidates a group without English attaches
    to), ``apart`` the groups without English that attached to none (the
    fan-out of merging them by spelling).  A full build has an empty context.
    """

    strong: Mapping[tuple[str, str], int] = field(default_factory=dict)
    anchors: Mapping[tuple[str, str], int] = field(default_factory=dict)
    apart: Mapping[tuple[str, str], int] = field(default_factory=dict)


# (definition, surfaces after block rules, strong group's first, it has English, anchor group's first, ditto)
TracedNode = tuple[Definition, tuple[tuple[Role, str, str], ...], Definition, bool, Definition, bool]


@dataclass
class BuildTrace:
    """How a build grouped its definitions, for :mod:`glossary.store.sqlite`'s incremental updates.

    For each definition that became a node, under ``id()`` of the object
    (hashing a million definitions would take seconds): the definition, its
    surfaces (role, clean text, key) after block rules, the first definition
    of its group after the strong merges and after the fuzzy merges, and
    whether those groups have English.  ``memo`` holds the keys the build
    computed.
    """

    memo: KeyMemo = field(default_factory=lambda: KeyMemo())
    nodes: dict[int, TracedNode] = field(default_factory=dict)



def _build(
    defs: frozenset[Definition],
    ov: Overrides,
    context: BuildContext | None = None,
    trace: BuildTrace | None = None,
    finish: bool = True,
) -> tuple[list[Entry], list[Definition], list[str]]:
    """Entries, the definitions left out (in order), and warnings about the overrides.

    ``context`` and ``trace`` serve the store's region builds; without
    ``finish`` the entries keep empty ids and no links (the store assigns
    both across the whole glossary).
    """
    ctx = context or BuildContext()
    warnings: list[str] = []
    blocks = [(r, Matcher.of(r.surfaces[0])) for r in ov.of("block")]
    used_blocks: set[Rule] = set()
    memo = trace.memo if trace is not None else KeyMemo()
    nodes: list[_Node] = []
    dropped: list[Definition] = []
    for raw in _sorted_defs(defs):
        parts = []
        surfaces = []
        for p in raw.parts:
            clean = memo.clean(p.text)
            k = memo.key(clean, p.role)
            if blocks:
                blocked_by = [r for r, m in blocks if m.matches(clean, p.role, k)]
                if blocked_by:
                    used_blocks.update(blocked_by)
                    continue
            parts.append(p)
            surfaces.append((p.role, clean, k))
        if len(parts) < 2:
            dropped.append(raw)  # blocking left nothing to pair
            continue
        d = raw if len(parts) == len(raw.parts) else replace(raw, parts=tuple(parts))
        nodes.append(_Node(raw, d, surfaces))
    for r, _ in blocks:
        if r not in used_blocks:
            warnings.append(f"{r.where()}: block {r.surfaces[0]!r} matched nothing")

    splits = [(r, [Matcher.of(s) for s in r.surfaces]) for r in ov.of("split")]
    uf = _Components(nodes, splits)

    # 1. strong: same long form; same Japanese term with the same acronym
    strong: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, n in enumerate(nodes):
        en: set[str] = set()
        ja: set[str] = set()
        abbr: set[str] = set()
        for lang, _, k in n.surfaces:
            if k:
                (en if lang == "en" else ja if lang == "ja" else abbr).add(k)
        for k in en:
            strong[("en", k)].append(i)
        for j in ja:
            for a in abbr:
                strong[("ja+abbr", j, a)].append(i)
    for _, members in sorted(strong.items()):
        for other in members[1:]:
            uf.union(members[0], other)
    strong_roots = [uf.find(i) for i in range(len(nodes))] if trace is not None else []

    # 2. fuzzy: English keys a typo apart, confirmed by a shared Japanese term or acronym
    _fuzzy_merge(nodes, uf, ctx)
    if trace is not None:
        has_en = [any(r == "en" and k for r, _, k in n.surfaces) for n in nodes]
        strong_en = [False] * len(nodes)
        anchor_en = [False] * len(nodes)
        for i, root in enumerate(strong_roots):
            strong_en[root] = strong_en[root] or has_en[i]
            anchor_en[uf.find(i)] = anchor_en[uf.find(i)] or has_en[i]
        for i, n in enumerate(nodes):
            s_root, a_root = strong_roots[i], uf.find(i)
            trace.nodes[id(n.raw)] = (
                n.raw,
                tuple(n.surfaces),
                nodes[s_root].raw,
                strong_en[s_root],
                nodes[a_root].raw,
                anchor_en[a_root],
            )

    # 3. attach groups without English to the one group they belong to
    _attach(nodes, uf, ctx)
    _merge_spelled(nodes, uf, ctx)

    # 4. user's forced merges
    for r in ov.of("merge"):
        roots: list[int] = []
        for surface in r.surfaces:
            m = Matcher.of(surface)
            hit = sorted(
                {
                    uf.find(i)
                    for i, n in enumerate(nodes)
                    if any(m.matches(s, ro, k) for ro, s, k in n.surfaces)
                }
            )
            if not hit:
                warnings.append(f"{r.where()}: merge surface {surface!r} matched nothing")
            roots.extend(hit)
        for other in roots[1:]:
            if not uf.union(roots[0], other):
                warnings.append(f"{r.where()}: merge conflicts with a split rule; the split wins")

    for r, matchers in splits:
        for n in nodes:
            sides = {i for i, m in enumerate(matchers) if any(m.matches(s, ro, k) for ro, s, k in n.surfaces)}
            if len(sides) > 1:
                warnings.append(
                    f"{r.where()}: cannot split: {n.d.doc or '<text>'}:{n.d.start} "
                    "pairs them in one definition"
                )

    groups = sorted(uf.groups().values(), key=lambda g: g[0])
    entries = [_entry(nodes, g) for g in groups]
    entries, pin_warnings = _apply_pins(entries, ov)
    warnings.extend(pin_warnings)
    if finish:
        entries = _assign_ids(entries)
        entries = _link(entries, memo)
    return entries, dropped, warnings


def _group_keys(nodes: list[_Node], members: Iterable[int]) -> dict[Role, set[str]]:
    """The non-empty keys of each language over ``members``, in one pass over their surfaces."""
    out: dict[Role, set[str]] = {role: set() for role in ROLES}
    for i in members:
        for r, _, k in nodes[i].surfaces:
            if k:
                out[r].add(k)
    return out


def _fuzzy_merge(nodes: list[_Node], uf: _Components, ctx: BuildContext) -> None:
    groups = uf.groups()
    keys = {root: _group_keys(nodes, m) for root, m in groups.items()}
    shared: dict[tuple[str, str], list[int]] = defaultdict(list)
    for root, ks in keys.items():
        if not ks["en"]:
            continue
        for role in ("ja", "abbr"):
            for k in ks[role]:
                shared[(role, k)].append(root)
    pairs: set[tuple[int, int]] = set()
    for shared_key, roots in shared.items():
        if len(roots) + ctx.strong.get(shared_key, 0) > LINK_FANOUT:
            continue
        for x in range(len(roots)):
            for y in range(x + 1, len(roots)):
                a, b = sorted((roots[x], roots[y]))
                ka, kb = keys[a], keys[b]
                if ka["abbr"] and kb["abbr"] and not ka["abbr"] & kb["abbr"]:
                    continue  # acronyms disagree: two concepts
                from rapidfuzz import fuzz  # here, not at the top: a small extract never needs it

                best = max(fuzz.ratio(ea, eb) for ea in ka["en"] for eb in kb["en"])
                if best >= FUZZY_MERGE and min(len(e) for e in ka["en"] | kb["en"]) >= 6:
                    pairs.add((a, b))
    for a, b in sorted(pairs):
        uf.union(a, b)


def _attach(nodes: list[_Node], uf: _Components, ctx: BuildContext) -> None:
    groups = uf.groups()
    keys = {root: _group_keys(nodes, m) for root, m in groups.items()}
    anchors = {root for root, ks in keys.items() if ks["en"]}
    by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
    for root in sorted(anchors):
        for role in ("ja", "abbr"):
            for k in keys[root][role]:
                by_key[(role, k)].append(root)
    moves: list[tuple[int, int]] = []
    for root, members in sorted(groups.items()):
        if root in anchors:
            continue
        ks = keys[root]
        target = None
        by_ja = sorted({a for k in ks["ja"] for a in by_key.get(("ja", k), [])})
        # anchors outside a region build (none in a full build) count as candidates elsewhere
        ja_elsewhere = any(ctx.anchors.get(("ja", k)) for k in ks["ja"])
        if by_ja or ja_elsewhere:
            if len(by_ja) == 1 and not ja_elsewhere:
                target = by_ja[0]
            else:
                target = _in_force(nodes, members, by_ja, groups) if by_ja else None
        else:
            by_abbr = sorted({a for k in ks["abbr"] for a in by_key.get(("abbr", k), [])})
            abbr_elsewhere = any(ctx.anchors.get(("abbr", k)) for k in ks["abbr"])
            same_doc = _in_force(nodes, members, by_abbr, groups) if by_abbr else None
            if same_doc is not None and (
                _ja_agree(ks["ja"], keys[same_doc]["ja"])
                or _ja_glosses(ks["ja"], keys[same_doc]["en"])
                or _spelled_alike(nodes, members, groups[same_doc])
            ):
                # in force here, and the Japanese spells or translates that sense: ランダムフォレスト(RF)
                # after Random Forest (RF) joins it; 交差検証(CV) after Computer Vision (CV) does not
                target = same_doc
            elif (
                len(by_abbr) == 1
                and not abbr_elsewhere
                and (
                    _ja_agree(ks["ja"], keys[by_abbr[0]]["ja"])
                    or _spelled_alike(nodes, members, groups[by_abbr[0]])
                )
            ):
                target = by_abbr[0]  # the only meaning of this acronym, and the Japanese agrees
        if target is not None:
            moves.append((target, root))
    for target, root in moves:
        uf.union(target, root)


def _surfaces(nodes: list[_Node], members: Iterable[int], role: Role) -> set[str]:
    return {s for i in members for r, s, _ in nodes[i].surfaces if r == role and s}


def _spelled_alike(nodes: list[_Node], a: list[int], b: list[int]) -> bool:
    """True when the two groups share an acronym that a Japanese term of each spells with the
    same English words, letter by letter (画像生成 / 画像ジェネレーション, IG)."""
    from glossary.extract.align import spell_alike

    shared = _surfaces(nodes, a, "abbr") & _surfaces(nodes, b, "abbr")
    ja_a, ja_b = _surfaces(nodes, a, "ja"), _surfaces(nodes, b, "ja")
    return any(spell_alike(x, y, abbr) for abbr in sorted(shared) for x in ja_a for y in ja_b if x != y)


def _merge_spelled(nodes: list[_Node], uf: _Components, ctx: BuildContext) -> None:
    """Groups without English that share an acronym become one when their Japanese terms are
    spelling variants or spell the acronym with the same English words."""
    groups = uf.groups()
    keys = {root: _group_keys(nodes, m) for root, m in groups.items()}
    by_abbr: dict[str, list[int]] = defaultdict(list)
    for root in sorted(groups):
        if not keys[root]["en"]:
            for k in keys[root]["abbr"]:
                by_abbr[k].append(root)
    pairs: list[tuple[int, int]] = []
    for k, roots in by_abbr.items():
        if len(roots) + ctx.apart.get(("abbr", k), 0) > LINK_FANOUT:
            continue
        for x in range(len(roots)):
            for y in range(x + 1, len(roots)):
                a, b = roots[x], roots[y]
                if _ja_variants(keys[a]["ja"], keys[b]["ja"]) or _spelled_alike(nodes, groups[a], groups[b]):
                    pairs.append((a, b))
    for a, b in pairs:
        uf.union(a, b)


def _ja_variants(a: set[str], b: set[str]) -> bool:
    """Japanese keys a transliteration or okurigana apart (not a head and its compound:
    a longer term under the same acronym may be a narrower concept)."""
    from rapidfuzz import fuzz

    for x in a:
        for y in b:
            short, long = sorted((x, y), key=len)
            if long.startswith(short) or long.endswith(short):
                continue  # a word added before or after: another term, perhaps a narrower one
            if fuzz.ratio(x, y) >= JA_FUZZY_ATTACH:
                return True
    return False


def _ja_agree(a: set[str], b: set[str]) -> bool:
    """Japanese terms that can name one concept under one acronym.

    True when one side has none, when the spellings are a transliteration or
    okurigana apart (畳込み / 畳み込み), or when one is the head of the other
    (検定 / 仮説検定).
    """
    from rapidfuzz import fuzz

    if not (a and b):
        return True
    for x in a:
        for y in b:
            short, long = sorted((x, y), key=len)
            if len(short) >= 2 and long.endswith(short):
                return True
            if fuzz.ratio(x, y) >= JA_FUZZY_ATTACH:
                return True
    return False


def _ja_glosses(ja: set[str], en: set[str]) -> bool:
    """True when a loanword in a Japanese term comes from a word of the English (スパース / sparse)."""
    from glossary.extract.japanese import gloss_overlap

    return any(gloss_overlap(x, y) > 0 for x in ja for y in en)


def _in_force(
    nodes: list[_Node], members: list[int], candidates: list[int], groups: dict[int, list[int]]
) -> int | None:
    """The candidate whose definition is in force where ``members`` occur (same document only)."""
    chosen: set[int] = set()
    for i in members:
        d = nodes[i].d
        before: tuple[int, int] | None = None
        after: tuple[int, int] | None = None
        for c in candidates:
            for j in groups[c]:
                o = nodes[j].d
                if o.doc != d.doc:
                    continue
                if o.start <= d.start and (before is None or o.start > before[0]):
                    before = (o.start, c)
                elif o.start > d.start and (after is None or o.start < after[0]):
                    after = (o.start, c)
        pick = before or after
        if pick is None:
            return None
        chosen.add(pick[1])
    return chosen.pop() if len(chosen) == 1 else None


def _entry(nodes: list[_Node], members: list[int]) -> Entry:
    defs = [nodes[i] for i in members]
    if any(n.d is not n.raw for n in defs):
        # nodes are in the order of their raw definitions: re-sort only if blocking changed one
        defs.sort(key=lambda n: _def_order(n.d))
    counts: Counter[str] = Counter()
    first: dict[tuple[Role, str], tuple[str, int, int]] = {}
    per_role: dict[Role, Counter[str]] = {role: Counter() for role in ROLES}
    for n in defs:
        seen: set[tuple[Role, str]] = set()
        for role, surface, _ in n.surfaces:
            if (role, surface) in seen:
                continue
            seen.add((role, surface))
            per_role[role][surface] += 1
            counts[surface] += 1
            first.setdefault((role, surface), (n.d.doc or "", n.d.start, len(first)))

    def order(role: Role, surface: str) -> tuple[int, tuple[str, int, int]]:
        return -per_role[role][surface], first[(role, surface)]  # most used first, then first seen

    forms: dict[Role, tuple[str, ...]] = {}
    for role in ROLES:
        forms[role] = tuple(sorted(per_role[role], key=partial(order, role)))
    return Entry(
        id="",
        ja=forms["ja"][0] if forms["ja"] else None,
        en=forms["en"][0] if forms["en"] else None,
        abbr=forms["abbr"][0] if forms["abbr"] else None,
        forms=forms,
        occurrences=tuple(n.raw for n in defs),
        form_counts=dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
    )


def _apply_pins(entries: list[Entry], ov: Overrides) -> tuple[list[Entry], list[str]]:
    warnings: list[str] = []
    out = list(entries)
    for r in ov.of("pin"):
        m = Matcher.of(r.surfaces[0])
        hit = False
        for i, e in enumerate(out):
            for role in ROLES:
                forms = e.forms.get(role, ())
                exact = [s for s in forms if fold(s).casefold() == m.folded]
                keyed = [s for s in forms if m.matches(s, role, key(s, role))]
                if not (exact or keyed):
                    continue
                hit = True
                chosen = exact[0] if exact else r.surfaces[0]
                new_forms = dict(e.forms)
                new_forms[role] = (chosen, *(s for s in forms if s != chosen))
                changes: dict[str, Any] = {"forms": new_forms, role: chosen}
                e = replace(e, **changes)
                out[i] = e
        if not hit:
            warnings.append(f"{r.where()}: pin {r.surfaces[0]!r} matched nothing")
    return out, warnings


_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    return _SLUG.sub("-", fold(text).casefold()).strip("-")


def _base_id(e: Entry) -> str:
    for s in (e.en, e.abbr):
        if s and slug(s):
            return slug(s)
    ja = e.ja or ""
    # surrogatepass: a lone surrogate given through the API must not crash the id
    return "ja-" + hashlib.sha1(ja_key(ja).encode("utf-8", "surrogatepass")).hexdigest()[:10]


def _identity(e: Entry) -> tuple[Any, ...]:
    keys = sorted((role, key(s, role)) for role in ROLES for s in e.forms.get(role, ()))
    return (*keys, tuple(_def_order(d) for d in e.occurrences))


def _assign_ids(entries: list[Entry]) -> list[Entry]:
    """Readable ids from the canonical English (else acronym, else a hash of the Japanese key).

    Colliding ids get ``-2``, ``-3`` … in an order fixed by the entries' content,
    never by document order.
    """
    by_base: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(entries):
        by_base[_base_id(e)].append(i)
    out = list(entries)
    taken = set(by_base)
    for base, idx in by_base.items():
        if len(idx) > 1:
            idx.sort(key=lambda i: _identity(entries[i]))
        for n, i in enumerate(idx):
            eid = base
            if n:
                k = n + 1
                while f"{base}-{k}" in taken:
                    k += 1
                eid = f"{base}-{k}"
                taken.add(eid)
            out[i] = replace(entries[i], id=eid)
    out.sort(key=lambda e: (_def_order(e.occurrences[0]) if e.occurrences else (), e.id))
    return out


# --- links ------------------------------------------------------------------------------------------


def _link(entries: list[Entry], memo: KeyMemo) -> list[Entry]:
    from glossary.dictionary.links import find_links

    links = find_links(entries, memo=memo)
    return [replace(e, related=tuple(sorted(links[e.id]))) if e.id in links else e for e in entries]


def entry_keys(e: Entry, role: Role, memo: KeyMemo | None = None) -> dict[str, str]:
    """Normalised key -> first surface with that key, for one language of an entry."""
    keyer = memo.key if memo is not None else key
    out: dict[str, str] = {}
    for s in e.forms.get(role, ()):
        k = keyer(s, role)
        if k:
            out.setdefault(k, s)
    return out


def entry_en_words(e: Entry, memo: KeyMemo | None = None) -> dict[tuple[str, ...], str]:
    """Lemmatised English word tuple -> first surface with those words."""
    words = memo.en_words if memo is not None else en_words
    out: dict[tuple[str, ...], str] = {}
    for s in e.forms.get("en", ()):
        w = words(s)
        if w:
            out.setdefault(w, s)
    return out


# --- reading a saved glossary an entry at a time --------------------------------------------------------

_JSON_WS = re.compile(r"[ \t\n\r]*")  # what json.loads skips between values (always matches)
_SAVED_KEYS = ("schema", "entries", "dropped", "overrides", "warnings")  # as save writes them


class _NotSaved(Exception):
    """The text is not a sound glossary with its keys in the order :meth:`Glossary.save` writes them."""


def _read_saved(text: str) -> Glossary | None:
    """The glossary in ``text`` read an entry at a time, or None when the full path must read it.

    ``json.loads`` of a million-definition file builds a tree of several
    million dicts, lists and strings, and only then are they checked and
    turned into definitions: the tree alone took gigabytes.  Here each entry
    is decoded (json's C scanner), checked and converted in turn, so only
    the text and the result are held.  Whatever is unexpected (keys in
    another order, a damaged value, invalid JSON) returns None, and the full
    path, which gives the precise error messages, reads the file instead.
    """
    try:
        return _read_saved_entries(text)
    except Exception:  # any surprise means: let the full path decide
        return None


def _read_saved_entries(text: str) -> Glossary:
    decode = json.JSONDecoder().raw_decode

    def skip(i: int) -> int:
        """The first position from ``i`` on that is not JSON whitespace."""
        m = _JSON_WS.match(text, i)
        return m.end() if m else i

    reader = _Reader()
    entries: list[Entry] = []
    dropped: list[Definition] = []
    small: dict[str, Any] = {}

    def expect(i: int, char: str) -> int:
        """The position after ``char`` (at ``i``) and the whitespace after it."""
        if text[i] != char:
            raise _NotSaved(f"expected {char!r} at {i}")
        return skip(i + 1)

    i = expect(skip(0), "{")
    for n, name in enumerate(_SAVED_KEYS):
        if n:
            i = expect(i, ",")
        if text[i] != '"':
            raise _NotSaved(f"expected a key at {i}")
        found, i = json.decoder.scanstring(text, i + 1)  # type: ignore[attr-defined]
        if found != name:
            raise _NotSaved(f"key {found!r} where {name!r} was expected")
        i = expect(skip(i), ":")
        if name == "schema":
            small[name], i = decode(text, i)
            if small[name] != SCHEMA:
                raise _NotSaved("another schema")
        elif name in ("entries", "dropped"):
            i = expect(i, "[")
            j = 0
            while text[i] != "]":
                if j:
                    i = expect(i, ",")
                value, i = decode(text, i)
                if name == "entries":
                    _check_entry(value, j)
                    entries.append(Entry._read(value, reader))
                else:
                    if not _occurrence_ok(value):
                        _check_occurrence(value, ("dropped", j))
                    dropped.append(reader.definition(value))
                i = skip(i)
                j += 1
            i += 1
        else:
            small[name], i = decode(text, i)
        i = skip(i)
    i = expect(i, "}")
    if i != len(text):
        raise _NotSaved("extra data after the glossary")
    _check_saved({"entries": [], "overrides": small["overrides"], "warnings": small["warnings"]})
    if len({e.id for e in entries}) != len(entries):
        raise _NotSaved("repeated ids")
    g = Glossary.__new__(Glossary)
    g._setup(tuple(entries), None, tuple(dropped), Overrides.from_list(small["overrides"]), small["warnings"])
    return g


# --- checking a saved glossary ------------------------------------------------------------------------


class _Damaged(Exception):
    def __init__(self, path: tuple[str | int, ...], problem: str) -> None:
        super().__init__(problem)
        self.path = path
        self.problem = problem


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    kind = {str: "a string", int: "a number", float: "a number", list: "a list", dict: "an object"}
    return kind.get(type(value), type(value).__name__)


def _path_text(path: tuple[str | int, ...]) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out or "top level"


def _need(obj: dict[str, Any], k: str, path: tuple[str | int, ...], kind: str, optional: bool = False) -> Any:
    """``obj[k]`` checked against ``kind``: str, ?str (str or null), int, number, list, dict."""
    if k not in obj:
        if optional:
            return None
        raise _Damaged(path, f"missing {k!r}")
    v = obj[k]
    here = (*path, k)
    ok = {
        "str": isinstance(v, str),
        "?str": v is None or isinstance(v, str),
        "int": isinstance(v, int) and not isinstance(v, bool),
        "number": isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v),
        "list": isinstance(v, list),
        "dict": isinstance(v, dict),
    }[kind]
    if not ok:
        want = {
            "str": "a string",
            "?str": "a string or null",
            "int": "a whole number",
            "number": "a finite number",
            "list": "a list",
            "dict": "an object",
        }[kind]
        raise _Damaged(here, f"expected {want}, got {_describe(v)}")
    return v


def _strings(values: list[Any], path: tuple[str | int, ...]) -> None:
    for i, v in enumerate(values):
        if not isinstance(v, str):
            raise _Damaged((*path, i), f"expected a string, got {_describe(v)}")


def _object(v: Any, path: tuple[str | int, ...]) -> dict[str, Any]:
    if not isinstance(v, dict):
        raise _Damaged(path, f"expected an object, got {_describe(v)}")
    return v


def _check_occurrence(o: Any, path: tuple[str | int, ...]) -> None:
    o = _object(o, path)
    _need(o, "doc", path, "?str", optional=True)
    _need(o, "start", path, "int")
    _need(o, "end", path, "int")
    _need(o, "pattern", path, "str")
    _need(o, "score", path, "number")
    _need(o, "sentence", path, "str", optional=True)
    notes = _need(o, "notes", path, "list", optional=True)
    if notes is not None:
        _strings(notes, (*path, "notes"))
    for j, part in enumerate(_need(o, "parts", path, "list")):
        here = (*path, "parts", j)
        part = _object(part, here)
        _need(part, "text", here, "str")
        _need(part, "start", here, "int")
        _need(part, "end", here, "int")
        role = _need(part, "role", here, "str")
        if role not in ROLES:
            raise _Damaged((*here, "role"), f"unknown role {role!r}; expected one of {', '.join(ROLES)}")


def _occurrence_ok(o: Any) -> bool:
    """A quick yes for an occurrence :func:`_check_occurrence` would pass; False means "ask it".

    Stricter than the full check (exact types, as ``json`` makes them), so it
    never lets through what the full check would reject, and a no is handed
    to the full check, which names the problem.  Checking a million
    occurrences field by field through ``_need`` was most of the loading time.
    """
    if type(o) is not dict:
        return False
    get = o.get
    doc, start, end, score, sentence, notes, parts = (
        get("doc"),
        get("start"),
        get("end"),
        get("score"),
        get("sentence"),
        get("notes"),
        get("parts"),
    )
    if not (
        (doc is None or type(doc) is str)
        and type(start) is int
        and type(end) is int
        and type(get("pattern")) is str
        and (type(score) is float or type(score) is int)
        and math.isfinite(score)
        and ("sentence" not in o or type(sentence) is str)
        and type(parts) is list
    ):
        return False
    if notes is not None and not (type(notes) is list and all(type(n) is str for n in notes)):
        return False
    if notes is None and "notes" in o:
        return False
    for part in parts:
        if not (
            type(part) is dict
            and type(part.get("text")) is str
            and type(part.get("start")) is int
            and type(part.get("end")) is int
            and part.get("role") in ROLES
            and type(part.get("role")) is str
        ):
            return False
    return True


def _link_ok(link: Any) -> bool:
    """A quick yes for a link the full check would pass (see :func:`_occurrence_ok`)."""
    return (
        type(link) is dict
        and type(link.get("type")) is str
        and type(link.get("id")) is str
        and ("why" not in link or type(link["why"]) is str)
    )


def _check_saved(data: dict[str, Any]) -> None:
    """Raise :class:`_Damaged` at the first value of a saved glossary that has the wrong shape."""
    for i, e in enumerate(_need(data, "entries", (), "list")):
        _check_entry(e, i)
    for j, o in enumerate(_need(data, "dropped", (), "list", optional=True) or []):
        if not _occurrence_ok(o):
            _check_occurrence(o, ("dropped", j))
    for j, r in enumerate(_need(data, "overrides", (), "list", optional=True) or []):
        at = ("overrides", j)
        r = _object(r, at)
        kind = _need(r, "kind", at, "str")
        if kind not in KINDS:
            raise _Damaged((*at, "kind"), f"unknown rule kind {kind!r}; expected one of {', '.join(KINDS)}")
        surfaces = _need(r, "surfaces", at, "list")
        _strings(surfaces, (*at, "surfaces"))
        if not surfaces:
            raise _Damaged((*at, "surfaces"), "a rule needs at least one surface")
        _need(r, "source", at, "str", optional=True)
        _need(r, "line", at, "int", optional=True)
    _strings(_need(data, "warnings", (), "list", optional=True) or [], ("warnings",))


def _check_entry(e: Any, i: int) -> None:
    """Raise :class:`_Damaged` at the first value of ``entries[i]`` that has the wrong shape."""
    here: tuple[str | int, ...] = ("entries", i)
    e = _object(e, here)
    if not _need(e, "id", here, "str"):
        raise _Damaged((*here, "id"), "empty id")
    for role in ROLES:
        _need(e, role, here, "?str", optional=True)
    forms = _need(e, "forms", here, "dict", optional=True) or {}
    for role in ROLES:
        if role in forms:
            _strings(_need(forms, role, (*here, "forms"), "list"), (*here, "forms", role))
    counts = _need(e, "form_counts", here, "dict", optional=True) or {}
    for k in counts:
        _need(counts, k, (*here, "form_counts"), "int")
    for j, link in enumerate(_need(e, "related", here, "list")):
        if _link_ok(link):
            continue
        at = (*here, "related", j)
        link = _object(link, at)
        _need(link, "type", at, "str")
        _need(link, "id", at, "str")
        _need(link, "why", at, "str", optional=True)
    for j, o in enumerate(_need(e, "occurrences", here, "list")):
        if not _occurrence_ok(o):
            _check_occurrence(o, (*here, "occurrences", j))
