"""Build a glossary on a Dask cluster (optional extra: ``pip install 'glossary[dask]'``).

Each partition of documents is extracted on a worker (one tagger per worker
process) into a partial :class:`~glossary.dictionary.glossary.Glossary`; the partials
are combined with :meth:`Glossary.merge` in a tree (``split_every`` at a
time), never all on one machine at once.  A glossary depends only on the
union of its definitions, so the result equals the one-process result
whatever the partitioning.

    from pathlib import Path
    import dask.bag as db
    from dask.distributed import Client
    from glossary.dask import build_glossary

    client = Client("tcp://scheduler:8786")  # an existing cluster; Client() starts a local one
    paths = sorted(str(p) for p in Path("docs").rglob("*.md"))
    docs = db.from_sequence(paths, npartitions=64).map(lambda p: (p, Path(p).read_text("utf-8")))
    g = build_glossary(docs)  # (doc, text) pairs, mappings or plain strings; or a dataframe

Dask is imported only when this module's functions run.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from glossary.dictionary.glossary import Glossary
from glossary.extract import find_definitions
from glossary.models import Definition

__all__ = ["build_glossary", "to_document_bag"]

SPLIT_EVERY = 8


def build_glossary(
    data: Any,
    text_column: str = "text",
    doc_column: str | None = "doc",
    *,
    split_every: int = SPLIT_EVERY,
    **kw: Any,
) -> Glossary:
    """One :class:`Glossary` from a Dask bag or dataframe of documents.

    A dataframe needs a ``text_column`` and, unless ``doc_column`` is None, a
    ``doc_column`` naming each document.  A bag may hold ``(doc, text)``
    pairs, mappings with those two keys, or plain strings (no document
    name).  ``kw`` goes to :func:`glossary.find_definitions` (``min_score``,
    ``keep_low``).  Runs on the current Dask scheduler: the distributed
    ``Client`` you created, else Dask's default.
    """
    if not isinstance(split_every, int) or isinstance(split_every, bool) or split_every < 2:
        raise ValueError(f"split_every must be an integer >= 2, got {split_every!r}")
    if "doc" in kw:
        raise TypeError("build_glossary() takes document names from doc_column, not a doc= argument")
    bag = to_document_bag(data, text_column=text_column, doc_column=doc_column)
    extract = _PartitionExtractor(text_column, doc_column, dict(kw))
    result: Glossary = bag.reduction(extract, merge_all, split_every=split_every).compute()
    return result


def to_document_bag(data: Any, text_column: str = "text", doc_column: str | None = "doc") -> Any:
    """A Dask bag of documents from a bag or a dataframe (the dataframe's two columns as tuples)."""
    import dask.bag as db

    if isinstance(data, db.Bag):
        return data
    columns = getattr(data, "columns", None)
    if columns is not None and hasattr(data, "to_bag"):
        wanted = [c for c in (doc_column, text_column) if c is not None]
        missing = [c for c in wanted if c not in columns]
        if missing:
            raise ValueError(
                f"build_glossary(): the dataframe has no column {missing[0]!r} "
                f"(columns: {list(columns)}); pass text_column= / doc_column= (or doc_column=None)"
            )
        return data[wanted].to_bag(index=False)
    raise TypeError(
        f"build_glossary() needs a dask.bag.Bag or a dask.dataframe.DataFrame, got {type(data).__name__}; "
        "for an in-memory list use dask.bag.from_sequence(docs, npartitions=...)"
    )


class _PartitionExtractor:
    """Per-partition step: documents in, one partial glossary out (picklable, no closures)."""

    def __init__(self, text_column: str, doc_column: str | None, kw: dict[str, Any]) -> None:
        self.text_column = text_column
        self.doc_column = doc_column
        self.kw = kw

    def __call__(self, items: Iterable[Any]) -> Glossary:
        found: list[Definition] = []
        for item in items:
            doc, text = self._split(item)
            found.extend(find_definitions(text, doc=doc, **self.kw))
        return Glossary.from_definitions(found)

    def _split(self, item: Any) -> tuple[str | None, str]:
        if isinstance(item, str):
            return None, item
        if isinstance(item, Mapping):
            try:
                text = item[self.text_column]
                doc = item[self.doc_column] if self.doc_column is not None else None
            except KeyError as exc:
                raise KeyError(f"build_glossary(): a document record lacks the key {exc.args[0]!r}") from None
        elif isinstance(item, (tuple, list)) and len(item) == 2:
            doc, text = item
        elif isinstance(item, (tuple, list)) and len(item) == 1 and self.doc_column is None:
            doc, text = None, item[0]
        else:
            raise TypeError(
                "build_glossary(): each document must be a (doc, text) pair, a mapping or a str, "
                f"got {type(item).__name__}"
            )
        if not isinstance(text, str):
            raise TypeError(f"build_glossary(): document text must be str, got {type(text).__name__}")
        if doc is not None and not isinstance(doc, str):
            doc = str(doc)
        return doc, text


def merge_all(glossaries: Iterable[Glossary]) -> Glossary:
    """One step of the tree: the merge of a handful of partial glossaries.

    ``Glossary.merge`` depends only on the union of its operands'
    definitions and overrides, so the others are pooled first and merged
    into the first in one rebuild rather than one rebuild per operand.
    """
    gs = list(glossaries)
    if not gs:
        return Glossary()
    if len(gs) == 1:
        return gs[0]
    first, rest = gs[0], gs[1:]
    overrides = rest[0].overrides
    for g in rest[1:]:
        overrides = overrides.union(g.overrides)
    pooled = Glossary(definitions=frozenset().union(*(g.definitions for g in rest)), overrides=overrides)
    return first.merge(pooled)
