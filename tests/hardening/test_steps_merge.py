"""Issue 17 item 3: an import never lowers or erases stored daily steps without saying so.

Merge rule (docs/SECURITY.md): for a day already stored, the larger step count wins, because a
day's steps only grow as more devices sync; a file with a lower count leaves the day as it was
and the import says so. NaN, negative and impossible counts reject the whole file.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from backstride.storage import Store
from tests.diary.healthgen import HEAD, step_record
from tests.diary.test_cli import run


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
    assert "1 day(s) of steps added" in r.stdout
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
