"""The ``glossary`` spaCy pipeline component.

``nlp.add_pipe("glossary")`` works right after ``pip install`` with no import:
the factory is found through the ``spacy_factories`` entry point.  The
component runs :func:`glossary.find_definitions` on ``doc.text`` and stores the
result in ``doc._.definitions`` as plain records (dicts of strings, numbers and
lists), never as ``Span`` objects, so docs survive ``nlp.pipe(n_process=2)``
and ``DocBin`` (``store_user_data=True``).  Offsets are character offsets into
``doc.text``; :func:`definition_spans` turns them into spaCy spans with
``doc.char_span(..., alignment_mode="expand")``, which works with any
tokenizer, Sudachi's included.

The same parts are also put in ``doc.spans["glossary"]`` (labels ``ja`` /
``en`` / ``abbr``), and every use of a glossary term in
``doc.spans["glossary_mentions"]`` (label and ``kb_id``: the entry id, or
``ambiguous`` for an acronym the text does not settle), so displaCy's span
view shows both.  Mentions are of the terms the doc itself defines, or of a
saved glossary named in the config (``{"glossary": "terms.json"}``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from glossary.extract import DEFAULT_MIN_SCORE, find_definitions
from glossary.models import Definition

if TYPE_CHECKING:
    from glossary.dictionary.glossary import Glossary

__all__ = [
    "MENTIONS_KEY",
    "SPANS_KEY",
    "USER_DATA_KEY",
    "GlossaryComponent",
    "definition_spans",
    "definitions_of",
    "make_glossary_component",
]

USER_DATA_KEY = "glossary.definitions"
SPANS_KEY = "glossary"
MENTIONS_KEY = "glossary_mentions"


def _plain(value: Any) -> Any:
    """Tuples back to lists: msgpack (DocBin, ``n_process``) returns arrays as tuples."""
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _get_definitions(doc: Doc) -> list[dict[str, Any]] | None:
    value = doc.user_data.get(USER_DATA_KEY)
    return None if value is None else _plain(value)


def _set_definitions(doc: Doc, value: list[dict[str, Any]] | None) -> None:
    doc.user_data[USER_DATA_KEY] = value


if not Doc.has_extension("definitions"):
    # kept in doc.user_data (serialised by DocBin and by nlp.pipe(n_process=...)); None until the
    # component has run, then always a list of plain dicts
    Doc.set_extension("definitions", getter=_get_definitions, setter=_set_definitions)


class GlossaryComponent:
    """Find bracketed term definitions in each doc; results go to ``doc._.definitions`` and ``doc.spans``."""

    def __init__(
        self,
        nlp: Language,
        name: str = "glossary",
        min_score: float = DEFAULT_MIN_SCORE,
        glossary: str = "",
    ) -> None:
        if not 0.0 <= min_score <= 1.0:
            raise ValueError(f"glossary component {name!r}: min_score must be in [0, 1], got {min_score}")
        self.name = name
        self.min_score = min_score
        self.glossary_path = glossary
        self.glossary: Glossary | None = None
        if glossary:
            from glossary.api import load
            from glossary.io import ReadError

            try:
                self.glossary = load(glossary)
            except (OSError, ValueError, ReadError) as exc:
                raise ValueError(
                    f"glossary component {name!r}: cannot read glossary {glossary!r}: {exc}"
                ) from exc

    def __call__(self, doc: Doc) -> Doc:
        defs = find_definitions(doc.text, min_score=self.min_score)
        doc._.definitions = [to_record(d) for d in defs]
        parts = []
        for d in defs:
            for p in d.parts:
                span = doc.char_span(p.start, p.end, label=p.role, alignment_mode="expand")
                if span is not None:
                    parts.append(span)
        doc.spans[SPANS_KEY] = parts
        doc.spans[MENTIONS_KEY] = self._mentions(doc, defs)
        return doc

    def _mentions(self, doc: Doc, defs: list[Definition]) -> list[Span]:
        g = self.glossary
        if g is None:
            if not defs:
                return []
            from glossary.dictionary.glossary import Glossary

            g = Glossary.from_definitions(defs)
        out = []
        for m in g.mentions(doc.text, definitions=defs):
            eid = m.id or "ambiguous"
            span = doc.char_span(m.start, m.end, label=eid, kb_id=eid, alignment_mode="expand")
            if span is not None:
                out.append(span)
        return out

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)


def to_record(d: Definition) -> dict[str, Any]:
    """A msgpack/JSON-safe record of one definition (the document name is left out)."""
    rec = d.to_dict()
    rec.pop("doc", None)
    return rec


def definitions_of(doc: Doc) -> list[Definition]:
    """The definitions of a processed doc as :class:`glossary.Definition` objects."""
    return [Definition.from_dict(r) for r in (doc._.definitions or [])]


def definition_spans(doc: Doc) -> list[dict[str, Span]]:
    """For each definition, its parts as spaCy spans keyed by role (ja / en / abbr).

    Each span is labelled with its role; token boundaries that cut a part are
    widened to whole tokens (``alignment_mode="expand"``).  A role with several
    parts gives its first one, as :attr:`Definition.ja` does.
    """
    out: list[dict[str, Span]] = []
    for rec in doc._.definitions or []:
        spans: dict[str, Span] = {}
        for part in rec["parts"]:
            role = part["role"]
            if role in spans:
                continue
            span = doc.char_span(part["start"], part["end"], label=role, alignment_mode="expand")
            if span is not None:
                spans[role] = span
        out.append(spans)
    return out


@Language.factory(
    "glossary",
    default_config={"min_score": DEFAULT_MIN_SCORE, "glossary": ""},
    assigns=["doc._.definitions", "doc.spans"],
)
def make_glossary_component(nlp: Language, name: str, min_score: float, glossary: str) -> GlossaryComponent:
    """Factory behind ``nlp.add_pipe("glossary", config={"min_score": 0.5, "glossary": "terms.json"})``."""
    return GlossaryComponent(nlp, name, min_score=min_score, glossary=glossary)
