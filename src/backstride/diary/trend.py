"""Walking tolerance and its trend, from diary entries, imported walks and daily activity.

Pure: takes the row dicts that ``Store.list_*`` returns, returns plain values.

Walking tolerance is how long and how far a person walks before symptoms start. A diary entry
gives it directly when the onset time is logged; when the walk had no symptoms
(``symptom_reach == "none"``), the whole walk counts (the true tolerance is at least that).

Only walks count: a run logged in the diary (``activity == "run"``) says nothing about how far
the person can *walk*, so it adds no tolerance point, and no week's middle value, here (it is
still a diary entry: counted in the week's entries, and its pain is still pain).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import fmean, median
from typing import Any, Literal

from backstride.diary.records import is_walking

Row = Mapping[str, Any]
Direction = Literal["better", "steady", "worse", "too_little_data"]
STEADY_FRACTION = 0.10  # a change under 10% of the typical value is called steady


@dataclass(frozen=True)
class TolerancePoint:
    day: date
    minutes_to_onset: float | None
    metres_to_onset: float | None


@dataclass(frozen=True)
class Week:
    start: date  # Monday, or while a programme runs the weekday it started (``week_start``)
    entries: int
    minutes_to_onset: float | None  # median
    metres_to_onset: float | None  # median
    pain: float | None  # mean, 0-10
    steps_per_day: float | None  # mean over days with a count
    device_walk_km: float  # total distance of imported walks and hikes
    device_run_km: float = 0.0  # total distance of imported runs (not walking: shown apart)
    end: date | None = None  # the week's last day (start + 6 days)
    programme_week: int | None = None  # the walking programme's week number, when it runs
    runs: int = 0  # diary entries that were runs (in ``entries``, not in the tolerance)


@dataclass(frozen=True)
class Trend:
    first: float
    last: float
    direction: Direction


def tolerance(entry: Row) -> TolerancePoint:
    """Walking tolerance from one diary entry; nothing (both None) for a run."""
    if not is_walking(entry):
        return TolerancePoint(entry["day"], None, None)
    return onset_point(entry)


def onset_point(entry: Row) -> TolerancePoint:
    """Minutes and metres before symptoms as logged, for a walk or a run alike (the chart
    shows runs apart with this; every walking figure uses ``tolerance``)."""
    walk_min = entry.get("walk_minutes")
    dist = entry.get("walk_distance_m")
    onset = entry.get("onset_minutes")
    if onset is None and entry.get("symptom_reach") == "none":
        onset = walk_min
    metres = None
    if onset is not None and dist is not None:
        metres = dist if not walk_min else dist * min(onset, walk_min) / walk_min
    elif onset is None and entry.get("symptom_reach") == "none":
        metres = dist
    return TolerancePoint(entry["day"], onset, metres)


def week_start(day: date, anchor: date | None = None) -> date:
    """The first day of ``day``'s week: a Monday, or with ``anchor`` (the day a walking
    programme started) the day a whole number of weeks from it, so that the progress weeks
    are the programme's weeks (docs/WALKING_PROGRAMME.md, "Weeks")."""
    if anchor is None:
        return day - timedelta(days=day.weekday())
    return day - timedelta(days=(day - anchor).days % 7)


def programme_week(start: date, anchor: date | None) -> int | None:
    """The programme's week number (1 = the week it started) of a week from ``start``."""
    if anchor is None or start < anchor:
        return None
    return (start - anchor).days // 7 + 1


def daily_steps(activity: Iterable[Row]) -> dict[date, int]:
    """One figure per day: the largest count among sources (devices overlap, they do not add)."""
    best: dict[date, int] = {}
    for row in activity:
        if row.get("steps") is not None:
            best[row["day"]] = max(best.get(row["day"], 0), int(row["steps"]))
    return best


def weekly(
    diary: Iterable[Row],
    walks: Iterable[Row],
    activity: Iterable[Row],
    anchor: date | None = None,
) -> list[Week]:
    """Week-by-week figures; ``anchor``: weeks as ``week_start`` counts them."""
    entries: dict[date, list[Row]] = defaultdict(list)
    for entry in diary:
        entries[week_start(entry["day"], anchor)].append(entry)
    km: dict[date, float] = defaultdict(float)
    run_km: dict[date, float] = defaultdict(float)
    for walk in walks:
        into = km if is_walking(walk) else run_km
        into[week_start(walk["day"], anchor)] += (walk.get("distance_m") or 0.0) / 1000.0
    steps: dict[date, list[int]] = defaultdict(list)
    for day, count in daily_steps(activity).items():
        steps[week_start(day, anchor)].append(count)

    weeks = []
    for start in sorted(set(entries) | set(km) | set(run_km) | set(steps)):
        rows = entries.get(start, [])
        points = [tolerance(r) for r in rows]
        minutes = [p.minutes_to_onset for p in points if p.minutes_to_onset is not None]
        metres = [p.metres_to_onset for p in points if p.metres_to_onset is not None]
        pains = [r["pain_now"] for r in rows if r.get("pain_now") is not None]
        weeks.append(
            Week(
                start=start,
                entries=len(rows),
                minutes_to_onset=median(minutes) if minutes else None,
                metres_to_onset=median(metres) if metres else None,
                pain=fmean(pains) if pains else None,
                steps_per_day=fmean(steps[start]) if steps.get(start) else None,
                device_walk_km=km.get(start, 0.0),
                device_run_km=run_km.get(start, 0.0),
                end=start + timedelta(days=6),
                programme_week=programme_week(start, anchor),
                runs=sum(not is_walking(r) for r in rows),
            )
        )
    return weeks


def trend(values: Iterable[float | None], *, lower_is_better: bool = False) -> Trend | None:
    """Compare the first and last quarter (at least one value each) of a series in time order."""
    series = [v for v in values if v is not None]
    if not series:
        return None
    if len(series) < 2:
        return Trend(series[0], series[0], "too_little_data")
    k = max(1, len(series) // 4)
    first, last = fmean(series[:k]), fmean(series[-k:])
    scale = max(abs(fmean(series)), 1e-9)
    change = last - first
    if abs(change) < STEADY_FRACTION * scale:
        direction: Direction = "steady"
    else:
        direction = "better" if (change < 0) == lower_is_better else "worse"
    return Trend(first, last, direction)
