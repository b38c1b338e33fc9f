"""The journey in a real terminal (tmux): answer the interview, see what to do next, then
`backstride plan` with no options shows the plan for the assessment just saved."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from ..conftest import SMALL_KB
from ..tmux_driver import Terminal

BIN = str(Path(sys.executable).parent / "backstride")
needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux not installed")


@needs_tmux
def test_interview_then_plan_without_options(tmp_path):
    db = str(tmp_path / "me.db")
    env = {"BACKSTRIDE_KB_DIR": str(SMALL_KB), "COLUMNS": "110", "BACKSTRIDE_DB": db}
    with Terminal([BIN, "assess"], env=env) as t:
        t.wait_for("Age?")
        t.type("35")
        t.wait_for("Sex?")
        t.type("1")
        t.wait_for("Red flag?")
        t.type("n")
        for n in range(4, 30):
            t.type("?")
            if t.wait_any(f"Question {n + 1}", "Likely causes") == "Likely causes":
                break
        screen = t.wait_for("EXIT=0")
        before = screen.split("Likely causes")[-2]  # what to do comes before the causes
        assert "What to do next" in before and "Run: backstride plan" in before
        assert "Saved as assessment 1" in screen
    with Terminal([BIN, "plan"], env=env) as t:
        screen = t.wait_for("EXIT=")
        assert "EXIT=0" in screen, screen
        assert "Missing option" not in screen
        assert "Your three most important things" in screen
        assert "backstride plan --full" in screen
