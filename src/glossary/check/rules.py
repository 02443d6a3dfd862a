"""``glossary check``: where documents disagree with their glossary.

Five rules, each with an id, a default severity and a message that says what
to do (see :data:`RULES`):

* ``variant`` — a surface that is not its entry's canonical form (a pinned
  form from the overrides wins), known to the glossary or an unseen spelling
  that folds to one of its surfaces (:mod:`glossary.dictionary.mentions`);
* ``acronym-undefined`` — a glossary acronym used in a document that never
  defines it; ``acronym-before-definition`` — used before its definition;
* ``inconsistent-translation`` — one English term defined with different
  Japanese terms in the documents checked;
* ``conflicting-definition`` — one acronym or Japanese surface defined with
  different meanings in the documents checked.

Rules are switched off or re-graded on the command line (``--disable``,
``--severity RULE=LEVEL``) or in ``pyproject.toml`` under
``[tool.glossary.check]`` (``disable = [...]``, ``severity = {RULE = LEVEL}``);
a line opts out with ``<!-- glossary-disable-line -->`` (optionally naming
rules).  Findings print as ``path:line:col: severity rule message``, as JSON
or as SARIF 2.1.0.  ``--fix`` rewrites ``variant`` findings in place (the
exact spans, in the file's own encoding, atomically); ``--diff`` shows what it
would change.
"""

from __future__ import annotations

import argparse
import codecs
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from glossary.check.scan import Collector, acronyms, variants

if TYPE_CHECKING:
    from glossary.dictionary.entries import Entry
    from glossary.dictionary.glossary import Glossary
    from glossary.models import Definition
    from glossary.text.markup import Mask

__all__ = [
    "LEVELS",
    "RULES",
    "CheckConfig",
    "CheckError",
    "Document",
    "Finding",
    "Rule",
    "apply_fixes",
    "check_documents",
    "load_config",
    "run_check",
    "to_json",
    "to_sarif",
    "to_text",
]

LEVELS = ("error", "warning", "note")


@dataclass(frozen=True)
class Rule:
    """One check: its id, default severity, a one-line summary and the help shown in SARIF viewers."""

    id: str
    level: str
    summary: str
    help: str

    @property
    def name(self) -> str:
        """The rule id in CamelCase (SARIF ``name``)."""
        return "".join(w.capitalize() for w in self.id.split("-"))


RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        Rule(
            "variant",
            "warning",
            "A term is spelled differently from its glossary entry's canonical form.",
            "The glossary holds one canonical spelling per language for each concept (the most frequent "
            "one, or the form pinned in the overrides file). Write the canonical form, or run "
            "`glossary check --fix` to rewrite these spans; to make another spelling canonical, add "
            "`pin SPELLING` to the overrides file.",
        ),
        Rule(
            "acronym-undefined",
            "warning",
            "A glossary acronym is used in a document that never defines it.",
            "Readers of this document cannot know what the acronym stands for. Spell it out at its first "
            "use, e.g. `隠れマルコフモデル(Hidden Markov Model、HMM)`.",
        ),
        Rule(
            "acronym-before-definition",
            "warning",
            "An acronym is used before the place where the document defines it.",
            "Move the definition to the acronym's first use, or spell the term out there.",
        ),
        Rule(
            "inconsistent-translation",
            "warning",
            "One English term is given different Japanese translations.",
            "Translators and readers expect one Japanese term per concept. Use the translation the other "
            "documents use (the most frequent one, or the glossary's), or add a `merge` / `pin` rule to "
            "the overrides file if both are wanted.",
        ),
        Rule(
            "conflicting-definition",
            "error",
            "One acronym or term is defined with different meanings.",
            "The same acronym (or Japanese term) stands for different concepts in the documents checked. "
            "Give each meaning its own acronym, or use one meaning throughout.",
        ),
    )
}


_BATCH = 1 << 20  # characters of documents read before their mentions are found

_NEEDS_DEFINITIONS = (
    "acronym-undefined",
    "acronym-before-definition",
    "inconsistent-translation",
    "conflicting-definition",
)


