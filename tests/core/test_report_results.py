"""The report's Results section, read back with pypdf: the finding, the reach against
relationship chart, medians per role and pillar, and the top leader and manager posts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

pypdf = pytest.importorskip("pypdf")

from lmplanner.core.balance import Period  # noqa: E402
from lmplanner.core.report import Paper, ReportOptions, Section, build_report  # noqa: E402
from lmplanner.core.services import PlanService, PostDraft  # noqa: E402

NOVEMBER = Period.month(2026, 11)


def text_of(path: Path) -> str:
    pages = pypdf.PdfReader(str(path)).pages
    return " ".join(" ".join((page.extract_text() or "").split()) for page in pages)


def outline(path: Path) -> list[str]:
    def walk(items: list) -> list[str]:  # type: ignore[type-arg]
        found: list[str] = []
        for item in items:
            found += walk(item) if isinstance(item, list) else [str(item.title)]
        return found

    return walk(pypdf.PdfReader(str(path)).outline)


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
    text = text_of(out)
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
    assert "No post of this period has results yet" in text_of(out)
    full = tmp_path / "full.pdf"
    assert Section.RESULTS in build_report(service, NOVEMBER, out=full).sections
    assert "Results" in outline(full)
