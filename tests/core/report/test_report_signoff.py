"""The sign-off block on the report's summary page, read back with pypdf."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

pypdf = pytest.importorskip("pypdf")

from lmplanner.core.balance import Period  # noqa: E402
from lmplanner.core.report import ReportOptions, Section, build_report  # noqa: E402
from lmplanner.core.services import PlanService, PostDraft  # noqa: E402

MARCH = Period.month(2027, 3)
SUMMARY = ReportOptions(sections=frozenset({Section.SUMMARY}))


def first_page(path: Path) -> str:
    return " ".join((pypdf.PdfReader(str(path)).pages[0].extract_text() or "").split())


@pytest.fixture
def ana(plan: object) -> PlanService:
    return PlanService(plan, actor="Ana Ruiz")  # type: ignore[arg-type]


def test_a_period_not_signed_off_says_so(ana: PlanService, tmp_path: Path) -> None:
    ana.add_post(PostDraft("Vision", "leader", "Blog", date=dt.date(2027, 3, 2)))
    out = tmp_path / "r.pdf"
    build_report(ana, MARCH, out=out, options=SUMMARY)
    assert "not signed off" in first_page(out)


def test_sign_off_block_names_who_when_the_note_and_changes(
    ana: PlanService, tmp_path: Path
) -> None:
    _first, second = ana.add_posts(
        [
            PostDraft("Vision", "leader", "Blog", date=dt.date(2027, 3, 2)),
            PostDraft("How-to <b>bold</b> & more", "manager", "Blog", date=dt.date(2027, 3, 4)),
        ]
    ).focus
    ana.sign_off(MARCH.start, MARCH.end, "OK for March")
    out = tmp_path / "r.pdf"
    build_report(ana, MARCH, out=out, options=SUMMARY)
    today = dt.date.today()
    text = first_page(out)
    assert f"March 2027 approved by Ana Ruiz, {today.day} {today:%b %Y}: OK for March" in text
    assert "Changed since" not in text

    ana.update_post(second, {"body": "Revised"})
    build_report(ana, MARCH, out=out, options=SUMMARY)
    text = first_page(out)
    assert "Changed since sign-off: 1 post — “How-to <b>bold</b> & more”" in text
    assert "Vision”" not in text


def test_sign_off_of_another_period_is_not_printed(ana: PlanService, tmp_path: Path) -> None:
    ana.add_post(PostDraft("Vision", "leader", "Blog", date=dt.date(2027, 3, 2)))
    ana.sign_off(dt.date(2027, 4, 1), dt.date(2027, 4, 30), "April only")
    out = tmp_path / "r.pdf"
    build_report(ana, MARCH, out=out, options=SUMMARY)
    text = first_page(out)
    assert "April only" not in text
    assert "not signed off" in text
