"""Regions of Markdown / HTML input that are never prose.

Fenced and inline code, maths, URLs, link targets and HTML tags can hold
brackets (``f(x)``, ``[text](https://…)``) that are not definitions.  Finding
them with a few linear regular-expression scans lets the extractor skip them
without changing a single offset of the text.
"""

from __future__ import annotations

import bisect
import re

_URL_CHARS = r"[A-Za-z0-9\-._~:/?#@!$&*+,;=%\[\]]"

# (literals one of which must occur for the pattern to match, pattern): a pattern none of whose
# literals is in a document is never run, so plain prose pays for a few substring tests only
_PATTERNS: list[tuple[tuple[str, ...], re.Pattern[str]]] = [
    # fenced code blocks ``` or ~~~ (to the closing fence or the end of text)
    (("```", "~~~"), re.compile(r"(?ms)^[ \t]*(```|~~~)[^\n]*\n.*?(?:^[ \t]*\1[^\n]*$|\Z)")),
    # indented code is too ambiguous in prose with leading spaces: not masked
    # display and inline maths
    (("$$",), re.compile(r"(?s)\$\$.+?\$\$")),
    # (the look-behind follows the "$", so the scan can jump from one "$" to the next)
    (("$",), re.compile(r"\$(?<![\\$]\$)(?!\s)[^$\n]{1,300}?(?<!\s)\$")),
    # inline code (one or two backticks)
    (("`",), re.compile(r"``[^`\n](?:[^\n]*?[^`\n])?``|`[^`\n]+`")),
    # Markdown link / image targets: the "(…)" right after "]"
    (("](",), re.compile(r"\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+\"[^\"\n]*\")?\)")),
    # bare URLs (ASCII only: a URL ends where Japanese text resumes; balanced parentheses stay inside)
    (
        ("://", "www.", "WWW."),
        re.compile(
            r"(?i)\b(?:(?:https?|ftp)://|www\.)"
            + _URL_CHARS
            + r"+(?:\("
            + _URL_CHARS
            + r"*\)"
            + _URL_CHARS
            + r"*)*"
        ),
    ),
    # HTML / XML tags and comments
    (("<",), re.compile(r"(?s)<!--.*?-->|</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]{0,500})?/?>")),
    # footnote labels [^1]
    (("[^",), re.compile(r"\[\^[^\]\n]{1,40}\]")),
    # MyST / Sphinx roles :numref:`x` are covered by inline code above
]


class Mask:
    """Sorted, merged ``(start, end)`` regions with O(log n) membership tests."""

    def __init__(self, regions: list[tuple[int, int]]) -> None:
        merged: list[tuple[int, int]] = []
        for start, end in sorted(regions):
            if merged and start <= merged[-1][1]:
                last = merged[-1]
                merged[-1] = (last[0], max(last[1], end))
            else:
                merged.append((start, end))
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

    def last_end_before(self, pos: int) -> int:
        """End of the last masked region that ends at or before ``pos`` (else 0)."""
        i = bisect.bisect_right(self._starts, pos) - 1
        while i >= 0:
            if self.regions[i][1] <= pos:
                return self.regions[i][1]
            i -= 1
        return 0


def find_mask(text: str) -> Mask:
    """Mask every non-prose region of ``text``."""
    regions: list[tuple[int, int]] = []
    for literals, pattern in _PATTERNS:
        if not any(lit in text for lit in literals):
            continue
        regions.extend(m.span() for m in pattern.finditer(text) if m.end() > m.start())
    return Mask(regions)
