"""Core tables: people, assessments, self-tests, diary, questionnaire scores, plans, programme.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(JSONB(), "postgresql")


def _person_id() -> sa.Column:
    return sa.Column(
        "person_id", sa.Integer, sa.ForeignKey("people.id", ondelete="CASCADE"), nullable=False
    )


def upgrade() -> None:
    op.create_table(
        "people",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uid", sa.String(64), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer, primary_key=True),
        _person_id(),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("kb_version", sa.String(64), nullable=False),
        sa.Column("answers", JSON, nullable=False),
        sa.Column("result", JSON, nullable=False),
    )
    op.create_table(
        "selftest_results",
        sa.Column("id", sa.Integer, primary_key=True),
        _person_id(),
        sa.Column("taken_at", sa.DateTime, nullable=False),
        sa.Column("test_id", sa.String(100), nullable=False),
        sa.Column("outcome", sa.String(100), nullable=False),
        sa.Column("details", JSON, nullable=False),
    )
    op.create_table(
        "diary_entries",
        sa.Column("id", sa.Integer, primary_key=True),
        _person_id(),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("pain_now", sa.Integer),
        sa.Column("walk_minutes", sa.Float),
        sa.Column("walk_distance_m", sa.Float),
        sa.Column("onset_minutes", sa.Float),
        sa.Column("symptom_reach", sa.String(32)),
        sa.Column("relieved_by", sa.String(32)),
        sa.Column("notes", sa.Text, nullable=False),
    )
    op.create_table(
        "questionnaire_scores",
        sa.Column("id", sa.Integer, primary_key=True),
        _person_id(),
        sa.Column("taken_at", sa.DateTime, nullable=False),
        sa.Column("instrument", sa.String(64), nullable=False),
        sa.Column("scores", JSON, nullable=False),
    )
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer, primary_key=True),
        _person_id(),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("plan", JSON, nullable=False),
    )
    op.create_table(
        "programme_states",
        sa.Column(
            "person_id",
            sa.Integer,
            sa.ForeignKey("people.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("state", JSON, nullable=False),
    )
    for table in (
        "assessments",
        "selftest_results",
        "diary_entries",
        "questionnaire_scores",
        "plans",
    ):
        op.create_index(f"ix_{table}_person_id", table, ["person_id"])
    op.create_index("ix_diary_entries_day", "diary_entries", ["day"])


def downgrade() -> None:
    for table in (
        "programme_states",
        "plans",
        "questionnaire_scores",
        "diary_entries",
        "selftest_results",
        "assessments",
        "people",
    ):
        op.drop_table(table)
