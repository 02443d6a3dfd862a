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
    """A pattern whose ``match(text, lo, hi)`` ends where the match of ``pattern`` that starts rightmost ends.

    A greedy ``.*`` prefix lets the regex engine find the rightmost match in C
    instead of a Python loop over every match (sentence ends before a bracket).
    """
    return re.compile(r"(?s:.*)(?:" + pattern.pattern + ")", pattern.flags)


def last_sentence_end(text: str, lo: int, hi: int) -> int:
    """Where the last sentence end in ``text[lo:hi]`` ends (as ``SENTENCE_END_RE``), else -1.

    The same answer as ``last_match_end(SENTENCE_END_RE).match(text, lo, hi)``,
    found with ``str.rfind`` from the right: the regex tried its three
    alternatives at every character of the stretch, once or twice per bracket
    (measured: a third of its instructions compiled; pure Python about the same).
    """
    # the match that starts rightmost wins; a stop character or ". " ends right after itself
    best = max(
        text.rfind("。", lo, hi),
        text.rfind("！", lo, hi),
        text.rfind("？", lo, hi),
        text.rfind("!", lo, hi),
        text.rfind("?", lo, hi),
    )
    dot = text.rfind(".", lo, hi - 1) if hi - 1 > lo else -1  # "." needs a following space inside
    while dot > best and not text[dot + 1].isspace():
        dot = text.rfind(".", lo, dot)
    best = max(best, dot)
    # a blank line (newline, only whitespace, newline) after that: it ends after its run's last newline
    floor = max(lo, best + 1)
    second = text.rfind("\n", floor, hi)
    while second > floor:
        first = text.rfind("\n", floor, second)
        if first < 0:
            break
        # most lines start with a visible character: test that before the whole gap
        if second == first + 1 or (text[first + 1].isspace() and text[first + 1 : second].isspace()):
            run = second + 1
            while run < hi and text[run].isspace():
                run += 1
            return text.rfind("\n", second, run) + 1
        second = first
    return best + 1 if best >= 0 else -1


def has_japanese(s: str) -> bool:
    return JAPANESE_RE.search(s) is not None


def has_latin(s: str) -> bool:
    return LATIN_RE.search(s) is not None


def is_japanese_char(ch: str) -> bool:
    """True when ``ch`` (its first character) is Japanese: ``JAPANESE_RE.match(ch)``, by code point.

    Compiled, this is a few integer comparisons; the regex call cost more than the test itself, and
    the extractor asks it at each edge of a term.
    """
    if not ch:
        return False
    o = ord(ch[0])
    if o < 0x3005:
        return False  # ASCII, Latin and punctuation: most of the characters asked about
    return (
        o <= 0x3007  # 々〆〇
        or 0x3041 <= o <= 0x30FF  # hiragana and katakana (\u3041-\u309f, \u30a0-\u30ff)
        or 0x31F0 <= o <= 0x31FF
        or 0x3400 <= o <= 0x4DBF
        or 0x4E00 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0xFF66 <= o <= 0xFF9F
    )
