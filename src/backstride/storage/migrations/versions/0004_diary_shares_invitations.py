"""Diary shares (a patient lets a clinician see their diary) and clinician invitations.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None
AUTOINCREMENT = {"sqlite_autoincrement": True}


def _account(name: str) -> sa.Column:
    return sa.Column(
        name, sa.Integer, sa.ForeignKey("web_accounts.id", ondelete="CASCADE"), nullable=False
    )


def upgrade() -> None:
    op.create_table(
        "web_diary_shares",
        sa.Column("id", sa.Integer, primary_key=True),
        _account("patient_id"),
        _account("clinician_id"),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("patient_id", "clinician_id", name="uq_web_diary_share"),
        **AUTOINCREMENT,
    )
    for col in ("patient_id", "clinician_id"):
        op.create_index(f"ix_web_diary_shares_{col}", "web_diary_shares", [col])
    op.create_table(
        "web_invitations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("note", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
        sa.Column("used_at", sa.DateTime),
        **AUTOINCREMENT,
    )


def downgrade() -> None:
    op.drop_table("web_invitations")
    op.drop_table("web_diary_shares")
