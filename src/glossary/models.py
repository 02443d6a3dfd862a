"""Small typed records that flow through the pipeline.

Every span is a pair of character offsets into the *original* text, so that
``text[part.start:part.end] == part.text`` always holds, whatever
normalisation later steps apply to keys.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

from glossary.registry import lookup

Role = Literal["ja", "en", "abbr"]
ROLES: tuple[Role, ...] = ("ja", "en", "abbr")


@dataclass(frozen=True, slots=True)
class Part:
    """One surface of a definition: its exact text, offsets and role."""

    text: str
    start: int
    end: int
    role: Role

    @property
    def clean(self) -> str:
        """The surface with line breaks inside Japanese text removed.

        Wrapped lines split words (``推定\\n相互情報``); the display form joins
        them while ``text`` stays the exact slice.
        """
        return clean_surface(self.text)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "role": self.role}

    def __reduce__(self) -> tuple[Any, ...]:
        # unpickled by a compiled constructor (glossary.extract.records.part, through the registry: the
        # extractor is a layer above): a slotted frozen dataclass would restore each field through
        # object.__setattr__, the largest cost of receiving a worker's definitions
        return lookup("pickle.part"), (self.text, self.start, self.end, self.role)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Part:
        return cls(str(data["text"]), int(data["start"]), int(data["end"]), data["role"])


@dataclass(frozen=True, slots=True)
class Definition:
    """One bracketed definition found at one place in one document.

    ``parts`` holds every surface the definition names, in text order; a
    bracket may give several glosses of one role (``埋め込み(embedding、埋め込み表現)``),
    and ``ja`` / ``en`` / ``abbr`` return the first of each role.
    """

    parts: tuple[Part, ...]
    pattern: str
    score: float
    start: int
    end: int
    sentence: str = ""
    doc: str | None = None
    notes: tuple[str, ...] = field(default=())

    def _first(self, role: Role) -> Part | None:
        for part in self.parts:
            if part.role == role:
                return part
        return None

    @property
    def ja(self) -> Part | None:
        return self._first("ja")

    @property
    def en(self) -> Part | None:
        return self._first("en")

    @property
    def abbr(self) -> Part | None:
        return self._first("abbr")

    def forms(self, role: Role) -> list[str]:
        """Distinct display forms of one role, in order of appearance."""
        seen: list[str] = []
        for part in self.parts:
            if part.role == role and part.clean not in seen:
                seen.append(part.clean)
        return seen

    def to_dict(self) -> dict[str, Any]:
        return {
            "ja": self.ja.clean if self.ja else None,
            "en": self.en.clean if self.en else None,
            "abbr": self.abbr.clean if self.abbr else None,
            "parts": [p.to_dict() for p in self.parts],
            "pattern": self.pattern,
            "score": round(self.score, 4),
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence,
            "doc": self.doc,
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Definition:
        return cls(
            parts=tuple(Part.from_dict(p) for p in data["parts"]),
            pattern=str(data["pattern"]),
            score=float(data["score"]),
            start=int(data["start"]),
            end=int(data["end"]),
            sentence=str(data.get("sentence", "")),
            doc=data.get("doc"),
            notes=tuple(data.get("notes", ())),
        )

    def __reduce__(self) -> tuple[Any, ...]:
        reduce_definition = lookup("pickle.definition")  # see Part.__reduce__
        result: tuple[Any, ...] = reduce_definition(self)
        return result

    def _repr_html_(self) -> str:
        html: str = lookup("repr_html.definition")(self)  # glossary.exports.html, a layer above
        return html

    def __repr__(self) -> str:
        shown = ", ".join(f"{p.role}={p.clean!r}" for p in self.parts)
        return f"Definition({shown}, pattern={self.pattern!r}, score={self.score:.2f})"


@lru_cache(maxsize=65536)
def clean_surface(text: str) -> str:
    """Fold whitespace runs to one space; drop line breaks between CJK characters.

    A line break between two CJK characters is a wrap, not a word boundary.
    Leading and trailing whitespace is dropped.
    """
    if _WS_RE.search(text) is None:
        return text  # the common case: nothing to fold

    def fold(m: re.Match[str]) -> str:
        a, z = m.span()
        if a == 0 or z == len(text):
            return ""
        gap = m.group()
        if ("\n" in gap or "\r" in gap) and _is_cjk(text[a - 1]) and _is_cjk(text[z]):
            return ""
        return " "

    return _WS_RE.sub(fold, text)


_WS_RE = re.compile(r"\s+")


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return (
        0x3000 <= code <= 0x30FF
        or 0x3400 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF
    )
