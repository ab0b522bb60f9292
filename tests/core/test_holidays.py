"""Public holidays: from the plan's country and region (offline), on the report's calendar pages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from lmplanner.core.balance import Period
from lmplanner.core.domain import Role
from lmplanner.core.errors import ValidationError
from lmplanner.core.public_holidays import holidays_between, place_problem
from lmplanner.core.report import Paper, ReportOptions, Section, build_report
from lmplanner.core.services import PlanService, PostDraft

pypdf = pytest.importorskip("pypdf")


def test_country_and_region_decide_the_holidays() -> None:
    january = (dt.date(2027, 1, 1), dt.date(2027, 1, 31))
    bavaria = [(h.date.isoformat(), h.name) for h in holidays_between("DE", "by", *january)]
    assert bavaria == [("2027-01-01", "New Year's Day"), ("2027-01-06", "Epiphany")]
    assert [h.name for h in holidays_between("DE", "", *january)] == ["New Year's Day"]
    assert holidays_between("", "", *january) == []
    # Across a year's end, in date order.
    turn = holidays_between("FR", "", dt.date(2026, 12, 20), dt.date(2027, 1, 2))
    assert [h.date for h in turn] == [dt.date(2026, 12, 25), dt.date(2027, 1, 1)]


def test_unknown_places_are_refused_with_the_allowed_ones(service: PlanService) -> None:
    assert place_problem("DE", "BY") == ""
    assert "unknown country 'XX'" in place_problem("XX", "")
    assert "BY" in place_problem("DE", "QQ")
    with pytest.raises(ValidationError, match="region needs a country"):
        service.update_settings(region="BY")
    service.update_settings(country="US", region="CA")
    settings = service.settings()
    assert (settings.country, settings.region) == ("US", "CA")


def test_the_report_calendar_names_the_holidays(service: PlanService, tmp_path: Path) -> None:
    service.update_settings(country="DE", region="BY")
    service.add_post(
        PostDraft(title="Year ahead", role=Role.LEADER, channel="Blog", date=dt.date(2027, 1, 4))
    )
    out = tmp_path / "january.pdf"
    options = ReportOptions(paper=Paper.A4, sections=frozenset({Section.CALENDAR}))
    build_report(service, Period.month(2027, 1), out=out, options=options)
    text = " ".join(p.extract_text() or "" for p in pypdf.PdfReader(str(out)).pages)
    assert "Epiphany" in text and "New Year" in text
    service.update_settings(country="", region="")
    build_report(service, Period.month(2027, 1), out=out, options=options)
    text = " ".join(p.extract_text() or "" for p in pypdf.PdfReader(str(out)).pages)
    assert "Epiphany" not in text
