"""Ids are never reused, and clinic accounts, sessions and shares belong to a person.

Revision ID: 0003
Revises: 0002

* SQLite: every table with an integer id is rebuilt as ``AUTOINCREMENT``, so a deleted row's id
  is never handed out again (PostgreSQL sequences already never go back).
* The clinic tables (``web_*``), made until now by the web app itself, move under the
  migrations, with foreign keys: an account belongs to a person, sessions and shares to
  accounts, a share to an assessment, all ``ON DELETE CASCADE``.
* Rows left behind by ``forget`` before this revision are removed first: accounts whose
  person is gone (or whose person id was handed to a newer account), their sessions, and any
  share that no longer joins a patient to their own assessment.

``engine.upgrade`` runs this with SQLite's foreign-key enforcement off (rebuilding a parent
table would otherwise cascade-delete its children) and checks every key before committing.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

CORE = (
    "people",
    "assessments",
    "selftest_results",
    "diary_entries",
    "questionnaire_scores",
    "plans",
    "walks",
    "daily_activity",
)
AUTOINCREMENT = {"sqlite_autoincrement": True}

# foreign keys of the clinic tables: table -> [(name, column, parent table)]
WEB_FKS = {
    "web_accounts": [("fk_web_accounts_person", "person_id", "people")],
    "web_sessions": [("fk_web_sessions_account", "account_id", "web_accounts")],
    "web_shares": [
        ("fk_web_shares_assessment", "assessment_id", "assessments"),
        ("fk_web_shares_patient", "patient_id", "web_accounts"),
        ("fk_web_shares_clinician", "clinician_id", "web_accounts"),
    ],
}

CLEANUP = (
    # accounts whose person was deleted by an older `forget`
    "DELETE FROM web_accounts WHERE person_id NOT IN (SELECT id FROM people)",
    # an older account pointing at a person id that SQLite later gave to a newer account
    "DELETE FROM web_accounts WHERE EXISTS (SELECT 1 FROM web_accounts AS newer "
    "WHERE newer.person_id = web_accounts.person_id AND newer.id > web_accounts.id)",
    "DELETE FROM web_sessions WHERE account_id NOT IN (SELECT id FROM web_accounts)",
    "DELETE FROM web_shares WHERE assessment_id NOT IN (SELECT id FROM assessments) "
    "OR patient_id NOT IN (SELECT id FROM web_accounts) "
    "OR clinician_id NOT IN (SELECT id FROM web_accounts) "
    "OR NOT EXISTS (SELECT 1 FROM web_accounts AS a JOIN assessments AS s "
    "ON s.person_id = a.person_id "
    "WHERE a.id = web_shares.patient_id AND s.id = web_shares.assessment_id)",
)


def _fk(column: str, parent: str, name: str) -> sa.Column:
    return sa.Column(
        column,
        sa.Integer,
        sa.ForeignKey(f"{parent}.id", ondelete="CASCADE", name=name),
        nullable=False,
    )


def _create_web_table(name: str) -> None:
    fks = {col: (fk_name, parent) for fk_name, col, parent in WEB_FKS.get(name, [])}

    def ref(col: str) -> sa.Column:
        fk_name, parent = fks[col]
        return _fk(col, parent, fk_name)

    if name == "web_accounts":
        op.create_table(
            name,
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("username", sa.String(40), nullable=False, unique=True),
            sa.Column("password_hash", sa.String(200), nullable=False),
            sa.Column("role", sa.String(16), nullable=False),
            ref("person_id"),
            sa.Column("created_at", sa.DateTime, nullable=False),
            **AUTOINCREMENT,
        )
        op.create_index("ix_web_accounts_person_id", name, ["person_id"])
    elif name == "web_sessions":
        op.create_table(
            name,
            sa.Column("token_hash", sa.String(64), primary_key=True),
            ref("account_id"),
            sa.Column("csrf", sa.String(64), nullable=False),
            sa.Column("expires_at", sa.DateTime, nullable=False),
        )
        op.create_index("ix_web_sessions_account_id", name, ["account_id"])
    elif name == "web_login_failures":
        op.create_table(
            name,
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("key", sa.String(120), nullable=False),
            sa.Column("at", sa.DateTime, nullable=False),
            **AUTOINCREMENT,
        )
        op.create_index("ix_web_login_failures_key", name, ["key"])
    elif name == "web_shares":
        op.create_table(
            name,
            sa.Column("id", sa.Integer, primary_key=True),
            ref("assessment_id"),
            ref("patient_id"),
            ref("clinician_id"),
            sa.Column("created_at", sa.DateTime, nullable=False),
            sa.UniqueConstraint("assessment_id", "clinician_id", name="uq_web_share"),
            **AUTOINCREMENT,
        )
        for col in ("assessment_id", "patient_id", "clinician_id"):
            op.create_index(f"ix_web_shares_{col}", name, [col])


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    existing = set(sa.inspect(bind).get_table_names())
    web = ("web_accounts", "web_sessions", "web_login_failures", "web_shares")
    if {"web_accounts", "web_sessions", "web_shares"} <= existing:
        for statement in CLEANUP:
            op.execute(statement)
    if sqlite:
        for name in CORE:
            with op.batch_alter_table(name, recreate="always", table_kwargs=AUTOINCREMENT):
                pass
    for name in web:
        if name not in existing:
            _create_web_table(name)
            continue
        if sqlite:
            kwargs = AUTOINCREMENT if name != "web_sessions" else {}
            with op.batch_alter_table(name, recreate="always", table_kwargs=kwargs) as batch:
                for fk_name, col, parent in WEB_FKS.get(name, []):
                    batch.create_foreign_key(fk_name, parent, [col], ["id"], ondelete="CASCADE")
        else:
            for fk_name, col, parent in WEB_FKS.get(name, []):
                op.create_foreign_key(fk_name, name, parent, [col], ["id"], ondelete="CASCADE")


def downgrade() -> None:
    for name in ("web_shares", "web_sessions", "web_login_failures", "web_accounts"):
        op.drop_table(name)
