"""The walking programme follows the diary: a week of entries and imported walks becomes a
:class:`~backstride.plan.walking.WeekLog`, and :func:`catch_up` applies the programme's rules to
every week that has ended. Pure: rows in (as ``Store.list_*`` returns them), plain state out.

Rules (documented in docs/WALKING_PROGRAMME.md, "From the diary"):

- A programme week is 7 days from the day the week started.
- Walks done: the number of days with a walk, from ``backstride log`` (walk minutes above 0) or
  an imported walk. Runs, logged (``backstride log --activity run``) or imported, are not
  walks: they add no walk, no minutes walked and no symptom onset. Minutes walked: for each day, the larger of the logged and the imported
  minutes (a walk logged by hand and recorded by a watch is one walk, not two).
- Worst pain: the highest pain score logged that week. No pain logged counts as 0, and the
  reason says so.
- Not settled within 24 hours: on the day after a walk, the logged pain is above the person's
  pain limit and higher than on the walk day (an estimate of "symptoms still up the next day").
- Symptom onset: the middle value (median) of the week's "symptoms started after N minutes"
  entries, or none if none was logged; the programme shortens walks that were longer than it.
- Flare-up: the person says so (``programme update --flare``) or writes "flare" in a diary note.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from statistics import median
from typing import Any

from backstride.diary.records import is_walking
from backstride.plan.walking import WalkingProgramme, WeekLog, next_week
from backstride.words import count

Row = Mapping[str, Any]
STATE_VERSION = 1
MAX_CATCH_UP = 52  # weeks applied at most in one call; the next call goes on


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def week_log(
    diary: Iterable[Row],
    walks: Iterable[Row],
    start: date,
    pain_limit: int,
    *,
    flare: bool = False,
) -> tuple[WeekLog, list[str]]:
    """The week ``[start, start + 7 days)`` summarised, and plain notes on how it was read."""
    end = start + timedelta(days=7)
    logged: dict[date, float] = defaultdict(float)
    device: dict[date, float] = defaultdict(float)
    pain: dict[date, int] = {}
    notes: list[str] = []
    flare_noted = False
    onsets: list[float] = []
    for row in diary:
        day = _day(row["day"])
        if not start <= day <= end:  # the day after the week counts for "settled"
            continue
        if row.get("pain_now") is not None:
            pain[day] = max(pain.get(day, 0), int(row["pain_now"]))
        if day == end:
            continue
        if not is_walking(row):
            # a logged run is not a programme walk: its minutes and its symptom onset would
            # move the walking doses on (or cut them back) for running, so only its pain and
            # any flare-up note count
            if "flare" in str(row.get("notes") or "").lower():
                flare_noted = True
            continue
        if (row.get("walk_minutes") or 0) > 0:
            logged[day] += float(row["walk_minutes"])
        if row.get("onset_minutes") is not None:
            onsets.append(float(row["onset_minutes"]))
        if "flare" in str(row.get("notes") or "").lower():
            flare_noted = True
    for walk in walks:
        if not is_walking(walk):  # a run recorded by a watch is not a programme walk
            continue
        day = _day(walk["day"])
        if start <= day < end and (walk.get("duration_s") or 0) > 0:
            device[day] += float(walk["duration_s"]) / 60.0
    days = set(logged) | set(device)
    minutes = sum(max(logged.get(d, 0.0), device.get(d, 0.0)) for d in days)
    in_week = {d: p for d, p in pain.items() if d < end}
    worst = max(in_week.values(), default=0)
    if not in_week:
        notes.append("No pain scores were logged, so pain was taken as within your limit.")
    settled = True
    for d in sorted(days):
        later, now = pain.get(d + timedelta(days=1)), pain.get(d)
        if later is not None and later > pain_limit and (now is None or later > now):
            settled = False
            notes.append(f"The day after your walk on {d:%a %d %b}, pain was {later} out of 10.")
            break
    if flare_noted and not flare:
        notes.append("A diary note mentions a flare-up.")
    log = WeekLog(
        walks_done=len(days),
        minutes_walked=round(minutes, 1),
        worst_pain=worst,
        settled_within_24h=settled,
        flare=flare or flare_noted,
        onset_minutes=round(median(onsets), 1) if onsets else None,
    )
    return log, notes


def new_state(programme: WalkingProgramme, start: date, basis: str) -> dict[str, Any]:
    """Saved state for a programme that starts on ``start``; ``basis`` says where it came from."""
    return {
        "version": STATE_VERSION,
        "started_on": start.isoformat(),
        "week_started": start.isoformat(),
        "basis": basis,
        "current": programme.to_dict(),
        "history": [],
    }


def current(state: Mapping[str, Any]) -> WalkingProgramme:
    return WalkingProgramme.from_dict(dict(state["current"]))


def catch_up(
    state: Mapping[str, Any],
    diary: Iterable[Row],
    walks: Iterable[Row],
    today: date,
    *,
    flare: bool = False,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Apply the rules to every programme week that ended before ``today``.

    Returns the new state and the weeks just applied (each with its log, status and reason).
    ``flare`` marks the most recent finished week as a flare-up. The state given is not changed.
    """
    diary, walks = list(diary), list(walks)
    out = {**state, "history": list(state.get("history", []))}
    programme = current(state)
    start = _day(state["week_started"])
    ends = []
    while start + timedelta(days=7) <= today and len(ends) < MAX_CATCH_UP:
        ends.append(start)
        start += timedelta(days=7)
    applied: list[dict[str, Any]] = []
    for i, week_start in enumerate(ends):
        last = i == len(ends) - 1
        log, notes = week_log(diary, walks, week_start, programme.pain_limit, flare=flare and last)
        done = programme
        programme = next_week(programme, log)
        if log.walks_done and programme.status == "hold":
            notes.append(
                f"Planned: {done.sessions_per_week} days, about "
                f"{done.planned_minutes_per_week:g} minutes in all. Logged: "
                f"{count(log.walks_done, 'day')}, {count(log.minutes_walked, 'minute')}."
            )
        applied.append(
            {
                "week": done.week,
                "from": week_start.isoformat(),
                "to": (week_start + timedelta(days=6)).isoformat(),
                "planned": done.summary(),
                "log": {
                    "walks_done": log.walks_done,
                    "minutes_walked": log.minutes_walked,
                    "worst_pain": log.worst_pain,
                    "settled_within_24h": log.settled_within_24h,
                    "flare": log.flare,
                    "onset_minutes": log.onset_minutes,
                },
                "notes": notes,
                "status": programme.status,
                "reason": programme.reason,
                "next": programme.summary(),
            }
        )
    if ends:
        out["week_started"] = start.isoformat()
    out["current"] = programme.to_dict()
    out["history"] = [*out["history"], *applied]
    return out, applied


def week_dates(state: Mapping[str, Any]) -> tuple[date, date]:
    """First and last day of the current programme week."""
    start = _day(state["week_started"])
    return start, start + timedelta(days=6)


def week_so_far(state: Mapping[str, Any], diary: Iterable[Row], walks: Iterable[Row]) -> str:
    """One plain sentence on the running programme week: days with a walk and minutes so far,
    against the week's plan, and when the programme moves on. ``state`` should have the weeks
    that ended applied (``catch_up``) so that the week is the current one."""
    programme = current(state)
    first, last = week_dates(state)
    log, _ = week_log(diary, walks, first, programme.pain_limit)
    return (
        f"Walking programme, week {programme.week} so far ({first:%a %d %b} to {last:%a %d %b}): "
        f"{log.walks_done} of {count(programme.sessions_per_week, 'day')} with a walk, "
        f"{count(round(log.minutes_walked), 'minute')} of walking in all (the plan for the week: "
        f"about {count(round(programme.planned_minutes_per_week), 'minute')}). "
        f"After {last:%a %d %b}, the programme sets next week from what you logged."
    )
