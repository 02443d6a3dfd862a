"""Reading documents nobody checked: encodings, binary files, clear errors.

Japanese text still travels in several encodings.  ``decode_bytes`` picks
one with a fixed ladder, because statistical detectors guess wrong on the
short texts this tool often reads (charset-normalizer takes a two-line
EUC-JP file for CP949 or Big5):

1. a byte order mark (UTF-32, UTF-8, UTF-16) decides;
2. NUL bytes or mostly control bytes mean a binary file, never decoded;
3. strict UTF-8 (the usual case, and ASCII);
4. ISO-2022-JP when the bytes are 7-bit with its escape sequences;
5. strict CP932 (Shift_JIS) and EUC-JP trial decodes, each scored by how
   much of what it produced is plausible Japanese (kana, JIS level-1 kanji,
   Japanese punctuation); the better one wins if it is plausible at all.

An explicit ``encoding=`` skips the guessing.  Whatever fails is reported
with the file name and the byte offset (and line) of the first bad byte,
and what to do about it.  Nothing is decoded with ``errors="replace"``:
garbage in a glossary is worse than a skipped file.

The module also holds :func:`scrub`, which makes any Python string safe to
encode as UTF-8 without changing its length (offsets stay exact).
"""

from __future__ import annotations

import codecs
import fnmatch
import functools
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pathspec

__all__ = [
    "TEXT_SUFFIXES",
    "BinaryFileError",
    "Decoded",
    "EncodingNameError",
    "InputError",
    "ReadError",
    "UndecodableError",
    "atomic_write",
    "check_encoding",
    "decode_bytes",
    "document_name",
    "escape_surrogates",
    "iter_inputs",
    "json_dumps",
    "json_line",
    "looks_binary",
    "read_document",
    "read_text",
    "remove_stale_temps",
    "scrub",
    "too_large",
    "xml_safe",
]

