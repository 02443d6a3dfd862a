"""The entry model: one concept's canonical surfaces, variants, links and occurrences.

:class:`Entry` and :class:`Link` are what a glossary holds; :class:`KeyMemo` and
:func:`entry_keys` give the normalised keys the merging tiers, the links and the
store compare.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from glossary.dictionary.normalize import en_tokens, en_words, key
from glossary.models import ROLES, Definition, Part, Role, clean_surface
from glossary.registry import lookup

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
        html: str = lookup("repr_html.entry")(self)  # glossary.exports.html (see glossary.registry)
        return html


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
