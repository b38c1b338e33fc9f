"""Engine set-up: which database, SQLite settings for safe concurrent use, automatic upgrades.

SQLite files run in WAL mode (readers never wait for the writer) with a 30 s busy timeout, and
every write transaction starts with ``BEGIN IMMEDIATE`` so two processes queue for the write lock
instead of failing half-way. Before that, writers take turns
(:func:`writer_turn`): on a lock within one process and on ``flock(FILE.write-lock)`` across
processes, so a waiting writer wakes the moment the previous one commits, instead of sleeping
in SQLite's busy handler (whose back-off grows to 100 ms a try and made the slowest of 8
concurrent writers wait 0.5-1 s). Writers that do not take turns (another program) still meet
the busy handler.
Schema upgrades run on open inside one transaction (serialised by that lock on SQLite and by an
advisory lock on PostgreSQL); before upgrading a SQLite file that already holds data, a copy is
kept beside it (``FILE.before-REV.bak``; ``Store.forget`` removes the person from those too).
Deleted rows are overwritten on disk (``PRAGMA secure_delete``), so forgetting really forgets.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from backstride.errors import BackstrideError, InputError
from backstride.words import count

ENV_VAR = "BACKSTRIDE_DB"
HEAD_REVISION = "0008"  # newest file in migrations/versions (a test checks they agree)
MIGRATIONS_DIR = Path(__file__).parent / "migrations"
BUSY_TIMEOUT_SECONDS = 30  # how long a SQLite writer waits for the write lock
BUSY_RETRY_SECONDS = 5
_PG_LOCK_KEY = 0x6261636B  # "back": serialises concurrent upgrades on PostgreSQL


class StorageError(BackstrideError):
    """The database cannot be opened, upgraded or written (exit 1, HTTP 500).

    Two database refusals are the client's or the moment's, not the server's fault:
    text with a NUL character (PostgreSQL cannot store it) is bad input (exit 2, HTTP 422),
    and a write lock still held after the busy timeout is "try again" (HTTP 503, Retry-After).
    """

    title = "Storage error"

    def __init__(self, message: str, **kw: Any):
        super().__init__(message, **kw)
        low = message.lower()
        if "nul (0x00)" in low or "cannot contain nul" in low:
            self.status, self.exit_code, self.title = 422, 2, "Invalid input"
            self.message = (
                "Text cannot contain NUL characters (\\0). Remove them and try again; "
                "nothing was saved."
            )
            self.args = (self.message,)
        elif "database is locked" in low or "database is busy" in low:
            self.status, self.title = 503, "Database busy"
            self.headers = {"Retry-After": str(BUSY_RETRY_SECONDS)}
            self.message = (
                "The database is busy with another change (a large import?). Nothing was "
                f"saved: try again in {BUSY_RETRY_SECONDS} seconds."
            )
            self.args = (self.message,)


def default_sqlite_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("backstride")) / "backstride.db"


def database_exists(url: str | None = None) -> bool:
    """Whether there is a database to read at ``url`` (as `resolve_url` reads it): a server
    database always counts; a SQLite file only if it is there. Asking creates nothing, so a
    command that only reads can leave a first-time user's disk as it found it."""
    resolved = resolve_url(url)
    if resolved.startswith("sqlite:///"):
        return Path(resolved.removeprefix("sqlite:///")).exists()
    return True


def resolve_url(url: str | None = None) -> str:
    """``--db`` value, else $BACKSTRIDE_DB, else a SQLite file in the user's data directory.

    A plain path means a SQLite file; ``postgresql://`` is read as ``postgresql+psycopg://``.
    """
    url = url or os.environ.get(ENV_VAR) or ""
    if not url:
        path = default_sqlite_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def safe_url(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unreadable URL>"


def create(url: str) -> Engine:
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_SECONDS})
            _tune_sqlite(engine, in_memory=parsed.database in (None, "", ":memory:"))
        else:
            engine = create_engine(url, pool_pre_ping=True)
    except (ArgumentError, NoSuchModuleError) as exc:
        raise InputError(
            f"Cannot use database URL {safe_url(url)!r}: {exc}. Use a file path, sqlite:///FILE "
            "or postgresql+psycopg://USER:PASSWORD@HOST/DB.",
            field="db",
        ) from None
    return engine


