"""The install: ``pip install .`` compiles the core when it can and otherwise installs pure Python with one
warning, never failing (``setup.py``); editable installs stay pure; ``glossary --version`` says which.

The builds here run without build isolation on a copy of the project, with the compiler taken away
(``CC``), so they take seconds: the compiled build itself is exercised by ``scripts/test_compiled.sh``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("setuptools")
    pytest.importorskip("wheel")
    copy = tmp_path_factory.mktemp("project")
    for name in ("setup.py", "pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, copy / name)
    shutil.copytree(ROOT / "buildtools", copy / "buildtools", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(
        ROOT / "src", copy / "src", ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.egg-info")
    )
    return copy


def build_wheel(project: Path, out: Path, **env: str) -> tuple[subprocess.CompletedProcess[str], Path | None]:
    """``pip wheel`` of the copy with ``env`` set (and no GLOSSARY_COMPILE unless given): result, wheel."""
    base = {k: v for k, v in os.environ.items() if k != "GLOSSARY_COMPILE"}
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "--no-build-isolation", "--no-deps", "-v"]
    r = subprocess.run(
        [*pip_wheel, str(project), "-w", str(out)],
        capture_output=True,
        text=True,
        env={**base, **env},
        timeout=300,
    )
    wheels = sorted(out.glob("glossary-*.whl"))
    return r, wheels[0] if wheels else None


def test_no_c_compiler_gives_a_pure_install_and_one_warning(project: Path, tmp_path: Path) -> None:
    r, wheel = build_wheel(project, tmp_path, CC="/nonexistent/cc")
    assert r.returncode == 0 and wheel is not None, r.stderr[-2000:]
    warnings = [line for line in (r.stdout + r.stderr).splitlines() if "warning: glossary:" in line]
    assert len({w.strip() for w in warnings}) == 1, warnings
    assert "no C compiler (/nonexistent/cc not found)" in warnings[0] and "pure-Python core" in warnings[0]
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        assert not [n for n in names if n.endswith(".so")]
        assert "glossary/extract/analyse.py" in names and "glossary/data/en_noun_lemmas.txt.gz" in names
        assert "glossary/data/jmdict_en.bin" in names and "glossary/data/WORDNET_LICENCE.txt" in names
        assert z.read("glossary/_build.txt").decode().startswith("pure: no C compiler")
    # installed, it says which core it is and why
    site = tmp_path / "site"
    pip_install = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site)]
    subprocess.run([*pip_install, str(wheel)], check=True, capture_output=True, timeout=300)
    r = subprocess.run(
        [sys.executable, "-m", "glossary", "--version"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(site)},
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    assert "core: pure Python: no C compiler (/nonexistent/cc not found)" in r.stdout


def test_compile_0_forces_pure_and_compile_1_fails_loudly_without_a_compiler(
    project: Path, tmp_path: Path
) -> None:
    r, wheel = build_wheel(project, tmp_path / "pure", GLOSSARY_COMPILE="0")
    assert r.returncode == 0 and wheel is not None
    with zipfile.ZipFile(wheel) as z:
        assert z.read("glossary/_build.txt").decode().strip() == "pure: GLOSSARY_COMPILE=0"
    assert "warning: glossary:" not in r.stdout + r.stderr
    r, wheel = build_wheel(project, tmp_path / "required", GLOSSARY_COMPILE="1", CC="/nonexistent/cc")
    assert r.returncode != 0 and wheel is None
    assert "GLOSSARY_COMPILE=1 but the core cannot be compiled: no C compiler" in r.stdout + r.stderr


def test_version_names_the_core_tagger_and_lexicon() -> None:
    r = subprocess.run(
        [sys.executable, "-m", "glossary", "--version"], capture_output=True, text=True, timeout=60
    )
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].startswith("glossary ")
    import glossary.extract.analyse

    compiled = not glossary.extract.analyse.__file__.endswith(".py")
    assert lines[1].startswith("core: compiled with mypyc" if compiled else "core: pure Python: ")
    assert lines[2].startswith("tagger: fugashi ") and "unidic-lite" in lines[2]
    assert lines[3].startswith("lexicon: JMdict from jamdict-data ") and "WordNet" in lines[3]


def test_version_into_a_closed_pipe_is_quiet() -> None:
    """``glossary --version | head -1``: the reader goes away first; no traceback, exit 0."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "glossary", "--version"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # before the interpreter has even started
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0, err
    assert "Traceback" not in err and "BrokenPipe" not in err
