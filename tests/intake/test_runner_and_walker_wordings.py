"""Wordings found driving the terminal as the 68-year-old walker and the 35-year-old runner
(session 16), and in a clinician's register ("a 68-year-old man", "two weeks of sharp back
pain", "insidious onset"). Each was missed before; none comes from a benchmark sentence."""

from __future__ import annotations

import pytest

from tests.intake.test_everyday_wordings import answers, kb, want_state  # noqa: F401

pytest.importorskip("spacy")

CASES = [
    # the walker
    ("my legs go heavy and numb", {"leg_numbness": "yes", "legs_give_way_walking": "yes"}),
    ("my legs go heavy and numb, both of them", {"symptom_sides": "both_sides"}),
    (
        "I can walk 100 yards before my legs give way",
        {"legs_give_way_walking": "yes", "walk_metres": 91},
    ),
    ("my legs give way when I walk", {"legs_give_way_walking": "yes"}),
    # the runner
    ("35 year old bloke", {"sex": "male", "age": 35}),
    ("sore low back since deadlifting on Saturday", {"onset_lifting": "yes"}),
    ("felt a twinge when I pulled the bar", {"onset_lifting": "yes"}),
    ("it hurts when I've been sitting at my desk", {"worse_sitting": "yes"}),
    ("sore after sitting", {"worse_sitting": "yes"}),
    # a clinician's or a carer's note
    ("A 68-year-old man with high blood pressure", {"sex": "male", "age": 68}),
    ("a 40-year-old woman", {"sex": "female", "age": 40}),
    ("two weeks of sharp back pain", {"duration_weeks": 2}),
    ("a 3 week history of back pain", {"duration_weeks": 3}),
    ("insidious onset of low back pain", {"gradual_onset": "yes"}),
    ("difficulty emptying my bladder", {"urinary_retention": "yes"}),
]

NOT_SAID = [
    ("my old man has bad legs", "sex"),  # "my old man" is a father or husband
]


@pytest.mark.parametrize(("text", "want"), CASES)
def test_the_wording_is_read(kb, text, want):  # noqa: F811
    got = answers(kb, text)
    for fid, v in want.items():
        assert got.get(fid) == want_state(kb, fid, v), (text, fid, got)


@pytest.mark.parametrize(("text", "fid"), NOT_SAID)
def test_the_wording_does_not_answer(kb, text, fid):  # noqa: F811
    assert fid not in answers(kb, text)
