"""CommonMark, GitHub tables, front matter, dollar maths, footnotes and MyST directives.

``markdown-it-py`` finds the blocks (its source map gives each block's lines); the inline content of
a block is a literal stretch of those lines, so its offsets are found exactly, and the inline marks
that are not prose -- code spans, inline maths, link targets, autolinks, tags, escapes -- are masked
inside that stretch only, where a stray backtick or ``$`` cannot reach into another block.

Prose that markup hides is still read: a MyST directive whose body is Markdown (``{note}``,
``{list-table}``) is parsed again, and so is the inside of an HTML comment (translated manuals keep
their English source there; code inside the comment is still code).
"""

from __future__ import annotations

import re
import threading
from typing import TYPE_CHECKING, Any, Final

from glossary.text.formats import Block, Layout
from glossary.text.markup import find_mask

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

__all__ = ["parse_markdown"]

# MyST directives whose body is code, maths or data rather than Markdown
_LITERAL_DIRECTIVES: Final = frozenset(
    {
        "code", "code-block", "code-cell", "sourcecode", "literalinclude", "math", "raw", "csv-table",
        "mermaid", "graphviz", "plantuml", "jupyter-execute", "ipython", "eval-rst", "highlight",
        "parsed-literal", "doctest", "testcode", "testoutput", "exec", "include", "toctree", "image",
        "figure-md", "glue", "bibliography", "automodule", "autoclass", "autofunction",
    }
)  # fmt: skip
_DIRECTIVE: Final = re.compile(r"\{([A-Za-z][\w:.-]*)\}")
_OPTION_LINE: Final = re.compile(r"[ \t]*:[\w-]+:")
_LINE_BREAK: Final = re.compile(r"\r\n|\r|\n")
# a backslash escape: the backslash is markup, the character after it is text
_ESCAPE: Final = re.compile(r"\\(?=[!-/:-@\[-`{-~])")
# heading attributes and ids: ``## 見出し {#anchor .class}``
_HEADING_ATTRS: Final = re.compile(r"[ \t]*\{[#.][^{}\n]*\}[ \t]*$")
_LINK_TEXT: Final = re.compile(r"\[[^\[\]\n]*\](?=[(\[])")  # an image's "!" is checked before it
_TEX_MATHS: Final = re.compile(r"(?s)(\\\\?)\((.+?)\1\)|(\\\\?)\[(.+?)\3\]")
# characters without which none of the inline marks below can occur (see _has_inline_mark)
_INLINE_MARK: Final = re.compile(r"[`$<\[\]\\]")
_WWW: Final = re.compile(r"[wW]{3}\.")
_COMMENT: Final = re.compile(r"<!--(.*?)-->", re.DOTALL)
_MAX_DEPTH: Final = 4
_new: Final[Any] = object.__new__


def _block(kind: str, start: int, end: int, level: int = 0, row: int = -1, col: int = -1) -> Block:
    """``Block(kind, start, end, level, row, col)`` without the frozen dataclass's ``__init__``.

    That ``__init__`` sets each field through ``object.__setattr__``: twice the cost of filling the
    instance's ``__dict__`` at once, and a document of prose makes a block per paragraph.  The record is
    the same (same ``__dict__``, in field order; ``tests/text/test_formats.py`` checks).
    """
    b: Any = _new(Block)
    b.__dict__.update(kind=kind, start=start, end=end, level=level, row=row, col=col)
    block: Block = b
    return block


_parser: MarkdownIt | None = None
_lock = threading.Lock()


def _markdown() -> MarkdownIt:
    """One parser for the process: block rules only (inline marks are found by the masks below)."""
    global _parser
    with _lock:
        if _parser is None:
            from markdown_it import MarkdownIt
            from mdit_py_plugins.dollarmath import dollarmath_plugin
            from mdit_py_plugins.footnote import footnote_plugin

            md = MarkdownIt("commonmark").enable("table")
            # front matter is found by _front_matter: the plugin also fires inside a first list item
            md.use(dollarmath_plugin).use(footnote_plugin)
            md.disable(["inline", "text_join", "footnote_tail"], ignoreInvalid=True)
            _parser = md
        return _parser


