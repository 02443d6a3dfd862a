"""Command line: ``glossary extract | merge | show | stats | export``.

A thin shell over :func:`glossary.find_definitions` and
:class:`glossary.dictionary.glossary.Glossary`.  Data goes to standard output (or,
atomically, to ``-o FILE``); progress, warnings and the closing summary go to
standard error.  Exit codes: 0 ok, 1 some input failed, 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import signal
import sys
import time
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from glossary.console import (
    SUFFIX_FORMAT,
    UsageError,
    _is_stream,
)
from glossary.console import emit as _emit
from glossary.console import load_glossary as _load
from glossary.console import say as _say
from glossary.extract import DEFAULT_MIN_SCORE
from glossary.io import TEXT_SUFFIXES, InputError, document_name, iter_inputs, read_text
from glossary.models import ROLES
from glossary.text.display import visible
from glossary.text.formats import MARKUPS, source_file

if TYPE_CHECKING:
    from glossary.dictionary.entries import Entry
    from glossary.dictionary.glossary import Glossary
    from glossary.models import Definition

__all__ = [
    "FORMATS",
    "TEXT_SUFFIXES",
    "InputError",
    "UsageError",
    "iter_inputs",
    "main",
    "read_text",
    "render",
]

FORMATS = (
    "text",
    "json",
    "jsonl",
    "csv",
    "tsv",
    "xlsx",
    "tbx",
    "tbx-v2",
    "skos",
    "md",
    "html",
    "anki",
    "prh",
)
# -o FILE suffixes that mean the readable term list
TEXT_OUTPUT_SUFFIXES = ("", ".txt", ".text")
DEFAULT_GLOSSARY = "glossary.json"
# per-document limits (--max-size, --max-brackets): past them a document is skipped with the reason, so one
# hostile file cannot take the machine's memory or hours of time
DEFAULT_MAX_SIZE_MB = 100
DEFAULT_MAX_BRACKETS = 5_000_000
_BRACKET_CHARS = "()（）[]［］"
EXIT_TERMINATED = 128 + signal.SIGTERM  # 143, as a shell reports a process ended by SIGTERM

EXTRACT_EXAMPLES = """\
examples:
  glossary extract data/samples/                        # a readable term list
  glossary extract data/samples/ -o terms.json          # format from the suffix (json)
  glossary extract docs/ --glob '*.md' --format html -o glossary.exports.html
  glossary extract new/ --update terms.json             # add new documents to terms.json
  glossary extract docs/ --overrides curation.txt --jobs 2 --format csv -o terms.csv
  cat article.txt | glossary extract - --format jsonl
  glossary extract old-notes/ --encoding cp932          # Shift_JIS files (detected anyway)
"""
MERGE_EXAMPLES = """\
examples:
  glossary merge team-a.json team-b.json -o all.json
"""
SHOW_EXAMPLES = """\
examples:
  glossary show SAE -g terms.json
  glossary show SAE terms.json                        # the glossary may also come after the term
  glossary show 隠れマルコフモデル -g terms.json --format json
  glossary show "stacked autoencoders"                # normalised and fuzzy lookup in ./glossary.json
"""
STATS_EXAMPLES = """\
examples:
  glossary stats terms.json --top 20                  # or: glossary stats -g terms.json
  glossary stats -g terms.json --format json
"""
EXPORT_EXAMPLES = """\
examples:
  glossary export terms.json --format html -o glossary.exports.html
  glossary export terms.json --format tbx -o terms.tbx
  glossary export terms.json --format anki -o cards.txt
  glossary export terms.json --format prh -o prh.yml     # rules for textlint-rule-prh
  glossary export terms.json --format xlsx -o terms.xlsx # CAT tools: ja / en columns, context, source
  glossary export terms.json --format tbx-v2 -o old.tbx  # TBX v2 (martif) for older tools
