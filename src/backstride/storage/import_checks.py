"""The rules an export file's rows must keep before ``backstride import`` stores them.

An export file is input like any other: a person may have edited it, another program may have
written it, or it may be damaged. Every row is checked against the same limits that
``backstride log``, ``walks import`` and the API apply (``backstride.limits``), and every
JSON document a command later reads (an assessment's result, a questionnaire's answers, the
walking programme's state) is checked for the shape those readers need. A row that fails
names its place in the file (``people[0].diary[3].pain_now``), the bad value and what is
allowed; nothing from the file is stored.

Rules on characters (text direction, control characters) stay with the input paths: text
stored before those rules existed is shown safely (``limits.shown_text``) and must still move
from one database to another, so an import refuses only what cannot be stored or shown at all
(a NUL, text longer than its column).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import cache
from typing import Any, Literal, get_type_hints

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from backstride import limits
from backstride.diary.records import WALK_SOURCES, DiaryEntry
from backstride.errors import InputError

#: the largest whole number a database column holds (a signed 64-bit integer)
MAX_INTEGER = 2**63 - 1


def scalar(column: Any, value: Any, where: str) -> Any:
    """``value`` converted for ``column``, or an InputError naming ``where`` and what is
    allowed: numbers are finite numbers (not true/false, not text), whole numbers fit a
    database integer, text fits its column and holds no NUL, times become naive UTC."""
    if value is None:
        return None
    try:
        python_type = column.type.python_type
    except NotImplementedError:  # JSON documents: checked by ``document``
        return value
    if python_type is datetime:
        return _datetime(value, where)
    if python_type is date:
        return _date(value, where)
    if python_type is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InputError(f"{where}: expected a number, got {_show(value)}.")
        if not math.isfinite(float(value)):
            raise InputError(f"{where}: {_show(value)} is not a finite number.")
        return float(value)
    if python_type is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise InputError(f"{where}: expected a whole number, got {_show(value)}.")
        if abs(value) > MAX_INTEGER:
            raise InputError(f"{where}: {_show(value)} is too large to store.")
        return value
    if python_type is str:
        if not isinstance(value, str):
            raise InputError(f"{where}: expected text, got {_show(value)}.")
        longest = getattr(column.type, "length", None)
        if longest is not None and len(value) > longest:
            raise InputError(
                f"{where}: the text is {len(value):,} characters long; the limit is {longest:,}."
            )
        if "\x00" in value:
            raise InputError(
                f"{where}: the text holds a NUL character (\\0), which cannot be stored."
            )
        return value
    if python_type is dict and not isinstance(value, dict):
        raise InputError(f"{where}: expected an object, got {type(value).__name__}.")
    return value


def _datetime(value: Any, where: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise InputError(
            f"{where}: {_show(value)} is not a valid date and time (use ISO 8601, such as "
            "2026-03-01T09:30:00)."
        ) from None
    if parsed.tzinfo is not None:  # stored times are UTC without a zone
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


def _date(value: Any, where: str) -> date:
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise InputError(f"{where}: {_show(value)} is not a valid date (use YYYY-MM-DD).")


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


# --- rows: the limits every input path applies ----------------------------------------------


def _diary(values: dict[str, Any]) -> None:
    DiaryEntry(  # the one place the diary's rules live (CLI, API and form build one too)
        day=values["day"],
        pain_now=values.get("pain_now"),
        walk_minutes=values.get("walk_minutes"),
        walk_distance_m=values.get("walk_distance_m"),
        onset_minutes=values.get("onset_minutes"),
        symptom_reach=values.get("symptom_reach"),
        relieved_by=values.get("relieved_by"),
        notes="",  # notes: see the module's note on characters
        activity=values.get("activity", "walk"),
    )
    notes = values.get("notes") or ""
    if len(notes) > limits.MAX_NOTES_CHARS:
        raise InputError(
            f"The notes are {len(notes):,} characters long: the limit is "
            f"{limits.MAX_NOTES_CHARS:,}.",
            field="notes",
        )


def _walk(values: dict[str, Any]) -> None:
    _choice(values["source"], "source", WALK_SOURCES)
    limits.check_day(values["day"], "day")
    limits.check_day(values["started_at"].date(), "started_at")
    limits.WALK_SECONDS.check(values["duration_s"], "duration_s")
    limits.IMPORTED_DISTANCE_M.check(values.get("distance_m"), "distance_m")
    limits.DAILY_STEPS.check(values.get("steps"), "steps")


def _daily(values: dict[str, Any]) -> None:
    _choice(values["source"], "source", WALK_SOURCES)
    limits.check_day(values["day"], "day")
    limits.DAILY_STEPS.check(values.get("steps"), "steps")
    limits.WALKING_SPEED_MPS.check(values.get("walking_speed_mps"), "walking_speed_mps")


def _choice(value: Any, field: str, valid: tuple[str, ...]) -> None:
    if value not in valid:
        raise InputError(
            f"{_show(value)} is not a valid {field}. Choose one of: {', '.join(valid)}.",
            field=field,
        )


# --- documents: the shape the commands that read them need ----------------------------------


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)


class _Urgency(_Open):
    level: Literal["self_care", "doctor", "urgent", "emergency"]
    label: str = ""
    advice: str = ""


class _Condition(_Open):
    id: str
    name: str = ""
    probability: float = Field(default=0.0, ge=0, le=1)


class _Result(_Open):
    urgency: _Urgency
    conditions: list[_Condition] = []
    red_flags: list[Any] = []
    self_tests: list[Any] = []
    factors: list[Any] | dict[str, Any] = []


AnswerValue = str | int | float | bool | None


class _AnswersDoc(_Open):
    age: int | float | None = None
    sex: str | None = None
    answers: dict[str, AnswerValue] | None = None


class _Details(_Open):
    findings: dict[str, AnswerValue] = {}
    measures: dict[str, Any] = {}


_STATE_KEYS = ("current", "week_started")


def _assessment(values: dict[str, Any]) -> None:
    _model(_AnswersDoc, values["answers"], "answers")
    _model(_Result, values["result"], "result")


def _selftest(values: dict[str, Any]) -> None:
    _model(_Details, values["details"], "details")


def _score(values: dict[str, Any]) -> None:
    from backstride.instruments import INSTRUMENT_IDS, score

    _choice(values["instrument"], "instrument", tuple(INSTRUMENT_IDS))
    scores = values["scores"]
    if "answers" not in scores:  # a score kept without its answers: nothing to re-score
        return
    answers = scores["answers"]
    if not isinstance(answers, dict):
        raise InputError(
            "the scores need the questionnaire's answers (an object of item id -> answer).",
            field="scores",
        )
    try:  # the same rules as `backstride questionnaire NAME --answers FILE`
        score(values["instrument"], answers)
    except InputError as exc:
        raise InputError(f"scores.answers: {exc.message}", field="scores") from None


def _plan(values: dict[str, Any]) -> None:
    _model(_Open, values["plan"], "plan")


def _programme(values: dict[str, Any]) -> None:
    from backstride.plan.walking import TARGET, WalkingProgramme

    state = values["state"]
    if not isinstance(state, dict):
        raise InputError("expected an object.", field="state")
    if "current" not in state:  # no programme running: every reader says so
        return
    missing = [k for k in _STATE_KEYS if k not in state]
    if missing:
        raise InputError(f"the programme state has no {' or '.join(missing)}.", field="state")
    _date(state["week_started"], "state.week_started")
    current = state["current"]
    if not isinstance(current, dict):
        raise InputError("state.current: expected an object.", field="state")
    known = {k: v for k, v in current.items() if k in WalkingProgramme.__dataclass_fields__}
    _model(_programme_model(), known, "state.current")
    _choice(known["cause"], "cause", tuple(TARGET))


def _model(model: type[BaseModel], value: Any, name: str) -> None:
    try:
        model.model_validate(value)
    except ValidationError as exc:
        raise InputError(f"{name}: {_first(exc)}", field=name) from None


#: the names pydantic gives the members of a union in an error's place: not part of the path
_TYPE_TAGS = {"int", "float", "str", "bool", "none", "dict[str,any]", "list[any]"}


def _first(exc: ValidationError) -> str:
    err = exc.errors()[0]
    place = ".".join(str(p) for p in err["loc"] if str(p) not in _TYPE_TAGS)
    value = f" (got {_show(err['input'])})" if "input" in err else ""
    msg = re.sub(r" or instance of \w+", "", err["msg"])
    return f"{place + ': ' if place else ''}{msg}{value}."


@cache
def _programme_model() -> type[BaseModel]:
    """The walking programme's fields, with their types, as a strict pydantic model."""
    from dataclasses import MISSING, fields

    from pydantic import create_model

    from backstride.plan.walking import WalkingProgramme

    hints = get_type_hints(WalkingProgramme)
    spec: dict[str, Any] = {}
    for f in fields(WalkingProgramme):
        default = ... if f.default is MISSING and f.default_factory is MISSING else None
        spec[f.name] = (hints[f.name] if default is ... else hints[f.name] | None, default)
    return create_model("WalkingProgrammeState", __config__=ConfigDict(strict=True), **spec)


