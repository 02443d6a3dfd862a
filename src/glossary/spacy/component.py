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

A Japanese Doc's own tokens are read instead of tagging the text again
(:class:`DocTokens`; ``{"reuse_tokens": false}`` tags it again), when the
pipeline's tokenizer gives part-of-speech tags: ``glossary.JapaneseTokenizer.v1``
(the tagger's UniDic tokens, the same definitions as :func:`find_definitions`),
GiNZA / spaCy's Sudachi tokenizer (their own segmentation and parts of speech).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from glossary.extract import DEFAULT_MIN_SCORE, find_definitions
from glossary.models import Definition
from glossary.text.tokenizer import Token, set_token_source

if TYPE_CHECKING:
    from glossary.dictionary.glossary import Glossary

__all__ = [
    "MENTIONS_KEY",
    "SPANS_KEY",
    "USER_DATA_KEY",
    "DocTokens",
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
        reuse_tokens: bool = True,
    ) -> None:
        if not 0.0 <= min_score <= 1.0:
            raise ValueError(f"glossary component {name!r}: min_score must be in [0, 1], got {min_score}")
        self.name = name
        self.min_score = min_score
        self.glossary_path = glossary
        self.reuse_tokens = reuse_tokens
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
        text = doc.text  # one string: the token source answers for this very text
        source = DocTokens.of(doc, text) if self.reuse_tokens else None
        previous = set_token_source(source) if source is not None else None
        try:
            defs = find_definitions(text, min_score=self.min_score)
        finally:
            if source is not None:
                set_token_source(previous)
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


class DocTokens:
    """A Japanese Doc's tokens as the extractor's tagger gives them, read instead of tagging again.

    The contract, token by token (tokens of ASCII white space are left out: the tagger skips it):

    * ``tag_`` is the UniDic / Sudachi part of speech joined by ``-`` (``名詞-普通名詞-一般``), as
      ``glossary.JapaneseTokenizer.v1``, GiNZA and spaCy's Sudachi tokenizer write it: its first
      three levels are the tagger's ``pos1`` .. ``pos3`` (``*`` when absent);
    * ``lemma_`` is the lemma; ``morph`` ``Gloss`` (written by ``glossary.JapaneseTokenizer.v1``)
      is UniDic's loanword source word, which the tagger keeps in the lemma (``エンコーダー-encoder``)
      and the aligner takes as evidence; Sudachi has none, so GiNZA tokens give the aligner less;
    * ``morph`` ``Inflection`` (``type;form``, GiNZA's convention, also written by
      ``glossary.JapaneseTokenizer.v1``) gives the conjugation form.

    The extractor asks for the tokens of a stretch of the text (a window before a bracket, a
    term): a token the stretch cuts is cut too, keeping its part of speech; a stretch inside one
    token, or of another text, is tagged as before.
    """

    def __init__(self, doc: Doc, text: str) -> None:
        self.text = text
        tokens: list[Token] = []
        for t in doc:
            if t.text.isascii() and t.text.isspace():
                continue
            tag = t.tag_.split("-")
            pos = [p or "*" for p in [*tag, "*", "*"][:3]]
            lemma = t.lemma_ or t.text
            gloss = t.morph.get("Gloss", [])
            if gloss:
                lemma = f"{lemma}-{gloss[0]}"
            inflection = t.morph.get("Inflection", [])
            cform = inflection[0].partition(";")[2] if inflection else ""
            end = t.idx + len(t.text)
            tokens.append(Token(t.text, t.idx, end, pos[0], pos[1], pos[2], lemma, None, cform))
        self._tokens = tokens
        self._ends = [t.end for t in tokens]

    @classmethod
    def of(cls, doc: Doc, text: str) -> DocTokens | None:
        """The tokens of a Japanese ``doc`` (whose text is ``text``) that carry tags, else None."""
        if doc.lang_ != "ja" or not len(doc) or not doc.has_annotation("TAG"):
            return None
        return cls(doc, text)

    def tokens(self, text: str, start: int, end: int) -> list[Token] | None:
        """The tokens of ``text[start:end]`` (offsets from ``start``), or None to have it tagged."""
        if text is not self.text or start >= end:
            return None
        out: list[Token] = []
        whole = 0
        for t in self._tokens[bisect_right(self._ends, start) :]:
            if t.start >= end:
                break
            a, b = max(t.start, start), min(t.end, end)
            if (a, b) == (t.start, t.end):
                out.append(t._replace(start=a - start, end=b - start))
                whole += 1
            else:  # cut by the stretch: its part of speech, no lemma
                out.append(Token(text[a:b], a - start, b - start, t.pos1, t.pos2, t.pos3, None, None, ""))
        if not whole and len(out) <= 1:
            return None  # inside one token: tagged on its own, as the tagger would
        return out


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
    default_config={"min_score": DEFAULT_MIN_SCORE, "glossary": "", "reuse_tokens": True},
    assigns=["doc._.definitions", "doc.spans"],
)
def make_glossary_component(
    nlp: Language, name: str, min_score: float, glossary: str, reuse_tokens: bool
) -> GlossaryComponent:
    """Factory behind ``nlp.add_pipe("glossary", config={"min_score": 0.5, "glossary": "terms.json"})``."""
    return GlossaryComponent(nlp, name, min_score=min_score, glossary=glossary, reuse_tokens=reuse_tokens)
