"""How a Glossary is kept and saved at scale: the line layout, shared strings, quick checks, keys.

The dictionary-cost benchmark (benchmarks/run.py, section 5) measures the
speed; these tests pin down that the faster paths give what the plain ones
gave: the same JSON values, the same error messages, the same order.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest

from glossary.dictionary.entries import (
    LINK_FANOUT,
    GlossaryFormatError,
    KeyMemo,
    _def_order,
    _occurrence,
    _sorted_defs,
)
from glossary.dictionary.glossary import Glossary, _read_saved
from glossary.dictionary.normalize import en_tokens, en_words, key
from glossary.dictionary.overrides import parse_overrides
from glossary.dictionary.saved import _check_occurrence, _Damaged, _occurrence_ok
from glossary.io import atomic_write
from glossary.models import Definition, Part, clean_surface
from glossary_helpers import defn


@pytest.fixture(scope="module")
def g() -> Glossary:
    defs = [
        defn("確率的勾配降下法", "Stochastic Gradient Descent", "SGD", doc="a.md"),
        defn("確率的勾配降下法", "stochastic gradient descent", doc="b.md", start=40),
        defn("スパース・オートエンコーダ", "Sparse Autoencoder", "SAE", doc="a.md", start=90),
        defn("積層オートエンコーダ", "Stacked Autoencoder", "SAE", doc="b.md"),
        defn("学習率", "learning rate", doc="c.md"),
        defn("無視", "ignored", doc="c.md", start=60),  # blocked below: kept as dropped
    ]
    return Glossary.from_definitions(defs, overrides=parse_overrides("block ignored\n"))


def test_saved_text_has_a_line_per_occurrence_and_is_the_same_json(g: Glossary, tmp_path: Path) -> None:
    p = tmp_path / "g.json"
    g.save(p)
    text = p.read_text(encoding="utf-8")
    assert text == g.to_json()
    assert json.loads(text) == g.to_dict() == json.loads(g.to_json(indent=1))
    lines = text.splitlines()
    n_occurrences = sum(e.count for e in g) + len(g.to_dict()["dropped"])
    assert sum(line.startswith('{"doc": ') for line in lines) == n_occurrences == 6
    assert g.to_dict()["dropped"][0]["parts"][1]["text"] == "ignored"


def test_an_indented_glossary_1_file_loads_as_before(g: Glossary, tmp_path: Path) -> None:
    """Files written before the line layout (``json.dumps(indent=1)``) read the same and save the same."""
    p = tmp_path / "old.json"
    p.write_text(json.dumps(g.to_dict(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    back = Glossary.load(p)
    assert back == g
    assert back.to_json() == g.to_json()
    assert back.definitions == g.definitions
    assert back.documents == g.documents == ["a.md", "b.md", "c.md"]


def test_empty_glossary_layout() -> None:
    empty = Glossary()
    text = empty.to_json()
    assert text.splitlines() == [
        '{"schema": "glossary/1",',
        '"entries": [],',
        '"dropped": [],',
        '"overrides": [],',
        '"warnings": []}',
    ]
    assert json.loads(text) == empty.to_dict()
    assert Glossary.from_dict(json.loads(text)) == empty


def test_a_loaded_glossary_shares_equal_strings(g: Glossary, tmp_path: Path) -> None:
    p = tmp_path / "g.json"
    g.save(p)
    back = Glossary.load(p)
    occ = [d for e in back for d in e.occurrences]
    docs = {}
    for d in occ:
        assert docs.setdefault(d.doc, d.doc) is d.doc
    roles = {}
    texts = {}
    for part in (p for d in occ for p in d.parts):
        assert roles.setdefault(part.role, part.role) is part.role
        assert texts.setdefault(part.text, part.text) is part.text


def test_loaded_definitions_are_made_on_first_use(g: Glossary, tmp_path: Path) -> None:
    p = tmp_path / "g.json"
    g.save(p)
    back = Glossary.load(p)
    assert back._definitions is None  # looking entries up does not need them
    assert back.documents == g.documents
    assert back.definitions == g.definitions
    assert back.merge(g) == g


def test_sorted_defs_is_sorted_by_def_order() -> None:
    rnd = random.Random(3)
    defs = []
    for i in range(400):
        start = rnd.randrange(5)
        parts = (
            Part("学習率", start, start + 3, "ja"),
            Part(rnd.choice(["lr", "LR"]), start + 4, start + 6, "abbr"),
        )
        defs.append(
            Definition(
                parts,
                rnd.choice(["ja(abbr)", "x"]),
                rnd.choice([0.5, 0.9]),
                start,
                start + 7,
                sentence=str(i % 3),
                doc=rnd.choice([None, "", "a.md", "b.md"]),
            )
        )
    assert _sorted_defs(defs) == sorted(defs, key=_def_order)


def test_key_memo_agrees_with_normalize() -> None:
    memo = KeyMemo()
    surfaces = [
        "Sparse Autoencoders",
        "auto-encoder",
        "推定\n相互情報",
        "スパース・オートエンコーダー",
        "SAEs",
        "",
    ]
    for _ in range(2):  # the second round reads the memo
        for s in surfaces:
            assert memo.clean(s) == clean_surface(s)
            for role in ("ja", "en", "abbr"):
                assert memo.key(s, role) == key(s, role)
            assert memo.en_tokens(s) == en_tokens(s)
            assert memo.en_words(s) == en_words(s)


def test_homonyms_stop_at_the_link_fanout() -> None:
    """All pairs of an acronym's meanings would grow with the square of the glossary."""

    def meanings(abbr: str, n: int) -> list[Definition]:
        words = ["Alpha", "Bravo", "Cobalt", "Delta", "Ember", "Falcon", "Garnet", "Harbor"]
        out = []
        for i in range(n):
            en = f"{words[i % 8]} {words[i // 8 % 8]} {words[i // 64 % 8]} Unit"
            out.append(defn(f"用語{abbr}{i}", en, abbr, doc=f"{abbr}{i}.md"))
        return out

    few = Glossary.from_definitions(meanings("QZ", LINK_FANOUT))
    assert all(len(e.links("homonym")) == LINK_FANOUT - 1 for e in few)
    many = Glossary.from_definitions(meanings("QZ", LINK_FANOUT + 1))
    assert len(many) == LINK_FANOUT + 1
    assert not any(e.links("homonym") for e in many)


