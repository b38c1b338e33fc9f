"""Real processes against a real database file or server: concurrent writers, and kill -9."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select, text

from backstride.storage import Store
from backstride.storage.models import DiaryEntryRow, Person, WalkRow

WRITER = """
import sys
from datetime import date, datetime, timedelta
from backstride.diary.records import DiaryEntry, Walk
from backstride.storage import Store

url, n, tag = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with Store.open(url) as store:
    for i in range(n):
        store.add_diary_entry(None, DiaryEntry(day=date(2024, 1, 1), pain_now=i % 11, notes=f"{tag}-{i}"))
        t = datetime(2024, 1, 1) + timedelta(minutes=i)
        # one walk of its own and one that every writer also adds
        store.add_walks(None, [Walk("gpx", t + timedelta(days=tag + 1), t.date(), 600.0),
                               Walk("gpx", t, t.date(), 600.0)])
"""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("BACKSTRIDE_DB", None)
    return env


def test_processes_writing_at_once_lose_nothing(db_url: str) -> None:
    writers, n = 3, 60
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, db_url, str(n), str(tag)], env=_env())
        for tag in range(writers)
    ]  # all start on an empty database: they also race to create the schema and the person
    assert [p.wait(timeout=240) for p in procs] == [0] * writers
    with Store.open(db_url) as store, store.read() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 1
        notes = set(s.scalars(select(DiaryEntryRow.notes)))
        assert notes == {f"{t}-{i}" for t in range(writers) for i in range(n)}
        assert s.scalar(select(func.count()).select_from(WalkRow)) == writers * n + n


def _gpx(path: Path, start: datetime, points: int = 400) -> None:
    tracks = []
    for track in range(2):  # two walks per file: a file must land whole or not at all
        t0 = start + timedelta(hours=track * 3)
        pts = "".join(
            f'<trkpt lat="{46.0 + i * 1e-4:.5f}" lon="{14.0 + track * 0.01:.5f}">'
            f"<time>{t0 + timedelta(seconds=5 * i):%Y-%m-%dT%H:%M:%SZ}</time></trkpt>"
            for i in range(points)
        )
        tracks.append(f"<trk><name>walk {track}</name><trkseg>{pts}</trkseg></trk>")
    path.write_text(
        '<?xml version="1.0"?><gpx version="1.1" creator="test" '
        f'xmlns="http://www.topografix.com/GPX/1/1">{"".join(tracks)}</gpx>'
    )


def _walk_count(store: Store) -> int:
    with store.read() as s:
        return int(s.scalar(select(func.count()).select_from(WalkRow)) or 0)


def test_import_killed_halfway_is_consistent_and_rerun_completes(
    db_url: str, tmp_path: Path
) -> None:
    files = []
    for i in range(150):
        path = tmp_path / f"walk{i:03d}.gpx"
        _gpx(path, datetime(2024, 1, 1, 8) + timedelta(days=i))
        files.append(str(path))
    cmd = [sys.executable, "-c", "from backstride.cli import main; main()", "walks", "import"]
    cmd += [*files, "--db", db_url]

    with Store.open(db_url) as store:
        proc = subprocess.Popen(
            cmd, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 120
        while _walk_count(store) < 20 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL, "the import finished before the kill"

        with store.read() as s:
            per_file = dict(
                s.execute(
                    select(WalkRow.source_file, func.count()).group_by(WalkRow.source_file)
                ).all()
            )
            if store.engine.dialect.name == "sqlite":
                assert s.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        assert 20 <= sum(per_file.values()) < 2 * len(files)
        assert set(per_file.values()) == {2}  # no file half-imported

    rerun = subprocess.run(cmd, env=_env(), capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    with Store.open(db_url) as store:
        assert _walk_count(store) == 2 * len(files)
    again = subprocess.run(cmd, env=_env(), capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and "0 walks added, 2 already stored" in again.stdout
    with Store.open(db_url) as store:
        assert _walk_count(store) == 2 * len(files)
