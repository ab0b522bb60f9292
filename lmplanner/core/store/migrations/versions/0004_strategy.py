"""Strategy: the plan's vision and thresholds, content pillars, a post's pillar and follow-up link.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN, not a batch copy: a copy of `post` would lose its expression index.
    op.add_column("plan", sa.Column("vision", sa.Text(), nullable=False, server_default=""))
    op.add_column("plan", sa.Column("untied_max", sa.Float(), nullable=False, server_default="0.25"))
    op.add_column(
        "plan", sa.Column("pillar_lead_days", sa.Integer(), nullable=False, server_default="30")
    )
    op.add_column(
        "plan", sa.Column("pillar_tolerance", sa.Float(), nullable=False, server_default="0.1")
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
    for column, target in (("pillar_id", "pillar"), ("follows_id", "post")):
        _add_reference(column, target)
        op.create_index(f"ix_post_{column}", "post", [column])


def _add_reference(column: str, target: str) -> None:
    """A nullable post column pointing at `target`'s id; SET NULL when that row goes."""
    if op.get_bind().dialect.name == "sqlite":
        # SQLite takes a REFERENCES clause on ADD COLUMN (with a NULL default) but no constraint.
        op.execute(
            f"ALTER TABLE post ADD COLUMN {column} INTEGER "
            f"REFERENCES {target} (id) ON DELETE SET NULL"
        )
        return
    op.add_column("post", sa.Column(column, sa.Integer(), nullable=True))
    op.create_foreign_key(
        f"fk_post_{column}", "post", target, [column], ["id"], ondelete="SET NULL"
    )


def downgrade() -> None:
    op.drop_index("ix_post_follows_id", table_name="post")
    op.drop_index("ix_post_pillar_id", table_name="post")
    with op.batch_alter_table("post") as batch:
        batch.drop_column("follows_id")
        batch.drop_column("pillar_id")
    op.create_index("ix_post_title_lower", "post", [sa.text("lower(title)")], if_not_exists=True)
    op.drop_table("pillar")
    with op.batch_alter_table("plan") as batch:
        for column in ("pillar_tolerance", "pillar_lead_days", "untied_max", "vision"):
            batch.drop_column(column)