"""


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived (``timeout``, ``docker stop``, a cancelled CI job): unwind like Ctrl-C."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    previous = _on_sigterm()
    try:
        return int(args.func(args))
    except Exception as exc:
        if args.debug:
            raise
        return _report(parser, args, exc)
    except Terminated:
        _say("glossary: terminated")
        return EXIT_TERMINATED
    except KeyboardInterrupt:
        _say("glossary: interrupted")
        return 130
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _on_sigterm() -> Any:
    """Make SIGTERM raise :class:`Terminated`, so temporary files are removed as on Ctrl-C.

    Returns the previous handler (None when signals cannot be set here: not the main thread).
    """

    def handler(signum: int, frame: object) -> None:
        raise Terminated()

    try:
        return signal.signal(signal.SIGTERM, handler)
    except ValueError:
        return None


def _report(parser: argparse.ArgumentParser, args: argparse.Namespace, exc: Exception) -> int:
    """The exit code and a one-paragraph message for ``exc``; tracebacks only with ``--debug``."""
    from glossary.dictionary.entries import GlossaryFormatError
    from glossary.dictionary.overrides import OverridesError
    from glossary.io import ReadError

    try:
        raise exc
    except UsageError as exc:
        parser_for = getattr(args, "subparser", parser)
        parser_for.print_usage(sys.stderr)
        _say(f"glossary {args.command}: error: {exc}")
        return 2
    except InputError as exc:
        _say(f"glossary {args.command}: error: {exc}")
        return 1
    except (GlossaryFormatError, OverridesError, ReadError) as exc:  # user mistakes that got this far
        _say(f"glossary {args.command}: error: {exc}")
        return 1
    except BrokenPipeError:
        # `| head` closed the pipe: not an error; keep Python from complaining at exit
        _silence_stdout()
        return 0
    except MemoryError:
        _say(f"glossary {args.command}: error: out of memory; try fewer or smaller inputs")
        return 1
    except Exception as exc:
        _say(
            f"glossary {args.command}: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in glossary, not in your input; run again with --debug to see the traceback, "
            "and report it."
        )
        return 1


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


# --- argument parsing -----------------------------------------------------------------------------


def _number(text: str, kind: type[float] | type[int], noun: str, at_least: float, meaning: str = "") -> float:
    """Parse an option's number and check its lower bound, with argparse's error for either failure."""
    try:
        value = kind(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a {noun}: {text!r}") from None
    if value < at_least:
        raise argparse.ArgumentTypeError(f"must be {at_least:g}{meaning} or more, got {value}")
    return value


def _probability(text: str) -> float:
    value = _number(text, float, "number", -math.inf)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, got {value}")
    return value


def _positive(text: str) -> int:
    return int(_number(text, int, "whole number", 1))


def _size_mb(text: str) -> int:
    """A size in MB for --max-size; 0 means no limit."""
    return int(_number(text, float, "number of MB", 0, " (no limit)") * 1_000_000)


def _count(text: str) -> int:
    """A whole number for a limit; 0 means no limit."""
    return int(_number(text, int, "whole number", 0, " (no limit)"))


class _Parser(argparse.ArgumentParser):
    """argparse whose error messages (which quote what was typed) show control characters as escapes."""

    def error(self, message: str) -> NoReturn:
        super().error(visible(message))


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="glossary",
        description="Build a cross-linked bilingual (Japanese / English / acronym) term dictionary "
        "from the bracketed definitions in Japanese technical prose.",
        epilog=EXTRACT_EXAMPLES + MERGE_EXAMPLES + SHOW_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version", action=_About, help="show the version, the core (compiled or pure), tagger and lexicon"
    )
    parser.add_argument("--debug", action="store_true", help="show the traceback of an internal error")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help: str, description: str, examples: str) -> argparse.ArgumentParser:
        p = sub.add_parser(
            name,
            help=help,
            description=description,
            epilog=examples,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.set_defaults(subparser=p)
        p.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        return p

    ext = command(
        "extract",
        "find term definitions in files and write a glossary",
        "Find bracketed term definitions in text files, merge them into one entry per concept and "
        "write the glossary. Folders are searched recursively (hidden folders are skipped); "
        "'-' reads standard input.",
        EXTRACT_EXAMPLES,
    )
    ext.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, or - for standard input")
    ext.add_argument(
        "--glob",
        action="append",
        metavar="PATTERN",
        help="in folders, read files whose name matches PATTERN (repeatable; default: "
        + " ".join("*" + s for s in TEXT_SUFFIXES)
        + ")",
    )
    ext.add_argument(
        "--exclude",
        action="append",
        metavar="PATTERN",
        help="in folders, leave out files and folders whose name or path matches PATTERN "
        "(repeatable; e.g. --exclude '*.en.md' --exclude 'vendor')",
    )
    ext.add_argument(
        "--no-ignore",
        action="store_true",
        help="in folders, read files that a .gitignore inside the folder ignores too "
        "(by default they are left out, as git leaves them out)",
    )
    ext.add_argument(
        "--format-in",
        choices=MARKUPS,
        metavar="MARKUP",
        help="read every input as this markup: " + ", ".join(MARKUPS) + " (default: from the suffix: "
        ".md/.mdx Markdown, .rst reStructuredText, .html HTML, .ipynb notebook cells, else text)",
    )
    _format_option(ext)
    _output_option(ext)
    ext.add_argument(
        "--min-score",
        type=_probability,
        default=DEFAULT_MIN_SCORE,
        help=f"drop definitions scored below this (0-1, default {DEFAULT_MIN_SCORE})",
    )
    ext.add_argument(
        "--update",
        metavar="EXISTING.json",
        help="add to this saved glossary, keeping its entries and curation; documents read again "
        "replace their earlier definitions; without -o the file is rewritten in place",
    )
    ext.add_argument(
        "--overrides",
        metavar="FILE",
        help="curation rules applied after the build (pin / merge / split / block, one per line)",
    )
    ext.add_argument(
        "--encoding",
        metavar="NAME",
        help="decode every input with this codec (default: detect UTF-8, Shift_JIS, EUC-JP, ISO-2022-JP)",
    )
    ext.add_argument(
        "--root",
        metavar="DIR",
        default=".",
        help="documents are named by their path relative to DIR (default: the current folder), so one "
        "file given as docs/a.md, ./docs/a.md or its absolute path is one document",
    )
    ext.add_argument(
        "--max-size",
        type=_size_mb,
        default=DEFAULT_MAX_SIZE_MB * 1_000_000,
        metavar="MB",
        help=f"skip a document larger than this (default {DEFAULT_MAX_SIZE_MB}; 0: no limit)",
    )
    ext.add_argument(
        "--max-brackets",
        type=_count,
        default=DEFAULT_MAX_BRACKETS,
        metavar="N",
        help=f"skip a document with more bracket characters than this (default {DEFAULT_MAX_BRACKETS:,}; "
        "0: no limit)",
    )
    ext.add_argument(
        "--jobs",
        "-j",
        type=_positive,
        default=1,
        metavar="N",
        help="processes, this one included (default 1)",
    )
    _quiet_option(ext)
    ext.set_defaults(func=_cmd_extract)

    mrg = command(
        "merge",
        "merge saved glossaries into one",
        "Merge saved glossaries (JSON). The result does not depend on the order of the inputs; "
        "curation rules of all inputs are kept.",
        MERGE_EXAMPLES,
    )
    mrg.add_argument("inputs", nargs="*", metavar="GLOSSARY.json", help="glossaries saved by extract")
    mrg.add_argument(
        "-g",
        "--glossary",
        action="append",
        default=[],
        metavar="FILE",
        help="a glossary to merge, as -g (repeatable; adds to the positional ones)",
    )
    _format_option(mrg)
    _output_option(mrg)
    _quiet_option(mrg)
    mrg.set_defaults(func=_cmd_merge)

    show = command(
        "show",
        "show one entry (any language; suggests near matches)",
        "Look a term up by any of its surfaces (Japanese, English or acronym; normalised, then fuzzy) "
        "and show its entry: forms, variants, counts, links and where it was defined.",
        SHOW_EXAMPLES,
    )
    show.add_argument("term", metavar="TERM")
    _glossary_argument(show)
    _glossary_option(show)
    show.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default text)"
    )
    show.set_defaults(func=_cmd_show)

    stats = command(
        "stats",
        "counts, top terms and homonyms of a saved glossary",
        "Summarise a saved glossary: entries, definitions, documents, language coverage, the most "
        "frequent terms and acronyms with several meanings.",
        STATS_EXAMPLES,
    )
    _glossary_argument(stats)
    _glossary_option(stats)
    stats.add_argument(
        "--top", type=_positive, default=10, metavar="N", help="how many top terms (default 10)"
    )
    stats.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default text)"
    )
    stats.set_defaults(func=_cmd_stats)

    exp = command(
        "export",
        "convert a saved glossary to another format",
        "Convert a saved glossary (JSON) to another format.",
        EXPORT_EXAMPLES,
    )
    exp.add_argument("input", nargs="?", metavar="IN.json", help="the saved glossary (or -g IN.json)")
    _glossary_option(exp, default=False)
    _format_option(exp)
    _output_option(exp)
    exp.set_defaults(func=_cmd_export)

    _check_parser(command)  # the rules, reports and fixes are in glossary.check.rules
    return parser


class _About(argparse.Action):
    """``--version``: what this install runs on (:func:`glossary.cli.about.describe`), found when asked."""

    def __init__(self, option_strings: Sequence[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        from glossary.cli.about import describe

        try:
            print(describe(), flush=True)
        except BrokenPipeError:  # `glossary --version | head -1`: not an error
            _silence_stdout()
        parser.exit()


def _format_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--format",
        "-f",
        choices=FORMATS,
        default=None,
        metavar="FORMAT",
        help=f"one of {', '.join(FORMATS)} (default: from the -o suffix, else a readable term list)",
    )


def _output_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write to FILE (atomically; a pipe or device is written through) instead of standard output",
    )
    p.add_argument("--force", action="store_true", help="replace an output file even if it is read-only")
    p.add_argument(
        "--no-bom",
        dest="bom",
        action="store_false",
        help="CSV / TSV without the UTF-8 BOM (it is there by default: Excel needs it to read UTF-8)",
    )


def _quiet_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")


def _glossary_option(p: argparse.ArgumentParser, default: bool = True) -> None:
    where = f" (default: $GLOSSARY_FILE or ./{DEFAULT_GLOSSARY})" if default else ""
    p.add_argument("-g", "--glossary", metavar="FILE", help=f"saved glossary to read{where}")


def _glossary_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "glossary_file", nargs="?", metavar="GLOSSARY", help="saved glossary to read (same as -g GLOSSARY)"
    )


def _glossary_path(args: argparse.Namespace, positional: str, default: bool = True) -> str:
    """The glossary a command reads: positional or -g (not two different ones), else the default."""
    given = getattr(args, positional, None)
    option = args.glossary
    if given and option and given != option:
        raise UsageError(f"two glossaries given: {given} and -g {option}; give one")
    path = given or option
    if path:
        return str(path)
    if not default:
        raise UsageError("no glossary given: name the saved glossary (IN.json) or use -g IN.json")
    return os.environ.get("GLOSSARY_FILE", DEFAULT_GLOSSARY)


def _resolve_format(fmt: str | None, output: str | None) -> str:
    """The output format: ``--format``, else the ``-o`` suffix; also checks the output can be written.

    Called before any work, so a typo in ``-o`` costs nothing: a suffix that names no format
    (``terms.ods``) is a usage error rather than a text file under a misleading name, and a
    missing folder or an unwritable one is reported before the inputs are read.
    """
    if output is not None:
        _check_writable(output)
    if fmt:
        return fmt
    if output and _is_store(output):
        return "json"  # a store holds what the JSON holds; it is written by _write_glossary, never rendered
    if output:
        suffix = Path(output).suffix.lower()
        if suffix in SUFFIX_FORMAT:
            return SUFFIX_FORMAT[suffix]
        if suffix not in TEXT_OUTPUT_SUFFIXES:
            known = " ".join(sorted(SUFFIX_FORMAT))
            hint = " (spreadsheets: -o terms.xlsx, or terms.csv)" if suffix in (".xls", ".ods") else ""
            raise UsageError(
                f"-o {output}: glossary cannot write {suffix} files{hint}; use a suffix it knows "
                f"({known}, or .txt for the term list) or name the format with --format"
            )
    return "text"


def _check_writable(target: str) -> None:
    """A usage error when ``target`` cannot be written: a missing or read-only folder, or a folder itself."""
    if _is_stream(target):
        return  # a pipe or device is written through, whatever its folder allows
    path = Path(target)
    folder = path.parent
    if path.is_dir():
        raise UsageError(f"cannot write {target}: it is a folder; name a file inside it")
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist (create it first)"
        raise UsageError(f"cannot write {target}: the folder {folder} {what}")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UsageError(f"cannot write {target}: no permission to create files in {folder}")


CHECK_EXAMPLES = """\
examples:
  glossary check docs/ -g terms.json                     # path:line:col: severity rule message
  glossary check docs/                                   # the glossary built from docs/ itself
  glossary check docs/ -g terms.json --format sarif -o glossary.sarif
  glossary check docs/ -g terms.json --disable acronym-undefined --severity variant=note
  glossary check docs/ -g terms.json --diff              # what --fix would change
  glossary check docs/ -g terms.json --fix               # rewrite variants to the canonical form
