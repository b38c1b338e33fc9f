"""Walk-import speed and peak memory: a large synthetic Apple Health export and a year of GPX.

    .venv/bin/python benchmarks/bench_import.py --mb 1000         # 1 GB export, 365 GPX walks
    .venv/bin/python benchmarks/bench_import.py --mb 50 --db postgresql+psycopg://...

Each import runs as `backstride walks import` in a child process; its peak memory is the
child's maximum resident set size (os.wait4 → ru_maxrss). Prints a markdown table.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE HealthData [\n'
    "<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary)*)>\n"
    "<!ATTLIST HealthData locale CDATA #REQUIRED>\n]>\n"
    '<HealthData locale="en_GB">\n <ExportDate value="2024-04-01 09:00:00 +0100"/>\n'
    ' <Me HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale"/>\n'
)
RECORD_TYPES = (
    ("HKQuantityTypeIdentifierStepCount", "count", "152"),
    ("HKQuantityTypeIdentifierHeartRate", "count/min", "74"),
    ("HKQuantityTypeIdentifierDistanceWalkingRunning", "km", "0.108"),
    ("HKQuantityTypeIdentifierActiveEnergyBurned", "kcal", "3.2"),
    ("HKQuantityTypeIdentifierWalkingSpeed", "km/hr", "4.3"),
)


def write_health_export(path: Path, megabytes: float) -> dict[str, int]:
    """Records spread over about five years, one walking workout a day; returns counts."""
    target = int(megabytes * 1024 * 1024)
    start = datetime(2019, 1, 1, 6, 0)
    records = workouts = 0
    with path.open("w", encoding="utf-8", buffering=1 << 20) as out:
        out.write(HEAD)
        written = len(HEAD)
        minute = 0
        while written < target:
            lines = []
            for _ in range(2000):
                t = start + timedelta(minutes=minute)
                kind, unit, value = RECORD_TYPES[minute % len(RECORD_TYPES)]
                s = f"{t:%Y-%m-%d %H:%M:%S} +0100"
                lines.append(
                    f' <Record type="{kind}" sourceName="Phone" sourceVersion="17.2" '
                    f'device="&lt;&lt;HKDevice: 0x28&gt;, name:iPhone&gt;" unit="{unit}" '
                    f'creationDate="{s}" startDate="{s}" endDate="{s}" value="{value}"/>\n'
                )
                records += 1
                if minute % 1440 == 600:
                    e = f"{t + timedelta(minutes=35):%Y-%m-%d %H:%M:%S} +0100"
                    lines.append(
                        f' <Workout workoutActivityType="HKWorkoutActivityTypeWalking" '
                        f'duration="35" durationUnit="min" sourceName="Watch" creationDate="{e}" '
                        f'startDate="{s}" endDate="{e}">\n'
                        f'  <WorkoutStatistics type="HKQuantityTypeIdentifierDistanceWalkingRunning"'
                        f' startDate="{s}" endDate="{e}" sum="2.7" unit="km"/>\n </Workout>\n'
                    )
                    workouts += 1
                minute += 1 if minute % 1440 < 960 else 480  # 06:00-22:00 only
            chunk = "".join(lines)
            out.write(chunk)
            written += len(chunk)
        out.write("</HealthData>\n")
    return {"records": records, "workouts": workouts}


def write_gpx_year(folder: Path, days: int = 365) -> int:
    """One 40-minute walk a day with a point every 5 seconds."""
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for d in range(days):
        t0 = datetime(2023, 1, 1, 8, 0) + timedelta(days=d)
        pts = "".join(
            f'<trkpt lat="{46.05 + i * 5e-5:.6f}" lon="{14.50 + i * 3e-5:.6f}"><ele>{300 + i % 7}'
            f"</ele><time>{t0 + timedelta(seconds=5 * i):%Y-%m-%dT%H:%M:%SZ}</time></trkpt>\n"
            for i in range(480)
        )
        path = folder / f"{date(2023, 1, 1) + timedelta(days=d)}.gpx"
        path.write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="bench" '
            'xmlns="http://www.topografix.com/GPX/1/1"><trk><name>walk</name><trkseg>\n'
            f"{pts}</trkseg></trk></gpx>\n"
        )
        total += path.stat().st_size
    return total


def run_import(files: list[str], db: str) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB, stdout) of one `backstride walks import` child process."""
    cmd = [sys.executable, "-c", "from backstride.cli import main; main()", "walks", "import"]
    env = {k: v for k, v in os.environ.items() if k != "BACKSTRIDE_DB"}
    started = time.perf_counter()
    proc = subprocess.Popen(
        [*cmd, *files, "--db", db],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    out = proc.stdout.read() if proc.stdout else ""
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"import failed ({status}): {out}")
    return seconds, usage.ru_maxrss / 1024, out  # ru_maxrss is KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--mb", type=float, default=200, help="Apple Health export size (default 200)"
    )
    parser.add_argument("--gpx-days", type=int, default=365, help="GPX walk files (default 365)")
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file)")
    parser.add_argument("--workdir", type=Path, help="where to write inputs (default: a temp dir)")
    args = parser.parse_args()

    work = args.workdir or Path(tempfile.mkdtemp(prefix="bs-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    db = args.db or f"sqlite:///{work / 'bench.db'}"
    try:
        t = time.perf_counter()
        export = work / "export.xml"
        counts = write_health_export(export, args.mb)
        gen_xml = time.perf_counter() - t
        gpx_bytes = write_gpx_year(work / "gpx", args.gpx_days)
        gpx_files = sorted(str(p) for p in (work / "gpx").glob("*.gpx"))
        size_mb = export.stat().st_size / 1e6

        rows = []
        secs, rss, _ = run_import([str(export)], db)
        rows.append(
            (
                "Apple Health export.xml",
                f"{size_mb:,.0f} MB, {counts['records']:,} records, {counts['workouts']:,} walks",
                secs,
                size_mb / secs,
                rss,
            )
        )
        secs, rss, _ = run_import([str(export)], db)
        rows.append(
            ("same file again (nothing new)", f"{size_mb:,.0f} MB", secs, size_mb / secs, rss)
        )
        secs, rss, _ = run_import(gpx_files, db)
        rows.append(
            (
                f"{len(gpx_files)} GPX walks (a year)",
                f"{gpx_bytes / 1e6:,.1f} MB, 480 points each",
                secs,
                gpx_bytes / 1e6 / secs,
                rss,
            )
        )
        secs, rss, _ = run_import(gpx_files, db)
        rows.append(
            (
                "same GPX files again",
                f"{gpx_bytes / 1e6:,.1f} MB",
                secs,
                gpx_bytes / 1e6 / secs,
                rss,
            )
        )

        backend = db.split(":", 1)[0]
        print(
            f"Walk import, `backstride walks import`, {backend}; Python {platform.python_version()}, "
            f"{os.cpu_count()} CPU(s); generating the export took {gen_xml:.0f} s.\n"
        )
        print("| input | size | wall time (s) | MB/s | peak RSS (MB) |")
        print("|---|---|---:|---:|---:|")
        for name, size, secs, rate, rss in rows:
            print(f"| {name} | {size} | {secs:.1f} | {rate:.1f} | {rss:.0f} |")
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
