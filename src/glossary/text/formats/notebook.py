"""Jupyter notebooks: each Markdown cell is a document of its own.

A notebook is JSON; its prose is in the Markdown cells' ``source``.  Each cell becomes one document
named ``path#cell=N`` (N counts all cells from 0, the order Jupyter shows), and the offsets of its
definitions are offsets in that cell's source, so they slice what the user sees in the cell.
Code cells and outputs are not read.
"""

from __future__ import annotations

import json

from glossary.text.formats import MarkupError

__all__ = ["markdown_cells"]


def markdown_cells(text: str, name: str) -> list[tuple[int, str]]:
    """``(cell index, source)`` of every Markdown cell of the notebook ``text``.

    Raises :class:`MarkupError` naming the file when it is not a notebook.
    """
    try:
        nb = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MarkupError(
            f"{name}:{exc.lineno}:{exc.colno}: not a Jupyter notebook ({exc.msg}); "
            "read it as text with --format-in text"
        ) from exc
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if not isinstance(cells, list):
        raise MarkupError(
            f"{name}: not a Jupyter notebook (no 'cells' list); read it as text with --format-in text"
        )
    out: list[tuple[int, str]] = []
    for index, cell in enumerate(cells):
        if not isinstance(cell, dict) or cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(s for s in source if isinstance(s, str))
        if isinstance(source, str) and source.strip():
            out.append((index, source))
    return out
