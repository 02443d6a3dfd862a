"""The compiled core: ``pip install .`` compiles the extractor's hot path with mypyc whenever it can.

The compiled modules (:data:`COMPILED`) are the per-bracket hot path (bracket
scan, masks, segments, the Japanese term finder, the English abbreviation
matcher and the bracket analysers that drive them), the mention matcher of
``glossary check``, its per-document rules and the merging tiers that group the
documents' own definitions (``dictionary.merge``, ``dictionary.ids``); they run the same source,
type-checked, as C extensions, about twice as fast as pure Python.  The public
entry point ``glossary.extract`` stays Python, so ``find_definitions`` keeps its
docstring and its argument errors; compiled functions have no ``__doc__`` and
reject a wrong argument type at the call.

``GLOSSARY_COMPILE`` decides:

* unset (a plain ``pip install .``): compile when mypyc, a C compiler and the
  Python headers are there; otherwise, or if the compiler fails, install the
  same modules as pure Python with one warning line (never a failed install;
  ``glossary --version`` says which core is installed and why);
* ``1``: compile, and fail the build if that is impossible (CI and
  ``scripts/test_compiled.sh``: a broken compiled build must not pass silently);
* ``0``: pure Python.

Editable installs (``pip install -e .``) are pure unless ``GLOSSARY_COMPILE=1``
(``buildtools/glossary_build.py``): compiled modules left in ``src/`` would
shadow later edits of the ``.py`` files.  Both cores give identical results
(``scripts/test_compiled.sh`` runs the test suite on the compiled wheel).
"""

from __future__ import annotations

import glob
import os
import shutil
import sys
import sysconfig
from pathlib import Path
from typing import Any

from setuptools import setup
from setuptools.command.build_ext import build_ext
from setuptools.command.build_py import build_py

# dotted module paths under the ``glossary`` package (the folder is the step of the data path)
COMPILED = (
    "extract.abbrev",
    "extract.align",
    "extract.analyse",
    "text.brackets",
    "extract.english",
    "text.formats.markdown",
    "extract.japanese",
    "text.markup",
    "dictionary.mentions",
    "dictionary.merge",
    "dictionary.ids",
    "check.scan",
    "extract.records",
    "text.script",
    "extract.segments",
    "text.tokenizer",
)
# one line in the installed package: which core it is and why (read by ``glossary --version``)
BUILD_NOTE = "_build.txt"

# metadata-only runs (pip's "preparing metadata") need no compiler
METADATA_ONLY = any(cmd in sys.argv for cmd in ("egg_info", "dist_info"))
WANTED = os.environ.get("GLOSSARY_COMPILE", "").strip()

# setuptools reuses build/lib between builds: compiled modules left there by an earlier build would be
# packaged again (even into a pure build, or after a module stopped being compiled), and so would the
# copy of a module that has since moved (glossary/dictionary.py beside the glossary/dictionary/ package)
if not METADATA_ONLY:
    for stale_package in glob.glob("build/lib*/glossary"):
        shutil.rmtree(stale_package)
    for stale in glob.glob("build/lib*/*__mypyc*.so"):
        os.remove(stale)


def _warn(why: str) -> None:
    """The one warning line of a build that falls back to pure Python (``pip install -v`` shows it)."""
    print(
        f"warning: glossary: {why}; installing the pure-Python core (same results, slower)",
        file=sys.stderr,
    )


def cannot_compile() -> str | None:
    """Why this machine cannot compile the core, or None when mypyc, a C compiler and Python.h are there."""
    try:
        import mypyc.build  # noqa: F401
    except ImportError:
        return "mypyc (from mypy) is not installed"
    cc = (os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc").split()
    if not cc or shutil.which(cc[0]) is None:
        return f"no C compiler ({cc[0] if cc else 'cc'} not found)"
    include = sysconfig.get_paths().get("include")
    if not include or not (Path(include) / "Python.h").is_file():
        return "no Python headers (Python.h; install the python3-dev package)"
    return None


def _note(build_lib: str, text: str) -> None:
    folder = Path(build_lib) / "glossary"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / BUILD_NOTE).write_text(text + "\n", encoding="utf-8")


class BuildPy(build_py):
    """Writes the build note (the decision taken before compiling)."""

    def run(self) -> None:
        super().run()
        _note(self.build_lib, DECISION)


class OptionalBuildExt(build_ext):
    """Compiles the core; if the C compiler fails, ships the pure-Python modules instead (unless required)."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # CompileError, LinkError, a compiler that crashes: any of them
            if WANTED == "1":
                raise
            for built in glob.glob(os.path.join(self.build_lib, "glossary", "**", "*.so"), recursive=True) + glob.glob(
                os.path.join(self.build_lib, "*__mypyc*.so")
            ):
                os.remove(built)
            why = f"compiling the core failed ({type(exc).__name__}: {str(exc).splitlines()[0][:200]})"
            _warn(why)
            _note(self.build_lib, f"pure: {why}")
            self.extensions = []


ext_modules: list[Any] = []
DECISION = "pure: GLOSSARY_COMPILE=0"
if not METADATA_ONLY and WANTED != "0":
    problem = cannot_compile()
    if problem is None:
        from mypyc.build import mypycify

        try:
            # modules outside COMPILED are type-checked for their interfaces only, their errors silenced
            ext_modules = mypycify(
                ["--follow-imports=silent", *(f"src/glossary/{name.replace('.', '/')}.py" for name in COMPILED)],
                opt_level="3",
            )
            DECISION = "compiled: mypyc"
        except BaseException as exc:  # mypyc reports type errors with SystemExit
            if WANTED == "1":
                raise
            problem = f"mypyc could not translate the core ({type(exc).__name__}: {exc})"
    if problem is not None:
        if WANTED == "1":
            raise SystemExit(f"GLOSSARY_COMPILE=1 but the core cannot be compiled: {problem}")
        _warn(problem)
        DECISION = f"pure: {problem}"

setup(ext_modules=ext_modules, cmdclass={"build_py": BuildPy, "build_ext": OptionalBuildExt})
