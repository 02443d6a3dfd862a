"""``glossary check``: where documents disagree with their glossary (``rules``).
"""