SNIFF_BYTES = 65_536  # how much of a file the binary test and the scorer look at
CONTROL_RATIO = 0.30  # above this share of control bytes a file is binary
MIN_PLAUSIBLE = 0.5  # a trial decode must score at least this to be believed
JAPANESE_CODECS = ("cp932", "euc_jp")  # tried in this order; ties go to the first
# Half-width katakana are what CP932 makes of EUC-JP bytes (0xA1-0xDF), so they are weak evidence
# for CP932; EUC-JP needs an explicit 0x8E prefix for each, which garbage seldom has.
_HALFWIDTH_WEIGHT = {"cp932": 0.05, "euc_jp": 0.8}

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_WIDE = ("utf_16", "utf_32")  # codecs whose text legitimately holds NUL bytes
_DISPLAY = {
    "utf_8": "UTF-8",
    "cp932": "Shift_JIS/CP932",
    "euc_jp": "EUC-JP",
    "iso2022_jp": "ISO-2022-JP",
    "iso8859_1": "Latin-1",
    "cp1252": "Windows-1252",
}
# C0 controls that plain text does not use (tab, LF, VT, FF, CR and ESC are allowed), and DEL
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
_ISO2022_ESC = re.compile(rb"\x1b\$[@B]|\x1b\(J|\x1b\(B")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# characters XML 1.0 cannot hold at all, even escaped
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class ReadError(Exception):
    """A document that cannot be read as text; ``str()`` says which file, why and what to do."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


class BinaryFileError(ReadError):
    """The bytes are not text (NUL bytes, mostly control bytes): skip, never decode."""


class UndecodableError(ReadError):
    """No encoding reads the bytes; ``offset`` is the first bad byte of the likeliest one."""

    def __init__(self, name: str, reason: str, offset: int) -> None:
        super().__init__(name, reason)
        self.offset = offset


class EncodingNameError(ValueError):
    """An ``encoding=`` that Python does not know (a usage error, not a file problem)."""


@dataclass(frozen=True, slots=True)
class Decoded:
    """A decoded document: its text, the codec used and whether a BOM was dropped."""

    text: str
    encoding: str
    bom: bool = False
    guessed: bool = True  # False when the caller named the encoding


def check_encoding(encoding: str) -> str:
    """The canonical codec name for ``encoding``; :class:`EncodingNameError` if unknown."""
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise EncodingNameError(
            f"unknown encoding {encoding!r}; use a Python codec name such as utf-8, cp932 (Shift_JIS), "
            "euc_jp, iso2022_jp or utf-16"
        ) from None
    try:
        codecs.getincrementaldecoder(info.name)
        "".encode(info.name)
    except (LookupError, TypeError):
        raise EncodingNameError(f"{encoding!r} is not a text encoding") from None
    return info.name.replace("-", "_")  # "utf-16" -> "utf_16", as the names this module compares


def read_document(
    path: str | PathLike[str],
    *,
    encoding: str | None = None,
    name: str | None = None,
    max_bytes: int | None = None,
) -> Decoded:
    """Read and decode one file; errors are :class:`ReadError` naming ``name`` (default: the path).

    A binary file is refused from its first :data:`SNIFF_BYTES`, never read
    whole; a file over ``max_bytes`` is refused before it is read.
    """
    p = Path(path)
    label = name if name is not None else str(p)
    try:
        with open(p, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if max_bytes is not None and size > max_bytes:
                raise ReadError(label, too_large(size, max_bytes))
            head = fh.read(SNIFF_BYTES)
            _refuse_binary_head(head, label, encoding)
            rest = fh.read(max_bytes + 1 - len(head)) if max_bytes is not None else fh.read()
    except FileNotFoundError:
        raise ReadError(label, "no such file or folder") from None
    except IsADirectoryError:
        raise ReadError(label, "is a folder (give the folder itself to read the text files in it)") from None
    except PermissionError:
        raise ReadError(label, "permission denied") from None
    except OSError as exc:
        raise ReadError(label, f"cannot read ({exc.strerror or exc})") from None
    if max_bytes is not None and len(head) + len(rest) > max_bytes:  # a pipe has no size to stat
        raise ReadError(label, too_large(len(head) + len(rest), max_bytes, at_least=True))
    return decode_bytes(head + rest if rest else head, name=label, encoding=encoding)


def too_large(size: int, limit: int, *, at_least: bool = False) -> str:
    """The reason given for a document over the size limit, with what to do about it."""
    return (
        f"too large ({'over ' if at_least else ''}{size / 1e6:,.1f} MB; the limit is {limit / 1e6:,.1f} MB "
        "per document: raise it with --max-size MB, or split the file)"
    )


def _refuse_binary_head(head: bytes, name: str, encoding: str | None) -> None:
    """The binary test of :func:`decode_bytes` on a file's first bytes, before the rest is read."""
    if encoding is not None:
        codec = check_encoding(encoding)
        why = None if codec.startswith(_WIDE) else looks_binary(head)
        if why:
            raise BinaryFileError(name, f"looks binary ({why}) even as {_DISPLAY.get(codec, codec)}")
        return
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return
    why = looks_binary(head)
    if why:
        raise BinaryFileError(name, f"looks binary ({why}); if it is text, name its encoding with --encoding")


