"""The fuzz harness in CI: a bounded run of every target, and the crashes it found, replayed.

``GLOSSARY_FUZZ_SECONDS`` sets the time per target (default 2: about 26 s
in all); ``python tests/fuzz/run.py --seconds 600`` runs it longer.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import targets

from glossary.dictionary.entries import GlossaryFormatError
from glossary.dictionary.glossary import Glossary
from glossary.models import Definition, Part

HERE = Path(__file__).resolve().parent
SECONDS = float(os.environ.get("GLOSSARY_FUZZ_SECONDS", "2"))


@pytest.mark.parametrize("target", sorted(targets.TARGETS))
def test_fuzz_target_for_a_bounded_time(target: str) -> None:
    r = subprocess.run(
        [sys.executable, str(HERE / "run.py"), target, "--seconds", str(SECONDS)],
        capture_output=True,
        text=True,
        errors="replace",
        timeout=SECONDS * 10 + 120,
    )
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-4000:]
    assert "nothing found" in r.stdout or "exit 0" in r.stdout


# Saved glossaries that crashed a command before the loader checked every field
# (found by the `load` target): the path of the damaged value and what it held.
LOADER_CRASHES: list[tuple[tuple[Any, ...], Any]] = [
    (("entries", 0, "en"), ["a list"]),  # TypeError in normalisation
    (("entries", 0, "ja"), True),
    (("entries", 0, "abbr"), 7),
    (("entries", 0, "occurrences", 0, "doc"), {"a": 1}),  # unhashable Definition
    (("entries", 0, "occurrences", 0, "parts", 0, "role"), 1.5),  # sort of mixed types
    (("entries", 0, "occurrences", 0, "parts", 0, "role"), ""),  # KeyError in the build
    (("entries", 0, "occurrences", 0, "score"), float("nan")),
    (("entries", 0, "related", 0), "broader"),
    (("entries", 0, "forms", "ja"), "確率"),  # a string where a list belongs
    (("warnings",), 1.5),  # TypeError: not iterable
    (("overrides", 0, "kind"), "pni"),
    (("overrides", 0, "surfaces"), []),
]


def _at(doc: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    parent: Any = doc
    for step in path[:-1]:
        parent = parent[step]
    if isinstance(parent, list) and path[-1] >= len(parent):
        parent.append(value)
    else:
        parent[path[-1]] = value
    return doc


def _seed_with_links() -> dict[str, Any]:
    seed = copy.deepcopy(targets.SEED)
    if not seed["entries"][0]["related"]:
        seed["entries"][0]["related"] = [{"type": "related", "id": seed["entries"][1]["id"], "why": "x"}]
    return seed


@pytest.mark.parametrize(
    ("path", "value"), LOADER_CRASHES, ids=[".".join(map(str, p)) for p, _ in LOADER_CRASHES]
)
def test_loader_crashes_found_by_fuzzing_are_clear_errors(
    tmp_path: Path, path: tuple[Any, ...], value: Any
) -> None:
    doc = _at(_seed_with_links(), path, value)
    p = tmp_path / "g.json"
    p.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    with pytest.raises(GlossaryFormatError) as err:
        Glossary.load(p)
    message = str(err.value)
    assert message.startswith(f"{p}:")  # file and line
    assert "restore the file" in message or "expected" in message or "unknown" in message


def test_loaded_lone_surrogate_id_exports() -> None:
    """An id holding a lone surrogate (JSON escape \\ud800) crashed the SKOS export (fixed)."""
    doc = _at(targets.SEED, ("entries", 0, "id"), "x\ud800")
    targets.exercise(Glossary.from_dict(doc))


def test_loaded_lone_surrogate_link_target_exports() -> None:
    """A link to an id holding a lone surrogate crashed the Markdown export's anchor (found by atheris)."""
    doc = _at(_seed_with_links(), ("entries", 0, "related", 0, "id"), "\ud800")
    targets.exercise(Glossary.from_dict(doc))


def test_japanese_only_entry_with_a_lone_surrogate_gets_an_id() -> None:
    """The id hash of a Japanese-only entry encoded a lone surrogate as UTF-8 and crashed (fixed)."""
    ja, ab = "語\ud800", "語"
    d = Definition((Part(ja, 0, 2, "ja"), Part(ab, 3, 4, "abbr")), "test", 0.9, 0, 5, doc="a.md")
    g = Glossary.from_definitions([d])
    assert [e.id[:3] for e in g] == ["ja-"]
    targets.exercise(g)
