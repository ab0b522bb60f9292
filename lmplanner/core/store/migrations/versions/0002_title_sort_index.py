"""Index posts by lower-cased title, so the agenda sorts a big plan by title from the index.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_post_title_lower", "post", [sa.text("lower(title)")])


def downgrade() -> None:
    op.drop_index("ix_post_title_lower", table_name="post")
