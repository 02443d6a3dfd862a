"""spaCy: the ``glossary`` pipeline component (``component``) and the
``glossary.JapaneseTokenizer.v1`` tokenizer (``tokenizer``), registered as entry points.

A shell over the API, like the command line: may import anything below it,
and nothing in the package imports it.
"""
