"""Night sweats without a fever (session 24).

The fever question asks about "a fever, chills or night sweats". Night sweats are common (41%
of adult primary-care patients in the last month, 23% at night only; Mold 2002) and are the usual
symptom of the menopause (NICE NG23); the infection red flags are fevers, chills and rigors
(CKS, as NHS Gloucestershire lists them). After a "yes", a follow-up asks whether it is only
sweating at night. Only a "yes" to it sets the urgent fever rule aside for a doctor-level rule
(the NHS asks for a GP visit for TB's general symptoms); with weight loss, a past cancer or an
infection risk, and with every other rule that looks for a fever, the level stays as it was.
"""

from __future__ import annotations

import pytest

from backstride.engine import UNKNOWN, next_question, parse_answers
from backstride.knowledge.schema import Match
from tests import person

SWEATS = {"fever": "yes", "night_sweats_only": "yes", "duration_weeks": 8}
RANK = {"self_care": 0, "doctor": 1, "urgent": 2, "emergency": 3}


# ---------------------------------------------------------------- the levels
def test_night_sweats_alone_are_a_doctor_visit_not_urgent(kb):
    for age, sex in ((50, "female"), (34, "male"), (70, "male"), (25, "female")):
        fired = person.fired(kb, age, sex, SWEATS)
        assert "night_sweats_alone" in fired, (age, sex)
        assert "fever_with_back_pain" not in fired, (age, sex)
        asked, level = person.interview(kb, age, sex, SWEATS)
        assert "night_sweats_only" in asked, (age, sex)
        assert level == "doctor", (age, sex)


def test_night_sweats_alone_are_a_check_up_not_a_warning_sign(kb):
    """Common and, alone, not a sign of anything serious: shown as a reason for a check-up, so
    the answer is weighed both ways for the causes no night-sweats rule names."""
    rules = {r.id: r for r in kb.red_flags}
    assert rules["night_sweats_alone"].kind == "check_up"
    assert rules["night_sweats_with_risk"].kind == "warning_sign"


@pytest.mark.parametrize("follow_up", ["no", UNKNOWN, None])
def test_a_fever_stays_urgent_unless_the_person_says_it_is_only_sweating(kb, follow_up):
    answers = {"fever": "yes", "duration_weeks": 8}
    if follow_up is not None:
        answers["night_sweats_only"] = follow_up
    assert "fever_with_back_pain" in person.fired(kb, 50, "female", answers)
    assert person.level(kb, 50, "female", answers) == "urgent"


@pytest.mark.parametrize("risk", ["weight_loss", "cancer_history"])
def test_night_sweats_with_weight_loss_or_a_past_cancer_are_never_lowered(kb, risk):
    for age, sex in ((34, "male"), (50, "female"), (70, "male")):
        sweats = {**SWEATS, risk: "yes"}
        fever = {**sweats, "night_sweats_only": "no"}
        assert "night_sweats_with_risk" in person.fired(kb, age, sex, sweats)
        assert RANK[person.level(kb, age, sex, sweats)] >= RANK["urgent"], (age, sex)
        assert RANK[person.level(kb, age, sex, sweats)] >= RANK[person.level(kb, age, sex, fever)]
        _, by_interview = person.interview(kb, age, sex, sweats)
        assert RANK[by_interview] >= RANK["urgent"], (age, sex)


def test_night_sweats_with_an_infection_risk_stay_an_emergency(kb):
    answers = {**SWEATS, "infection_risk": "yes"}
    assert "fever_with_infection_risk" in person.fired(kb, 40, "male", answers)
    assert person.level(kb, 40, "male", answers) == "emergency"


@pytest.mark.parametrize(
    ("extra", "rule"),
    [
        ({"new_leg_nerve_symptoms": "yes"}, "fever_with_neuro_symptoms"),
        ({"pain_constant_worsening": "yes"}, "fever_with_progressive_pain"),
        ({"sickle_cell": "yes"}, None),
    ],
)
def test_night_sweats_with_another_warning_sign_keep_the_fever_emergency(kb, extra, rule):
    answers = {**SWEATS, **extra}
    base = {"fever": "yes", "night_sweats_only": "no", "duration_weeks": 8, **extra}
    assert person.level(kb, 45, "male", answers) == person.level(kb, 45, "male", base)
    assert person.level(kb, 45, "male", answers) == "emergency"
    if rule:
        assert rule in person.fired(kb, 45, "male", answers)


def test_night_sweats_under_18_stay_an_emergency(kb):
    assert person.level(kb, 16, "female", SWEATS) == "emergency"