def decode_bytes(data: bytes, *, name: str = "<bytes>", encoding: str | None = None) -> Decoded:
    """Decode a document's bytes, detecting the encoding unless ``encoding`` names it.

    Raises :class:`BinaryFileError` for binary data and
    :class:`UndecodableError` (with the byte offset) when nothing fits.
    """
    if encoding is not None:
        return _decode_as(data, name, check_encoding(encoding))
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return Decoded(_strict(data, len(bom), codec, name), codec, bom=True)
    why = looks_binary(data)
    if why:
        raise BinaryFileError(name, f"looks binary ({why}); if it is text, name its encoding with --encoding")
    if data.isascii() and _ISO2022_ESC.search(data):  # 7-bit, so it would pass as UTF-8 too
        try:
            return Decoded(data.decode("iso2022_jp"), "iso2022_jp")
        except UnicodeDecodeError:
            pass
    try:
        return Decoded(data.decode("utf-8"), "utf_8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    failures: list[tuple[str, int]] = [("utf_8", utf8_error.start)]
    decoded: dict[str, str] = {}
    for codec in JAPANESE_CODECS:
        try:
            decoded[codec] = data.decode(codec)
        except UnicodeDecodeError as exc:
            failures.append((codec, exc.start))
    best: tuple[float, str, str] | None = None
    for codec, text in decoded.items():
        # half-width katakana only cast doubt on CP932 when EUC-JP could have read the bytes
        halfwidth = _HALFWIDTH_WEIGHT[codec] if len(decoded) > 1 else 0.8
        score = japanese_score(text, halfwidth=halfwidth)
        if best is None or score > best[0]:
            best = (score, codec, text)
    if best is not None and best[0] >= MIN_PLAUSIBLE:
        return Decoded(best[2], best[1])
    offset = utf8_error.start
    line = data.count(b"\n", 0, offset) + 1
    tried = ", ".join(f"{_DISPLAY.get(c, c)} fails at byte {o}" for c, o in failures)
    if best is not None:
        tried += f", {_DISPLAY.get(best[1], best[1])} gives implausible text"
    raise UndecodableError(
        name,
        f"cannot decode: invalid byte 0x{data[offset]:02x} at byte offset {offset} "
        f"(line {line}) as UTF-8 ({tried}); "
        "name the encoding with --encoding, or convert the file to UTF-8",
        offset,
    )


def _decode_as(data: bytes, name: str, codec: str) -> Decoded:
    """Decode with a codec the caller chose; a matching BOM is dropped."""
    if not codec.startswith(_WIDE):
        why = looks_binary(data)
        if why:
            raise BinaryFileError(name, f"looks binary ({why}) even as {_DISPLAY.get(codec, codec)}")
    _check_not_utf8(data, name, codec)
    skip = 0
    if codec == "utf_8" and data.startswith(codecs.BOM_UTF8):
        skip = len(codecs.BOM_UTF8)
    return Decoded(_strict(data, skip, codec, name), codec, bom=bool(skip), guessed=False)


def _check_not_utf8(data: bytes, name: str, codec: str) -> None:
    """Refuse a named legacy codec for bytes that are UTF-8 with non-ASCII text: it would give mojibake.

    Text in Latin-1, CP932 or EUC-JP is practically never valid UTF-8 as well, so such bytes are UTF-8 and
    the name is a mistake (``--encoding latin-1`` on Japanese UTF-8 reads ``ç¢ºçŽ‡`` for ``確率``).
    """
    if codec.startswith("utf") or data.isascii():
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return
    offset = next(i for i, byte in enumerate(data) if byte >= 0x80)
    line = data.count(b"\n", 0, offset) + 1
    word = text[len(data[:offset].decode("utf-8")) :][:6]
    raise UndecodableError(
        name,
        f"is UTF-8, not {_DISPLAY.get(codec, codec)}: {word!r} at byte offset {offset} (line {line}) "
        f"would be misread as {data[offset : offset + 8].decode(codec, 'replace')!r}; "
        "drop --encoding (UTF-8 is detected), or name the encoding the file really has",
        offset,
    )


def _strict(data: bytes, skip: int, codec: str, name: str) -> str:
    try:
        return data[skip:].decode(codec) if skip else data.decode(codec)
    except UnicodeDecodeError as exc:
        offset = exc.start + skip
        line = data.count(b"\n", 0, offset) + 1
        raise UndecodableError(
            name,
            f"not valid {_DISPLAY.get(codec, codec)}: {exc.reason} at byte offset {offset} (line {line}); "
            "check --encoding, or convert the file to UTF-8",
            offset,
        ) from None


def looks_binary(data: bytes) -> str | None:
    """Why ``data`` is not text (NUL bytes, mostly control bytes), or None.

    NUL is searched in the whole file (it is a C-speed scan); the share of
    control bytes is measured on the first :data:`SNIFF_BYTES`.
    """
    nul = data.find(b"\0")
    if nul >= 0:
        return f"NUL byte at offset {nul}"
    head = data[:SNIFF_BYTES]
    if head:
        controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
        if controls / len(head) > CONTROL_RATIO:
            return f"{controls} control bytes in the first {len(head)}"
    return None


def japanese_score(text: str, *, halfwidth: float = 0.05, sample: int = 20_000) -> float:
    """How plausible ``text`` is as Japanese: the mean weight of its non-ASCII characters.

    Kana, Japanese punctuation and JIS level-1 kanji weigh 1; level-2 kanji,
    full-width forms and symbols less; half-width katakana ``halfwidth``;
    private-use and control characters count against.  Pure ASCII scores 1.
    Only the first ``sample`` non-ASCII characters are looked at.
    """
    chars = []
    for m in _NON_ASCII.finditer(text):
        chars.append(m.group())
        if len(chars) >= sample:
            break
    if not chars:
        return 1.0
    return sum(halfwidth if "\uff61" <= c <= "\uff9f" else _weight(c) for c in chars) / len(chars)


@functools.lru_cache(maxsize=16_384)
def _weight(ch: str) -> float:
    code = ord(ch)
    if 0x3040 <= code <= 0x30FF or 0x3000 <= code <= 0x303F:  # kana, CJK punctuation
        return 1.0
    if 0x4E00 <= code <= 0x9FFF:
        return 1.0 if _jis_level1(ch) else 0.3
    if 0xFF01 <= code <= 0xFF5E:  # full-width ASCII
        return 0.8
    if 0xE000 <= code <= 0xF8FF or code < 0x20 or 0x80 <= code <= 0x9F:  # private use, controls
        return -1.0
    if 0x2000 <= code <= 0x2BFF or 0x0391 <= code <= 0x0451:  # symbols, arrows, box drawing, Greek, Cyrillic
        return 0.3
    return 0.0


def _jis_level1(ch: str) -> bool:
    """JIS X 0208 level-1 (everyday) kanji: EUC-JP rows 16-47, first byte 0xB0-0xCF."""
    try:
        b = ch.encode("euc_jp")
    except UnicodeEncodeError:
        return False
    return len(b) == 2 and 0xB0 <= b[0] <= 0xCF


def scrub(text: str) -> str:
    """``text`` with lone surrogates replaced by U+FFFD, so it always encodes as UTF-8.

    One code point for one: every offset into ``text`` stays valid.
    """
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def xml_safe(text: str) -> str:
    """``text`` with the characters XML 1.0 forbids (controls, surrogates) replaced by U+FFFD.

    Escaping ``<`` ``&`` and quotes is the XML writer's job; these characters
    cannot be written at all, not even as character references.
    """
    return _XML_ILLEGAL.sub("\ufffd", text) if _XML_ILLEGAL.search(text) else text


def json_dumps(obj: object, *, indent: int | None = None) -> str:
    """``json.dumps`` with readable Japanese (``ensure_ascii=False``) that always encodes as UTF-8.

    A lone surrogate (possible in a Python string, impossible in UTF-8) is
    written as its ``\\udXXX`` escape, which ``json.loads`` turns back into
    the same character: saving stays lossless.  In JSON text such a
    character can only stand inside a string, so the escape is always valid.
    """
    import json

    return escape_surrogates(json.dumps(obj, ensure_ascii=False, indent=indent))


def escape_surrogates(json_text: str) -> str:
    """JSON text with each lone surrogate written as its ``\\udXXX`` escape (see :func:`json_dumps`)."""
    if _SURROGATE.search(json_text) is None:
        return json_text
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)


