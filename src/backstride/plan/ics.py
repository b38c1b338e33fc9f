"""This week's walking programme as calendar reminders (iCalendar, RFC 5545, via `icalendar`).

Pure: returns the file's bytes; the caller writes them. One event per walking day of the current
programme week, each with a reminder alarm. The programme moves on each week from the diary,
so the file covers one week; export again after ``programme update``.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta

from backstride.plan.walking import WalkingProgramme

PRODID = "-//Backstride//walking programme//EN"
ALARM_MINUTES = 15


def walking_days(first: date, sessions: int) -> list[date]:
    """``sessions`` days spread over the 7 days from ``first`` (rest days in between)."""
    sessions = max(1, min(7, sessions))
    return [first + timedelta(days=math.floor(i * 7 / sessions)) for i in range(sessions)]


def programme_ics(p: WalkingProgramme, first: date, at: time = time(10, 0)) -> bytes:
    """The calendar file for programme week ``p`` starting on ``first``."""
    from icalendar import Alarm, Calendar, Event

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Backstride walking programme")
    length = max(5, math.ceil(p.session_minutes + (p.bouts_per_session - 1) * 2))
    description = "\n".join(
        [
            p.summary(),
            p.rest,
            f"Why: {p.reason}",
            "Afterwards, log the walk and your pain with `backstride log` or in the diary.",
        ]
    )
    for day in walking_days(first, p.sessions_per_week):
        start = datetime.combine(day, at)
        ev = Event()
        ev.add("uid", f"backstride-walk-week{p.week}-{day.isoformat()}@backstride")
        ev.add("summary", _title(p))
        ev.add("dtstart", start)
        ev.add("dtend", start + timedelta(minutes=length))
        ev.add("dtstamp", datetime.combine(first, time(0, 0)))
        ev.add("description", description)
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", _title(p))
        alarm.add("trigger", timedelta(minutes=-ALARM_MINUTES))
        ev.add_component(alarm)
        cal.add_component(ev)
    return bytes(cal.to_ical())


def _title(p: WalkingProgramme) -> str:
    walks = f"{p.bouts_per_session} walks" if p.bouts_per_session > 1 else "a walk"
    return f"Backstride: {walks} of up to {p.bout_minutes:g} minutes (week {p.week})"
