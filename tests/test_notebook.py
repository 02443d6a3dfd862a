"""The examples run as a user runs them: the notebook (nbclient), the spaCy script, the shell script."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.mark.parametrize("where", ["examples", "root"])
def test_notebook_executes_and_shows_the_glossary(where: str) -> None:
    """Run as Jupyter runs it, from its own folder and from the repository root (it finds the samples)."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(EXAMPLES / "glossary.ipynb", as_version=4)
    folder = EXAMPLES if where == "examples" else EXAMPLES.parent
    client = nbclient.NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    )
    client.execute()  # raises CellExecutionError, with the cell and traceback, if any cell fails
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = "\n".join(
        str(o.get("text", ""))
        + str(o.get("data", {}).get("text/plain", ""))
        + str(o.get("data", {}).get("text/html", ""))
        for o in outputs
    )
    assert "<Glossary:" in text  # the plain repr of the first cell
    assert "Sparse Autoencoder" in text and "スパース・オートエンコーダ" in text
    assert "<table" in text  # rendered as HTML tables (Glossary, DataFrame)
    assert "text-align:left" in text  # not Jupyter's right-aligned default
    assert "time(s) in" in text  # the looked-up Entry renders as HTML too
    assert "NaN" not in text and "[related:" not in text and "[broader:" not in text


def test_spacy_example_script() -> None:
    r = subprocess.run(
        [sys.executable, str(EXAMPLES / "spacy_pipeline.py")], capture_output=True, text=True, timeout=300
    )
    assert r.returncode == 0, r.stderr
    assert "reloaded pipeline: ['glossary'] min_score = 0.5" in r.stdout
    assert "abbr: SAE" in r.stdout


def test_shell_example(tmp_path: Path) -> None:
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not available")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    if shutil.which("glossary", path=env["PATH"]) is None:
        pytest.skip("the glossary console script is not on PATH (package not installed in this environment)")
    r = subprocess.run(
        [bash, str(EXAMPLES / "cli.sh"), str(tmp_path)], capture_output=True, text=True, env=env, timeout=300
    )
    assert r.returncode == 0, r.stderr
    for name in ("glossary.json", "part.json", "merged.json", "glossary.html", "glossary.tbx"):
        assert (tmp_path / name).stat().st_size > 0, name
    assert "did you mean:" in r.stderr
    assert r.stdout.splitlines()[0].strip()  # the term list's first line
