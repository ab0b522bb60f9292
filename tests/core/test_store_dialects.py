"""A plan file loads SQLite's side of SQLAlchemy only; PostgreSQL still gets its partial index."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from sqlalchemy.dialects import postgresql
from sqlalchemy.schema import CreateIndex

from lmplanner.core.store import open_plan, schema

OPEN_A_PLAN = """\
import sys
from lmplanner.core.services import PlanService, PostDraft
from lmplanner.core.store import open_plan
from lmplanner.core.domain import Role
with open_plan(sys.argv[1]) as plan:
    service = PlanService(plan)
    service.add_post(PostDraft(title="Launch day", role=Role.LEADER, channel="Blog"))
    service.delete_posts([service.posts()[0].id])
    assert [p.title for p in service.posts(trash=True)] == ["Launch day"]
print(sorted(m for m in sys.modules if "postgresql" in m))
"""


def test_a_plan_file_is_used_without_the_postgresql_dialect(tmp_path: Path) -> None:
    """Opening, reading and changing a plan file (creating one runs Alembic, which brings
    every dialect's DDL along: not the everyday path)."""
    plan = tmp_path / "plan.lmplan"
    with open_plan(plan):
        pass
    done = subprocess.run(
        [sys.executable, "-c", OPEN_A_PLAN, str(plan)],
        capture_output=True,
        text=True,
        check=True,
        env={"LMPLANNER_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"},
    )
    assert done.stdout.strip() == "[]", done.stderr
    with sqlite3.connect(plan) as conn:  # the file still has its partial index
        (sql,) = conn.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'ix_post_trash'"
        ).fetchone()
    assert sql.endswith("WHERE deleted_at IS NOT NULL")


def test_postgresql_gets_the_partial_index_when_declared() -> None:
    trash = next(i for i in schema.table("post").indexes if i.name == "ix_post_trash")
    schema.declare_partial_indexes("postgresql")
    ddl = str(CreateIndex(trash).compile(dialect=postgresql.dialect()))
    assert ddl.endswith("WHERE deleted_at IS NOT NULL"), ddl
    assert str(trash.dialect_options["sqlite"]["where"]) == schema.TRASHED
