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


#: the ninth blind set's lessons (benchmarks/parse/pass9.yaml), in other words than its own:
#: a relative's text told with an age beside the relation or the relation used as a name, or
#: "asking for my ..."; warning signs said in words the earlier passes did not use
READ_AFTER_PASS9 = [
    # a relative's text
    (
        "My father (79) has had a fever since Thursday and his back is agony.",
        {"age": 79, "fever": "yes"},
    ),
    ("Grandma is 91, she has lost a lot of weight this year.", {"age": 91, "weight_loss": "yes"}),
    (
        "Asking for my brother, 45. He can't feel the toilet paper when he wipes.",
        {"age": 45, "saddle_numbness": "yes"},
    ),
    (
        "my daughter is 17 does gymnastics and now her back is too sore to train",
        {"age": 17, "impact_sport": "yes"},
    ),
    # warning signs in other words
    ("I can't empty my bladder properly since yesterday.", {"urinary_retention": "yes"}),
    ("my bum cheeks have gone numb", {"saddle_numbness": "yes"}),
    ("Thrown off my horse on Sunday and landed on my back.", {"trauma_major": "yes"}),
    ("My knees keep giving way on the stairs.", {"leg_weakness_worsening": "yes"}),
    ("My left foot feels really weak.", {"leg_weakness_worsening": "yes"}),
    ("The sciatica moved from my left leg across to my right leg.", {"new_both_legs": "yes"}),
    ("Both legs have been getting numb.", {"new_both_legs": "yes"}),
    ("I nearly fell over on the stairs a couple of times.", {"gait_worsening": "yes"}),
    ("It's agony in the early hours.", {"night_pain": "yes"}),
    ("It's much worse lying down at night.", {"night_pain": "yes"}),
    ("I'm writing for my uncle. He can't get up off the floor.", {"cannot_bear_weight": "yes"}),
    ("I've been shedding pounds and I'm not dieting.", {"weight_loss": "yes"}),
    ("My weight keeps dropping.", {"weight_loss": "yes"}),
    ("feet numb all the time", {"leg_numbness": "yes"}),
    (
        "My back's been sore for a year and my right foot went weak on Saturday, which I've "
        "never had before.",
        {"new_leg_nerve_symptoms": "yes"},
    ),
    (
        "It doesn't matter whether I sit or stand, the pain is the same.",
        {"movement_no_effect": "yes"},
    ),
]


@pytest.mark.parametrize(("text", "expect"), READ_AFTER_PASS9)
def test_wording_after_pass9_is_read(kb, text, expect):
    got = answers(kb, text, TODAY)
    for fid, v in expect.items():
        assert got.get(fid) == want_state(kb, fid, v), (text, fid, got)


NOT_READ_AFTER_PASS9 = [
    # one sentence about a relative, no age: may be their story, asked
    ("My mum has terrible trouble with her waterworks.", "ces_screen", "yes"),
    # legs that tire on walking are how far they walk, not weakness getting worse
    ("My legs feel weak after ten minutes of walking.", "leg_weakness_worsening", "yes"),
    # someone else thrown from a horse
    ("My sister came off her horse last year.", "trauma_major", "yes"),
]


@pytest.mark.parametrize(("text", "finding", "answer"), NOT_READ_AFTER_PASS9)
def test_control_after_pass9_is_not_read(kb, text, finding, answer):
    got = answers(kb, text, TODAY)
    assert got.get(finding) != want_state(kb, finding, answer), (text, got)
