"""Warning-sign changes made after the fourth round of guideline scenarios (session 16,
benchmarks/guidelines, `round: 4`). Each test fails without its change."""

from __future__ import annotations

import pytest

from backstride.engine import assess
from backstride.evaluation import interview_person
from backstride.knowledge import load_kb
from backstride.knowledge.kb import KnowledgeBase

from .test_screen_rule import SCREEN

# a clear red-flag screen, so any raise in urgency comes from the rule under test
CLEAR = {**dict.fromkeys(SCREEN, "no"), "duration_weeks": 0}


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


def result(kb: KnowledgeBase, age: int, sex: str = "male", **answers) -> dict:
    return assess(kb, {"age": age, "sex": sex, "answers": {**CLEAR, **answers}}).to_dict()


def fired(r: dict) -> set[str]:
    return {f["id"] for f in r["red_flags"]}


def asked(kb: KnowledgeBase, truth: dict) -> set[str]:
    return {f for f, _ in interview_person(kb, truth)[1]}


# ---------------------------------------------------------------- sudden upper back pain
@pytest.mark.parametrize("age", [25, 44])
def test_sudden_very_bad_pain_between_the_shoulder_blades_is_an_emergency_at_any_age(kb, age):
    """HSE/NHS aortic dissection: a sudden severe upper back pain is a reason to call 999;
    below 50 without vascular risk aaa_sudden_pain does not fire, so this rule must."""
    r = result(kb, age, sudden_abdominal_pain="yes", thoracic_pain="yes", vascular_risk="no")
    assert "sudden_upper_back_pain" in fired(r)
    assert r["urgency"]["level"] == "emergency"


def test_sudden_pain_low_in_the_back_only_stays_urgent_below_50(kb):
    r = result(kb, 44, sudden_abdominal_pain="yes", thoracic_pain="no", vascular_risk="no")
    assert "sudden_upper_back_pain" not in fired(r)
    assert r["urgency"]["level"] == "urgent"


def test_upper_back_pain_that_did_not_start_suddenly_does_not_fire_the_rule(kb):
    r = result(kb, 44, sudden_abdominal_pain="no", thoracic_pain="yes")
    assert "sudden_upper_back_pain" not in fired(r)


def test_after_a_sudden_very_bad_pain_the_interview_asks_about_upper_back_pain(kb):
    truth = {"age": 44, "sex": "male", "sudden_abdominal_pain": "yes", "duration_weeks": 0}
    assert "thoracic_pain" in asked(kb, truth)
