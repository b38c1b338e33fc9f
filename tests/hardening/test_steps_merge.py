"""Issue 17 item 3: an import never lowers or erases stored daily steps without saying so.

Merge rule (docs/SECURITY.md): for a day already stored, the larger step count wins, because a
day's steps only grow as more devices sync; a file with a lower count leaves the day as it was
and the import says so. NaN, negative and impossible counts reject the whole file.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from backstride.diary.records import DailyActivity
from backstride.storage import Store
from backstride.storage.upsert import DayCounts, store_walks
from tests.diary.healthgen import HEAD, step_record
from tests.diary.test_cli import run
from tests.storage.dbs import BACKENDS, database_url


def export(path: Path, counts: dict[date, str]) -> Path:
    body = "".join(step_record(day, 9, value) for day, value in counts.items())  # type: ignore[arg-type]
    path.write_text(HEAD + body + "</HealthData>\n", encoding="utf-8")
    return path


def steps(db: str) -> dict[date, int | None]:
    with Store.open(db) as store:
        return {r["day"]: r["steps"] for r in store.list_daily_activity()}


D1, D2, D3 = date(2024, 3, 1), date(2024, 3, 2), date(2024, 3, 3)


def test_an_older_or_partial_export_does_not_lower_stored_steps(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    first = run(
        "walks", "import", str(export(tmp_path / "new.xml", {D1: "8000", D2: "100"})), db=db
    )
    assert first.returncode == 0, first.stderr
    older = export(tmp_path / "old.xml", {D1: "500", D2: "0", D3: "4000"})
    r = run("walks", "import", str(older), db=db)
    assert r.returncode == 0, r.stderr
    assert steps(db) == {D1: 8000, D2: 100, D3: 4000}
    assert "1 day of steps added" in r.stdout
    assert "2 kept because the file had lower counts" in r.stdout


def test_a_newer_export_with_more_steps_raises_the_day(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    run("walks", "import", str(export(tmp_path / "a.xml", {D1: "500", D2: "700"})), db=db)
    r = run("walks", "import", str(export(tmp_path / "b.xml", {D1: "8000", D2: "700"})), db=db)
    assert r.returncode == 0, r.stderr
    assert steps(db) == {D1: 8000, D2: 700}
    assert "1 updated with higher counts" in r.stdout and "1 unchanged" in r.stdout


@pytest.mark.parametrize(
    ("value", "why"),
    [("NaN", "NaN"), ("-300", "-300"), ("inf", "inf"), ("1e9", "1e9"), ("many", "many")],
)
def test_bad_step_values_reject_the_file_and_keep_what_was_stored(
    tmp_path: Path, value: str, why: str
) -> None:
    db = str(tmp_path / "s.db")
    run("walks", "import", str(export(tmp_path / "good.xml", {D1: "8000"})), db=db)
    bad = export(tmp_path / "bad.xml", {D1: value, D2: "300"})
    r = run("walks", "import", str(bad), db=db)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    assert why in r.stderr and "step count" in r.stderr
    assert steps(db) == {D1: 8000}


@pytest.mark.parametrize("backend", BACKENDS)
def test_merge_rule_on_both_databases(backend: str, tmp_path: Path) -> None:
    """Steps: the larger wins. Speed: comes with the steps it was recorded with."""
    for url in database_url(backend, tmp_path):
        with Store.open(url) as store:
            first = [
                DailyActivity("apple_health", D1, 8000, 1.2),
                DailyActivity("apple_health", D2, 100, None),
                DailyActivity("fit", D1, 300, None),  # another source: its own row
            ]
            assert store_walks(store, None, [], first).days == DayCounts(added=3)
            second = [
                DailyActivity("apple_health", D1, 500, 0.4),  # lower: kept, speed too
                DailyActivity("apple_health", D2, 900, 1.1),  # higher: updated
                DailyActivity("apple_health", D3, None, 1.0),  # new, speed only
                DailyActivity("fit", D1, 300, None),  # same: unchanged
            ]
            counts = store_walks(store, None, [], second).days
            assert counts == DayCounts(added=1, raised=1, kept=1, unchanged=1)
            rows = {(r["day"], r["source"]): r for r in store.list_daily_activity()}
            assert (
                rows[(D1, "apple_health")]["steps"],
                rows[(D1, "apple_health")]["walking_speed_mps"],
            ) == (8000, 1.2)
            assert (
                rows[(D2, "apple_health")]["steps"],
                rows[(D2, "apple_health")]["walking_speed_mps"],
            ) == (900, 1.1)
            assert rows[(D3, "apple_health")]["steps"] is None
            assert rows[(D1, "fit")]["steps"] == 300
