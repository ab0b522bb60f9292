"""The month and week views at the ends of the supported range: navigation stops, never crashes.

December 9999 made the month view crash the whole process (SIGSEGV while painting), so that
case runs in a child process: a crash fails the test instead of killing pytest.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable

import pytest
from calendar_support import post
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from lmplanner.core.domain import DATE_MAX, DATE_MIN
from lmplanner.ui.views.calendar import MonthView, WeekView

MakeView = Callable[..., MonthView | WeekView]
VIEWS = [MonthView, WeekView]
WEEKDAYS = [0, 6]

CRASH_SCRIPT = textwrap.dedent(
    """
    import datetime as dt
    from PySide6.QtWidgets import QApplication
    from lmplanner.ui.views.calendar import MonthView, WeekView

    app = QApplication([])
    for kind in (MonthView, WeekView):
        for first_weekday in (0, 6):
            for day in (dt.date(9999, 12, 9), dt.date(9999, 12, 31), dt.date(1, 1, 1)):
                view = kind()
                view.resize(1100, 750)
                view.set_first_weekday(first_weekday)
                view.set_period(day)
                view.set_selected_date(day)
                view.show()
                view.grab()
                view.close()
    print("painted")
    """
)


def test_december_9999_does_not_crash_the_process() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", CRASH_SCRIPT],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, (result.returncode, result.stderr[-2000:])
    assert result.stdout.strip() == "painted"


@pytest.mark.parametrize("first_weekday", WEEKDAYS)
@pytest.mark.parametrize("kind", VIEWS)
@pytest.mark.parametrize(
    ("far", "end"), [(dt.date(9999, 12, 31), DATE_MAX), (dt.date(1, 1, 1), DATE_MIN)]
)
def test_periods_stop_at_the_ends(
    make_view: MakeView,
    kind: type[MonthView | WeekView],
    first_weekday: int,
    far: dt.date,
    end: dt.date,
) -> None:
    view = make_view(
        kind, [post(1, end), post(2, end, None)], anchor=end, first_weekday=first_weekday
    )
    view.set_period(far)
    view.set_selected_date(far)
    start, last = view.period_range()
    assert start <= end <= last
    assert view.selected_date() == end
    days = view.visible_days()
    assert days[0].weekday() == first_weekday and end in days
    assert {p.id for p in view.posts_on(end)} == {1, 2}
    view.grab()


@pytest.mark.parametrize("first_weekday", WEEKDAYS)
@pytest.mark.parametrize("kind", VIEWS)
def test_arrow_keys_stop_at_the_ends(
    qtbot: QtBot, make_view: MakeView, kind: type[MonthView | WeekView], first_weekday: int
) -> None:
    for end, arrows in (
        (DATE_MAX, (Qt.Key.Key_Right, Qt.Key.Key_Down)),
        (DATE_MIN, (Qt.Key.Key_Left, Qt.Key.Key_Up)),
    ):
        view = make_view(kind, anchor=end, first_weekday=first_weekday)
        view.setFocus()
        for arrow in arrows:
            for _ in range(3):
                qtbot.keyClick(view, arrow)
                assert view.selected_date() == end
        start, last = view.period_range()
        assert start <= end <= last


def test_the_agenda_stops_at_the_ends(qtbot: QtBot) -> None:
    from lmplanner.ui.views.agenda import AgendaView

    agenda = AgendaView()
    qtbot.addWidget(agenda)
    agenda.set_period(dt.date(9999, 12, 31))
    assert agenda.period_range() == (dt.date(2999, 12, 1), DATE_MAX)
    agenda.set_period(dt.date(1, 1, 1))
    assert agenda.period_range() == (DATE_MIN, dt.date(1900, 1, 31))