def test_the_answer_never_lowers_anything_but_the_lone_fever_rule(kb):
    """Every rule that fires on a fever with "no" to the follow-up fires with "yes" too, except
    fever_with_back_pain (taken over by night_sweats_alone)."""
    for age, sex in ((30, "female"), (70, "male")):
        for extra in ({}, {"infection_risk": "yes"}, {"pain_constant_worsening": "yes"}):
            yes = person.fired(kb, age, sex, {**SWEATS, **extra})
            no = person.fired(kb, age, sex, {**SWEATS, **extra, "night_sweats_only": "no"})
            assert no - yes <= {"fever_with_back_pain"}, (age, sex, extra, no - yes)


# ---------------------------------------------------------------- asking it
def test_the_follow_up_is_asked_only_after_a_yes_to_the_fever_question(kb):
    assert person.askable(kb, "night_sweats_only", 50, "female", {"fever": "yes"})
    assert not person.askable(kb, "night_sweats_only", 50, "female", {"fever": "no"})
    assert not person.askable(kb, "night_sweats_only", 50, "female", {})


def test_the_follow_up_shares_a_page_with_the_new_leg_symptoms_question(kb):
    """After a fever the new-leg-symptoms question is asked too: the follow-up joins its page,
    so a person with a fever gets no extra page."""
    truth = {"fever": "yes", "night_sweats_only": "yes", "duration_weeks": 8}
    asked, _ = person.interview(kb, 50, "female", truth)
    assert "night_sweats_only" in asked and "new_leg_nerve_symptoms" in asked
    # the page the interview shows once everything before it is answered
    before = [f for f in asked[: asked.index("night_sweats_only")] if f not in ("age", "sex")]
    answers = parse_answers(
        kb,
        {"age": 50, "sex": "female", "answers": {f: truth.get(f, "no") for f in before}},
    )
    items = next_question(kb, answers).items
    assert set(items) == {"night_sweats_only", "new_leg_nerve_symptoms"}


def test_the_interview_ends_at_a_doctor_visit_for_night_sweats_alone(kb):
    asked, level = person.interview(kb, 50, "female", SWEATS)
    assert "night_sweats_only" in asked
    assert level == "doctor"


def test_the_interview_keeps_a_fever_urgent_when_the_follow_up_is_not_stated(kb):
    asked, level = person.interview(kb, 50, "female", {"fever": "yes", "duration_weeks": 8})
    assert "night_sweats_only" in asked
    assert level == "urgent"


# ---------------------------------------------------------------- free text
def test_night_sweats_in_words_answer_both_questions(kb):
    from backstride.intake import parse

    said = {m.finding: (m.answer, m.applies) for m in parse(kb, "I get night sweats").mentions}
    assert said["fever"] == ("yes", True)
    assert said["night_sweats_only"] == ("yes", True)


@pytest.mark.parametrize(
    "text",
    [
        "I've had a fever and night sweats",
        "night sweats and chills",
        "fevers, chills and night sweats",
        "I've had a high temperature and I sweat through the sheets",
    ],
)
def test_a_fever_said_with_night_sweats_is_never_taken_as_sweats_alone(kb, text):
    from backstride.intake import parse

    taken = {m.finding: m.answer for m in parse(kb, text).mentions if m.applies}
    assert "night_sweats_only" not in taken, text
    assert taken.get("fever") == "yes", text


def test_no_fever_or_chills_says_nothing_about_sweats_alone(kb):
    from backstride.intake import parse

    assert [m.finding for m in parse(kb, "no fever or chills").mentions] == ["fever"]


def test_sweats_alone_from_text_count_only_once_confirmed(kb):
    """Its "yes" lowers the level, so it is not a warning sign: a warning sign's "yes" from the
    text counts at once, this one only when the person confirms it."""
    from backstride.intake import parse
    from backstride.intake.confirm import items

    assert kb.findings["night_sweats_only"].topic != "red_flag"
    got = [it for it in items(parse(kb, "I get night sweats")) if it.finding == "night_sweats_only"]
    assert got and not got[0].red_flag


# ---------------------------------------------------------------- the "none" clause
def test_a_none_clause_that_is_not_answered_does_not_hold(kb):
    from backstride.engine.rules import matches

    m = Match.model_validate(
        {
            "all": [{"finding": "fever", "is": "yes"}],
            "none": [{"finding": "night_sweats_only", "is": "yes"}],
        }
    )

    def ans(values):
        return parse_answers(kb, {"age": 40, "sex": "male", "answers": values})

    assert matches(kb, m, ans({"fever": "yes"}))
    assert matches(kb, m, ans({"fever": "yes", "night_sweats_only": UNKNOWN}))
    assert matches(kb, m, ans({"fever": "yes", "night_sweats_only": "no"}))
    assert not matches(kb, m, ans({"fever": "yes", "night_sweats_only": "yes"}))
    assert not matches(kb, m, ans({"fever": "no"}))
