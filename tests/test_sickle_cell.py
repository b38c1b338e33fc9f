"""Sickle cell disease (session 18): the question is in the history checklist for everyone, its
follow-up only after a yes, and the rules give the urgency NICE CG143 and the NIH guidance ask
for; carrying the trait is not the disease, in the interview or in free text."""

from __future__ import annotations

from typing import Any

import pytest

from backstride.engine import assess, parse_answers
from backstride.engine.questions import is_askable
from backstride.evaluation import interview_person
from backstride.intake import parse
from backstride.knowledge.kb import KnowledgeBase


def _run(kb: KnowledgeBase, age: int, sex: str, truth: dict[str, Any]) -> tuple[list[str], Any]:
    answers, asked = interview_person(kb, {"age": age, "sex": sex, **truth})
    return [f for f, _ in asked], assess(kb, answers).to_dict()


def _level(kb: KnowledgeBase, answers: dict[str, Any]) -> tuple[str, set[str]]:
    r = assess(kb, {"age": 24, "sex": "female", "answers": answers}).to_dict()
    return r["urgency"]["level"], {f["id"] for f in r["red_flags"]}


def _found(kb: KnowledgeBase, text: str) -> dict[str, tuple[str, bool]]:
    return {m.finding: (m.answer, m.applies) for m in parse(kb, text).mentions}


def test_everyone_is_asked_and_the_follow_up_only_after_a_yes(kb):
    asked, _ = _run(kb, 35, "male", {})
    assert "sickle_cell" in asked
    assert "sickle_crisis_pain" not in asked
    gate = kb.findings["sickle_crisis_pain"]
    assert is_askable(kb, gate, parse_answers(kb, {"age": 30, "answers": {"sickle_cell": "yes"}}))
    assert not is_askable(
        kb, gate, parse_answers(kb, {"age": 30, "answers": {"sickle_cell": "no"}})
    )
    assert kb.findings["sickle_cell"].checklist == "history_flags"


def test_new_back_pain_with_sickle_cell_disease_is_an_emergency(kb):
    asked, r = _run(kb, 24, "female", {"sickle_cell": "yes", "duration_weeks": 0})
    assert "sickle_cell" in asked
    assert r["urgency"]["level"] == "emergency"
    assert "sickle_cell_pain_emergency" in {f["id"] for f in r["red_flags"]}


def test_crisis_like_pain_is_an_emergency_whatever_its_length(kb):
    asked, r = _run(
        kb, 24, "female", {"sickle_cell": "yes", "sickle_crisis_pain": "yes", "duration_weeks": 20}
    )
    assert "sickle_crisis_pain" in asked
    assert r["urgency"]["level"] == "emergency"


def test_fever_with_sickle_cell_disease_is_an_emergency(kb):
    level, fired = _level(kb, {"sickle_cell": "yes", "fever": "yes", "duration_weeks": 20})
    assert level == "emergency" and "sickle_cell_pain_emergency" in fired


def test_pain_of_a_few_weeks_is_urgent_and_long_standing_pain_is_not_raised(kb):
    level, fired = _level(
        kb, {"sickle_cell": "yes", "sickle_crisis_pain": "no", "duration_weeks": 3}
    )
    assert level == "urgent" and fired == {"sickle_cell_new_pain"}
    _, fired = _level(kb, {"sickle_cell": "yes", "sickle_crisis_pain": "no", "duration_weeks": 30})
    assert not fired & {"sickle_cell_new_pain", "sickle_cell_pain_emergency"}


def test_no_sickle_cell_disease_fires_nothing(kb):
    _, fired = _level(kb, {"sickle_cell": "no", "sickle_crisis_pain": "yes", "duration_weeks": 0})
    assert not any(f.startswith("sickle") for f in fired)


def test_free_text_names_the_disease_and_the_crisis(kb):
    got = _found(
        kb, "I have sickle cell disease and since this morning it feels like my crisis pain"
    )
    assert got.get("sickle_cell") == ("yes", True)
    assert got.get("sickle_crisis_pain") == ("yes", True)
    assert _found(kb, "I have HbSC").get("sickle_cell") == ("yes", True)


@pytest.mark.parametrize(
    "text",
    [
        "I carry the sickle cell trait and my back hurts",
        "I'm a sickle cell carrier, my low back aches after running",
        "my blood test showed sickle trait",
    ],
)
def test_the_trait_is_not_the_disease(kb, text):
    assert _found(kb, text).get("sickle_cell", ("none", False))[0] != "yes"
