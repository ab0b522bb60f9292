"""PDF report content read back with pypdf: every section, title and flag, metadata, fonts,
bookmarks, paper and orientation, chosen sections and the print-safe markers."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from report_support import (
    NOVEMBER,
    add,
    build,
    flatten,
    fonts_of,
    outline_titles,
    page_texts,
    pdf_text,
    pypdf,
    words,
)

from lmplanner.core.balance import Period
from lmplanner.core.demo import create_demo
from lmplanner.core.domain import Role, Status
from lmplanner.core.report import Paper, ReportOptions, Section
from lmplanner.core.services import PlanService


def test_full_report_has_every_section_title_and_flag(demo: PlanService, tmp_path: Path) -> None:
    out = tmp_path / "november.pdf"
    result = build(demo, out)
    reader = pypdf.PdfReader(str(out))
    assert result.pages == len(reader.pages) >= 5
    assert result.sections == tuple(Section)
    text = pdf_text(out)
    for heading in (
        "CONTENT STRATEGY REPORT",
        "Leader share against the target band",
        "What to act on",
        "Calendar · November 2026",
        "Breakdowns",
        "By week",
        "By channel",
        "By author",
        "By kind",
        "Posts",
    ):
        assert heading in text
    posts = demo.posts(start=NOVEMBER.start, end=NOVEMBER.end)
    assert result.posts == len(posts) > 20
    for post in posts:
        assert words(post.title) in text, post.title
    report = demo.balance(NOVEMBER)
    assert report.flags
    for flag in report.flags:
        assert words(flag.message) in text
        assert words(flag.suggestion) in text
    assert f"Verdict: {report.verdict_text()}" in text
    # One number style: "36 %", bands "30 %–60 %", real plurals.
    assert "aims for 30 %–60 % leader posts" in text and "Target band 30 %–60 %" in text
    assert not re.search(r"\d%", text) and "(s)" not in text
    # "page X of Y" on every page, with the real total.
    for number, page in enumerate(page_texts(out), start=1):
        assert f"Page {number} of {result.pages}" in page


def test_metadata_fonts_and_bookmarks(demo: PlanService, tmp_path: Path) -> None:
    demo.update_settings(name="Acme Growth Plan")
    out = tmp_path / "r.pdf"
    build(demo, out, options=ReportOptions(paper=Paper.A4, author="Maya Chen"))
    reader = pypdf.PdfReader(str(out))
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Acme Growth Plan — content strategy report, November 2026"
    assert meta.author == "Maya Chen"
    assert meta.subject is not None and "November 2026" in meta.subject

    fonts = fonts_of(out)
    assert fonts
    for font in fonts:
        assert font["subtype"] == "/TrueType" and font["embedded"], font
    assert any("DejaVuSans" in f["name"] for f in fonts)

    titles = outline_titles(reader.outline)
    assert titles == [
        "Summary",
        "Calendar",
        "November 2026",
        "Breakdowns",
        "By week",
        "By channel",
        "By author",
        "By kind",
        "Strategy",
        "Pillars",
        "Untied",
        "Follow-ups",
        "Who leads",
        "Results",
        "Posts",
    ]
    # Each bookmark points at the page that starts its section.
    pages = {
        str(item.title): reader.get_destination_page_number(item)
        for item in flatten(reader.outline)
    }
    texts = page_texts(out)
    assert pages["Summary"] == 0
    assert "Calendar · November 2026" in texts[pages["November 2026"]]
    assert texts[pages["Breakdowns"]].find("Breakdowns") >= 0
    assert "Posts" in texts[pages["Posts"]] and pages["Posts"] > pages["Breakdowns"]


def test_orientation_and_paper(demo: PlanService, tmp_path: Path) -> None:
    out = tmp_path / "letter.pdf"
    build(demo, out, options=ReportOptions(paper=Paper.LETTER))
    reader = pypdf.PdfReader(str(out))
    sizes = [
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages
    ]
    assert sizes[0] == (612, 792)  # summary: portrait Letter
    assert sizes[1] == (792, 612)  # calendar: landscape
    assert set(sizes) == {(612, 792), (792, 612)}


def test_quarter_has_one_calendar_grid_per_month(service: PlanService, tmp_path: Path) -> None:
    for month in (10, 11, 12):
        create_demo(service, 2026, month)
    quarter = Period(dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    out = tmp_path / "q4.pdf"
    result = build(service, out, quarter)
    texts = page_texts(out)
    reader = pypdf.PdfReader(str(out))
    grids = {
        i: m.group(1) for i, t in enumerate(texts) if (m := re.search(r"Calendar · (\w+) 2026", t))
    }
    assert list(grids.values()) == ["October", "November", "December"]
    for i in grids:
        page = reader.pages[i]
        assert float(page.mediabox.width) > float(page.mediabox.height)
    # The title page names the period once (issue 27: it used to repeat it as a date range).
    assert texts[0].count("1 Oct – 31 Dec 2026") == 1
    assert "1 Oct 2026 – 31 Dec 2026" not in texts[0]
    assert result.posts == len(service.posts(start=quarter.start, end=quarter.end))
    assert outline_titles(reader.outline)[1:5] == [
        "Calendar",
        "October 2026",
        "November 2026",
        "December 2026",
    ]


def test_empty_period_gives_a_short_report_that_says_so(
    service: PlanService, tmp_path: Path
) -> None:
    out = tmp_path / "empty.pdf"
    result = build(service, out)
    assert result.pages == 1
    assert result.sections == (Section.SUMMARY,)
    text = pdf_text(out)
    assert "Nothing is planned for November 2026." in text
    assert "no calendar, breakdowns or post list" in text
    assert "Verdict: Nothing planned" in text


def test_empty_period_with_only_posts_asked_still_writes_a_valid_report(
    service: PlanService, tmp_path: Path
) -> None:
    out = tmp_path / "empty.pdf"
    result = build(service, out, options=ReportOptions(sections=frozenset({Section.POSTS})))
    assert result.pages == 1 and "Nothing is planned" in pdf_text(out)


def test_sections_can_be_chosen(demo: PlanService, tmp_path: Path) -> None:
    out = tmp_path / "posts.pdf"
    result = build(
        demo, out, options=ReportOptions(sections=frozenset({Section.POSTS}), paper=Paper.A4)
    )
    assert result.sections == (Section.POSTS,)
    reader = pypdf.PdfReader(str(out))
    first = reader.pages[0]
    assert float(first.mediabox.width) > float(first.mediabox.height)  # the list is landscape
    text = pdf_text(out)
    assert "CONTENT STRATEGY REPORT" not in text and "Breakdowns" not in text
    assert outline_titles(reader.outline) == ["Posts"]


def test_off_balance_rows_are_marked_in_words_not_only_colour(
    demo: PlanService, tmp_path: Path
) -> None:
    out = tmp_path / "r.pdf"
    build(demo, out, options=ReportOptions(sections=frozenset({Section.BREAKDOWNS})))
    text = pdf_text(out)
    report = demo.balance(NOVEMBER)
    settings = report.settings
    low = [
        r
        for r in report.by_channel
        if r.total >= settings.min_posts
        and r.leader_share is not None
        and r.leader_share < settings.band_low
    ]
    assert low
    assert text.count("▲ below target") >= len(low)


def test_roles_have_print_safe_markers(demo: PlanService, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    build(demo, out)
    text = pdf_text(out)
    assert "★ Leader" in text and "● Manager" in text


def test_status_labels_are_in_the_post_list(service: PlanService, tmp_path: Path) -> None:
    add(service, "Published one", dt.date(2026, 11, 2), status=Status.PUBLISHED)
    add(
        service,
        "Scheduled one",
        dt.date(2026, 11, 3),
        Role.MANAGER,
        status=Status.SCHEDULED,
        time=dt.time(9, 30),
    )
    out = tmp_path / "s.pdf"
    build(service, out)
    text = pdf_text(out)
    assert "Published" in text and "Scheduled" in text and "09:30" in text


def test_the_title_page_names_the_period_once(demo: PlanService, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    build(demo, out)
    first = page_texts(out)[0]
    assert first.count("November 2026") == 1
    assert "1 Nov 2026 – 30 Nov 2026" not in first
    # Later pages keep the period in their header.
    assert all("November 2026" in t for t in page_texts(out)[1:])
