"""Diary entries say whether the person walked or ran.

Revision ID: 0008
Revises: 0007

* ``diary_entries.activity``: ``walk`` or ``run`` (diary.records.DIARY_ACTIVITIES). Every entry
  stored before this revision was logged as a walk, so it becomes ``walk`` (the server
  default). Runs are kept out of the walking-tolerance trend and the walking programme.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("diary_entries") as batch:
        batch.add_column(
            sa.Column("activity", sa.String(16), nullable=False, server_default="walk")
        )


def downgrade() -> None:
    with op.batch_alter_table("diary_entries") as batch:
        batch.drop_column("activity")
