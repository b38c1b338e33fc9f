"""The repository: every read and write of a person's data goes through ``Store``."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, delete, false, func, or_, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from backstride.diary.records import DailyActivity, DiaryEntry, Walk
from backstride.errors import NotFoundError
from backstride.storage import engine as engine_mod
from backstride.storage import stored_checks
from backstride.storage.models import (
    Account,
    Assessment,
    DailyActivityRow,
    DiaryEntryRow,
    DiaryShare,
    LoginAttempt,
    Person,
    Plan,
    ProgrammeState,
    QuestionnaireScore,
    SelfTestResult,
    SessionRow,
    Share,
    ShareInvitation,
    WalkRow,
    utcnow,
)

LOCAL_PERSON_UID = "local"
LOCAL_PERSON_NAME = "Me"
PersonRef = int | str | None  # id, uid or name; None means the local person
_BATCH = 500

# Tables holding one person's data, children first (the order forget() deletes in).
PERSON_TABLES: tuple[type[Any], ...] = (
    WalkRow,
    DailyActivityRow,
    ProgrammeState,
    Plan,
    QuestionnaireScore,
    DiaryEntryRow,
    SelfTestResult,
    Assessment,
)


@dataclass(frozen=True)
class ImportCounts:
    walks_added: int
    walks_already_stored: int
    days_added: int
    days_updated: int


class Store:
    """Open with ``Store.open(url)``; close with ``close()`` or use as a context manager."""

    def __init__(self, engine: Engine, *, name_people_in_errors: bool = True):
        self.engine = engine
        # for messages: worked out once, not for every row read (rows are checked one by one)
        self._url = engine_mod.safe_url(str(engine.url))
        self._reader = engine.execution_options(sqlite_begin="DEFERRED")
        # The CLI lists the people stored when a --person is not found; the web app must not
        # (a clinic's usernames are private), so it opens the store with this off.
        self.name_people_in_errors = name_people_in_errors

    @classmethod
    def open(
        cls, url: str | None = None, *, migrate: bool = True, name_people_in_errors: bool = True
    ) -> Store:
        resolved = engine_mod.resolve_url(url)
        eng = engine_mod.create(resolved)
        if migrate:
            engine_mod.upgrade(eng)
        return cls(eng, name_people_in_errors=name_people_in_errors)

    @property
    def url(self) -> str:
        return self._url

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- sessions

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: everything inside commits together or not at all. On SQLite,
        writers in this process take turns first (``engine.writer_turn``), then BEGIN IMMEDIATE."""
        with (
            engine_mod.writer_turn(self.engine),
            self._wrap_errors(),
            Session(self.engine, expire_on_commit=False) as s,
            s.begin(),
        ):
            yield s

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._wrap_errors(), Session(self._reader) as s, s.begin():
            yield s

    @contextmanager
    def _read_rows(self, table: type[Any]) -> Iterator[Session]:
        """A read of ``table``'s rows: a value the driver cannot decode is a StorageError."""
        with self.read() as s, stored_checks.decoding(self.url, table.__tablename__):
            yield s

    def _checked(self, row: Any) -> dict[str, Any]:
        """A row as a dict, checked for the types and shapes its readers need."""
        values = row_dict(row)
        stored_checks.check_stored(self.url, row, values)
        return values

    #: for readers outside the Store (the web's own queries): the same decoding and row checks
    read_rows = _read_rows
    checked = _checked

    def get_assessment(self, assessment_id: int) -> dict[str, Any] | None:
        """One saved assessment by id, whoever owns it (the caller checks who may see it),
        checked like every row the Store reads; None if there is none."""
        with self._read_rows(Assessment) as s:
            row = s.get(Assessment, assessment_id)
            return self._checked(row) if row is not None else None

    def get_assessments(self, ids: list[int]) -> list[dict[str, Any]]:
        """``get_assessment`` of each id, in one query: the rows found, in the order of
        ``ids`` (an id with no row is left out)."""
        if not ids:
            return []
        with self._read_rows(Assessment) as s:
            rows = s.scalars(select(Assessment).where(Assessment.id.in_(ids))).all()
            by_id = {row.id: self._checked(row) for row in rows}
        return [by_id[i] for i in ids if i in by_id]

    @contextmanager
    def _wrap_errors(self) -> Iterator[None]:
        try:
            yield
        except DBAPIError as exc:
            if isinstance(exc, IntegrityError):
                raise
            raise engine_mod.StorageError(
                f"The database {self.url} failed: {engine_mod._reason(exc)}. "
                "Nothing from this step was saved."
            ) from None

    # -- people

    def person_id(self, person: PersonRef = None, *, create: bool = True) -> int:
        """Resolve a person by id, uid or name; None is the local person (made on first use)."""
        with self.read() as s:
            found = _find_person(s, person)
        if found is not None:
            return found
        if person is None and create:
            try:
                with self.write() as s:
                    row = Person(uid=LOCAL_PERSON_UID, name=LOCAL_PERSON_NAME, created_at=utcnow())
                    s.add(row)
                    s.flush()
                    return row.id
            except IntegrityError:  # another process made it first
                return self.person_id(None, create=False)
        if not self.name_people_in_errors:
            raise NotFoundError("There is no such person here.", field="person")
        valid = [p["name"] for p in self.list_people()]
        raise NotFoundError(
            f"No person {person!r} in {self.url}. People stored: {', '.join(valid) or 'none'}."
        )

    def add_person(self, name: str, uid: str | None = None) -> int:
        with self.write() as s:
            row = Person(uid=uid or uuid.uuid4().hex, name=name, created_at=utcnow())
            s.add(row)
            s.flush()
            return row.id

    def list_people(self) -> list[dict[str, Any]]:
        with self._read_rows(Person) as s:
            rows = s.scalars(select(Person).order_by(Person.id)).all()
            return [_person_view(self._checked(p)) for p in rows]

    def get_person(self, person_id: int) -> dict[str, Any] | None:
        """One person as ``list_people`` gives them, or None: without reading everyone."""
        with self._read_rows(Person) as s:
            row = s.get(Person, person_id)
            return _person_view(self._checked(row)) if row is not None else None

    def get_time_zone(self, person: PersonRef = None) -> str | None:
        """The person's saved time zone name, or None when they have not set one (or are not
        stored yet: reading makes no one)."""
        try:
            pid = self.person_id(person, create=False)
        except NotFoundError:
            if person is None:
                return None
            raise
        with self._read_rows(Person) as s:
            zone = s.scalar(select(Person.time_zone).where(Person.id == pid))
        if zone is not None and not isinstance(zone, str):
            raise stored_checks.damaged(
                self.url, "people", f"time_zone is {zone!r}, not a str", pid
            )
        return zone

    def set_time_zone(self, person: PersonRef, name: str | None) -> str | None:
        """Save the person's time zone (checked: ``timezones.check_zone``); None clears it.
        A saved zone also re-dates the walks already imported: each walk's day becomes its
        start's date in that zone, as an import made now would give it (clearing the zone
        leaves the days as they are)."""
        from backstride.timezones import check_zone, local_day

        value = None if name is None else check_zone(name)
        pid = self.person_id(person)
        with self.write() as s:
            s.execute(update(Person).where(Person.id == pid).values(time_zone=value))
            if value is not None:
                # every walk is re-dated: a damaged one is named and nothing is changed
                with stored_checks.decoding(self.url, "walks"):
                    for walk in s.scalars(select(WalkRow).where(WalkRow.person_id == pid)):
                        if not isinstance(walk.started_at, datetime):
                            raise stored_checks.damaged(
                                self.url,
                                "walks",
                                f"started_at is {walk.started_at!r}, not a datetime",
                                walk.id,
                            )
                        day = local_day(walk.started_at, value)
                        if walk.day != day:
                            walk.day = day
        return value

    # -- assessments, self-tests, questionnaires, plans, programme

    def save_assessment(
        self, person: PersonRef, answers: dict[str, Any], result: dict[str, Any]
    ) -> int:
        pid = self.person_id(person)
        row = Assessment(
            person_id=pid,
            created_at=utcnow(),
            kb_version=str(result.get("kb_version", "")),
            answers=answers,
            result=result,
        )
        return self._insert(row)

    def list_assessments(self, person: PersonRef = None) -> list[dict[str, Any]]:
        return self._list(Assessment, person, Assessment.created_at)

    def save_selftest(
        self,
        person: PersonRef,
        test_id: str,
        outcome: str,
        details: dict[str, Any] | None = None,
        taken_at: datetime | None = None,
    ) -> int:
        pid = self.person_id(person)
        row = SelfTestResult(
            person_id=pid,
            test_id=test_id,
            outcome=outcome,
            details=details or {},
            taken_at=taken_at or utcnow(),
        )
        return self._insert(row)

    def list_selftests(self, person: PersonRef = None) -> list[dict[str, Any]]:
        return self._list(SelfTestResult, person, SelfTestResult.taken_at)

    def save_scores(
        self,
        person: PersonRef,
        instrument: str,
        scores: dict[str, Any],
        taken_at: datetime | None = None,
    ) -> int:
        pid = self.person_id(person)
        row = QuestionnaireScore(
            person_id=pid, instrument=instrument, scores=scores, taken_at=taken_at or utcnow()
        )
        return self._insert(row)

    def list_scores(
        self, person: PersonRef = None, instrument: str | None = None
    ) -> list[dict[str, Any]]:
        rows = self._list(QuestionnaireScore, person, QuestionnaireScore.taken_at)
        return [r for r in rows if instrument is None or r["instrument"] == instrument]

    def save_plan(self, person: PersonRef, plan: dict[str, Any]) -> int:
        pid = self.person_id(person)
        return self._insert(Plan(person_id=pid, plan=plan, created_at=utcnow()))

    def latest_plan(self, person: PersonRef = None) -> dict[str, Any] | None:
        rows = self._list(Plan, person, Plan.created_at)
        return rows[-1] if rows else None

    def save_programme_state(self, person: PersonRef, state: dict[str, Any]) -> None:
        pid = self.person_id(person)
        with self.write() as s:
            row = s.get(ProgrammeState, pid)
            if row is None:
                s.add(ProgrammeState(person_id=pid, state=state, updated_at=utcnow()))
            else:
                row.state = state
                row.updated_at = utcnow()

    def get_programme_state(self, person: PersonRef = None) -> dict[str, Any] | None:
        pid = self.person_id(person)
        with self._read_rows(ProgrammeState) as s:
            row = s.get(ProgrammeState, pid)
            return dict(self._checked(row)["state"]) if row is not None else None

    # -- diary and walks

    def add_diary_entry(self, person: PersonRef, entry: DiaryEntry) -> int:
        """One write transaction: the person is found (the local one made) and the row added."""
        with self.write() as s:
            row = DiaryEntryRow(
                person_id=self._pid_in(s, person), created_at=utcnow(), **_entry_fields(entry)
            )
            s.add(row)
            s.flush()
            return int(row.id)

    def list_diary_entries(
        self, person: PersonRef = None, since: date | None = None
    ) -> list[dict[str, Any]]:
        """Oldest first, in one query."""
        where = [DiaryEntryRow.day >= since] if since is not None else []
        return self._list(
            DiaryEntryRow, person, DiaryEntryRow.day, DiaryEntryRow.created_at, where=where
        )

    def get_diary_entry(self, person: PersonRef, entry_id: int) -> dict[str, Any]:
        """One of this person's entries; NotFoundError for anyone else's (or none)."""
        with self._read_rows(DiaryEntryRow) as s:
            row = self._own_entry(s, person, entry_id)
            return self._checked(row)

    def update_diary_entry(
        self, person: PersonRef, entry_id: int, entry: DiaryEntry
    ) -> dict[str, Any]:
        """Replace every field of one of this person's entries (the caller merges a partial
        change into the stored entry and checks the whole, as for a new one)."""
        with self.write() as s:
            row = self._own_entry(s, person, entry_id)
            for key, value in _entry_fields(entry).items():
                setattr(row, key, value)
            row.updated_at = utcnow()
            s.flush()
            return row_dict(row)

    def delete_diary_entry(self, person: PersonRef, entry_id: int) -> dict[str, Any]:
        """Delete one of this person's entries and return what it held."""
        with self.write() as s:
            owner = s.scalar(select(DiaryEntryRow.person_id).where(DiaryEntryRow.id == entry_id))
            if owner is None or owner != _find_person(s, person):
                self._own_entry(s, person, entry_id)  # raises the usual NotFoundError
            try:
                gone = row_dict(s.get(DiaryEntryRow, entry_id))
            except (ValueError, TypeError):  # a damaged entry can still be deleted: a way out
                gone = {"id": entry_id}
            s.execute(delete(DiaryEntryRow).where(DiaryEntryRow.id == entry_id))
            return gone

    def progress_rows(self, person: PersonRef = None) -> dict[str, Any]:
        """Everything the progress page reads, in one read transaction, one query a table."""
        with self.read() as s:
            pid = _find_person(s, person)
            if pid is not None:

                def rows(table: type[Any], *order: Any) -> list[dict[str, Any]]:
                    stmt = select(table).where(table.person_id == pid).order_by(*order, table.id)
                    with stored_checks.decoding(self.url, table.__tablename__):
                        return [self._checked(r) for r in s.scalars(stmt)]

                with stored_checks.decoding(self.url, "programme_states"):
                    state = s.get(ProgrammeState, pid)
                    if state is not None:
                        self._checked(state)
                return {
                    "diary": rows(DiaryEntryRow, DiaryEntryRow.day, DiaryEntryRow.created_at),
                    "walks": rows(WalkRow, WalkRow.started_at),
                    "activity": rows(
                        DailyActivityRow, DailyActivityRow.day, DailyActivityRow.source
                    ),
                    "scores": rows(QuestionnaireScore, QuestionnaireScore.taken_at),
                    "programme": dict(state.state) if state is not None else None,
                }
        self.person_id(person)  # makes the local person, or says who does not exist
        return {"diary": [], "walks": [], "activity": [], "scores": [], "programme": None}

    def add_walks(
        self,
        person: PersonRef,
        walks: Iterable[Walk],
        days: Iterable[DailyActivity] = (),
    ) -> ImportCounts:
        """Store walks and daily activity in ONE transaction; walks already stored are skipped,
        a day already stored for the same source is updated (a newer export may hold more)."""
        from backstride.storage.upsert import insert_walks, upsert_days

        pid = self.person_id(person)
        with self.write() as s:
            added, seen = insert_walks(s, pid, walks, _BATCH)
            days_added, days_updated = upsert_days(s, pid, days, _BATCH)
        return ImportCounts(added, seen - added, days_added, days_updated)

    def list_walks(self, person: PersonRef = None) -> list[dict[str, Any]]:
        return self._list(WalkRow, person, WalkRow.started_at)

    def list_daily_activity(self, person: PersonRef = None) -> list[dict[str, Any]]:
        return self._list(DailyActivityRow, person, DailyActivityRow.day, DailyActivityRow.source)

    def count(self, table: type[Any], person: PersonRef = None) -> int:
        pid = self.person_id(person)
        with self.read() as s:
            stmt = select(func.count()).select_from(table).where(table.person_id == pid)
            return int(s.scalar(stmt) or 0)

    # -- whole-person operations

    def export_data(
        self, person: PersonRef | None = None, *, everyone: bool = True
    ) -> dict[str, Any]:
        from backstride.storage.exchange import export_people

        with self.read() as s, stored_checks.decoding(self.url, ""):
            whole = everyone and person is None
            if whole:
                ids = list(s.scalars(select(Person.id).order_by(Person.id)))
            else:
                ids = [self.person_id(person)]
            return export_people(s, ids, invitations=whole)

    def import_data(self, data: dict[str, Any]) -> dict[str, int]:
        from backstride.errors import InputError
        from backstride.storage.exchange import import_people

        try:
            with self.write() as s:
                return import_people(s, data)
        except IntegrityError as exc:
            raise InputError(
                f"The export holds a record twice or one that conflicts with stored data "
                f"({engine_mod._reason(exc)})."
            ) from None

    def forget(self, person: PersonRef = None) -> dict[str, int]:
        """Delete everything stored about one person, in one transaction: their data, their
        clinic account with its sessions, every share of or by that account, and the same
        person in the upgrade backups beside a SQLite file. Returns rows deleted per table."""
        pid = self.person_id(person, create=False)
        counts: dict[str, int] = {}
        with self.write() as s:
            uid = s.scalar(select(Person.uid).where(Person.id == pid))
            counts.update(_delete_person(s, pid))
        if self.engine.dialect.name == "sqlite":
            with self.engine.connect() as conn:  # old pages leave the write-ahead log too
                engine_mod._raw_sqlite(conn, "PRAGMA wal_checkpoint(TRUNCATE)")
        for backup in engine_mod.backup_files(self.engine):
            counts["backup_rows"] = counts.get("backup_rows", 0) + _forget_in_backup(backup, uid)
        return counts

    # -- helpers

    def _insert(self, row: Any) -> int:
        with self.write() as s:
            s.add(row)
            s.flush()
            return int(row.id)

    def _pid_in(self, s: Session, person: PersonRef, *, create: bool = True) -> Any:
        """The person's id inside an open session; the local person is made on first use
        (``create``), an unknown person is a NotFoundError; None if absent and not ``create``."""
        found = _find_person(s, person)
        if found is not None:
            return found
        if person is None and create:
            try:
                with s.begin_nested():
                    row = Person(uid=LOCAL_PERSON_UID, name=LOCAL_PERSON_NAME, created_at=utcnow())
                    s.add(row)
                return row.id
            except IntegrityError:  # another process made it first (PostgreSQL)
                return _find_person(s, person)
        if not create:
            return None
        self.person_id(person, create=False)  # raises the usual NotFoundError
        raise AssertionError("unreachable")  # pragma: no cover

    def _own_entry(self, s: Session, person: PersonRef, entry_id: int) -> DiaryEntryRow:
        pid = _find_person(s, person)
        row = s.get(DiaryEntryRow, entry_id) if pid is not None else None
        if row is None or row.person_id != pid:
            # the same answer whether the entry does not exist or belongs to someone else
            raise NotFoundError(
                f"There is no diary entry {entry_id} in your diary. List your entries (with "
                "their ids) with `backstride diary list` or GET /api/v1/diary.",
                field="entry_id",
            )
        return row

    def _list(
        self, table: type[Any], person: PersonRef, *order: Any, where: Iterable[Any] = ()
    ) -> list[dict[str, Any]]:
        """One query: the person's rows, joined to ``people`` by id, uid or name. Only when
        there are none is the person looked up again (to make the local person, or to say
        that an unknown one does not exist)."""
        stmt = (
            select(table)
            .join(Person, Person.id == table.person_id)
            .where(_person_clause(person), *where)
            .order_by(*order, table.id)
        )
        with self._read_rows(table) as s:
            rows = [self._checked(r) for r in s.scalars(stmt)]
        if not rows:
            self.person_id(person)
        return rows


