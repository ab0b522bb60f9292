"""History and sign-off: every change set with who made it, and reviewers' sign-offs of periods.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

#: The SQLSTATE of the trigger's refusal; the team plan turns it into "only reviewers can sign off".
SIGNOFF_STATE = "LM002"
REVIEWERS = "planner_reviewers"
# On a team plan the database itself keeps sign-offs to reviewers, whatever program writes them.
SIGNOFF_FUNCTION = f"""
CREATE OR REPLACE FUNCTION lmplanner_signoff_check() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT (
        EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = '{REVIEWERS}')
        AND pg_catalog.pg_has_role(current_user, '{REVIEWERS}', 'MEMBER')
    ) THEN
        RAISE EXCEPTION 'only reviewers can sign off'
            USING ERRCODE = '{SIGNOFF_STATE}',
                  HINT = 'Members of the role {REVIEWERS} sign off periods.';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$
"""

revision = "0008"
down_revision = "0007"
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
        sa.Column("step", sa.String(8), nullable=False, server_default=""),
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
        sa.Column("post_uuid", sa.String(36), nullable=True),
        sa.Column("day_before", sa.Date(), nullable=True),
        sa.Column("day_after", sa.Date(), nullable=True),
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
        sa.Column("after_history", sa.Integer(), nullable=True),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(SIGNOFF_FUNCTION)
        op.execute(
            "CREATE TRIGGER lmplanner_signoff_check BEFORE INSERT OR UPDATE OR DELETE "
            "ON signoff FOR EACH ROW EXECUTE FUNCTION lmplanner_signoff_check()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS lmplanner_signoff_check ON signoff")
        op.execute("DROP FUNCTION IF EXISTS lmplanner_signoff_check()")
    op.drop_table("signoff")
    op.drop_index("ix_history_post_post", table_name="history_post")
    op.drop_table("history_post")
    op.drop_index("ix_history_at", table_name="history")
    op.drop_table("history")
    with op.batch_alter_table("plan") as batch:
        batch.drop_column("history_days")
