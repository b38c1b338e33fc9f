"""A file of runs is reported as runs, in the terminal and on the web: runs never count as walks,
so "1 walk added" for a run was wrong."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from backstride.diary.importer import added_text


def _gpx(path: Path, kind: str, seconds: int, start: datetime, speed: float = 2.6) -> Path:
    pts = []
    for s in range(0, seconds + 1, 5):
        t = (start + timedelta(seconds=s)).strftime("%Y-%m-%dT%H:%M:%SZ")
        pts.append(
            f'<trkpt lat="{51.5 + s * speed / 5 / 111111 * 5:.6f}" lon="-0.12"><time>{t}</time></trkpt>'
        )
    path.write_text(
        '<?xml version="1.0"?><gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1">'
        f"<trk><type>{kind}</type><trkseg>{''.join(pts)}</trkseg></trk></gpx>"
    )
    return path


def test_added_text_names_runs() -> None:
    assert added_text(1, 1, 1) == "1 run added"
    assert added_text(0, 1, 1) == "0 runs added"
    assert added_text(3, 1, 3) == "3 walks and runs added"
    assert added_text(2, 0, 2) == "2 walks added"


def test_cli_import_of_a_run_says_run(tmp_path: Path) -> None:
    gpx = _gpx(tmp_path / "run.gpx", "running", 20 * 60, datetime(2026, 12, 2, 7, 30, tzinfo=UTC))
    db = tmp_path / "d.db"
    r = subprocess.run(
        [
            str(Path(sys.executable).parent / "backstride"),
            "walks",
            "import",
            str(gpx),
            "--db",
            str(db),
        ],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr
    assert "1 run added" in r.stdout and "walk added" not in r.stdout, r.stdout


def test_web_import_of_a_run_says_run(client: TestClient, tmp_path: Path) -> None:
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/my/data").text).group(1)
    gpx = _gpx(tmp_path / "run.gpx", "running", 20 * 60, datetime(2026, 12, 2, 7, 30, tzinfo=UTC))
    r = client.post(
        "/my/data/walks", data={"csrf": csrf}, files={"file": ("run.gpx", gpx.read_bytes())}
    )
    assert r.status_code == 200
    assert "1 run added" in r.text and "walk added" not in r.text
    api = client.post("/api/v1/my/walks", files={"file": ("run.gpx", gpx.read_bytes())})
    assert api.status_code == 201, api.text
    assert api.json()["runs"] == 1 and api.json()["summary"].startswith("run.gpx")
    assert "0 runs added, 1 already stored" in api.json()["summary"]
