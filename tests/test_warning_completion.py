"""A warning sign one answer away is asked before the interview ends (guideline scenarios:
a past cancer with new trouble walking, or mid-back pain, or pain on coughing)."""

from __future__ import annotations

import pytest

from backstride.engine import parse_answers
from backstride.engine.rules import one_answer_away
from backstride.evaluation import interview_person
from backstride.knowledge import load_kb
from backstride.knowledge.kb import KnowledgeBase
from backstride.knowledge.schema import Urgency


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


def _interview(kb: KnowledgeBase, truth: dict[str, str]) -> list[tuple[str, str]]:
    """(finding, reason) for every question asked; unstated yes/no answers are "no"."""
    return interview_person(kb, {"age": 66, "sex": "female", **truth})[1]


def test_after_a_past_cancer_every_sign_that_would_act_is_asked(kb: KnowledgeBase) -> None:
    asked = _interview(kb, {"cancer_history": "yes"})
    ids = {f for f, _ in asked}
    for rule_id in ("cancer_with_neuro_symptoms", "cancer_history_nonmechanical"):
        rule = next(r for r in kb.red_flags if r.id == rule_id)
        for clause in rule.when.any:
            f = kb.findings[clause.finding]
            if f.ask and f.ask_if is None:
                assert clause.finding in ids, (rule_id, clause.finding)
    warned = {f for f, reason in asked if reason == "warning"}
    assert {"unsteady_wide_gait", "thoracic_pain", "cough_sneeze_worse"} <= ids
    assert warned, "the cancer follow-ups are asked as warning-sign questions"


def test_a_person_with_no_warning_sign_gets_no_warning_questions(kb: KnowledgeBase) -> None:
    asked = _interview(kb, {"onset_lifting": "yes"})
    assert [f for f, reason in asked if reason == "warning"] == []


def test_a_rule_with_a_clause_answered_otherwise_is_not_open(kb: KnowledgeBase) -> None:
    answers = parse_answers(kb, {"age": 66, "answers": {"cancer_history": "no"}})
    askable = frozenset(kb.findings)
    assert "thoracic_pain" not in one_answer_away(kb, answers, askable, Urgency.urgent)
    answers = parse_answers(kb, {"age": 66, "answers": {"cancer_history": "yes"}})
    assert "thoracic_pain" in one_answer_away(kb, answers, askable, Urgency.urgent)
    # once an emergency rule has fired, nothing below it is asked for
    answers = parse_answers(
        kb, {"age": 66, "answers": {"cancer_history": "yes", "ces_screen": "yes"}}
    )
    assert one_answer_away(kb, answers, askable, Urgency.urgent) == []


def test_two_answers_away_is_not_open(kb: KnowledgeBase) -> None:
    # under 65, fragility_fracture needs both the small fall and steroids or thin bones
    answers = parse_answers(kb, {"age": 35, "answers": {}})
    open_now = one_answer_away(kb, answers, frozenset(kb.findings), Urgency.urgent)
    assert "minor_fall" not in open_now
    answers = parse_answers(kb, {"age": 35, "answers": {"bone_fragility": "yes"}})
    open_now = one_answer_away(kb, answers, frozenset(kb.findings), Urgency.urgent)
    assert "minor_fall" in open_now


def test_a_warning_follow_up_is_labelled_as_one(kb: KnowledgeBase) -> None:
    """The page and the terminal say "Checking a warning sign", not "Narrowing down"."""
    from backstride.engine.context import Context
    from backstride.engine.screen import all_warnings_no
    from backstride.web.service import question_step

    start = {"cancer_history": "yes", "duration_weeks": 4}
    answers = parse_answers(kb, {"age": 66, "sex": "female", "answers": start})
    _, answers = all_warnings_no(kb, answers)  # every other warning sign "no"
    step = question_step(kb, Context(kb, answers))
    assert step["phase"] == "warning"
    assert step["question"]["id"] in {c.finding for r in kb.red_flags for c in r.when.any}
