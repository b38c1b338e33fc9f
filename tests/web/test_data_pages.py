"""My data in the web (issue 15): walk upload through the CLI's importer and limits, the
download in export format 2, and delete-my-data with its confirmation, CSRF and the check that
nothing is left. Real SQLite (and PostgreSQL for clinic mode), no mocks."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from backstride.diary.importer import read_walk_file
from backstride.storage import Store
from backstride.words import count
from tests.data.hostile.make_hostile import small_files
from tests.diary.healthgen import write_export
from tests.diary.test_cli import WALKS
from tests.web.conftest import make_app, new_account

HOSTILE = Path(__file__).parents[1] / "data" / "hostile"
PASSWORD = "correct horse battery"


def _csrf(client: TestClient, page: str = "/my/data") -> str:
    r = client.get(page)
    assert r.status_code == 200, r.text
    return re.search(r'name="csrf" value="([^"]+)"', r.text).group(1)  # type: ignore[union-attr]


def _alert(html: str) -> str:
    found = re.search(r'role="alert"[^>]*>(.*?)</p>', html, re.S)
    return found.group(1) if found else ""


def _upload(client: TestClient, name: str, data: bytes, csrf: str) -> object:
    return client.post("/my/data/walks", data={"csrf": csrf}, files={"file": (name, data)})


def _walks(client: TestClient) -> int:
    return int(client.get("/api/v1/progress").json()["walks"])


# --- walk upload -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "what"), [("cerknicko-jezero.gpx", "walk"), ("garmin-run-2013.fit", "run")]
)
def test_a_walk_file_uploads_once(client: TestClient, name: str, what: str) -> None:
    walks = len(read_walk_file(WALKS / name)[1])  # what the CLI's importer finds in it
    assert walks >= 1
    csrf = _csrf(client)
    data = (WALKS / name).read_bytes()
    r = _upload(client, name, data, csrf)
    assert r.status_code == 200 and f"{count(walks, what)} added" in r.text, _alert(r.text)
    assert name in r.text
    assert _walks(client) == walks
    again = _upload(client, name, data, csrf)
    assert again.status_code == 200 and f"{walks} already stored" in again.text
    assert _walks(client) == walks


def test_apple_health_export_as_xml_and_as_the_zip(client: TestClient, tmp_path: Path) -> None:
    xml = write_export(tmp_path / "export.xml", days=3)
    csrf = _csrf(client)
    r = _upload(client, "export.xml", xml.read_bytes(), csrf)
    assert r.status_code == 200 and "3 walks added" in r.text, _alert(r.text)
    assert "3 days of steps added" in r.text
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("apple_health_export/export_cda.xml", "<ClinicalDocument/>")
        z.write(xml, "apple_health_export/export.xml")
    r = _upload(client, "export.zip", buf.getvalue(), csrf)
    assert r.status_code == 200 and "3 already stored" in r.text, _alert(r.text)
    assert _walks(client) == 3


@pytest.mark.parametrize(
    "name", ["gpx_xxe.gpx", "ah_billion_laughs.xml", "fit_start_in_2125.fit", "ah_nan_steps.xml"]
)
def test_a_hostile_file_is_refused_by_name_and_loses_nothing(client: TestClient, name: str) -> None:
    csrf = _csrf(client)
    assert _upload(client, "walk.fit", (WALKS / "garmin-run-2013.fit").read_bytes(), csrf)
    before = client.get("/api/v1/progress").json()
    r = _upload(client, name, small_files()[name], csrf)
    assert r.status_code == 422
    message = _alert(r.text)
    assert name in message and "Nothing from this file was" in message
    assert "/tmp" not in message and "upload" not in message.split(name)[0]
    assert client.get("/api/v1/progress").json() == before


def test_wrong_kind_empty_and_missing_files_get_a_clear_message(client: TestClient) -> None:
    csrf = _csrf(client)
    r = _upload(client, "notes.txt", b"hello", csrf)
    assert r.status_code == 422 and "notes.txt" in _alert(r.text) and ".gpx" in _alert(r.text)
    r = _upload(client, "empty.gpx", b"", csrf)
    assert r.status_code == 422 and "empty" in _alert(r.text)
    r = client.post("/my/data/walks", data={"csrf": csrf})
    assert r.status_code == 422 and "Choose a file" in _alert(r.text)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("photo.jpg", b"not health data")
    r = _upload(client, "export.zip", buf.getvalue(), csrf)
    assert r.status_code == 422 and "no export.xml" in _alert(r.text)
    r = _upload(client, "export.zip", b"PK\x03\x04 broken", csrf)
    assert r.status_code == 422 and "zip" in _alert(r.text)
    assert _walks(client) == 0


def test_the_upload_is_size_limited(tmp_path: Path) -> None:
    app = make_app(tmp_path, max_upload_bytes=20_000)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        csrf = _csrf(c)
        r = _upload(c, "big.gpx", b"<gpx>" + b" " * 30_000 + b"</gpx>", csrf)
        assert r.status_code == 413 and "larger than" in _alert(r.text)
        # a zip that unpacks past the limit (20 times the upload limit) is refused too
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("export.xml", b"<HealthData>" + b" " * 500_000 + b"</HealthData>")
        assert len(buf.getvalue()) < 20_000
        r = _upload(c, "export.zip", buf.getvalue(), csrf)
        assert r.status_code == 413 and "unpacked" in _alert(r.text)
        assert _walks(c) == 0


def test_the_upload_needs_the_form_token(client: TestClient) -> None:
    data = (WALKS / "cerknicko-jezero.gpx").read_bytes()
    r = client.post("/my/data/walks", files={"file": ("w.gpx", data)})
    assert r.status_code == 403
    r = _upload(client, "w.gpx", data, "not-the-token")
    assert r.status_code == 403
    assert _walks(client) == 0


def test_the_api_upload(client: TestClient) -> None:
    data = (WALKS / "cerknicko-jezero.gpx").read_bytes()
    r = client.post("/api/v1/my/walks", files={"file": ("lake.gpx", data)})
    assert r.status_code == 201, r.text
    assert r.json()["walks_added"] == _walks(client) > 0 and r.json()["kind"] == "gpx"
    r = client.post("/api/v1/my/walks", files={"file": ("bad.gpx", small_files()["gpx_xxe.gpx"])})
    assert r.status_code == 422 and "bad.gpx" in r.json()["detail"]
    assert r.headers["content-type"].startswith("application/problem+json")


def _stored_files(client: TestClient) -> list[str]:
    [me] = client.get("/my/data/export.json").json()["people"]
    return sorted({w["source_file"] for w in me["walks"]})


def test_a_walk_keeps_the_name_of_the_file_the_person_sent(client: TestClient) -> None:
    """Not the temporary file's (upload.gpx); a copy under another name is 'already stored'
    (walks are matched by their start and length, never by the file name)."""
    data = (WALKS / "cerknicko-jezero.gpx").read_bytes()
    csrf = _csrf(client)
    r = _upload(client, "Morgenrunde (Köln) 1.gpx", data, csrf)
    assert r.status_code == 200 and "Morgenrunde (Köln) 1.gpx" in r.text, _alert(r.text)
    assert _stored_files(client) == ["Morgenrunde (Köln) 1.gpx"]
    walks = _walks(client)
    again = _upload(client, "copy of it.gpx", data, csrf)
    assert f"{walks} already stored" in again.text and _walks(client) == walks
    assert _stored_files(client) == ["Morgenrunde (Köln) 1.gpx"]  # the first name stays
    r = client.post(
        "/api/v1/my/walks",
        files={"file": ("watch.fit", (WALKS / "garmin-run-2013.fit").read_bytes())},
    )
    assert r.status_code == 201 and r.json()["file"] == "watch.fit"
    assert "watch.fit" in _stored_files(client)


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("../../../etc/cron.d/walk.gpx", "walk.gpx"),
        ("C:\\Users\\me\\Desktop\\walk.gpx", "walk.gpx"),
        ("walk\r\n\x1b[31mred.gpx", "walk[31mred.gpx"),
        ("\u202egpx.exe\u202c.gpx", "gpx.exe.gpx"),
        ('<b>walk<b> & "run".gpx', '<b>walk<b> & "run".gpx'),  # a browser sends %22
        ("w" * 300 + ".gpx", "w" * 195 + "\u2026.gpx"),
    ],
)
def test_an_odd_upload_name_is_stored_harmlessly(
    client: TestClient, tmp_path: Path, sent: str, stored: str
) -> None:
    r = client.post(
        "/api/v1/my/walks", files={"file": (sent, (WALKS / "cerknicko-jezero.gpx").read_bytes())}
    )
    assert r.status_code == 201, r.text
    assert r.json()["file"] == stored and _stored_files(client) == [stored]
    html = client.get("/my/data").text
    assert "<b>walk" not in html


def test_the_name_is_cleaned_whatever_the_client_sends() -> None:
    from backstride.storage.upsert import sent_name

    assert sent_name("walk\r\n\x1b[31mred\x00\t.gpx") == "walk[31mred.gpx"
    assert sent_name("..") == sent_name("a/..") == sent_name("/") == sent_name("\x07") == ""
    assert sent_name("walk-\udcff\ud800.gpx") == "walk-\ufffd\ufffd.gpx"
    assert sent_name("x" * 300)[-1] == "\u2026" and len(sent_name("x" * 300)) == 200


def test_a_utf16_gpx_uploads_and_shift_jis_is_named(client: TestClient) -> None:
    text = (WALKS / "cerknicko-jezero.gpx").read_text(encoding="utf-8")
    r = client.post("/api/v1/my/walks", files={"file": ("windows.gpx", text.encode("utf-16"))})
    assert r.status_code == 201 and r.json()["walks_added"] >= 1, r.text
    body = text.split("?>", 1)[1] if text.startswith("<?xml") else text
    sjis = ('<?xml version="1.0" encoding="Shift_JIS"?>' + body).encode("utf-8")
    r = client.post("/api/v1/my/walks", files={"file": ("jp.gpx", sjis)})
    assert r.status_code == 422 and "Shift_JIS" in r.json()["detail"]


# --- export and delete (single person) ---------------------------------------------------


def _fill(client: TestClient) -> None:
    csrf = _csrf(client)
    diary = {"csrf": csrf, "pain_now": "4", "walk_minutes": "12", "notes": "park"}
    assert client.post("/diary", data=diary).status_code == 200
    _upload(client, "walk.fit", (WALKS / "garmin-run-2013.fit").read_bytes(), csrf)
    answers = {"csrf": csrf, "pain_intensity": "2", "walking": "3"}
    assert client.post("/questionnaires/odi", data=answers).status_code == 200


def test_the_download_is_export_format_2_and_imports(client: TestClient, tmp_path: Path) -> None:
    _fill(client)
    r = client.get("/my/data/export.json")
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    assert r.headers["cache-control"] == "no-store"
    data = r.json()
    assert data["format"] == "backstride-export" and data["format_version"] == 2
    [me] = data["people"]
    assert len(me["diary"]) == 1 and me["diary"][0]["notes"] == "park"
    assert len(me["walks"]) == 1 and me["scores"][0]["instrument"] == "odi"
    with Store.open(str(tmp_path / "elsewhere.db")) as other:
        counts = other.import_data(data)
    assert counts["diary"] == 1 and counts["walks"] == 1 and counts["scores"] == 1
    assert client.get("/api/v1/my/data").json() == data


def test_delete_asks_first_then_deletes_everything(client: TestClient, app: FastAPI) -> None:
    _fill(client)
    page = client.get("/my/data/delete")
    assert "1 diary entry" in page.text and "1 walk from a phone or watch" in page.text
    csrf = _csrf(client, "/my/data/delete")
    r = client.post("/my/data/delete", data={"csrf": csrf, "confirm": "yes"})
    assert r.status_code == 422 and "Nothing was deleted" in _alert(r.text)
    assert len(client.get("/api/v1/diary").json()) == 1
    r = client.post("/my/data/delete", data={"confirm": "delete"})
    assert r.status_code == 403
    assert len(client.get("/api/v1/diary").json()) == 1
    r = client.post("/my/data/delete", data={"csrf": csrf, "confirm": "Delete"})
    assert r.status_code == 200 and "nothing about you is left" in r.text
    store = app.state.store
    assert store.list_people() == []  # not even the person row is left
    assert client.get("/api/v1/diary").json() == []
    assert client.get("/my/data/export.json").json()["people"][0]["walks"] == []


def test_the_api_delete_needs_the_word(client: TestClient) -> None:
    _fill(client)
    r = client.delete("/api/v1/my/data")
    assert r.status_code == 422 and r.json()["field"] == "confirm"
    r = client.delete("/api/v1/my/data", params={"confirm": "delete"})
    assert r.status_code == 200 and r.json()["remaining"] == 0 and r.json()["removed"] >= 3


# --- clinic mode: owner only, the account goes too ---------------------------------------


def _signed_in(app: FastAPI, name: str, role: str = "patient") -> TestClient:
    c = TestClient(app, base_url="http://127.0.0.1")
    r = c.post("/api/v1/accounts", json=new_account(app, name, role))
    assert r.status_code in (200, 201), r.text
    r = c.post("/api/v1/session", json={"username": name, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return c


def test_clinic_each_person_sees_and_deletes_only_their_own(clinic_app: FastAPI) -> None:
    ann, bob = _signed_in(clinic_app, "ann"), _signed_in(clinic_app, "bob")
    carol = _signed_in(clinic_app, "carol", "clinician")
    _fill(ann)
    _fill(bob)
    csrf = _csrf(ann, "/my")
    assert ann.post("/my/diary/share", data={"csrf": csrf, "clinician": "carol"}).status_code in (
        200,
        303,
    )
    mine = ann.get("/my/data/export.json").json()
    assert [len(p["diary"]) for p in mine["people"]] == [1]
    text = json.dumps(mine)
    assert "argon2" not in text and "bob" not in text and mine["accounts"] == []
    assert mine.get("diary_shares", []) == [] and mine.get("invitations", []) == []
    # without a session: nothing
    anon = TestClient(clinic_app, base_url="http://127.0.0.1")
    assert anon.get("/api/v1/my/data").status_code == 401
    assert anon.post("/my/data/delete", data={"confirm": "delete"}).status_code in (401, 403)
    # the API delete needs the header token, the page the form token
    assert ann.delete("/api/v1/my/data", params={"confirm": "delete"}).status_code == 403
    csrf = _csrf(ann, "/my/data/delete")
    r = ann.post("/my/data/delete", data={"csrf": csrf, "confirm": "delete"})
    assert r.status_code == 200 and "nothing about you is left" in r.text, r.text
    assert "with your account" in r.text
    assert ann.get("/api/v1/diary").status_code == 401  # signed out: the session is gone
    again = TestClient(clinic_app, base_url="http://127.0.0.1")
    login = again.post("/api/v1/session", json={"username": "ann", "password": PASSWORD})
    assert login.status_code == 422 and login.json()["field"] == "password"  # no such account
    assert carol.get("/api/v1/patients").json() == []
    assert len(bob.get("/api/v1/diary").json()) == 1  # bob's data untouched
    for c in (ann, bob, carol, anon, again):
        c.close()


def test_an_upload_recorded_twice_names_the_stored_walk(client: TestClient, tmp_path: Path) -> None:
    """The watch's FIT, then the phone's GPX of the same run (with a point thrown 1 km away): the page
    and the API say it was not stored twice, and which stored walk it matches."""
    from datetime import UTC, datetime

    from tests.storage.test_walk_rules import steady_walk, write_gpx

    watch = (WALKS / "garmin-run-2013.fit").read_bytes()
    assert client.post("/api/v1/my/walks", files={"file": ("watch.fit", watch)}).status_code == 201
    start = datetime(2013, 2, 6, 12, 12, tzinfo=UTC)
    phone = steady_walk(start, 40, speed=1.8)
    lat, lon, t = phone[50]
    phone[50] = (lat + 0.01, lon, t)  # 1.1 km away for a moment: out and back
    data = write_gpx(tmp_path / "phone.gpx", [phone]).read_bytes()
    r = client.post("/api/v1/my/walks", files={"file": ("phone.gpx", data)})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["walks_added"] == 0 and body["gps_jumps"] == 2
    (overlap,) = body["overlapping"]
    assert overlap["stored_file"] == "watch.fit"
    assert overlap["stored_started_at"] == "2013-02-06T12:11:14+00:00"  # UTC, said so
    assert "1 already stored from another recording" in body["summary"]
    assert "(from watch.fit)" in body["summary"] and _walks(client) == 1
    page = _upload(client, "phone.gpx", data, _csrf(client))
    text = " ".join(re.sub(r"<[^>]+>", " ", page.text).split())
    assert "2 GPS jumps left out of the distance" in text
    assert "is the same time as the walk already stored for 2013-02-06 at" in text


def test_an_upload_with_the_same_walk_twice_says_so(client: TestClient, tmp_path: Path) -> None:
    """Two tracks of one walk in one GPX: one stored, the other named as a repeat within the
    file, not as "already stored from another recording"."""
    from datetime import UTC, datetime, timedelta

    from tests.storage.test_walk_rules import steady_walk, write_gpx

    start = datetime(2014, 5, 3, 9, 0, tzinfo=UTC)
    tracks = [steady_walk(start, 30), steady_walk(start + timedelta(seconds=20), 30, speed=1.1)]
    data = write_gpx(tmp_path / "twice.gpx", tracks).read_bytes()
    r = client.post("/api/v1/my/walks", files={"file": ("twice.gpx", data)})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["walks_added"] == 1
    (overlap,) = body["overlapping"]
    assert overlap["same_file"] is True
    assert "1 recorded twice in this file" in body["summary"]
    assert "another recording" not in body["summary"]
    assert "earlier in this file (recorded twice there)" in body["summary"]
