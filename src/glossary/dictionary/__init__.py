"""The dictionary: definitions merged into entries, one per concept.

Owns the keys (``normalize``), the user's rules (``overrides``), the entry
model, the merging tiers and ids (``glossary``), the cross-links
(``links``) and the uses of known terms in a text (``mentions``).  May import
:mod:`glossary.extract`, :mod:`glossary.text` and the bottom modules
(:mod:`glossary.models`, :mod:`glossary.io`, :mod:`glossary.registry`).
"""
