"""The report's sections as lists of flowables: summary, calendar, breakdowns and post list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)

from lmplanner.core.balance import count_of, leader_posts_text, percent, percent_band
from lmplanner.core.domain import PlanSettings, PostRecord, Role
from lmplanner.core.public_holidays import holidays_between
from lmplanner.core.report import text as txt
from lmplanner.core.report.calendar_page import MonthGrid, months_in, posts_by_day
from lmplanner.core.report.charts import drawing, meter, off_balance, week_chart
from lmplanner.core.report.paragraph import Paragraph
from lmplanner.core.report.signoff import SignoffNote, signoff_lines
from lmplanner.core.report.styles import (
    ACCENT,
    BAND,
    HAIRLINE,
    INK,
    LEADER,
    MANAGER,
    MANAGER_FILL,
    MUTED,
    OFF_BALANCE_MARK,
    PANEL,
    SEVERITY_COLOURS,
    WARN,
    WARN_TINT,
    Styles,
    color,
    role_colour,
    role_mark,
    role_name,
    table_style,
)

if TYPE_CHECKING:
    from lmplanner.core.balance import BalanceReport, Breakdown, Period
    from lmplanner.core.report.fonts import FontSet
    from lmplanner.core.results import ResultsReport

BODY_MAX_CHARS = 1_500
BODY_MAX_LINES = 18
_SEVERITY_SCALE = {"high": "■■■", "medium": "■■□", "low": "■□□"}


@dataclass(frozen=True, slots=True)
class ReportData:
    """Everything a report shows, read from the plan once before layout starts."""

    settings: PlanSettings
    report: BalanceReport
    posts: tuple[PostRecord, ...]
    period: Period
    generated: dt.datetime
    fonts: FontSet
    styles: Styles
    width: float  # of the portrait frame
    landscape_width: float
    include_bodies: bool
    signoffs: tuple[SignoffNote, ...] = ()  # those overlapping the period
    results: ResultsReport | None = None  # read only when the report has a Results section


def outlined(flowable: Flowable, title: str, level: int, key: str) -> Flowable:
    """Mark a flowable as the place a bookmark (outline entry) points to."""
    flowable._lm_outline = (title, level, key)
    return flowable


def _p(text: str, style: Any) -> Paragraph:
    """A paragraph of our own words (no user text: those go through txt.markup)."""
    return Paragraph(text, style)


def _user(text: str, data: ReportData, style: Any, *, newlines: bool = False) -> Paragraph:
    return Paragraph(txt.markup(text, data.fonts, keep_newlines=newlines), style)


def _date_range(period: Period) -> str:
    s, e = period.start, period.end
    if s == e:
        return f"{s.day} {s:%B %Y}"
    return f"{s.day} {s:%b %Y} – {e.day} {e:%b %Y}"


# ---------------------------------------------------------------------------------- summary
def summary(data: ReportData) -> list[Flowable]:
    st, report = data.styles, data.report
    s = report.settings
    story = _heading(data)
    story += [_figure_tiles(data), Spacer(1, 18)]

    story.append(_p("Leader share against the target band", st.h2))
    story += [Spacer(1, 2), meter(report, data.fonts, data.width), Spacer(1, 12)]
    story.append(_verdict_box(data))

    story.append(_p("What to act on", st.h2))
    if report.flags:
        story.append(_flags_table(data))
    else:
        story.append(_p("No flags: the plan keeps to its rules in this period.", st.body))
    story.append(Spacer(1, 10))
    story.append(
        _p(
            "<b>Leader</b> posts (vision, perspective, story, insight, question) earn the "
            "audience; <b>manager</b> posts (how-to, tip, event, promotion…) serve and convert "
            f"it. The plan aims for {percent_band(s.band_low, s.band_high)} "
            "leader posts.",
            st.note,
        )
    )
    if report.total == 0:
        story.append(Spacer(1, 8))
        story.append(
            _p(
                f"No posts are planned in {txt.markup(report.period.label(), data.fonts)}, "
                "so this report has no calendar, breakdowns or post list.",
                st.body,
            )
        )
    return story


def _heading(data: ReportData) -> list[Flowable]:
    """The plan's name, the period, when and how the report was made, and a rule under them."""
    st, report = data.styles, data.report
    story: list[Flowable] = [
        outlined(_p("CONTENT STRATEGY REPORT", st.kicker), "Summary", 0, "summary"),
        Spacer(1, 6),
        _user(data.settings.name, data, st.title),
        *([_user(data.settings.vision, data, st.subtitle)] if data.settings.vision else []),
        # The period's label already names its first and last day where it is not a month.
        _p(txt.markup(report.period.label(), data.fonts), st.subtitle),
        Spacer(1, 4),
    ]
    meta = [
        f"Generated {data.generated.day} {data.generated:%B %Y, %H:%M}",
        f"time zone {txt.markup(data.settings.timezone, data.fonts)}",
    ]
    if report.filters:
        meta.append(
            "filtered by "
            + "; ".join(f"{k}: {txt.markup(v, data.fonts)}" for k, v in report.filters)
        )
    if not data.signoffs:
        meta.append("not signed off")
    story.append(_p(" · ".join(meta), st.small))
    story += signoff_lines(data.signoffs, st, data.fonts)
    story.append(_rule(data.width, ACCENT, 1.4, space_before=12, space_after=16))
    return story


