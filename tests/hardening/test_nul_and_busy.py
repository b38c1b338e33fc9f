"""Issue 17 items 6 and 7: NUL characters are refused with a 4xx everywhere (PostgreSQL cannot
store them: it was a 500, even on login), and a database still locked after the busy timeout
is a 503 with Retry-After, not a 500."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event

from backstride.storage import Store
from backstride.storage.engine import StorageError
from tests.web.conftest import make_app
from tests.web.test_clinic import PASSWORD, Person

NUL = "a\x00b"


def test_nul_in_login_and_registration_is_a_4xx(clinic_app: FastAPI) -> None:
    with TestClient(clinic_app, base_url="http://127.0.0.1") as c:
        body = {"username": NUL, "password": PASSWORD}
        r = c.post("/api/v1/accounts", json={**body, "role": "patient"})
        assert 400 <= r.status_code < 500, r.text
        for attempt in (c.post("/api/v1/session", json=body), c.post("/login", data=body)):
            assert 400 <= attempt.status_code < 500, attempt.text
        # a password is only hashed, never stored as text: a NUL in it is just a character
        r = c.post("/api/v1/session", json={"username": "zed", "password": "x\x00y"})
        assert 400 <= r.status_code < 500


def test_nul_in_diary_text_is_a_422(clinic_app: FastAPI) -> None:
    alice = Person(clinic_app, "alice")
    r = alice.post("/api/v1/diary", json={"pain_now": 2, "notes": NUL})
    assert r.status_code == 422 and r.json()["field"] == "notes"
    csrf = alice.form_csrf("/diary")
    r = alice.post("/diary", data={"csrf": csrf, "pain_now": "2", "notes": NUL})
    assert r.status_code == 422 and "NUL" in r.text
    assert alice.get("/api/v1/diary").json() == []
    alice.client.close()


def test_a_nul_that_reaches_the_database_is_still_bad_input() -> None:
    err = StorageError(
        "The database x failed: PostgreSQL text fields cannot contain NUL (0x00) bytes."
    )
    assert (err.status, err.exit_code) == (422, 2) and "NUL" in err.message


def test_a_write_lock_held_past_the_timeout_is_a_503_with_retry_after(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        assert client.get("/api/v1/diary").status_code == 200  # database made
        engine = app.state.store.engine

        @event.listens_for(engine, "connect")
        def _short_wait(dbapi_conn, _record) -> None:
            dbapi_conn.execute("PRAGMA busy_timeout = 200")

        engine.pool.dispose()
        holder = sqlite3.connect(tmp_path / "web.db", isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        try:
            r = client.post("/api/v1/diary", json={"pain_now": 3})
        finally:
            holder.rollback()
            holder.close()
        assert r.status_code == 503, r.text
        assert r.headers["retry-after"] == "5" and "try again" in r.json()["detail"]
        r = client.post("/api/v1/diary", json={"pain_now": 4})
        assert r.status_code == 201, r.text
    with Store.open(str(tmp_path / "web.db")) as s:
        assert [e["pain_now"] for e in s.list_diary_entries()] == [4]
