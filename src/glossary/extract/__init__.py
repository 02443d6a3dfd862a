"""Extraction: bracketed bilingual term definitions found in one text.

This ``__init__`` holds the documented entry point :func:`find_definitions`
(plain Python, so its docstring and argument errors survive compilation).  The
per-bracket data path lives in the submodules, most of them compiled with
mypyc (``setup.py``): ``segments`` (glosses inside a bracket), ``japanese``
(the term before it, UniDic on a short window), ``english`` / ``abbrev``
(acronyms by letter matching), ``lexicon`` + ``align`` (word alignment of a
term with its gloss), ``analyse`` (one bracket from scan to scored
:class:`~glossary.models.Definition`), ``records`` (fast constructors and
pickling of the records) and ``parallel`` (many documents in worker
processes).  Every definition carries the pattern that produced it and a
score; those below ``min_score`` are dropped unless ``keep_low`` is set.
May import :mod:`glossary.text` and the bottom modules only: it knows
nothing of dictionaries, stores or exports (an import-linter contract).
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
    markup: str | None = None,
) -> list[Definition]:
    """All bracketed term definitions in ``text``, in text order.

    Each :class:`Definition` holds exact offsets (``text[p.start:p.end] ==
    p.text``), the pattern that produced it and a score in 0..1.  Candidates
    scoring below ``min_score`` are returned only with ``keep_low=True``.

    ``markup`` says how ``text`` is written: ``"markdown"``, ``"rst"``, ``"html"`` or ``"text"``
    (see :mod:`glossary.text.formats`); by default the suffix of ``doc`` says (``notes.md`` is
    Markdown), and plain text otherwise.  Code, maths, link targets and tags are never read.
    """
    if not isinstance(text, str):
        raise TypeError(f"find_definitions() needs a str, got {type(text).__name__}; decode bytes first")
    from glossary.extract.analyse import definitions_in  # on first use: ``import glossary`` stays light

    return list(definitions_in(text, doc, min_score, keep_low, _checked_markup(markup)))


def iter_definitions(
    text: str,
    *,
    doc: str | None = None,
    min_score: float = DEFAULT_MIN_SCORE,
    keep_low: bool = False,
    markup: str | None = None,
) -> Iterator[Definition]:
    """Generator form of :func:`find_definitions`."""
    if not isinstance(text, str):
        raise TypeError(f"iter_definitions() needs a str, got {type(text).__name__}; decode bytes first")
    from glossary.extract.analyse import definitions_in

    return definitions_in(text, doc, min_score, keep_low, _checked_markup(markup))


def _checked_markup(markup: str | None) -> str | None:
    if markup is None:
        return None
    from glossary.text.formats import MARKUPS

    if markup not in MARKUPS or markup == "ipynb":
        choices = ", ".join(m for m in MARKUPS if m != "ipynb")
        raise ValueError(
            f"markup={markup!r} is not a markup a single text can have: use one of {choices} "
            "(split a notebook into its cells with glossary.text.formats.documents)"
        )
    return markup
