"""The web diary form (new entry and edit) and the diary API take walking times and distances
typed with units, read as `backstride log` reads them (issue 15); a bad amount gets a 422 naming
it and the valid units, and nothing already saved or typed is lost."""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient


def _csrf(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]


def _form(client: TestClient, **fields: str) -> dict[str, str]:
    blank = {"day": "2024-03-01", "pain_now": "", "walk_minutes": "", "walk_distance_m": "",
             "onset_minutes": "", "symptom_reach": "", "relieved_by": "", "notes": ""}  # fmt: skip
    return {**blank, "csrf": _csrf(client.get("/diary").text), **fields}


def test_the_new_entry_form_takes_units(client: TestClient) -> None:
    page = client.get("/diary").text
    assert 'name="walk_minutes" type="text"' in page and "half an hour" in page
    data = _form(client, walk_minutes="half an hour", walk_distance_m="3 blocks",
                 onset_minutes="10 min")  # fmt: skip
    r = client.post("/diary", data=data, follow_redirects=False)
    assert r.status_code == 303, r.text
    [e] = client.get("/api/v1/diary").json()
    assert (e["walk_minutes"], e["walk_distance_m"], e["onset_minutes"]) == (30, 450, 10)


@pytest.mark.parametrize(
    ("typed", "metres"),
    [("800", 800), ("800m", 800), ("1.2km", 1200), ("1 mile", 1609.34), ("500 yards", 457.2)],
)
def test_distances_typed_on_the_form(client: TestClient, typed: str, metres: float) -> None:
    r = client.post("/diary", data=_form(client, walk_distance_m=typed), follow_redirects=False)
    assert r.status_code == 303, r.text
    assert client.get("/api/v1/diary").json()[-1]["walk_distance_m"] == pytest.approx(
        metres, abs=0.5
    )


def test_a_bad_amount_is_named_with_the_units_and_the_form_kept(client: TestClient) -> None:
    data = _form(client, walk_minutes="3 blocks", notes="after lunch")
    r = client.post("/diary", data=data)
    assert r.status_code == 422
    text = html.unescape(r.text)
    assert "'3 blocks' is a distance" in text and "minutes or hours" in text
    assert 'value="3 blocks"' in text and "after lunch" in text
    assert client.get("/api/v1/diary").json() == []


def test_the_edit_form_takes_units_and_a_bad_one_changes_nothing(client: TestClient) -> None:
    entry_id = client.post("/api/v1/diary", json={"day": "2024-03-01", "walk_minutes": 5}).json()[
        "id"
    ]
    csrf = _csrf(client.get(f"/diary/{entry_id}/edit").text)
    data = {**_form(client, walk_minutes="1 hour", walk_distance_m="1 mile"), "csrf": csrf}
    r = client.post(f"/diary/{entry_id}/edit", data=data, follow_redirects=False)
    assert r.status_code == 303, r.text
    e = client.get(f"/api/v1/diary/{entry_id}").json()
    assert e["walk_minutes"] == 60 and e["walk_distance_m"] == pytest.approx(1609.34, abs=0.5)
    bad = {**data, "walk_distance_m": "far"}
    r = client.post(f"/diary/{entry_id}/edit", data=bad)
    assert r.status_code == 422 and "'far' is not an amount we can read" in html.unescape(r.text)
    assert "metres, km, yards, miles or blocks" in r.text
    assert client.get(f"/api/v1/diary/{entry_id}").json()["walk_distance_m"] == pytest.approx(
        1609.34, abs=0.5
    )


def test_the_api_takes_typed_amounts_and_names_a_bad_one(client: TestClient) -> None:
    r = client.post(
        "/api/v1/diary", json={"walk_minutes": "half an hour", "walk_distance_m": "1.2km"}
    )
    assert r.status_code == 201, r.text
    entry_id = r.json()["id"]
    assert (r.json()["walk_minutes"], r.json()["walk_distance_m"]) == (30, 1200)
    r = client.patch(f"/api/v1/diary/{entry_id}", json={"onset_minutes": "10 min"})
    assert r.status_code == 200 and r.json()["onset_minutes"] == 10
    r = client.patch(f"/api/v1/diary/{entry_id}", json={"walk_minutes": "2 miles"})
    assert r.status_code == 422
    p = r.json()
    assert "'2 miles' is a distance" in p["detail"] and p["field"] == "walk_minutes"
    r = client.post("/api/v1/diary", json={"walk_minutes": "30 hours"})
    assert (
        r.status_code == 422 and "'30 hours' (1800 minutes) is out of range" in r.json()["detail"]
    )
    assert client.get(f"/api/v1/diary/{entry_id}").json()["walk_minutes"] == 30
    assert len(client.get("/api/v1/diary").json()) == 1
