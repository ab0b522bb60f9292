"""The main window's views and periods: month, week or agenda, which period, and going there.
The agenda is made the first time it is asked for: it is about half of building the window and
the first paint shows the month or the week."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QStackedWidget, QWidget

from lmplanner.core.balance import Period
from lmplanner.ui.views.calendar.month_view import MonthView
from lmplanner.ui.views.calendar.week_view import WeekView

if TYPE_CHECKING:
    from lmplanner.core.balance import Flag
    from lmplanner.core.changes import ChangeSet
    from lmplanner.ui.session import PlanSession
    from lmplanner.ui.views.agenda import AgendaView
    from lmplanner.ui.views.calendar.base import CalendarView
    from lmplanner.ui.window.actions import WindowActions

    PlanView = CalendarView | AgendaView

MONTH, WEEK, AGENDA = "month", "week", "agenda"


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


def follow_in_tab_order(previous: QWidget, made: QWidget) -> None:
    """Put the controls of `made` right after `previous` in the window's Tab order: a widget
    made late would otherwise come after every control of the window. (Qt orders only widgets
    that take focus, so `previous` must be one.)"""
    widget: QWidget | None = made.nextInFocusChain()
    controls: list[QWidget] = []
    while widget is not None and made.isAncestorOf(widget):
        controls.append(widget)
        widget = widget.nextInFocusChain()
    for control in controls:
        if control.focusPolicy() != Qt.FocusPolicy.NoFocus:
            QWidget.setTabOrder(previous, control)
            previous = control


class PlanViews(Mapping[str, "PlanView"]):
    """The views by mode. Asking for the agenda makes it (`make_agenda`); `made()` are the ones
    there so far, for what applies to every view without needing the agenda to exist."""

    def __init__(
        self, month: MonthView, week: WeekView, make_agenda: Callable[[], AgendaView]
    ) -> None:
        self.month, self.week = month, week
        self._make_agenda = make_agenda
        self.agenda: AgendaView | None = None

    def __getitem__(self, mode: str) -> PlanView:
        if mode == MONTH:
            return self.month
        if mode == WEEK:
            return self.week
        if mode != AGENDA:
            raise KeyError(mode)
        if self.agenda is None:
            self.agenda = self._make_agenda()
        return self.agenda

    def __iter__(self) -> Iterator[str]:
        return iter((MONTH, WEEK, AGENDA))

    def __len__(self) -> int:
        return 3

    def __contains__(self, mode: object) -> bool:
        return mode in (MONTH, WEEK, AGENDA)  # without making the agenda

    def calendars(self) -> tuple[CalendarView, CalendarView]:
        return self.month, self.week

    def made(self) -> list[PlanView]:
        return [self.month, self.week, *([self.agenda] if self.agenda is not None else [])]


class ViewSwitcher(QObject):
    """The month, week and agenda views in one stack: which one shows, its period, and moving
    through periods. What the window does around a switch (refresh, leave the welcome panel)
    comes in as callables, so the views never reach for the window. What every view shows of the
    plan (first day of the week, channel and pillar colours) is kept here too, for the agenda
    made later; `viewMade` says when it is."""

    viewMade = Signal(object)  # the agenda, just made: the window connects it

    def __init__(
        self,
        parent: QWidget,
        session: PlanSession,
        commands: WindowActions,
        today: dt.date,
        *,
        refresh: Callable[[], None],
        welcome_visible: Callable[[], bool],
        close_welcome: Callable[[], None],
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.commands = commands
        self.today = today
        self.refresh = refresh
        self.welcome_visible = welcome_visible
        self.close_welcome = close_welcome
        self._parent = parent
        self._first_weekday = 0
        self._channel_colors: Mapping[str, str] = {}
        self._pillar_colors: Mapping[str, str] = {}
        self.views = PlanViews(MonthView(parent), WeekView(parent), self._make_agenda)
        self.view_stack = QStackedWidget(parent)
        self.view_stack.setObjectName("viewStack")
        for view in self.views.made():
            self._add(view, today)
        self.period_label = QLabel(parent)
        self.period_label.setObjectName("periodLabel")
        font = self.period_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.period_label.setFont(font)
        self.period_label.setContentsMargins(12, 0, 12, 0)
        self.period_label.setMinimumWidth(220)

    def _add(self, view: PlanView, day: dt.date) -> None:
        view.set_today(self.today)
        view.set_period(day)
        view.set_selected_date(day)
        self.view_stack.addWidget(view)
        view.selectedDateChanged.connect(
            lambda day, source=view: self._on_selected_date_changed(source, day)
        )

    def _make_agenda(self) -> AgendaView:
        from lmplanner.ui.views.agenda import AgendaView

        agenda = AgendaView(self._parent)
        agenda.set_first_weekday(self._first_weekday)
        agenda.set_channel_colors(self._channel_colors)
        agenda.set_pillar_colors(self._pillar_colors)
        self.views.agenda = agenda  # before the signal: its slots may ask for it
        self._add(agenda, self.current_view().selected_date())
        follow_in_tab_order(self.views.week, agenda)
        self.viewMade.emit(agenda)
        return agenda

    @property
    def agenda(self) -> AgendaView:
        """The agenda view, made now if it is not there yet."""
        return self.views[AGENDA]  # type: ignore[return-value]

    def set_first_weekday(self, weekday: int) -> None:
        self._first_weekday = weekday
        for view in self.views.made():
            view.set_first_weekday(weekday)

    def set_channel_colors(self, colors: Mapping[str, str]) -> None:
        self._channel_colors = dict(colors)
        for view in self.views.made():
            view.set_channel_colors(colors)

    def set_pillar_colors(self, colors: Mapping[str, str]) -> None:
        self._pillar_colors = dict(colors)
        for view in self.views.made():
            view.set_pillar_colors(colors)

    def view_mode(self) -> str:
        current = self.view_stack.currentWidget()
        if current is not None and current is self.views.agenda:
            return AGENDA
        return WEEK if current is self.views.week else MONTH

    def current_view(self) -> PlanView:
        return self.views[self.view_mode()]

    def set_view_mode(self, mode: str, *, refresh: bool = True) -> None:
        previous = self.current_view()
        view = self.views[mode]
        day = previous.selected_date()
        view.set_period(day)
        view.set_selected_date(day)
        self.view_stack.setCurrentWidget(view)
        a = self.commands
        {MONTH: a.month_view, WEEK: a.week_view, AGENDA: a.agenda_view}[mode].setChecked(True)
        if self.welcome_visible() and refresh:
            self.close_welcome()
        if refresh:
            self.refresh()
            view.setFocus()

    def current_period(self) -> Period:
        return Period(*self.current_view().period_range())

    def go_to(self, day: dt.date) -> None:
        view = self.current_view()
        view.set_period(day)
        view.set_selected_date(day)
        self.refresh()

    def go_today(self) -> None:
        self.go_to(self.today)

    def step_period(self, steps: int) -> None:
        day = self.current_view().selected_date()
        if self.view_mode() == WEEK:
            self.go_to(day + dt.timedelta(days=7 * steps))
        else:
            self.go_to(_add_months(day, steps))

    def _on_selected_date_changed(self, source: PlanView, day: dt.date) -> None:
        view = self.current_view()
        if source is not view:
            return
        start, end = view.period_range()
        if not start <= day <= end:
            view.set_period(day)
            self.refresh()

    def show_period_label(self) -> None:
        self.period_label.setText(self.current_period().label())
        self.period_label.setAccessibleName(
            tr("Showing {period}").format(period=self.period_label.text())
        )

    def follow(self, changes: ChangeSet, *, replayed: bool = False) -> bool:
        """When what changed is outside the period shown (an undone move, say), go there (and
        refresh): True when it went. For an undo or redo (`replayed`) a post that went away
        counts as much as one that came, so both show where it was (a restored day's post gone,
        then back); a fresh delete or move to the backlog leaves the window where it is."""
        days = changed_days(changes, gone_too=replayed)
        if not days:
            return False
        start, end = self.current_view().period_range()
        if any(start <= day <= end for day in days):
            return False
        self.go_to(min(days))
        return True

    def show_flag(self, flag: Flag) -> None:
        """A flag from the meter: show its days, and select its posts."""
        view = self.current_view()
        if flag.post_ids:
            view.select_posts(list(flag.post_ids))
        view.select_dates(list(flag.dates))

    def find_posts(self) -> None:
        """Ctrl+F: the agenda's search box."""
        if self.session.document is None:
            return
        if self.view_mode() != AGENDA:
            self.set_view_mode(AGENDA)
        if self.welcome_visible():
            self.close_welcome()
        self.agenda.focus_search()


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def changed_days(changes: ChangeSet, *, gone_too: bool = False) -> list[dt.date]:
    """The days of the posts a change set shows or moves, and with `gone_too` of those it takes
    away (the trash and the backlog are not days on the calendar)."""
    days: list[dt.date] = []
    for change in changes.changes:
        if change.table != "post":
            continue
        rows = (change.after, change.before) if gone_too else (change.after,)
        for row in rows:
            if row and row.get("deleted_at") is None and row.get("date"):
                days.append(row["date"])
                break  # where it is now; where it was only when it is gone
    return days
