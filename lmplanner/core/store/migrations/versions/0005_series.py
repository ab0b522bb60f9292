"""Recurring series: the series table, a post's series, and the plan's series horizon.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "plan",
        sa.Column("series_horizon_months", sa.Integer(), nullable=False, server_default="12"),
    )
    op.create_table(
        "series",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uuid", sa.String(36), nullable=False, unique=True),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("role", sa.String(8), nullable=False),
        sa.Column("kind", sa.String(20), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("time", sa.Time(), nullable=True),
        sa.Column(
            "channel_id",
            sa.Integer(),
            sa.ForeignKey("channel.id", ondelete="RESTRICT"),
            nullable=False,
        ),
        *(
            sa.Column(column, sa.Integer(), sa.ForeignKey(f"{target}.id", ondelete="SET NULL"))
            for column, target in (
                ("author_id", "person"),
                ("campaign_id", "campaign"),
                ("pillar_id", "pillar"),
            )
        ),
        sa.Column("link", sa.String(2000), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("freq", sa.String(8), nullable=False),
        sa.Column("interval", sa.Integer(), nullable=False),
        sa.Column("weekdays", sa.String(40), nullable=False),
        sa.Column("monthday", sa.Integer(), nullable=True),
        sa.Column("nth", sa.Integer(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("count", sa.Integer(), nullable=True),
        sa.Column("generated_until", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("role IN ('leader', 'manager')", name="ck_series_role"),
        sa.CheckConstraint(
            "status IN ('idea', 'draft', 'in-review', 'changes-requested', 'approved', "
            "'scheduled', 'published')",
            name="ck_series_status",
        ),
        sa.CheckConstraint("freq IN ('daily', 'weekly', 'monthly')", name="ck_series_freq"),
    )
    # Plain ADD COLUMN, not a batch copy: a copy of `post` would lose its expression index.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE post ADD COLUMN series_id INTEGER "
            "REFERENCES series (id) ON DELETE SET NULL"
        )
    else:
        op.add_column("post", sa.Column("series_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            "fk_post_series_id", "post", "series", ["series_id"], ["id"], ondelete="SET NULL"
        )
    op.create_index("ix_post_series_id", "post", ["series_id"])


def downgrade() -> None:
    op.drop_index("ix_post_series_id", table_name="post")
    with op.batch_alter_table("post") as batch:
        batch.drop_column("series_id")
    op.create_index("ix_post_title_lower", "post", [sa.text("lower(title)")], if_not_exists=True)
    op.drop_table("series")
    with op.batch_alter_table("plan") as batch:
        batch.drop_column("series_horizon_months")
