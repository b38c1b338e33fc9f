"""Apple Health ``export.xml`` → walks, daily steps and daily walking speed, streamed.

Exports can pass a gigabyte, so the file is read with ``iterparse`` and every top-level element is
cleared once handled: memory grows with the number of days and walks, not with file size.

Steps: the iPhone and a watch both record steps for the same minutes, so steps are summed per
day for each recording device (``sourceName``) and the day's figure is the largest of those sums
(the Health app deduplicates in a similar spirit, by source priority).
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from backstride.diary.records import DailyActivity, Walk
from backstride.errors import ImportFileError
from backstride.limits import DAILY_STEPS, MAX_NUMBER_CHARS, MAX_XML_DEPTH

WALKING = "HKWorkoutActivityTypeWalking"
HIKING = "HKWorkoutActivityTypeHiking"
RUNNING = "HKWorkoutActivityTypeRunning"
#: workouts imported, and the activity each is stored as (a run stays a run)
WORKOUT_ACTIVITY = {WALKING: "walk", HIKING: "hike", RUNNING: "run"}
STEPS = "HKQuantityTypeIdentifierStepCount"
SPEED = "HKQuantityTypeIdentifierWalkingSpeed"
DISTANCE = "HKQuantityTypeIdentifierDistanceWalkingRunning"

_TO_SECONDS = {"min": 60.0, "s": 1.0, "sec": 1.0, "hr": 3600.0, "h": 3600.0}
_TO_METRES = {"km": 1000.0, "m": 1.0, "mi": 1609.344, "ft": 0.3048, "yd": 0.9144, "cm": 0.01}
_TO_MPS = {"km/hr": 1 / 3.6, "km/h": 1 / 3.6, "m/s": 1.0, "mi/hr": 0.44704, "mph": 0.44704}


@dataclass
class _Totals:
    steps: dict[tuple[str, str], float] = field(default_factory=lambda: defaultdict(float))
    speed: dict[str, list[float]] = field(default_factory=lambda: defaultdict(lambda: [0.0, 0]))


def parse_timestamp(text: str) -> datetime:
    """'2024-03-01 08:15:00 +0100' → aware datetime."""
    return datetime.fromisoformat(text.replace(" +", "+").replace(" -", "-"))


def parse_apple_health(path: Path) -> tuple[list[Walk], list[DailyActivity]]:
    walks: list[Walk] = []
    totals = _Totals()
    depth = 0
    root = None
    try:
        if path.stat().st_size == 0:
            raise ImportFileError(f"{path}: the file is empty.")
        with path.open("rb") as handle:
            for event, elem in iterparse(handle, events=("start", "end")):
                if event == "start":
                    if depth >= MAX_XML_DEPTH:
                        raise ImportFileError(
                            f"{path}: elements are nested more than {MAX_XML_DEPTH} levels "
                            "deep; a real Apple Health export is never this deep. Nothing from "
                            "this file was imported."
                        )
                    if root is None:
                        root = elem
                        if elem.tag != "HealthData":
                            raise ImportFileError(
                                f"{path}: not an Apple Health export (the XML starts with "
                                f"<{elem.tag}>, expected <HealthData>)."
                            )
                    depth += 1
                    continue
                depth -= 1
                if depth != 1:
                    continue  # children are read with their parent
                if elem.tag == "Record":
                    _record(elem, totals)
                elif elem.tag == "Workout":
                    walk = _workout(elem, path)
                    if walk is not None:
                        walks.append(walk)
                root.clear()  # drop the handled element: bounded memory
    except ET.ParseError as exc:
        line, column = exc.position
        raise ImportFileError(
            f"{path}: damaged XML at line {line}, column {column} ({_reason(exc)}). "
            "Nothing from this file was imported."
        ) from None
    except DefusedXmlException:
        raise ImportFileError(
            f"{path}: the file declares its own XML entities, which Backstride does not read "
            "(it is how 'billion laughs' and XXE attacks work; Apple's exports never do). "
            "Nothing from this file was imported."
        ) from None
    except OSError as exc:
        raise ImportFileError(f"{path}: cannot read the file ({exc.strerror}).") from None
    except (ValueError, OverflowError) as exc:
        raise ImportFileError(
            f"{path}: unreadable value in the export ({exc}). Nothing from this file was imported."
        ) from None
    return walks, _days(totals)


def _reason(exc: ET.ParseError) -> str:
    return str(exc).split(":")[0]


def number(text: str, what: str, day: str) -> float:
    """A finite, non-negative number from an attribute, or ValueError saying which and why."""
    shown = text if len(text) <= 20 else text[:17] + "..."
    if len(text) > MAX_NUMBER_CHARS:
        raise ValueError(f"a {what} of {shown} on {day} has {len(text)} digits")
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"a {what} of {shown!r} on {day} is not a number") from None
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"a {what} of {shown} on {day} is impossible")
    return value


def unit_factor(table: dict[str, float], unit: str, what: str, day: str) -> float:
    """The factor for a workout's unit; a unit Backstride does not know is named, never
    guessed (a distance in miles read as kilometres would be wrong by 60 %)."""
    try:
        return table[unit]
    except KeyError:
        shown = unit if len(unit) <= 20 else unit[:17] + "..."
        raise ValueError(
            f"a walk {what} on {day} is in the unit {shown!r}, which Backstride does not know "
            f"(it reads {', '.join(table)})"
        ) from None


def _day_of(text: str) -> str:
    day = text[:10]
    date.fromisoformat(day)  # ValueError names an impossible date
    return day


def _record(elem: ET.Element, totals: _Totals) -> None:
    kind = elem.get("type")
    if kind == STEPS:
        start = elem.get("startDate") or ""
        value = elem.get("value")
        if value is not None and len(start) >= 10:
            day = _day_of(start)
            steps = number(value, "step count", day)
            if steps > DAILY_STEPS.hi:
                raise ValueError(f"a step count of {value} on {day} is impossible")
            totals.steps[(day, elem.get("sourceName", ""))] += steps
    elif kind == SPEED:
        start = elem.get("startDate") or ""
        value = elem.get("value")
        factor = _TO_MPS.get(elem.get("unit", "km/hr"))
        if value is not None and factor is not None and len(start) >= 10:
            day = _day_of(start)
            acc = totals.speed[day]
            acc[0] += number(value, "walking speed", day) * factor
            acc[1] += 1


def _workout(elem: ET.Element, path: Path) -> Walk | None:
    activity = WORKOUT_ACTIVITY.get(elem.get("workoutActivityType") or "")
    if activity is None:
        return None
    start_text = elem.get("startDate")
    if not start_text:
        return None
    start = parse_timestamp(start_text)
    duration = elem.get("duration")
    if duration is not None:
        seconds = number(duration, "walk duration", start_text[:10]) * unit_factor(
            _TO_SECONDS, elem.get("durationUnit", "min"), "duration", start_text[:10]
        )
    else:
        end = elem.get("endDate")
        if not end:
            return None
        seconds = (parse_timestamp(end) - start).total_seconds()
    distance = _workout_distance(elem)
    return Walk(
        source="apple_health",
        started_at=start.astimezone(UTC).replace(tzinfo=None),
        day=start.date(),
        duration_s=seconds,
        distance_m=distance,
        source_file=path.name,
        activity=activity,
    )


def _workout_distance(elem: ET.Element) -> float | None:
    total = elem.get("totalDistance")
    day = (elem.get("startDate") or "")[:10]
    if total is not None:
        factor = unit_factor(_TO_METRES, elem.get("totalDistanceUnit", "km"), "distance", day)
        return number(total, "walk distance", day) * factor
    for stat in elem.iter("WorkoutStatistics"):  # iOS 16 and later
        if stat.get("type") == DISTANCE and stat.get("sum") is not None:
            factor = unit_factor(_TO_METRES, stat.get("unit", "km"), "distance", day)
            return number(stat.get("sum", "0"), "walk distance", day) * factor
    return None


def _days(totals: _Totals) -> list[DailyActivity]:
    best: dict[str, float] = {}
    for (day, _source), count in totals.steps.items():
        best[day] = max(best.get(day, 0.0), count)
    out = []
    for day in sorted(set(best) | set(totals.speed)):
        speed_sum, n = totals.speed.get(day, (0.0, 0))
        out.append(
            DailyActivity(
                source="apple_health",
                day=date.fromisoformat(day),
                steps=round(best[day]) if day in best else None,
                walking_speed_mps=speed_sum / n if n else None,
            )
        )
    return out
