"""The module paths before the subpackages (0.1.0), kept working for one release with a DeprecationWarning.

One table, two hooks: :class:`MovedModules` (first on ``sys.meta_path``,
installed by ``glossary/__init__.py``) answers ``import glossary.abbrev`` with
the module now at ``glossary.extract.abbrev``, the very same object, so
nothing is loaded twice; and :func:`forward` gives the packages that took an
old module's name (``glossary.dictionary``, ``glossary.store``,
``glossary.check``, ``glossary.cli``) a module ``__getattr__`` that finds the
old module's names where they live now.  Imports nothing from the package.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import sys
import warnings
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

__all__ = ["MOVED", "MovedModules", "forward", "install"]

# old module -> new module; a moved package takes its submodules along (glossary.formats.markdown)
MOVED: dict[str, str] = {
    "glossary.abbrev": "glossary.extract.abbrev",
    "glossary.about": "glossary.cli.about",
    "glossary.align": "glossary.extract.align",
    "glossary.analyse": "glossary.extract.analyse",
    "glossary.brackets": "glossary.text.brackets",
    "glossary.display": "glossary.text.display",
    "glossary.english": "glossary.extract.english",
    "glossary.export": "glossary.exports.formats",
    "glossary.formats": "glossary.text.formats",
    "glossary.html": "glossary.exports.html",
    "glossary.japanese": "glossary.extract.japanese",
    "glossary.lexicon": "glossary.extract.lexicon",
    "glossary.links": "glossary.dictionary.links",
    "glossary.markup": "glossary.text.markup",
    "glossary.mentions": "glossary.dictionary.mentions",
    "glossary.normalize": "glossary.dictionary.normalize",
    "glossary.overrides": "glossary.dictionary.overrides",
    "glossary.parallel": "glossary.extract.parallel",
    "glossary.records": "glossary.extract.records",
    "glossary.script": "glossary.text.script",
    "glossary.segments": "glossary.extract.segments",
    "glossary.spacy_component": "glossary.spacy.component",
    "glossary.spacy_tokenizer": "glossary.spacy.tokenizer",
    "glossary.tokenizer": "glossary.text.tokenizer",
}


def _warn(old: str, new: str) -> None:
    warnings.warn(
        f"{old} is deprecated since glossary 0.2: use {new} (the old path goes in the next release)",
        DeprecationWarning,
        stacklevel=3,
    )


def _new_name(fullname: str) -> str | None:
    for old, new in MOVED.items():
        if fullname == old or fullname.startswith(old + "."):
            return new + fullname[len(old) :]
    return None


class MovedModules:
    """Finds an old module path and loads it as the module at its new path (the same object).

    A meta path finder and loader by protocol (``importlib.abc`` would cost ``import glossary`` 8 ms).
    """

    def find_spec(
        self, fullname: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        new = _new_name(fullname)
        if new is None:
            return None
        # a loader by protocol (create_module / exec_module below), which typeshed cannot see
        return importlib.machinery.ModuleSpec(fullname, self, is_package=False)  # type: ignore[arg-type]

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return None  # a placeholder module, replaced in exec_module

    def exec_module(self, module: ModuleType) -> None:
        old = module.__name__
        new = _new_name(old)
        assert new is not None
        _warn(old, new)
        # the import system returns what sys.modules holds for the name once this returns
        sys.modules[old] = importlib.import_module(new)


def install() -> None:
    """Put the finder first on ``sys.meta_path`` (once): before the path finder, which would load
    ``glossary.formats.markdown`` a second time from the moved package's folder."""
    if not any(isinstance(f, MovedModules) for f in sys.meta_path):
        sys.meta_path.insert(0, MovedModules())


def forward(package: str, modules: Sequence[str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package``: a name the old module of that name held, found in
    ``modules`` (the first that has it), with a DeprecationWarning naming its new home."""

    def __getattr__(name: str) -> Any:
        if not name.startswith("__"):
            for module_name in modules:
                module = importlib.import_module(module_name)
                if hasattr(module, name):
                    value = getattr(module, name)
                    home = getattr(value, "__module__", None) or ""
                    home = home if home.startswith("glossary.") else module_name
                    _warn(f"{package}.{name}", f"{home}.{name}")
                    setattr(sys.modules[package], name, value)  # warned once; later uses find it directly
                    return value
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
