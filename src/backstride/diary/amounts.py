"""Walking times and distances as people type them ("half an hour", "10 min", "3 blocks",
"1 mile", "1.2km"), read once for the CLI (`backstride log`), the web diary form and the diary
API: the interview's reader (``intake.quantities.read_amount``), with the same clear message
naming the typed value and the units it takes."""

from __future__ import annotations

import re

from backstride import limits
from backstride.diary.records import parse_distance_m
from backstride.errors import InputError
from backstride.intake.clean import cleaned
from backstride.intake.quantities import AmountError, read_amount


def read_minutes(raw: str | None, limit: limits.Range, field: str) -> float | None:
    """A walking time as typed ("25", "25 min", "half an hour") -> minutes, in range, or a
    clear InputError naming the value and the units."""
    if raw is None:
        return None
    try:
        value = read_amount(raw, ("minutes",)).value
    except AmountError as err:
        raise InputError(f"{limit.label}: {err.message}", field=field) from None
    return _in_range(raw, value, limit, field)


def read_distance_m(raw: str, field: str = "distance", *, bare_km: bool = False) -> float:
    """A distance as typed -> metres, in range: 800m, 1.2km, 1mi, and in words "500 yards",
    "half a mile", "3 blocks". A bare number is metres, or with ``bare_km`` (the CLI's rule)
    kilometres when under 50."""
    plain = cleaned(raw).text.strip()  # full-width digits, "½", odd spaces
    bare = not re.search(r"[a-z]", plain.lower())
    if bare_km or not bare:
        try:
            return _checked(parse_distance_m(plain), field, raw)
        except InputError as err:
            if bare:
                raise InputError(err.message, field=field) from None
    try:
        metres = read_amount(raw, ("metres",)).value
    except AmountError as err:
        label = limits.WALK_DISTANCE_M.label
        raise InputError(f"{label}: {err.message}", field=field) from None
    return _checked(metres, field, raw)


def _in_range(raw: str, value: float, limit: limits.Range, field: str) -> float:
    """``value`` in range, or a message naming what was typed when it had words in it."""
    if not re.search(r"[a-z]", raw.lower()):
        checked = limit.check(value, field)
    elif limit.lo <= value <= limit.hi:
        checked = value
    else:
        raise InputError(
            f"{limit.label}: {raw.strip()!r} ({value:g} {limit.unit}) is out of range: "
            f"use {limit.describe()}.",
            field=field,
        )
    assert checked is not None
    return checked


def _checked(metres: float, field: str, raw: str = "") -> float:
    return _in_range(raw, metres, limits.WALK_DISTANCE_M, field)
