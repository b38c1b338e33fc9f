"""Guideline scenarios, round 9 (session 22): a clot in the leg taken for calf claudication or
reaching the lung, a bleed from the stomach on anti-inflammatory painkillers, an ulcer's warning
signs, and heavy bleeding after the birth.

A cramping calf pain on walking at a time of clot risk (an operation, a hospital stay, days in
bed, a long journey, the combined pill, HRT, cancer treatment, a clot before) can be a DVT: urgent
(NHS: urgent GP appointment or 111; NICE NG158). A swollen leg or a clot risk with new
breathlessness, chest pain on breathing in or coughing up blood can be a clot in the lung: 999.
Vomiting blood or black, tarry poo is a bleed: 999 (NHS stomach ulcer). Anti-inflammatory
painkillers with tummy pain: a GP, the same day when the pain gets worse or comes with sickness,
weight loss or tiredness. After the birth, bleeding that soaks a pad within an hour or large
clots: 999 (Rotherham NHS FT; BabyCentre citing NICE).
"""

from __future__ import annotations

from typing import Any

from backstride.knowledge.kb import KnowledgeBase
from backstride.knowledge.schema import Urgency
from tests import person


def _level(kb: KnowledgeBase, age: int, sex: str, answers: dict[str, Any]) -> Urgency:
    return Urgency[person.result(kb, age, sex, answers)["urgency"]["level"]]


# ---------------------------------------------------------------- a clot in the leg or the lung
def test_clot_risk_is_on_the_history_page_of_everyone(kb):
    f = kb.findings["clot_risk"]
    assert f.checklist == "history_flags" and f.topic == "red_flag"
    for age, sex in ((20, "female"), (45, "male"), (80, "female")):
        asked, _ = person.interview(kb, age, sex, {"duration_weeks": 2})
        assert "clot_risk" in asked, (age, sex)


def test_a_calf_cramp_on_walking_after_an_operation_is_urgent_through_the_interview(kb):
    truth = {
        "clot_risk": "yes",
        "calf_cramp_walking": "yes",
        "symptom_reach": "below_knee",
        "symptom_sides": "one_side",
        "duration_weeks": 0.6,
    }
    asked, level = person.interview(kb, 58, "male", truth)
    assert "calf_cramp_walking" in asked
    assert level == "urgent"
    # the same calf cramp with no clot risk is not made urgent by this rule
    no_risk = {**truth, "clot_risk": "no"}
    assert "clot_risk_calf_pain" not in person.fired(kb, 58, "male", no_risk)
    assert "clot_risk_calf_pain" not in person.fired(kb, 58, "male", {"clot_risk": "yes"})


def test_lung_signs_are_asked_only_after_a_swollen_leg_or_a_clot_risk(kb):
    assert not person.askable(kb, "clot_lung_signs", 47, "male", {})
    assert not person.askable(kb, "clot_lung_signs", 47, "male", {"clot_risk": "no"})
    assert person.askable(kb, "clot_lung_signs", 47, "male", {"leg_swollen_one_side": "yes"})
    assert person.askable(kb, "clot_lung_signs", 47, "male", {"clot_risk": "yes"})
    asked, _ = person.interview(kb, 47, "male", {"duration_weeks": 2})
    assert "clot_lung_signs" not in asked


def test_a_swollen_calf_with_new_breathlessness_is_an_emergency(kb):
    truth = {
        "leg_swollen_one_side": "yes",
        "clot_lung_signs": "yes",
        "thoracic_pain": "no",
        "symptom_reach": "below_knee",
        "duration_weeks": 1,
    }
    asked, level = person.interview(kb, 47, "male", truth)
    assert "clot_lung_signs" in asked
    assert level == "emergency"
    # a swollen leg alone stays urgent; the lung signs alone fire no clot rule
    assert _level(kb, 47, "male", {"leg_swollen_one_side": "yes"}) == Urgency.urgent
    assert "clot_with_lung_signs" not in person.fired(kb, 47, "male", {"clot_lung_signs": "yes"})
    assert "clot_with_lung_signs" in person.fired(
        kb, 47, "male", {"clot_risk": "yes", "clot_lung_signs": "yes"}
    )


