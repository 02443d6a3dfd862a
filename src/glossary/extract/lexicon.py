"""Japanese -> English content words from JMdict, to check that a Japanese term translates an English gloss.

The table (``data/jmdict_en.bin``, built by ``scripts/build_lexicon.py``) maps every kanji form and kana
reading of a JMdict entry to the lowercased content words of its first glosses::

    >>> "principle" in english_words("原則")
    True

It ships inside the package, so nothing is fetched at run time.  It is stored in :data:`SHARDS` separately
compressed shards (a form's shard follows from its first character, :func:`shard_of`), each holding the
sorted ``form<TAB>words`` lines of its forms, and a lookup decompresses only the shard it needs, on first
use, and bisects its lines: a command that reads one line of text touches a few shards (milliseconds),
where decompressing the whole 15 MB table took 0.1-0.2 s and parsing it into a dict 0.4-0.7 s.  Nothing
is loaded at import.  Without the data file every lookup is empty, so an aligner built on it degrades to
"no evidence" instead of failing; :func:`available` tells the two cases apart.  The data is a reduced work
derived from JMdict (CC BY-SA), see ``data/JMDICT_LICENCE.txt``.

File layout (little-endian): :data:`MAGIC`, then for each shard its offset and length in the file
(``2 * SHARDS`` unsigned 32-bit integers), then the shards, each zlib-compressed UTF-8 text.
"""

from __future__ import annotations

import bisect
import struct
import sys
import threading
import time
import unicodedata
import zlib
from array import array
from collections.abc import Iterable, Iterator
from importlib.resources import files
from os import PathLike
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:
        from importlib.abc import Traversable

__all__ = [
    "LexiconFormatError",
    "available",
    "clear_memo",
    "english_words",
    "is_english_word",
    "load_stats",
    "shard_of",
    "write_table",
]

MAGIC = b"glossary lexicon 1\n"
SHARDS = 64
_INDEX = struct.Struct(f"<{2 * SHARDS}I")
_EMPTY: frozenset[str] = frozenset()
_MEMO_SIZE = 100_000
_LOCK = threading.Lock()
# lookups into a shard before it gets a hash index of its lines (see _Table.index): a short text
# never pays for building one, a long run pays ~3 ms a shard once
_INDEX_AFTER = 64


class LexiconFormatError(ValueError):
    """The data file is not a lexicon this version reads (damaged, or another format)."""


class _Table:
    """The file's bytes and the shards decompressed so far (each the sorted ``form<TAB>words`` lines)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.shards: list[list[bytes] | None] = [None] * SHARDS
        self.spans: list[tuple[int, int]] = []
        # answers given so far: the aligner asks for the same words bracket after bracket (bounded)
        self.memo: dict[str, frozenset[str]] = {}
        self.indexes: list[tuple[array[int], int] | None] = [None] * SHARDS
        self.lookups = [0] * SHARDS
        if data:
            if not data.startswith(MAGIC) or len(data) < len(MAGIC) + _INDEX.size:
                raise LexiconFormatError("not a glossary lexicon file (bad header); reinstall glossary")
            index = _INDEX.unpack_from(data, len(MAGIC))
            self.spans = [(index[2 * i], index[2 * i + 1]) for i in range(SHARDS)]
            if any(start + size > len(data) for start, size in self.spans):
                raise LexiconFormatError("truncated glossary lexicon file; reinstall glossary")
        else:
            self.shards = [[] for _ in range(SHARDS)]

    def shard(self, i: int) -> list[bytes]:
        lines = self.shards[i]
        if lines is None:
            with _LOCK:
                lines = self.shards[i]
                if lines is None:
                    global _load_seconds
                    start = time.perf_counter()
                    begin, size = self.spans[i]
                    try:
                        text = zlib.decompress(self.data[begin : begin + size])
                    except zlib.error as exc:
                        why = f"damaged glossary lexicon file ({exc}); reinstall glossary"
                        raise LexiconFormatError(why) from None
                    lines = text.split(b"\n")
                    if lines and not lines[-1]:
                        lines.pop()  # the newline that ends the shard
                    self.shards[i] = lines
                    _load_seconds += time.perf_counter() - start
        return lines

    def index(self, i: int) -> tuple[array[int], int]:
        """Shard ``i``'s hash index: open addressing on ``hash(form + TAB)``, slots holding line numbers.

        A bisection touches some fourteen lines scattered in memory, each a cache miss once the
        tagger has run; the index finds a form's line in one or two probes.  Where a form has several
        lines the first is kept, the one the bisection finds.  4 bytes a slot, at least two slots a line.
        """
        found = self.indexes[i]
        if found is None:
            lines = self.shard(i)
            with _LOCK:
                found = self.indexes[i]
                if found is None:
                    size = 1 << (2 * len(lines)).bit_length()
                    mask = size - 1
                    slots = array("i", [-1]) * size
                    for n, line in enumerate(lines):
                        key = line[: line.find(b"\t") + 1]
                        if not key:
                            continue  # not a form<TAB>words line: the bisection never matches it either
                        h = hash(key) & mask
                        while True:
                            k = slots[h]
                            if k < 0:
                                slots[h] = n
                                break
                            if lines[k].startswith(key):
                                break  # the same form again: the first line stays
                            h = (h + 1) & mask
                    found = (slots, mask)
                    self.indexes[i] = found
        return found


_table: _Table | None = None
_load_seconds = 0.0


def _resource() -> Traversable:
    return files("glossary") / "data" / "jmdict_en.bin"


def available() -> bool:
    """True when the data file ships with this install (a lookup would otherwise always be empty)."""
    try:
        with _resource().open("rb") as stream:
            stream.read(1)
    except OSError:
        return False
    return True


def shard_of(form: str) -> int:
    """The shard that holds ``form`` (by its first character)."""
    return ord(form[0]) % SHARDS if form else 0


def _read_table() -> _Table:
    """The table's file, undecompressed; a missing file gives an empty table, a corrupt one raises."""
    try:
        data = _resource().read_bytes()
    except FileNotFoundError:
        data = b""
    return _Table(data)


