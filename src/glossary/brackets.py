"""Find bracket pairs in one linear scan.

ASCII ``( )`` and full-width ``（ ）`` are treated as one kind (writers mix
them: ``(…）``); square brackets ``[ ]`` are tracked for English
``long form [SF]``.  Unbalanced input is tolerated: a stray closer is ignored
and openers never closed are dropped, so the scan is O(n) on any input.
"""

from __future__ import annotations

from typing import Final, NamedTuple

OPENERS = {"(": "(", "（": "(", "[": "[", "［": "["}
CLOSERS = {")": "(", "）": "(", "]": "[", "］": "["}
# only bracket characters are visited, each found by str.find (a vectorised scan):
# a character-class regex tests every character, several times slower on Japanese text
_BRACKET_CHARS: Final = "()（）[]［］"


class Bracket(NamedTuple):
    """A matched bracket pair: ``text[open]`` opens and ``text[close]`` closes (an immutable record)."""

    open: int
    close: int
    depth: int
    parent: int | None  # ``open`` offset of the enclosing bracket, if any
    kind: str = "("  # "(" for round (either width), "[" for square

    @property
    def inner_start(self) -> int:
        return self.open + 1

    @property
    def inner_end(self) -> int:
        return self.close

    def inner(self, text: str) -> str:
        return text[self.open + 1 : self.close]


# the named tuple's own __new__ is a Python function wrapping this one
_new_tuple: Final = tuple.__new__


def _bracket_positions(text: str) -> list[int]:
    """Offsets of every bracket character, in order."""
    found: list[int] = []
    for ch in _BRACKET_CHARS:
        i = text.find(ch)
        while i >= 0:
            found.append(i)
            i = text.find(ch, i + 1)
    found.sort()
    return found


def find_brackets(text: str, max_depth: int = 64) -> list[Bracket]:
    """All matched bracket pairs, ordered by their opening offset.

    A closer pops the nearest opener of its kind; openers of another kind in
    between are abandoned (they were unbalanced) and stray closers are
    skipped in O(1), so the scan stays linear even for a million unmatched
    openers.  ``depth`` and ``parent`` count matched pairs only; pairs nested
    deeper than ``max_depth`` are not reported, which bounds what callers do
    with pathological nesting.
    """
    stack: list[tuple[int, str]] = []
    open_count = {"(": 0, "[": 0}
    pairs: list[tuple[int, int, str]] = []
    for i in _bracket_positions(text):
        ch = text[i]
        kind = OPENERS.get(ch)
        if kind is not None:
            stack.append((i, kind))
            open_count[kind] += 1
            continue
        kind = CLOSERS[ch]
        if not open_count[kind]:
            continue  # stray closer
        while True:  # pop to the nearest opener of this kind
            opener, opener_kind = stack.pop()
            open_count[opener_kind] -= 1
            if opener_kind == kind:
                break
        pairs.append((opener, i, kind))
    pairs.sort()
    found: list[Bracket] = []
    enclosing: list[Bracket] = []  # matched pairs that contain the current one
    for opener, closer, kind in pairs:
        while enclosing and enclosing[-1].close < opener:
            enclosing.pop()
        parent = enclosing[-1] if enclosing else None
        b = _new_tuple(Bracket, (opener, closer, len(enclosing), parent.open if parent else None, kind))
        enclosing.append(b)
        if b.depth < max_depth:
            found.append(b)
    return found
