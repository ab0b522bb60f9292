"""The report's strategy parts, read back with pypdf: the vision under the title and the
Strategy section (pillars against targets, untied posts, follow-up chains, who leads)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from report_support import outline, pdf_text

from lmplanner.core.balance import Period
from lmplanner.core.report import Paper, ReportOptions, Section, build_report
from lmplanner.core.services import PlanService, PostDraft

NOVEMBER = Period.month(2026, 11)


def test_strategy_section_and_vision(service: PlanService, tmp_path: Path) -> None:
    service.update_settings(vision="We make planning honest.")
    service.add_pillar("Craft", target=60)
    day = dt.date(2026, 11, 3)
    leader = service.add_post(
        PostDraft("Why we plan", "leader", "X", date=day, pillar="Craft", author="Ana")
    )
    service.add_post(
        PostDraft(
            "How to plan",
            "manager",
            "X",
            date=day + dt.timedelta(days=1),
            follows=leader.created()[0],
            author="Ben",
        )
    )
    service.add_post(
        PostDraft("Loose end", "manager", "Blog", date=day + dt.timedelta(days=2), author="Ben")
    )
    out = tmp_path / "report.pdf"
    build_report(service, NOVEMBER, out=out, options=ReportOptions(paper=Paper.A4))
    text = pdf_text(out)
    assert "We make planning honest." in text
    for words in (
        "Pillars against targets",
        "Craft",
        "60 %",
        "Untied manager posts",
        "Loose end",
        "Follow-up chains",
        "Why we plan",
        "→ How to plan",
        "Who leads",
        "a manager voice",
        "too few posts to tell",
    ):
        assert words in text, words
    assert {"Strategy", "Pillars", "Untied", "Follow-ups", "Who leads"} <= set(outline(out))


def test_strategy_can_be_chosen_alone(service: PlanService, tmp_path: Path) -> None:
    service.add_post(PostDraft("Only one", "leader", "X", date=dt.date(2026, 11, 5)))
    out = tmp_path / "strategy.pdf"
    options = ReportOptions(paper=Paper.A4, sections=frozenset({Section.STRATEGY}))
    build_report(service, NOVEMBER, out=out, options=options)
    text = pdf_text(out)
    assert "This plan names no content pillars" in text
    assert "Breakdowns" not in text
    assert Section.parse_list("strategy") == {Section.STRATEGY}
