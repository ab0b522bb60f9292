"""Bulk changes checked once per group of posts with the same linked fields, and read through
the driver (core.store.many.read_many): the same outcome, history and undo as post by post."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from lmplanner.core.domain import Kind, Role, Status
from lmplanner.core.errors import ConflictError, NotFoundError, ValidationError
from lmplanner.core.services import PlanService, PostDraft
from lmplanner.core.store import Plan, open_plan
from lmplanner.core.store.many import key_runs, read_many
from lmplanner.core.store.schema import table

D = dt.date(2027, 3, 1)
STATUSES = (Status.DRAFT, Status.SCHEDULED, Status.APPROVED, Status.IN_REVIEW, Status.PUBLISHED)


def mixed_drafts() -> list[PostDraft]:
    """Posts whose linked fields differ in every way a role or status change reads."""
    drafts = []
    kinds: dict[str, list[Any]] = {
        "leader": [None, Kind.VISION, Kind.STORY],
        "manager": [None, Kind.TIP],
    }
    for i in range(40):
        role = "leader" if i % 3 else "manager"
        day = D + dt.timedelta(days=i % 7) if i % 4 else None
        drafts.append(
            PostDraft(
                f"Post {i}",
                role,
                "Blog" if i % 2 else "LinkedIn",
                date=day,
                time=dt.time(9, 30) if day and i % 5 == 0 else None,
                kind=kinds[role][i % len(kinds[role])],
                status=STATUSES[i % len(STATUSES)] if day else None,
                role_suggested=i % 7 == 0,
                other_kind=Kind.TIP if role == "leader" and i % 8 == 1 else None,
            )
        )
    return drafts


def state(service: PlanService) -> list[tuple[Any, ...]]:
    return [
        (p.title, p.role, p.kind, p.other_kind, p.status, p.date, p.time, p.role_suggested)
        for p in service.posts(order="date")
    ]


def fields_of(changeset: Any, service: PlanService) -> list[Any]:
    """A change set's history as field changes, post ids turned into titles."""
    titles = {p.id: p.title for p in service.posts()}
    entry = service.history(limit=1)[0]
    assert entry.label == changeset.label
    return sorted((titles[c.post_id], c.field, c.before, c.after) for c in entry.changes)


@pytest.mark.parametrize(
    ("change", "approval"),
    [
        (lambda s, ids: s.set_role(ids, Role.MANAGER), False),
        (lambda s, ids: s.set_role(ids, Role.LEADER), True),
        (lambda s, ids: s.update_posts(ids, {"status": "draft"}), True),
        (lambda s, ids: s.move_posts(ids, by_days=3), True),
        (lambda s, ids: s.update_posts(ids, {"role": "manager", "kind": "tip"}), False),
    ],
)
def test_a_bulk_change_ends_as_the_same_change_post_by_post(
    tmp_path: Path, change: Any, approval: bool
) -> None:
    outcomes = []
    for many in (True, False):
        with open_plan(tmp_path / f"{many}.lmplan") as plan:
            service = PlanService(plan)
            ids = service.add_posts(mixed_drafts()).created()
            service.update_settings(require_approval=approval)
            start = state(service)
            if many:
                done = change(service, ids)
                history = fields_of(done, service)
                service.apply(done.inverse(), step="undo")
                assert state(service) == start  # undo restores exactly
                service.apply(done, step="redo")
            else:
                history = []
                for pid in ids:  # each post alone: nothing shared with another
                    done = change(service, [pid])
                    history += fields_of(done, service) if done else []
            outcomes.append((state(service), sorted(history)))
    assert outcomes[0] == outcomes[1]
    assert outcomes[0][1]  # the change did change something


def test_a_refused_post_is_named_even_when_its_group_was_checked_before(
    service: PlanService,
) -> None:
    ids = service.add_posts([PostDraft(f"Idea {i}", "leader", "Blog") for i in range(3)]).created()
    with pytest.raises(ValidationError, match="“Idea 0”: A time needs a date"):
        service.update_posts(ids, {"time": dt.time(9)})
    assert all(p.time is None for p in service.posts())


def test_a_bulk_change_still_refuses_a_stale_row_and_writes_nothing(
    service: PlanService,
) -> None:
    ids = service.add_posts([PostDraft(f"P{i}", "leader", "Blog") for i in range(5)]).created()
    with pytest.raises(ConflictError):
        service.move_posts(ids, to_date=D, expected_versions={ids[3]: 7})
    assert all(p.date is None for p in service.posts())
    with pytest.raises(NotFoundError, match="There is no post 999"):
        service.set_role([*ids, 999], Role.MANAGER)
    assert all(p.role is Role.LEADER for p in service.posts())


def test_rows_read_through_the_driver_are_the_rows_sqlalchemy_reads(
    plan: Plan, service: PlanService
) -> None:
    from sqlalchemy import select

    ids = service.add_posts(mixed_drafts()).created()
    service.delete_posts(ids[5:8])
    post = table("post")
    # Sparse and unordered, with ids that are not there and ones in the trash.
    wanted = [ids[30], ids[0], ids[2], ids[6], 10**9, ids[39], ids[1]]
    query = select(post).where(post.c.deleted_at.is_(None))
    with plan.read() as conn:
        ours = read_many(conn, query, post.c.id, wanted, span=3)
        theirs = [tuple(r) for r in conn.execute(query.where(post.c.id.in_(wanted)))]
    assert sorted(ours) == sorted(theirs)
    assert len(ours) == 5
    pairs = zip(sorted(ours), sorted(theirs), strict=True)
    assert all(type(a) is type(b) for o, t in pairs for a, b in zip(o, t, strict=True))


def test_keys_are_read_in_runs_no_wider_than_asked() -> None:
    assert key_runs([1, 2, 3, 10, 11, 40], 5) == [(1, 3), (10, 11), (40, 40)]
    assert key_runs([], 5) == []


def test_posts_alike_but_for_their_day_are_checked_each_by_its_own_day(
    service: PlanService,
) -> None:
    """A bulk change works a patch out once for posts whose linked fields are the same; where
    the patch touches the day (a time, a status), the day is one of those fields."""
    dated = [PostDraft(f"Dated {i}", "leader", "Blog", date=D) for i in range(3)]
    ids = service.add_posts([*dated, PostDraft("Idea", "leader", "Blog")]).created()
    with pytest.raises(ValidationError, match="“Idea”: A time needs a date"):
        service.update_posts(ids, {"time": dt.time(9)})
    assert all(p.time is None for p in service.posts())
    service.update_posts(ids[:3], {"time": dt.time(9)})
    assert [p.time for p in service.posts(order="date")] == [dt.time(9)] * 3 + [None]
