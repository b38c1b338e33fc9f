"""Each person has a time zone.

Revision ID: 0007
Revises: 0006

* ``people.time_zone``: the person's IANA zone name ("Europe/Paris"), used for their "today",
  the calendar day of an imported walk and every time of day they are shown. NULL for people
  stored before this revision: the CLI then uses the machine's zone and the web the browser's,
  until the person saves one. Stored times stay naive UTC; nothing else changes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("time_zone", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.drop_column("time_zone")
