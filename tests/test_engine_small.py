"""Posteriors on the small test knowledge base, checked against values computed by hand.

Hand computation (tests/data/kb_small): priors A 0.6, B 0.3, C 0.1. Every cell is explicit; the
cells marked "unfilled" hold the old reference rate, so A and C answer f1 "yes" with 0.2.
- f1=yes: P(f1=yes|B)=0.8 vs 0.2 for A and C, weight 4. Posterior proportional to
  (0.6, 1.2, 0.1) -> (0.6/1.9, 1.2/1.9, 0.1/1.9).
- f2=yes and f3=yes are one dependency group. For A: f2 weight 1.5 (lr_pos), f3 weight 0.8/0.4=2.
  Damped: 2 * 1.5**0.5 = 2.449. Posterior of A = 0.6*2.449 / (0.6*2.449 + 0.3 + 0.1).
- where=thigh on B: lr_neg 0.5 on the positive set {thigh, calf} (base 0.5) gives
  P(pos|B) = 1 - 0.5*0.5 = 0.75; thigh share 0.3/0.5 -> P(thigh|B) = 0.45, weight 0.45/0.3 = 1.5.
"""

from __future__ import annotations

import numpy as np
import pytest

from backstride.engine import UNKNOWN, assess, next_question, parse_answers, posterior
from backstride.engine.inference import DAMPING
from backstride.errors import AnswerError, InputError, UnknownIdError


def post(kb, answers, **top):
    return posterior(kb, parse_answers(kb, {**top, "answers": answers}))


def test_prior_only(small_kb):
    np.testing.assert_allclose(post(small_kb, {}), [0.6, 0.3, 0.1])


def test_age_modifier_doubles_prior_of_a(small_kb):
    np.testing.assert_allclose(post(small_kb, {}, age=75), np.array([1.2, 0.3, 0.1]) / 1.6)
    np.testing.assert_allclose(post(small_kb, {}, age=69), [0.6, 0.3, 0.1])


def test_single_finding_matches_hand_computation(small_kb):
    np.testing.assert_allclose(post(small_kb, {"f1": "yes"}), np.array([0.6, 1.2, 0.1]) / 1.9)


def test_negative_answer_uses_complement(small_kb):
    # P(f1=no|B) = 0.2 vs base 0.8 -> weight 0.25
    np.testing.assert_allclose(post(small_kb, {"f1": "no"}), np.array([0.6, 0.075, 0.1]) / 0.775)


def test_group_damping(small_kb):
    # the stronger weight (x2) counts in full, the weaker (x1.5) at DAMPING
    a = 0.6 * 2 * 1.5**DAMPING
    np.testing.assert_allclose(post(small_kb, {"f2": "yes", "f3": "yes"})[0], a / (a + 0.4))


def test_independent_findings_multiply(small_kb):
    # f1 (own group) and f3 (group g) are independent: weights multiply without damping
    p = post(small_kb, {"f1": "yes", "f3": "yes"})
    raw = np.array([0.6 * 2, 0.3 * 4, 0.1])
    np.testing.assert_allclose(p, raw / raw.sum())


def test_choice_state_with_lr_neg(small_kb):
    p = post(small_kb, {"f1": "yes", "where": "thigh"})
    raw = np.array([0.6, 0.3 * 4 * 1.5, 0.1])
    np.testing.assert_allclose(p, raw / raw.sum())


def test_dont_know_changes_nothing(small_kb):
    np.testing.assert_allclose(
        post(small_kb, {"f1": "unknown", "f2": "unknown"}), post(small_kb, {})
    )


def test_red_flag_sets_emergency(small_kb):
    r = assess(small_kb, {"answers": {"rf": "yes"}}).to_dict()
    assert r["urgency"]["level"] == "emergency"
    assert r["red_flags"][0]["id"] == "rf_rule"
    assert r["urgency"]["advice"] == "Go now."


