"""SQLAlchemy tables. Datetimes are naive UTC; ``day`` columns are the person's local date.

The schema is created and upgraded only by the Alembic migrations in ``migrations/``; these
classes must match the newest revision (tests/storage/test_migrations.py checks that).
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


def _person_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)


class Person(Base):
    __tablename__ = "people"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Assessment(Base):
    __tablename__ = "assessments"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = _person_fk()
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    kb_version: Mapped[str] = mapped_column(String(64))
    answers: Mapped[dict[str, Any]]
    result: Mapped[dict[str, Any]]


class SelfTestResult(Base):
    __tablename__ = "selftest_results"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = _person_fk()
    taken_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    test_id: Mapped[str] = mapped_column(String(100))
    outcome: Mapped[str] = mapped_column(String(100))
    details: Mapped[dict[str, Any]]


class DiaryEntryRow(Base):
    __tablename__ = "diary_entries"
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


class QuestionnaireScore(Base):
    __tablename__ = "questionnaire_scores"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = _person_fk()
    taken_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    instrument: Mapped[str] = mapped_column(String(64))
    scores: Mapped[dict[str, Any]]


class Plan(Base):
    __tablename__ = "plans"
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
    __table_args__ = (UniqueConstraint("person_id", "dedupe_key", name="uq_walks_person_key"),)
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


class DailyActivityRow(Base):
    __tablename__ = "daily_activity"
    __table_args__ = (
        UniqueConstraint("person_id", "day", "source", name="uq_daily_activity_person_day_source"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = _person_fk()
    day: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(32))
    steps: Mapped[int | None] = mapped_column(Integer)
    walking_speed_mps: Mapped[float | None] = mapped_column(Float)
