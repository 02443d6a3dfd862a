"""The rules of ``glossary check`` that read one document's mentions, and where its findings go.

Compiled with mypyc (``setup.py`` COMPILED): a corpus has a mention every
quarter KB and a finding every KB, and these loops ran as pure Python at a
fifth of the check's time.  The records they make stay Python objects
(:class:`glossary.check.rules.Finding` is a frozen dataclass, made through the
callable :class:`Collector` is given), so nothing here is seen from outside
but the findings themselves.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final

from glossary.dictionary.normalize import abbr_key, replacement

if TYPE_CHECKING:
    from glossary.dictionary.mentions import Mention
    from glossary.models import Definition

__all__ = ["Collector", "Lines", "acronym_key", "acronyms", "disabled_lines", "variants"]

_DISABLE: Final = re.compile(r"<!--\s*glossary-disable-line\b([^>]*?)-->")
_RULE_SPLIT: Final = re.compile(r"[\s,]+")
_MEMO_LIMIT: Final = 1 << 16
# a corpus repeats its surfaces: what each spelling should become (and an acronym's key) is worked
# out once per spelling
_fixes: dict[tuple[str, str, str], str | None] = {}
_new_object: Final = object.__new__
_set_attribute: Final = object.__setattr__
_abbr_keys: dict[str, str] = {}


class Lines:
    """Offset -> (line, column), both 1-based, columns in characters."""

    def __init__(self, text: str) -> None:
        # every line's start, found once (by str.find: no copy of the lines), then looked up by bisection
        starts: list[int] = [0]
        pos = text.find("\n")
        while pos >= 0:
            starts.append(pos + 1)
            pos = text.find("\n", pos + 1)
        self.starts = starts

    def line(self, pos: int) -> int:
        """The 0-based index of the line that holds ``pos`` (``bisect_right(starts, pos) - 1``)."""
        starts = self.starts
        lo = 0
        hi = len(starts)
        while lo < hi:
            mid = (lo + hi) // 2
            if pos < starts[mid]:
                hi = mid
            else:
                lo = mid + 1
        return lo - 1

    def at(self, pos: int) -> tuple[int, int]:
        i = self.line(pos)
        return i + 1, pos - self.starts[i] + 1


def disabled_lines(text: str, lines: Lines) -> dict[int, set[str] | None]:
    """Line -> the rules switched off there (None: all) by ``<!-- glossary-disable-line [RULE…] -->``."""
    out: dict[int, set[str] | None] = {}
    if "glossary-disable-line" not in text:
        return out
    for m in _DISABLE.finditer(text):
        rules = {r for r in _RULE_SPLIT.split(m.group(1).strip()) if r}
        line = lines.at(m.start())[0]
        prev = out.get(line, set())
        out[line] = None if not rules or prev is None else prev | rules
    return out


class Collector:
    """Findings of one document, with positions, severities and opt-outs applied.

    ``levels`` holds the severity of each rule switched on; ``finding`` is the
    class of the findings (:class:`~glossary.check.rules.Finding`, a frozen
    dataclass with an instance ``__dict__`` and no ``__post_init__``).
    """

    def __init__(self, doc: Any, name: str, text: str, levels: dict[str, str], finding: type) -> None:
        self.doc = doc
        self.name = name
        self.text = text
        self.levels = levels
        self.finding = finding
        self.lines = Lines(text)
        self.off = disabled_lines(text, self.lines)
        self.findings: list[Any] = []
        # (start, rule, index) of each finding, for :meth:`in_order`
        self._order: list[tuple[int, str, int]] = []

    def add(self, rule: str, start: int, end: int, message: str, replacement: str | None = None) -> None:
        level = self.levels.get(rule)
        if level is None:
            return
        lines = self.lines
        i = lines.line(start)
        line = i + 1
        if self.off:
            off = self.off.get(line, set())
            if off is None or rule in off:
                return
        j = lines.line(end)
        # the finding made as its class would make it, but with its fields written at once: a
        # frozen dataclass's construction is a Python call, the largest cost of a finding
        made: Any = _new_object(self.finding)
        _set_attribute(
            made,
            "__dict__",
            {
                "rule": rule,
                "severity": level,
                "path": self.name,
                "line": line,
                "column": start - lines.starts[i] + 1,
                "end_line": j + 1,
                "end_column": end - lines.starts[j] + 1,
                "start": start,
                "end": end,
                "message": message,
                "surface": self.text[start:end],
                "replacement": replacement,
            },
        )
        self._order.append((start, rule, len(self.findings)))
        self.findings.append(made)

    def in_order(self) -> list[Any]:
        """The findings by offset, then rule, else in the order they were made.

        (``sorted(findings, key=attrgetter("start", "rule"))``, stable, with keys made as the
        findings were: a key read back from each finding's fields costs a Python call.)
        """
        order = self._order
        if len(order) < 2:
            return list(self.findings)
        order.sort()  # (the index breaks every tie: no two keys are equal)
        findings = self.findings
        return [findings[i] for _, _, i in order]

    def where(self, pos: int) -> str:
        line, col = self.lines.at(pos)
        return f"{self.name}:{line}:{col}"


def _fix(surface: str, canonical: str, role: str) -> str | None:
    key = (surface, canonical, role)
    if key in _fixes:
        return _fixes[key]
    got = replacement(surface, canonical, role)
    if len(_fixes) >= _MEMO_LIMIT:
        _fixes.clear()
    _fixes[key] = got
    return got


def acronym_key(surface: str) -> str:
    """:func:`glossary.dictionary.normalize.abbr_key`, memoised."""
    got = _abbr_keys.get(surface)
    if got is None:
        got = abbr_key(surface)
        if len(_abbr_keys) >= _MEMO_LIMIT:
            _abbr_keys.clear()
        _abbr_keys[surface] = got
    return got


def variants(col: Collector, mentions: list[Mention]) -> None:
    """``variant``: each mention spelled otherwise than its entry's canonical form."""
    # (a text has thousands of mentions, nearly all canonical: the tuple unpacked is the cheapest test)
    for surface, start, end, _, eid, _, _, role, known, canonical in mentions:
        if canonical is None or surface == canonical or eid is None:
            continue
        fix = _fix(surface, canonical, role)
        if fix is None:
            continue
        seen = "a variant" if known else "an unseen spelling"
        col.add(
            "variant",
            start,
            end,
            f"'{surface}' is {seen} of '{canonical}' (entry {eid}); write '{fix}'",
            fix,
        )


def acronyms(col: Collector, mentions: list[Mention], defs: list[Definition]) -> None:
    """``acronym-undefined`` and ``acronym-before-definition``: each acronym's first use that breaks one."""
    first_def: dict[str, int] = {}
    spans: list[tuple[int, int]] = []
    for d in defs:
        start = d.start
        spans.append((start, d.end))
        for p in d.parts:
            if p.role == "abbr":
                k = acronym_key(p.clean)
                first = first_def.get(k)
                if first is None or start < first:
                    first_def[k] = start
    reported: set[str] = set()
    for m in mentions:
        if m[7] != "abbr":  # (m.role, by index: thousands of times a text)
            continue
        surface = m.surface
        k = acronym_key(surface)
        if k in reported:
            continue
        pos = m.start
        first = first_def.get(k)
        if first is None:
            reported.add(k)
            if m.id is None:
                meaning = f" (the glossary gives {len(m.candidates)} meanings: {', '.join(m.candidates)})"
            else:
                meaning = f" (glossary entry {m.id})"
            col.add(
                "acronym-undefined",
                pos,
                m.end,
                f"'{surface}' is used but never defined in this document; spell it out at its first "
                f"use{meaning}",
            )
        elif pos < first and not _inside(spans, pos):
            reported.add(k)
            col.add(
                "acronym-before-definition",
                pos,
                m.end,
                f"'{surface}' is used before its definition at {col.where(first)}; move the definition here, "
                "or spell the term out",
            )


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    for a, z in spans:
        if a <= pos < z:
            return True
    return False
