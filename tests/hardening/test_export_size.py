"""`backstride import` reads back what `backstride export` wrote, whatever its size (session
24). Before: the import applied the 1 MB limit meant for answers files, and an assessment is
about 10 kB in an export, so a diary with about 100 saved assessments (or a clinic's export,
the documented way to move a clinic to PostgreSQL) could be written but never read back:
"The export file ... is 1,185,127 bytes: the limit is 1,000,000". Export files now have their
own limit (``limits.MAX_EXPORT_BYTES``, 1 GB); answers files keep 1 MB."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from backstride.limits import MAX_EXPORT_BYTES, MAX_JSON_BYTES

CLI = "from backstride.cli import main; main()"


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BACKSTRIDE_DB": str(db), "COLUMNS": "400"}
    return subprocess.run(
        [sys.executable, "-c", CLI, *args], capture_output=True, text=True, env=env, timeout=300
    )


def test_an_export_over_one_megabyte_imports_and_round_trips(tmp_path: Path) -> None:
    answers = tmp_path / "a.json"
    answers.write_text(
        json.dumps({"age": 68, "sex": "male", "answers": {"symptom_reach": "thigh"}})
    )
    first = tmp_path / "first.db"
    assert run(first, "assess", "--answers", str(answers), "--save").returncode == 0
    assert run(first, "log", "--pain", "3", "--minutes", "20").returncode == 0
    small = tmp_path / "small.json"
    assert run(first, "export", str(small)).returncode == 0
    doc = json.loads(small.read_text())
    person = doc["people"][0]
    person["assessments"] = person["assessments"] * 150  # as after 150 saved checks
    big = tmp_path / "big.json"
    big.write_text(json.dumps(doc))
    assert big.stat().st_size > MAX_JSON_BYTES

    second = tmp_path / "second.db"
    r = run(second, "import", str(big))
    assert r.returncode == 0, r.stderr
    assert "150 assessments" in r.stderr
    again = tmp_path / "again.json"
    assert run(second, "export", str(again)).returncode == 0
    back = json.loads(again.read_text())["people"][0]
    assert len(back["assessments"]) == 150 and len(back["diary"]) == 1


def test_an_export_file_over_its_own_limit_is_refused_by_its_size(tmp_path: Path) -> None:
    huge = tmp_path / "huge.json"
    with huge.open("wb") as f:  # sparse: refused by its size before a byte is read
        f.truncate(MAX_EXPORT_BYTES + 1)
    db = tmp_path / "d.db"
    r = run(db, "import", str(huge))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert f"is {MAX_EXPORT_BYTES + 1:,} bytes: the limit is {MAX_EXPORT_BYTES:,}" in r.stderr


def test_answers_files_keep_their_one_megabyte_limit(tmp_path: Path) -> None:
    answers = tmp_path / "big-answers.json"
    answers.write_text(
        json.dumps({"age": 50, "sex": "male", "answers": {}, "x": "a" * MAX_JSON_BYTES})
    )
    r = run(tmp_path / "d.db", "assess", "--answers", str(answers))
    assert r.returncode == 2
    assert f"the limit is {MAX_JSON_BYTES:,}" in r.stderr
