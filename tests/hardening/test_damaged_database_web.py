"""A damaged database through the web app and the API: every page and route that reads a
damaged row answers with the Store's checked problem (a 500 naming the table and the row) or a
4xx, never an unhandled exception. Before, the saved-assessment pages, their FHIR and PDF,
every page that reads the time zone (a person's created_at damaged), setting the time zone and
uploading walks (a walk damaged) and deleting a damaged diary entry raised from their own
queries, outside the Store's row checks."""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from backstride.instruments import load_spec
from backstride.storage import Store
from backstride.web import Settings, create_app
from tests.conftest import SMALL_KB
from tests.web.test_clinic import Person

CLI = "from backstride.cli import main; main()"
WALKS = Path(__file__).parents[1] / "data" / "walks"
ODI = {"answers": {i.id: "2" for i in load_spec("odi").items}}

GETS = [
    "/",
    "/plan",
    "/selftests",
    "/my",
    "/my/assessments/1",
    "/api/v1/assessments",
    "/api/v1/assessments/1",
    "/diary",
    "/diary/1/edit",
    "/progress",
    "/progress/chart.svg",
    "/api/v1/diary",
    "/api/v1/diary/1",
    "/api/v1/progress",
    "/api/v1/progress/chart.svg",
    "/api/v1/programme",
    "/my/assessments/1/fhir.json",
    "/api/v1/assessments/1/fhir",
    "/report.pdf",
    "/my/assessments/1/report.pdf",
    "/api/v1/report.pdf",
    "/api/v1/assessments/1/report.pdf",
    "/questionnaires",
    "/questionnaires/odi",
    "/api/v1/questionnaires/scores",
    "/selftest-results",
    "/api/v1/selftest-results",
    "/my/data",
    "/my/data/export.json",
    "/my/data/delete",
    "/api/v1/my/data",
    "/api/v1/my/timezone",
]

WRITES: list[tuple[str, str, dict[str, object]]] = [
    ("PATCH", "/api/v1/diary/1", {"json": {"pain_now": 3}}),
    ("POST", "/api/v1/diary", {"json": {"day": "2026-11-02", "pain_now": 2}}),
    ("PUT", "/api/v1/my/timezone", {"json": {"time_zone": "Europe/Paris"}}),
    ("POST", "/api/v1/questionnaires/odi", {"json": ODI}),
    ("POST", "/api/v1/assessments", {"json": {"age": 50, "answers": {"walk_minutes": 10}}}),
]

# (how a row is damaged, words the problem's detail holds)
DAMAGE = [
    ("UPDATE diary_entries SET day = 'garbage'", ["diary_entries", "garbage"]),
    ("UPDATE diary_entries SET walk_minutes = 'abc'", ["diary entry", "'abc'"]),
    ("UPDATE assessments SET result = 'not json'", ["assessment", "cannot be read"]),
    ("UPDATE assessments SET result = '{}'", ["assessment", "urgency"]),
    ("UPDATE assessments SET result = json_set(result, '$.urgency', 'x')", ["urgency"]),
    (
        "UPDATE assessments SET result = json_set(result, '$.conditions', json('[1, 2]'))",
        ["conditions"],
    ),
    ("UPDATE assessments SET created_at = 'nonsense'", ["assessments", "nonsense"]),
    ("UPDATE assessments SET answers = '[]'", ["assessment", "answers"]),
    ("UPDATE walks SET started_at = 'garbage'", ["walks", "garbage"]),
    ("UPDATE walks SET duration_s = 'abc'", ["walk", "'abc'"]),
    ("UPDATE walks SET day = '2026-13-45'", ["walks"]),
    ("UPDATE selftest_results SET details = 'not json'", ["selftest_results"]),
    ("UPDATE programme_states SET state = 'not json'", ["programme_states"]),
    ("UPDATE people SET created_at = 'x'", ["people"]),
    ("UPDATE people SET time_zone = x'00ff'", ["person", "time_zone"]),
    ("UPDATE questionnaire_scores SET scores = 'not json'", ["questionnaire_scores"]),
]


