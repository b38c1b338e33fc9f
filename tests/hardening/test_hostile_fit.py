"""Hostile FIT files, written byte by byte by the tests' own FIT encoder (tests/tools/fit_writer.py):
impossible times, distances and positions, lying sizes, odd but valid encodings. Each is either
read as the walk it holds or refused with a message naming the file and the problem (exit 2,
a 422), never a traceback, never a silent wrong walk, and nothing already saved is lost."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import fitdecode
import pytest
from fastapi.testclient import TestClient
from fitdecode.utils import compute_crc

from backstride import limits
from backstride.diary.importer import read_walks
from backstride.errors import ImportFileError
from tests.tools.fit_writer import (
    ENUM,
    FIELD_DESCRIPTION,
    FILE_ID,
    FILE_ID_FIELDS,
    FLOAT32,
    RECORD,
    RECORD_FIELDS,
    SESSION,
    SESSION_FIELDS,
    SINT32,
    STRING,
    UINT8,
    UINT16,
    UINT32,
    Def,
    DevDef,
    FitWriter,
    Point,
    activity,
    crc16,
    fit_time,
    semicircles,
    straight_walk,
)

WALKS = Path(__file__).parents[1] / "data" / "walks"
CLI = "from backstride.cli import main; main()"
START = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
T0 = fit_time(START)


def walk_file(**kw: object) -> FitWriter:
    """A 30-minute, 2.4 km walk on 1 November 2026, one point every 10 s."""
    return activity(START, 1800, 2400, straight_walk(30, 2400), **kw)  # type: ignore[arg-type]


def session_only(fields: tuple[Def, ...] | list[Def], values: list[object]) -> bytes:
    """A file_id and one session message, with the session's fields as given."""
    w = FitWriter()
    w.define(0, FILE_ID, FILE_ID_FIELDS).data(0, [4, 1, 2697, 1, T0])
    w.define(3, SESSION, list(fields)).data(3, values)
    return bytes(w)


def _session(**changed: tuple[Def, object]) -> bytes:
    """The walk's session with some fields' definition and value replaced (by field name)."""
    names = ["timestamp", "start_time", "elapsed", "timer", "distance", "sport", "strides"]
    fields = list(SESSION_FIELDS)
    values: list[object] = [T0 + 1800, T0, 1_800_000, 1_800_000, 240_000, 11, None]
    for name, (field, value) in changed.items():
        i = names.index(name)
        fields[i], values[i] = field, value
    return session_only(fields, values)


def _records(points: list[Point]) -> bytes:
    return bytes(activity(START, 1800, 2400, points))


def _walk_bytes() -> bytes:
    return bytes(walk_file())


# --- the encoder writes what a watch writes -------------------------------------------------


def _messages(path: Path) -> list[fitdecode.FitDataMessage]:
    with fitdecode.FitReader(str(path), check_crc=fitdecode.CrcCheck.RAISE) as reader:
        return [f for f in reader if isinstance(f, fitdecode.FitDataMessage)]


def test_the_encoders_crc_is_the_fit_crc() -> None:
    for data in (b"123456789", _walk_bytes()):
        assert crc16(data) == compute_crc(data)


def test_a_written_walk_decodes_and_imports_like_a_garmin_file(tmp_path: Path) -> None:
    path = tmp_path / "written.fit"
    path.write_bytes(bytes(walk_file(strides=1500)))
    messages = _messages(path)
    kinds = {m.name for m in messages}
    garmin = {m.name for m in _messages(WALKS / "garmin-run-2013.fit")}
    assert {"file_id", "record", "lap", "session", "activity"} <= kinds & garmin
    (session,) = [m for m in messages if m.name == "session"]
    assert session.get_value("start_time") == START
    assert session.get_value("total_elapsed_time") == 1800
    assert session.get_value("total_distance") == 2400
    assert session.get_value("sport") == "walking"
    record = next(m for m in messages if m.name == "record")
    assert record.get_value("position_lat") == semicircles(46.0)
    db = tmp_path / "d.db"
    r = run_cli(db, "walks", "import", str(path), str(WALKS / "garmin-run-2013.fit"))
    assert r.returncode == 0, r.stderr
    with sqlite3.connect(db) as con:
        rows = con.execute(
            "select source_file, source, activity, duration_s, distance_m, steps from walks "
            "order by started_at"
        ).fetchall()
    assert rows[0][:3] == ("garmin-run-2013.fit", "fit", "run")
    assert rows[1] == ("written.fit", "fit", "walk", 1800.0, 2400.0, 3000)


