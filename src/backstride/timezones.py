"""Each person's time zone: checked names, the machine's zone, and times shown in a zone.

Stored times are naive UTC; a person's calendar day and the times they read are in their own
zone (``people.time_zone``, revision 0007). Pure apart from reading the machine's zone setting
(``machine_zone``), which only the CLI uses.
"""

from __future__ import annotations

import contextlib
import os
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from backstride.errors import InputError

#: the longest name stored (``people.time_zone``); IANA names are at most about 32 characters
MAX_ZONE_CHARS = 64
#: shown when a name is not a time zone
EXAMPLES = ("Europe/London", "America/New_York", "Asia/Tokyo", "Australia/Sydney", "UTC")
DEFAULT_ZONE = "UTC"


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    return frozenset(available_timezones())


def _suggestions(text: str) -> list[str]:
    """Up to three real zone names close to what was typed (its city part), for the message."""
    import difflib

    tail = text.replace(" ", "_").split("/")[-1].lower()
    by_city: dict[str, str] = {}
    for name in sorted(_known()):
        by_city.setdefault(name.split("/")[-1].lower(), name)
    close = difflib.get_close_matches(tail, list(by_city), n=3, cutoff=0.75)
    return [by_city[c] for c in close]


def check_zone(name: str | None, field: str = "time_zone") -> str:
    """An IANA time zone name as zoneinfo knows it ("Europe/Paris"); anything else is an
    InputError naming it, with close names and examples of valid ones."""
    text = (name or "").strip()
    if text.upper() in ("UTC", "Z", "GMT"):
        return "UTC"
    ok = 0 < len(text) <= MAX_ZONE_CHARS and text in _known()
    if ok:
        try:
            ZoneInfo(text)
            return text
        except (ZoneInfoNotFoundError, ValueError):
            pass
    shown = text[:MAX_ZONE_CHARS]
    close = _suggestions(shown) if shown else []
    hint = f"Did you mean {' or '.join(close)}? " if close else ""
    raise InputError(
        f"{shown!r} is not a time zone. {hint}Use a name from the time zone database, such as "
        f"{', '.join(EXAMPLES)} (the part after the slash is a big city in your zone).",
        field=field,
        choices=list(EXAMPLES),
    )


def zone(name: str | None) -> ZoneInfo:
    """The ZoneInfo for a stored name (None or an unknown stored name: UTC)."""
    try:
        return ZoneInfo(name) if name else ZoneInfo(DEFAULT_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_ZONE)


def local(moment: datetime, name: str | None) -> datetime:
    """A time in the person's zone: a naive one is UTC (as stored), an aware one is converted."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone(name))


def local_day(moment: datetime, name: str | None) -> date:
    """The person's calendar day at that moment."""
    return local(moment, name).date()


def today_in(name: str | None, now: datetime | None = None) -> date:
    """The person's date now (``now``: an aware or naive-UTC time, for tests)."""
    return local(now or datetime.now(UTC), name).date()


def shown(moment: datetime, name: str | None, fmt: str = "%Y-%m-%d at %H:%M") -> str:
    """A time as the person reads it, in their zone (every message naming a time uses this)."""
    return f"{local(moment, name):{fmt}}"


def machine_zone() -> str:
    """The zone of the machine the CLI runs on: ``TZ``, else /etc/localtime's link or
    /etc/timezone, else UTC. Only names zoneinfo knows are returned."""
    candidates: list[str] = []
    env = os.environ.get("TZ", "").strip().lstrip(":")
    if env:
        candidates.append(env)
    try:
        target = os.path.realpath("/etc/localtime")
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    for name in candidates:
        try:
            return check_zone(name)
        except InputError:
            continue
    return DEFAULT_ZONE
