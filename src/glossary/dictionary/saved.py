"""The saved glossary file (JSON, schema ``glossary/1``): the streaming reader and its checks.

:meth:`Glossary.load <glossary.dictionary.glossary.Glossary.load>` reads a file
an entry at a time (:func:`read_saved`); anything unexpected takes the full path,
whose checks (:func:`check_saved`) name the damaged value so the message can
say ``FILE:LINE: what is wrong ... what to do``.
"""

from __future__ import annotations

import codecs
import json
import math
import re
from typing import Any, NamedTuple

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


def _need(obj: dict[str, Any], k: str, path: tuple[str | int, ...], kind: str, optional: bool = False) -> Any:
    """``obj[k]`` checked against ``kind``: str, ?str (str or null), int, number, list, dict."""
    if k not in obj:
        if optional:
            return None
        raise _Damaged(path, f"missing {k!r}")
    v = obj[k]
    here = (*path, k)
    ok = {
        "str": isinstance(v, str),
        "?str": v is None or isinstance(v, str),
        "int": isinstance(v, int) and not isinstance(v, bool),
        "number": isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v),
        "list": isinstance(v, list),
        "dict": isinstance(v, dict),
    }[kind]
    if not ok:
        want = {
            "str": "a string",
            "?str": "a string or null",
            "int": "a whole number",
            "number": "a finite number",
            "list": "a list",
            "dict": "an object",
        }[kind]
        raise _Damaged(here, f"expected {want}, got {_describe(v)}")
    return v


def _strings(values: list[Any], path: tuple[str | int, ...]) -> None:
    for i, v in enumerate(values):
        if not isinstance(v, str):
            raise _Damaged((*path, i), f"expected a string, got {_describe(v)}")


def _object(v: Any, path: tuple[str | int, ...]) -> dict[str, Any]:
    if not isinstance(v, dict):
        raise _Damaged(path, f"expected an object, got {_describe(v)}")
    return v


def _check_occurrence(o: Any, path: tuple[str | int, ...]) -> None:
    o = _object(o, path)
    _need(o, "doc", path, "?str", optional=True)
    _need(o, "start", path, "int")
    _need(o, "end", path, "int")
    _need(o, "pattern", path, "str")
    _need(o, "score", path, "number")
    _need(o, "sentence", path, "str", optional=True)
    notes = _need(o, "notes", path, "list", optional=True)
    if notes is not None:
        _strings(notes, (*path, "notes"))
    for j, part in enumerate(_need(o, "parts", path, "list")):
        here = (*path, "parts", j)
        part = _object(part, here)
        _need(part, "text", here, "str")
        _need(part, "start", here, "int")
        _need(part, "end", here, "int")
        role = _need(part, "role", here, "str")
        if role not in ROLES:
            raise _Damaged((*here, "role"), f"unknown role {role!r}; expected one of {', '.join(ROLES)}")


def _occurrence_ok(o: Any) -> bool:
    """A quick yes for an occurrence :func:`_check_occurrence` would pass; False means "ask it".

    Stricter than the full check (exact types, as ``json`` makes them), so it
    never lets through what the full check would reject, and a no is handed
    to the full check, which names the problem.  Checking a million
    occurrences field by field through ``_need`` was most of the loading time.
    """
    if type(o) is not dict:
        return False
    get = o.get
    doc, start, end, score, sentence, notes, parts = (
        get("doc"),
        get("start"),
        get("end"),
        get("score"),
        get("sentence"),
        get("notes"),
        get("parts"),
    )
    if not (
        (doc is None or type(doc) is str)
        and type(start) is int
        and type(end) is int
        and type(get("pattern")) is str
        and (type(score) is float or type(score) is int)
        and math.isfinite(score)
        and ("sentence" not in o or type(sentence) is str)
        and type(parts) is list
    ):
        return False
    if notes is not None and not (type(notes) is list and all(type(n) is str for n in notes)):
        return False
    if notes is None and "notes" in o:
        return False
    for part in parts:
        if not (
            type(part) is dict
            and type(part.get("text")) is str
            and type(part.get("start")) is int
            and type(part.get("end")) is int
            and part.get("role") in ROLES
            and type(part.get("role")) is str
        ):
            return False
    return True


def _link_ok(link: Any) -> bool:
    """A quick yes for a link the full check would pass (see :func:`_occurrence_ok`)."""
    return (
        type(link) is dict
        and type(link.get("type")) is str
        and type(link.get("id")) is str
        and ("why" not in link or type(link["why"]) is str)
    )


def _check_saved(data: dict[str, Any]) -> None:
    """Raise :class:`_Damaged` at the first value of a saved glossary that has the wrong shape."""
    for i, e in enumerate(_need(data, "entries", (), "list")):
        _check_entry(e, i)
    for j, o in enumerate(_need(data, "dropped", (), "list", optional=True) or []):
        if not _occurrence_ok(o):
            _check_occurrence(o, ("dropped", j))
    for j, r in enumerate(_need(data, "overrides", (), "list", optional=True) or []):
        at = ("overrides", j)
        r = _object(r, at)
        kind = _need(r, "kind", at, "str")
        if kind not in KINDS:
            raise _Damaged((*at, "kind"), f"unknown rule kind {kind!r}; expected one of {', '.join(KINDS)}")
        surfaces = _need(r, "surfaces", at, "list")
        _strings(surfaces, (*at, "surfaces"))
        if not surfaces:
            raise _Damaged((*at, "surfaces"), "a rule needs at least one surface")
        _need(r, "source", at, "str", optional=True)
        _need(r, "line", at, "int", optional=True)
    _strings(_need(data, "warnings", (), "list", optional=True) or [], ("warnings",))


def _check_entry(e: Any, i: int) -> None:
    """Raise :class:`_Damaged` at the first value of ``entries[i]`` that has the wrong shape."""
    here: tuple[str | int, ...] = ("entries", i)
    e = _object(e, here)
    if not _need(e, "id", here, "str"):
        raise _Damaged((*here, "id"), "empty id")
    for role in ROLES:
        _need(e, role, here, "?str", optional=True)
    forms = _need(e, "forms", here, "dict", optional=True) or {}
    for role in ROLES:
        if role in forms:
            _strings(_need(forms, role, (*here, "forms"), "list"), (*here, "forms", role))
    counts = _need(e, "form_counts", here, "dict", optional=True) or {}
    for k in counts:
        _need(counts, k, (*here, "form_counts"), "int")
    for j, link in enumerate(_need(e, "related", here, "list")):
        if _link_ok(link):
            continue
        at = (*here, "related", j)
        link = _object(link, at)
        _need(link, "type", at, "str")
        _need(link, "id", at, "str")
        _need(link, "why", at, "str", optional=True)
    for j, o in enumerate(_need(e, "occurrences", here, "list")):
        if not _occurrence_ok(o):
            _check_occurrence(o, (*here, "occurrences", j))