class CheckError(ValueError):
    """A check that cannot run as configured (unknown rule or level); the message says where."""


@dataclass
class CheckConfig:
    """Which rules run and at what severity."""

    disabled: set[str] = field(default_factory=set)
    severity: dict[str, str] = field(default_factory=dict)
    source: str = ""  # where the settings came from, for messages

    def level(self, rule: str) -> str:
        return self.severity.get(rule, RULES[rule].level)

    def enabled(self, rule: str) -> bool:
        return rule not in self.disabled

    def disable(self, rules: Iterable[str], where: str) -> None:
        for r in rules:
            _known_rule(r, where)
            self.disabled.add(r)

    def set_level(self, rule: str, level: str, where: str) -> None:
        _known_rule(rule, where)
        if level not in LEVELS:
            raise CheckError(
                f"{where}: unknown severity {level!r} for {rule}; use one of {', '.join(LEVELS)}"
            )
        self.severity[rule] = level


def _known_rule(rule: str, where: str) -> None:
    if rule not in RULES:
        raise CheckError(f"{where}: unknown rule {rule!r}; the rules are {', '.join(RULES)}")


def load_config(start: Path | None = None) -> CheckConfig:
    """``[tool.glossary.check]`` of the nearest ``pyproject.toml`` at or above ``start`` (default: cwd)."""
    folder = (start or Path.cwd()).resolve()
    for d in (folder, *folder.parents):
        p = d / "pyproject.toml"
        if p.is_file():
            return _config_from(p)
    return CheckConfig()


def _config_from(path: Path) -> CheckConfig:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib  # type: ignore[import-not-found,no-redef,unused-ignore]
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CheckError(f"{path}: cannot read [tool.glossary.check] ({exc})") from exc
    section = data.get("tool", {}).get("glossary", {}).get("check")
    config = CheckConfig(source=str(path))
    if section is None:
        return config
    where = f"{path} [tool.glossary.check]"
    if not isinstance(section, dict):
        raise CheckError(f"{where}: expected a table")
    unknown = set(section) - {"disable", "severity"}
    if unknown:
        raise CheckError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}; expected disable, severity")
    disable = section.get("disable", [])
    if not isinstance(disable, list) or not all(isinstance(r, str) for r in disable):
        raise CheckError(f'{where}: disable must be a list of rule ids, e.g. disable = ["variant"]')
    config.disable(disable, where)
    severity = section.get("severity", {})
    if not isinstance(severity, dict):
        raise CheckError(f'{where}: severity must be a table, e.g. severity = {{ variant = "note" }}')
    for rule, level in severity.items():
        config.set_level(rule, str(level), where)
    return config


# --- documents and findings ---------------------------------------------------------------------------


@dataclass
class Document:
    """One checked document: its name, text and, when it came from a file, how to write it back."""

    name: str
    text: str
    path: Path | None = None
    encoding: str = "utf_8"
    bom: bytes = b""
    raw: bytes | None = None  # the bytes read, to prove a rewrite changes nothing else
    markup: str | None = None  # how the text is written (glossary.text.formats); None: from the name
    cell: bool = False  # a notebook cell: checked, never rewritten

    def layout_markup(self) -> str:
        from glossary.text.formats import markup_for

        return self.markup or markup_for(self.name)

    def encode(self, text: str) -> bytes:
        return self.bom + text.encode(self.encoding)


@dataclass(frozen=True, init=False)
class Finding:
    """One finding: rule, severity, where (1-based line / column in characters; offsets), what to do."""

    rule: str
    severity: str
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    start: int
    end: int
    message: str
    surface: str
    replacement: str | None = None  # variant findings: what --fix writes

    def __init__(
        self,
        rule: str,
        severity: str,
        path: str,
        line: int,
        column: int,
        end_line: int,
        end_column: int,
        start: int,
        end: int,
        message: str,
        surface: str,
        replacement: str | None = None,
    ) -> None:
        # the fields written straight into the instance: a frozen dataclass's own __init__ sets each
        # through object.__setattr__, twice the cost, and a corpus has a finding every KB
        self.__dict__.update(
            rule=rule,
            severity=severity,
            path=path,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            start=start,
            end=end,
            message=message,
            surface=surface,
            replacement=replacement,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "start": self.start,
            "end": self.end,
            "surface": self.surface,
            "message": self.message,
            "replacement": self.replacement,
        }


