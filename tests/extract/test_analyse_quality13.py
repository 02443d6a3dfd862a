"""The bracket analysers on general classes of bracket found while testing (quality13).

Every sentence here is made up for the test; each case failed before its rule (the guards, marked,
passed before too and show where a rule stops).
"""

from __future__ import annotations

import pytest

import glossary

# (name, text, the surfaces of one definition, in order)
POSITIVES: list[tuple[str, str, tuple[str, ...]]] = [
    # a hyphen between two Latin words joins one name: a space after it does not cut the name in two
    ("hyphenated-name-spaced", "本章では Foo-Bar 鍵配送 (Foo-Bar Key Delivery) を扱う。",
     ("Foo-Bar 鍵配送", "Foo-Bar Key Delivery")),
    ("hyphenated-name-heading", "## Smith-Jones 署名 (Smith-Jones Signature)\n\n本文。",
     ("Smith-Jones 署名", "Smith-Jones Signature")),
    ("hyphenated-name-three", "ここで Alpha-Beta-Gamma 変換 (Alpha-Beta-Gamma Transform) を使う。",
     ("Alpha-Beta-Gamma 変換", "Alpha-Beta-Gamma Transform")),
    # guards: no space, or no hyphen, always kept the name
    ("hyphenated-name-unspaced", "本章では Foo-Bar鍵配送 (Foo-Bar Key Delivery) を扱う。",
     ("Foo-Bar鍵配送", "Foo-Bar Key Delivery")),
    ("name-spaced", "本章では Foobar 鍵配送 (Foobar Key Delivery) を扱う。",
     ("Foobar 鍵配送", "Foobar Key Delivery")),
    # guard: a gloss that leaves the name out leaves it out of the term
    ("hyphenated-name-untranslated", "本章では Foo-Bar 鍵配送 (key delivery) を扱う。",
     ("鍵配送", "key delivery")),
    # two English names sharing no word, one of which the term translates word for word: two names
    ("unrelated-names-comma", "取引所では差額決済（netting, balance settlement）が使われる。",
     ("差額決済", "netting", "balance settlement")),
    ("unrelated-names-phrases", "倉庫では在庫補充（restocking, inventory replenishment）を行う。",
     ("在庫補充", "restocking", "inventory replenishment")),
    ("unrelated-names-ideographic-comma", "また清算処理（netting、clearing）を行う。",
     ("清算処理", "netting", "clearing")),
    ("unrelated-names-with-acronym", "取引所では差額決済（balance settlement, netting, BS）が使われる。",
     ("差額決済", "balance settlement", "netting", "BS")),
    # a lone kanji UniDic tags a symbol (引), glued to a kanji noun: the compound's last part, not a mark
    ("kanji-tagged-symbol", "倉庫では先引（forward draw）を行う。", ("先引", "forward draw")),
    ("kanji-tagged-symbol-2", "倉庫では後引（late draw）を行う。", ("後引", "late draw")),
    ("kanji-tagged-symbol-heading", "## 先引（forward draw）\n\n本文。", ("先引", "forward draw")),
    # guards: the same kanji tagged a noun, and a dictionary word, were always kept
    ("kanji-noun", "倉庫では前引（advance draw）を行う。", ("前引", "advance draw")),
    ("kanji-dictionary-word", "値引（discount）を行う。", ("値引", "discount")),
    # guard: names sharing a word were always two names
    ("related-names", "ここで推定方式（alpha method, beta method）を比べる。",
     ("推定方式", "alpha method", "beta method")),
]  # fmt: skip


@pytest.mark.parametrize(("text", "surfaces"), [c[1:] for c in POSITIVES], ids=[c[0] for c in POSITIVES])
def test_quality13_definitions(text: str, surfaces: tuple[str, ...]) -> None:
    found = glossary.find_definitions(text, doc="a.md")
    assert surfaces in [tuple(p.text for p in d.parts) for d in found], [d.parts for d in found]
    for d in found:
        assert all(text[p.start : p.end] == p.text for p in d.parts)


# guards: each passed before the rules above and still must
NOT_DEFINITIONS: list[tuple[str, str]] = [
    # example lists: the term names a kind and translates none of its members
    ("example-languages", "対応言語(Python, Rust, Go)を選ぶ。"),
    ("example-units", "相対単位（rem, em）を使う。"),
    ("example-methods", "いくつかの手法(Adam, RMSProp)を試した。"),
    ("example-structures", "基本データ構造（stack, queue）を使う。"),
    # the term translates one name only in part: no evidence the bracket glosses it
    ("unrelated-names-partly-translated", "ここで推定方式（alpha method, beta procedure）を比べる。"),
]  # fmt: skip


@pytest.mark.parametrize(("text",), [c[1:] for c in NOT_DEFINITIONS], ids=[c[0] for c in NOT_DEFINITIONS])
def test_quality13_not_definitions(text: str) -> None:
    assert glossary.find_definitions(text, doc="a.md") == []
