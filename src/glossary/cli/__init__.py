"""The command line (``glossary = glossary.cli:main``): a thin shell over the API and the dictionary.

``commands`` parses the command line and runs ``extract``, ``merge``,
``show``, ``stats``, ``export`` and dispatches ``check``
(:mod:`glossary.check`); ``about`` answers ``--version``.  The top layer: it
may import anything in the package, and nothing imports it.
"""

from glossary._compat import forward
from glossary.cli.commands import main

__all__ = ["main"]

# the names of the former module glossary.cli (0.1), with a DeprecationWarning
__getattr__ = forward(__name__, ("glossary.cli.commands",))
