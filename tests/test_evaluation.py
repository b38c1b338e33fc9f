"""The case evaluator on the small knowledge base, with outcomes worked out by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from backstride.errors import InputError
from backstride.evaluation import complete_screen, evaluate, simulate_interview

CASES = Path(__file__).parent / "data" / "cases_small"


def test_metrics_on_small_cases(small_kb):
    r = evaluate(small_kb, CASES)
    assert r["cases"] == 4
    # b1: B top (0.72); c1: C top; a1: A top; a2: f1=yes puts B first and A second by
    # chance, but C's chance calls for an emergency, so the list shows C, B, A
    assert r["top1"] == 0.75 and r["top3"] == 1.0
    detail = {c["id"]: c for c in r["cases_detail"]}
    assert detail["a2"]["rank"] == 3
    assert detail["a2"]["rank_by_chance"] == 2
    assert r["by_chance"] == {"top1": 0.75, "top3": 1.0, "mean_rank": 1.25}
    assert r["mean_rank"] == 1.5
    # a2 leaves the red flag unanswered, so C keeps its prior and urgency stays emergency:
    assert detail["a2"]["urgency"] == "emergency"
    assert r["by_urgency"]["self_care"] == {"cases": 2, "exact": 0.5, "under": 0.0, "over": 0.5}
    assert r["selfcare_over_triage"] == 0.5
    assert r["emergency_missed"] == 0 and r["under_triage"] == 0.0
    assert set(r["splits"]) == {"heldout", "tuning"}
    assert r["splits"]["heldout"]["cases"] == 3


def test_interview_answers_only_what_it_asks(small_kb):
    case = {"age": 30, "sex": "female", "answers": {"f1": "no", "rf": "no"}}
    answers, asked = simulate_interview(small_kb, case)
    assert answers.values["age"] == 30 and answers.values["rf"] == "no"
    assert "where" not in answers.values  # gated behind f1 = yes
    assert asked == len(answers.values)


def test_empty_dir_is_a_clear_error(small_kb, tmp_path):
    with pytest.raises(InputError, match="No case files"):
        evaluate(small_kb, tmp_path)


def test_cases_that_tell_their_story_are_scored_apart(small_kb, monkeypatch):
    # a1 states 4 answers and b1 3; a2 and c1 one each. With the bar at 3, a1 (A top) and b1
    # (B top) are the rich cases, both first; at 4 only a1 (held-out) is left.
    import backstride.evaluation as ev

    monkeypatch.setattr(ev, "RICH_ANSWERS", 3)
    r = evaluate(small_kb, CASES)
    assert r["rich_cases"] == {
        "min_answers": 3,
        "cases": 2,
        "top1": 1.0,
        "top3": 1.0,
        "top3_by_chance": 1.0,
    }
    monkeypatch.setattr(ev, "RICH_ANSWERS", 4)
    r = evaluate(small_kb, CASES)
    assert r["rich_cases"]["cases"] == 1
    assert r["splits"]["heldout"]["rich_cases"]["cases"] == 1
    assert r["splits"]["tuning"]["rich_cases"]["cases"] == 0
    assert r["splits"]["tuning"]["rich_cases"]["top3"] is None
    assert {c["id"]: c["answers_given"] for c in r["cases_detail"]}["a1"] == 4


def test_self_care_over_triage_is_also_shown_with_the_screen_completed(small_kb, tmp_path):
    # a1 without its stated "no" to the warning sign: the sign is not ruled out, so the case
    # is over-triaged; completing the screen answers it "no" (as a person with no warning
    # signs would), which gives a1's own self-care result. The case's own figures keep the
    # unstated sign unanswered.
    import json

    (tmp_path / "heldout").mkdir()
    case = {"id": "a1_unscreened", "age": 30, "sex": "female", "diagnosis": "cond_a"}
    case |= {"answers": {"f1": "no", "f2": "yes", "f3": "yes"}, "urgency": "self_care"}
    (tmp_path / "heldout" / "a1.json").write_text(json.dumps(case))
    r = evaluate(small_kb, tmp_path)
    assert r["selfcare_over_triage"] == 1.0
    assert r["selfcare_over_triage_screened"] == 0.0
    assert complete_screen(small_kb, case).values["rf"] == "no"
    assert "rf" not in case["answers"]
