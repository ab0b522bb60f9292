"""Series from calendars: the UID of the recurring event a series was imported from, and the
days its rule skips (EXDATEs and moved occurrences), so upkeep never fills them again.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN: existing series come from no calendar and skip no day.
    op.add_column("series", sa.Column("ical_uid", sa.String(length=1000), nullable=True))
    op.add_column(
        "series", sa.Column("skip_dates", sa.Text(), nullable=False, server_default="")
    )


def downgrade() -> None:
    with op.batch_alter_table("series") as batch:
        batch.drop_column("skip_dates")
        batch.drop_column("ical_uid")
