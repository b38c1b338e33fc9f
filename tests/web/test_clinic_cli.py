"""`backstride clinic admin` and `backstride clinic invite`: the command line makes the first
administrator and one-time clinician invitations (a real subprocess, a real SQLite file)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from backstride.web.accounts import Account
from tests.web.conftest import make_app

BIN = str(Path(sys.executable).parent / "backstride")
PASSWORD = "correct horse battery"


def run(db: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BACKSTRIDE_DB": str(db)}
    return subprocess.run(
        [BIN, "clinic", *args], capture_output=True, text=True, env=env, input=stdin, timeout=120
    )


def test_admin_and_invitation_from_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "web.db"
    r = run(db, "admin", "--username", "boss", stdin=f"{PASSWORD}\n{PASSWORD}\n")
    assert r.returncode == 0, r.stderr
    assert "Administrator 'boss' created." in r.stdout
    r = run(db, "admin", "--username", "boss2", stdin="short\nshort\n")
    assert r.returncode != 0 and "at least 10 characters" in r.stderr
    r = run(db, "invite", "--clinician", "Dr Grey", "--base-url", "https://clinic.example.org")
    assert r.returncode == 0, r.stderr
    link = next(line for line in r.stdout.splitlines() if "/register?invite=" in line)
    assert link.startswith("https://clinic.example.org/register?invite=")
    code = link.split("invite=")[1]

    app = make_app(tmp_path, multi_user=True)
    try:
        c = TestClient(app, base_url="http://127.0.0.1")
        body = {"username": "grey", "password": PASSWORD, "invitation": code}
        r = c.post("/api/v1/accounts", json=body)
        assert r.status_code == 201 and r.json()["role"] == "clinician"
        r = c.post("/api/v1/accounts", json={**body, "username": "grey2"})
        assert r.status_code == 422 and r.json()["field"] == "invitation"
        with app.state.store.read() as s:
            roles = dict(s.execute(select(Account.username, Account.role)).all())
        assert roles == {"boss": "admin", "grey": "clinician"}
    finally:
        app.state.store.close()
