"""Self-test results in the database (issue 15): kept by the web's self-test form and by
`backstride selftest`, and shown over time on /selftest-results and with --history."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from backstride.storage import Store
from tests.web.conftest import new_account

BIN = str(Path(sys.executable).parent / "backstride")


def _csrf(client: TestClient, page: str) -> str:
    r = client.get(page)
    assert r.status_code == 200, r.text
    return re.search(r'name="csrf" value="([^"]+)"', r.text).group(1)  # type: ignore[union-attr]


def test_a_finished_self_test_is_kept_and_shown_over_time(client: TestClient) -> None:
    assert "No results kept yet" in client.get("/selftest-results").text
    csrf = _csrf(client, "/selftests/timed_walk")
    for minutes in ("4", "9"):
        data = {"csrf": csrf, "s": "", "upright_minutes": minutes, "relief": "sitting"}
        r = client.post("/selftests/timed_walk", data=data, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/result?s=")
    page = client.get("/selftest-results").text
    assert "Timed walking test" in page
    assert page.index("9 minutes") < page.index("4 minutes")  # newest first
    [group] = client.get("/api/v1/selftest-results").json()
    assert group["id"] == "timed_walk"
    assert [r["measures"]["upright_minutes"] for r in group["results"]] == [4.0, 9.0]
    assert "/selftest-results" in client.get("/selftests").text


def test_a_bad_result_keeps_nothing_and_the_form_needs_its_token(client: TestClient) -> None:
    csrf = _csrf(client, "/selftests/slr")
    r = client.post("/selftests/slr", data={"csrf": csrf, "slr": "sideways"})
    assert r.status_code == 422
    r = client.post("/selftests/slr", data={"slr": "positive"})
    assert r.status_code == 403
    assert client.get("/api/v1/selftest-results").json() == []


def test_clinic_results_are_the_owners_only(clinic_app: FastAPI) -> None:
    people = {}
    for name in ("ann", "bob"):
        c = TestClient(clinic_app, base_url="http://127.0.0.1")
        assert c.post("/api/v1/accounts", json=new_account(clinic_app, name)).status_code in (
            200,
            201,
        )
        c.post("/api/v1/session", json={"username": name, "password": "correct horse battery"})
        people[name] = c
    ann, bob = people["ann"], people["bob"]
    csrf = _csrf(ann, "/selftests/slr")
    r = ann.post("/selftests/slr", data={"csrf": csrf, "slr": "positive", "crossed": "negative"})
    assert r.status_code == 200  # followed to the result page
    assert len(ann.get("/api/v1/selftest-results").json()) == 1
    assert bob.get("/api/v1/selftest-results").json() == []
    anon = TestClient(clinic_app, base_url="http://127.0.0.1")
    assert anon.get("/api/v1/selftest-results").status_code == 401
    # not signed in: the self-test still works (stateless) and keeps nothing
    r = anon.post("/selftests/slr", data={"slr": "positive"}, follow_redirects=False)
    assert r.status_code == 303
    assert len(ann.get("/api/v1/selftest-results").json()) == 1
    for c in (ann, bob, anon):
        c.close()


def _cli(*args: str, db: str) -> subprocess.CompletedProcess[str]:
    env = {"BACKSTRIDE_DB": db, "COLUMNS": "120", "PATH": "/usr/bin:/bin"}
    return subprocess.run([BIN, *args], capture_output=True, text=True, env=env, timeout=120)


def test_the_cli_keeps_results_and_shows_them_over_time(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    r = _cli("selftest", "timed_walk", "--result", "upright_minutes=6", "--result", "relief=2",
             db=db)  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "Kept in your records (1 self-test result so far)" in r.stdout
    r = _cli("selftest", "slr", "--result", "positive", "--json", db=db)
    assert r.returncode == 0 and json.loads(r.stdout)["stored"] is True
    r = _cli("selftest", "slr", "--result", "negative", "--no-save", db=db)
    assert r.returncode == 0 and "Kept in your records" not in r.stdout
    with Store.open(db) as store:
        rows = store.list_selftests()
    assert [row["test_id"] for row in rows] == ["timed_walk", "slr"]
    assert rows[0]["details"]["measures"] == {"upright_minutes": 6.0, "relief": "sitting"}
    assert rows[0]["details"]["findings"]["walk_minutes"] == 6
    r = _cli("selftest", "--history", db=db)
    assert r.returncode == 0 and "Timed walking test" in r.stdout and "6 minutes" in r.stdout
    r = _cli("selftest", "slr", "--history", db=db)
    assert "Timed walking test" not in r.stdout and "Straight-leg raise" in r.stdout
    r = _cli("selftest", "nope", "--history", db=db)
    assert r.returncode != 0 and "slr" in r.stderr  # names the valid tests
    empty = str(tmp_path / "empty.db")
    assert "No self-test results stored yet" in _cli("selftest", "--history", db=empty).stdout
