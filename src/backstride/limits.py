"""Input limits, defined once: the CLI options, the API models, the web forms and the file
readers all check values against these, so a value accepted anywhere can be shown everywhere.

Pure: no I/O, no imports from the CLI, web or storage layers. Output never re-checks stored
values against these limits (data stored under older, looser rules must still display).

Also the guarded JSON reader (size, nesting depth and digit limits) used for answers files,
the web pages' ``s`` link parameter and anything else parsed from a person or a client.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from backstride.errors import InputError


@dataclass(frozen=True)
class Range:
    """An inclusive range of plausible values, with the unit and the words a person reads."""

    lo: float
    hi: float
    unit: str
    label: str

    def check(self, value: float | None, field: str) -> float | None:
        """``value`` if finite and in range; None stays None; otherwise a clear InputError."""
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InputError(f"{self.label} must be a number, not {value!r}.", field=field)
        if not math.isfinite(value) or not self.lo <= value <= self.hi:
            raise InputError(
                f"{self.label} {_show(value)} is out of range: use {self.describe()}.",
                field=field,
            )
        return value

    def describe(self) -> str:
        return f"{self.lo:g} to {self.hi:g} {self.unit}".rstrip()


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, float) else f"{value:g}"
    return text if len(text) <= 40 else text[:37] + "..."


# --- the diary (what a person types) ------------------------------------------------------

PAIN = Range(0, 10, "", "Pain")  # whole numbers: 0 no pain, 10 worst imaginable
WALK_MINUTES = Range(0, 1440, "minutes", "Minutes walked")  # at most one day
ONSET_MINUTES = Range(0, 1440, "minutes", "Minutes before symptoms")
WALK_DISTANCE_M = Range(0, 200_000, "metres", "Distance walked")  # 200 km: more than a day's walk
MAX_NOTES_CHARS = 2000
#: a description in a person's own words, read by the parser (``backstride parse``, the first
#: step of ``assess``, the web's first page and ``POST /api/v1/parse``): one paragraph
MAX_FREE_TEXT_CHARS = 2000
#: the parser reads a run of more characters without a space as several words (no English
#: word is that long): spaCy's tokenizer took 2 s over 2,000 characters of punctuation
MAX_WORD_CHARS = 40
MAX_LINE_CHARS = 200  # names, ids and other one-line fields
#: a clinic account's username: 3 to 40 letters, digits, dots, dashes or underscores (lower
#: case), starting with a letter or digit; the same rule for registration and for import
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,39}$")

# Days in the diary and on imported walks: from 2000 (GPS for everyone, and the first GPX
# files) to today. "Today" is the person's own date where Backstride runs on their machine (the
# CLI, the single-person web app); a clinic server that cannot know its visitors' time zones
# takes the latest date anywhere on Earth (UTC+14), so no day that has not begun is accepted.
EARLIEST_DAY = date(2000, 1, 1)
LATEST_UTC_OFFSET = timedelta(hours=14)  # Kiribati's Line Islands: the first to reach a date


def today_anywhere() -> date:
    """The latest calendar date anywhere on Earth right now."""
    return (datetime.now(UTC) + LATEST_UTC_OFFSET).date()


def latest_day() -> date:
    """The last day a record can carry when the person's time zone is not known."""
    return max(today_anywhere(), date.today())


#: a walking programme may be planned ahead (start next Monday), up to a year
PLAN_AHEAD_DAYS = 366


def check_day(
    day: date, field: str = "day", *, planning: bool = False, today: date | None = None
) -> date:
    """A diary day lies between 2000 and today (``today``: the person's own date when known,
    else ``latest_day()``); a planning day (a programme's start) may lie up to a year ahead."""
    latest = date.today() + timedelta(days=PLAN_AHEAD_DAYS) if planning else today or latest_day()
    if day > latest and not planning:
        raise InputError(
            f"The date {day.isoformat()} is in the future: a diary day can be today "
            f"({latest.isoformat()}) at the latest. Log a walk once it has happened.",
            field=field,
        )
    if not EARLIEST_DAY <= day <= latest:
        why = "a programme can be planned up to a year ahead" if planning else "days since 2000"
        raise InputError(
            f"The date {day.isoformat()} is out of range: use a day from "
            f"{EARLIEST_DAY.isoformat()} to {latest.isoformat()} ({why}).",
            field=field,
        )
    return day


