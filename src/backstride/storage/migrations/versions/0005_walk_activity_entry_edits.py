"""Imported activities keep their type (walk, hike, run), and diary entries remember an edit.

Revision ID: 0005
Revises: 0004

* ``walks.activity``: what the device file called it. Rows stored before this revision were
  all imported as walks, so they become ``walk``; importing the same file again corrects a run
  stored as a walk (the row is matched by its key and its activity updated).
* ``diary_entries.updated_at``: when the person last edited the entry (NULL: never edited).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("walks") as batch:
        batch.add_column(
            sa.Column("activity", sa.String(16), nullable=False, server_default="walk")
        )
    with op.batch_alter_table("diary_entries") as batch:
        batch.add_column(sa.Column("updated_at", sa.DateTime, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("diary_entries") as batch:
        batch.drop_column("updated_at")
    with op.batch_alter_table("walks") as batch:
        batch.drop_column("activity")