# --- the rules ------------------------------------------------------------------------------------------


def check_documents(
    docs: Sequence[Document],
    glossary: Glossary | None = None,
    config: CheckConfig | None = None,
    *,
    definitions: Sequence[list[Definition]] | None = None,
    masks: Sequence[Mask] | None = None,
) -> list[Finding]:
    """Every finding in ``docs`` against ``glossary`` (default: built from ``docs`` themselves).

    ``definitions`` (one list per document, as :func:`glossary.find_definitions`
    gives) are extracted here when not given; ``masks`` likewise.
    """
    from glossary.dictionary.entries import _paused_gc

    # findings, mentions and definitions are acyclic records by the thousand per MB: a collection
    # now and then would walk all of them (a tenth of the time), and reference counting frees them
    with _paused_gc():
        return _check_documents(docs, glossary, config or CheckConfig(), definitions, masks)


def _check_documents(
    docs: Sequence[Document],
    glossary: Glossary | None,
    config: CheckConfig,
    definitions: Sequence[list[Definition]] | None,
    masks: Sequence[Mask] | None,
) -> list[Finding]:
    from glossary.dictionary.glossary import Glossary
    from glossary.extract import DEFAULT_MIN_SCORE
    from glossary.extract.analyse import definitions_in
    from glossary.text.formats import parse

    # only the acronym and cross-document rules (and a glossary built here) need the documents'
    # own definitions: with those rules off, checking is the matcher alone
    extract = definitions is None and (glossary is None or any(config.enabled(r) for r in _NEEDS_DEFINITIONS))
    # the severity of each rule switched on (looked up once per finding)
    levels = {r: config.level(r) for r in RULES if config.enabled(r)}
    collectors = [Collector(d, d.name, d.text, levels, Finding) for d in docs]
    defs: list[list[Definition]] = []
    # documents read (parsed, their definitions found) whose mentions are still to find: in batches,
    # so the extractor and the matcher each run on a warm processor cache (interleaved document by
    # document they cost a sixth more); without a glossary, all of them, until it is built
    held: list[tuple[int, Mask]] = []
    held_size = 0
    for i, doc in enumerate(docs):
        # one parse per document: its mask keeps mentions out of code, and the extractor reads its layout
        markup = doc.layout_markup()
        layout = parse(doc.text, markup) if masks is None or extract else None
        mask = masks[i] if masks is not None else layout.mask if layout is not None else None
        if definitions is not None:
            defs.append(definitions[i])
        elif extract:
            defs.append(list(definitions_in(doc.text, doc.name, DEFAULT_MIN_SCORE, False, markup, layout)))
        else:
            defs.append([])
        assert mask is not None
        held.append((i, mask))
        held_size += len(doc.text)
        if glossary is not None and held_size >= _BATCH:
            for j, m in held:
                _rules(glossary, collectors[j], m, defs[j])
            held, held_size = [], 0
    # the cross-document rules compare the documents' own definitions, grouped into entries
    cross = (
        glossary is None
        or config.enabled("inconsistent-translation")
        or config.enabled("conflicting-definition")
    )
    # (the rules read how the definitions group, never the links between entries: those are not made)
    found_here = Glossary()
    if cross:
        found_here = Glossary.from_definitions([x for ds in defs for x in ds], links=False)
    for i, mask in held:
        _rules(glossary if glossary is not None else found_here, collectors[i], mask, defs[i])
    _translations(collectors, found_here, glossary)
    _conflicts(collectors, found_here)
    # in document order, each document's by offset, then rule (a name given twice: its documents'
    # findings together, where it comes last); sorted document by document, the key from C
    by_name: dict[str, list[Collector]] = {}
    for c in collectors:
        by_name.setdefault(c.name, []).append(c)
    order = {d.name: i for i, d in enumerate(docs)}
    out: list[Finding] = []
    by_offset = attrgetter("start", "rule")
    for name in sorted(by_name, key=order.__getitem__):
        mine = by_name[name]
        if len(mine) == 1:
            out.extend(mine[0].in_order())
        else:
            together = [f for c in mine for f in c.findings]
            together.sort(key=by_offset)
            out.extend(together)
    return out


