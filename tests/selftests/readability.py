"""Flesch-Kincaid grade with textstat, working offline.

textstat counts syllables with the CMU dictionary, which nltk downloads on first use. Offline
(CI, sandboxes) that download fails, so we switch textstat to its built-in fallback, the pyphen
hyphenation dictionary, which ships with the package. Grades differ slightly between the two.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable

import textstat
from textstat.backend.counts import _count_syllables


def _offline() -> None:
    try:
        import nltk

        nltk.data.find("corpora/cmudict")
    except LookupError:
        _count_syllables.get_cmudict = lambda lang: None  # type: ignore[assignment]


_offline()


def mean_grade(texts: Iterable[str], min_words: int = 6) -> float:
    """Mean Flesch-Kincaid grade of the texts with at least ``min_words`` words."""
    grades = [textstat.flesch_kincaid_grade(t) for t in texts if len(t.split()) >= min_words]
    assert grades, "no text to grade"
    return statistics.mean(grades)


def worst(texts: Iterable[str], n: int = 5) -> list[tuple[float, str]]:
    return sorted(
        ((textstat.flesch_kincaid_grade(t), t) for t in texts if len(t.split()) >= 6), reverse=True
    )[:n]
