"""Warning-sign changes made after the third round of guideline scenarios (session 16,
benchmarks/guidelines, `round: 3`). Each test fails without its change."""

from __future__ import annotations

import pytest

from backstride.engine import assess
from backstride.evaluation import interview_person
from backstride.knowledge import load_kb
from backstride.knowledge.kb import KnowledgeBase

from .test_screen_rule import SCREEN

# a clear red-flag screen, so any raise in urgency comes from the rule under test
CLEAR = {**dict.fromkeys(SCREEN, "no"), "duration_weeks": 1}


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


def result(kb: KnowledgeBase, age: int, sex: str = "male", **answers) -> dict:
    return assess(kb, {"age": age, "sex": sex, "answers": {**CLEAR, **answers}}).to_dict()


def fired(r: dict) -> set[str]:
    return {f["id"] for f in r["red_flags"]}


def asked(kb: KnowledgeBase, truth: dict) -> set[str]:
    return {f for f, _ in interview_person(kb, truth)[1]}


# ---------------------------------------------------------------- cancer and difficulty walking
def test_past_cancer_with_legs_that_give_way_on_walking_is_an_emergency(kb):
    """NICE CG75: difficulty in walking in a person with cancer is an oncological emergency."""
    r = result(kb, 67, cancer_history="yes", legs_give_way_walking="yes")
    assert "cancer_with_neuro_symptoms" in fired(r)
    assert r["urgency"]["level"] == "emergency"


def test_legs_that_give_way_without_cancer_are_not_an_emergency(kb):
    r = result(kb, 67, cancer_history="no", legs_give_way_walking="yes")
    assert "cancer_with_neuro_symptoms" not in fired(r)


def test_after_a_past_cancer_the_interview_asks_about_legs_giving_way(kb):
    truth = {"age": 67, "sex": "male", "cancer_history": "yes", "duration_weeks": 3}
    assert "legs_give_way_walking" in asked(kb, truth)