# --- reading a saved file an entry at a time -------------------------------------------------------------


def test_saved_files_are_read_an_entry_at_a_time(
    g: Glossary, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = tmp_path / "g.json"
    g.save(p)

    def no_tree(*_: object, **__: object) -> None:
        raise AssertionError("a saved glossary should not be parsed whole")

    monkeypatch.setattr(json, "loads", no_tree)
    back = Glossary.load(p)
    monkeypatch.undo()
    assert back == g and back.to_json() == g.to_json()
    indented = json.dumps(g.to_dict(), ensure_ascii=False, indent=1)  # same keys in the same order
    assert _read_saved(indented) == g


def _reordered(g: Glossary) -> str:
    d = g.to_dict()
    return json.dumps({k: d[k] for k in ("entries", "schema", "dropped", "overrides", "warnings")})


@pytest.mark.parametrize(
    "change",
    [
        lambda t, g: _reordered(g),  # keys in another order: still a glossary, read by the full path
        lambda t, g: t.replace('"glossary/1"', '"glossary/9"'),
        lambda t, g: t + "x",
        lambda t, g: t.replace('"id": "learning-rate"', '"id": "sparse-autoencoder"'),
        lambda t, g: t.replace('"start": 90,', '"start": "90",'),
        lambda t, g: t.replace('"role": "abbr"}], "pattern"', '"role": "abbr"},], "pattern"', 1),
        lambda t, g: t.replace('"ignored"]', "7]"),
        lambda t, g: t.replace('"warnings": []', '"warnings": [1]'),
        lambda t, g: t[: len(t) // 2],
    ],
)
def test_anything_unexpected_is_left_to_the_full_path(g: Glossary, tmp_path: Path, change: object) -> None:
    text = change(g.to_json(), g)  # type: ignore[operator]
    assert text != g.to_json()
    assert _read_saved(text) is None
    p = tmp_path / "other.json"
    p.write_text(text, encoding="utf-8")
    try:
        data = json.loads(text)
        expected: object = Glossary.from_dict(data, source=str(p))
    except (ValueError, GlossaryFormatError) as exc:
        expected = type(exc)
    if isinstance(expected, Glossary):
        assert Glossary.load(p) == expected == g
    else:
        with pytest.raises(GlossaryFormatError):
            Glossary.load(p)


# --- the quick checks of a loaded file -------------------------------------------------------------------


def _good_occurrence() -> dict[str, object]:
    d = defn("学習率", "learning rate", doc="a.md")
    return _occurrence(d)


BAD = [
    ("doc", 3),
    ("start", "0"),
    ("start", True),
    ("end", 1.0),
    ("pattern", None),
    ("score", float("inf")),
    ("score", "0.9"),
    ("score", False),
    ("sentence", None),
    ("notes", None),
    ("notes", ["ok", 1]),
    ("notes", "x"),
    ("parts", {}),
    (("parts", 0), "x"),
    (("parts", 0, "text"), 5),
    (("parts", 1, "start"), None),
    (("parts", 1, "end"), False),
    (("parts", 0, "role"), "jp"),
    (("parts", 0, "role"), ["ja"]),
]


@pytest.mark.parametrize(("where", "value"), BAD)
def test_quick_occurrence_check_never_passes_what_the_full_check_rejects(
    where: object, value: object
) -> None:
    o = _good_occurrence()
    assert _occurrence_ok(o)
    _check_occurrence(o, ())
    path = where if isinstance(where, tuple) else (where,)
    target: object = o
    for step in path[:-1]:
        target = target[step]  # type: ignore[index]
    target[path[-1]] = value  # type: ignore[index]
    assert not _occurrence_ok(o)
    with pytest.raises(_Damaged):
        _check_occurrence(o, ())


@pytest.mark.parametrize("missing", ["start", "end", "pattern", "score", "parts"])
def test_quick_check_sends_missing_fields_to_the_full_check(missing: str) -> None:
    o = _good_occurrence()
    del o[missing]
    assert not _occurrence_ok(o)
    with pytest.raises(_Damaged, match=f"missing '{missing}'"):
        _check_occurrence(o, ())


def test_optional_fields_may_be_absent() -> None:
    o = _good_occurrence()
    for k in ("doc", "sentence", "notes"):
        del o[k]
    assert _occurrence_ok(o)


def test_damaged_occurrence_in_a_saved_file_is_named_with_its_line(g: Glossary, tmp_path: Path) -> None:
    data = json.loads(g.to_json())
    data["entries"][1]["occurrences"][0]["parts"][1]["start"] = "7"
    text = g.to_json()
    # put the damage into the saved layout itself, on the line of that occurrence
    lines = text.splitlines(keepends=True)
    target = json.dumps(g.to_dict()["entries"][1]["occurrences"][0], ensure_ascii=False)
    (i,) = [n for n, line in enumerate(lines) if line.startswith(target)]
    bad = json.dumps(data["entries"][1]["occurrences"][0], ensure_ascii=False)
    lines[i] = lines[i].replace(target, bad)
    p = tmp_path / "bad.json"
    p.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(GlossaryFormatError) as info:
        Glossary.load(p)
    assert str(info.value).startswith(
        f"{p}:{i + 1}: damaged glossary: entries[1].occurrences[0].parts[1].start: "
        "expected a whole number, got a string;"
    )


def test_damaged_link_is_named(g: Glossary) -> None:
    data = g.to_dict()
    linked = next(i for i, e in enumerate(data["entries"]) if e["related"])
    data["entries"][linked]["related"][0]["why"] = 3
    with pytest.raises(
        GlossaryFormatError, match=rf"entries\[{linked}\]\.related\[0\]\.why: expected a string"
    ):
        Glossary.from_dict(data)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda d: d["entries"][0].__setitem__("id", 5), "entries[0].id: expected a string, got a number"),
        (lambda d: d["entries"][0].__setitem__("id", ""), "entries[0].id: empty id"),
        (lambda d: d["entries"][0]["occurrences"][0].pop("end"), "entries[0].occurrences[0]: missing 'end'"),
        (
            lambda d: d["entries"][0]["occurrences"][0].__setitem__("score", float("nan")),
            "entries[0].occurrences[0].score: expected a finite number, got a number",
        ),
        (
            lambda d: d["entries"][0]["occurrences"][0]["parts"][0].__setitem__("role", "fr"),
            "entries[0].occurrences[0].parts[0].role: unknown role 'fr'; expected one of ja, en, abbr",
        ),
        (
            lambda d: d["entries"][0]["occurrences"][0].__setitem__("doc", 3),
            "entries[0].occurrences[0].doc: expected a string or null, got a number",
        ),
        (
            lambda d: d["entries"][0].__setitem__("form_counts", {"a": 1, "b": "x"}),
            "entries[0].form_counts.b: expected a whole number, got a string",
        ),
        (
            lambda d: d["entries"][0].__setitem__("forms", None),
            "entries[0].forms: expected an object, got null",
        ),
        (lambda d: d["entries"].__setitem__(0, []), "entries[0]: expected an object, got a list"),
        (lambda d: d.__setitem__("warnings", ["a", 2]), "warnings[1]: expected a string, got a number"),
        (
            lambda d: d.__setitem__("overrides", [{"kind": "zz", "surfaces": ["a"]}]),
            "overrides[0].kind: unknown rule kind 'zz'",
        ),
        (
            lambda d: d.__setitem__("overrides", [{"kind": "merge", "surfaces": []}]),
            "overrides[0].surfaces: a rule needs at least one surface",
        ),
        (lambda d: d.pop("entries"), "top level: missing 'entries'"),
    ],
)
def test_the_typed_checks_name_the_value_in_plain_words(g: Glossary, damage: object, message: str) -> None:
    """msgspec checks the shape; the message keeps the words and the path users read before."""
    data = g.to_dict()
    damage(data)  # type: ignore[operator]
    with pytest.raises(GlossaryFormatError) as info:
        Glossary.from_dict(data, source="terms.json")
    assert str(info.value).startswith(f"terms.json: damaged glossary: {message}")
    assert str(info.value).endswith("restore the file from a backup or rebuild it with 'glossary extract'")


