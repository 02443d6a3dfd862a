"""Fast record constructors: the same records as the dataclasses build."""

from __future__ import annotations

import copy
import pickle
from dataclasses import FrozenInstanceError, fields

import pytest

from glossary.extract.records import (
    DEFINITION_FIELDS,
    PART_FIELDS,
    definition,
    definition_from_flat,
    pack,
    part,
    reduce_definition,
    unpack,
)
from glossary.models import Definition, Part


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


@pytest.mark.parametrize("n_parts", [0, 1, 3])
def test_definitions_pickle_flat_and_come_back_equal(n_parts: int) -> None:
    parts = tuple(part(f"語{i}", 2 * i, 2 * i + 1, ("ja", "en", "abbr")[i]) for i in range(n_parts))
    d = definition(parts, "ja(en、abbr)", 0.75, 0, 9, "文。", "a.md", ("n1", "n2"))
    rebuild, state = reduce_definition(d)
    assert rebuild is definition_from_flat and all(not isinstance(v, Part) for v in state[-1])
    back = pickle.loads(pickle.dumps([d, d], protocol=pickle.HIGHEST_PROTOCOL))
    assert back == [d, d] and all(type(p) is Part for p in back[0].parts)
    assert [(p.text, p.start, p.end, p.role) for p in back[1].parts] == [
        (p.text, p.start, p.end, p.role) for p in parts
    ]


def test_flat_parts_must_come_in_fours() -> None:
    with pytest.raises(ValueError, match="four values per part"):
        definition_from_flat("ja", 0.5, 0, 1, "", None, (), ("語", 0, 1))


def test_pack_sends_slices_of_the_text_as_offsets() -> None:
    text = "前の文。確率的勾配降下法(SGD)を使う。"
    sgd = text.index("SGD")
    parts = (part("確率的勾配降下法", 4, 12, "ja"), part("SGD", sgd, sgd + 3, "abbr"))
    d = definition(parts, "ja(abbr)", 0.9, 4, sgd + 4, "確率的勾配降下法(SGD)を使う。", "a.md")
    (row,) = pack([[d]], [text])[0]
    assert "確率的勾配降下法(SGD)を使う。" not in row and None in row[8] and "SGD" not in row[8]
    assert unpack([[row]], [text]) == [[d]]


def test_pack_sends_what_is_not_in_the_text_as_written() -> None:
    text = "Stochastic\n gradient descent (SGD) works."
    # a cleaned surface and a whitespace-normalised sentence are not slices of the text
    parts = (part("Stochastic gradient descent", 0, 28, "en"), part("SGD", 30, 33, "abbr"))
    assert text[30:33] == "SGD"
    d = definition(parts, "en(abbr)", 0.8, 0, 34, "Stochastic gradient descent (SGD) works.", None, ("n",))
    (row,) = pack([[d]], [text])[0]
    assert "Stochastic gradient descent (SGD) works." in row and "Stochastic gradient descent" in row[8]
    assert unpack(pickle.loads(pickle.dumps([[row]])), [text]) == [[d]]


def test_pack_and_unpack_need_one_text_per_result_list() -> None:
    with pytest.raises(ValueError):
        pack([[], []], ["only one"])
    with pytest.raises(ValueError):
        unpack([[]], [])
