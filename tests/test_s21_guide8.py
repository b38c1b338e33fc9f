"""Guideline scenarios, round 8 (session 21): a blood thinner, warning signs in pregnancy, a
lump in a testicle, and weight loss with tummy pain from 40.

On a blood thinner (anticoagulant), new numbness, tingling or weakness in the legs can be a
bleed around the spinal cord (JFP 2019: emergency MRI) and a sudden very bad pain a bleed
behind the abdomen (Urol Int 1999); the question is an item of the history checklist, and a
yes opens the new-leg-symptoms question. A fall in the last week with new leg symptoms is an
emergency as a minor fall with them already was. In pregnancy or just after the birth, a
severe headache, problems seeing or sudden swelling (pre-eclampsia), or bleeding while still
pregnant, is urgent (NHS; UHB/Tommy's) and an emergency with tummy pain (999 for heavy bleeding
or a constant tummy pain; RCOG GTG63). A painless lump in a testicle is urgent (NICE NG12),
asked of men under 60; weight loss with tummy pain at 40 or over is urgent (NG12 colorectal).
"""

from __future__ import annotations

from typing import Any

from backstride.knowledge.schema import Urgency
from tests import person


# ---------------------------------------------------------------- a blood thinner
def test_blood_thinner_is_asked_of_everyone_on_the_history_page(kb):
    f = kb.findings["anticoagulant"]
    assert f.checklist == "history_flags" and f.topic == "red_flag"
    for age, sex in ((25, "female"), (45, "male"), (80, "female")):
        asked, _ = person.interview(kb, age, sex, {"duration_weeks": 2})
        assert "anticoagulant" in asked, (age, sex)


def test_blood_thinner_with_new_leg_tingling_after_a_fall_is_an_emergency(kb):
    truth = {
        "anticoagulant": "yes",
        "fell_over_recently": "yes",
        "new_leg_nerve_symptoms": "yes",
        "leg_numbness": "yes",
        "duration_weeks": 0,
    }
    asked, level = person.interview(kb, 63, "female", truth)
    assert "new_leg_nerve_symptoms" in asked
    assert level == "emergency"
    # without the blood thinner, at 40 with no other risk, the question is not reached
    asked, _ = person.interview(kb, 40, "male", {"duration_weeks": 3})
    assert "new_leg_nerve_symptoms" not in asked


def test_each_blood_thinner_rule_needs_both_halves(kb):
    on = {"anticoagulant": "yes"}
    assert not {"anticoagulant_new_leg_symptoms", "anticoagulant_sudden_pain"} & person.fired(
        kb, 55, "male", on
    )
    assert "anticoagulant_new_leg_symptoms" not in person.fired(
        kb, 55, "male", {"new_leg_nerve_symptoms": "yes"}
    )
    for leg in ("new_leg_nerve_symptoms", "new_both_legs", "leg_weakness_worsening"):
        assert "anticoagulant_new_leg_symptoms" in person.fired(kb, 55, "male", {**on, leg: "yes"})
    # a sudden very bad pain at 35: urgent without a blood thinner, an emergency with one
    sudden = {"sudden_abdominal_pain": "yes", "abdominal_pain": "no"}
    assert Urgency[person.level(kb, 35, "female", sudden)] < Urgency.emergency
    assert "anticoagulant_sudden_pain" in person.fired(kb, 35, "female", {**sudden, **on})
    assert person.level(kb, 35, "female", {**sudden, **on}) == "emergency"


def test_a_recent_fall_with_new_leg_symptoms_is_an_emergency(kb):
    fall = {"minor_fall": "yes", "fell_over_recently": "yes"}
    assert "recent_fall_with_new_nerve_symptoms" not in person.fired(kb, 66, "female", fall)
    for leg in ("new_leg_nerve_symptoms", "new_both_legs"):
        answers = {"fell_over_recently": "yes", leg: "yes"}
        assert "recent_fall_with_new_nerve_symptoms" in person.fired(kb, 40, "male", answers)
        assert person.level(kb, 40, "male", answers) == "emergency"


# ---------------------------------------------------------------- pregnancy
def test_pregnancy_warning_signs_are_asked_only_after_a_yes_to_pregnancy(kb):
    assert person.askable(kb, "pregnancy_warning_signs", 30, "female", {"pregnant": "yes"})
    assert not person.askable(kb, "pregnancy_warning_signs", 30, "female", {"pregnant": "no"})
    assert not person.askable(kb, "pregnancy_warning_signs", 30, "female", {})
    asked, _ = person.interview(kb, 30, "female", {"pregnant": "no", "duration_weeks": 2})
    assert "pregnancy_warning_signs" not in asked


def test_pregnancy_warning_signs_are_urgent_and_an_emergency_with_tummy_pain(kb):
    truth = {"pregnant": "yes", "pregnancy_warning_signs": "yes", "duration_weeks": 0.1}
    asked, level = person.interview(kb, 29, "female", truth)
    assert "pregnancy_warning_signs" in asked
    assert level == "urgent"
    asked, level = person.interview(kb, 31, "female", {**truth, "abdominal_pain": "yes"})
    assert level == "emergency"
    # the same signs without pregnancy fire neither rule
    fired = person.fired(kb, 30, "female", {"pregnant": "no", "pregnancy_warning_signs": "yes"})
    assert not {"pregnancy_warning_signs", "pregnancy_warning_signs_with_tummy_pain"} & fired
    # ordinary backache in pregnancy, the signs denied, stays self-care
    calm = {**truth, "pregnancy_warning_signs": "no", "pregnancy_contractions": "no"}
    assert "pregnancy_warning_signs" not in person.fired(kb, 30, "female", calm)


# ---------------------------------------------------------------- suspected cancer
def test_a_testicle_lump_is_asked_of_men_under_60_and_is_urgent(kb):
    f = kb.findings["testicle_lump"]
    assert f.checklist == "history_flags"
    assert person.askable(kb, "testicle_lump", 17, "male", {})
    assert person.askable(kb, "testicle_lump", 59, "male", {})
    assert not person.askable(kb, "testicle_lump", 60, "male", {})
    assert not person.askable(kb, "testicle_lump", 30, "female", {})
    asked, level = person.interview(kb, 29, "male", {"testicle_lump": "yes", "duration_weeks": 4})
    assert "testicle_lump" in asked
    assert level == "urgent"


def test_weight_loss_with_tummy_pain_is_urgent_from_40(kb):
    both = {"weight_loss": "yes", "abdominal_pain": "yes"}
    assert "weight_loss_tummy_pain_40" in person.fired(kb, 40, "male", both)
    assert "weight_loss_tummy_pain_40" not in person.fired(kb, 39, "male", both)
    assert "weight_loss_tummy_pain_40" not in person.fired(kb, 47, "male", {"weight_loss": "yes"})
    asked, level = person.interview(kb, 47, "male", {**both, "duration_weeks": 8})
    assert {"weight_loss", "abdominal_pain"} <= set(asked)
    assert level == "urgent"


# ---------------------------------------------------------------- no cause moves
def test_the_new_questions_move_no_cause(kb):
    cases = (
        (58, "male", "anticoagulant"),
        (29, "male", "testicle_lump"),
        (30, "female", "pregnancy_warning_signs"),
    )
    for age, sex, finding in cases:
        base: dict[str, Any] = {"duration_weeks": 3}
        if finding == "pregnancy_warning_signs":
            base["pregnant"] = "yes"
        for value in ("yes", "no"):
            assert person.probabilities(kb, age, sex, base) == person.probabilities(
                kb, age, sex, {**base, finding: value}
            ), (finding, value)