def json_line(text: str, path: tuple[str | int, ...]) -> int | None:
    """The line (1-based) where the value at ``path`` (keys and list indexes) starts in JSON ``text``.

    Used to point at the damaged part of a saved file after ``json.loads``
    has succeeded, which keeps no positions.  Walks the text once, skipping
    sibling values with the standard decoder; None if the path is not there.
    """
    import json

    decoder = json.JSONDecoder()
    ws = re.compile(r"[ \t\n\r]*")

    def skip(i: int) -> int:
        m = ws.match(text, i)
        return m.end() if m else i

    try:
        i = skip(0)
        if text.startswith("\ufeff", i):
            i = skip(i + 1)
        for step in path:
            if isinstance(step, str):
                if text[i] != "{":
                    return None
                i = skip(i + 1)
                while text[i] != "}":
                    name, i = json.decoder.scanstring(text, i + 1)  # type: ignore[attr-defined]
                    i = skip(i)
                    i = skip(i + 1)  # the colon
                    if name == step:
                        break
                    _, i = decoder.raw_decode(text, i)
                    i = skip(i)
                    if text[i] == ",":
                        i = skip(i + 1)
                else:
                    return None
            else:
                if text[i] != "[":
                    return None
                i = skip(i + 1)
                for _ in range(step):
                    if text[i] == "]":
                        return None
                    _, i = decoder.raw_decode(text, i)
                    i = skip(i)
                    if text[i] == ",":
                        i = skip(i + 1)
                if text[i] == "]":
                    return None
        return text.count("\n", 0, i) + 1
    except (IndexError, ValueError):
        return None


