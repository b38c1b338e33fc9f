"""New sexual dysfunction (session 18): GIRFT's primary-care page on suspected cauda equina
syndrome lists it among its triggers, and notes that with back pain alone it is unlikely to be
CES. So it is asked once pain or numbness reaches the leg, and is an emergency only with leg
symptoms."""

from __future__ import annotations

from typing import Any

from backstride.engine import assess, parse_answers
from backstride.engine.questions import is_askable
from backstride.evaluation import interview_person
from backstride.intake import parse
from backstride.knowledge.kb import KnowledgeBase


def _level(kb: KnowledgeBase, answers: dict[str, Any]) -> tuple[str, set[str]]:
    r = assess(kb, {"age": 38, "sex": "male", "answers": answers}).to_dict()
    return r["urgency"]["level"], {f["id"] for f in r["red_flags"]}


def _askable(kb: KnowledgeBase, answers: dict[str, Any]) -> bool:
    gate = kb.findings["sexual_function_change"]
    return is_askable(kb, gate, parse_answers(kb, {"age": 38, "answers": answers}))


def test_asked_when_the_pain_or_numbness_reaches_the_leg_only(kb):
    assert _askable(kb, {"symptom_reach": "below_knee"})
    assert _askable(kb, {"symptom_reach": "thigh"})
    assert _askable(kb, {"symptom_reach": "back_only", "leg_numbness": "yes"})
    assert not _askable(kb, {"symptom_reach": "back_only"})
    assert not _askable(kb, {"symptom_reach": "buttock", "leg_numbness": "no"})


def test_the_interview_asks_it_of_someone_with_sciatica_and_not_of_a_sore_back(kb):
    truth = {"age": 38, "sex": "male", "symptom_reach": "below_knee", "duration_weeks": 2}
    _, asked = interview_person(kb, truth)
    assert "sexual_function_change" in {f for f, _ in asked}
    truth = {"age": 35, "sex": "male", "symptom_reach": "back_only", "duration_weeks": 1}
    _, asked = interview_person(kb, truth)
    assert "sexual_function_change" not in {f for f, _ in asked}


def test_with_sciatica_it_is_an_emergency(kb):
    level, fired = _level(kb, {"symptom_reach": "below_knee", "sexual_function_change": "yes"})
    assert level == "emergency" and "sexual_change_with_leg_symptoms" in fired
    level, _ = _level(kb, {"symptom_reach": "below_knee", "sexual_function_change": "no"})
    assert level != "emergency"


def test_with_back_pain_alone_it_is_a_doctor_visit_not_an_emergency(kb):
    level, fired = _level(
        kb, {"symptom_reach": "back_only", "leg_numbness": "no", "sexual_function_change": "yes"}
    )
    assert fired & {"sexual_change_with_back_pain"}
    assert "sexual_change_with_leg_symptoms" not in fired
    assert level in {"doctor", "urgent"}


def test_free_text(kb):
    got = {m.finding: (m.answer, m.applies) for m in parse(kb, "I can't keep an erection").mentions}
    assert got.get("sexual_function_change") == ("yes", True)
    got = {m.finding: m.answer for m in parse(kb, "no problems getting an erection").mentions}
    assert got.get("sexual_function_change") == "no"
    got = {m.finding: m.applies for m in parse(kb, "my husband has erectile dysfunction").mentions}
    assert got.get("sexual_function_change") is not True