def _rules(g: Glossary, col: Collector, mask: Mask, defs: list[Definition]) -> None:
    """The rules of one document that read its mentions."""
    mentions = g.mention_index().find(col.doc.text, doc=col.doc.name, mask=mask, definitions=defs)
    if "variant" in col.levels:
        variants(col, mentions)
    if "acronym-undefined" in col.levels or "acronym-before-definition" in col.levels:
        acronyms(col, mentions, defs)


def _entry_of_definition(g: Glossary) -> list[tuple[Definition, Entry]]:
    """Each definition with its entry (each is in one entry: a list, no definition hashed)."""
    return [(d, e) for e in g for d in e.occurrences]


def _translations(collectors: list[Collector], found: Glossary, reference: Glossary | None) -> None:
    """One English term paired with Japanese terms of different keys, across the documents checked."""
    from glossary.dictionary.normalize import en_key, ja_key

    by_name = {c.doc.name: c for c in collectors}
    for e in found:
        pairs: dict[str, list[tuple[Definition, str]]] = defaultdict(list)  # ja key -> (definition, ja)
        for d in e.occurrences:
            if d.ja is not None and d.en is not None and d.doc in by_name:
                pairs[ja_key(d.ja.clean)].append((d, d.ja.clean))
        if len(pairs) < 2:
            continue
        preferred = _preferred_translation(pairs, e, reference, en_key, ja_key)
        best = pairs[preferred]
        label = best[0][1]
        elsewhere = Counter(str(d.doc) for d, _ in best)
        where = ", ".join(f"{doc} ({n}×)" if n > 1 else doc for doc, n in sorted(elsewhere.items()))
        for k, items in pairs.items():
            if k == preferred:
                continue
            for d, ja in items:
                col = by_name[str(d.doc)]
                assert d.ja is not None and d.en is not None
                col.add(
                    "inconsistent-translation",
                    d.ja.start,
                    d.ja.end,
                    f"'{d.en.clean}' is translated '{ja}' here but '{label}' in {where}; use one translation "
                    f"('{label}')",
                )


def _preferred_translation(
    pairs: dict[str, list[tuple[Definition, str]]],
    e: Entry,
    reference: Glossary | None,
    en_key: Callable[[str], str],
    ja_key: Callable[[str], str],
) -> str:
    """The glossary's canonical Japanese for this English when it is one of them, else the most used."""
    if reference is not None and e.en:
        k = en_key(e.en)
        for r in reference:
            if r.ja and r.en and en_key(r.en) == k and ja_key(r.ja) in pairs:
                return ja_key(r.ja)
    first = {k: i for i, k in enumerate(pairs)}
    return max(pairs, key=lambda k: (len(pairs[k]), -first[k]))


