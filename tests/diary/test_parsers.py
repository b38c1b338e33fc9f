"""The walk file readers on real device files (tests/data/walks) and generated Apple exports."""

from __future__ import annotations

import tracemalloc
from datetime import date, datetime
from pathlib import Path

import pytest

from backstride.diary.apple_health import parse_apple_health
from backstride.diary.fit import parse_fit
from backstride.diary.gpx import parse_gpx
from backstride.diary.importer import detect_kind, read_walk_file
from backstride.errors import ImportFileError
from tests.diary.healthgen import write_export

WALKS = Path(__file__).parents[1] / "data" / "walks"


def test_gpx_tracks_become_walks() -> None:
    # 8 tracks: one has no points and three have under a minute of moving, which the importer
    # skips (one minimum length for every file type, limits.MIN_WALK_SECONDS); one of those
    # lasts 201 s but covers 32 m: standing about, not a walk
    assert len(parse_gpx(WALKS / "cerknicko-jezero.gpx")) == 7
    _kind, walks, _days = read_walk_file(WALKS / "cerknicko-jezero.gpx")
    assert len(walks) == 4
    assert {w.activity for w in walks} == {"walk"}  # untyped tracks are walks
    first = walks[0]
    assert first.started_at == datetime(2010, 8, 5, 14, 23, 59)
    # 41 min recorded (2469 s), of which about 26 min moving: the stops are not walking time
    assert first.duration_s == pytest.approx(1575, abs=1)
    assert first.distance_m == pytest.approx(1797, abs=2)
    # 76 s recorded: 77 m walked in the first 31 s, then standing still
    assert parse_gpx(WALKS / "track-with-empty-segment.gpx")[0].duration_s == 32.0


def test_fit_walk_and_run_sessions() -> None:
    [walk], days = parse_fit(WALKS / "garmin-fenix-5-walk.fit")
    assert days == []
    assert walk.started_at == datetime(2017, 6, 11, 14, 32, 51)
    assert walk.distance_m == pytest.approx(67.85)
    assert walk.steps == 82
    assert walk.activity == "walk"
    [run], _ = parse_fit(WALKS / "garmin-fenix-5-run.fit")
    assert run.distance_m == pytest.approx(157.56)
    assert run.activity == "run"


def test_fit_monitoring_gives_daily_steps() -> None:
    walks, [day] = parse_fit(WALKS / "MonitoringFile.fit")
    assert walks == []
    # the file's own end-of-day summary says 3142 walking + 31 running steps
    assert (day.day, day.steps) == (date(2014, 12, 27), 3173)


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("invalid-activity-unexpected-eof.fit", "damaged or not a FIT file"),
        ("invalid-activity-settings-corruptheader.fit", "damaged or not a FIT file"),
        ("unicode_with_bom.gpx", "no walk found"),
    ],
)
def test_damaged_device_files_name_the_file_and_the_problem(name: str, why: str) -> None:
    with pytest.raises(ImportFileError) as info:
        read_walk_file(WALKS / name)
    assert name in info.value.message and why in info.value.message


def test_apple_health_walks_steps_and_speed(tmp_path: Path) -> None:
    walks, days = parse_apple_health(write_export(tmp_path / "export.xml", days=3))
    assert [w.duration_s for w in walks] == [1800.0, 1860.0, 1920.0]  # cycling ignored
    assert all(w.distance_m == 2500.0 for w in walks)  # both distance layouts
    assert walks[0].started_at == datetime(2024, 3, 4, 9, 0)  # 10:00 +01:00 in UTC
    # phone 4 x 100 beats watch 50 (overlap, not added); a step record inside a blood-pressure
    # correlation is not a day's steps; speed is the mean of 4 and 5 km/h
    assert [(d.day, d.steps) for d in days] == [
        (date(2024, 3, 4), 400),
        (date(2024, 3, 5), 400),
        (date(2024, 3, 6), 400),
    ]
    assert days[0].walking_speed_mps == pytest.approx(4.5 / 3.6)