settings in pyproject.toml:
  [tool.glossary.check]
  disable = ["acronym-undefined"]
  severity = { variant = "note" }
a line opts out with <!-- glossary-disable-line --> (or <!-- glossary-disable-line variant -->)
exit codes: 0 no findings, 1 findings (or unreadable inputs), 2 usage error
"""


def _check_parser(command: Callable[[str, str, str, str], argparse.ArgumentParser]) -> None:
    """``glossary check``: its options here, its work in :mod:`glossary.check.rules` (imported to run)."""
    p = command(
        "check",
        "check documents against a glossary (variants, acronyms, translations)",
        "Check documents against a glossary: spelling variants of its terms, acronyms used without "
        "or before their definition, one English term translated two ways, one acronym defined "
        "with two meanings. Without -g the glossary is built from the same documents.",
        CHECK_EXAMPLES,
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (recursively)")
    p.add_argument("-g", "--glossary", metavar="FILE", help="saved glossary (default: built from PATHs)")
    p.add_argument(
        "--format", "-f", choices=("text", "json", "sarif"), default="text", help="output (default text)"
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE (atomically)")
    p.add_argument(
        "--disable", action="append", default=[], metavar="RULE", help="switch a rule off (repeatable)"
    )
    p.add_argument(
        "--severity",
        action="append",
        default=[],
        metavar="RULE=LEVEL",
        help="re-grade a rule (LEVEL: error, warning, note; repeatable)",
    )
    p.add_argument("--fix", action="store_true", help="rewrite variant findings to the canonical form")
    p.add_argument("--diff", action="store_true", help="show what --fix would change; write nothing")
    p.add_argument("--glob", action="append", metavar="PATTERN", help="in folders, read matching files")
    p.add_argument("--encoding", metavar="NAME", help="decode every input with this codec (default: detect)")
    p.add_argument("--no-config", action="store_true", help="ignore [tool.glossary.check] in pyproject.toml")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary on standard error")
    p.set_defaults(func=_cmd_check)


def _cmd_check(args: argparse.Namespace) -> int:
    from glossary.check.rules import run_check

    return run_check(args)


# --- reading inputs -------------------------------------------------------------------------------


def _too_many_brackets(name: str, text: str, limit: int) -> str | None:
    """Why a document has more bracket characters than ``limit`` (0: no limit), else None."""
    if not limit:
        return None
    count = sum(text.count(ch) for ch in _BRACKET_CHARS)
    if count <= limit:
        return None
    return (
        f"{name}: too many brackets ({count:,}; the limit is {limit:,} per document: "
        "raise it with --max-brackets N)"
    )


# --- progress and summary -------------------------------------------------------------------------


@dataclass
class _Run:
    """What a command read and skipped, for the closing summary."""

    started: float = field(default_factory=time.perf_counter)
    files: int = 0
    chars: int = 0
    skipped: list[str] = field(default_factory=list)

    def summary(self, definitions: int, entries: int, total_entries: int | None = None) -> str:
        parts = [f"read {self.files} file(s) ({self.chars:,} characters)"]
        if self.skipped:
            parts.append(f"skipped {len(self.skipped)} ({'; '.join(_short(why) for why in self.skipped)})")
        parts.append(f"{definitions} definition(s)")
        if total_entries is None or total_entries == entries:
            parts.append(f"{entries} entries")
        else:
            parts.append(f"{entries} entries ({entries - total_entries:+d})")
        parts.append(f"{time.perf_counter() - self.started:.2f} s")
        return "glossary: " + ", ".join(parts)


def _short(why: str) -> str:
    """``name (reason)`` for the summary, from a skip message ``name: reason...``."""
    name, _, reason = why.partition(": ")
    for needle, label in (
        ("looks binary", "binary"),
        ("cannot decode", "undecodable"),
        ("not valid", "undecodable"),
        ("no such file", "missing"),
        ("is a folder", "a folder"),
        ("internal error", "internal error"),
        ("too large", "too large"),
        ("too many brackets", "too many brackets"),
        ("cannot read folder", "unreadable folder"),
    ):
        if needle in reason:
            return f"{name}: {label}"
    return f"{name}: unreadable"


class _Progress:
    """A progress bar on standard error, only when it is a terminal (tqdm)."""

    def __init__(self, total: int, enabled: bool) -> None:
        self._bar: Any = None
        if enabled and total > 1 and sys.stderr.isatty():
            from tqdm import tqdm  # type: ignore[import-untyped]

            try:
                size = os.get_terminal_size(sys.stderr.fileno())
                cols, rows = size.columns, size.lines
            except OSError:
                cols = rows = 0
            # tqdm hides the bar on a terminal that reports 0 rows; give it the size explicitly
            self._bar = tqdm(
                total=total, unit="file", file=sys.stderr, leave=False, ncols=cols or 80, nrows=rows or 24
            )

    def step(self, name: str) -> None:
        if self._bar is not None:
            self._bar.set_postfix_str(visible(Path(name).name[-30:], newlines=False), refresh=False)
            self._bar.update(1)

    def write(self, message: str) -> None:
        if self._bar is not None:
            self._bar.write(visible(message), file=sys.stderr)
        else:
            _say(message)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


# --- extract --------------------------------------------------------------------------------------


def _cmd_extract(args: argparse.Namespace) -> int:
    from glossary.dictionary.entries import GlossaryFormatError
    from glossary.dictionary.glossary import Glossary
    from glossary.dictionary.overrides import Overrides, OverridesError, load_overrides

    fmt = _resolve_format(args.format, args.output)
    if args.update:
        _check_writable(args.update)
    in_place = bool(args.update) and not args.output  # --update FILE rewrites FILE
    if in_place and args.format not in (None, "json"):
        raise UsageError(
            "--update without -o rewrites the saved glossary in its own format; add -o FILE for other formats"
        )
    _check_store_output(args.output, args.format)
    if args.paths.count("-") > 1:
        raise UsageError("'-' (standard input) can be given only once")
    target = args.output or args.update
    _check_output(target, [*args.paths, *([args.overrides] if args.overrides else [])], args.force)

    if args.encoding:
        from glossary.io import EncodingNameError, check_encoding

        try:
            check_encoding(args.encoding)
        except EncodingNameError as exc:
            raise UsageError(str(exc)) from exc
    overrides = Overrides()
    if args.overrides:
        try:
            overrides = load_overrides(args.overrides)
        except OverridesError as exc:
            raise UsageError(str(exc)) from exc
    base: Glossary | None = None
    if args.update:
        if Path(args.update).exists():
            try:
                if _is_store(args.update):
                    # a foreign, damaged or newer file: stop before reading any input
                    _open_store(args.update, readonly=not in_place).close()
                    if not in_place:
                        base = Glossary.load(args.update)
                elif not in_place:
                    base = Glossary.load(args.update)  # read now; an in-place update reads it under its lock
            except GlossaryFormatError as exc:
                raise InputError(f"--update: {exc}") from exc
        elif not args.quiet:
            _say(f"glossary: {args.update} does not exist yet; it will be created")
    elif _is_store(args.output) and Path(args.output).is_file() and os.path.getsize(args.output):
        _open_store(args.output).close()  # never replace a file that is not a glossary store

    run = _Run()

    def unreadable_folder(name: str, why: str) -> None:
        run.skipped.append(why)
        _say(f"glossary: skipped {why}")

    _warn_output_inside_inputs(target, args.paths)
    inputs = [
        (document_name(name, args.root), path)
        for name, path in iter_inputs(
            args.paths,
            args.glob,
            args.exclude,
            errors=unreadable_folder,
            output=target,
            gitignore=not args.no_ignore,
        )
    ]
    if not inputs and not run.skipped:
        raise InputError(f"no input files found in {' '.join(args.paths)} (check the paths and --glob)")
    progress = _Progress(len(inputs), enabled=not args.quiet)

    def skip(name: str, why: str) -> None:
        progress.step(name)
        run.skipped.append(why)
        progress.write(f"glossary: skipped {why}")

    definitions: list[Definition] = []
    names: set[str] = set()
    try:
        found_all = _extract_all(
            inputs,
            args.min_score,
            args.jobs,
            skip,
            args.encoding,
            args.debug,
            args.format_in,
            max_bytes=args.max_size or None,
            max_brackets=args.max_brackets,
        )
        for name, found, size in found_all:
            progress.step(name)
            run.files += 1
            run.chars += size
            names.add(source_file(name))
            definitions.extend(found)
    finally:
        progress.close()

    if run.skipped and not run.files:
        # every input failed: writing would only replace a good file with an empty or unchanged glossary
        kept_file = args.update if in_place else args.output
        exists = bool(kept_file) and Path(kept_file).exists()
        kept = f"{kept_file} was kept unchanged" if exists else "nothing was written"
        _say(f"glossary: every input failed; {kept}")
        if not args.quiet:
            _say(run.summary(0, 0))
        return 1

    if in_place and _is_store(args.update):
        report = _update_store(args.update, definitions, names, overrides)
        if not args.quiet:
            for warning in report[2]:
                _say(f"glossary: warning: {warning}")
            _say(run.summary(len(definitions), report[1], report[0]))
        return 1 if run.skipped else 0
    if in_place:
        with _json_lock(args.update):  # read-modify-write of the file: concurrent runs take turns
            if Path(args.update).exists():
                try:
                    base = Glossary.load(args.update)
                except GlossaryFormatError as exc:
                    raise InputError(f"--update: {exc}") from exc
            glossary = _combine(base, definitions, names, overrides)
            _warn(glossary, args.quiet)
            _emit(glossary.to_json(), args.update)
    elif base is None and _is_store(args.output):
        glossary = _build_store(args.output, definitions, overrides)
        _warn(glossary, args.quiet)
    else:
        glossary = _combine(base, definitions, names, overrides)
        _warn(glossary, args.quiet)
        _write_glossary(glossary, fmt, args.output, bom=args.bom)
    if not args.quiet:
        _say(run.summary(len(definitions), len(glossary), len(base) if base is not None else None))
    return 1 if run.skipped else 0


def _combine(
    base: Glossary | None, definitions: list[Definition], names: set[str], overrides: Any
) -> Glossary:
    """The glossary of ``definitions``, added to ``base`` (documents read again replace theirs)."""
    from glossary.dictionary.glossary import Glossary

    if base is None:
        return Glossary.from_definitions(definitions, overrides=overrides)
    kept = [d for d in base.definitions if source_file(d.doc or "") not in names]
    return Glossary.from_definitions([*kept, *definitions], overrides=base.overrides.union(overrides))


def _warn(glossary: Glossary, quiet: bool) -> None:
    if not quiet:
        for warning in glossary.warnings:
            _say(f"glossary: warning: {warning}")


# --- glossary stores (SQLite) -------------------------------------------------------------------------


def _is_store(path: str | None) -> bool:
    from glossary.store.sqlite import is_store_path

    return bool(path) and is_store_path(str(path))


def _open_store(path: str, readonly: bool = True) -> Any:
    """The store at ``path``; a foreign, damaged or newer file is an input error, and is left as it is."""
    from glossary.dictionary.entries import GlossaryFormatError
    from glossary.store.sqlite import GlossaryStore

    try:
        return GlossaryStore(path, readonly=readonly)
    except GlossaryFormatError as exc:
        raise InputError(str(exc)) from exc


def _check_store_output(output: str | None, fmt: str | None) -> None:
    if _is_store(output) and fmt is not None:
        raise UsageError(
            f"-o {output} writes a glossary store (SQLite); --format does not apply "
            f"(export it later with: glossary export {output} --format FORMAT)"
        )


def _update_store(
    path: str, definitions: list[Definition], names: set[str], overrides: Any
) -> tuple[int, int, tuple[str, ...]]:
    """``--update FILE.db`` in one transaction; the entries before and after, and the warnings."""
    from glossary.dictionary.entries import GlossaryFormatError

    store = _open_store(path, readonly=False)
    try:
        report = store.update(definitions, replace_docs=sorted(names), overrides=overrides or None)
        warnings = store.warnings
    except GlossaryFormatError as exc:
        raise InputError(str(exc)) from exc
    finally:
        store.close()
    return report.entries_before, report.entries_after, warnings


def _build_store(path: str, definitions: list[Definition], overrides: Any) -> Glossary:
    """``extract -o FILE.db``: build once, keeping how, and replace the store's content in one transaction."""
    from glossary.dictionary.entries import GlossaryFormatError

    store = _open_store(path, readonly=False)
    try:
        return store.build(definitions, overrides)  # type: ignore[no-any-return]
    except GlossaryFormatError as exc:
        raise InputError(str(exc)) from exc
    finally:
        store.close()


