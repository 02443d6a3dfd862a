"""glossary inside a spaCy pipeline: a Japanese pipeline without SudachiPy, definitions on every doc.

Run:  python examples/spacy_pipeline.py [FILES...]   (default: the bundled sample texts)

No ``import glossary`` is needed: the tokenizer and the "glossary" component are found through
spaCy's entry points once the package is installed.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import spacy
from spacy.tokens import DocBin

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"


def main(paths: list[Path]) -> None:
    # fugashi + UniDic tokenisation, registered as "glossary.JapaneseTokenizer.v1"
    nlp = spacy.blank("ja", config={"nlp": {"tokenizer": {"@tokenizers": "glossary.JapaneseTokenizer.v1"}}})
    nlp.add_pipe("glossary", config={"min_score": 0.5})

    texts = [p.read_text(encoding="utf-8") for p in paths]
    docs = list(nlp.pipe(texts))  # add n_process=2 for large corpora: the records are plain dicts

    from glossary.spacy.component import definition_spans

    for path, doc in zip(paths, docs, strict=True):
        print(f"== {path.name}: {len(doc)} tokens, {len(doc._.definitions)} definitions")
        for spans in definition_spans(doc)[:3]:
            print(
                "   "
                + "  /  ".join(
                    f"{role}: {span.text} [{span.start_char}:{span.end_char}]" for role, span in spans.items()
                )
            )

    first = docs[0]
    print("tokens:", [(t.text, t.lemma_, t.pos_) for t in first[:6]])

    with tempfile.TemporaryDirectory() as tmp:
        # the definitions travel with the docs (DocBin keeps user data) ...
        DocBin(docs=docs, store_user_data=True).to_disk(Path(tmp) / "docs.spacy")
        back = list(DocBin().from_disk(Path(tmp) / "docs.spacy").get_docs(nlp.vocab))
        assert [d._.definitions for d in back] == [d._.definitions for d in docs]
        # ... and the component's settings travel with the pipeline
        nlp.to_disk(Path(tmp) / "pipeline")
        again = spacy.load(Path(tmp) / "pipeline")
        print("reloaded pipeline:", again.pipe_names, "min_score =", again.get_pipe("glossary").min_score)


if __name__ == "__main__":
    args = [Path(a) for a in sys.argv[1:]] or sorted(SAMPLES.glob("*.md"))
    main(args)
