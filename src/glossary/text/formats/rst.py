"""reStructuredText, a documented subset read line by line with exact offsets.

What is read as prose: paragraphs, section titles (underlined, optionally overlined; their level
is the order in which each adornment style first appears), list items, field bodies, the bodies
of admonitions and other directives whose content is prose, footnotes, comments (``.. text``:
translated manuals keep their source there), and the cells of grid and simple tables.

What is masked: literal blocks (after ``::``), directives whose body is code, maths or data
(``code-block``, ``math``, ``raw``, ``literalinclude``, ...), directive options, hyperlink
targets (``.. _name: url``), substitution definitions, table borders, inline literals
(````x````), code-like roles (``:code:``, ``:math:``, ``:file:``, ...), the role names and link
targets (``<url>``) of other roles and references, and bare URLs.

Not covered: nested inline markup inside roles, line blocks' exact semantics, and ``.. only::``
conditions (their bodies are read).  ``docutils`` is not used because its node tree keeps line
numbers but not the offsets every surface must keep.
"""

from __future__ import annotations

import itertools
import re
from typing import Final

from glossary.text.formats import Block, Layout
from glossary.text.formats.markdown import _Collector
from glossary.text.markup import find_mask

__all__ = ["parse_rst"]

_ADORNMENT: Final = re.compile(r"([!-/:-@\[-`{-~])\1{2,}[ \t]*$")
_EXPLICIT: Final = re.compile(r"\.\.(?:[ \t]+|$)")
_DIRECTIVE: Final = re.compile(r"\.\.[ \t]+(?:\|[^|]+\|[ \t]+)?([\w:+.-]+)::")
_TARGET: Final = re.compile(r"\.\.[ \t]+_|__[ \t]")
_FOOTNOTE: Final = re.compile(r"\.\.[ \t]+\[[^\]]+\][ \t]*")
_FIELD: Final = re.compile(r"[ \t]*:[^:\n`]+:(?:[ \t]+|$)")
_BULLET: Final = re.compile(r"[ \t]*(?:[-*+•]|\d+[.)]|#\.|\(?[A-Za-z0-9]\))[ \t]+")
_GRID_BORDER: Final = re.compile(r"[ \t]*\+[-=+:]+\+[ \t]*$")
_SIMPLE_BORDER: Final = re.compile(r"[ \t]*=+(?:[ \t]+=+)+[ \t]*$")
_LITERAL_DIRECTIVES: Final = frozenset(
    {
        "code", "code-block", "sourcecode", "literalinclude", "math", "raw", "csv-table", "highlight",
        "parsed-literal", "doctest", "testcode", "testoutput", "graphviz", "digraph", "mermaid", "plantuml",
        "include", "toctree", "image", "figure", "ipython", "jupyter-execute", "autoclass", "automodule",
        "autofunction", "automethod", "autoattribute", "autosummary", "productionlist", "list-table",
    }
)  # fmt: skip
# roles whose content is code or maths, not prose
_CODE_ROLES: Final = frozenset(
    {"code", "math", "literal", "file", "samp", "kbd", "command", "program", "envvar", "option", "regexp",
     "py:func", "py:class", "py:meth", "py:mod", "py:attr", "py:obj", "func", "class", "meth", "mod", "attr",
     "obj", "data", "const", "exc", "c:func", "cpp:func", "download", "ref", "numref", "doc"}
)  # fmt: skip
_ROLE: Final = re.compile(r":([\w:+.-]+):`([^`\n]*)`")
_LITERAL: Final = re.compile(r"``[^`\n](?:[^\n]*?[^`\n])?``")
_REFERENCE: Final = re.compile(r"`([^`\n]+)`__?")
_TARGET_URL: Final = re.compile(r"[ \t]*<[^<>\n]*>$")
_SUBST: Final = re.compile(r"\|[^|\s][^|\n]*\|_{0,2}|\[[#*]?[\w.-]*\]_")
_INTERPRETED: Final = re.compile(r"`[^`\n]+`")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def parse_rst(text: str) -> Layout:
    """The prose runs and blocks of a reStructuredText document."""
    out = _Collector(text)
    lines: list[tuple[int, int]] = []
    pos = 0
    for m in re.finditer(r"\r\n|\r|\n", text):
        lines.append((pos, m.start()))
        pos = m.end()
    lines.append((pos, len(text)))
    styles: list[tuple[str, bool]] = []
    n = len(lines)
    i = 0
    literal_after = False  # the paragraph before ended with "::"
    simple_cols: list[tuple[int, int]] = []
    row = -1
    while i < n:
        a, b = lines[i]
        line = text[a:b]
        stripped = line.strip()
        if not stripped:
            i += 1
            continue
        indent = _indent(line)
        if literal_after:
            # an indented literal block, to the first line indented no deeper than the paragraph
            literal_after = False
            base = _indent_of_previous(text, lines, i)
            if indent > base:
                j = _block_end(text, lines, i, base)
                out.code.append((lines[i][0], lines[j - 1][1]))
                i = j
                continue
        # section title: text underlined (and maybe overlined) with one repeated punctuation mark
        if i + 1 < n and not _ADORNMENT.match(line) and indent == 0:
            under = text[lines[i + 1][0] : lines[i + 1][1]]
            if _ADORNMENT.match(under):
                over = i > 0 and _ADORNMENT.match(text[lines[i - 1][0] : lines[i - 1][1]]) is not None
                style = (under.strip()[0], over)
                if style not in styles:
                    styles.append(style)
                _prose_line(out, a + indent, b)
                out.blocks.append(Block("heading", a + indent, b, styles.index(style) + 1))
                i += 2
                continue
        if _ADORNMENT.match(line) or _GRID_BORDER.match(line):
            if _GRID_BORDER.match(line):
                row += 1
            i += 1
            continue
        if _SIMPLE_BORDER.match(line):
            simple_cols = [(a + m.start(), a + m.end()) for m in re.finditer(r"=+", line)]
            simple_cols = [(x - a, y - a) for x, y in simple_cols]
            row = row + 1 if row >= 0 else 0
            i += 1
            continue
        if line.lstrip().startswith("|") and line.rstrip().endswith("|") and len(stripped) > 1:
            _grid_row(out, text, a, b, max(row, 0))
            i += 1
            continue
        if simple_cols and indent == 0:
            _simple_row(out, text, a, b, simple_cols, row)
            i += 1
            continue
        if _EXPLICIT.match(line, indent):
            i = _explicit(out, text, lines, i, indent)
            continue
        # a paragraph: consecutive non-blank lines
        j = i
        kind = "list_item" if _BULLET.match(line) else "paragraph"
        start = a
        while j < n and text[lines[j][0] : lines[j][1]].strip():
            la, lb = lines[j]
            piece = text[la:lb]
            marker = _BULLET.match(piece) or _FIELD.match(piece)
            head = marker.end() if marker else _indent(piece)
            _prose_line(out, la + head, lb)
            j += 1
        end = lines[j - 1][1]
        out.blocks.append(Block(kind, start + indent, end))
        if text[start:end].rstrip().endswith("::"):
            colons = text.rfind("::", start, end)
            out.cut.append((colons, colons + 2))
            literal_after = True
        i = j
    return out.layout("rst")


