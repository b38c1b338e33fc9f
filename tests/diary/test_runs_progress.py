"""Runs logged in the diary stay out of walking tolerance: the trend, the week's middle values,
the chart's walking line, the clinician's summary and the walking programme's counts. They are
still diary entries (counted in the week, shown apart)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from backstride.diary.adapt import week_log
from backstride.diary.progress import summarise
from backstride.diary.records import DiaryEntry
from backstride.diary.trend import tolerance, weekly
from backstride.errors import InputError
from backstride.report.summary import walking_summary
from backstride.storage import Store
from tests.diary.test_cli import run

MONDAY = date(2024, 3, 4)


def _walk(days: int, onset: float, minutes: float = 30.0, pain: int = 4) -> dict:
    return {
        "day": MONDAY + timedelta(days=days),
        "walk_minutes": minutes,
        "walk_distance_m": 2000.0,
        "onset_minutes": onset,
        "symptom_reach": "thigh",
        "pain_now": pain,
        "activity": "walk",
    }


def _run(days: int, onset: float = 45.0, minutes: float = 50.0) -> dict:
    return {**_walk(days, onset, minutes, pain=2), "walk_distance_m": 9000.0, "activity": "run"}


WALKS = [_walk(0, 5), _walk(2, 6), _walk(7, 8), _walk(9, 9), _walk(14, 11), _walk(16, 12)]
RUNS = [_run(1), _run(8, 60, 70), _run(15, 2, 40)]


def _stored(diary: list[dict]) -> dict:
    return {"diary": diary, "walks": [], "activity": [], "scores": [], "programme": None}


def test_a_run_does_not_change_the_walking_trend() -> None:
    today = MONDAY + timedelta(days=20)
    walks_only = summarise(_stored(WALKS), today=today)
    with_runs = summarise(_stored(sorted(WALKS + RUNS, key=lambda r: r["day"])), today=today)
    for key in ("minutes_to_onset", "metres_to_onset"):
        assert with_runs.trends[key] == walks_only.trends[key] is not None
    assert with_runs.runs == 3 and walks_only.runs == 0
    for before, after in zip(walks_only.weeks, with_runs.weeks, strict=True):
        assert after.minutes_to_onset == before.minutes_to_onset
        assert after.metres_to_onset == before.metres_to_onset
        assert after.entries == before.entries + 1 and after.runs == 1  # counted as before


def test_a_run_has_no_walking_tolerance_but_a_walk_without_an_activity_does() -> None:
    assert tolerance(_run(0)).minutes_to_onset is None
    old = {k: v for k, v in _walk(0, 7).items() if k != "activity"}  # stored before 0008
    assert tolerance(old).minutes_to_onset == 7
    [week] = weekly([_run(0), _run(1)], [], [])
    assert (week.entries, week.runs, week.minutes_to_onset) == (2, 2, None)


def test_the_clinician_summary_leaves_runs_out_of_walking_tolerance() -> None:
    summary = walking_summary(WALKS + RUNS, [], [])
    assert len(summary["tolerance"]) == len(WALKS)
    assert (
        summary["trends"]["minutes_to_onset"]
        == walking_summary(WALKS, [], [])["trends"]["minutes_to_onset"]
    )


def test_a_run_is_not_a_programme_walk() -> None:
    walks_only, _ = week_log(WALKS[:2], [], MONDAY, pain_limit=5)
    with_run, _ = week_log([*WALKS[:2], _run(1), _run(3, 1)], [], MONDAY, pain_limit=5)
    assert with_run.walks_done == walks_only.walks_done == 2
    assert with_run.minutes_walked == walks_only.minutes_walked == 60
    assert with_run.onset_minutes == walks_only.onset_minutes  # a run's onset cuts nothing
    runs_only, _ = week_log([_run(1), _run(3)], [], MONDAY, pain_limit=5)
    assert (runs_only.walks_done, runs_only.minutes_walked) == (0, 0)
    painful = {**_run(2), "pain_now": 8, "notes": "flare after the run"}
    log, _ = week_log([*WALKS[:2], painful], [], MONDAY, pain_limit=5)
    assert log.worst_pain == 8 and log.flare  # a run's pain and a flare-up still count


def _chart_svg(tmp_path: Path, diary: list[dict]) -> str:
    pytest.importorskip("matplotlib")
    from backstride.report.charts import render

    progress = summarise(_stored(diary), today=MONDAY + timedelta(days=20))
    return render(progress, tmp_path / "p.svg").read_text()


def test_the_chart_marks_runs_apart(tmp_path: Path) -> None:
    with_runs = _chart_svg(tmp_path, sorted(WALKS + RUNS, key=lambda r: r["day"]))
    assert "run (not part of the walking line)" in with_runs
    assert "run (not part of" not in _chart_svg(tmp_path, WALKS)
    only_runs = _chart_svg(tmp_path, [_run(0), _run(3, 50)])  # no walking line at all
    assert "run (not part of the walking line)" in only_runs


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "diary.db")
    with Store.open(path) as store:
        for row in WALKS[:2] + RUNS[:1]:
            fields = {k: v for k, v in row.items() if k != "day"}
            store.add_diary_entry(None, DiaryEntry(day=row["day"], **fields))
    return path


def test_cli_progress_counts_runs_apart(db: str) -> None:
    r = run("progress", "--today", "2024-03-10", db=db)
    assert r.returncode == 0, r.stderr
    said = " ".join(r.stdout.split())
    assert "1 run logged" in said and "kept out of the minutes and metres" in said
    assert "Runs" in said  # the week table's column
    assert "Minutes walked before symptoms: 5 min at first, 6 min lately" in said


def test_web_progress_shows_runs_apart(tmp_path: Path, db: str) -> None:
    from fastapi.testclient import TestClient

    from tests.web.conftest import make_app

    app = make_app(tmp_path, db_url=f"sqlite:///{db}")
    with TestClient(app, base_url="http://127.0.0.1") as client:
        data = client.get("/api/v1/progress").json()
        assert (data["diary_entries"], data["runs"]) == (3, 1)
        assert data["weeks"][0]["runs"] == 1 and data["weeks"][0]["minutes_to_onset"] == 5.5
        page = client.get("/progress").text
        assert "3 diary entries (1 run, kept out of the walking figures)" in page


def test_a_run_whose_symptoms_came_after_it_ended_is_told_about_the_run():
    with pytest.raises(InputError) as err:
        DiaryEntry(day=MONDAY, walk_minutes=10, onset_minutes=20, activity="run")
    assert "the run lasted 10 minutes" in str(err.value) and "walk" not in str(err.value)
    with pytest.raises(InputError) as err:
        DiaryEntry(day=MONDAY, walk_minutes=10, onset_minutes=20)
    assert "the walk lasted 10 minutes" in str(err.value)
