"""The report's Results section, read back with pypdf: the finding, the reach against
relationship chart, medians per role and pillar, and the top leader and manager posts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from report_support import outline, pdf_text, pypdf

from lmplanner.core.balance import Period
from lmplanner.core.report import Paper, ReportOptions, Section, build_report
from lmplanner.core.services import PlanService, PostDraft

NOVEMBER = Period.month(2026, 11)


def results_plan(service: PlanService) -> None:
    service.add_pillar("People & <craft>")
    drafts = []
    for day in range(2, 14):
        leader = day % 2 == 1
        drafts.append(
            PostDraft(
                f"{'Why' if leader else 'How'} post {day}",
                "leader" if leader else "manager",
                "LinkedIn",
                date=dt.date(2026, 11, day),
                pillar="People & <craft>" if leader else None,
                impressions=1000 + day if leader else 2800,
                comments=30 + day if leader else 10,
                shares=6,
                new_followers=10 if leader else 2,
            )
        )
    service.add_posts(drafts)


def test_results_section_read_back(service: PlanService, tmp_path: Path) -> None:
    results_plan(service)
    out = tmp_path / "results.pdf"
    options = ReportOptions(paper=Paper.A4, sections=frozenset({Section.RESULTS}))
    result = build_report(service, NOVEMBER, out=out, options=options)
    assert result.sections == (Section.RESULTS,)
    text = pdf_text(out)
    for words in (
        "Manager posts reached 2.8× more people per post; leader posts earned 3.8× more "
        "comments and 5.0× more new followers.",
        "Reach against relationship",
        "Reach per post (impressions + clicks)",
        "Leader (6)",
        "Manager (6)",
        "Medians per post",
        "Leader ÷ manager",
        "People & <craft>",  # user text escaped, not parsed as markup
        "Top leader posts by relationship",
        "Top manager posts by relationship",
        "2026-11-13 LinkedIn Why post 13 43 6 10 1,013",  # the leader post with most comments
    ):
        assert words in text, words
    assert text.index("Why post 13") < text.index("Why post 11")  # best first
    assert "Breakdowns" not in text and "Strategy" not in text
    assert {"Results", "Reach vs relationship"} <= set(outline(out))
    assert Section.parse_list("results") == {Section.RESULTS}


def test_results_section_without_results_and_in_the_full_report(
    service: PlanService, tmp_path: Path
) -> None:
    service.add_post(PostDraft("Only one", "leader", "X", date=dt.date(2026, 11, 5)))
    out = tmp_path / "none.pdf"
    build_report(
        service,
        NOVEMBER,
        out=out,
        options=ReportOptions(paper=Paper.A4, sections=frozenset({Section.RESULTS})),
    )
    assert "No post of this period has results yet" in pdf_text(out)
    full = tmp_path / "full.pdf"
    assert Section.RESULTS in build_report(service, NOVEMBER, out=full).sections
    assert "Results" in outline(full)


def baselines(page: object) -> list[tuple[float, str]]:
    """Each piece of text on a page with the height of its baseline (points from the bottom)."""
    found: list[tuple[float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_args: object) -> None:
        if text.strip():
            found.append((tm[5] * cm[3] + cm[5], text.strip()))

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    return found


def test_a_section_that_flows_on_has_room_above_its_heading(
    service: PlanService, tmp_path: Path
) -> None:
    service.add_posts(
        [PostDraft("Why we plan", "leader", "LinkedIn", date=dt.date(2026, 11, 2))]
    )  # no results: the Results section is its heading and one sentence
    out = tmp_path / "flow.pdf"
    sections = frozenset({Section.STRATEGY, Section.RESULTS, Section.POSTS})
    build_report(
        service, NOVEMBER, out=out, options=ReportOptions(paper=Paper.A4, sections=sections)
    )
    page = pypdf.PdfReader(str(out)).pages[0]
    lines = baselines(page)
    for heading in ("Results", "Posts"):
        at = next(y for y, text in lines if text == heading)
        above = min(y for y, _text in lines if y > at + 1 and y < 500)  # the line just above
        assert above - at >= 40, (heading, above, at)  # 16 pt heading, 26 pt room above it


def test_the_results_heading_finding_and_chart_share_a_page(
    service: PlanService, tmp_path: Path
) -> None:
    results_plan(service)
    out = tmp_path / "together.pdf"
    build_report(service, NOVEMBER, out=out, options=ReportOptions(paper=Paper.A4))  # all of it
    pages = [" ".join((p.extract_text() or "").split()) for p in pypdf.PdfReader(str(out)).pages]
    (page,) = [p for p in pages if "Reach against relationship" in p]
    assert "Results Manager posts reached" in page  # never a heading alone at a page's foot
    assert "Reach per post (impressions + clicks)" in page  # the chart's own axis title


def _fonts(path: Path) -> dict[str, bool]:
    """Every font the PDF uses (pages and their forms): its name and whether it is embedded."""
    found: dict[str, bool] = {}

    def walk(resources: object) -> None:
        resources = resources.get_object() if resources is not None else {}  # type: ignore[attr-defined]
        for font in (resources.get("/Font") or {}).values():  # type: ignore[union-attr]
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            fonts = [font] + [d.get_object() for d in font.get("/DescendantFonts") or []]
            descriptors = [f.get("/FontDescriptor") for f in fonts if f.get("/FontDescriptor")]
            embedded = any(
                any(k in d.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                for d in [descriptor, *descriptors]
                if d is not None
            )
            found[str(font["/BaseFont"])] = embedded
        for xobject in (resources.get("/XObject") or {}).values():  # type: ignore[union-attr]
            walk(xobject.get_object().get("/Resources"))

    for page in pypdf.PdfReader(str(path)).pages:
        walk(page.get("/Resources"))
    return found


def test_every_font_of_the_full_report_is_embedded(service: PlanService, tmp_path: Path) -> None:
    """ReportLab's default Helvetica (a canvas' first font, a chart String without a font) never
    sneaks in beside the report's own fonts."""
    results_plan(service)
    out = tmp_path / "full.pdf"
    build_report(service, NOVEMBER, out=out, options=ReportOptions(paper=Paper.A4))
    fonts = _fonts(out)
    assert fonts and all(fonts.values()), fonts
    assert not any("Helvetica" in name for name in fonts), fonts
