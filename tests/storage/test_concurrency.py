"""Concurrent writers on a real SQLite file and on PostgreSQL: WAL mode, turns instead of
lock errors, nothing lost; and the diary and progress reads in one query / one transaction.
Behaviour only: no timings are asserted."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text

from backstride.diary.records import DiaryEntry, Walk
from backstride.errors import NotFoundError
from backstride.storage import Store
from backstride.storage.models import DiaryEntryRow
from tests.storage.dbs import BACKENDS, database_url

THREADS = 8
PER_THREAD = 25


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from database_url(request.param, tmp_path)


def test_a_sqlite_file_runs_in_wal_mode_with_a_busy_timeout(tmp_path: Path) -> None:
    with Store.open(str(tmp_path / "wal.db")) as store, store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 30_000
    assert (tmp_path / "wal.db-wal").exists() or (tmp_path / "wal.db").exists()


def test_write_transactions_begin_immediate_on_sqlite(tmp_path: Path) -> None:
    seen: list[str] = []
    with Store.open(str(tmp_path / "begin.db")) as store:
        event.listen(
            store.engine, "before_cursor_execute", lambda *a: seen.append(a[2].strip().upper())
        )
        store.add_diary_entry(None, DiaryEntry(day=date(2024, 3, 1), pain_now=3))
    assert seen[0] == "BEGIN IMMEDIATE"


def _hammer(url: str, stores: int) -> list[int]:
    """THREADS threads add PER_THREAD entries each, through ``stores`` separate Store objects
    (separate engines and pools, as two web workers would have); returns the ids they got."""
    opened = [Store.open(url) for _ in range(stores)]
    opened[0].person_id(None)  # the local person exists before the race
    ids: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(THREADS)

    def writer(n: int) -> None:
        store = opened[n % stores]
        try:
            start.wait()
            for i in range(PER_THREAD):
                entry = DiaryEntry(day=date(2024, 3, 1), pain_now=n % 11, notes=f"{n}-{i}")
                new_id = store.add_diary_entry(None, entry)
                with lock:
                    ids.append(new_id)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for s in opened:
        s.close()
    assert errors == []
    return ids


@pytest.mark.parametrize("stores", [1, 2])
def test_concurrent_writers_lose_nothing(db_url: str, stores: int) -> None:
    ids = _hammer(db_url, stores)
    assert len(ids) == len(set(ids)) == THREADS * PER_THREAD
    with Store.open(db_url) as store:
        rows = store.list_diary_entries()
    assert sorted(r["id"] for r in rows) == sorted(ids)
    assert {r["notes"] for r in rows} == {
        f"{n}-{i}" for n in range(THREADS) for i in range(PER_THREAD)
    }


def test_concurrent_walk_imports_and_diary_writes_lose_nothing(db_url: str) -> None:
    """One thread imports walks (a bigger transaction) while others add diary entries."""
    walks = [
        Walk("gpx", datetime(2024, 3, 1 + i // 24, i % 24), date(2024, 3, 1 + i // 24), 600.0)
        for i in range(24 * 20)
    ]
    with Store.open(db_url) as store:
        store.person_id(None)
        errors: list[BaseException] = []

        def importer() -> None:
            try:
                for k in range(0, len(walks), 48):
                    store.add_walks(None, walks[k : k + 48])
            except BaseException as exc:
                errors.append(exc)

        def diarist(n: int) -> None:
            try:
                for i in range(20):
                    store.add_diary_entry(None, DiaryEntry(day=date(2024, 3, 2), notes=f"{n}/{i}"))
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=importer)] + [
            threading.Thread(target=diarist, args=(n,)) for n in range(4)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert len(store.list_walks()) == len(walks)
        assert len(store.list_diary_entries()) == 4 * 20


def _statements(store: Store) -> list[str]:
    seen: list[str] = []

    def log(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(statement.strip().split()[0].upper())

    event.listen(store.engine, "before_cursor_execute", log)
    return seen


def test_diary_list_is_one_query_and_progress_one_transaction(db_url: str) -> None:
    with Store.open(db_url) as store:
        for day in range(1, 6):
            store.add_diary_entry(None, DiaryEntry(day=date(2024, 3, day), pain_now=day))
        store.add_walks(None, [Walk("gpx", datetime(2024, 3, 2, 9), date(2024, 3, 2), 900.0)])
        seen = _statements(store)
        rows = store.list_diary_entries()
        assert [r["pain_now"] for r in rows] == [1, 2, 3, 4, 5]
        assert seen.count("SELECT") == 1
        seen.clear()
        stored = store.progress_rows()
        assert len(stored["diary"]) == 5 and len(stored["walks"]) == 1
        assert seen.count("BEGIN") <= 1  # SQLite says BEGIN; PostgreSQL begins implicitly
        assert seen.count("SELECT") == 6  # the person, then one per table (programme included)


def test_one_query_reads_still_name_an_unknown_person(db_url: str) -> None:
    with Store.open(db_url) as store:
        store.add_person("Ann")
        assert store.list_diary_entries("Ann") == []
        with pytest.raises(NotFoundError, match=r"No person"):
            store.list_diary_entries("Zed")
        with pytest.raises(NotFoundError):
            store.progress_rows("Zed")
        assert store.count(DiaryEntryRow) == 0
