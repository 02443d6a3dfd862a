"""Fast constructors for the records the extractor builds by the thousand.

A frozen dataclass's generated ``__init__`` is Python code that sets each
slot through ``object.__setattr__``.  The extractor makes a few
:class:`~glossary.models.Part` and :class:`~glossary.models.Definition`
records per bracket (most are rejected candidates), and unpickling (a
parallel worker's results, Dask) rebuilds every definition sent, through the
models' ``__reduce__``.  Both fill the slots directly instead: compiled with
the rest of the hot path (``setup.py``), that costs about a fifth of the
``__init__`` call.  The dataclasses check nothing in ``__init__``, so the
records are the same as the classes' own (``tests/test_records.py`` holds
them equal, field by field).
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
    raise ImportError("glossary.records is out of step with glossary.models: update its field lists")

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
