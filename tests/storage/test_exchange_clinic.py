"""Export format 2 carries diary shares and clinician invitations (issue 15): a clinic moved
to another database (SQLite or PostgreSQL) keeps who may see whose diary, and an invitation
not used yet still registers its clinician there, once."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from backstride.errors import InputError
from backstride.storage import Store
from tests.security.conftest import Browser
from tests.storage.dbs import BACKENDS, database_url
from tests.web.conftest import make_app


@pytest.fixture(params=BACKENDS)
def target_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    (tmp_path / "target").mkdir(exist_ok=True)
    yield from database_url(request.param, tmp_path / "target")


def _clinic(tmp_path: Path) -> tuple[FastAPI, str]:
    app = make_app(tmp_path, multi_user=True)
    alice = Browser(app).register("alice")
    Browser(app).register("carol", role="clinician")
    Browser(app).register("dan", role="clinician")
    csrf = alice.form_csrf("/my")
    r = alice.client.post("/my/diary/share", data={"csrf": csrf, "clinician": "carol"})
    assert r.status_code < 400, r.text
    alice.post("/api/v1/diary", json={"pain_now": 3, "walk_minutes": 15})
    code = app.state.accounts.invite("new physio")
    return app, code


def test_diary_shares_and_invitations_move_with_the_clinic(tmp_path: Path, target_url: str) -> None:
    source, code = _clinic(tmp_path)
    data = source.state.store.export_data()
    source.state.store.close()
    assert data["diary_shares"] == [
        {
            "patient": "alice",
            "clinician": "carol",
            "created_at": data["diary_shares"][0]["created_at"],
        }
    ]
    [invitation] = [i for i in data["invitations"] if i["note"] == "new physio"]
    assert code not in json.dumps(data)  # only the hash travels
    assert invitation["used_at"] is None and len(invitation["code_hash"]) == 64

    moved = make_app(tmp_path / "target", db_url=target_url, multi_user=True)
    try:
        counts = moved.state.store.import_data(data)
        assert counts["diary_shares"] == 1 and counts["invitations"] == len(data["invitations"])
        carol = Browser(moved)
        carol.client.post(
            "/api/v1/session", json={"username": "carol", "password": "correct horse battery"}
        )
        [patient] = carol.get("/api/v1/patients").json()
        assert patient["username"] == "alice"
        # the diary share came along: carol's chart of alice's diary exists
        assert carol.get("/clinic/patients/alice/chart.svg").status_code == 200
        # the invitation registers its clinician in the new database, once
        body = {"username": "erin", "password": "correct horse battery", "role": "clinician"}
        r = Browser(moved).client.post("/api/v1/accounts", json={**body, "invitation": code})
        assert r.status_code == 201, r.text
        r = Browser(moved).client.post(
            "/api/v1/accounts", json={**body, "username": "frank", "invitation": code}
        )
        assert r.status_code == 422 and r.json()["field"] == "invitation"
        again = moved.state.store.export_data()
        assert again["diary_shares"] == data["diary_shares"]
    finally:
        moved.state.store.close()


def test_bad_diary_shares_and_invitations_import_nothing(tmp_path: Path) -> None:
    source, _ = _clinic(tmp_path)
    data = source.state.store.export_data()
    source.state.store.close()
    cases = {
        "diary_shares[0]: patient and clinician": lambda d: d["diary_shares"][0].update(
            clinician="alice"
        ),
        "unknown field": lambda d: d["diary_shares"][0].update(extra=1),
        "code_hash": lambda d: d["invitations"][0].update(code_hash="not a hash"),
        "invitations[0].role": lambda d: d["invitations"][0].update(role="patient"),
        "missing field 'expires_at'": lambda d: d["invitations"][0].pop("expires_at"),
        '"invitations" must be a list': lambda d: d.update(invitations={}),
    }
    with Store.open(str(tmp_path / "other.db")) as store:
        for message, spoil in cases.items():
            bad = copy.deepcopy(data)
            spoil(bad)
            with pytest.raises(InputError, match=message.replace("[", r"\[").replace("]", r"\]")):
                store.import_data(bad)
        assert store.list_people() == []  # all or nothing
        store.import_data(data)
        twice = copy.deepcopy(data)
        twice["people"], twice["accounts"], twice["shares"], twice["diary_shares"] = [], [], [], []
        with pytest.raises(InputError, match="already in this database"):
            store.import_data(twice)


def test_a_file_without_the_new_sections_still_imports(tmp_path: Path) -> None:
    source, _ = _clinic(tmp_path)
    data = source.state.store.export_data()
    source.state.store.close()
    del data["diary_shares"], data["invitations"]
    with Store.open(str(tmp_path / "older.db")) as store:
        counts = store.import_data(data)
    assert counts["accounts"] == 3 and counts["diary_shares"] == 0


def test_one_persons_export_has_no_invitations(tmp_path: Path) -> None:
    source, _ = _clinic(tmp_path)
    store = source.state.store
    alice = next(p["id"] for p in store.list_people() if p["name"] == "alice")
    assert store.export_data(alice, everyone=False)["invitations"] == []
    assert store.export_data()["invitations"]
    store.close()
