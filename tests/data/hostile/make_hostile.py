"""Write the hostile-file corpus: walk files, Apple Health exports and answers files that try
to break the readers (deep nesting, huge or non-finite numbers, impossible dates, wrong
encodings, XXE, billion laughs, NUL bytes, damaged FIT files).

    python tests/data/hostile/make_hostile.py            # the small files, into this folder
    python tests/data/hostile/make_hostile.py --large DIR  # also the large ones, into DIR

The small files are committed; the large ones (hundreds of kB to MB) are written at test time.
Each name says what the file tries; tests/hardening/test_hostile_files.py feeds every one to
the command a person would run and checks for a clear message, exit 2 and nothing lost.
"""

from __future__ import annotations

import argparse
import struct
from pathlib import Path

HERE = Path(__file__).parent
WALKS = HERE.parent / "walks"

GPX_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="hostile" xmlns="http://www.topografix.com/GPX/1/1">\n'
AH_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<HealthData locale="en_GB">\n <ExportDate value="2024-04-01 09:00:00 +0100"/>\n'


def _track(
    lat: str = "46.0",
    lon: str = "14.0",
    t0: str = "2024-03-01T08:00:00Z",
    t1: str = "2024-03-01T08:30:00Z",
) -> str:
    """Two points half an hour apart: 2 km north (a walk: a track that stays put is refused)
    unless the latitude is one of the hostile values, which both points then carry."""
    end = "46.018" if lat == "46.0" else lat
    return (
        f'<trk><name>walk</name><trkseg><trkpt lat="{lat}" lon="{lon}"><time>{t0}</time></trkpt>'
        f'<trkpt lat="{end}" lon="{lon}"><time>{t1}</time></trkpt></trkseg></trk>\n'
    )


def _steps(day: str, value: str) -> str:
    return (
        f' <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Phone" unit="count" '
        f'startDate="{day} 09:00:00 +0100" endDate="{day} 09:10:00 +0100" value="{value}"/>\n'
    )


def _workout(start: str, duration: str = "30") -> str:
    return (
        f' <Workout workoutActivityType="HKWorkoutActivityTypeWalking" duration="{duration}" '
        f'durationUnit="min" totalDistance="2.5" totalDistanceUnit="km" sourceName="Watch" '
        f'startDate="{start}" endDate="{start}"/>\n'
    )


LAUGHS = (
    '<!DOCTYPE {root} [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + "]>\n"
)
XXE = '<!DOCTYPE {root} [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n'


