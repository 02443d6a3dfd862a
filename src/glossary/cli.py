"""Command line: ``glossary extract PATH... [--format json] [-o FILE]``.

A thin shell over :func:`glossary.find_definitions` and
:class:`glossary.dictionary.Glossary`; data goes to standard output, messages
to standard error.  Exit codes: 0 ok, 1 some input failed, 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from glossary.extract import DEFAULT_MIN_SCORE, find_definitions
from glossary.models import Definition

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".mdx", ".rst", ".html", ".htm", ".tex")

EXAMPLES = """\
examples:
  glossary extract data/samples/ --format json -o terms.json
  glossary extract notes.md --min-score 0.3
  cat article.txt | glossary extract -
"""


class InputError(Exception):
    """A file that could not be read; the message says which and why."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except BrokenPipeError:  # `| head` closed the pipe: not an error
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="glossary",
        description="Build a bilingual term dictionary from Japanese technical prose.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    ext = sub.add_parser(
        "extract",
        help="find term definitions in files and print a glossary",
        description="Find bracketed term definitions in text files (folders are searched recursively).",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ext.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, or - for standard input")
    ext.add_argument(
        "--format", default="text", choices=["text", "json"], help="output format (default: text)"
    )
    ext.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    ext.add_argument(
        "--min-score",
        type=float,
        default=DEFAULT_MIN_SCORE,
        help=f"score threshold (default {DEFAULT_MIN_SCORE})",
    )
    ext.set_defaults(func=_cmd_extract)
    return parser


def iter_inputs(paths: Sequence[str]) -> Iterator[tuple[str, Path | None]]:
    """Expand folders into their text files (sorted, recursive); ``-`` is stdin."""
    for raw in paths:
        if raw == "-":
            yield "-", None
            continue
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in TEXT_SUFFIXES:
                    yield str(child), child
        else:
            yield raw, path


def read_text(name: str, path: Path | None) -> str:
    """Read one input as UTF-8 (a BOM is dropped); say which file and where decoding failed."""
    if path is None:
        data = sys.stdin.buffer.read()
    else:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not valid UTF-8 at byte {exc.start}; convert the file to UTF-8 first"
        ) from exc


def _cmd_extract(args: argparse.Namespace) -> int:
    from glossary.dictionary import Glossary

    failed = 0
    definitions: list[Definition] = []
    for name, path in iter_inputs(args.paths):
        try:
            text = read_text(name, path)
        except InputError as exc:
            print(f"glossary: {exc}", file=sys.stderr)
            failed += 1
            continue
        definitions.extend(find_definitions(text, doc=name, min_score=args.min_score))
    glossary = Glossary.from_definitions(definitions)
    if args.format == "json":
        out = json.dumps(glossary.to_dict(), ensure_ascii=False, indent=1) + "\n"
    else:
        out = _term_list(glossary)
    _emit(out, args.output)
    return 1 if failed else 0


def _term_list(glossary: object) -> str:
    """A readable list: one concept a line, ``ja | en | abbr``."""
    lines = []
    for entry in glossary.to_dict()["entries"]:  # type: ignore[attr-defined]
        cells = [entry.get(k) or "" for k in ("ja", "en", "abbr")]
        lines.append(" | ".join(cells))
    return "\n".join(lines) + ("\n" if lines else "")


def _emit(out: str, target: str | None) -> None:
    """Write to stdout, or atomically to ``target`` (temporary file, then rename)."""
    if target is None:
        sys.stdout.write(out)
        sys.stdout.flush()
        return
    directory = os.path.dirname(os.path.abspath(target))
    fd, tmp = tempfile.mkstemp(prefix=".glossary-", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(out)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


if __name__ == "__main__":
    raise SystemExit(main())
