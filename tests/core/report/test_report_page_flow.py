"""PDF report page flow, measured from where text stands on each page: no half-empty page but
the last, tables that split across pages, calendar cells that wrap or say how many more."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from report_support import (
    NOVEMBER,
    add,
    assert_pages_full,
    build,
    busy_month,
    calendar_text,
    page_texts,
    pdf_text,
    words,
)

from lmplanner.core.balance import Period
from lmplanner.core.demo import create_demo
from lmplanner.core.domain import Role
from lmplanner.core.report import Paper, ReportOptions, Section
from lmplanner.core.services import PlanService

# ------------------------------------------------------------------------------ page flow


def test_no_page_but_the_last_is_less_than_half_full(service: PlanService, tmp_path: Path) -> None:
    for month in (10, 11, 12):
        create_demo(service, 2026, month)
    quarter = Period(dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    for name, period in (("month", NOVEMBER), ("quarter", quarter)):
        out = tmp_path / f"{name}.pdf"
        build(service, out, period)
        assert_pages_full(out)
    out = tmp_path / "letter.pdf"
    build(service, out, options=ReportOptions(paper=Paper.LETTER))
    assert_pages_full(out)


def test_a_busy_month_flows_without_gaps(service: PlanService, tmp_path: Path) -> None:
    busy_month(service)
    out = tmp_path / "busy.pdf"
    build(service, out)
    assert_pages_full(out)
    texts = page_texts(out)
    # Every heading shares its page with the head of the table it introduces.
    for heading, column in (
        ("By channel", "CHANNEL"),
        ("By author", "AUTHOR"),
        ("By kind", "KIND"),
    ):
        page = next(t for t in texts if heading in t)
        assert column in page.split(heading, 1)[1], heading


def test_long_post_rows_split_across_pages(service: PlanService, tmp_path: Path) -> None:
    # Short rows between rows taller than half a page: unsplit, each tall row would leave the
    # rest of the page before it empty.
    body = "\n".join(f"Line {n}: " + "a sentence that runs across the cell " * 3 for n in range(18))
    for day in range(1, 15):
        for n in range(8):
            add(service, f"Short post {day}.{n}", dt.date(2026, 11, day))
        add(service, f"Post with a long body {day}", dt.date(2026, 11, day), body=body)
    out = tmp_path / "bodies.pdf"
    build(service, out, sections=frozenset({Section.POSTS}), include_bodies=True)
    assert_pages_full(out)
    text = pdf_text(out)
    for day in range(1, 15):
        assert f"Post with a long body {day}" in text


def test_calendar_titles_wrap_instead_of_being_cut(service: PlanService, tmp_path: Path) -> None:
    two = (
        "What would your audience miss if you stopped posting tomorrow?",
        "The spreadsheet that ran our first 100 posts",
    )
    for title, hour, channel in zip(two, (16, 19), ("LinkedIn", "Instagram"), strict=True):
        add(service, title, dt.date(2026, 11, 13), time=dt.time(hour), channel=channel)
    three = ("Autumn launch: 20 % off annual plans", "Tip: colour-code campaigns", "Live Q&A")
    for title in three:
        add(service, title, dt.date(2026, 11, 17), Role.MANAGER)
    giant = "Supercalifragilistic" * 15  # one unbroken 300-character word
    add(service, giant, dt.date(2026, 11, 19))
    out = tmp_path / "cal.pdf"
    build(service, out, sections=frozenset({Section.CALENDAR}))
    text = calendar_text(out)
    for title in (*two, *three):
        # Wrapped lines are joined by spaces when the text is read back.
        assert words(title) in text, title
    assert "more" not in text
    assert giant[:40] in text.replace(" ", "")  # its start still shows


def test_a_day_too_busy_for_its_cell_says_how_many_more(
    service: PlanService, tmp_path: Path
) -> None:
    for n in range(14):
        add(service, f"Busy post {n}", dt.date(2026, 11, 18), time=dt.time(8, n))
    out = tmp_path / "busy-day.pdf"
    build(service, out, sections=frozenset({Section.CALENDAR}))
    assert re.search(r"\+ ?\d+ more", calendar_text(out))


def test_too_few_posts_give_no_score_in_the_report(service: PlanService, tmp_path: Path) -> None:
    add(service, "A lone leader post", dt.date(2026, 11, 3))
    out = tmp_path / "early.pdf"
    build(service, out)
    text = pdf_text(out)
    assert "— BALANCE SCORE" in text and "/100" not in text
    assert "Balance score 0" not in text and "too small to judge" in text
