"""`backstride diary list|edit|delete`, impossible entries in `backstride log`, and
`progress --weeks`, run as a person runs them (a real process, a real SQLite file)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.diary.test_cli import WALKS, entries, run


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "diary.db")


def test_log_shows_the_id_and_list_shows_ids(db: str) -> None:
    r = run("log", "--pain", "4", "--minutes", "3", db=db)
    assert r.returncode == 0 and "Saved as entry 1:" in r.stdout
    run("log", "--pain", "2", db=db)
    listed = run("diary", "list", db=db).stdout
    assert "    1  " in listed and "pain 4/10" in listed and "    2  " in listed


def test_edit_corrects_an_entry_and_checks_it_again(db: str) -> None:
    run("log", "--date", "2024-03-01", "--pain", "4", "--minutes", "3", "--notes", "typo", db=db)
    bad = run("diary", "edit", "1", "--onset", "30", db=db)
    assert bad.returncode == 2 and "the walk lasted 3 minutes" in bad.stderr
    ok = run("diary", "edit", "1", "--minutes", "30", "--onset", "20", "--clear", "notes", db=db)
    assert ok.returncode == 0, ok.stderr
    assert "Entry 1 now reads: 2024-03-01, pain 4/10, walked 30 min" in ok.stdout
    [e] = entries(db)
    assert (e["walk_minutes"], e["onset_minutes"], e["notes"]) == (30, 20, "")
    assert "(edited)" in run("diary", "list", db=db).stdout
    assert run("diary", "edit", "1", "--clear", "colour", db=db).returncode == 2
    missing = run("diary", "edit", "7", "--pain", "1", db=db)
    assert missing.returncode != 0 and "no diary entry 7" in missing.stderr


def test_delete_asks_or_needs_yes(db: str) -> None:
    run("log", "--pain", "4", db=db)
    run("log", "--pain", "6", db=db)
    refused = run("diary", "delete", "1", db=db)  # no terminal to ask in
    assert refused.returncode == 2 and "--yes" in refused.stderr
    assert len(entries(db)) == 2
    ok = run("diary", "delete", "1", "--yes", db=db)
    assert ok.returncode == 0 and "Deleted entry 1" in ok.stdout
    assert [e["pain_now"] for e in entries(db)] == [6]


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["--date", (date.today() + timedelta(days=1)).isoformat()], "in the future"),
        (["--minutes", "3", "--onset", "30"], "the walk lasted 3 minutes"),
    ],
)
def test_log_refuses_impossible_entries(db: str, args: list[str], shown: str) -> None:
    r = run("log", "--pain", "3", *args, db=db)
    assert r.returncode == 2 and shown in r.stderr
    assert entries(db) == []


def test_walk_import_keeps_runs_apart(db: str) -> None:
    r = run("walks", "import", str(WALKS / "run-walk-ride.gpx"), db=db)
    assert r.returncode == 0, r.stderr
    assert "2 walks and runs added" in r.stdout and "1 shorter than a minute skipped" in r.stdout


def test_progress_weeks_limits_the_table(db: str) -> None:
    today = date.today()
    for k in range(6):
        run("log", "--date", (today - timedelta(weeks=k)).isoformat(), "--pain", "4", db=db)
    every = run("progress", db=db).stdout
    last2 = run("progress", "--weeks", "2", db=db).stdout
    monday = today - timedelta(days=today.weekday())
    old = (monday - timedelta(weeks=5)).isoformat()
    assert old in every and old not in last2
    assert monday.isoformat() in last2
