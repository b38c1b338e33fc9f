"""Real databases for tests: a SQLite file, and a fresh PostgreSQL database per test.

PostgreSQL comes from $BACKSTRIDE_TEST_PG_URL (`.ci/start-postgres.sh` prints one). Without it
the PostgreSQL cases skip locally, but fail in CI (CI=true): there they must run.
"""

from __future__ import annotations

import os
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

PG_ENV = "BACKSTRIDE_TEST_PG_URL"
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def _pg_base_url() -> str:
    url = os.environ.get(PG_ENV)
    in_ci = os.environ.get("CI", "").lower() in ("1", "true", "yes")
    if not url:
        if in_ci:
            pytest.fail(
                f"{PG_ENV} is not set in CI: PostgreSQL tests must run (.ci/start-postgres.sh)"
            )
        pytest.skip(f"{PG_ENV} not set (run .ci/start-postgres.sh to enable PostgreSQL tests)")
    return url


def _admin(base: str):
    import psycopg
    from sqlalchemy.engine import make_url

    u = make_url(base)
    try:
        return psycopg.connect(
            host=u.host,
            port=u.port or 5432,
            user=u.username,
            password=u.password,
            dbname=u.database,
            autocommit=True,
            connect_timeout=5,
        )
    except psycopg.OperationalError as exc:
        pytest.fail(f"PostgreSQL at {u.render_as_string(hide_password=True)} is unreachable: {exc}")


def fresh_pg_database() -> Iterator[str]:
    base = _pg_base_url()
    from sqlalchemy.engine import make_url

    name = f"bs_test_{uuid.uuid4().hex[:12]}"
    with _admin(base) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        _drop(base, name)


def _drop(base: str, name: str, tries: int = 20) -> None:
    """Drop a test database. FORCE ends our own connections to it, but it cannot end a
    server-owned process (an autovacuum worker visiting the new database), so wait and retry
    rather than fail a test that has already passed. A database left behind is only litter."""
    import psycopg

    for attempt in range(tries):
        try:
            with _admin(base) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except (psycopg.errors.InsufficientPrivilege, psycopg.errors.ObjectInUse):
            if attempt == tries - 1:
                print(f"could not drop test database {name}; left for later", file=sys.stderr)
                return
            time.sleep(0.5)


def database_url(backend: str, tmp_path: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'backstride.db'}"
    else:
        yield from fresh_pg_database()


@contextmanager
def database_at(db_url: str, revision: str) -> Iterator[Any]:
    """A database upgraded only to ``revision`` with the local person (id 1) in it, as an older
    version left it: the connection inserts more rows in one transaction, and the engine is
    disposed afterwards, so the test can then open it (and upgrade it) with ``Store.open``."""
    from sqlalchemy import text

    from backstride.storage import engine

    eng = engine.create(engine.resolve_url(db_url))
    engine.upgrade(eng, revision)
    try:
        with eng.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO people (id, uid, name, created_at) VALUES (1, 'local', 'Me', :t)"
                ),
                {"t": "2024-01-02 03:04:05"},
            )
            yield conn
    finally:
        eng.dispose()