def _conflicts(collectors: list[Collector], found: Glossary) -> None:
    """An acronym or Japanese surface whose definitions fall into different entries (meanings)."""
    from glossary.check.scan import acronym_key as abbr_key
    from glossary.dictionary.normalize import ja_key

    by_name = {c.doc.name: c for c in collectors}
    owner = _entry_of_definition(found)
    # (role, key) -> entry id -> definitions in text order
    groups: dict[tuple[str, str], dict[str, list[Definition]]] = defaultdict(lambda: defaultdict(list))
    for d, e in owner:
        if d.doc not in by_name:
            continue
        for p in d.parts:
            if p.role == "abbr":
                groups[("abbr", abbr_key(p.clean))][e.id].append(d)
            elif p.role == "ja" and e.en:  # a Japanese term's meaning is its English
                groups[("ja", ja_key(p.clean))][e.id].append(d)
    # (only keys defined in two entries or more can conflict: the rest are not even sorted)
    for (role, _), by_entry in sorted(item for item in groups.items() if len(item[1]) >= 2):
        meanings = {eid: _meaning(found[eid], role) for eid in by_entry}
        if len(set(meanings.values())) < 2:
            continue
        firsts = {eid: min(ds, key=lambda d: (str(d.doc), d.start)) for eid, ds in by_entry.items()}
        first_parts = {eid: next(p for p in d.parts if p.role == role) for eid, d in firsts.items()}
        for eid, ds in sorted(by_entry.items()):
            per_doc: dict[str, Definition] = {}
            for d in sorted(ds, key=lambda d: d.start):
                per_doc.setdefault(str(d.doc), d)
            others = [
                f"'{meanings[o]}' at {by_name[str(f.doc)].where(first_parts[o].start)}"
                for o, f in sorted(firsts.items())
                if o != eid and meanings[o] != meanings[eid]
            ]
            for doc, d in per_doc.items():
                part = next(p for p in d.parts if p.role == role)
                col = by_name[doc]
                col.add(
                    "conflicting-definition",
                    part.start,
                    part.end,
                    f"'{part.clean}' is defined here as '{meanings[eid]}' but as {' and as '.join(others)}; "
                    "give each meaning its own term, or use one meaning throughout",
                )


def _meaning(e: Entry, role: str) -> str:
    if role == "abbr":
        return e.en or e.ja or e.id
    return e.en or e.abbr or e.id


# --- fixing -----------------------------------------------------------------------------------------


def apply_fixes(text: str, findings: Iterable[Finding]) -> tuple[str, list[Finding]]:
    """``text`` with every fixable finding's exact span replaced, and the findings fixed.

    Only ``variant`` findings carry a replacement; spans are replaced from the
    end so earlier offsets stay valid, and a span overlapping one already
    replaced is left alone (never guessed).
    """
    todo = sorted(
        (f for f in findings if f.replacement is not None and f.rule == "variant"),
        key=lambda f: (f.start, f.end),
        reverse=True,
    )
    pieces: list[str] = []
    done: list[Finding] = []
    last = len(text)
    for f in todo:
        assert f.replacement is not None
        if f.end > last or text[f.start : f.end] != f.surface:
            continue
        pieces.append(text[f.end : last])
        pieces.append(f.replacement)
        last = f.start
        done.append(f)
    pieces.append(text[:last])
    return "".join(reversed(pieces)), done[::-1]


# --- output -----------------------------------------------------------------------------------------


def to_text(findings: Iterable[Finding]) -> str:
    """``path:line:col: severity rule message``, one a line (editors and reviewdog's efm read it)."""
    return "".join(f"{f.path}:{f.line}:{f.column}: {f.severity} {f.rule} {f.message}\n" for f in findings)


def to_json(findings: Sequence[Finding], documents: int) -> str:
    from glossary.io import json_dumps

    counts = Counter(f.rule for f in findings)
    summary = {"documents": documents, "findings": len(findings), "by_rule": dict(sorted(counts.items()))}
    data = {"findings": [f.to_dict() for f in findings], "summary": summary}
    return json_dumps(data, indent=1) + "\n"


def _uri(path: str) -> str:
    from urllib.parse import quote

    return quote(Path(path).as_posix(), safe="/-._~")


