"""Questionnaire results change the plan (STarT Back stratified care, Hill 2011; ODI bands)."""

from __future__ import annotations

import json

import pytest

from backstride.engine import assess
from backstride.plan import build_plan
from backstride.plan.scores import latest_scores, score_advice

from ..report.sample import ODI_FIRST, SB_HIGH
from ..report.test_questionnaire_cli import run, write
from .test_plan import profile


def plan_for(kb, scores):
    data = profile("muscular")
    return build_plan(assess(kb, data).to_dict(), data, kb, scores=scores)


@pytest.mark.parametrize(
    ("group", "option", "card"),
    [
        ("high", "start_back_high", None),
        ("medium", "start_back_medium", None),
        ("low", None, "start_back_low"),
    ],
)
def test_start_back_group_picks_the_stratified_pathway(kb, group, option, card):
    p = plan_for(kb, {"start_back": {"risk_group": group, "total": 5}})
    opts = [o.id for o in p.options]
    cards = [c.id for c in p.education]
    assert (option in opts) if option else not any(o.startswith("start_back") for o in opts)
    assert (card in cards) if card else "start_back_low" not in cards
    assert any(f"{group}-risk group" in line for line in p.now)
    if option:
        assert "hill2011" in json.dumps(p.to_dict())


def test_no_scores_no_questionnaire_advice(kb):
    p = plan_for(kb, None)
    assert not any(o.id.startswith(("start_back", "odi")) for o in p.options)
    assert not any("STarT Back" in line for line in p.now)


def test_latest_score_counts():
    rows = [
        {
            "instrument": "start_back",
            "taken_at": "2026-01-01T00:00:00",
            "scores": {"risk_group": "high"},
        },
        {
            "instrument": "start_back",
            "taken_at": "2026-03-01T00:00:00",
            "scores": {"risk_group": "low"},
        },
    ]
    assert latest_scores(rows)["start_back"]["risk_group"] == "low"
    assert [o.id for o in score_advice(list(reversed(rows))).options] == []


@pytest.mark.parametrize(
    ("pct", "band", "expected"),
    [(46.7, "severe", True), (40.0, "moderate", False), (62.0, None, True)],
)
def test_odi_severe_band_adds_see_a_clinician(pct, band, expected):
    rec = {"percentage": pct, **({"band": band} if band else {})}
    ids = [o.id for o in score_advice({"odi": rec}).options]
    assert ("odi_severe" in ids) is expected


def test_plan_command_reads_stored_questionnaires(tmp_path):
    db = tmp_path / "b.db"
    answers = write(tmp_path, profile("muscular"), "a.json")
    before = run("plan", "--answers", str(answers), "--db", str(db), "--json")
    assert before.returncode == 0, before.stderr
    assert "start_back_high" not in before.stdout
    for name, items in (("start_back", SB_HIGH), ("odi", ODI_FIRST)):
        r = run(
            "questionnaire",
            name,
            "-a",
            str(write(tmp_path, items, f"{name}.json")),
            "--db",
            str(db),
        )
        assert r.returncode == 0, r.stderr
    after = run("plan", "--answers", str(answers), "--db", str(db), "--json")
    assert after.returncode == 0, after.stderr
    options = [o["id"] for o in json.loads(after.stdout)["options"]]
    assert options[:2] == ["start_back_high", "odi_severe"]
    text = run("plan", "--answers", str(answers), "--db", str(db), "--full")
    assert "psychologically informed physiotherapy" in " ".join(text.stdout.split())
    summary = run("plan", "--answers", str(answers), "--db", str(db))  # the one-screen version
    top = " ".join(summary.stdout.split())
    assert "Ask for physio that also helps with worry and fear of moving" in top
    assert top.index("most important things") < top.index("physio that also helps")
