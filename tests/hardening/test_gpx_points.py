"""GPX tracks of too few points, still times, impossible coordinates and jumps of thousands
of kilometres (session 19), read by the real reader and the real command."""

from __future__ import annotations

from pathlib import Path

import pytest

from backstride.diary.gpx import parse_gpx
from backstride.diary.importer import read_walk_file
from backstride.errors import ImportFileError
from backstride.storage import Store
from tests.diary.test_cli import run

HEAD = '<?xml version="1.0"?>\n<gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1">'


def _file(tmp_path: Path, points: list[tuple[float, float, str]], name: str = "t.gpx") -> Path:
    body = "".join(f'<trkpt lat="{a}" lon="{o}"><time>{t}</time></trkpt>' for a, o, t in points)
    path = tmp_path / name
    path.write_text(f"{HEAD}<trk><type>walking</type><trkseg>{body}</trkseg></trk></gpx>")
    return path


def _walk(minutes: int, lat: float = 51.0, lon: float = 0.0, start: int = 0) -> list:
    # about 111 m a minute northwards: an ordinary walk
    return [(lat + i * 1e-3, lon, f"2026-11-01T10:{start + i:02d}:00Z") for i in range(minutes)]


@pytest.mark.parametrize(
    ("lat", "lon", "says"),
    [(91, 0, "latitude 91 is not on Earth"), (0, 200, "longitude 200 is not on Earth")],
)
def test_a_coordinate_off_the_earth_is_refused(
    tmp_path: Path, lat: float, lon: float, says: str
) -> None:
    points = _walk(30)
    points[5] = (lat, lon, points[5][2])  # read as a walk before: 29 minutes, 3 km
    with pytest.raises(ImportFileError, match=says):
        parse_gpx(_file(tmp_path, points))


def test_the_edges_of_the_map_are_on_it(tmp_path: Path) -> None:
    points = [(-90, -180, "2026-11-01T10:00:00Z"), (90, 180, "2026-11-01T10:00:00Z")]
    assert [w.duration_s for w in parse_gpx(_file(tmp_path, points))] == [0]


@pytest.mark.parametrize(
    "points",
    [
        [],
        [(51, 0, "2026-11-01T10:00:00Z")],
        [(51 + i * 1e-3, 0, "2026-11-01T10:00:00Z") for i in range(50)],
    ],
    ids=["no point", "one point", "one time for all"],
)
def test_too_little_to_be_a_walk(tmp_path: Path, points: list) -> None:
    with pytest.raises(ImportFileError, match="no walk found"):
        read_walk_file(_file(tmp_path, points))


def test_a_jump_to_the_other_side_of_the_world_counts_no_distance(tmp_path: Path) -> None:
    there_and_back = [
        *_walk(30),
        (-33.0, 151.0, "2026-11-01T10:30:30Z"),
        *_walk(20, 51.03, start=31),
    ]
    (walk,) = parse_gpx(_file(tmp_path, there_and_back))
    assert walk.duration_s == 50 * 60
    assert 5_000 < walk.distance_m < 6_000  # the walking, not the 17,000 km


def test_two_points_far_apart_are_refused_by_the_command_and_nothing_is_stored(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "g.db")
    good = _file(tmp_path, _walk(30), "good.gpx")
    far = _file(
        tmp_path, [(51, 0, "2026-11-02T10:00:00Z"), (-33, 151, "2026-11-02T10:30:00Z")], "far.gpx"
    )
    off = _file(
        tmp_path, [(91 + i * 1e-3, 0, f"2026-11-03T10:{i:02d}:00Z") for i in range(30)], "off.gpx"
    )
    r = run("walks", "import", str(good), str(far), str(off), db=db)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    said = " ".join(r.stderr.split())
    assert f"Not imported: {far}" in said and f"Not imported: {off}" in said
    assert "not on Earth" in said
    with Store.open(db) as store:
        assert len(store.list_walks()) == 1  # the good walk only
