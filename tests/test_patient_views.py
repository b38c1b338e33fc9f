"""What patients see (issue 15): plain words beside answers, a stable long-lasting pain not called
a warning sign, the serious-cause badge only where a cause reaches its act_at, no raw ids, a
summary that holds what its heading says, and a picture for every exercise and self-test.
Real knowledge base, real app, real CLI, real PDF."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape
from reportlab.graphics.shapes import Drawing
from reportlab.platypus import Table

from backstride.engine import assess
from backstride.knowledge.selftests import load_selftests
from backstride.pictures import picture, problems
from backstride.plan import build_plan
from backstride.plan.data import load_plan_data
from backstride.plan.render import summary_heading, to_markdown
from backstride.report.pdf import build_story
from backstride.report.pictures import drawing
from backstride.web import Settings, create_app
from backstride.web.state import encode

PROFILES = Path(__file__).parent / "plan" / "profiles"
BIN = str(Path(sys.executable).parent / "backstride")
CLINICIANS_WORDS = re.compile(r"sensitivity|specificity|likelihood ratio|\bLR[+-]", re.I)


def profile(name: str) -> dict:
    return json.loads((PROFILES / f"{name}.json").read_text())


def state_for(doc: dict) -> str:
    return encode([("age", doc["age"]), ("sex", doc["sex"]), *doc["answers"].items()])


@pytest.fixture
def client(tmp_path: Path):
    app = create_app(Settings(db_url=f"sqlite:///{tmp_path / 'web.db'}"))
    with TestClient(app, base_url="http://127.0.0.1") as c:
        yield c


def without_clinician_details(html: str) -> str:
    return re.sub(r'<details class="for-clinicians">.*?</details>', "", html, flags=re.S)


# ------------------------------------------------------------ long-lasting stable pain
def test_stable_long_pain_is_a_check_up_not_a_warning_sign(kb):
    doc = profile("walker68")  # 60 weeks, no change for the worse
    r = assess(kb, doc).to_dict()
    flag = next(f for f in r["red_flags"] if f["id"] == "persistent_pain")
    assert flag["kind"] == "check_up" and "4 weeks or more" in flag["name"]
    assert "Worth a check-up: " + flag["name"] in r["urgency"]["reasons"]
    assert not any(x.startswith("Warning sign") for x in r["urgency"]["reasons"])
    # the rule is as strong as before: it still asks for a doctor or physio
    assert r["urgency"]["level"] == "doctor"
    assert next(f for f in kb.red_flags if f.id == "persistent_pain").urgency == "doctor"


def test_a_real_warning_sign_is_still_called_one(kb):
    doc = profile("walker68")
    doc["answers"] = {**doc["answers"], "ces_screen": "yes"}
    r = assess(kb, doc).to_dict()
    assert r["urgency"]["level"] == "emergency"
    assert any(x.startswith("Warning sign: ") for x in r["urgency"]["reasons"])
    assert any(x.startswith("Worth a check-up: ") for x in r["urgency"]["reasons"])


def _assess_walker68(tmp_path, columns: int) -> subprocess.CompletedProcess[str]:
    """`backstride assess` on the walker68 profile, unsaved, in a terminal this wide."""
    env = {k: v for k, v in os.environ.items() if k not in ("BACKSTRIDE_KB_DIR",)}
    env["BACKSTRIDE_DB"] = str(tmp_path / "me.db")
    return subprocess.run(
        [BIN, "assess", "--answers", str(PROFILES / "walker68.json"), "--no-save"],
        capture_output=True,
        text=True,
        env={**env, "COLUMNS": str(columns)},
        timeout=120,
    )


def test_cli_result_uses_plain_words(tmp_path):
    r = _assess_walker68(tmp_path, columns=160)
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "Worth a check-up:" in out and "Warning sign:" not in out
    assert "more likely" in out and "Weight" not in out
    assert not CLINICIANS_WORDS.search(out), CLINICIANS_WORDS.search(out)
    assert "(serious, but unlikely for you)" in out  # narrowed arteries at a few per cent
    assert "needs a doctor to rule out" not in out


# ------------------------------------------------------------ the web result
def test_web_result_keeps_figures_for_clinicians_only(client):
    html = client.get(f"/result?s={state_for(profile('walker68'))}").text
    assert 'class="for-clinicians"' in html and "sensitivity" in html  # still there, folded
    patient = without_clinician_details(html)
    assert not CLINICIANS_WORDS.search(patient)
    assert "Source: Suri et al. 2010" in patient and "suri2010</a>" not in patient
    assert "<h2>Worth a check-up</h2>" in html and "Warning signs in your answers" not in html


def test_badge_only_where_a_serious_cause_reaches_its_act_at(client, kb):
    low = profile("walker68")
    r = assess(kb, low).to_dict()
    vascular = next(c for c in r["conditions"] if c["id"] == "vascular_claudication")
    assert vascular["probability"] < kb.conditions["vascular_claudication"].act_at
    html = client.get(f"/result?s={state_for(low)}").text
    assert "needs a doctor to rule out" not in html and "serious, but unlikely for you" in html

    high = profile("vascular")
    r = assess(kb, high).to_dict()
    top = r["conditions"][0]
    assert top["id"] == "vascular_claudication" and top["probability"] >= top["act_at"]
    html = client.get(f"/result?s={state_for(high)}").text
    head = html[html.index('id="cause-vascular_claudication"') :][:400]
    assert "needs a doctor to rule out" in head


def test_saved_list_shows_urgency_in_words(client):
    s = state_for(profile("walker68"))
    page = client.get(f"/result?s={s}").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    assert client.post("/my/assessments", data={"csrf": csrf, "s": s}).status_code == 200
    mine = client.get("/my").text
    assert "See a doctor or physio" in mine
    assert "<td>doctor</td>" not in mine and "self care" not in mine


# ------------------------------------------------------------ the plan summary
@pytest.mark.parametrize("name", ["runner", "walker68", "muscular", "sciatica", "stenosis"])
def test_summary_holds_three_things(kb, name):
    doc = profile(name)
    plan = build_plan(assess(kb, doc).to_dict(), doc, kb)
    assert len(plan.summary) == 3
    assert "## Your three most important things" in to_markdown(plan)


def test_urgent_plan_summary_still_holds_three_things(kb):
    doc = profile("muscular")
    doc["answers"] = {**doc["answers"], "fever": "yes"}
    result = assess(kb, doc).to_dict()
    assert result["urgency"]["level"] == "urgent"
    plan = build_plan(result, doc, kb)
    assert len(plan.summary) == 3 and len({k.title for k in plan.summary}) == 3


def test_summary_heading_says_how_many():
    assert summary_heading(1) == "The most important thing"
    assert summary_heading(2) == "Your two most important things"
    assert summary_heading(3) == "Your three most important things"


def test_emergency_summary_heading_matches(kb):
    doc = profile("emergency")
    plan = build_plan(assess(kb, doc).to_dict(), doc, kb)
    assert len(plan.summary) == 1 and "## The most important thing" in to_markdown(plan)


# ------------------------------------------------------------ pictures
def every_id() -> list[str]:
    return [e.id for e in load_plan_data().exercises] + [t.id for t in load_selftests()]


def test_every_exercise_and_self_test_has_a_picture():
    assert problems(every_id()) == []
    assert problems(["no_such_exercise"]) == [
        "pictures: 'no_such_exercise' has no picture (src/backstride/pictures/no_such_exercise.svg)"
    ]
    assert picture("../pictures/bridge") is None  # ids only, never a path


def test_kb_check_counts_the_pictures():
    r = subprocess.run([BIN, "kb", "check"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and f"Pictures: {len(every_id())} exercises and self-tests" in (
        " ".join(r.stdout.split())
    )


def test_web_plan_and_self_test_pages_show_the_pictures(client, kb):
    doc = profile("walker68")
    plan = build_plan(assess(kb, doc).to_dict(), doc, kb)
    page = client.get(f"/plan?s={state_for(doc)}").text
    for e in plan.exercises:
        assert f'<img class="picture" src="/pictures/{e.id}.svg"' in page
        assert f'alt="Drawing: {escape(e.name)}"' in page  # as Jinja escapes it
    svg = client.get(f"/pictures/{plan.exercises[0].id}.svg")
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert client.get("/pictures/nothing.svg").status_code == 404
    test = client.get("/selftests/timed_walk").text
    assert '<img class="picture" src="/pictures/timed_walk.svg"' in test


def test_pdf_draws_the_plan_exercises(kb):
    doc = profile("walker68")
    result = assess(kb, doc).to_dict()
    plan = build_plan(result, doc, kb).to_dict()
    d = drawing("bridge", 100)
    assert isinstance(d, Drawing) and d.width == 100 and d.height == pytest.approx(60)
    assert drawing("no_such_exercise", 100) is None
    story = build_story({"plan": plan, "plan_lines": ["x"]}, Path("."))
    tables = [f for f in story if isinstance(f, Table)]
    drawn = [
        cell[0]
        for t in tables
        for row in t._cellvalues
        for cell in row
        if isinstance(cell, list) and cell and isinstance(cell[0], Drawing)
    ]
    assert len(drawn) == min(6, len(plan["exercises"])) > 0


def test_a_result_saved_without_act_at_makes_no_claim():
    from backstride.cli.render import serious_note

    assert serious_note({"serious": True, "probability": 0.4}) == " (serious)"
    assert serious_note({"serious": True, "probability": 0.004, "act_at": 0.1}) == (
        " (serious, but unlikely for you)"
    )
    assert serious_note({"serious": True, "probability": 0.2, "act_at": 0.1}) == (
        " (serious: needs a doctor to rule out)"
    )
    assert serious_note({"serious": False, "probability": 0.9, "act_at": 0.1}) == ""


def test_cli_reasons_show_whole_sources_in_80_columns(tmp_path):
    """At 80 columns each reason's source is whole, on its own line under the question (a
    column of its own gave it a word a line and cut 'medical description' short)."""
    r = _assess_walker68(tmp_path, columns=80)
    assert r.returncode == 0, r.stderr
    sources = [line for line in r.stdout.splitlines() if "Source: " in line]
    assert len(sources) >= 3, r.stdout
    assert not any("…" in line for line in sources), sources
    assert not any("by type:" in line for line in sources), sources
    assert "descrip…" not in r.stdout
