"""Review: the review states of a post, the plan's `require_approval`, comment threads, and on a
team plan the database's own check that only members of `planner_reviewers` approve.

The four existing status values (idea, draft, scheduled, published) keep their meaning, so no row
changes; the status check only grows by in-review, changes-requested and approved.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

OLD_STATUSES = "'idea', 'draft', 'scheduled', 'published'"
NEW_STATUSES = (
    "'idea', 'draft', 'in-review', 'changes-requested', 'approved', 'scheduled', 'published'"
)
REVIEWERS = "planner_reviewers"
#: The SQLSTATE of the trigger's refusal, which the team plan turns into "only reviewers can
#: approve" (core.store.postgres.plan).
REVIEWER_STATE = "LM001"

APPROVAL_FUNCTION = f"""
CREATE OR REPLACE FUNCTION lmplanner_approval_check() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = 'approved'
       AND (TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM 'approved')
       AND NOT (
           EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = '{REVIEWERS}')
           AND pg_catalog.pg_has_role(current_user, '{REVIEWERS}', 'MEMBER')
       )
    THEN
        RAISE EXCEPTION 'only reviewers can approve'
            USING ERRCODE = '{REVIEWER_STATE}',
                  HINT = 'Members of the role {REVIEWERS} approve posts.';
    END IF;
    RETURN NEW;
END
$$
"""


def upgrade() -> None:
    op.add_column(
        "plan",
        sa.Column("require_approval", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    if op.get_bind().dialect.name == "sqlite":
        _widen_sqlite_status()
    else:
        _widen_postgres_status()
    op.create_table(
        "comment",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "post_id",
            sa.Integer(),
            sa.ForeignKey("post.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("author", sa.String(80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("resolved", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_comment_post_id", "comment", ["post_id"])
    if op.get_bind().dialect.name == "postgresql":
        _create_reviewer_check()


def _widen_sqlite_status() -> None:
    """Let SQLite's status check take the review states without copying `post`.

    A copy would lose the expression index and, with foreign keys on (they cannot be turned off
    inside the migration's transaction), clear every follow-up link as the old table is dropped.
    SQLite documents editing the stored CREATE TABLE for changes that leave every stored row
    valid ("Making Other Kinds Of Table Schema Changes"); a wider CHECK is one.
    """
    bind = op.get_bind()
    sql = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'post'"
    ).scalar_one()
    widened = sql.replace(f"status IN ({OLD_STATUSES})", f"status IN ({NEW_STATUSES})")
    widened = widened.replace("status VARCHAR(10)", "status VARCHAR(20)")
    if widened == sql or NEW_STATUSES not in widened:
        raise RuntimeError("the post table's status check is not the one LM Planner wrote")
    version = int(bind.exec_driver_sql("PRAGMA schema_version").scalar_one())
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    try:
        bind.exec_driver_sql(
            "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'post'", (widened,)
        )
        bind.exec_driver_sql(f"PRAGMA schema_version = {version + 1}")
    finally:
        bind.exec_driver_sql("PRAGMA writable_schema = OFF")


def _widen_postgres_status() -> None:
    op.alter_column("post", "status", type_=sa.String(20), existing_nullable=False)
    op.drop_constraint("ck_post_status", "post", type_="check")
    op.create_check_constraint("ck_post_status", "post", f"status IN ({NEW_STATUSES})")


def _create_reviewer_check() -> None:
    """The database itself refuses `approved` from a role outside planner_reviewers, whatever
    program writes it. The role is created when the migrating role may create roles; otherwise
    the check treats a missing role as "no reviewers yet" (README, "Review")."""
    op.execute(
        f"""
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = '{REVIEWERS}')
               AND EXISTS (SELECT 1 FROM pg_catalog.pg_roles
                           WHERE rolname = current_user AND (rolcreaterole OR rolsuper))
            THEN
                CREATE ROLE {REVIEWERS} NOLOGIN;
            END IF;
        END
        $$
        """
    )
    op.execute(APPROVAL_FUNCTION)
    op.execute(
        "CREATE TRIGGER lmplanner_approval_check BEFORE INSERT OR UPDATE OF status ON post "
        "FOR EACH ROW EXECUTE FUNCTION lmplanner_approval_check()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS lmplanner_approval_check ON post")
        op.execute("DROP FUNCTION IF EXISTS lmplanner_approval_check()")
    op.drop_index("ix_comment_post_id", table_name="comment")
    op.drop_table("comment")
    with op.batch_alter_table("plan") as batch:
        batch.drop_column("require_approval")
