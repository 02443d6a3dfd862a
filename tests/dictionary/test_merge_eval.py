"""Merging quality on the variant corpus (data/variants), scored with the evaluation's rules.

Every pair of surfaces inside one entry is a claimed link: merge links (variants
in one language) must be found (recall >= 0.95) and no link may join two gold
concepts (no false merge).  When the shared evaluation scorer is present it
must agree with the test helper.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

from glossary import find_definitions
from glossary.dictionary.glossary import Glossary
from scoring import gold_links, predicted_links

VARIANTS = Path(__file__).resolve().parents[2] / "data" / "variants"
GOLD: dict[str, Any] = json.loads((VARIANTS / "gold.json").read_text(encoding="utf-8"))
SHARED_SCORER = Path("/work/shared/eval/score.py")


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    defs = []
    for name in GOLD["documents"]:
        defs.extend(find_definitions((VARIANTS / name).read_text(encoding="utf-8"), doc=name))
    return Glossary.from_definitions(defs)


def merge_score(pred: dict[str, Any]) -> tuple[float, list[str], list[str]]:
    g = gold_links(GOLD)
    links = predicted_links(pred)
    false = sorted(" <-> ".join(sorted(link)) for link in links - g.allowed)
    missed = sorted(" <-> ".join(sorted(link)) for link in g.merge - links)
    recall = len(g.merge & links) / len(g.merge)
    return recall, false, missed


def test_gold_lists_the_corpus() -> None:
    assert sorted(GOLD["documents"]) == sorted(p.name for p in VARIANTS.glob("*.md"))
    assert len(gold_links(GOLD).merge) >= 20  # enough variants to make recall meaningful


def test_merge_recall_and_no_false_merge(glossary: Glossary) -> None:
    recall, false, missed = merge_score(glossary.to_dict())
    assert false == [], false
    assert recall >= 0.95, missed


def test_look_alikes_and_homonyms_stay_apart(glossary: Glossary) -> None:
    emi, mine = glossary.lookup("EMI").entry, glossary.lookup("MINE").entry
    assert emi is not None and mine is not None and emi.id != mine.id
    assert [link.type for link in emi.related if link.id == mine.id] == ["related"]
    sae = glossary.lookup("SAE")
    assert sae.match == "exact" and {e.en for e in sae.entries} == {
        "Sparse Autoencoder",
        "Stacked Autoencoder",
    }
    cv = glossary.lookup("CV")
    assert len(cv.entries) == 2
    a, b = cv.entries
    assert [link.type for link in a.related if link.id == b.id] == ["homonym"]


def test_bare_acronyms_follow_their_document(glossary: Glossary) -> None:
    assert glossary.lookup("積層自己符号化器").entry.en == "Stacked Autoencoder"  # type: ignore[union-attr]
    assert glossary.lookup("スパース自己符号化器").entry.en == "Sparse Autoencoder"  # type: ignore[union-attr]


@pytest.mark.skipif(not SHARED_SCORER.exists(), reason="shared evaluation scorer not present")
def test_shared_scorer_agrees(glossary: Glossary) -> None:
    spec = importlib.util.spec_from_file_location("shared_score", SHARED_SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    res = module.score(GOLD, glossary.to_dict())
    recall, false, _ = merge_score(glossary.to_dict())
    assert res["merge"]["recall"] == round(recall, 4)
    assert res["false_positives"] == false
    assert res["all"]["precision"] >= 0.95
