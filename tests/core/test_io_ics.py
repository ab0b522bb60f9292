"""iCalendar export read back with icalendar: one event per dated post, right dates and times."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from lmplanner.core.balance import Period
from lmplanner.core.domain import Role, Status
from lmplanner.core.io import ExportFormat, export_plan, post_uuids
from lmplanner.core.io.ics import TIMED_EVENT_MINUTES
from lmplanner.core.services import PlanService, PostDraft

DRAFTS = [
    PostDraft(
        title="Timed, summer time",
        role=Role.LEADER,
        channel="LinkedIn",
        date=dt.date(2026, 7, 1),
        time=dt.time(9, 30),
        body="The body, with; punctuation\nand lines",
        status=Status.SCHEDULED,
        author="Maya Chen",
        link="https://example.com/p",
    ),
    PostDraft(
        title="Timed, winter time",
        role=Role.MANAGER,
        channel="X",
        date=dt.date(2026, 12, 1),
        time=dt.time(18, 0),
        kind="tip",
    ),
    PostDraft(title="All day", role=Role.MANAGER, channel="Blog", date=dt.date(2026, 12, 31)),
    PostDraft(title="Backlog idea", role=Role.LEADER, channel="Blog"),
]


def read_events(path: Path) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


@pytest.fixture
def berlin(service: PlanService) -> PlanService:
    service.update_settings(timezone="Europe/Berlin", name="Berlin plan")
    service.add_posts(DRAFTS)
    return service


def test_one_event_per_dated_post(berlin: PlanService, tmp_path: Path) -> None:
    out = tmp_path / "plan.ics"
    assert export_plan(berlin, out, ExportFormat.ICS).posts == 3
    events = read_events(out)
    assert set(events) == {
        "[Leader] Timed, summer time",
        "[Manager] Timed, winter time",
        "[Manager] All day",
    }
    zone = ZoneInfo("Europe/Berlin")
    summer = events["[Leader] Timed, summer time"]
    assert summer.start == dt.datetime(2026, 7, 1, 9, 30, tzinfo=zone)
    assert summer.start.utcoffset() == dt.timedelta(hours=2)
    assert summer["dtstart"].params["TZID"] == "Europe/Berlin"
    assert summer.end - summer.start == dt.timedelta(minutes=TIMED_EVENT_MINUTES)
    winter = events["[Manager] Timed, winter time"]
    assert winter.start == dt.datetime(2026, 12, 1, 18, 0, tzinfo=zone)
    assert winter.start.utcoffset() == dt.timedelta(hours=1)
    all_day = events["[Manager] All day"]
    assert all_day.start == dt.date(2026, 12, 31) and not isinstance(all_day.start, dt.datetime)
    assert all_day.end == dt.date(2027, 1, 1)
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Berlin"]
    assert calendar.get_missing_tzids() == set()
    assert str(calendar["x-wr-calname"]) == "Berlin plan"


def test_description_categories_and_uids(berlin: PlanService, tmp_path: Path) -> None:
    out = tmp_path / "plan.ics"
    export_plan(berlin, out, "ics")
    events = read_events(out)
    summer = events["[Leader] Timed, summer time"]
    description = str(summer["description"])
    assert description.startswith("The body, with; punctuation\nand lines\n\n")
    for fact in ("Channel: LinkedIn", "Status: scheduled", "Author: Maya Chen"):
        assert fact in description
    assert [str(c) for c in summer["categories"].cats] == ["Leader", "LinkedIn"]
    assert str(summer["url"]) == "https://example.com/p"
    winter = events["[Manager] Timed, winter time"]
    assert "Kind: tip" in str(winter["description"]) and "Author" not in str(winter["description"])
    posts = {f"[{p.role.value.capitalize()}] {p.title}": p for p in berlin.posts()}
    uuids = post_uuids(berlin, [p.id for p in posts.values()])
    for summary, event in events.items():
        assert str(event["uid"]) == f"{uuids[posts[summary].id]}@lmplanner"
    # stable: a second export (after an edit) keeps every UID
    berlin.update_post(posts["[Manager] All day"].id, {"title": "All day, renamed"})
    again = tmp_path / "again.ics"
    export_plan(berlin, again, "ics")
    assert {str(e["uid"]) for e in read_events(again).values()} == {
        str(e["uid"]) for e in events.values()
    }
    assert int(read_events(again)["[Manager] All day, renamed"]["sequence"]) == 1


def test_utc_plan_and_period(service: PlanService, tmp_path: Path) -> None:
    service.update_settings(timezone="UTC")
    service.add_posts(DRAFTS)
    out = tmp_path / "december.ics"
    assert export_plan(service, out, "ics", Period.month(2026, 12)).posts == 2
    events = read_events(out)
    assert set(events) == {"[Manager] Timed, winter time", "[Manager] All day"}
    assert events["[Manager] Timed, winter time"].start == dt.datetime(
        2026, 12, 1, 18, 0, tzinfo=ZoneInfo("UTC")
    )
    assert b"DTSTART:20261201T180000Z" in out.read_bytes()
    assert b"VTIMEZONE" not in out.read_bytes()


def test_empty_plan_is_an_empty_calendar(service: PlanService, tmp_path: Path) -> None:
    out = tmp_path / "empty.ics"
    assert export_plan(service, out, "ics").posts == 0
    assert icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT") == []
