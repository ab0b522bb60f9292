"""iCalendar import: hand-written files in the shapes Google Calendar, Outlook, Apple Calendar and
Thunderbird write, our own export read back losslessly, UIDs matched, bad files refused whole."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from lmplanner.core.domain import Role, Status
from lmplanner.core.io import (
    ExportFormat,
    ImportFileError,
    ImportFormat,
    ImportOptions,
    detect_format,
    export_plan,
    import_file,
    preview_import,
)
from lmplanner.core.io.ics_import import split_footer, split_role
from lmplanner.core.series import horizon_end
from lmplanner.core.services import PlanService, PostDraft, SeriesService
from lmplanner.core.store import open_plan
from lmplanner.core.store.series_upkeep import plan_today

DATA = Path(__file__).parent.parent / "data" / "ics"
MANAGER = ImportOptions(default_role=Role.MANAGER)


@pytest.fixture
def lisbon(service: PlanService) -> PlanService:
    service.update_settings(timezone="Europe/Lisbon")
    return service


def shown(service: PlanService) -> list[tuple[str, str, str, str, str]]:
    return [
        (
            p.date.isoformat() if p.date else "",
            p.time.strftime("%H:%M") if p.time else "",
            p.role.value,
            p.channel,
            p.title,
        )
        for p in service.posts()
    ]


def test_google_calendar_utc_times_all_day_rules_and_cancellations(lisbon: PlanService) -> None:
    result = import_file(lisbon, DATA / "google.ics", MANAGER)
    assert result.format is ImportFormat.ICS
    assert (result.imported, result.series, result.series_posts) == (9, 2, 6)
    founder = "Notes from the founder"
    assert shown(lisbon) == [
        # 09:00 Berlin is 08:00 Lisbon on both sides of the clocks' change on 25 October.
        ("2026-10-07", "08:00", "leader", "LinkedIn", founder),
        ("2026-10-14", "08:00", "leader", "LinkedIn", founder),
        # 21 October moved to the Thursday (RECURRENCE-ID), with its own title.
        ("2026-10-22", "08:00", "leader", "LinkedIn", f"{founder} (on Thursday this week)"),
        ("2026-10-28", "08:00", "leader", "LinkedIn", founder),
        ("2026-11-02", "15:00", "manager", "LinkedIn", "Weekly tip"),
        ("2026-11-05", "08:00", "leader", "LinkedIn", "What we learned from a year without ads"),
        ("2026-11-10", "", "manager", "LinkedIn", "Product update: shared calendars"),
        # 9 November is an EXDATE; the cancelled webinar is not a post.
        ("2026-11-16", "15:00", "manager", "LinkedIn", "Weekly tip"),
        ("2026-11-23", "15:00", "manager", "LinkedIn", "Weekly tip"),
    ]
    body = lisbon.posts()[5].body
    assert body == "Why we stopped chasing vanity metrics, and what we measure instead."


def test_outlook_windows_zone_names(lisbon: PlanService) -> None:
    assert import_file(lisbon, DATA / "outlook.ics", MANAGER).imported == 8
    # 10:30 "W. Europe Standard Time" (CET) is 09:30 in Lisbon; 09:00 "Romance Standard Time"
    # in July (CEST, no VTIMEZONE in the file) is 08:00 in Lisbon (WEST).
    clinic = [r for r in shown(lisbon) if r[4] == "Planning clinic"]
    assert [r for r in shown(lisbon) if r[4] != "Planning clinic"] == [
        ("2026-07-02", "08:00", "manager", "LinkedIn", "Summer office hours"),
        ("2026-11-12", "09:30", "manager", "Blog", "How to export your reports"),
    ]
    # Weekly on Thursdays to UNTIL (in UTC), 26 November an EXDATE in the Windows zone.
    days = ["2026-11-05", "2026-11-12", "2026-11-19", "2026-12-03", "2026-12-10", "2026-12-17"]
    assert clinic == [(day, "09:30", "manager", "Blog", "Planning clinic") for day in days]


def test_apple_calendar_zones_and_floating_times(lisbon: PlanService) -> None:
    assert import_file(lisbon, DATA / "apple.ics", MANAGER).imported == 11
    # 14:00 in New York is 19:00 in Lisbon; a floating 08:30 is the calendar's own zone's.
    assert [r for r in shown(lisbon) if r[0] < "2026-11-20" and r[1] != "14:00"] == [
        (
            "2026-11-18",
            "19:00",
            "leader",
            "LinkedIn",
            "A customer story: the bakery that doubled its orders",
        ),
        ("2026-11-19", "13:30", "manager", "LinkedIn", "Floating morning post"),
    ]


def test_thunderbird_categories_and_an_open_ended_rule(lisbon: PlanService) -> None:
    result = import_file(lisbon, DATA / "thunderbird.ics", MANAGER)
    assert (result.series, result.imported) == (1, 2 + result.series_posts)
    rows = shown(lisbon)
    assert rows[0] == ("2026-11-24", "16:00", "manager", "Newsletter", "Webinar announcement")
    monthly = [r for r in rows if r[4] == "Monthly letter from the founder"]
    # Open-ended: to the plan's horizon like any series, on the first of each month, 08:00
    # Paris = 07:00 Lisbon; 1 January moved to the 4th, 1 March an EXDATE.
    (series,) = SeriesService(lisbon.plan).all_series()
    today = plan_today("Europe/Lisbon")
    assert series.generated_until == horizon_end(today, 12, dt.date(2026, 12, 1))
    firsts = series.rule.dates(None, series.generated_until)
    skipped = {dt.date(2027, 1, 1), dt.date(2027, 3, 1)}
    assert [r[0] for r in monthly] == [d.isoformat() for d in firsts if d not in skipped]
    assert {r[1:3] for r in monthly} == {("07:00", "leader")}
    moved = [r for r in rows if r[4] == "New year letter from the founder"]
    assert moved == [("2027-01-04", "07:00", "leader", "LinkedIn", moved[0][4])]


def test_an_open_ended_rule_runs_to_the_plan_horizon(lisbon: PlanService) -> None:
    lisbon.update_settings(series_horizon_months=30)
    import_file(lisbon, DATA / "thunderbird.ics", MANAGER)
    (series,) = SeriesService(lisbon.plan).all_series()
    end = horizon_end(plan_today("Europe/Lisbon"), 30, dt.date(2026, 12, 1))
    assert series.generated_until == end and end > dt.date(2029, 1, 1)
    # Thirty months ahead, less 1 March 2027 and 1 January 2029 (EXDATEs) and 1 January 2027.
    assert series.occurrences == len(series.rule.dates(None, end)) - 3


def test_without_a_role_the_suggester_fills_it_marked_to_confirm(lisbon: PlanService) -> None:
    import_file(lisbon, DATA / "outlook.ics")  # CATEGORIES say Manager
    assert not any(p.role_suggested for p in lisbon.posts())
    import_file(lisbon, DATA / "thunderbird.ics")
    untagged = [p for p in lisbon.posts() if p.title == "Webinar announcement"]
    assert untagged[0].role is Role.MANAGER and not untagged[0].role_suggested  # a category
    preview = preview_import(lisbon, DATA / "apple.ics")
    floating = next(r for r in preview.records if r.cells["title"] == "Floating morning post")
    assert floating.draft is not None and floating.draft.role is Role.MANAGER


def test_untagged_event_gets_a_suggested_role(lisbon: PlanService, tmp_path: Path) -> None:
    path = tmp_path / "plain.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:plain-1\r\n"
        "DTSTART;VALUE=DATE:20261201\r\nSUMMARY:Why we believe the industry will change\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    import_file(lisbon, path)
    post = lisbon.posts()[0]
    assert post.role_suggested and post.role in (Role.LEADER, Role.MANAGER)
    import_file(lisbon, path, ImportOptions(default_role=Role.LEADER))  # same UID: nothing new
    assert lisbon.count_posts() == 1


def test_our_export_imports_back_losslessly(tmp_path: Path) -> None:
    drafts = [
        PostDraft(
            title="A belief about where the field is going",
            role=Role.LEADER,
            channel="LinkedIn",
            date=dt.date(2026, 3, 29),  # the day summer time starts in Berlin
            time=dt.time(9, 30),
            body="First line\n\nSecond paragraph\nChannel: not a footer line\n",
            status=Status.SCHEDULED,
            author="Maya Chen",
            kind="vision",
            campaign="Launch",
        ),
        PostDraft(
            title="All-day tip",
            role=Role.MANAGER,
            channel="Blog",
            date=dt.date(2026, 12, 31),
            status=Status.PUBLISHED,
            link="https://example.com/tip",
        ),
    ]
    fields = ("title", "role", "date", "time", "channel", "body", "status", "author", "kind")
    with open_plan(tmp_path / "a.lmplan") as plan:
        source = PlanService(plan)
        source.update_settings(timezone="Europe/Berlin")
        source.add_posts(drafts)
        export_plan(source, tmp_path / "plan.ics", ExportFormat.ICS)
        before = [
            tuple(getattr(p, f) for f in (*fields, "campaign", "link")) for p in source.posts()
        ]
    with open_plan(tmp_path / "b.lmplan") as plan:
        target = PlanService(plan)
        target.update_settings(timezone="Europe/Berlin")
        assert import_file(target, tmp_path / "plan.ics").imported == 2
        after = [
            tuple(getattr(p, f) for f in (*fields, "campaign", "link")) for p in target.posts()
        ]
        assert after == before
        again = import_file(target, tmp_path / "plan.ics")
        assert (again.imported, again.skipped_duplicates) == (0, 2)
        assert target.count_posts() == 2


def test_same_uid_is_the_same_post_even_when_edited(lisbon: PlanService) -> None:
    import_file(lisbon, DATA / "google.ics", MANAGER)
    single = next(p for p in lisbon.posts() if p.series is None)
    lisbon.update_post(single.id, {"title": "Renamed in the plan"})
    again = import_file(lisbon, DATA / "google.ics", MANAGER)
    # Two series, a moved occurrence and two single events: all found again.
    assert again.imported == 0 and again.skipped_duplicates == 5
    assert lisbon.count_posts() == 9


def test_footer_and_role_tag_parsing() -> None:
    assert split_role("[Leader] Big idea") == ("Big idea", "leader")
    assert split_role(" [manager]  Tip ") == ("Tip", "manager")
    assert split_role("[Team] sync") == ("[Team] sync", "")
    assert split_footer("Body\n\nChannel: X\nStatus: draft\nAuthor: Ann") == (
        "Body",
        {"channel": "X", "status": "draft", "author": "Ann"},
    )
    # Lines that look like labels but are not our footer stay in the body.
    assert split_footer("Notes\nStatus: open") == ("Notes\nStatus: open", {})


def test_detected_by_content() -> None:
    assert detect_format("\ufeffBEGIN:VCALENDAR\r\nVERSION:2.0\r\n") is ImportFormat.ICS


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("title,date\nx,2026-01-01\n", "line 1: not an iCalendar file"),
        (
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nthis line is broken\r\n"
            "END:VEVENT\r\nEND:VCALENDAR\r\n",
            "line 4: not an iCalendar content line",
        ),
        (
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:x\r\nEND:VCALENDAR\r\n",
            "line 4: END:VCALENDAR does not close BEGIN:VEVENT of line 2",
        ),
        (
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:x\r\n",
            "line 2: BEGIN:VEVENT is never closed",
        ),
    ],
)
def test_broken_files_name_the_line_and_write_nothing(
    lisbon: PlanService, tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "bad.ics"
    path.write_text(text)
    with pytest.raises(ImportFileError, match=message):
        import_file(lisbon, path, ImportOptions(format=ImportFormat.ICS, default_role=Role.LEADER))
    assert lisbon.count_posts() == 0


def test_unknown_zone_blocks_the_whole_import(lisbon: PlanService, tmp_path: Path) -> None:
    path = tmp_path / "zones.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
        "BEGIN:VEVENT\r\nUID:ok\r\nDTSTART:20261201T090000Z\r\nSUMMARY:Fine\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:bad\r\nDTSTART;TZID=Mars/Olympus:20261201T090000\r\n"
        "SUMMARY:Where?\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    result = import_file(lisbon, path, MANAGER)
    assert result.blocked and result.imported == 0
    assert [str(p) for p in result.rejected] == [
        "line 8, column DTSTART: unknown time zone 'Mars/Olympus' (no VTIMEZONE names it)"
    ]
    assert lisbon.count_posts() == 0


def recurring(tmp_path: Path, *lines: str) -> Path:
    """A calendar with one recurring event (its DTSTART and rule lines given), the event on
    line 3."""
    path = tmp_path / "rule.ics"
    body = "\r\n".join(["UID:rule", "DTSTAMP:20261101T000000Z", *lines, "SUMMARY:Tips"])
    path.write_text(
        f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\n{body}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    return path


@pytest.mark.parametrize("expand", [False, True])
@pytest.mark.parametrize(
    ("rule", "message"),
    [
        # icalendar reads these as broken properties: no traceback, the rule's own reason.
        ("RRULE:FREQ=WEEKLY;BYDAY=XX", "line 3: the rule cannot be read: .*weekday.*XX"),
        ("RRULE:FREQ=WEEKLY;UNTIL=2026", "line 3: the rule cannot be read: .*'2026'"),
        ("RRULE:COUNT=3", "line 3: the rule has no FREQ"),
        # dateutil would step forever (0) or backwards (-1): refused before expanding.
        ("RRULE:FREQ=DAILY;INTERVAL=0", "line 3: the rule's INTERVAL must be 1 or more"),
        ("RRULE:FREQ=WEEKLY;INTERVAL=-1", "line 3: the rule's INTERVAL must be 1 or more"),
    ],
)
def test_a_broken_rule_names_the_line_and_writes_nothing(
    lisbon: PlanService, tmp_path: Path, rule: str, message: str, expand: bool
) -> None:
    path = recurring(tmp_path, "DTSTART:20261207T090000Z", rule)
    options = ImportOptions(default_role=Role.MANAGER, expand=expand)
    with pytest.raises(ImportFileError, match=message):
        import_file(lisbon, path, options)
    assert lisbon.count_posts() == 0


def test_an_open_ended_rule_every_minute_stops_at_the_most_occurrences(
    lisbon: PlanService, tmp_path: Path
) -> None:
    from lmplanner.core.io.ics_import.recurrence import MAX_OCCURRENCES

    # A year of minutes would be half a million posts (and minutes to read): a runaway rule
    # stops where a bounded one does.
    path = recurring(tmp_path, "DTSTART:20261207T090000Z", "RRULE:FREQ=MINUTELY")
    preview = preview_import(lisbon, path, MANAGER)
    assert len(preview.records) == MAX_OCCURRENCES
    assert list(preview.warnings) == [
        f"line 3: 'Tips' repeats every minute; imported as {MAX_OCCURRENCES} single posts"
    ]
    days = sorted({r.checked.values["date"] for r in preview.records if r.checked})
    assert days[0] == dt.date(2026, 12, 7) and len(days) == 4  # 5 000 minutes: 3.5 days
