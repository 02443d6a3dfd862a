"""Fast record constructors: the same records as the dataclasses build."""

from __future__ import annotations

import copy
import pickle
from dataclasses import FrozenInstanceError, fields

import pytest

from glossary.models import Definition, Part
from glossary.records import DEFINITION_FIELDS, PART_FIELDS, definition, part


def test_field_lists_follow_the_models() -> None:
    assert tuple(f.name for f in fields(Part)) == PART_FIELDS
    assert tuple(f.name for f in fields(Definition)) == DEFINITION_FIELDS


def test_part_equals_the_dataclass_field_by_field() -> None:
    fast, slow = part("勾配", 3, 5, "ja"), Part("勾配", 3, 5, "ja")
    assert fast == slow and hash(fast) == hash(slow) and type(fast) is Part
    assert [getattr(fast, n) for n in PART_FIELDS] == ["勾配", 3, 5, "ja"]


def test_definition_keeps_the_defaults_and_every_argument() -> None:
    parts = (part("確率的勾配降下法", 0, 8, "ja"), part("SGD", 9, 12, "abbr"))
    short = definition(parts, "ja(abbr)", 0.9, 0, 13)
    assert short == Definition(parts, "ja(abbr)", 0.9, 0, 13)
    assert (short.sentence, short.doc, short.notes) == ("", None, ())
    args = (parts, "ja(abbr)", 0.9, 0, 13, "文。", "a.md", ("note",))
    full = definition(*args)
    assert full == Definition(*args)
    assert tuple(getattr(full, n) for n in DEFINITION_FIELDS) == args


def test_fast_records_stay_frozen_and_copy_and_pickle() -> None:
    d = definition((part("SAE", 0, 3, "abbr"),), "abbr", 0.5, 0, 3)
    with pytest.raises(FrozenInstanceError):
        d.score = 1.0  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        d.parts[0].text = "x"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(d)) == d and copy.deepcopy(d) == d
    assert repr(d) == repr(Definition((Part("SAE", 0, 3, "abbr"),), "abbr", 0.5, 0, 3))