def parse_markdown(text: str) -> Layout:
    """The prose runs and blocks of a Markdown document.

    The parser runs only where it is needed: the document is cut at the blank lines after which
    a new top-level block must start (no fence, HTML block, maths block or front matter open, the
    next line not indented), and a section none of whose lines can open anything but a paragraph
    (no marker, no indentation, no ``<``) is read as paragraphs directly, and so is a section that
    is one ATX heading (``## 見出し``) and blank lines.  CommonMark gives both paths the same prose;
    plain Japanese prose and headings, the bulk of most documents, skip the parser.
    """
    out = _Collector(text)
    if "\r" not in text and _ANY_BLOCK_START.match(text) is None and _NEXT_BLOCK_START.search(text) is None:
        out.paragraphs(0, len(text))  # nothing but paragraphs: no line to look at one by one
        return out.layout("markdown")
    lines = _line_spans(text, 0)
    body = _front_matter(text, lines)
    if body:
        title = _front_matter_title(text, lines, body)
        if title is not None:
            out.block_runs("heading", 1, [title], -1, -1, 0)
    for first, last, kind in _sections(text, lines, body):
        if kind == _PLAIN:
            out.paragraphs(lines[first][0], lines[last - 1][1])
        elif kind == _LIST:
            out.list_items(lines, first, last)
        elif not out.atx_headings(lines[first:last]):
            out.markdown(lines[first][0], lines[last - 1][1], 0, lines[first:last])
    return out.layout("markdown")


# what a line may start with (after up to three spaces) for it to open anything but a paragraph:
# ATX and setext headings, block quotes, list items, rules, tables, fences, HTML, maths, link
# reference definitions and footnotes, MyST directive options; and any indentation of four or more
_BLOCK_START: Final = re.compile(r"[ ]{0,3}(?:[#>*+=_|`~<$\[:-]|\d{1,9}[.)](?:[ \t]|$))|[ ]{0,3}\t|[ ]{4}")
_ANY_BLOCK_START: Final = re.compile("(?m)^(?:" + _BLOCK_START.pattern + ")")
# an ATX heading line as markdown-it reads one (indented by spaces only, so never a code block)
_ATX: Final = re.compile(r"[ ]{0,3}(#{1,6})(?=[ \t]|\Z)")
# the same after a newline: a search that starts with a literal skips to each newline (5x faster)
_NEXT_BLOCK_START: Final = re.compile("(?m)\n(?:" + _BLOCK_START.pattern + ")")
# a blank line between paragraphs (CR LF, CR and LF breaks alike)
_BLANK_LINES: Final = re.compile(r"(?:\r\n|\r|\n)(?:[ \t]*(?:\r\n|\r|\n))+")
_BLANK_LINES_LF: Final = re.compile(r"\n(?:[ \t]*\n)+")  # the same in a text without CR: 4x faster
_FENCE_OPEN: Final = re.compile(r"[ ]{0,3}(`{3,}|~{3,})")
_HTML_RAW: Final = re.compile(
    r"[ ]{0,3}<(?:(script|pre|style|textarea)\b|(!--)|(\?)|(![A-Za-z])|(!\[CDATA\[))", re.I
)
_HTML_END: Final = ("", "</{}>", "-->", "?>", ">", "]]>")


def _front_matter(text: str, lines: list[tuple[int, int]]) -> int:
    """The first line after YAML / TOML front matter (0 when there is none).

    Front matter opens the document with ``---`` (or ``+++``) and closes with the same line
    (``...`` also closes YAML); unclosed, the first line is a thematic break.
    """
    first = text[lines[0][0] : lines[0][1]].rstrip()
    if first not in ("---", "+++"):
        return 0
    for i in range(1, len(lines)):
        line = text[lines[i][0] : lines[i][1]].rstrip()
        if line == first or (first == "---" and line == "..."):
            return i + 1
    return 0


# the title key of YAML (title: X) or TOML (title = "X") front matter at the margin, and its value
_TITLE_KEY: Final = re.compile(r"title[ \t]*:(?=[ \t]|$)|title[ \t]*=")
_YAML_COMMENT: Final = re.compile(r"[ \t]#")


