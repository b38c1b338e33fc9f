"""FIT files (fitdecode): activity sessions → walks; monitoring files → daily steps."""

from __future__ import annotations

import math
import struct
import warnings
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from backstride import limits
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
    """The walking, running and hiking sessions of a FIT activity file, and the daily steps of
    a monitoring file. A walking session whose start or length is not a real time, a track
    point off the Earth or dated outside the diary's range, a file over
    ``limits.MAX_FIT_BYTES`` or with more than ``limits.MAX_FIT_MESSAGES`` messages: the file
    is refused, naming it and the value."""
    import fitdecode

    _check_size(path)
    walks: list[Walk] = []
    # monitoring: cumulative steps since local midnight, per activity type
    steps: dict[tuple[date, str], int] = defaultdict(int)
    local_offset = timedelta(0)
    last_ts: int | None = None
    file_type = None
    messages = sessions = 0
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
                messages += 1
                if messages > limits.MAX_FIT_MESSAGES:
                    raise ImportFileError(
                        f"{path}: the FIT file holds more than {limits.MAX_FIT_MESSAGES:,} "
                        "messages (a two-day walk recorded every second has about 173,000). "
                        "Nothing from this file was imported. Export the walks one by one."
                    )
                _check_positions(frame, path)
                if frame.name == "file_id":
                    file_type = frame.get_value("type", fallback=None)
                elif frame.name == "session":
                    sessions += 1
                    walk = _session_walk(frame, path, sessions)
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
                    if frame.name == "record":
                        _check_point_time(frame, path)
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


def _check_size(path: Path) -> None:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImportFileError(f"{path}: cannot read the file ({exc.strerror}).") from None
    if size > limits.MAX_FIT_BYTES:
        raise ImportFileError(
            f"{path}: the FIT file is {size / 1e6:,.0f} MB; the limit is "
            f"{limits.MAX_FIT_BYTES / 1e6:.0f} MB (a two-day walk recorded every second is "
            "about 10 MB). Nothing from this file was imported. Export the walks one by one."
        )


#: a latitude in semicircles (2**31 of them make 180 degrees): beyond 2**30 is beyond a pole
_POLE = 2**30
_DEGREES_PER_SEMICIRCLE = 180 / 2**31


def _check_positions(frame: Any, path: Path) -> None:
    """A latitude beyond a pole (a longitude in semicircles cannot leave -180 to 180) is a
    damaged file, as in a GPX track: refused, naming the message and the value."""
    for field in frame.fields:
        if not (field.name or "").endswith("position_lat"):  # a developer field may have none
            continue
        raw = field.raw_value
        if isinstance(raw, int) and not isinstance(raw, bool) and abs(raw) > _POLE:
            raise ImportFileError(
                f"{path}: a {frame.name} message's {field.name.replace('_', ' ')} is "
                f"{raw * _DEGREES_PER_SEMICIRCLE:.1f} degrees, not on Earth (a latitude lies "
                "from -90 to 90 degrees). The file is damaged; nothing from it was imported."
            )


def _check_point_time(frame: Any, path: Path) -> None:
    """A track point dated before 2000 or after today means a clock or a file gone wrong:
    refused like an impossible walk date (times the device counts from switch-on, which
    fitdecode leaves as numbers, are not dates and are not checked)."""
    moment = frame.get_value("timestamp", fallback=None)
    if not isinstance(moment, datetime):
        return
    day = moment.astimezone(UTC).date()
    if limits.EARLIEST_DAY <= day <= limits.latest_day():
        return
    raise ImportFileError(
        f"{path}: a track point is dated {moment.astimezone(UTC):%Y-%m-%d %H:%M} UTC, outside "
        f"the days a walk can have ({limits.EARLIEST_DAY.isoformat()} to "
        f"{limits.latest_day().isoformat()}): the watch's clock or the file is wrong. Nothing "
        "from this file was imported."
    )


def _session_walk(frame: Any, path: Path, number: int = 1) -> Walk | None:
    """A walking, running or hiking session as a Walk; None for other sports. Such a session
    whose start is not a date and time, or whose length is not a number of seconds, refuses
    the file (all or nothing): it is named, with its value."""
    sport = str(frame.get_value("sport", fallback="") or "")
    if sport not in WALKING_SPORTS:
        return None
    which = f"{path}: session {number} ({sport})"
    start = frame.get_value("start_time", fallback=None)
    if not isinstance(start, datetime):
        raise ImportFileError(
            f"{which} has no start date and time"
            + (
                f" (its start is {start!r}: seconds since the watch was switched on, so its "
                "clock was not set)"
                if isinstance(start, int) and not isinstance(start, bool)
                else ""
            )
            + ", so its day is not known. Nothing from this file was imported. Set the "
            "watch's clock (pair it with its app) and record again, or log the walk yourself "
            "with `backstride log`."
        )
    duration = _number(frame.get_value("total_elapsed_time", fallback=None))
    if duration is None:
        duration = _number(frame.get_value("total_timer_time", fallback=None))
    if duration is None or not math.isfinite(duration):
        raise ImportFileError(
            f"{which} that starts {start.astimezone(UTC):%Y-%m-%d %H:%M} UTC has no length "
            "that can be read. Nothing from this file was imported. Export the activity again "
            "from the watch's app, or send its GPX file instead."
        )
    if not duration:
        return None  # an empty session (started and stopped at once): as under a minute
    start = start.astimezone(UTC)
    # an infinite distance stays a number, for the limits to refuse (FIT's own "no value" for
    # a float is a NaN, which fitdecode reads as none)
    distance = _number(frame.get_value("total_distance", fallback=None))
    strides = _number(frame.get_value("total_strides", fallback=None))
    if strides is not None and not math.isfinite(strides):
        raise ImportFileError(
            f"{which}: its count of strides is {strides}, not a number. Nothing from this file "
            "was imported."
        )
    return Walk(
        source="fit",
        started_at=start.replace(tzinfo=None),
        day=start.astimezone().date(),
        duration_s=float(duration),
        distance_m=distance or None,
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
