"""`backstride programme export --ics`: the week's walks as calendar reminders, parsed back
with icalendar (real process, real SQLite file)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from icalendar import Calendar

from backstride.plan.ics import walking_days

from ..report.test_questionnaire_cli import run

PROFILES = Path(__file__).parent.parent / "plan" / "profiles"


def test_walking_days_spread_over_the_week():
    monday = date(2026, 12, 7)
    assert walking_days(monday, 3) == [monday, monday + timedelta(2), monday + timedelta(4)]
    assert len(set(walking_days(monday, 7))) == 7
    assert all(monday <= d < monday + timedelta(7) for d in walking_days(monday, 5))


def test_export_the_walker_programme_as_calendar_reminders(tmp_path):
    db = str(tmp_path / "b.db")
    out = tmp_path / "walks.ics"
    r = run("programme", "export", "--ics", str(out), "--db", db)
    assert r.returncode == 2 and "No walking programme yet" in r.stderr and not out.exists()

    r = run(
        "programme", "start", "--answers", str(PROFILES / "walker68.json"),
        "--date", "2026-12-07", "--db", db,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    r = run("programme", "export", "--ics", str(out), "--time", "25:99", "--db", db)
    assert r.returncode != 0 and "25:99" in r.stderr and "HH:MM" in r.stderr

    r = run(
        "programme", "export", "--ics", str(out), "--time", "09:30",
        "--today", "2026-12-08", "--db", db,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "Wrote 3 walk reminders for week 1" in " ".join(r.stdout.split())

    cal = Calendar.from_ical(out.read_bytes())
    events = list(cal.walk("VEVENT"))
    assert len(events) == 3
    starts = [e.decoded("dtstart") for e in events]
    assert starts == [
        datetime(2026, 12, 7, 9, 30),
        datetime(2026, 12, 9, 9, 30),
        datetime(2026, 12, 11, 9, 30),
    ]
    first = events[0]
    assert "3 walks of up to 3 minutes (week 1)" in str(first["summary"])
    assert "sit down or bend forward" in str(first["description"])
    assert "backstride log" in str(first["description"])
    assert first.decoded("dtend") > first.decoded("dtstart")
    alarms = list(first.walk("VALARM"))
    assert len(alarms) == 1 and alarms[0].decoded("trigger") == timedelta(minutes=-15)
    assert len({str(e["uid"]) for e in events}) == 3
