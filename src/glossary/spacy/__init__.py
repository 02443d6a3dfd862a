"""spaCy: the ``glossary`` pipeline component and the ``glossary.JapaneseTokenizer.v1`` tokenizer."""
