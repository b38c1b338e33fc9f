"""Plain records for the diary and imported walks, with validation of what a person types.

Pure: no I/O. Datetimes are naive UTC; ``day`` fields are the person's local calendar date.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from backstride import limits
from backstride.errors import InputError

SYMPTOM_REACH = ("none", "back_only", "buttock", "thigh", "below_knee")
RELIEVED_BY = ("sitting", "bending_forward", "standing_still", "nothing")
WALK_SOURCES = ("gpx", "fit", "apple_health")
#: what an imported activity was, as its file says; walks and hikes count as walking
ACTIVITIES = ("walk", "hike", "run")
WALKING_ACTIVITIES = ("walk", "hike")
ACTIVITY_LABELS = {"walk": "walk", "hike": "hike", "run": "run"}
#: what a diary entry was (revision 0008): a walk (the default) or a run. Runs are kept out of
#: the walking-tolerance trend and out of the walking programme's counts (``is_walking``).
DIARY_ACTIVITIES = ("walk", "run")


def is_walking(row: Any) -> bool:
    """A stored walk row (or Walk) that counts as walking: a walk or a hike, not a run.
    Rows without an activity were stored before activities were kept: walks."""
    get = getattr(row, "get", None)
    activity = get("activity") if callable(get) else getattr(row, "activity", None)
    return (activity or "walk") in WALKING_ACTIVITIES


_REACH_ALIASES = {"back": "back_only", "no_symptoms": "none", "below_the_knee": "below_knee"}
_ACTIVITY_ALIASES = {"walking": "walk", "walked": "walk", "running": "run", "ran": "run"}
_RELIEF_ALIASES = {"bending": "bending_forward", "standing": "standing_still", "sit": "sitting"}


@dataclass(frozen=True)
class DiaryEntry:
    """One day or one walk as the person reported it. Every measure is optional."""

    day: date
    pain_now: int | None = None
    walk_minutes: float | None = None
    walk_distance_m: float | None = None
    onset_minutes: float | None = None
    symptom_reach: str | None = None
    relieved_by: str | None = None
    notes: str = ""
    activity: str = "walk"  # one of DIARY_ACTIVITIES

    def __post_init__(self) -> None:
        """Every input path (CLI, API, form) builds one of these: the limits in
        ``backstride.limits`` apply here once. Stored rows are shown without re-checking."""
        limits.check_day(self.day)
        limits.check_pain(self.pain_now)
        limits.WALK_MINUTES.check(self.walk_minutes, "walk_minutes")
        limits.WALK_DISTANCE_M.check(self.walk_distance_m, "walk_distance_m")
        limits.ONSET_MINUTES.check(self.onset_minutes, "onset_minutes")
        limits.check_onset(self.onset_minutes, self.walk_minutes, self.activity)
        # no hidden or text-direction characters; kept in NFC with plain new lines
        object.__setattr__(self, "notes", limits.check_text(self.notes, "notes"))
        if self.symptom_reach is not None and self.symptom_reach not in SYMPTOM_REACH:
            raise _choice_error("symptom_reach", self.symptom_reach, SYMPTOM_REACH)
        if self.relieved_by is not None and self.relieved_by not in RELIEVED_BY:
            raise _choice_error("relieved_by", self.relieved_by, RELIEVED_BY)
        if self.activity not in DIARY_ACTIVITIES:
            raise _choice_error("activity", str(self.activity)[:30], DIARY_ACTIVITIES)


def require_content(entry: DiaryEntry) -> DiaryEntry:
    """An entry with nothing but a date says nothing: refused by the CLI, the API and the form."""
    if entry == DiaryEntry(day=entry.day, activity=entry.activity):  # "I ran" alone says nothing
        raise InputError(
            "Nothing to log: fill in at least one of pain, minutes walked, distance, minutes "
            "before symptoms, how far down they went, what eased them, or a note.",
            field="pain_now",
        )
    return entry


@dataclass(frozen=True)
class Walk:
    """One recorded walk from a device file."""

    source: str
    started_at: datetime  # naive UTC
    day: date  # local date of the start
    duration_s: float
    distance_m: float | None = None
    steps: int | None = None
    source_file: str = ""
    dedupe_key: str = field(default="")
    activity: str = "walk"  # one of ACTIVITIES
    #: steps between GPS points left out of the distance as jumps (GPX only; not stored)
    gps_jumps: int = field(default=0, compare=False)
    #: the whole recording's length, rests included, where it differs from ``duration_s``
    #: (GPX: the moving time); used by the still-track rule, not stored
    elapsed_s: float | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.activity not in ACTIVITIES:
            raise _choice_error("activity", self.activity, ACTIVITIES)
        if not self.dedupe_key:
            object.__setattr__(
                self, "dedupe_key", walk_key(self.source, self.started_at, self.duration_s)
            )


@dataclass(frozen=True)
class DailyActivity:
    """Steps and average walking speed for one local day from one source."""

    source: str
    day: date
    steps: int | None = None
    walking_speed_mps: float | None = None


def walk_key(source: str, started_at: datetime, duration_s: float) -> str:
    """Stable identity of a walk: the same walk imported twice gets the same key."""
    raw = f"{source}|{started_at.replace(microsecond=0).isoformat()}|{round(duration_s)}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def _choice_error(name: str, value: str, valid: tuple[str, ...]) -> InputError:
    return InputError(
        f"{value!r} is not a valid {name.replace('_', ' ')}. Choose one of: {', '.join(valid)}.",
        field=name,
        choices=valid,
    )


#: what a person is asked, in the words the prompts use, for an answer typed in their own words
_TYPED = {
    "symptom_reach": ("how far down the symptoms went", {"back_only": "back"}),
    "relieved_by": ("what eased them", {}),
}


def _typed_choice_error(name: str, value: str, valid: tuple[str, ...]) -> InputError:
    """A typed answer that is none of the choices: the choices as the person may type them
    ("below knee", not "below_knee"), and the id list kept for API clients."""
    what, short = _TYPED[name]
    words = [short.get(v, v).replace("_", " ") for v in valid]
    return InputError(
        f"{value[:30]!r} is not one of the answers for {what}. Type one of: {', '.join(words)}.",
        field=name,
        choices=valid,
    )


def _normalise(value: str) -> str:
    return re.sub(r"[\s\-]+", "_", value.strip().lower())


def parse_reach(value: str) -> str:
    """Accept 'below knee', 'Below-Knee', 'back' and the like; reject anything else."""
    norm = _normalise(value)
    norm = _REACH_ALIASES.get(norm, norm)
    if norm not in SYMPTOM_REACH:
        raise _typed_choice_error("symptom_reach", value, SYMPTOM_REACH)
    return norm


def parse_activity(value: str) -> str:
    """'walk', 'Run', ' running ', 'walked', 'ran': a walk or a run; anything else is refused."""
    norm = _normalise(value)
    norm = _ACTIVITY_ALIASES.get(norm, norm)
    if norm not in DIARY_ACTIVITIES:
        raise _choice_error("activity", value[:30], DIARY_ACTIVITIES)
    return norm


def parse_relief(value: str) -> str:
    norm = _normalise(value)
    norm = _RELIEF_ALIASES.get(norm, norm)
    if norm not in RELIEVED_BY:
        raise _typed_choice_error("relieved_by", value, RELIEVED_BY)
    return norm


_DISTANCE = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(km|m|mi|miles?|)\s*$", re.IGNORECASE)


def parse_distance_m(value: str) -> float:
    """'1.2km' → 1200, '800m' → 800, '2 mi' → 3218.7. A bare number under 50 is kilometres,
    otherwise metres (nobody logs a 50 km walk, nor a 40 m one)."""
    match = _DISTANCE.match(value) if len(value) <= 30 else None
    if not match:
        raise InputError(
            f"{value[:30]!r} is not a distance. Write a number with a unit, e.g. 800m, 1.5km or 1mi.",
            field="distance",
        )
    text, unit = match.group(1), match.group(2).lower()
    if re.fullmatch(r"\d{1,3},\d{3}", text):  # "1,500": thousands in metres, never 1.5 m
        if unit in ("", "m"):
            return float(text.replace(",", ""))
        raise InputError(
            f"{value[:30]!r} could be read two ways. Write 1.5{unit} or 1500m.", field="distance"
        )
    number = float(text.replace(",", "."))
    if unit == "km" or (unit == "" and number < 50):
        return number * 1000.0
    if unit.startswith("mi"):
        return number * 1609.344
    return number


def parse_day(value: str, *, planning: bool = False, today: date | None = None) -> date:
    """ISO date, or 'today' / 'yesterday' (``planning``: a programme day, which may lie ahead).
    ``today``: the person's date (``timezones.today_in`` their zone); default the machine's.
    A diary day after the person's today is refused."""
    from datetime import timedelta

    today = today or date.today()
    text = value.strip().lower()
    if not text:  # `--date ""`: a date left out by mistake is not silently today
        raise InputError("The date is empty. Use YYYY-MM-DD, 'today' or 'yesterday'.", field="date")
    if text == "today":
        return today
    if text == "yesterday":
        return today - timedelta(days=1)
    try:
        day = date.fromisoformat(text[:40])
    except ValueError:
        raise InputError(
            f"{value[:40]!r} is not a date. Use YYYY-MM-DD, 'today' or 'yesterday'.", field="date"
        ) from None
    return limits.check_day(day, "date", planning=planning, today=None if planning else today)