def _delete_person(s: Session, pid: int) -> dict[str, int]:
    """Children first; the foreign keys cascade too, this makes it explicit and counted."""
    counts: dict[str, int] = {}
    names = list(s.scalars(select(Account.username).where(Account.person_id == pid)))
    attempts = [LoginAttempt.key == f"acct:{n}" for n in names] + [
        LoginAttempt.key.startswith(f"{kind}:{n}|", autoescape=True)
        for n in names
        for kind in ("pair", "ok")
    ]
    accounts = select(Account.id).where(Account.person_id == pid)
    assessments = select(Assessment.id).where(Assessment.person_id == pid)
    steps: list[tuple[str, Any]] = [
        (
            "web_shares",
            delete(Share).where(
                Share.patient_id.in_(accounts)
                | Share.clinician_id.in_(accounts)
                | Share.assessment_id.in_(assessments)
            ),
        ),
        (
            "web_diary_shares",
            delete(DiaryShare).where(
                DiaryShare.patient_id.in_(accounts) | DiaryShare.clinician_id.in_(accounts)
            ),
        ),
        (
            "web_share_invitations",
            delete(ShareInvitation).where(
                ShareInvitation.clinician_id.in_(accounts)
                | ShareInvitation.patient_id.in_(accounts)
            ),
        ),
        ("web_sessions", delete(SessionRow).where(SessionRow.account_id.in_(accounts))),
        ("web_login_failures", delete(LoginAttempt).where(or_(false(), *attempts))),
        ("web_accounts", delete(Account).where(Account.person_id == pid)),
    ]
    steps += [(t.__tablename__, delete(t).where(t.person_id == pid)) for t in PERSON_TABLES]
    steps.append(("people", delete(Person).where(Person.id == pid)))
    for name, stmt in steps:
        result = s.execute(stmt.execution_options(synchronize_session=False))
        counts[name] = int(result.rowcount or 0)  # type: ignore[attr-defined]
    return counts


