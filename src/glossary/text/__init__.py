"""Text: what a document says before any definition is looked for.

Owns the script classes (``script``), the bracket scan (``brackets``), the
masks of code, maths and links (``markup``, ``formats``: Markdown, HTML, reST,
notebooks), the MeCab tokenizer (``tokenizer``) and how text is shown on a
terminal (``display``).  May import only :mod:`glossary.models`,
:mod:`glossary.io` and :mod:`glossary.registry` besides itself.
"""
