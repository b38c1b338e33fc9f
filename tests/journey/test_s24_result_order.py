"""Journey check, session 24: the terminal result says what to do before why (tmux, 80 columns).

A 68-year-old reads his result top down. First how urgently to get care and what to do next,
each piece of advice said once; then the likely causes; then, for whoever wants them, the
reasons with their weights and sources; then the safety net and the not-a-diagnosis line.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_cli import needs_tmux
from tests.tmux_driver import Terminal

BIN = str(Path(sys.executable).parent / "backstride")
PROFILES = Path(__file__).parents[1] / "plan" / "profiles"
BOX = str.maketrans(dict.fromkeys("│╭╮╰╯─━┃╇", " "))


def _read(screen: str) -> str:
    """The screen as he reads it: box lines gone, wrapped lines joined."""
    return " ".join(screen.translate(BOX).split())


@needs_tmux
@pytest.mark.parametrize("profile", ["walker68", "emergency"])
def test_what_to_do_comes_before_the_reasons(tmp_path: Path, profile: str) -> None:
    answers = PROFILES / f"{profile}.json"
    made = subprocess.run(
        [BIN, "assess", "--answers", str(answers), "--json"], capture_output=True, timeout=120
    )
    urgency = json.loads(made.stdout)["urgency"]
    env = {"BACKSTRIDE_DB": str(tmp_path / "him.db"), "COLUMNS": "80"}
    with Terminal([BIN, "assess", "--answers", str(answers), "--no-save"], env=env, width=80) as t:
        screen = t.wait_for("EXIT=", timeout=120)
    assert "EXIT=0" in screen, screen
    seen = _read(screen)

    label = seen.index(urgency["label"])
    todo = seen.index("What to do next")
    causes = seen.index("Likely causes")
    why = seen.index("Why:")
    assert label < todo < causes < why, seen
    # the urgency advice is a step under 'What to do next', and said once on the whole screen
    advice = _read(urgency["advice"])
    assert todo < seen.index(advice) < causes, seen
    assert seen.count(advice) == 1, seen
    assert seen.count("Book a check-up") <= 1, seen
    # the reasons are all still there, after: weights and sources
    assert "more likely" in seen[why:] and "Source:" in seen[why:]
    # then when to get help, and that this is not a diagnosis
    last_why = seen.rindex("Why:")
    assert last_why < seen.index("Safety net: when to get help") < seen.index("not a diagnosis")
