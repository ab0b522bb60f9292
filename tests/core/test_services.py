"""The one write path: validation, one transaction per operation, invertible change sets."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from lmplanner.core.domain import Kind, Role, Status
from lmplanner.core.errors import ConflictError, NotFoundError, ValidationError
from lmplanner.core.services import KEEP, PlanService, PostDraft, PostFilter

D = dt.date(2026, 11, 10)


def add(service: PlanService, **fields: Any) -> int:
    values: dict[str, Any] = {"title": "A post", "role": "leader", "channel": "LinkedIn"}
    values.update(fields)
    return service.add_post(PostDraft(**values)).created()[0]


def content(service: PlanService) -> list[tuple[Any, ...]]:
    """Everything a user would call the plan's content (not versions or timestamps)."""
    return [
        (p.id, p.title, p.role, p.channel, p.date, p.time, p.kind, p.status, p.author, p.campaign)
        for p in service.posts(order="date")
    ] + [("trash", p.id) for p in service.posts(trash=True)]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": "   "}, "title", "needs a title"),
        ({"title": "x" * 301}, "title", "limit is 300"),
        ({"role": "boss"}, "role", "unknown role"),
        ({"role": ""}, "role", "needs a role"),
        ({"kind": "promotion"}, "kind", "manager kind"),
        ({"kind": "gossip"}, "kind", "unknown kind"),
        ({"time": dt.time(9)}, "time", "needs a date"),
        ({"status": "lost"}, "status", "unknown status"),
        ({"channel": " "}, "channel", "needs a channel"),
        ({"author": "a" * 81}, "author", "limit is 80"),
        ({"body": "b" * 100_001}, "body", "limit is 100,000"),
    ],
)
def test_invalid_posts_are_refused_with_a_message(
    service: PlanService, fields: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(ValidationError, match=message) as caught:
        add(service, **fields)
    assert caught.value.field == field
    assert service.count_posts() == 0


def test_add_normalises_and_creates_names_case_insensitively(service: PlanService) -> None:
    pid = add(service, title="  Two   spaces  ", channel="linkedin", author="Ana", date=D)
    post = service.post(pid)
    assert post.title == "Two spaces"
    assert post.channel == "LinkedIn"  # matched, not a new channel
    assert post.status is Status.DRAFT  # dated posts start as drafts
    assert post.version == 1
    add(service, channel="Mastodon", author="ANA")
    assert [c.name for c in service.channels()][-1] == "Mastodon"
    assert [p.name for p in service.people()] == ["Ana"]
    assert service.post(add(service)).status is Status.IDEA  # undated: an idea in the backlog


def test_markup_emoji_and_long_text_are_stored_verbatim(service: PlanService) -> None:
    title = '<b>Q4 & "growth"</b> 🚀 مرحبا'
    body = "x" * 10_000 + "\u202e\t\n"  # control characters other than these are refused
    pid = add(service, title=title, body=body)
    post = service.post(pid)
    assert post.title == title and post.body == body


def test_every_operation_inverts_exactly(service: PlanService) -> None:
    a = add(service, date=D, time=dt.time(9, 30), kind="vision", author="Ana", campaign="Q4")
    b = add(service, role="manager", kind="how-to", date=D + dt.timedelta(days=1))
    c = add(service, title="Backlog idea")
    operations = [
        lambda: service.update_post(a, {"title": "Renamed", "channel": "Newsletter"}),
        lambda: service.move_posts([a, b], to_date=dt.date(2026, 12, 1)),
        lambda: service.move_posts([a], to_date=None),
        lambda: service.move_posts([c], to_date=D, time=dt.time(8, 0)),
        lambda: service.update_posts([a, b, c], {"role": Role.MANAGER, "kind": None}),
        lambda: service.update_posts([a, b], {"status": "published"}),
        lambda: service.duplicate_posts([a, b]),
        lambda: service.delete_posts([a, c]),
        lambda: service.update_settings(band_low=0.4, name="Renamed plan"),
    ]
    for operation in operations:
        before = content(service)
        settings_before = service.settings()
        changes = operation()
        assert changes, "each operation changes something"
        after = content(service)
        undone = service.apply(changes.inverse())
        assert content(service) == before
        assert service.settings() == settings_before
        service.apply(undone.inverse())  # redo
        assert content(service) == after


def test_undo_chain_in_order_returns_to_the_start(service: PlanService) -> None:
    stack = [service.add_post(PostDraft(title="First", role="leader", channel="Podcast", date=D))]
    pid = stack[0].created()[0]
    start_channels = ["LinkedIn", "X", "Facebook", "Instagram", "Blog", "Newsletter"]
    stack.append(service.move_posts([pid], to_date=D + dt.timedelta(days=3)))
    stack.append(service.update_post(pid, {"title": "Second"}))
    stack.append(service.delete_posts([pid]))
    while stack:
        service.apply(stack.pop().inverse())
    assert service.count_posts() == 0 and service.count_posts(trash=True) == 0
    assert [c.name for c in service.channels()] == start_channels  # the new channel went too


def test_move_keeps_the_time_unless_given(service: PlanService) -> None:
    pid = add(service, date=D, time=dt.time(14, 45))
    service.move_posts([pid], to_date=D + dt.timedelta(days=2))
    assert service.post(pid).time == dt.time(14, 45)
    service.move_posts([pid], by_days=7)
    assert service.post(pid).date == D + dt.timedelta(days=9)
    service.move_posts([pid], to_date=D, time=dt.time(8, 0))
    assert service.post(pid).time == dt.time(8, 0)
    service.move_posts([pid], to_date=None)
    moved = service.post(pid)
    assert moved.date is None and moved.time is None
    service.move_posts([pid], to_date=D, time=KEEP)
    assert service.post(pid).date == D


def test_stale_edit_is_refused(service: PlanService) -> None:
    pid = add(service)
    seen = service.post(pid).version
    service.update_post(pid, {"title": "Changed elsewhere"})
    with pytest.raises(ConflictError, match="changed elsewhere"):
        service.update_post(pid, {"title": "Mine"}, expected_version=seen)
    assert service.post(pid).title == "Changed elsewhere"


def test_stale_move_and_delete_are_refused_by_version(service: PlanService) -> None:
    pid = add(service, date=D)
    other = add(service, date=D, title="Another")
    service.update_post(pid, {"title": "Changed elsewhere"})  # now at version 2
    before = content(service)
    message = rf"post {pid} was changed elsewhere at .+; it is at version 2"
    with pytest.raises(ConflictError, match=message):
        service.move_posts(
            [other, pid], to_date=D + dt.timedelta(days=1), expected_versions={pid: 1}
        )
    with pytest.raises(ConflictError, match=message):
        service.delete_posts([other, pid], expected_versions={pid: 1})
    assert content(service) == before  # one transaction: the other post was not moved either
    service.move_posts([pid], to_date=None, expected_versions={pid: 2})
    service.delete_posts([pid], expected_versions={pid: 3})
    assert [p.id for p in service.posts(trash=True)] == [pid]


def test_ids_no_database_can_hold_name_no_post(service: PlanService) -> None:
    for huge in (2**63, 2**64, -1, 0):
        with pytest.raises(NotFoundError):
            service.post(huge)
        with pytest.raises(NotFoundError):
            service.update_post(huge, {"title": "x"})


def test_stale_undo_is_refused_not_overwriting(service: PlanService) -> None:
    pid = add(service)
    edit = service.update_post(pid, {"title": "Mine"})
    service.update_post(pid, {"title": "Theirs"})  # someone else, later
    with pytest.raises(ConflictError):
        service.apply(edit.inverse())
    assert service.post(pid).title == "Theirs"


def test_a_failed_operation_writes_nothing(
    service: PlanService, plan_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add(service)
    before = content(service)
    calls = {"n": 0}

    def failing() -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk on fire")

    monkeypatch.setattr("lmplanner.core.services.rows.fault_point", failing)
    drafts = [PostDraft(title=f"Bulk {i}", role="manager", channel="X") for i in range(5)]
    with pytest.raises(RuntimeError):
        service.add_posts(drafts)
    assert calls["n"] == 3
    monkeypatch.undo()
    assert content(service) == before
    raw = sqlite3.connect(plan_path)
    try:
        assert raw.execute("SELECT count(*) FROM post").fetchone()[0] == 1
    finally:
        raw.close()


def test_missing_posts_are_reported(service: PlanService) -> None:
    with pytest.raises(NotFoundError, match="no post 42"):
        service.move_posts([42], to_date=D)
    with pytest.raises(NotFoundError):
        service.post(42)


def test_delete_goes_to_trash_and_comes_back(service: PlanService) -> None:
    pid = add(service, date=D)
    service.delete_posts([pid])
    assert service.count_posts() == 0
    assert [p.id for p in service.posts(trash=True)] == [pid]
    service.undelete_posts([pid])
    assert service.post(pid).date == D


def test_filters_search_and_order_run_in_the_query(service: PlanService) -> None:
    add(service, title="Zebra vision", author="Ana", date=D)
    add(service, title="alpha how-to", role="manager", channel="X", date=D, body="100% useful")
    add(service, title="Middle", role="manager", channel="Blog", campaign="Launch")
    assert [p.title for p in service.posts(order="title")] == [
        "alpha how-to",
        "Middle",
        "Zebra vision",
    ]
    assert service.posts(order="title", descending=True)[0].title == "Zebra vision"
    assert service.count_posts(flt=PostFilter(channels=("x",))) == 1
    assert service.count_posts(flt=PostFilter(authors=("ana",))) == 1
    assert service.count_posts(flt=PostFilter(campaigns=("LAUNCH",))) == 1
    assert service.count_posts(flt=PostFilter(roles=(Role.MANAGER,))) == 2
    assert service.count_posts(flt=PostFilter(search="100%")) == 1  # % is literal, not a wildcard
    assert service.count_posts(flt=PostFilter(search="VISION")) == 1
    assert service.count_posts(backlog=True) == 1
    assert [p.title for p in service.posts(offset=1, limit=1, order="title")] == ["Middle"]


def test_balance_follows_channel_filter_but_never_role(service: PlanService) -> None:
    from lmplanner.core.balance import Period

    for i in range(3):
        add(service, role="leader", channel="Blog", date=D + dt.timedelta(days=i))
        add(service, role="manager", channel="X", date=D + dt.timedelta(days=i))
    month = Period.month(2026, 11)
    assert service.balance(month).leader_share == pytest.approx(0.5)
    assert service.balance(month, PostFilter(channels=("X",))).leader_share == 0.0
    assert service.balance(month, PostFilter(roles=(Role.LEADER,))).leader_share == 0.5


def test_settings_are_validated(service: PlanService) -> None:
    with pytest.raises(ValidationError, match="target band"):
        service.update_settings(band_low=0.7, band_high=0.5)
    with pytest.raises(ValidationError, match="time zone"):
        service.update_settings(timezone="Mars/Olympus")
    with pytest.raises(ValidationError, match="from 1 to 999"):
        service.update_settings(min_posts=1000)
    with pytest.raises(ValidationError, match="from 1 to 3650"):
        service.update_settings(trash_days=0)
    service.update_settings(band_low=0.25, first_weekday=6, timezone="Europe/Lisbon")
    s = service.settings()
    assert (s.balance.band_low, s.balance.first_weekday, s.timezone) == (
        0.25,
        6,
        "Europe/Lisbon",
    )


def test_kind_must_follow_role_on_update(service: PlanService) -> None:
    pid = add(service, kind=Kind.VISION)
    with pytest.raises(ValidationError, match="leader kind"):
        service.update_post(pid, {"role": "manager", "kind": "vision"})
    service.update_post(pid, {"role": "manager", "kind": "tip"})
    assert service.post(pid).kind is Kind.TIP


def test_a_role_change_sets_the_kind_aside_and_changing_back_restores_it(
    service: PlanService,
) -> None:
    vision = add(service, kind=Kind.VISION)
    story = add(service, kind=Kind.STORY)
    bare = add(service)
    ids = [vision, story, bare]
    changed = service.set_role(ids, Role.MANAGER)  # one step for all three
    assert [service.post(i).kind for i in ids] == [None, None, None]
    assert [service.post(i).other_kind for i in ids] == [Kind.VISION, Kind.STORY, None]
    service.update_post(story, {"kind": "tip"})  # a manager kind chosen meanwhile
    service.set_role(ids, Role.LEADER)
    assert [service.post(i).kind for i in ids] == [Kind.VISION, Kind.STORY, None]
    assert service.post(story).other_kind is Kind.TIP
    service.update_post(story, {"role": "manager"})  # one post, as `edit --role` does
    assert service.post(story).kind is Kind.TIP
    assert service.post(story).other_kind is Kind.STORY
    assert len(changed.changes) == 3  # one change set: one undo step for the three posts


def test_undo_and_redo_of_a_big_change_run_in_batches_and_still_check(
    service: PlanService,
) -> None:
    drafts = [PostDraft(title=f"Bulk {i}", role="manager", channel="X") for i in range(1_200)]
    added = service.add_posts(drafts)
    ids = added.created()
    assert len(ids) == 1_200 and service.count_posts() == 1_200
    undone = service.apply(added.inverse())
    assert service.count_posts() == 0
    redone = service.apply(undone.inverse())
    assert sorted(p.id for p in service.posts()) == sorted(ids)  # the same ids come back
    service.update_post(ids[700], {"title": "Edited elsewhere"})
    with pytest.raises(ConflictError):
        service.apply(redone.inverse())  # one row changed since: the whole undo is refused
    assert service.count_posts() == 1_200
    assert service.post(ids[700]).title == "Edited elsewhere"


@pytest.mark.parametrize(
    ("key", "value"), [("trash_days", 1_000_000_000), ("backup_keep", 10**30), ("min_posts", 1000)]
)
def test_settings_have_an_upper_bound(service: PlanService, key: str, value: int) -> None:
    """A trash of a billion days made every clean-up fail (a date sum overflows), silently."""
    with pytest.raises(ValidationError, match="whole number from 1 to"):
        service.update_settings(**{key: value})


def test_a_bulk_change_refuses_stale_rows_and_writes_nothing(service: PlanService) -> None:
    """Batched updates keep the version checks: one stale post among many stops them all."""
    drafts = [PostDraft(title=f"Bulk {i}", role="manager", channel="X") for i in range(600)]
    ids = service.add_posts(drafts).created()
    versions = {pid: service.post(pid).version for pid in ids}
    service.update_post(ids[550], {"title": "Someone else's edit"})
    with pytest.raises(ConflictError):
        service.move_posts(ids, to_date=D, expected_versions=versions)
    assert all(service.post(pid).date is None for pid in ids)
    changed = service.set_role(ids, "leader")
    assert len(changed.changes) == 600
    service.update_post(ids[599], {"title": "Changed after the bulk change"})
    with pytest.raises(ConflictError):
        service.apply(changed.inverse())  # the undo would overwrite someone's edit
    assert [p.role.value for p in service.posts()].count("leader") == 600
    assert service.post(ids[599]).title == "Changed after the bulk change"
