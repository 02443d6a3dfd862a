"""Find bracketed bilingual term definitions in a text: the documented entry points.

Every definition carries the pattern that produced it and a score; those
below ``min_score`` are dropped unless ``keep_low`` is set.  The per-bracket
work (the data path from brackets to aligned definitions) lives in
:mod:`glossary.analyse`, which ``GLOSSARY_COMPILE=1`` may compile; this module
stays Python so that its docstrings and argument errors survive.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from glossary.models import Definition

DEFAULT_MIN_SCORE = 0.5


def find_definitions(
    text: str,
    *,
    doc: str | None = None,
    min_score: float = DEFAULT_MIN_SCORE,
    keep_low: bool = False,
) -> list[Definition]:
    """All bracketed term definitions in ``text``, in text order.

    Each :class:`Definition` holds exact offsets (``text[p.start:p.end] ==
    p.text``), the pattern that produced it and a score in 0..1.  Candidates
    scoring below ``min_score`` are returned only with ``keep_low=True``.
    """
    if not isinstance(text, str):
        raise TypeError(f"find_definitions() needs a str, got {type(text).__name__}; decode bytes first")
    from glossary.analyse import definitions_in  # on first use: ``import glossary`` stays light

    return list(definitions_in(text, doc, min_score, keep_low))


def iter_definitions(
    text: str,
    *,
    doc: str | None = None,
    min_score: float = DEFAULT_MIN_SCORE,
    keep_low: bool = False,
) -> Iterator[Definition]:
    """Generator form of :func:`find_definitions`."""
    if not isinstance(text, str):
        raise TypeError(f"iter_definitions() needs a str, got {type(text).__name__}; decode bytes first")
    from glossary.analyse import definitions_in

    return definitions_in(text, doc, min_score, keep_low)
