"""The dictionary: definitions merged into entries, one per concept.

Owns the keys (``normalize``), the user's rules (``overrides``), the entry
model (``entries``), the merging tiers (``merge``), the ids (``ids``), the
cross-links (``links``), the uses of known terms in a text (``mentions``),
the saved JSON file (``saved``) and the :class:`~glossary.dictionary.glossary.Glossary`
that holds them (``glossary``).  May import :mod:`glossary.extract`,
:mod:`glossary.text` and the bottom modules (``models``, ``io``, ``registry``).
A glossary's ``save`` to a store, ``export``, ``to_pandas`` and Jupyter tables
live in the layers above and are found through :mod:`glossary.registry`
(bound in ``glossary/__init__.py``): the dictionary never imports them, and
the user keeps the methods on the object they hold.
"""

from glossary._compat import forward

# the names of the former module glossary.dictionary (0.1), with a DeprecationWarning
__getattr__ = forward(
    __name__,
    (
        "glossary.dictionary.glossary",
        "glossary.dictionary.entries",
        "glossary.dictionary.merge",
        "glossary.dictionary.ids",
        "glossary.dictionary.saved",
    ),
)