def _indent_of_previous(text: str, lines: list[tuple[int, int]], i: int) -> int:
    j = i - 1
    while j >= 0 and not text[lines[j][0] : lines[j][1]].strip():
        j -= 1
    return _indent(text[lines[j][0] : lines[j][1]]) if j >= 0 else 0


def _block_end(text: str, lines: list[tuple[int, int]], i: int, base: int) -> int:
    """The first line after ``i`` that is indented no deeper than ``base`` (blank lines inside)."""
    j = i
    while j < len(lines):
        piece = text[lines[j][0] : lines[j][1]]
        if piece.strip() and _indent(piece) <= base:
            break
        j += 1
    while j > i and not text[lines[j - 1][0] : lines[j - 1][1]].strip():
        j -= 1
    return j


def _explicit(out: _Collector, text: str, lines: list[tuple[int, int]], i: int, indent: int) -> int:
    """An explicit markup block (``..``) at line ``i``; returns the line after it."""
    a, b = lines[i]
    j = _block_end(text, lines, i + 1, indent)
    j = max(j, i + 1)
    m = _DIRECTIVE.match(text, a + indent, b)
    if m:
        if m.group(1).lower() in _LITERAL_DIRECTIVES:
            out.code.append((a, lines[j - 1][1]))
            return j
        # a directive with a prose body: the argument on its line and the body, less options
        _prose_line(out, m.end(), b)
        for k in range(i + 1, j):
            la, lb = lines[k]
            piece = text[la:lb]
            if not piece.strip() or _FIELD.match(piece):
                continue
            _prose_line(out, la + _indent(piece), lb)
        out.blocks.append(Block("paragraph", m.end(), lines[j - 1][1]))
        return j
    if _TARGET.match(text, a + indent, b) or text.startswith("|", a + indent + 3):
        return j  # hyperlink target or substitution definition
    fm = _FOOTNOTE.match(text, a + indent, b)
    head = fm.end() if fm else _EXPLICIT.match(text, a + indent, b).end()  # type: ignore[union-attr]
    kind = "footnote" if fm else "comment"
    _prose_line(out, head, b)
    for k in range(i + 1, j):
        la, lb = lines[k]
        piece = text[la:lb]
        if piece.strip():
            _prose_line(out, la + _indent(piece), lb)
    out.blocks.append(Block(kind, head, lines[j - 1][1]))
    return j


