"""Issue 17, item 1: `backstride forget` really forgets, and ids are never handed out again.

Before the fix, forgetting a clinic user left the account, its sessions and its shares; on
SQLite the next person to register got the old person id and assessment ids, so the forgotten
user (still able to sign in) read the newcomer's data, a stale share showed a clinician an
assessment never shared with them, and the 404 page listed every username in the clinic.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy import func, select, text

from backstride.diary.records import DiaryEntry
from backstride.storage import Store, engine
from backstride.storage.models import (
    Account,
    Assessment,
    LoginAttempt,
    Person,
    SessionRow,
    Share,
)
from tests.security.conftest import PASSWORD, Browser

BIN = str(Path(sys.executable).parent / "backstride")


def _count(app: FastAPI, table: type) -> int:
    with app.state.store.read() as s:
        return int(s.scalar(select(func.count()).select_from(table)) or 0)


def test_forget_removes_the_account_sessions_and_shares(clinic: FastAPI, db_url: str) -> None:
    alice = Browser(clinic).register("alice")
    carol = Browser(clinic, "localhost").register("carol", role="clinician")
    a_id = alice.post("/api/v1/assessments", json={"answers": {"rf": "yes"}}).json()["id"]
    assert alice.post(f"/api/v1/assessments/{a_id}/shares", json={"clinician": "carol"}).is_success
    old_pid = _person_of(clinic, "alice")

    env = {**os.environ, "BACKSTRIDE_DB": db_url}
    r = subprocess.run(
        [BIN, "forget", "--person", "alice", "--yes"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert r.returncode == 0, r.stderr

    assert (_count(clinic, Account), _count(clinic, Share)) == (1, 0)  # only carol is left
    with clinic.state.store.read() as s:  # not even her name in the sign-in records
        keys = list(s.scalars(select(LoginAttempt.key)))
    assert keys and not [k for k in keys if "alice" in k]
    with clinic.state.store.read() as s:
        assert s.scalar(select(func.count()).select_from(SessionRow)) == 1  # carol's
    # the old session is dead, and the password no longer opens anything
    assert alice.get("/api/v1/session").status_code == 401
    assert alice.get("/api/v1/diary").status_code == 401
    again = alice.client.post("/api/v1/session", json={"username": "alice", "password": PASSWORD})
    assert again.status_code == 422
    # a newcomer never gets the forgotten person's ids, and the clinician sees nothing of theirs
    mallory = Browser(clinic).register("mallory")
    new_id = mallory.post("/api/v1/assessments", json={"answers": {"rf": "no"}}).json()["id"]
    assert new_id > a_id and _person_of(clinic, "mallory") > old_pid
    assert carol.get(f"/api/v1/assessments/{a_id}").status_code == 404
    assert carol.get(f"/api/v1/assessments/{new_id}").status_code == 404
    assert carol.get("/api/v1/patients").json() == []


def _person_of(app: FastAPI, username: str) -> int:
    with app.state.store.read() as s:
        return int(s.scalar(select(Account.person_id).where(Account.username == username)))


def test_ids_are_never_reused_after_forget(db_url: str) -> None:
    with Store.open(db_url) as store:
        store.add_person("first")
        last = store.add_person("second")
        aid = store.save_assessment(last, {"a": 1}, {"kb_version": "x"})
        store.forget(last)  # the highest ids go: plain SQLite would hand them out again
        newer = store.add_person("third")
        assert newer > last
        assert store.save_assessment(newer, {"a": 2}, {"kb_version": "x"}) > aid


def test_a_stale_share_grants_nothing(clinic: FastAPI) -> None:
    """Even a share row that survived somehow (an old database, a manual edit) opens nothing
    unless its patient still owns the assessment."""
    alice = Browser(clinic).register("alice")
    bob = Browser(clinic).register("bob")
    carol = Browser(clinic).register("carol", role="clinician")
    b_id = bob.post("/api/v1/assessments", json={"answers": {"rf": "yes"}}).json()["id"]
    with clinic.state.store.write() as s:
        ids = dict(s.execute(select(Account.username, Account.id)).all())
        s.add(Share(assessment_id=b_id, patient_id=ids["alice"], clinician_id=ids["carol"]))
    assert carol.get(f"/api/v1/assessments/{b_id}").status_code == 404
    assert carol.get("/api/v1/patients").json() == []
    assert alice.get(f"/api/v1/assessments/{b_id}").status_code == 404


def test_errors_never_list_other_users(clinic: FastAPI) -> None:
    Browser(clinic).register("alice")
    Browser(clinic).register("bob")
    store = clinic.state.store
    try:
        store.person_id(10**6, create=False)
    except Exception as exc:  # NotFoundError
        message = str(exc)
    assert "alice" not in message and "bob" not in message
    anon = Browser(clinic)
    for url in ("/api/v1/assessments/999", "/my/assessments/999", "/nowhere"):
        r = anon.get(url, headers={"accept": "text/html"})
        assert "alice" not in r.text and "bob" not in r.text


def test_forget_removes_the_person_from_upgrade_backups(tmp_path: Path) -> None:
    """A schema upgrade keeps a copy of the old file; forgetting must reach into it too."""
    db = tmp_path / "old.db"
    eng = engine.create(f"sqlite:///{db}")
    engine.upgrade(eng, "0001")
    with eng.begin() as conn:
        for pid, uid, name in ((1, "local", "Me"), (2, "u-ana", "Ana")):
            conn.execute(
                text("INSERT INTO people (id, uid, name, created_at) VALUES (:i, :u, :n, :t)"),
                {"i": pid, "u": uid, "n": name, "t": "2024-01-02 03:04:05"},
            )
            conn.execute(
                text(
                    "INSERT INTO diary_entries (person_id, created_at, day, notes) "
                    "VALUES (:i, :t, :d, :n)"
                ),
                {"i": pid, "t": "2024-01-02 03:04:05", "d": "2024-01-02", "n": f"secret-of-{uid}"},
            )
    eng.dispose()
    with Store.open(str(db)) as store:  # upgrades, keeping old.db.before-<head>.bak
        [backup] = engine.backup_files(store.engine)
        assert b"secret-of-local" in backup.read_bytes()
        store.add_diary_entry(None, DiaryEntry(day=date.today(), notes="after-upgrade"))
        store.forget(None)
        assert [p["name"] for p in store.list_people()] == ["Ana"]
    conn = sqlite3.connect(backup)
    try:
        assert conn.execute("SELECT uid FROM people").fetchall() == [("u-ana",)]
        assert conn.execute("SELECT notes FROM diary_entries").fetchall() == [("secret-of-u-ana",)]
    finally:
        conn.close()
    for path in (backup, db):  # not in free pages either
        raw = path.read_bytes()
        assert b"secret-of-local" not in raw and b"after-upgrade" not in raw
        assert b"secret-of-u-ana" in raw


def _old_web_tables() -> sa.MetaData:
    """The clinic tables as the web app made them itself before revision 0003."""
    md = sa.MetaData()
    sa.Table(
        "web_accounts", md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(40), unique=True, nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("person_id", sa.Integer, index=True, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )  # fmt: skip
    sa.Table(
        "web_sessions", md,
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("account_id", sa.Integer, index=True, nullable=False),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
    )  # fmt: skip
    sa.Table(
        "web_login_failures", md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(120), index=True, nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
    )  # fmt: skip
    sa.Table(
        "web_shares", md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("assessment_id", sa.Integer, index=True, nullable=False),
        sa.Column("patient_id", sa.Integer, index=True, nullable=False),
        sa.Column("clinician_id", sa.Integer, index=True, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("assessment_id", "clinician_id", name="uq_web_share"),
    )  # fmt: skip
    return md


def test_upgrade_removes_accounts_left_behind_by_the_old_forget(db_url: str) -> None:
    """Databases made before revision 0003 may already hold a forgotten user's account (and
    a share pointing at an id SQLite gave to someone else): the upgrade removes them."""
    eng = engine.create(db_url)
    engine.upgrade(eng, "0002")
    _old_web_tables().create_all(eng)
    t = "2024-01-02 03:04:05"
    with eng.begin() as conn:
        for sql in (
            # person 2 (old alice) was forgotten; its id went to mallory
            f"INSERT INTO people VALUES (1, 'web-c', 'carol', '{t}')",
            f"INSERT INTO people VALUES (2, 'web-m', 'mallory', '{t}')",
            f"INSERT INTO assessments VALUES (5, 2, '{t}', 'v', '{{}}', '{{}}')",
            f"INSERT INTO web_accounts VALUES (1, 'carol', 'h', 'clinician', 1, '{t}')",
            f"INSERT INTO web_accounts VALUES (2, 'alice', 'h', 'patient', 2, '{t}')",
            f"INSERT INTO web_accounts VALUES (3, 'mallory', 'h', 'patient', 2, '{t}')",
            f"INSERT INTO web_accounts VALUES (4, 'ghost', 'h', 'patient', 9, '{t}')",
            f"INSERT INTO web_sessions VALUES ('s-alice', 2, 'c', '{t}')",
            f"INSERT INTO web_sessions VALUES ('s-ghost', 4, 'c', '{t}')",
            f"INSERT INTO web_sessions VALUES ('s-carol', 1, 'c', '{t}')",
            f"INSERT INTO web_shares VALUES (1, 5, 2, 1, '{t}')",  # alice's old share, now id 5
        ):
            conn.execute(text(sql))
    eng.dispose()
    with Store.open(db_url) as store:
        with store.read() as s:
            assert sorted(s.scalars(select(Account.username))) == ["carol", "mallory"]
            assert list(s.scalars(select(SessionRow.token_hash))) == ["s-carol"]
            assert s.scalar(select(func.count()).select_from(Share)) == 0
            assert s.scalar(select(func.count()).select_from(Assessment)) == 1
            assert s.scalar(select(func.count()).select_from(Person)) == 2
        fks = sa.inspect(store.engine).get_foreign_keys("web_shares")
        assert {fk["referred_table"] for fk in fks} == {"assessments", "web_accounts"}
        if store.engine.dialect.name == "sqlite":
            with store.read() as s:
                sql = s.execute(text("SELECT sql FROM sqlite_master WHERE name='people'"))
                assert "AUTOINCREMENT" in sql.scalar()
        # the account tables now cascade with the person
        store.forget("carol")
        with store.read() as s:
            assert list(s.scalars(select(SessionRow.token_hash))) == []


def test_the_forget_command_says_it_cleaned_the_backups(tmp_path: Path) -> None:
    db = tmp_path / "me.db"
    eng = engine.create(f"sqlite:///{db}")
    engine.upgrade(eng, "0002")
    with eng.begin() as conn:
        conn.execute(text("INSERT INTO people VALUES (1, 'local', 'Me', '2024-01-02 03:04:05')"))
    eng.dispose()
    env = {**os.environ, "BACKSTRIDE_DB": str(db)}
    r = subprocess.run(
        [BIN, "forget", "--yes"], capture_output=True, text=True, env=env, timeout=60
    )
    assert r.returncode == 0, r.stderr
    assert "Also removed from 1 upgrade backup file (1 record)" in r.stderr
    conn = sqlite3.connect(f"{db}.before-{engine.HEAD_REVISION}.bak")
    try:
        assert conn.execute("SELECT count(*) FROM people").fetchone() == (0,)
    finally:
        conn.close()
