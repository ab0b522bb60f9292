"""The report's Results section: the finding, reach against relationship per role (a chart of
every post with results, each role's median marked), medians per role and pillar, and the
leader and manager posts that built the most relationship. User text goes through `txt.markup`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table, TableStyle

from lmplanner.core.domain import Role
from lmplanner.core.report import text as txt
from lmplanner.core.report.charts import drawing
from lmplanner.core.report.paragraph import Paragraph  # right-to-left text in reading order
from lmplanner.core.report.sections import HEADING_ROOM, ReportData, outlined
from lmplanner.core.report.styles import (
    FAINT,
    HAIRLINE,
    LEADER,
    MANAGER,
    MUTED,
    color,
    role_name,
    table_style,
)
from lmplanner.core.results import reach, relationship, times

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing, String

    from lmplanner.core.domain import PostRecord
    from lmplanner.core.report.fonts import FontSet
    from lmplanner.core.results import GroupResults, ResultsReport

TOP_POSTS = 5
ROLES = (Role.LEADER, Role.MANAGER)  # in the order the section tells them
_CHART_HEIGHT = 210.0
_METRICS = (
    ("impressions", "IMPRESSIONS"),
    ("reactions", "REACTIONS"),
    ("comments", "COMMENTS"),
    ("shares", "SHARES"),
    ("clicks", "CLICKS"),
    ("new_followers", "NEW FOLLOWERS"),
)


def results(data: ReportData) -> list[Flowable]:
    st, report = data.styles, data.results
    story: list[Flowable] = [outlined(Paragraph("Results", st.h1), "Results", 0, "results")]
    if report is None or not report.posts:
        story.append(
            Paragraph(
                "No post of this period has results yet: record what each post achieved in the "
                "editor, or import the channels' numbers (File › Import results…).",
                st.body,
            )
        )
        return story
    story += [Paragraph(txt.markup(report.finding, data.fonts), st.verdict), Spacer(1, 8)]
    # The heading, the finding and the chart start a page together: never a heading alone at
    # the foot of a page with its chart overleaf.
    story += [
        outlined(Paragraph("Reach against relationship", st.h2), "Reach vs relationship", 1, "rvr"),
        scatter(report, data),
        Spacer(1, 4),
        Paragraph(_chart_note(), st.note),
    ]
    story = [KeepTogether(story)]
    story += [CondPageBreak(HEADING_ROOM), Paragraph("Medians per post", st.h2)]
    story.append(_medians_table(report, data))
    for role in ROLES:
        story += _top_posts(report, role, data)
    return story


def _chart_note() -> str:
    return (
        "Each dot is a post with both kinds of numbers: across, its reach (impressions and "
        "clicks); up, the relationship it built (comments, shares and new followers). The "
        "crosses mark each role's medians."
    )


def scatter(report: ResultsReport, data: ReportData) -> Drawing:
    """Every post with both kinds of numbers as a dot in its role's colour, medians as crosses."""
    from reportlab.graphics.shapes import Circle, Line

    fonts, width = data.fonts, data.landscape_width
    d = drawing(width, _CHART_HEIGHT, fonts)
    left, bottom, top = 44.0, 26.0, _CHART_HEIGHT - 18
    right = width - 110
    points = [(p, reach(p), relationship(p)) for p in report.posts]
    plotted = [(p, x, y) for p, x, y in points if x is not None and y is not None]
    x_top = _ceiling(max((x for _p, x, _y in plotted), default=1))
    y_top = _ceiling(max((y for _p, _x, y in plotted), default=1))

    def at(x: float, y: float) -> tuple[float, float]:
        return left + (right - left) * x / x_top, bottom + (top - bottom) * y / y_top

    for i in range(5):
        gx, gy = left + (right - left) * i / 4, bottom + (top - bottom) * i / 4
        d.add(Line(left, gy, right, gy, strokeColor=color(HAIRLINE), strokeWidth=0.5))
        d.add(_label(left - 4, gy - 3, f"{y_top * i / 4:,.0f}", fonts, anchor="end"))
        d.add(_label(gx, bottom - 11, f"{x_top * i / 4:,.0f}", fonts, anchor="middle"))
    across = "Reach per post (impressions + clicks)"
    d.add(_label((left + right) / 2, 2, across, fonts, size=8, anchor="middle"))
    up = "Relationship per post (comments + shares + new followers)"
    d.add(_label(left, top + 8, up, fonts, size=8))
    for post, x, y in plotted:
        cx, cy = at(x, y)
        d.add(Circle(cx, cy, 3.2, fillColor=_ink(post.role), strokeColor=None, fillOpacity=0.7))
    for role in ROLES:
        _median_cross(d, report.group(role), role, at)
    _legend(d, report, fonts, right + 14, top - 4)
    return d


