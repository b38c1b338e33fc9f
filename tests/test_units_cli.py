"""Answers in the units people use, typed in a real terminal (tmux): the interview and the
diary (issue 15)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from backstride.knowledge import load_kb

from .test_cli import needs_tmux
from .tmux_driver import Terminal

BIN = str(Path(sys.executable).parent / "backstride")


def _prompt(t: Terminal, n: int) -> str:
    """The block of question n once the program waits for input."""
    end = time.monotonic() + Terminal.WAIT
    while time.monotonic() < end:
        screen = t.screen()
        if f"Question {n} " in screen and screen.rstrip().endswith(">"):
            return screen.split(f"Question {n} ")[-1]
        if "Likely causes" in screen:
            return ""
        time.sleep(0.05)
    raise AssertionError(f"question {n} did not come. Screen:\n{t.screen()}")


@needs_tmux
def test_the_interview_takes_days_and_a_walking_distance(tmp_path):
    kb = load_kb()
    saved = tmp_path / "answers.json"
    cmd = [BIN, "assess", "--no-save", "--save-answers", str(saved)]
    seen = {"duration": "", "walk": ""}
    with Terminal(cmd, env={"COLUMNS": "200"}, width=200) as t:
        t.wait_for("in your own words")
        t.type("")  # skip the free text
        n = 1
        while True:
            block = _prompt(t, n)
            if not block:
                break
            flat = " ".join(block.split())
            if "Do any of these apply" in flat:
                t.type("0")
            elif "How old are you?" in flat:
                t.type("68 years old")
            elif "How long have you had this pain?" in flat:
                assert "or with a unit: days, weeks, months or years" in flat
                t.type("a while")
                screen = t.wait_for("is not an amount we can read")
                seen["duration"] = " ".join(screen.split())
                t.type("3 days")
            elif "how long can you walk before" in flat:
                assert "metres, km, yards, miles or blocks" in flat
                t.type("2 blocks")
                seen["walk"] = flat
            else:
                fid = next(f.id for f in kb.findings.values() if f.question in flat)
                f = kb.findings[fid]
                if fid == "sex":
                    t.type("2")
                elif fid == "legs_give_way_walking":
                    t.type("1")
                elif f.topic == "red_flag":
                    t.type("2")
                else:
                    t.type("?")
            n += 1
        t.wait_for("EXIT=0")
    assert "'a while' is not an amount we can read. Type it in days, weeks" in seen["duration"]
    assert seen["walk"], "the walking question was not asked"
    answers = json.loads(saved.read_text())
    assert answers["age"] == 68
    assert answers["answers"]["duration_weeks"] == 0.43
    assert (
        answers["answers"]["walk_metres"] == 300 and answers["answers"]["walk_minutes"] == "unknown"
    )


@needs_tmux
def test_the_diary_takes_half_an_hour_and_blocks(tmp_path):
    db = tmp_path / "diary.db"
    cmd = [BIN, "log", "--db", str(db)]
    with Terminal(cmd, env={"COLUMNS": "160"}, width=160) as t:
        t.wait_for("Date (Enter for today):")
        t.type("")
        t.wait_for("Pain right now")
        t.type("3")
        t.wait_for("Minutes walked")
        t.type("20 weeks")
        screen = t.wait_for("which does not answer this")
        assert "Minutes walked: '20 weeks' is a length of time" in " ".join(screen.split())
        t.type("half an hour")
        t.wait_for("Distance")
        t.type("3 blocks")
        t.wait_for("Minutes before symptoms started")
        t.type("10 min")
        for _ in range(3):  # reach, relief, notes: skipped
            time.sleep(0.3)
            t.type("")
        screen = t.wait_for("EXIT=")
    flat = " ".join(screen.split())
    assert "Saved as entry" in flat and "walked 30 min, 450 m, symptoms after 10 min" in flat


@needs_tmux
def test_a_date_alone_asks_the_rest_for_that_day(tmp_path):
    """`backstride log --date D` in a terminal asks the questions for that past day (it used to
    refuse with "Nothing to log"), and the entry is saved under that day, not today."""
    import sqlite3

    db = tmp_path / "diary.db"
    cmd = [BIN, "log", "--date", "2026-03-02", "--db", str(db)]
    with Terminal(cmd, env={"COLUMNS": "160"}, width=160) as t:
        t.wait_for("Pain right now")
        t.type("4")
        for _ in range(6):  # minutes, distance, onset, reach, relief, notes: skipped
            time.sleep(0.3)
            t.type("")
        screen = t.wait_for("EXIT=")
    flat = " ".join(screen.split())
    assert "Logging for Monday 02 March 2026" in flat and "Date (Enter" not in flat
    assert "Saved as entry 1" in flat and "EXIT=0" in flat
    with sqlite3.connect(db) as con:
        (day, pain), *_ = con.execute("select day, pain_now from diary_entries").fetchall()
    assert (str(day), pain) == ("2026-03-02", 4)
