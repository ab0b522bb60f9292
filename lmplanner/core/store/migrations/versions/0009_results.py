"""Results: what each post achieved (six counts) and the day they were read.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

METRIC_COLUMNS = ("impressions", "reactions", "comments", "shares", "clicks", "new_followers")


def upgrade() -> None:
    # Plain ADD COLUMN, not a batch copy: a copy of `post` would lose its expression index.
    # Nullable with no default: every existing post simply has no results yet.
    for column in METRIC_COLUMNS:
        op.add_column("post", sa.Column(column, sa.BigInteger(), nullable=True))
    op.add_column("post", sa.Column("read_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("post") as batch:
        for column in ("read_on", *reversed(METRIC_COLUMNS)):
            batch.drop_column(column)
    op.create_index("ix_post_title_lower", "post", [sa.text("lower(title)")], if_not_exists=True)
