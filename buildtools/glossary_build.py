"""PEP 517 build backend: setuptools, plus mypy when ``GLOSSARY_COMPILE=1`` asks for the compiled core.

A plain install needs no compiler and gets the pure-Python package.  With
``GLOSSARY_COMPILE=1`` the extractor's hot modules are compiled with mypyc
(see ``setup.py``), which needs mypy at build time only; this wrapper adds it
to the build requirements then, so nobody else downloads it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from setuptools import build_meta as _setuptools
from setuptools.build_meta import (  # noqa: F401  (re-exported: the rest of the PEP 517 interface)
    build_editable,
    build_sdist,
    build_wheel,
    get_requires_for_build_sdist,
    prepare_metadata_for_build_editable,
    prepare_metadata_for_build_wheel,
)

MYPY = "mypy>=1.10"


def _with_compiler(hook: Callable[[Any], list[str]], config_settings: Any) -> list[str]:
    """setuptools' own requirements (found by running setup.py without compiling), plus mypy if asked."""
    wanted = os.environ.pop("GLOSSARY_COMPILE", None)
    try:
        requires = list(hook(config_settings))  # setup.py must not import mypyc before mypy is installed
    finally:
        if wanted is not None:
            os.environ["GLOSSARY_COMPILE"] = wanted
    return [*requires, MYPY] if wanted == "1" else requires


def get_requires_for_build_wheel(config_settings: dict[str, Any] | None = None) -> list[str]:
    return _with_compiler(_setuptools.get_requires_for_build_wheel, config_settings)


def get_requires_for_build_editable(config_settings: dict[str, Any] | None = None) -> list[str]:
    return _with_compiler(_setuptools.get_requires_for_build_editable, config_settings)
