"""The saved glossary file (JSON, schema ``glossary/1``): the streaming reader and its checks.

:meth:`Glossary.load <glossary.dictionary.glossary.Glossary.load>` reads a file
an entry at a time (:func:`read_saved`); anything unexpected takes the full path,
whose checks (:func:`_check_saved`) name the damaged value so the message can
say ``FILE:LINE: what is wrong ... what to do``.  The shape of the file is
declared as msgspec types (``_Entry``, ``_Occurrence``…), checked in C; its
complaints are put back into the words and paths users read before
(``entries[3].occurrences[0].start: expected a whole number, got a string``).
"""

from __future__ import annotations

import codecs
import json
import re
from typing import Annotated, Any, Literal, NamedTuple

import msgspec

from glossary.dictionary.entries import Entry, _Reader
from glossary.dictionary.overrides import KINDS, Overrides
from glossary.models import ROLES, Definition

SCHEMA = "glossary/1"
_JSON_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


# --- reading a saved glossary an entry at a time --------------------------------------------------------

_JSON_WS = re.compile(r"[ \t\n\r]*")  # what json.loads skips between values (always matches)
_SAVED_KEYS = ("schema", "entries", "dropped", "overrides", "warnings")  # as save writes them


class _NotSaved(Exception):
    """The text is not a sound glossary with its keys in the order :meth:`Glossary.save` writes them."""


class Saved(NamedTuple):
    """A saved glossary's content, checked, for :class:`~glossary.dictionary.glossary.Glossary` to hold."""

    entries: tuple[Entry, ...]
    dropped: tuple[Definition, ...]
    overrides: Overrides
    warnings: list[str]


def read_saved(text: str) -> Saved | None:
    """The glossary in ``text`` read an entry at a time, or None when the full path must read it.

    ``json.loads`` of a million-definition file builds a tree of several
    million dicts, lists and strings, and only then are they checked and
    turned into definitions: the tree alone took gigabytes.  Here each entry
    is decoded (json's C scanner), checked and converted in turn, so only
    the text and the result are held.  Whatever is unexpected (keys in
    another order, a damaged value, invalid JSON) returns None, and the full
    path, which gives the precise error messages, reads the file instead.
    """
    try:
        return _read_saved_entries(text)
    except Exception:  # any surprise means: let the full path decide
        return None


def _read_saved_entries(text: str) -> Saved:
    decode = json.JSONDecoder().raw_decode

    def skip(i: int) -> int:
        """The first position from ``i`` on that is not JSON whitespace."""
        m = _JSON_WS.match(text, i)
        return m.end() if m else i

    reader = _Reader()
    entries: list[Entry] = []
    dropped: list[Definition] = []
    small: dict[str, Any] = {}

    def expect(i: int, char: str) -> int:
        """The position after ``char`` (at ``i``) and the whitespace after it."""
        if text[i] != char:
            raise _NotSaved(f"expected {char!r} at {i}")
        return skip(i + 1)

    i = expect(skip(0), "{")
    for n, name in enumerate(_SAVED_KEYS):
        if n:
            i = expect(i, ",")
        if text[i] != '"':
            raise _NotSaved(f"expected a key at {i}")
        found, i = json.decoder.scanstring(text, i + 1)  # type: ignore[attr-defined]
        if found != name:
            raise _NotSaved(f"key {found!r} where {name!r} was expected")
        i = expect(skip(i), ":")
        if name == "schema":
            small[name], i = decode(text, i)
            if small[name] != SCHEMA:
                raise _NotSaved("another schema")
        elif name in ("entries", "dropped"):
            i = expect(i, "[")
            j = 0
            while text[i] != "]":
                if j:
                    i = expect(i, ",")
                value, i = decode(text, i)
                if name == "entries":
                    _check_entry(value, j)
                    entries.append(Entry._read(value, reader))
                else:
                    if not _occurrence_ok(value):
                        _check_occurrence(value, ("dropped", j))
                    dropped.append(reader.definition(value))
                i = skip(i)
                j += 1
            i += 1
        else:
            small[name], i = decode(text, i)
        i = skip(i)
    i = expect(i, "}")
    if i != len(text):
        raise _NotSaved("extra data after the glossary")
    _check_saved({"entries": [], "overrides": small["overrides"], "warnings": small["warnings"]})
    if len({e.id for e in entries}) != len(entries):
        raise _NotSaved("repeated ids")
    return Saved(tuple(entries), tuple(dropped), Overrides.from_list(small["overrides"]), small["warnings"])


# --- checking a saved glossary ------------------------------------------------------------------------


class _Damaged(Exception):
    def __init__(self, path: tuple[str | int, ...], problem: str) -> None:
        super().__init__(problem)
        self.path = path
        self.problem = problem


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    kind = {str: "a string", int: "a number", float: "a number", list: "a list", dict: "an object"}
    return kind.get(type(value), type(value).__name__)


def _path_text(path: tuple[str | int, ...]) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out or "top level"


# --- the saved file's shape, as types (msgspec checks a value against them in C) -------------------------

_FLOAT_MAX = 1.7976931348623157e308
_Finite = Annotated[float, msgspec.Meta(ge=-_FLOAT_MAX, le=_FLOAT_MAX)]  # NaN and infinities fail both