#: table name -> the check its rows pass after their columns are converted
ROW_CHECKS: dict[str, Callable[[dict[str, Any]], None]] = {
    "diary_entries": _diary,
    "walks": _walk,
    "daily_activity": _daily,
    "assessments": _assessment,
    "selftest_results": _selftest,
    "questionnaire_scores": _score,
    "plans": _plan,
    "programme_states": _programme,
}


def check_row(table: str, values: dict[str, Any], where: str) -> None:
    """Apply ``table``'s rules to a converted row; an InputError names ``where``."""
    rule = ROW_CHECKS.get(table)
    if rule is None:
        return
    try:
        rule(values)
    except InputError as exc:
        field = f".{exc.field}" if exc.field and not exc.message.startswith(exc.field) else ""
        raise InputError(f"{where}{field}: {exc.message}") from None


def text(value: Any, where: str, longest: int) -> str:
    """One line of text from the file (a person's uid or name): text, 1 to ``longest``
    characters, no NUL."""
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{where}: expected text, got {_show(value)}.")
    if len(value) > longest:
        raise InputError(
            f"{where}: the text is {len(value):,} characters long; the limit is {longest:,}."
        )
    if "\x00" in value:
        raise InputError(f"{where}: the text holds a NUL character (\\0), which cannot be stored.")
    return value
