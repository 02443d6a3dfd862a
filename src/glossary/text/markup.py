"""Regions of Markdown / HTML input that are never prose.

Fenced and inline code, maths, URLs, link targets and HTML tags can hold
brackets (``f(x)``, ``[text](https://…)``) that are not definitions.  Finding
them with a few linear regular-expression scans lets the extractor skip them
without changing a single offset of the text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from typing import Final

_URL_CHARS = r"[A-Za-z0-9\-._~:/?#@!$&*+,;=%\[\]]"

# (literals one of which must occur for the pattern to match, pattern); see _FINDERS
_PATTERNS: list[tuple[tuple[str, ...], re.Pattern[str]]] = [
    # indented code is too ambiguous in prose with leading spaces: not masked
    # display and inline maths
    (("$$",), re.compile(r"(?s)\$\$.+?\$\$")),
    # (the look-behind follows the "$", so the scan can jump from one "$" to the next)
    (("$",), re.compile(r"\$(?<![\\$]\$)(?!\s)[^$\n]{1,300}?(?<!\s)\$")),
    # inline code (one or two backticks)
    (("`",), re.compile(r"``[^`\n](?:[^\n]*?[^`\n])?``|`[^`\n]+`")),
    # Markdown link / image targets: the "(…)" right after "]"
    (("](",), re.compile(r"\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+\"[^\"\n]*\")?\)")),
    # HTML / XML tags and comments
    (("<",), re.compile(r"(?s)<!--.*?-->|</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]{0,500})?/?>")),
    # footnote labels [^1]
    (("[^",), re.compile(r"\[\^[^\]\n]{1,40}\]")),
    # MyST / Sphinx roles :numref:`x` are covered by inline code above
]

# Fenced code blocks and URLs have no leading literal a regex scan could jump to, so the
# engine would try them at every character; instead str.find locates the fences and the
# "://" / "www." of URLs, and the pattern is matched from there only.
# a fenced code block ``` or ~~~, to the closing fence or the end of the text
_FENCE: Final = re.compile(r"(?ms)[ \t]*(```|~~~)[^\n]*\n.*?(?:^[ \t]*\1[^\n]*$|\Z)")
# what follows a URL's scheme or "www.": ASCII only (a URL ends where Japanese text resumes),
# balanced parentheses stay inside
_URL_REST: Final = re.compile(_URL_CHARS + r"+(?:\(" + _URL_CHARS + r"*\)" + _URL_CHARS + r"*)*")
_INDENT: Final = re.compile(r"[ \t]*")
_SCHEMES: Final = ("https", "http", "ftp")  # before "://", in any case
_WWW: Final = ("www.", "WWW.", "Www.")


def _occurrences(text: str, literal: str) -> Iterator[int]:
    i = text.find(literal)
    while i >= 0:
        yield i
        i = text.find(literal, i + 1)


def _indent_end(text: str, pos: int) -> int:
    """Where the spaces and tabs starting at ``pos`` end."""
    m = _INDENT.match(text, pos)
    return m.end() if m else pos


def _fence_line_starts(text: str, fence: str) -> Iterator[int]:
    """Starts of the lines whose first visible characters are ``fence``, in one pass.

    Each stretch of text is searched for line breaks once, and each line's
    indentation measured once, so a line of a million backticks stays linear.
    """
    line_start = searched = 0
    opener = _indent_end(text, 0)  # where the first line's visible text starts
    for i in _occurrences(text, fence):
        nl = text.rfind("\n", searched, i)
        if nl >= 0:
            line_start = nl + 1
            opener = _indent_end(text, line_start)
        searched = i
        if i == opener:
            yield line_start


_Span = tuple[int, int]


def _matches_from(text: str, starts: list[_Span], pattern: re.Pattern[str]) -> list[_Span]:
    """Left to right, like ``finditer``: for each ``(region start, match from)``, in order,
    ``pattern`` matched at ``match from``; a start inside the region before is skipped."""
    found: list[tuple[int, int]] = []
    end = 0
    for a, at in sorted(starts):
        if a < end:
            continue  # inside the region before (a closing fence, a URL inside a URL)
        m = pattern.match(text, at)
        if m:
            found.append((a, m.end()))
            end = m.end()
    return found


def _fences(text: str) -> list[tuple[int, int]]:
    """Fenced code blocks: a fence that starts a line (after spaces or tabs) opens one."""
    opens = [(start, start) for fence in ("```", "~~~") for start in _fence_line_starts(text, fence)]
    return _matches_from(text, opens, _FENCE)


def _url_word_start(text: str, i: int) -> bool:
    """True when no ASCII letter, digit or underscore runs into ``text[i]`` (Japanese may)."""
    if i == 0:
        return True
    ch = text[i - 1]
    return not (ch.isascii() and (ch.isalnum() or ch == "_"))


def _urls(text: str) -> list[tuple[int, int]]:
    """Bare URLs: ``http(s)://`` or ``ftp://`` in any case, or ``www.``, then URL characters."""
    starts: list[tuple[int, int]] = []  # (URL start, where the characters after the scheme start)
    for i in _occurrences(text, "://"):
        for scheme in _SCHEMES:
            a = i - len(scheme)
            if a >= 0 and text[a:i].lower() == scheme:
                starts.append((a, i + 3))
                break
    for www in _WWW:
        starts.extend((i, i + 4) for i in _occurrences(text, www))
    return _matches_from(text, [s for s in starts if _url_word_start(text, s[0])], _URL_REST)


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The non-empty ``spans``, sorted, with those that overlap or touch joined.

    Here rather than in :mod:`glossary.text.formats`, which calls it for every parsed document:
    this module is compiled with the extractor (``setup.py``), that package is not.
    """
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if b <= a:
            continue
        if out and a <= out[-1][1]:
            last = out[-1]
            if b > last[1]:
                out[-1] = (last[0], b)
        else:
            out.append((a, b))
    return out


def span_gaps(spans: list[tuple[int, int]], n: int) -> list[tuple[int, int]]:
    """What of ``[0, n)`` the sorted ``spans`` leave uncovered (compiled, see :func:`merge_spans`)."""
    out: list[tuple[int, int]] = []
    pos = 0
    for a, b in spans:
        if a > pos:
            out.append((pos, a))
        if b > pos:
            pos = b
    if pos < n:
        out.append((pos, n))
    return out


class Mask:
    """Sorted, merged ``(start, end)`` regions with O(log n) membership tests."""

    def __init__(self, regions: list[tuple[int, int]]) -> None:
        # (an empty region masks nothing: kept, it would answer "overlaps" for the spans around it)
        merged = merge_spans(regions)
        self.regions = merged
        self._starts = [r[0] for r in merged]

    def covers(self, pos: int) -> bool:
        """True when ``pos`` lies inside a masked region."""
        i = bisect.bisect_right(self._starts, pos) - 1
        return i >= 0 and self.regions[i][0] <= pos < self.regions[i][1]

    def overlaps(self, start: int, end: int) -> bool:
        """True when any masked region meets ``[start, end)``."""
        i = bisect.bisect_right(self._starts, end - 1) - 1
        return i >= 0 and self.regions[i][1] > start

    def region_start(self, pos: int) -> int:
        """Start of the masked region that holds ``pos`` (``pos`` itself when none does)."""
        i = bisect.bisect_right(self._starts, pos) - 1
        return self.regions[i][0] if i >= 0 and pos < self.regions[i][1] else pos

    def last_end_before(self, pos: int) -> int:
        """End of the last masked region that ends at or before ``pos`` (else 0)."""
        i = bisect.bisect_right(self._starts, pos) - 1
        while i >= 0:
            if self.regions[i][1] <= pos:
                return self.regions[i][1]
            i -= 1
        return 0


def _has(text: str, literal: str) -> bool:
    """``literal in text``, its first character looked for first (a single-character search
    is several times faster on Japanese text, and most of these characters are rare in prose)."""
    return literal[0] in text and literal in text


def _scanner(pattern: re.Pattern[str]) -> Callable[[str], list[tuple[int, int]]]:
    def scan(text: str) -> list[tuple[int, int]]:
        return [m.span() for m in pattern.finditer(text) if m.end() > m.start()]

    return scan


# (literals one of which must occur, finder): a finder none of whose literals is in a document
# never runs, so plain prose pays for a few substring tests only
_FINDERS: list[tuple[tuple[str, ...], Callable[[str], list[tuple[int, int]]]]] = [
    (("```", "~~~"), _fences),
    (("://", "ww.", "WW."), _urls),
    *((literals, _scanner(pattern)) for literals, pattern in _PATTERNS),
]


def find_mask(text: str) -> Mask:
    """Mask every non-prose region of ``text``."""
    regions: list[tuple[int, int]] = []
    for literals, finder in _FINDERS:
        if any(_has(text, lit) for lit in literals):
            regions.extend(finder(text))
    return Mask(regions)
