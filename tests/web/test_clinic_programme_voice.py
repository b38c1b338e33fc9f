"""The clinician's page describes the walking programme for the clinician (neutral, third
person), not in the words written to the patient."""

from __future__ import annotations

import re
from datetime import date

from fastapi import FastAPI
from sqlalchemy import select

from backstride.diary.adapt import new_state
from backstride.plan.walking import start_programme
from backstride.storage.models import Account
from backstride.web.clinic_pages import clinical_programme
from tests.web.test_clinic import Person, people  # noqa: F401  (fixture)


def test_programme_lines_for_the_clinician_are_not_written_to_the_patient() -> None:
    state = new_state(start_programme("neurogenic", tolerance_minutes=10), date.today(), "t")
    state["history"] = [
        {
            "week": 1,
            "from": "2026-11-01",
            "to": "2026-11-07",
            "log": {"walks_done": 3, "minutes_walked": 24, "worst_pain": 4},
            "status": "progress",
            "reason": "Last week went well: pain stayed within your limit.",
        }
    ]
    out = clinical_programme(state)
    text = " ".join([out["current"], *out["history"]])
    assert not re.search(r"\b(you|your)\b", text, re.IGNORECASE), text
    assert "Symptoms start after about 10 min" in out["current"]
    assert "target 30 min" in out["current"] or "target" in out["current"]
    assert "Week 1" in out["history"][0] and "progressed" in out["history"][0]


def test_clinic_page_shows_the_programme_in_clinical_words(
    clinic_app: FastAPI,
    people: dict[str, Person],  # noqa: F811
) -> None:
    alice, carol = people["alice"], people["carol"]
    a_id = alice.post("/api/v1/assessments", json={"age": 68, "answers": {"rf": "no"}}).json()["id"]
    alice.post(f"/api/v1/assessments/{a_id}/shares", json={"clinician": "carol"})
    assert alice.post("/api/v1/diary/shares", json={"clinician": "carol"}).status_code == 204
    store = clinic_app.state.store
    with store.read() as s:
        pid = s.scalar(select(Account.person_id).where(Account.username == "alice"))
    programme = start_programme("neurogenic", tolerance_minutes=10)
    store.save_programme_state(pid, new_state(programme, date.today(), "test"))
    html = carol.get("/clinic/patients/alice").text
    section = html.split('id="programme-title"')[1].split("</section>")[0]
    assert "Symptoms start after about 10 min of walking" in section
    assert "Your symptoms" not in section and programme.reason not in section
    # the patient's own programme page keeps the words written to her
    assert "Your symptoms start after about 10 minutes" in alice.get("/progress").text
