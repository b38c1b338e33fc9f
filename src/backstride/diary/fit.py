"""FIT files (fitdecode): activity sessions → walks; monitoring files → daily steps."""

from __future__ import annotations

import struct
import warnings
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from backstride.diary.records import DailyActivity, Walk
from backstride.errors import ImportFileError

#: what fitdecode raises, besides FitError, on a file damaged in ways its checks miss (a
#: definition message whose sizes do not match, a chunk longer than the file, an array where a
#: single value belongs): each means the same thing to the person, a damaged file
_DAMAGED = (
    ValueError,
    TypeError,
    AssertionError,
    IndexError,
    KeyError,
    OverflowError,
    struct.error,
)

#: FIT sports imported, and the activity each is stored as (a run stays a run)
SPORT_ACTIVITY = {"walking": "walk", "hiking": "hike", "running": "run"}
WALKING_SPORTS = set(SPORT_ACTIVITY)
STEP_ACTIVITIES = {"walking", "running"}


def _fields(frame: Any) -> dict[str, Any]:
    return {f.name: f for f in frame.fields}


def parse_fit(path: Path) -> tuple[list[Walk], list[DailyActivity]]:
    import fitdecode

    walks: list[Walk] = []
    # monitoring: cumulative steps since local midnight, per activity type
    steps: dict[tuple[date, str], int] = defaultdict(int)
    local_offset = timedelta(0)
    last_ts: int | None = None
    file_type = None
    try:
        with (
            warnings.catch_warnings(),
            fitdecode.FitReader(
                str(path), check_crc=fitdecode.CrcCheck.RAISE, keep_raw_chunks=False
            ) as reader,
        ):
            # a damaged definition message makes fitdecode warn on stderr; the refusal says it
            warnings.simplefilter("ignore")
            for frame in reader:
                if not isinstance(frame, fitdecode.FitDataMessage):
                    continue
                if frame.name == "file_id":
                    file_type = frame.get_value("type", fallback=None)
                elif frame.name == "session":
                    walk = _session_walk(frame, path)
                    if walk is not None:
                        walks.append(walk)
                elif frame.name == "monitoring_info":
                    utc = frame.get_raw_value("timestamp", fallback=None)
                    local = frame.get_raw_value("local_timestamp", fallback=None)
                    if isinstance(utc, int) and isinstance(local, int):
                        local_offset = timedelta(seconds=local - utc)
                        last_ts = utc
                elif frame.name == "monitoring":
                    last_ts = _monitoring(frame, last_ts, local_offset, steps)
                elif frame.has_field("timestamp"):
                    raw = frame.get_raw_value("timestamp", fallback=None)
                    if isinstance(raw, int):
                        last_ts = raw
    except fitdecode.FitError as exc:
        raise ImportFileError(f"{path}: damaged or not a FIT file ({exc}).") from None
    except _DAMAGED:
        raise ImportFileError(
            f"{path}: damaged FIT file: its records do not fit together, so it cannot be read. "
            "Nothing from this file was imported. Export the activity again from the watch's "
            "app, or send its GPX file instead."
        ) from None
    except OSError as exc:
        raise ImportFileError(f"{path}: cannot read the file ({exc.strerror}).") from None

    days = _daily_steps(steps)
    if not walks and not days:
        raise ImportFileError(
            f"{path}: nothing to import: this FIT file (type {file_type or 'unknown'}) has no "
            f"walking, running or hiking session and no daily step counts."
        )
    return walks, days


def _session_walk(frame: Any, path: Path) -> Walk | None:
    sport = str(frame.get_value("sport", fallback="") or "")
    if sport not in WALKING_SPORTS:
        return None
    start = frame.get_value("start_time", fallback=None)
    duration = frame.get_value("total_elapsed_time", fallback=None) or frame.get_value(
        "total_timer_time", fallback=None
    )
    if not isinstance(start, datetime) or not isinstance(duration, int | float) or not duration:
        return None
    start = start.astimezone(UTC)
    distance = _number(frame.get_value("total_distance", fallback=None))
    strides = _number(frame.get_value("total_strides", fallback=None))
    return Walk(
        source="fit",
        started_at=start.replace(tzinfo=None),
        day=start.astimezone().date(),
        duration_s=float(duration),
        distance_m=float(distance) if distance else None,
        steps=int(strides) * 2 if strides else None,
        source_file=path.name,
        activity=SPORT_ACTIVITY[sport],
    )


def _number(value: Any) -> float | None:
    """A single number, or None for a missing value or an array where one number belongs."""
    return float(value) if isinstance(value, int | float) else None


_FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)


def _monitoring(
    frame: Any, last_ts: int | None, offset: timedelta, steps: dict[tuple[date, str], int]
) -> int | None:
    raw_ts = frame.get_raw_value("timestamp", fallback=None)
    if isinstance(raw_ts, int):
        last_ts = raw_ts
    else:
        ts16 = frame.get_raw_value("timestamp_16", fallback=None)
        if not isinstance(ts16, int) or last_ts is None:
            return last_ts
        last_ts += (ts16 - (last_ts & 0xFFFF)) & 0xFFFF
    activity = str(frame.get_value("activity_type", fallback="") or "")
    if activity not in STEP_ACTIVITIES:
        return last_ts
    count = frame.get_raw_value("steps", fallback=None)
    if not isinstance(count, int):
        count = frame.get_raw_value("cycles", fallback=None)  # raw cycles are steps for walking
    if not isinstance(count, int):
        return last_ts
    # Totals run from local midnight; a total stamped exactly at midnight closes the day before.
    local = _FIT_EPOCH + timedelta(seconds=last_ts) + offset - timedelta(seconds=1)
    key = (local.date(), activity)
    steps[key] = max(steps[key], int(count))
    return last_ts


def _daily_steps(steps: dict[tuple[date, str], int]) -> list[DailyActivity]:
    per_day: dict[date, int] = defaultdict(int)
    for (day, _activity), count in steps.items():
        per_day[day] += count
    return [DailyActivity(source="fit", day=d, steps=n) for d, n in sorted(per_day.items())]
