"""Charts drawn with reportlab.graphics: the balance meter and the weekly stacked bars."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lmplanner.core.balance import percent, percent_band
from lmplanner.core.report.styles import (
    FAINT,
    HAIRLINE,
    INK,
    LEADER,
    MANAGER,
    MANAGER_FILL,
    MUTED,
    OFF_BALANCE_MARK,
    PANEL,
    RULE,
    WARN,
    color,
)

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

    from lmplanner.core.balance import BalanceReport, Breakdown
    from lmplanner.core.domain import BalanceSettings
    from lmplanner.core.report.fonts import FontSet


def drawing(width: float, height: float, fonts: FontSet) -> Drawing:
    """A Drawing whose initial font is ours (ReportLab would otherwise add Helvetica)."""
    from reportlab.graphics.shapes import Drawing

    d = Drawing(width, height)
    d.initialFontName = fonts.regular
    d.initialFontSize = 8
    return d


def off_balance(row: Breakdown, settings: BalanceSettings) -> str:
    """ "below" or "above" for a row with enough posts outside the target band, else ""."""
    if row.leader_share is None or row.total < settings.min_posts:
        return ""
    if row.leader_share < settings.band_low:
        return "below"
    if row.leader_share > settings.band_high:
        return "above"
    return ""


# The meter's bar, in drawing coordinates.
_BAR_Y, _BAR_H = 30.0, 18.0
_METER_HEIGHT = 84.0


def meter(report: BalanceReport, fonts: FontSet, width: float) -> Drawing:
    """Leader share as a bar (dark: leader, light: manager) under a bracket for the target band."""
    d = drawing(width, _METER_HEIGHT, fonts)
    share = report.leader_share
    if share is None:
        _empty_bar(d, fonts, width)
    else:
        _share_bar(d, fonts, width, share)
        _share_pointer(d, fonts, width, share)
    _band_bracket(d, fonts, width, report.settings)
    # Keep the end labels clear of the share label.
    if share is None or not _crowds_the_ends(fonts, width, share):
        _end_labels(d, fonts, width)
    return d


def _empty_bar(d: Drawing, fonts: FontSet, width: float) -> None:
    from reportlab.graphics.shapes import Rect, String

    d.add(Rect(0, _BAR_Y, width, _BAR_H, fillColor=color(PANEL), strokeColor=color(RULE)))
    d.add(
        String(
            width / 2,
            _BAR_Y + 5.5,
            "No posts in this period",
            fontName=fonts.regular,
            fontSize=8.5,
            fillColor=color(MUTED),
            textAnchor="middle",
        )
    )


def _share_bar(d: Drawing, fonts: FontSet, width: float, share: float) -> None:
    """The bar split at `share`, its two halves named where they fit."""
    from reportlab.graphics.shapes import Rect, String
    from reportlab.pdfbase.pdfmetrics import stringWidth

    bar_y, bar_h = _BAR_Y, _BAR_H
    lead_w = width * share
    d.add(Rect(0, bar_y, width, bar_h, fillColor=color(MANAGER_FILL), strokeColor=None))
    if lead_w > 0:
        d.add(Rect(0, bar_y, lead_w, bar_h, fillColor=color(LEADER), strokeColor=None))
    d.add(Rect(0, bar_y, width, bar_h, fillColor=None, strokeColor=color(INK), strokeWidth=0.6))
    inner = 8.0
    if stringWidth("Leader", fonts.bold, 8) + 2 * inner < lead_w:
        d.add(
            String(
                inner,
                bar_y + 5.5,
                "Leader",
                fontName=fonts.bold,
                fontSize=8,
                fillColor=color("#ffffff"),
            )
        )
    if stringWidth("Manager", fonts.bold, 8) + 2 * inner < width - lead_w:
        d.add(
            String(
                width - inner,
                bar_y + 5.5,
                "Manager",
                fontName=fonts.bold,
                fontSize=8,
                fillColor=color(INK),
                textAnchor="end",
            )
        )


def _share_pointer(d: Drawing, fonts: FontSet, width: float, share: float) -> None:
    """A pointer under the bar where the leader share ends, and the share's value below it."""
    from reportlab.graphics.shapes import Line, Polygon, String

    bar_y, bar_h = _BAR_Y, _BAR_H
    x = width * share
    d.add(Line(x, bar_y - 1, x, bar_y + bar_h + 1, strokeColor=color(INK), strokeWidth=1.2))
    d.add(
        Polygon(
            [x - 4.5, bar_y - 8, x + 4.5, bar_y - 8, x, bar_y - 1.5],
            fillColor=color(INK),
            strokeColor=None,
        )
    )
    label, lx, _ = _share_label(fonts, width, share)
    d.add(String(lx, bar_y - 21, label, fontName=fonts.bold, fontSize=9, fillColor=color(INK)))


