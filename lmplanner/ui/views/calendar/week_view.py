"""The week calendar: seven day columns over an hour grid, with an "All day" strip on top.

Posts have a time but no duration, so a chip's top sits at its time and chips of one day stack
in time order without overlapping (pushed down, then pulled back up at the bottom). The hour
range is 06:00–22:00, widened to take in any earlier or later post, and always fits the widget's
height, so nothing scrolls. Dropping on the grid sets the time (rounded to 15 minutes); dropping
on the header or the "All day" strip keeps each post's time.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from lmplanner.core.domain import PostRecord
from lmplanner.core.keep import KEEP
from lmplanner.ui.views.calendar.base import (
    CalendarView,
    ChipSlot,
    MoreSlot,
    as_pointf,
    override,
    qdate,
)
from lmplanner.ui.views.calendar.colors import CalendarColors
from lmplanner.ui.views.post_text import format_time

if TYPE_CHECKING:
    from lmplanner.ui.views.calendar.base import DropTime

COLUMNS = 7
DEFAULT_HOURS = (6, 22)
SNAP_MINUTES = 15
CHIP_GAP = 2.0
COLUMN_MARGIN = 3.0
GRID_PAD = 10.0  # room above the first and below the last hour line for their labels
MAX_ALL_DAY_ROWS = 3
SIDE_BY_SIDE = 3  # posts at one time shown side by side; more stack as rows
SIDE_MIN_WIDTH = 40.0  # a chip narrower than this shows no title at all


def week_start(anchor: dt.date, first_weekday: int) -> dt.date:
    return anchor - dt.timedelta(days=(anchor.weekday() - first_weekday) % 7)


def stack(desired: Sequence[float], height: float, top: float, bottom: float) -> list[float] | None:
    """Tops for chips wanted at `desired` (sorted) that neither overlap nor leave [top, bottom];
    None when they cannot all fit."""
    ys: list[float] = []
    for want in desired:
        floor = ys[-1] + height + CHIP_GAP if ys else top
        ys.append(max(want, floor))
    limit = bottom - height
    for i in range(len(ys) - 1, -1, -1):
        ys[i] = min(ys[i], limit)
        limit = ys[i] - height - CHIP_GAP
    if ys and ys[0] < top - 0.5:
        return None
    return ys


def side_by_side(posts: Sequence[PostRecord], width: float) -> list[list[PostRecord]]:
    """The rows of a day's timed chips (`posts` in time order): posts at the same time share
    a row while each keeps SIDE_MIN_WIDTH; more of them than fit fill rows of as many as fit
    (the first on the time's own row), never one a row, which would read as later hours."""
    fit = max(1, min(SIDE_BY_SIDE, int((width + CHIP_GAP) // (SIDE_MIN_WIDTH + CHIP_GAP))))
    rows: list[list[PostRecord]] = []
    for _time, group in itertools.groupby(posts, key=lambda p: p.time):
        same = list(group)
        rows.extend(same[i : i + fit] for i in range(0, len(same), fit))
    return rows


class WeekView(CalendarView):
    """Seven columns of the week, posts in time order as tall chips."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._hours = DEFAULT_HOURS
        self._all_day_rows = 1
        self.setAccessibleName(self.tr("Week calendar"))
        self._update_accessible()

    # ------------------------------------------------------------------ periods

    @override
    def _period_of(self, anchor: dt.date) -> tuple[dt.date, dt.date]:
        start = week_start(anchor, self._first_weekday)
        return start, start + dt.timedelta(days=COLUMNS - 1)

    @override
    def _move_into_period(self, day: dt.date, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=(day.weekday() - start.weekday()) % 7)

    @override
    def _period_label(self) -> str:
        start, end = self.period_range()
        locale = self.locale()
        return self.tr("Week of {start} to {end}").format(
            start=locale.toString(qdate(start), "d MMMM"),
            end=locale.toString(qdate(end), "d MMMM yyyy"),
        )

    def visible_days(self) -> list[dt.date]:
        start, _ = self.period_range()
        return [start + dt.timedelta(days=i) for i in range(COLUMNS)]

    def hour_range(self) -> tuple[int, int]:
        """First and last hour lines of the grid (06–22 unless posts lie outside)."""
        self._ensure_layout()
        return self._hours

    # ------------------------------------------------------------------ geometry

    def _axis_width(self) -> float:
        return round(self._fonts.small_metrics.horizontalAdvance("00:00") + 16)

    def _header_height(self) -> float:
        # A plan with a country gets a line under each day for its public holiday.
        holidays = self._fonts.small_metrics.height() if self._holiday_source is not None else 0
        return round(self._fonts.title_metrics.height() * 1.4 + 16 + holidays)

    def _all_day_height(self) -> float:
        rows = self._all_day_rows
        return round(rows * (self._fonts.line_height + CHIP_GAP) + 2 * COLUMN_MARGIN + 1)

    def _edges(self) -> list[float]:
        axis = self._axis_width()
        width = self.width() - axis
        return [float(round(axis + i * width / COLUMNS)) for i in range(COLUMNS + 1)]

    def _grid_top(self) -> float:
        return self._header_height() + self._all_day_height()

    def _hours_area(self) -> tuple[float, float]:
        """Top and bottom y of the hour lines (first and last)."""
        return self._grid_top() + GRID_PAD, self.height() - GRID_PAD

    def _hour_height(self) -> float:
        top, bottom = self._hours_area()
        first, last = self._hours
        return max(1.0, (bottom - top) / max(1, last - first))

    def y_for_time(self, value: dt.time) -> float:
        """Where a time sits on the grid (clamped to the hour range)."""
        self._ensure_layout()
        top, bottom = self._hours_area()
        first, _ = self._hours
        minutes = value.hour * 60 + value.minute - first * 60
        return min(bottom, max(top, top + minutes / 60 * self._hour_height()))

    def time_at_y(self, y: float) -> dt.time:
        """The time a drop at `y` sets: nearest quarter hour, within the grid's range."""
        self._ensure_layout()
        top, _ = self._hours_area()
        first, last = self._hours
        minutes = first * 60 + (y - top) / self._hour_height() * 60
        snapped = round(minutes / SNAP_MINUTES) * SNAP_MINUTES
        snapped = min(max(snapped, first * 60), min(last * 60, 24 * 60) - SNAP_MINUTES)
        return dt.time(snapped // 60, snapped % 60)

    def column_rect(self, day: dt.date) -> QRectF | None:
        start, end = self.period_range()
        if not start <= day <= end:
            return None
        xs = self._edges()
        col = (day - start).days
        return QRectF(xs[col], 0, xs[col + 1] - xs[col], self.height())

    @override
    def _drop_hint_region(self, day: dt.date) -> list[QRectF]:
        column = self.column_rect(day)
        axis = QRectF(0, 0, self._axis_width(), self.height())  # the time bubble
        return [axis, column] if column is not None else [axis]

    @override
    def day_at(self, pos: QPoint | QPointF) -> dt.date | None:
        point = as_pointf(pos)
        xs = self._edges()
        if not (xs[0] <= point.x() < xs[-1] and 0 <= point.y() < self.height()):
            return None
        col = min(COLUMNS - 1, bisect.bisect_right(xs, point.x()) - 1)
        return self.period_range()[0] + dt.timedelta(days=col)

    @override
    def drop_target_at(self, pos: QPoint | QPointF) -> tuple[dt.date, DropTime] | None:
        self._ensure_layout()
        day = self.day_at(pos)
        if day is None:
            return None
        y = as_pointf(pos).y()
        if y < self._grid_top():
            return day, KEEP
        return day, self.time_at_y(y)

    # ------------------------------------------------------------------ layout

    @override
    def _layout(self) -> None:
        days = self.visible_days()
        untimed: dict[dt.date, list[PostRecord]] = {}
        timed: dict[dt.date, list[PostRecord]] = {}
        for day in days:
            for post in self._by_day.get(day, ()):
                (timed if post.time is not None else untimed).setdefault(day, []).append(post)
        hours = [p.time.hour for posts in timed.values() for p in posts if p.time is not None]
        first = min([DEFAULT_HOURS[0], *hours])
        last = min(24, max([DEFAULT_HOURS[1], *(h + 1 for h in hours)]))
        self._hours = (first, last)
        busiest = max((len(v) for v in untimed.values()), default=0)
        self._all_day_rows = max(1, min(MAX_ALL_DAY_ROWS, busiest))

        xs = self._edges()
        fonts = self._fonts
        line_h = fonts.line_height
        strip_top = self._header_height() + COLUMN_MARGIN
        for col, day in enumerate(days):
            left = xs[col] + COLUMN_MARGIN
            width = xs[col + 1] - xs[col] - 2 * COLUMN_MARGIN
            posts = untimed.get(day, [])
            shown = posts if len(posts) <= self._all_day_rows else posts[: self._all_day_rows - 1]
            for i, post in enumerate(shown):
                rect = QRectF(left, strip_top + i * (line_h + CHIP_GAP), width, line_h)
                self._slots.append(ChipSlot(rect, post, day))
            if len(shown) < len(posts):
                y = strip_top + len(shown) * (line_h + CHIP_GAP)
                rect = QRectF(left, y, width, line_h)
                self._more.append(MoreSlot(rect, day, tuple(posts[len(shown) :])))

        top = self._grid_top() + 1
        bottom = self.height() - 2.0
        for col, day in enumerate(days):
            posts = timed.get(day, [])
            if posts:
                left = xs[col] + COLUMN_MARGIN
                width = xs[col + 1] - xs[col] - 2 * COLUMN_MARGIN
                self._lay_out_timed(day, posts, QRectF(left, top, width, bottom - top))

    def _lay_out_timed(self, day: dt.date, posts: list[PostRecord], area: QRectF) -> None:
        """A day's timed chips in `area`: posts at one time side by side on their time's
        row (stacked, the second would sit at a later hour and read as that time), the
        rows pushed apart only where they would overlap."""
        fonts = self._fonts
        line_h = fonts.line_height
        more_h = round(fonts.small_metrics.height() + 3)
        top, bottom = area.top(), area.bottom()
        rows = side_by_side(posts, area.width())
        desired = [self.y_for_time(row[0].time) for row in rows if row[0].time is not None]
        tall = fonts.tall_height
        ys = stack(desired, tall, top, bottom)
        if ys is not None:
            height, is_tall = tall, True
        else:
            height, is_tall = line_h, False
            ys = stack(desired, line_h, top, bottom)
        hidden: tuple[PostRecord, ...] = ()
        if ys is None:
            fit = max(0, math.floor((bottom - top - more_h + CHIP_GAP) / (line_h + CHIP_GAP)))
            hidden = tuple(p for row in rows[fit:] for p in row)
            rows = rows[:fit]
            ys = stack(desired[:fit], line_h, top, bottom - more_h - CHIP_GAP) or []
        for row, y in zip(rows, ys, strict=False):
            each = (area.width() - CHIP_GAP * (len(row) - 1)) / len(row)
            for i, post in enumerate(row):
                rect = QRectF(area.left() + i * (each + CHIP_GAP), y, each, height)
                self._slots.append(ChipSlot(rect, post, day, tall=is_tall))
        if hidden:
            rect = QRectF(area.left(), bottom - more_h, area.width(), more_h)
            self._more.append(MoreSlot(rect, day, hidden))

    # ------------------------------------------------------------------ size

    @override
    def sizeHint(self) -> QSize:
        return QSize(1050, 720)

    @override
    def minimumSizeHint(self) -> QSize:
        width = self._axis_width() + COLUMNS * 72
        height = self._header_height() + self._fonts.line_height * 2 + 12 * 16
        return QSize(round(width), round(height))

    # ------------------------------------------------------------------ painting

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        self._ensure_layout()
        colors = CalendarColors.from_palette(self.palette())
        xs = self._edges()
        days = self.visible_days()
        weekend = self._weekend_days()
        header_h = self._header_height()
        grid_top = self._grid_top()
        hours_top, _ = self._hours_area()
        first_hour, last_hour = self._hours
        hour_h = self._hour_height()
        width, height = self.width(), self.height()
        fonts = self._fonts

        with QPainter(self) as p:
            p.fillRect(self.rect(), colors.base)
            for col, day in enumerate(days):
                column = QRectF(xs[col], 0, xs[col + 1] - xs[col], height)
                if day in self._highlighted:
                    p.fillRect(column, colors.flagged)
                elif day == self._selected_date:
                    p.fillRect(column, colors.selected_column)
                elif day.weekday() in weekend:
                    p.fillRect(column, colors.quiet)

            # Hour lines (and fainter half hours when there is room) with their labels.
            p.setFont(fonts.small)
            # On a short widget, label every second or third hour rather than crowd them.
            label_h = fonts.small_metrics.height() + 4
            step = next((n for n in (1, 2, 3, 4, 6) if n * hour_h >= label_h), 6)
            for hour in range(first_hour, last_hour + 1):
                y = round(hours_top + (hour - first_hour) * hour_h)
                p.fillRect(QRectF(xs[0] - 4, y, width - xs[0] + 4, 1), colors.grid)
                if hour_h >= 36 and hour < last_hour:
                    half = QRectF(xs[0], round(y + hour_h / 2), width - xs[0], 1)
                    p.fillRect(half, colors.faint_grid)
                if (hour - first_hour) % step:
                    continue
                p.setPen(colors.quiet_text)
                label = f"{hour % 24:02d}:00"
                p.drawText(
                    QRectF(0, y - 10, xs[0] - 8, 20),
                    Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                    label,
                )

            # Column separators, header and all-day strip rules.
            for x in xs[:-1]:
                p.fillRect(QRectF(x, 0, 1, height), colors.grid)
            p.fillRect(QRectF(0, header_h - 1, width, 1), colors.grid)
            p.fillRect(QRectF(0, grid_top - 1, width, 1), colors.grid)
            p.setPen(colors.quiet_text)
            p.drawText(
                QRectF(0, header_h, xs[0] - 8, fonts.line_height + 2 * COLUMN_MARGIN),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                self.tr("All day"),
            )
            for col, day in enumerate(days):
                box = QRectF(xs[col], 0, xs[col + 1] - xs[col], header_h)
                self._paint_header(p, day, self._header_holiday(p, day, box, colors), colors)

            self._paint_chips(p, QRectF(event.rect()).adjusted(-3, -3, 3, 3), colors)

            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            if self._drop_hint is not None:
                self._paint_drop_hint(p, xs, days, colors)
            if self.hasFocus() and self._selected_date in days:
                col = days.index(self._selected_date)
                pen = QPen(colors.highlight, 1.5)
                p.setPen(pen)
                p.setBrush(Qt.BrushStyle.NoBrush)
                box = QRectF(xs[col], 0, xs[col + 1] - xs[col], header_h)
                p.drawRoundedRect(box.adjusted(3, 3, -2.5, -3), 4, 4)

    def _paint_drop_hint(
        self, p: QPainter, xs: list[float], days: list[dt.date], colors: CalendarColors
    ) -> None:
        assert self._drop_hint is not None
        day, time = self._drop_hint
        if day not in days:
            return
        col = days.index(day)
        column = QRectF(xs[col], 0, xs[col + 1] - xs[col], self.height())
        p.setPen(QPen(colors.highlight, 2.0))
        p.setBrush(Qt.BrushStyle.NoBrush)
        if not isinstance(time, dt.time):
            strip = QRectF(column.left(), 0, column.width(), self._grid_top())
            p.drawRoundedRect(strip.adjusted(2, 2, -1.5, -2), 4, 4)
            return
        y = round(self.y_for_time(time))
        p.drawLine(QPointF(column.left() + 2, y), QPointF(column.right() - 2, y))
        p.setBrush(colors.highlight)
        p.drawEllipse(QPointF(column.left() + 3, y), 3, 3)
        label = format_time(time)
        metrics = self._fonts.small_metrics
        bubble = QRectF(0, y - metrics.height() / 2 - 2, xs[0] - 4, metrics.height() + 4)
        p.setPen(Qt.PenStyle.NoPen)
        p.drawRoundedRect(bubble.adjusted(4, 0, 0, 0), 4, 4)
        p.setPen(colors.highlighted_text)
        p.setFont(self._fonts.small)
        p.drawText(bubble.adjusted(4, 0, 0, 0), Qt.AlignmentFlag.AlignCenter, label)

    def _weekend_days(self) -> set[int]:
        working = {int(d.value) - 1 for d in self.locale().weekdays()}
        return set(range(7)) - working if working else {5, 6}

    def _header_holiday(
        self, p: QPainter, day: dt.date, box: QRectF, colors: CalendarColors
    ) -> QRectF:
        """Paint the day's public holiday under its header; the room left for the day itself."""
        if self._holiday_source is None:
            return box
        line = self._fonts.small_metrics.height()
        band = QRectF(box.left() + 4, box.bottom() - line - 4, box.width() - 8, line)
        holiday = self.holiday_name(day)
        if holiday:
            self.paint_holiday(p, holiday, band, self._fonts.small, colors.soft_text, centred=True)
        return QRectF(box.left(), box.top(), box.width(), box.height() - line)

    def _paint_header(self, p: QPainter, day: dt.date, box: QRectF, colors: CalendarColors) -> None:
        fonts = self._fonts
        weekday_font = QFont(fonts.small)
        weekday_font.setCapitalization(QFont.Capitalization.AllUppercase)
        weekday_font.setWeight(QFont.Weight.DemiBold)
        number_font = QFont(fonts.title)
        number_font.setPointSizeF(max(1.0, fonts.title.pointSizeF() * 1.35))
        number_font.setWeight(QFont.Weight.Medium)
        if day == self._today or day == self._selected_date:
            number_font.setWeight(QFont.Weight.Bold)
        locale = self.locale()
        name = locale.dayName(day.weekday() + 1, locale.FormatType.ShortFormat)
        number = str(day.day)
        name_w = QFontMetricsF(weekday_font).horizontalAdvance(name)
        number_metrics = QFontMetricsF(number_font)
        number_w = number_metrics.horizontalAdvance(number)
        disc = number_metrics.height() + 4
        total = name_w + 6 + max(disc, number_w + 10)
        x = box.center().x() - total / 2
        mid = box.center().y()
        p.setFont(weekday_font)
        p.setPen(colors.softer_text)
        p.drawText(
            QRectF(x, box.top(), name_w + 1, box.height()), Qt.AlignmentFlag.AlignVCenter, name
        )
        x += name_w + 6
        pill = QRectF(x, mid - disc / 2, max(disc, number_w + 10), disc)
        p.setFont(number_font)
        if day == self._today:
            p.save()
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(colors.highlight)
            p.drawRoundedRect(pill, disc / 2, disc / 2)
            p.restore()
            p.setPen(colors.highlighted_text)
        else:
            p.setPen(colors.text)
        p.drawText(pill, Qt.AlignmentFlag.AlignCenter, number)
