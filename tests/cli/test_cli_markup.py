"""The command line reads each file by its markup: notebooks, ``--exclude``, ``--format-in``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from glossary.cli.commands import document_name
from glossary_helpers import run_cli as run


def entries(stdout: str) -> dict[str, list[str]]:
    """English term -> the documents of its occurrences."""
    return {
        e["en"]: sorted({o["doc"] for o in e.get("occurrences", [])})
        for e in json.loads(stdout)["entries"]
        if e["en"]
    }


@pytest.fixture()
def docs(tmp_path: Path) -> Path:
    nb = {
        "cells": [
            {"cell_type": "markdown", "metadata": {},
             "source": ["# 題\n", "損失関数（loss function）を使う。\n"]},
            {"cell_type": "code", "metadata": {}, "source": "x = 1  # 重み行列（weight matrix）",
             "outputs": [], "execution_count": None},
            {"cell_type": "markdown", "metadata": {}, "source": "学習率（learning rate）を決める。"},
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }  # fmt: skip
    (tmp_path / "nb.ipynb").write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "guide.md").write_text(
        "<!-- 活性化関数（activation function）の原文 -->\n\n```\n隠れ層（hidden layer）\n```\n",
        encoding="utf-8",
    )
    (tmp_path / "guide.en.md").write_text("The gradient descent (GD) method.\n", encoding="utf-8")
    (tmp_path / "vendor").mkdir()
    (tmp_path / "vendor" / "lib.md").write_text("畳み込み層（convolution layer）\n", encoding="utf-8")
    return tmp_path


def test_notebook_cells_comments_and_fences(docs: Path) -> None:
    proc = run("extract", str(docs), "--format", "json", "-q")
    assert proc.returncode == 0, proc.stderr
    found = entries(proc.stdout)
    nb = document_name(str(docs / "nb.ipynb"))  # relative to the current folder when inside it
    assert found["loss function"] == [f"{nb}#cell=0"]
    assert found["learning rate"] == [f"{nb}#cell=2"]
    assert "weight matrix" not in found  # a code cell is not read
    assert "activation function" in found  # a comment holds prose
    assert "hidden layer" not in found  # a fence holds code


def test_exclude_leaves_out_files_and_folders(docs: Path) -> None:
    proc = run("extract", str(docs), "--format", "json", "-q", "--exclude", "*.en.md", "--exclude", "vendor")
    assert proc.returncode == 0, proc.stderr
    found = entries(proc.stdout)
    assert "gradient descent" not in found and "convolution layer" not in found
    assert "loss function" in found


def test_gitignore_is_honoured_as_git_would(tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root / "build").mkdir(parents=True)
    (root / "sub").mkdir()
    (root / ".gitignore").write_text("# generated\nbuild/\n*.en.md\n", encoding="utf-8")
    (root / "sub" / ".gitignore").write_text("!kept.en.md\n", encoding="utf-8")  # the deeper file decides
    pages = {
        "a.md": "損失関数（loss function）",
        "build/out.md": "隠れ層（hidden layer）",
        "guide.en.md": "勾配降下法（gradient descent）",
        "sub/kept.en.md": "学習率（learning rate）",
        "sub/other.en.md": "重み行列（weight matrix）",
    }
    for name, text in pages.items():
        (root / name).write_text(text + "\n", encoding="utf-8")
    found = entries(run("extract", str(root), "--format", "json", "-q").stdout)
    assert sorted(found) == ["learning rate", "loss function"]
    everything = entries(run("extract", str(root), "--format", "json", "-q", "--no-ignore").stdout)
    assert sorted(everything) == sorted(
        ["gradient descent", "hidden layer", "learning rate", "loss function", "weight matrix"]
    )
    # a file named on the command line is read whatever a .gitignore says
    named = entries(run("extract", str(root / "guide.en.md"), "--format", "json", "-q").stdout)
    assert list(named) == ["gradient descent"]


def test_format_in_overrides_the_suffix(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("<p>損失関数（loss function）</p><pre>隠れ層（hidden layer）</pre>\n", encoding="utf-8")
    as_text = entries(run("extract", str(page), "--format", "json", "-q").stdout)
    as_html = entries(run("extract", str(page), "--format", "json", "-q", "--format-in", "html").stdout)
    assert "hidden layer" in as_text
    assert "hidden layer" not in as_html and "loss function" in as_html


def test_a_broken_notebook_is_skipped_with_its_reason(tmp_path: Path) -> None:
    (tmp_path / "bad.ipynb").write_text("{not json", encoding="utf-8")
    (tmp_path / "ok.md").write_text("損失関数（loss function）\n", encoding="utf-8")
    proc = run("extract", str(tmp_path), "--format", "json")
    assert proc.returncode == 1
    assert "bad.ipynb:1:2: not a Jupyter notebook" in proc.stderr
    assert "loss function" in entries(proc.stdout)


def test_update_replaces_a_notebooks_cells(docs: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.json"
    assert run("extract", str(docs / "nb.ipynb"), "-o", str(out), "-q").returncode == 0
    nb = json.loads((docs / "nb.ipynb").read_text(encoding="utf-8"))
    nb["cells"] = nb["cells"][:1]  # the second Markdown cell is deleted
    (docs / "nb.ipynb").write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    assert run("extract", str(docs / "nb.ipynb"), "--update", str(out), "-q").returncode == 0
    found = {e["en"] for e in json.loads(out.read_text(encoding="utf-8"))["entries"]}
    assert "loss function" in found and "learning rate" not in found