def check_onset(
    onset_minutes: float | None, walk_minutes: float | None, activity: str = "walk"
) -> None:
    """Symptoms cannot begin after the walk (or run) ended: the onset is at most its length."""
    if onset_minutes is None or walk_minutes is None or onset_minutes <= walk_minutes:
        return
    what, done = ("run", "run") if activity == "run" else ("walk", "walked")
    raise InputError(
        f"Symptoms began after {onset_minutes:g} minutes, but the {what} lasted {walk_minutes:g} "
        f"minutes: the minutes before symptoms can be at most the minutes {done} "
        f"({walk_minutes:g}). If the symptoms did not come at all, leave that empty and choose "
        "'no symptoms'.",
        field="onset_minutes",
    )


def check_pain(value: int | float | None, field: str = "pain_now") -> int | None:
    if value is None:
        return None
    checked = PAIN.check(value, field)
    if checked is None or not float(checked).is_integer():
        raise InputError(
            f"Pain {_show(value)} is not a whole number: use a whole number from 0 (no pain) "
            "to 10 (worst imaginable).",
            field=field,
        )
    return int(checked)


def check_text(value: str, field: str, max_chars: int = MAX_NOTES_CHARS) -> str:
    """Free text a person keeps and others may read (diary notes): bounded length, and only
    characters that show as what they are (``check_characters``). Returns the text in NFC."""
    if "\x00" in value:
        raise InputError(
            f"The {field.replace('_', ' ')} contain a NUL character (\\0), which cannot be "
            "stored. Remove it and try again.",
            field=field,
        )
    if len(value) > max_chars:
        raise InputError(
            f"The {field.replace('_', ' ')} are {len(value):,} characters long: the limit is "
            f"{max_chars:,}.",
            field=field,
        )
    return check_characters(value, field, multiline=True)


def check_free_text(value: object, field: str = "text") -> str:
    """A description to read: some words, at most ``MAX_FREE_TEXT_CHARS`` characters. The same
    message on the command line, the web page and the API."""
    if not isinstance(value, str) or not value.strip():
        raise InputError(
            "Please type a few words about your back pain, or skip this step.", field=field
        )
    if len(value) > MAX_FREE_TEXT_CHARS:
        raise InputError(
            f"That is {len(value):,} characters; we read at most {MAX_FREE_TEXT_CHARS:,}. "
            "Please shorten it, or skip this step and answer the questions.",
            field=field,
        )
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate ("\ud800" in JSON): no character
        raise InputError(
            f"The text cannot be read: character {exc.start + 1} is "
            f"{describe_character(value[exc.start])}. Type or paste the text again.",
            field=field,
        ) from None
    return value


# --- characters in free text --------------------------------------------------------------
# One rule for every free text a person stores and someone else may later read (diary notes,
# invitation notes): no character that is invisible or changes how the text around it shows.
# Text-direction controls (a right-to-left override turns "pain 2, walked 40 min" around), other
# control characters (escape sequences rewrite a terminal; a carriage return overwrites a line)
# and other invisible format characters are refused at input, naming the character and where
# it is. Output (``shown_text``) makes any that were stored before this rule visible instead.

#: format characters that writing needs: the zero-width non-joiner and joiner (Persian, the
#: Indic scripts, emoji sequences such as a family or a flag)
_NEEDED_FORMAT = frozenset("\u200c\u200d")
#: text-direction controls: marks, embeddings, overrides and isolates
_DIRECTION = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_CONTROL_NAMES = {
    "\x00": "NUL",
    "\x07": "BELL",
    "\x08": "BACKSPACE",
    "\t": "TAB",
    "\n": "LINE FEED",
    "\x0b": "VERTICAL TAB",
    "\x0c": "FORM FEED",
    "\r": "CARRIAGE RETURN",
    "\x1b": "ESCAPE",
    "\x7f": "DELETE",
    "\x9b": "CONTROL SEQUENCE INTRODUCER",
}


