"""Conveniences a lower layer offers and a higher layer provides, found by name on first use.

A record or a glossary offers ``_repr_html_``, ``save`` to a store,
``export`` and ``to_pandas``, but the code behind them lives in layers above
it (:mod:`glossary.exports`, :mod:`glossary.store`, :mod:`glossary.api`),
which import the record, never the reverse.  The lower layer asks this
registry for a *slot* by name (:func:`lookup`); the package root
(``glossary/__init__.py``, the one place that knows every layer) binds each
slot to a ``"module:attribute"`` path (:func:`provide`), which is imported
only when the slot is first used, so ``import glossary`` stays light and no
module imports one above it, lazily or not.  A test or a plug-in may bind a
slot to another provider.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = ["lookup", "provide", "provided"]

_WHERE: dict[str, str] = {}
_FOUND: dict[str, Any] = {}


def provide(slot: str, target: str) -> None:
    """Bind ``slot`` to ``target`` (``"package.module:attribute"``), replacing any earlier binding."""
    module, sep, attribute = target.partition(":")
    if not sep or not module or not attribute:
        raise ValueError(f"registry slot {slot!r}: expected 'package.module:attribute', got {target!r}")
    _WHERE[slot] = target
    _FOUND.pop(slot, None)


def provided() -> dict[str, str]:
    """Every slot and the ``"module:attribute"`` it is bound to."""
    return dict(_WHERE)


def lookup(slot: str) -> Any:
    """The object bound to ``slot``, imported on first use and kept."""
    try:
        return _FOUND[slot]
    except KeyError:
        pass
    target = _WHERE.get(slot)
    if target is None:
        raise LookupError(f"nothing provides {slot!r} (known: {', '.join(sorted(_WHERE)) or 'none'})")
    module, _, attribute = target.partition(":")
    found = getattr(import_module(module), attribute)
    _FOUND[slot] = found
    return found
