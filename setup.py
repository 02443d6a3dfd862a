"""Optional compiled core: ``GLOSSARY_COMPILE=1 pip install .`` compiles the extractor with mypyc.

The compiled modules are the per-bracket hot path (bracket scan, masks,
segments, the Japanese term finder, the English abbreviation matcher and the
extractor that drives them); they run the same source, type-checked, as C
extensions, 1.5-2x faster.  Without the variable (the default) the package is
pure Python and behaves identically.  Use a regular install, not ``-e``: an
editable install would leave compiled modules in ``src/`` that shadow later
edits of the ``.py`` files.
"""

from __future__ import annotations

import os
import sys

from setuptools import setup

COMPILED = (
    "abbrev",
    "brackets",
    "english",
    "extract",
    "japanese",
    "markup",
    "script",
    "segments",
    "tokenizer",
)

# metadata-only runs (pip's "preparing metadata") need no compiler
METADATA_ONLY = any(cmd in sys.argv for cmd in ("egg_info", "dist_info"))

ext_modules = []
if os.environ.get("GLOSSARY_COMPILE") == "1" and not METADATA_ONLY:
    from mypyc.build import mypycify

    # modules outside COMPILED are type-checked for their interfaces only, their errors silenced
    ext_modules = mypycify(
        ["--follow-imports=silent", *(f"src/glossary/{name}.py" for name in COMPILED)], opt_level="3"
    )

setup(ext_modules=ext_modules)
