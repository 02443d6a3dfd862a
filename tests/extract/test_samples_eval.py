"""End-to-end quality on the bundled samples, scored against their gold.

Builds the ``glossary/1`` JSON contract from ``find_definitions`` over
``data/samples/*.md`` through the dictionary and scores its cross links. The
samples are what README's main command runs on, so every link must hold: a rule
change that loses one here is a regression to look at, not noise (a loose
threshold once let a lost prefix through).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from glossary import Definition, find_definitions
from glossary.dictionary.glossary import Glossary
from glossary.models import ROLES
from scoring import gold_links, norm, predicted_links, score_cross

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
GOLD: dict[str, Any] = json.loads((SAMPLES / "gold.json").read_text(encoding="utf-8"))


def build_glossary(defs: list[Definition]) -> dict[str, Any]:
    return Glossary.from_definitions(defs).to_dict()


@pytest.fixture(scope="module")
def predicted() -> dict[str, Any]:
    defs: list[Definition] = []
    for doc in GOLD["documents"]:
        defs += find_definitions((SAMPLES / f"{doc}.md").read_text(encoding="utf-8"), doc=doc)
    return build_glossary(defs)


def test_contract_shape(predicted: dict[str, Any]) -> None:
    assert predicted["schema"] == "glossary/1"
    assert predicted["entries"]
    for entry in predicted["entries"]:
        assert sum(bool(entry.get(r)) for r in ROLES) >= 1
        assert set(entry["forms"]) >= set(ROLES)
        assert entry["occurrences"]
        for occ in entry["occurrences"]:
            assert occ["doc"] in GOLD["documents"]
            assert 0 <= occ["start"] <= occ["end"]


def test_cross_links_on_samples(predicted: dict[str, Any]) -> None:
    s = score_cross(GOLD, predicted)
    report = (
        f"P={s.precision:.3f} R={s.recall:.3f} tp={s.tp} fp={s.fp} fn={s.fn}\n"
        + "\n".join(f"FP   {x}" for x in s.false_positives)
        + "\n"
        + "\n".join(f"MISS {x}" for x in s.missed)
    )
    assert (s.fp, s.fn) == (0, 0), report


# --- the scoring helper itself --------------------------------------------


def _perfect_prediction() -> dict[str, Any]:
    entries = []
    for c in GOLD["concepts"]:
        entries.append({r: None for r in ROLES} | {"forms": {r: list(c[r]) for r in ROLES}})
    return {"entries": entries}


def test_scoring_perfect_prediction() -> None:
    s = score_cross(GOLD, _perfect_prediction())
    assert (s.precision, s.recall, s.fp, s.fn) == (1.0, 1.0, 0, 0)


def test_scoring_counts_wrong_merges_and_misses() -> None:
    pred = _perfect_prediction()
    first, second = pred["entries"][0], pred["entries"][1]
    for role in ROLES:  # two concepts wrongly joined into one entry
        first["forms"][role] += second["forms"][role]
    pred["entries"].pop(1)
    s = score_cross(GOLD, pred)
    assert s.fp > 0 and s.precision < 1.0
    assert s.fn == 0
    pred["entries"].pop(0)
    assert score_cross(GOLD, pred).fn > 0


def test_scoring_folds_width_case_and_space() -> None:
    assert norm("ＣＮＮ") == norm("cnn") == "cnn"
    assert norm(" Vision\n  Transformer ") == "vision transformer"
    gold = {
        "concepts": [
            {"id": "x", "ja": ["畳み込み"], "en": ["Convolution"], "abbr": [], "optional": False},
            {"id": "y", "ja": ["注意"], "en": ["attention"], "abbr": [], "optional": True},
        ]
    }
    assert gold_links(gold).cross == {frozenset({"畳み込み", "convolution"})}
    pred = {"entries": [{"ja": "注意", "en": "ATTENTION"}, {"ja": "畳み込み", "en": "convolution"}]}
    assert predicted_links(pred) == {frozenset({"注意", "attention"}), frozenset({"畳み込み", "convolution"})}
    s = score_cross(gold, pred)
    assert (s.tp, s.fp, s.fn) == (1, 0, 0)  # the optional concept is neither rewarded nor penalised
