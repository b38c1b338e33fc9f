"""The journey from result to plan to programme, as the runner and the 68-year-old live it:
real engine and knowledge base, the real CLI in a subprocess, a real SQLite file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from backstride.engine import assess
from backstride.engine.walking import walking_limited
from backstride.plan import build_plan
from backstride.plan.next_steps import next_steps
from backstride.plan.render import summary_markdown

from ..selftests.readability import mean_grade

BIN = str(Path(sys.executable).parent / "backstride")
ENV = {k: v for k, v in os.environ.items() if k not in ("BACKSTRIDE_KB_DIR", "BACKSTRIDE_DB")}
PROFILES = Path(__file__).parent / "profiles"
STENOSIS_FIRST = {"knee_to_chest", "seated_forward_bend", "bike_forward_lean", "childs_pose"}


def profile(name: str) -> dict:
    return json.loads((PROFILES / f"{name}.json").read_text())


def run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**ENV, "COLUMNS": "110", "HOME": str(home), "XDG_DATA_HOME": str(home / "data")}
    return subprocess.run([BIN, *args], capture_output=True, text=True, env=env, timeout=120)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def plans(kb):
    out = {}
    for name in ("runner", "walker68", "emergency"):
        data = profile(name)
        result = assess(kb, data).to_dict()
        out[name] = (result, build_plan(result, data, kb))
    return out


def test_runner_plan_is_about_lifting_and_running_with_an_expected_course(plans):
    result, plan = plans["runner"]
    assert result["conditions"][0]["id"] == "nonspecific_mechanical"
    assert plan.walking is None  # walking is not limited: no walking programme
    top = [k.title for k in plan.summary]
    assert len(top) == 3
    text = " ".join(k.title + " " + k.text for k in plan.summary).lower()
    assert "lifting" in text and "running" in text and "six weeks" in text
    assert plan.exercises[0].id not in STENOSIS_FIRST
    assert plan.exercises[0].kind in ("strength", "control")
    course = next(c for c in plan.education if c.id == "expected_course")
    assert set(course.evidence.sources) == {"henschke2008", "costa2012"}
    assert course.evidence.level == "moderate"
    habit_ids = [a.id for a in plan.habits]
    assert habit_ids[:2] == ["sport_lifting", "sport_running"]
    for a in plan.habits[:2]:
        assert a.evidence and a.evidence.label and a.evidence.sources
    assert plan.sources["henschke2008"].startswith("Henschke et al. (2008)")
    assert plan.sources["costa2012"].startswith("da Menezes Costa et al. (2012)")
    assert "National Institute for Health and Care Excellence" in plan.sources["nice_ng59"]


def test_walker_gets_the_walking_programme_first(plans):
    _, plan = plans["walker68"]
    assert walking_limited(profile("walker68"))
    assert plan.walking is not None and plan.walking["cause"] == "neurogenic"
    titles = [k.title for k in plan.summary]
    assert "Start your walking programme" in titles
    assert not any("lifting" in t.lower() or "running" in t.lower() for t in titles)
    assert "expected_course" not in [c.id for c in plan.education]  # that evidence is not his


def test_emergency_summary_is_getting_help_only(plans):
    result, plan = plans["emergency"]
    assert [k.title for k in plan.summary] == ["Get help now"]
    md = summary_markdown(plan)
    assert "Self-care is for later" in md and "--full" not in md
    steps = next_steps(result, profile("emergency"))
    assert steps[0].text.startswith("Get help now") and steps[0].command is None
    assert "For later" in steps[1].text and steps[1].command == "backstride plan"


def test_next_steps_fit_the_person(plans):
    runner = [s.command for s in next_steps(plans["runner"][0], profile("runner"))]
    assert runner[0] == "backstride plan" and "backstride programme start" not in runner
    walker = [s.command for s in next_steps(plans["walker68"][0], profile("walker68"))]
    assert walker[0] is None  # book a check-up comes first
    assert "backstride plan" in walker and len(walker) <= 3


def test_summary_text_is_plain(plans):
    texts = [k.text for _, p in plans.values() for k in p.summary if k.text]
    assert mean_grade(texts) <= 9.0


# ---------------------------------------------------------------- the real CLI


def test_plan_and_programme_use_the_latest_saved_assessment(tmp_path):
    db = str(tmp_path / "me.db")
    r = run("plan", "--db", db, home=tmp_path)
    assert r.returncode != 0 and "Missing option" not in r.stderr + r.stdout
    assert "No saved assessment yet" in flat(r.stderr) and "backstride assess" in r.stderr

    saved = run(
        "assess", "--answers", str(PROFILES / "runner.json"), "--save", "--db", db, home=tmp_path
    )
    assert saved.returncode == 0, saved.stderr
    out = flat(saved.stdout)
    assert "What to do next" in out and "Run: backstride plan" in out
    assert out.index("What to do next") < out.index("Likely causes") < out.index("Safety net")

    r = run("plan", "--db", db, home=tmp_path)
    assert r.returncode == 0, r.stderr
    out = flat(r.stdout)
    assert "Your three most important things" in out
    assert "lifting" in out and "running" in out and "six weeks" in out
    assert "Your walking programme" not in out and "backstride plan --full" in out
    assert len(r.stdout.splitlines()) < 60  # one screen, not hundreds of lines

    full = run("plan", "--db", db, "--full", home=tmp_path)
    assert full.returncode == 0, full.stderr
    body = flat(full.stdout)
    assert "Exercises" in body and "Getting back to lifting, running and sport" in body
    assert "Your walking programme" not in body
    assert len(full.stdout.splitlines()) > 2 * len(r.stdout.splitlines())

    # he can still ask for a walking programme; it starts from the saved assessment
    p = run("programme", "start", "--db", db, "--json", home=tmp_path)
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["basis"].startswith("assessment of")


def test_walker_assessment_leads_to_the_programme(tmp_path):
    db = str(tmp_path / "me.db")
    saved = run(
        "assess", "--answers", str(PROFILES / "walker68.json"), "--save", "--db", db, home=tmp_path
    )
    assert saved.returncode == 0, saved.stderr
    out = flat(saved.stdout)
    # the box's title says to book an appointment; the step under it gives the advice, once
    assert "Book an appointment with a doctor" in out.split("What to do next")[0]
    assert "book a visit" in out.split("What to do next")[1].split("Likely causes")[0]
    r = run("plan", "--db", db, home=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "Start your walking programme" in flat(r.stdout)
    p = run("programme", "start", "--db", db, home=tmp_path)
    assert p.returncode == 0, p.stderr
    assert "Walking programme started" in p.stdout and "sit down or bend forward" in flat(p.stdout)


def test_emergency_result_puts_getting_help_first(tmp_path):
    r = run("assess", "--answers", str(PROFILES / "emergency.json"), "--no-save", home=tmp_path)
    assert r.returncode == 0, r.stderr
    nxt = flat(r.stdout).split("What to do next")[1]
    assert "get help now" in flat(r.stdout).split("What to do next")[0]  # the box's title
    assert nxt.index("emergency department now") < nxt.index("For later")


#: Words that only make sense for narrowed nerve spaces (spinal stenosis).
STENOSIS_WORDS = ("nerve spaces", "uphill", "incline", "walking brings on leg")


def _patient_text(plan) -> str:
    """What the person reads in the plan, without the evidence summaries (which may cite
    trials in people with stenosis, truthfully)."""
    out = [*plan.now, plan.exercise_note or ""]
    for a in [*plan.safety_net, *plan.habits, *plan.options]:
        out += [a.title, a.text, *a.tips]
    for e in plan.exercises:
        out += [e.why, *e.steps, e.dose, e.progression, e.should_feel, e.avoid]
    for c in plan.education:
        out += [c.title, c.text]
    return " ".join(out).lower()


def test_the_runner_reads_no_advice_written_for_stenosis(plans):
    """A 35-year-old with a strained back after deadlifts who runs normally was told to set a
    treadmill uphill 'if you have narrowed nerve spaces' and to do a seated forward bend 'to
    open up the nerve spaces ... whenever walking brings on leg symptoms'."""
    text = _patient_text(plans["runner"][1])
    assert [w for w in STENOSIS_WORDS if w in text] == []


def test_the_68_year_old_with_claudication_still_gets_the_stenosis_advice(plans):
    """The same items, chosen by his likely cause and his answers (legs give way after 200 m,
    sitting or bending forward eases them), keep their stenosis wording for him."""
    _, plan = plans["walker68"]
    text = _patient_text(plan)
    assert "uphill" in text  # the treadmill tip
    assert "seated_forward_bend" in {e.id for e in plan.exercises} or "knee_to_chest" in {
        e.id for e in plan.exercises
    }
    assert "lean forward a little to walk further" in text
