"""The welcome panel's place in the window: shown over the calendar for a new, empty plan until the
person chooses the sample month or an empty plan (remembered per plan), or makes a post."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QStackedWidget, QWidget

from lmplanner.ui import state

if TYPE_CHECKING:
    from lmplanner.ui.document import PlanDocument
    from lmplanner.ui.window.welcome import WelcomePanel

#: Plans whose welcome was answered, newest first (a plan's uuid each).
KEPT_ANSWERS = 50


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class FirstRun:
    """When the welcome shows and what its choices do. `document()` is the open plan's (or
    None); `show_calendar()` gives the calendar the focus once the welcome is gone."""

    def __init__(
        self,
        panel: WelcomePanel,
        pages: QStackedWidget,
        calendar: QWidget,
        settings: QSettings,
        *,
        document: Callable[[], PlanDocument | None],
        show_calendar: Callable[[], None],
        go_today: Callable[[], None],
        today: dt.date,
    ) -> None:
        self.panel, self.pages, self.calendar = panel, pages, calendar
        self.settings = settings
        self.document, self.show_calendar, self.go_today = document, show_calendar, go_today
        self.today = today

    def answered(self) -> list[str]:
        return state.string_list(self.settings, state.WELCOME_DONE)

    def maybe_show(self) -> None:
        """The welcome for an empty, writable plan whose welcome was never answered."""
        document = self.document()
        assert document is not None
        service = document.service
        show = (
            service.count_posts() == 0
            and service.backlog_count() == 0
            and not document.readonly
            and document.plan.uuid not in self.answered()
        )
        self.pages.setCurrentWidget(self.panel if show else self.calendar)
        if show:
            self.panel.set_plan_name(service.settings().name)
            self.panel.focus_default()

    def visible(self) -> bool:
        return self.pages.currentWidget() is self.panel

    def close(self) -> None:
        """The welcome answered: the plan takes the name typed there, and the calendar shows."""
        document = self.document()
        if document is not None:
            service = document.service
            name = self.panel.plan_name()
            if name and name != service.settings().name:
                document.perform(tr("Name the plan"), lambda: service.update_settings(name=name))
            uuid = document.plan.uuid
            kept = [uuid, *(u for u in self.answered() if u != uuid)][:KEPT_ANSWERS]
            self.settings.setValue(state.WELCOME_DONE, kept)
        self.pages.setCurrentWidget(self.calendar)
        self.show_calendar()

    def start_with_sample(self) -> None:
        """The sample month on the current month, as one undo step."""
        document = self.document()
        if document is None:
            return
        from lmplanner.core.demo import create_demo

        service, today = document.service, self.today
        self.close()
        self.go_today()
        document.perform(
            tr("Add the sample month"), lambda: create_demo(service, today.year, today.month)
        )
