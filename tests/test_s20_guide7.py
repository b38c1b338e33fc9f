"""Guideline scenarios, round 7 (session 20): a sudden tummy pain, blood in the pee, and the
unsteady-walking question for neck cord compression.

A very bad pain that starts suddenly with tummy pain is an emergency at any age (NHS stomach
ulcer and appendicitis pages: sudden or severe tummy pain, 999 or A&E; ovarian torsion is a
gynaecological emergency); before, under 50 without vascular risk it was only urgent. Blood
seen in the pee at 45 or over goes on the suspected cancer pathway (NICE NG12), so it is urgent;
the question is on the history page from 45 and moves no cause. Unsteady walking is on the
history page from 50 (and under 18, or after a past cancer or an infection risk), so that clumsy
hands, the sign of the cord squeezed in the neck, are reached as a warning follow-up.
"""

from __future__ import annotations

from typing import Any

from backstride.engine import parse_answers
from backstride.engine.questions import is_askable
from tests import person


def test_sudden_tummy_pain_is_an_emergency_at_any_age(kb):
    truth = {"sudden_abdominal_pain": "yes", "abdominal_pain": "yes", "duration_weeks": 0}
    for age, sex in ((26, "female"), (41, "male")):
        asked, level = person.interview(kb, age, sex, truth)
        assert {"sudden_abdominal_pain", "abdominal_pain"} <= set(asked)
        assert level == "emergency", (age, sex)
    # either half alone does not fire it
    assert "sudden_severe_tummy_pain" not in person.fired(kb, 30, "male", {"abdominal_pain": "yes"})
    one = {"sudden_abdominal_pain": "yes", "abdominal_pain": "no"}
    assert "sudden_severe_tummy_pain" not in person.fired(kb, 30, "male", one)


def test_blood_in_the_pee_is_asked_from_45_and_urgent(kb):
    f = kb.findings["visible_blood_in_urine"]
    assert f.checklist == "history_flags"
    at = {a: parse_answers(kb, {"age": a, "sex": "male", "answers": {}}) for a in (44, 45)}
    assert not is_askable(kb, f, at[44])
    assert is_askable(kb, f, at[45])
    asked, level = person.interview(
        kb, 58, "male", {"visible_blood_in_urine": "yes", "duration_weeks": 3}
    )
    assert "visible_blood_in_urine" in asked
    assert level == "urgent"
    asked, _ = person.interview(kb, 40, "male", {"duration_weeks": 3})
    assert "visible_blood_in_urine" not in asked
    assert "visible_blood_in_urine_45" not in person.fired(
        kb, 40, "male", {"visible_blood_in_urine": "yes"}
    )


def test_the_blood_question_moves_no_cause(kb):
    base = {"duration_weeks": 3}
    assert person.probabilities(kb, 58, "male", base) == person.probabilities(
        kb, 58, "male", {**base, "visible_blood_in_urine": "no"}
    )


def test_unsteady_walking_then_clumsy_hands_are_reached_from_50(kb):
    truth = {"unsteady_wide_gait": "yes", "hands_clumsy_numb": "yes", "duration_weeks": 16}
    for age, sex in ((54, "female"), (66, "male")):
        asked, level = person.interview(kb, age, sex, truth)
        assert "unsteady_wide_gait" in asked and "hands_clumsy_numb" in asked, age
        assert level == "urgent", age
    # a "no" to unsteady walking (and nothing else) does not open the hands question
    asked, _ = person.interview(kb, 66, "male", {"duration_weeks": 16})
    assert "unsteady_wide_gait" in asked
    assert "hands_clumsy_numb" not in asked


def test_unsteady_walking_is_screened_only_where_a_rule_needs_it(kb):
    f = kb.findings["unsteady_wide_gait"]
    assert f.checklist == "history_flags" and f.topic == "red_flag"

    def askable(age: int, answers: dict[str, Any]) -> bool:
        return is_askable(
            kb, f, parse_answers(kb, {"age": age, "sex": "female", "answers": answers})
        )

    assert askable(50, {}) and askable(17, {})
    assert not askable(35, {})
    assert askable(35, {"cancer_history": "yes"}) and askable(35, {"infection_risk": "yes"})
    # past cancer with an unsteady walk is still an emergency at 35
    asked, level = person.interview(
        kb, 35, "female", {"cancer_history": "yes", "unsteady_wide_gait": "yes"}
    )
    assert "unsteady_wide_gait" in asked
    assert level == "emergency"
