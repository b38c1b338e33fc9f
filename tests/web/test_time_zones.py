"""The web follows the person's time zone: the one saved on My data, else the browser's (the
``backstride_tz`` cookie that app.js sets), for "today", the diary's default date and the
duplicate-walk message. Kiritimati (UTC+14) and Pago Pago (UTC-11) are always on different
dates, whatever the clock says, so these tests hold at any hour."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from backstride.timezones import today_in
from tests.storage.test_time_zones import LATE
from tests.storage.test_walk_rules import steady_walk, write_gpx
from tests.web.test_clinic import Person, people  # noqa: F401  (fixture)

EAST, WEST = "Pacific/Kiritimati", "Pacific/Pago_Pago"


def _day_field(html: str) -> str:
    return re.search(r'<input id="day" name="day" type="date"[^>]*value="([^"]+)"', html).group(1)  # type: ignore[union-attr]


def _csrf(client: TestClient, page: str = "/my/data") -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get(page).text).group(1)  # type: ignore[union-attr]


def test_the_diary_date_is_the_browsers_date(client: TestClient) -> None:
    assert today_in(EAST) != today_in(WEST)
    for zone in (EAST, WEST):
        client.cookies.set("backstride_tz", zone)
        page = client.get("/diary")
        assert _day_field(page.text) == today_in(zone).isoformat()
        assert f"Your time zone: {zone} (from your browser)" in page.text
        assert "data-browser-today" not in page.text  # the server knew the zone


def test_an_entry_without_a_date_is_for_the_persons_today(client: TestClient) -> None:
    client.cookies.set("backstride_tz", EAST)
    r = client.post("/api/v1/diary", json={"pain_now": 3})
    assert r.status_code == 201, r.text
    assert r.json()["day"] == today_in(EAST).isoformat()
    # Kiritimati's today is a valid diary day even where the server's date is a day behind
    r = client.post("/api/v1/diary", json={"pain_now": 2, "day": today_in(EAST).isoformat()})
    assert r.status_code == 201, r.text


def test_a_bad_cookie_is_ignored_and_the_form_fixes_the_date_in_the_browser(
    client: TestClient,
) -> None:
    client.cookies.set("backstride_tz", "Not/AZone")
    page = client.get("/diary").text
    assert "data-browser-today" in page and "(from this server)" in page


def test_saving_a_zone_on_my_data(client: TestClient) -> None:
    client.cookies.set("backstride_tz", WEST)
    page = client.get("/my/data").text
    assert f"your browser says <strong>{WEST}</strong>" in page
    r = client.post("/my/data/timezone", data={"csrf": _csrf(client), "time_zone": "Kiritimati"})
    assert r.status_code == 422
    text = html.unescape(" ".join(re.sub(r"<[^>]+>", " ", r.text).split()))
    assert "'Kiritimati' is not a time zone. Did you mean Pacific/Kiritimati?" in text
    assert "Europe/London" in text and 'aria-invalid="true"' in r.text
    assert client.get("/api/v1/my/timezone").json() == {"time_zone": WEST, "source": "browser"}
    r = client.post("/my/data/timezone", data={"csrf": _csrf(client), "time_zone": EAST})
    assert r.status_code == 200 and f"Time zone saved: {EAST}." in r.text
    # the saved zone wins over the browser's from now on
    assert client.get("/api/v1/my/timezone").json() == {"time_zone": EAST, "source": "saved"}
    assert _day_field(client.get("/diary").text) == today_in(EAST).isoformat()


def test_the_form_needs_its_csrf_token(client: TestClient) -> None:
    r = client.post("/my/data/timezone", data={"csrf": "nope", "time_zone": EAST})
    assert r.status_code == 403
    assert client.get("/api/v1/my/timezone").json()["source"] != "saved"


def test_the_duplicate_walk_message_uses_the_persons_zone(
    client: TestClient, tmp_path: Path
) -> None:
    client.cookies.set("backstride_tz", "Asia/Tokyo")
    watch = write_gpx(tmp_path / "watch.gpx", [steady_walk(LATE, 30)]).read_bytes()
    phone = write_gpx(
        tmp_path / "phone.gpx", [steady_walk(LATE + timedelta(minutes=2), 30)]
    ).read_bytes()
    assert client.post("/api/v1/my/walks", files={"file": ("watch.gpx", watch)}).status_code == 201
    r = client.post("/api/v1/my/walks", files={"file": ("phone.gpx", phone)})
    (overlap,) = r.json()["overlapping"]
    assert overlap["stored_started_at"] == "2024-03-01T23:30:00+00:00"
    assert overlap["message"] == (
        "the walk of 2024-03-02 at 08:32 was not stored: it is the same time as the walk "
        "already stored for 2024-03-02 at 08:30 (from watch.gpx)"
    )
    walks = client.get("/api/v1/my/data").json()["people"][0]["walks"]
    assert [w["day"] for w in walks] == ["2024-03-02"]


def test_each_clinic_patient_has_their_own_zone(clinic_app: FastAPI) -> None:
    alice, bob = Person(clinic_app, "tz-alice"), Person(clinic_app, "tz-bob")
    try:
        r = alice.client.put(
            "/api/v1/my/timezone", json={"time_zone": EAST}, headers={"X-CSRF-Token": alice.csrf}
        )
        assert r.status_code == 200, r.text
        r = bob.client.put(
            "/api/v1/my/timezone", json={"time_zone": "Mars"}, headers={"X-CSRF-Token": bob.csrf}
        )
        assert r.status_code == 422 and "'Mars' is not a time zone" in r.json()["detail"]
        bob.client.put(
            "/api/v1/my/timezone", json={"time_zone": WEST}, headers={"X-CSRF-Token": bob.csrf}
        )
        assert alice.post("/api/v1/diary", json={"pain_now": 1}).json()["day"] == str(
            today_in(EAST)
        )
        assert bob.post("/api/v1/diary", json={"pain_now": 1}).json()["day"] == str(today_in(WEST))
    finally:
        alice.client.close()
        bob.client.close()


def test_downloads_are_named_after_the_viewers_day(people: dict[str, Person]) -> None:  # noqa: F811
    """A clinician in Kiritimati and one in Pago Pago (never the same date) each get files named
    after their own day; the server's date was used before."""
    alice, carol = people["alice"], people["carol"]
    a_id = alice.post("/api/v1/assessments", json={"answers": {"rf": "no"}}).json()["id"]
    alice.post(f"/api/v1/assessments/{a_id}/shares", json={"clinician": "carol"})
    urls = {
        f"/my/assessments/{a_id}/report.pdf": "backstride-summary-alice-{}.pdf",
        "/clinic/patients/alice/report.pdf": "backstride-summary-alice-{}.pdf",
        f"/my/assessments/{a_id}/fhir.json": "backstride-fhir-alice-{}.json",
        "/clinic/patients/alice/fhir.json": "backstride-fhir-alice-{}.json",
    }
    for zone in (EAST, WEST):
        carol.client.cookies.set("backstride_tz", zone)
        for url, name in urls.items():
            r = carol.get(url)
            assert r.status_code == 200, (url, r.text[:200])
            assert f'filename="{name.format(today_in(zone))}"' in r.headers["content-disposition"]


def test_a_patients_day_is_where_the_patient_lives(
    clinic_app: FastAPI,
    people: dict[str, Person],  # noqa: F811
) -> None:
    from starlette.requests import Request

    from backstride.web.zones import patient_today

    alice = people["alice"]
    r = alice.client.put(
        "/api/v1/my/timezone", json={"time_zone": EAST}, headers={"X-CSRF-Token": alice.csrf}
    )
    assert r.status_code == 200, r.text
    store = clinic_app.state.store
    saved = {p["id"]: store.get_time_zone(p["id"]) for p in store.list_people()}
    (alice_id,) = [pid for pid, zone in saved.items() if zone == EAST]
    request = Request({"type": "http", "app": clinic_app, "headers": []})
    assert patient_today(request, alice_id) == today_in(EAST)
    for pid in set(saved) - {alice_id}:  # no zone saved: the clinic's default, UTC
        assert patient_today(request, pid) == today_in("UTC")