def _front_matter_title(text: str, lines: list[tuple[int, int]], body: int) -> tuple[int, int] | None:
    """The span of the title in front matter that closes before line ``body``, or None.

    The title is the document's heading as a site generator renders it, and is read as one; its
    span is the value written on the key's line, inside its quotes (escapes are left as written).
    A block scalar (``title: |``), a flow value and every other key stay masked.
    """
    for i in range(1, body - 1):
        a, b = lines[i]
        m = _TITLE_KEY.match(text, a, b)
        if m is None:
            continue
        x = m.end()
        while x < b and text[x] in " \t":
            x += 1
        y = b
        while y > x and text[y - 1] in " \t\r":
            y -= 1
        if x >= y:
            return None
        quote = text[x]
        if quote in "'\"":
            close = text.find(quote, x + 1, y)
            if close < 0:
                return None
            x, y = x + 1, close
        elif quote in "|>[{&*!%@`#":
            return None
        else:
            comment = _YAML_COMMENT.search(text, x, y)
            if comment is not None:
                y = comment.start()
        while x < y and text[x] in " \t":
            x += 1
        while y > x and text[y - 1] in " \t":
            y -= 1
        return (x, y) if x < y else None
    return None


# what a section of the document is (see _sections)
_PLAIN: Final = 0  # paragraphs only
_HEADING: Final = 1  # one ATX heading, then blank lines
_LIST: Final = 2  # a tight list of one-line items, each a paragraph of text (no nested block)
_MARKUP: Final = 3  # anything else: markdown-it reads it
# a list item at the margin whose text follows its marker after one space
_LIST_ITEM: Final = re.compile(r"(?:([-*+])|\d{1,9}([.)])) (?=\S)")
# an item's text that starts like a block but cannot open one there: strong emphasis (not a rule or an
# item), inline code or maths (not a fence or a maths block), a link, a table row without a delimiter row
_INLINE_START: Final = re.compile(r"(?:\*\*|__)[^*_\s]|`(?!``)|~(?!~~)|\$(?!\$)|\||\[")


def _list_marker(line: str) -> str:
    """The marker of a one-line list item that can hold nothing but a paragraph ("" otherwise)."""
    m = _LIST_ITEM.match(line)
    if m is None or "\0" in line:
        return ""
    if _BLOCK_START.match(line, m.end()) is not None and _INLINE_START.match(line, m.end()) is None:
        return ""
    if line.startswith("[", m.end()) and "]:" in line:
        return ""  # a link reference definition or a footnote
    return m.group(1) or m.group(2)


def _sections(text: str, lines: list[tuple[int, int]], start: int = 0) -> list[tuple[int, int, int]]:
    """``(first line, end line, kind)`` stretches of the document, in order (kind: _PLAIN, _HEADING, _MARKUP).

    A stretch ends before a non-blank, non-indented line that follows a blank line while no
    multi-line construct (fence, raw HTML block, maths block, front matter) is open.  Adjacent
    stretches that need the parser are joined, so it runs once per stretch of markup; a heading
    or a list right after such a stretch joins it too.
    """
    out: list[tuple[int, int, int]] = []
    plain = True
    heading = False  # the stretch so far is an ATX heading line and blank lines
    marker = ""  # ... or one-line items of one list, each with this marker, and blank lines
    closer: str | None = None  # what closes the open multi-line construct
    blank_before = odd_blank = False
    for i in range(start, len(lines)):
        a, b = lines[i]
        line = text[a:b]
        if closer is not None:
            if _closes(line, closer):
                closer = None
            blank_before = False
            continue
        if not line.strip():
            blank_before = True
            if line.strip(" \t"):
                # blank to the cut, not to markdown-it (U+3000): it decides about both sides
                heading, marker, odd_blank = False, "", True
            continue
        if blank_before and i > start and not line[0].isspace():
            out.append((start, i, _kind_of(plain, heading, marker)))
            start, plain = i, True
            heading, marker = (False, "") if odd_blank else _opening(line)
        elif i > start:
            heading = False
            if marker and (blank_before or _list_marker(line) != marker):
                marker = ""
        else:
            heading, marker = _opening(line)
        blank_before = odd_blank = False
        if _BLOCK_START.match(line):
            plain = False
            closer = _opens(line)
    if start < len(lines):
        out.append((start, len(lines), _kind_of(plain, heading, marker)))
    merged: list[tuple[int, int, int]] = []
    for first, last, kind in out:
        if merged and merged[-1][2] == _MARKUP and kind != _PLAIN:
            # after markup, markdown-it reads on: an unclosed construct inside a container (a $$ or
            # <!-- in a list item) runs past the cut, and the parser alone sees where it ends
            merged[-1] = (merged[-1][0], last, _MARKUP)
        else:
            merged.append((first, last, kind))
    return merged