# --- writing in pieces -------------------------------------------------------------------------------


def test_atomic_write_takes_pieces_and_keeps_the_old_file_if_they_fail(tmp_path: Path) -> None:
    p = tmp_path / "f.txt"
    atomic_write(p, iter(["a", "b\n", "c"]))
    assert p.read_text(encoding="utf-8") == "ab\nc"

    def pieces() -> object:
        yield "new"
        raise RuntimeError("encoder failed")

    with pytest.raises(RuntimeError, match="encoder failed"):
        atomic_write(p, pieces())  # type: ignore[arg-type]
    assert p.read_text(encoding="utf-8") == "ab\nc"
    assert os.listdir(tmp_path) == ["f.txt"]


def test_lone_surrogates_are_escaped_in_every_piece(tmp_path: Path) -> None:
    g = Glossary.from_definitions([defn("学習\ud800率", "learning rate", doc="x\udfff.md")])
    p = tmp_path / "g.json"
    g.save(p)
    raw = p.read_bytes()
    assert b"\\ud800" in raw and b"\\udfff" in raw
    back = Glossary.load(p)
    assert back == g and back.documents == ["x\udfff.md"]


def test_a_lone_surrogate_in_a_saved_file_is_a_clear_error(g: Glossary, tmp_path: Path) -> None:
    # JSON can spell one ("\ud800"); the typed check raised UnicodeEncodeError (found by the fuzzer)
    data = g.to_dict()
    data["entries"][0]["forms"] = {"\ud800": ["a"]}
    p = tmp_path / "surrogate.json"
    p.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(GlossaryFormatError, match="lone surrogate") as info:
        Glossary.load(p)
    assert str(info.value).startswith(str(p))