def _figure_tiles(data: ReportData) -> Table:
    """The period in five numbers, side by side."""
    st, report = data.styles, data.report
    figures = [
        (percent(report.leader_share), "Leader share"),
        (str(report.leader), "Leader posts"),
        (str(report.manager), "Manager posts"),
        (str(report.backlog), "Backlog ideas"),
        (
            f"{report.score}<font size='10' color='{MUTED}'>/100</font>"
            if report.score is not None
            else report.score_text(),
            "Balance score",
        ),
    ]
    cells = [[_p(value, st.figure), _p(label.upper(), st.figure_label)] for value, label in figures]
    tiles = Table([cells], colWidths=[data.width / len(cells)] * len(cells))
    tiles.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), data.fonts.regular),
                ("BACKGROUND", (0, 0), (-1, -1), color(PANEL)),
                ("LINEAFTER", (0, 0), (-2, -1), 4, color("#ffffff")),
                ("TOPPADDING", (0, 0), (-1, -1), 10),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 9),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return tiles


def _rule(width: float, colour: str, thickness: float, **kw: float) -> Flowable:
    from reportlab.platypus.flowables import HRFlowable

    return HRFlowable(
        width=width,
        thickness=thickness,
        color=color(colour),
        spaceBefore=kw.get("space_before", 0),
        spaceAfter=kw.get("space_after", 0),
    )


def _verdict_box(data: ReportData) -> Flowable:
    st, report = data.styles, data.report
    s = report.settings
    band = percent_band(s.band_low, s.band_high)
    if report.total == 0:
        detail = f"No posts are planned. The target band is {band} leader posts."
        edge = MUTED
    else:
        detail = (
            f"{leader_posts_text(report.leader, report.total, percent(report.leader_share))}; "
            f"the target band is {band}."
        )
        if report.score is not None:
            # The score is the share against the band alone: a flag beside 100 is no contradiction.
            detail += (
                f" Balance score {report.score} out of 100 (the leader share against the band; "
                "the flags are judged apart)."
            )
        if not report.enough_data:
            detail += f" With fewer than {s.min_posts} posts the share is too small to judge."
        edge = {"balanced": BAND, "too-early": MUTED}.get(report.verdict.value, WARN)
    box = Table(
        [[[_p(f"Verdict: {report.verdict_text()}", st.verdict), _p(detail, st.body)]]],
        colWidths=[data.width],
    )
    box.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), data.fonts.regular),
                ("LINEBEFORE", (0, 0), (0, -1), 4, color(edge)),
                ("BACKGROUND", (0, 0), (-1, -1), color(PANEL)),
                ("LEFTPADDING", (0, 0), (-1, -1), 14),
                ("TOPPADDING", (0, 0), (-1, -1), 9),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
            ]
        )
    )
    return box


def _flags_table(data: ReportData) -> Flowable:
    st = data.styles
    rows = []
    for flag in data.report.flags:
        sev = flag.severity.value
        badge = _p(
            f"<font color='{SEVERITY_COLOURS[sev]}'>{_SEVERITY_SCALE[sev]}</font><br/>"
            f"<font size='7.5' color='{SEVERITY_COLOURS[sev]}'><b>{sev.upper()}</b></font>",
            st.small,
        )
        rows.append(
            [
                badge,
                [
                    _user(flag.message, data, st.flag_message),
                    _user(flag.suggestion, data, st.flag_suggestion),
                ],
            ]
        )
    table = Table(rows, colWidths=[58, data.width - 58])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), data.fonts.regular),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 7),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                ("LINEBELOW", (0, 0), (-1, -2), 0.4, color(HAIRLINE)),
            ]
        )
    )
    return table


# ---------------------------------------------------------------------------------- calendar
def calendar_pages(data: ReportData) -> list[Flowable]:
    st = data.styles
    days = posts_by_day(data.posts)
    story: list[Flowable] = []
    first = data.report.settings.first_weekday
    plan = data.settings
    holidays = {
        h.date: h.name
        for h in holidays_between(plan.country, plan.region, data.period.start, data.period.end)
    }
    for index, month in enumerate(months_in(data.period)):
        if index:
            story.append(PageBreak())
        label = f"{month:%B %Y}"
        head = outlined(_p(f"Calendar · {label}", st.h1), label, 1, f"calendar-{month:%Y-%m}")
        if index == 0:
            story.append(outlined(Spacer(1, 0), "Calendar", 0, "calendar"))
        story.append(head)
        story.append(MonthGrid(month, data.period, days, first, data.fonts, holidays))
    return story


