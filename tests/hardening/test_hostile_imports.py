"""Hostile walk files made on the fly (tmp_path): odd file names, impossible walks, huge
tracks and odd Apple Health records. Each is refused clearly, or stored as it should be."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from backstride.diary.importer import import_walk_file
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
