"""Find bracketed bilingual term definitions in a text.

The path of the data: a linear bracket scan (:mod:`glossary.brackets`) skips
code, maths and links (:mod:`glossary.markup`); each bracket's inside is split
into glosses (:mod:`glossary.segments`); the term outside the bracket is found
with UniDic on a short window (:mod:`glossary.japanese`) or, in Latin script,
by acronym matching (:mod:`glossary.abbrev`, :mod:`glossary.english`);
brackets that directly follow one another are chained
(``Sparse Autoencoder (SAE)(SAE、スパース・オートエンコーダ)``).  Every
definition carries the pattern that produced it and a score; those below
``min_score`` are dropped unless ``keep_low`` is set.  The per-bracket work
lives in :mod:`glossary.analyse`; this module is the documented entry point.
"""

from __future__ import annotations

from collections.abc import Iterator

from glossary.analyse import definitions_in
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
    return list(iter_definitions(text, doc=doc, min_score=min_score, keep_low=keep_low))


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
    return definitions_in(text, doc, min_score, keep_low)
