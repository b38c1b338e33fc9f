"""Guideline scenarios, round 11 (session 24): back pain with a fever in a young person, and
nerve-root symptoms in a young person.

Perth Children's Hospital sends a child or adolescent with back pain and a fever to its emergency
department (an infection of a disc or a vertebra must be ruled out). In a young person, new
numbness, pins and needles, shooting pain or weakness in a leg is a reason for urgent referral
(PMM), and the young person's own warning rule looks for it, so the interview asks it of everyone
under 18.
"""

from __future__ import annotations

from tests import person


# ---------------------------------------------------------------- a fever under 18
def test_a_fever_with_back_pain_under_18_is_an_emergency(kb):
    answers = {"fever": "yes", "duration_weeks": 0.7}
    for age, sex in ((16, "male"), (17, "female")):
        assert "young_person_fever" in person.fired(kb, age, sex, answers), (age, sex)
        assert person.level(kb, age, sex, answers) == "emergency", (age, sex)


def test_a_fever_from_18_stays_urgent(kb):
    answers = {"fever": "yes", "duration_weeks": 0.7}
    for age, sex in ((18, "male"), (40, "female")):
        assert "young_person_fever" not in person.fired(kb, age, sex, answers), (age, sex)
        assert person.level(kb, age, sex, answers) == "urgent", (age, sex)


def test_no_fever_under_18_does_not_fire_the_fever_rule(kb):
    assert "young_person_fever" not in person.fired(
        kb, 16, "male", {"fever": "no", "duration_weeks": 0.7}
    )


def test_a_teenager_with_fever_is_sent_to_the_emergency_department_through_the_interview(kb):
    truth = {"fever": "yes", "symptom_reach": "back_only", "duration_weeks": 0.7}
    asked, level = person.interview(kb, 16, "male", truth)
    assert "fever" in asked
    assert level == "emergency"


# ---------------------------------------------------------------- nerve-root symptoms under 18
def test_new_leg_nerve_symptoms_are_asked_of_everyone_under_18(kb):
    assert person.askable(kb, "new_leg_nerve_symptoms", 16, "male", {})
    assert person.askable(kb, "new_leg_nerve_symptoms", 17, "female", {})
    # from 18, only after a reason (a cancer, an infection risk, a fever, a fall, a blood thinner)
    assert not person.askable(kb, "new_leg_nerve_symptoms", 18, "male", {})
    assert person.askable(kb, "new_leg_nerve_symptoms", 18, "male", {"cancer_history": "yes"})


def test_a_teenager_with_shooting_leg_pain_and_no_numbness_is_urgent_through_the_interview(kb):
    # Before session 24 the question was not asked at 16, and a shooting pain below the knee
    # without numbness fired no young-person rule (doctor).
    truth = {
        "new_leg_nerve_symptoms": "yes",
        "symptom_reach": "below_knee",
        "symptom_sides": "one_side",
        "onset_lifting": "yes",
        "duration_weeks": 2,
    }
    asked, level = person.interview(kb, 16, "male", truth)
    assert "new_leg_nerve_symptoms" in asked
    assert level == "urgent"
    assert "young_person_red_flags" in person.fired(kb, 16, "male", truth)


def test_the_rule_and_its_citation_are_in_the_knowledge_base(kb):
    rule = next(r for r in kb.red_flags if r.id == "young_person_fever")
    assert str(rule.urgency) == "emergency"
    assert "pch_back_pain" in rule.sources
    assert "pch_back_pain" in kb.citations
