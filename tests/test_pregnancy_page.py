"""After a yes to pregnancy, its three follow-up warning signs are asked on one page.

Labour pains, pre-eclampsia or bleeding in pregnancy, and heavy bleeding after the birth were
three pages after one yes; a checklist page asks them together. Each sign still fires its own
rule when ticked, and none is asked of someone who is not pregnant.
"""

from __future__ import annotations

from backstride.engine import parse_answers
from backstride.engine.questions import next_question
from tests import person

FOLLOW_UPS = ("pregnancy_contractions", "pregnancy_warning_signs", "postpartum_heavy_bleeding")
RULES = {
    "pregnancy_contractions": "pregnancy_labour_signs",
    "pregnancy_warning_signs": "pregnancy_warning_signs",
    "postpartum_heavy_bleeding": "postpartum_heavy_bleeding",
}


def _screen_done_but_pregnancy(kb) -> dict[str, str | float]:
    """A 30-year-old woman who has answered every screen question "no" except pregnancy."""
    answers: dict[str, str | float] = {"duration_weeks": 3, "pregnant": "yes"}
    for _ in range(60):
        state = parse_answers(kb, {"age": 30, "sex": "female", "answers": answers})
        q = next_question(kb, state)
        if q.finding is None or set(q.items) & set(FOLLOW_UPS):
            return answers
        for f in q.items:
            answers[f] = "no" if kb.findings[f].type == "boolean" else answers.get(f, 3)
    raise AssertionError("the pregnancy follow-ups were never asked")


def test_the_three_follow_ups_share_one_page(kb):
    assert {kb.findings[f].checklist for f in FOLLOW_UPS} == {"pregnancy_detail"}
    answers = _screen_done_but_pregnancy(kb)
    state = parse_answers(kb, {"age": 30, "sex": "female", "answers": answers})
    assert set(next_question(kb, state).items) == set(FOLLOW_UPS)


def test_they_are_asked_through_the_interview_only_after_a_yes(kb):
    asked, _ = person.interview(kb, 30, "female", {"pregnant": "yes", "duration_weeks": 3})
    assert set(FOLLOW_UPS) <= set(asked)
    asked, _ = person.interview(kb, 30, "female", {"pregnant": "no", "duration_weeks": 3})
    assert not set(FOLLOW_UPS) & set(asked)


def test_each_ticked_sign_fires_its_own_rule_and_raises_the_urgency(kb):
    for finding, rule in RULES.items():
        truth = {"pregnant": "yes", "duration_weeks": 3, finding: "yes"}
        asked, level = person.interview(kb, 30, "female", truth)
        assert finding in asked
        assert rule in person.fired(kb, 30, "female", {"pregnant": "yes", finding: "yes"})
        assert level in ("urgent", "emergency"), (finding, level)
