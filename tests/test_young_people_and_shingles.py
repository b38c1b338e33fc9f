"""Young people of 16 and 17, and shingles before the rash (session 19, guideline scenarios
round 6).

Under 18, the paediatric red flags (NENC Healthier Together; PMM) ask for urgent assessment of
back pain that wakes the person, never lets up, comes with a limp, numbness or weight loss; a
limp with groin pain can be a slipped growth plate at the hip, sent to the emergency department
(Perth Children's Hospital; RCH Melbourne). From 18 the adult rules apply unchanged. The shingles
question is asked of everyone in the history checklist, not only after pain higher up the back.
"""

from __future__ import annotations

from typing import Any

import pytest

from backstride.engine import assess, parse_answers
from backstride.engine.questions import is_askable
from backstride.knowledge.kb import KnowledgeBase
from tests import person


def _result(kb: KnowledgeBase, age: int, answers: dict[str, Any]) -> tuple[str, set[str]]:
    r = assess(kb, {"age": age, "sex": "male", "answers": answers}).to_dict()
    return r["urgency"]["level"], {f["id"] for f in r["red_flags"]}


@pytest.mark.parametrize(
    "sign",
    ["night_pain", "pain_constant_worsening", "limp", "leg_numbness", "weight_loss"],
)
def test_a_paediatric_red_flag_under_18_is_urgent(kb, sign):
    level, fired = _result(kb, 16, {sign: "yes", "duration_weeks": 3})
    assert "young_person_red_flags" in fired
    assert level in ("urgent", "emergency")


@pytest.mark.parametrize("sign", ["night_pain", "limp"])
def test_from_18_the_same_answer_does_not_fire_the_young_person_rule(kb, sign):
    _, fired = _result(kb, 18, {sign: "yes", "duration_weeks": 3})
    assert "young_person_red_flags" not in fired


def test_ordinary_back_pain_at_16_is_not_raised(kb):
    level, fired = _result(kb, 16, {"onset_lifting": "yes", "duration_weeks": 1})
    assert "young_person_red_flags" not in fired
    assert "young_person_hip_slip" not in fired
    assert level != "urgent" and level != "emergency"


def test_a_limp_with_groin_pain_under_18_is_an_emergency(kb):
    level, fired = _result(kb, 17, {"limp": "yes", "groin_pain": "yes", "duration_weeks": 3})
    assert "young_person_hip_slip" in fired
    assert level == "emergency"
    _, adult = _result(kb, 30, {"limp": "yes", "groin_pain": "yes", "duration_weeks": 3})
    assert "young_person_hip_slip" not in adult


def test_the_interview_asks_a_16_year_old_about_a_limp(kb):
    asked, level = person.interview(kb, 16, "female", {"limp": "yes", "duration_weeks": 2})
    assert "limp" in asked
    assert level == "urgent"


def test_the_interview_asks_about_a_limp_after_groin_pain_at_16(kb):
    truth = {"groin_pain": "yes", "limp": "yes", "symptom_reach": "thigh", "duration_weeks": 3}
    asked, level = person.interview(kb, 16, "female", truth)
    assert {"groin_pain", "limp"} <= set(asked)
    assert level == "emergency"


def test_the_shingles_question_is_asked_of_everyone_in_the_history_checklist(kb):
    f = kb.findings["one_side_rash"]
    assert f.checklist == "history_flags"
    assert is_askable(kb, f, parse_answers(kb, {"age": 40, "answers": {"thoracic_pain": "no"}}))
    assert not f.screen, "an unanswered shingles item must not stop self-care advice"


def test_a_band_of_pain_round_the_waist_before_the_rash_is_urgent(kb):
    truth = {"one_side_rash": "yes", "thoracic_pain": "no", "duration_weeks": 0.3}
    asked, level = person.interview(kb, 72, "female", truth)
    assert "one_side_rash" in asked
    assert level == "urgent"