def _tune_sqlite(engine: Engine, *, in_memory: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # SQLAlchemy's "begin" hook below emits BEGIN itself
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")
        if not in_memory:
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA secure_delete = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        conn.exec_driver_sql(f"BEGIN {mode}")


_WRITER_LOCKS: dict[str, threading.RLock] = {}
_WRITER_LOCKS_GUARD = threading.Lock()


def _writer_lock(engine: Engine) -> threading.RLock | None:
    """One lock per SQLite file in this process (shared by every Store open on it)."""
    if engine.dialect.name != "sqlite":
        return None
    key = os.path.realpath(engine.url.database) if engine.url.database else ":memory:"
    with _WRITER_LOCKS_GUARD:
        return _WRITER_LOCKS.setdefault(key, threading.RLock())


_FLOCK_WAITERS = None  # a small thread pool for blocking waits on the cross-process lock


@contextmanager
def writer_turn(engine: Engine) -> Iterator[None]:
    """Wait (up to the busy timeout) for this process's, then this file's, turn to write.

    In this process, writers to one SQLite file queue on a lock; across processes (two web
    workers, an import in a terminal) they queue on ``flock`` of ``FILE.write-lock``, which
    the kernel hands on the moment it is released. Either wait is bounded by the busy timeout:
    a turn not had by then is a StorageError "database is busy" (HTTP 503). PostgreSQL needs
    no turn: its writers lock rows, not the whole database.
    """
    lock = _writer_lock(engine)
    if lock is None:
        yield
        return
    if not lock.acquire(timeout=BUSY_TIMEOUT_SECONDS):
        raise _busy(engine)
    try:
        fd = _file_turn(engine)
        try:
            yield
        finally:
            if fd is not None:
                os.close(fd)  # closing releases the flock
    finally:
        lock.release()


def _busy(engine: Engine) -> StorageError:
    return StorageError(
        f"The database {safe_url(str(engine.url))} is busy: another writer held it for "
        f"{BUSY_TIMEOUT_SECONDS} s."
    )


def _file_turn(engine: Engine) -> int | None:
    """An exclusive ``flock`` on the file beside the database, or None where there is none
    (in memory, or a folder we cannot write: SQLite's own busy timeout still applies)."""
    import fcntl
    from concurrent.futures import ThreadPoolExecutor
    from concurrent.futures import TimeoutError as FutureTimeout

    global _FLOCK_WAITERS
    path = engine.url.database
    if not path or path == ":memory:":
        return None
    try:
        fd = os.open(f"{path}.write-lock", os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return fd
    except BlockingIOError:
        pass
    with _WRITER_LOCKS_GUARD:
        if _FLOCK_WAITERS is None:
            _FLOCK_WAITERS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="bs-flock")
    waiting = _FLOCK_WAITERS.submit(fcntl.flock, fd, fcntl.LOCK_EX)  # blocks in the kernel
    try:
        waiting.result(timeout=BUSY_TIMEOUT_SECONDS)
        return fd
    except FutureTimeout:
        waiting.add_done_callback(lambda _f: os.close(fd))  # given up: release when granted
        raise _busy(engine) from None


def current_revision(engine: Engine) -> str | None:
    reader = engine.execution_options(sqlite_begin="DEFERRED")
    try:
        with reader.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError as exc:
        if _is_missing_table(exc):
            return None
        raise StorageError(
            f"Cannot open the database {safe_url(str(engine.url))}: {_reason(exc)}"
        ) from None


def _is_missing_table(exc: DBAPIError) -> bool:
    msg = str(exc.orig).lower()
    return "no such table" in msg or ("does not exist" in msg and "alembic_version" in msg)


def _reason(exc: DBAPIError) -> str:
    return str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)


def known_revisions() -> list[str]:
    """The schema revisions this version can read, oldest first (one file each)."""
    return sorted(
        p.name[:4] for p in (MIGRATIONS_DIR / "versions").glob("[0-9][0-9][0-9][0-9]_*.py")
    )


def _check_known(engine: Engine, current: str | None) -> None:
    """Refuse, before anything is written, a database whose schema this version cannot read:
    one made by a newer Backstride, or one whose revision is not Backstride's."""
    where = safe_url(str(engine.url))
    known = known_revisions()
    if current is not None and current not in known:
        newer = current.isdigit() and len(current) == 4 and current > HEAD_REVISION
        why = (
            f"it was written by a newer version of Backstride (schema revision {current}; "
            f"this version reads revisions {known[0]} to {HEAD_REVISION}). Update Backstride "
            "(pip install -U backstride) to open it"
            if newer
            else f"its schema revision is {str(current)[:40]!r}, which is not one of "
            f"Backstride's ({known[0]} to {HEAD_REVISION}). It was damaged or made by "
            "another program; restore a backup"
        )
        raise StorageError(f"Cannot open the database {where}: {why}. Nothing was changed.")


