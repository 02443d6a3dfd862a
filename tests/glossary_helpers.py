"""Small builders for hand-made Definitions in the dictionary tests."""

from __future__ import annotations

from glossary.models import Definition, Part


def defn(
    ja: str | None = None,
    en: str | None = None,
    abbr: str | None = None,
    *,
    doc: str = "doc.md",
    start: int = 0,
    score: float = 0.9,
    sentence: str = "",
) -> Definition:
    """A definition laid out as ``ja(en、abbr)`` starting at ``start`` in ``doc``."""
    parts: list[Part] = []
    pos = start
    for role, text in (("ja", ja), ("en", en), ("abbr", abbr)):
        if text is None:
            continue
        parts.append(Part(text, pos, pos + len(text), role))  # type: ignore[arg-type]
        pos += len(text) + 1
    return Definition(tuple(parts), "test", score, start, pos, sentence=sentence, doc=doc)