def to_sarif(findings: Sequence[Finding], root: Path | None = None) -> str:
    """SARIF 2.1.0: one run, every rule with help text, results with regions (and fixes for variants)."""
    from glossary import __version__
    from glossary.io import json_dumps

    rules = list(RULES.values())
    index = {r.id: i for i, r in enumerate(rules)}
    results = []
    for f in findings:
        region = {
            "startLine": f.line,
            "startColumn": f.column,
            "endLine": f.end_line,
            "endColumn": f.end_column,
            "snippet": {"text": f.surface},
        }
        location = {"artifactLocation": {"uri": _uri(f.path), "uriBaseId": "SRCROOT"}, "region": region}
        result: dict[str, Any] = {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": f.severity,
            "message": {"text": f.message},
            "locations": [{"physicalLocation": location}],
        }
        if f.replacement is not None:
            result["fixes"] = [
                {
                    "description": {"text": f"write '{f.replacement}'"},
                    "artifactChanges": [
                        {
                            "artifactLocation": location["artifactLocation"],
                            "replacements": [
                                {"deletedRegion": dict(region), "insertedContent": {"text": f.replacement}}
                            ],
                        }
                    ],
                }
            ]
        results.append(result)
    base = (root or Path.cwd()).resolve().as_uri().rstrip("/") + "/"
    run = {
        "tool": {
            "driver": {
                "name": "glossary",
                "version": __version__,
                "rules": [
                    {
                        "id": r.id,
                        "name": r.name,
                        "shortDescription": {"text": r.summary},
                        "fullDescription": {"text": r.summary + " " + r.help},
                        "help": {"text": r.help, "markdown": r.help},
                        "defaultConfiguration": {"level": r.level},
                    }
                    for r in rules
                ],
            }
        },
        "originalUriBaseIds": {"SRCROOT": {"uri": base}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run],
    }
    return json_dumps(sarif, indent=1) + "\n"


# --- command line -------------------------------------------------------------------------------------


def _cli_config(args: argparse.Namespace) -> CheckConfig:
    config = CheckConfig() if args.no_config else load_config()
    for item in args.disable:
        config.disable([r for r in item.split(",") if r], "--disable")
    for item in args.severity:
        rule, sep, level = item.partition("=")
        if not sep:
            raise CheckError(f"--severity {item!r}: expected RULE=LEVEL, e.g. --severity variant=note")
        config.set_level(rule.strip(), level.strip(), "--severity")
    return config


def _read_documents(args: argparse.Namespace, skip: Callable[[str], None]) -> list[Document]:
    from glossary.io import InputError, ReadError, decode_bytes, iter_inputs
    from glossary.text.formats import MarkupError, documents

    docs: list[Document] = []
    for name, path in iter_inputs(args.paths, args.glob, errors=lambda _folder, why: skip(why)):
        try:
            raw = sys.stdin.buffer.read() if path is None else path.read_bytes()
        except OSError as exc:
            skip(f"{name}: cannot read ({exc.strerror or exc})")
            continue
        try:
            decoded = decode_bytes(raw, name=name, encoding=args.encoding)
        except ReadError as exc:
            skip(str(exc))
            continue
        bom = b""
        if decoded.bom:
            bom = next(b for b in _BOMS if raw.startswith(b))
        try:
            parts = list(documents(name, decoded.text))
        except (MarkupError, ValueError) as exc:
            skip(f"{name}: {exc}")
            continue
        if len(parts) == 1 and parts[0][0] == name:
            docs.append(Document(name, decoded.text, path, decoded.encoding, bom, raw, parts[0][2]))
        else:  # a notebook: its Markdown cells, named path#cell=N
            docs.extend(Document(n, t, path, markup=m, cell=True) for n, t, m in parts)
    if not docs and not args.paths:
        raise InputError("no input files")
    return docs


