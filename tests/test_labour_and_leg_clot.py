"""Labour felt as backache, and a clot in a leg vein (session 19, guideline scenarios round 6).

A pregnant person whose backache comes and goes in waves, or whose bump goes tight, may be in
labour, preterm before 37 weeks: Tommy's and Borne say to call the maternity unit straight away,
and they usually ask the person to come in. A leg newly swollen and painful can be a DVT: NICE
NG158 scans within 4 hours (or anticoagulates and scans within 24); the NHS asks for an urgent
GP appointment. Each question has the same evidence cell for every cause, so it acts only
through its warning rule.
"""

from __future__ import annotations

from typing import Any

from backstride.engine import assess, parse_answers
from backstride.engine.questions import is_askable
from backstride.evaluation import interview_person
from backstride.intake import parse
from backstride.knowledge.kb import KnowledgeBase
from tests import person


def _level(kb: KnowledgeBase, sex: str, answers: dict[str, Any]) -> tuple[str, set[str]]:
    r = assess(kb, {"age": 30, "sex": sex, "answers": answers}).to_dict()
    return r["urgency"]["level"], {f["id"] for f in r["red_flags"]}


def test_the_labour_question_follows_a_yes_to_pregnancy_only(kb):
    f = kb.findings["pregnancy_contractions"]
    yes = parse_answers(kb, {"age": 30, "sex": "female", "answers": {"pregnant": "yes"}})
    no = parse_answers(kb, {"age": 30, "sex": "female", "answers": {"pregnant": "no"}})
    assert is_askable(kb, f, yes)
    assert not is_askable(kb, f, no)
    asked, _ = person.interview(kb, 30, "male", {})
    assert "pregnancy_contractions" not in asked


def test_backache_in_waves_in_pregnancy_is_an_emergency(kb):
    truth = {"pregnant": "yes", "pregnancy_contractions": "yes", "duration_weeks": 0.02}
    asked, level = person.interview(kb, 30, "female", truth)
    assert "pregnancy_contractions" in asked
    assert level == "emergency"
    _, fired = _level(kb, "female", {"pregnant": "yes", "pregnancy_contractions": "no"})
    assert "pregnancy_labour_signs" not in fired


def test_the_waves_question_moves_no_cause(kb):
    base = {"pregnant": "yes", "duration_weeks": 2}
    a = assess(kb, {"age": 30, "sex": "female", "answers": base}, top=22).to_dict()
    b = assess(
        kb,
        {"age": 30, "sex": "female", "answers": {**base, "pregnancy_contractions": "no"}},
        top=22,
    ).to_dict()
    pa = {c["id"]: c["probability"] for c in a["conditions"]}
    pb = {c["id"]: c["probability"] for c in b["conditions"]}
    assert pa == pb


def test_the_swollen_leg_question_is_asked_of_everyone(kb):
    f = kb.findings["leg_swollen_one_side"]
    assert f.checklist == "history_flags"
    assert not f.screen, "an unanswered item must not stop self-care advice"
    asked, _ = person.interview(kb, 30, "male", {"duration_weeks": 1})
    assert "leg_swollen_one_side" in asked


def test_a_swollen_painful_calf_is_urgent(kb):
    truth = {"leg_swollen_one_side": "yes", "symptom_reach": "below_knee", "duration_weeks": 0.3}
    _, level = person.interview(kb, 30, "male", truth)
    assert level == "urgent"
    _, fired = _level(kb, "male", {"leg_swollen_one_side": "no", "duration_weeks": 1})
    assert "swollen_painful_leg" not in fired


def test_free_text_finds_both_but_not_ordinary_words(kb):
    got = {m.finding: m.answer for m in parse(kb, "my right calf has gone all swollen").mentions}
    assert got.get("leg_swollen_one_side") == "yes"
    text = "I'm 30 weeks pregnant and my bump keeps going tight"
    got = {m.finding: m.answer for m in parse(kb, text).mentions}
    assert got.get("pregnancy_contractions") == "yes"
    for text in ("my back pain comes and goes", "my back muscles have contractions"):
        got = {m.finding for m in parse(kb, text).mentions}
        assert "pregnancy_contractions" not in got, text


def test_every_woman_under_55_is_asked_about_pregnancy_and_no_one_else(kb):
    for age in (16, 30, 54):
        _, asked = interview_person(kb, {"age": age, "sex": "female", "duration_weeks": 1})
        assert "pregnant" in [f for f, _ in asked], age
    for age, sex in ((30, "male"), (60, "female")):
        _, asked = interview_person(kb, {"age": age, "sex": sex, "duration_weeks": 1})
        assert "pregnant" not in [f for f, _ in asked], (age, sex)


def test_an_unanswered_pregnancy_question_does_not_stop_self_care(kb):
    from backstride.engine.rules import screen_not_clear

    answers = parse_answers(kb, {"age": 30, "sex": "female", "answers": {"duration_weeks": 1}})
    assert "pregnant" not in screen_not_clear(kb, answers)
