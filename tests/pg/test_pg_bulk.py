"""Bulk writes on a team plan: an import, a bulk change and their undo go through the driver's
executemany (core.store.many) on PostgreSQL as on SQLite, values and version checks alike."""

from __future__ import annotations

import datetime as dt

import pytest

from lmplanner.core.errors import ConflictError
from lmplanner.core.io.csv_format import posts_to_csv
from lmplanner.core.io.importer import import_file
from lmplanner.core.services import PlanService, PostDraft
from lmplanner.core.store import open_plan

DAY = dt.date(2027, 3, 28)


def test_import_bulk_change_and_undo_on_a_team_plan(team_url: str) -> None:
    drafts = [
        PostDraft(
            f"Post {i}",
            "manager",
            "Blog" if i % 2 else "LinkedIn",
            date=DAY + dt.timedelta(days=i % 40) if i % 3 else None,
            time=dt.time(9, 30) if i % 3 == 1 else None,
            author="Ana" if i % 5 == 0 else None,
            impressions=i * 1_000_000 if i % 7 == 0 else None,
        )
        for i in range(700)
    ]
    plan = open_plan(team_url)
    try:
        service = PlanService(plan)
        source = service.add_posts(drafts)
        exported = posts_to_csv(service.posts())
        service.apply(source.inverse(), step="undo")
        assert service.count_posts() == 0
        result = import_file(service, exported)
        assert result.imported == 700
        posts = {p.title: p for p in service.posts()}
        assert posts["Post 1"].date == DAY + dt.timedelta(days=1)
        assert posts["Post 1"].time == dt.time(9, 30)
        assert posts["Post 0"].author == "Ana" and posts["Post 7"].impressions == 7_000_000
        ids = [p.id for p in posts.values()]
        changed = service.set_role(ids, "leader")
        assert len(changed.changes) == 700
        assert {p.role.value for p in service.posts()} == {"leader"}
        service.update_post(ids[650], {"title": "Edited elsewhere"})
        with pytest.raises(ConflictError):
            service.apply(changed.inverse(), step="undo")  # would overwrite that edit
        assert {p.role.value for p in service.posts()} == {"leader"}
        fresh = service.set_role(ids, "manager")
        assert {p.role.value for p in service.posts()} == {"manager"}
        service.apply(fresh.inverse(), step="undo")
        assert {p.role.value for p in service.posts()} == {"leader"}
        with pytest.raises(ConflictError):
            service.apply(result.changeset.inverse(), step="undo")  # changed since the import
        assert service.count_posts() == 700
    finally:
        plan.close()
