"""Properties over generated Japanese / English / bracket-heavy text (hypothesis).

- no exception, whatever the text; offsets exact;
- extraction does not depend on how documents are split into files: a
  glossary built from documents A and B equals the merge of the glossary of
  A and the glossary of B;
- merge is associative, commutative and idempotent on extracted glossaries;
- save / load round trip, through a real file.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import glossary
from glossary.dictionary.glossary import Glossary
from glossary.exports.formats import export
from glossary.models import Definition

JA_TERMS = [
    "確率的勾配降下法",
    "学習率",
    "スパース・オートエンコーダ",
    "スパースオートエンコーダー",
    "自己符号化器",
    "推定相互情報",
    "推定相互情報量",
    "相互情報",
    "小さな実証",
    "畳み込み",
    "畳込み",
    "サブネットワーク",
]
EN_TERMS = [
    "Stochastic Gradient Descent",
    "learning rate",
    "Sparse Autoencoder",
    "sparse autoencoders",
    "Stacked Autoencoder",
    "Mutual Information",
    "Estimated Mutual Information",
    "Mutual Information Neural Estimation",
    "convolution",
    "subnetwork",
]
ABBRS = ["SGD", "SAE", "SAEs", "EMI", "MINE", "PoC", "CNN", "ViT"]
GLUE = ["を使う。", "は", "で", "と", "。\n", "、", "の", " ", "\n\n", "について述べる。", "という。"]
BRACKETS = ["(", ")", "（", "）", "[", "]", "［", "］", "、", ",", "・", "「", "」", "`", "$"]

definition = st.builds(
    lambda ja, en, ab, shape, op, cl: {
        0: f"{ja}{op}{en}、{ab}{cl}",
        1: f"{ja}{op}{en}{cl}",
        2: f"{ja}{op}{ab}{cl}",
        3: f"{en} ({ab})",
        4: f"{en} ({ab}){op}{ab}、{ja}{cl}",
    }[shape],
    st.sampled_from(JA_TERMS),
    st.sampled_from(EN_TERMS),
    st.sampled_from(ABBRS),
    st.integers(0, 4),
    st.sampled_from(["(", "（"]),
    st.sampled_from([")", "）"]),
)
fragment = st.one_of(
    definition,
    st.sampled_from(JA_TERMS + EN_TERMS + ABBRS + GLUE),
    st.sampled_from(BRACKETS),
    st.text(st.sampled_from(BRACKETS), max_size=12),
    st.text(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),  # any encodable character
        max_size=8,
    ),
    st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=4),  # even lone surrogates
)
hostile_text = st.lists(fragment, max_size=25).map("".join)
document = st.lists(st.one_of(definition, st.sampled_from(GLUE)), min_size=1, max_size=8).map("".join)

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def offsets_exact(defs: list[Definition], text: str) -> bool:
    return all(text[p.start : p.end] == p.text and p.start < p.end for d in defs for p in d.parts)


@FAST
@given(hostile_text)
def test_any_text_extracts_without_exception_and_offsets_are_exact(text: str) -> None:
    defs = glossary.find_definitions(text, keep_low=True)
    assert offsets_exact(defs, text)
    for d in defs:
        assert 0 <= d.start <= d.end <= len(text)
        assert all(d.start <= p.start and p.end <= d.end for p in d.parts)


@SLOW
@given(hostile_text)
def test_any_text_builds_saves_and_exports(text: str) -> None:
    g = glossary.build({"doc.md": text})
    back = Glossary.from_dict(__import__("json").loads(g.to_json()))
    assert back == g
    for fmt in ("csv", "tbx", "md", "jsonl"):
        export(g, fmt).encode("utf-8")


def build(docs: dict[str, str]) -> Glossary:
    return glossary.build(docs)


@SLOW
@given(document, document)
def test_extraction_is_independent_of_how_documents_are_split_into_files(a: str, b: str) -> None:
    together = build({"a.md": a, "b.md": b})
    assert together == build({"a.md": a}).merge(build({"b.md": b}))
    assert together == build({"b.md": b}).merge(build({"a.md": a}))


@SLOW
@given(document, document, document)
def test_merge_laws_on_extracted_glossaries(a: str, b: str, c: str) -> None:
    ga, gb, gc = build({"a.md": a}), build({"b.md": b}), build({"c.md": c})
    assert ga.merge(gb) == gb.merge(ga)
    assert ga.merge(gb).merge(gc) == ga.merge(gb.merge(gc))
    assert ga.merge(ga) == ga
    assert ga.merge(gb).merge(gb) == ga.merge(gb)


@SLOW
@given(st.dictionaries(st.sampled_from(["a.md", "b/c.txt", "日本語.md", "x y.md"]), document, max_size=3))
def test_save_load_round_trip_through_a_file(docs: dict[str, str]) -> None:
    g = build(docs)
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "g.json"
        g.save(path)
        back = glossary.load(path)
        assert back == g
        assert back.to_json() == g.to_json()
        back.save(path)  # saving what was loaded changes nothing
        assert glossary.load(path).to_json() == g.to_json()