@contextmanager
def _json_lock(path: str) -> Iterator[None]:
    """An advisory lock (``FILE.lock`` beside it) around a read-modify-write of a JSON glossary."""
    from filelock import FileLock, Timeout

    lock = FileLock(f"{path}.lock")
    try:
        lock.acquire(timeout=1)
    except Timeout:
        _say(f"glossary: waiting for another run to finish updating {path}")
        lock.acquire()
    try:
        yield
    finally:
        lock.release()


def _write_glossary(glossary: Glossary, fmt: str, output: str | None, *, bom: bool = True) -> None:
    """``-o FILE``: a store is saved in one transaction; anything else is rendered and written atomically."""
    if _is_store(output):
        from glossary.dictionary.entries import GlossaryFormatError

        assert output is not None
        try:
            glossary.save(output)
        except GlossaryFormatError as exc:
            raise InputError(str(exc)) from exc
        return
    _emit(render(glossary, fmt, bom=bom), output, fmt)


def _extract_all(
    inputs: list[tuple[str, Path | None]],
    min_score: float,
    jobs: int,
    skip: Callable[[str, str], None],
    encoding: str | None = None,
    debug: bool = False,
    markup: str | None = None,
    *,
    max_bytes: int | None = None,
    max_brackets: int = 0,
) -> Iterator[tuple[str, list[Definition], int]]:
    """(name, definitions, characters) per readable input, in input order.

    Files are read here, one at a time, and streamed to
    :func:`glossary.extract.parallel.extract_many` (``jobs`` processes, one tagger
    each); unreadable inputs, and those over ``max_bytes`` or ``max_brackets``,
    go to ``skip`` with the reason.  A document whose worker process died is
    extracted again in this process; if it fails again only it is skipped.
    """
    pending: deque[tuple[str, int]] = deque()

    from glossary.text.formats import MarkupError, documents

    def docs() -> Iterator[tuple[str, str]]:
        for name, path in inputs:
            try:
                text = read_text(name, path, encoding, max_bytes)
                why = _too_many_brackets(name, text, max_brackets)
                if why:
                    skip(name, why)
                    continue
                parts = list(documents(name, text, markup))
            except (InputError, MarkupError) as exc:
                skip(name, str(exc))
                continue
            for part_name, part_text, _ in parts:
                pending.append((part_name, len(part_text)))
                yield part_name, part_text

    # a notebook's cells are named path#cell=N and read as Markdown; other markups apply to all
    kw_markup = None if markup in (None, "ipynb") else markup

    jobs = min(jobs, max(1, len(inputs)))
    if jobs == 1 and not debug:
        from glossary.extract import find_definitions

        for name, text in docs():
            pending.popleft()
            try:
                found = find_definitions(text, doc=name, min_score=min_score, markup=kw_markup)
            except Exception as exc:  # a bug in the extractor: report it, go on with the others
                skip(
                    name,
                    f"{name}: internal error while extracting ({type(exc).__name__}: {exc}); "
                    "run again with --debug to see the traceback, and report it",
                )
                continue
            yield name, found, len(text)
        return
    from glossary.extract.parallel import extract_many  # process pools: only when they are used

    failed: set[str] = set()

    def on_error(name: str, exc: BaseException) -> None:
        failed.add(name)
        skip(
            name,
            f"{name}: internal error while extracting ({type(exc).__name__}: {exc}); "
            "run again with --debug to see the traceback, and report it",
        )

    for found in extract_many(
        docs(), jobs, min_score=min_score, markup=kw_markup, on_error=None if debug else on_error
    ):
        name, size = pending.popleft()
        if name in failed:
            failed.discard(name)
            continue
        yield name, found, size


