"""Charts drawn with reportlab.graphics: the balance meter and the weekly stacked bars."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

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


def percent(share: float | None) -> str:
    return "—" if share is None else f"{round(share * 100)} %"


def off_balance(row: Breakdown, settings: BalanceSettings) -> str:
    """ "below" or "above" for a row with enough posts outside the target band, else ""."""
    if row.leader_share is None or row.total < settings.min_posts:
        return ""
    if row.leader_share < settings.band_low:
        return "below"
    if row.leader_share > settings.band_high:
        return "above"
    return ""


def meter(report: BalanceReport, fonts: FontSet, width: float) -> Drawing:
    """Leader share as a bar (dark: leader, light: manager) under a bracket for the target band."""
    from reportlab.graphics.shapes import Line, Polygon, Rect, String
    from reportlab.pdfbase.pdfmetrics import stringWidth

    s = report.settings
    height = 84.0
    d = drawing(width, height, fonts)
    bar_y, bar_h = 30.0, 18.0
    share = report.leader_share

    if share is None:
        d.add(Rect(0, bar_y, width, bar_h, fillColor=color(PANEL), strokeColor=color(RULE)))
        d.add(
            String(
                width / 2,
                bar_y + 5.5,
                "No posts in this period",
                fontName=fonts.regular,
                fontSize=8.5,
                fillColor=color(MUTED),
                textAnchor="middle",
            )
        )
    else:
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
        # The share: a pointer under the bar and its value.
        x = lead_w
        d.add(Line(x, bar_y - 1, x, bar_y + bar_h + 1, strokeColor=color(INK), strokeWidth=1.2))
        d.add(
            Polygon(
                [x - 4.5, bar_y - 8, x + 4.5, bar_y - 8, x, bar_y - 1.5],
                fillColor=color(INK),
                strokeColor=None,
            )
        )
        label = f"Leader share {percent(share)}"
        label_w = stringWidth(label, fonts.bold, 9)
        lx = min(max(x - label_w / 2, 0), width - label_w)
        d.add(String(lx, bar_y - 21, label, fontName=fonts.bold, fontSize=9, fillColor=color(INK)))

    # The target band: a bracket above the bar.
    low, high = s.band_low * width, s.band_high * width
    top = bar_y + bar_h + 12
    grey = color(MUTED)
    d.add(Line(low, top, high, top, strokeColor=grey, strokeWidth=1))
    d.add(Line(low, top, low, bar_y + bar_h + 3, strokeColor=grey, strokeWidth=1))
    d.add(Line(high, top, high, bar_y + bar_h + 3, strokeColor=grey, strokeWidth=1))
    band = f"Target band {round(s.band_low * 100)}–{round(s.band_high * 100)} %"
    band_w = stringWidth(band, fonts.regular, 8.5)
    bx = min(max((low + high) / 2 - band_w / 2, 0), width - band_w)
    d.add(String(bx, top + 5, band, fontName=fonts.regular, fontSize=8.5, fillColor=grey))
    for value, anchor in ((0, "start"), (width, "end")):
        text = "0 %" if value == 0 else "100 %"
        d.add(
            String(
                value,
                bar_y - 21,
                text,
                fontName=fonts.regular,
                fontSize=7.5,
                fillColor=color(FAINT),
                textAnchor=anchor,
            )
        )
    if share is not None:
        # Keep the end labels clear of the share label.
        label_w = stringWidth(f"Leader share {percent(share)}", fonts.bold, 9)
        lx = min(max(width * share - label_w / 2, 0), width - label_w)
        if lx < 28 or lx + label_w > width - 34:
            d.contents = [
                item
                for item in d.contents
                if not (isinstance(item, String) and item.text in ("0 %", "100 %"))
            ]
    return d


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


def week_chart(
    rows: Sequence[Breakdown], settings: BalanceSettings, fonts: FontSet, width: float
) -> Drawing:
    """Leader (dark, bottom) and manager (light, top) posts per week, totals above the bars."""
    from reportlab.graphics.shapes import Line, Rect, String
    from reportlab.pdfbase.pdfmetrics import stringWidth

    height = 196.0
    left, bottom, top_pad = 30.0, 30.0, 38.0
    plot_w, plot_h = width - left - 4, height - bottom - top_pad
    d = drawing(width, height, fonts)
    biggest = max((row.total for row in rows), default=0)
    axis_max, step = _nice_ceiling(biggest)

    # Grid and y axis labels.
    for tick in range(0, axis_max + 1, step):
        y = bottom + plot_h * tick / axis_max
        d.add(
            Line(
                left,
                y,
                left + plot_w,
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

    count = max(len(rows), 1)
    slot = plot_w / count
    bar_w = min(34.0, slot * 0.62)
    label_every = max(1, math.ceil(count / 13))
    for i, row in enumerate(rows):
        x = left + slot * i + (slot - bar_w) / 2
        lead_h = plot_h * row.leader / axis_max
        man_h = plot_h * row.manager / axis_max
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
        cx = x + bar_w / 2
        top_y = bottom + lead_h + man_h + 3
        total_w = 0.0
        if row.total and count <= 26:
            label = str(row.total)
            total_w = stringWidth(label, fonts.bold, 7.5)
            d.add(
                String(
                    cx,
                    top_y,
                    label,
                    fontName=fonts.bold,
                    fontSize=7.5,
                    fillColor=color(INK),
                    textAnchor="middle",
                )
            )
        if off_balance(row, settings):
            # The marker sits beside the total, so it never runs into the legend.
            d.add(
                String(
                    cx - total_w / 2 - 2 if total_w else cx,
                    top_y,
                    OFF_BALANCE_MARK,
                    fontName=fonts.regular,
                    fontSize=7,
                    fillColor=color(WARN),
                    textAnchor="end" if total_w else "middle",
                )
            )
        if i % label_every == 0 and row.start is not None:
            start = row.start
            d.add(
                String(
                    cx,
                    bottom - 12,
                    f"{start.day} {start:%b}",
                    fontName=fonts.regular,
                    fontSize=7,
                    fillColor=color(MUTED),
                    textAnchor="middle",
                )
            )
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

    # Legend, top right.
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
    return d
