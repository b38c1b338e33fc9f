"""A clinician invites a patient to share (``web_share_invitations``).

Revision ID: 0006
Revises: 0005

One row per invitation: the SHA-256 of its one-time code (never the code), the clinician who
made it, their label, when it expires, and what became of it (pending, accepted, declined,
revoked) with the patient who answered. Deleting either account deletes the row.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_share_invitations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code_hash", sa.String(64), nullable=False, unique=True),
        sa.Column(
            "clinician_id",
            sa.Integer,
            sa.ForeignKey("web_accounts.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("label", sa.String(60), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("answered_at", sa.DateTime),
        sa.Column(
            "patient_id",
            sa.Integer,
            sa.ForeignKey("web_accounts.id", ondelete="CASCADE"),
            nullable=True,
        ),
        sqlite_autoincrement=True,
    )
    for col in ("clinician_id", "patient_id"):
        op.create_index(f"ix_web_share_invitations_{col}", "web_share_invitations", [col])


def downgrade() -> None:
    op.drop_table("web_share_invitations")
