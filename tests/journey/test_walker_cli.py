"""Journey check (issue 15), person 1, in a real terminal (tmux) on a fresh SQLite file.

A 68-year-old whose legs tire after 200 m types his sentence at the start of `backstride assess`,
answers the rest, then does what the result says next: his plan, the walking programme, a logged
walk, a GPX walk from his watch, the progress chart and the PDF for his physio. No step may need
an option the journey already knows (no "Missing option"), and the PDF shows his own walk.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from backstride.knowledge import load_kb
from tests.test_cli import needs_tmux
from tests.test_intake_cli import _answer, _prompted
from tests.tmux_driver import Terminal

pytest.importorskip("spacy")

BIN = str(Path(sys.executable).parent / "backstride")
WALKS = Path(__file__).parents[1] / "data" / "walks"
HIS_WORDS = (
    "I am 68. My lower back aches and both my legs get heavy and tired after about 200 metres of "
    "walking. I have to sit down or lean on a shopping trolley and then I can go on. It has been "
    "like this for 2 years. Cycling is fine."
)


def _run(db: Path, *args: str) -> str:
    """One command in the terminal, as he would type it; the whole screen once it has ended."""
    with Terminal([BIN, *args], env={"BACKSTRIDE_DB": str(db), "COLUMNS": "160"}, width=160) as t:
        screen = t.wait_for("EXIT=", timeout=120)
    assert "Missing option" not in screen, screen
    assert "EXIT=0" in screen, screen
    return screen


@needs_tmux
def test_the_walker_from_sentence_to_pdf(tmp_path: Path) -> None:
    kb = load_kb()
    db = tmp_path / "him.db"
    env = {"BACKSTRIDE_DB": str(db), "COLUMNS": "160"}
    with Terminal([BIN, "assess"], env=env, width=160) as t:
        t.wait_for("in your own words (or press Enter to skip)")
        t.type(HIS_WORDS)
        t.wait_for("Press Enter if this is right")
        t.type("")
        n = 1
        while t.wait_any(f"Question {n} ", "Likely causes", timeout=60) != "Likely causes":
            _answer(t, kb, _prompted(t).split(f"Question {n} ")[-1])
            n += 1
        result = t.wait_for("EXIT=0", timeout=60)
    assert "Narrowed space for the nerves in the low back (spinal stenosis)" in result
    nxt = " ".join(result.split("What to do next")[1].split())
    assert "Run: backstride plan" in nxt  # the result says what to do next

    plan = " ".join(_run(db, "plan").split())  # the latest saved assessment, no --answers
    assert "Your three most important things" in plan
    assert "Start your walking programme" in plan

    started = " ".join(_run(db, "programme", "start").split())
    assert "Walking programme started" in started and "Week 1:" in started

    with Terminal([BIN, "log"], env=env, width=160) as t:  # asked step by step, as he would
        for prompt, his in [
            ("Date (Enter for today):", ""),
            ("Pain right now", "3"),
            ("Minutes walked", "9 minutes"),
            ("Distance", ""),
            ("Minutes before symptoms started:", "3"),
            ("How far down did they go", "thigh"),
            ("What eased them", "bending forward"),
            ("Notes:", "to the shop"),
        ]:
            t.wait_for(prompt)
            t.type(his)
        logged = t.wait_for("EXIT=0")
    assert "Saved as entry 1" in logged and "eased by: bending forward" in logged
    asked = logged.split("Saved as entry")[0]
    assert "_" not in asked, asked  # the choices in words, not as ids (below_knee)

    imported = _run(db, "walks", "import", str(WALKS / "cerknicko-jezero.gpx"))
    assert re.search(r"\d+ walks? added", imported), imported

    png = tmp_path / "progress.png"
    progress = " ".join(_run(db, "progress", "--png", str(png)).split())
    assert "Minutes walked before symptoms: 3 min" in progress
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    pdf = tmp_path / "for-my-physio.pdf"
    _run(db, "report", "--pdf", str(pdf))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(str(pdf)).pages).split())
    assert "Pertinent negatives" in text
    assert "Minutes before symptoms: 3 (one diary entry)" in text  # his own walk, not only devices
    chance = re.search(r"spinal stenosis\) is possible \((\d+%)\)", text)
    assert chance and text.count(chance.group(1)) >= 2  # the urgency box and the table agree
