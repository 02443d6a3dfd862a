"""glossary: bracketed bilingual term definitions from Japanese technical prose.

>>> import glossary
>>> defs = glossary.find_definitions("確率的勾配降下法(Stochastic Gradient Descent、SGD)を使う。")
>>> defs[0].ja.text, defs[0].en.text, defs[0].abbr.text
('確率的勾配降下法', 'Stochastic Gradient Descent', 'SGD')
"""

from __future__ import annotations

from glossary.extract import DEFAULT_MIN_SCORE, find_definitions
from glossary.models import Definition, Part

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_MIN_SCORE",
    "Definition",
    "Part",
    "__version__",
    "find_definitions",
]