def _foreign_tables(engine: Engine) -> list[str]:
    """The tables of a SQLite file that has no Backstride revision ([] for a new or empty
    file, a Backstride file, PostgreSQL or memory). Read with the file opened read-only, so
    that a foreign file is not changed at all (not even switched to write-ahead logging)."""
    path = engine.url.database
    if engine.dialect.name != "sqlite" or not path or path == ":memory:":
        return []
    db = Path(path)
    if not db.is_file() or db.stat().st_size == 0:
        return []
    from urllib.parse import quote

    try:
        conn = sqlite3.connect(f"file:{quote(str(db.resolve()))}?mode=ro", uri=True, timeout=5)
        try:
            names = [
                str(row[0])
                for row in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%' ORDER BY name"
                )
            ]
        finally:
            conn.close()
    except sqlite3.Error:  # not a database, locked, ...: the usual opening names the reason
        return []
    return [] if "alembic_version" in names else names


def _refuse_foreign(engine: Engine) -> None:
    """Backstride must not add its tables to another program's SQLite file (a mistyped
    --db): refuse it, naming some of its tables, before anything is written."""
    tables = _foreign_tables(engine)
    if not tables:
        return
    shown = ", ".join(repr(t[:40]) for t in tables[:5])
    more = f" and {len(tables) - 5} more" if len(tables) > 5 else ""
    raise StorageError(
        f"Cannot use the database {safe_url(str(engine.url))}: it is a SQLite file of another "
        f"program (it holds the tables {shown}{more}, and no Backstride data). Backstride keeps "
        "its diary in a file of its own: give a new file name with --db (or BACKSTRIDE_DB), or "
        "the file Backstride made. Nothing was changed."
    )


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (default: newest). Cheap when already there."""
    _refuse_foreign(engine)
    current = current_revision(engine)
    if revision == "head" and current == HEAD_REVISION:
        return
    _check_known(engine, current)
    from alembic import command
    from alembic.config import Config
    from alembic.util import CommandError

    if current is not None and engine.dialect.name == "sqlite":
        _backup_sqlite(engine)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    try:
        with engine.connect() as conn:
            sqlite = conn.dialect.name == "sqlite"
            if sqlite:  # rebuilding a parent table must not cascade-delete its children
                _raw_sqlite(conn, "PRAGMA foreign_keys = OFF")
            try:
                with conn.begin():
                    if not sqlite:
                        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
                    cfg.attributes["connection"] = conn
                    command.upgrade(cfg, revision)
                    if sqlite:
                        _check_foreign_keys(conn)
            finally:
                if sqlite:
                    _raw_sqlite(conn, "PRAGMA foreign_keys = ON")
    except DBAPIError as exc:
        raise StorageError(
            f"Cannot open or upgrade the database {safe_url(str(engine.url))}: {_reason(exc)}. "
            "Nothing was changed."
        ) from None
    except CommandError as exc:  # a revision alembic cannot place (the check above names most)
        raise StorageError(
            f"Cannot upgrade the database {safe_url(str(engine.url))}: {exc}. Nothing was changed."
        ) from None


def _raw_sqlite(conn: Any, sql: str) -> None:
    """A PRAGMA outside any transaction (SQLite ignores foreign_keys inside one)."""
    conn.connection.dbapi_connection.execute(sql)


def _check_foreign_keys(conn: Any) -> None:
    bad = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if bad:
        raise StorageError(
            f"The upgrade would leave {count(len(bad), 'row')} pointing at nothing "
            f"(first: table {bad[0][0]}). Nothing was changed."
        )


def backup_files(engine: Engine) -> list[Path]:
    """The copies ``upgrade`` kept beside a SQLite file (none for PostgreSQL)."""
    path = engine.url.database
    if engine.dialect.name != "sqlite" or not path or path == ":memory:":
        return []
    db = Path(path)
    return sorted(db.parent.glob(f"{db.name}.before-*.bak"))


def _backup_sqlite(engine: Engine) -> None:
    """Keep a copy of a SQLite file that holds data from an older schema, before upgrading."""
    path = engine.url.database
    if not path or path == ":memory:":
        return
    source = sqlite3.connect(path, timeout=30)
    dest = sqlite3.connect(f"{path}.before-{HEAD_REVISION}.bak")
    try:
        source.backup(dest)
    finally:
        dest.close()
        source.close()
