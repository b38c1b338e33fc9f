"""Export everything about people as JSON, and import it back into an empty database.

The format has no database ids, so export → import → export gives the same file.
Version 2 adds the clinic: ``accounts`` (username, role, the person they own by ``uid``, and
the argon2id password *hash*, never a password) and ``shares`` (patient and clinician by
username, the assessment by its position in the patient's ``assessments`` list), so a clinic
moved from SQLite to PostgreSQL can sign in as before. Version 1 files still import.
Version 2 files may also hold ``diary_shares`` (patient and clinician by username) and, in an
export of everyone, ``invitations`` (the code's *hash*, role, note and dates; never a code);
files without them still import.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from backstride import limits
from backstride.diary.records import ACTIVITIES, DIARY_ACTIVITIES
from backstride.errors import InputError
from backstride.storage import import_checks
from backstride.storage.engine import HEAD_REVISION
from backstride.storage.models import (
    Account,
    Assessment,
    DailyActivityRow,
    DiaryEntryRow,
    DiaryShare,
    Invitation,
    Person,
    Plan,
    ProgrammeState,
    QuestionnaireScore,
    SelfTestResult,
    Share,
    WalkRow,
    utcnow,
)
from backstride.words import plural

FORMAT = "backstride-export"
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)
ROLES = ("patient", "clinician", "admin")

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
TOP_LEVEL = ("format", "format_version", "schema_revision", "people", "accounts", "shares",
             "diary_shares", "invitations")  # fmt: skip
PERSON_KEYS = ("uid", "name", "created_at", "time_zone", *SECTIONS, "programme_state")
#: columns that hold one of a few words: a file with any other word is refused
_CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("diary_entries", "activity"): DIARY_ACTIVITIES,  # revision 0008: walk or run
    ("walks", "activity"): ACTIVITIES,
}


def _to_json(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _columns(table: type[Any]) -> list[Any]:
    return [c for c in table.__table__.columns if c.key not in _SKIP]


def _row_out(row: Any, table: type[Any]) -> dict[str, Any]:
    out = {c.key: _to_json(getattr(row, c.key)) for c in _columns(table)}
    return _no_bytes(out, table.__tablename__, getattr(row, "id", "?"))


def _no_bytes(out: dict[str, Any], table: str, row_id: Any) -> dict[str, Any]:
    """SQLite keeps bytes in any column, and JSON has no bytes: such a value is damage."""
    for key, value in out.items():
        if isinstance(value, bytes | bytearray | memoryview):
            raise TypeError(
                f"{table}.{key} of row {row_id} holds {len(value)} bytes of binary data, "
                "not a value"
            )
    return out


def export_people(
    session: Session, person_ids: list[int], *, invitations: bool = True
) -> dict[str, Any]:
    """These people's records, their accounts and the shares among them; with
    ``invitations`` also the clinic's invitations (they belong to no one person)."""
    people = []
    position: dict[int, int] = {}  # assessment id -> its index in its person's list
    for pid in person_ids:
        person = session.get(Person, pid)
        assert person is not None
        out: dict[str, Any] = {
            "uid": person.uid,
            "name": person.name,
            "created_at": person.created_at.isoformat(),
            "time_zone": person.time_zone,
        }
        _no_bytes(out, "people", pid)
        for section, (table, order) in SECTIONS.items():
            cols = [getattr(table, name) for name in order]
            rows = session.scalars(
                select(table).where(table.person_id == pid).order_by(*cols, table.id)
            ).all()
            out[section] = [_row_out(r, table) for r in rows]
            if table is Assessment:
                position.update({r.id: i for i, r in enumerate(rows)})
        state = session.get(ProgrammeState, pid)
        out["programme_state"] = (
            None
            if state is None
            else {"updated_at": state.updated_at.isoformat(), "state": state.state}
        )
        people.append(out)
    accounts, shares = _export_clinic(session, person_ids, position)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_revision": HEAD_REVISION,
        "people": people,
        "accounts": accounts,
        "shares": shares,
        "diary_shares": _export_diary_shares(session, {a["username"] for a in accounts}),
        "invitations": _export_invitations(session) if invitations else [],
    }


