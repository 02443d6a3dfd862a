"""Keeping a glossary in a SQLite store (``sqlite``): look-ups without loading it, updates in place.

May import :mod:`glossary.dictionary` and everything below it; never the
exports (a sibling layer), the check, the API or the shells.  The JSON file a
glossary saves itself to is the dictionary's own format
(:mod:`glossary.dictionary.saved`); ``Glossary.save("x.db")`` reaches this
package through :mod:`glossary.registry`.
"""

from glossary._compat import forward

# the names of the former module glossary.store (0.1), with a DeprecationWarning
__getattr__ = forward(__name__, ("glossary.store.sqlite",))