def describe_entry(entry: Any) -> str:
    """One line a person can check: what was understood from what they typed. ``entry`` is a
    DiaryEntry or anything with its attributes (a stored row, shown without re-checking)."""
    run = getattr(entry, "activity", None) == "run"  # rows without one are walks
    parts = [entry.day.isoformat() + (" (run)" if run else "")]
    if entry.pain_now is not None:
        parts.append(f"pain {entry.pain_now}/10")
    if entry.walk_minutes is not None:
        parts.append(f"{'ran' if run else 'walked'} {entry.walk_minutes:g} min")
    if entry.walk_distance_m is not None:
        dist = entry.walk_distance_m
        parts.append(f"{dist / 1000:.2f} km" if dist >= 1000 else f"{dist:.0f} m")
    if entry.onset_minutes is not None:
        parts.append(f"symptoms after {entry.onset_minutes:g} min")
    if entry.symptom_reach is not None:
        reach = "no symptoms" if entry.symptom_reach == "none" else entry.symptom_reach
        parts.append(f"reached: {reach.replace('_', ' ')}")
    if entry.relieved_by is not None:
        parts.append(f"eased by: {entry.relieved_by.replace('_', ' ')}")
    if entry.notes:  # one line, whatever was stored: new lines cannot fake another entry
        shown = limits.shown_text(str(entry.notes)).replace("\n", " / ")
        parts.append(f"notes: {shown}")
    return ", ".join(parts)
