"""Exports: a glossary written in the formats users ask for.

One module per format (``tables``: CSV, TSV, XLSX; ``tbx``; ``skos``;
``prh``; ``anki``; ``markdown``; ``html``: the page and the notebook tables),
independent of each other (an import-linter contract), sharing only
``common``; ``formats`` is the catalogue (:data:`~glossary.exports.formats.FORMATS`,
:func:`~glossary.exports.formats.export`) that gathers them.  May import
:mod:`glossary.dictionary` and everything below it, never the store, the
check, the API or the shells.
"""
