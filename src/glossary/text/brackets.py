"""Find bracket pairs in one linear scan.

ASCII ``( )`` and full-width ``（ ）`` are treated as one kind (writers mix
them: ``(…）``); square brackets ``[ ]`` are tracked for English
``long form [SF]``.  Unbalanced input is tolerated: a stray closer is ignored
and openers never closed are dropped, so the scan is O(n) on any input.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterator
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

# bracket characters are looked for in windows of this many characters, so the offsets waiting to be
# visited never outgrow one window (a file of nothing but brackets would otherwise hold them all)
_WINDOW: Final = 1 << 16


def _bracket_positions(text: str, lo: int, hi: int) -> list[int]:
    """Offsets of every bracket character in ``text[lo:hi]``, in order."""
    found: list[int] = []
    for ch in _BRACKET_CHARS:
        i = text.find(ch, lo, hi)
        while i >= 0:
            found.append(i)
            i = text.find(ch, i + 1, hi)
    found.sort()
    return found


class Brackets:
    """The matched pairs of one text, ordered by opening offset, held in flat arrays.

    Four bytes per offset instead of a tuple of boxed integers per pair (under
    a tenth of the memory); :class:`Bracket` records are made as they are
    iterated or looked up, and :meth:`at` finds a pair by its opening offset
    in O(log n).
    """

    def __init__(
        self, opens: array[int], closes: array[int], parents: array[int], depths: array[int], kinds: bytearray
    ) -> None:
        self.opens = opens
        self.closes = closes
        self.parents = parents  # the enclosing pair's opening offset, -1 for none
        self.depths = depths
        self.kinds = kinds  # 0 for round, 1 for square

    def __len__(self) -> int:
        return len(self.opens)

    def get(self, i: int) -> Bracket:
        """The ``i``-th pair (in order of opening offset)."""
        parent = self.parents[i]
        kind = "[" if self.kinds[i] else "("
        return _new_tuple(
            Bracket, (self.opens[i], self.closes[i], self.depths[i], parent if parent >= 0 else None, kind)
        )

    def __iter__(self) -> Iterator[Bracket]:
        for i in range(len(self.opens)):
            yield self.get(i)

    def at(self, open_offset: int) -> Bracket | None:
        """The pair that opens at ``open_offset``, if one does."""
        i = bisect_left(self.opens, open_offset)
        if i < len(self.opens) and self.opens[i] == open_offset:
            return self.get(i)
        return None


def scan_brackets(text: str, max_depth: int = 64) -> Brackets:
    """All matched bracket pairs of ``text`` (see :func:`find_brackets`), compactly stored.

    An opener takes a slot in ``opens`` when it is seen and gets its closer
    when one pops it, so pairs come out in order of their openers without a
    sort; the stack holds slot numbers.  Offsets take four bytes each (eight
    past 2**31 characters): about 13 bytes per opener at the peak and 17 per
    reported pair, whatever the input.
    """
    n = len(text)
    code = "i" if n < 2**31 - 1 else "q"  # four bytes per offset unless the text needs eight
    opens: array[int] = array(code)
    closes: array[int] = array(code)
    kinds = bytearray()
    stack: array[int] = array(code)  # slots of the openers not yet closed
    open_count = [0, 0]  # per kind: openers on the stack
    lo = 0
    while lo < n:
        hi = min(n, lo + _WINDOW)
        for i in _bracket_positions(text, lo, hi):
            ch = text[i]
            if ch in OPENERS:
                kind = 1 if OPENERS[ch] == "[" else 0
                stack.append(len(opens))
                opens.append(i)
                closes.append(-1)
                kinds.append(kind)
                open_count[kind] += 1
                continue
            kind = 1 if CLOSERS[ch] == "[" else 0
            if not open_count[kind]:
                continue  # stray closer
            while True:  # pop to the nearest opener of this kind; others between were unbalanced
                slot = stack.pop()
                open_count[kinds[slot]] -= 1
                if kinds[slot] == kind:
                    break
            closes[slot] = i
        lo = hi
    del stack
    out_opens: array[int] = array(code)
    out_closes: array[int] = array(code)
    parents: array[int] = array(code)
    depths: array[int] = array(code)
    out_kinds = bytearray()
    enclosing: array[int] = array(code)  # closing offsets of the matched pairs around the current one
    enclosing_opens: array[int] = array(code)
    for slot in range(len(opens)):
        close = closes[slot]
        if close < 0:
            continue  # never closed
        opener = opens[slot]
        while enclosing and enclosing[-1] < opener:
            enclosing.pop()
            enclosing_opens.pop()
        depth = len(enclosing)
        if depth < max_depth:
            out_opens.append(opener)
            out_closes.append(close)
            parents.append(enclosing_opens[-1] if enclosing_opens else -1)
            depths.append(depth)
            out_kinds.append(kinds[slot])
        enclosing.append(close)
        enclosing_opens.append(opener)
    return Brackets(out_opens, out_closes, parents, depths, out_kinds)


def find_brackets(text: str, max_depth: int = 64) -> list[Bracket]:
    """All matched bracket pairs, ordered by their opening offset.

    A closer pops the nearest opener of its kind; openers of another kind in
    between are abandoned (they were unbalanced) and stray closers are
    skipped in O(1), so the scan stays linear even for a million unmatched
    openers.  ``depth`` and ``parent`` count matched pairs only; pairs nested
    deeper than ``max_depth`` are not reported, which bounds what callers do
    with pathological nesting.  :func:`scan_brackets` gives the same pairs
    in compact form.
    """
    return list(scan_brackets(text, max_depth))
