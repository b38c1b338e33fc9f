"""The rules for imported walks, with real files written here and real databases (SQLite and
PostgreSQL): GPS jumps are left out of the distance, a track that never moves is refused, and
a walk recorded twice (a watch and a phone) is stored once."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from backstride.diary.gpx import JUMP_SPEED_MPS
from backstride.diary.importer import import_walk_file
from backstride.errors import ImportFileError
from backstride.storage import Store

WALKS = Path(__file__).parents[1] / "data" / "walks"
CLI = "from backstride.cli import main; main()"
METRES_PER_DEGREE_LAT = 111_319.49  # gpxpy's ONE_DEGREE


def write_gpx(path: Path, tracks: list[list[tuple[float, float, datetime]]]) -> Path:
    body = ""
    for points in tracks:
        pts = "".join(
            f'<trkpt lat="{lat:.7f}" lon="{lon:.7f}"><time>{t:%Y-%m-%dT%H:%M:%SZ}</time></trkpt>'
            for lat, lon, t in points
        )
        body += f"<trk><type>walking</type><trkseg>{pts}</trkseg></trk>"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><gpx version="1.1" creator="test" '
        f'xmlns="http://www.topografix.com/GPX/1/1">{body}</gpx>'
    )
    return path


def steady_walk(start: datetime, minutes: int, every_s: int = 10, speed: float = 1.2):
    """Due north at ``speed`` m/s, a point every ``every_s`` seconds."""
    step = speed * every_s / METRES_PER_DEGREE_LAT
    return [
        (52.0 + i * step, 4.0, start + timedelta(seconds=i * every_s))
        for i in range(minutes * 60 // every_s + 1)
    ]


T0 = datetime(2024, 3, 1, 8, 0, tzinfo=UTC)


def _local(moment: datetime) -> str:
    return f"{moment.astimezone():%Y-%m-%d at %H:%M}"


# --- GPS jumps --------------------------------------------------------------------------


def test_gps_jumps_are_left_out_of_the_distance_but_not_the_time(
    store: Store, tmp_path: Path
) -> None:
    clean = steady_walk(T0, 30)
    glitched = list(clean)
    for i in (60, 120):  # two points thrown 500 m east: 2 jumps out and 2 back
        lat, lon, t = glitched[i]
        glitched[i] = (lat, lon + 500 / (METRES_PER_DEGREE_LAT * math.cos(math.radians(lat))), t)
    result = import_walk_file(store, write_gpx(tmp_path / "glitchy.gpx", [glitched]))
    assert result.gps_jumps == 4
    (walk,) = store.list_walks()
    assert walk["duration_s"] == 1800  # the time still counts
    # 1.2 m/s for 30 min is 2,160 m; the 4 jumps and the 4 steps they replaced are left out
    assert 2160 - 4 * 12 - 1 <= walk["distance_m"] <= 2160 - 4 * 12 + 1
    assert result.counts.walks_added == 1


def test_a_step_at_walking_speed_is_not_a_jump(store: Store, tmp_path: Path) -> None:
    fast = steady_walk(T0, 10, speed=JUMP_SPEED_MPS * 0.9)  # a sprint, but a real one
    result = import_walk_file(store, write_gpx(tmp_path / "fast.gpx", [fast]))
    assert result.gps_jumps == 0
    (walk,) = store.list_walks()
    assert walk["distance_m"] == pytest.approx(JUMP_SPEED_MPS * 0.9 * 600, rel=1e-3)


def test_the_command_says_how_many_jumps_were_left_out(tmp_path: Path) -> None:
    walk = steady_walk(T0, 20)
    lat, lon, t = walk[30]
    walk[30] = (lat + 0.01, lon, t)  # 1.1 km north for 10 s
    path = write_gpx(tmp_path / "jumpy.gpx", [walk])
    r = subprocess.run(
        [sys.executable, "-c", CLI, "walks", "import", str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "BACKSTRIDE_DB": str(tmp_path / "d.db")},
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    assert "jumpy.gpx (gpx): 1 walk added, 2 GPS jumps left out of the distance" in r.stdout


# --- a track that never moves ------------------------------------------------------------


def test_a_track_that_never_moves_is_refused_and_nothing_is_lost(
    store: Store, tmp_path: Path
) -> None:
    import_walk_file(store, write_gpx(tmp_path / "walk.gpx", [steady_walk(T0, 20)]))
    before = store.list_walks()
    still = [  # 20 minutes on a table, a point a minute: 1.1 m of GPS noise each time
        (52.1 + (i % 2) * 0.00001, 4.1, T0 + timedelta(days=1, minutes=i)) for i in range(21)
    ]
    with pytest.raises(ImportFileError) as exc:
        import_walk_file(store, write_gpx(tmp_path / "desk.gpx", [still]))
    words = " ".join(exc.value.message.split())
    assert "desk.gpx" in words and "does not look like a walk" in words
    # 20 steps of 0.00001 degrees (1.1 m, 22 m in all) are GPS noise, not walking: the moving
    # distance is nil
    assert "moves only 0 m in 20 min" in words
    assert "Nothing from this file was imported" in words
    assert store.list_walks() == before


def test_standing_still_with_one_gps_jump_is_not_a_walk_either(
    store: Store, tmp_path: Path
) -> None:
    """Half an hour still, 89 km in one second, an hour still: the jump is left out, and what
    is left never moved (before jumps were left out, this was refused for its speed)."""
    points = [
        (52.0, 4.0, T0),
        (52.0, 4.0, T0 + timedelta(minutes=30)),
        (51.2, 4.0, T0 + timedelta(minutes=30, seconds=1)),
        (51.2, 4.0, T0 + timedelta(minutes=90)),
    ]
    with pytest.raises(ImportFileError, match=r"moves only 0 m in 1 h 30 min"):
        import_walk_file(store, write_gpx(tmp_path / "glitch.gpx", [points]))
    assert store.list_walks() == []


def test_a_short_stop_is_not_refused(store: Store, tmp_path: Path) -> None:
    """A walk with 4 minutes standing in the middle (waiting at a crossing, the recording on)
    is kept, its walking time without the wait."""
    first = steady_walk(T0, 10)
    lat, lon, t = first[-1]
    still = [(lat, lon, t + timedelta(seconds=30 * i)) for i in range(1, 9)]  # 4 minutes
    second = [
        (la + (lat - 52.0), lo, tt + timedelta(minutes=14)) for la, lo, tt in steady_walk(T0, 10)
    ]
    import_walk_file(store, write_gpx(tmp_path / "wait.gpx", [first + still + second]))
    (walk,) = store.list_walks()
    assert 20 * 60 <= walk["duration_s"] <= 20 * 60 + 60  # the wait left out, or nearly
    assert walk["distance_m"] == pytest.approx(2 * 1.2 * 600, rel=0.02)


# --- one walk recorded twice -------------------------------------------------------------


def test_a_walk_from_a_watch_and_a_phone_is_stored_once(store: Store, tmp_path: Path) -> None:
    """The Garmin run (FIT, 12:11:14 UTC, 44 min) and a phone's GPX of the same run."""
    fit = import_walk_file(store, WALKS / "garmin-run-2013.fit")
    assert fit.counts.walks_added == 1
    watch_start = datetime(2013, 2, 6, 12, 11, 14, tzinfo=UTC)
    phone = steady_walk(watch_start + timedelta(minutes=1), 40, speed=1.8)
    result = import_walk_file(store, write_gpx(tmp_path / "phone.gpx", [phone]))
    assert result.counts.walks_added == 0
    (overlap,) = result.counts.overlapping
    assert overlap.stored_file == "garmin-run-2013.fit"
    assert overlap.stored_started_at == watch_start.replace(tzinfo=None)
    from backstride.diary.importer import overlap_text

    assert overlap_text(overlap) == (
        f"the walk of {_local(watch_start + timedelta(minutes=1))} was not stored: it is the "
        f"same time as the walk already stored for {_local(watch_start)} "
        "(from garmin-run-2013.fit)"
    )
    assert len(store.list_walks()) == 1
    again = import_walk_file(store, WALKS / "garmin-run-2013.fit")  # the same file again
    assert again.counts.walks_already_stored == 1 and again.counts.overlapping == ()


