"""Imported walks and daily activity (steps, walking speed) from GPX, FIT and Apple Health.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _person_id() -> sa.Column:
    return sa.Column(
        "person_id", sa.Integer, sa.ForeignKey("people.id", ondelete="CASCADE"), nullable=False
    )


def upgrade() -> None:
    op.create_table(
        "walks",
        sa.Column("id", sa.Integer, primary_key=True),
        _person_id(),
        sa.Column("dedupe_key", sa.String(64), nullable=False),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("source_file", sa.String(500), nullable=False),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("duration_s", sa.Float, nullable=False),
        sa.Column("distance_m", sa.Float),
        sa.Column("steps", sa.Integer),
        sa.Column("imported_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("person_id", "dedupe_key", name="uq_walks_person_key"),
    )
    op.create_index("ix_walks_person_id", "walks", ["person_id"])
    op.create_index("ix_walks_day", "walks", ["day"])
    op.create_table(
        "daily_activity",
        sa.Column("id", sa.Integer, primary_key=True),
        _person_id(),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("steps", sa.Integer),
        sa.Column("walking_speed_mps", sa.Float),
        sa.UniqueConstraint(
            "person_id", "day", "source", name="uq_daily_activity_person_day_source"
        ),
    )
    op.create_index("ix_daily_activity_person_id", "daily_activity", ["person_id"])


def downgrade() -> None:
    op.drop_table("daily_activity")
    op.drop_table("walks")