# --- hostile files: refused, naming the file and the problem ---------------------------------

_FAR_FUTURE = datetime(2125, 6, 1, 9, 0, tzinfo=UTC)
_WIDE = [Def(253, UINT32)] + [Def(i, UINT32) for i in range(1, 255)]  # 255 fields


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("walk.fit", _walk_bytes())
    return buf.getvalue()


def _wrong_crc() -> bytes:
    data = bytearray(_walk_bytes())
    data[-2] ^= 0xFF
    return bytes(data)


def _cut_message() -> bytes:
    """A session data message cut after 3 of its bytes, the CRC right for what is there."""
    return bytes(walk_file().raw(bytes([3, 1, 2, 3])))


def _point_in_2125() -> bytes:
    points = straight_walk(30, 2400)
    future = fit_time(_FAR_FUTURE) - T0
    return _records([*points[:5], Point(future, 46.0, 14.5, 500.0), *points[5:]])


def _pole() -> bytes:
    points = straight_walk(30, 2400)
    points[7] = Point(points[7].seconds, 100.0, 14.5, points[7].distance_m)
    return _records(points)


def _too_many_messages() -> bytes:
    w = FitWriter().define(0, 0xFF00, [Def(0, UINT8)])  # a message of the maker's own
    return bytes(w.raw(b"\x00\x01" * (limits.MAX_FIT_MESSAGES + 1)))


def _too_big() -> bytes:
    """A valid header and more bytes than the limit (the size is refused before reading)."""
    filler = b"\x00" * (limits.MAX_FIT_BYTES + 1)
    return bytes(FitWriter().raw(filler))


def _sessions(n: int) -> bytes:
    w = FitWriter().define(3, SESSION, SESSION_FIELDS)
    for i in range(n):
        t = T0 - i * 4000
        w.data(3, [t + 1800, t, 1_800_000, 1_800_000, 240_000, 11, None])
    return bytes(w)