def _share_label(fonts: FontSet, width: float, share: float) -> tuple[str, float, float]:
    """The share label: its text, left edge and width, kept inside the drawing."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    label = f"Leader share {percent(share)}"
    label_w = stringWidth(label, fonts.bold, 9)
    lx = min(max(width * share - label_w / 2, 0), width - label_w)
    return label, lx, label_w


def _crowds_the_ends(fonts: FontSet, width: float, share: float) -> bool:
    """Whether the share label comes too close to where "0 %" and "100 %" would go."""
    _, lx, label_w = _share_label(fonts, width, share)
    return lx < 28 or lx + label_w > width - 34


def _band_bracket(d: Drawing, fonts: FontSet, width: float, s: BalanceSettings) -> None:
    """The target band: a bracket above the bar, named above its middle."""
    from reportlab.graphics.shapes import Line, String
    from reportlab.pdfbase.pdfmetrics import stringWidth

    bar_y, bar_h = _BAR_Y, _BAR_H
    low, high = s.band_low * width, s.band_high * width
    top = bar_y + bar_h + 12
    grey = color(MUTED)
    d.add(Line(low, top, high, top, strokeColor=grey, strokeWidth=1))
    d.add(Line(low, top, low, bar_y + bar_h + 3, strokeColor=grey, strokeWidth=1))
    d.add(Line(high, top, high, bar_y + bar_h + 3, strokeColor=grey, strokeWidth=1))
    band = f"Target band {percent_band(s.band_low, s.band_high)}"
    band_w = stringWidth(band, fonts.regular, 8.5)
    bx = min(max((low + high) / 2 - band_w / 2, 0), width - band_w)
    d.add(String(bx, top + 5, band, fontName=fonts.regular, fontSize=8.5, fillColor=grey))


def _end_labels(d: Drawing, fonts: FontSet, width: float) -> None:
    """ "0 %" and "100 %" under the ends of the bar."""
    from reportlab.graphics.shapes import String

    for value, anchor in ((0, "start"), (width, "end")):
        text = "0 %" if value == 0 else "100 %"
        d.add(
            String(
                value,
                _BAR_Y - 21,
                text,
                fontName=fonts.regular,
                fontSize=7.5,
                fillColor=color(FAINT),
                textAnchor=anchor,
            )
        )


def _nice_ceiling(value: int) -> tuple[int, int]:
    """An axis maximum ≥ value and a tick step giving 2–5 gridlines."""
    if value <= 4:
        return max(value, 1), 1
    magnitude = 10 ** int(math.log10(value))
    for step_factor in (0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10):
        step = max(1, round(magnitude * step_factor))
        if value / step <= 5:
            return int(math.ceil(value / step) * step), step
    return value, max(1, value // 4)


_WEEK_HEIGHT = 196.0


@dataclass(frozen=True, slots=True)
class _Plot:
    """The week chart's plot area: where its axes start, its size, and the y axis maximum."""

    left: float
    bottom: float
    width: float
    height: float
    axis_max: int


def week_chart(
    rows: Sequence[Breakdown], settings: BalanceSettings, fonts: FontSet, width: float
) -> Drawing:
    """Leader (dark, bottom) and manager (light, top) posts per week, totals above the bars."""
    from reportlab.graphics.shapes import String

    left, bottom, top_pad = 30.0, 30.0, 38.0
    d = drawing(width, _WEEK_HEIGHT, fonts)
    biggest = max((row.total for row in rows), default=0)
    axis_max, step = _nice_ceiling(biggest)
    plot = _Plot(left, bottom, width - left - 4, _WEEK_HEIGHT - bottom - top_pad, axis_max)
    _grid(d, fonts, plot, step)

    count = max(len(rows), 1)
    slot = plot.width / count
    bar_w = min(34.0, slot * 0.62)
    label_every = max(1, math.ceil(count / 13))
    for i, row in enumerate(rows):
        x = left + slot * i + (slot - bar_w) / 2
        top_y = _stacked_bar(d, plot, row, x, bar_w)
        cx = x + bar_w / 2
        total_w = _total_label(d, fonts, row, cx, top_y) if count <= 26 else 0.0
        if off_balance(row, settings):
            _off_balance_mark(d, fonts, cx, top_y, total_w)
        if i % label_every == 0 and row.start is not None:
            _week_label(d, fonts, cx, bottom - 12, row.start)
    d.add(
        String(
            left,
            bottom - 26,
            "Week starting",
            fontName=fonts.regular,
            fontSize=7,
            fillColor=color(FAINT),
        )
    )
    _legend(d, fonts, width, _WEEK_HEIGHT)
    return d


