"""The few calls a notebook or a pipeline needs: build, load, to_pandas.

>>> import glossary
>>> g = glossary.build(["隠れマルコフモデル(Hidden Markov Model、HMM)を使う。"])
>>> g.lookup("HMM").entry.ja
'隠れマルコフモデル'
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from glossary.extract import DEFAULT_MIN_SCORE
from glossary.models import ROLES

if TYPE_CHECKING:
    import pandas  # type: ignore[import-untyped]

    from glossary.dictionary.glossary import Glossary
    from glossary.dictionary.overrides import Overrides
    from glossary.store.sqlite import GlossaryStore

__all__ = ["Source", "build", "iter_documents", "load", "open", "to_pandas"]

Source = Union[str, "PathLike[str]"]


def iter_documents(
    sources: Source | Iterable[Source] | Mapping[str, str],
    *,
    glob: Iterable[str] | None = None,
    encoding: str | None = None,
) -> Iterator[tuple[str, str]]:
    """``(name, text)`` for every document the sources name.

    A :class:`~pathlib.Path` (or a string naming an existing file or folder)
    is read, folders recursively (the same files as the command line's
    ``extract``), and decoded by :func:`glossary.io.decode_bytes`: UTF-8,
    UTF-16 with a BOM, Shift_JIS or EUC-JP detected, unless ``encoding``
    names the codec; an unreadable file raises :class:`OSError` naming it.
    Any other string is a text, named ``text-1``, ``text-2``...; a mapping
    gives ``{name: text}`` directly.
    """
    from glossary.io import InputError, iter_inputs, read_text
    from glossary.text.formats import MarkupError, documents

    if isinstance(sources, Mapping):
        for name, text in sources.items():
            if not isinstance(text, str):
                raise TypeError(f"document {name!r}: expected str text, got {type(text).__name__}")
            yield str(name), text
        return
    if isinstance(sources, (str, PathLike)):
        sources = [sources]
    elif not isinstance(sources, Iterable):
        raise TypeError(
            f"expected a text, a path, a list of them or a {{name: text}} mapping, "
            f"got {type(sources).__name__}"
        )
    globs = list(glob) if glob is not None else None
    n_texts = 0
    for i, src in enumerate(sources):
        if isinstance(src, PathLike) or (isinstance(src, str) and _names_a_path(src)):
            path = str(Path(src))
            found = list(iter_inputs([path], globs))
            if not found:
                raise FileNotFoundError(f"{path}: no text files found (suffixes or glob did not match)")
            for name, p in found:
                try:
                    parts = list(documents(name, read_text(name, p, encoding)))
                except (InputError, MarkupError) as exc:
                    raise OSError(str(exc)) from exc
                for part_name, part_text, _ in parts:
                    yield part_name, part_text
        elif isinstance(src, str):
            n_texts += 1
            yield f"text-{n_texts}", src
        else:
            raise TypeError(
                f"item {i}: expected a text, a path or a (name, text) mapping, got {type(src).__name__}"
            )


def _names_a_path(s: str) -> bool:
    if not s or "\n" in s or len(s) > 4096:
        return False
    try:
        return Path(s).exists()
    except (OSError, ValueError):
        return False


def build(
    sources: Source | Iterable[Source] | Mapping[str, str],
    *,
    min_score: float = DEFAULT_MIN_SCORE,
    overrides: Overrides | str | PathLike[str] | None = None,
    jobs: int = 1,
    glob: Iterable[str] | None = None,
    progress: bool = False,
    encoding: str | None = None,
) -> Glossary:
    """A :class:`~glossary.dictionary.glossary.Glossary` from texts, files or folders.

    ``sources`` is a text, a path, a list of either, or ``{name: text}``.
    ``overrides`` is an :class:`~glossary.dictionary.overrides.Overrides` or the path of
    an overrides file; ``jobs`` > 1 extracts on several processes with the
    same result; ``progress`` shows a bar on standard error (tqdm);
    ``encoding`` names the codec of the files (default: detected, see
    :func:`iter_documents`).
    """
    from glossary.dictionary.glossary import Glossary
    from glossary.dictionary.overrides import Overrides, load_overrides
    from glossary.extract.parallel import extract_many

    if overrides is None:
        ov = Overrides()
    elif isinstance(overrides, Overrides):
        ov = overrides
    else:
        ov = load_overrides(Path(overrides))
    docs: Iterable[tuple[str, str]] = iter_documents(sources, glob=glob, encoding=encoding)
    results: Iterable[list[Any]] = extract_many(docs, jobs, min_score=min_score)
    if progress:
        from tqdm import tqdm  # type: ignore[import-untyped]

        results = tqdm(results, unit="doc", desc="glossary")
    definitions = [d for found in results for d in found]
    return Glossary.from_definitions(definitions, overrides=ov)


def load(path: str | PathLike[str]) -> Glossary:
    """Read a glossary saved with ``Glossary.save`` or ``glossary extract -o FILE.json`` (or ``FILE.db``)."""
    from glossary.dictionary.glossary import Glossary

    return Glossary.load(Path(path))


def open(path: str | PathLike[str], *, readonly: bool = False) -> GlossaryStore:
    """A live glossary store (``.db``, ``.sqlite``, ``.sqlite3``; created when missing unless ``readonly``).

    Lookups, iteration and updates read and write a few rows each, without
    loading the glossary; use it as a context manager::

        with glossary.open("terms.db") as store:
            store.update_texts({"notes.md": text})
            store.lookup("SGD").entry
    """
    from glossary.store.sqlite import GlossaryStore, is_store_path

    if not is_store_path(path):
        raise ValueError(
            f"{path}: glossary.open() takes a store (.db, .sqlite, .sqlite3); use glossary.load() for JSON"
        )
    return GlossaryStore(path, readonly=readonly)


COLUMNS = ("id", "ja", "en", "abbr", "variants", "count", "documents", "links")


def to_pandas(glossary: Glossary) -> pandas.DataFrame:
    """One row per entry: forms, variants, counts, documents and links (needs pandas).

    A missing form is ``""`` (not None, which pandas shows as NaN) and ``links`` reads as text
    (``broader: トランスフォーマー; homonym: Stacked Autoencoder``), so the frame displays cleanly.
    """
    try:
        import pandas as pd
    except ImportError as exc:
        raise ImportError("to_pandas() needs pandas: pip install 'glossary[pandas]'") from exc
    rows = []
    for e in glossary:
        canon = {e.ja, e.en, e.abbr}
        rows.append(
            {
                "id": e.id,
                "ja": e.ja or "",
                "en": e.en or "",
                "abbr": e.abbr or "",
                "variants": [f for role in ROLES for f in e.forms.get(role, ()) if f not in canon],
                "count": e.count,
                "documents": sorted(e.counts()),
                "links": "; ".join(f"{link.type}: {_link_label(glossary, link.id)}" for link in e.related),
            }
        )
    return pd.DataFrame(rows, columns=list(COLUMNS))


def _link_label(glossary: Glossary, entry_id: str) -> str:
    target = glossary.get(entry_id)
    return (target.ja or target.en or target.abbr or entry_id) if target is not None else entry_id
