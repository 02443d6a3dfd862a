"""Japanese -> English content words from JMdict, to check that a Japanese term translates an English gloss.

The table (``data/jmdict_en.tsv.gz``, built by ``scripts/build_lexicon.py``) maps every kanji form and kana
reading of a JMdict entry to the lowercased content words of its first glosses::

    >>> "principle" in english_words("原則")
    True

It ships inside the package, so nothing is fetched at run time.  Loading it takes a noticeable fraction of a
second and tens of megabytes, so it happens on the first lookup, never at import: callers that never align
pay nothing.  Without the data file every lookup is empty, so an aligner built on it degrades to "no
evidence" instead of failing; :func:`available` tells the two cases apart.  The data is a reduced work
derived from JMdict (CC BY-SA), see ``data/JMDICT_LICENCE.txt``.
"""

from __future__ import annotations

import bisect
import gzip
import sys
import threading
import time
import unicodedata
from importlib.resources import files
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:
        from importlib.abc import Traversable

__all__ = ["available", "english_words", "load_stats"]

_EMPTY: frozenset[str] = frozenset()
_LOCK = threading.Lock()
# the table's ``form<TAB>words`` lines as UTF-8 bytes, in the file's sorted order: a lookup bisects them
_table: list[bytes] | None = None
_load_seconds = 0.0


def _resource() -> Traversable:
    return files("glossary") / "data" / "jmdict_en.tsv.gz"


def available() -> bool:
    """True when the data file ships with this install (a lookup would otherwise always be empty)."""
    try:
        with _resource().open("rb") as stream:
            stream.read(1)
    except OSError:
        return False
    return True


def _read_table() -> list[bytes]:
    """The table's lines; a missing file gives an empty table, any other problem (a corrupt file) is raised.

    The lines stay undecoded bytes in the file's order (sorted by form; UTF-8 sorts as the code points do),
    and a lookup bisects them: 0.1 s to load, where a dict of the 370,000 forms took 0.4-0.7 s, and a
    command that extracts from one line is not kept waiting for it.
    """
    try:
        raw = _resource().read_bytes()
    except FileNotFoundError:
        return []
    lines = gzip.decompress(raw).split(b"\n")
    if not lines[-1]:
        lines.pop()  # the newline that ends the file
    return lines


def _loaded() -> list[bytes]:
    """The table, loaded once; the lock keeps concurrent first callers from parsing it twice."""
    global _table, _load_seconds
    table = _table
    if table is None:
        with _LOCK:
            table = _table
            if table is None:
                start = time.perf_counter()
                table = _read_table()
                _load_seconds = time.perf_counter() - start
                _table = table
    return table


def english_words(form: str) -> frozenset[str]:
    """The English content words JMdict gives for a Japanese form; empty when the form is unknown.

    The query is NFKC-normalised, as the table's forms are, so full-width letters and half-width katakana
    find their entries.
    """
    table = _loaded()
    key = (unicodedata.normalize("NFKC", form).strip() + "\t").encode("utf-8", "surrogatepass")
    i = bisect.bisect_left(table, key)
    if i < len(table) and table[i].startswith(key):
        words = table[i][len(key) :].decode("utf-8")
        return frozenset(words.split()) if words else _EMPTY
    return _EMPTY


def load_stats() -> tuple[float, int]:
    """Seconds the table took to load and how many forms it has (loading it now if needed), for benchmarks."""
    table = _loaded()
    return _load_seconds, len(table)