# --- merge / show / stats / export ----------------------------------------------------------------


def _cmd_merge(args: argparse.Namespace) -> int:
    inputs = [*args.inputs, *args.glossary]
    if not inputs:
        raise UsageError("no glossaries given: name the saved glossaries to merge (or -g FILE for each)")
    _check_store_output(args.output, args.format)
    fmt = _resolve_format(args.format, args.output)
    _check_output(args.output, [], args.force)  # merging into one of the inputs is allowed
    run = _Run()
    merged: Glossary | None = None
    for path in inputs:
        g = _load(path)
        run.files += 1
        merged = g if merged is None else merged.merge(g)
    assert merged is not None
    if fmt == "text" and not args.output and args.format is None:
        fmt = "json"  # a merge is for saving; text only when asked for
    _write_glossary(merged, fmt, args.output, bom=args.bom)
    if not args.quiet:
        _say(run.summary(len(merged.definitions), len(merged)))
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    _check_store_output(args.output, args.format)
    fmt = _resolve_format(args.format, args.output)
    source = _glossary_path(args, "input", default=False)
    _check_output(args.output, [source], args.force)
    g = _load(source)
    _write_glossary(g, fmt, args.output, bom=args.bom)
    return 0


def _cmd_show(args: argparse.Namespace) -> int:
    args.glossary = _glossary_path(args, "glossary_file")
    if _is_store(args.glossary):
        if not Path(args.glossary).exists():
            _load(args.glossary, what="glossary")  # the usual "no such file" message
        store = _open_store(args.glossary)
        try:
            # indexed lookups: no need to load the glossary, nor spaCy and the tagger for a known surface
            return _show(args, store, store.lookup(args.term, suggest=args.format == "json"))
        finally:
            store.close()
    g = _load(args.glossary, what="glossary")
    return _show(args, g, g.lookup(args.term))


