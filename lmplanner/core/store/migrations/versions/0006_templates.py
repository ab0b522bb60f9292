"""Templates to start posts from; public holidays of a country and region; the clash window.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN, not a batch copy (a copy of a table would lose its expression indexes).
    op.add_column(
        "plan", sa.Column("clash_minutes", sa.Integer(), nullable=False, server_default="60")
    )
    op.add_column("plan", sa.Column("country", sa.String(8), nullable=False, server_default=""))
    op.add_column("plan", sa.Column("region", sa.String(16), nullable=False, server_default=""))
    op.create_table(
        "template",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("name_key", sa.String(80), nullable=False, unique=True),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False, server_default=""),
        sa.Column("role", sa.String(8), nullable=False),
        sa.Column("kind", sa.String(20), nullable=True),
        sa.Column("channel", sa.String(80), nullable=True),
        sa.Column("pillar", sa.String(80), nullable=True),
        sa.Column("author", sa.String(80), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("role IN ('leader', 'manager')", name="ck_template_role"),
    )


def downgrade() -> None:
    op.drop_table("template")
    with op.batch_alter_table("plan") as batch:
        for column in ("region", "country", "clash_minutes"):
            batch.drop_column(column)
