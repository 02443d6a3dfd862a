"""Character classes for mixed Japanese / Latin text.

Cheap per-character tests used to decide which language a bracket segment
is in before any tokeniser runs.
"""

from __future__ import annotations

import re
from typing import Final

JAPANESE_RE: Final = re.compile(
    r"[\u3041-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005-\u3007]"
)
LATIN_RE: Final = re.compile(r"[A-Za-z\uff21-\uff3a\uff41-\uff5a\u00c0-\u024f]")

# sentence ends in either script; "." only when followed by a space (not 3.14, e.g.)
SENTENCE_END_RE: Final = re.compile(r"[。！？!?]|\.(?=\s)|\n\s*\n")


def last_match_end(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """A pattern whose ``match(text, lo, hi)`` ends where the last match of ``pattern`` there ends.

    A greedy ``.*`` prefix lets the regex engine find the rightmost match in C
    instead of a Python loop over every match (sentence ends before a bracket).
    """
    return re.compile(r"(?s:.*)(?:" + pattern.pattern + ")", pattern.flags)


def has_japanese(s: str) -> bool:
    return JAPANESE_RE.search(s) is not None


def has_latin(s: str) -> bool:
    return LATIN_RE.search(s) is not None


def is_japanese_char(ch: str) -> bool:
    return JAPANESE_RE.match(ch) is not None