def _show(args: argparse.Namespace, g: Any, result: Any) -> int:
    """Print a lookup's result; ``g`` is a :class:`Glossary` or a store (``get`` finds linked entries)."""
    if args.format == "json":
        out = {
            "query": args.term,
            "match": result.match,
            "entries": [e.to_dict() for e in result.entries],
            "suggestions": [{"surface": s.surface, "id": s.id, "score": s.score} for s in result.suggestions],
        }
        _emit(json.dumps(out, ensure_ascii=False, indent=1) + "\n", None, "json")
        return 0 if result else 1
    if not result:
        lines = [f"no entry for {args.term!r} in {args.glossary}"]
        containing = g.search(args.term) if hasattr(g, "search") else _containing(g, args.term)
        near = _unique_suggestions([*result.suggestions, *containing])
        if near:
            lines.append("did you mean:")
            lines.extend(f"  {_also(g, s)}" for s in near)
        _say("\n".join(lines))
        return 1
    blocks = []
    if result.match == "fuzzy":
        blocks.append(f"(no exact match for {args.term!r}; nearest:)\n")
    where = _Locator(Path(args.glossary).parent)
    blocks.extend(_entry_text(g, e, where) for e in result.entries)
    _emit("\n".join(blocks), None)
    return 0


def _containing(g: Glossary, term: str, limit: int = 8) -> list[Any]:
    """Surfaces that contain the query or are contained in it (normalised), as suggestions."""
    from glossary.dictionary.glossary import Suggestion
    from glossary.text.search import search_key

    q = search_key(term)
    if not q:
        return []
    # a surface inside the query must be a word of it, or most of it: "server side rendering" holds "er"
    words = {search_key(w) for w in term.replace("-", " ").split()}
    out = []
    for e in g:
        for s in e.surfaces():
            k = search_key(s)
            inside = len(k) >= 2 and k in q and (not k.isascii() or k in words or 2 * len(k) >= len(q))
            if k and (q in k or inside):
                out.append(Suggestion(s, e.id, 0.0))
                break
    return out[:limit]


