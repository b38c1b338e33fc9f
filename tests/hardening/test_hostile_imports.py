"""Hostile walk files made on the fly (tmp_path): odd file names, impossible walks, huge
tracks and odd Apple Health records. Each is refused clearly, or stored as it should be."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from backstride.diary.importer import import_walk_file, read_walk_file
from backstride.diary.xmlguard import XmlRefused, check_xml
from backstride.errors import ImportFileError
from backstride.storage import Store


def gpx(points: list[tuple[float | str, float | str, str]], kind: str = "") -> str:
    """A one-track GPX file from (lat, lon, time) points."""
    typ = f"<type>{kind}</type>" if kind else ""
    body = "".join(
        f'<trkpt lat="{lat}" lon="{lon}"><time>{t}</time></trkpt>' for lat, lon, t in points
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><gpx version="1.1" creator="t" '
        f'xmlns="http://www.topografix.com/GPX/1/1"><trk>{typ}<trkseg>{body}</trkseg></trk></gpx>'
    )


WALK = gpx(
    [
        (52.0, 4.0, "2024-03-01T08:00:00Z"),
        (52.001, 4.0, "2024-03-01T08:10:00Z"),
        (52.002, 4.0, "2024-03-01T08:20:00Z"),
    ]
)


CLI = "from backstride.cli import main; main()"


def _walks(db: str) -> list[dict]:
    with Store.open(db) as store:
        return list(store.list_walks())


@pytest.mark.skipif(sys.platform != "linux", reason="file names that are not UTF-8: Linux")
def test_a_file_name_that_is_not_utf8_is_stored_readably(tmp_path: Path) -> None:
    name = os.fsdecode(b"walk-\xff\xfe.gpx")  # '\udcff\udcfe' in Python
    path = tmp_path / name
    path.write_text(WALK)
    db = str(tmp_path / "d.db")
    r = subprocess.run(  # the command echoes the name's raw bytes: read bytes
        [sys.executable, "-c", CLI, "walks", "import", str(path)],
        capture_output=True,
        env={**os.environ, "BACKSTRIDE_DB": db},
        timeout=120,
    )
    assert r.returncode == 0, r.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in r.stderr
    (walk,) = _walks(db)
    assert walk["source_file"] == "walk-\ufffd\ufffd.gpx"
    with Store.open(db) as store:  # the same file again adds nothing
        assert import_walk_file(store, path).counts.walks_already_stored == 1


# --- impossible walks: faster than anyone on foot ------------------------------------------

TELEPORTS = {
    # 222 km in 2 minutes: under the 500 km distance limit, over 48 h of walking
    "jump.gpx": gpx([(52.0, 4.0, "2024-03-01T08:00:00Z"), (50.0, 4.0, "2024-03-01T08:02:00Z")]),
    # half an hour standing, then 89 km in one second, then an hour standing: 16 m/s average
    "glitch.gpx": gpx(
        [
            (52.0, 4.0, "2024-03-01T08:00:00Z"),
            (52.0, 4.0, "2024-03-01T08:30:00Z"),
            (51.2, 4.0, "2024-03-01T08:30:01Z"),
            (51.2, 4.0, "2024-03-01T09:30:00Z"),
        ]
    ),
    "export.xml": (
        '<?xml version="1.0" encoding="UTF-8"?><HealthData locale="en_US"><Workout '
        'workoutActivityType="HKWorkoutActivityTypeWalking" duration="2" durationUnit="min" '
        'totalDistance="400" totalDistanceUnit="km" startDate="2024-03-01 08:00:00 +0100"/>'
        "</HealthData>"
    ),
}


@pytest.mark.parametrize("name", TELEPORTS)
def test_a_walk_faster_than_anyone_on_foot_is_refused(tmp_path: Path, name: str) -> None:
    db = str(tmp_path / "d.db")
    good = tmp_path / "walk.gpx"
    good.write_text(WALK)
    bad = tmp_path / name
    bad.write_text(TELEPORTS[name])
    r = subprocess.run(
        [sys.executable, "-c", CLI, "walks", "import", str(good), str(bad)],
        capture_output=True,
        text=True,
        env={**os.environ, "BACKSTRIDE_DB": db},
        timeout=120,
    )
    assert r.returncode == 2, r.stdout + r.stderr
    assert "Traceback" not in r.stderr
    assert f"Not imported: {bad}" in " ".join(r.stderr.split())
    assert "m/s" in r.stderr and "limit is 10 m/s" in " ".join(r.stderr.split())
    assert len(_walks(db)) == 1  # the good walk stays; nothing from the bad file


# --- a GPX file with too many points: refused before gpxpy holds them all -----------------


def test_a_gpx_file_with_too_many_points_is_refused_before_it_fills_memory(
    tmp_path: Path,
) -> None:
    from backstride.limits import MAX_GPX_POINTS

    point = '<trkpt lat="52.0" lon="4.0"/>'
    path = tmp_path / "huge.gpx"
    path.write_text(
        '<?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">'
        f"<trk><trkseg>{point * (MAX_GPX_POINTS + 1)}</trkseg></trk></gpx>"
    )
    with pytest.raises(ImportFileError) as err:
        read_walk_file(path)
    assert f"more than {MAX_GPX_POINTS:,} points" in err.value.message
    assert "split it" in err.value.message


def test_check_xml_counts_points_under_any_namespace_prefix() -> None:
    doc = b'<g:gpx xmlns:g="x">' + b"<g:wpt/>" * 3 + b"<g:rtept/></g:gpx>"
    check_xml(doc, max_points=4)
    with pytest.raises(XmlRefused, match="more than 3 points"):
        check_xml(doc, max_points=3)


# --- Apple Health: a unit Backstride does not know is named, never guessed ----------------


def _workout(**attrs: str) -> str:
    shown = " ".join(f'{k}="{v}"' for k, v in attrs.items())
    return (
        '<?xml version="1.0" encoding="UTF-8"?><HealthData locale="en_US"><Workout '
        'workoutActivityType="HKWorkoutActivityTypeWalking" startDate="2024-03-01 08:00:00 '
        f'+0100" {shown}/></HealthData>'
    )


@pytest.mark.parametrize(
    ("attrs", "named"),
    [
        (
            {"duration": "30", "durationUnit": "fortnight"},
            "'fortnight', which Backstride does not know (it reads min, s, sec, hr, h)",
        ),
        (
            {"duration": "30", "totalDistance": "2", "totalDistanceUnit": "parsec"},
            "'parsec', which Backstride does not know (it reads km, m, mi",
        ),
    ],
)
def test_an_apple_health_unit_that_is_not_known_is_named(
    tmp_path: Path, attrs: dict[str, str], named: str
) -> None:
    path = tmp_path / "export.xml"
    path.write_text(_workout(**attrs))
    with pytest.raises(ImportFileError) as err:
        read_walk_file(path)
    assert named in err.value.message
    assert "Nothing from this file was imported" in err.value.message


def test_apple_health_units_it_knows_still_convert(tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    path.write_text(
        _workout(duration="0.5", durationUnit="hr", totalDistance="1.5", totalDistanceUnit="mi")
    )
    _kind, (walk,), _days = read_walk_file(path)
    assert walk.duration_s == 1800 and walk.distance_m == pytest.approx(2414.016)


# --- a picture or an archive under a walk file's name --------------------------------------


@pytest.mark.parametrize(
    ("name", "head", "what"),
    [
        ("walk.gpx", b"PK\x03\x04" + b"\x00" * 40, "a ZIP archive"),
        ("walk.fit", b"PK\x03\x04" + b"\x00" * 40, "a ZIP archive"),
        ("walk.gpx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "a PNG image"),
        ("export.xml", b"%PDF-1.7\n" + b"\x00" * 40, "a PDF document"),
    ],
)
def test_a_file_that_is_not_a_walk_file_says_what_it_is(
    tmp_path: Path, name: str, head: bytes, what: str
) -> None:
    path = tmp_path / name
    path.write_bytes(head)
    with pytest.raises(ImportFileError) as err:
        read_walk_file(path)
    assert f"this is {what}, not a walk file" in err.value.message
    assert ("Unzip it first" in err.value.message) == (what == "a ZIP archive")
