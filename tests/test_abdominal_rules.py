"""Tummy pain with back pain, and colicky loin pain with sickness: the rules added on 2026-12-01."""

from __future__ import annotations

import pytest

from backstride.engine import assess
from backstride.knowledge import load_kb

from .test_screen_rule import SCREEN

# a clear red-flag screen, so any raise in urgency comes from the rule under test
CLEAR = {**dict.fromkeys(SCREEN, "no"), "onset_lifting": "yes", "duration_weeks": 1}


def result(age: int, **answers: str) -> dict:
    data = {"age": age, "sex": "female", "answers": {**CLEAR, **answers}}
    return assess(load_kb(), data).to_dict()


def fired(r: dict) -> set[str]:
    return {f["id"] for f in r["red_flags"]}


@pytest.mark.parametrize(
    ("age", "answers", "level", "rule"),
    [
        (75, {"abdominal_pain": "yes"}, "emergency", "tummy_and_back_pain_65"),
        (
            62,
            {"abdominal_pain": "yes", "vascular_risk": "yes"},
            "urgent",
            "tummy_and_back_pain_older",
        ),
        (62, {"abdominal_pain": "yes"}, "urgent", "tummy_and_back_pain_older"),
        (
            30,
            {"flank_colicky": "yes", "nausea_vomiting": "yes"},
            "urgent",
            "flank_pain_with_sickness",
        ),
    ],
)
def test_rule_sets_the_level(age, answers, level, rule):
    r = result(age, **answers)
    assert rule in fired(r)
    assert r["urgency"]["level"] == level


def test_tummy_pain_alone_in_a_young_adult_fires_neither_aneurysm_rule():
    r = result(30, abdominal_pain="yes")
    assert not {"tummy_and_back_pain_65", "tummy_and_back_pain_older"} & fired(r)
    assert r["urgency"]["level"] != "emergency"


def test_without_tummy_pain_age_alone_fires_nothing():
    r = result(80, abdominal_pain="no")
    assert not {"tummy_and_back_pain_65", "tummy_and_back_pain_older"} & fired(r)
