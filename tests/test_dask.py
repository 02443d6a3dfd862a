"""Specification of ``glossary.dask.build_glossary``: on a two-worker cluster, equal to one process."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

db = pytest.importorskip("dask.bag", reason="dask is not installed (pip install 'glossary[dask]')")
distributed = pytest.importorskip(
    "distributed", reason="distributed is not installed (pip install 'glossary[dask]')"
)

from glossary import find_definitions  # noqa: E402
from glossary.dask import build_glossary, merge_all  # noqa: E402
from glossary.dictionary.glossary import Glossary  # noqa: E402

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "data" / "samples").glob("*.md"))
OWN: list[tuple[str, str]] = [
    ("sgd.md", "確率的勾配降下法(Stochastic Gradient Descent、SGD)で学習する。SGD は単純だ。"),
    ("sae.md", "Sparse Autoencoder (SAE)(SAE、スパース・オートエンコーダ)を使う。"),
    ("poc.md", "まず小さな実証(PoC)を行う。"),
    ("none.md", "この文書には定義がない。"),
]
DOCS = OWN + [(p.name, p.read_text(encoding="utf-8")) for p in SAMPLES]


def _reference(docs: list[tuple[str | None, str]], **kw: object) -> Glossary:
    return Glossary.from_definitions(d for name, text in docs for d in find_definitions(text, doc=name, **kw))


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    with (
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as c,
    ):
        yield c


@pytest.mark.parametrize(("npartitions", "split_every"), [(1, 8), (4, 2), (len(DOCS), 3)])
def test_bag_of_pairs_equals_one_process(client: object, npartitions: int, split_every: int) -> None:
    g = build_glossary(db.from_sequence(DOCS, npartitions=npartitions), split_every=split_every)
    ref = _reference(DOCS)
    assert len(ref) > 10
    assert g == ref
    assert g.documents == ref.documents


@pytest.mark.parametrize(
    ("make", "docs"),
    [
        (lambda d: {"doc": d[0], "text": d[1]}, DOCS),
        (lambda d: d[1], [(None, t) for _, t in DOCS]),
        (lambda d: list(d), DOCS),
    ],
    ids=["mappings", "plain-strings", "lists"],
)
def test_other_record_shapes(client: object, make: object, docs: list[tuple[str | None, str]]) -> None:
    bag = db.from_sequence(DOCS, npartitions=3).map(make)
    assert build_glossary(bag) == _reference(docs)


def test_keyword_arguments_reach_the_workers(client: object) -> None:
    bag = db.from_sequence(DOCS, npartitions=3)
    assert build_glossary(bag, keep_low=True) == _reference(DOCS, keep_low=True)


def test_dataframe(client: object) -> None:
    pd = pytest.importorskip("pandas", reason="pandas is not installed")
    dd = pytest.importorskip("dask.dataframe", reason="dask[dataframe] is not installed")
    frame = pd.DataFrame({"name": [n for n, _ in DOCS], "body": [t for _, t in DOCS], "other": 1})
    df = dd.from_pandas(frame, npartitions=3)
    assert build_glossary(df, text_column="body", doc_column="name") == _reference(DOCS)
    unnamed = [(None, t) for _, t in DOCS]
    assert build_glossary(df, text_column="body", doc_column=None) == _reference(unnamed)
    with pytest.raises(ValueError, match="no column 'doc'"):
        build_glossary(df, text_column="body")
    with pytest.raises(ValueError, match="no column 'text'"):
        build_glossary(df, doc_column=None)


@pytest.mark.parametrize(
    ("data", "kw", "error", "message"),
    [
        (DOCS, {}, TypeError, "dask.bag.from_sequence"),
        ("text", {}, TypeError, "needs a dask.bag.Bag"),
        (None, {"split_every": 1}, ValueError, "split_every"),
        (None, {"doc": "x"}, TypeError, "doc_column"),
    ],
)
def test_bad_input_is_named(
    data: object, kw: dict[str, object], error: type[Exception], message: str
) -> None:
    if data is None:
        data = db.from_sequence(DOCS[:2], npartitions=1)
    with pytest.raises(error, match=message):
        build_glossary(data, **kw)


def test_bad_record_is_named() -> None:
    bag = db.from_sequence([("a.md", "本文"), 42], npartitions=1)
    with pytest.raises(TypeError, match="must be a \\(doc, text\\) pair"):
        build_glossary(bag)


@pytest.mark.parametrize("cut", [0, 1, 3, len(DOCS) - 1])
def test_merge_all_equals_building_from_the_union(cut: int) -> None:
    parts = [_reference(DOCS[:cut]), _reference(DOCS[cut : cut + 2]), _reference(DOCS[cut + 2 :])]
    assert merge_all(parts) == _reference(DOCS)
    assert merge_all(parts[:1]) is parts[0]
    assert len(merge_all([])) == 0