def _opening(line: str) -> tuple[bool, str]:
    """Whether the first line of a section is an ATX heading, and its list marker if it is a list item."""
    return _ATX.match(line) is not None and "\0" not in line, _list_marker(line)


def _kind_of(plain: bool, heading: bool, marker: str) -> int:
    return _PLAIN if plain else _HEADING if heading else _LIST if marker else _MARKUP


def _opens(line: str) -> str | None:
    """What closes the multi-line construct ``line`` opens (None: it opens none)."""
    m = _FENCE_OPEN.match(line)
    if m:
        run = m.group(1)
        if run[0] == "`" and "`" in line[m.end() :]:
            return None  # backticks in the info string: not a fence
        return run
    if line.lstrip(" ").startswith("$$"):
        rest = line.strip()[2:]
        return None if rest.endswith("$$") else "$$"
    h = _HTML_RAW.match(line)
    if h:
        kind = next(k for k in range(1, 6) if h.group(k))
        end = _HTML_END[kind].format(h.group(1).lower()) if kind == 1 else _HTML_END[kind]
        # the end may overlap the opener: "<!-->" is a whole comment
        return None if end.lower() in line[h.start() + 2 :].lower() else "html:" + end
    return None


def _closes(line: str, closer: str) -> bool:
    if closer.startswith("html:"):
        return closer[5:].lower() in line.lower()
    if closer == "$$":
        return line.rstrip().endswith("$$")
    stripped = line.lstrip(" ")
    return (
        len(line) - len(stripped) <= 3
        and stripped.startswith(closer)
        and not stripped.rstrip().strip(closer[0])
    )