# ---------------------------------------------------------------------------------- breakdowns
# Room a heading needs below it before it is moved to the next page: itself, the table's head
# and three rows, so a heading never ends a page alone and a table never starts one headless.
HEADING_ROOM = 96.0


def breakdowns(data: ReportData) -> list[Flowable]:
    """The breakdowns flow on landscape pages, each table free to split (head repeated)."""
    st, report = data.styles, data.report
    s = report.settings
    width = data.landscape_width
    story: list[Flowable] = [
        outlined(_p("Breakdowns", st.h1), "Breakdowns", 0, "breakdowns"),
        _p(
            "Leader share is the part of the posts that are leader posts. Rows with at least "
            f"{s.min_posts} posts whose share is outside the target band "
            f"({percent_band(s.band_low, s.band_high)}) are shaded and marked "
            f"<font color='{WARN}'><b>{OFF_BALANCE_MARK}</b></font>.",
            st.small,
        ),
        outlined(_p("By week", st.h2), "By week", 1, "by-week"),
        week_chart(report.by_week, s, data.fonts, width),
        Spacer(1, 8),
        _breakdown_table(data, report.by_week, "Week", user_text=False),
    ]
    for title, key, rows in (
        ("By channel", "by-channel", report.by_channel),
        ("By author", "by-author", report.by_author),
    ):
        story.append(CondPageBreak(HEADING_ROOM))
        story.append(outlined(_p(title, st.h2), title, 1, key))
        story.append(_breakdown_table(data, rows, title.split()[-1].capitalize()))
    story.append(CondPageBreak(HEADING_ROOM))
    story.append(outlined(_p("By kind", st.h2), "By kind", 1, "by-kind"))
    story.append(_kind_table(data))
    return story


def _share_bar(share: float | None, fonts: FontSet) -> Flowable:
    from reportlab.graphics.shapes import Rect

    d = drawing(54, 7, fonts)
    d.add(Rect(0, 0, 54, 7, fillColor=color(MANAGER_FILL), strokeColor=None))
    if share:
        d.add(Rect(0, 0, 54 * share, 7, fillColor=color(LEADER), strokeColor=None))
    if share is None:
        d.contents = [Rect(0, 0, 54, 7, fillColor=color(PANEL), strokeColor=None)]
    return d


def _breakdown_table(
    data: ReportData, rows: Sequence[Breakdown], name: str, *, user_text: bool = True
) -> Flowable:
    st, s = data.styles, data.report.settings
    head = [
        _p(name.upper(), st.cell_head),
        _p("POSTS", st.cell_head_right),
        _p("LEADER", st.cell_head_right),
        _p("MANAGER", st.cell_head_right),
        _p("LEADER SHARE", st.cell_head_right),
        "",
        _p("NOTE", st.cell_head),
    ]
    body: list[list[Any]] = [head]
    commands = table_style(data.fonts)
    for index, row in enumerate(rows, start=1):
        side = off_balance(row, s)
        label = _user(row.label, data, st.cell) if user_text else _p(row.label, st.cell)
        share = percent(row.leader_share)
        note = ""
        if side:
            share = f"<b>{share}</b>"
            note = f"<font color='{WARN}'><b>{OFF_BALANCE_MARK} {side} target</b></font>"
            commands.append(("BACKGROUND", (0, index), (-1, index), color(WARN_TINT)))
        body.append(
            [
                label,
                _p(str(row.total), st.cell_right),
                _p(str(row.leader), st.cell_right),
                _p(str(row.manager), st.cell_right),
                _p(share, st.cell_right),
                _share_bar(row.leader_share, data.fonts),
                _p(note, st.cell),
            ]
        )
    if len(body) == 1:
        body.append([_p("No posts.", st.cell), "", "", "", "", "", ""])
    commands.append(("VALIGN", (5, 1), (5, -1), "MIDDLE"))
    fixed = [44, 48, 54, 72, 64, 90]
    widths = [data.landscape_width - sum(fixed), *fixed]
    table = Table(body, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(commands))
    return table


