"""`backstride programme`: real processes, a real SQLite file and a real GPX file."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import gpxpy.gpx

from ..report.test_questionnaire_cli import run

PROFILES = Path(__file__).parent.parent / "plan" / "profiles"


def gpx_walk(path: Path, start: datetime, minutes: int) -> Path:
    """A straight walk of ``minutes`` minutes at about 3 km/h, one point a minute."""
    gpx = gpxpy.gpx.GPX()
    track = gpxpy.gpx.GPXTrack()
    seg = gpxpy.gpx.GPXTrackSegment()
    for i in range(minutes + 1):
        seg.points.append(
            gpxpy.gpx.GPXTrackPoint(51.5 + i * 0.00045, -0.12, time=start + timedelta(minutes=i))
        )
    track.segments.append(seg)
    gpx.tracks.append(track)
    path.write_text(gpx.to_xml())
    return path


def test_start_update_show_and_progress(tmp_path):
    db = str(tmp_path / "b.db")
    r = run("programme", "show", "--db", db)
    assert r.returncode == 2 and "No walking programme yet" in r.stderr

    r = run("programme", "start", "--db", db)
    assert r.returncode == 2 and "No assessment to start from" in r.stderr

    stenosis = str(PROFILES / "stenosis.json")
    r = run(
        "programme", "start", "--answers", stenosis, "--date", "2026-11-02", "--db", db, "--json"
    )
    assert r.returncode == 0, r.stderr
    state = json.loads(r.stdout)
    assert state["current"]["cause"] == "neurogenic" and state["current"]["week"] == 1
    bout = state["current"]["bout_minutes"]
    assert bout == 6.0  # 75% of the 8 minutes in the answers file

    r = run("programme", "start", "--type", "general", "--minutes", "10", "--db", db)
    assert r.returncode == 2 and "already running" in r.stderr

    # Week 1: three days logged by hand, one more recorded by a watch (GPX), all within the limit.
    for day in ("2026-11-02", "2026-11-04", "2026-11-06"):
        assert (
            run("log", "--date", day, "--minutes", "18", "--pain", "3", "--db", db).returncode == 0
        )
    gpx = gpx_walk(tmp_path / "walk.gpx", datetime(2026, 11, 7, 10, 0), 18)
    r = run("walks", "import", str(gpx), "--db", db)
    assert r.returncode == 0, r.stderr

    r = run("programme", "update", "--today", "2026-11-05", "--db", db)
    assert r.returncode == 0 and "has not ended yet" in r.stdout

    r = run("programme", "update", "--today", "2026-11-09", "--db", db, "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    (week,) = out["applied"]
    assert week["log"]["walks_done"] == 4 and week["log"]["minutes_walked"] == 72
    assert week["status"] == "progress"
    assert out["state"]["current"]["bout_minutes"] > bout

    # Week 2: a flare-up, said on the command line.
    run("log", "--date", "2026-11-10", "--minutes", "10", "--pain", "5", "--db", db)
    r = run("programme", "update", "--flare", "--today", "2026-11-16", "--db", db)
    assert r.returncode == 0, r.stderr
    text = " ".join(r.stdout.split())
    assert "step back: Last week you had a flare-up" in text
    assert "Week 3:" in text

    r = run("programme", "show", "--today", "2026-11-17", "--db", db)
    text = " ".join(r.stdout.split())
    assert "Past weeks" in text and "Week 1 (2026-11-02 to 2026-11-08)" in text

    r = run("progress", "--today", "2026-11-17", "--db", db)
    assert r.returncode == 0, r.stderr
    assert "Walking programme: 2 weeks done; next goal: Week 3" in " ".join(r.stdout.split())


def test_start_from_the_last_saved_assessment_with_a_new_walking_time(tmp_path):
    db = str(tmp_path / "b.db")
    r = run("assess", "--answers", str(PROFILES / "vascular.json"), "--save", "--db", db, "--json")
    assert r.returncode == 0, r.stderr
    r = run("programme", "start", "--minutes", "6", "--db", db, "--json")
    assert r.returncode == 0, r.stderr
    state = json.loads(r.stdout)
    assert state["basis"].startswith("assessment of ")
    assert state["current"]["cause"] == "vascular"
    assert state["current"]["tolerance_minutes"] == 6


def test_bad_programme_type_names_the_choices(tmp_path):
    r = run("programme", "start", "--type", "brisk", "--db", str(tmp_path / "b.db"))
    assert r.returncode == 2
    assert "'brisk'" in r.stderr and "general, neurogenic, vascular" in r.stderr
    assert "Traceback" not in r.stderr
