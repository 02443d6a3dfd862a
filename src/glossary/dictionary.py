"""The term dictionary: one entry per concept, built from many definitions.

:class:`Glossary` is a pure function of a *set* of definitions plus the
user's overrides, so the order of documents never changes the result and
``merge`` is associative, commutative and idempotent.

Merging rules (keys from :mod:`glossary.normalize`), decided in tiers:

1. *Strong*: the same English long form; or the same Japanese term paired
   with the same acronym.  These cannot be two meanings.
2. *Fuzzy*: rapidfuzz proposes English long forms that differ by a typo;
   they merge only if the two groups also share a Japanese term or an
   acronym and their acronyms do not disagree.
3. *Attach*: a group without an English form (``実証(PoC)``) joins the one
   group that shares its Japanese term, else its acronym.  When an acronym
   has several meanings (SAE = Sparse / Stacked Autoencoder) the group goes
   to the definition in force in the same document (the nearest one before
   it, else the first after it); if that is unclear it stays apart.

Near-identical strings with different English (推定相互情報 / 推定相互情報量)
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
from pathlib import Path
from typing import TYPE_CHECKING, Any

from glossary.io import atomic_write, json_line
from glossary.models import ROLES, Definition, Role
from glossary.normalize import en_words, fold, ja_key, key
from glossary.overrides import KINDS, Matcher, Overrides, Rule

if TYPE_CHECKING:
    from glossary.mentions import Mention

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
        return {
            "id": self.id,
            "ja": self.ja,
            "en": self.en,
            "abbr": self.abbr,
            "forms": {role: list(self.forms.get(role, ())) for role in ROLES},
            "form_counts": dict(self.form_counts),
            "count": self.count,
            "related": [link.to_dict() for link in self.related],
            "occurrences": [_occurrence(d) for d in self.occurrences],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Entry:
        forms_in = data.get("forms") or {}
        return cls(
            id=str(data["id"]),
            ja=data.get("ja"),
            en=data.get("en"),
            abbr=data.get("abbr"),
            forms={role: tuple(str(s) for s in forms_in.get(role, ())) for role in ROLES},
            related=tuple(Link(str(x["type"]), str(x["id"]), str(x.get("why", ""))) for x in data["related"]),
            occurrences=tuple(Definition.from_dict(o) for o in data["occurrences"]),
            form_counts={str(k): int(v) for k, v in (data.get("form_counts") or {}).items()},
        )

    def __repr__(self) -> str:
        shown = " / ".join(s for s in (self.ja, self.en, self.abbr) if s)
        return f"Entry({self.id!r}: {shown}, {self.count} occurrence(s))"


def _occurrence(d: Definition) -> dict[str, Any]:
    """A definition as stored in an entry: the scorer's doc/start/end plus everything to rebuild it."""
    out = d.to_dict()
    for k in ("ja", "en", "abbr"):
        out.pop(k, None)
    return {"doc": out.pop("doc"), "start": out.pop("start"), "end": out.pop("end"), **out}


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
        self._entries: tuple[Entry, ...] = tuple(entries)
        self._definitions: frozenset[Definition] = frozenset(definitions)
        self.overrides: Overrides = overrides or Overrides()
        self.warnings: tuple[str, ...] = tuple(warnings)
        self._by_id = {e.id: e for e in self._entries}
        self._index: _Index | None = None

    # --- building --------------------------------------------------------------------------------

    @classmethod
    def from_definitions(
        cls, definitions: Iterable[Definition], *, overrides: Overrides | None = None
    ) -> Glossary:
        """One entry per concept from ``definitions`` (any order), with ``overrides`` applied."""
        with _paused_gc():
            defs = _dedupe(definitions)
            ov = overrides or Overrides()
            entries, warnings = _build(defs, ov)
            return cls(entries, definitions=defs, overrides=ov, warnings=warnings)

    @property
    def definitions(self) -> frozenset[Definition]:
        """Every definition the glossary was built from (including blocked ones)."""
        return self._definitions

    def merge(self, other: Glossary) -> Glossary:
        """A new glossary from both glossaries' definitions and overrides.

        Associative, commutative and idempotent: the result depends only on
        the union of the inputs.
        """
        return Glossary.from_definitions(
            self._definitions | other._definitions, overrides=self.overrides.union(other.overrides)
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
        kept = {d for d in self._definitions if d.doc not in replaced}
        new = Glossary.from_definitions(kept | set(definitions), overrides=self.overrides)
        self.__dict__.update(new.__dict__)
        return self

    def with_overrides(self, overrides: Overrides) -> Glossary:
        """The same definitions rebuilt under ``overrides`` (replacing the current ones)."""
        return Glossary.from_definitions(self._definitions, overrides=overrides)

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
        return sorted({d.doc or "" for d in self._definitions})

    def mentions(self, text: str, *, doc: str | None = None) -> list[Mention]:
        """Uses of this glossary's surfaces in ``text``; see :func:`glossary.mentions.find_mentions`.

        A bare acronym with several meanings is attributed to the meaning
        defined in force at that point of document ``doc``.
        """
        from glossary.mentions import find_mentions

        return find_mentions(self, text, doc=doc)

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
        dropped = self._definitions - {d for e in self._entries for d in e.occurrences}
        return {
            "schema": SCHEMA,
            "entries": [e.to_dict() for e in self._entries],
            "dropped": [_occurrence(d) for d in sorted(dropped, key=_def_order)],
            "overrides": self.overrides.to_list(),
            "warnings": list(self.warnings),
        }

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
        entries = [Entry.from_dict(raw) for raw in data["entries"]]
        dropped = [Definition.from_dict(o) for o in data.get("dropped", [])]
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
        defs = [d for e in entries for d in e.occurrences] + dropped
        return cls(entries, definitions=defs, overrides=overrides, warnings=data.get("warnings", []))

    def to_json(self, *, indent: int | None = 1) -> str:
        """The glossary as JSON text; lone surrogates are escaped so it always encodes as UTF-8."""
        from glossary.io import json_dumps

        with _paused_gc():
            return json_dumps(self.to_dict(), indent=indent) + "\n"

    def save(self, path: str | Path) -> None:
        """Write JSON atomically (temporary file in the same folder, then ``os.replace``)."""
        atomic_write(path, self.to_json())

    @classmethod
    def load(cls, path: str | Path) -> Glossary:
        """Read a glossary saved by :meth:`save`; damaged files raise :class:`GlossaryFormatError`."""
        p = Path(path)
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
            line = json_line(text, exc.path) if exc.path is not None else None
            if line is None:
                raise
            message = str(exc)
            prefix = f"{p}: "
            if message.startswith(prefix):
                message = f"{p}:{line}: " + message[len(prefix) :]
            raise GlossaryFormatError(message, exc.path) from None

    # --- display ---------------------------------------------------------------------------------

    def __repr__(self) -> str:
        return f"<Glossary: {len(self)} entries from {len(self.documents)} document(s)>"

    def _repr_html_(self) -> str:
        """A compact table with the cross-links, for Jupyter."""
        from glossary.html import repr_html

        return repr_html(self)

    def export(self, fmt: str) -> str:
        """The glossary as text in one of :data:`glossary.export.FORMATS` (json, csv, tbx, skos, html, …)."""
        from glossary.export import export

        return export(self, fmt)

    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame`` with a row per entry (needs the ``pandas`` extra)."""
        from glossary.api import to_pandas

        return to_pandas(self)


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


@dataclass
class _Node:
    raw: Definition
    d: Definition  # after block rules
    surfaces: list[tuple[Role, str, str]]  # (role, clean surface, key)

    def keys(self, role: Role) -> set[str]:
        return {k for r, _, k in self.surfaces if r == role and k}


class _Components:
    """Union-find over definition nodes that refuses unions a ``split`` rule forbids."""

    def __init__(self, nodes: list[_Node], splits: list[tuple[Rule, list[Matcher]]]) -> None:
        self.parent = list(range(len(nodes)))
        self.hits: list[set[tuple[int, int]]] = []
        for node in nodes:
            h = set()
            for ri, (_, matchers) in enumerate(splits):
                for mi, m in enumerate(matchers):
                    if any(m.matches(s, r, k) for r, s, k in node.surfaces):
                        h.add((ri, mi))
            self.hits.append(h)
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
        both = self.hits[ra] | self.hits[rb]
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


def _build(defs: frozenset[Definition], ov: Overrides) -> tuple[list[Entry], list[str]]:
    warnings: list[str] = []
    blocks = [(r, Matcher.of(r.surfaces[0])) for r in ov.of("block")]
    used_blocks: set[Rule] = set()
    nodes: list[_Node] = []
    for raw in sorted(defs, key=_def_order):
        parts = []
        for p in raw.parts:
            clean = p.clean
            k = key(clean, p.role)
            hit = [r for r, m in blocks if m.matches(clean, p.role, k)]
            if hit:
                used_blocks.update(hit)
                continue
            parts.append(p)
        if len(parts) < 2:
            continue  # blocking left nothing to pair
        d = raw if len(parts) == len(raw.parts) else replace(raw, parts=tuple(parts))
        surfaces = [(p.role, p.clean, key(p.clean, p.role)) for p in parts]
        nodes.append(_Node(raw, d, surfaces))
    for r, _ in blocks:
        if r not in used_blocks:
            warnings.append(f"{r.where()}: block {r.surfaces[0]!r} matched nothing")

    splits = [(r, [Matcher.of(s) for s in r.surfaces]) for r in ov.of("split")]
    uf = _Components(nodes, splits)

    # 1. strong: same long form; same Japanese term with the same acronym
    strong: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, n in enumerate(nodes):
        for k in n.keys("en"):
            strong[("en", k)].append(i)
        for j in n.keys("ja"):
            for a in n.keys("abbr"):
                strong[("ja+abbr", j, a)].append(i)
    for _, members in sorted(strong.items()):
        for other in members[1:]:
            uf.union(members[0], other)

    # 2. fuzzy: English keys a typo apart, confirmed by a shared Japanese term or acronym
    _fuzzy_merge(nodes, uf)

    # 3. attach groups without English to the one group they belong to
    _attach(nodes, uf)

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
            hit = {mi for mi, m in enumerate(matchers) if any(m.matches(s, ro, k) for ro, s, k in n.surfaces)}
            if len(hit) > 1:
                warnings.append(
                    f"{r.where()}: cannot split: {n.d.doc or '<text>'}:{n.d.start} "
                    "pairs them in one definition"
                )

    groups = sorted(uf.groups().values(), key=lambda g: g[0])
    entries = [_entry(nodes, g) for g in groups]
    entries, pin_warnings = _apply_pins(entries, ov)
    warnings.extend(pin_warnings)
    entries = _assign_ids(entries)
    entries = _link(entries)
    return entries, warnings


def _component_keys(nodes: list[_Node], members: list[int], role: Role) -> set[str]:
    out: set[str] = set()
    for i in members:
        out |= nodes[i].keys(role)
    return out


def _fuzzy_merge(nodes: list[_Node], uf: _Components) -> None:
    from rapidfuzz import fuzz

    groups = uf.groups()
    keys = {root: {role: _component_keys(nodes, m, role) for role in ROLES} for root, m in groups.items()}
    shared: dict[tuple[str, str], list[int]] = defaultdict(list)
    for root, ks in keys.items():
        if not ks["en"]:
            continue
        for role in ("ja", "abbr"):
            for k in ks[role]:
                shared[(role, k)].append(root)
    pairs: set[tuple[int, int]] = set()
    for roots in shared.values():
        if len(roots) > LINK_FANOUT:
            continue
        for x in range(len(roots)):
            for y in range(x + 1, len(roots)):
                a, b = sorted((roots[x], roots[y]))
                ka, kb = keys[a], keys[b]
                if ka["abbr"] and kb["abbr"] and not ka["abbr"] & kb["abbr"]:
                    continue  # acronyms disagree: two concepts
                best = max(fuzz.ratio(ea, eb) for ea in ka["en"] for eb in kb["en"])
                if best >= FUZZY_MERGE and min(len(e) for e in ka["en"] | kb["en"]) >= 6:
                    pairs.add((a, b))
    for a, b in sorted(pairs):
        uf.union(a, b)


def _attach(nodes: list[_Node], uf: _Components) -> None:
    groups = uf.groups()
    keys = {root: {role: _component_keys(nodes, m, role) for role in ROLES} for root, m in groups.items()}
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
        if by_ja:
            target = by_ja[0] if len(by_ja) == 1 else _in_force(nodes, members, by_ja, groups)
        else:
            by_abbr = sorted({a for k in ks["abbr"] for a in by_key.get(("abbr", k), [])})
            same_doc = _in_force(nodes, members, by_abbr, groups) if by_abbr else None
            if same_doc is not None and (
                _ja_agree(ks["ja"], keys[same_doc]["ja"]) or _ja_glosses(ks["ja"], keys[same_doc]["en"])
            ):
                # in force here, and the Japanese spells or translates that sense: スパース自己符号化器(SAE)
                # after Sparse Autoencoder (SAE) joins it; 交差検証(CV) after Computer Vision (CV) does not
                target = same_doc
            elif len(by_abbr) == 1 and _ja_agree(ks["ja"], keys[by_abbr[0]]["ja"]):
                target = by_abbr[0]  # the only meaning of this acronym, and the Japanese agrees
        if target is not None:
            moves.append((target, root))
    for target, root in moves:
        uf.union(target, root)


def _ja_agree(a: set[str], b: set[str]) -> bool:
    """Japanese terms that can name one concept under one acronym.

    True when one side has none, when the spellings are a transliteration or
    okurigana apart (畳込み / 畳み込み), or when one is the head of the other
    (実証 / 概念実証).
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
    from glossary.japanese import gloss_overlap

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
    defs = sorted((nodes[i] for i in members), key=lambda n: _def_order(n.d))
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
    forms: dict[Role, tuple[str, ...]] = {}
    for role in ROLES:
        forms[role] = tuple(sorted(per_role[role], key=lambda s, r=role: (-per_role[r][s], first[(r, s)])))
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
                e = replace(e, forms=new_forms, **{role: chosen})
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


def _link(entries: list[Entry]) -> list[Entry]:
    from glossary.links import find_links

    links = find_links(entries)
    return [replace(e, related=tuple(sorted(links.get(e.id, ())))) for e in entries]


def entry_keys(e: Entry, role: Role) -> dict[str, str]:
    """Normalised key -> first surface with that key, for one language of an entry."""
    out: dict[str, str] = {}
    for s in e.forms.get(role, ()):
        k = key(s, role)
        if k:
            out.setdefault(k, s)
    return out


def entry_en_words(e: Entry) -> dict[tuple[str, ...], str]:
    """Lemmatised English word tuple -> first surface with those words."""
    out: dict[tuple[str, ...], str] = {}
    for s in e.forms.get("en", ()):
        w = en_words(s)
        if w:
            out.setdefault(w, s)
    return out


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


def _check_saved(data: dict[str, Any]) -> None:
    """Raise :class:`_Damaged` at the first value of a saved glossary that has the wrong shape."""
    for i, e in enumerate(_need(data, "entries", (), "list")):
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
            at = (*here, "related", j)
            link = _object(link, at)
            _need(link, "type", at, "str")
            _need(link, "id", at, "str")
            _need(link, "why", at, "str", optional=True)
        for j, o in enumerate(_need(e, "occurrences", here, "list")):
            _check_occurrence(o, (*here, "occurrences", j))
    for j, o in enumerate(_need(data, "dropped", (), "list", optional=True) or []):
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
