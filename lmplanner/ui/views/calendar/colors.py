"""The colours the month and week views paint with, worked out from the palette once per paint."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette

from lmplanner.ui import theme


@dataclass(frozen=True, slots=True)
class CalendarColors:
    """Every colour a calendar view needs, from one palette, so light and dark themes both work.

    The two views share most of them. Where a view paints a larger area, it has its own, fainter
    mix (`selected_column` fills a whole week column, `selected_day` one month cell).
    """

    base: QColor
    text: QColor
    highlight: QColor
    highlighted_text: QColor
    quiet: QColor  # weekends and days outside the period
    quiet_text: QColor  # outside-period day numbers, weekend names, hour labels
    grid: QColor  # hairlines
    faint_grid: QColor  # the week's half-hour lines
    soft_text: QColor  # the month's weekday names and every "+N more"
    softer_text: QColor  # the week's weekday names, beside the larger day number
    header_band: QColor  # behind the month's weekday names
    selected_day: QColor  # the month's selected cell
    selected_column: QColor  # the week's selected column
    flagged: QColor  # days a balance flag is about

    @classmethod
    def from_palette(cls, palette: QPalette) -> CalendarColors:
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        dark = theme.is_dark(palette)
        grid = theme.grid_color(palette)
        return cls(
            base=base,
            text=text,
            highlight=highlight,
            highlighted_text=palette.color(QPalette.ColorRole.HighlightedText),
            quiet=theme.quiet_color(palette),
            quiet_text=theme.quiet_text_color(palette),
            grid=grid,
            faint_grid=theme.mix(base, grid, 0.45),
            soft_text=theme.mix(text, base, 0.3),
            softer_text=theme.mix(text, base, 0.35),
            header_band=theme.mix(base, text, 0.02),
            selected_day=theme.mix(base, highlight, 0.16 if dark else 0.09),
            selected_column=theme.mix(base, highlight, 0.14 if dark else 0.07),
            flagged=theme.mix(base, highlight, 0.26 if dark else 0.16),
        )