TEMP_PREFIX = ".glossary-"
TEMP_SUFFIX = ".tmp"
STALE_TEMP_SECONDS = 86_400  # a temporary file of ours this old belongs to a run that was killed


def atomic_write(path: str | PathLike[str], text: str | bytes | Iterable[str]) -> None:
    """Write ``text`` as UTF-8 to ``path`` so that it is never seen half-written.

    ``text`` is a string, an iterable of pieces written as they come (a
    large file need never be held whole), or bytes written as they are.  The text goes to a temporary file
    in the same folder, is flushed to disk, then renamed over ``path``
    (``os.replace`` is atomic): a run killed at any moment, or an iterable
    that raises, leaves either the old file or the new one, never a mix.  A
    symbolic link is followed (the link stays a link); the file keeps the
    mode, owner and group of the one it replaces where the user may set them,
    else 0666 less the umask.  Temporary files of this user's killed runs
    older than a day are removed from the folder first.
    """
    import tempfile

    target = os.path.realpath(os.fspath(path))
    try:
        old: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        old = None
    if old is not None:
        mode = old.st_mode & 0o777
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    folder = os.path.dirname(target)
    remove_stale_temps(folder)
    # SIGINT / SIGTERM wait while the temporary file is created, until the block that removes it is entered:
    # a signal between the two would leave the file behind
    held = _hold_signals()
    try:
        fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)
    except BaseException:
        _release_signals(held)
        raise
    try:
        _release_signals(held)
        if isinstance(text, bytes):
            with os.fdopen(fd, "wb") as raw:
                raw.write(text)
                raw.flush()
                os.fsync(raw.fileno())
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                if isinstance(text, str):
                    fh.write(text)
                else:
                    fh.writelines(text)
                fh.flush()
                os.fsync(fh.fileno())
        if old is not None:
            _keep_owner(tmp, old)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    try:  # make the rename itself durable
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def atomic_write_bytes(path: str | PathLike[str], data: bytes) -> None:
    """:func:`atomic_write` for bytes (a workbook, a document rewritten in its own encoding)."""
    atomic_write(path, data)


def _hold_signals() -> set[int] | None:
    """Block SIGINT and SIGTERM (they stay pending); the previous mask, or None where that is impossible."""
    import signal

    if not hasattr(signal, "pthread_sigmask"):
        return None
    return set(signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM}))