_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def run_check(args: argparse.Namespace) -> int:
    """The ``check`` command: exit 0 clean, 1 findings or unreadable inputs, 2 usage error."""
    from glossary.console import InputError, UsageError
    from glossary.console import emit as _emit
    from glossary.console import say as _say

    if args.fix and args.diff:
        raise UsageError("--fix and --diff cannot be combined: --diff only shows what --fix would write")
    if args.encoding:
        from glossary.io import EncodingNameError, check_encoding

        try:
            check_encoding(args.encoding)
        except EncodingNameError as exc:
            raise UsageError(str(exc)) from exc
    try:
        config = _cli_config(args)
    except CheckError as exc:
        raise UsageError(str(exc)) from exc
    glossary = _load_glossary(args.glossary) if args.glossary else None
    if glossary is not None:
        import gc

        gc.collect()
        gc.freeze()  # the glossary lives for the whole run: collections need not walk it again
    skipped: list[str] = []

    def skip(why: str) -> None:
        skipped.append(why)
        _say(f"glossary: skipped {why}")

    docs = _read_documents(args, skip)
    if not docs:
        raise InputError(f"no readable input files in {' '.join(args.paths)} (check the paths and --glob)")
    if (args.fix or args.diff) and any(d.path is None for d in docs):
        raise UsageError("--fix and --diff need files, not standard input")
    findings = check_documents(docs, glossary, config)
    if args.fix or args.diff:
        remaining, changed = _fix(docs, findings, write=args.fix)
        if args.diff:
            _emit(changed, args.output, "diff")  # escaped only on a terminal: `patch` reads it exactly
            return 1 if changed else (1 if skipped else 0)
        findings = remaining
    report = {
        "text": lambda: to_text(findings),
        "json": lambda: to_json(findings, len(docs)),
        "sarif": lambda: to_sarif(findings),
    }[args.format]()
    if report or args.output:
        _emit(report, args.output, "text" if args.format == "text" else "json")
    if not args.quiet:
        by_rule = Counter(f.rule for f in findings)
        detail = ", ".join(f"{r} {n}" for r, n in sorted(by_rule.items()))
        _say(
            f"glossary check: {len(docs)} document(s), {len(findings)} finding(s)"
            + (f" ({detail})" if detail else "")
        )
    return 1 if findings or skipped else 0


def _load_glossary(path: str) -> Glossary:
    """The ``-g`` glossary: a JSON file whole; of a store, only what mentions need."""
    from glossary.console import InputError, load_glossary
    from glossary.dictionary.glossary import GlossaryFormatError
    from glossary.store.sqlite import is_store_path, open_store

    if not is_store_path(path) or not Path(path).is_file():
        return load_glossary(path, what="glossary")
    try:
        with open_store(path, readonly=True) as store:
            return store.mention_glossary()
    except GlossaryFormatError as exc:
        raise InputError(str(exc)) from exc


def _fix(docs: list[Document], findings: list[Finding], *, write: bool) -> tuple[list[Finding], str]:
    """Apply (``write``) or diff the variant fixes; returns the findings left and the unified diff."""
    import difflib

    from glossary.console import say as _say
    from glossary.io import atomic_write_bytes

    by_doc: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_doc[f.path].append(f)
    remaining: list[Finding] = []
    diff: list[str] = []
    fixed = files = 0
    for doc in docs:
        mine = by_doc.get(doc.name, [])
        new_text, done = apply_fixes(doc.text, mine)
        if not done:
            remaining.extend(mine)
            continue
        if doc.cell:
            print(f"glossary: not fixing {doc.name}: notebook cells are not rewritten", file=sys.stderr)
            remaining.extend(mine)
            continue
        if not _round_trips(doc):
            _say(
                f"glossary: not fixing {doc.name}: re-encoding it as {doc.encoding} would change bytes "
                "the fixes do not touch; convert it to UTF-8 first"
            )
            remaining.extend(mine)
            continue
        try:
            data = doc.encode(new_text)
        except UnicodeEncodeError as exc:
            _say(f"glossary: not fixing {doc.name}: {exc.reason} in {doc.encoding}")
            remaining.extend(mine)
            continue
        if write:
            assert doc.path is not None
            atomic_write_bytes(doc.path, data)
            fixed += len(done)
            files += 1
            remaining.extend(f for f in mine if f not in done)
        else:
            diff.extend(
                difflib.unified_diff(
                    doc.text.splitlines(keepends=True),
                    new_text.splitlines(keepends=True),
                    f"a/{Path(doc.name).as_posix()}",
                    f"b/{Path(doc.name).as_posix()}",
                )
            )
            remaining.extend(mine)
    if write and fixed:
        _say(f"glossary: fixed {fixed} variant(s) in {files} file(s)")
    no_eol = "\n\\ No newline at end of file\n"
    return remaining, "".join(line if line.endswith("\n") else line + no_eol for line in diff)


def _round_trips(doc: Document) -> bool:
    try:
        return doc.raw is not None and doc.encode(doc.text) == doc.raw
    except UnicodeEncodeError:
        return False
