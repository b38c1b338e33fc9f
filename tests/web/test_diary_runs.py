"""Runs in the web diary: the walk/run choice on the form and the API's ``activity`` field."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.web.test_clinic import Person
from tests.web.test_clinic import people as people  # the fixture


def _csrf(client: TestClient, path: str = "/diary") -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get(path).text).group(1)


def test_the_form_offers_walk_or_run_with_walk_chosen(client: TestClient) -> None:
    page = client.get("/diary").text
    assert "<legend>Was it a walk or a run?</legend>" in page
    walk = re.search(r'<input[^>]*id="activity-walk"[^>]*>', page).group(0)
    run = re.search(r'<input[^>]*id="activity-run"[^>]*>', page).group(0)
    assert "checked" in walk and "checked" not in run
    assert '<label for="activity-run">A run</label>' in page


def test_the_form_saves_a_run_and_lists_it_as_a_run(client: TestClient) -> None:
    data = {"csrf": _csrf(client), "day": "2025-03-03", "walk_minutes": "30", "activity": "run"}
    r = client.post("/diary", data=data, follow_redirects=False)
    assert r.status_code == 303
    data = {"csrf": _csrf(client), "day": "2025-03-04", "walk_minutes": "20"}
    assert client.post("/diary", data=data, follow_redirects=False).status_code == 303
    assert [e["activity"] for e in client.get("/api/v1/diary").json()] == ["run", "walk"]
    page = client.get("/diary").text
    assert "2025-03-03 (run), ran 30 min" in page and "2025-03-04, walked 20 min" in page
    edit = client.get("/diary/1/edit").text
    assert "checked" in re.search(r'<input[^>]*id="activity-run"[^>]*>', edit).group(0)


def test_the_form_refuses_another_activity_and_keeps_what_was_typed(client: TestClient) -> None:
    data = {"csrf": _csrf(client), "walk_minutes": "30", "notes": "hilly", "activity": "swim"}
    r = client.post("/diary", data=data)
    assert r.status_code == 422
    assert "&#39;swim&#39; is not a valid activity. Choose one of: walk, run." in r.text
    assert "hilly" in r.text and 'value="30"' in r.text
    assert client.get("/api/v1/diary").json() == []


def test_the_api_takes_a_run_and_defaults_to_a_walk(client: TestClient) -> None:
    r = client.post(
        "/api/v1/diary", json={"day": "2025-01-06", "walk_minutes": 30, "activity": "run"}
    )
    assert r.status_code == 201, r.text
    assert r.json()["activity"] == "run" and "(run)" in r.json()["summary"]
    r = client.post("/api/v1/diary", json={"day": "2025-01-07", "walk_minutes": 20})
    assert r.json()["activity"] == "walk"
    one = client.get("/api/v1/diary/1").json()
    assert one["activity"] == "run"
    r = client.patch("/api/v1/diary/2", json={"activity": "run"})
    assert r.status_code == 200 and r.json()["activity"] == "run"
    r = client.patch("/api/v1/diary/2", json={"activity": None})  # null: back to a walk
    assert r.json()["activity"] == "walk"


def test_the_api_refuses_another_activity_naming_it_and_the_choices(client: TestClient) -> None:
    r = client.post("/api/v1/diary", json={"walk_minutes": 30, "activity": "swim"})
    assert r.status_code == 422
    p = r.json()
    assert p["field"] == "activity" and p["choices"] == ["walk", "run"]
    assert "'swim'" in p["detail"] and "'walk' or 'run'" in p["detail"]
    r = client.patch("/api/v1/diary/1", json={"activity": "hike"})
    assert r.status_code == 422 and r.json()["field"] == "activity"
    assert client.get("/api/v1/diary").json() == []


def test_the_schema_documents_the_activity(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    prop = spec["components"]["schemas"]["DiaryEntryIn"]["properties"]["activity"]
    assert prop["enum"] == ["walk", "run"] and prop["default"] == "walk"


def test_clinic_mode_runs_on_sqlite_and_postgresql(people: dict[str, Person]) -> None:
    alice = people["alice"]
    for day, kind in (("2025-01-06", "walk"), ("2025-01-07", "run")):
        body = {"day": day, "walk_minutes": 30, "onset_minutes": 10, "activity": kind}
        assert alice.post("/api/v1/diary", json=body).status_code == 201
    prog = alice.get("/api/v1/progress").json()
    assert (prog["diary_entries"], prog["runs"]) == (2, 1)
    assert prog["trends"]["minutes_to_onset"]["direction"] == "too_little_data"  # one walk
    exported = alice.get("/api/v1/my/data").json()
    assert [e["activity"] for e in exported["people"][0]["diary"]] == ["walk", "run"]
    assert people["bob"].get("/api/v1/progress").json()["runs"] == 0


def test_the_clinician_sees_runs_as_runs_and_the_walking_trend_without_them(
    people: dict[str, Person],
) -> None:
    from tests.web.test_clinic_patient import _log_walks

    alice, carol = people["alice"], people["carol"]
    alice.post("/api/v1/assessments", json={"age": 35, "answers": {"rf": "no"}})
    _log_walks(alice)  # four walks: symptoms after 5, 7, 9, 11 minutes
    run = {"walk_minutes": 60, "onset_minutes": 55, "activity": "run", "notes": "park run"}
    assert alice.post("/api/v1/diary", json=run).status_code == 201
    assert alice.post("/api/v1/diary/shares", json={"clinician": "carol"}).status_code == 204
    html = carol.get("/clinic/patients/alice").text
    assert "Minutes walking before symptoms: 5 → 11 (better)" in html  # the run left out
    row = re.search(r"<tr><td>[^<]*\(run\)</td>.*?</tr>", html, re.S)
    assert row is not None and "park run" in row.group(0)
