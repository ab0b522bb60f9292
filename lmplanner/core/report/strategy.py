"""The report's Strategy section: pillars against their targets, untied manager posts,
follow-up chains and who leads. User text goes through `txt.markup` before any Paragraph."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table, TableStyle

from lmplanner.core.balance import percent, untied_text
from lmplanner.core.report import text as txt
from lmplanner.core.report.charts import drawing
from lmplanner.core.report.paragraph import Paragraph
from lmplanner.core.report.sections import HEADING_ROOM, ReportData, outlined
from lmplanner.core.report.styles import ACCENT, LEADER, MANAGER_FILL, PANEL, color, table_style

if TYPE_CHECKING:
    from lmplanner.core.balance.report import PillarShare

_LIST_MAX = 40  # untied posts and chains listed by title; the rest are counted
_PROFILE_WORDS = {
    "too-few": "too few posts to tell",
    "leader-voice": "a leader voice",
    "manager-voice": "a manager voice",
    "no-author": "no author",
}


def _user(text: str, data: ReportData, style: Any) -> Paragraph:
    return Paragraph(txt.markup(text, data.fonts), style)


def strategy(data: ReportData) -> list[Flowable]:
    st, report = data.styles, data.report
    story: list[Flowable] = [outlined(Paragraph("Strategy", st.h1), "Strategy", 0, "strategy")]
    if data.settings.vision:
        story.append(_user(data.settings.vision, data, st.body))
        story.append(Spacer(1, 8))
    story.append(outlined(Paragraph("Pillars against targets", st.h2), "Pillars", 1, "pillars"))
    pillars = [row for row in report.by_pillar if row.name is not None]
    if pillars:
        story += [_pillar_chart(report.by_pillar, data), Spacer(1, 6)]
        story.append(_pillar_table(report.by_pillar, data))
    else:
        story.append(
            Paragraph(
                "This plan names no content pillars: name the 2–5 themes your vision stands on.",
                st.body,
            )
        )
    story += _untied(data)
    story += _chains(data)
    story += _who_leads(data)
    return story


def _pillar_chart(rows: tuple[PillarShare, ...], data: ReportData) -> Flowable:
    """One bar per pillar: its share of the posts, with a tick at its target."""
    from reportlab.graphics.shapes import Line, Rect, String

    width, bar, gap, label = data.landscape_width, 9.0, 6.0, 150.0
    d = drawing(width, len(rows) * (bar + gap), data.fonts)
    scale = width - label - 40
    for index, row in enumerate(reversed(rows)):
        y = index * (bar + gap)
        name = row.name if row.name is not None else "No pillar"
        # Joined, in reading order and cut to the label column (its own font fallbacks too).
        shown = txt.fit(name, data.fonts, 8, label - 8)
        if txt.reads_rtl(shown):
            d.add(txt.label(label - 8, y + 1, shown, data.fonts, 8, end=True))
        else:
            d.add(txt.label(0, y + 1, shown, data.fonts, 8))
        d.add(Rect(label, y, scale, bar, fillColor=color(PANEL), strokeColor=None))
        share = row.share or 0.0
        d.add(Rect(label, y, scale * share, bar, fillColor=color(LEADER), strokeColor=None))
        if row.target is not None:
            x = label + scale * row.target
            d.add(Line(x, y - 2, x, y + bar + 2, strokeColor=color(ACCENT), strokeWidth=1.5))
        d.add(
            String(
                label + scale + 4,
                y + 1,
                percent(row.share),
                fontName=data.fonts.regular,
                fontSize=8,
            )
        )
    return d


def _pillar_table(rows: tuple[PillarShare, ...], data: ReportData) -> Flowable:
    st = data.styles
    head = ["PILLAR", "POSTS", "SHARE", "TARGET", "LEADER", "MANAGER", "LEADER SHARE"]
    body: list[list[Any]] = [[Paragraph(h, st.cell_head) for h in head]]
    for row in rows:
        name = _user(row.name, data, st.cell) if row.name else Paragraph("No pillar", st.cell)
        body.append(
            [
                name,
                Paragraph(str(row.total), st.cell_right),
                Paragraph(percent(row.share), st.cell_right),
                Paragraph(percent(row.target) if row.target is not None else "—", st.cell_right),
                Paragraph(str(row.leader), st.cell_right),
                Paragraph(str(row.manager), st.cell_right),
                Paragraph(percent(row.leader_share), st.cell_right),
            ]
        )
    fixed = [48, 54, 54, 54, 60, 78]
    table = Table(body, colWidths=[data.landscape_width - sum(fixed), *fixed], repeatRows=1)
    table.setStyle(TableStyle(table_style(data.fonts)))
    return table


def _titles(data: ReportData) -> dict[int, str]:
    return {post.id: post.title for post in data.posts}


def _untied(data: ReportData) -> list[Flowable]:
    st, untied = data.styles, data.report.untied
    story: list[Flowable] = [
        CondPageBreak(HEADING_ROOM),
        outlined(Paragraph("Untied manager posts", st.h2), "Untied", 1, "untied"),
    ]
    if not untied.count:
        story.append(Paragraph("Every manager post serves a pillar or a leader post.", st.body))
        return story
    story.append(Paragraph(untied_text(untied.count, percent(untied.share)), st.body))
    titles = _titles(data)
    for pid in untied.post_ids[:_LIST_MAX]:
        story.append(_user(f"• {titles.get(pid, str(pid))}", data, st.cell))
    if untied.count > _LIST_MAX:
        story.append(Paragraph(f"… and {untied.count - _LIST_MAX} more.", st.small))
    return story


def _chains(data: ReportData) -> list[Flowable]:
    st = data.styles
    chains = [item for item in data.report.follow_ups if item.follower_ids]
    story: list[Flowable] = [
        CondPageBreak(HEADING_ROOM),
        outlined(Paragraph("Follow-up chains", st.h2), "Follow-ups", 1, "follow-ups"),
    ]
    if not chains:
        story.append(Paragraph("No manager post follows up a leader post yet.", st.body))
        return story
    titles = _titles(data)
    for item in chains[:_LIST_MAX]:
        story.append(_user(item.title, data, st.body))
        for pid in item.follower_ids:
            story.append(_user(f"    → {titles.get(pid, str(pid))}", data, st.cell))
    return story


def _who_leads(data: ReportData) -> list[Flowable]:
    from lmplanner.core.balance.report import author_profile

    st, report = data.styles, data.report
    story: list[Flowable] = [
        CondPageBreak(HEADING_ROOM),
        outlined(Paragraph("Who leads", st.h2), "Who leads", 1, "who-leads"),
    ]
    head = ["AUTHOR", "POSTS", "LEADER SHARE", "PROFILE"]
    body: list[list[Any]] = [[Paragraph(h, st.cell_head) for h in head]]
    for row in report.authored():  # posts without an author are nobody's voice: counted below
        profile = _PROFILE_WORDS[author_profile(row, report.settings.band_low)]
        body.append(
            [
                _user(row.label, data, st.cell),
                Paragraph(str(row.total), st.cell_right),
                Paragraph(percent(row.leader_share), st.cell_right),
                Paragraph(profile, st.cell),
            ]
        )
    if len(body) == 1:
        body.append([Paragraph("No author has a post in this period.", st.cell), "", "", ""])
    fixed = [54, 80, 160]
    table = Table(body, colWidths=[data.landscape_width - sum(fixed), *fixed], repeatRows=1)
    commands = table_style(data.fonts)
    commands.append(("BACKGROUND", (0, 0), (-1, 0), color(MANAGER_FILL)))
    table.setStyle(TableStyle(commands))
    story.append(table)
    # The meter's line: who leads, the posts without an author counted apart.
    story.append(Paragraph(txt.markup(report.who_leads_line(), data.fonts), st.note))
    return story
