"""Export everything about people as JSON, and import it back into an empty database.

The format has no database ids, so export → import → export gives the same file.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backstride.errors import InputError
from backstride.storage.engine import HEAD_REVISION
from backstride.storage.models import (
    Assessment,
    DailyActivityRow,
    DiaryEntryRow,
    Person,
    Plan,
    ProgrammeState,
    QuestionnaireScore,
    SelfTestResult,
    WalkRow,
)

FORMAT = "backstride-export"
FORMAT_VERSION = 1

# section name -> (table, ordering columns); each row is exported without id and person_id
SECTIONS: dict[str, tuple[type[Any], tuple[str, ...]]] = {
    "assessments": (Assessment, ("created_at",)),
    "selftests": (SelfTestResult, ("taken_at",)),
    "diary": (DiaryEntryRow, ("day", "created_at")),
    "scores": (QuestionnaireScore, ("taken_at",)),
    "plans": (Plan, ("created_at",)),
    "walks": (WalkRow, ("started_at",)),
    "daily_activity": (DailyActivityRow, ("day", "source")),
}
_SKIP = {"id", "person_id"}


def _to_json(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _columns(table: type[Any]) -> list[Any]:
    return [c for c in table.__table__.columns if c.key not in _SKIP]


def _row_out(row: Any, table: type[Any]) -> dict[str, Any]:
    return {c.key: _to_json(getattr(row, c.key)) for c in _columns(table)}


def export_people(session: Session, person_ids: list[int]) -> dict[str, Any]:
    people = []
    for pid in person_ids:
        person = session.get(Person, pid)
        assert person is not None
        out: dict[str, Any] = {
            "uid": person.uid,
            "name": person.name,
            "created_at": person.created_at.isoformat(),
        }
        for section, (table, order) in SECTIONS.items():
            cols = [getattr(table, name) for name in order]
            rows = session.scalars(
                select(table).where(table.person_id == pid).order_by(*cols, table.id)
            ).all()
            out[section] = [_row_out(r, table) for r in rows]
        state = session.get(ProgrammeState, pid)
        out["programme_state"] = (
            None
            if state is None
            else {"updated_at": state.updated_at.isoformat(), "state": state.state}
        )
        people.append(out)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_revision": HEAD_REVISION,
        "people": people,
    }


def _convert(column: Any, value: Any, where: str) -> Any:
    if value is None:
        return None
    try:
        python_type = column.type.python_type
    except NotImplementedError:
        return value
    try:
        if python_type is datetime:
            return datetime.fromisoformat(value)
        if python_type is date:
            return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise InputError(f"{where}: {value!r} is not a valid {python_type.__name__}.") from None
    if python_type is float and isinstance(value, int | float):
        return float(value)
    if python_type is dict and not isinstance(value, dict):
        raise InputError(f"{where}: expected an object, got {type(value).__name__}.")
    if python_type in (int, str) and not isinstance(value, python_type):
        raise InputError(f"{where}: expected {python_type.__name__}, got {value!r}.")
    return value


def _row_in(table: type[Any], data: Any, where: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise InputError(f"{where}: expected an object.")
    columns = {c.key: c for c in _columns(table)}
    unknown = sorted(set(data) - set(columns))
    if unknown:
        raise InputError(f"{where}: unknown field(s) {', '.join(unknown)}.")
    values = {}
    for key, column in columns.items():
        if key not in data and not column.nullable:
            raise InputError(f"{where}: missing field {key!r}.")
        values[key] = _convert(column, data.get(key), f"{where}.{key}")
    return values


def import_people(session: Session, data: Any) -> dict[str, int]:
    """Insert every person in ``data``; fails (changing nothing) if a person already exists."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError(f'This is not a Backstride export (expected "format": "{FORMAT}").')
    if data.get("format_version") != FORMAT_VERSION:
        raise InputError(
            f"Export format version {data.get('format_version')!r} is not supported "
            f"(this Backstride reads version {FORMAT_VERSION})."
        )
    people = data.get("people")
    if not isinstance(people, list):
        raise InputError('The export has no list of "people".')
    counts = {"people": 0, **dict.fromkeys(SECTIONS, 0), "programme_state": 0}
    for i, person in enumerate(people):
        where = f"people[{i}]"
        if not isinstance(person, dict) or not {"uid", "name", "created_at"} <= set(person):
            raise InputError(f"{where}: needs uid, name and created_at.")
        uid = str(person["uid"])
        if session.scalars(select(Person.id).where(Person.uid == uid)).first() is not None:
            raise InputError(
                f"{where}: person {person['name']!r} ({uid}) is already in this database. "
                "Import into an empty database, or run `backstride forget` first."
            )
        row = Person(
            uid=uid,
            name=str(person["name"]),
            created_at=_convert(Person.__table__.c.created_at, person["created_at"], where),
        )
        session.add(row)
        session.flush()
        counts["people"] += 1
        for section, (table, _order) in SECTIONS.items():
            items = person.get(section, [])
            if not isinstance(items, list):
                raise InputError(f"{where}.{section}: expected a list.")
            values = [
                {**_row_in(table, item, f"{where}.{section}[{j}]"), "person_id": row.id}
                for j, item in enumerate(items)
            ]
            if values:
                session.execute(table.__table__.insert(), values)
            counts[section] += len(values)
        state = person.get("programme_state")
        if state is not None:
            values = _row_in(ProgrammeState, state, f"{where}.programme_state")
            session.add(ProgrammeState(person_id=row.id, **values))
            counts["programme_state"] += 1
    return counts
