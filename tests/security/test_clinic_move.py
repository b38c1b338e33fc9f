"""Issue 17, item 8: export/import carries clinic accounts and shares.

Before the fix the export had no accounts, so a clinic moved from SQLite to PostgreSQL
could not sign in, and every share was lost.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from backstride.errors import InputError
from backstride.storage import Store
from tests.security.conftest import PASSWORD, Browser
from tests.storage.dbs import BACKENDS, database_url
from tests.web.conftest import make_app

BIN = str(Path(sys.executable).parent / "backstride")


def _cli(*args: str, db: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BACKSTRIDE_DB": db}
    return subprocess.run([BIN, *args], capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture(params=BACKENDS)
def target_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from database_url(request.param, tmp_path / "target")


def _clinic_with_a_share(tmp_path: Path) -> tuple[FastAPI, int]:
    app = make_app(tmp_path, multi_user=True)  # SQLite
    alice = Browser(app).register("alice")
    Browser(app).register("carol", role="clinician")
    alice.post("/api/v1/assessments", json={"answers": {"rf": "no"}})
    a_id = alice.post("/api/v1/assessments", json={"answers": {"rf": "yes"}}).json()["id"]
    assert alice.post(f"/api/v1/assessments/{a_id}/shares", json={"clinician": "carol"}).is_success
    return app, a_id


def test_a_clinic_moved_from_sqlite_to_postgresql_signs_in(tmp_path: Path, target_url: str) -> None:
    (tmp_path / "target").mkdir(exist_ok=True)
    source, _ = _clinic_with_a_share(tmp_path)
    source_url = source.state.settings.db_url
    source.state.store.close()
    dump = tmp_path / "clinic.json"
    assert _cli("export", str(dump), db=source_url).returncode == 0
    data = json.loads(dump.read_text())
    assert [a["username"] for a in data["accounts"]] == ["alice", "carol"]
    assert all(a["password_hash"].startswith("$argon2id$") for a in data["accounts"])
    assert PASSWORD not in dump.read_text()
    r = _cli("import", str(dump), db=target_url)
    assert r.returncode == 0 and "2 accounts" in r.stderr and "1 shares" in r.stderr

    moved = make_app(tmp_path / "target", db_url=target_url, multi_user=True)
    try:
        carol = Browser(moved)
        login = carol.client.post(
            "/api/v1/session", json={"username": "carol", "password": PASSWORD}
        )
        assert login.status_code == 200, login.text
        [patient] = carol.get("/api/v1/patients").json()
        assert patient["username"] == "alice" and len(patient["assessments"]) == 1
        shared = patient["assessments"][0]["id"]
        assert carol.get(f"/api/v1/assessments/{shared}").json()["owner"] == "alice"
        alice = Browser(moved)
        alice.client.post("/api/v1/session", json={"username": "alice", "password": PASSWORD})
        assert len(alice.get("/api/v1/assessments").json()) == 2
        assert alice.get(f"/api/v1/assessments/{shared}").json()["shared_with"] == ["carol"]
    finally:
        moved.state.store.close()
    # and the moved clinic exports the same file again
    again = tmp_path / "again.json"
    assert _cli("export", str(again), db=target_url).returncode == 0
    assert again.read_bytes() == dump.read_bytes()


def test_import_refuses_a_taken_username_and_bad_shares(tmp_path: Path) -> None:
    source, _ = _clinic_with_a_share(tmp_path)
    data = source.state.store.export_data()
    source.state.store.close()
    other = tmp_path / "other.db"
    with Store.open(str(other)) as store:
        taken = json.loads(json.dumps(data))
        taken["people"] = taken["people"][:1]  # alice only: carol's account has no person
        with pytest.raises(InputError, match="person_uid"):
            store.import_data(taken)
        bad = json.loads(json.dumps(data))
        bad["shares"][0]["assessment"] = 7
        with pytest.raises(InputError, match=r"shares\[0\]\.assessment"):
            store.import_data(bad)
        bad = json.loads(json.dumps(data))
        bad["accounts"][0]["password_hash"] = "plain text password"
        with pytest.raises(InputError, match="argon2"):
            store.import_data(bad)
        assert store.list_people() == []  # all or nothing
        store.import_data(data)
        with pytest.raises(InputError, match="already in this database"):
            store.import_data(data)


def test_version_1_exports_still_import(tmp_path: Path) -> None:
    with Store.open(str(tmp_path / "a.db")) as store:
        store.add_person("Ana")
        data = store.export_data()
    data["format_version"] = 1
    del data["accounts"], data["shares"]
    with Store.open(str(tmp_path / "b.db")) as store:
        assert store.import_data(data)["people"] == 1
