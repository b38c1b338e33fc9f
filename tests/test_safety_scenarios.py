"""The five under-called dangers of issue 12, each run end to end through the real interview.

A simulated person answers the questions the interview asks (`next_question`, checklists
included) from what is true for them; anything else is "no" for a yes/no question and "don't
know" otherwise. Each test checks both that the question a guideline acts on was asked of this
person and the urgency that comes out of `assess` on the real knowledge base.
"""

from __future__ import annotations

from typing import Any

import pytest

from backstride.engine import UNKNOWN, assess
from backstride.engine.answers import Answers
from backstride.evaluation import interview_person
from backstride.knowledge import load_kb
from backstride.knowledge.kb import KnowledgeBase
from backstride.knowledge.schema import Urgency


def interview(
    kb: KnowledgeBase,
    age: int,
    sex: str,
    truth: dict[str, Any],
    default: Any = "no",
) -> tuple[Answers, list[str]]:
    """Run the interview for a person; return the answers and every finding asked, in order.
    ``default``: the answer to a yes/no question ``truth`` does not hold, or a function of the
    finding for every such question (anything else is "don't know")."""

    def unstated(f: Any) -> Any:
        if callable(default):
            return default(f)
        return default if f.type == "boolean" else UNKNOWN

    answers, asked = interview_person(kb, {**truth, "age": age, "sex": sex}, unstated)
    return answers, [fid for fid, _ in asked]


def outcome(kb: KnowledgeBase, answers: Answers) -> tuple[Urgency, set[str]]:
    r = assess(kb, answers).to_dict()
    return Urgency[r["urgency"]["level"]], {f["id"] for f in r["red_flags"]}


@pytest.fixture(scope="module")
def real_kb() -> KnowledgeBase:
    return load_kb()


# ---------------------------------------------------------------- 1. infection risk without fever
def test_35_year_old_who_injects_drugs_with_mechanical_pain_and_no_fever(real_kb):
    """Davis 2020: 19.7% of epidural abscesses were febrile in the ED, 80.3% had a risk factor."""
    truth = {
        "infection_risk": "yes",
        "fever": "no",
        "onset_lifting": "yes",
        "worse_bending_forward": "yes",
        "duration_weeks": 2,
    }
    answers, asked = interview(real_kb, 35, "male", truth)
    assert "infection_risk" in asked
    level, fired = outcome(real_kb, answers)
    assert level >= Urgency.urgent
    assert "infection_risk_nonmechanical" in fired


def test_infection_risk_is_never_self_care_even_when_the_pain_is_old(real_kb):
    truth = {"infection_risk": "yes", "duration_weeks": 40, "onset_lifting": "yes"}
    answers, _ = interview(real_kb, 35, "female", truth)
    level, fired = outcome(real_kb, answers)
    assert "infection_risk_any" in fired
    assert level >= Urgency.doctor


def test_infection_risk_with_new_leg_symptoms_and_no_fever_is_an_emergency(real_kb):
    truth = {"infection_risk": "yes", "new_leg_nerve_symptoms": "yes", "duration_weeks": 1}
    answers, asked = interview(real_kb, 48, "male", truth)
    assert "new_leg_nerve_symptoms" in asked
    level, fired = outcome(real_kb, answers)
    assert level == Urgency.emergency
    assert "infection_risk_with_neuro_symptoms" in fired


def test_recent_spinal_injection_with_worsening_pain_is_asked_about_constant_pain(real_kb):
    """Under 50, constant worsening pain is asked after an infection risk (was not before)."""
    truth = {"infection_risk": "yes", "pain_constant_worsening": "yes", "duration_weeks": 9}
    answers, asked = interview(real_kb, 40, "female", truth)
    assert "pain_constant_worsening" in asked
    assert outcome(real_kb, answers)[0] >= Urgency.urgent


# ---------------------------------------------------------------- 2. cancer and cord compression
@pytest.mark.parametrize(
    "symptom",
    [
        {"new_leg_nerve_symptoms": "yes"},
        {"leg_numbness": "yes"},
        {"symptom_reach": "below_knee"},
    ],
)
def test_past_cancer_with_new_leg_nerve_symptoms_is_an_emergency(real_kb, symptom):
    """NICE NG234: neurological symptoms with cancer are an oncological emergency; QS56 MRI < 24 h."""
    truth = {"cancer_history": "yes", "duration_weeks": 3, **symptom}
    answers, asked = interview(real_kb, 62, "female", truth)
    assert "new_leg_nerve_symptoms" in asked
    answers = answers.with_answer(*next(iter(symptom.items())))  # whether or not it was asked
    level, fired = outcome(real_kb, answers)
    assert level == Urgency.emergency
    assert "cancer_with_neuro_symptoms" in fired


def test_past_cancer_with_pain_on_coughing_is_urgent(real_kb):
    """Pain aggravated by straining is one of NG234's features of spinal metastases (24 hours)."""
    truth = {"cancer_history": "yes", "cough_sneeze_worse": "yes", "duration_weeks": 3}
    answers, _ = interview(real_kb, 45, "male", truth)
    answers = answers.with_answer("cough_sneeze_worse", "yes")
    level, fired = outcome(real_kb, answers)
    assert level >= Urgency.urgent
    assert "cancer_history_nonmechanical" in fired