def _hidden(ch: str, multiline: bool) -> bool:
    """A character that does not show as itself (or moves the text around it)."""
    if ch in "\n\t\r":
        return not multiline  # a browser's text box sends new lines as CR LF
    if ch in _NEEDED_FORMAT:
        return False
    return unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Zl", "Zp"} or ch in _DIRECTION


def bad_character(text: str, multiline: bool = True) -> tuple[int, str] | None:
    """The first character of ``text`` that may not be stored, as (index, character)."""
    if text.isprintable():  # the usual case, at C speed: no control, format or odd space
        return None
    for i, ch in enumerate(text):
        if _hidden(ch, multiline):
            return i, ch
    return None


def describe_character(ch: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE, a text-direction character'."""
    code = f"U+{ord(ch):04X}"
    name = _CONTROL_NAMES.get(ch) or unicodedata.name(ch, "")
    if ch in _DIRECTION:
        kind = "a text-direction character"
    elif unicodedata.category(ch) == "Cc":
        kind = "a control character"
    elif unicodedata.category(ch) == "Cs":
        kind = "half of a broken character (a lone surrogate)"
    elif unicodedata.category(ch) in {"Zl", "Zp"}:
        kind = "a line separator"
    else:
        kind = "an invisible formatting character"
    return f"{code} {name}, {kind}".replace("  ", " ") if name else f"{code}, {kind}"


def check_characters(value: str, field: str, *, multiline: bool = True) -> str:
    """``value`` in NFC if every character shows as itself; otherwise an InputError naming the
    first bad character, its place (counted from 1) and what is allowed."""
    found = bad_character(value, multiline)
    if found is None:
        if multiline and "\r" in value:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        return unicodedata.normalize("NFC", value)
    i, ch = found
    what = field.replace("_", " ")
    allowed = "spaces, tabs and new lines" if multiline else "spaces (on one line)"
    raise InputError(
        f"The {what} cannot be stored: character {i + 1} is {describe_character(ch)}, which "
        "does not show as itself (it can hide the text near it or turn it around). Remove it "
        f"and try again. The {what} may hold letters of any language, digits, punctuation, "
        f"emoji, {allowed}.",
        field=field,
    )


def shown_text(value: str, multiline: bool = True) -> str:
    """Stored text made safe to show (a page, a PDF, a terminal, an export): any character the
    input rule refuses, stored before the rule or by an older version, becomes a visible
    ``[U+202E]``; in multi-line text a carriage return becomes a new line."""
    if multiline and "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    if bad_character(value, multiline) is None:
        return value
    return "".join(f"[U+{ord(c):04X}]" if _hidden(c, multiline) else c for c in value)


# --- imported walks and daily activity (what a device file says) --------------------------

WALK_SECONDS = Range(0, 2 * 86400, "seconds", "Walk duration")  # a walk lasts at most 2 days
# One rule for every walk file (GPX, FIT, Apple Health): shorter recordings are a pause, a
# mis-tap or GPS noise, not a walk, and are skipped (counted, never stored).
MIN_WALK_SECONDS = 60.0
IMPORTED_DISTANCE_M = Range(0, 500_000, "metres", "Walk distance")
DAILY_STEPS = Range(0, 200_000, "steps", "Daily step count")  # far above any recorded day
WALKING_SPEED_MPS = Range(0, 5, "m/s", "Walking speed")  # 18 km/h: a sprint, not a walk
# A walk's (or run's) average speed: distance over duration. 10 m/s (36 km/h) is faster than
# the 800 m world record; a file that says more was recorded in a car or train, or its GPS
# jumped (a track that "moves" 200 km in 2 minutes).
WALK_AVERAGE_SPEED_MPS = Range(0, 10, "m/s", "Average speed")
# A recorded track that covers less than this in more than that time never moved: the phone
# lay on a table, or the recording was left running. It is not a walk, and is refused.
STILL_TRACK_M = 50.0
STILL_TRACK_SECONDS = 300.0
# Two walks, one stored and one imported, that share more than this part of the shorter one's
# time are the same walk recorded twice (a watch and a phone): the second is not stored.
SAME_WALK_OVERLAP = 0.5
# Walks in one file: 13 years of ten walks a day. Bounds the time one import holds the SQLite
# write lock (about 2 s for 50,000 walks on a small machine; other writers wait up to 30 s).
MAX_WALKS_PER_FILE = 50_000


# --- documents parsed from a person or a client -------------------------------------------

MAX_JSON_BYTES = 1_000_000  # an answers file is a few kB
# A `backstride export` file, read back by `backstride import` (run by the data's owner or a
# clinic's operator, never from the web). It holds everything: an assessment is about 10 kB,
# a walk or diary entry 300 bytes, so a clinic's export passes 1 MB at about 100 assessments.
# 1 GB is about 100,000 assessments or 3 million walks; reading it takes several times that
# in memory, which is the operator's to have.
MAX_EXPORT_BYTES = 1_000_000_000
# One request body to the web app or API, walk uploads aside (they have their own limit): the
# largest real one is the free-text form (100,000 characters, percent-encoded).
MAX_REQUEST_BYTES = 2_000_000
MAX_JSON_DEPTH = 20  # answers documents are 3 levels deep
MAX_NUMBER_CHARS = 30  # digits (and sign, point, exponent) in one JSON number
MAX_AMOUNT_FORM_CHARS = 200  # a typed amount ("about half an hour"); longer ones are named too long
MAX_XML_DEPTH = 64  # GPX is about 6 levels deep, Apple Health about 5
# Points (track, route and way points) in one GPX file: 83 hours recorded every second, or a
# year of daily walks recorded every 5 seconds. The reader streams (memory does not grow with
# the points); the limit bounds the time one file takes (about 4 s for 300,000).
MAX_GPX_POINTS = 300_000
# A FIT file: a two-day walk recorded every second is 172,800 track points and about 10 MB.
# fitdecode reads about 15,000 messages, or 1.5 MB of wide ones, a second on a small machine:
# these bound one file to about 20 s (a 100 MB upload of a million points took minutes).
MAX_FIT_BYTES = 30_000_000
MAX_FIT_MESSAGES = 300_000


def load_json(
    text: str | bytes, what: str, field: str | None = None, max_bytes: int = MAX_JSON_BYTES
) -> Any:
    """``json.loads`` with limits on size (``max_bytes``), nesting depth and the length of
    numbers; NaN, Infinity and non-finite floats are refused. Any failure is an InputError
    naming ``what``."""
    if isinstance(text, bytes):
        if len(text) > max_bytes:
            raise _too_big(what, len(text), field, max_bytes)
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"The {what} is not UTF-8 text (byte {exc.start} cannot be read). Save it as "
                "UTF-8 and try again.",
                field=field,
            ) from None
    if len(text) > max_bytes:
        raise _too_big(what, len(text), field, max_bytes)
    depth = json_depth(text)
    if depth > MAX_JSON_DEPTH:
        raise InputError(
            f"The {what} is nested {depth} levels deep: the limit is {MAX_JSON_DEPTH}.",
            field=field,
        )
    try:
        return json.loads(
            text,
            parse_int=lambda s: _number(s, int, what, field),
            parse_float=lambda s: _number(s, float, what, field),
            parse_constant=lambda s: _refuse_constant(s, what, field),
        )
    except json.JSONDecodeError as exc:
        raise InputError(
            f"The {what} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}.",
            field=field,
        ) from None
    except RecursionError:  # pragma: no cover - the depth check comes first
        raise InputError(f"The {what} is nested too deeply.", field=field) from None


def json_depth(text: str) -> int:
    """Deepest nesting of [ and { outside strings (a cheap scan, no recursion)."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def _too_big(what: str, size: int, field: str | None, limit: int = MAX_JSON_BYTES) -> InputError:
    return InputError(f"The {what} is {size:,} bytes: the limit is {limit:,}.", field=field)


def _number(text: str, kind: type, what: str, field: str | None) -> Any:
    if len(text) > MAX_NUMBER_CHARS:
        raise InputError(
            f"The {what} holds a number {len(text)} characters long ({text[:12]}...): numbers "
            f"may have at most {MAX_NUMBER_CHARS}.",
            field=field,
        )
    value = kind(text)
    if kind is float and not math.isfinite(value):
        raise InputError(f"The {what} holds a number too large to use ({text}).", field=field)
    return value


def _refuse_constant(name: str, what: str, field: str | None) -> Any:
    raise InputError(
        f"The {what} holds {name}, which is not a number Backstride can use.", field=field
    )