def _export_diary_shares(session: Session, usernames: set[str]) -> list[dict[str, Any]]:
    patient, clinician = aliased(Account), aliased(Account)
    rows = session.execute(
        select(DiaryShare, patient.username, clinician.username)
        .join(patient, patient.id == DiaryShare.patient_id)
        .join(clinician, clinician.id == DiaryShare.clinician_id)
    ).all()
    out = [
        {"patient": p, "clinician": c, "created_at": sh.created_at.isoformat()}
        for sh, p, c in rows
        if p in usernames and c in usernames
    ]
    out.sort(key=lambda x: (x["patient"], x["clinician"]))
    return out


def _export_invitations(session: Session) -> list[dict[str, Any]]:
    rows = session.scalars(select(Invitation).order_by(Invitation.created_at, Invitation.code_hash))
    return [_row_out(r, Invitation) for r in rows]


def _export_clinic(
    session: Session, person_ids: list[int], position: dict[int, int]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The accounts owned by these people, and the shares between two of those accounts."""
    rows = session.execute(
        select(Account, Person.uid)
        .join(Person, Person.id == Account.person_id)
        .where(Account.person_id.in_(person_ids))
        .order_by(Account.username)
    ).all()
    accounts = [
        {
            "username": a.username,
            "role": a.role,
            "person_uid": uid,
            "password_hash": a.password_hash,
            "created_at": a.created_at.isoformat(),
        }
        for a, uid in rows
    ]
    names = {a.id: a.username for a, _ in rows}
    shares = [
        {
            "patient": names[sh.patient_id],
            "clinician": names[sh.clinician_id],
            "assessment": position[sh.assessment_id],
            "created_at": sh.created_at.isoformat(),
        }
        for sh in session.scalars(select(Share).where(Share.patient_id.in_(list(names))))
        if sh.clinician_id in names and sh.assessment_id in position
    ]
    shares.sort(key=lambda x: (x["patient"], x["assessment"], x["clinician"]))
    return accounts, shares


def _convert(column: Any, value: Any, where: str) -> Any:
    return import_checks.scalar(column, value, where)


def _row_in(table: type[Any], data: Any, where: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise InputError(f"{where}: expected an object.")
    columns = {c.key: c for c in _columns(table)}
    unknown = sorted(set(data) - set(columns))
    if unknown:
        raise InputError(f"{where}: unknown {plural(len(unknown), 'field')} {', '.join(unknown)}.")
    values = {}
    for key, column in columns.items():
        if key not in data and column.server_default is not None:
            # a column added later (walks.activity, diary_entries.activity): older exports
            # take its default, so their diary entries and walks stay walks
            continue
        if data.get(key) is None and not column.nullable:
            raise InputError(f"{where}: missing field {key!r} (it cannot be null).")
        values[key] = _convert(column, data.get(key), f"{where}.{key}")
        valid = _CHOICES.get((table.__tablename__, key))
        if valid is not None and values[key] not in valid:
            raise InputError(
                f"{where}.{key}: {str(values[key])[:30]!r} is not a valid {key}. "
                f"Choose one of: {', '.join(valid)}."
            )
    import_checks.check_row(table.__tablename__, values, where)
    return values


def import_people(session: Session, data: Any) -> dict[str, int]:
    """Insert every person in ``data``; fails (changing nothing) if a person already exists."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError(f'This is not a Backstride export (expected "format": "{FORMAT}").')
    version = data.get("format_version")
    if (
        isinstance(version, bool)
        or not isinstance(version, int)
        or version not in READABLE_VERSIONS
    ):
        raise InputError(
            f"Export format version {data.get('format_version')!r} is not supported "
            f"(this Backstride reads versions {', '.join(map(str, READABLE_VERSIONS))})."
        )
    _known(data, TOP_LEVEL, "the export")
    people = data.get("people")
    if not isinstance(people, list):
        raise InputError('The export has no list of "people".')
    counts = {"people": 0, **dict.fromkeys(SECTIONS, 0), "programme_state": 0}
    person_ids: dict[str, int] = {}  # uid -> new id
    assessment_ids: dict[str, list[int]] = {}  # uid -> new assessment ids, in file order
    for i, person in enumerate(people):
        where = f"people[{i}]"
        if not isinstance(person, dict) or not {"uid", "name", "created_at"} <= set(person):
            raise InputError(f"{where}: needs uid, name and created_at.")
        _known(person, PERSON_KEYS, where)
        uid = import_checks.text(person["uid"], f"{where}.uid", 64)
        if session.scalars(select(Person.id).where(Person.uid == uid)).first() is not None:
            raise InputError(
                f"{where}: person {person['name']!r} ({uid}) is already in this database. "
                "Import into an empty database, or run `backstride forget` first."
            )
        row = Person(
            uid=uid,
            name=import_checks.text(person["name"], f"{where}.name", 200),
            created_at=_convert(
                Person.__table__.c.created_at, person["created_at"], f"{where}.created_at"
            ),
            time_zone=_zone_in(person.get("time_zone"), where),
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
            if table is Assessment:  # one by one: shares refer to them by position
                assessment_ids[uid] = [
                    session.execute(table.__table__.insert().values(**v)).inserted_primary_key[0]
                    for v in values
                ]
            elif values:
                session.execute(table.__table__.insert(), values)
            counts[section] += len(values)
        state = person.get("programme_state")
        if state is not None:
            values = _row_in(ProgrammeState, state, f"{where}.programme_state")
            session.add(ProgrammeState(person_id=row.id, **values))
            counts["programme_state"] += 1
        person_ids[uid] = row.id
    made = _import_clinic(session, data, person_ids, assessment_ids, counts)
    counts["diary_shares"] = _import_diary_shares(session, data, made)
    counts["invitations"] = _import_invitations(session, data)
    return counts


def _text(item: dict[str, Any], key: str, where: str, max_len: int) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value or len(value) > max_len:
        raise InputError(f"{where}.{key}: expected text of 1 to {max_len} characters.")
    return value


def _import_clinic(
    session: Session,
    data: dict[str, Any],
    person_ids: dict[str, int],
    assessment_ids: dict[str, list[int]],
    counts: dict[str, int],
) -> dict[str, tuple[int, str, str]]:
    accounts, shares = data.get("accounts", []), data.get("shares", [])
    if not isinstance(accounts, list) or not isinstance(shares, list):
        raise InputError('"accounts" and "shares" must be lists.')
    made: dict[str, tuple[int, str, str]] = {}  # username -> (account id, role, person uid)
    for i, item in enumerate(accounts):
        where = f"accounts[{i}]"
        if not isinstance(item, dict):
            raise InputError(f"{where}: expected an object.")
        unknown = sorted(
            set(item) - {"username", "role", "person_uid", "password_hash", "created_at"}
        )
        if unknown:
            raise InputError(
                f"{where}: unknown {plural(len(unknown), 'field')} {', '.join(unknown)}."
            )
        name = _text(item, "username", where, 40)
        if not limits.USERNAME.match(name):
            raise InputError(
                f"{where}.username: {name[:40]!r} is not a username: use 3 to 40 lower-case "
                "letters, digits, dots, dashes or underscores, starting with a letter or digit."
            )
        role = _text(item, "role", where, 16)
        uid = _text(item, "person_uid", where, 64)
        pw = _text(item, "password_hash", where, 200)
        if role not in ROLES:
            raise InputError(f"{where}.role: {role!r} is not one of {', '.join(ROLES)}.")
        if not pw.startswith("$argon2"):
            raise InputError(f"{where}.password_hash: expected an argon2 hash.")
        if uid not in person_ids:
            raise InputError(f"{where}.person_uid: no person {uid!r} in this export.")
        if name in made or session.scalar(select(Account.id).where(Account.username == name)):
            raise InputError(f"{where}: the username {name!r} is already in this database.")
        created = (
            _convert(Account.__table__.c.created_at, item.get("created_at"), where) or utcnow()
        )
        account = Account(
            username=name, role=role, person_id=person_ids[uid], password_hash=pw,
            created_at=created,
        )  # fmt: skip
        session.add(account)
        session.flush()
        made[name] = (account.id, role, uid)
    for i, item in enumerate(shares):
        where = f"shares[{i}]"
        if not isinstance(item, dict):
            raise InputError(f"{where}: expected an object.")
        patient, clinician = _account(made, item, "patient"), _account(made, item, "clinician")
        if patient is None or clinician is None or clinician[1] != "clinician":
            raise InputError(
                f"{where}: patient and clinician must be accounts in this export, the second "
                "a clinician."
            )
        index = item.get("assessment")
        ids = assessment_ids.get(patient[2], [])
        if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(ids):
            raise InputError(f"{where}.assessment: no assessment {index!r} of that patient.")
        created = _convert(Share.__table__.c.created_at, item.get("created_at"), where) or utcnow()
        session.add(
            Share(
                assessment_id=ids[index],
                patient_id=patient[0],
                clinician_id=clinician[0],
                created_at=created,
            )
        )
    session.flush()
    counts["accounts"], counts["shares"] = len(made), len(shares)
    return made


def _known(item: dict[str, Any], keys: tuple[str, ...], where: str) -> None:
    unknown = sorted(str(k) for k in set(item) - set(keys))
    if unknown:
        raise InputError(
            f"{where}: unknown {plural(len(unknown), 'field')} {', '.join(unknown)[:200]}. "
            f"The fields are: {', '.join(keys)}."
        )


def _account(
    made: dict[str, tuple[int, str, str]], item: dict[str, Any], key: str
) -> tuple[int, str, str] | None:
    """The account named by ``item[key]`` among those just imported (None if not text)."""
    name = item.get(key)
    return made.get(name) if isinstance(name, str) else None


def _list(data: dict[str, Any], key: str) -> list[Any]:
    items = data.get(key, [])
    if not isinstance(items, list):
        raise InputError(f'"{key}" must be a list.')
    return items


def _import_diary_shares(
    session: Session, data: dict[str, Any], made: dict[str, tuple[int, str, str]]
) -> int:
    items = _list(data, "diary_shares")
    for i, item in enumerate(items):
        where = f"diary_shares[{i}]"
        if not isinstance(item, dict):
            raise InputError(f"{where}: expected an object.")
        unknown = sorted(set(item) - {"patient", "clinician", "created_at"})
        if unknown:
            raise InputError(
                f"{where}: unknown {plural(len(unknown), 'field')} {', '.join(unknown)}."
            )
        patient, clinician = _account(made, item, "patient"), _account(made, item, "clinician")
        if patient is None or clinician is None or clinician[1] != "clinician":
            raise InputError(
                f"{where}: patient and clinician must be accounts in this export, the second "
                "a clinician."
            )
        created = (
            _convert(DiaryShare.__table__.c.created_at, item.get("created_at"), where) or utcnow()
        )
        session.add(
            DiaryShare(patient_id=patient[0], clinician_id=clinician[0], created_at=created)
        )
    session.flush()
    return len(items)


def _import_invitations(session: Session, data: dict[str, Any]) -> int:
    items = _list(data, "invitations")
    seen: set[str] = set()
    for i, item in enumerate(items):
        where = f"invitations[{i}]"
        values = _row_in(Invitation, item, where)
        code_hash = values["code_hash"]
        if (
            not isinstance(code_hash, str)
            or len(code_hash) != 64
            or not all(c in "0123456789abcdef" for c in code_hash)
        ):
            raise InputError(f"{where}.code_hash: expected a SHA-256 hash (64 hex digits).")
        if values["role"] not in ROLES[1:]:
            raise InputError(
                f"{where}.role: {values['role']!r} is not one of {', '.join(ROLES[1:])}."
            )
        if not isinstance(values["note"], str) or len(values["note"]) > 100:
            raise InputError(f"{where}.note: expected text of at most 100 characters.")
        taken = session.scalar(select(Invitation.id).where(Invitation.code_hash == code_hash))
        if code_hash in seen or taken is not None:
            raise InputError(f"{where}: this invitation is already in this database.")
        seen.add(code_hash)
        session.add(Invitation(**values))
    session.flush()
    return len(items)


def _zone_in(value: Any, where: str) -> str | None:
    """An export's time zone (absent in exports made before revision 0007: not set)."""
    if value is None:
        return None
    from backstride.timezones import check_zone

    try:
        return check_zone(str(value), field="time_zone")
    except InputError as exc:
        raise InputError(f"{where}.time_zone: {exc.message}", field="time_zone") from None