# ---------------------------------------------------------------- 3. known aneurysm
@pytest.mark.parametrize("age", [50, 55, 59, 72])
def test_known_aneurysm_with_ordinary_back_pain_is_an_emergency(real_kb, age):
    """NICE NG156 1.1.7 (a known AAA makes rupture more likely with new back pain); asked from 50."""
    truth = {
        "pulsing_belly": "yes",
        "sudden_abdominal_pain": "no",
        "pain_constant_worsening": "no",
        "movement_no_effect": "no",
        "duration_weeks": 1,
    }
    answers, asked = interview(real_kb, age, "male", truth)
    assert "pulsing_belly" in asked
    level, fired = outcome(real_kb, answers)
    assert level == Urgency.emergency
    assert "aaa_known_with_back_pain" in fired


def test_aneurysm_question_waits_for_sudden_pain_under_50(real_kb):
    _, asked = interview(real_kb, 45, "male", {"duration_weeks": 1})
    assert "pulsing_belly" not in asked
    _, asked = interview(real_kb, 45, "male", {"sudden_abdominal_pain": "yes", "duration_weeks": 1})
    assert "pulsing_belly" in asked


def test_no_to_sudden_severe_pain_cuts_aneurysm_suspicion_at_most_about_two_fold(real_kb):
    """The old row took 'any pain in rupture' (0.88) as the rate of sudden severe pain."""
    cid = real_kb.condition_ids.index("aortic_aneurysm")
    row = real_kb.row[("sudden_abdominal_pain", "no")]
    assert real_kb.likelihood[row, cid] / real_kb.base[row] > 0.45


# ---------------------------------------------------------------- 4. collapse with sudden pain
@pytest.mark.parametrize(
    ("age", "sex"), [(24, "female"), (30, "male"), (45, "female"), (70, "male")]
)
def test_sudden_severe_pain_with_near_fainting_is_an_emergency_at_any_age(real_kb, age, sex):
    truth = {"sudden_abdominal_pain": "yes", "fainted_with_pain": "yes", "vascular_risk": "no"}
    answers, asked = interview(real_kb, age, sex, truth)
    assert "fainted_with_pain" in asked
    level, fired = outcome(real_kb, answers)
    assert level == Urgency.emergency
    assert "faint_with_pain" in fired


def test_fainting_is_asked_from_50_without_sudden_pain(real_kb):
    answers, asked = interview(real_kb, 58, "female", {"fainted_with_pain": "yes"})
    assert "fainted_with_pain" in asked
    assert outcome(real_kb, answers)[0] == Urgency.emergency


# ---------------------------------------------------------------- 5. smaller ones
def test_new_sciatica_in_both_legs_fires_when_the_duration_is_unknown(real_kb):
    truth = {
        "new_both_legs": "yes",
        "symptom_reach": "below_knee",
        "symptom_sides": "both_sides",
        "leg_worse_than_back": "yes",
        "duration_weeks": UNKNOWN,
    }
    answers, asked = interview(real_kb, 40, "male", truth)
    assert "new_both_legs" in asked
    level, fired = outcome(real_kb, answers)
    assert level == Urgency.emergency  # a suspected cauda equina: A&E (session 16)
    assert "new_both_legs_symptoms" in fired


def test_quickly_worsening_unsteadiness_is_an_emergency(real_kb):
    """CKS red flags: progressive neurological deficit or gait disturbance; national pathway: ED."""
    answers, asked = interview(real_kb, 66, "female", {"gait_worsening": "yes"})
    assert "gait_worsening" in asked
    level, fired = outcome(real_kb, answers)
    assert level == Urgency.emergency
    assert "progressive_gait_disturbance" in fired


@pytest.mark.parametrize("age", [60, 62, 64])
def test_tummy_and_back_pain_with_constant_pain_from_60_is_an_emergency(real_kb, age):
    """NICE NG156 1.1.7: rupture more likely over 60; non-mechanical pain."""
    truth = {"abdominal_pain": "yes", "pain_constant_worsening": "yes", "duration_weeks": 1}
    answers, asked = interview(real_kb, age, "male", truth)
    assert {"abdominal_pain", "pain_constant_worsening"} <= set(asked)
    level, fired = outcome(real_kb, answers)
    assert level == Urgency.emergency
    assert "tummy_and_back_pain_60_constant" in fired


def test_tummy_and_back_pain_at_62_with_mechanical_pain_stays_urgent(real_kb):
    truth = {"abdominal_pain": "yes", "pain_constant_worsening": "no", "duration_weeks": 1}
    answers, _ = interview(real_kb, 62, "male", truth)
    level, fired = outcome(real_kb, answers)
    assert "tummy_and_back_pain_60_constant" not in fired
    assert level == Urgency.urgent


# ---------------------------------------------------------------- the clear case still gets self-care
def test_a_clear_screen_with_a_simple_strain_can_still_be_self_care(real_kb):
    """The new questions must not make self-care unreachable."""
    truth = {
        "onset_lifting": "yes",
        "duration_weeks": 1,
        "symptom_reach": "back_only",
        "muscle_spasm": "yes",
        "worse_bending_forward": "yes",
    }
    answers, _ = interview(real_kb, 35, "male", truth)
    assert outcome(real_kb, answers)[0] == Urgency.self_care


# ---------------------------------------------------------------- the same shape, found in review
def test_constant_worsening_pain_is_asked_under_50_without_another_warning_sign(real_kb):
    """It was asked only from 50 or after night pain, cancer, weight loss or fever."""
    answers, asked = interview(real_kb, 30, "female", {"pain_constant_worsening": "yes"})
    assert "pain_constant_worsening" in asked
    level, fired = outcome(real_kb, answers)
    assert "constant_worsening_pain" in fired
    assert level >= Urgency.doctor
