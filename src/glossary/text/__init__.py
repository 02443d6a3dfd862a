"""Text: what a document says, before any definition is looked for.

Owns the script classes (``script``), the bracket scan (``brackets``), the
masks of code, maths and links (``markup``; ``formats``: Markdown, HTML, reST,
notebooks), the MeCab tokenizer (``tokenizer``), the search key
(``search``) and how text is shown on a terminal (``display``).  May import
only the bottom modules (``models``, ``io``, ``registry``) besides itself.
"""
