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


# ---------------------------------------------------------------- loin pain in waves
def test_loin_pain_in_waves_alone_is_urgent(kb):
    """NICE NG118 1.1.1: suspected renal colic has a CT scan within 24 hours."""
    r = result(kb, 35, flank_colicky="yes")
    assert "renal_colic_suspected" in fired(r)
    assert r["urgency"]["level"] == "urgent"


@pytest.mark.parametrize(
    ("age", "stones", "level"), [(61, "no", "emergency"), (50, "no", "urgent")]
)
def test_a_first_colic_from_55_is_an_emergency(kb, age, stones, level):
    """Devon AAA guidance: a first renal colic over 55 is a ruptured aneurysm until proved
    otherwise; below 55 it stays a suspected stone."""
    r = result(kb, age, flank_colicky="yes", kidney_stone_history=stones)
    assert ("first_colic_over_55" in fired(r)) == (level == "emergency")
    assert r["urgency"]["level"] == level


def test_a_known_stone_former_over_55_is_not_sent_as_an_aneurysm(kb):
    r = result(kb, 61, flank_colicky="yes", kidney_stone_history="yes")
    assert "first_colic_over_55" not in fired(r)


def test_after_colic_from_55_the_interview_asks_about_past_stones(kb):
    truth = {"age": 61, "sex": "male", "flank_colicky": "yes", "duration_weeks": 0}
    assert "kidney_stone_history" in asked(kb, truth)


# ---------------------------------------------------------------- pain not settling
@pytest.mark.parametrize(("weeks", "level"), [(3, "self_care"), (4, "doctor"), (5, "doctor")])
def test_back_pain_not_settling_in_4_weeks_is_a_check_up(kb, weeks, level):
    """Dumfries and Galloway signposts back pain not settling in 4 weeks to physiotherapy;
    ACP/APS 2007 and CKS give 4-6 weeks, and the lower bound is taken."""
    r = result(kb, 44, onset_lifting="yes", symptom_reach="back_only", duration_weeks=weeks)
    assert ("persistent_pain" in fired(r)) == (weeks >= 4)
    assert r["urgency"]["level"] == level


# ---------------------------------------------------------------- pain higher up the back
def test_everyone_is_asked_about_pain_higher_up_the_back(kb):
    """On the history checklist at every age: before, only when the interview picked it."""
    for age in (25, 46, 70):
        assert "thoracic_pain" in asked(kb, {"age": age, "sex": "female", "duration_weeks": 3})


def test_thoracic_pain_that_no_movement_changes_needs_a_doctor(kb):
    """Community red-flag sheet: thoracic or persisting non-mechanical spinal pain with being
    unwell is a priority referral, seen within 2 weeks."""
    r = result(kb, 46, "female", thoracic_pain="yes", movement_no_effect="yes")
    assert "thoracic_pain_nonmechanical" in fired(r)
    assert r["urgency"]["level"] in ("doctor", "urgent", "emergency")
    quiet = result(kb, 46, "female", thoracic_pain="yes", movement_no_effect="no")
    assert "thoracic_pain_nonmechanical" not in fired(quiet)
