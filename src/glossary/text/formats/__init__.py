"""Documents read the way their markup says: which stretches of a file are prose, and in which block.

Each format is parsed by a real parser (CommonMark with ``markdown-it-py``, HTML with the standard
library's ``html.parser``, a documented subset of reStructuredText, Jupyter notebooks as their
Markdown cells) into one small structure, :class:`Layout`: the prose runs with their exact offsets
in the original text, the block each run belongs to (heading, paragraph, list item, table cell, ...),
and everything else -- code, maths, link targets, URLs, front matter, tags -- as a :class:`Mask` the
extractor never reads.  Offsets are never changed: every run slices the text it came from.

Plain text keeps the light regular-expression masks of :mod:`glossary.text.markup`, which also cover the
Markdown habits of text pasted into ``.txt`` files.  This package imports only :mod:`glossary.text.markup`.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Final

from glossary.text.markup import Mask, find_mask, merge_spans, span_gaps

__all__ = [
    "MARKUPS",
    "Block",
    "Layout",
    "MarkupError",
    "documents",
    "markup_for",
    "parse",
]

MARKUPS: Final = ("text", "markdown", "rst", "html", "ipynb")

# the suffix says how a file is written; anything else is plain text
_SUFFIX_MARKUP: Final = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdx": "markdown",
    ".myst": "markdown",
    ".rst": "rst",
    ".rest": "rst",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".ipynb": "ipynb",
}
# a notebook cell is a document of its own, named ``path#cell=N``; its source is Markdown
CELL_SEPARATOR: Final = "#cell="


class MarkupError(ValueError):
    """A document that cannot be read in the markup it claims (a notebook that is not JSON)."""


@dataclass(frozen=True)
class Block:
    """The block a prose run belongs to.

    ``kind`` is one of ``heading``, ``paragraph``, ``list_item``, ``table_cell``, ``blockquote``,
    ``footnote``, ``comment``, ``html`` (text between tags).  ``level`` is a heading's level;
    ``row`` and ``col`` a table cell's position (row 0 is the header row).
    """

    kind: str
    start: int
    end: int
    level: int = 0
    row: int = -1
    col: int = -1


@dataclass
class Layout:
    """What of a text is prose, in which blocks; the rest is masked."""

    text: str
    markup: str
    runs: list[tuple[int, int]]
    blocks: list[Block] = field(default_factory=list)
    code: list[tuple[int, int]] = field(default_factory=list)
    mask: Mask = field(init=False)
    _block_starts: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.runs = merge_spans(self.runs)  # compiled (glossary.text.markup)
        self.blocks.sort(key=lambda b: (b.start, -b.end))
        self._block_starts = [b.start for b in self.blocks]
        self.mask = _complement(self.runs, len(self.text))

    def block_at(self, pos: int) -> Block | None:
        """The innermost block that holds ``pos`` (None outside every block)."""
        i = bisect.bisect_right(self._block_starts, pos) - 1
        while i >= 0:
            b = self.blocks[i]
            if b.start <= pos < b.end:
                return b
            if b.start < pos - 100_000:
                break  # blocks are short; do not walk back through a whole document
            i -= 1
        return None

    def prose(self) -> Iterator[str]:
        """The prose runs' texts, in order."""
        for a, b in self.runs:
            yield self.text[a:b]


def _complement(runs: list[tuple[int, int]], n: int) -> Mask:
    return Mask(span_gaps(runs, n))


def markup_for(name: str | None) -> str:
    """The markup a document's name implies: its suffix, ``markdown`` for a notebook cell, else text."""
    if not name:
        return "text"
    if CELL_SEPARATOR in name:
        return "markdown"
    return _SUFFIX_MARKUP.get(PurePath(name).suffix.lower(), "text")


def plain(text: str) -> Layout:
    """Plain text: everything is prose except what :func:`glossary.text.markup.find_mask` masks."""
    mask = find_mask(text)
    layout = Layout(text, "text", span_gaps(mask.regions, len(text)))
    layout.code = [(a, b) for a, b in mask.regions if "`" in text[a:b] or "~~~" in text[a:b]]
    return layout


def parse(text: str, markup: str = "text") -> Layout:
    """The :class:`Layout` of ``text`` written in ``markup`` (one of :data:`MARKUPS` but ``ipynb``,
    whose cells :func:`documents` splits first)."""
    if markup == "text":
        return plain(text)
    if markup == "markdown":
        from glossary.text.formats.markdown import parse_markdown

        return parse_markdown(text)
    if markup == "html":
        # HTML's text is read by the same collector as a Markdown document's raw HTML blocks
        from glossary.text.formats.markdown import _Collector

        out = _Collector(text)
        out.html(0, len(text), 0, markdown_comments=False)
        return out.layout("html")
    if markup == "rst":
        from glossary.text.formats.rst import parse_rst

        return parse_rst(text)
    if markup == "ipynb":
        raise ValueError(
            "a notebook is several documents: split it with glossary.text.formats.documents() first"
        )
    raise ValueError(f"unknown markup {markup!r}: use one of {', '.join(MARKUPS)}")


def documents(name: str, text: str, markup: str | None = None) -> Iterator[tuple[str, str, str]]:
    """``(name, text, markup)`` for each document a file holds: one, or a notebook's Markdown cells.

    A notebook's cells are named ``path#cell=N`` (N counts every cell from 0, as Jupyter shows
    them), and offsets are relative to the cell's source.
    """
    markup = markup or markup_for(name)
    if markup != "ipynb":
        if markup not in MARKUPS:
            raise ValueError(f"unknown markup {markup!r}: use one of {', '.join(MARKUPS)}")
        yield name, text, markup
        return
    from glossary.text.formats.notebook import markdown_cells

    for index, source in markdown_cells(text, name):
        yield f"{name}{CELL_SEPARATOR}{index}", source, "markdown"


def source_file(doc: str) -> str:
    """The file a document came from (a notebook cell's notebook)."""
    return doc.split(CELL_SEPARATOR, 1)[0]
