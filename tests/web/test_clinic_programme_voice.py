"""The clinician's page describes the walking programme for the clinician (neutral, third
person), not in the words written to the patient."""

from __future__ import annotations

import re
from datetime import date

from backstride.diary.adapt import new_state
from backstride.plan.walking import start_programme
from backstride.web.clinic_pages import clinical_programme


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
