"""Exports: a glossary written in the formats users ask for.

May import :mod:`glossary.dictionary` and everything below it.
"""
