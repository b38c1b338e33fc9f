"""A database Backstride cannot read as its own (session 24): another program's SQLite file
given with --db, a file written by a newer Backstride, and a schema revision that is not
Backstride's. Before: the foreign file silently got Backstride's 17 tables added (and was
switched to write-ahead logging); the other two stopped every command with an alembic
traceback (after writing a backup copy). Now each is one message naming the file and the
reason, exit code 1, and the file is left byte for byte as it was."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from backstride.storage import engine
from backstride.storage.engine import StorageError
from backstride.storage.store import Store

CLI = "from backstride.cli import main; main()"


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BACKSTRIDE_DB": str(db), "COLUMNS": "400"}
    return subprocess.run(
        [sys.executable, "-c", CLI, *args], capture_output=True, text=True, env=env, timeout=120
    )


def foreign_file(path: Path) -> bytes:
    """A browser-history-like SQLite file of another program, with one row."""
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
        conn.execute("CREATE TABLE moz_bookmarks (id INTEGER PRIMARY KEY, fk INTEGER)")
        conn.execute("INSERT INTO moz_places (url) VALUES ('https://example.org/')")
    conn.close()
    return path.read_bytes()


@pytest.mark.parametrize("command", [("log", "--pain", "3", "--minutes", "20"), ("diary", "list")])
def test_another_program_s_sqlite_file_is_refused_and_left_unchanged(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    db = tmp_path / "places.sqlite"
    before = foreign_file(db)
    r = run(db, *command)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "Traceback" not in r.stderr
    assert "SQLite file of another program" in r.stderr
    assert "'moz_bookmarks', 'moz_places'" in r.stderr  # names what it holds
    assert "--db" in r.stderr and "Nothing was changed" in r.stderr
    assert db.read_bytes() == before  # no tables added, not even switched to WAL
    assert sorted(p.name for p in tmp_path.iterdir()) == ["places.sqlite"]


def test_a_new_and_an_empty_file_still_become_a_diary(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    for db in (tmp_path / "new.db", empty):
        assert run(db, "log", "--pain", "3", "--minutes", "20").returncode == 0
        r = run(db, "log", "--pain", "4", "--minutes", "10")
        assert r.returncode == 0, r.stderr
        assert "entry 2" in r.stdout


@pytest.fixture
def diary(tmp_path: Path) -> Path:
    db = tmp_path / "diary.db"
    r = run(db, "log", "--pain", "4", "--minutes", "25", "--notes", "kept-note-q8")
    assert r.returncode == 0, r.stderr
    return db


def set_revision(db: Path, revision: str) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    conn.close()


@pytest.mark.parametrize(
    ("revision", "names"),
    [
        ("0099", ["newer version of Backstride", "schema revision 0099", "0001 to 0008"]),
        ("garbage", ["'garbage'", "not one of Backstride's", "restore a backup"]),
        ("", ["''", "not one of Backstride's"]),
    ],
)
def test_a_schema_revision_this_version_does_not_know_is_refused(
    diary: Path, revision: str, names: list[str]
) -> None:
    set_revision(diary, revision)
    before = diary.read_bytes()
    for command in (("diary", "list"), ("log", "--pain", "2", "--minutes", "5")):
        r = run(diary, *command)
        assert r.returncode == 1, r.stdout + r.stderr
        assert "Traceback" not in r.stderr
        for name in names:
            assert name in r.stderr, r.stderr
        assert "Nothing was changed" in r.stderr
    assert diary.read_bytes() == before
    assert not list(diary.parent.glob("*.bak"))  # no upgrade backup of a file it cannot read
    # the entry saved before is still there, and opens again once the revision is right
    set_revision(diary, engine.HEAD_REVISION)
    r = run(diary, "diary", "list")
    assert r.returncode == 0 and "kept-note-q8" in r.stdout, r.stderr


def test_the_store_and_the_web_app_refuse_them_too(tmp_path: Path) -> None:
    from backstride.web import Settings, create_app
    from tests.conftest import SMALL_KB

    db = tmp_path / "places.sqlite"
    before = foreign_file(db)
    with pytest.raises(StorageError, match="another program"):
        Store.open(f"sqlite:///{db}")
    with pytest.raises(StorageError, match="another program"):  # clinic mode: at start-up
        create_app(Settings(kb_root=SMALL_KB, db_url=f"sqlite:///{db}", multi_user=True))
    app = create_app(Settings(kb_root=SMALL_KB, db_url=f"sqlite:///{db}"))
    with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as client:
        r = client.get("/api/v1/diary")  # single person: the first request that needs it
    assert r.status_code == 500
    assert "another program" in r.json()["detail"] and "moz_places" in r.json()["detail"]
    assert db.read_bytes() == before


def test_known_revisions_are_the_migration_files() -> None:
    known = engine.known_revisions()
    assert known[0] == "0001" and known[-1] == engine.HEAD_REVISION
    assert len(known) == len(set(known)) == int(engine.HEAD_REVISION)
