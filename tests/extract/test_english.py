"""English abbreviation definitions: bracket shapes, rejections, offsets."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import glossary
from glossary.extract.english import _CITATION_RE, _is_citation, english_at, english_definitions, is_noise
from glossary.text.brackets import find_brackets
from glossary.text.markup import Mask, find_mask


def _pairs(text: str) -> set[tuple[str, str]]:
    out = set()
    for d in english_definitions(text):
        assert d.abbr is not None and d.en is not None
        out.add((d.abbr.text, d.en.text))
    return out


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        # long form (SF)
        ("We fit a sparse autoencoder (SAE) to the activations.", ("SAE", "sparse autoencoder")),
        ("Fluids are simulated with Smoothed Particle Hydrodynamics (SPH) here.",
         ("SPH", "Smoothed Particle Hydrodynamics")),
        # square brackets
        ("The tracker uses an extended Kalman filter [EKF] for fusion.", ("EKF", "extended Kalman filter")),
        # one-letter short form
        ("Neurons were classed as inhibitory (I) when firing dropped.", ("I", "inhibitory")),
        # leading digits
        ("Plasma 5-hydroxyindoleacetic acid (5HIAA) was measured.", ("5HIAA", "5-hydroxyindoleacetic acid")),
        # hyphen and slash short forms
        ("Samples went through liquid chromatography-mass spectrometry (LC-MS) twice.",
         ("LC-MS", "liquid chromatography-mass spectrometry")),
        ("A coated carbon nanotube/polyaniline (CNT/PANI) electrode was built.",
         ("CNT/PANI", "carbon nanotube/polyaniline")),
        # cut-short long forms
        ("Many patients took proton pump inhibitors (PPIs) daily.", ("PPIs", "proton pump inhibitors")),
        # plural short forms
        ("Modern large language models (LLMs) write code.", ("LLMs", "large language models")),
        # SF (long form) order
        ("We measured GABA (gamma-aminobutyric acid) in the cortex.", ("GABA", "gamma-aminobutyric acid")),
        ("Cells were lysed in RIPA (radioimmunoprecipitation assay) buffer.",
         ("RIPA", "radioimmunoprecipitation assay")),
        # extra matter after the short form inside the bracket
        ("Rats received dimethyl sulfoxide (DMSO; 1 ml) by gavage.", ("DMSO", "dimethyl sulfoxide")),
        ("The cohort had chronic kidney disease (CKD, stage 3) at entry.", ("CKD", "chronic kidney disease")),
        # long form and short form inside one bracket
        ("The assay used a new agent (tetramethylbenzidine, TMB) as substrate.",
         ("TMB", "tetramethylbenzidine")),
        # nested: a definition inside a bracket stops at the enclosing bracket
        ("Several markers (for example prostate specific antigen (PSA)) were high.",
         ("PSA", "prostate specific antigen")),
        # quoted short form
        ("Clones were made by rapid amplification of cDNA ends ('RACE') in mice.",
         ("RACE", "rapid amplification of cDNA ends")),
        # apposition
        ("We used a graph neural network, or GNN, to score molecules.", ("GNN", "graph neural network")),
        # SF (for long form)
        ("The new tool, GRASP (for graph retrieval and search pipeline), is fast.",
         ("GRASP", "graph retrieval and search pipeline")),
        # (SF, long form) inside one bracket
        ("The purified enzyme (PKX, protein kinase X) was active.", ("PKX", "protein kinase X")),
        # the short form closes the bracket after other matter
        ("Liver catalase (EC 1.11.1.6; CAT) activity fell.", ("CAT", "catalase")),
        # two names joined by a slash: the first is defined
        ("Signals reach stress-activated kinases (SAKs/JNKs) quickly.", ("SAKs", "stress-activated kinases")),
        # number words and roman numerals stand for digits
        ("It binds initiation factor two (IF2) in vitro.", ("IF2", "initiation factor two")),
        ("It binds carbonic anhydrase XIV (CA14) in vitro.", ("CA14", "carbonic anhydrase XIV")),
        # digits written in front of the long form
        ("We purified a 62-kDa protein (p62) from liver.", ("p62", "62-kDa protein")),
        # a measure before the name is not part of it
        ("They cloned a 40-kilobase (kb) fragment.", ("kb", "kilobase")),
        # a fusion partner's name before the term
        ("We expressed a LacZ-green fluorescent protein (GFP) fusion.", ("GFP", "green fluorescent protein")),
        # a quoted long form
        ('They call it the "dynamic routing mechanism" (DRM) here.', ("DRM", "dynamic routing mechanism")),
        # a bracket glued to the following word still defines
        ("The Tudor homology (TH)3 region binds RNA.", ("TH", "Tudor homology")),
    ],
)  # fmt: skip
def test_definitions_found(text: str, pair: tuple[str, str]) -> None:
    assert pair in _pairs(text)


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        # roman numerals and Greek letter names inside a long form give no letter, cheaply
        ("The factor binds the class II-associated invariant chain peptide (CLIP) in endosomes.",
         ("CLIP", "class II-associated invariant chain peptide")),
        # the long form starts after a hyphenated prefix, or after a dash between words
        ("Serum non-high-density lipoprotein (HDL) was lower.", ("HDL", "high-density lipoprotein")),
        ("We saw one defect--patent ductus arteriosus (PDA)--in three pups.",
         ("PDA", "patent ductus arteriosus")),
        ("We saw one defect\u2014patent ductus arteriosus (PDA) in three pups.",
         ("PDA", "patent ductus arteriosus")),
        # short-form letters out of order: a subscript or qualifier written last
        ("The intracellular pH (pHi) fell after the pulse.", ("pHi", "intracellular pH")),
        ("The maximum velocity (Vmax) was reached quickly.", ("Vmax", "maximum velocity")),
        ("Cells express the neural adhesion molecule L2 (L2NAM) on their surface.",
         ("L2NAM", "neural adhesion molecule L2")),
        ("Neurons kept a low intracellular Ca2+ concentration ([Ca2+]i) at rest.",
         ("[Ca2+]i", "intracellular Ca2+ concentration")),
        # ordinal words stand for digits
        ("Binding at the fourth zinc finger (ZF4) was lost.", ("ZF4", "fourth zinc finger")),
        # a leading "type N" classifier that the short form numbers belongs to the long form
        ("Mice lacking the type 1 insulin receptor (IR1) were smaller.", ("IR1", "type 1 insulin receptor")),
        ("Binding to the type B natriuretic receptor (NR-B) was weak.",
         ("NR-B", "type B natriuretic receptor")),
        # hyphenated short forms longer than twelve characters
        ("We blocked the ecto-mono-ADP-ribosylating enzymes (ecto-mono-ARTs) first.",
         ("ecto-mono-ARTs", "ecto-mono-ADP-ribosylating enzymes")),
        ("The pro-tumour necrosis factor alpha (pro-TNF alpha) was cleaved.",
         ("pro-TNF alpha", "pro-tumour necrosis factor alpha")),
        # a variant letter after a hyphen may stay unmatched, like a trailing number
        ("It carries a heat shock element (HSE-B) near the start.", ("HSE-B", "heat shock element")),
        # a dotted acronym before its expansion keeps its last period
        ("Doses are given in I.U. (international units) per kilogram.", ("I.U.", "international units")),
        # a short form ending in its head noun
        ("Each repeat has a paired box domain (PB domain) at its end.", ("PB domain", "paired box domain")),
        # SF (long form): the last of two slash-joined names, and "encoding" before the long form
        ("We found p75/NRM1 (for neural regulatory molecule 1) in the brain.",
         ("NRM1", "neural regulatory molecule 1")),
        ("We mapped the gene RPL9 (encoding ribosomal protein-like 9) to 3q.",
         ("RPL9", "ribosomal protein-like 9")),
    ],
)  # fmt: skip
def test_error_categories_found(text: str, pair: tuple[str, str]) -> None:
    assert _pairs(text) == {pair}


@pytest.mark.parametrize(
    "text",
    [
        # a head-noun short form whose other letters do not fit the words before the head
        "The ZAGH proteins share a domain (ZS domain) with others.",
        # "encoding" names a gene's product, not the expansion of its symbol
        "We mapped LUMA (encoding lumican) to 12q.",
        # a slash pair abbreviates a slash pair: its first name alone is not defined by the whole
        "The gene 6-phosphofructo-2-kinase/fructose-2,6-bisphosphatase (PFKB/FBPB) is active.",
        # single letters listed in a bracket label items, they abbreviate nothing
        "Two cloned kinases (K, L) share one exon.",
        # after a content word the hyphenated compound is one name: no long form starts inside it
        "Patients had elevated plasma-brain natriuretic peptide (BNP) levels.",
        # a subscript written last must still fit: no word starts with "q"
        "The resting potential (Vq) was stable.",
    ],
)
def test_error_categories_rejected(text: str) -> None:
    assert _pairs(text) == set()


@pytest.mark.parametrize(
    "text",
    [
        # citations
        "This was first reported in plants (Spenner et al., 1995) and later in yeast.",
        "The method follows earlier work (Miller, 2004) closely.",
        "A similar design was tested by Spencer (SEP 1999).",
        # enumerators
        "The steps are (i) wash, (ii) dry and (iii) store the slides.",
        "We ask two questions: (1) does it scale and (2) does it generalise.",
        "Panels show the wild type (a) and the mutant (b).",
        # units, numbers and measurements
        "The patients received aspirin (100 mg) every day.",
        "The mean age was high (n = 24) in the treated group.",
        "Survival improved markedly (P < 0.05) after surgery.",
        "Weight dropped (12%) over the period.",
        # equations
        "The loss is defined as the mean squared error (x - y) over samples.",
        # figures, tables and other cross-references
        "Binding was strong in the presence of calcium (Fig. 2) and weak otherwise.",
        "The primers are listed in the supplement (Table 1).",
        "The sampler is described in the appendix (Section 3.2) in full.",
        "Each update step follows the same loop (Algorithm 1) as before.",
        # Latin abbreviations are not short forms
        "Large graph encoders (e.g., GE) help.",
        "Several graph encoders (etc.) exist.",
        # lists of short forms are not one definition
        "Two receptor kinases (ABK1 and ABK2) were cloned.",
        # a word in brackets that is not an abbreviation
        "The model was trained on a corpus (subnetwork) of text.",
        # letters that do not fit
        "Adding the buffer (XQZ) changed nothing.",
        # a bracket inside a word
        "It was labelled with phospho[35S]sulfate before use.",
        # a series joined by a slash names two things, not one
        "A protein containing formin homology (FH1/FH2) domains.",
        # a clause is not a long form
        "Blood pressure was measured every day (BPMED).",
        # a list of names with a conjunction
        "It recruits corepressors (N-CoR, Sin3, and HDAC1 complex) to DNA.",
        # the word before is not an acronym for the bracket
        "They studied chromosome X (Xq26.3-Xq27.1) in detail.",
    ],
)
def test_rejected(text: str) -> None:
    assert _pairs(text) == set()


@pytest.mark.parametrize(
    "inner",
    [
        "Spenner et al., 1995",
        "Fig. 2",
        "Table 1",
        "iv",
        "1",
        "n = 12",
        "P < 0.05",
        "10 mg",
        "x + y = 2",
        "2004",
    ],
)
def test_is_noise(inner: str) -> None:
    assert is_noise(inner)


@pytest.mark.parametrize("inner", ["SAE", "GC-MS", "DMSO; 1 ml", "LLMs"])
def test_is_not_noise(inner: str) -> None:
    assert not is_noise(inner)


def test_offsets_patterns_and_scores() -> None:
    text = (
        "Intro. We fit a sparse autoencoder (SAE) and an extended Kalman filter [EKF]. "
        "Then GABA (gamma-aminobutyric acid)."
    )
    defs = english_definitions(text)
    assert [d.pattern for d in defs] == ["en(abbr)", "en[abbr]", "abbr(en)"]
    for d in defs:
        for p in d.parts:
            assert text[p.start : p.end] == p.text
        assert d.start <= min(p.start for p in d.parts)
        assert d.end >= max(p.end for p in d.parts)
        assert 0.5 <= d.score <= 1.0
        assert d.sentence and d.abbr is not None and d.abbr.text in d.sentence
        assert {p.role for p in d.parts} == {"en", "abbr"}
    assert pickle.loads(pickle.dumps(defs)) == defs


def test_english_at_respects_left_limit() -> None:
    text = "スパース proton pump inhibitors (PPI) を使う"
    b = next(b for b in find_brackets(text) if text[b.open + 1 : b.close] == "PPI")
    full = english_at(text, b, 0, Mask([]))
    assert full is not None and full.en is not None and full.en.text == "proton pump inhibitors"
    limited = english_at(text, b, text.index("pump"), Mask([]))
    assert limited is not None and limited.en is not None and limited.en.text == "pump inhibitors"
    assert english_at(text, b, b.open, Mask([])) is None


def test_english_at_limit_inside_a_bracket() -> None:
    text = "binds tumour necrosis factor (TNF) receptor-associated protein (TRAP) tightly"
    b = next(b for b in find_brackets(text) if text[b.open + 1 : b.close] == "TRAP")
    found = english_at(text, b, 0, Mask([]))
    assert found is not None and found.en is not None
    assert found.en.text == "tumour necrosis factor (TNF) receptor-associated protein"
    # a limit that cuts the inner bracket in two must not yield "TNF) receptor-associated protein"
    cut = english_at(text, b, text.index("TNF"), Mask([]))
    assert cut is None or cut.en is None or ")" not in cut.en.text


def test_english_at_skips_masked_and_bad_brackets() -> None:
    text = "Use `sparse autoencoder (SAE)` in code."
    mask = find_mask(text)
    b = next(b for b in find_brackets(text))
    assert english_at(text, b, 0, mask) is None
    with pytest.raises(ValueError, match="outside the text"):
        english_at("short", b, 0, Mask([]))


def test_japanese_context() -> None:
    text = "我々はSparse Autoencoder (SAE)(SAE、スパース・オートエンコーダ)を学習した。"
    brackets = find_brackets(text)
    first = brackets[0]
    d = english_at(text, first, text.index("Sparse"), Mask([]))
    assert d is not None and d.en is not None and d.abbr is not None
    assert (d.en.text, d.abbr.text) == ("Sparse Autoencoder", "SAE")
    # the chained second bracket does not re-define the first one's long form
    assert english_at(text, brackets[1], text.index("Sparse"), Mask([])) is None


def test_rejects_non_str() -> None:
    # the pure module says what to do; a mypyc-compiled one rejects the type at the call ("str object
    # expected; got bytes"); the public glossary.find_definitions always gives the full message
    with pytest.raises(TypeError, match=r"needs a str|str object expected"):
        english_definitions(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="needs a str, got bytes; decode bytes first"):
        glossary.find_definitions(b"bytes")  # type: ignore[arg-type]


_alphabet = st.sampled_from([*"abcdeSAEPILMN ()[]-/,.;:0123456789αスパ\n", "et al.", " (", ") "])


@settings(max_examples=300, deadline=None)
@given(st.lists(_alphabet, max_size=80).map("".join))
def test_arbitrary_text_never_raises_and_offsets_slice(text: str) -> None:
    for d in english_definitions(text):
        for p in d.parts:
            assert text[p.start : p.end] == p.text
            assert p.text.strip() == p.text and p.text
        assert 0 <= d.start < d.end <= len(text)
        assert 0.0 <= d.score <= 1.0


@settings(max_examples=200, deadline=None)
@given(st.lists(_alphabet, max_size=60).map("".join), st.integers(min_value=-5, max_value=80))
def test_english_at_any_left_limit(text: str, limit: int) -> None:
    mask = find_mask(text)
    for b in find_brackets(text):
        d = english_at(text, b, limit, mask)
        if d is None:
            continue
        for p in d.parts:
            assert text[p.start : p.end] == p.text
            assert p.start >= min(max(limit, 0), b.open)  # never left of the caller's limit


_CITATION_PIECES = [" ", *"et al fig FIG table see cf . , 、 é ı İ ſ \u212a".split()]
_CITATION_PIECES += "2021 1 ２ Smith pp p sec ( SGD ｆｉｇ ﬁg".split()


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_CITATION_PIECES), min_size=1, max_size=8).map("".join))
def test_citation_prefilter_never_changes_the_answer(inner: str) -> None:
    # the cheap test may only skip the full pattern where it cannot match, non-ASCII text included
    assert _is_citation(inner) == (_CITATION_RE.search(inner) is not None)


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("The **Mean Reciprocal Rank** (MRR) measures ranking quality.\n", ("Mean Reciprocal Rank", "MRR")),
        ("We report the *Mean Reciprocal Rank* (MRR) of each run.\n", ("Mean Reciprocal Rank", "MRR")),
        ("A **bold** word first, then Mean Reciprocal Rank (MRR) later.\n", ("Mean Reciprocal Rank", "MRR")),
    ],
)
def test_emphasised_long_form_in_markdown(text: str, pair: tuple[str, str]) -> None:
    # the author marks the term being defined: the long form is the emphasised words
    (d,) = glossary.find_definitions(text, doc="notes.md")
    assert (d.en.text, d.abbr.text) == pair
    assert all(text[p.start : p.end] == p.text for p in d.parts)


# --- quality2: a citation after the long form, a long form that is the short form with a suffix ---
def test_a_citation_after_the_long_form_still_leaves_the_definition() -> None:
    text = "We use RSP (Robust Safe Planning, Smith, Jones, 2019, arXiv:1234.5678) here."
    found = glossary.find_definitions(text)
    assert [(d.abbr.text, d.en.text) for d in found if d.abbr and d.en] == [("RSP", "Robust Safe Planning")]


def test_a_citation_alone_is_still_no_definition() -> None:
    assert glossary.find_definitions("We use RSP (Smith, 2019) here.") == []


def test_a_long_form_that_is_the_short_form_with_a_suffix_is_no_expansion() -> None:
    assert glossary.find_definitions("パルス系列には COSY（cosygpqf）を用いた。") == []


def test_digits_read_as_words_in_an_acronym() -> None:
    found = glossary.find_definitions("通信方式 D2D（Device-to-Device）を使う。")
    assert [(d.abbr.text, d.en.text) for d in found if d.abbr and d.en] == [("D2D", "Device-to-Device")]
