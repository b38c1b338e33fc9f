"""One rule for weeks: while a walking programme runs, the progress table's weeks are the
programme's weeks (7 days from the day it started, numbered and dated), in the CLI, the web
page and the API; without one they run Monday to Sunday. Real CLI, real SQLite file."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient

from backstride.diary.adapt import new_state
from backstride.diary.records import DiaryEntry
from backstride.diary.trend import programme_week, week_start
from backstride.plan.walking import start_programme
from backstride.storage import Store
from tests.web.conftest import make_app

CLI = "from backstride.cli import main; main()"
START = date(2026, 11, 18)  # a Wednesday


def test_week_start_follows_the_programme_day() -> None:
    assert week_start(date(2026, 11, 24)) == date(2026, 11, 23)  # Monday without a programme
    assert week_start(date(2026, 11, 24), START) == date(2026, 11, 18)  # its 7th day
    assert week_start(date(2026, 11, 25), START) == date(2026, 11, 25)  # week 2 begins
    assert week_start(date(2026, 11, 17), START) == date(2026, 11, 11)  # before it: same weekday
    assert programme_week(date(2026, 11, 25), START) == 2
    assert programme_week(date(2026, 11, 11), START) is None


def _run(db: Path, *args: str) -> str:
    r = subprocess.run(
        [sys.executable, "-c", CLI, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "BACKSTRIDE_DB": str(db), "COLUMNS": "160"},
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    return r.stdout


def test_the_cli_shows_the_programmes_weeks_in_both_places(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    _run(db, "programme", "start", "--type", "neurogenic", "--minutes", "8", "--date", str(START))
    for day in ("2026-11-18", "2026-11-24", "2026-11-25"):
        _run(db, "log", "--date", day, "--minutes", "10", "--pain", "3")
    shown = _run(db, "programme", "show", "--today", "2026-12-03")
    assert "Week 1 (2026-11-18 to 2026-11-24): 2 days with a walk" in " ".join(shown.split())
    table = _run(db, "progress")
    said = " ".join(table.split())  # the title wraps to the table's width
    assert "weeks start on a Wednesday, the day your walking programme started" in said
    lines = table.splitlines()  # each week: its date and counts, then its programme week
    rows = [
        (line, lines[i + 1])
        for i, line in enumerate(lines[:-1])
        if "programme week" in lines[i + 1]
    ]
    assert "2026-11-18" in rows[0][0] and "│    2 │" in rows[0][0]
    assert "programme week 1" in rows[0][1]
    assert "2026-11-25" in rows[1][0] and "│    1 │" in rows[1][0]
    assert "programme week 2" in rows[1][1]


def test_without_a_programme_weeks_run_monday_to_sunday(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    for day in ("2026-11-18", "2026-11-24"):
        _run(db, "log", "--date", day, "--minutes", "10", "--pain", "3")
    table = _run(db, "progress")
    assert "2026-11-16 " in table and "2026-11-23 " in table and "programme week" not in table


def test_the_web_and_the_api_use_the_same_weeks(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    store = Store.open(f"sqlite:///{tmp_path / 'web.db'}")
    try:
        with TestClient(app, base_url="http://127.0.0.1") as client:
            _web_weeks(client, store)
    finally:
        store.close()


def _web_weeks(client: TestClient, store: Store) -> None:
    store.save_programme_state(None, new_state(start_programme("general", 10), START, "test"))
    for day in (date(2026, 11, 17), date(2026, 11, 24), date(2026, 11, 25)):
        store.add_diary_entry(None, DiaryEntry(day=day, pain_now=2))
    weeks = client.get("/api/v1/progress").json()["weeks"]
    assert [(w["start"], w["end"], w["programme_week"], w["entries"]) for w in weeks] == [
        ("2026-11-11", "2026-11-17", None, 1),
        ("2026-11-18", "2026-11-24", 1, 1),
        ("2026-11-25", "2026-12-01", 2, 1),
    ]
    page = client.get("/progress").text
    assert "weeks start on a Wednesday, the day your walking programme started" in page
    assert "Programme week 2: 25 Nov\u20131 Dec" in page