# ---------------------------------------------------------------- anti-inflammatory painkillers
def test_anti_inflammatory_painkillers_are_on_the_history_page_and_open_the_bleed_question(kb):
    f = kb.findings["nsaid_regular"]
    assert f.checklist == "history_flags" and f.topic == "red_flag"
    assert not person.askable(kb, "gi_bleed_signs", 61, "female", {})
    assert not person.askable(kb, "gi_bleed_signs", 61, "female", {"abdominal_pain": "yes"})
    for opener in ("nsaid_regular", "anticoagulant", "nausea_vomiting"):
        assert person.askable(kb, "gi_bleed_signs", 61, "female", {opener: "yes"}), opener
    asked, _ = person.interview(kb, 40, "male", {"duration_weeks": 2})
    assert "nsaid_regular" in asked and "gi_bleed_signs" not in asked


def test_vomiting_blood_or_black_poo_on_painkillers_is_an_emergency_without_tummy_pain(kb):
    truth = {
        "nsaid_regular": "yes",
        "gi_bleed_signs": "yes",
        "abdominal_pain": "no",
        "duration_weeks": 5,
    }
    asked, level = person.interview(kb, 61, "female", truth)
    assert "gi_bleed_signs" in asked
    assert level == "emergency"
    assert "gi_bleed_signs" in person.fired(kb, 30, "male", {"gi_bleed_signs": "yes"})


def test_painkillers_with_tummy_pain_see_a_doctor_and_urgent_when_it_gets_worse(kb):
    both = {"nsaid_regular": "yes", "abdominal_pain": "yes"}
    assert "nsaid_tummy_pain" in person.fired(kb, 35, "female", both)
    assert _level(kb, 35, "female", {**both, "nausea_vomiting": "no"}) >= Urgency.doctor
    assert "nsaid_tummy_pain" not in person.fired(kb, 35, "female", {"nsaid_regular": "yes"})
    assert not person.askable(kb, "ulcer_warning_signs", 57, "female", {"nsaid_regular": "yes"})
    assert person.askable(kb, "ulcer_warning_signs", 57, "female", both)
    truth = {**both, "ulcer_warning_signs": "yes", "nausea_vomiting": "no", "duration_weeks": 9}
    asked, level = person.interview(kb, 57, "female", truth)
    assert "ulcer_warning_signs" in asked
    assert level == "urgent"
    for sign in ("weight_loss", "nausea_vomiting"):
        assert "nsaid_tummy_pain_urgent" in person.fired(kb, 35, "female", {**both, sign: "yes"})


def test_the_ulcer_rule_does_not_make_tiredness_a_warning_answer(kb):
    """Feeling unwell is not in the rule: a warning rule's answer raises the suspected chance of
    the serious causes for everyone who gives it (engine.rules.suspicion)."""
    for rule in kb.red_flags:
        clauses = [*rule.when.all, *(rule.when.any or [])]
        assert "unwell" not in {c.finding for c in clauses}, rule.id


# ---------------------------------------------------------------- after the birth
def test_heavy_bleeding_after_the_birth_is_asked_after_pregnancy_and_is_an_emergency(kb):
    assert person.askable(kb, "postpartum_heavy_bleeding", 30, "female", {"pregnant": "yes"})
    assert not person.askable(kb, "postpartum_heavy_bleeding", 30, "female", {"pregnant": "no"})
    asked, _ = person.interview(kb, 30, "female", {"pregnant": "no", "duration_weeks": 2})
    assert "postpartum_heavy_bleeding" not in asked
    truth = {"pregnant": "yes", "postpartum_heavy_bleeding": "yes", "duration_weeks": 0.05}
    asked, level = person.interview(kb, 30, "female", truth)
    assert "postpartum_heavy_bleeding" in asked
    assert level == "emergency"
    fired = person.fired(kb, 30, "female", {"pregnant": "no", "postpartum_heavy_bleeding": "yes"})
    assert "postpartum_heavy_bleeding" not in fired


def test_new_questions_leave_ordinary_back_pain_at_self_care(kb):
    calm = {
        "onset_lifting": "yes",
        "symptom_reach": "back_only",
        "duration_weeks": 0.6,
        "nsaid_regular": "yes",
        "clot_risk": "yes",
    }
    _, level = person.interview(kb, 36, "male", calm)
    assert level == "self_care"
