"""Activity types kept from device files (a run stays a run and is never a programme walk),
one minimum length for every file type, and progress over the person's own period."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from backstride import limits
from backstride.diary.adapt import week_log
from backstride.diary.apple_health import parse_apple_health
from backstride.diary.fit import parse_fit
from backstride.diary.importer import import_walk_file, read_walk_file
from backstride.diary.progress import gather, period_for, summarise
from backstride.diary.records import DiaryEntry, Walk
from backstride.diary.trend import weekly
from backstride.errors import ImportFileError
from backstride.storage import Store
from tests.diary.healthgen import HEAD, step_record, workout

WALKS = Path(__file__).parents[1] / "data" / "walks"


def test_a_fit_run_is_stored_as_a_run(tmp_path: Path) -> None:
    [run], _ = parse_fit(WALKS / "garmin-run-2013.fit")
    assert run.activity == "run" and run.duration_s > 40 * 60
    with Store.open(str(tmp_path / "a.db")) as store:
        import_walk_file(store, WALKS / "garmin-run-2013.fit")
        [row] = store.list_walks()
    assert row["activity"] == "run"


def test_gpx_track_types_are_kept_and_other_sports_left_out() -> None:
    kind, walks, _ = read_walk_file(WALKS / "run-walk-ride.gpx")
    assert kind == "gpx"
    # the run and the 20-minute walk; the ride is not on foot; the 30 s walk is too short
    assert [(w.activity, w.duration_s) for w in walks] == [("run", 600.0), ("walk", 1200.0)]


def _export(path: Path, workouts: list[str]) -> Path:
    path.write_text(
        HEAD + step_record(date(2024, 3, 4), 9, 500) + "".join(workouts) + "</HealthData>\n"
    )
    return path


def test_apple_health_runs_are_runs(tmp_path: Path) -> None:
    start = datetime(2024, 3, 4, 10)
    walks, _ = parse_apple_health(
        _export(
            tmp_path / "export.xml",
            [workout(start, 30, 2.5), workout(start + timedelta(hours=2), 25, 5.0, "Running")],
        )
    )
    assert [w.activity for w in walks] == ["walk", "run"]


def test_one_minimum_length_for_gpx_fit_and_apple_health(tmp_path: Path) -> None:
    short_health = _export(tmp_path / "export.xml", [workout(datetime(2024, 3, 4, 10), 0.75, 0.05)])
    _, walks, days = read_walk_file(short_health)
    assert walks == [] and days  # the 45 s workout is skipped, the day's steps are kept
    for name in ("garmin-fenix-5-walk.fit", "garmin-fenix-5-run.fit"):  # 45 s and 55 s
        with pytest.raises(
            ImportFileError, match=f"less than {limits.MIN_WALK_SECONDS:.0f} seconds"
        ):
            read_walk_file(WALKS / name)
    _, gpx_walks, _ = read_walk_file(WALKS / "cerknicko-jezero.gpx")
    assert min(w.duration_s for w in gpx_walks) >= limits.MIN_WALK_SECONDS


def _row(activity: str, day: date, minutes: float, km: float) -> dict:
    return {"day": day, "duration_s": minutes * 60, "distance_m": km * 1000, "activity": activity}


def test_runs_are_not_programme_walks_nor_walking_distance() -> None:
    monday = date(2024, 3, 4)
    walks = [_row("run", monday, 40, 8.0), _row("walk", monday + timedelta(days=1), 20, 1.5)]
    log, _ = week_log([], walks, monday, pain_limit=5)
    assert log.walks_done == 1 and log.minutes_walked == 20
    [week] = weekly([], walks, [])
    assert week.device_walk_km == pytest.approx(1.5) and week.device_run_km == pytest.approx(8.0)
    old = {"day": monday, "duration_s": 600.0, "distance_m": 900.0}  # stored before activities
    assert week_log([], [old], monday, pain_limit=5)[0].walks_done == 1


def _stored(diary: list[dict], walks: list[dict]) -> dict:
    return {"diary": diary, "walks": walks, "activity": [], "scores": [], "programme": None}


def test_old_device_files_do_not_stretch_the_period() -> None:
    diary = [{"day": date(2026, 10, 1), "pain_now": 5}, {"day": date(2026, 11, 20), "pain_now": 3}]
    walks = [_row("walk", date(2012, 5, 1), 30, 2.0), _row("walk", date(2026, 10, 10), 30, 2.0)]
    p = summarise(_stored(diary, walks), today=date(2026, 11, 30))
    assert p.period == (date(2026, 10, 1), date(2026, 11, 20))
    assert len(p.walks) == 1 and p.before_period == 1
    assert all(w.start.year == 2026 for w in p.weeks)


def test_weeks_limits_the_period_to_the_last_weeks() -> None:
    today = date(2026, 11, 30)  # a Monday
    diary = [{"day": today - timedelta(weeks=k), "pain_now": 4} for k in range(10)]
    p = summarise(_stored(diary, []), weeks=3, today=today)
    assert p.period == (today - timedelta(weeks=2), today)
    assert len(p.diary) == 3 and len(p.weeks) == 3


def test_without_a_diary_device_records_show_their_last_weeks() -> None:
    days = [date(2015, 1, 5), date(2026, 11, 2)]
    lo, hi = period_for([], days)  # type: ignore[misc]
    assert hi == date(2026, 11, 2) and (hi - lo).days < 7 * 12


def test_the_chart_axis_covers_the_own_period(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    from backstride.report.charts import axis_limits

    with Store.open(str(tmp_path / "c.db")) as store:
        store.add_walks(
            None, [Walk("gpx", datetime(2011, 6, 1, 9), date(2011, 6, 1), 1800.0, 2000.0)]
        )
        for day in (date(2026, 10, 5), date(2026, 11, 2)):
            store.add_diary_entry(None, DiaryEntry(day=day, walk_minutes=20, onset_minutes=10))
        lo, hi = axis_limits(gather(store))
        assert lo.year == 2026 and hi.year == 2026
        lo, hi = axis_limits(gather(store, weeks=1000))
        assert lo.year <= 2011