def _grid(d: Drawing, fonts: FontSet, plot: _Plot, step: int) -> None:
    """Gridlines every `step` posts, numbered on the y axis."""
    from reportlab.graphics.shapes import Line, String

    left = plot.left
    for tick in range(0, plot.axis_max + 1, step):
        y = plot.bottom + plot.height * tick / plot.axis_max
        d.add(
            Line(
                left,
                y,
                left + plot.width,
                y,
                strokeColor=color(RULE if tick == 0 else HAIRLINE),
                strokeWidth=0.8 if tick == 0 else 0.5,
            )
        )
        d.add(
            String(
                left - 6,
                y - 2.8,
                str(tick),
                fontName=fonts.regular,
                fontSize=7,
                fillColor=color(FAINT),
                textAnchor="end",
            )
        )


def _stacked_bar(d: Drawing, plot: _Plot, row: Breakdown, x: float, bar_w: float) -> float:
    """One week's bar, leader posts below manager posts; returns where its labels go."""
    from reportlab.graphics.shapes import Rect

    bottom = plot.bottom
    lead_h = plot.height * row.leader / plot.axis_max
    man_h = plot.height * row.manager / plot.axis_max
    if lead_h:
        d.add(Rect(x, bottom, bar_w, lead_h, fillColor=color(LEADER), strokeColor=None))
    if man_h:
        d.add(
            Rect(
                x,
                bottom + lead_h,
                bar_w,
                man_h,
                fillColor=color(MANAGER_FILL),
                strokeColor=color(MANAGER),
                strokeWidth=0.5,
            )
        )
    return bottom + lead_h + man_h + 3


def _total_label(d: Drawing, fonts: FontSet, row: Breakdown, cx: float, y: float) -> float:
    """The week's total above its bar; returns the label's width (0 for an empty week)."""
    from reportlab.graphics.shapes import String
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if not row.total:
        return 0.0
    label = str(row.total)
    d.add(
        String(
            cx,
            y,
            label,
            fontName=fonts.bold,
            fontSize=7.5,
            fillColor=color(INK),
            textAnchor="middle",
        )
    )
    label_w: float = stringWidth(label, fonts.bold, 7.5)
    return label_w


def _off_balance_mark(d: Drawing, fonts: FontSet, cx: float, y: float, total_w: float) -> None:
    """The marker sits beside the total, so it never runs into the legend."""
    from reportlab.graphics.shapes import String

    d.add(
        String(
            cx - total_w / 2 - 2 if total_w else cx,
            y,
            OFF_BALANCE_MARK,
            fontName=fonts.regular,
            fontSize=7,
            fillColor=color(WARN),
            textAnchor="end" if total_w else "middle",
        )
    )


def _week_label(d: Drawing, fonts: FontSet, cx: float, y: float, start: dt.date) -> None:
    from reportlab.graphics.shapes import String

    d.add(
        String(
            cx,
            y,
            f"{start.day} {start:%b}",
            fontName=fonts.regular,
            fontSize=7,
            fillColor=color(MUTED),
            textAnchor="middle",
        )
    )


def _legend(d: Drawing, fonts: FontSet, width: float, height: float) -> None:
    """Legend, top right, laid out from the right edge leftwards."""
    from reportlab.graphics.shapes import Rect, String
    from reportlab.pdfbase.pdfmetrics import stringWidth

    x = width - 4
    items = [
        (OFF_BALANCE_MARK + " outside target band", None),
        ("Manager", MANAGER_FILL),
        ("Leader", LEADER),
    ]
    for text, fill in items:
        w = stringWidth(text, fonts.regular, 7.5)
        x -= w
        d.add(
            String(
                x,
                height - 12,
                text,
                fontName=fonts.regular,
                fontSize=7.5,
                fillColor=color(WARN if fill is None else MUTED),
            )
        )
        if fill is not None:
            x -= 12
            stroke = color(MANAGER) if fill == MANAGER_FILL else None
            d.add(Rect(x, height - 13, 8, 8, fillColor=color(fill), strokeColor=stroke))
        x -= 14
