"""History and sign-off: every change set with who made it, and reviewers' sign-offs of periods.

Revision ID: 0008
Revises: 0004
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "plan", sa.Column("history_days", sa.Integer(), nullable=False, server_default="365")
    )
    op.create_table(
        "history",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uuid", sa.String(36), nullable=False, unique=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by", sa.String(80), nullable=False),
        sa.Column("label", sa.String(300), nullable=False),
        sa.Column("step", sa.String(5), nullable=False, server_default=""),
        sa.Column("changes", sa.Text(), nullable=False),
    )
    op.create_index("ix_history_at", "history", ["at"])
    op.create_table(
        "history_post",
        sa.Column(
            "history_id",
            sa.Integer(),
            sa.ForeignKey("history.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("post_id", sa.Integer(), primary_key=True),
    )
    op.create_index("ix_history_post_post", "history_post", ["post_id"])
    op.create_table(
        "signoff",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uuid", sa.String(36), nullable=False, unique=True),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("by", sa.String(80), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
    )


def downgrade() -> None:
    op.drop_table("signoff")
    op.drop_index("ix_history_post_post", table_name="history_post")
    op.drop_table("history_post")
    op.drop_index("ix_history_at", table_name="history")
    op.drop_table("history")
    with op.batch_alter_table("plan") as batch:
        batch.drop_column("history_days")
