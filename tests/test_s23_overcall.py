"""Session 23: an answer that a warning-sign rule needs only together with another one is not a
warning sign on its own for the causes the rule does not name (engine/rules.py, `suspicion`).

Before, every answer some rule looked for counted as a red-flag answer for every cause: its
weight against a cause was dropped, so a burning pee with a fever (a kidney or prostate
infection), or tummy pain with a fever (gallstones), lifted a spinal infection to its emergency
threshold, and groin pain in someone with thin bones lifted a broken spine to urgent without
any fall. The rules still fire on the full combination.
"""

from __future__ import annotations

import pytest

from backstride.engine import assess
from backstride.knowledge import load_kb


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def result(kb, age, sex, answers):
    out = assess(kb, {"age": age, "sex": sex, "answers": answers}).to_dict()
    return out["urgency"]["level"], {f["id"] for f in out["red_flags"]}, out["urgency"]["reasons"]


def test_fever_with_a_burning_pee_is_urgent_not_an_emergency(kb):
    # a kidney or prostate infection (guideline scenarios r3_pyelonephritis_man_fever_loin and
    # r4_prostatitis_fever_burning: same-day care, not 999)
    level, fired, reasons = result(
        kb, 48, "male", {"fever": "yes", "urinary_symptoms": "yes", "duration_weeks": 0}
    )
    assert level == "urgent"
    assert "fever_with_back_pain" in fired
    assert not any("Infection in the spine" in r and "emergency" in r for r in reasons)


def test_fever_with_an_infection_risk_is_still_an_emergency(kb):
    level, fired, _ = result(
        kb,
        48,
        "male",
        {"fever": "yes", "urinary_symptoms": "yes", "infection_risk": "yes", "duration_weeks": 0},
    )
    assert level == "emergency"
    assert "fever_with_infection_risk" in fired


def test_fever_with_tummy_pain_is_urgent_not_an_emergency(kb):
    level, _, _ = result(
        kb,
        46,
        "female",
        {"abdominal_pain": "yes", "thoracic_pain": "yes", "fever": "yes", "duration_weeks": 0},
    )
    assert level == "urgent"


THIN_BONES_GROIN = {
    "bone_fragility": "yes",
    "groin_pain": "yes",
    "symptom_reach": "thigh",
    "symptom_sides": "one_side",
    "duration_weeks": 6,
}


def test_groin_pain_with_thin_bones_and_no_fall_is_a_doctors_visit(kb):
    level, fired, _ = result(kb, 73, "female", {**THIN_BONES_GROIN, "minor_fall": "no"})
    assert level == "doctor"
    assert "hip_fracture_after_fall" not in fired


def test_groin_pain_after_a_small_fall_is_still_an_emergency(kb):
    level, fired, _ = result(kb, 73, "female", {**THIN_BONES_GROIN, "minor_fall": "yes"})
    assert level == "emergency"
    assert "hip_fracture_after_fall" in fired


def test_groin_pain_still_counts_for_the_causes_its_rule_names(kb):
    """Groin pain is what the broken-hip rule looks for after a fall: without the fall it still
    cannot lower the suspicion of a broken bone (the rule's suspects)."""
    from backstride.engine import parse_answers
    from backstride.engine.rules import suspicion

    base = {"bone_fragility": "yes", "duration_weeks": 6}
    before = suspicion(kb, parse_answers(kb, {"age": 73, "sex": "female", "answers": base}))
    after = suspicion(
        kb,
        parse_answers(kb, {"age": 73, "sex": "female", "answers": {**base, "groin_pain": "yes"}}),
    )
    for cid in ("vertebral_fracture", "pelvic_stress_fracture"):
        j = kb.condition_ids.index(cid)
        assert after[j] >= before[j]