def _grid_row(out: _Collector, text: str, a: int, b: int, row: int) -> None:
    bars = [k for k in range(a, b) if text[k] == "|"]
    for col, (x, y) in enumerate(itertools.pairwise(bars)):
        _cell(out, x + 1, y, row, col)


def _simple_row(out: _Collector, text: str, a: int, b: int, cols: list[tuple[int, int]], row: int) -> None:
    for col, (x, _) in enumerate(cols):
        if a + x >= b:
            break
        _cell(out, a + x, b if col == len(cols) - 1 else min(b, a + cols[col + 1][0]), row, col)


def _cell(out: _Collector, a: int, b: int, row: int, col: int) -> None:
    """A table cell ``text[a:b]`` less its padding: prose, and a ``table_cell`` block."""
    text = out.text
    while a < b and text[a] in " \t":
        a += 1
    while b > a and text[b - 1] in " \t":
        b -= 1
    if a < b:
        _prose_line(out, a, b)
        out.blocks.append(Block("table_cell", a, b, 0, row, col))


def _prose_line(out: _Collector, a: int, b: int) -> None:
    """One line of inline reST: prose less literals, code roles, role names, link targets, URLs."""
    if a >= b:
        return
    text = out.text
    out.runs.append((a, b))
    for m in _LITERAL.finditer(text, a, b):
        out.cut.append(m.span())
        out.code.append(m.span())
    for m in _ROLE.finditer(text, a, b):
        if m.group(1).lower() in _CODE_ROLES:
            out.cut.append(m.span())
            out.code.append(m.span())
        else:
            out.cut.append((m.start(), m.start(2)))  # ":term:`"
            out.cut.append((m.end() - 1, m.end()))
            _cut_target(out, m.start(2), m.end(2))
    for m in _REFERENCE.finditer(text, a, b):
        if m.start() > a and text[m.start() - 1] in ":`":
            continue
        out.cut.append((m.start(), m.start() + 1))
        out.cut.append((m.end(1), m.end()))
        _cut_target(out, m.start(1), m.end(1))
    for m in _SUBST.finditer(text, a, b):
        out.cut.append(m.span())
    for x, y in find_mask(text[a:b]).regions:
        if "`" not in text[a + x : a + y]:  # backquotes are reST's and were handled above
            out.cut.append((a + x, a + y))


def _cut_target(out: _Collector, a: int, b: int) -> None:
    m = _TARGET_URL.search(out.text, a, b)
    if m:
        out.cut.append(m.span())
