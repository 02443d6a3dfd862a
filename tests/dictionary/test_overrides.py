"""User curation: parse errors name file and line; rules survive re-runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from glossary.dictionary.glossary import Glossary
from glossary.dictionary.overrides import Overrides, OverridesError, Rule, load_overrides, parse_overrides
from glossary_helpers import defn

DEFS = [
    defn("スパース・オートエンコーダ", "Sparse Autoencoder", "SAE", doc="a.md"),
    defn("スパースオートエンコーダー", "sparse autoencoders", "SAEs", doc="b.md"),
    defn("スパースオートエンコーダー", "sparse autoencoder", doc="c.md"),
    defn("自己符号化器", "self-encoder", doc="a.md", start=80),
    defn("オートエンコーダ", "autoencoder", doc="b.md", start=80),
    defn("推定手法", "MINE", doc="d.md"),
    defn("推定相互情報量", "Mutual Information Neural Estimation", "MINE", doc="d.md", start=40),
]


def build(text: str) -> Glossary:
    return Glossary.from_definitions(DEFS, overrides=parse_overrides(text, "ov.txt"))


def test_parse() -> None:
    ov = parse_overrides("# comment\n\npin SAE\nmerge a | b | c\nsplit x|y\nblock 推定手法\n", "f.txt")
    assert [(r.kind, r.surfaces, r.line) for r in ov.rules] == [
        ("block", ("推定手法",), 6),
        ("merge", ("a", "b", "c"), 4),
        ("pin", ("SAE",), 3),
        ("split", ("x", "y"), 5),
    ]
    assert all(r.source == "f.txt" for r in ov.rules)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("pin SAE\npinn SAE\n", "f.txt:2: unknown rule 'pinn'"),
        ("merge onlyone\n", "f.txt:1: 'merge' takes at least 2 surface(s)"),
        ("pin a | b\n", "f.txt:1: 'pin' takes exactly 1 surface(s)"),
        ("block\n", "f.txt:1: 'block' takes exactly 1 surface(s)"),
        ("\n\nsplit a || b\n", "f.txt:3: empty surface"),
        ("merge SAE | sae\n", "f.txt:1: 'merge' names the same surface twice"),
    ],
)
def test_parse_errors_name_file_and_line(text: str, message: str) -> None:
    with pytest.raises(OverridesError, match=re.escape(message)):
        parse_overrides(text, "f.txt")


def test_load_from_file(tmp_path: Path) -> None:
    p = tmp_path / "overrides.txt"
    p.write_text("pin sparse autoencoder\n", encoding="utf-8")
    assert load_overrides(p).rules == (Rule("pin", ("sparse autoencoder",), str(p), 1),)
    with pytest.raises(OverridesError, match="cannot read"):
        load_overrides(tmp_path / "missing.txt")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"pin \xff\n")
    with pytest.raises(OverridesError, match="not valid UTF-8"):
        load_overrides(bad)


def test_pin_overrides_frequency() -> None:
    plain = Glossary.from_definitions(DEFS)
    assert plain.lookup("SAE").entry.en == "Sparse Autoencoder"  # type: ignore[union-attr]
    g = build("pin sparse autoencoders\npin スパース・オートエンコーダ\n")
    e = g.lookup("SAE").entry
    assert e is not None
    assert e.en == "sparse autoencoders" and e.ja == "スパース・オートエンコーダ"
    assert e.forms["en"][0] == "sparse autoencoders"


def test_pin_by_key_uses_the_written_form() -> None:
    g = build("pin Sparse Auto-Encoder\n")
    assert g.lookup("SAE").entry.en == "Sparse Auto-Encoder"  # type: ignore[union-attr]


def test_force_merge() -> None:
    assert not Glossary.from_definitions(DEFS).lookup("自己符号化器").entry.surfaces().count("autoencoder")  # type: ignore[union-attr]
    g = build("merge 自己符号化器 | autoencoder\n")
    e = g.lookup("自己符号化器").entry
    assert e is not None and "autoencoder" in e.surfaces() and "self-encoder" in e.surfaces()


def test_split_keeps_surfaces_apart() -> None:
    g = build("split sparse autoencoders | Sparse Autoencoder\n")
    a, b = g.lookup("sparse autoencoders").entry, g.lookup("Sparse Autoencoder").entry
    assert a is not None and b is not None and a.id != b.id


def test_split_of_one_definition_warns() -> None:
    g = build("split Sparse Autoencoder | SAE\n")
    assert any("ov.txt:1: cannot split" in w for w in g.warnings)


def test_block_drops_a_false_term() -> None:
    g = build("block 推定手法\n")
    assert g.lookup("推定手法", fuzzy=False).match is None
    assert g.lookup("MINE").entry.ja == "推定相互情報量"  # type: ignore[union-attr]
    assert g.lookup("Mutual Information Neural Estimation").entry is not None


def test_rules_that_match_nothing_warn() -> None:
    g = build("pin nothing-like-this\nblock 量子\nmerge a1 | a2\n")
    assert len(g.warnings) == 4
    assert all(w.startswith("ov.txt:") for w in g.warnings)


def test_overrides_survive_update_and_save(tmp_path: Path) -> None:
    g = build("pin sparse autoencoders\nblock 推定手法\n")
    g.update([defn("スパース・オートエンコーダ", "Sparse Autoencoder", "SAE", doc="z.md")])
    assert g.lookup("SAE").entry.en == "sparse autoencoders"  # type: ignore[union-attr]
    p = tmp_path / "g.json"
    g.save(p)
    back = Glossary.load(p)
    assert back == g and back.overrides == g.overrides
    back.update([defn("推定手法", "MINE", doc="y.md")])
    assert back.lookup("推定手法", fuzzy=False).match is None


def test_union_is_order_free() -> None:
    a = parse_overrides("pin x\n", "a")
    b = parse_overrides("block y\n", "b")
    assert a.union(b) == b.union(a)
    assert Overrides.from_list(a.union(b).to_list()) == a.union(b)