def test_condition_probability_raises_urgency(small_kb):
    # B has act_at 0.5 and urgency doctor; f1=yes and where=thigh put B at 0.72
    r = assess(small_kb, {"answers": {"f1": "yes", "where": "thigh"}}).to_dict()
    assert r["conditions"][0]["id"] == "cond_b"
    assert r["urgency"]["level"] == "doctor"
    # with f1=no and the red flag ruled out, the same person is self-care
    r = assess(small_kb, {"answers": {"f1": "no", "rf": "no"}}).to_dict()
    assert r["urgency"]["level"] == "self_care"
    # but with the red flag unanswered, C (prior 0.1, act_at 0.05) keeps urgency at emergency:
    # an unanswered red-flag question is never taken as reassurance
    assert assess(small_kb, {"answers": {"f1": "no"}}).to_dict()["urgency"]["level"] == "emergency"


def test_reasons_carry_weight_and_source(small_kb):
    r = assess(small_kb, {"answers": {"f1": "yes", "f3": "yes"}}).to_dict()
    b = next(c for c in r["conditions"] if c["id"] == "cond_b")
    assert b["reasons_for"][0] == {
        "finding": "f1",
        "question": "F1?",
        "answer": "yes",
        "weight": 4.0,
        "source": "test2020",
        "estimate": False,
        "published": "sensitivity 80%",
        "kind": "study",
        "basis": "study test2020 in test: sensitivity 80%",
        "lr_published": None,  # a case series: no published LR to compare
        "lr_applied": None,
        "lr_contrast": None,
        "sources": [],  # one source, not a cell split by sub-type
    }
    a = next(c for c in r["conditions"] if c["id"] == "cond_a")
    f3 = next(x for x in a["reasons_for"] if x["finding"] == "f3")
    assert f3["estimate"] is True and f3["kind"] == "estimate"  # an estimate says so
    assert f3["basis"] == "estimate: test estimate"
    # the weight shown is against all other conditions: P(f3=yes|A) 0.8 vs 0.4 in B and C
    assert f3["weight"] == 2.0


def test_study_reason_shows_published_and_applied_lr(small_kb):
    # cond_b's 'where' cell: LR- 0.5 published against all other conditions
    r = assess(small_kb, {"answers": {"where": "back"}}).to_dict()
    b = next(c for c in r["conditions"] if c["id"] == "cond_b")
    (why,) = [x for x in b["reasons_against"] if x["finding"] == "where"]
    assert why["kind"] == "study" and why["lr_published"] == 0.5
    assert why["lr_applied"] == 0.5 and why["lr_contrast"] == ["all_other"]
    # cond_a's f2 cell publishes only LR+ 1.5: a 'no' answer has no published LR
    r = assess(small_kb, {"answers": {"f2": "yes"}}).to_dict()
    a = next(c for c in r["conditions"] if c["id"] == "cond_a")
    (why,) = [x for x in a["reasons_for"] if x["finding"] == "f2"]
    assert why["lr_published"] == 1.5 and why["lr_applied"] == pytest.approx(1.5, rel=0.34)


def test_factor_found(small_kb):
    assert assess(small_kb, {"answers": {"f2": "yes"}}).to_dict()["factors"][0]["id"] == "fac"


def test_interview_asks_screen_first_then_gates(small_kb):
    a = parse_answers(small_kb, {})
    asked = []
    while (nq := next_question(small_kb, a)).finding:
        asked.append(nq.finding)
        a = a.with_answer(nq.finding, {"age": 50, "sex": "male"}.get(nq.finding, "no"))
    assert asked[:3] == ["age", "sex", "rf"]
    assert "where" not in asked  # gated on f1 = yes, which was answered no


@pytest.mark.parametrize(
    ("data", "error", "needle"),
    [
        ({"answers": {"f11": "yes"}}, UnknownIdError, "Did you mean 'f1'"),
        ({"answers": {"f1": "maybe"}}, AnswerError, "yes, no, unknown"),
        ({"answers": {"where": "knee"}}, AnswerError, "back, thigh, calf"),
        ({"age": 300}, AnswerError, "16 to 110"),
        ({"age": "old"}, AnswerError, "must be a number"),
        ({"agee": 30}, UnknownIdError, "'age'"),
        ([1, 2], InputError, "JSON object"),
    ],
)
def test_bad_input_names_value_and_choices(small_kb, data, error, needle):
    with pytest.raises(error) as exc:
        parse_answers(small_kb, data)
    assert needle in str(exc.value)


def test_unknown_spellings(small_kb):
    a = parse_answers(small_kb, {"answers": {"f1": "don't know", "f2": None, "where": "?"}})
    assert set(a.values.values()) == {UNKNOWN}
