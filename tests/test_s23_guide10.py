"""Guideline scenarios, round 10 (session 23): the signs of sepsis with a fever, a sudden very bad
pain when the aorta is weak from birth, a red painful eye with spondyloarthritis, and torsion in a
young man whose pain is felt in the back.

With an infection, being muddled, shaking hard, very short of breath, no pee all day, blotchy or
blue skin or a feeling of dying can be sepsis: 999 (UK Sepsis Trust, Patient.info). With Marfan
syndrome or a related condition, a sudden severe pain in the back, tummy or chest needs an
emergency department at once (Marfan Foundation). A red painful eye with axial SpA needs an eye
doctor within about 24 hours (NASS). A sudden pain in a testicle, most common from 10 to 18, is
torsion until shown otherwise: A&E or 999.
"""

from __future__ import annotations

from tests import person


# ---------------------------------------------------------------- sepsis
def test_sepsis_signs_are_on_the_history_page_beside_the_fever(kb):
    f = kb.findings["sepsis_signs"]
    assert f.checklist == kb.findings["fever"].checklist == "history_flags"
    assert f.topic == "red_flag"
    for age, sex in ((19, "female"), (45, "male"), (82, "male")):
        asked, _ = person.interview(kb, age, sex, {"duration_weeks": 1})
        assert "sepsis_signs" in asked, (age, sex)


def test_a_kidney_infection_with_sepsis_signs_is_an_emergency_through_the_interview(kb):
    truth = {
        "fever": "yes",
        "urinary_symptoms": "yes",
        "unwell": "yes",
        "sepsis_signs": "yes",
        "duration_weeks": 0.3,
    }
    asked, level = person.interview(kb, 33, "female", truth)
    assert "sepsis_signs" in asked
    assert level == "emergency"
    assert "sepsis_signs" in person.fired(kb, 33, "female", {"fever": "yes", "sepsis_signs": "yes"})
    # a fever without those signs is not raised by this rule
    assert "sepsis_signs" not in person.fired(
        kb, 33, "female", {"fever": "yes", "sepsis_signs": "no"}
    )


# ---------------------------------------------------------------- a weak aorta
def test_aorta_condition_is_asked_under_50_after_a_sudden_very_bad_pain(kb):
    assert not person.askable(kb, "aorta_condition", 34, "male", {})
    assert not person.askable(kb, "aorta_condition", 34, "male", {"sudden_abdominal_pain": "no"})
    assert person.askable(kb, "aorta_condition", 34, "male", {"sudden_abdominal_pain": "yes"})
    # from 50 a sudden very bad pain is already an emergency (aaa_sudden_pain)
    assert not person.askable(kb, "aorta_condition", 60, "male", {"sudden_abdominal_pain": "yes"})


def test_sudden_low_back_pain_with_marfan_is_an_emergency_at_34(kb):
    truth = {
        "sudden_abdominal_pain": "yes",
        "aorta_condition": "yes",
        "thoracic_pain": "no",
        "symptom_reach": "back_only",
        "duration_weeks": 0,
    }
    asked, level = person.interview(kb, 34, "male", truth)
    assert "aorta_condition" in asked
    assert level == "emergency"
    assert "sudden_pain_weak_aorta" in person.fired(kb, 34, "male", truth)
    # Marfan syndrome without a sudden pain does not fire it
    calm = {"aorta_condition": "yes", "sudden_abdominal_pain": "no", "onset_lifting": "yes"}
    assert "sudden_pain_weak_aorta" not in person.fired(kb, 36, "female", calm)


# ---------------------------------------------------------------- a red painful eye
def test_known_ankylosing_spondylitis_is_on_the_history_page_at_every_age(kb):
    assert kb.findings["known_ankylosing_spondylitis"].checklist == "history_flags"
    for age, sex in ((22, "male"), (41, "female"), (66, "male")):
        asked, _ = person.interview(kb, age, sex, {"duration_weeks": 3})
        assert "known_ankylosing_spondylitis" in asked, (age, sex)


def test_the_red_eye_question_follows_spa_features_or_known_as(kb):
    assert not person.askable(kb, "red_painful_eye", 29, "male", {})
    assert person.askable(kb, "red_painful_eye", 29, "male", {"spa_features": "yes"})
    assert person.askable(
        kb, "red_painful_eye", 41, "female", {"known_ankylosing_spondylitis": "yes"}
    )


def test_a_red_painful_eye_with_known_as_is_urgent_through_the_interview(kb):
    truth = {
        "known_ankylosing_spondylitis": "yes",
        "spa_features": "yes",
        "red_painful_eye": "yes",
        "morning_stiffness_long": "yes",
        "duration_weeks": 3,
    }
    asked, level = person.interview(kb, 41, "female", truth)
    assert "known_ankylosing_spondylitis" in asked and "red_painful_eye" in asked
    assert level == "urgent"
    # a sore red eye with no sign of spondyloarthritis is not this rule's
    assert "red_painful_eye" not in person.fired(kb, 41, "female", {"red_painful_eye": "yes"})


# ---------------------------------------------------------------- torsion in a young man
def test_testicle_pain_is_on_the_history_page_of_men_under_25(kb):
    assert person.askable(kb, "testicle_pain", 16, "male", {})
    assert person.askable(kb, "testicle_pain", 24, "male", {})
    assert not person.askable(kb, "testicle_pain", 30, "male", {})
    assert not person.askable(kb, "testicle_pain", 16, "female", {})
    asked, level = person.interview(
        kb, 16, "male", {"testicle_pain": "yes", "nausea_vomiting": "yes", "duration_weeks": 0}
    )
    assert "testicle_pain" in asked
    assert level == "emergency"


def test_ordinary_back_pain_stays_self_care_with_the_new_questions_answered_no(kb):
    answers = {
        "onset_lifting": "yes",
        "symptom_reach": "back_only",
        "duration_weeks": 0.5,
        "sepsis_signs": "no",
        "known_ankylosing_spondylitis": "no",
        "testicle_pain": "no",
    }
    fired = person.fired(kb, 22, "male", answers)
    assert not fired & {
        "sepsis_signs",
        "sudden_pain_weak_aorta",
        "red_painful_eye",
        "testicle_pain",
    }
