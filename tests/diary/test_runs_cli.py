"""Runs in the diary from the command line: `backstride log --activity run`, the list, edits,
and the step-by-step questions (a walker is asked nothing more than before)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from backstride.cli.diary import _ask_entry
from backstride.diary.records import DiaryEntry, describe_entry, parse_activity, require_content
from backstride.errors import InputError
from tests.diary.test_cli import entries, run


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "diary.db")


def test_log_a_run_and_the_list_shows_it_as_a_run(db: str) -> None:
    r = run("log", "--activity", "run", "--minutes", "30", "--distance", "5km", db=db)
    assert r.returncode == 0, r.stderr
    assert "(run)" in r.stdout and "ran 30 min" in r.stdout
    assert run("log", "--minutes", "20", db=db).returncode == 0  # no --activity: a walk
    assert [e["activity"] for e in entries(db)] == ["run", "walk"]
    listed = run("diary", "list", db=db).stdout.splitlines()
    assert "(run)" in listed[0] and "ran 30 min" in listed[0]
    assert "(run)" not in listed[1] and "walked 20 min" in listed[1]


def test_a_bad_activity_is_refused_naming_it_and_the_choices(db: str) -> None:
    r = run("log", "--activity", "swim", "--minutes", "30", db=db)
    assert r.returncode != 0
    said = " ".join(r.stderr.split())
    assert "'swim' is not a valid activity" in said and "walk, run" in said
    assert entries(db) == []


def test_edit_changes_walk_to_run_and_keeps_it_otherwise(db: str) -> None:
    run("log", "--minutes", "20", db=db)
    assert run("diary", "edit", "1", "--activity", "run", db=db).returncode == 0
    assert run("diary", "edit", "1", "--pain", "3", db=db).returncode == 0  # stays a run
    [row] = entries(db)
    assert (row["activity"], row["pain_now"]) == ("run", 3)
    r = run("diary", "edit", "1", "--activity", "jog", db=db)
    assert r.returncode != 0 and "walk, run" in " ".join(r.stderr.split())


def test_a_run_alone_is_not_something_to_log() -> None:
    with pytest.raises(InputError, match="Nothing to log"):
        require_content(DiaryEntry(day=date(2024, 3, 1), activity="run"))
    assert parse_activity(" Running ") == "run" and parse_activity("walked") == "walk"
    with pytest.raises(InputError, match=r"'cycle' is not a valid activity.*walk, run"):
        parse_activity("cycle")
    assert "(run)" in describe_entry(DiaryEntry(day=date(2024, 3, 1), pain_now=2, activity="run"))


class _Console:
    """Answers the questions in order and keeps what was asked."""

    def __init__(self, answers: list[str]) -> None:
        self.answers, self.asked, self.said = list(answers), [], []

    def input(self, question: str) -> str:
        self.asked.append(question)
        return self.answers.pop(0)

    def print(self, text: str) -> None:
        self.said.append(text)


def test_step_by_step_a_walker_answers_the_same_questions_as_before() -> None:
    console = _Console(["", "3", "25", "", "10", "", "", ""])
    entry = _ask_entry(console, today=date(2024, 3, 1))
    assert len(console.asked) == 8 and console.answers == []
    assert "Minutes walked" in console.asked[2]
    assert (entry.activity, entry.walk_minutes, entry.onset_minutes) == ("walk", 25, 10)


def test_step_by_step_for_a_run_asks_about_the_run() -> None:
    console = _Console(["", "3", "40", "8km", "", "", "", ""])
    entry = _ask_entry(console, today=date(2024, 3, 1), activity="run")
    assert "Minutes running" in console.asked[2]
    assert (entry.activity, entry.walk_minutes, entry.walk_distance_m) == ("run", 40, 8000)
    assert any("kept out of your walking figures" in s for s in console.said)
