"""Bulk insert-or-skip for walks and insert-or-merge for daily activity (SQLite and PostgreSQL).

Daily steps are never lowered or erased by an import: see ``merge_days``.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import astuple, dataclass
from datetime import datetime, timedelta
from itertools import islice
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from backstride import limits
from backstride.diary.records import DailyActivity, Walk
from backstride.storage.models import DailyActivityRow, WalkRow, utcnow

if TYPE_CHECKING:
    from backstride.storage.store import PersonRef, Store

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


def stored_name(name: str) -> str:
    """A file name as text the database can hold: bytes that are not UTF-8 (a Linux file name
    arrives with them as surrogates) become U+FFFD, NUL is dropped, at most 500 characters."""
    try:
        text = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a lone surrogate that is not an escaped byte
        text = re.sub("[\ud800-\udfff]", "\ufffd", name)
    return text.replace("\x00", "")[:500]


#: characters that move or hide the text around them (bidi controls, line separators, BOM)
_HIDDEN = frozenset(
    "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029\ufeff"
)
SENT_NAME_CHARS = 200


def sent_name(name: str, limit: int = SENT_NAME_CHARS) -> str:
    """The name of a file a person sent (a web or API upload), as it is shown and stored: its
    last part only (no folders, with either slash), no control or text-direction characters,
    text the database can hold (``stored_name``), at most ``limit`` characters with the
    extension kept. "" when nothing is left. The name never becomes a path on the server."""
    base = stored_name(name).replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in base if unicodedata.category(c) != "Cc" and c not in _HIDDEN).strip()
    if base in {".", ".."}:
        return ""
    if len(base) > limit:
        stem, dot, ext = base.rpartition(".")
        if dot and stem and len(ext) <= 10:
            base = stem[: limit - len(ext) - 2] + "\u2026." + ext
        else:
            base = base[: limit - 1] + "\u2026"
    return base


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
    # A walk already stored keeps its row; only its activity follows the file (rows stored
    # before revision 0005 were all "walk", so importing the file again puts a run right).
    insert = _insert(session, WalkRow.__table__)
    stmt = insert.on_conflict_do_update(
        index_elements=["person_id", "dedupe_key"],
        set_={"activity": insert.excluded.activity},
        where=WalkRow.__table__.c.activity != insert.excluded.activity,
    )
    conn = session.connection()  # Core, not the ORM's bulk path: half the time under the lock
    for chunk in _chunks(walks, batch):
        seen += len(chunk)
        conn.execute(
            stmt,
            [
                {
                    "person_id": person_id,
                    "dedupe_key": w.dedupe_key,
                    "source": w.source,
                    "source_file": sent_name(w.source_file) or "walk file",
                    "started_at": w.started_at,
                    "day": w.day,
                    "duration_s": w.duration_s,
                    "distance_m": w.distance_m,
                    "steps": w.steps,
                    "activity": w.activity,
                    "imported_at": now,
                }
                for w in chunk
            ],
        )
    return _count(session, WalkRow, person_id) - before, seen


@dataclass(frozen=True)
class DayCounts:
    """What an import did to stored daily activity (merge rule in ``merge_days``)."""

    added: int = 0
    raised: int = 0  # the file had a higher step count: the day now shows it
    kept: int = 0  # the file had a lower step count: the stored day was kept as it was
    unchanged: int = 0  # the file said the same (or nothing new)

    def __add__(self, other: DayCounts) -> DayCounts:
        return DayCounts(*(a + b for a, b in zip(astuple(self), astuple(other), strict=True)))


def _larger(new: Any, old: Any) -> Any:
    """SQL: the larger of two values, where NULL means 'no value' (both dialects)."""
    return case((new.is_(None), old), (old.is_(None), new), (new > old, new), else_=old)


def merge_days(
    session: Session, person_id: int, days: Iterable[DailyActivity], batch: int
) -> DayCounts:
    """Insert new days; for a day already stored from the same source the LARGER step count
    wins, and the walking speed comes with the steps it was recorded with (the new speed only
    if the file's steps are not lower). A day's steps only grow as more devices sync, so a
    lower count means an older or partial export: it never lowers or erases what is stored.
    """
    base = _insert(session, DailyActivityRow)
    table = DailyActivityRow.__table__
    new_steps, old_steps = base.excluded.steps, table.c.steps
    not_lower = or_(new_steps.is_(None), old_steps.is_(None), new_steps >= old_steps)
    stmt = base.on_conflict_do_update(
        index_elements=["person_id", "day", "source"],
        set_={
            "steps": _larger(new_steps, old_steps),
            "walking_speed_mps": case(
                (
                    and_(not_lower, base.excluded.walking_speed_mps.is_not(None)),
                    base.excluded.walking_speed_mps,
                ),
                else_=table.c.walking_speed_mps,
            ),
        },
    )
    total = DayCounts()
    for chunk in _chunks(days, batch):
        total += _classify(session, person_id, chunk)
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
    return total


def _classify(session: Session, person_id: int, chunk: list[DailyActivity]) -> DayCounts:
    """Compare a chunk with what is stored, before it is written (for the report)."""
    t = DailyActivityRow
    stored = {
        (day, source): (steps, speed)
        for day, source, steps, speed in session.execute(
            select(t.day, t.source, t.steps, t.walking_speed_mps).where(
                t.person_id == person_id, t.day.in_({d.day for d in chunk})
            )
        )
    }
    added = raised = kept = unchanged = 0
    for d in chunk:
        old = stored.get((d.day, d.source))
        if old is None:
            added += 1
            stored[(d.day, d.source)] = (d.steps, d.walking_speed_mps)
            continue
        old_steps, old_speed = old
        if d.steps is not None and old_steps is not None and d.steps < old_steps:
            kept += 1
        elif (d.steps is not None and d.steps != old_steps) or (
            d.walking_speed_mps is not None and d.walking_speed_mps != old_speed
        ):
            raised += 1
        else:
            unchanged += 1
    return DayCounts(added, raised, kept, unchanged)


def upsert_days(
    session: Session, person_id: int, days: Iterable[DailyActivity], batch: int
) -> tuple[int, int]:
    """Returns (days added, days changed); the merge rule is ``merge_days``'s."""
    counts = merge_days(session, person_id, days, batch)
    return counts.added, counts.raised


@dataclass(frozen=True)
class ImportReport:
    """What storing one file did: walks added or already there, and the days' merge."""

    walks_added: int
    walks_already_stored: int
    days: DayCounts
    #: walks not stored: the same time as a walk already stored (``drop_overlapping``)
    overlapping: tuple[Overlap, ...] = ()

    @property
    def days_added(self) -> int:
        return self.days.added

    @property
    def days_updated(self) -> int:
        return self.days.raised


def store_walks(
    store: Store,
    person: PersonRef,
    walks: Iterable[Walk],
    days: Iterable[DailyActivity] = (),
    batch: int = 500,
) -> ImportReport:
    """One file's walks and days in ONE short transaction: all of it or none of it.

    The write lock is held only while rows are written (the file was parsed before), and the
    rows per file are bounded (``limits.MAX_WALKS_PER_FILE``; days by the date range), so the
    lock stays far below the 30 s that other writers wait for it.
    """
    from backstride.storage.stored_checks import decoding

    pid = store.person_id(person)
    with store.write() as s:
        # the stored walks and days are read to match the new ones: a damaged one is named
        with decoding(store.url, "walks"):
            kept, overlapping = drop_overlapping(s, pid, list(walks))
            added, seen = insert_walks(s, pid, kept, batch)
        with decoding(store.url, "daily_activity"):
            counts = merge_days(s, pid, days, batch)
    return ImportReport(added, seen - added, counts, tuple(overlapping))


@dataclass(frozen=True)
class Overlap:
    """A walk from a file that was not stored, and the stored walk it is the same as."""

    started_at: datetime  # naive UTC, as stored
    stored_started_at: datetime
    stored_file: str
    #: the walk it repeats came earlier in the same file (recorded twice there), not stored
    same_file: bool = False


def _shared(a: tuple[datetime, float], b: tuple[datetime, float]) -> bool:
    """Two walks (start, seconds) share more than ``limits.SAME_WALK_OVERLAP`` of the
    shorter one's time."""
    shorter = min(a[1], b[1])
    if shorter <= 0:
        return False
    end = min(a[0] + timedelta(seconds=a[1]), b[0] + timedelta(seconds=b[1]))
    shared = (end - max(a[0], b[0])).total_seconds()
    return shared > limits.SAME_WALK_OVERLAP * shorter


def drop_overlapping(
    session: Session, person_id: int, walks: list[Walk]
) -> tuple[list[Walk], list[Overlap]]:
    """The walks to store, and those left out: a walk that shares more than half of the
    shorter one's time with a walk already stored (or one earlier in the same file) is the
    same walk recorded twice, by a watch and a phone, or exported from two apps. A walk whose
    identity (``dedupe_key``) is stored already is kept: importing a file again adds nothing
    and counts it as already stored."""
    if not walks:
        return walks, []
    w = WalkRow
    longest = timedelta(seconds=limits.WALK_SECONDS.hi)
    first = min(x.started_at for x in walks) - longest
    last = max(x.started_at + timedelta(seconds=x.duration_s) for x in walks)
    rows = session.execute(
        select(w.dedupe_key, w.started_at, w.duration_s, w.source_file)
        .where(w.person_id == person_id, w.started_at >= first, w.started_at <= last)
        .order_by(w.started_at)
    ).all()
    stored_keys = {r.dedupe_key for r in rows}
    stored = [(r.started_at, float(r.duration_s or 0), r.source_file or "") for r in rows]
    starts = [r[0] for r in stored]
    accepted: list[tuple[datetime, float, str]] = []  # this file's, in order of start
    kept: list[Walk] = []
    dropped: list[Overlap] = []
    for walk in sorted(walks, key=lambda x: x.started_at):
        if walk.dedupe_key in stored_keys:
            kept.append(walk)
            continue
        me = (walk.started_at, walk.duration_s)
        end = walk.started_at + timedelta(seconds=walk.duration_s)
        lo = bisect_left(starts, walk.started_at - longest)
        hi = bisect_right(starts, end)
        same = next((r for r in stored[lo:hi] if _shared(me, (r[0], r[1]))), None)
        in_file = False
        for r in reversed(accepted):  # this file's walks that started up to 2 days before
            if same is not None or r[0] < walk.started_at - longest:
                break
            if _shared(me, (r[0], r[1])):
                same, in_file = r, True
        if same is not None:
            dropped.append(Overlap(walk.started_at, same[0], same[2], same_file=in_file))
            continue
        accepted.append((walk.started_at, walk.duration_s, walk.source_file))
        kept.append(walk)
    return kept, dropped
