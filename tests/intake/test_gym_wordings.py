"""The runner's story: a lift at the gym named with a word before it ("since heavy deadlifts")."""

from __future__ import annotations

import pytest

from backstride.intake import parse


def said(kb, text):
    return {(m.finding, m.answer) for m in parse(kb, text).mentions}


@pytest.mark.parametrize(
    "text",
    [
        "My lower back has been sore for 4 days since heavy deadlifts at the gym.",
        "it has hurt since some squats on Monday",
        "sore ever since those lifts last week",
        "it started after heavy weights at the gym",
    ],
)
def test_a_lift_with_a_word_before_it_is_an_onset_with_lifting(kb, text):
    assert ("onset_lifting", "yes") in said(kb, text)


@pytest.mark.parametrize(
    "text",
    [
        "I have had heavy legs since the summer",  # not a lift
        "it has been sore since my holiday",
    ],
)
def test_since_without_a_lift_is_not_one(kb, text):
    assert ("onset_lifting", "yes") not in said(kb, text)