def _forget_in_backup(path: Any, uid: str | None) -> int:
    """Delete one person (by uid, which a backup shares with the live file) from an upgrade
    backup, whatever its schema revision, then VACUUM so nothing is left in free pages."""
    import sqlite3

    if uid is None:
        return 0
    conn = sqlite3.connect(str(path), timeout=30, isolation_level=None)
    try:
        conn.execute("PRAGMA secure_delete = ON")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        row = conn.execute("SELECT id FROM people WHERE uid = ?", (uid,)).fetchone()
        if row is None:
            return 0
        pid = row[0]
        deleted = 0
        conn.execute("BEGIN IMMEDIATE")
        if {"web_accounts", "web_sessions", "web_shares"} <= tables:
            acc = "SELECT id FROM web_accounts WHERE person_id = ?"
            for sql, args in (
                (
                    f"DELETE FROM web_shares WHERE patient_id IN ({acc}) OR clinician_id IN "
                    f"({acc}) OR assessment_id IN (SELECT id FROM assessments WHERE "
                    "person_id = ?)",
                    (pid, pid, pid),
                ),
                (f"DELETE FROM web_sessions WHERE account_id IN ({acc})", (pid,)),
                *(
                    [
                        (
                            "DELETE FROM web_share_invitations WHERE clinician_id IN "
                            f"({acc}) OR patient_id IN ({acc})",
                            (pid, pid),
                        )
                    ]
                    if "web_share_invitations" in tables
                    else []
                ),
                ("DELETE FROM web_accounts WHERE person_id = ?", (pid,)),
            ):
                deleted += conn.execute(sql, args).rowcount
        for table in PERSON_TABLES:
            name = table.__tablename__
            if name in tables:
                deleted += conn.execute(f"DELETE FROM {name} WHERE person_id = ?", (pid,)).rowcount
        deleted += conn.execute("DELETE FROM people WHERE id = ?", (pid,)).rowcount
        conn.execute("COMMIT")
        conn.execute("VACUUM")
        return deleted
    finally:
        conn.close()


_PERSON_KEYS = ("id", "uid", "name", "created_at", "time_zone")


def _person_view(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k in _PERSON_KEYS}


def row_dict(row: Any) -> dict[str, Any]:
    return {c.key: getattr(row, c.key) for c in row.__table__.columns}


def _person_clause(person: PersonRef) -> Any:
    if person is None:
        return Person.uid == LOCAL_PERSON_UID
    if isinstance(person, int):
        return Person.id == person
    return (Person.uid == person) | (Person.name == person)


def _find_person(s: Session, person: PersonRef) -> int | None:
    stmt = select(Person.id).where(_person_clause(person))
    return s.scalars(stmt.order_by(Person.id)).first()


def _entry_fields(entry: DiaryEntry) -> dict[str, Any]:
    return {
        "day": entry.day,
        "pain_now": entry.pain_now,
        "walk_minutes": entry.walk_minutes,
        "walk_distance_m": entry.walk_distance_m,
        "onset_minutes": entry.onset_minutes,
        "symptom_reach": entry.symptom_reach,
        "relieved_by": entry.relieved_by,
        "notes": entry.notes,
        "activity": entry.activity,
    }
