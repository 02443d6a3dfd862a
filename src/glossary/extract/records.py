"""Fast constructors for the records the extractor builds by the thousand.

A frozen dataclass's generated ``__init__`` is Python code that sets each
slot through ``object.__setattr__``.  The extractor makes a few
:class:`~glossary.models.Part` and :class:`~glossary.models.Definition`
records per bracket (most are rejected candidates), and unpickling (a
parallel worker's results, Dask) rebuilds every definition sent.  Both fill
the slots directly instead: compiled with the rest of the hot path
(``setup.py``), that costs about a fifth of the ``__init__`` call.  The
dataclasses check nothing in ``__init__``, so the records are the same as
the classes' own (``tests/extract/test_records.py`` holds them equal, field by
field).  Definitions pickle as flat tuples of plain values, and
:func:`pack` / :func:`unpack` move a worker's results in bulk.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any, Final

from glossary.models import Definition, Part, Role

# the fields in constructor order; a model that gains, loses or reorders a field fails at import
PART_FIELDS: Final = ("text", "start", "end", "role")
DEFINITION_FIELDS: Final = ("parts", "pattern", "score", "start", "end", "sentence", "doc", "notes")
if (
    tuple(f.name for f in fields(Part)) != PART_FIELDS
    or tuple(f.name for f in fields(Definition)) != DEFINITION_FIELDS
):
    raise ImportError("glossary.extract.records is out of step with glossary.models: update its field lists")

_new: Final[Any] = object.__new__


def _setter(cls: type, name: str) -> Any:
    """The ``__set__`` of a slot's descriptor, bound once (the type checker sees a field, not a slot)."""
    return getattr(cls, name).__set__


_P_TEXT: Final = _setter(Part, "text")
_P_START: Final = _setter(Part, "start")
_P_END: Final = _setter(Part, "end")
_P_ROLE: Final = _setter(Part, "role")
_D_PARTS: Final = _setter(Definition, "parts")
_D_PATTERN: Final = _setter(Definition, "pattern")
_D_SCORE: Final = _setter(Definition, "score")
_D_START: Final = _setter(Definition, "start")
_D_END: Final = _setter(Definition, "end")
_D_SENTENCE: Final = _setter(Definition, "sentence")
_D_DOC: Final = _setter(Definition, "doc")
_D_NOTES: Final = _setter(Definition, "notes")


def part(text: str, start: int, end: int, role: Role) -> Part:
    """``Part(text, start, end, role)``, built without the dataclass ``__init__``."""
    p: Part = _new(Part)
    _P_TEXT(p, text)
    _P_START(p, start)
    _P_END(p, end)
    _P_ROLE(p, role)
    return p


def definition(
    parts: tuple[Part, ...],
    pattern: str,
    score: float,
    start: int,
    end: int,
    sentence: str = "",
    doc: str | None = None,
    notes: tuple[str, ...] = (),
) -> Definition:
    """``Definition(...)`` with the same arguments and defaults, built without ``__init__``."""
    d: Definition = _new(Definition)
    _D_PARTS(d, parts)
    _D_PATTERN(d, pattern)
    _D_SCORE(d, score)
    _D_START(d, start)
    _D_END(d, end)
    _D_SENTENCE(d, sentence)
    _D_DOC(d, doc)
    _D_NOTES(d, notes)
    return d


def definition_state(d: Definition) -> tuple[Any, ...]:
    """The fields as plain values, the parts' fields inline (four per part), for pickling.

    Pickle writes such a tuple in C, with no Python call per part; one call
    to :func:`definition_from_flat` rebuilds the definition.
    """
    return (d.pattern, d.score, d.start, d.end, d.sentence, d.doc, d.notes, _flat_parts(d.parts, None))


def reduce_definition(d: Definition) -> tuple[Any, tuple[Any, ...]]:
    """``Definition.__reduce__`` (Dask, ``pickle``): rebuilt by :func:`definition_from_flat`."""
    return definition_from_flat, definition_state(d)


def definition_from_flat(
    pattern: str,
    score: float,
    start: int,
    end: int,
    sentence: str,
    doc: str | None,
    notes: tuple[str, ...],
    flat_parts: tuple[Any, ...],
) -> Definition:
    """The definition :func:`definition_state` flattened."""
    if len(flat_parts) % 4:
        raise ValueError(f"flat_parts holds four values per part, got {len(flat_parts)} values")
    return definition(_parts(flat_parts, None), pattern, score, start, end, sentence, doc, notes)


def _flat_parts(parts: tuple[Part, ...], text: str | None) -> tuple[Any, ...]:
    """Four values per part; with ``text``, a surface that is ``text[start:end]`` becomes ``None``."""
    flat: list[Any] = []
    for p in parts:
        flat.append(None if text is not None and text[p.start : p.end] == p.text else p.text)
        flat.append(p.start)
        flat.append(p.end)
        flat.append(p.role)
    return tuple(flat)


def _parts(flat: tuple[Any, ...], text: str | None) -> tuple[Part, ...]:
    """The parts :func:`_flat_parts` flattened, a ``None`` surface sliced out of ``text``."""
    parts: list[Part] = []
    for i in range(0, len(flat), 4):
        start: int = flat[i + 1]
        end: int = flat[i + 2]
        surface = flat[i]
        if surface is None and text is not None:
            surface = text[start:end]
        parts.append(part(surface, start, end, flat[i + 3]))
    return tuple(parts)


_SENTENCE_REACH: Final = 400  # where a definition's sentence is looked for around it, in characters


def pack(results: list[list[Definition]], texts: list[str]) -> list[list[tuple[Any, ...]]]:
    """Per-document result lists as plain values, to send to the process that holds ``texts``.

    Pickling plain tuples runs entirely in C (no ``__reduce__`` call per
    definition), and text the receiver already has travels as offsets: a
    part that is the slice ``text[start:end]`` sends ``None``, a sentence
    found near its definition sends where it is; anything else travels as
    written.  A worker's results for a 128K-character chunk of the
    article-like benchmark corpus shrink from 62 KB (72 at most) pickled
    definition by definition to 15 KB (18 at most): under the pipe's 64 KB,
    so the worker's write no longer waits while the parent's receiving
    thread waits for the interpreter lock, and the worker's send costs a
    half (about 1.0 against 1.8 ms).
    """
    out: list[list[tuple[Any, ...]]] = []
    for defs, text in zip(results, texts, strict=True):
        rows: list[tuple[Any, ...]] = []
        for d in defs:
            sentence = d.sentence
            at = -1
            if sentence:
                at = text.find(sentence, max(0, d.start - _SENTENCE_REACH), d.end + _SENTENCE_REACH)
            sent: Any = len(sentence) if at >= 0 else sentence  # a length to slice, or the text itself
            rows.append(
                (d.pattern, d.score, d.start, d.end, at, sent, d.doc, d.notes, _flat_parts(d.parts, text))
            )
        out.append(rows)
    return out


def unpack(packed: list[list[tuple[Any, ...]]], texts: list[str]) -> list[list[Definition]]:
    """The result lists :func:`pack` made, for the same ``texts``."""
    out: list[list[Definition]] = []
    for rows, text in zip(packed, texts, strict=True):
        defs: list[Definition] = []
        for r in rows:
            at: int = r[4]
            sentence: str = text[at : at + r[5]] if at >= 0 else r[5]
            defs.append(definition(_parts(r[8], text), r[0], r[1], r[2], r[3], sentence, r[6], r[7]))
        out.append(defs)
    return out
