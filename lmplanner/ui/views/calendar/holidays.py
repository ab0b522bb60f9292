"""Public holidays on the calendar: the plan's country's (and region's), named in the day's
corner and in its tooltip. The window gives the views a source; they ask it for what they show."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter

from lmplanner.core.domain import PlanSettings

HolidaySource = Callable[[dt.date, dt.date], Sequence[Any]]  # items with .date and .name


def holiday_source(settings: PlanSettings) -> HolidaySource | None:
    """Where a plan's holidays come from; None when it names no country."""
    if not settings.country:
        return None
    from lmplanner.core.public_holidays import holidays_between

    return partial(holidays_between, settings.country, settings.region)


class HolidayMixin:
    """For CalendarView: `set_holiday_source`, `holiday_name(day)`, `paint_holiday`."""

    _holiday_source: HolidaySource | None = None
    _holiday_names: Mapping[dt.date, str] = {}
    _holiday_range: tuple[dt.date, dt.date] | None = None

    def visible_range(self) -> tuple[dt.date, dt.date]:
        raise NotImplementedError

    def set_holiday_source(self, source: HolidaySource | None) -> None:
        self._holiday_source = source
        self._holiday_range = None
        self._holiday_names = {}
        update = getattr(self, "update", None)
        if callable(update):
            update()

    def holiday_name(self, day: dt.date) -> str:
        """The public holiday on `day` ('' for none), for the days the view shows."""
        if self._holiday_source is None:
            return ""
        shown = self.visible_range()
        if shown != self._holiday_range:
            self._holiday_range = shown
            found = self._holiday_source(*shown)
            names: dict[dt.date, str] = {}
            for holiday in found:
                names[holiday.date] = (
                    f"{names[holiday.date]}; {holiday.name}"
                    if holiday.date in names
                    else holiday.name
                )
            self._holiday_names = names
        return self._holiday_names.get(day, "")

    @staticmethod
    def paint_holiday(
        p: QPainter, name: str, box: QRectF, font: QFont, color: QColor, *, centred: bool = False
    ) -> None:
        """The holiday's name in `box`, right-aligned (or centred) and elided to fit."""
        italic = QFont(font)
        italic.setItalic(True)
        metrics = QFontMetricsF(italic)
        text = metrics.elidedText(name, Qt.TextElideMode.ElideRight, max(0.0, box.width()))
        p.save()
        p.setFont(italic)
        p.setPen(color)
        across = Qt.AlignmentFlag.AlignHCenter if centred else Qt.AlignmentFlag.AlignRight
        p.drawText(box, Qt.AlignmentFlag.AlignVCenter | across, text)
        p.restore()
