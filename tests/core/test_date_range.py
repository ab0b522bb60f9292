"""The supported date range 1900-01-01 … 2999-12-31: refused outside, correct at both ends.

Each layer that steps through days (weeks of either first weekday, the balance, the report,
ICS with its VTIMEZONE rules) is run on posts at the very first and very last supported day.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from lmplanner.core.balance import Period
from lmplanner.core.domain import DATE_MAX, DATE_MIN, Role, clamp_date
from lmplanner.core.errors import ValidationError
from lmplanner.core.io import ExportFormat, export_plan
from lmplanner.core.report import ReportOptions, build_report
from lmplanner.core.services import PlanService, PostDraft

ENDS = [DATE_MIN, DATE_MAX]
END_MONTHS = [Period.month(1900, 1), Period.month(2999, 12)]
WEEKDAYS = [0, 6]  # Monday-first and Sunday-first weeks


def draft(day: dt.date | None, **kw: object) -> PostDraft:
    return PostDraft(title="Edge", role=Role.LEADER, channel="LinkedIn", date=day, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "day", [dt.date(9999, 12, 31), dt.date(1, 1, 1), dt.date(1899, 12, 31), dt.date(3000, 1, 1)]
)
def test_a_post_outside_the_range_is_refused_naming_it(service: PlanService, day: dt.date) -> None:
    with pytest.raises(ValidationError, match="1900-01-01 … 2999-12-31") as caught:
        service.add_post(draft(day))
    assert caught.value.field == "date"
    assert service.count_posts() == 0


def test_a_campaign_outside_the_range_is_refused(service: PlanService) -> None:
    with pytest.raises(ValidationError, match="supported range"):
        service.add_campaign("Far", start_date=dt.date(9999, 1, 1), end_date=None)


@pytest.mark.parametrize("first_weekday", WEEKDAYS)
@pytest.mark.parametrize("day", ENDS)
def test_balance_report_and_ics_at_the_ends(
    service: PlanService, tmp_path: Path, day: dt.date, first_weekday: int
) -> None:
    service.update_settings(first_weekday=first_weekday)
    service.add_post(draft(day))
    service.add_post(draft(day, time=dt.time(23, 30)))
    period = Period.month(day.year, day.month)
    report = service.balance(period)
    assert report.total == 2
    assert sum(w.total for w in report.by_week) == 2

    export_plan(service, tmp_path / "all.ics", ExportFormat.ICS)
    events = icalendar.Calendar.from_ical((tmp_path / "all.ics").read_bytes()).walk("VEVENT")
    starts = sorted(str(e.decoded("dtstart"))[:10] for e in events)
    assert starts == [day.isoformat()] * 2
    export_plan(service, tmp_path / "all.csv", ExportFormat.CSV)

    out = tmp_path / "report.pdf"
    result = build_report(service, period, out=out, options=ReportOptions())
    assert len(PdfReader(out).pages) == result.pages >= 1


@settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(
    day=st.one_of(
        st.dates(DATE_MIN, DATE_MIN + dt.timedelta(days=40)),
        st.dates(DATE_MAX - dt.timedelta(days=40), DATE_MAX),
        st.dates(DATE_MIN, DATE_MAX),
    ),
    first_weekday=st.integers(0, 6),
)
def test_weeks_cover_a_month_at_the_ends(day: dt.date, first_weekday: int) -> None:
    month = Period.month(day.year, day.month)
    weeks = month.weeks(first_weekday)
    assert weeks[0].start == month.start and weeks[-1].end == month.end
    assert sum(w.days() for w in weeks) == month.days()
    week = Period.week_of(day, first_weekday)
    assert week.days() == 7 and week.contains(day) and week.start.weekday() == first_weekday
    assert month.label() and week.label()


def test_months_outside_the_range_are_refused() -> None:
    for text in ("1899-12", "3000-01", "0001-01", "9999-12"):
        with pytest.raises(ValueError, match="supported range 1900-01-01 … 2999-12-31"):
            Period.parse_month(text)
    assert [Period.parse_month(m) for m in ("1900-01", "2999-12")] == END_MONTHS


def test_clamp_date() -> None:
    assert clamp_date(dt.date(1, 1, 1)) == DATE_MIN
    assert clamp_date(dt.date(9999, 12, 31)) == DATE_MAX
    assert clamp_date(dt.date(2026, 11, 5)) == dt.date(2026, 11, 5)


def test_a_plan_holding_a_day_outside_the_range(
    service: PlanService, plan_path: Path, tmp_path: Path
) -> None:
    """Written before the range was enforced, or by another program: it reads, the calendar
    export says which post to move, and moving it into the range is allowed."""
    import sqlite3

    from lmplanner.core.io.records import ExportError

    service.add_post(draft(DATE_MAX))
    conn = sqlite3.connect(plan_path)
    with conn:
        conn.execute("UPDATE post SET date = '9999-12-31'")
    conn.close()
    assert [p.date for p in service.posts()] == [dt.date(9999, 12, 31)]
    assert service.balance(END_MONTHS[1]).total == 0
    with pytest.raises(ExportError, match="post 1 is dated 9999-12-31, outside the supported"):
        export_plan(service, tmp_path / "all.ics", ExportFormat.ICS)
    post = service.posts()[0]
    service.move_posts([post.id], to_date=DATE_MAX)
    export_plan(service, tmp_path / "all.ics", ExportFormat.ICS)


@pytest.mark.parametrize("by_days", [1, 10**6, -(10**6)])
def test_moving_by_days_past_an_end_is_refused(service: PlanService, by_days: int) -> None:
    service.add_post(draft(DATE_MAX if by_days > 0 else DATE_MIN))
    post = service.posts()[0]
    with pytest.raises(ValidationError, match="supported range"):
        service.move_posts([post.id], by_days=by_days)
    assert service.posts()[0].date == post.date
