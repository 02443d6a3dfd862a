"""Keeping a glossary: the SQLite store (``sqlite``).

May import :mod:`glossary.dictionary` and everything below it, never the
exports, the check, the API or the shells.
"""
