"""collect_summary: one plain dict from a real SQLite store, checked value by value."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from backstride.report.summary import build_summary, collect_summary, headline, plan_lines
from backstride.storage import Store

from .sample import DIARY_DAYS, PLAN


@pytest.fixture
def summary(filled_db, small_kb):
    db, _ = filled_db
    with Store.open(str(db)) as store:
        return collect_summary(store, kb=small_kb, now=datetime(2025, 4, 20, 9, 0))


def test_summary_is_plain_json(summary):
    assert json.loads(json.dumps(summary)) == summary


def test_person_and_assessment(summary, filled_db):
    _, stored = filled_db
    assert summary["person"]["age"] == 67
    assert summary["person"]["sex"] == "female"
    assert summary["urgency"] == stored["result"]["urgency"]
    top = summary["differential"][0]
    assert top["id"] == stored["result"]["conditions"][0]["id"]
    probs = [c["probability"] for c in summary["differential"]]
    assert probs == sorted(probs, reverse=True)


def test_reasons_carry_citations(summary):
    reasons = [r for c in summary["differential"] for r in c["reasons"]]
    cited = [r for r in reasons if r["source"] == "test2020"]
    assert cited and all(r["citation"] == "Tester 2020" for r in cited)
    assert "test2020" in summary["citations"]
    assert summary["citations"]["test2020"].startswith("Tester A (2020). A test study")


def test_odi_change_reaches_mcid(summary):
    odi = next(q for q in summary["questionnaires"] if q["instrument"] == "odi")
    # 21/45 = 46.7% first, 12/45 = 26.7% now: 20 points better, MCID 10 (Ostelo 2008)
    assert odi["scores"]["percentage"] == pytest.approx(12 / 45 * 100)
    assert odi["headline"] == "27% (moderate disability)"
    (change,) = odi["changes"]
    assert change["before"] == pytest.approx(46.666, abs=0.01)
    assert change["direction"] == "better"
    assert change["reaches_mcid"] is True
    assert len(odi["history"]) == 2
    assert odi["answers"]["pain_intensity"] == "2"


def test_start_back_history_and_single_zcq(summary):
    sb = next(q for q in summary["questionnaires"] if q["instrument"] == "start_back")
    assert [h["headline"].split(" (")[0] for h in sb["history"]] == ["High risk", "Medium risk"]
    assert sb["changes"] == []  # no MCID for a risk group
    zcq = next(q for q in summary["questionnaires"] if q["instrument"] == "zcq")
    assert zcq["changes"] == []  # taken once
    assert zcq["headline"].startswith("severity 2.86/5, function 2.00/4")


def test_walking_tolerance_trend(summary):
    w = summary["walking"]
    assert len(w["tolerance"]) == DIARY_DAYS
    assert w["tolerance"][0] == {
        "day": "2025-03-03",
        "minutes": 5.0,
        "metres": 350.0,  # 700 m in 10 min, symptoms at 5 min
        "symptom_free": False,
    }
    assert w["trends"]["minutes_to_onset"]["direction"] == "better"
    assert w["trends"]["pain"]["direction"] == "better"
    assert len(w["steps"]) == 10 and len(w["walks"]) == 3


def test_stored_plan_is_used_with_the_start_back_pathway_first(summary):
    assert summary["plan"] == PLAN
    # latest STarT Back is medium risk: its stratified-care recommendation leads the plan
    assert summary["plan_lines"][0].startswith("STarT Back medium risk: A course of physio")
    assert summary["plan_lines"][1].startswith("Book an appointment")
    assert "Exercise: Bridge: 8 to 10, once a day" in summary["plan_lines"]


def test_build_summary_from_plain_rows_without_a_database():
    rows = [
        {
            "instrument": "zcq",
            "taken_at": "2025-01-01T10:00:00",
            "scores": {"symptom_severity": 3.0, "physical_function": 3.0},
        },
        {
            "instrument": "zcq",
            "taken_at": "2025-03-01T10:00:00",
            "scores": {"symptom_severity": 2.8, "physical_function": 2.0},
        },
    ]
    s = build_summary(scores=rows, now=datetime(2025, 3, 2))
    assert s["assessment"] is None and s["differential"] == []
    changes = {c["scale"]: c for c in s["questionnaires"][0]["changes"]}
    assert changes["zcq_symptom_severity"]["reaches_mcid"] is False  # 0.2 < 0.5
    assert changes["zcq_physical_function"]["reaches_mcid"] is True  # 1.0 >= 0.5
    assert changes["zcq_physical_function"]["mcid_is_estimate"] is True


def test_invalid_odi_is_left_out_of_the_change():
    rows = [
        {"instrument": "odi", "taken_at": "2025-01-01", "scores": {"percentage": None}},
        {
            "instrument": "odi",
            "taken_at": "2025-02-01",
            "scores": {"percentage": 30.0, "band_label": "Moderate disability"},
        },
    ]
    (odi,) = build_summary(scores=rows)["questionnaires"]
    assert odi["changes"] == []
    assert headline("odi", rows[0]["scores"]).startswith("No valid score")


def test_plan_lines_handle_missing_plan():
    assert plan_lines(None) == []
    assert plan_lines({"items": ["Walk daily"]}) == ["Walk daily"]


def test_plan_lines_give_advice_its_first_sentence_not_a_bare_title():
    plan = {
        "habits": [
            {"title": "How to walk", "text": "Stand tall. Let your arms swing."},
            {"title": "Shoes", "text": ""},
        ]
    }
    assert plan_lines(plan) == ["Advice: How to walk (Stand tall)", "Advice: Shoes"]


def test_each_cause_has_its_strongest_answers_against(small_kb):
    """Journey check: the clinician saw only the answers for each cause. With RF and F1 both
    'yes', cause A is the least likely, and both answers count against it (RF the most)."""
    from backstride.engine import assess, parse_answers
    from backstride.fhir import build_bundle

    answers = parse_answers(small_kb, {"age": 68, "answers": {"rf": "yes", "f1": "yes"}})
    result = assess(small_kb, answers).to_dict()
    s = build_summary(result=result, answers=answers.to_json(), kb=small_kb)
    by_id = {c["id"]: c for c in s["differential"]}
    a = by_id["cond_a"]
    assert a["reasons"] == []
    assert [(r["finding"], r["clinical"]) for r in a["against"]] == [("rf", "RF"), ("f1", "F1")]
    weights = [r["weight"] for r in a["against"]]
    assert weights == sorted(weights) and all(w < 1 for w in weights)
    assert a["against"][0]["evidence"]  # the evidence behind it, as for the reasons for
    # the top cause: RF for it, F1 against it; nothing appears on both sides
    c = by_id["cond_c"]
    assert [r["finding"] for r in c["reasons"]] == ["rf"]
    assert [r["finding"] for r in c["against"]] == ["f1"]
    (ra,) = [
        e["resource"]
        for e in build_bundle(s)["entry"]
        if e["resource"]["resourceType"] == "RiskAssessment"
    ]
    rationale = {p["outcome"]["coding"][0]["code"]: p["rationale"] for p in ra["prediction"]}
    assert rationale["cond_a"].startswith("Against: ")
    assert "Main reasons: " in rationale["cond_c"] and ". Against: " in rationale["cond_c"]
