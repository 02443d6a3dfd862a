"""HTML read with the standard library's ``html.parser``: text between tags is prose.

Tags, character references, ``script`` / ``style`` / ``pre`` / ``code`` / ``textarea`` elements
and processing instructions are masked; the inside of a comment is prose.  The parser reports each
construct's line and column, which are turned back into offsets of the original text.
"""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Final

from glossary.text.formats import Block

__all__ = ["html_events"]

# elements whose content is not prose
_LITERAL: Final = frozenset(
    {"script", "style", "pre", "code", "textarea", "kbd", "samp", "var", "math", "svg"}
)
_HEADINGS: Final = {f"h{i}": i for i in range(1, 7)}
_BLOCKS: Final = {"p": "paragraph", "li": "list_item", "dt": "list_item", "dd": "list_item",
                  "blockquote": "blockquote", "td": "table_cell", "th": "table_cell",
                  "caption": "paragraph", "figcaption": "paragraph"}  # fmt: skip
_VOID: Final = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)

# (kind, start, end, block or None); kind: "text", "comment", "code", "block"
Event = tuple[str, int, int, Block | None]


class _Scanner(HTMLParser):
    def __init__(self, text: str, offset: int) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self.base = offset
        self.line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
        self.marks: list[tuple[str, int]] = []  # (kind, start) of every construct, in order
        self.literal = 0  # depth inside elements whose content is code
        self.open: list[tuple[str, int]] = []  # (tag, where its content starts)
        self.rows: list[list[int]] = []  # per open table: [row, col]
        self.blocks: list[Block] = []

    def _pos(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _tag_end(self, start: int) -> int:
        end = self.text.find(">", start)
        return len(self.text) if end < 0 else end + 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._pos()
        self.marks.append(("tag", start))
        if tag in _VOID:
            return
        if tag in _LITERAL:
            if self.literal == 0:
                self.marks.append(("code", self._tag_end(start)))
            self.literal += 1
        if tag == "table":
            self.rows.append([-1, -1])
        elif tag == "tr" and self.rows:
            self.rows[-1][0] += 1
            self.rows[-1][1] = -1
        elif tag in ("td", "th") and self.rows:
            self.rows[-1][1] += 1
        self.open.append((tag, self._tag_end(start)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.marks.append(("tag", self._pos()))

    def handle_endtag(self, tag: str) -> None:
        start = self._pos()
        if tag in _LITERAL and self.literal > 0:
            self.literal -= 1
        self.marks.append(("tag", start))
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] != tag:
                continue
            content = self.open[i][1]
            del self.open[i:]
            kind = "heading" if tag in _HEADINGS else _BLOCKS.get(tag)
            if kind is not None and content < start:
                row, col = self.rows[-1] if kind == "table_cell" and self.rows else (-1, -1)
                self.blocks.append(
                    Block(kind, self.base + content, self.base + start, _HEADINGS.get(tag, 0), row, col)
                )
            if tag == "table" and self.rows:
                self.rows.pop()
            break

    def handle_data(self, data: str) -> None:
        self.marks.append(("code" if self.literal else "text", self._pos()))

    def handle_entityref(self, name: str) -> None:
        self.marks.append(("ref", self._pos()))

    def handle_charref(self, name: str) -> None:
        self.marks.append(("ref", self._pos()))

    def handle_comment(self, data: str) -> None:
        self.marks.append(("comment", self._pos()))

    def handle_decl(self, decl: str) -> None:
        self.marks.append(("tag", self._pos()))

    def handle_pi(self, data: str) -> None:
        self.marks.append(("tag", self._pos()))

    def unknown_decl(self, data: str) -> None:
        self.marks.append(("tag", self._pos()))

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        """``<![…`` other than CDATA and the IE conditionals is a bogus comment up to the next ``>``.

        That is how HTML reads it; Python 3.11's parser raises AssertionError instead, so a stray
        ``<![`` in a document (``<!--<![x](y)]`` in Markdown) would stop the whole extraction.
        """
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            end = self.rawdata.find(">", i + 3)
            if end < 0:
                return -1  # not closed: the parser waits for more, or reads the rest as text at close()
            self.unknown_decl(self.rawdata[i + 3 : end])
            return end + 1


def html_events(text: str, start: int, end: int) -> Iterator[Event]:
    """What each stretch of the HTML ``text[start:end]`` is, in order, with absolute offsets."""
    chunk = text[start:end]
    scanner = _Scanner(chunk, start)
    scanner.feed(chunk)
    scanner.close()
    marks = scanner.marks
    # a construct reaches to where the next one starts (the parser reports starts only)
    starts = [p for _, p in marks] + [len(chunk)]
    for i, (kind, pos) in enumerate(marks):
        stop = starts[i + 1]
        if stop <= pos:
            continue
        if kind in ("text", "code"):
            yield kind, start + pos, start + stop, None
        elif kind == "comment":
            close = chunk.find("-->", pos)
            yield "comment", start + pos, start + (close + 3 if close >= 0 else stop), None
    for block in scanner.blocks:
        yield "block", block.start, block.end, block
