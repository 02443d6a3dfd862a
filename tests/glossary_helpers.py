"""Small builders for hand-made Definitions in the dictionary tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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


def run_cli(*args: str, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """``python -m glossary ARGS`` in a subprocess, as a user runs it: exit code, stdout and stderr as text.

    Undecodable bytes in the output come back as surrogates rather than failing the test that
    checks them; ``timeout`` only bounds a hang.
    """
    return subprocess.run(
        [sys.executable, "-m", "glossary", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="surrogateescape",
        timeout=timeout,
    )