def _kind_table(data: ReportData) -> Flowable:
    st, report = data.styles, data.report
    body: list[list[Any]] = [
        [
            _p("KIND", st.cell_head),
            _p("ROLE", st.cell_head),
            _p("POSTS", st.cell_head_right),
            _p("SHARE OF ALL POSTS", st.cell_head_right),
        ]
    ]
    from lmplanner.core.domain import Kind

    for row in report.by_kind:
        try:
            role: Role | None = Kind(row.key).role
        except ValueError:
            role = None
        if role is None:
            role_text = "—"
        else:
            role_text = (
                f"<font color='{role_colour(role)}'>{role_mark(role)}</font> {role_name(role)}"
            )
        body.append(
            [
                _p(row.label, st.cell),
                _p(role_text, st.cell),
                _p(str(row.total), st.cell_right),
                _p(percent(row.total / report.total if report.total else None), st.cell_right),
            ]
        )
    if len(body) == 1:
        body.append([_p("No posts.", st.cell), "", "", ""])
    fixed = [110, 60, 110]
    table = Table(body, colWidths=[data.landscape_width - sum(fixed), *fixed], repeatRows=1)
    table.setStyle(TableStyle(table_style(data.fonts)))
    return table


# ---------------------------------------------------------------------------------- posts
_POST_COLUMNS = (
    ("DATE", 66),
    ("TIME", 34),
    ("ROLE", 58),
    ("CHANNEL", 82),
    ("KIND", 70),
    ("STATUS", 62),
    ("AUTHOR", 86),
)


def post_list(data: ReportData) -> list[Flowable]:
    st = data.styles
    count = len(data.posts)
    intro = f"{count_of(count, 'post')} planned from {_date_range(data.period)}, by date and time."
    if data.include_bodies:
        intro += (
            f" Post texts longer than {BODY_MAX_CHARS:,} characters or {BODY_MAX_LINES} lines "
            "are shortened (…); the plan holds them in full."
        )
    return [
        outlined(_p("Posts", st.h1), "Posts", 0, "posts"),
        _p(intro, st.small),
        Spacer(1, 8),
        _post_table(data),
    ]


def _post_table(data: ReportData) -> Flowable:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    st, fonts = data.styles, data.fonts
    widths: list[float] = [w for _, w in _POST_COLUMNS]
    title_w = data.landscape_width - sum(widths)
    widths.append(title_w)
    header: list[Any] = [name for name, _ in _POST_COLUMNS] + ["TITLE"]
    rows: list[list[Any]] = [header]
    commands = table_style(data.fonts)
    commands += [
        ("FONT", (0, 0), (-1, 0), fonts.bold, 7.5),
        ("TEXTCOLOR", (0, 0), (-1, 0), color(MUTED)),
        ("FONT", (0, 1), (-1, -1), fonts.regular, 8),
        ("LEADING", (0, 1), (-1, -1), 10.5),
        ("TEXTCOLOR", (0, 1), (-1, -1), color(INK)),
        ("FONT", (2, 1), (2, -1), fonts.bold, 8),
    ]
    pad = 10.0
    one_year = data.period.start.year == data.period.end.year

    def cell(value: str, column: int) -> Any:
        """Plain strings are drawn literally (and fast); wrap only what does not fit."""
        clean = txt.clean(value)
        if (
            not txt.has_rtl(clean)
            and all(fonts.covers(ch) for ch in clean)
            and (stringWidth(clean, fonts.regular, 8) <= widths[column] - pad)
        ):
            return clean
        return _user(value, data, st.post_title)

    for index, post in enumerate(data.posts, start=1):
        day = post.date
        date_text = "" if day is None else f"{day:%a} {day.day} {day:%b}"
        if day is not None and not one_year:
            date_text += f" {day.year}"
        title: Any = cell(post.title, 7)
        if data.include_bodies and post.body.strip():
            body, cut = txt.truncate_body(
                post.body, max_chars=BODY_MAX_CHARS, max_lines=BODY_MAX_LINES
            )
            markup = txt.markup(body, fonts, keep_newlines=True)
            if cut:
                markup += f" <i>(shortened; {len(post.body):,} characters in full)</i>"
            title = [_user(post.title, data, st.post_title), Paragraph(markup, st.post_body)]
        rows.append(
            [
                date_text,
                post.time.strftime("%H:%M") if post.time else "",
                f"{role_mark(post.role)} {role_name(post.role)}",
                cell(post.channel, 3),
                post.kind.value.capitalize() if post.kind else "",
                post.status.value.capitalize(),
                cell(post.author or "", 6),
                title,
            ]
        )
        if post.role is Role.LEADER:
            commands.append(("TEXTCOLOR", (2, index), (2, index), color(LEADER)))
        else:
            commands.append(("TEXTCOLOR", (2, index), (2, index), color(MANAGER)))
    if len(rows) > 2:
        commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [color("#ffffff"), color("#f7f8fa")]))
    # A row with a long body splits across pages rather than leaving a gap above it.
    table = Table(rows, colWidths=widths, repeatRows=1, splitInRow=1)
    table.setStyle(TableStyle(commands))
    return table
