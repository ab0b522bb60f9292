"""Strategy: the plan's vision and thresholds, content pillars, a post's pillar and follow-up link.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("plan") as batch:
        batch.add_column(sa.Column("vision", sa.Text(), nullable=False, server_default=""))
        batch.add_column(
            sa.Column("untied_max", sa.Float(), nullable=False, server_default="0.25")
        )
        batch.add_column(
            sa.Column("pillar_lead_days", sa.Integer(), nullable=False, server_default="30")
        )
        batch.add_column(
            sa.Column("pillar_tolerance", sa.Float(), nullable=False, server_default="0.1")
        )
    op.create_table(
        "pillar",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("name_key", sa.String(80), nullable=False, unique=True),
        sa.Column("color", sa.String(9), nullable=False),
        sa.Column("description", sa.Text(), nullable=False, server_default=""),
        sa.Column("target", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    with op.batch_alter_table("post") as batch:
        batch.add_column(
            sa.Column(
                "pillar_id",
                sa.Integer(),
                sa.ForeignKey("pillar.id", name="fk_post_pillar_id", ondelete="SET NULL"),
                nullable=True,
            )
        )
        batch.add_column(
            sa.Column(
                "follows_id",
                sa.Integer(),
                sa.ForeignKey("post.id", name="fk_post_follows_id", ondelete="SET NULL"),
                nullable=True,
            )
        )
        batch.create_index("ix_post_pillar_id", ["pillar_id"])
        batch.create_index("ix_post_follows_id", ["follows_id"])


def downgrade() -> None:
    with op.batch_alter_table("post") as batch:
        batch.drop_index("ix_post_follows_id")
        batch.drop_index("ix_post_pillar_id")
        batch.drop_constraint("fk_post_follows_id", type_="foreignkey")
        batch.drop_constraint("fk_post_pillar_id", type_="foreignkey")
        batch.drop_column("follows_id")
        batch.drop_column("pillar_id")
    op.drop_table("pillar")
    with op.batch_alter_table("plan") as batch:
        for column in ("pillar_tolerance", "pillar_lead_days", "untied_max", "vision"):
            batch.drop_column(column)