def _peak_bytes(path: Path) -> int:
    tracemalloc.start()
    try:
        parse_apple_health(path)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_apple_health_memory_does_not_grow_with_file_size(tmp_path: Path) -> None:
    small = write_export(tmp_path / "small.xml", days=3, records_per_day=1000)
    large = write_export(tmp_path / "large.xml", days=3, records_per_day=20000)
    assert large.stat().st_size > 15 * small.stat().st_size
    assert _peak_bytes(large) < 2 * _peak_bytes(small) + 2_000_000


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b'<?xml version="1.0"?><HealthData><Record type="x"', "damaged XML at line 1"),
        (b'<?xml version="1.0"?><plist><dict/></plist>', "not an Apple Health export"),
        (b"", "empty"),
    ],
)
def test_broken_or_unrelated_xml(tmp_path: Path, content: bytes, why: str) -> None:
    path = tmp_path / "export.xml"
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=why) as info:
        parse_apple_health(path)
    assert str(path) in info.value.message


def test_files_are_recognised_by_content(tmp_path: Path) -> None:
    renamed = tmp_path / "watch.bin"
    renamed.write_bytes((WALKS / "garmin-fenix-5-walk.fit").read_bytes())
    assert detect_kind(renamed) == "fit"
    note = tmp_path / "notes.txt"
    note.write_text("my walks")
    with pytest.raises(ImportFileError, match="not a walk file"):
        detect_kind(note)
    with pytest.raises(ImportFileError, match="no such file"):
        detect_kind(tmp_path / "missing.gpx")


def _bench_session(path: Path, bouts: int, bout_min: float, rest_min: float) -> None:
    """A phone recording a stenosis interval session: slow walks, sitting on a bench between,
    the position wandering a metre or two while he sits (the phone keeps recording)."""
    import math
    import random
    from datetime import timedelta

    rnd = random.Random(4)
    lat, lon, t = 51.4545, -2.5879, datetime(2026, 11, 2, 10, 0)
    rows = []
    for b in range(bouts):
        for _ in range(int(bout_min * 12)):  # a fix every 5 s at 0.85 m/s
            rows.append((lat, lon, t))
            lat += 0.85 * 5 * math.cos(0.7) / 111_320
            lon += 0.85 * 5 * math.sin(0.7) / (111_320 * math.cos(math.radians(lat)))
            t += timedelta(seconds=5)
        if b < bouts - 1:
            for _ in range(int(rest_min * 12)):
                rows.append(
                    (lat + rnd.gauss(0, 1.5) / 111_320, lon + rnd.gauss(0, 1.5) / 70_000, t)
                )
                t += timedelta(seconds=5)
    rows.append((lat, lon, t))
    pts = "".join(
        f'<trkpt lat="{a:.7f}" lon="{o:.7f}"><time>{m:%Y-%m-%dT%H:%M:%SZ}</time></trkpt>'
        for a, o, m in rows
    )
    path.write_text(
        '<?xml version="1.0"?><gpx version="1.1" creator="t" '
        'xmlns="http://www.topografix.com/GPX/1/1"><trk><type>walking</type>'
        f"<trkseg>{pts}</trkseg></trk></gpx>"
    )


def test_gpx_walking_time_leaves_out_rests_on_a_bench(tmp_path: Path) -> None:
    # 3 walks of 3 minutes with 4-minute sits: 17 minutes recorded, 9 of them walking
    path = tmp_path / "session.gpx"
    _bench_session(path, bouts=3, bout_min=3, rest_min=4)
    [walk] = parse_gpx(path)
    assert walk.duration_s == pytest.approx(9 * 60, abs=60)  # was 17 * 60
    assert walk.distance_m == pytest.approx(9 * 60 * 0.85, rel=0.1)
    # keyed by the whole recording, as before: a file imported before is not added twice
    from backstride.diary.records import walk_key

    assert walk.dedupe_key == walk_key("gpx", walk.started_at, 17 * 60)
