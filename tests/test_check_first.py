"""Causes behind an urgent or emergency call are listed first (docs/METHOD.md, "The order of
the causes"): the chances are the posterior's, unchanged; only the order of the list moves.
Real knowledge base, real app, real CLI."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from backstride.engine import assess
from backstride.engine.answers import parse_answers
from backstride.engine.inference import posterior
from backstride.knowledge import load_kb
from backstride.web.state import encode

BIN = str(Path(sys.executable).parent / "backstride")

#: a sciatica story with new bladder trouble: a disc is likelier, cauda equina must go first
SCIATICA_BLADDER = {
    "age": 29,
    "sex": "female",
    "answers": {"duration_weeks": 104, "leg_numbness": "yes", "ces_screen": "yes"},
}
#: the 35-year-old runner after deadlifts, no warning sign
RUNNER = {
    "age": 35,
    "sex": "male",
    "answers": {"duration_weeks": 1, "onset_lifting": "yes", "ces_screen": "no"},
}


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def test_a_warning_sign_lists_its_cause_first_with_its_own_chance(kb):
    r = assess(kb, SCIATICA_BLADDER).to_dict()
    assert r["urgency"]["level"] == "emergency"
    first = r["conditions"][0]
    assert first["id"] == "cauda_equina" and first["check_first"]
    post = posterior(kb, parse_answers(kb, SCIATICA_BLADDER))
    j = kb.condition_ids.index("cauda_equina")
    assert first["probability"] == round(float(post[j]), 4)  # the chance is not bent
    likeliest = max(r["conditions"], key=lambda c: c["probability"])
    assert likeliest["id"] != "cauda_equina" and not likeliest["check_first"]


def test_without_a_warning_sign_the_list_is_in_order_of_chance(kb):
    r = assess(kb, RUNNER).to_dict()
    assert not any(c["check_first"] for c in r["conditions"])
    probs = [c["probability"] for c in r["conditions"]]
    assert probs == sorted(probs, reverse=True)


ANSWERABLE = [
    "ces_screen",
    "leg_numbness",
    "fever",
    "past_cancer",
    "weight_loss",
    "pain_constant_worsening",
    "sudden_abdominal_pain",
    "leg_weakness_worsening",
    "onset_lifting",
    "night_pain",
]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    age=st.integers(18, 90),
    sex=st.sampled_from(["female", "male"]),
    picked=st.dictionaries(st.sampled_from(ANSWERABLE), st.sampled_from(["yes", "no"])),
)
def test_the_list_is_check_first_then_by_chance_and_holds_every_urgent_cause(kb, age, sex, picked):
    answers = {k: v for k, v in picked.items() if k in kb.findings}
    r = assess(kb, {"age": age, "sex": sex, "answers": answers}).to_dict()
    flags = [c["check_first"] for c in r["conditions"]]
    k = sum(flags)
    assert flags == [True] * k + [False] * (len(flags) - k)  # the flagged ones lead
    for part in (r["conditions"][:k], r["conditions"][k:]):
        probs = [c["probability"] for c in part]
        assert probs == sorted(probs, reverse=True)
    # every cause a fired urgent or emergency warning-sign rule names is in the list, first
    named = {
        s
        for f in r["red_flags"]
        if f["kind"] == "warning_sign" and f["urgency"] in ("urgent", "emergency")
        for s in next(x for x in kb.red_flags if x.id == f["id"]).suspect
    }
    assert named <= {c["id"] for c in r["conditions"][:k]}
    # no cause is listed first on a self-care or see-a-doctor call
    if r["urgency"]["level"] in ("self_care", "doctor"):
        assert k == 0
    # the chances shown are the posterior's
    post = posterior(kb, parse_answers(kb, {"age": age, "sex": sex, "answers": answers}))
    for c in r["conditions"]:
        assert c["probability"] == round(float(post[kb.condition_ids.index(c["id"])]), 4)
    assert np.isclose(sum(float(p) for p in post), 1.0)


@pytest.fixture(scope="module")
def client(module_web_client):
    return module_web_client


def _state(doc):
    return encode([("age", doc["age"]), ("sex", doc["sex"]), *doc["answers"].items()])


def test_the_web_page_says_why_a_cause_is_listed_first(client):
    page = client.get(f"/result?s={_state(SCIATICA_BLADDER)}").text
    assert "Listed first: the causes your warning signs point to" in page
    causes = page.split('id="causes-title"')[1]
    assert causes.index("cause-cauda_equina") < causes.index("cause-disc_radiculopathy")
    assert "check first: your warning signs point to it" in causes
    heading = page.split('id="causes-title">')[1].split("</h2>")[0]
    assert heading == "What could be causing your pain, what to rule out first"
    calm = client.get(f"/result?s={_state(RUNNER)}").text
    assert "Listed first" not in calm and "check first" not in calm
    assert 'id="causes-title">What is most likely causing your pain</h2>' in calm


def test_the_api_marks_the_causes_listed_first(client):
    r = client.post("/api/v1/assessment", json=SCIATICA_BLADDER)
    assert r.status_code == 200, r.text
    conditions = r.json()["conditions"]
    assert conditions[0]["id"] == "cauda_equina" and conditions[0]["check_first"] is True
    assert not any(c["check_first"] for c in conditions[1:] if c["id"] == "disc_radiculopathy")


def test_the_terminal_and_the_pdf_say_so(tmp_path):
    f = tmp_path / "answers.json"
    f.write_text(json.dumps(SCIATICA_BLADDER))
    out = subprocess.run(
        [BIN, "assess", "--answers", str(f)],
        capture_output=True,
        text=True,
        env={"COLUMNS": "100", "PATH": "/usr/bin:/bin"},
    )
    assert out.returncode == 0, out.stderr
    text = " ".join(out.stdout.split())
    assert "Listed first: the causes your warning signs point to" in text
    assert "check first: your warning signs point to it" in text
    pdf = tmp_path / "r.pdf"
    out = subprocess.run(
        [BIN, "report", "--answers", str(f), "--pdf", str(pdf), "--db", str(tmp_path / "x.db")],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    words = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages).split()
    )
    assert "rule out first: red flags" in words
