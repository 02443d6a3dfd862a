"""What the commands share with the person at the terminal.

Messages on standard error with control characters shown (:func:`say`),
output written to standard output, a pipe or atomically to a file
(:func:`emit`), the usage error (exit code 2) and a glossary loaded for a
command with the messages a person needs (:func:`load_glossary`).  Used by
:mod:`glossary.cli` and :mod:`glossary.check`; may import the API layer and
everything below it, never a command.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from glossary.io import InputError, atomic_write
from glossary.text.display import visible

if TYPE_CHECKING:
    from glossary.dictionary.glossary import Glossary

__all__ = ["FORMAT_NAMES", "SUFFIX_FORMAT", "InputError", "UsageError", "emit", "load_glossary", "say"]

# -o FILE without --format: the format follows the file's suffix
SUFFIX_FORMAT = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tbx": "tbx",
    ".xlsx": "xlsx",
    ".ttl": "skos",
    ".md": "md",
    ".html": "html",
    ".htm": "html",
}
# what each non-JSON export is called when it is given where a glossary JSON is wanted
FORMAT_NAMES = {
    "jsonl": "JSON Lines export",
    "csv": "CSV export",
    "tsv": "TSV export",
    "tbx": "TBX (XML) export",
    "skos": "SKOS Turtle export",
    "md": "Markdown export",
    "html": "HTML page",
}


class UsageError(Exception):
    """A command line that cannot be carried out as given (exit code 2)."""


def say(message: str) -> None:
    """A message for the person at the terminal (standard error), with any control character shown."""
    print(visible(message), file=sys.stderr)


def load_glossary(path: str, what: str = "") -> Glossary:
    """The glossary at ``path`` for a command; a missing, damaged or foreign one is an :class:`InputError`."""
    from glossary.dictionary.glossary import Glossary, GlossaryFormatError

    if not Path(path).exists():
        hint = " (build one with: glossary extract DOCS -o glossary.json)" if what else ""
        raise InputError(f"{path}: no such file{hint}")
    try:
        return Glossary.load(path)
    except GlossaryFormatError as exc:
        raise InputError(_not_a_glossary(path) or str(exc)) from exc


def _not_a_glossary(path: str) -> str | None:
    """Why ``path`` is some other file than a glossary JSON (an export, a web page), when it plainly is.

    A file that fails to load is reported as damaged only when it looks like JSON; an export given where
    the glossary is wanted gets a message that says so instead of "restore it from a backup".
    """
    fmt = SUFFIX_FORMAT.get(Path(path).suffix.lower())
    try:
        with open(path, "rb") as f:
            head = f.read(512).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError:
        return None
    if fmt == "json" or (fmt is None and head[:1] in (b"{", b"[")):
        return None  # JSON: the loader's own message names the damage
    if fmt is None:
        if head[:1] == b"<":
            fmt = "html"
        elif head.startswith((b"@prefix", b"@base")):
            fmt = "skos"
        else:
            return None
    return (
        f"{path}: this is a {FORMAT_NAMES.get(fmt, fmt)}, not a glossary JSON; show, stats, merge and export "
        "read the JSON that 'glossary extract DOCS -o FILE.json' writes (exports cannot be read back)"
    )


def emit(out: str | bytes, target: str | None, fmt: str = "text") -> None:
    """Write to stdout, through ``target`` if it is a pipe or device, else atomically to ``target``.

    What goes to standard output for a person (the ``text`` formats, or any
    format when standard output is a terminal) shows control characters as
    escapes; files and pipes get the data exactly.
    """
    from glossary.io import scrub

    if isinstance(out, bytes):
        _emit_bytes(out, target)
        return
    out = scrub(out)  # a lone surrogate (from a loaded JSON) cannot be written as UTF-8
    if target is None:
        if fmt == "text" or sys.stdout.isatty():
            out = visible(out, json=fmt in ("json", "jsonl"))
        _write_stdout(out, sys.stdout)
        return
    try:
        if _is_stream(target):
            _write_through(target, out)
        else:
            atomic_write(target, out)
    except OSError as exc:
        raise InputError(f"cannot write {target} ({exc.strerror or exc})") from exc


def _emit_bytes(out: bytes, target: str | None) -> None:
    """A binary file (XLSX): atomically to ``target``, or to standard output unless it is a terminal."""
    from glossary.io import atomic_write_bytes

    if target is None:
        if sys.stdout.isatty():
            raise UsageError("this format is binary; write it to a file with -o FILE")
        sys.stdout.flush()
        sys.stdout.buffer.write(out)
        sys.stdout.buffer.flush()
        return
    try:
        if _is_stream(target):
            with open(target, "ab") as fh:  # a pipe or device is written through, never replaced
                fh.write(out)
        else:
            atomic_write_bytes(target, out)
    except OSError as exc:
        raise InputError(f"cannot write {target} ({exc.strerror or exc})") from exc


# --- output targets: never cost the user a file -----------------------------------------------------------

_STREAM_PREFIXES = ("/dev/fd/", "/proc/self/fd/", "/dev/stdout", "/dev/stderr")


def _is_stream(target: str) -> bool:
    """True for an output that must be written through, never replaced: a pipe, a device, ``/dev/stdout``."""
    if target.startswith(_STREAM_PREFIXES):
        return True
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _write_through(target: str, out: str) -> None:
    """Write into an existing pipe or device (appending: ``/dev/stdout`` may be a file opened with ``>>``)."""
    with open(target, "a", encoding="utf-8", newline="") as fh:
        fh.write(out)


def _write_stdout(out: str, stream: TextIO) -> None:
    stream.write(out)
    stream.flush()
