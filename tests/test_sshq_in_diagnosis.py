"""Konno's stenosis questionnaire (SSHQ) feeds the diagnosis as one answer (issue 13).

Its published accuracy (Kato 2015, DISTO: sensitivity 68.3%, specificity 75.1% in people 50
and over with back pain) is for the rule as a whole, so the rule is one finding,
`sshq_positive`, set from the person's latest saved questionnaire, never asked.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from backstride.engine import assess
from backstride.instruments import diagnostic_answers
from backstride.instruments._common import load_spec
from backstride.knowledge import load_kb

from .test_cli import needs_tmux
from .test_intake_cli import _answer, _prompted
from .tmux_driver import Terminal

BIN = str(Path(sys.executable).parent / "backstride")
ITEMS = [item.id for item in load_spec("sshq").items]  # Q1-Q4 are the core items


def _row(positive: bool, day: int, instrument: str = "sshq") -> dict:
    return {
        "instrument": instrument,
        "scores": {"positive": positive},
        "taken_at": datetime(2026, 11, day),
    }


def test_the_latest_sshq_gives_the_answer_and_other_questionnaires_give_none():
    rows = [_row(True, 1), _row(False, 20), {"instrument": "odi", "scores": {"percent": 30}}]
    got = diagnostic_answers(rows)
    assert set(got) == {"sshq_positive"}
    assert got["sshq_positive"]["value"] == "no"
    assert got["sshq_positive"]["taken_at"] == datetime(2026, 11, 20)
    assert diagnostic_answers([{"instrument": "odi", "scores": {"positive": True}}]) == {}


def test_a_positive_sshq_applies_the_published_figure_in_its_contrast():
    kb = load_kb()
    (fi,) = [f for f in kb.fidelity if f.finding == "sshq_positive"]
    assert fi.condition == "lumbar_stenosis" and fi.study == "kato2015_disto" and fi.ok
    assert round(fi.published_pos, 2) == 2.74 and round(fi.published_neg, 2) == 0.42
    assert kb.findings["sshq_positive"].ask is False  # worked out from the questionnaire
    base = {"age": 68, "sex": "male", "answers": {"legs_give_way_walking": "yes"}}

    def p(value: str | None) -> float:
        doc = json.loads(json.dumps(base))
        if value:
            doc["answers"]["sshq_positive"] = value
        res = assess(kb, doc, top=22).to_dict()
        return next(c for c in res["conditions"] if c["id"] == "lumbar_stenosis")["probability"]

    assert p("yes") > p(None) > p("no")
    res = assess(kb, {**base, "answers": {"sshq_positive": "yes"}}).to_dict()
    top = next(c for c in res["conditions"] if c["id"] == "lumbar_stenosis")
    why = [r for r in top["reasons_for"] if r["finding"] == "sshq_positive"]
    assert why and why[0]["kind"] == "study"


def _save_sshq(db: Path, yes: set[str]) -> None:
    f = db.parent / "sshq.json"
    f.write_text(json.dumps({i: "yes" if i in yes else "no" for i in ITEMS}))
    subprocess.run([BIN, "questionnaire", "sshq", "-a", str(f), "--db", str(db)], check=True)


@needs_tmux
def test_the_terminal_interview_uses_the_saved_questionnaire(tmp_path):
    kb = load_kb()
    db = tmp_path / "diary.db"
    _save_sshq(db, set(ITEMS[:4]))  # all four walking and standing items: positive
    saved = tmp_path / "answers.json"
    cmd = [BIN, "assess", "--db", str(db), "--no-save", "--save-answers", str(saved)]
    with Terminal(cmd, env={"COLUMNS": "200"}, width=200) as t:
        t.wait_for("in your own words (or press Enter to skip)")
        t.type("")
        screen = t.wait_for("Using your questionnaire on squeezed nerves in the low back (SSHQ)")
        assert (
            "positive"
            in screen.split("Using your questionnaire on squeezed nerves in the low back (SSHQ)")[
                1
            ][:40]
        )
        n = 1
        while t.wait_any(f"Question {n} ", "Likely causes") != "Likely causes":
            _answer(t, kb, _prompted(t).split(f"Question {n} ")[-1])
            n += 1
        screen = t.wait_for("EXIT=0")
    data = json.loads(saved.read_text())
    assert data["answers"]["sshq_positive"] == "yes"
    assert screen.count("SSHQ") >= 2  # said at the start, then shown among the reasons
    assert "Kato" in screen


def test_without_a_database_nothing_is_created_or_added(tmp_path):
    db = tmp_path / "none.db"
    doc = {"age": 68, "sex": "male", "answers": {"legs_give_way_walking": "yes"}}
    from rich.console import Console

    from backstride.cli.assess import _with_questionnaires

    assert _with_questionnaires(Console(), doc, str(db), None) is doc
    assert not db.exists()
    _save_sshq(db, {"numbness_both_legs"})  # one item only: negative
    got = _with_questionnaires(Console(), doc, str(db), None)
    assert got["answers"] == {"legs_give_way_walking": "yes", "sshq_positive": "no"}
    assert doc["answers"] == {"legs_give_way_walking": "yes"}  # the caller's copy untouched
