"""Yes/no questions in the terminal: y, yes, n and no in any case, with spaces around them, are
understood; anything else asks again and says what to type."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from backstride.cli import app
from backstride.storage import Store

CHOICES = "Please type y or yes, or n or no."
ZCQ_ITEMS = 12  # the questions before the six treatment-satisfaction ones


@pytest.fixture
def terminal(monkeypatch):
    """Stand in a terminal, as a person at a keyboard does."""
    monkeypatch.setattr("backstride.cli.common.stdin_is_terminal", lambda: True)


def invoke(args: list[str], typed: list[str]):
    return CliRunner().invoke(app, args, input="".join(f"{t}\n" for t in typed),
                              env={"COLUMNS": "200"})  # fmt: skip


def _two_entries(db: str) -> None:
    for pain in ("4", "6"):
        assert invoke(["log", "--pain", pain, "--db", db], []).exit_code == 0


def _pains(db: str) -> list[int]:
    with Store.open(db) as store:
        return [e["pain_now"] for e in store.list_diary_entries()]


@pytest.mark.parametrize("typed", ["y", "yes", "Y", "YES", "  Yes  "])
def test_delete_takes_every_way_of_saying_yes(tmp_path, terminal, typed):
    db = str(tmp_path / "d.db")
    _two_entries(db)
    r = invoke(["diary", "delete", "1", "--db", db], [typed])
    assert r.exit_code == 0, r.output
    assert "Deleted entry 1" in r.output and _pains(db) == [6]


@pytest.mark.parametrize("typed", ["n", "no", "N", "NO", " nO "])
def test_delete_takes_every_way_of_saying_no(tmp_path, terminal, typed):
    db = str(tmp_path / "d.db")
    _two_entries(db)
    r = invoke(["diary", "delete", "1", "--db", db], [typed])
    assert r.exit_code == 0 and "Nothing was deleted" in r.output
    assert _pains(db) == [4, 6]


def test_delete_asks_again_after_anything_else(tmp_path, terminal):
    db = str(tmp_path / "d.db")
    _two_entries(db)
    r = invoke(["diary", "delete", "1", "--db", db], ["yep", "", "1", "yes"])
    assert r.exit_code == 0, r.output
    assert r.output.count(CHOICES) == 3 and "[y/n]" in r.output
    assert _pains(db) == [6]


def test_forget_asks_again_and_a_no_keeps_everything(tmp_path, terminal):
    db = str(tmp_path / "d.db")
    _two_entries(db)
    r = invoke(["forget", "--db", db], ["maybe", " No "])
    assert r.exit_code == 1
    assert CHOICES in r.output and "Nothing was deleted" in r.output
    assert _pains(db) == [4, 6]
    r = invoke(["forget", "--db", db], [" YES"])
    assert r.exit_code == 0, r.output
    assert _pains(db) == []


def test_questionnaire_treatment_question_asks_again_and_takes_a_spaced_no():
    r = invoke(["questionnaire", "zcq", "--no-save"], ["1"] * ZCQ_ITEMS + ["yellow", " NO "])
    assert r.exit_code == 0, r.output
    assert "Have you had treatment to rate? [y/n]" in r.output
    assert r.output.count(CHOICES) == 1
    assert "satisfaction was not asked" in " ".join(r.output.lower().split())


def test_questionnaire_treatment_question_takes_a_capital_yes():
    r = invoke(["questionnaire", "zcq", "--no-save"], ["1"] * ZCQ_ITEMS + ["Yes"] + ["1"] * 6)
    assert r.exit_code == 0, r.output
    assert CHOICES not in r.output
    assert "satisfaction was not asked" not in " ".join(r.output.lower().split())
