"""Optional compiled core: ``GLOSSARY_COMPILE=1 pip install .`` compiles the extractor with mypyc.

The compiled modules are the per-bracket hot path (bracket scan, masks,
segments, the Japanese term finder, the English abbreviation matcher and the
bracket analysers that drive them); they run the same source, type-checked, as
C extensions.  The public entry point ``glossary.extract`` stays Python, so
``find_definitions`` keeps its docstring and its argument errors; compiled
functions have no ``__doc__`` and reject a wrong argument type at the call.
Without the variable (the default) the package is pure Python and gives
identical results (``scripts/test_compiled.sh`` runs the test suite on the
compiled build).  Use a regular install, not ``-e``: an
editable install would leave compiled modules in ``src/`` that shadow later
edits of the ``.py`` files.
"""

from __future__ import annotations

import glob
import os
import sys

from setuptools import setup

COMPILED = (
    "abbrev",
    "analyse",
    "brackets",
    "english",
    "japanese",
    "markup",
    "records",
    "script",
    "segments",
    "tokenizer",
)

# metadata-only runs (pip's "preparing metadata") need no compiler
METADATA_ONLY = any(cmd in sys.argv for cmd in ("egg_info", "dist_info"))

# setuptools reuses build/lib between builds: compiled modules left there by an earlier build would be
# packaged again (even into a pure build, or after a module stopped being compiled)
if not METADATA_ONLY:
    for stale in glob.glob("build/lib*/glossary/*.so") + glob.glob("build/lib*/*__mypyc*.so"):
        os.remove(stale)

ext_modules = []
if os.environ.get("GLOSSARY_COMPILE") == "1" and not METADATA_ONLY:
    from mypyc.build import mypycify

    # modules outside COMPILED are type-checked for their interfaces only, their errors silenced
    ext_modules = mypycify(
        ["--follow-imports=silent", *(f"src/glossary/{name}.py" for name in COMPILED)], opt_level="3"
    )

setup(ext_modules=ext_modules)
