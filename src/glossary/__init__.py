"""glossary: bracketed bilingual term definitions from Japanese technical prose.

>>> import glossary
>>> defs = glossary.find_definitions("隠れマルコフモデル(Hidden Markov Model、HMM)を使う。")
>>> defs[0].ja.text, defs[0].en.text, defs[0].abbr.text
('隠れマルコフモデル', 'Hidden Markov Model', 'HMM')

``glossary.build(texts_or_paths)`` gives a :class:`Glossary`, ``glossary.load(path)``
reads a saved one, ``glossary.open("terms.db")`` gives a live SQLite store.  Heavy
parts (the tagger, spaCy, the dictionary builder) load
on first use, so ``import glossary`` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from glossary import _compat
from glossary.extract import DEFAULT_MIN_SCORE, find_definitions
from glossary.models import Definition, Part
from glossary.registry import provide as _provide

# the conveniences lower layers offer and higher layers provide (see glossary.registry): imported on first use
for _slot, _target in {
    "pickle.part": "glossary.extract.records:part",
    "pickle.definition": "glossary.extract.records:reduce_definition",
    "repr_html.definition": "glossary.exports.html:definition_html",
    "repr_html.entry": "glossary.exports.html:entry_html",
    "repr_html.glossary": "glossary.exports.html:repr_html",
    "export": "glossary.exports.formats:export",
    "store": "glossary.store.sqlite:GlossaryStore",
    "to_pandas": "glossary.api:to_pandas",
}.items():
    _provide(_slot, _target)
del _slot, _target
_compat.install()  # the module paths of 0.1 (glossary.abbrev, glossary.export, ...) still import

if TYPE_CHECKING:
    from glossary.api import build, load, open, to_pandas
    from glossary.dictionary.entries import Entry
    from glossary.dictionary.glossary import Glossary

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_MIN_SCORE",
    "Definition",
    "Entry",
    "Glossary",
    "Part",
    "__version__",
    "build",
    "find_definitions",
    "load",
    "open",
    "to_pandas",
]

# public name -> module that defines it, imported on first access (PEP 562)
_LAZY = {
    "build": "glossary.api",
    "load": "glossary.api",
    "open": "glossary.api",
    "to_pandas": "glossary.api",
    "Glossary": "glossary.dictionary.glossary",
    "Entry": "glossary.dictionary.entries",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'glossary' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
