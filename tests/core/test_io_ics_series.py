"""Recurring calendar events become series: the rule, EXDATEs that stay empty for good, moved
and extra occurrences as posts of their own, `expand` for single posts, a second import adding
nothing, undo in one step, and single posts with a warning where no series can follow."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lmplanner.core.domain import Role
from lmplanner.core.io import ExportFormat, ImportOptions, export_plan, import_file, preview_import
from lmplanner.core.series import Freq, SeriesRecord, SeriesRule
from lmplanner.core.services import PlanService, SeriesService

DATA = Path(__file__).parent.parent / "data" / "ics"
MANAGER = ImportOptions(default_role=Role.MANAGER)
EXPAND = ImportOptions(default_role=Role.MANAGER, expand=True)


@pytest.fixture
def lisbon(service: PlanService) -> PlanService:
    service.update_settings(timezone="Europe/Lisbon")
    return service


def all_series(service: PlanService) -> list[SeriesRecord]:
    return SeriesService(service.plan).all_series()


def posts_of(service: PlanService, title: str) -> list[tuple[str, str, int | None]]:
    return [
        (p.date.isoformat() if p.date else "", p.time.strftime("%H:%M") if p.time else "", p.series)
        for p in service.posts()
        if p.title == title
    ]


def calendar(tmp_path: Path, *events: str, zone: str = "") -> Path:
    head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
    if zone:
        head += f"X-WR-TIMEZONE:{zone}\r\n"
    body = "".join(f"BEGIN:VEVENT\r\n{event.strip()}\r\nEND:VEVENT\r\n" for event in events)
    path = tmp_path / "calendar.ics"
    path.write_text(
        head + body.replace("\n", "\r\n").replace("\r\r\n", "\r\n") + "END:VCALENDAR\r\n"
    )
    return path


def test_a_google_rule_with_until_in_utc_and_a_moved_occurrence(lisbon: PlanService) -> None:
    import_file(lisbon, DATA / "google.ics", MANAGER)
    founder = next(s for s in all_series(lisbon) if s.title == "Notes from the founder")
    # Weekly on Wednesdays; UNTIL=20261104T075959Z ends before 4 November's 09:00 Berlin.
    assert founder.rule == SeriesRule(
        Freq.WEEKLY, dt.date(2026, 10, 7), weekdays=(2,), until=dt.date(2026, 10, 28)
    )
    assert founder.ical_uid == "8b3rl1nw33kly0founder0@google.com"
    assert founder.skipped == (dt.date(2026, 10, 21),)  # the moved occurrence's own day
    assert (founder.role, founder.time) == ("leader", dt.time(8, 0))
    assert [d for d, _, _ in posts_of(lisbon, founder.title)] == [
        "2026-10-07",
        "2026-10-14",
        "2026-10-28",
    ]
    assert {s for _, _, s in posts_of(lisbon, founder.title)} == {founder.id}
    # The moved one is a post of its own, as an edit of "this occurrence only" leaves it.
    moved = posts_of(lisbon, "Notes from the founder (on Thursday this week)")
    assert moved == [("2026-10-22", "08:00", None)]


def test_a_weekly_berlin_event_stays_at_nine_across_the_clock_change(
    service: PlanService,
) -> None:
    service.update_settings(timezone="Europe/Berlin")
    import_file(service, DATA / "google.ics", MANAGER)
    founder = posts_of(service, "Notes from the founder")
    # Summer time ends on 25 October 2026: 09:00 local before and after.
    assert founder == [
        (d, "09:00", founder[0][2]) for d in ("2026-10-07", "2026-10-14", "2026-10-28")
    ]


def test_an_outlook_exdate_in_a_windows_zone_is_a_day_the_series_skips(
    lisbon: PlanService,
) -> None:
    import_file(lisbon, DATA / "outlook.ics", MANAGER)
    (clinic,) = all_series(lisbon)
    assert clinic.rule.weekdays == (3,) and clinic.rule.until == dt.date(2026, 12, 17)
    assert clinic.skipped == (dt.date(2026, 11, 26),)
    assert (
        clinic.channel == "Blog" and clinic.body == "Ask us anything about planning your month.\n"
    )
    assert clinic.occurrences == 6


def test_an_apple_yearly_rule_is_single_posts_with_a_warning(lisbon: PlanService) -> None:
    preview = preview_import(lisbon, DATA / "apple.ics", MANAGER)
    assert preview.warnings == (
        "line 47: 'Company anniversary post' repeats yearly; imported as 4 single posts",
    )
    result = import_file(lisbon, DATA / "apple.ics", MANAGER)
    assert [d for d, _, s in posts_of(lisbon, "Company anniversary post") if s is None] == [
        "2026-12-01",
        "2027-12-01",
        "2028-12-01",
        "2029-12-01",
    ]
    # Every other week from 09:00 New York (14:00 Lisbon), and an RDATE as an extra post.
    (tip,) = all_series(lisbon)
    assert tip.rule == SeriesRule(
        Freq.WEEKLY, dt.date(2026, 11, 3), interval=2, weekdays=(1,), count=4
    )
    tips = posts_of(lisbon, "Fortnightly product tip")
    assert [(d, t) for d, t, s in tips if s == tip.id] == [
        (d, "14:00") for d in ("2026-11-03", "2026-11-17", "2026-12-01", "2026-12-15")
    ]
    assert [(d, t) for d, t, s in tips if s is None] == [("2026-11-20", "14:00")]
    assert (result.series, result.series_posts, result.imported) == (1, 4, 11)


def test_upkeep_never_fills_an_exdate_however_far_the_horizon_moves(
    lisbon: PlanService,
) -> None:
    from lmplanner.core.store.series_upkeep import extend_open_series

    import_file(lisbon, DATA / "thunderbird.ics", MANAGER)
    with lisbon.plan.write() as conn:  # two years on: the horizon passes 1 January 2029
        extend_open_series(conn, today=dt.date(2028, 6, 1))
    days = {d for d, _, s in posts_of(lisbon, "Monthly letter from the founder") if s}
    assert "2028-12-01" in days and "2029-02-01" in days and "2029-05-01" in days
    assert "2029-01-01" not in days and "2027-03-01" not in days and "2027-01-01" not in days


def test_expand_makes_single_posts_as_before(lisbon: PlanService) -> None:
    result = import_file(lisbon, DATA / "google.ics", EXPAND)
    assert (result.imported, result.series) == (9, 0)
    assert all_series(lisbon) == [] and all(p.series is None for p in lisbon.posts())
    assert [d for d, _, _ in posts_of(lisbon, "Weekly tip")] == [
        "2026-11-02",
        "2026-11-16",
        "2026-11-23",
    ]
    # The same file again, either way: the expanded posts are not made twice.
    assert preview_import(lisbon, DATA / "google.ics", EXPAND).ready == []
    again = import_file(lisbon, DATA / "google.ics", MANAGER)
    assert (again.imported, again.series, lisbon.count_posts()) == (0, 0, 9)


@pytest.mark.parametrize("months", [2, 24])
def test_expand_makes_an_open_ended_event_as_far_as_its_series_would_reach(
    lisbon: PlanService, tmp_path: Path, months: int
) -> None:
    """--expand makes the same days a series would hold: up to the plan's series horizon from
    today (not a fixed year from the event's start), one post a week."""
    from zoneinfo import ZoneInfo

    from lmplanner.core.series import horizon_end

    lisbon.update_settings(series_horizon_months=months)
    today = dt.datetime.now(ZoneInfo("Europe/Lisbon")).date()
    start = today - dt.timedelta(days=14)
    path = calendar(
        tmp_path, f"UID:open\nDTSTART;VALUE=DATE:{start:%Y%m%d}\nRRULE:FREQ=WEEKLY\nSUMMARY:Tip"
    )
    import_file(lisbon, path, EXPAND)
    days = [dt.date.fromisoformat(d) for d, _, _ in posts_of(lisbon, "Tip")]
    last = horizon_end(today, months, start)
    assert days[0] == start and max(days) <= last < max(days) + dt.timedelta(days=7)
    assert len(days) == (max(days) - start).days // 7 + 1  # every week, none twice


def test_series_then_expand_adds_nothing(lisbon: PlanService) -> None:
    import_file(lisbon, DATA / "google.ics", MANAGER)
    again = import_file(lisbon, DATA / "google.ics", EXPAND)
    assert again.imported == 0 and lisbon.count_posts() == 9


def test_a_moved_occurrence_past_the_first_year_keeps_the_rule_whole(
    lisbon: PlanService, tmp_path: Path
) -> None:
    lisbon.update_settings(series_horizon_months=36)
    path = calendar(
        tmp_path,
        "UID:m\nDTSTART;VALUE=DATE:20270105\nRRULE:FREQ=MONTHLY;BYMONTHDAY=5\n"
        "SUMMARY:[Leader] Fifth",
        "UID:m\nRECURRENCE-ID;VALUE=DATE:20280605\nDTSTART;VALUE=DATE:20280607\n"
        "SUMMARY:[Leader] Fifth (moved)",
    )
    result = import_file(lisbon, path, MANAGER)
    assert result.series == 1 and preview_import(lisbon, path, MANAGER).warnings == ()
    assert posts_of(lisbon, "Fifth (moved)") == [("2028-06-07", "", None)]
    (series,) = all_series(lisbon)
    assert series.skipped == (dt.date(2028, 6, 5),)
    # Nothing but the moved one is outside the series.
    assert [p.title for p in lisbon.posts() if p.series is None] == ["Fifth (moved)"]


@pytest.mark.parametrize("name", ["google", "outlook", "apple", "thunderbird"])
def test_a_second_import_adds_nothing(lisbon: PlanService, name: str) -> None:
    first = import_file(lisbon, DATA / f"{name}.ics", MANAGER)
    assert first.series >= 1
    posts, series = lisbon.count_posts(), len(all_series(lisbon))
    again = import_file(lisbon, DATA / f"{name}.ics", MANAGER)
    assert (again.imported, again.series) == (0, 0)
    assert again.skipped_duplicates == len(preview_import(lisbon, DATA / f"{name}.ics").records)
    assert (lisbon.count_posts(), len(all_series(lisbon))) == (posts, series)


def test_a_second_import_of_an_event_without_uid_adds_no_second_series(
    lisbon: PlanService, tmp_path: Path
) -> None:
    # UID is required by RFC 5545 but hand-written files leave it out: the series is then the
    # same one again when its first post is (date, time, channel, title), as for single posts.
    path = calendar(
        tmp_path,
        "DTSTAMP:20261101T000000Z\nDTSTART;VALUE=DATE:20261207\nSUMMARY:Weekly tips\n"
        "RRULE:FREQ=WEEKLY;COUNT=4",
        "DTSTAMP:20261101T000000Z\nDTSTART;VALUE=DATE:20261207\nSUMMARY:Weekly tips\n"
        "RRULE:FREQ=WEEKLY;COUNT=4",  # the same event twice in one file
    )
    first = import_file(lisbon, path, MANAGER)
    assert (first.series, first.imported, first.skipped_duplicates) == (1, 4, 1)
    again = import_file(lisbon, path, MANAGER)
    assert (again.series, again.imported, again.skipped_duplicates) == (0, 0, 2)
    assert len(all_series(lisbon)) == 1 and lisbon.count_posts() == 4


def test_a_uid_longer_than_the_series_column_imports_alike_on_every_engine(
    lisbon: PlanService, tmp_path: Path
) -> None:
    # RFC 5545 sets no length for a UID; the series column keeps 1000 characters (PostgreSQL
    # enforces it, SQLite does not): a longer one is kept as its digest, found again all the same.
    uid = "event-" + "x" * 1200 + "@example.com"
    path = calendar(
        tmp_path,
        f"UID:{uid}\nDTSTAMP:20261101T000000Z\nDTSTART;VALUE=DATE:20261207\n"
        "SUMMARY:Weekly tips\nRRULE:FREQ=WEEKLY;COUNT=4",
    )
    assert import_file(lisbon, path, MANAGER).series == 1
    (series,) = all_series(lisbon)
    assert series.ical_uid is not None and len(series.ical_uid) <= 1000
    again = import_file(lisbon, path, MANAGER)
    assert (again.series, again.imported, again.skipped_duplicates) == (0, 0, 1)


def test_undo_removes_the_series_and_posts_in_one_step(lisbon: PlanService) -> None:
    before = len(lisbon.history())
    result = import_file(lisbon, DATA / "google.ics", MANAGER)
    assert result.changeset.label == "Import 2 series and 3 posts from google.ics"
    assert len(lisbon.history()) == before + 1  # one entry: one step
    lisbon.apply(result.changeset.inverse())
    assert lisbon.count_posts() == 0 and all_series(lisbon) == []
    # Undone, the same file imports whole again.
    assert import_file(lisbon, DATA / "google.ics", MANAGER).series == 2


def test_preview_counts_series_apart(lisbon: PlanService) -> None:
    preview = preview_import(lisbon, DATA / "outlook.ics", MANAGER)
    (series,) = preview.ready_series
    assert series.series_posts == 6 and series.draft is not None
    assert series.draft.title == "Planning clinic" and len(preview.ready) == 3
    assert preview.warnings == ()


def test_a_time_the_plan_zone_moves_is_single_posts_with_a_warning(
    lisbon: PlanService, tmp_path: Path
) -> None:
    # 09:00 New York is 14:00 in Lisbon most of the year, but 13:00 in the weeks the US is on
    # summer time and Europe not yet: no series can hold that; the posts keep their times.
    path = calendar(
        tmp_path,
        "UID:ny-weekly\nDTSTART;TZID=America/New_York:20270301T090000\n"
        "RRULE:FREQ=WEEKLY;COUNT=6\nSUMMARY:[Manager] Monday note",
    )
    assert preview_import(lisbon, path, MANAGER).warnings == (
        "line 4: 'Monday note' keeps its time in another time zone, so its time in the plan's "
        "zone changes; imported as 6 single posts",
    )
    result = import_file(lisbon, path, MANAGER)
    # Imported again, nothing of it is: no warning (its posts are all duplicates now).
    assert preview_import(lisbon, path, MANAGER).warnings == ()
    assert result.series == 0 and all_series(lisbon) == []
    # The US changes its clocks on 14 March 2027, Europe on 28 March.
    times = ["14:00", "14:00", "13:00", "13:00", "14:00", "14:00"]
    assert [t for _, t, _ in posts_of(lisbon, "Monday note")] == times


@pytest.mark.parametrize(
    ("rule", "reason"),
    [
        ("FREQ=HOURLY;COUNT=3", "repeats hourly"),
        (
            "FREQ=MONTHLY;BYMONTH=1,7;BYMONTHDAY=1;COUNT=2",
            "has a rule a series cannot follow (FREQ=MONTHLY;COUNT=2;BYMONTHDAY=1;BYMONTH=1,7)",
        ),
        (
            "FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=-1;COUNT=2",
            "has a rule a series cannot follow (FREQ=MONTHLY;COUNT=2;BYDAY=MO,TU;BYSETPOS=-1)",
        ),
    ],
)
def test_rules_no_series_can_follow_warn_per_event(
    lisbon: PlanService, tmp_path: Path, rule: str, reason: str
) -> None:
    path = calendar(
        tmp_path,
        f"UID:odd\nDTSTART:20270104T090000Z\nRRULE:{rule}\nSUMMARY:[Leader] Odd one",
        "UID:plain\nDTSTART:20270105T090000Z\nSUMMARY:[Leader] Plain",
    )
    (warning,) = preview_import(lisbon, path, MANAGER).warnings
    assert warning.startswith(f"line 4: 'Odd one' {reason}; imported as ")
    result = import_file(lisbon, path, MANAGER)
    assert result.series == 0 and not result.blocked
    assert all(p.series is None for p in lisbon.posts())


@pytest.mark.parametrize("expand", [False, True])
def test_occurrences_on_one_day_are_each_a_post(
    lisbon: PlanService, tmp_path: Path, expand: bool
) -> None:
    # Hourly, or two RDATE times on one day: each is a post of its own, not a duplicate of the
    # day's first (occurrences were told apart by their day alone).
    path = calendar(
        tmp_path,
        "UID:hourly\nDTSTART:20270104T090000Z\nRRULE:FREQ=HOURLY;COUNT=3\nSUMMARY:Hourly",
        "UID:twice\nDTSTART:20270105T090000Z\nRDATE:20270105T150000Z\nSUMMARY:Twice",
    )
    options = ImportOptions(default_role=Role.MANAGER, expand=expand)
    first = import_file(lisbon, path, options)
    assert (first.imported, first.skipped_duplicates) == (5, 0)
    assert [t for _, t, _ in posts_of(lisbon, "Hourly")] == ["09:00", "10:00", "11:00"]
    assert [t for _, t, _ in posts_of(lisbon, "Twice")] == ["09:00", "15:00"]
    again = import_file(lisbon, path, options)  # and the file is still known again
    assert (again.imported, again.skipped_duplicates) == (0, 5)


def test_the_last_day_of_the_month_is_a_series_on_day_31(
    lisbon: PlanService, tmp_path: Path
) -> None:
    path = calendar(
        tmp_path,
        "UID:last\nDTSTART;VALUE=DATE:20261130\nRRULE:FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=4\n"
        "SUMMARY:[Manager] Month in review",
    )
    assert preview_import(lisbon, path, MANAGER).warnings == ()
    import_file(lisbon, path, MANAGER)
    (series,) = all_series(lisbon)
    assert (series.rule.monthday, series.rule.count, series.time) == (31, 4, None)
    days = [d for d, _, _ in posts_of(lisbon, "Month in review")]
    assert days == ["2026-11-30", "2026-12-31", "2027-01-31", "2027-02-28"]


def test_a_monthly_rule_without_a_day_is_on_the_start_day(
    lisbon: PlanService, tmp_path: Path
) -> None:
    path = calendar(
        tmp_path,
        "UID:m\nDTSTART;VALUE=DATE:20270115\nRRULE:FREQ=MONTHLY;INTERVAL=2;COUNT=3\n"
        "SUMMARY:[Manager] Every other month",
        # From the 31st, RFC 5545 skips the months without one: no series does that.
        "UID:k\nDTSTART;VALUE=DATE:20270131\nRRULE:FREQ=MONTHLY;COUNT=3\nSUMMARY:[Manager] 31st",
    )
    (warning,) = preview_import(lisbon, path, MANAGER).warnings
    assert (
        warning == "line 10: '31st' has a rule a series cannot follow; imported as 3 single posts"
    )
    import_file(lisbon, path, MANAGER)
    (series,) = all_series(lisbon)
    assert (series.rule.monthday, series.rule.interval) == (15, 2)
    days = [d for d, _, _ in posts_of(lisbon, "Every other month")]
    assert days == ["2027-01-15", "2027-03-15", "2027-05-15"]
    assert [d for d, _, _ in posts_of(lisbon, "31st")] == ["2027-01-31", "2027-03-31", "2027-05-31"]


def test_a_bad_event_beside_a_series_writes_nothing(lisbon: PlanService, tmp_path: Path) -> None:
    path = calendar(
        tmp_path,
        "UID:weekly\nDTSTART:20270104T090000Z\nRRULE:FREQ=WEEKLY;COUNT=3\nSUMMARY:[Leader] Ok",
        "UID:lost\nDTSTART;TZID=Mars/Olympus:20270105T090000\nSUMMARY:[Leader] Lost",
    )
    result = import_file(lisbon, path, MANAGER)
    assert result.blocked and result.imported == 0
    assert lisbon.count_posts() == 0 and all_series(lisbon) == []


def test_a_cancelled_occurrence_is_a_skipped_day(lisbon: PlanService, tmp_path: Path) -> None:
    path = calendar(
        tmp_path,
        "UID:w\nDTSTART:20270104T090000Z\nRRULE:FREQ=WEEKLY;COUNT=3\nSUMMARY:[Leader] Weekly",
        "UID:w\nRECURRENCE-ID:20270111T090000Z\nDTSTART:20270111T090000Z\nSTATUS:CANCELLED\n"
        "SUMMARY:[Leader] Weekly",
    )
    import_file(lisbon, path, MANAGER)
    (series,) = all_series(lisbon)
    assert series.skipped == (dt.date(2027, 1, 11),)
    assert [d for d, _, _ in posts_of(lisbon, "Weekly")] == ["2027-01-04", "2027-01-18"]


def test_a_backup_keeps_the_series_calendar_uid_and_skipped_days(
    lisbon: PlanService, tmp_path: Path
) -> None:
    from lmplanner.core.store import open_plan

    import_file(lisbon, DATA / "outlook.ics", MANAGER)
    export_plan(lisbon, tmp_path / "plan.json", ExportFormat.JSON)
    with open_plan(tmp_path / "restored.lmplan") as plan:
        restored = PlanService(plan)
        import_file(restored, tmp_path / "plan.json")
        (series,) = all_series(restored)
        assert series.ical_uid == all_series(lisbon)[0].ical_uid
        assert series.skipped == (dt.date(2026, 11, 26),)
        again = import_file(restored, DATA / "outlook.ics", MANAGER)
        assert (again.imported, again.series) == (0, 0)


def test_a_backup_with_a_calendar_uid_too_long_restores_as_an_import_keeps_it(
    lisbon: PlanService, tmp_path: Path
) -> None:
    import json

    from lmplanner.core.store import open_plan

    # A plan file that imported such a series before kept the whole UID (SQLite has no limit):
    # its backup restores into a team plan too, and the calendar is still found again.
    uid = "event-" + "x" * 1200 + "@example.com"
    path = calendar(
        tmp_path,
        f"UID:{uid}\nDTSTART;VALUE=DATE:20261207\nSUMMARY:Weekly tips\nRRULE:FREQ=WEEKLY;COUNT=4",
    )
    backup = tmp_path / "plan.json"
    with open_plan(tmp_path / "source.lmplan") as plan:
        source = PlanService(plan)
        source.update_settings(timezone="Europe/Lisbon")
        import_file(source, path, MANAGER)
        export_plan(source, backup, ExportFormat.JSON)
    document = json.loads(backup.read_text())
    document["series"][0]["ical_uid"] = uid
    backup.write_text(json.dumps(document))
    import_file(lisbon, backup)
    (series,) = all_series(lisbon)
    assert series.ical_uid is not None and len(series.ical_uid) <= 1000
    again = import_file(lisbon, path, MANAGER)
    assert (again.imported, again.series) == (0, 0)


@st.composite
def recurring_events(draw: st.DrawFn) -> tuple[str, int]:
    """A VEVENT text of a rule a series may follow (or not), with EXDATEs and RDATEs, in one
    of a few zones, and how many occurrences it has at most."""
    zone = draw(st.sampled_from(["Europe/Berlin", "America/New_York", "UTC", "Europe/Lisbon"]))
    start = draw(st.datetimes(dt.datetime(2026, 1, 1), dt.datetime(2028, 12, 31)))
    start = start.replace(minute=start.minute // 15 * 15, second=0, microsecond=0)
    freq = draw(st.sampled_from(["DAILY", "WEEKLY", "MONTHLY"]))
    count = draw(st.integers(1, 12))
    interval = draw(st.integers(1, 3))
    rule = f"FREQ={freq};INTERVAL={interval};COUNT={count}"
    if freq == "WEEKLY" and draw(st.booleans()):
        days = draw(st.sets(st.sampled_from(["MO", "TU", "WE", "TH", "FR"]), min_size=1))
        rule += ";BYDAY=" + ",".join(sorted(days))
    stamp = f"{start:%Y%m%dT%H%M%S}"
    lines = [f"UID:p\nDTSTART;TZID={zone}:{stamp}\nRRULE:{rule}\nSUMMARY:[Leader] Prop"]
    step = {"DAILY": 1, "WEEKLY": 7, "MONTHLY": 31}[freq] * interval
    for n in sorted(draw(st.sets(st.integers(1, count), max_size=3))):  # near occurrences
        lines.append(f"EXDATE;TZID={zone}:{start + dt.timedelta(days=step * n):%Y%m%dT%H%M%S}")
    if draw(st.booleans()):
        extra = start + dt.timedelta(days=draw(st.integers(1, 40)), hours=1)
        lines.append(f"RDATE;TZID={zone}:{extra:%Y%m%dT%H%M%S}")
    return "\n".join(lines), count


@settings(deadline=None, max_examples=60)
@given(event=recurring_events())
def test_a_series_and_its_posts_are_the_expanded_occurrences(event: tuple[str, int]) -> None:
    """Whatever the route, the plan gets the posts the expansion has: the same days and times
    in the plan's zone, none twice, none missing."""
    from zoneinfo import ZoneInfo

    import icalendar

    from lmplanner.core.io.ics_import.events import CalendarContext, local_start
    from lmplanner.core.io.ics_import.recurrence import route_recurring

    text, _ = event
    source = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n" + text.replace("\n", "\r\n")
    parsed = icalendar.Calendar.from_ical(source + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    group = parsed.walk("VEVENT")
    ctx = CalendarContext(ZoneInfo("Europe/Lisbon"))
    expanded = route_recurring(4, group, [], ctx, expand=True)
    wanted = sorted(local_start(item.start, ctx) for item in expanded.posts)
    routed = route_recurring(4, group, [], ctx, expand=False)
    got = [local_start(item.start, ctx) for item in routed.posts]
    if routed.series is not None:
        time = local_start(routed.series.start, ctx)[1]
        skipped = set(routed.series.skip)
        rule = routed.series.rule
        # Starts run to 2028 and a rule has at most 12 steps of up to three months: 2032
        # bounds them.
        got += [(d, time) for d in rule.dates(None, dt.date(2032, 1, 1)) if d not in skipped]
    else:
        assert routed.reason
    assert sorted(got) == wanted


@pytest.mark.parametrize(
    ("name", "master", "moved", "title"),
    [
        ("google.ics", 45, 58, "Notes from the founder (on Thursday this week)"),
        ("thunderbird.ics", 35, 45, "New year letter from the founder"),
    ],
)
def test_a_moved_occurrence_shows_its_own_line_in_the_preview(
    lisbon: PlanService, name: str, master: int, moved: int, title: str
) -> None:
    preview = preview_import(lisbon, DATA / name, MANAGER)
    lines = {r.cells["title"]: r.line for r in preview.records if r.checked is not None}
    # The override is a VEVENT of its own: the preview points at it, not at its master.
    assert lines[title] == moved
    series = [r for r in preview.records if r.series is not None and r.line == master]
    assert len(series) == 1 and series[0].cells["title"] != title
    # With `expand` the rule's own occurrences keep the master's line, the moved one its own.
    expanded = preview_import(lisbon, DATA / name, EXPAND)
    own = [r.line for r in expanded.records if r.cells["title"] == title]
    assert own == [moved]
    assert any(r.line == master for r in expanded.records)
