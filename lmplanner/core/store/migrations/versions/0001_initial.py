"""Initial plan schema: plan settings, channels, people, campaigns, posts.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plan",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uuid", sa.String(36), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("first_weekday", sa.Integer(), nullable=False),
        sa.Column("band_low", sa.Float(), nullable=False),
        sa.Column("band_high", sa.Float(), nullable=False),
        sa.Column("min_posts", sa.Integer(), nullable=False),
        sa.Column("promotion_max", sa.Float(), nullable=False),
        sa.Column("drought_days", sa.Integer(), nullable=False),
        sa.Column("drought_week_min_posts", sa.Integer(), nullable=False),
        sa.Column("channel_min_posts", sa.Integer(), nullable=False),
        sa.Column("backup_keep", sa.Integer(), nullable=False),
        sa.Column("trash_days", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "channel",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("name_key", sa.String(80), nullable=False, unique=True),
        sa.Column("color", sa.String(9), nullable=False),
        sa.Column("weekly_target", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("name_key", sa.String(80), nullable=False, unique=True),
    )
    op.create_table(
        "campaign",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("name_key", sa.String(80), nullable=False, unique=True),
        sa.Column("color", sa.String(9), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
    )
    op.create_table(
        "post",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uuid", sa.String(36), nullable=False, unique=True),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("role", sa.String(8), nullable=False),
        sa.Column("kind", sa.String(20), nullable=True),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("time", sa.Time(), nullable=True),
        sa.Column(
            "channel_id",
            sa.Integer(),
            sa.ForeignKey("channel.id", ondelete="RESTRICT"),
            nullable=False,
        ),
        sa.Column(
            "author_id",
            sa.Integer(),
            sa.ForeignKey("person.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column(
            "campaign_id",
            sa.Integer(),
            sa.ForeignKey("campaign.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("link", sa.String(2000), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("role_suggested", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("role IN ('leader', 'manager')", name="ck_post_role"),
        sa.CheckConstraint(
            "status IN ('idea', 'draft', 'scheduled', 'published')", name="ck_post_status"
        ),
        sa.CheckConstraint("time IS NULL OR date IS NOT NULL", name="ck_post_time_needs_date"),
    )
    op.create_index("ix_post_date", "post", ["date", "deleted_at"])
    # Only trashed posts are looked up by deletion time; a full index on a column that is almost
    # always NULL misleads SQLite's planner into scanning every post for a month's view.
    op.create_index(
        "ix_post_trash",
        "post",
        ["deleted_at"],
        sqlite_where=sa.text("deleted_at IS NOT NULL"),
        postgresql_where=sa.text("deleted_at IS NOT NULL"),
    )
    op.create_index("ix_post_channel_id", "post", ["channel_id"])


def downgrade() -> None:
    op.drop_table("post")
    op.drop_table("campaign")
    op.drop_table("person")
    op.drop_table("channel")
    op.drop_table("plan")
