"""PEP 517 build backend: setuptools, with editable installs kept pure Python unless asked otherwise.

``pip install .`` compiles the extractor with mypyc whenever it can (see ``setup.py``; mypy, which
brings mypyc, is a build requirement in ``pyproject.toml``).  ``pip install -e .`` would leave the
compiled modules in ``src/``, where they shadow later edits of the ``.py`` files, so an editable build
is pure Python unless ``GLOSSARY_COMPILE=1`` is set explicitly.
"""

from __future__ import annotations

import os
from typing import Any

from setuptools import build_meta as _setuptools
from setuptools.build_meta import (  # noqa: F401  (re-exported: the rest of the PEP 517 interface)
    build_sdist,
    build_wheel,
    get_requires_for_build_editable,
    get_requires_for_build_sdist,
    get_requires_for_build_wheel,
    prepare_metadata_for_build_editable,
    prepare_metadata_for_build_wheel,
)


def build_editable(
    wheel_directory: str,
    config_settings: dict[str, Any] | None = None,
    metadata_directory: str | None = None,
) -> str:
    """setuptools' editable wheel, pure Python unless ``GLOSSARY_COMPILE=1`` asks for the compiled core."""
    wanted = os.environ.get("GLOSSARY_COMPILE")
    if wanted is None:
        os.environ["GLOSSARY_COMPILE"] = "0"
    try:
        name: str = _setuptools.build_editable(wheel_directory, config_settings, metadata_directory)
    finally:
        if wanted is None:
            os.environ.pop("GLOSSARY_COMPILE", None)
    return name
