"""GPX times that cannot be right. An offset no place uses is refused naming the time, while
real offsets from -12:00 to +14:00 are read (gpxpy reads "+25:00", and Python failed on it
later with a message about timedelta). A track whose times run backwards is named as such,
not as a walk shorter than a minute."""

from __future__ import annotations

from pathlib import Path

import pytest

from backstride.diary.gpx import parse_gpx
from backstride.errors import ImportFileError

HEAD = '<?xml version="1.0"?>\n<gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1">'


def _gpx(tmp_path: Path, offset: str) -> Path:
    points = "".join(
        f'<trkpt lat="{51 + i * 1e-3:.4f}" lon="0"><time>2026-11-01T10:{i:02d}:00{offset}</time></trkpt>'
        for i in range(30)
    )
    path = tmp_path / "walk.gpx"
    path.write_text(f"{HEAD}<trk><type>walking</type><trkseg>{points}</trkseg></trk></gpx>")
    return path


@pytest.mark.parametrize("offset", ["+25:00", "+15:00", "-13:00", "+99:99"])
def test_an_impossible_offset_is_refused_naming_the_time(tmp_path: Path, offset: str) -> None:
    with pytest.raises(ImportFileError) as err:
        parse_gpx(_gpx(tmp_path, offset))
    text = str(err.value)
    assert f"2026-11-01T10:00:00{offset}" in text and "-12:00 to +14:00" in text
    assert "timedelta" not in text


@pytest.mark.parametrize("offset", ["+14:00", "-12:00", "+05:45", "Z", ""])
def test_real_offsets_are_read(tmp_path: Path, offset: str) -> None:
    (walk,) = parse_gpx(_gpx(tmp_path, offset))
    assert walk.duration_s > 20 * 60


def test_a_track_whose_times_run_backwards_is_named_as_such(tmp_path: Path) -> None:
    points = "".join(
        f'<trkpt lat="{51 + i * 1e-3:.4f}" lon="0"><time>2026-11-01T10:{59 - i:02d}:00Z</time></trkpt>'
        for i in range(30)
    )
    path = tmp_path / "backwards.gpx"
    path.write_text(f"{HEAD}<trk><trkseg>{points}</trkseg></trk></gpx>")
    with pytest.raises(ImportFileError) as err:
        parse_gpx(path)
    assert "run backwards" in str(err.value) and "Nothing from this file" in str(err.value)
    assert "less than 60 seconds" not in str(err.value)