def _unique_suggestions(suggestions: Iterable[Any]) -> list[Any]:
    out: list[Any] = []
    seen: set[str] = set()
    for s in suggestions:
        if s.surface not in seen:
            seen.add(s.surface)
            out.append(s)
    return out


def _also(g: Glossary, s: Any) -> str:
    """One suggestion line: the entry's label, with the matched surface when it is not in it."""
    e = g.get(s.id)
    label = _label(e) if e else s.surface
    return label if label.startswith(s.surface) else f"{s.surface} → {label}"


def _label(e: Entry) -> str:
    main = e.ja or e.en or e.abbr or e.id
    rest = [s for s in (e.en, e.abbr) if s and s != main]
    return f"{main} ({', '.join(rest)})" if rest else main


def _entry_text(g: Glossary, e: Entry, where: _Locator | None = None) -> str:
    lines = [_label(e), f"  id: {e.id}"]
    for role, title in zip(ROLES, ("Japanese", "English", "acronym"), strict=True):
        canon = getattr(e, role)
        if canon:
            lines.append(f"  {title}: {canon}")
        variants = [f for f in e.forms.get(role, ()) if f != canon]
        if variants:
            counts = e.form_counts
            shown = ", ".join(f"{v} ×{counts[v]}" if v in counts else v for v in variants)
            lines.append(f"  {title} variants: {shown}")
    docs = e.counts()
    lines.append(f"  seen: {e.count} time(s) in {len(docs)} document(s)")
    for link in e.related:
        target = g.get(link.id)
        lines.append(f"  {link.type}: {_label(target) if target else link.id}  ({link.why})")
    locate = where or _Locator(None)
    for d in e.occurrences[:5]:
        lines.append(f"  - {locate(d)}  {_snippet(d.sentence)}")
    if e.count > 5:
        lines.append(f"  … {e.count - 5} more")
    return "\n".join(lines) + "\n"


class _Locator:
    """``file:line:col`` of an occurrence, read from the document itself (line and column count from 1).

    The glossary keeps character offsets only; the document is looked up relative to the working
    folder, then to the glossary's folder, and used only if the definition's parts still slice it
    exactly.  Otherwise the offset is shown as what it is: ``file (character 16348)``.
    """

    def __init__(self, base: Path | None) -> None:
        self._bases = [Path()] if base is None else [Path(), base]
        self._texts: dict[str, str | None] = {}

    def __call__(self, d: Definition) -> str:
        name = d.doc or "<text>"
        text = self._text(d.doc) if d.doc else None
        if text is None or any(text[p.start : p.end] != p.text for p in d.parts):
            return f"{name} (character {d.start})"
        line = text.count("\n", 0, d.start) + 1
        col = d.start - (text.rfind("\n", 0, d.start) + 1) + 1
        return f"{name}:{line}:{col}"

    def _text(self, doc: str) -> str | None:
        if doc not in self._texts:
            from glossary.io import ReadError, read_document

            self._texts[doc] = None
            for base in self._bases:
                path = base / doc
                if path.is_file():
                    try:
                        self._texts[doc] = read_document(path).text
                    except ReadError:
                        continue
                    break
        return self._texts[doc]


