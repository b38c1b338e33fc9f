"""SQLAlchemy tables. Datetimes are naive UTC; ``day`` columns are the person's local date.

The schema is created and upgraded only by the Alembic migrations in ``migrations/``; these
classes must match the newest revision (tests/storage/test_migrations.py checks that).

Ids are never reused: every table with an integer id is ``AUTOINCREMENT`` on SQLite (revision
0003; PostgreSQL sequences never go back anyway), so a link, share or session that named a
deleted row can never name somebody else's row later.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

JsonType = JSON().with_variant(JSONB(), "postgresql")


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JsonType}


#: table options for every table with an integer id (see the module docstring)
NO_REUSE: dict[str, Any] = {"sqlite_autoincrement": True}


def _person_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)


class Person(Base):
    __tablename__ = "people"
    __table_args__ = NO_REUSE
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # revision 0007: the person's IANA time zone (NULL: not set yet; see backstride.timezones)
    time_zone: Mapped[str | None] = mapped_column(String(64), nullable=True)


class Assessment(Base):
    __tablename__ = "assessments"
    __table_args__ = NO_REUSE
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = _person_fk()
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    kb_version: Mapped[str] = mapped_column(String(64))
    answers: Mapped[dict[str, Any]]
    result: Mapped[dict[str, Any]]


class SelfTestResult(Base):
    __tablename__ = "selftest_results"
    __table_args__ = NO_REUSE
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = _person_fk()
    taken_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    test_id: Mapped[str] = mapped_column(String(100))
    outcome: Mapped[str] = mapped_column(String(100))
    details: Mapped[dict[str, Any]]


class DiaryEntryRow(Base):
    __tablename__ = "diary_entries"
    __table_args__ = NO_REUSE
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = _person_fk()
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    day: Mapped[date] = mapped_column(Date, index=True)
    pain_now: Mapped[int | None] = mapped_column(Integer)
    walk_minutes: Mapped[float | None] = mapped_column(Float)
    walk_distance_m: Mapped[float | None] = mapped_column(Float)
    onset_minutes: Mapped[float | None] = mapped_column(Float)
    symptom_reach: Mapped[str | None] = mapped_column(String(32))
    relieved_by: Mapped[str | None] = mapped_column(String(32))
    notes: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)  # rev. 0005
    # revision 0008: walk or run (diary.records.DIARY_ACTIVITIES); older entries are walks
    activity: Mapped[str] = mapped_column(String(16), default="walk", server_default="walk")


class QuestionnaireScore(Base):
    __tablename__ = "questionnaire_scores"
    __table_args__ = NO_REUSE
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = _person_fk()
    taken_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    instrument: Mapped[str] = mapped_column(String(64))
    scores: Mapped[dict[str, Any]]


class Plan(Base):
    __tablename__ = "plans"
    __table_args__ = NO_REUSE
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = _person_fk()
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    plan: Mapped[dict[str, Any]]


class ProgrammeState(Base):
    __tablename__ = "programme_states"
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    state: Mapped[dict[str, Any]]


# ---- revision 0002: imported walks and daily activity


class WalkRow(Base):
    __tablename__ = "walks"
    __table_args__ = (
        UniqueConstraint("person_id", "dedupe_key", name="uq_walks_person_key"),
        NO_REUSE,
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = _person_fk()
    dedupe_key: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(32))
    source_file: Mapped[str] = mapped_column(String(500))
    started_at: Mapped[datetime] = mapped_column(DateTime)
    day: Mapped[date] = mapped_column(Date, index=True)
    duration_s: Mapped[float] = mapped_column(Float)
    distance_m: Mapped[float | None] = mapped_column(Float)
    steps: Mapped[int | None] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # revision 0005: walk, hike or run, as the device file said (diary.records.ACTIVITIES)
    activity: Mapped[str] = mapped_column(String(16), default="walk", server_default="walk")


class DailyActivityRow(Base):
    __tablename__ = "daily_activity"
    __table_args__ = (
        UniqueConstraint("person_id", "day", "source", name="uq_daily_activity_person_day_source"),
        NO_REUSE,
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = _person_fk()
    day: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(32))
    steps: Mapped[int | None] = mapped_column(Integer)
    walking_speed_mps: Mapped[float | None] = mapped_column(Float)


# ---- revision 0003: clinic accounts, sessions, login attempts and shares (web_ tables)
# Each account owns one person; deleting the person deletes the account, its sessions and every
# share made by it, to it, or of the person's assessments (ON DELETE CASCADE, and Store.forget
# deletes them explicitly too).


class Account(Base):
    __tablename__ = "web_accounts"
    __table_args__ = NO_REUSE
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    person_id: Mapped[int] = _person_fk()
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


def _account_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("web_accounts.id", ondelete="CASCADE"), index=True)


class SessionRow(Base):
    __tablename__ = "web_sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[int] = _account_fk()
    csrf: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(DateTime)


class LoginAttempt(Base):
    """One sign-in attempt counted against a key (``addr:``, ``acct:``, ``pair:``), or a
    successful sign-in remembered for an account from an address (``ok:``)."""

    __tablename__ = "web_login_failures"
    __table_args__ = NO_REUSE
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(120), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)


class Share(Base):
    __tablename__ = "web_shares"
    __table_args__ = (
        UniqueConstraint("assessment_id", "clinician_id", name="uq_web_share"),
        NO_REUSE,
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), index=True
    )
    patient_id: Mapped[int] = _account_fk()
    clinician_id: Mapped[int] = _account_fk()
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


# ---- revision 0004: diary shares and clinician invitations


class DiaryShare(Base):
    """A patient lets one clinician see their diary, walks, questionnaires and programme
    (sharing an assessment alone shares that assessment only)."""

    __tablename__ = "web_diary_shares"
    __table_args__ = (
        UniqueConstraint("patient_id", "clinician_id", name="uq_web_diary_share"),
        NO_REUSE,
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = _account_fk()
    clinician_id: Mapped[int] = _account_fk()
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Invitation(Base):
    """A one-time code that lets one person register as a clinician (only its hash is kept)."""

    __tablename__ = "web_invitations"
    __table_args__ = NO_REUSE
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


# ---- revision 0007: a clinician invites a patient to share


class ShareInvitation(Base):
    """A clinician's one-time request that a patient share with them (only the code's hash is
    kept). Nothing is shared until the patient accepts; ``status`` is ``pending``,
    ``accepted``, ``declined`` or ``revoked`` (a pending one past ``expires_at`` is expired).
    ``label`` is the clinician's own note (a first name, an appointment), never health data."""

    __tablename__ = "web_share_invitations"
    __table_args__ = NO_REUSE
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    clinician_id: Mapped[int] = _account_fk()
    label: Mapped[str] = mapped_column(String(60), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    answered_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    patient_id: Mapped[int | None] = mapped_column(
        ForeignKey("web_accounts.id", ondelete="CASCADE"), index=True, nullable=True
    )
