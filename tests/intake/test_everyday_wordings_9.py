"""The parser on a ninth batch of wordings (session 23), written for this file in other words
than the blind sets benchmarks/parse/pass8.yaml and pass9.yaml: a day counted back from today
said after what was done ("sore since squats on Friday", "after the gym last weekend", "since
last week"); a leg symptom new in both legs said without "both legs have gone" ("the other leg
has joined in", "legs gone tingly both sides", both legs weakening with a time of days); a
weakness named in a foot; "gone off her legs"; night pain said with other words for how bad;
a dragging foot with a trip; "and now he can't stand"; a small everyday movement at the start
of the pain (a minor strain).

Each case lists answers the text must set (other answers may be read too); controls list
findings that must not be set, or not to the answer given."""

from __future__ import annotations

from datetime import date

import pytest

from tests.intake.test_everyday_wordings import answers, want_state  # the first batch's helpers

pytest.importorskip("spacy")
# `kb`: the packaged knowledge base (tests/conftest.py)

TODAY = date(2026, 12, 7)  # a Monday


READ = [
    # a day counted back from today, after what was done
    ("My lower back has ached since the gym on Friday.", {"duration_weeks": 0.4}),
    ("Sore back after a long bike ride last weekend.", {"duration_weeks": 0.2}),
    ("I strained my back digging the allotment on Thursday.", {"duration_weeks": 0.6}),
    ("my back went funny last week carrying the shopping", {"duration_weeks": 1}),
    # a note's complaint and then its length
    ("Sore back 5 months, no leg pain.", {"duration_weeks": 22}),
    # new in both legs, in other words
    (
        "My back has been bad for a year. The right leg went numb in the summer and now the "
        "other leg has joined in.",
        {"new_both_legs": "yes"},
    ),
    ("legs gone tingly both sides since wed, back pain for ages", {"new_both_legs": "yes"}),
    (
        "For the last four days both of my legs are going weak and I need a stick.",
        {"new_both_legs": "yes", "leg_weakness_worsening": "yes"},
    ),
    (
        "The numbness in both feet is only two weeks old, my back has hurt for years.",
        {"new_leg_nerve_symptoms": "yes", "new_both_legs": "yes"},
    ),
    # weakness named in a foot or leg; gone off her legs
    ("There is weakness in his left ankle since the weekend.", {"leg_weakness_worsening": "yes"}),
    (
        "Writing for my mum: she has gone off her legs since Sunday.",
        {"leg_weakness_worsening": "yes"},
    ),
    # night pain with another word for how bad
    ("The ache is really intense at night.", {"night_pain": "yes"}),
    # a dragging foot and a trip: walking is going
    (
        "my right foot has been dragging and i stumbled on the step",
        {"leg_weakness_worsening": "yes", "gait_worsening": "yes"},
    ),
    # said as it stands, not how far
    (
        "I'm typing for my grandad. He slipped and fell in the bathroom on Saturday and so now "
        "he can't stand.",
        {"cannot_bear_weight": "yes", "minor_fall": "yes"},
    ),
    # a small everyday movement at the start
    ("It went when I reached over to get the remote.", {"minor_fall": "yes"}),
    (
        "I was just leaning across to grab my phone when it went.",
        {"minor_fall": "yes"},
    ),
]


@pytest.mark.parametrize(("text", "expect"), READ)
def test_wording_is_read(kb, text, expect):
    got = answers(kb, text, TODAY)
    for fid, v in expect.items():
        assert got.get(fid) == want_state(kb, fid, v), (text, fid, got)


#: each wording with a finding that must not be set (None), or not to the answer given
NOT_READ = [
    # a day ahead, or a change, is not when the pain began
    ("I'm seeing the physio next Friday about my back.", "duration_weeks", 0.4),
    ("My back felt better after the massage on Friday.", "duration_weeks", 0.4),
    # both legs weakening, with nothing of when: not said to be lately
    ("Both my legs keep getting weaker and weaker.", "new_both_legs", "yes"),
    # how far or how long, not that they cannot
    ("My legs ache and I can't walk far.", "cannot_bear_weight", "yes"),
    ("and I cannot stand for long at the sink", "cannot_bear_weight", "yes"),
    # what hurts now is not how it began
    ("Bending down to tie my laces is agony.", "minor_fall", "yes"),
    # lifting something heavy is not a minor strain
    ("I bent down to lift a heavy box of books and felt it go.", "minor_fall", "yes"),
    # a bad night from someone else
    ("The baby is really bad at night but my back is fine.", "night_pain", "yes"),
]


@pytest.mark.parametrize(("text", "finding", "answer"), NOT_READ)
def test_control_is_not_read(kb, text, finding, answer):
    got = answers(kb, text, TODAY)
    assert got.get(finding) != want_state(kb, finding, answer), (text, got)


def test_new_in_both_legs_is_never_read_as_no(kb):
    """However it is said, new symptoms in both legs only ever raise the warning sign."""
    for text in (
        "Both legs have not got any weaker this week.",
        "The other leg hasn't joined in.",
        "My feet haven't gone numb since Friday.",
    ):
        assert answers(kb, text, TODAY).get("new_both_legs") != "no", text
