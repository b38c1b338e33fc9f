"""GPX values that Python reads but GPX does not write, and times that cannot be read at all
(session 24), through the real reader and the real command.

Before: a latitude written "4_6.0" (a damaged file) was read as 46 degrees, as Python's float()
reads digit separators, and full-width digits "４６.０" as 46; a track whose every <time> was
unreadable ("99999-11-20T10:00:00Z", a year with a minus sign, a 5,000-digit fraction) was
refused as "no walking track with times", without naming the times it holds. Now the first is
refused naming the value and how a coordinate is written, the second names how many times
could not be read, the first of them, and how a time is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from backstride.diary.gpx import parse_gpx
from backstride.errors import ImportFileError
from backstride.storage import Store
from tests.diary.test_cli import run
from tests.hardening.test_gpx_points import _file, _walk


@pytest.mark.parametrize("written", ["4_6.0", "５１.０", "51,0", "0x33", "51.0.1", "", "--51"])
def test_a_coordinate_not_written_as_a_decimal_number_is_refused(
    tmp_path: Path, written: str
) -> None:
    points = _walk(30)
    points[3] = (written, 0, points[3][2])  # type: ignore[assignment]
    with pytest.raises(ImportFileError) as err:
        parse_gpx(_file(tmp_path, points))
    said = str(err.value)
    assert f"latitude {written!r} is not a number" in said
    assert "digits 0 to 9 and a point" in said


@pytest.mark.parametrize("written", ["51.003", "+51.003", " 51.003 ", "51.", ".51e2", "5.1003E1"])
def test_decimal_coordinates_as_gps_apps_write_them_are_read(tmp_path: Path, written: str) -> None:
    points = _walk(30)
    points[3] = (written, 0, points[3][2])  # type: ignore[assignment]
    [walk] = parse_gpx(_file(tmp_path, points))
    assert walk.duration_s == 29 * 60


@pytest.mark.parametrize(
    "time",
    [
        "99999-11-01T10:00:00Z",
        "-2026-11-01T10:00:00Z",
        "2026-11-01T10:00:00." + "9" * 5000 + "Z",
        "yesterday at ten",
    ],
)
def test_times_that_cannot_be_read_are_named(tmp_path: Path, time: str) -> None:
    points = [(lat, lon, time) for lat, lon, _ in _walk(30)]
    with pytest.raises(ImportFileError) as err:
        parse_gpx(_file(tmp_path, points))
    said = str(err.value)
    assert "no walk found" in said
    assert "30 track points have times that cannot be read" in said
    assert repr(time[:40] + ("..." if len(time) > 40 else "")) in said
    assert "2026-11-20T10:00:00Z" in said  # how a time is written


def test_the_command_names_them_and_keeps_what_was_stored(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    good = _file(tmp_path, _walk(30), "good.gpx")
    assert run("walks", "import", str(good), db=db).returncode == 0
    bad_time = _file(
        tmp_path, [(a, o, "99999-11-01T10:00:00Z") for a, o, _ in _walk(30)], "times.gpx"
    )
    points = _walk(30, start=20)
    points[0] = ("4_6.0", 0, points[0][2])  # type: ignore[assignment]
    bad_lat = _file(tmp_path, points, "lat.gpx")
    r = run("walks", "import", str(bad_time), str(bad_lat), db=db)
    said = " ".join(r.stderr.split())
    assert r.returncode == 2 and "Traceback" not in said
    assert "'99999-11-01T10:00:00Z'" in said and "latitude '4_6.0' is not a number" in said
    with Store.open(f"sqlite:///{db}") as store:
        assert len(store.list_walks()) == 1  # the walk imported before is still there


def test_one_unreadable_time_among_readable_ones_still_counts_as_no_time(tmp_path: Path) -> None:
    """As gpxpy reads it (documented): the walk is still read from the other points."""
    points = _walk(30)
    points[10] = (points[10][0], points[10][1], "yesterday")
    [walk] = parse_gpx(_file(tmp_path, points))
    assert walk.duration_s == 29 * 60
