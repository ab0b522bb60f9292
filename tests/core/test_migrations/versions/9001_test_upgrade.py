"""Test-only revision after the real head: proves plans are backed up and upgraded.

Revision ID: 9001
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "9001"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("post") as batch:
        batch.add_column(sa.Column("test_reach", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("post") as batch:
        batch.drop_column("test_reach")