class _Collector:
    """Gathers prose runs, blocks, code and masked marks while the document is walked."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lf_only = "\r" not in text
        self.runs: list[tuple[int, int]] = []
        self.cut: list[tuple[int, int]] = []  # marks inside runs that are not prose
        self.code: list[tuple[int, int]] = []
        self.blocks: list[Block] = []
        self._cell_end: dict[int, int] = {}  # row line start -> end of the last cell found on it

    def layout(self, markup: str) -> Layout:
        return Layout(self.text, markup, _subtract(self.runs, self.cut), self.blocks, sorted(self.code))

    # --- Markdown -------------------------------------------------------------------------------

    def tex_maths(self, a: int, b: int) -> None:
        """TeX maths written for MathJax in a paragraph: ``\\( \\)`` and ``\\[ \\]`` (in Markdown
        source often doubled, ``\\\\(``), which may span its lines."""
        if self.text.find("\\", a, b) >= 0:  # no copy of the stretch
            self.cut.extend(m.span() for m in _TEX_MATHS.finditer(self.text, a, b))

    def paragraphs(self, a: int, b: int) -> None:
        """``text[a:b]``, lines that can only be paragraphs (see :func:`_sections`): one run,
        its inline marks found in one pass, a paragraph block between blank lines."""
        self.prose(a, b, 0)
        pos = a
        blank_lines = _BLANK_LINES_LF if self.lf_only else _BLANK_LINES
        for m in blank_lines.finditer(self.text, a, b):
            self._paragraph(pos, m.start())
            pos = m.end()
        self._paragraph(pos, b)

    def _paragraph(self, a: int, b: int) -> None:
        while a < b and self.text[a] in " \t\r\n":
            a += 1
        while b > a and self.text[b - 1] in " \t\r\n":
            b -= 1
        if a < b:
            self.blocks.append(_block("paragraph", a, b))
            self.tex_maths(a, b)

    def markdown(self, start: int, end: int, depth: int, lines: list[tuple[int, int]] | None = None) -> None:
        """Walk the Markdown source ``text[start:end]`` (a whole document or a nested body); ``lines``
        are its line spans when the caller has them."""
        source = self.text[start:end]
        if lines is None:
            lines = _line_spans(source, start)
        tokens = _markdown().parse(source)
        context: list[Token] = []
        row = col = -1
        for tk in tokens:
            if tk.nesting == 1:
                context.append(tk)
                if tk.type == "tr_open":
                    row, col = row + 1, -1
                elif tk.type in ("th_open", "td_open"):
                    col += 1
                elif tk.type == "table_open":
                    row = -1
                continue
            if tk.nesting == -1:
                if context:
                    context.pop()
                continue
            if tk.map is None:
                continue
            first, last = tk.map[0], tk.map[1]
            if tk.type == "inline":
                self.inline(tk, lines, first, last, context, row, col, depth)
            elif tk.type == "fence":
                self.fence(tk, lines, first, last, depth)
            elif tk.type == "html_block":
                a, b = _span(lines, first, last)
                self.html(a, b, depth, markdown_comments=True)
            elif tk.type == "code_block":
                self.code.append(_span(lines, first, last))
            # front matter, maths blocks, rules, link reference definitions: nothing is prose

    def inline(
        self,
        tk: Token,
        lines: list[tuple[int, int]],
        first: int,
        last: int,
        context: list[Token],
        row: int,
        col: int,
        depth: int,
    ) -> None:
        kind, level = _kind(context)
        self.content(tk.content, kind, level, lines, first, last, row, col, depth)

    def atx_headings(self, lines: list[tuple[int, int]]) -> bool:
        """Read a stretch of ATX headings and blank lines without the parser; False (nothing read)
        for any other stretch.

        A heading between paragraphs is a stretch of its own (see :func:`_sections`), and the
        parser's fixed cost per call was most of the time of a document with headings.  The
        heading's text is what markdown-it's heading rule gives (closing ``#`` run and spaces cut);
        a heading whose text would start or end with other white space is left to the parser,
        whose trimming of it differs between its versions.
        """
        text = self.text
        found: list[tuple[int, int, int, str]] = []
        for a, b in lines:
            line = text[a:b]
            if not line.strip(" \t"):
                continue
            m = _ATX.match(line)
            if m is None or "\r" in line or "\0" in line:
                return False
            pos, end = m.end(), len(line)
            while end > pos and line[end - 1] in " \t":
                end -= 1
            tail = end
            while tail > pos and line[tail - 1] == "#":
                tail -= 1
            if tail > pos and line[tail - 1] in " \t":
                end = tail
            content = line[pos:end].strip(" \t")
            if content and (content[0].isspace() or content[-1].isspace()):
                return False
            found.append((a, b, len(m.group(1)), content))
        for a, b, level, content in found:
            if content:
                x = text.find(content, a, b)
                self.block_runs("heading", level, [(x, x + len(content))], -1, -1, 0)
        return True

    def list_items(self, lines: list[tuple[int, int]], first: int, last: int) -> None:
        """Lines ``first`` to ``last - 1``: one-line items of a tight list (see :func:`_list_marker`)
        and blank lines, read as markdown-it reads them: each item's text is a paragraph."""
        for i in range(first, last):
            a, b = lines[i]
            m = _LIST_ITEM.match(self.text, a, b)
            if m is not None:
                self.content(self.text[m.end() : b].strip(), "list_item", 1, lines, i, i + 1, -1, -1, 0)

    def content(
        self,
        content: str,
        kind: str,
        level: int,
        lines: list[tuple[int, int]],
        first: int,
        last: int,
        row: int,
        col: int,
        depth: int,
    ) -> None:
        """An inline token's ``content``, which markdown-it found on lines ``first`` to ``last - 1``."""
        runs: list[tuple[int, int]] = []
        if kind == "table_cell":
            if not content:
                return
            if first >= len(lines):
                return
            a, b = lines[first]
            pos = self.text.find(content, self._cell_end.get(a, a), b)
            if pos < 0:
                return
            runs.append((pos, pos + len(content)))
            self._cell_end[a] = pos + len(content)
        else:
            for j, piece in enumerate(content.split("\n")):
                if not piece or first + j >= min(last, len(lines)):
                    continue
                a, b = lines[first + j]
                pos = self.text.find(piece, a, b)
                if pos < 0:
                    piece = piece.strip()
                    pos = self.text.find(piece, a, b) if piece else -1
                if pos >= 0:
                    runs.append((pos, pos + len(piece)))
        if kind != "table_cell":
            row = col = -1
        self.block_runs(kind, level, runs, row, col, depth)

    def block_runs(
        self, kind: str, level: int, runs: list[tuple[int, int]], row: int, col: int, depth: int
    ) -> None:
        """The prose ``runs`` of one block's inline content, and the block."""
        if not runs:
            return
        if kind == "heading":
            a, b = runs[-1]
            m = _HEADING_ATTRS.search(self.text, a, b)
            if m:
                runs[-1] = (a, m.start())
        for a, b in runs:
            self.prose(a, b, depth)
        self.tex_maths(runs[0][0], runs[-1][1])
        self.blocks.append(_block(kind, runs[0][0], runs[-1][1], level, row, col))

    def fence(self, tk: Token, lines: list[tuple[int, int]], first: int, last: int, depth: int) -> None:
        whole = _span(lines, first, last)
        m = _DIRECTIVE.match(tk.info.strip())
        if m is None or m.group(1).lower() in _LITERAL_DIRECTIVES or depth >= _MAX_DEPTH:
            self.code.append(whole)
            return
        # a MyST directive with a Markdown body: skip its options, read the body
        body_first, body_last = first + 1, last
        closing = lines[last - 1] if last - 1 > first and last - 1 < len(lines) else None
        if closing is not None and self.text[closing[0] : closing[1]].strip().startswith(tk.markup):
            body_last = last - 1
        while body_first < body_last and _OPTION_LINE.match(self.text, *lines[body_first]):
            body_first += 1
        if body_first < body_last:
            a, b = _span(lines, body_first, body_last)
            self.markdown(a, b, depth + 1)

    def prose(self, a: int, b: int, depth: int) -> None:
        """Inline content ``text[a:b]``: prose, less its inline marks; comments are read inside."""
        if self.text.find("<!--", a, b) < 0:
            self._inline_marks(a, b)  # no comment can match: most prose
            return
        pos = a
        for m in _COMMENT.finditer(self.text, a, b):
            self._inline_marks(pos, m.start())
            self.comment(m.start(), m.end(), depth, markdown=True)
            pos = m.end()
        self._inline_marks(pos, b)

    def _inline_marks(self, a: int, b: int) -> None:
        if a >= b:
            return
        self.runs.append((a, b))
        if not _has_inline_mark(self.text, a, b):
            return  # most lines of prose hold no inline markup at all
        chunk = self.text[a:b]
        for x, y in find_mask(chunk).regions:
            self.cut.append((a + x, a + y))
            if "`" in chunk[x:y]:
                self.code.append((a + x, a + y))
        if "[" in chunk:
            # the brackets of a link's text ("[text](target)", "[text][label]") are markup
            for m in _LINK_TEXT.finditer(chunk):
                image = m.start() > 0 and chunk[m.start() - 1] == "!"
                opener = a + m.start() - (1 if image else 0)
                self.cut.append((opener, opener + (2 if image else 1)))
                self.cut.append((a + m.end() - 1, a + m.end()))
        if "\\" in chunk:
            self.cut.extend((a + m.start(), a + m.start() + 1) for m in _ESCAPE.finditer(chunk))

    def comment(self, a: int, b: int, depth: int, markdown: bool) -> None:
        """``<!-- ... -->`` at ``text[a:b]``: the delimiters are markup, the inside is prose."""
        inner_a, inner_b = a + 4, b - 3
        if inner_a >= inner_b or depth >= _MAX_DEPTH:
            return
        if markdown:
            self.markdown(inner_a, inner_b, depth + 1)
        else:
            self._inline_marks(inner_a, inner_b)
        self.blocks.append(_block("comment", inner_a, inner_b))

    def html(self, a: int, b: int, depth: int, markdown_comments: bool) -> None:
        """Raw HTML ``text[a:b]``: text between tags is prose, except inside code-like elements."""
        from glossary.text.formats.html import html_events

        for kind, x, y, info in html_events(self.text, a, b):
            if kind == "text":
                self.prose_plain(x, y)
            elif kind == "comment":
                self.comment(x, y, depth, markdown_comments)
            elif kind == "code":
                self.code.append((x, y))
            elif kind == "block" and info is not None:
                self.blocks.append(info)

    def prose_plain(self, a: int, b: int) -> None:
        self._inline_marks(a, b)


def _has_inline_mark(text: str, a: int, b: int) -> bool:
    """Whether ``text[a:b]`` holds a character or string without which no inline mark can occur
    (one regex with ``://`` and ``www.`` as alternatives tests every character: 5x slower)."""
    if _INLINE_MARK.search(text, a, b) is not None or text.find("://", a, b) >= 0:
        return True
    # www.: found by its dot (rare in Japanese prose; one regex for [wW]{3} tests every character)
    dot = text.find(".", a + 3, b)
    while dot >= 0:
        if _WWW.match(text, dot - 3, b):
            return True
        dot = text.find(".", dot + 1, b)
    return False


def _kind(context: list[Any]) -> tuple[str, int]:
    """The block an inline token sits in, innermost container first."""
    inward = range(len(context) - 1, -1, -1)  # not reversed(): mypyc cannot compile it over list[Any]
    for i in inward:
        tk = context[i]
        t = tk.type
        if t in ("th_open", "td_open"):
            return "table_cell", 0
        if t == "heading_open":
            return "heading", int(tk.tag[1:]) if tk.tag[1:].isdigit() else 1
    for i in inward:
        t = context[i].type
        if t == "list_item_open":
            return "list_item", sum(1 for c in context if c.type == "list_item_open")
        if t == "blockquote_open":
            return "blockquote", 0
        if t == "footnote_reference_open":
            return "footnote", 0
    return "paragraph", 0


def _line_spans(source: str, offset: int) -> list[tuple[int, int]]:
    """``(start, end)`` of each line of ``source`` (breaks excluded), shifted by ``offset``.

    The breaks are the ones markdown-it counts: CR LF, CR alone, LF.  A text without CR is cut at
    each LF found with ``str.find`` (the regex tests every character: 3x slower).
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    if "\r" not in source:
        i = source.find("\n")
        while i >= 0:
            spans.append((offset + pos, offset + i))
            pos = i + 1
            i = source.find("\n", pos)
        spans.append((offset + pos, offset + len(source)))
        return spans
    for m in _LINE_BREAK.finditer(source):
        spans.append((offset + pos, offset + m.start()))
        pos = m.end()
    spans.append((offset + pos, offset + len(source)))
    return spans


def _span(lines: list[tuple[int, int]], first: int, last: int) -> tuple[int, int]:
    """From the start of line ``first`` to the end of line ``last - 1``."""
    if not lines:
        return 0, 0
    first = min(first, len(lines) - 1)
    last = max(first + 1, min(last, len(lines)))
    return lines[first][0], lines[last - 1][1]


def _subtract(runs: list[tuple[int, int]], cut: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``runs`` less every region of ``cut`` (both lists of ``(start, end)``)."""
    if not cut:
        return runs
    cut = sorted(cut)
    out: list[tuple[int, int]] = []
    i = 0
    for a, b in sorted(runs):
        while i < len(cut) and cut[i][1] <= a:
            i += 1
        pos = a
        j = i
        while j < len(cut) and cut[j][0] < b:
            x, y = cut[j]
            if x > pos:
                out.append((pos, x))
            pos = max(pos, y)
            j += 1
        if pos < b:
            out.append((pos, b))
    return out
