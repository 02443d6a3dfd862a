"""``glossary check``: where documents disagree with their glossary (``rules``: the rules, SARIF, --fix).

A command of its own, below :mod:`glossary.cli` (which dispatches to it) and
above :mod:`glossary.console` (messages, output targets, loading the
glossary), the API and everything below it, which it may import.
"""

from glossary._compat import forward

# the names of the former module glossary.check (0.1), with a DeprecationWarning
__getattr__ = forward(__name__, ("glossary.check.rules",))
