"""`backstride selftest` as a person uses it: real processes and a real terminal (tmux)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ..tmux_driver import Terminal

BIN = str(Path(sys.executable).parent / "backstride")
needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux not installed")


def _env() -> dict[str, str]:
    """Read per call: conftest's throwaway BACKSTRIDE_DB must reach the process (self-test
    results are saved by default, never to the user's own data folder)."""
    return {k: v for k, v in os.environ.items() if k != "BACKSTRIDE_KB_DIR"}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BIN, *args], capture_output=True, text=True, env={**_env(), "COLUMNS": "120"}, timeout=60
    )


def answers_file(tmp_path: Path) -> Path:
    p = tmp_path / "answers.json"
    p.write_text(
        json.dumps(
            {
                "age": 70,
                "sex": "male",
                "answers": {
                    "legs_give_way_walking": "yes",
                    "symptom_reach": "thigh",
                    "walk_minutes": 3,
                },
            }
        )
    )
    return p


def test_list_shows_all_tests_and_suggestions(tmp_path):
    r = run("selftest")
    assert r.returncode == 0, r.stderr
    for name in (
        "hamstring_9090",
        "slr",
        "seated_piriformis",
        "thomas",
        "extension_range",
        "single_leg_stance",
        "timed_walk",
    ):
        assert name in r.stdout
    r = run("selftest", "--answers", str(answers_file(tmp_path)))
    assert r.returncode == 0, r.stderr
    assert "Suggested" in r.stdout and "yes" in r.stdout


def test_non_interactive_result_is_written_back_keeping_other_keys(tmp_path):
    f = answers_file(tmp_path)
    r = run(
        "selftest",
        "timed_walk",
        "--result",
        "6",
        "--result",
        "sitting",
        "--result",
        "lean_minutes=12",
        "--answers",
        str(f),
        "--json",
    )
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["findings"]["st_walk_lean_helps"] == "yes"
    data = json.loads(f.read_text())
    assert data["age"] == 70 and data["sex"] == "male"
    assert data["answers"] == {
        "legs_give_way_walking": "yes",
        "symptom_reach": "thigh",
        "walk_minutes": 6,
        "relief_by": "sitting_or_bending",
        "st_walk_relief_standing": "no",
        "st_walk_lean_helps": "yes",
    }
    # the next assessment reads the file as it is
    a = run("assess", "--answers", str(f), "--json")
    assert a.returncode == 0, a.stderr
    assert json.loads(a.stdout)["answers"]["st_walk_lean_helps"] == "yes"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["selftest", "slrr"], "Did you mean 'slr'"),
        (["selftest", "slr", "--result", "maybe"], "Valid answers: negative, positive, unsure"),
        (
            ["selftest", "timed_walk", "--result", "99", "--result", "sitting"],
            "from 0 to 20 minutes",
        ),
        (
            ["selftest", "thomas", "--result", "tight", "--result", "normal"],
            "Too many --result values",
        ),
        (["selftest", "--result", "tight"], "needs a test name"),
    ],
)
def test_bad_input_gives_a_clear_message(args, message):
    r = run(*args)
    assert r.returncode == 2
    assert message in r.stderr and "Traceback" not in r.stderr


@needs_tmux
def test_guided_test_in_a_terminal_writes_the_answers(tmp_path):
    f = answers_file(tmp_path)
    with Terminal([BIN, "selftest", "slr", "--answers", str(f)], env={"COLUMNS": "100"}) as t:
        t.wait_for("Do NOT do this test if")
        t.wait_for("Is any of these true for you?")
        t.type("maybe")  # not y or n: asked again
        t.wait_for("Please type y (yes) or n (no)")
        t.type("n")
        t.wait_for("Stop at once if")
        t.type("")  # ready
        t.wait_for("Step 1 of 6")
        t.type("")
        t.wait_for("Step 2 of 6")
        t.type("b")  # back one step
        t.wait_for("Step 1 of 6", count=2)
        for n in range(2, 7):
            t.type("")
            t.wait_for(f"Step {n} of 6", count=2 if n == 2 else 1)
        t.type("")
        t.wait_for("How to read it")
        t.wait_for("When your painful leg was lifted")
        t.type("7")  # not an option
        t.wait_for("Please type a number from 1 to 3")
        t.type("1")
        t.wait_for("When your good leg was lifted")
        t.type("s")  # the crossed test is optional
        screen = t.wait_for("EXIT=")
    assert "EXIT=0" in screen and "Recorded:" in screen
    assert "Saved to" in screen and "Traceback" not in screen
    data = json.loads(f.read_text())
    assert data["answers"]["st_slr_leg_pain"] == "yes" and "st_crossed_slr" not in data["answers"]
    assert data["answers"]["walk_minutes"] == 3 and data["age"] == 70


@needs_tmux
def test_unsafe_person_is_told_to_skip(tmp_path):
    f = answers_file(tmp_path)
    before = f.read_text()
    with Terminal([BIN, "selftest", "thomas", "--answers", str(f)]) as t:
        t.wait_for("Is any of these true for you?")
        t.type("y")
        screen = t.wait_for("EXIT=")
    assert "please skip this test" in screen and "EXIT=0" in screen
    assert f.read_text() == before


@needs_tmux
def test_ctrl_c_exits_cleanly_and_saves_nothing(tmp_path):
    f = answers_file(tmp_path)
    before = f.read_text()
    with Terminal([BIN, "selftest", "timed_walk", "--answers", str(f)]) as t:
        t.wait_for("Is any of these true for you?")
        t.type("n")
        t.wait_for("Stop at once if")
        t.type("")
        t.wait_for("Step 1 of")
        t.key("C-c")
        screen = t.wait_for("EXIT=")
    assert "Stopped. Nothing was saved." in screen and "EXIT=130" in screen
    assert "Traceback" not in screen
    assert f.read_text() == before
