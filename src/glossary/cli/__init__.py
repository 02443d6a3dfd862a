"""The command line (``glossary = glossary.cli:main``)."""

from glossary.cli.commands import main

__all__ = ["main"]
