"""Short-form tests and letter-by-letter long-form matching."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.extract import abbrev
from glossary.extract.abbrev import is_short_form, long_form_score, match_long_form, match_with_score


@pytest.mark.parametrize(
    "s",
    ["SAE", "mRNA", "ViT", "GaLa", "L3D", "PoC", "5HT", "GC-MS", "RTN/Ppy", "LLMs", "SAEs", "S", "IL-2R beta",
     "TNF-α", "p53", "Ca2+", "BE", "dppe", "kb", "cdc2", "ecto-mono-ARTs", "PB domain", "[Ca2+]i"],
)  # fmt: skip
def test_short_forms_accepted(s: str) -> None:
    assert is_short_form(s)


@pytest.mark.parametrize(
    "s",
    [
        "",  # empty
        "1995",  # year
        "12",  # number
        "3.5",  # decimal
        "iv",  # roman enumerator
        "a",  # letter enumerator
        "framework",  # an ordinary word
        "of the cells",  # lower-case phrase
        "treatment 2",  # a word with a number
        "mg/kg",  # unit ratio
        "m2",  # unit power
        "s-1",  # unit power
        "with",  # function word
        "e.g.",  # Latin abbreviation
        "etc.",  # Latin abbreviation
        "ABCDEFGHIJKLMN",  # too long
        "ABCD-EFGHIJKLMNOPQ",  # too long even for a hyphenated compound
        "the cell domain",  # a phrase, even with a head noun last
        "+-",  # no letter
    ],
)
def test_short_forms_rejected(s: str) -> None:
    assert not is_short_form(s)


def _long(short: str, before: str) -> str | None:
    start = match_long_form(short, before)
    return None if start is None else before[start:].rstrip()


@pytest.mark.parametrize(
    ("short", "before", "expected"),
    [
        # plain initials
        ("SAE", "We trained a sparse autoencoder ", "sparse autoencoder"),
        ("SGD", "The model uses stochastic gradient descent ", "stochastic gradient descent"),
        # cut-short long forms: every initial should be used, not the shortest match
        ("PPI", "patients who took proton pump inhibitors ", "proton pump inhibitors"),
        ("PPIs", "patients who took proton pump inhibitors ", "proton pump inhibitors"),
        # ... but a word that gives no letter is not swallowed
        ("PI", "the effect of proton pump inhibitors ", "pump inhibitors"),
        # plural short forms
        ("LLMs", "Recent large language models ", "large language models"),
        # one-letter short forms
        ("E", "cells that respond with excitatory ", "excitatory"),
        # leading digits and chemical locants
        ("5HT", "levels of 5-hydroxytryptamine ", "5-hydroxytryptamine"),
        ("DMBA", "skin painted with 7,12-dimethylbenz(a)anthracene ", "7,12-dimethylbenz(a)anthracene"),
        # hyphen and slash short forms
        (
            "GC-MS",
            "analysed by gas chromatography-mass spectrometry ",
            "gas chromatography-mass spectrometry",
        ),
        ("RTN/Ppy", "a composite of rutin/polypyrrole ", "rutin/polypyrrole"),
        # mixed case and letters inside words
        ("mRNA", "the level of messenger RNA ", "messenger RNA"),
        ("CBFbeta", "binds the core binding factor beta ", "core binding factor beta"),
        # Greek letters spelled out
        ("TNF-α", "release of tumour necrosis factor alpha ", "tumour necrosis factor alpha"),
        # roman numeral for a digit
        ("CK2", "phosphorylated by casein kinase II ", "casein kinase II"),
        ("3-RM", "lifted a three-repetition maximum ", "three-repetition maximum"),
        # a nested definition inside the long form
        (
            "VEGFR",
            "signals through the vascular endothelial growth factor (VEGF) receptor ",
            "vascular endothelial growth factor (VEGF) receptor",
        ),
        # a long form does not start with a function word or inside a bracket
        (
            "FACT",
            "a complex named for facilitates chromatin transcription ",
            "facilitates chromatin transcription",
        ),
        (
            "TNFR",
            "binding of ligand (L) to tumour necrosis factor receptor ",
            "tumour necrosis factor receptor",
        ),
        # prefix anti- is not part of the term
        ("TBM", "antibodies against anti-tubular basement membrane ", "tubular basement membrane"),
    ],
)
def test_match_long_form(short: str, before: str, expected: str) -> None:
    assert _long(short, before) == expected


@pytest.mark.parametrize(
    ("short", "before"),
    [
        ("XYZ", "a completely unrelated phrase "),  # letters absent
        ("SAE", "sun "),  # too few letters
        ("ZQ", "the quiz zone "),  # letters in the wrong order
        ("SAE", ""),  # nothing before
        ("mg/kg", "a dose in milligrams per kilogram "),  # a unit expression, not a short form
    ],
)
def test_match_long_form_none(short: str, before: str) -> None:
    assert match_long_form(short, before) is None


def test_match_with_score_agrees_with_match_long_form() -> None:
    before = "patients who took proton pump inhibitors "
    found = match_with_score("PPI", before)
    assert found is not None
    score, start = found
    assert start == match_long_form("PPI", before)
    assert 0.0 < score <= 1.0
    assert match_with_score("XYZ", before) is None


def test_long_form_score_orders_candidates() -> None:
    good = long_form_score("PPI", "proton pump inhibitors")
    weaker = long_form_score("PPI", "pump inhibitors")
    assert 0.0 <= weaker < good <= 1.0
    assert long_form_score("XYZ", "proton pump inhibitors") == 0.0
    assert long_form_score("PPI", "PPI") == 0.0  # the short form itself is no expansion


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=12), st.text(max_size=200))
def test_match_long_form_never_raises(short: str, before: str) -> None:
    start = match_long_form(short, before)
    if start is not None:
        assert 0 <= start < len(before)
        assert before[start:].strip()
    assert 0.0 <= long_form_score(short, before) <= 1.0


# --- pruning in _best is exact -------------------------------------------------------------------------


def _best_without_pruning(short: str, before: str) -> tuple[float, int] | None:
    """The alignment search with every start tried (what ``_best`` must equal)."""
    body = before.rstrip()
    if not body or len(body) > abbrev.MAX_BEFORE:
        return None
    found: tuple[float, int] | None = None
    segs = abbrev._segments(body)
    for chars, tail, extra in abbrev._variants(short):
        lo = abbrev._word_window(body, len(chars))
        for cost, start in abbrev._align(body, chars, lo, tail, segs):
            if not abbrev._acceptable(short, body[start:]):
                continue
            score = abbrev._score(cost + extra, len(chars))
            if (
                found is None
                or score > found[0] + 1e-9
                or (abs(score - found[0]) <= 1e-9 and start > found[1])
            ):
                found = (score, start)
    return found


_WORDS = st.sampled_from(
    ["Sparse", "Autoencoder", "sparse", "auto-encoder", "of", "the", "SAE", "Grounding", "from", "an",
     "AI", "Lens", "non-linear", "II", "type", "2", "protein", "kinase", "A", "Federated", "for"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_WORDS, min_size=1, max_size=12), st.sampled_from(["SAE", "Grounding", "PKA", "AI", "FL", "NL2"])
)
def test_pruned_alignment_equals_the_full_search(words: list[str], short: str) -> None:
    before = " ".join(words) + " "
    assert abbrev._best(short, before) == _best_without_pruning(short, before)


def test_last_word_and_letter_order_helpers() -> None:
    assert abbrev._last_word_at("SAE", "the SAE and SAEs") == 4
    assert abbrev._last_word_at("SAE", "SAEs only") == -1
    assert abbrev._letters_in_order("sae", "sparse autoencoder")
    assert not abbrev._letters_in_order("eas", "sparse")
    assert abbrev._letters_in_order("2k", "type II kinase")  # digits may come from numerals


def test_a_two_or_four_between_letters_reads_to_or_for() -> None:
    from glossary.extract.abbrev import long_form_score

    assert long_form_score("M2M", "machine-to-machine") >= 0.6
    assert long_form_score("B4B", "business for business") >= 0.6


@pytest.mark.parametrize(
    ("short", "long"),
    [
        ("XML", "Extensible Markup Language"),
        ("XSLT", "Extensible Stylesheet Language Transformations"),
        ("XP", "Extreme Programming"),
        ("xDR", "Extended Detection and Response"),
    ],
)
def test_an_x_stands_for_a_word_that_starts_with_the_sound_ex(short: str, long: str) -> None:
    # English writers abbreviate "ex-" by the letter that sounds like it: X starts the word
    assert match_long_form(short, f"see the {long}") == len("see the ")
    assert long_form_score(short, long) > 0.8


def test_an_x_needs_the_ex_sound() -> None:
    # guard: X is not any letter inside a word ("Cross" holds no x sound at its start)
    assert match_long_form("XSS", "see the Cross Site Scripting") is None
