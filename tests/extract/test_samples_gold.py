"""The bundled samples' gold and negatives must quote their documents exactly."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
GOLD: dict[str, Any] = json.loads((SAMPLES / "gold.json").read_text(encoding="utf-8"))
NEGATIVES: dict[str, Any] = json.loads((SAMPLES / "negatives.json").read_text(encoding="utf-8"))
TEXTS = {doc: (SAMPLES / f"{doc}.md").read_text(encoding="utf-8") for doc in GOLD["documents"]}
CONCEPT_KEYS = {"id", "ja", "en", "abbr", "docs", "optional", "optional_forms", "evidence", "note"}
BRACKETS = set("()（）")


def test_schema_and_documents() -> None:
    assert GOLD["schema"] == "glossary-gold/1"
    assert NEGATIVES["schema"] == "glossary-gold-negatives/1"
    assert sorted(p.stem for p in SAMPLES.glob("*.md")) == sorted(GOLD["documents"])
    assert 6 <= len(TEXTS) <= 8
    for doc, text in TEXTS.items():
        size = len(text.encode("utf-8"))
        assert 1500 <= size <= 4096, f"{doc}.md is {size} bytes"


def test_concept_ids_unique() -> None:
    ids = [c["id"] for c in GOLD["concepts"]]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("concept", GOLD["concepts"], ids=[c["id"] for c in GOLD["concepts"]])
def test_concept_quotes_its_documents(concept: dict[str, Any]) -> None:
    assert set(concept) == CONCEPT_KEYS
    assert sum(bool(concept[lang]) for lang in ("ja", "en", "abbr")) >= 2, "a concept links two languages"
    assert concept["docs"] and set(concept["docs"]) <= set(TEXTS)
    texts = [TEXTS[d] for d in concept["docs"]]
    for lang in ("ja", "en", "abbr"):
        for surface in concept[lang] + concept["optional_forms"][lang]:
            assert surface == surface.strip() and surface
            assert any(surface in t for t in texts), f"{lang} surface {surface!r} not in {concept['docs']}"
    for piece in concept["evidence"].split(" / "):
        assert any(piece in t for t in texts), f"evidence {piece!r} not in {concept['docs']}"


@pytest.mark.parametrize("negative", NEGATIVES["negatives"], ids=lambda n: n["snippet"][:30])
def test_negative_quotes_its_document(negative: dict[str, Any]) -> None:
    assert set(negative) == {"doc", "snippet", "reason"}
    assert negative["snippet"] in TEXTS[negative["doc"]]
    assert BRACKETS & set(negative["snippet"]), "a negative names a bracket"
    assert negative["reason"]


def test_every_document_has_definitions_and_negatives() -> None:
    with_gold = {d for c in GOLD["concepts"] for d in c["docs"]}
    with_negatives = {n["doc"] for n in NEGATIVES["negatives"]}
    assert with_gold == set(TEXTS)
    assert with_negatives == set(TEXTS)
