"""Journey check, session 24: each step leads to the next, in a real terminal (tmux, 80 columns).

A 68-year-old whose legs give out after about 200 metres has saved his assessment. His plan
tells him how to start the walking programme; a wrong answer in the diary is named with the
choices in the words he was asked in; a GPX walk from his phone (with rests on a bench) is
imported and Backstride says where this programme week stands; the progress table fits his
80-column terminal without cutting a heading short.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import gpxpy.gpx

from tests.test_cli import needs_tmux
from tests.tmux_driver import Terminal

BIN = str(Path(sys.executable).parent / "backstride")
HIM = {
    "age": 68,
    "sex": "male",
    "answers": {
        "legs_give_way_walking": "yes",
        "relief_bending_forward": "yes",
        "symptom_reach": "thigh",
        "walk_metres": 200,
        "duration_weeks": 104,
        "cycling_ok": "yes",
        "fever": "no",
    },
}


def _screen(db: Path, *args: str) -> str:
    """One command typed in an 80-column terminal; the whole screen, joined, once it ended."""
    env = {"BACKSTRIDE_DB": str(db), "COLUMNS": "80"}
    with Terminal([BIN, *args], env=env, width=80) as t:
        screen = t.wait_for("EXIT=", timeout=120)
    assert "EXIT=0" in screen, screen
    return screen


def phone_walk(path: Path, start: datetime) -> Path:
    """Three bouts of 3 minutes at a slow 0.9 m/s, with 2-minute rests on a bench between them
    (the phone keeps recording, standing still): about 9 minutes of moving time."""
    gpx = gpxpy.gpx.GPX()
    track = gpxpy.gpx.GPXTrack(name="To the shops")
    seg = gpxpy.gpx.GPXTrackSegment()
    track.segments.append(seg)
    gpx.tracks.append(track)
    lat, now = 51.5007, start
    for bout in range(3):
        for _ in range(36):  # a point every 5 s for 3 minutes
            lat += 0.9 * 5 / 111_320
            seg.points.append(gpxpy.gpx.GPXTrackPoint(lat, -0.1246, time=now))
            now += timedelta(seconds=5)
        if bout < 2:
            for _ in range(12):  # 2 minutes on a bench
                seg.points.append(gpxpy.gpx.GPXTrackPoint(lat, -0.1246, time=now))
                now += timedelta(seconds=10)
    path.write_text(gpx.to_xml())
    return path


@needs_tmux
def test_plan_programme_diary_walk_and_progress_each_lead_on(tmp_path: Path) -> None:
    db = tmp_path / "him.db"
    answers = tmp_path / "him.json"
    answers.write_text(json.dumps(HIM))
    _screen(db, "assess", "--answers", str(answers), "--save")

    plan = " ".join(_screen(db, "plan").split())
    assert "Start your walking programme" in plan
    assert "start your walking programme with `backstride programme start`" in plan

    start = datetime.now().astimezone() - timedelta(minutes=20)  # his day is this machine's
    walk = phone_walk(tmp_path / "shops.gpx", start.astimezone(UTC))  # a phone writes UTC
    _screen(db, "programme", "start", "--date", f"{start:%Y-%m-%d}")
    plan = " ".join(_screen(db, "plan").split())
    assert "Your walking programme is running (week 1)" in plan
    assert "`backstride programme start`" not in plan  # not offered twice

    env = {"BACKSTRIDE_DB": str(db), "COLUMNS": "80"}
    with Terminal([BIN, "log"], env=env, width=80) as t:
        for prompt, his in [
            ("Date (Enter for today):", f"{start:%Y-%m-%d}"),
            ("Pain right now", "3"),
            ("Minutes walked", "4 minutes"),
            ("Distance", "200 m"),
            ("Minutes before symptoms started:", "3"),
        ]:
            t.wait_for(prompt)
            t.type(his)
        t.wait_for("How far down did they go")
        t.type("legs")  # not one of the choices
        wrong = " ".join(t.wait_for("not one of the answers").split())
        assert "'legs' is not one of the answers for how far down the symptoms went" in wrong
        assert "Type one of: none, back, buttock, thigh, below knee." in wrong
        assert "below_knee" not in wrong and "back_only" not in wrong  # words, not ids
        t.type("thigh")
        t.wait_for("What eased them")
        t.type("a seat")
        t.wait_for("'a seat' is not one of the answers for what eased them")
        t.type("sitting")
        t.wait_for("Notes:")
        t.type("")
        logged = " ".join(t.wait_for("EXIT=0").split())
    assert "Saved as entry 1" in logged and "reached: thigh" in logged  # nothing typed was lost
    assert "Walking programme, week 1 so far" in logged
    assert "1 of 3 days with a walk" in logged

    imported = " ".join(_screen(db, "walks", "import", str(walk)).split())
    assert "1 walk added" in imported
    # the walk and the diary entry are the same day: still one day with a walk, now with the
    # phone's 9 minutes of moving time (the rests on the bench are not walking)
    assert "Walking programme, week 1 so far" in imported, imported
    assert "1 of 3 days with a walk, 9 minutes of walking in all" in imported, imported

    table = _screen(db, "progress")
    heading = table.split("Week by week")[1].split("walked before symptoms")[0]
    assert "…" not in heading, heading  # no "Minu…" or "Devi…" in an 80-column terminal
    assert "Minutes*" in heading and "Device" in heading and "programme week 1" in heading


@needs_tmux
def test_the_physio_gets_a_tidy_summary_and_a_plain_error_for_a_missing_folder(
    tmp_path: Path,
) -> None:
    """The physiotherapist's pre-assessment: his answers, a STarT Back and one diary line go into
    the PDF. Typed into a folder that is not there, the PDF is refused with the folder named
    (no traceback); in the right place, every page has more than its footer, and the footer
    says Backstride is not a diagnosis and which knowledge base made it."""
    from pypdf import PdfReader

    from tests.test_instruments import START_DISTRESS, START_PHYSICAL

    db = tmp_path / "him.db"
    answers = tmp_path / "him.json"
    answers.write_text(json.dumps(HIM))
    _screen(db, "assess", "--answers", str(answers), "--save")
    start = tmp_path / "start.json"
    items = {item: "disagree" for item in (*START_PHYSICAL, *START_DISTRESS[:4])}
    start.write_text(
        json.dumps({**items, START_PHYSICAL[0]: "agree", "bothersomeness": "slightly"})
    )
    _screen(db, "questionnaire", "start_back", "--answers", str(start))
    _screen(db, "log", "--pain", "3", "--minutes", "4", "--onset", "3")

    missing = tmp_path / "no such folder" / "for-my-physio.pdf"
    env = {"BACKSTRIDE_DB": str(db), "COLUMNS": "80"}
    with Terminal([BIN, "report", "--pdf", str(missing)], env=env, width=80) as t:
        said = t.wait_for("EXIT=", timeout=120)
    assert "EXIT=2" in said and "Traceback" not in said, said
    joined = "".join(said.split())  # the path may wrap anywhere
    assert "".join(f"The folder '{missing.parent}' does not exist".split()) in joined, said
    assert not missing.parent.exists()  # not made from a typo

    pdf = tmp_path / "for-my-physio.pdf"
    _screen(db, "report", "--pdf", str(pdf))
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(str(pdf)).pages]
    made = subprocess.run([BIN, "assess", "--answers", str(answers), "--json"], capture_output=True)
    kb = json.loads(made.stdout)["kb_version"]
    foot = f"Backstride · not a diagnosis · for the treating clinician · knowledge base {kb}"
    for n, page in enumerate(pages, 1):
        assert foot in page, (n, page[-300:])
        body = page.replace(foot, "").replace(f"Page {n} of {len(pages)}", "").strip()
        assert len(body) > 200, (n, body)  # never a page with only a line or two on it
    text = " ".join(pages)
    assert "URGENCY: Book an appointment with a doctor or physiotherapist" in text
    assert "STarT Back" in text and "Low risk (total 1/9" in text
    assert "Minutes before symptoms: 3 (one diary entry)" in text
