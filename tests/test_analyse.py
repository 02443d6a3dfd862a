"""The keep threshold of the bracket analysers: scores are float sums and meet it with a tolerance."""

from __future__ import annotations

import glossary
from glossary.analyse import SCORE_TOLERANCE

# +0.2 for loanwords that match the English, -0.4 for an English "of" phrase after の: 0.7 + 0.2 - 0.4
EXACTLY_HALF = "学習のスパース・オートエンコーダー(Sparse Autoencoder of Features)を使う。"


def test_a_score_that_sums_to_the_threshold_is_kept() -> None:
    (low,) = glossary.find_definitions(EXACTLY_HALF, keep_low=True)
    assert low.score != 0.5 and abs(low.score - 0.5) < SCORE_TOLERANCE  # 0.4999999999999999
    kept = glossary.find_definitions(EXACTLY_HALF)
    assert [(d.ja.text, d.en.text) for d in kept if d.ja and d.en] == [
        ("スパース・オートエンコーダー", "Sparse Autoencoder of Features")
    ]


def test_a_score_clearly_under_the_threshold_is_still_dropped() -> None:
    (low,) = glossary.find_definitions(EXACTLY_HALF, keep_low=True)
    assert glossary.find_definitions(EXACTLY_HALF, min_score=low.score + 0.01) == []
