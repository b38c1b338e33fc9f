"""Self-care needs a clear red-flag screen: a warning sign not ruled out is never reassurance."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backstride.engine import assess, parse_answers
from backstride.engine.rules import screen_not_clear

MUSCULAR = json.loads((Path(__file__).parent / "plan/profiles/muscular.json").read_text())
SCREEN = (
    "ces_screen",
    "leg_weakness_worsening",
    "fever",
    "cancer_history",
    "weight_loss",
    "night_pain",
    "trauma_major",
    "bone_fragility",
    "sudden_abdominal_pain",
    # asked of everyone since the 2026-12 safety review (issue 12)
    "infection_risk",
    "new_both_legs",
    "gait_worsening",
    "pain_constant_worsening",
)


def with_answer(finding: str, value: str | None) -> dict:
    answers = dict(MUSCULAR["answers"])
    if value is None:
        answers.pop(finding, None)
    else:
        answers[finding] = value
    return {**MUSCULAR, "answers": answers}


def test_screen_questions_are_the_red_flag_screen(kb):
    screen = {f.id for f in kb.findings.values() if f.screen and f.topic == "red_flag"}
    assert screen == set(SCREEN)


def test_clear_screen_allows_self_care(kb):
    assert screen_not_clear(kb, parse_answers(kb, MUSCULAR)) == []
    assert assess(kb, MUSCULAR).to_dict()["urgency"]["level"] == "self_care"


@pytest.mark.parametrize("finding", SCREEN)
@pytest.mark.parametrize("value", [None, "unknown"])
def test_unanswered_warning_sign_means_see_a_doctor(kb, finding, value):
    data = with_answer(finding, value)
    urgency = assess(kb, data).to_dict()["urgency"]
    assert urgency["level"] == "doctor"
    label = (kb.findings[finding].short or kb.findings[finding].question).lower()
    assert any(label in r for r in urgency["reasons"]), urgency["reasons"]


def test_a_yes_is_never_lower_than_not_asked(kb):
    order = ["self_care", "doctor", "urgent", "emergency"]
    for finding in SCREEN:
        unknown = assess(kb, with_answer(finding, None)).to_dict()["urgency"]["level"]
        yes = assess(kb, with_answer(finding, "yes")).to_dict()["urgency"]["level"]
        assert order.index(yes) >= order.index(unknown), finding
