"""The diary and data commands, run as a person runs them (a real process, a real database)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from backstride.storage import Store

WALKS = Path(__file__).parents[1] / "data" / "walks"


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "diary.db")


def run(*args: str, db: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BACKSTRIDE_DB": db, "COLUMNS": "120"}
    return subprocess.run(
        [sys.executable, "-c", "from backstride.cli import main; main()", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def entries(db: str) -> list[dict]:
    with Store.open(db) as store:
        return store.list_diary_entries()


def test_log_with_options(db: str) -> None:
    r = run(
        "log",
        "--pain",
        "4",
        "--minutes",
        "20",
        "--distance",
        "1.2km",
        "--onset",
        "8",
        "--reach",
        "thigh",
        "--relief",
        "bending forward",
        "--notes",
        "windy",
        db=db,
    )
    assert r.returncode == 0, r.stderr
    assert "pain 4/10" in r.stdout and "1.20 km" in r.stdout
    [e] = entries(db)
    assert (e["pain_now"], e["walk_distance_m"], e["onset_minutes"]) == (4, 1200.0, 8.0)
    assert (e["symptom_reach"], e["relieved_by"], e["notes"]) == (
        "thigh",
        "bending_forward",
        "windy",
    )


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["--pain", "11"], ["11", "0", "10"]),
        (["--reach", "knee"], ["'knee'", "below knee"]),
        (["--relief", "lying down"], ["'lying down'", "sitting", "standing still"]),
        (["--distance", "far"], ["'far'"]),
        (["--date", "tomorrowish"], ["'tomorrowish'", "YYYY-MM-DD"]),
        (["--date", "", "--pain", "5"], ["date is empty", "YYYY-MM-DD"]),
        (["--date", "  ", "--pain", "5"], ["date is empty", "YYYY-MM-DD"]),
        ([], ["Nothing to log"]),
    ],
)
def test_log_rejects_bad_values_and_keeps_what_was_saved(
    db: str, args: list[str], shown: list[str]
) -> None:
    assert run("log", "--pain", "3", db=db).returncode == 0
    r = run("log", *args, db=db)
    assert r.returncode == 2
    for text in shown:
        assert text in r.stderr
    assert [e["pain_now"] for e in entries(db)] == [3]


def test_walk_import_reimport_and_damaged_files(db: str, tmp_path: Path) -> None:
    good = [
        str(WALKS / "cerknicko-jezero.gpx"),
        str(WALKS / "garmin-run-2013.fit"),
        str(WALKS / "MonitoringFile.fit"),
    ]
    r = run("walks", "import", *good, db=db)
    assert r.returncode == 0, r.stderr
    assert "cerknicko-jezero.gpx (gpx): 4 walks added" in r.stdout
    again = run("walks", "import", *good, db=db)
    assert "0 walks added, 4 already stored" in again.stdout
    bad = str(WALKS / "invalid-activity-unexpected-eof.fit")
    mixed = run("walks", "import", bad, str(WALKS / "run-walk-ride.gpx"), db=db)
    assert mixed.returncode == 2
    assert "invalid-activity-unexpected-eof.fit: damaged or not a FIT file" in mixed.stderr
    short = run("walks", "import", str(WALKS / "garmin-fenix-5-walk.fit"), db=db)
    assert short.returncode == 2 and "less than 60 seconds" in short.stderr  # as for GPX
    with Store.open(db) as store:
        assert len(store.list_walks()) == 4 + 1 + 2  # the good file of the mixed call is kept
        assert [w["activity"] for w in store.list_walks()].count("run") == 2
        assert store.list_daily_activity()[0]["steps"] == 3173


def test_progress_text_and_charts(db: str, tmp_path: Path) -> None:
    for day, pain, onset in (("2024-03-01", 6, 5), ("2024-03-08", 5, 8), ("2024-03-15", 3, 12)):
        run(
            "log",
            "--date",
            day,
            "--pain",
            str(pain),
            "--minutes",
            "20",
            "--distance",
            "1.5km",
            "--onset",
            str(onset),
            "--reach",
            "buttock",
            db=db,
        )
    with Store.open(db) as store:
        store.save_scores(None, "odi", {"percentage": 40.0})
        store.save_scores(None, "odi", {"percentage": 26.0})
        store.save_programme_state(None, {"weeks_done": 2, "next_goal": "walk 15 minutes"})
    png, svg = tmp_path / "p.png", tmp_path / "p.svg"
    r = run("progress", "--png", str(png), "--svg", str(svg), db=db)
    assert r.returncode == 0, r.stderr
    assert "2024-02-26" in r.stdout  # the Monday of the first week
    assert "Minutes walked before symptoms: 5 min at first, 12 min lately (better)" in r.stdout
    assert "Oswestry Disability Index improved by 14" in r.stdout
    assert "2 weeks done; next goal: walk 15 minutes" in r.stdout
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Minutes walked" in svg.read_text()


def test_progress_with_nothing_logged(db: str) -> None:
    r = run("progress", db=db)
    assert r.returncode == 0 and "Nothing logged yet" in r.stdout


def test_export_import_forget(db: str, tmp_path: Path) -> None:
    run("log", "--pain", "5", "--notes", "first", db=db)
    run("walks", "import", str(WALKS / "garmin-fenix-5-walk.fit"), db=db)
    out1, out2 = tmp_path / "one.json", tmp_path / "two.json"
    assert run("export", str(out1), db=db).returncode == 0
    other = str(tmp_path / "other.db")
    assert run("import", str(out1), db=other).returncode == 0
    assert run("export", str(out2), db=other).returncode == 0
    assert out1.read_bytes() == out2.read_bytes()
    again = run("import", str(out1), db=other)
    assert again.returncode == 2 and "already in this database" in again.stderr

    refused = run("forget", db=db)  # no terminal, no --yes: nothing deleted
    assert refused.returncode == 2 and len(entries(db)) == 1
    assert run("forget", "--yes", db=db).returncode == 0
    assert json.loads(run("export", "-", db=db).stdout)["people"] == []


def test_import_of_a_damaged_export_names_the_file(db: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "backstride-export", "format_version": 1, "people": [{"uid": 1}]}')
    r = run("import", str(bad), db=db)
    assert r.returncode == 2 and "bad.json" in r.stderr and "Nothing was imported" in r.stderr