def test_walks_that_share_less_than_half_are_both_stored(store: Store, tmp_path: Path) -> None:
    import_walk_file(store, write_gpx(tmp_path / "a.gpx", [steady_walk(T0, 40)]))
    later = T0 + timedelta(minutes=25)  # 15 of the 40 minutes shared
    result = import_walk_file(store, write_gpx(tmp_path / "b.gpx", [steady_walk(later, 40)]))
    assert result.counts.walks_added == 1 and result.counts.overlapping == ()
    # but a 20-minute walk inside the first one shares all of the shorter one's time
    inside = T0 + timedelta(minutes=10)
    result = import_walk_file(store, write_gpx(tmp_path / "c.gpx", [steady_walk(inside, 20)]))
    assert result.counts.walks_added == 0 and len(result.counts.overlapping) == 1
    assert len(store.list_walks()) == 2


def test_the_same_walk_twice_in_one_file_is_stored_once(store: Store, tmp_path: Path) -> None:
    tracks = [steady_walk(T0, 30), steady_walk(T0 + timedelta(seconds=20), 30, speed=1.1)]
    result = import_walk_file(store, write_gpx(tmp_path / "two.gpx", tracks))
    assert result.counts.walks_added == 1
    (overlap,) = result.counts.overlapping
    assert overlap.stored_started_at == T0.replace(tzinfo=None)
    assert overlap.same_file
    assert [w["started_at"] for w in store.list_walks()] == [T0.replace(tzinfo=None)]


def _import(db: str, *paths: Path) -> str:
    """`backstride walks import` on the files; its output on one line."""
    r = subprocess.run(
        [sys.executable, "-c", CLI, "walks", "import", *map(str, paths)],
        capture_output=True,
        text=True,
        env={**os.environ, "BACKSTRIDE_DB": db},
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    return " ".join(r.stdout.split())


def test_the_command_says_a_walk_was_recorded_twice_in_the_file(tmp_path: Path) -> None:
    """Not "already stored from another recording": the repeat is within this one file."""
    db = str(tmp_path / "d.db")
    tracks = [steady_walk(T0, 30), steady_walk(T0 + timedelta(seconds=20), 30, speed=1.1)]
    out = _import(db, write_gpx(tmp_path / "two.gpx", tracks))
    assert "two.gpx (gpx): 1 walk added, 1 recorded twice in this file" in out, out
    assert "another recording" not in out
    assert (
        f"The walk of {_local(T0 + timedelta(seconds=20))} was not stored: it is the same time "
        f"as the walk of {_local(T0)} earlier in this file (recorded twice there)." in out
    )


def test_the_command_names_the_stored_walk(tmp_path: Path) -> None:
    db = str(tmp_path / "d.db")
    first = write_gpx(tmp_path / "watch.gpx", [steady_walk(T0, 30)])
    second = write_gpx(tmp_path / "phone.gpx", [steady_walk(T0 + timedelta(minutes=2), 30)])
    out = _import(db, first, second)
    assert "phone.gpx (gpx): 0 walks added, 1 already stored from another recording" in out
    assert (
        f"The walk of {_local(T0 + timedelta(minutes=2))} was not stored: it is the same time "
        f"as the walk already stored for {_local(T0)} (from watch.gpx)." in out
    )
