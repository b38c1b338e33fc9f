"""The progress period and the programme agree: a walk in programme week 1 is shown, and the
terminal's progress names the programme week the person is on now (as the web does)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from backstride.diary.progress import period_for

CLI = "from backstride.cli import main; main()"


def _run(db: Path, *args: str) -> str:
    r = subprocess.run(
        [sys.executable, "-c", CLI, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "BACKSTRIDE_DB": str(db), "COLUMNS": "160"},
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    return " ".join(r.stdout.split())


def test_the_period_starts_when_the_programme_did_if_that_is_earlier() -> None:
    start, walk, entry, last = (
        date(2026, 11, 12),
        date(2026, 11, 13),
        date(2026, 11, 14),
        date(2026, 12, 1),
    )
    assert period_for([entry, last], [walk], anchor=start) == (start, last)
    # a programme started after the first entry does not shorten the period
    assert period_for([entry, last], [walk], anchor=date(2026, 11, 20)) == (entry, last)
    # nor does one started after everything recorded stretch it forwards
    assert period_for([entry, last], [], anchor=date(2026, 12, 3)) == (entry, last)


def test_the_terminal_progress_counts_the_weeks_that_ended(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    today = date.today()
    start = today - timedelta(days=21)
    _run(db, "programme", "start", "--type", "neurogenic", "--minutes", "4", "--date", str(start))
    for k in (1, 3, 5, 8, 10, 12, 15, 17, 19):
        day = start + timedelta(days=k)
        _run(db, "log", "--date", str(day), "--minutes", "10", "--pain", "3", "--onset", "4")
    shown = _run(db, "progress")
    assert "Walking programme: 3 weeks done; next goal: Week 4" in shown
