"""prh: a dictionary for textlint-rule-prh that rewrites variants to the canonical form."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from glossary.io import scrub
from glossary.models import ROLES

if TYPE_CHECKING:
    from glossary.dictionary.glossary import Glossary


def _yaml_str(s: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes, plus the characters YAML may not hold raw)."""
    import json

    out = json.dumps(scrub(s), ensure_ascii=False)
    return re.sub("[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]", lambda m: f"\\u{ord(m.group()):04x}", out)


_LATIN_EDGE = re.compile(r"[A-Za-z0-9]")


_JS_SPECIAL = re.compile(r"[\\^$.*+?()\[\]{}|/\-]")


def _js_escape(text: str) -> str:
    return _JS_SPECIAL.sub(lambda m: "\\" + m.group(), text)


def _prh_pattern(variant: str, inside: Iterable[tuple[str, str]]) -> str:
    """A JavaScript regex for ``variant``: escaped, Latin on word boundaries, and never matching
    where it is part of a longer known surface (``inside``: the (before, after) text around it
    in each such surface, e.g. the canonical form itself, or another entry's term)."""
    v = _js_escape(variant)
    body = v
    if _LATIN_EDGE.match(variant):
        body = "(?<![A-Za-z0-9])" + body
    if _LATIN_EDGE.match(variant[-1:]):
        body += "(?![A-Za-z0-9])"
    guards = []
    for before, after in sorted(set(inside)):
        behind = f"(?<={_js_escape(before)})" if before else ""
        guards.append(f"(?!{behind}{v}{_js_escape(after)})")
    return f"/{''.join(guards)}{body}/"


def prh_rules(g: Glossary) -> list[tuple[str, list[tuple[str, str]], str]]:
    """(expected, [(variant, pattern)], note) per entry with variants ``glossary check`` would flag."""
    import ahocorasick_rs

    from glossary.dictionary.normalize import replacement as _replacement

    canon = {s for e in g for s in (e.ja, e.en, e.abbr) if s}
    rules: list[tuple[str, list[str], str]] = []
    for e in g:
        for role in ROLES:
            expected = getattr(e, role)
            if not expected:
                continue
            variants = [
                s
                for s in e.forms.get(role, ())
                if s not in canon and _replacement(s, expected, role) is not None
            ]
            if variants:
                label = " / ".join(x for x in (e.ja, e.en, e.abbr) if x)
                rules.append((expected, variants, f"glossary entry {e.id}: {label}"))
    if not rules:
        return []
    # every known surface that holds a variant inside it: the variant must not match there
    patterns = sorted({v for _, variants, _ in rules for v in variants})
    finder = ahocorasick_rs.AhoCorasick(patterns)
    inside: dict[str, list[tuple[str, str]]] = {}
    for surface in {s for e in g for s in e.surfaces()}:
        for i, first, end in finder.find_matches_as_indexes(surface, overlapping=True):
            v = patterns[i]
            if v != surface:
                inside.setdefault(v, []).append((surface[:first], surface[end:]))
    return [
        (expected, [(v, _prh_pattern(v, inside.get(v, ()))) for v in variants], note)
        for expected, variants, note in rules
    ]


def _prh(g: Glossary) -> str:
    """A prh dictionary (version 1) for textlint-rule-prh: the canonical form is ``expected``."""
    lines = [
        "# prh rules written by glossary for textlint-rule-prh: a variant becomes its entry's canonical form",
        "version: 1",
        "rules:",
    ]
    for expected, variants, note in prh_rules(g):
        lines.append(f"  - expected: {_yaml_str(expected)}")
        lines.append("    patterns:")
        lines.extend(f"      - {_yaml_str(pattern)}" for _, pattern in variants)
        lines.append(f"    prh: {_yaml_str(note)}")
        lines.append("    specs:")
        for v, _ in variants:
            lines.append(f"      - from: {_yaml_str(v)}")
            lines.append(f"        to: {_yaml_str(expected)}")
    if lines[-1] == "rules:":
        lines[-1] = "rules: []"
    return "\n".join(lines) + "\n"
