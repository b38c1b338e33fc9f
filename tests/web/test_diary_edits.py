"""Diary entries edited and deleted through the API and the diary page: owner only (404 for
anyone else), CSRF as for every other write, and the same checks as for a new entry."""

from __future__ import annotations

import re
from datetime import date, timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.web.test_clinic import Person
from tests.web.test_clinic import people as people  # the fixture


def test_api_edit_and_delete_round_trip(client: TestClient) -> None:
    made = client.post(
        "/api/v1/diary", json={"day": "2024-03-01", "walk_minutes": 3, "pain_now": 5}
    )
    entry_id = made.json()["id"]
    r = client.patch(f"/api/v1/diary/{entry_id}", json={"walk_minutes": 30, "onset_minutes": 20})
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["walk_minutes"], body["onset_minutes"], body["pain_now"]) == (30, 20, 5)
    assert body["updated_at"] is not None and "symptoms after 20 min" in body["summary"]
    r = client.patch(f"/api/v1/diary/{entry_id}", json={"pain_now": None})
    assert r.json()["pain_now"] is None  # null empties a field
    assert client.get(f"/api/v1/diary/{entry_id}").json()["walk_minutes"] == 30
    assert client.delete(f"/api/v1/diary/{entry_id}").status_code == 204
    assert client.get("/api/v1/diary").json() == []
    assert client.delete(f"/api/v1/diary/{entry_id}").status_code == 404


def test_api_refuses_impossible_entries_and_changes_nothing(client: TestClient) -> None:
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    r = client.post("/api/v1/diary", json={"day": tomorrow, "pain_now": 2})
    assert r.status_code == 422 and "future" in r.text
    r = client.post("/api/v1/diary", json={"walk_minutes": 3, "onset_minutes": 30})
    assert r.status_code == 422 and "the walk lasted 3 minutes" in r.text
    entry_id = client.post("/api/v1/diary", json={"walk_minutes": 10}).json()["id"]
    r = client.patch(f"/api/v1/diary/{entry_id}", json={"onset_minutes": 25})
    assert r.status_code == 422 and "at most the minutes walked (10)" in r.text
    r = client.patch(f"/api/v1/diary/{entry_id}", json={"walk_minutes": None})
    assert r.status_code == 422 and "Nothing to log" in r.text
    r = client.patch(f"/api/v1/diary/{entry_id}", json={"colour": "red"})
    assert r.status_code == 422
    [kept] = client.get("/api/v1/diary").json()
    assert kept["walk_minutes"] == 10 and kept["onset_minutes"] is None
    assert client.patch("/api/v1/diary/0", json={"pain_now": 1}).status_code == 422


def test_only_the_owner_edits_or_deletes(people: dict[str, Person]) -> None:
    alice, bob, carol = people["alice"], people["bob"], people["carol"]
    entry_id = alice.post("/api/v1/diary", json={"pain_now": 7, "notes": "alice"}).json()["id"]
    for who in (bob, carol):
        assert who.get(f"/api/v1/diary/{entry_id}").status_code == 404
        r = who.client.patch(
            f"/api/v1/diary/{entry_id}", json={"pain_now": 0}, headers={"X-CSRF-Token": who.csrf}
        )
        assert r.status_code == 404
        r = who.client.delete(f"/api/v1/diary/{entry_id}", headers={"X-CSRF-Token": who.csrf})
        assert r.status_code == 404
        assert "alice" not in r.text
    # the owner without the CSRF header is refused too
    assert alice.client.delete(f"/api/v1/diary/{entry_id}").status_code == 403
    assert [e["pain_now"] for e in alice.get("/api/v1/diary").json()] == [7]
    r = alice.client.patch(
        f"/api/v1/diary/{entry_id}", json={"pain_now": 3}, headers={"X-CSRF-Token": alice.csrf}
    )
    assert r.status_code == 200 and r.json()["pain_now"] == 3


def _csrf(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]


def test_diary_page_edits_and_deletes_with_csrf(client: TestClient) -> None:
    entry_id = client.post("/api/v1/diary", json={"walk_minutes": 3, "pain_now": 4}).json()["id"]
    page = client.get("/diary").text
    assert f'href="/diary/{entry_id}/edit"' in page and f'action="/diary/{entry_id}/delete"' in page
    form = client.get(f"/diary/{entry_id}/edit").text
    assert 'value="3"' in form and 'value="4"' in form
    csrf = _csrf(form)
    data = {"csrf": csrf, "day": "2024-03-01", "walk_minutes": "3", "onset_minutes": "30"}
    r = client.post(f"/diary/{entry_id}/edit", data=data, follow_redirects=False)
    assert r.status_code == 422 and "the walk lasted 3 minutes" in r.text
    data.update(walk_minutes="35", pain_now="4")
    r = client.post(f"/diary/{entry_id}/edit", data=data, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/diary?changed=1"
    assert client.get(f"/api/v1/diary/{entry_id}").json()["walk_minutes"] == 35
    r = client.post(f"/diary/{entry_id}/delete", data={"csrf": "forged"}, follow_redirects=False)
    assert r.status_code == 403
    r = client.post(f"/diary/{entry_id}/delete", data={"csrf": csrf}, follow_redirects=False)
    assert r.status_code == 303
    assert client.get("/api/v1/diary").json() == []
    assert client.get(f"/diary/{entry_id}/edit").status_code == 404


def test_pages_of_someone_elses_entry_are_404(
    clinic_app: FastAPI, people: dict[str, Person]
) -> None:
    alice, bob = people["alice"], people["bob"]
    entry_id = alice.post("/api/v1/diary", json={"pain_now": 7}).json()["id"]
    assert bob.get(f"/diary/{entry_id}/edit").status_code == 404
    csrf = bob.form_csrf("/diary")
    r = bob.client.post(f"/diary/{entry_id}/delete", data={"csrf": csrf}, follow_redirects=False)
    assert r.status_code == 404
    assert len(alice.get("/api/v1/diary").json()) == 1
