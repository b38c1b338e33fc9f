"""One person's answers, assessed or interviewed: the small helpers the guideline-round tests share.

Each takes the person's age and sex and the answers that are true for them, and returns what a
test asserts on: the questions asked, the urgency, the warning rules that fired, whether a
question may be asked, and the probability of each cause.
"""

from __future__ import annotations

from typing import Any

from backstride.engine import assess, parse_answers
from backstride.engine.questions import is_askable
from backstride.evaluation import interview_person
from backstride.knowledge.kb import KnowledgeBase


def interview(
    kb: KnowledgeBase, age: int, sex: str, truth: dict[str, Any]
) -> tuple[list[str], str]:
    """The questions the simulated interview asks (in order) and the urgency it ends with."""
    answers, asked = interview_person(kb, {"age": age, "sex": sex, **truth})
    return [f for f, _ in asked], assess(kb, answers).to_dict()["urgency"]["level"]


def result(kb: KnowledgeBase, age: int, sex: str, answers: dict[str, Any]) -> dict[str, Any]:
    """The whole assessment of these answers, as the API returns it."""
    return assess(kb, {"age": age, "sex": sex, "answers": answers}).to_dict()


def fired(kb: KnowledgeBase, age: int, sex: str, answers: dict[str, Any]) -> set[str]:
    """The ids of the warning rules these answers fire."""
    return {f["id"] for f in result(kb, age, sex, answers)["red_flags"]}


def level(kb: KnowledgeBase, age: int, sex: str, answers: dict[str, Any]) -> str:
    """The urgency level of these answers ("emergency", "urgent", "doctor", "self_care")."""
    return result(kb, age, sex, answers)["urgency"]["level"]


def askable(kb: KnowledgeBase, finding: str, age: int, sex: str, answers: dict[str, Any]) -> bool:
    """Whether the interview may ask this finding's question after these answers."""
    state = parse_answers(kb, {"age": age, "sex": sex, "answers": answers})
    return is_askable(kb, kb.findings[finding], state)


def probabilities(
    kb: KnowledgeBase, age: int, sex: str, answers: dict[str, Any]
) -> dict[str, float]:
    """Every cause's probability after these answers."""
    person = {"age": age, "sex": sex, "answers": answers}
    r = assess(kb, person, top=len(kb.condition_ids)).to_dict()
    return {c["id"]: c["probability"] for c in r["conditions"]}
