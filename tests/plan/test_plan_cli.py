"""`backstride plan` as a person uses it (real process, real knowledge base)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

BIN = str(Path(sys.executable).parent / "backstride")
PROFILES = Path(__file__).parent / "profiles"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    # the environment is read per call, so the throwaway database set by conftest's autouse
    # fixture reaches the process (never the user's own data folder)
    env = {k: v for k, v in os.environ.items() if k != "BACKSTRIDE_KB_DIR"}
    return subprocess.run(
        [BIN, *args], capture_output=True, text=True, env={**env, "COLUMNS": "100"}, timeout=60
    )


def test_plan_text_for_stenosis():
    r = run("plan", "--answers", str(PROFILES / "stenosis.json"), "--full")
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert (
        out.index("What to do now")
        < out.index("Exercises")
        < out.index("Walking")
        < out.index("Good to know")
    )
    assert "Knee hugs" in out and "sit down or bend forward" in out


def test_plan_json():
    r = run("plan", "--answers", str(PROFILES / "sciatica.json"), "--json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["urgency"]["level"] == "doctor"
    assert d["likely"][0]["id"] == "disc_radiculopathy"
    assert d["walking"]["week"] == 1 and d["exercises"]


def test_emergency_plan_has_no_exercises():
    r = run("plan", "--answers", str(PROFILES / "emergency.json"), "--json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["emergency"] is True and d["exercises"] == [] and d["walking"] is None


def test_bad_answers_file_gives_a_clear_message(tmp_path):
    r = run("plan", "--answers", str(tmp_path / "missing.json"))
    assert r.returncode == 2 and "does not exist" in r.stderr and "Traceback" not in r.stderr


def test_walker68_plan_says_his_metres_and_what_to_do_when_pain_comes():
    r = run("plan", "--answers", str(PROFILES / "walker68.json"), "--full")
    assert r.returncode == 0, r.stderr
    text = " ".join(r.stdout.split())
    assert "You said your symptoms start after about 200 metres" in text
    assert "stop that walk and sit down or bend forward until it settles" in text
