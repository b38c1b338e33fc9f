"""Issue 17 item 6: how long one import holds the SQLite write lock, seen by a web-style writer.

    .venv/bin/python benchmarks/bench_import_lock.py --walks 50000   # the per-file limit

Writes an Apple Health export with ``--walks`` walking workouts (one every 30 minutes) and a
day of steps for each day they span, starts `backstride walks import` on it in a child process,
and meanwhile adds a diary entry every 50 ms through ``Store`` (as the web app does). Prints the
import's wall time, how many concurrent writes were made, failed, and the longest a write
waited. Bounded: one import, one writer, stops when the import ends.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<HealthData locale="en_GB">\n'
    ' <ExportDate value="2024-04-01 09:00:00 +0100"/>\n'
)


def write_export(path: Path, walks: int) -> None:
    start = datetime(2005, 1, 1, 6, 0)
    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD)
        for i in range(walks):
            t = start + timedelta(minutes=30 * i)
            s = f"{t:%Y-%m-%d %H:%M:%S} +0100"
            out.write(
                ' <Workout workoutActivityType="HKWorkoutActivityTypeWalking" duration="20" '
                'durationUnit="min" totalDistance="1.5" totalDistanceUnit="km" '
                f'sourceName="Watch" startDate="{s}" endDate="{s}"/>\n'
            )
            if i % 48 == 0:
                out.write(
                    ' <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Phone" '
                    f'unit="count" startDate="{s}" endDate="{s}" value="{3000 + i % 5000}"/>\n'
                )
        out.write("</HealthData>\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--walks", type=int, default=50_000)
    args = parser.parse_args()
    from backstride.diary.records import DiaryEntry
    from backstride.storage import Store

    with tempfile.TemporaryDirectory() as tmp:
        export, db = Path(tmp) / "export.xml", str(Path(tmp) / "lock.db")
        write_export(export, args.walks)
        with Store.open(db) as store:
            store.person_id(None)
        cmd = [
            sys.executable,
            "-c",
            "from backstride.cli import main; main()",
            "walks",
            "import",
            str(export),
            "--db",
            db,
        ]
        t0 = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        worst, writes, failed = 0.0, 0, 0
        with Store.open(db) as store:
            while proc.poll() is None:
                t = time.monotonic()
                try:
                    store.add_diary_entry(None, DiaryEntry(day=date(2024, 1, 1), pain_now=3))
                except Exception as exc:
                    failed += 1
                    print("write failed:", exc, file=sys.stderr)
                worst = max(worst, time.monotonic() - t)
                writes += 1
                time.sleep(0.05)
        out, err = proc.communicate()
        wall = time.monotonic() - t0
    print("| walks in file | import wall (s) | exit | writes during | failed | longest wait (s) |")
    print("|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {args.walks:,} | {wall:.1f} | {proc.returncode} | {writes} | {failed} | {worst:.2f} |"
    )
    print(out.strip() or err.strip()[-300:])


if __name__ == "__main__":
    main()
