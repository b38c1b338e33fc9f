"""`backstride questionnaire NAME`: real processes, a real SQLite file, a real terminal."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from backstride.storage import Store

from ..tmux_driver import Terminal
from .sample import ODI_FIRST, SB_HIGH

BIN = str(Path(sys.executable).parent / "backstride")
needs_tmux = pytest.mark.skipif(
    shutil.which("tmux") is None and os.environ.get("CI") != "true", reason="tmux not installed"
)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "120"}
    env.pop("BACKSTRIDE_DB", None)
    return subprocess.run([BIN, *args], capture_output=True, text=True, env=env, timeout=60)


def write(tmp_path: Path, data: object, name: str = "answers.json") -> Path:
    p = tmp_path / name
    p.write_text(json.dumps(data))
    return p


def stored(db: Path, instrument: str) -> list[dict]:
    with Store.open(str(db)) as store:
        return store.list_scores(None, instrument)


def test_answers_file_scores_and_saves(tmp_path):
    db = tmp_path / "b.db"
    r = run(
        "questionnaire",
        "odi",
        "--answers",
        str(write(tmp_path, ODI_FIRST)),
        "--db",
        str(db),
        "--json",
    )
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    # Fairbank 2000 rule with one section missing: 21 / (5 x 9) = 46.7%
    assert out["percentage"] == pytest.approx(21 / 45 * 100)
    assert out["band"] == "severe"
    assert out["answers"]["walking"] == "3" and "sex_life" not in out["answers"]
    assert out["wording"] == "own"
    (row,) = stored(db, "odi")
    assert row["scores"]["percentage"] == pytest.approx(46.667, abs=0.01)


def test_second_score_is_compared_with_the_mcid(tmp_path):
    db = tmp_path / "b.db"
    run("questionnaire", "odi", "-a", str(write(tmp_path, ODI_FIRST)), "--db", str(db))
    better = {k: max(0, v - 1) for k, v in ODI_FIRST.items()}
    wrapped = {"instrument": "odi", "answers": better}
    r = run("questionnaire", "odi", "-a", str(write(tmp_path, wrapped, "b.json")), "--db", str(db))
    assert r.returncode == 0, r.stderr
    assert "improved by 20 percentage points" in r.stdout
    assert "at least the 10-point change" in r.stdout
    assert len(stored(db, "odi")) == 2


def test_no_save_leaves_the_database_alone(tmp_path):
    db = tmp_path / "b.db"
    r = run(
        "questionnaire",
        "start_back",
        "-a",
        str(write(tmp_path, SB_HIGH)),
        "--db",
        str(db),
        "--no-save",
    )
    assert r.returncode == 0, r.stderr
    assert "High risk" in r.stdout and "Not saved" in r.stdout
    assert stored(db, "start_back") == []


@pytest.mark.parametrize(
    ("args", "content", "needles"),
    [
        (["oswestry"], ODI_FIRST, ["'oswestry'", "odi, ", "start_back", "sugioka"]),
        (
            ["odi"],
            {**ODI_FIRST, "walking": "7"},
            [
                "7 is not one of the answers",
                "walking",
                "Valid answers: '0', '1', '2', '3', '4', '5'",
            ],
        ),
        (["odi"], {"walkng": 2}, ["'walkng'", "Did you mean 'walking'"]),
        (["start_back"], {**SB_HIGH, "worry": None}, ["missing: 6 (worry)", "'agree', 'disagree'"]),
        (["zcq"], {"instrument": "odi", "answers": {}}, ["for 'odi', not 'zcq'"]),
        (["sshq"], ["yes", "no"], ["JSON object", "list"]),
    ],
)
def test_bad_input_exits_2_naming_the_value_and_the_choices(tmp_path, args, content, needles):
    db = tmp_path / "b.db"
    r = run("questionnaire", *args, "-a", str(write(tmp_path, content)), "--db", str(db))
    assert r.returncode == 2, r.stdout + r.stderr
    for needle in needles:
        assert needle in r.stderr
    assert "Traceback" not in r.stderr
    assert not db.exists() or stored(db, args[0]) == []


def test_wording_for_another_instrument_is_refused(tmp_path):
    wording = write(
        tmp_path, {"instrument": "odi", "items": {"walking": "Licensed text"}}, "w.json"
    )
    r = run("questionnaire", "zcq", "--wording", str(wording), "-a", str(write(tmp_path, {})))
    assert r.returncode == 2
    assert "is for 'odi', not 'zcq'" in r.stderr


@needs_tmux
def test_interactive_start_back_with_back_and_a_typo(tmp_path):
    db = tmp_path / "b.db"
    with Terminal([BIN, "questionnaire", "start_back", "--db", str(db)]) as t:
        t.wait_for("Question 1 of 9")
        t.type("1")
        t.wait_for("Question 2 of 9")
        t.type("b")  # back to question 1: answer it differently
        t.wait_for("Question 1 of 9", count=2)
        t.type("2")
        t.wait_for("Question 2 of 9", count=2)
        for n, key in enumerate(["2", "1", "1", "1", "1", "1"], start=3):
            t.type(key)
            t.wait_for(f"Question {n} of 9")
        t.type("x")
        t.wait_for("Please type a number from 1 to 2")
        t.type("1")
        t.wait_for("Question 9 of 9")
        t.type("4")  # "A lot": scores 1
        screen = t.wait_for("EXIT=0")
    # leg pain disagree, items 3-8 agree, bothersomeness 1: total 7, distress 5 -> high risk
    assert "High risk (total 7/9, distress 5/5)" in screen
    (row,) = stored(db, "start_back")
    assert row["scores"]["answers"]["leg_pain"] == "disagree"
    assert row["scores"]["risk_group"] == "high"


@needs_tmux
def test_interactive_odi_with_licensed_wording_and_a_skipped_section(tmp_path):
    db = tmp_path / "b.db"
    wording = tmp_path / "odi-wording.yaml"
    wording.write_text(
        "instrument: odi\nitems:\n  pain_intensity:\n    text: CLINIC WORDING ONE\n"
        "    choices: {'0': CLINIC CHOICE ZERO}\n"
    )
    with Terminal([BIN, "questionnaire", "odi", "--wording", str(wording), "--db", str(db)]) as t:
        t.wait_for("Question 1 of 10")
        screen = t.wait_for("1) CLINIC CHOICE ZERO")  # the choices are drawn after the question
        assert "CLINIC WORDING ONE" in screen
        for n in range(1, 11):
            t.wait_for(f"Question {n} of 10")
            t.type("s" if n == 8 else "3")  # skip section 8 (sex life); others score 2
        screen = t.wait_for("EXIT=0")
    assert "ODI: 40% (moderate disability)" in screen  # 18 / 45
    (row,) = stored(db, "odi")
    assert row["scores"]["missing"] == ["sex_life"]
    assert row["scores"]["wording"] == str(wording)


@needs_tmux
def test_interactive_quit_saves_nothing(tmp_path):
    db = tmp_path / "b.db"
    with Terminal([BIN, "questionnaire", "sshq", "--db", str(db)]) as t:
        t.wait_for("Question 1 of 10")
        t.type("1")
        t.wait_for("Question 2 of 10")
        t.type("q")
        screen = t.wait_for("EXIT=")
    assert "EXIT=130" in screen and "Nothing was saved" in screen
    assert not db.exists() or stored(db, "sshq") == []


@needs_tmux
def test_interactive_zcq_asks_before_the_satisfaction_items(tmp_path):
    db = tmp_path / "b.db"
    with Terminal([BIN, "questionnaire", "zcq", "--db", str(db)]) as t:
        for n in range(1, 13):
            t.wait_for(f"Question {n} of 18")
            t.type("2")  # mild / weekly / sometimes / sometimes painful ...
        t.wait_for("Have you had treatment to rate?")
        t.type("n")
        screen = t.wait_for("EXIT=0")
    assert "Question 13 of 18" not in screen
    assert "Satisfaction was not asked" in screen
    (row,) = stored(db, "zcq")
    # items 1-6 score 2, balance "sometimes" scores 3: (12 + 3) / 7; function items all 2
    assert row["scores"]["symptom_severity"] == pytest.approx(15 / 7)
    assert row["scores"]["physical_function"] == 2
    assert row["scores"]["satisfaction"] is None
