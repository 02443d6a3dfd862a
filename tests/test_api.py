"""The Python API a notebook uses: ``glossary.build / load / to_pandas`` and the package's exports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import glossary
from glossary.dictionary.entries import GlossaryFormatError
from glossary.dictionary.glossary import Glossary
from glossary.dictionary.overrides import parse_overrides

SGD = "確率的勾配降下法(Stochastic Gradient Descent、SGD)でモデルを学習する。"
LR = "学習率(learning rate)は小さめにする。"
VIT = "画像には Vision Transformer (ViT)(ViT、ビジョン・トランスフォーマー)を使う。"


def english(g: Glossary) -> set[str]:
    return {e.en for e in g if e.en}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "a.md").write_text(SGD + LR, encoding="utf-8")
    (tmp_path / "deep").mkdir()
    (tmp_path / "deep" / "b.txt").write_text(VIT, encoding="utf-8")
    (tmp_path / "skip.json").write_text("{}", encoding="utf-8")
    return tmp_path


def test_import_is_light() -> None:
    code = (
        "import sys, glossary\n"
        "heavy = ('spacy', 'fugashi', 'rapidfuzz', 'pandas', 'tqdm', 'glossary.dictionary.glossary')\n"
        "print([m for m in heavy if m in sys.modules])"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"


def test_public_names_resolve_and_are_documented() -> None:
    for name in glossary.__all__:
        value = getattr(glossary, name)
        if callable(value):
            assert value.__doc__, f"glossary.{name} has no docstring"
    assert {"build", "load", "Glossary"} <= set(dir(glossary))
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = glossary.nope  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("sources", "expected", "docs"),
    [
        (SGD, {"Stochastic Gradient Descent"}, ["text-1"]),
        ([SGD, VIT], {"Stochastic Gradient Descent", "Vision Transformer"}, ["text-1", "text-2"]),
        ({"opt.md": SGD, "lr.md": LR}, {"Stochastic Gradient Descent", "learning rate"}, ["lr.md", "opt.md"]),
    ],
)
def test_build_from_texts(sources, expected: set[str], docs: list[str]) -> None:
    g = glossary.build(sources)
    assert isinstance(g, Glossary)
    assert english(g) == expected
    assert g.documents == docs


def test_build_from_paths_and_folders(folder: Path) -> None:
    everything = {"Stochastic Gradient Descent", "learning rate", "Vision Transformer"}
    assert english(glossary.build(folder)) == everything
    assert english(glossary.build(str(folder))) == everything
    assert english(glossary.build([folder / "a.md", VIT])) == everything
    assert english(glossary.build(folder, glob=["*.txt"])) == {"Vision Transformer"}


def test_build_options(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rules = tmp_path / "rules.txt"
    rules.write_text("block learning rate\n", encoding="utf-8")
    assert "learning rate" not in english(glossary.build(folder, overrides=rules))
    assert "learning rate" not in english(glossary.build(folder, overrides=parse_overrides("block 学習率")))
    assert glossary.build(folder, jobs=2) == glossary.build(folder)
    assert english(glossary.build(SGD, min_score=1.0)) == set()
    glossary.build(folder, progress=True)
    assert "glossary" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("sources", "error", "message"),
    [
        (123, TypeError, "expected a text, a path"),
        ({"a.md": b"bytes"}, TypeError, "expected str text"),
        (Path("/no/such/file.md"), OSError, "no such file"),
    ],
)
def test_build_errors(sources, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        glossary.build(sources)


def test_load_round_trip_and_errors(tmp_path: Path) -> None:
    g = glossary.build([SGD, VIT])
    g.save(tmp_path / "g.json")
    assert glossary.load(tmp_path / "g.json") == g
    assert glossary.load(str(tmp_path / "g.json")) == g
    (tmp_path / "bad.json").write_text(json.dumps({"schema": "other/2"}), encoding="utf-8")
    with pytest.raises(GlossaryFormatError, match=r"bad\.json.*unsupported schema 'other/2'"):
        glossary.load(tmp_path / "bad.json")


def test_to_pandas() -> None:
    pytest.importorskip("pandas")
    g = glossary.build(
        {"a.md": SGD, "b.md": VIT, "c.md": "トランスフォーマー(Transformer)は注意機構を使う。"}
    )
    df = glossary.to_pandas(g)
    assert list(df.columns) == ["id", "ja", "en", "abbr", "variants", "count", "documents", "links"]
    assert len(df) == len(g)
    row = df.set_index("id").loc["vision-transformer"]
    assert row["abbr"] == "ViT" and row["documents"] == ["b.md"]
    assert row["links"] == "broader: トランスフォーマー"
    plain = df.set_index("id").loc["transformer"]
    assert plain["abbr"] == "" and not df[["ja", "en", "abbr"]].isna().any().any()  # no NaN in a notebook
    assert plain["links"] == "narrower: ビジョン・トランスフォーマー"


def test_to_pandas_without_pandas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"pip install 'glossary\[pandas\]'"):
        glossary.to_pandas(glossary.build(SGD))


def test_reprs() -> None:
    g = glossary.build(SGD)
    assert repr(g).startswith("<Glossary: 1 entries")
    (d,) = glossary.find_definitions(SGD)
    assert repr(d).startswith(
        "Definition(ja='確率的勾配降下法', en='Stochastic Gradient Descent', abbr='SGD'"
    )
    assert "<table" in g._repr_html_()


def test_notebook_html_is_left_aligned_and_entries_render() -> None:
    """Jupyter right-aligns table cells unless told otherwise; an entry has its own HTML view."""
    g = glossary.build({"b.md": VIT, "c.md": "トランスフォーマー(Transformer)は注意機構を使う。"})
    table = g._repr_html_()
    assert table.count("<td") == table.count("<td style=") and "text-align:left" in table
    vit = g.get("vision-transformer")
    assert vit is not None
    page = vit._repr_html_()
    assert "Vision Transformer" in page and "broader" in page and "b.md" in page
    assert "<mark" in page  # the occurrence in its sentence, the parts marked