class _Part(msgspec.Struct):
    text: str
    start: int
    end: int
    role: Literal["ja", "en", "abbr"]


class _Occurrence(msgspec.Struct):
    start: int
    end: int
    pattern: str
    score: _Finite
    parts: list[_Part]
    doc: str | None = None
    sentence: str = ""
    notes: list[str] = []


class _Link(msgspec.Struct):
    type: str
    id: str
    why: str = ""


class _Forms(msgspec.Struct):
    ja: list[str] = []
    en: list[str] = []
    abbr: list[str] = []


class _Entry(msgspec.Struct):
    id: str
    related: list[_Link]
    occurrences: list[_Occurrence]
    ja: str | None = None
    en: str | None = None
    abbr: str | None = None
    forms: _Forms = msgspec.field(default_factory=_Forms)
    form_counts: dict[str, int] = {}


class _Rule(msgspec.Struct):
    kind: str
    surfaces: list[str]
    source: str = ""
    line: int = 0


class _Saved(msgspec.Struct):
    entries: list[Any]  # each entry is checked on its own, in order (see _check_saved)
    dropped: list[_Occurrence] = []
    overrides: list[_Rule] = []
    warnings: list[str] = []


# what msgspec names a type, in today's words
_WANTED = {
    "int": "a whole number",
    "str": "a string",
    "str | null": "a string or null",
    "float": "a finite number",
    "array": "a list",
    "object": "an object",
    "array | null": "a list",
    "object | null": "an object",
}
_MESSAGE = re.compile(
    r"(?:Expected `(?P<want>[^`]+)`(?:, got `[^`]+`| [<>]= \S+)"
    r"|Object missing required field `(?P<missing>[^`]+)`"
    r"|Invalid enum value (?P<enum>.+?))"
    r"(?: - at `\$(?P<path>[^`]*)`)?$"
)
_STEP = re.compile(r"\.([^.\[]+)|\[(\d+)\]|\[\.\.\.\]")


def _damage(exc: msgspec.ValidationError, value: Any, path: tuple[str | int, ...]) -> _Damaged:
    """msgspec's complaint about ``value`` (found at ``path``) as today's :class:`_Damaged`."""
    m = _MESSAGE.match(str(exc))
    if m is None:  # a message this table does not know: still the place, in msgspec's words
        return _Damaged(path, str(exc))
    here = list(path)
    at = value
    for step in _STEP.finditer(m.group("path") or ""):
        key: str | int
        if step.group(1) is not None:
            key = step.group(1)
        elif step.group(2) is not None:
            key = int(step.group(2))
        else:  # a mapping's value: the first one that is not what it should be (form_counts holds ints)
            key = next(k for k, v in at.items() if type(v) is not int)
        here.append(key)
        at = at[key]
    if m.group("missing"):
        return _Damaged(tuple(here), f"missing {m.group('missing')!r}")
    if m.group("enum"):
        return _Damaged(tuple(here), f"unknown role {at!r}; expected one of {', '.join(ROLES)}")
    want = m.group("want")
    return _Damaged(tuple(here), f"expected {_WANTED.get(want, want)}, got {_describe(at)}")


def _check(value: Any, kind: type[Any], path: tuple[str | int, ...]) -> Any:
    """``value`` converted to ``kind``, or :class:`_Damaged` naming where and what is wrong."""
    try:
        return msgspec.convert(value, kind)
    except msgspec.ValidationError as exc:
        raise _damage(exc, value, path) from None
    except UnicodeEncodeError:  # JSON can spell a lone surrogate ("\\ud800"); this library writes none
        raise _Damaged(path, "a string holds a lone surrogate (not valid Unicode text)") from None


def _check_occurrence(o: Any, path: tuple[str | int, ...]) -> None:
    """Raise :class:`_Damaged` at the first value of the occurrence ``o`` that has the wrong shape."""
    _check(o, _Occurrence, path)


def _occurrence_ok(o: Any) -> bool:
    """The occurrence passes :func:`_check_occurrence` (no message needed)."""
    try:
        msgspec.convert(o, _Occurrence)
    except (msgspec.ValidationError, UnicodeEncodeError):
        return False
    return True


def _check_saved(data: dict[str, Any]) -> None:
    """Raise :class:`_Damaged` at the first value of a saved glossary that has the wrong shape."""
    saved = _check(data, _Saved, ())
    for i, e in enumerate(saved.entries):
        _check_entry(e, i)
    for j, rule in enumerate(saved.overrides):
        at = ("overrides", j)
        if rule.kind not in KINDS:
            kinds = ", ".join(KINDS)
            raise _Damaged((*at, "kind"), f"unknown rule kind {rule.kind!r}; expected one of {kinds}")
        if not rule.surfaces:
            raise _Damaged((*at, "surfaces"), "a rule needs at least one surface")


def _check_entry(e: Any, i: int) -> None:
    """Raise :class:`_Damaged` at the first value of ``entries[i]`` that has the wrong shape."""
    here: tuple[str | int, ...] = ("entries", i)
    if not _check(e, _Entry, here).id:
        raise _Damaged((*here, "id"), "empty id")