def small_files() -> dict[str, bytes]:
    gpx = lambda body: (GPX_HEAD + body + "</gpx>\n").encode()  # noqa: E731
    ah = lambda body: (AH_HEAD + body + "</HealthData>\n").encode()  # noqa: E731
    decl = '<?xml version="1.0" encoding="UTF-8"?>\n'
    files = {
        "gpx_nan_coordinates.gpx": gpx(_track(lat="NaN", lon="NaN")),
        "gpx_infinite_coordinates.gpx": gpx(_track(lat="inf", lon="-inf")),
        "gpx_huge_coordinate.gpx": gpx(_track(lat="4" * 400)),
        "gpx_year_1.gpx": gpx(_track(t0="0001-01-01T00:00:00Z", t1="0001-01-01T01:00:00Z")),
        "gpx_year_9999.gpx": gpx(_track(t0="9999-12-31T22:00:00Z", t1="9999-12-31T23:00:00Z")),
        "gpx_february_30.gpx": gpx(_track(t0="2024-02-30T08:00:00Z", t1="2024-02-30T09:00:00Z")),
        "gpx_future.gpx": gpx(_track(t0="2090-05-01T08:00:00Z", t1="2090-05-01T09:00:00Z")),
        "gpx_latin1.gpx": (
            "<?xml version='1.0' encoding='ISO-8859-1'?>\n"
            + GPX_HEAD.split("\n", 1)[1]
            + "<trk><name>Côte</name></trk></gpx>\n"
        ).encode("latin-1"),
        "gpx_utf16.gpx": (GPX_HEAD + _track() + "</gpx>\n").encode("utf-16"),
        "gpx_nul_bytes.gpx": gpx(_track()).replace(b"<name>walk", b"<name>wa\x00lk"),
        "gpx_xxe.gpx": (
            decl
            + XXE.format(root="gpx")
            + GPX_HEAD.split("\n", 1)[1]
            + "<trk><name>&xxe;</name></trk></gpx>\n"
        ).encode(),
        "gpx_billion_laughs.gpx": (
            decl
            + LAUGHS.format(root="gpx")
            + GPX_HEAD.split("\n", 1)[1]
            + "<trk><name>&lol9;</name></trk></gpx>\n"
        ).encode(),
        "ah_nan_steps.xml": ah(_steps("2024-03-01", "NaN")),
        "ah_negative_steps.xml": ah(_steps("2024-03-01", "-500")),
        "ah_infinite_steps.xml": ah(_steps("2024-03-01", "inf")),
        "ah_huge_number.xml": ah(_steps("2024-03-01", "9" * 500)),
        "ah_impossible_date.xml": ah(_steps("2024-13-45", "100")),
        "ah_year_1_workout.xml": ah(_workout("0001-01-01 08:00:00 +0100")),
        "ah_infinite_duration.xml": ah(_workout("2024-03-01 08:00:00 +0100", duration="inf")),
        "ah_nan_duration.xml": ah(_workout("2024-03-01 08:00:00 +0100", duration="nan")),
        "ah_latin1.xml": (AH_HEAD + " <Me name='Zoë'/>\n</HealthData>\n").encode("latin-1"),
        "ah_xxe.xml": (
            decl
            + XXE.format(root="HealthData")
            + AH_HEAD.split("\n", 1)[1]
            + _steps("2024-03-01", "&xxe;")
            + "</HealthData>\n"
        ).encode(),
        "ah_billion_laughs.xml": (
            decl
            + LAUGHS.format(root="HealthData")
            + AH_HEAD.split("\n", 1)[1]
            + _steps("2024-03-01", "&lol9;")
            + "</HealthData>\n"
        ).encode(),
        "answers_huge_number.json": b'{"age": ' + b"9" * 500 + b', "answers": {}}',
        "answers_huge_float.json": b'{"age": 1e400, "answers": {}}',
        "answers_nan.json": b'{"age": NaN, "answers": {}}',
        "answers_infinity.json": b'{"age": 50, "answers": {"walk_minutes": Infinity}}',
        "answers_latin1.json": '{"age": 50, "sex": "fémale", "answers": {}}'.encode("latin-1"),
        "answers_nul.json": b'{"age": 50, "sex": "female\\u0000", "answers": {"fev\\u0000er": "yes"}}',
        "answers_not_an_object.json": b'[[[["age", 50]]]]',
        "fit_random_bytes.fit": b"\x0e\x10\x98\x00\x00\x00\x00\x00.FIT" + bytes(range(256)) * 4,
    }
    files["fit_start_in_2125.fit"] = _fit_far_future()
    return files


def _fit_far_future() -> bytes:
    """The Fenix 5 walk with its session moved to 2125 (the FIT clock's last years), CRC fixed."""
    from fitdecode.utils import compute_crc

    data = bytearray((WALKS / "garmin-fenix-5-walk.fit").read_bytes())
    old = struct.pack("<I", 866125971)  # the session's start_time
    new = struct.pack("<I", 0xFFFFFF00)
    data = bytearray(data.replace(old, new))
    body = data[: len(data) - 2]
    return bytes(body + struct.pack("<H", compute_crc(body)))


def large_files() -> dict[str, bytes]:
    deep = 200_000
    return {
        "gpx_nested_200000_deep.gpx": (
            GPX_HEAD
            + '<trk><trkseg><trkpt lat="46" lon="14"><extensions>'
            + "<a>" * deep
            + "</a>" * deep
            + "</extensions></trkpt></trkseg></trk></gpx>\n"
        ).encode(),
        "ah_nested_200000_deep.xml": (
            AH_HEAD + "<Record>" * deep + "</Record>" * deep + "</HealthData>\n"
        ).encode(),
        "answers_nested_100000_deep.json": b'{"age": 50, "answers": {"x": '
        + b"[" * 100_000
        + b"]" * 100_000
        + b"}}",
        "answers_5_mb.json": b'{"age": 50, "answers": {"notes": "' + b"x" * 5_000_000 + b'"}}',
        "gpx_30_mb_name.gpx": (
            GPX_HEAD + "<trk><name>" + "x" * 30_000_000 + "</name></trk></gpx>"
        ).encode(),
    }


def write(folder: Path, files: dict[str, bytes]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, data in files.items():
        path = folder / name
        path.write_bytes(data)
        out.append(path)
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", type=Path, help="also write the large files into this folder")
    args = parser.parse_args()
    write(HERE, small_files())
    if args.large:
        write(args.large, large_files())
