"""Warning signs that needed a question Backstride did not have (session 16, guideline
scenarios): each new question is asked of the people it is for, not of others, and its rule
gives the urgency its guideline asks for."""

from __future__ import annotations

from typing import Any

import pytest

from backstride.engine import assess, parse_answers
from backstride.engine.questions import is_askable
from backstride.evaluation import interview_person
from backstride.intake import parse
from backstride.knowledge import load_kb
from backstride.knowledge.kb import KnowledgeBase


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


def _run(kb: KnowledgeBase, age: int, sex: str, truth: dict[str, Any]) -> tuple[list[str], Any]:
    """The questions the interview asks (unstated yes/no answers "no") and its assessment."""
    answers, asked = interview_person(kb, {"age": age, "sex": sex, **truth})
    return [f for f, _ in asked], assess(kb, answers).to_dict()


def _level(kb: KnowledgeBase, age: int, sex: str, answers: dict[str, Any]) -> tuple[str, set]:
    r = assess(kb, {"age": age, "sex": sex, "answers": answers}).to_dict()
    return r["urgency"]["level"], {f["id"] for f in r["red_flags"]}


# ---------------------------------------------------------------- a fused spine after a fall
def test_a_fused_spine_is_asked_at_every_age(kb):
    # round 10 (tests/test_s23_guide10.py): a known spondylitis is asked at every age, so that a
    # young person with it is asked about a red painful eye and a small fall
    for age in (25, 35, 55):
        asked, _ = _run(kb, age, "male", {})
        assert "known_ankylosing_spondylitis" in asked, age
    young = parse_answers(kb, {"age": 35, "answers": {"spa_features": "yes"}})
    assert is_askable(kb, kb.findings["known_ankylosing_spondylitis"], young)


def test_a_small_fall_is_asked_after_a_fused_spine_and_is_urgent(kb):
    asked, r = _run(kb, 55, "male", {"known_ankylosing_spondylitis": "yes", "minor_fall": "yes"})
    assert "minor_fall" in asked
    assert r["urgency"]["level"] == "urgent"
    assert "fused_spine_minor_fall" in {f["id"] for f in r["red_flags"]}
    # without the diagnosis, a 55-year-old is not asked about a small fall at all
    asked, _ = _run(kb, 55, "male", {"minor_fall": "yes"})
    assert "minor_fall" not in asked


def test_a_fused_spine_alone_is_no_warning_sign(kb):
    _, fired = _level(kb, 55, "male", {"known_ankylosing_spondylitis": "yes", "minor_fall": "no"})
    assert "fused_spine_minor_fall" not in fired


# ---------------------------------------------------------------- a twisted testicle
def test_a_painful_testicle_is_asked_of_young_men_and_older_men_after_sudden_or_groin_pain(kb):
    asked, r = _run(kb, 19, "male", {"sudden_abdominal_pain": "yes", "testicle_pain": "yes"})
    assert "testicle_pain" in asked
    assert r["urgency"]["level"] == "emergency"
    assert "testicle_pain" in {f["id"] for f in r["red_flags"]}
    men = parse_answers(kb, {"age": 70, "sex": "male", "answers": {"groin_pain": "yes"}})
    assert is_askable(kb, kb.findings["testicle_pain"], men)
    # asked of every man under 25 (round 10), never of a woman, and of an older man only after a
    # sudden pain or groin pain
    asked, _ = _run(kb, 19, "male", {})
    assert "testicle_pain" in asked
    asked, _ = _run(kb, 19, "female", {"sudden_abdominal_pain": "yes"})
    assert "testicle_pain" not in asked
    asked, _ = _run(kb, 45, "male", {})
    assert "testicle_pain" not in asked


def test_a_painful_testicle_in_words_is_read(kb):
    for text in ("my balls are swollen and painful", "sudden pain in my right testicle"):
        found = {m.finding: m.answer for m in parse(kb, text).mentions}
        assert found.get("testicle_pain") == "yes", text