def _snippet(sentence: str, limit: int = 80) -> str:
    flat = " ".join(sentence.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _cmd_stats(args: argparse.Namespace) -> int:
    args.glossary = _glossary_path(args, "glossary_file")
    if _is_store(args.glossary):
        if not Path(args.glossary).exists():
            _load(args.glossary, what="glossary")  # the usual "no such file" message
        store = _open_store(args.glossary)
        data: dict[str, Any]
        try:
            data = _store_stats(store, args.top)
        finally:
            store.close()
        return _print_stats(args, data)
    g = _load(args.glossary, what="glossary")
    entries = list(g)
    coverage = {
        "ja+en+abbr": sum(1 for e in entries if e.ja and e.en and e.abbr),
        "ja+en": sum(1 for e in entries if e.ja and e.en and not e.abbr),
        "ja+abbr": sum(1 for e in entries if e.ja and e.abbr and not e.en),
        "en+abbr": sum(1 for e in entries if e.en and e.abbr and not e.ja),
        "one language": sum(1 for e in entries if sum(bool(x) for x in (e.ja, e.en, e.abbr)) == 1),
    }
    top = sorted(entries, key=lambda e: (-e.count, e.id))[: args.top]
    homonyms: dict[str, list[Entry]] = {}
    for e in entries:
        if e.abbr and e.links("homonym"):
            homonyms.setdefault(e.abbr, []).append(e)
    links: dict[str, int] = {}
    for e in entries:
        for link in e.related:
            links[link.type] = links.get(link.type, 0) + 1
    data = {
        "entries": len(entries),
        "definitions": sum(e.count for e in entries),
        "documents": len(g.documents),
        "coverage": coverage,
        "links": dict(sorted(links.items())),
        "top": [{"id": e.id, "label": _label(e), "count": e.count} for e in top],
        "homonyms": {abbr: [_label(e) for e in es] for abbr, es in sorted(homonyms.items())},
    }
    return _print_stats(args, data)


def _store_stats(store: Any, top: int) -> dict[str, Any]:
    """:func:`_cmd_stats`'s figures from a store's aggregates (no entry is loaded but those shown)."""
    summary = store.summary(top)
    homonyms: dict[str, list[str]] = {}
    for e in summary["homonyms"]:
        homonyms.setdefault(e.abbr, []).append(_label(e))
    return {
        "entries": summary["entries"],
        "definitions": summary["definitions"],
        "documents": summary["documents"],
        "coverage": summary["coverage"],
        "links": summary["links"],
        "top": [{"id": e.id, "label": _label(e), "count": n} for e, n in summary["top"]],
        "homonyms": dict(sorted(homonyms.items())),
    }


def _print_stats(args: argparse.Namespace, data: dict[str, Any]) -> int:
    coverage = data["coverage"]
    top = data["top"]
    if args.format == "json":
        _emit(json.dumps(data, ensure_ascii=False, indent=1) + "\n", None, "json")
        return 0
    lines = [
        f"{data['entries']} entries from {data['definitions']} definitions "
        f"in {data['documents']} document(s)",
        "coverage: " + ", ".join(f"{k} {v}" for k, v in coverage.items()),
        "links: " + (", ".join(f"{k} {v}" for k, v in data["links"].items()) or "none"),
        f"top {len(top)}:",
        *(f"  {t['count']:>4}  {t['label']}" for t in top),
    ]
    if data["homonyms"]:
        lines.append("homonyms:")
        lines.extend(f"  {abbr}: " + " | ".join(labels) for abbr, labels in data["homonyms"].items())
    _emit("\n".join(lines) + "\n", None)
    return 0


# --- output ---------------------------------------------------------------------------------------


def render(glossary: Glossary, fmt: str, *, bom: bool = True) -> str | bytes:
    """The glossary in one of :data:`FORMATS`: the term list, or a format of the export registry
    (bytes for the binary XLSX; CSV / TSV with a BOM unless ``bom`` is False)."""
    if fmt == "text":
        return term_list(glossary)
    from glossary.exports.formats import FORMATS as REGISTRY
    from glossary.exports.formats import export, export_bytes

    try:
        if REGISTRY[fmt].binary:
            return export_bytes(glossary, fmt)
        return export(glossary, fmt, bom=bom)
    except RuntimeError as exc:  # an optional dependency of the format is missing
        raise UsageError(str(exc)) from exc


def term_list(glossary: Glossary) -> str:
    """A readable list: one concept a line; Japanese, English, acronym aligned, then the count."""
    rows = [(e.ja or "", e.en or "", e.abbr or "", str(e.count)) for e in glossary]
    if not rows:
        return ""
    widths = [min(max(_width(r[i]) for r in rows), 36) for i in range(3)]
    lines = []
    for row in rows:
        cells = [_pad(row[i], widths[i]) for i in range(3)]
        lines.append("  ".join(cells) + f"  ×{row[3]}")
    return "\n".join(lines) + "\n"


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _pad(s: str, width: int) -> str:
    return s + " " * max(0, width - _width(s))


def _check_output(target: str | None, inputs: Sequence[str], force: bool) -> None:
    """Refuse, before any work, an output that would replace an input or a file the user cannot write.

    Warns when replacing the file breaks a hard link.  Pipes and devices are
    written through, so none of this applies to them.
    """
    if target is None or _is_stream(target):
        return
    try:
        st = os.stat(target)
    except OSError:
        return  # nothing there yet (or unreachable: the write will say why)
    for raw in inputs:
        if raw == "-":
            continue
        try:
            same = os.path.samefile(raw, target)
        except OSError:
            continue
        if same:
            raise UsageError(
                f"the output {target} is also an input ({raw}); writing the glossary there would replace "
                "it: choose another output file"
            )
    if not force and not _may_write(target, st):
        raise UsageError(
            f"{target} is read-only: glossary does not replace a file you cannot write; "
            "make it writable, choose another output file, or add --force"
        )
    if st.st_nlink > 1:
        _say(
            f"glossary: warning: {target} has {st.st_nlink} hard links; it is replaced by a new file, "
            "so the other links keep the old content"
        )


def _may_write(path: str, st: os.stat_result) -> bool:
    """Whether the user may write ``path``; for root (who may write anything) whether any write bit is set."""
    if not os.access(path, os.W_OK):
        return False
    return os.geteuid() != 0 or bool(st.st_mode & 0o222)


def _warn_output_inside_inputs(target: str | None, paths: Sequence[str]) -> None:
    """Say when the output lies inside an input folder: it is left out, or the next run would read it back."""
    if target is None or _is_stream(target):
        return
    real = os.path.realpath(target)
    for raw in paths:
        if raw == "-" or not os.path.isdir(raw):
            continue
        folder = os.path.realpath(raw)
        if real.startswith(folder.rstrip(os.sep) + os.sep):
            _say(f"glossary: warning: the output {target} is inside the input folder {raw}; it is not read")
            return


if __name__ == "__main__":
    raise SystemExit(main())
