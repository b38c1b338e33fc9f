"""A damaged database (a hand edit, an old or foreign writer): the commands that read a row
they cannot use stop with one clear message naming the table, the row and the value, exit
code 1, and change nothing. Before this, `plan`, `report`, `progress`, `programme show` and
`diary list` stopped with a traceback on a day 'garbage', minutes 'abc', an assessment
result that is not JSON or has no urgency, or a created_at that is not a time."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

CLI = "from backstride.cli import main; main()"
ANSWERS = {"age": 68, "sex": "male", "answers": {"symptom_reach": "thigh", "walk_minutes": 5}}


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BACKSTRIDE_DB": str(db), "COLUMNS": "400"}
    return subprocess.run(
        [sys.executable, "-c", CLI, *args], capture_output=True, text=True, env=env, timeout=120
    )


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database filled by the real commands: a diary entry, a saved assessment, a programme."""
    tmp = tmp_path_factory.mktemp("made")
    db = tmp / "made.db"
    (tmp / "answers.json").write_text(json.dumps(ANSWERS))
    for args in (
        ("log", "--pain", "4", "--minutes", "20"),
        ("assess", "--answers", str(tmp / "answers.json"), "--save"),
        ("programme", "start"),
    ):
        r = run(db, *args)
        assert r.returncode == 0, (args, r.stderr)
    return db


def dump(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return list(conn.iterdump())


# (how the row is damaged, a command that reads it, what the message names)
DAMAGE = [
    ("UPDATE diary_entries SET day = 'garbage'", "diary list", ["diary entry", "garbage"]),
    ("UPDATE diary_entries SET day = 'garbage'", "progress", ["diary_entries", "garbage"]),
    ("UPDATE diary_entries SET walk_minutes = 'abc'", "diary list", ["walk_minutes", "'abc'"]),
    ("UPDATE diary_entries SET walk_minutes = 'abc'", "programme show", ["id 1", "'abc'"]),
    ("UPDATE assessments SET result = 'not json'", "plan", ["assessment", "cannot be read"]),
    ("UPDATE assessments SET result = '{}'", "plan", ["assessment", "urgency"]),
    (
        "UPDATE assessments SET result = json_set(result, '$.urgency', 'x')",
        "report --pdf {tmp}/r.pdf",
        ["assessment", "urgency"],
    ),
    (
        "UPDATE assessments SET result = json_set(result, '$.conditions', json('[1, 2]'))",
        "report --pdf {tmp}/r.pdf",
        ["assessment", "conditions"],
    ),
    ("UPDATE assessments SET created_at = 'nonsense'", "plan", ["assessments", "nonsense"]),
    ("UPDATE assessments SET answers = '[]'", "plan", ["assessment", "answers"]),
]


@pytest.mark.parametrize(("damage", "command", "named"), DAMAGE)
def test_a_damaged_row_is_named_not_a_traceback(
    made: Path, tmp_path: Path, damage: str, command: str, named: list[str]
) -> None:
    db = tmp_path / "damaged.db"
    shutil.copy(made, db)
    with sqlite3.connect(db) as conn:
        assert conn.execute(damage).rowcount >= 1
    before = dump(db)
    r = run(db, *command.format(tmp=tmp_path).split())
    assert "Traceback" not in r.stderr, r.stderr
    assert r.returncode == 1, (r.stdout, r.stderr)
    assert "holds a damaged" in r.stderr and "Nothing was changed" in r.stderr
    for text in named:
        assert text in r.stderr, r.stderr
    assert dump(db) == before
    assert not (tmp_path / "r.pdf").exists()


def test_rows_stored_under_looser_rules_still_read(made: Path, tmp_path: Path) -> None:
    """Value limits are not re-applied on reading (docs/SECURITY.md): a pain of 99 stored by
    an older version still lists; only what a reader cannot use is refused."""
    db = tmp_path / "old.db"
    shutil.copy(made, db)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE diary_entries SET pain_now = 99")
    r = run(db, "diary", "list")
    assert r.returncode == 0, r.stderr
    assert "99" in r.stdout
    assert run(db, "plan").returncode == 0
