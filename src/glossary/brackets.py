"""Find bracket pairs in one linear scan.

ASCII ``( )`` and full-width ``（ ）`` are treated as one kind (writers mix
them: ``(…）``); square brackets ``[ ]`` are tracked for English
``long form [SF]``.  Unbalanced input is tolerated: a stray closer is ignored
and openers never closed are dropped, so the scan is O(n) on any input.
"""

from __future__ import annotations

from dataclasses import dataclass

OPENERS = {"(": "(", "（": "(", "[": "[", "［": "["}
CLOSERS = {")": "(", "）": "(", "]": "[", "］": "["}


@dataclass(frozen=True, slots=True)
class Bracket:
    """A matched bracket pair: ``text[open]`` opens and ``text[close]`` closes."""

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


def find_brackets(text: str, max_depth: int = 64) -> list[Bracket]:
    """All matched bracket pairs, ordered by their opening offset.

    A closer pops the nearest opener of its kind; openers of another kind in
    between are abandoned (they were unbalanced).  Deeper nesting than
    ``max_depth`` is still scanned but not reported, which bounds the work
    callers do per bracket.
    """
    stack: list[tuple[int, str]] = []
    found: list[Bracket] = []
    for i, ch in enumerate(text):
        kind = OPENERS.get(ch)
        if kind is not None:
            stack.append((i, kind))
            continue
        kind = CLOSERS.get(ch)
        if kind is None or not stack:
            continue
        # find the nearest opener of this kind; give up on a mismatched one
        j = len(stack) - 1
        while j >= 0 and stack[j][1] != kind:
            j -= 1
        if j < 0:
            continue  # stray closer
        opener = stack[j][0]
        del stack[j:]
        depth = j
        if depth < max_depth:
            parent = stack[-1][0] if stack else None
            found.append(Bracket(opener, i, depth, parent, kind))
    found.sort(key=lambda b: b.open)
    return found