def _label(
    x: float, y: float, text: str, fonts: FontSet, *, size: float = 7, anchor: str = "start"
) -> String:
    """A quiet line of chart text: axis numbers and titles."""
    from reportlab.graphics.shapes import String

    return String(
        x, y, text, fontName=fonts.regular, fontSize=size, textAnchor=anchor, fillColor=color(MUTED)
    )


def _ink(role: Role) -> Any:
    return color(LEADER if role is Role.LEADER else MANAGER)


def _median_cross(d: Drawing, group: GroupResults, role: Role, at: Any) -> None:
    from reportlab.graphics.shapes import Line

    if group.reach.median is None or group.relationship.median is None:
        return
    cx, cy = at(group.reach.median, group.relationship.median)
    ink = _ink(role)
    for dx, dy in ((7, 0), (0, 7)):
        d.add(Line(cx - dx, cy - dy, cx + dx, cy + dy, strokeColor=ink, strokeWidth=2.2))


def _legend(d: Drawing, report: ResultsReport, fonts: FontSet, x: float, y: float) -> None:
    from reportlab.graphics.shapes import Circle, String

    for i, role in enumerate(ROLES):
        row = y - i * 16
        d.add(Circle(x + 3, row + 3, 3.2, fillColor=_ink(role), strokeColor=None))
        label = f"{role_name(role)} ({report.group(role).posts})"
        d.add(String(x + 11, row, label, fontName=fonts.regular, fontSize=8))
    d.add(String(x, y - 38, "+ median", fontName=fonts.regular, fontSize=7, fillColor=color(FAINT)))


def _ceiling(value: float) -> float:
    """A round axis end at or above `value` whose quarters are round numbers too."""
    magnitude = 1.0
    while magnitude * 10 <= value:
        magnitude *= 10
    for step in (1, 1.2, 1.6, 2, 2.4, 3, 4, 5, 6, 8, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


def _medians_table(report: ResultsReport, data: ReportData) -> Flowable:
    st = data.styles
    head = ["", "POSTS", *(h for _n, h in _METRICS)]
    body: list[list[Any]] = [[Paragraph(h, st.cell_head) for h in head]]
    body += [_group_row(role_name(role), report.group(role), data) for role in ROLES]
    ratios = report.ratios
    body.append(
        [Paragraph("Leader ÷ manager", st.cell), Paragraph("", st.cell)]
        + [_cell(times(r) if (r := ratios[n]) is not None else "—", st) for n, _h in _METRICS]
    )
    for group in report.by_pillar:
        if group.posts:
            name = txt.markup(group.name, data.fonts) if group.name else "No pillar"
            body.append(_group_row(name, group, data, markup=False))
    fixed = [44.0] + [78.0] * len(_METRICS)
    table = Table(body, colWidths=[data.landscape_width - sum(fixed), *fixed], repeatRows=1)
    table.setStyle(TableStyle(table_style(data.fonts)))
    return table


def _group_row(
    label: str, group: GroupResults, data: ReportData, *, markup: bool = True
) -> list[Any]:
    st = data.styles
    first = Paragraph(txt.markup(label, data.fonts) if markup else label, st.cell)
    cells = [first, _cell(str(group.posts), st)]
    for name, _heading in _METRICS:
        median = group.median(name)
        cells.append(_cell("—" if median is None else f"{median:,.1f}".removesuffix(".0"), st))
    return cells


def _cell(text: str, st: Any) -> Paragraph:
    return Paragraph(text, st.cell_right)


def _top_posts(report: ResultsReport, role: Role, data: ReportData) -> list[Flowable]:
    st = data.styles
    title = f"Top {role_name(role).lower()} posts by relationship"
    story: list[Flowable] = [CondPageBreak(HEADING_ROOM), Paragraph(title, st.h2)]
    top = report.top(role, TOP_POSTS)
    if not top:
        story.append(
            Paragraph(f"No {role.value} post has comments, shares or followers recorded.", st.body)
        )
        return story
    head = ["DATE", "CHANNEL", "TITLE", "COMMENTS", "SHARES", "NEW FOLLOWERS", "IMPRESSIONS"]
    body: list[list[Any]] = [[Paragraph(h, st.cell_head) for h in head]]
    body += [_post_row(post, data) for post in top]
    fixed = [62.0, 80.0, 66.0, 56.0, 84.0, 76.0]
    widths = [*fixed[:2], data.landscape_width - sum(fixed), *fixed[2:]]
    table = Table(body, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(table_style(data.fonts)))
    story.append(table)
    return story


def _post_row(post: PostRecord, data: ReportData) -> list[Any]:
    st = data.styles

    def count(value: int | None) -> Paragraph:
        return _cell("—" if value is None else f"{value:,}", st)

    return [
        Paragraph(post.date.isoformat() if post.date else "", st.cell),
        Paragraph(txt.markup(post.channel, data.fonts), st.cell),
        Paragraph(txt.markup(post.title, data.fonts), st.cell),
        count(post.comments),
        count(post.shares),
        count(post.new_followers),
        count(post.impressions),
    ]