def _run(db: Path, *args: str) -> None:
    env = {**os.environ, "BACKSTRIDE_DB": str(db)}
    r = subprocess.run(
        [sys.executable, "-c", CLI, *args], capture_output=True, text=True, env=env, timeout=120
    )
    assert r.returncode == 0, (args, r.stderr)


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database filled by the real commands and the real app: a diary entry, a saved
    assessment, a walking programme, walks, a self-test result, an ODI score."""
    tmp = tmp_path_factory.mktemp("made")
    db = tmp / "made.db"
    answers = {"age": 68, "sex": "male", "answers": {"symptom_reach": "thigh", "walk_minutes": 5}}
    (tmp / "answers.json").write_text(json.dumps(answers))
    _run(db, "log", "--pain", "4", "--minutes", "20")
    _run(db, "assess", "--answers", str(tmp / "answers.json"), "--save")
    _run(db, "programme", "start")
    _run(db, "walks", "import", str(WALKS / "cerknicko-jezero.gpx"))
    with Store.open(f"sqlite:///{db}") as store:
        store.save_selftest(None, "slr", "positive", {"side": "left"})
    app = create_app(Settings(db_url=f"sqlite:///{db}"))
    with TestClient(app, base_url="http://127.0.0.1") as c:
        assert c.post("/api/v1/questionnaires/odi", json=ODI).status_code == 201
    app.state.store.close()
    return db


@pytest.fixture(scope="module")
def quiet() -> Iterator[None]:
    """The app logs each 500 it answers; hundreds of them here say nothing new."""
    logging.disable(logging.ERROR)
    yield
    logging.disable(logging.NOTSET)


def _damaged_app(made: Path, tmp_path: Path, damage: str) -> FastAPI:
    db = tmp_path / "damaged.db"
    shutil.copy(made, db)
    with sqlite3.connect(db) as conn:
        conn.execute(damage)
    return create_app(Settings(db_url=f"sqlite:///{db}"))


def _checked(r: object, where: str, named: list[str], seen: list[str]) -> None:
    status = r.status_code  # type: ignore[attr-defined]
    if status < 500:
        return
    text = r.text  # type: ignore[attr-defined]
    assert "holds a damaged" in text, (where, status, text[:300])
    seen.append(text)


@pytest.mark.parametrize(("damage", "named"), DAMAGE, ids=[d[0][7:60] for d in DAMAGE])
def test_every_page_and_route_answers_a_damaged_row_with_the_checked_problem(
    made: Path, tmp_path: Path, quiet: None, damage: str, named: list[str]
) -> None:
    app = _damaged_app(made, tmp_path, damage)
    seen: list[str] = []
    # raise_server_exceptions: an exception no handler turned into an answer fails the test
    with TestClient(app, base_url="http://127.0.0.1") as client:
        for path in GETS:
            for accept in ("text/html", "application/json"):
                r = client.get(path, headers={"accept": accept})
                _checked(r, f"GET {path} ({accept})", named, seen)
        for method, path, kw in WRITES:
            _checked(client.request(method, path, **kw), f"{method} {path}", named, seen)  # type: ignore[arg-type]
        upload = {"file": ("w.gpx", (WALKS / "cerknicko-jezero.gpx").read_bytes())}
        _checked(client.post("/api/v1/my/walks", files=upload), "upload", named, seen)
    app.state.store.close()
    assert seen, "no route read the damaged row"
    for text in seen:  # each problem names the table or the row and the bad value
        assert all(word in text for word in named) or "damaged" in text
    assert any(all(word in text for word in named) for text in seen), (named, seen[:2])


def test_a_damaged_diary_entry_can_still_be_deleted(made: Path, tmp_path: Path) -> None:
    """The message for a damaged row suggests deleting it: the diary's own delete does."""
    app = _damaged_app(made, tmp_path, "UPDATE diary_entries SET day = 'garbage'")
    with TestClient(app, base_url="http://127.0.0.1") as client:
        assert client.get("/api/v1/diary").status_code == 500
        assert client.delete("/api/v1/diary/1").status_code == 204
        assert client.get("/api/v1/diary").json() == []
    app.state.store.close()


def test_a_damaged_shared_assessment_on_the_clinicians_pages(tmp_path: Path, quiet: None) -> None:
    """Clinic mode: the clinician's patient list and the shared assessment read the row
    through the Store's checks; someone it is not shared with still gets a plain 404."""
    db = tmp_path / "clinic.db"
    app = create_app(Settings(kb_root=SMALL_KB, db_url=f"sqlite:///{db}", multi_user=True))
    with TestClient(app, base_url="http://127.0.0.1"):
        alice = Person(app, "alice")
        carol = Person(app, "carol", role="clinician")
        dave = Person(app, "dave", role="clinician")
        aid = alice.post("/api/v1/assessments", json={"answers": {"rf": "no"}}).json()["id"]
        r = alice.post(f"/api/v1/assessments/{aid}/shares", json={"clinician": "carol"})
        assert r.status_code == 204
        with sqlite3.connect(db) as conn:
            conn.execute("UPDATE assessments SET result = '{}'")
        for who, path in [
            (carol, "/clinic"),
            (carol, "/api/v1/patients"),
            (carol, f"/api/v1/assessments/{aid}"),
            (carol, "/clinic/patients/alice"),
            (alice, f"/my/assessments/{aid}"),
            (alice, f"/api/v1/assessments/{aid}/report.pdf"),
        ]:
            r = who.get(path)
            assert r.status_code == 500 and "holds a damaged assessment" in r.text, (path, r.text)
        assert dave.get(f"/api/v1/assessments/{aid}").status_code == 404
        for p in (alice, carol, dave):
            p.client.close()
    app.state.store.close()
