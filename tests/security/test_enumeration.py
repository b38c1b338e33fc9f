"""Learning which usernames exist (SQLite and PostgreSQL).

- Signing in: a wrong password and an unknown username get the same status and the same
  words, and the password hash is checked in both cases.
- Registering: "that username is taken" must be said, so one address gets only a few such
  answers per window; then every registration from it waits (429), a free name included.
- Sharing with a clinician: "no such clinician" is said the same way for an unknown name and
  for a patient's name, and counted the same way, per address and per account.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from backstride.web import accounts as accounts_mod
from tests.security.conftest import PASSWORD, Browser
from tests.web.conftest import make_app

LIMIT = 3


@pytest.fixture
def clinic3(db_url: str, tmp_path: Path) -> Iterator[FastAPI]:
    """Clinic mode giving 3 answers that tell a name exists per window, with a patient
    "alice" and a clinician "carol"."""
    app = make_app(tmp_path, db_url=db_url, multi_user=True, name_answers_per_window=LIMIT)
    Browser(app).register("alice")
    Browser(app).register("carol", role="clinician")
    yield app
    app.state.store.close()


def _at(app: FastAPI, address: str) -> Browser:
    return Browser(app, client=(address, 50000))


def _register(b: Browser, username: str) -> tuple[int, str]:
    r = b.client.post("/api/v1/accounts", json={"username": username, "password": PASSWORD})
    return r.status_code, r.text


def test_sign_in_failures_look_the_same(clinic3: FastAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    checked: list[str] = []
    real = accounts_mod._verify

    def counting(stored: str, password: str) -> bool:
        checked.append(stored)
        return real(stored, password)

    monkeypatch.setattr(accounts_mod, "_verify", counting)
    c = TestClient(clinic3, base_url="http://127.0.0.1")
    answers = []
    for name in ("alice", "nobody-here"):
        r = c.post("/api/v1/session", json={"username": name, "password": "wrong password"})
        body = r.json()
        answers.append((r.status_code, body["detail"], body["field"], body["title"]))
    assert (
        answers[0]
        == answers[1]
        == (
            422,
            "That username and password do not match.",
            "password",
            answers[0][3],
        )
    )
    # the hash is computed either way: alice's own, and a stand-in for the unknown name
    assert len(checked) == 2 and all(h.startswith("$argon2id$") for h in checked)
    csrf = re.search(r'name="csrf" value="([^"]+)"', c.get("/login").text).group(1)
    pages = [
        c.post("/login", data={"csrf": csrf, "username": n, "password": "wrong password"})
        for n in ("alice", "nobody-here")
    ]
    assert [p.status_code for p in pages] == [422, 422]
    assert all("That username and password do not match." in p.text for p in pages)


def test_taken_usernames_are_said_a_few_times_per_address(clinic3: FastAPI) -> None:
    prober = _at(clinic3, "198.51.100.7")
    assert _register(prober, "newcomer1")[0] == 201  # free names do not count
    for name in ("alice", "carol", "newcomer1"):
        status, text = _register(prober, name)
        assert status == 422 and "is taken" in text
    # now every registration from this address waits, a free name too: the 429 tells nothing
    for name in ("alice", "free-name-9"):
        r = prober.client.post("/api/v1/accounts", json={"username": name, "password": PASSWORD})
        assert r.status_code == 429, r.text
        assert int(r.headers["retry-after"]) > 0 and r.json()["field"] == "username"
        assert "is taken" not in r.text and name not in r.text
    # the register form says the same
    csrf = prober.form_csrf("/register")
    page = prober.client.post(
        "/register", data={"csrf": csrf, "username": "free-name-9", "password": PASSWORD}
    )
    assert page.status_code == 429 and "Wait" in page.text and "taken" in page.text
    # someone else, from another address, registers as usual and is told a name is taken
    other = _at(clinic3, "203.0.113.20")
    assert _register(other, "free-name-9")[0] == 201
    assert "is taken" in _register(other, "alice")[1]


def test_sharing_with_no_clinician_says_the_same_for_any_name(clinic3: FastAPI) -> None:
    alice = _at(clinic3, "198.51.100.8")
    r = alice.client.post(
        "/api/v1/session", json={"username": "alice", "password": PASSWORD}
    ).json()
    alice.csrf = r["csrf_token"]
    a_id = alice.post("/api/v1/assessments", json={"age": 50, "answers": {}}).json()["id"]
    answers = []
    for name in ("nobody-here", "alice"):  # unknown, and a patient's name
        r = alice.post("/api/v1/diary/shares", json={"clinician": name})
        answers.append((r.status_code, r.json()["field"], r.json()["detail"].replace(name, "X")))
    assert answers[0] == answers[1] and answers[0][0] == 422
    assert "carol" not in str(answers)
    r = alice.post(f"/api/v1/assessments/{a_id}/shares", json={"clinician": "somebody"})
    assert r.status_code == 422 and r.json()["field"] == "clinician"
    # the limit is reached: every share waits, to a real clinician too, so it tells nothing
    for path in ("/api/v1/diary/shares", f"/api/v1/assessments/{a_id}/shares"):
        r = alice.post(path, json={"clinician": "carol"})
        assert r.status_code == 429 and r.json()["field"] == "clinician", r.text
    assert alice.get("/api/v1/diary/shares").json() == []
    # the same account from a new address is still counted (per account)
    again = _at(clinic3, "203.0.113.99")
    tok = again.client.post("/api/v1/session", json={"username": "alice", "password": PASSWORD})
    again.csrf = tok.json()["csrf_token"]
    assert again.post("/api/v1/diary/shares", json={"clinician": "carol"}).status_code == 429
    # another patient elsewhere shares as usual
    bob = _at(clinic3, "192.0.2.44").register("bob")
    assert bob.post("/api/v1/diary/shares", json={"clinician": "carol"}).status_code == 204
    assert bob.get("/api/v1/diary/shares").json() == ["carol"]