def _release_signals(held: set[int] | None) -> None:
    """Restore the mask :func:`_hold_signals` replaced; a pending signal is handled right after."""
    import signal

    if held is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _keep_owner(tmp: str, old: os.stat_result) -> None:
    """Give ``tmp`` the owner and group of the file it replaces, as far as this user may."""
    if (old.st_uid, old.st_gid) == (os.getuid(), os.getgid()):
        return
    try:
        os.chown(tmp, old.st_uid, old.st_gid)
    except OSError:
        try:
            os.chown(tmp, -1, old.st_gid)  # a member of the group may keep the group
        except OSError:
            pass


def remove_stale_temps(folder: str | PathLike[str], *, age: float = STALE_TEMP_SECONDS) -> list[str]:
    """Remove the temporary files :func:`atomic_write` left in ``folder`` when a run was killed.

    Only files named like ours, owned by this user and unchanged for ``age``
    seconds are removed (a run still writing touches its file); returns their paths.
    """
    import time

    removed: list[str] = []
    cutoff = time.time() - age
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not (entry.name.startswith(TEMP_PREFIX) and entry.name.endswith(TEMP_SUFFIX)):
            continue
        try:
            st = entry.stat(follow_symlinks=False)
            if entry.is_file(follow_symlinks=False) and st.st_uid == os.getuid() and st.st_mtime < cutoff:
                os.unlink(entry.path)
                removed.append(entry.path)
        except OSError:
            continue
    return removed


# --- walking folders and reading inputs (the command line and the API read the same files) -------

# the suffixes a folder walk reads (a file named explicitly is read whatever its suffix)
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".mdx", ".rst", ".html", ".htm", ".tex", ".ipynb")


class InputError(Exception):
    """An input that could not be read; the message says which and why."""


def iter_inputs(
    paths: Sequence[str],
    globs: Sequence[str] | None = None,
    excludes: Sequence[str] | None = None,
    *,
    errors: Callable[[str, str], None] | None = None,
    output: str | None = None,
    gitignore: bool = False,
) -> Iterator[tuple[str, Path | None]]:
    """Expand folders into matching files (sorted, recursive, hidden folders skipped); ``-`` is stdin.

    Files named explicitly are always yielded, whatever their suffix; ``excludes`` (glob patterns
    matched against a name or a path below the folder) leave files and whole folders out of walks.
    A folder that cannot be read goes to ``errors(name, message)``; the file ``output`` (the
    command's own output, by real path) is never yielded from a folder.  With ``gitignore``, what the
    ``.gitignore`` files inside a walked folder ignore is left out, as git would leave it out.
    """
    excluded = os.path.realpath(output) if output else None
    for raw in paths:
        if raw == "-":
            yield "-", None
            continue
        path = Path(raw)
        if not path.is_dir():
            yield raw, path
            continue
        for child in sorted(_walk(path, excludes or (), errors, gitignore=gitignore)):
            if not _wanted(child, globs):
                continue
            if excluded is not None and os.path.realpath(child) == excluded:
                continue
            yield str(child), child


def _excluded(path: Path, root: Path, excludes: Sequence[str]) -> bool:
    """True when a pattern matches the name, or the path relative to the walked folder."""
    rel = path.relative_to(root).as_posix()
    return any(fnmatch.fnmatch(path.name, g) or fnmatch.fnmatch(rel, g) for g in excludes)


_Ignores = tuple[tuple[Path, "pathspec.GitIgnoreSpec"], ...]


def _gitignore(folder: Path, ignores: _Ignores, errors: Callable[[str, str], None] | None) -> _Ignores:
    """``ignores`` with the rules of ``folder/.gitignore`` added (they apply below ``folder``)."""
    source = folder / ".gitignore"
    try:
        lines = source.read_text(encoding="utf-8", errors="replace").splitlines()
    except FileNotFoundError:
        return ignores
    except OSError as exc:
        if errors is not None:
            errors(str(source), f"{source}: cannot read ({exc.strerror or exc}); its rules are not applied")
        return ignores
    import pathspec  # only for walks that meet a .gitignore

    return (*ignores, (folder, pathspec.GitIgnoreSpec.from_lines(lines)))


