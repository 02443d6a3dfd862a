"""User curation that survives re-runs: a small line-based overrides file.

One rule a line; ``#`` starts a comment; surfaces are separated by ``|``::

    # pin the canonical form of the entry that holds this surface
    pin 制限ボルツマン・マシン
    # these surfaces are one concept
    merge 自己符号化器 | オートエンコーダ
    # these surfaces are different concepts (never in one entry)
    split Denoising Autoencoder | Deep Autoencoder
    # this surface is not a term: drop it wherever it was found
    block 推定手法

Surfaces match a form exactly (after NFKC and case folding) or by its
normalised key, so ``pin Denoising Autoencoders`` finds ``Denoising Autoencoder``.
The rules are applied by :class:`glossary.dictionary.glossary.Glossary` after every
build, so a re-run over new documents keeps the user's decisions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from glossary.dictionary.normalize import abbr_key, en_key, fold, ja_key

__all__ = ["KINDS", "Overrides", "OverridesError", "Rule", "load_overrides", "parse_overrides"]

Kind = Literal["pin", "merge", "split", "block"]
KINDS: tuple[Kind, ...] = ("pin", "merge", "split", "block")
_ARITY = {"pin": (1, 1), "block": (1, 1), "merge": (2, None), "split": (2, None)}


class OverridesError(ValueError):
    """A malformed overrides file; the message names the file and line."""


@dataclass(frozen=True, slots=True, order=True)
class Rule:
    """One curation rule; ``source`` and ``line`` say where it was written."""

    kind: Kind
    surfaces: tuple[str, ...]
    source: str = ""
    line: int = 0

    def where(self) -> str:
        return f"{self.source or '<overrides>'}:{self.line}" if self.line else (self.source or "<overrides>")

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "surfaces": list(self.surfaces), "source": self.source, "line": self.line}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Rule:
        kind = data["kind"]
        if kind not in KINDS:
            raise ValueError(f"unknown override kind {kind!r}; expected one of {', '.join(KINDS)}")
        return cls(
            kind,
            tuple(str(s) for s in data["surfaces"]),
            str(data.get("source", "")),
            int(data.get("line", 0)),
        )


@dataclass(frozen=True, slots=True)
class Overrides:
    """An ordered, duplicate-free set of rules."""

    rules: tuple[Rule, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.rules)

    def of(self, kind: Kind) -> list[Rule]:
        return [r for r in self.rules if r.kind == kind]

    def union(self, other: Overrides) -> Overrides:
        """Both rule sets; the result does not depend on the order of the operands."""
        return Overrides(tuple(sorted(set(self.rules) | set(other.rules))))

    def to_list(self) -> list[dict[str, Any]]:
        return [r.to_dict() for r in self.rules]

    @classmethod
    def from_list(cls, data: Iterable[dict[str, Any]]) -> Overrides:
        return cls(tuple(sorted({Rule.from_dict(d) for d in data})))


def parse_overrides(text: str, source: str = "<overrides>") -> Overrides:
    """Parse overrides text; errors name ``source`` and the line number."""
    rules: list[Rule] = []
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        word, _, rest = line.partition(" ")
        kind = word.lower()
        if kind not in KINDS:
            raise OverridesError(
                f"{source}:{lineno}: unknown rule {word!r}; expected one of {', '.join(KINDS)} "
                f"followed by surfaces separated by '|'"
            )
        surfaces = tuple(s.strip() for s in rest.split("|")) if rest.strip() else ()
        if any(not s for s in surfaces):
            raise OverridesError(f"{source}:{lineno}: empty surface in {kind!r} rule; remove the stray '|'")
        low, high = _ARITY[kind]
        if len(surfaces) < low or (high is not None and len(surfaces) > high):
            need = f"exactly {low}" if low == high else f"at least {low}"
            raise OverridesError(
                f"{source}:{lineno}: {kind!r} takes {need} surface(s) separated by '|', got {len(surfaces)}"
            )
        if kind in ("merge", "split") and len({fold(s).casefold() for s in surfaces}) < len(surfaces):
            raise OverridesError(f"{source}:{lineno}: {kind!r} names the same surface twice")
        rules.append(Rule(kind, surfaces, source, lineno))
    return Overrides(tuple(sorted(set(rules))))


def load_overrides(path: str | Path) -> Overrides:
    """Read and parse an overrides file.

    People write this file by hand, so it is decoded like a document
    (:func:`glossary.io.read_document`: UTF-8 with or without BOM, UTF-16
    with BOM, Shift_JIS or EUC-JP from an older editor); errors name the file.
    """
    from glossary.io import BinaryFileError, ReadError, UndecodableError, read_document

    p = Path(path)
    try:
        text = read_document(p).text
    except UndecodableError as exc:
        raise OverridesError(
            f"{p}: not valid UTF-8 (nor Shift_JIS or EUC-JP) at byte {exc.offset}; save the overrides "
            "file as UTF-8"
        ) from exc
    except BinaryFileError as exc:
        raise OverridesError(f"{p}: looks binary, not a text file of rules ({exc.reason})") from exc
    except ReadError as exc:
        raise OverridesError(f"{p}: cannot read overrides file ({exc.reason})") from exc
    return parse_overrides(text, str(p))


@dataclass(frozen=True, slots=True)
class Matcher:
    """Tests whether a surface seen in the text is the one a rule names."""

    folded: str
    keys: frozenset[tuple[str, str]]

    @classmethod
    def of(cls, surface: str) -> Matcher:
        keys = {("ja", ja_key(surface)), ("en", en_key(surface)), ("abbr", abbr_key(surface))}
        return cls(fold(surface).casefold(), frozenset(k for k in keys if k[1]))

    def matches(self, surface: str, role: str, key: str) -> bool:
        return fold(surface).casefold() == self.folded or (role, key) in self.keys