# ---------------------------------------------------------------- tummy pain with sickness
def test_tummy_pain_is_on_the_checklist_at_every_age(kb):
    for age in (25, 46, 70):
        asked, _ = _run(kb, age, "male", {})
        assert "abdominal_pain" in asked, age


def test_after_tummy_pain_sickness_and_constant_pain_are_asked_and_it_is_an_emergency(kb):
    truth = {"abdominal_pain": "yes", "nausea_vomiting": "yes", "movement_no_effect": "yes"}
    answers, asked = interview_person(kb, {"age": 46, "sex": "male", **truth})
    warned = [f for f, reason in asked if reason == "warning"]
    assert "nausea_vomiting" in [f for f, _ in asked]  # a follow-up of the tummy-pain item
    assert "movement_no_effect" in warned  # the warning sign one answer away
    r = assess(kb, answers).to_dict()
    assert r["urgency"]["level"] == "emergency"
    assert "tummy_pain_sickness_constant" in {f["id"] for f in r["red_flags"]}
    # without tummy pain, side pain or a sudden very bad pain, sickness is not asked at all
    _, asked = interview_person(kb, {"age": 46, "sex": "male", "nausea_vomiting": "yes"})
    assert "nausea_vomiting" not in [f for f, _ in asked]


def test_tummy_pain_with_sickness_is_urgent_and_with_moving_pain_not_an_emergency(kb):
    level, fired = _level(kb, 35, "female", {"abdominal_pain": "yes", "nausea_vomiting": "yes"})
    assert level == "urgent" and "tummy_pain_with_sickness" in fired
    level, fired = _level(
        kb,
        35,
        "female",
        {
            "abdominal_pain": "yes",
            "nausea_vomiting": "yes",
            "movement_no_effect": "no",
            "pain_constant_worsening": "no",
        },
    )
    assert "tummy_pain_sickness_constant" not in fired


# ---------------------------------------------------------------- clumsy hands (myelopathy)
def test_clumsy_hands_are_asked_from_50_after_leg_symptoms_only(kb):
    gate = kb.findings["hands_clumsy_numb"]
    for answers in ({"leg_numbness": "yes"}, {"unsteady_wide_gait": "yes"}):
        older = parse_answers(kb, {"age": 63, "answers": answers})
        younger = parse_answers(kb, {"age": 40, "answers": answers})
        assert is_askable(kb, gate, older) and not is_askable(kb, gate, younger), answers
    assert not is_askable(kb, gate, parse_answers(kb, {"age": 63, "answers": {}}))
    asked, _ = _run(kb, 63, "male", {})
    assert "hands_clumsy_numb" not in asked


def test_clumsy_hands_with_numb_legs_are_urgent_but_either_alone_is_not(kb):
    level, fired = _level(kb, 63, "male", {"leg_numbness": "yes", "hands_clumsy_numb": "yes"})
    assert level == "urgent" and "clumsy_hands_with_leg_symptoms" in fired
    _, fired = _level(kb, 63, "male", {"leg_numbness": "yes", "hands_clumsy_numb": "no"})
    assert "clumsy_hands_with_leg_symptoms" not in fired
    _, fired = _level(kb, 63, "male", {"leg_numbness": "no", "hands_clumsy_numb": "yes"})
    assert "clumsy_hands_with_leg_symptoms" not in fired


# ---------------------------------------------------------------- polymyalgia
def test_girdle_stiffness_is_on_the_checklist_from_50_only(kb):
    asked, _ = _run(kb, 72, "female", {})
    assert "girdle_stiffness" in asked
    asked, _ = _run(kb, 45, "female", {})
    assert "girdle_stiffness" not in asked


def test_girdle_stiffness_after_50_is_a_doctor_visit_and_names_polymyalgia(kb):
    _, r = _run(kb, 72, "female", {"girdle_stiffness": "yes", "duration_weeks": 3})
    assert "polymyalgia_features" in {f["id"] for f in r["red_flags"]}
    assert r["urgency"]["level"] == "doctor"
    _, fired = _level(kb, 72, "female", {"girdle_stiffness": "no"})
    assert "polymyalgia_features" not in fired