def _ignored(path: Path, is_dir: bool, ignores: _Ignores) -> bool:
    """What git would say: the deepest .gitignore whose rules match ``path`` decides (``!`` re-includes)."""
    verdict = False
    for base, spec in ignores:
        rel = path.relative_to(base).as_posix() + ("/" if is_dir else "")
        include = spec.check_file(rel).include
        if include is not None:
            verdict = include
    return verdict


def _walk(
    folder: Path,
    excludes: Sequence[str] = (),
    errors: Callable[[str, str], None] | None = None,
    *,
    gitignore: bool = False,
) -> Iterator[Path]:
    """Regular files under ``folder``, with a stack instead of recursion (any depth is fine).

    Hidden folders, folders ``excludes`` matches and symbolic links to folders
    are not entered; with ``gitignore``, files and folders the ``.gitignore`` files
    met on the way ignore are left out as git would.  A folder that cannot be listed
    is reported to ``errors`` and the walk goes on.
    """
    stack: list[tuple[Path, _Ignores]] = [(folder, ())]
    while stack:
        current, ignores = stack.pop()
        if gitignore:
            ignores = _gitignore(current, ignores, errors)
        try:
            with os.scandir(current) as it:
                entries = list(it)
        except OSError as exc:
            if errors is not None:
                name = str(current)
                why = f"cannot read folder ({exc.strerror or exc}); the files in it are not read"
                errors(name, f"{name}: {why}")
            continue
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            path = Path(entry.path)
            if ignores and _ignored(path, is_dir, ignores):
                continue
            if is_dir:
                if (
                    not entry.name.startswith(".")
                    and not entry.is_symlink()
                    and not _excluded(path, folder, excludes)
                ):
                    stack.append((path, ignores))
                continue
            if excludes and _excluded(path, folder, excludes):
                continue
            if path.is_file():  # not a pipe, socket or device: reading one would hang or never end
                yield path


def _wanted(path: Path, globs: Sequence[str] | None) -> bool:
    if globs:
        return any(fnmatch.fnmatch(path.name, g) or path.match(g) for g in globs)
    return path.suffix.lower() in TEXT_SUFFIXES


def document_name(path: str, root: str = ".") -> str:
    """A document's identity in a glossary: its path relative to ``root``, normalised (``/`` separators).

    ``docs/a.md``, ``./docs/../docs/a.md`` and ``$PWD/docs/a.md`` all give
    ``docs/a.md``; a file outside ``root`` keeps its absolute path; ``-`` stays ``-``.
    """
    if path == "-":
        return path
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute, os.path.abspath(root))
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return Path(absolute).as_posix()
    return Path(relative).as_posix()


def read_text(name: str, path: Path | None, encoding: str | None = None, max_bytes: int | None = None) -> str:
    """Read one input (``path`` None: standard input) and decode it.

    Decoding is :func:`glossary.io.decode_bytes`: a BOM, then UTF-8, then the
    Japanese legacy encodings by plausibility, unless ``encoding`` names one;
    binary, undecodable and (over ``max_bytes``) too large inputs raise
    :class:`InputError` saying why.
    """
    try:
        if path is None:
            data = sys.stdin.buffer.read() if max_bytes is None else sys.stdin.buffer.read(max_bytes + 1)
            if max_bytes is not None and len(data) > max_bytes:
                raise ReadError(name, too_large(len(data), max_bytes, at_least=True))
            return decode_bytes(data, name=name, encoding=encoding).text
        return read_document(path, encoding=encoding, name=name, max_bytes=max_bytes).text
    except ReadError as exc:
        raise InputError(str(exc)) from exc