def _loaded() -> _Table:
    """The table, read once; the lock keeps concurrent first callers from reading it twice."""
    global _table, _load_seconds
    table = _table
    if table is None:
        with _LOCK:
            table = _table
            if table is None:
                start = time.perf_counter()
                table = _read_table()
                _load_seconds += time.perf_counter() - start
                _table = table
    return table


def english_words(form: str) -> frozenset[str]:
    """The English content words JMdict gives for a Japanese form; empty when the form is unknown.

    The query is NFKC-normalised, as the table's forms are, so full-width letters and half-width katakana
    find their entries.
    """
    table = _table or _loaded()
    found = table.memo.get(form)
    if found is None:
        found = _lookup(table, form)
        if len(table.memo) >= _MEMO_SIZE:
            table.memo.clear()
        table.memo[form] = found
    return found


_english: frozenset[str] | None = None


def is_english_word(word: str) -> bool:
    """True when JMdict translates some Japanese word by ``word`` (four letters or more, any case).

    The words are those of the glosses of JMdict's kana and kanji forms (``data/jmdict_en_words.txt.gz``,
    built by ``scripts/build_lexicon_words.py``; 0.2 MB, read on first use): ordinary English words.
    An abbreviation a Japanese form's gloss spells out may be among them; JMdict lists most as forms of
    their own, which :func:`english_words` finds.  Without the file every answer is False.
    """
    global _english
    words = _english
    if words is None:
        with _LOCK:
            words = _english
            if words is None:
                import gzip

                try:
                    raw = (files("glossary") / "data" / "jmdict_en_words.txt.gz").read_bytes()
                except FileNotFoundError:
                    raw = b""
                words = frozenset(gzip.decompress(raw).decode("utf-8").split()) if raw else _EMPTY
                _english = words
    return len(word) >= 4 and word.lower() in words


def clear_memo() -> None:
    """Forget the answers memoised so far (benchmarks that measure a cold start)."""
    if _table is not None:
        _table.memo.clear()


def _lookup(table: _Table, form: str) -> frozenset[str]:
    query = unicodedata.normalize("NFKC", form).strip()
    i = ord(query[0]) % SHARDS if query else 0  # shard_of, inline: this is the aligner's inner loop
    lines = table.shards[i] or table.shard(i)
    key = (query + "\t").encode("utf-8", "surrogatepass")
    index = table.indexes[i]
    if index is None:
        table.lookups[i] += 1
        if table.lookups[i] < _INDEX_AFTER:
            k = bisect.bisect_left(lines, key)
            return _words_of(lines[k], key) if k < len(lines) and lines[k].startswith(key) else _EMPTY
        index = table.index(i)
    slots, mask = index
    h = hash(key) & mask
    while True:
        k = slots[h]
        if k < 0:
            return _EMPTY
        line = lines[k]
        if line.startswith(key):
            return _words_of(line, key)
        h = (h + 1) & mask


def _words_of(line: bytes, key: bytes) -> frozenset[str]:
    """The words of a table line found for ``key`` (its form and the tab)."""
    words = line[len(key) :].decode("utf-8")
    return frozenset(words.split()) if words else _EMPTY


def lines() -> Iterator[bytes]:
    """Every ``form<TAB>words`` line of the table, shard by shard (loading them all)."""
    table = _loaded()
    for i in range(SHARDS):
        yield from table.shard(i)


def load_stats() -> tuple[float, int]:
    """Seconds spent loading the whole table and its number of forms (loading it all now), for benchmarks."""
    forms = sum(1 for _ in lines())
    return _load_seconds, forms


def write_table(rows: Iterable[tuple[str, str]], path: str | PathLike[str]) -> None:
    """Write ``(form, space-separated words)`` rows as a table file; the same rows give the same bytes."""
    shards: list[list[str]] = [[] for _ in range(SHARDS)]
    for form, words in sorted(rows):
        if not form or "\t" in form or "\n" in form or "\n" in words:
            raise ValueError(f"cannot store form {form!r}: empty, or a tab or newline in it")
        shards[shard_of(form)].append(f"{form}\t{words}\n")
    blobs = [zlib.compress("".join(s).encode("utf-8"), 9) for s in shards]
    offset = len(MAGIC) + _INDEX.size
    index: list[int] = []
    for blob in blobs:
        index += [offset, len(blob)]
        offset += len(blob)
    with open(path, "wb") as out:
        out.write(MAGIC + _INDEX.pack(*index) + b"".join(blobs))
