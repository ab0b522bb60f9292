"""The calendar view tests' fixture: a shown MonthView or WeekView holding posts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from calendar_support import NOV, SIZE, ViewType
from pytestqt.qtbot import QtBot

from lmplanner.core.domain import DEFAULT_CHANNELS, PostRecord
from lmplanner.ui.views.calendar import MonthView, WeekView


@pytest.fixture
def make_view(qtbot: QtBot) -> Callable[..., MonthView | WeekView]:
    def make(
        kind: ViewType = MonthView,
        posts: list[PostRecord] | None = None,
        *,
        anchor: dt.date = NOV,
        first_weekday: int = 0,
        selected: dt.date | None = None,
    ) -> MonthView | WeekView:
        view = kind()
        qtbot.addWidget(view)
        view.resize(*SIZE)
        view.set_today(dt.date(2025, 11, 18))
        view.set_first_weekday(first_weekday)
        view.set_period(anchor)
        view.set_selected_date(selected or anchor)
        view.set_channel_colors(dict(DEFAULT_CHANNELS))
        view.set_posts(posts or [])
        with qtbot.waitExposed(view):
            view.show()
        return view

    return make
