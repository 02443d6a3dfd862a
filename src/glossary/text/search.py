"""The search key: what the HTML page's search box, ``glossary show`` and the store compare.

NFKC, lower case, katakana as hiragana, no spaces, dots, hyphens or long-vowel
marks, so ``スパースオートエンコーダー``, ``すぱーす`` and ``Sparse auto-encoder`` meet.
The page's script computes the same key from the query
(:func:`glossary.exports.html.render_html`; a browser test holds them equal).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["search_key", "to_hiragana"]

_STRIP = re.compile(r"[\s・･\-‐‑‒–—―ー_.'’\"“”]+")


def to_hiragana(text: str) -> str:
    """Katakana ァ..ヶ as hiragana (other characters unchanged)."""
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


def search_key(text: str) -> str:
    """The key the search box compares: the page's script computes the same from the query."""
    folded = to_hiragana(unicodedata.normalize("NFKC", text).lower())
    return unicodedata.normalize("NFKC", _STRIP.sub("", folded))
