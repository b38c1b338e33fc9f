"""The streaming GPX reader gives what gpxpy (the reader it replaced) gives, on the real files
(the distance less the GPS jumps it now leaves out, counted here from gpxpy's points; a walk's
minutes and metres are the moving ones, worked out here from the whole list of gpxpy's points
as the reader before streaming did), and reads a file in pieces without changing what any
letter or refusal says."""

from __future__ import annotations

from pathlib import Path

import gpxpy
import gpxpy.gpx
import pytest

from backstride.diary import gpx as gpx_module
from backstride.diary.gpx import parse_gpx, read_gpx, track_activity
from backstride.diary.xmlguard import XmlEncodingRefused, decode_xml
from backstride.errors import ImportFileError

DATA = Path(__file__).parents[1] / "data"
REAL_GPX = sorted((DATA / "walks").glob("*.gpx")) + sorted(
    DATA / "hostile" / n for n in ("gpx_latin1.gpx", "gpx_utf16.gpx")
)


def _old_walks(path: Path) -> list[tuple]:
    """What the gpxpy reader made of each track: start, duration, distance, activity."""
    doc = gpxpy.parse(decode_xml(path.read_bytes()))
    out = []
    for track in doc.tracks:
        start, end = track.get_time_bounds()
        if start is None or end is None or track_activity(track.type) is None:
            continue
        walked = [_moving(seg.points) for seg in track.segments]
        length = sum(m for _, m in walked)
        out.append(
            (
                gpx_module._as_utc(start).replace(tzinfo=None),
                sum(sec for sec, _ in walked),
                float(length) if length else None,
                track_activity(track.type),
            )
        )
    return out


def _moving(points: list) -> tuple[float, float]:
    """(seconds, metres) walking in one segment, from all its points at once: a step counts
    when it and a 30-second window before or after it are at 0.3 m/s or more; a GPS jump
    counts no metres, and its time when the window says so."""
    timed = [p for p in points if p.time is not None]
    last = len(timed) - 1

    def speed(a, b) -> float:
        span = (b.time - a.time).total_seconds()
        return (a.distance_2d(b) or 0.0) / span if span > 0 else 0.0

    seconds = metres = 0.0
    for i in range(last):
        a, b = timed[i], timed[i + 1]
        step = (b.time - a.time).total_seconds()
        d = a.distance_2d(b) or 0.0
        jump = _is_jump(d, step)
        if jump:
            d = 0.0
        if step <= 0 or (not jump and d / step < gpx_module.MOVING_MPS):
            continue
        ahead = next(
            (j for j in range(i + 1, last) if (timed[j].time - a.time).total_seconds() >= 30),
            last,
        )
        behind = max(
            (k for k in range(i + 1) if (b.time - timed[k].time).total_seconds() >= 30),
            default=0,
        )
        if max(speed(a, timed[ahead]), speed(timed[behind], b)) >= gpx_module.MOVING_MPS:
            seconds += step
            metres += d
    return seconds, metres


def _steps(track: gpxpy.gpx.GPXTrack):
    """(metres, seconds or None) of each step between consecutive points, as gpxpy sees them."""
    for seg in track.segments:
        for a, b in zip(seg.points, seg.points[1:], strict=False):
            seconds = (b.time - a.time).total_seconds() if a.time and b.time else None
            yield b.distance_2d(a), seconds


def _is_jump(metres: float, seconds: float | None) -> bool:
    return seconds is not None and metres / max(seconds, 1.0) > 10.0


def _jumps(track: gpxpy.gpx.GPXTrack) -> int:
    return sum(_is_jump(d, s) for d, s in _steps(track))


def _jumped_m(track: gpxpy.gpx.GPXTrack) -> float:
    return sum(d for d, s in _steps(track) if _is_jump(d, s))


