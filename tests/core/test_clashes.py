"""Clashes: timed posts on one channel closer than clash_minutes, or one title twice on a day;
raised and not raised, in the meter (SLOT_CLASH, low) and in `balance --json`."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

from lmplanner.core.balance import (
    ClashReason,
    FlagCode,
    Period,
    Severity,
    clashes_for,
    find_clashes,
)
from lmplanner.core.domain import PostRecord, Role
from lmplanner.core.services import PlanService, PostDraft
from tests.cli.cli_support import ok_on

DAY = dt.date(2026, 11, 3)


def post(
    pid: int, at: str | None, *, channel: str = "LinkedIn", title: str = "", day=DAY
) -> PostRecord:
    time = dt.time.fromisoformat(at) if at else None
    return PostRecord(pid, title or f"post {pid}", Role.MANAGER, channel, day, time)


def test_slot_clashes_need_one_channel_and_less_than_the_window() -> None:
    posts = [
        post(1, "09:00"),
        post(2, "09:59"),  # 59 minutes after 1: clash
        post(3, "11:00"),  # 61 after 2, 120 after 1: none
        post(4, "11:00", channel="X"),  # another channel: none
        post(5, "11:30", channel="linkedin"),  # 30 after 3, channel names compare in any case
        post(6, None),  # no time: no slot clash
    ]
    found = find_clashes(posts, 60)
    assert [(c.reason, c.post_ids, c.minutes) for c in found] == [
        (ClashReason.SLOT, (1, 2), 59),
        (ClashReason.SLOT, (3, 5), 30),
    ]
    assert find_clashes(posts, 0) == []  # 0 turns slot clashes off
    assert [c.post_ids for c in find_clashes(posts, 121)][:3] == [(1, 2), (1, 3), (2, 3)]


def test_exactly_the_window_apart_is_no_clash_and_midnight_is_no_wall() -> None:
    assert find_clashes([post(1, "09:00"), post(2, "10:00")], 60) == []
    late = post(1, "23:40")
    early = post(2, "00:10", day=DAY + dt.timedelta(days=1))
    assert [c.minutes for c in find_clashes([late, early], 60)] == [30]


def test_the_same_title_twice_on_a_day() -> None:
    posts = [
        post(1, None, title="Launch day"),
        post(2, "15:00", channel="X", title="launch  DAY"),
        post(3, None, title="Launch day", day=DAY + dt.timedelta(days=1)),
    ]
    assert [(c.reason, c.post_ids) for c in find_clashes(posts, 60)] == [
        (ClashReason.TITLE, (1, 2))
    ]


def test_clashes_for_a_post_being_edited_or_moved() -> None:
    others = [post(1, "09:00"), post(2, "14:00")]
    moved = dataclasses.replace(others[1], time=dt.time(9, 20))
    assert [c.post_ids for c in clashes_for(moved, others, 60)] == [(2, 1)]
    new = post(0, "13:30")  # a new post has no id yet
    assert [c.second.id for c in clashes_for(new, others, 60)] == [2]


def test_the_meter_lists_a_low_slot_clash_with_its_posts(service: PlanService) -> None:
    drafts = [
        PostDraft(title="Morning", role=Role.LEADER, channel="LinkedIn", date=DAY, time=dt.time(9)),
        PostDraft(
            title="Late", role=Role.MANAGER, channel="LinkedIn", date=DAY, time=dt.time(9, 45)
        ),
        PostDraft(title="Later", role=Role.MANAGER, channel="LinkedIn", date=DAY, time=dt.time(11)),
    ]
    ids = service.add_posts(drafts).created()
    flags = [
        f for f in service.balance(Period.month(2026, 11)).flags if f.code == FlagCode.SLOT_CLASH
    ]
    assert len(flags) == 1
    assert flags[0].severity is Severity.LOW
    assert flags[0].post_ids == (ids[0], ids[1]) and flags[0].dates == (DAY,)
    assert flags[0].message == "“Morning” and “Late” are 45 minutes apart on LinkedIn, 3 Nov 2026."
    service.update_settings(clash_minutes=30)
    flags = service.balance(Period.month(2026, 11)).flags
    assert FlagCode.SLOT_CLASH not in {f.code for f in flags}


def test_balance_json_carries_the_clash(tmp_path: Path) -> None:
    db = tmp_path / "plan.lmplan"
    for title, at in (("One", "09:00"), ("Two", "09:30")):
        ok_on(
            db,
            "add",
            "--title",
            title,
            "--role",
            "leader",
            "--channel",
            "X",
            "--date",
            "2026-11-03",
            "--time",
            at,
        )
    data = json.loads(ok_on(db, "balance", "--month", "2026-11", "--json"))
    clash = [f for f in data["flags"] if f["code"] == "SLOT_CLASH"]
    assert clash == [
        {
            "code": "SLOT_CLASH",
            "severity": "low",
            "message": "“One” and “Two” are 30 minutes apart on X, 3 Nov 2026.",
            "suggestion": "Move one of them at least 60 minutes away, or to another channel.",
            "dates": ["2026-11-03"],
            "post_ids": [1, 2],
        }
    ]
