"""Wordings the seventh blind set still missed after its own pass, written here in other words:
legs gone weak and numb, a bladder that will not empty, not feeling the toilet, waves of pain,
being sick a number of times, a sudden terrible pain, pee the colour of cola, an op on the
spine, holding on to things to walk. Each fails on the phrases before session 21's last pass."""

from __future__ import annotations

import pytest

from backstride.intake import parse


def said(kb, text):
    return {(m.finding, m.answer) for m in parse(kb, text).mentions}


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("my feet have gone heavy and numb", "leg_numbness"),
        ("my leg went weak and tingly on Tuesday", "leg_numbness"),
        ("there is tingling down both calves", "leg_numbness"),
        ("the numbnes down both shins", "leg_numbness"),
        ("I keep feeling I'm not able to empty properly", "urinary_retention"),
        ("I can never empty my bladder fully now", "urinary_retention"),
        ("I can't feel anything when I go to the loo", "saddle_numbness"),
        ("my private parts feel like sleeping", "saddle_numbness"),
        ("the pain came in waves all night", "flank_colicky"),
        ("I was sick three times this morning", "nausea_vomiting"),
        ("all of a sudden I had an agonising pain in my back", "sudden_abdominal_pain"),
        ("my wee looked like tea this morning", "visible_blood_in_urine"),
        ("I had an op on my back in the summer", "infection_risk"),
        ("I have to hold on to the furniture to get about", "unsteady_wide_gait"),
    ],
)
def test_the_wording_is_read(kb, text, finding):
    assert (finding, "yes") in said(kb, text)


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("she was sick of waiting for the doctor", "nausea_vomiting"),
        ("I worry my pee will look like cola", "visible_blood_in_urine"),  # a fear, not a fact
        ("my legs are weak but the numbness has gone", "leg_numbness"),
    ],
)
def test_what_is_not_said_is_not_read(kb, text, finding):
    assert (finding, "yes") not in said(kb, text)
