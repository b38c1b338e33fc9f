"""Bulk insert-or-skip for walks and insert-or-update for daily activity (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backstride.diary.records import DailyActivity, Walk
from backstride.storage.models import DailyActivityRow, WalkRow, utcnow

T = TypeVar("T")


def _insert(session: Session, table: Any) -> Any:
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _count(session: Session, table: Any, person_id: int) -> int:
    stmt = select(func.count()).select_from(table).where(table.person_id == person_id)
    return int(session.scalar(stmt) or 0)


def insert_walks(
    session: Session, person_id: int, walks: Iterable[Walk], batch: int
) -> tuple[int, int]:
    """Returns (walks added, walks seen)."""
    before = _count(session, WalkRow, person_id)
    seen = 0
    now = utcnow()
    stmt = _insert(session, WalkRow).on_conflict_do_nothing(
        index_elements=["person_id", "dedupe_key"]
    )
    for chunk in _chunks(walks, batch):
        seen += len(chunk)
        session.execute(
            stmt,
            [
                {
                    "person_id": person_id,
                    "dedupe_key": w.dedupe_key,
                    "source": w.source,
                    "source_file": w.source_file[:500],
                    "started_at": w.started_at,
                    "day": w.day,
                    "duration_s": w.duration_s,
                    "distance_m": w.distance_m,
                    "steps": w.steps,
                    "imported_at": now,
                }
                for w in chunk
            ],
        )
    return _count(session, WalkRow, person_id) - before, seen


def upsert_days(
    session: Session, person_id: int, days: Iterable[DailyActivity], batch: int
) -> tuple[int, int]:
    """Returns (days added, days updated)."""
    before = _count(session, DailyActivityRow, person_id)
    seen = 0
    base = _insert(session, DailyActivityRow)
    table = DailyActivityRow.__table__
    stmt = base.on_conflict_do_update(
        index_elements=["person_id", "day", "source"],
        set_={
            "steps": func.coalesce(base.excluded.steps, table.c.steps),
            "walking_speed_mps": func.coalesce(
                base.excluded.walking_speed_mps, table.c.walking_speed_mps
            ),
        },
    )
    for chunk in _chunks(days, batch):
        seen += len(chunk)
        session.execute(
            stmt,
            [
                {
                    "person_id": person_id,
                    "day": d.day,
                    "source": d.source,
                    "steps": d.steps,
                    "walking_speed_mps": d.walking_speed_mps,
                }
                for d in chunk
            ],
        )
    added = _count(session, DailyActivityRow, person_id) - before
    return added, seen - added