@pytest.mark.parametrize("path", REAL_GPX, ids=lambda p: p.name)
def test_the_stream_reads_every_track_as_gpxpy_did(path: Path) -> None:
    doc = gpxpy.parse(decode_xml(path.read_bytes()))
    summary = read_gpx(path)
    assert summary.waypoints == len(doc.waypoints)
    assert len(summary.tracks) == len(doc.tracks)
    for ours, theirs in zip(summary.tracks, doc.tracks, strict=True):
        assert ours.points == theirs.get_points_no()
        assert ours.duration() == theirs.get_duration()
        assert ours.time_bounds() == tuple(theirs.get_time_bounds())
        if ours.jumps == 0:
            assert ours.length_2d == theirs.length_2d()  # the same sum, to the last bit
        else:  # GPS jumps are left out of the distance (tests/storage/test_walk_rules.py)
            assert ours.length_2d + ours.jumped_m == pytest.approx(theirs.length_2d(), rel=1e-12)
        assert ours.jumps == _jumps(theirs)
        assert ours.kind == theirs.type
    try:
        walks = parse_gpx(path)
    except ImportFileError as exc:  # the waypoint-only file: refused as before
        assert "no walk found" in exc.message and not _old_walks(path)
        return
    old = _old_walks(path)
    assert [(w.started_at, w.duration_s, w.activity) for w in walks] == [
        (o[0], o[1], o[3]) for o in old
    ]
    for walk, (*_, distance_m, _activity) in zip(walks, old, strict=True):
        assert walk.distance_m == (distance_m and pytest.approx(distance_m, rel=1e-12))
    assert len(walks) > 0


def test_the_real_files_have_tracks_to_compare() -> None:
    """The comparison above is not empty: the real files hold 13 tracks and 400+ points."""
    tracks = [t for p in REAL_GPX for t in read_gpx(p).tracks]
    assert len(tracks) >= 13
    assert sum(t.points for t in tracks) > 400


def _big_text(tmp_path: Path, encoding: str, declared: str) -> Path:
    """A GPX over several pieces, with letters outside ASCII everywhere in it."""
    points = "".join(
        f'<trkpt lat="{52 + i * 0.00001:.5f}" lon="4.0"><time>2024-03-01T08:{i // 60:02d}:{i % 60:02d}Z'
        f"</time><name>Café ß é {i}</name></trkpt>"
        for i in range(600)
    )
    text = (
        f'<?xml version="1.0" encoding="{declared}"?><gpx version="1.1" creator="ü">'
        f"<trk><name>Zürich</name><trkseg>{points}</trkseg></trk></gpx>"
    )
    path = tmp_path / f"{encoding}.gpx"
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(
    ("encoding", "declared"),
    [
        ("utf-8", "UTF-8"),
        ("utf-16", "UTF-16"),
        ("latin-1", "ISO-8859-1"),
        ("cp1252", "windows-1252"),
    ],
)
def test_small_pieces_read_the_same_as_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoding: str, declared: str
) -> None:
    path = _big_text(tmp_path, encoding, declared)
    whole = parse_gpx(path)
    monkeypatch.setattr(gpx_module, "CHUNK_BYTES", 7)  # letters cut between pieces
    assert parse_gpx(path) == whole
    (walk,) = whole
    assert walk.duration_s == 599 and walk.distance_m and 660 < walk.distance_m < 670


def test_a_bad_byte_in_a_later_piece_is_named_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _big_text(tmp_path, "utf-8", "UTF-8")
    data = bytearray(path.read_bytes())
    at = len(data) - 500
    data[at] = 0xFF  # not UTF-8
    path.write_bytes(bytes(data))
    with pytest.raises(XmlEncodingRefused) as old:
        decode_xml(bytes(data))
    assert f"byte {at:,} (0xFF)" in str(old.value)
    for size in (7, 1 << 20):
        monkeypatch.setattr(gpx_module, "CHUNK_BYTES", size)
        with pytest.raises(ImportFileError) as new:
            parse_gpx(path)
        assert str(old.value) in new.value.message


def test_a_letter_cut_off_at_the_end_is_named(tmp_path: Path) -> None:
    path = tmp_path / "cut.gpx"
    path.write_bytes(_big_text(tmp_path, "utf-8", "UTF-8").read_bytes() + "é".encode()[:1])
    with pytest.raises(ImportFileError) as new:
        parse_gpx(path)
    with pytest.raises(XmlEncodingRefused) as old:
        decode_xml(path.read_bytes())
    assert str(old.value) in new.value.message


def test_a_track_point_without_a_position_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "nolat.gpx"
    path.write_text(
        '<?xml version="1.0"?>\n<gpx version="1.1">\n<trk><trkseg>\n'
        '<trkpt lat="52.0" lon="4.0"/>\n<trkpt lon="4.0"/>\n</trkseg></trk></gpx>'
    )
    with pytest.raises(ImportFileError) as exc:
        parse_gpx(path)
    assert "has no latitude (lat) (line 5)" in exc.value.message