# (file name, bytes, words the refusal must hold); every one failed or misled before
HOSTILE: list[tuple[str, Callable[[], bytes], list[str]]] = [
    (
        "start-2125.fit",
        lambda: bytes(activity(_FAR_FUTURE, 1800, 2400, [])),
        ["2125-06-01", "future"],
    ),
    ("point-in-2125.fit", _point_in_2125, ["track point", "2125-06-01"]),
    (  # a start in seconds since switch-on (FIT: under 0x10000000): was "no walking session"
        "clock-not-set.fit",
        lambda: _session(start_time=(Def(2, UINT32), 13_132_800)),
        ["session 1 (walking)", "no start date", "13132800", "clock"],
    ),
    (
        "start-zero.fit",
        lambda: _session(start_time=(Def(2, UINT32), 0)),
        ["session 1 (walking)", "no start date"],
    ),
    (
        "start-not-a-time.fit",
        lambda: _session(start_time=(Def(2, SINT32), -5)),
        ["session 1 (walking)", "no start date"],
    ),
    (
        "length-nan.fit",
        lambda: _session(
            elapsed=(Def(7, FLOAT32), float("nan")), timer=(Def(8, FLOAT32), float("nan"))
        ),
        ["session 1 (walking)", "2026-11-01 09:00", "no length"],
    ),
    (
        "length-infinite.fit",
        lambda: _session(
            elapsed=(Def(7, FLOAT32), float("inf")), timer=(Def(8, FLOAT32), float("inf"))
        ),
        ["session 1 (walking)", "no length"],
    ),
    (
        "length-negative.fit",
        lambda: _session(elapsed=(Def(7, FLOAT32), -1.8e6), timer=(Def(8, FLOAT32), -1.8e6)),
        ["duration", "-1800", "out of range"],
    ),
    (
        "length-49-days.fit",
        lambda: _session(elapsed=(Def(7, UINT32), 0xFFFFFFFE), timer=(Def(8, UINT32), 0xFFFFFFFE)),
        ["duration", "out of range"],
    ),
    (
        "distance-42000-km.fit",
        lambda: bytes(activity(START, 1800, 42_000_000, [])),
        ["distance", "4.2e+07", "out of range"],
    ),
    (
        "distance-negative.fit",
        lambda: _session(distance=(Def(9, SINT32), -240_000)),
        ["distance", "-2400", "out of range"],
    ),
    (
        "too-fast.fit",
        lambda: bytes(activity(START, 1800, 400_000, [])),
        ["400.0 km", "impossible on foot"],
    ),
    ("strides-huge.fit", lambda: bytes(walk_file(strides=0xFFFFFFFE)), ["step", "out of range"]),
    ("latitude-100.fit", _pole, ["record", "100.0 degrees", "not on Earth"]),
    (  # a session's start position beyond the pole (255 fields, all of one number)
        "255-fields.fit",
        lambda: bytes(FitWriter().define(0, SESSION, _WIDE).data(0, [T0] * 255)),
        ["session", "start position lat", "not on Earth"],
    ),
    ("wrong-crc.fit", _wrong_crc, ["damaged or not a FIT file", "CRC"]),
    (
        "wrong-header-crc.fit",
        lambda: walk_file().to_bytes(header_crc=0x1234),
        ["damaged or not a FIT file", "CRC"],
    ),
    ("cut-message.fit", _cut_message, ["damaged or not a FIT file"]),
    ("cut-in-half.fit", lambda: _walk_bytes()[:1600], ["damaged or not a FIT file"]),
    ("size-lies-big.fit", lambda: walk_file().to_bytes(data_size=10**9), ["damaged"]),
    ("size-lies-small.fit", lambda: walk_file().to_bytes(data_size=40), ["damaged"]),
    ("header-255.fit", lambda: walk_file().to_bytes(header_size=255), ["damaged"]),
    (
        "field-size-0.fit",
        lambda: _session(distance=(Def(9, UINT32, 0), 0)),
        ["damaged"],
    ),
    (
        "start-255-bytes.fit",
        lambda: _session(start_time=(Def(2, UINT32, 255), T0)),
        ["damaged"],
    ),
    (
        "undefined-message.fit",
        lambda: bytes(FitWriter().raw(bytes([7]) + b"\0" * 20)),
        ["local message 7 not defined"],
    ),
    ("too-many-messages.fit", _too_many_messages, ["more than 300,000 messages"]),
    ("too-big.fit", _too_big, ["MB; the limit is 30 MB"]),
    ("50001-sessions.fit", lambda: _sessions(50_001), ["50,001 walks", "50,000"]),
    ("empty.fit", lambda: b"", ["empty", "0 bytes"]),
    ("only-a-header.fit", lambda: bytes(FitWriter()), ["nothing to import"]),
    ("zip.fit", _zip, ["ZIP archive", "Unzip it first"]),
    ("text.fit", lambda: b"this is not a FIT file\n" * 4, ["damaged or not a FIT file"]),
    ("gpx-as-fit.fit", lambda: b"<?xml version='1.0'?><gpx><trk/></gpx>", ["no walk"]),
    (
        "unknown-sport.fit",
        lambda: _session(sport=(Def(5, ENUM), 200)),
        ["nothing to import", "no walking, running or hiking session"],
    ),
]


@pytest.mark.parametrize(("name", "make", "words"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_hostile_fit_file_is_refused_by_name(
    tmp_path: Path, name: str, make: Callable[[], bytes], words: list[str]
) -> None:
    path = tmp_path / name
    path.write_bytes(make())
    with pytest.raises(ImportFileError) as caught:
        read_walks(path)
    message = str(caught.value)
    assert message.startswith(str(path)), message
    for word in words:
        assert word in message, (word, message)


# --- odd but valid files: read as the walk they hold ----------------------------------------


def _compressed_times() -> bytes:
    """Records after the first with a compressed timestamp header (5 bits of seconds)."""
    w = FitWriter()
    w.define(0, FILE_ID, FILE_ID_FIELDS).data(0, [4, 1, 2697, 1, T0])
    w.define(1, RECORD, RECORD_FIELDS).data(1, [T0, semicircles(46), semicircles(14.5), 0])
    w.define(2, RECORD, RECORD_FIELDS[1:])
    for i in range(1, 200):
        lat = semicircles(46 + i * 1e-4)
        w.data(2, [lat, semicircles(14.5), i * 1200], time_offset=(T0 + i * 9) & 0x1F)
    w.define(3, SESSION, SESSION_FIELDS).data(
        3, [T0 + 1800, T0, 1_800_000, 1_800_000, 240_000, 11, None]
    )
    return bytes(w)


def _developer_fields() -> bytes:
    w = FitWriter()
    w.define(0, FILE_ID, FILE_ID_FIELDS).data(0, [4, 1, 2697, 1, T0])
    w.define(5, 207, [Def(3, UINT8), Def(1, 0x0D, 16)]).data(5, [0, list(range(16))])
    description = [Def(0, UINT8), Def(1, UINT8), Def(2, UINT8), Def(3, STRING, 16), Def(14, UINT16)]
    w.define(6, FIELD_DESCRIPTION, description).data(6, [0, 0, UINT32, "stride_power", 18])
    w.define(3, SESSION, SESSION_FIELDS, [DevDef(0, 4, 0), DevDef(9, 255, 7)])
    w.data(3, [T0 + 1800, T0, 1_800_000, 1_800_000, 240_000, 11, None], [b"\x10\0\0\0", b"x" * 255])
    return bytes(w)


def _big_endian() -> bytes:
    w = FitWriter().define(3, SESSION, SESSION_FIELDS, big_endian=True)
    return bytes(w.data(3, [T0 + 1800, T0, 1_800_000, 1_800_000, 240_000, 11, None]))


def _no_position() -> bytes:
    return _records([Point(p.seconds, None, None, p.distance_m) for p in straight_walk(30, 2400)])


# (file name, bytes, distance stored): the walk of 1 November 2026 at 09:00, 30 minutes
VALID: list[tuple[str, Callable[[], bytes], float | None]] = [
    ("no-records.fit", lambda: bytes(activity(START, 1800, 2400, [])), 2400.0),
    ("no-positions.fit", _no_position, 2400.0),
    (
        "one-timestamp.fit",
        lambda: _records([Point(0, p.lat, p.lon, p.distance_m) for p in straight_walk(30, 2400)]),
        2400.0,
    ),
    ("backwards.fit", lambda: _records(list(reversed(straight_walk(30, 2400)))), 2400.0),
    ("compressed-times.fit", _compressed_times, 2400.0),
    ("developer-fields.fit", _developer_fields, 2400.0),
    ("big-endian.fit", _big_endian, 2400.0),
    ("12-byte-header.fit", lambda: walk_file().to_bytes(header_size=12), 2400.0),
    ("distance-nan.fit", lambda: _session(distance=(Def(9, FLOAT32), float("nan"))), None),
    ("distance-3-bytes.fit", lambda: _session(distance=(Def(9, UINT32, 3), 240_000)), None),
    ("distance-255-bytes.fit", lambda: _session(distance=(Def(9, UINT32, 255), 240_000)), None),
    ("sport-as-text.fit", lambda: _session(sport=(Def(5, STRING, 8), "walking")), 2400.0),
    ("two-files-in-one.fit", lambda: _walk_bytes() * 2, 2400.0),
]


@pytest.mark.parametrize(("name", "make", "distance"), VALID, ids=[v[0] for v in VALID])
def test_an_odd_but_valid_fit_file_is_the_walk_it_holds(
    tmp_path: Path, name: str, make: Callable[[], bytes], distance: float | None
) -> None:
    path = tmp_path / name
    path.write_bytes(make())
    kind, walks, days, short = read_walks(path, zone_name="UTC")
    assert kind == "fit" and not days and not short
    assert {(w.started_at, w.duration_s, w.distance_m) for w in walks} == {
        (START.replace(tzinfo=None), 1800.0, distance)
    }


def test_an_infinite_distance_is_refused_not_dropped(tmp_path: Path) -> None:
    """FIT's own 'no value' for a float field is a NaN (all bits set), read as no distance;
    an infinity is a value, and an impossible one."""
    path = tmp_path / "inf.fit"
    path.write_bytes(_session(distance=(Def(9, FLOAT32), float("inf"))))
    with pytest.raises(ImportFileError, match="distance inf is out of range"):
        read_walks(path)


# --- the command and the web: exit 2 or a 422, and the diary as it was ---------------------


def run_cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BACKSTRIDE_DB": str(db), "COLUMNS": "400", "TZ": "UTC"}
    return subprocess.run(
        [sys.executable, "-c", CLI, *args], capture_output=True, text=True, env=env, timeout=300
    )


def _dump(db: Path) -> list[str]:
    with sqlite3.connect(db) as con:
        return list(con.iterdump())


_SAMPLE = [h for h in HOSTILE if h[0] not in ("too-big.fit", "too-many-messages.fit")]


def test_every_hostile_fit_file_through_the_command(tmp_path: Path) -> None:
    """One `walks import` of every hostile file after a diary entry and a good walk: each file
    named with its problem, exit 2, no traceback, the database unchanged."""
    db = tmp_path / "d.db"
    assert run_cli(db, "log", "--pain", "3", "--minutes", "20").returncode == 0
    good = tmp_path / "good.fit"
    good.write_bytes(_walk_bytes())
    assert run_cli(db, "walks", "import", str(good)).returncode == 0
    before = _dump(db)
    paths = []
    for name, make, _words in _SAMPLE:
        (path := tmp_path / name).write_bytes(make())
        paths.append(str(path))
    r = run_cli(db, "walks", "import", *paths)
    assert r.returncode == 2, r.stdout + r.stderr
    assert "Traceback" not in r.stderr and "warn" not in r.stderr.lower()
    assert f"{len(paths)} of {len(paths)} files could not be imported" in r.stderr
    for (name, _make, words), path in zip(_SAMPLE, paths, strict=True):
        line = next(x for x in r.stderr.splitlines() if x.startswith(f"Not imported: {path}"))
        assert words[0] in line, (name, line)
    assert _dump(db) == before


_WEB_SAMPLE = ["start-2125.fit", "clock-not-set.fit", "latitude-100.fit", "length-nan.fit"]


@pytest.mark.parametrize("name", [*_WEB_SAMPLE, "empty.fit", "zip.fit"])
def test_a_hostile_fit_upload_is_a_422_naming_the_file(client: TestClient, name: str) -> None:
    """The API and the My data page: a 422 naming the file and the problem; the diary entry
    and the walk stored before are still there, and nothing was added."""
    from tests.web.test_data_pages import _alert, _csrf, _stored_files, _upload

    make, words = next((m, w) for n, m, w in HOSTILE if n == name)
    entry = {"day": "2026-11-02", "pain_now": 2}
    assert client.post("/api/v1/diary", json=entry).status_code == 201
    ok = client.post("/api/v1/my/walks", files={"file": ("good.fit", _walk_bytes())})
    assert ok.status_code == 201, ok.text
    r = client.post("/api/v1/my/walks", files={"file": (name, make())})
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert name in r.json()["detail"] and words[0] in r.json()["detail"]
    page = _upload(client, name, make(), _csrf(client))
    assert page.status_code == 422, page.text  # type: ignore[attr-defined]
    shown = _alert(page.text)  # type: ignore[attr-defined]
    assert name in shown and "Traceback" not in page.text  # type: ignore[attr-defined]
    assert [e["pain_now"] for e in client.get("/api/v1/diary").json()] == [2]
    assert _stored_files(client) == ["good.fit"]


def test_a_far_future_session_never_becomes_a_walk(tmp_path: Path) -> None:
    """The largest start a FIT file can hold (February 2126): refused, not stored."""
    path = tmp_path / "latest.fit"
    path.write_bytes(_session(start_time=(Def(2, UINT32), 0xFFFFFFFE)))
    with pytest.raises(ImportFileError, match="2126-02-06"):
        read_walks(path)


def test_the_fit_time_of_the_writer_is_the_fit_epoch() -> None:
    assert fit_time(datetime(1989, 12, 31, tzinfo=UTC)) == 0
    assert fit_time(datetime(1990, 1, 1, tzinfo=UTC)) == 86_400
